"""Redaction, checked on random workspaces against an independent oracle.

  - nothing hidden from an audience is in its view or its rendered pages,
    and everything the ladder shows it is in its view;
  - raising one entry's visibility never adds text to any audience's view,
    pages or files, nor a page; a figure's data file may appear, because
    figures count what the audience sees (a hidden last step of an approval
    counts as never written, docs/measures.md);
  - redaction is a projection: a workspace holding only what a view shows,
    redacted again for the same audience, gives the same view.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import pipeline
from generator.redact.entries import redact
from generator.inputs import load_workspace
from tests.property.workspaces import DEFAULTS, MARKER, TIERS, Spec, oracle, project, specs
from tests.fixtures.views import built_view

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def load(spec: Spec):
    with tempfile.TemporaryDirectory(prefix="receipts-prop-") as tmp:
        return load_workspace(spec.write(Path(tmp)), with_history=False)


def strings(value, out: list[str]) -> list[str]:
    if isinstance(value, str):
        out.append(value)
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            strings(getattr(value, f.name), out)
    elif isinstance(value, (tuple, list, frozenset)):
        for item in value:
            strings(item, out)
    return out


def rendered(workspace, audience_id: str) -> tuple[set[str], set[str], set[str]]:
    """(markers in the view, markers in the rendered pages and files, page and file paths)."""
    view, _ = built_view(workspace, workspace.config.audiences[audience_id])
    out = pipeline.render(view, pipeline.measure(view))
    texts = [p.body + p.title + "".join(n.title for n in p.nav) for p in out.pages]
    texts += [data.decode("utf-8", "replace") for data in out.files.values()]
    paths = {p.path for p in out.pages} | set(out.files) | {dest for _, dest in out.copies}
    return set(MARKER.findall(" ".join(strings(view, [])))), set(MARKER.findall(" ".join(texts))), paths


@SETTINGS
@given(specs())
def test_hidden_text_never_reaches_a_view_or_a_page(spec):
    workspace = load(spec)
    for audience_id, audience in spec.audiences.items():
        seen, hidden = oracle(spec, audience)
        in_view, in_pages, _ = rendered(workspace, audience_id)
        assert not hidden & (in_view | in_pages), f"{audience_id} gets hidden text"
        assert seen <= in_view, f"{audience_id} misses text the ladder shows it"


LADDER = list(TIERS)


def raisable(spec: Spec) -> list[tuple]:
    """(campaign, path to a visibility-carrying mapping) for every entry and child."""
    spots = []
    for cid, c in spec.campaigns.items():
        for group in ("milestones", "tasks", "decisions", "approvals", "notes", "assets"):
            spots += [(cid, group, i, None) for i in range(len(c[group]))]
        spots += [(cid, "deliverables", i, None) for i in range(len(c["brief"]["deliverables"]))]
        spots += [(cid, "series", i, None) for i in range(len(c["kpis"]["series"]))]
        for i, d in enumerate(c["decisions"]):
            spots += [(cid, "decisions", i, ("comments", j)) for j in range(len(d["comments"]))]
        for i, a in enumerate(c["approvals"]):
            spots += [(cid, "approvals", i, ("steps", j)) for j in range(len(a["steps"]))]
    return spots


def entry_at(spec: Spec, spot) -> dict:
    cid, group, index, child = spot
    c = spec.campaigns[cid]
    entry = {"deliverables": c["brief"]["deliverables"], "series": c["kpis"]["series"]}.get(group, c.get(group))[index]
    return entry[child[0]][child[1]] if child else entry


KIND = {"milestones": "milestone", "tasks": "task", "decisions": "decision", "approvals": "approval",
        "notes": "note", "assets": "asset", "deliverables": "deliverable", "series": "kpi"}


def default_visibility(spec: Spec, spot):
    """What an entry without `visibility:` gets: its kind's default, a step its approval's."""
    defaults = {**DEFAULTS, **spec.defaults}
    cid, group, index, child = spot
    if child is None:
        return defaults[KIND[group]]
    if child[0] == "comments":
        return defaults["comment"]
    parent = entry_at(spec, (cid, group, index, None))
    return parent.get("visibility", defaults["approval"])


@settings(SETTINGS, max_examples=60)
@given(specs(max_campaigns=1), st.data())
def test_raising_a_visibility_never_adds_text_or_pages(spec, data):
    spots = raisable(spec)
    if not spots:
        return
    spot = data.draw(st.sampled_from(spots))
    raised = spec.copy()
    entry = entry_at(raised, spot)
    current = entry.get("visibility", default_visibility(raised, spot))
    entry["visibility"] = data.draw(st.sampled_from(LADDER[LADDER.index(current):]))
    before, after = load(spec), load(raised)
    for audience_id in spec.audiences:
        view_b, pages_b, paths_b = rendered(before, audience_id)
        view_a, pages_a, paths_a = rendered(after, audience_id)
        assert view_a <= view_b and pages_a <= pages_b, f"{audience_id} gained text"
        gained = sorted(path for path in paths_a - paths_b if not is_figure_data(path))
        assert not gained, f"{audience_id} gained pages: {gained}"


def is_figure_data(path: str) -> bool:
    """A chart's CSV: it holds figures over entries the audience already sees (its text is checked above)."""
    parts = path.split("/")
    return len(parts) == 3 and parts[1] == "data" and parts[2].endswith(".csv")


@SETTINGS
@given(specs())
def test_redacting_what_a_view_shows_gives_the_same_view(spec):
    workspace = load(spec)
    for audience_id in spec.audiences:
        audience = workspace.config.audiences[audience_id]
        view, _ = redact(workspace, audience)
        projected = load(project(spec, audience_id))
        again, report = redact(projected, projected.config.audiences[audience_id])
        assert again == view
        assert not [w for w in report.withheld if w.reason.startswith("reference")]


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs())
def test_a_built_site_holds_no_hidden_text_in_any_file(spec):
    """Whole builds (MkDocs, search index, sitemap, audit gate): slower, so few."""
    from generator.audit.text import decode

    with tempfile.TemporaryDirectory(prefix="receipts-prop-") as tmp:
        root = spec.write(Path(tmp) / "ws")
        results = pipeline.build(root, output=Path(tmp) / "out")
        assert sorted(r.audience for r in results) == sorted(spec.audiences)
        for audience_id, audience in spec.audiences.items():
            _, hidden = oracle(spec, audience)
            site = {r.audience: r.path for r in results}[audience_id]  # internal ones: out-private/
            assert (site / "index.html").is_file()
            for path in sorted(p for p in site.rglob("*") if p.is_file()):
                text = decode(path.read_bytes().decode("utf-8", "replace") + " " + path.name)
                assert not hidden & set(MARKER.findall(text)), f"{audience_id}: {path.relative_to(site)}"
