"""The gate can fail: leaks planted in the renderer, the theme and the engine are caught.

Each case makes one part of the build leak the way real site generators
have leaked (a template that reaches past the view, an HTML comment with a
git author's e-mail, a hidden chart trace, a private note in the search
index, a draft in the sitemap, a page for a hidden entry). The build must
fail with the audit naming the file and what it found, without printing the
secret, and the previous site must stay exactly as it was.
"""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
from pathlib import Path

import pytest
from jinja2 import ChoiceLoader, DictLoader

from generator import pipeline
from generator.errors import AuditError
from generator.render import PageOut, context
from generator.inputs import load_workspace
from tests.fixtures.sites import site_folders

HIDDEN = "Reconcile production budget against the estimate"  # an internal task of the demo
EMAIL = "tomas@northwind.example"


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def acme_built(demo_copy, tmp_path):
    out = tmp_path / "out"
    pipeline.build(demo_copy, audiences=["acme"], output=out)
    workspace = load_workspace(demo_copy)
    task = next(t for t in workspace.campaigns["spring-launch"].tasks if t.id == "budget-reconciliation")
    assert task.title == HIDDEN and task.visibility == 5  # internal: the premise of every case
    return demo_copy, out, tree(out)


def template_reaching_past_the_view(monkeypatch, tmp_path):
    """overview.html prints a text the view does not hold (as a template given the workspace would)."""
    source = (context.TEMPLATES / "overview.html").read_text(encoding="utf-8")
    leaky = source + "\n<p class=\"debug\">{{ leaked }}</p>\n"
    monkeypatch.setattr(context.ENV, "loader", ChoiceLoader([DictLoader({"overview.html": leaky}), context.ENV.loader]))
    monkeypatch.setitem(context.ENV.globals, "leaked", HIDDEN.upper())
    return "spring-launch/index.html: hidden text"


def theme_with_an_author_comment(monkeypatch, tmp_path):
    """The theme's page template carries an HTML comment with a git author's address."""
    theme = tmp_path / "theme"
    shutil.copytree(pipeline.theme_dir(), theme)
    main = theme / "main.html"
    main.write_text(main.read_text(encoding="utf-8").replace(
        "</body>", f"<!-- last edited by {EMAIL} -->\n</body>"), encoding="utf-8")
    monkeypatch.setattr(pipeline, "theme_dir", lambda: theme)
    return "index.html: an e-mail address"


def hidden_chart_trace(monkeypatch, tmp_path):
    """A chart keeps a hidden trace (visible: false) with a hidden entry's name in its JSON."""
    real = pipeline.render

    def render(view, measures):
        rendered = real(view, measures)
        trace = '{"data":[{"visible":false,"y":["Reconcile production budget against the estimate"]}]}'
        block = f'<script type="application/json" id="chart-data-extra">{trace}</script>'
        rendered.pages = [p if p.path != "spring-launch/index.md" else
                          PageOut(**{**p.__dict__, "body": p.body + block}) for p in rendered.pages]
        return rendered

    monkeypatch.setattr(pipeline, "render", render)
    return "spring-launch/index.html: hidden text"


def private_note_in_the_search_index(monkeypatch, tmp_path):
    """The search index gets a record for an internal note, in its last part of several."""
    from generator.site import search_index

    monkeypatch.setattr(search_index, "PART_CHARS", 2_000)  # the demo's index in many parts
    real = pipeline.write_search

    def write(site_dir, records):
        real(site_dir, records)
        last = sorted((site_dir / "search").glob("part_*.js"))[-1]
        assert last.name != "part_001.js"
        text = last.read_text(encoding="utf-8")
        record = '{"t":"Note","u":"spring-launch/notes.html","x":"Jane is on our side \\u2014 internal"},'
        last.write_text(text.replace("[", "[" + record, 1), encoding="utf-8")

    monkeypatch.setattr(pipeline, "write_search", write)
    return "search/part_0"


def draft_in_the_sitemap(monkeypatch, tmp_path):
    """The sitemap lists a page that was never built (a draft, a hidden entry's receipt)."""
    theme = tmp_path / "theme"
    shutil.copytree(pipeline.theme_dir(), theme)
    sitemap = theme / "sitemap.xml"
    sitemap.write_text(sitemap.read_text(encoding="utf-8").replace(
        "</urlset>", "<url><loc>{{ config.site_url }}spring-launch/drafts/launch-plan.html</loc></url>\n</urlset>"),
        encoding="utf-8")
    monkeypatch.setattr(pipeline, "theme_dir", lambda: theme)
    return "sitemap.xml: an address of a missing page"


def page_for_a_hidden_entry(monkeypatch, tmp_path):
    """A receipt page is written for an approval the audience must not know of."""
    real = pipeline.render

    def render(view, measures):
        rendered = real(view, measures)
        rendered.pages.append(PageOut("spring-launch/approvals/budget-reconciliation.md", "Receipt", "<p>Receipt</p>"))
        return rendered

    monkeypatch.setattr(pipeline, "render", render)
    return "spring-launch/approvals/budget-reconciliation.html: the file name is the id of hidden task"


def redaction_keeping_an_internal_comment(monkeypatch, tmp_path):
    """Redaction itself slips: a decision keeps every comment, internal ones too, so the view holds them.

    The gate decides what may be shown from the workspace and the rules, not
    from the view: a view that vouches for a hidden text does not make it
    public.
    """
    from generator.redact import entries as redact

    real = redact._Redactor.decision

    def decision(self, d, ref, campaign_id):
        wider = dataclasses.replace(self.audience, internal=True)
        with monkeypatch.context() as patched:
            patched.setattr(self, "audience", wider)
            return real(self, d, ref, campaign_id)

    monkeypatch.setattr(redact._Redactor, "decision", decision)
    return "spring-launch/decisions.html: hidden text"


LEAKS = [template_reaching_past_the_view, theme_with_an_author_comment, hidden_chart_trace,
         private_note_in_the_search_index, draft_in_the_sitemap, page_for_a_hidden_entry,
         redaction_keeping_an_internal_comment]


@pytest.mark.parametrize("leak", LEAKS, ids=[f.__name__ for f in LEAKS])
def test_the_gate_catches_a_planted_leak_and_keeps_the_previous_site(acme_built, monkeypatch, tmp_path, leak):
    workspace, out, before = acme_built
    expected = leak(monkeypatch, tmp_path)
    with pytest.raises(AuditError) as caught:
        pipeline.build(workspace, audiences=["acme"], output=out)
    report = str(caught.value)
    assert any(line.strip().startswith(expected) for line in report.splitlines()), report
    assert HIDDEN.lower() not in report.lower() and EMAIL not in report and "jane is on our side" not in report.lower()
    assert tree(out) == before
    assert site_folders(out) == ["acme"]


@pytest.mark.parametrize("slipped, text", [
    ("award-entry-call", "Go / no-go on a Cannes Lions entry"),  # an internal milestone, beside its chip
    ("budget-reconciliation", HIDDEN),  # an internal task, beside its label
])
def test_a_hidden_entry_that_redaction_lets_into_the_view_fails_the_build(demo_copy, tmp_path, monkeypatch,
                                                                          slipped, text):
    """The gate lets "a title and its own state" through only for entries its own rules show, never on the
    view's word: a slip that shows a hidden milestone or task must not vouch for its title."""
    from generator.redact import entries as redact
    from generator.redact.why import VISIBLE

    real = redact.entry_verdicts

    def slip(campaign, audience, scheduled=frozenset()):
        verdicts = real(campaign, audience, scheduled)
        return {**verdicts, slipped: VISIBLE} if campaign.id == "spring-launch" and not audience.internal else verdicts

    monkeypatch.setattr(redact, "entry_verdicts", slip)  # redaction's own lookup; the gate imported its own
    with pytest.raises(AuditError, match=f"from text of (milestone|task) '{slipped}'"):
        pipeline.build(demo_copy, audiences=["acme"], output=tmp_path / "out")
    assert not (tmp_path / "out" / "acme").exists()


def test_a_leak_on_a_matrix_page_beyond_the_first_is_caught(demo_copy, tmp_path, monkeypatch):
    """The team's matrix in many pages: an address written on the last one fails the build."""
    from generator.render import matrix

    monkeypatch.setattr(matrix, "ROWS", 5)
    real = pipeline.render
    last: list[str] = []

    def render(view, measures):
        rendered = real(view, measures)
        pages = sorted((p.path for p in rendered.pages if p.path.startswith("matrix_")),
                       key=lambda path: int(path[len("matrix_"):-len(".md")]))
        last.append(pages[-1])
        rendered.pages = [p if p.path != pages[-1] else PageOut(**{**p.__dict__, "body": p.body + f"<p>{EMAIL}</p>"})
                          for p in rendered.pages]
        return rendered

    monkeypatch.setattr(pipeline, "render", render)
    with pytest.raises(AuditError) as caught:
        pipeline.build(demo_copy, audiences=["team"], output=tmp_path / "out")
    assert last[0] != "matrix_2.md"
    assert f"{last[0][:-3]}.html: an e-mail address" in str(caught.value)
