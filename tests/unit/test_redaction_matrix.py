"""The redaction matrix's rows and reasons: every entry and sub-entry, each audience's answer, and why.

The matrix is the internal team's check before publishing: for each item
(an entry, a comment, an approval step, a KPI point, a note, an [internal]
span), each audience's cell must say what its site does, and why not.
"""

from __future__ import annotations

import pytest

from generator.inputs import load_workspace
from generator.redact.entries import redact
from generator.view import MatrixCell
from tests.conftest import MINIMAL_CONFIG
from tests.unit.test_redaction import CAMPAIGN, OTHER

# One milestone still planned (tier 0 sees finished work only), and a step on an approval hidden by reference.
PLANNED = CAMPAIGN.replace(
    "  - {id: award,", "  - {id: launch, title: Launch day, date: 2026-03-01}\n  - {id: award,").replace(
    "    requested: 2026-01-25T10:00:00\n",
    "    requested: 2026-01-25T10:00:00\n    steps:\n"
    "      - {by: jane, verdict: approved, at: 2026-01-26T09:00:00, comment: Cut looks right.}\n")


@pytest.fixture
def workspace(make_workspace):
    return load_workspace(make_workspace.write(campaigns={"demo": PLANNED, "other": OTHER}))


@pytest.fixture
def team(workspace):
    return redact(workspace, workspace.config.audiences["team"])[0]


def cells(team, key: str, campaign: str = "demo") -> dict[str, MatrixCell]:
    (row,) = [r for r in team.matrix if r.campaign == campaign and r.key == key]
    return dict(zip(team.matrix_audiences, row.cells))


def row(team, key: str, campaign: str = "demo"):
    (found,) = [r for r in team.matrix if r.campaign == campaign and r.key == key]
    return found


def test_every_kind_of_item_has_rows(team):
    kinds = {r.kind for r in team.matrix}
    assert kinds == {"campaign", "deliverable", "milestone", "task", "decision", "comment", "approval", "step",
                     "note", "asset", "kpi", "point", "span"}


def test_sub_entries_are_named_by_their_parent_and_place_and_their_first_words(team):
    assert row(team, "comment/concept/1").title == "Jane Doe: Love the morning idea."
    assert row(team, "comment/concept/1").id == "concept comment 1"
    assert row(team, "step/storyboard-v2/1").title == "Jane Doe, changes-requested: Shorter please."
    assert row(team, "point/nps/2").title == "2026-02-01: 40"
    assert row(team, "note/1").title == "Kickoff went well."
    span = row(team, "span/campaign/summary/1")
    assert (span.kind, span.title, span.declared, span.within) == ("span", "The CMO is impossible.", "internal",
                                                                  "campaign, summary")


def test_a_long_text_is_cut_to_its_first_words(team):
    title = row(team, "comment/concept/2").title
    assert title == "María López: Their CMO will never notice the budget."
    assert row(team, "note/3").title == "Chained note about a hidden decision."


def test_shown_where_the_audience_reaches_it(team):
    got = cells(team, "task/storyboard")
    assert [got[a].state for a in ("client0", "client1", "client2", "client3", "team")] == [
        "tier", "shown", "shown", "shown", "shown"]
    assert got["client0"].needs == "1"


def test_hidden_by_tier_says_which_tier_it_needs(team):
    assert cells(team, "task/budget")["client3"] == MatrixCell("tier", "4")
    assert cells(team, "milestone/award")["client3"] == MatrixCell("tier", "internal")
    assert cells(team, "note/1")["client3"] == MatrixCell("tier", "4")


def test_a_plan_at_tier_zero_is_hidden_by_tier_as_a_plan(team):
    assert cells(team, "milestone/launch")["client0"] == MatrixCell("tier", "1", "planned")
    assert cells(team, "milestone/launch")["client1"].shown


def test_a_sub_entry_needs_the_stricter_of_its_own_level_and_its_parents(team):
    # a tier-0 comment on a tier-3 decision, at tier 2: hidden by tier, needing 3
    assert cells(team, "comment/restricted/1")["client2"] == MatrixCell("tier", "3")
    assert cells(team, "comment/restricted/1")["client3"].shown
    assert cells(team, "comment/concept/2")["client3"] == MatrixCell("tier", "internal")
    assert cells(team, "step/storyboard-v2/2")["client3"] == MatrixCell("tier", "internal")
    assert cells(team, "step/storyboard-v2/1")["client2"].state == "tier"
    assert cells(team, "point/nps/2")["client1"] == MatrixCell("tier", "internal")
    assert cells(team, "point/nps/1")["client0"] == MatrixCell("tier", "1")


def test_hidden_because_it_refers_to_a_hidden_entry_names_that_entry(team):
    assert cells(team, "task/cut")["client3"] == MatrixCell("refers", refers_kind="deliverable",
                                                            refers_id="secret-film")
    assert cells(team, "approval/cut-approval")["client3"] == MatrixCell("refers", refers_kind="task",
                                                                         refers_id="cut")
    assert cells(team, "decision/about-budget")["client3"] == MatrixCell("refers", refers_kind="task",
                                                                         refers_id="budget")
    # a note at tier 0 about a hidden decision
    assert cells(team, "note/3")["client3"] == MatrixCell("refers", refers_kind="decision", refers_id="about-budget")


def test_a_sub_entry_of_an_entry_hidden_by_reference_refers_to_its_parent(team):
    assert cells(team, "step/cut-approval/1")["client3"] == MatrixCell("refers", refers_kind="approval",
                                                                       refers_id="cut-approval")
    assert cells(team, "step/cut-approval/1")["client2"] == MatrixCell("tier", "3")  # its own level first
    assert cells(team, "comment/concept/1")["client1"] == MatrixCell("tier", "2")


def test_an_internal_span_is_hidden_by_tier_from_every_client_and_shown_to_the_team(team):
    got = cells(team, "span/campaign/summary/1")
    assert {a: c.state for a, c in got.items()} == {
        "client0": "tier", "client1": "tier", "client2": "tier", "client3": "tier", "team": "shown"}
    assert got["client3"].needs == "internal"


def test_a_campaign_not_given_is_said_so_for_every_row(team):
    other = [r for r in team.matrix if r.campaign == "other"]
    assert other and all(dict(zip(team.matrix_audiences, r.cells))["client3"] == MatrixCell("campaign")
                         for r in other)
    assert all(dict(zip(team.matrix_audiences, r.cells))["team"].shown for r in other)


def test_every_item_the_viewer_sees_has_exactly_one_row(team):
    keys = [(r.campaign, r.key) for r in team.matrix]
    assert len(keys) == len(set(keys))
    # the campaign, 2 deliverables, 3 milestones, 3 tasks, 3 decisions + 3 comments, 2 approvals + 3 steps,
    # 3 notes, 2 assets, the NPS series + 2 points, and the summary's span
    assert len([k for c, k in keys if c == "demo"]) == 1 + 2 + 3 + 3 + 3 + 3 + 2 + 3 + 3 + 2 + 1 + 2 + 1


def test_an_internal_site_below_tier_four_lists_only_what_it_sees(workspace, make_workspace):
    lower = workspace.config.audiences["team"].__class__(
        id="ops", title="Ops", tier=2, internal=True, campaigns=None, names="names")
    view = redact(workspace, lower)[0]
    keys = {r.key for r in view.matrix if r.campaign == "demo"}
    assert "task/budget" not in keys and "note/1" not in keys and "step/storyboard-v2/1" not in keys
    assert "comment/concept/2" in keys  # internal, and its decision is tier 2
    assert "span/campaign/summary/1" in keys


DOCS_EXAMPLE = """\
id: spring-launch
title: Spring Launch 2026
client: Acme Co.
decisions:
  - id: concept
    date: 2026-01-20
    title: Morning-ritual concept chosen
    visibility: 3
    comments:
      - {by: jane, at: 2026-01-19T15:02:00, text: "Love it. [internal]Budget is tight.[/internal]", visibility: 0}
notes:
  - {date: 2026-02-03, about: concept, text: Kickoff went well., visibility: 2}
"""


def test_the_example_of_the_docs_gives_the_rows_it_shows(make_workspace):
    """docs/format.md, "The redaction matrix": the tier-2 column is `acme`'s there (client2 here)."""
    config = MINIMAL_CONFIG.replace("campaigns: [demo]", "campaigns: [spring-launch]")
    ws = load_workspace(make_workspace.write(config, campaigns={"spring-launch": DOCS_EXAMPLE}))
    team = redact(ws, ws.config.audiences["team"])[0]
    got = [(r.title, r.kind, r.id, r.declared, dict(zip(team.matrix_audiences, r.cells))["client2"])
           for r in team.matrix]
    assert got == [
        ("Spring Launch 2026", "campaign", "spring-launch", "", MatrixCell("shown")),
        ("Morning-ritual concept chosen", "decision", "concept", "3", MatrixCell("tier", "3")),
        ("Jane Doe: Love it. Budget is tight.", "comment", "concept comment 1", "0", MatrixCell("tier", "3")),
        ("Budget is tight.", "span", "concept comment 1", "internal", MatrixCell("tier", "internal")),
        ("Kickoff went well.", "note", "note 1", "2", MatrixCell("refers", refers_kind="decision",
                                                                 refers_id="concept")),
    ]
    assert [r.key for r in team.matrix][3] == "span/comment/concept/1/text/1"
