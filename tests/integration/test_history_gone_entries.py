"""A commit message is as hidden as the entries it changed, those since removed included (docs/history.md).

Two stories the audit gate's own history rules (generator/audit/history_rules.py)
caught redaction getting wrong: the message was shown to a tier-1 client, the
gate refused the site, and so nothing could be published. A removed entry is
judged by its last visibility, and, when its id was reused by an entry of
another kind, also by the last visibility it had as its own kind.
"""

from __future__ import annotations

from generator import pipeline
from tests.conftest import FILM_CAMPAIGN
from tests.fixtures.git_history import GitWorkspace

HEAD = FILM_CAMPAIGN
SCRIPT = "  - {{id: script, title: Film script, owner: maria, label: {label}, deliverable: film}}\n"


def t(day: int) -> str:
    return f"2026-01-{day:02d}T10:00:00+01:00"


def campaign(script: str = "not-started", tasks: str = "", milestones: str = "") -> str:
    text = HEAD + (f"milestones:\n{milestones}" if milestones else "")
    return text + "tasks:\n" + SCRIPT.format(label=script) + tasks


def timelines(ws: GitWorkspace, out) -> dict[str, str]:
    results = pipeline.build(ws.root, audiences=["client1", "team"], output=out)  # the gate passes both
    return {r.audience: (r.path / "demo" / "timeline.html").read_text(encoding="utf-8") for r in results}


def test_a_message_of_a_commit_that_changed_an_entry_removed_since_while_internal_stays_inside(tmp_path):
    ws = GitWorkspace(tmp_path / "ws")
    casting = "  - {{id: casting, title: {title}, label: in-progress, deliverable: film{hidden}}}\n"
    ws.campaign("demo", campaign(tasks=casting.format(title="Casting", hidden="")))
    ws.commit("Set up", t(10))
    ws.campaign("demo", campaign("in-progress", casting.format(title="Casting in Lisbon", hidden="")))
    ws.commit("Script under way; casting moves to Lisbon\n\nVisibility: 1", t(11))
    ws.campaign("demo", campaign("in-progress", casting.format(title="Casting in Lisbon",
                                                               hidden=", visibility: internal")))
    ws.commit("Casting goes internal", t(12))
    ws.campaign("demo", campaign("in-progress"))
    ws.commit("Casting dropped", t(13))
    pages = timelines(ws, tmp_path / "out")
    assert "casting moves to Lisbon" not in pages["client1"]
    assert "Not started" in pages["client1"]  # the script's label event still shows, without the message
    assert "casting moves to Lisbon" in pages["team"]


def test_a_removed_tasks_events_are_judged_by_its_own_last_visibility_when_a_milestone_took_its_id(tmp_path):
    ws = GitWorkspace(tmp_path / "ws")
    prep = "  - {{id: prep, title: Shoot prep, label: {label}, deliverable: film{hidden}}}\n"
    ws.campaign("demo", campaign(tasks=prep.format(label="in-progress", hidden="")))
    ws.commit("Set up", t(10))
    ws.campaign("demo", campaign(tasks=prep.format(label="stuck", hidden="")))
    ws.commit("Prep is stuck: the crew walked out\n\nVisibility: 1", t(11))
    ws.campaign("demo", campaign(tasks=prep.format(label="stuck", hidden=", visibility: internal")))
    ws.commit("Prep goes internal", t(12))
    ws.campaign("demo", campaign())
    ws.commit("Prep removed", t(13))
    ws.campaign("demo", campaign(milestones="  - {id: prep, title: Prep day, date: 2026-02-01}\n"))
    ws.commit("A prep day", t(14))
    ws.campaign("demo", campaign())
    ws.commit("No prep day after all", t(15))
    pages = timelines(ws, tmp_path / "out")
    assert "the crew walked out" not in pages["client1"] and "Shoot prep" not in pages["client1"]
    assert "the crew walked out" in pages["team"]
