"""Past versions are judged as they stood: read by YAML's own lines, under the `defaults:` of their commit.

Two leaks of the red-team review (issue 13), each built as a small git
story and checked on the sites (docs/history.md, "Defaults at the time"):

1. A comment holding U+2028 line breaks made the piece-wise reader of past
   versions take an edit of a line inside an internal decision's block
   scalar for an edit of its `visibility:` key: once the decision was
   removed, its title reached a tier-2 client.
2. A past version was read under today's `defaults:`: a task added and
   removed while `defaults: {task: 4}` showed on a tier-1 timeline once the
   default was lowered.

With the reader right, the gate (generator/audit/history_rules.py) refuses
both sites when redaction is broken on purpose: it takes the same events but
decides on its own who may see them.
"""

from __future__ import annotations

import pytest

from generator import pipeline
from generator.errors import AuditError
from generator.redact.history_sight import HistorySight
from tests.conftest import MINIMAL_CONFIG
from tests.fixtures.git_history import GitWorkspace, run_git, subfolder_workspace
from tests.fixtures.sites import site_of

HEAD = "id: demo\ntitle: Demo campaign\nclient: Client Co.\n"
SECRET = "Quietly drop the Globex retainer"


def t(day: int) -> str:
    return f"2026-01-{day:02d}T10:00:00+01:00"


def pages(out, audience: str) -> str:
    return " ".join(p.read_text(encoding="utf-8") for p in site_of(out, audience).rglob("*.html"))


# -- 1. YAML's other line breaks --------------------------------------------------------------------

DECISION = """\
decisions:
  - id: retainer
    title: {title}
    date: 2026-01-10
    # kept from the client{breaks}
    visibility: internal
    why: |
      visibility: {line}
      The retainer ends in March.
"""


@pytest.fixture(scope="module", params=["\u2028", "\u2029", "\x85", "\r"])
def decision_story(request, tmp_path_factory):
    """An internal decision added, a line of its `why` edited, then removed; the comment holds two breaks."""
    ws = GitWorkspace(tmp_path_factory.mktemp("breaks") / "ws")
    breaks = f"{request.param}    # (say nothing){request.param}    # (to anyone)"  # comments on 3 YAML lines
    text = DECISION.format(title=SECRET, breaks=breaks, line="internal")
    ws.campaign("demo", HEAD + text)
    ws.commit("Decision recorded", t(10))
    ws.campaign("demo", HEAD + text.replace("visibility: internal\n      The", "visibility: 2\n      The"))
    ws.commit("Reason reworded", t(11))
    ws.campaign("demo", HEAD)
    ws.commit("Decision dropped", t(12))
    return ws


def test_an_internal_decisions_title_never_reaches_a_client_after_a_line_of_its_reason_is_edited(
        decision_story, tmp_path):
    out = tmp_path / "out"
    pipeline.build(decision_story.root, audiences=["client2", "client3", "team"], output=out)
    assert SECRET not in pages(out, "client2")
    assert SECRET not in pages(out, "client3")
    assert SECRET in pages(out, "team")  # the removal is on the team's timeline


# -- 2. the defaults of the time ----------------------------------------------------------------------

TASKS = "tasks:\n  - {id: script, title: Film script, label: not-started, visibility: 1}\n"
PITCH = "  - {id: pitch, title: Globex pitch rehearsal, label: in-progress}\n"
LABEL = "labels:\n  waiting-on-print: {title: Waiting on the printer, kind: waiting}\n"


def config(task: int | None) -> str:
    defaults = f"defaults: {{task: {task}}}\n" if task is not None else ""
    return MINIMAL_CONFIG + LABEL + defaults + "history: {repo: .}\n"


def defaults_story(root, then: int, now: int):
    """A task without `visibility:` added and removed while `defaults.task` was `then`; `now` today."""
    ws = GitWorkspace(root, config(then))
    ws.campaign("demo", HEAD + TASKS)
    ws.commit("Set up", t(10))
    ws.campaign("demo", HEAD + TASKS + PITCH)
    ws.commit("Pitch rehearsal planned", t(11))
    ws.campaign("demo", HEAD + TASKS)
    ws.commit("Pitch rehearsal dropped", t(12))
    (ws.root / "site_config.yml").write_text(config(now), encoding="utf-8")
    ws.commit("Defaults changed", t(13))
    return ws


@pytest.mark.parametrize(("then", "now"), [(4, 1), (1, 4), (4, 4)])
def test_a_gone_task_shows_only_where_its_default_reached_then_and_reaches_now(tmp_path, then, now):
    ws = defaults_story(tmp_path / "ws", then, now)
    out = tmp_path / "out"
    pipeline.build(ws.root, audiences=["client1", "client3", "team"], output=out)
    assert "Globex pitch rehearsal" not in pages(out, "client1")
    assert "Globex pitch rehearsal" not in pages(out, "client3")
    assert "Globex pitch rehearsal" in pages(out, "team")


def test_a_gone_task_under_a_default_that_reached_tier_1_then_and_now_shows_there(tmp_path):
    ws = defaults_story(tmp_path / "ws", 1, 1)
    out = tmp_path / "out"
    pipeline.build(ws.root, audiences=["client1"], output=out)
    assert "Globex pitch rehearsal" in pages(out, "client1")  # the rule hides what was hidden, nothing more


def test_a_task_removed_in_the_commit_that_lowers_the_default_is_removed_at_the_old_level(tmp_path):
    ws = GitWorkspace(tmp_path / "ws", config(4))
    ws.campaign("demo", HEAD + TASKS + PITCH)
    ws.commit("Set up", t(10))
    (ws.root / "site_config.yml").write_text(config(1), encoding="utf-8")
    ws.campaign("demo", HEAD + TASKS)
    ws.commit("Tasks for every client; the rehearsal is dropped", t(11))
    out = tmp_path / "out"
    pipeline.build(ws.root, audiences=["client1", "team"], output=out)
    assert "Globex pitch rehearsal" not in pages(out, "client1")
    assert "Globex pitch rehearsal" in pages(out, "team")


def test_a_workspace_in_a_subfolder_of_its_repository_reads_its_own_config_at_each_commit(tmp_path):
    """The history's campaign folder (`receipts/content/campaigns/`) says where site_config.yml sits."""
    (tmp_path / "repo" / "site_config.yml").parent.mkdir(parents=True)
    ws = subfolder_workspace(tmp_path / "repo", HEAD + TASKS, t(9))
    (ws.root.parent / "site_config.yml").write_text("site: {title: Not this one}\n", encoding="utf-8")
    run_git(ws.root.parent, "add", "site_config.yml")  # another file by that name, at the repository's top
    (ws.root / "site_config.yml").write_text(config(4), encoding="utf-8")
    for day, extra in ((10, PITCH), (11, "")):
        ws.campaign("demo", HEAD + TASKS + extra)
        ws.commit(f"Day {day}", t(day))
    (ws.root / "site_config.yml").write_text(config(1), encoding="utf-8")
    ws.commit("Tasks for all", t(12))
    out = tmp_path / "out"
    pipeline.build(ws.root, audiences=["client1", "team"], output=out)
    assert "Globex pitch rehearsal" not in pages(out, "client1")
    assert "Globex pitch rehearsal" in pages(out, "team")


@pytest.mark.parametrize(("now", "shown"), [(1, True), (4, False)])
def test_a_history_without_the_config_is_read_under_todays_defaults(tmp_path, now, shown):
    ws = GitWorkspace(tmp_path / "ws", config(now))
    ws.git("rm", "--cached", "--quiet", "--ignore-unmatch", "site_config.yml")
    for day, extra in ((10, ""), (11, PITCH), (12, "")):
        ws.campaign("demo", HEAD + TASKS + extra)
        ws.git("add", "content")
        ws.git("commit", "--quiet", "-m", f"Day {day}", when=t(day))
    assert "site_config.yml" not in ws.git("ls-tree", "-r", "--name-only", "HEAD")
    out = tmp_path / "out"
    pipeline.build(ws.root, audiences=["client1"], output=out)
    assert ("Globex pitch rehearsal" in pages(out, "client1")) is shown


def test_an_existing_tasks_events_show_only_where_it_showed_at_the_time(tmp_path):
    """A task at the default: relabelled while the default was 4, then again after it was lowered to 1."""
    ws = GitWorkspace(tmp_path / "ws", config(4))
    task = "tasks:\n  - {{id: print, title: Print run, label: {label}}}\n"
    ws.campaign("demo", HEAD + task.format(label="not-started"))
    ws.commit("Set up", t(10))
    ws.campaign("demo", HEAD + task.format(label="waiting-on-print"))
    ws.commit("Print run waits", t(11))
    (ws.root / "site_config.yml").write_text(config(1), encoding="utf-8")
    ws.commit("Tasks shown to every client", t(12))
    ws.campaign("demo", HEAD + task.format(label="done"))
    ws.commit("Print run done", t(13))
    out = tmp_path / "out"
    pipeline.build(ws.root, audiences=["client1", "team"], output=out)
    client = (out / "client1" / "demo" / "timeline.html").read_text(encoding="utf-8")
    team = (site_of(out, "team") / "demo" / "timeline.html").read_text(encoding="utf-8")
    # shown today, with the event made at tier 1 (the label it left was on the client's site by then)
    assert "Waiting on the printer → Done" in client
    assert "Not started → Waiting on the printer" not in client  # made while tasks were tier 4
    assert "Not started → Waiting on the printer" in team


def test_a_commit_whose_site_config_does_not_read_is_read_as_internal_and_said(tmp_path):
    ws = GitWorkspace(tmp_path / "ws", config(1))
    ws.campaign("demo", HEAD + TASKS)
    ws.commit("Set up", t(10))
    (ws.root / "site_config.yml").write_text(config(1) + "defaults: [oops\n", encoding="utf-8")
    ws.campaign("demo", HEAD + TASKS + PITCH)
    ws.commit("Pitch rehearsal planned", t(11))
    (ws.root / "site_config.yml").write_text(config(1), encoding="utf-8")
    ws.campaign("demo", HEAD + TASKS)
    ws.commit("Pitch rehearsal dropped", t(12))
    out = tmp_path / "out"
    warnings: list[str] = []
    pipeline.build(ws.root, audiences=["client1", "team"], output=out, warnings=warnings)
    assert "Globex pitch rehearsal" not in pages(out, "client1")
    assert "Globex pitch rehearsal" in pages(out, "team")
    assert any("site_config.yml does not read in this version" in w and "read as internal" in w
               for w in warnings), warnings


# -- the gate, with redaction broken on purpose -----------------------------------------------------------


def show_everything(monkeypatch) -> None:
    """Redaction shows every event and commit message of the campaigns an audience is given."""
    monkeypatch.setattr(HistorySight, "sees", lambda self, ch: self.audience.sees_campaign(ch.campaign))
    monkeypatch.setattr(HistorySight, "sees_message", lambda self, ch: True)


def assert_refused(root, audience: str, out, planted: str) -> None:
    with pytest.raises(AuditError) as caught:
        pipeline.build(root, audiences=[audience], output=out)
    findings = [f for f in caught.value.findings if ": hidden text " in f]
    assert any(f"'{planted.split()[0].lower()}" in f and "the history of demo (commit " in f for f in findings), \
        caught.value.findings  # the planted title, named by where it came from
    assert planted not in str(caught.value)  # never the hidden text in full
    assert not (out / audience).exists()


def test_the_gate_refuses_a_decision_title_read_through_a_line_break(decision_story, tmp_path, monkeypatch):
    show_everything(monkeypatch)
    assert_refused(decision_story.root, "client2", tmp_path / "out", SECRET)


def test_the_gate_refuses_a_task_hidden_by_the_default_of_its_time(tmp_path, monkeypatch):
    ws = defaults_story(tmp_path / "ws", 4, 1)
    show_everything(monkeypatch)
    assert_refused(ws.root, "client1", tmp_path / "out", "Globex pitch rehearsal")


def test_a_cached_reading_is_not_reused_under_other_defaults(tmp_path):
    """The history cache is keyed by today's defaults: raising one in the workspace (not committed yet) reads
    the history again, under the stricter of each commit's and today's."""
    ws = defaults_story(tmp_path / "ws", 1, 1)
    pipeline.build(ws.root, audiences=["client1"], output=tmp_path / "before")  # the reading is cached
    assert "Globex pitch rehearsal" in pages(tmp_path / "before", "client1")
    (ws.root / "site_config.yml").write_text(config(4), encoding="utf-8")
    pipeline.build(ws.root, audiences=["client1"], output=tmp_path / "after")
    assert "Globex pitch rehearsal" not in pages(tmp_path / "after", "client1")


def test_several_walkers_read_each_commit_under_the_same_defaults(tmp_path):
    """Each walker looks the defaults up itself; one of them says a config that does not read."""
    import orjson

    from tests.integration.test_history_parallel import _walk

    ws = GitWorkspace(tmp_path / "ws", config(4))
    for day, (task, extra) in enumerate([(4, PITCH), (None, ""), (1, PITCH), (1, ""), (4, PITCH)], start=10):
        text = config(task) + ("defaults: [oops\n" if task is None else "")
        (ws.root / "site_config.yml").write_text(text, encoding="utf-8")
        ws.campaign("demo", HEAD + TASKS + extra)
        ws.campaign("other", HEAD.replace("demo", "other") + TASKS + (PITCH if day % 2 else ""))
        ws.commit(f"Day {day}", t(day))
    (ws.root / "site_config.yml").write_text(config(1), encoding="utf-8")
    one, _ = _walk(ws.root, 1)
    two, _ = _walk(ws.root, 2)
    assert orjson.dumps(two) == orjson.dumps(one)
    assert len([w for w in one.warnings if "site_config.yml does not read" in w]) == 2  # day 11, and day 12
    levels = {(change.commit, change.entry_id, change.kind): change.visibility for change in one.changes}
    assert sorted(set(levels.values())) == [1, 4, 5]  # today's 1, then's 4, and internal where it did not read
