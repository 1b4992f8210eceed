"""Each rule of FORMAT.md's visibility ladder, checked on the AudienceView."""

from __future__ import annotations

import dataclasses
import inspect
from pathlib import Path

import pytest

import generator
import generator.view as view_module
from generator.measures.opened import with_opened_figures
from generator.redact.entries import redact
from generator.view import Opened
from generator.inputs import load_workspace
from tests.conftest import MINIMAL_CONFIG

CAMPAIGN = """\
id: demo
title: Demo campaign
client: Client Co.
summary: Public summary. [internal]The CMO is impossible.[/internal] Thanks!
brief:
  goals: [Grow sign-ups]
  deliverables:
    - {id: hero, title: Hero video}
    - {id: secret-film, title: Secret director's cut, visibility: internal}
milestones:
  - {id: kickoff, title: Kickoff workshop, date: 2026-01-10, reached: true}
  - {id: award, title: Award entry go or no-go, date: 2026-02-10, visibility: internal}
tasks:
  - {id: storyboard, title: Storyboard, owner: maria, label: needs-decision, deliverable: hero}
  - {id: budget, title: Budget reconciliation, owner: maria, label: in-progress, visibility: 4}
  - {id: cut, title: Director's cut edit, label: in-progress, deliverable: secret-film}
decisions:
  - id: concept
    date: 2026-01-20
    title: Morning concept chosen
    why: Tested best.
    decided_by: [maria, jane]
    relates_to: [storyboard]
    comments:
      - {by: jane, at: 2026-01-19T15:02:00, text: Love the morning idea.}
      - {by: maria, at: 2026-01-19T23:59:00, text: Their CMO will never notice the budget., visibility: internal}
  - id: restricted
    date: 2026-01-21
    title: Budget moved to social
    visibility: 3
    comments:
      - {by: jane, at: 2026-01-21T09:00:00, text: A tier-zero comment on a tier-three decision., visibility: 0}
  - id: about-budget
    date: 2026-01-22
    title: Budget tool chosen
    relates_to: [budget]
approvals:
  - id: storyboard-v2
    subject: storyboard
    requested: 2026-01-21T10:00:00
    due: 2026-01-23T18:00:00
    steps:
      - {by: jane, verdict: changes-requested, at: 2026-01-22T16:10:00, comment: Shorter please.}
      - {by: jane, verdict: approved, at: 2026-01-24T09:00:00, comment: Internal grumbling here., visibility: internal}
  - id: cut-approval
    subject: cut
    requested: 2026-01-25T10:00:00
notes:
  - {date: 2026-02-03, about: kickoff, text: Kickoff went well.}
  - {date: 2026-02-04, about: award, text: We might enter Cannes.}
  - {date: 2026-02-05, about: about-budget, text: Chained note about a hidden decision., visibility: 0}
assets:
  - {id: hero-final, title: Hero video final, deliverable: hero, url: "https://vimeo.com/1"}
  - {id: film-final, title: Film final, deliverable: secret-film, url: "https://vimeo.com/2"}
kpis:
  nps: [{date: 2026-01-01, value: 31}, {date: 2026-02-01, value: 40, visibility: internal}]
"""

OTHER = "id: other\ntitle: Other client's relaunch\nclient: Other Co.\nsummary: Competitor pricing plans.\n"


@pytest.fixture
def workspace(make_workspace):
    return load_workspace(make_workspace.write(campaigns={"demo": CAMPAIGN, "other": OTHER}))


def view_of(workspace, audience: str):
    return redact(workspace, workspace.config.audiences[audience])


def ids(group) -> list[str]:
    return sorted(e.id for e in group)


@pytest.mark.parametrize("audience,tasks,decisions,approvals,notes", [
    ("client0", [], [], [], []),
    ("client1", ["storyboard"], [], [], []),
    ("client2", ["storyboard"], ["concept"], [], []),
    ("client3", ["storyboard"], ["concept", "restricted"], ["storyboard-v2"], []),
    ("team", ["budget", "cut", "storyboard"], ["about-budget", "concept", "restricted"],
     ["cut-approval", "storyboard-v2"], [3, 4, 5]),
])
def test_an_entry_shows_when_the_tier_reaches_it(workspace, audience, tasks, decisions, approvals, notes):
    v, _ = view_of(workspace, audience)
    c = next(x for x in v.campaigns if x.id == "demo")
    assert ids(c.tasks) == tasks
    assert ids(c.decisions) == decisions
    assert ids(c.approvals) == approvals
    assert [n.date.day for n in c.notes] == notes  # the tier-0 note refers to a hidden decision


def test_tier_zero_sees_finished_work_only(workspace):
    (c,) = view_of(workspace, "client0")[0].campaigns
    assert ids(c.milestones) == ["kickoff"]
    assert ids(c.assets) == ["hero-final"]
    assert ids(c.deliverables) == ["hero"]
    assert c.nps is None  # KPIs are tier 1 by default


def test_internal_entries_only_for_internal_audiences(workspace):
    tier4 = dataclasses.replace(workspace.config.audiences["team"], internal=False, campaigns=None)
    (c, _) = redact(workspace, tier4)[0].campaigns
    assert "award" not in ids(c.milestones) and "budget" in ids(c.tasks)
    team = view_of(workspace, "team")[0]
    c = next(x for x in team.campaigns if x.id == "demo")
    assert "award" in ids(c.milestones) and "secret-film" in ids(c.deliverables)


def test_children_are_at_least_as_restricted_as_their_parents(workspace):
    (c,) = view_of(workspace, "client2")[0].campaigns
    assert "restricted" not in ids(c.decisions)  # its tier-0 comment goes with it
    texts = [comment.text for d in c.decisions for comment in d.comments]
    assert "A tier-zero comment on a tier-three decision." not in texts


def test_internal_comments_and_steps_are_dropped(workspace):
    (c,) = view_of(workspace, "client3")[0].campaigns
    concept = next(d for d in c.decisions if d.id == "concept")
    assert [x.text for x in concept.comments] == ["Love the morning idea."]
    (approval,) = c.approvals
    assert [s.verdict for s in approval.steps] == ["changes-requested"]


def test_an_entry_referring_to_a_hidden_entry_is_hidden(workspace):
    (c,) = view_of(workspace, "client3")[0].campaigns
    assert "cut" not in ids(c.tasks)  # its deliverable is internal
    assert "cut-approval" not in ids(c.approvals)  # its subject is hidden (two hops)
    assert "film-final" not in ids(c.assets)
    assert "about-budget" not in ids(c.decisions)  # relates to a tier-4 task
    assert all(n.about is None or n.about.id != "about-budget" for n in c.notes)  # three hops


def test_withheld_by_reference_is_reported(workspace):
    _, report = view_of(workspace, "client3")
    by_reference = {(w.kind, w.id) for w in report.by_reference}
    assert {("task", "cut"), ("approval", "cut-approval"), ("decision", "about-budget"),
            ("asset", "film-final")} <= by_reference


def test_internal_spans_removed_for_clients_unwrapped_for_the_team(workspace):
    (c,) = view_of(workspace, "client3")[0].campaigns
    assert c.summary == "Public summary. Thanks!"  # no double space where the span was
    team = next(x for x in view_of(workspace, "team")[0].campaigns if x.id == "demo")
    assert team.summary == "Public summary. The CMO is impossible. Thanks!"


def test_names_roles_shows_agency_roles_and_client_names(workspace):
    (c,) = view_of(workspace, "client2")[0].campaigns
    concept = next(d for d in c.decisions if d.id == "concept")
    assert concept.decided_by == ("Creative Director", "Jane Doe")
    (c3,) = view_of(workspace, "client3")[0].campaigns
    assert next(t for t in c3.tasks if t.id == "storyboard").owner == "María López"


def test_no_email_anywhere_in_a_view(workspace):
    for audience in workspace.config.audiences:
        assert "@" not in repr(view_of(workspace, audience)[0])


def test_campaigns_not_listed_are_absent_everywhere(workspace):
    v, _ = view_of(workspace, "client3")
    assert [c.id for c in v.campaigns] == ["demo"]
    assert "Other client" not in repr(v) and "Competitor pricing" not in repr(v)


def test_kpi_points_follow_their_own_visibility(workspace):
    (c,) = view_of(workspace, "client1")[0].campaigns
    assert [p.value for p in c.nps.points] == [31.0]


def test_sections_follow_the_tier(workspace):
    assert view_of(workspace, "client0")[0].sections == {"milestone", "deliverable", "asset"}
    assert view_of(workspace, "client1")[0].sections == {"milestone", "deliverable", "asset", "task", "kpi"}
    assert "note" in view_of(workspace, "team")[0].sections


def test_matrix_only_for_internal_audiences_and_only_what_they_see(workspace):
    assert view_of(workspace, "client3")[0].matrix == ()
    team, _ = view_of(workspace, "team")
    rows = {(r.campaign, r.id): r for r in team.matrix}
    award = rows[("demo", "award")]
    assert award.declared == "internal"
    assert dict(zip(team.matrix_audiences, award.seen_by)) == {
        "client0": False, "client1": False, "client2": False, "client3": False, "team": True}
    storyboard = rows[("demo", "storyboard")]
    assert dict(zip(team.matrix_audiences, storyboard.seen_by))["client1"] is True


def test_as_of_comes_from_what_the_audience_sees(workspace):
    assert str(view_of(workspace, "client0")[0].as_of) == "2026-01-10"
    assert str(view_of(workspace, "team")[0].as_of) == "2026-02-05"


def test_view_types_carry_no_visibility():
    for _, cls in inspect.getmembers(view_module, dataclasses.is_dataclass):
        assert "visibility" not in {f.name for f in dataclasses.fields(cls)}, cls


def test_only_redact_builds_an_audience_view():
    package = Path(generator.__file__).parent
    builders = sorted(p.relative_to(package).as_posix() for p in package.rglob("*.py")
                      if "AudienceView(" in p.read_text(encoding="utf-8"))
    assert builders == ["redact/entries.py"]


def test_an_opened_measure_reaches_a_lower_tier_as_numbers_only(make_workspace):
    config = MINIMAL_CONFIG + "measures:\n  rework-rate: 1\n"
    workspace = load_workspace(make_workspace.write(config=config, campaigns={"demo": CAMPAIGN}))
    client1 = workspace.config.audiences["client1"]
    view, _ = view_of(workspace, "client1")
    assert view.opened == Opened()  # redaction measures nothing: the opened figures are the next stage's
    view = with_opened_figures(workspace, client1, view)
    (campaign,) = view.campaigns
    assert campaign.approvals == ()  # the entries stay hidden...
    figures = {(f.measure, f.campaign): dict(f.fields) for f in view.opened.figures}
    # ...but the rate arrives: storyboard-v2 has 1 changes-requested step of 1 the widest
    # client sees (its second step is internal); cut-approval has none.
    assert figures[("rework-rate", "demo")]["steps"] == 1
    assert figures[("rework-rate", "demo")]["changes_requested"] == 1
    assert "Internal grumbling" not in repr(view)


def test_a_measure_not_opened_sends_no_numbers(workspace):
    view, _ = view_of(workspace, "client1")
    assert with_opened_figures(workspace, workspace.config.audiences["client1"], view).opened == Opened()


def test_history_of_a_removed_entry_is_named_by_its_last_title(workspace):
    import datetime as dt

    from generator.model import Change, History, Removal

    def change(kind, old, new, minute):
        at = dt.datetime(2026, 1, 5, 10, minute, tzinfo=dt.timezone.utc)
        return Change(f"c{minute}", at, "maria", "agency", "demo", kind, "task", "mailer", "label" if kind == "label" else None,
                      old, new, 1)

    history = History(changes=(change("added", None, "Door-drop mailer", 0),
                               change("label", "not-started", "in-progress", 1),
                               change("removed", "Door-drop mailer", None, 2)), configured=True,
                      removals={"demo": {"mailer": (Removal("c2", "task", "mailer", "Door-drop mailer", 1),)}})
    ws = dataclasses.replace(workspace, history=history)
    (c, *_) = [x for x in redact(ws, ws.config.audiences["client1"])[0].campaigns if x.id == "demo"]
    assert [(v.kind, v.entry.title) for v in c.changes] == [
        ("added", "Door-drop mailer"), ("label", "Door-drop mailer"), ("removed", "Door-drop mailer")]


def test_history_of_a_removed_entry_with_no_removal_on_record_stays_inside(workspace):
    """Nothing says how hidden it was when removed (docs/history.md): only an internal audience sees it."""
    import datetime as dt

    from generator.model import Change, History

    at = dt.datetime(2026, 1, 5, 10, 0, tzinfo=dt.timezone.utc)
    added = Change("c0", at, "maria", "agency", "demo", "added", "task", "mailer", None, None, "Door-drop mailer", 1)
    ws = dataclasses.replace(workspace, history=History(changes=(added,), configured=True))
    seen = {a: [x for x in redact(ws, ws.config.audiences[a])[0].campaigns if x.id == "demo"][0].changes
            for a in ("client3", "team")}
    assert seen["client3"] == () and [v.entry.id for v in seen["team"]] == ["mailer"]


def test_tier_zero_sees_milestones_reached_never_planned_ones(make_workspace):
    """FORMAT.md: tier 0 is "finished work only (final creative, milestones reached)", even for visibility 0."""
    import datetime as dt

    from generator import pipeline
    from generator.model import Change, History, Removal

    launch = "  - {id: launch, title: Launch day in stores, date: 2026-03-01, visibility: 0}\n"
    planned = CAMPAIGN.replace("  - {id: award,", launch + "  - {id: award,")
    ws = load_workspace(make_workspace.write(campaigns={"demo": planned, "other": OTHER}))
    at = dt.datetime(2026, 1, 5, 10, 0, tzinfo=dt.timezone.utc)
    gone = Change("c1", at, "maria", "agency", "demo", "date", "milestone", "press-day", "date",
                  "2026-02-01", "2026-02-08", 0)  # a milestone since removed: it was never reached
    removed = {"demo": {"press-day": (Removal("c2", "milestone", "press-day", "Press day", 0),)}}
    ws = dataclasses.replace(ws, history=History(changes=(gone,), configured=True, removals=removed))
    zero, report = redact(ws, ws.config.audiences["client0"])
    one, _ = redact(ws, ws.config.audiences["client1"])
    assert ids(zero.campaigns[0].milestones) == ["kickoff"]
    assert ids(next(c for c in one.campaigns if c.id == "demo").milestones) == ["kickoff", "launch"]
    assert ("launch", "planned") in {(w.id, w.reason) for w in report.withheld}
    assert zero.campaigns[0].changes == ()
    assert [ch.entry.id for ch in next(c for c in one.campaigns if c.id == "demo").changes] == ["press-day"]
    home = {p.path: p.body for p in pipeline.render(zero, pipeline.measure(zero)).pages}["index.md"]
    assert "1 reached" in home and "1 of 1" not in home and "Launch day" not in home
    home_one = {p.path: p.body for p in pipeline.render(one, pipeline.measure(one)).pages}["index.md"]
    assert "1 of 2 reached" in home_one


def test_a_receipt_never_names_nor_fingerprints_the_file_of_an_asset_the_audience_does_not_see(make_workspace):
    """An approval may point at a file that is also an internal asset's: the receipt then shows neither
    the file's name nor its SHA-256 (found by the red-team review)."""
    campaign = """\
        id: demo
        title: Demo campaign
        client: Client Co.
        tasks:
          - {id: script, title: Film script, label: in-progress}
        approvals:
          - {id: script-v2, subject: script, version: v2, asset: assets/globex-offer.pdf,
             requested: 2026-01-21T10:00:00}
        assets:
          - {id: offer, title: Globex offer, file: assets/globex-offer.pdf, visibility: internal}
        """
    root = make_workspace.write(campaigns={"demo": campaign}, assets={"assets/globex-offer.pdf": b"%PDF-1.4 offer"})
    workspace = load_workspace(root)
    receipts = {a: redact(workspace, workspace.config.audiences[a])[0].campaigns[0].approvals[0]
                for a in ("client3", "team")}
    assert (receipts["client3"].asset, receipts["client3"].asset_sha256) == (None, None)
    assert receipts["team"].asset == "globex-offer.pdf" and receipts["team"].asset_sha256
