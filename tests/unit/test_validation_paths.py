"""Key paths in messages are the paths written in the file, down to the item."""

from __future__ import annotations

from tests.unit.test_loading import CAMPAIGN, problems_of


def test_a_deliverable_is_named_under_brief(make_workspace):
    found = problems_of(make_workspace, CAMPAIGN.replace("title: Hero video, due: 2026-03-01",
                                                         "title: Hero video, due: 2026-13-01"))
    assert found == ["content/campaigns/demo.yml:6: brief.deliverables[0].due: expected a real date as YYYY-MM-DD; "
                     "got '2026-13-01'"]


def test_a_kpi_series_is_named_under_kpis(make_workspace):
    campaign = CAMPAIGN + "kpis:\n  series:\n    - {id: reach, title: Reach, unitt: people, points: []}\n"
    found = problems_of(make_workspace, campaign)
    assert found == ["content/campaigns/demo.yml:35: kpis.series[0].unitt: unknown key 'unitt' (did you mean 'unit'?); "
                     "expected one of: id, points, title, unit, visibility"]


def test_a_kpi_point_is_named_under_its_series(make_workspace):
    campaign = CAMPAIGN + "kpis:\n  series:\n    - {id: reach, title: Reach, points: [{date: 2026-01-01, value: x}]}\n"
    assert problems_of(make_workspace, campaign) == [
        "content/campaigns/demo.yml:35: kpis.series[0].points[0].value: expected a number such as 42 or 3.5; got 'x'"]


def test_reference_errors_name_the_item_that_holds_them(make_workspace):
    """Steps, comments and notes have no id: the message says which one, counted as in the file."""
    campaign = CAMPAIGN.replace("      - {by: jane, verdict: approved, at: 2026-01-24T09:00:00}\n",
                                "      - {by: jane, verdict: approved, at: 2026-01-24T09:00:00}\n"
                                "      - {by: jim, verdict: approved, at: 2026-01-25T09:00:00}\n") \
        .replace("      - {by: jane, at: 2026-01-19T15:02:00, text: Fine by us.}\n",
                 "      - {by: jane, at: 2026-01-19T15:02:00, text: Fine by us.}\n"
                 "      - {by: joe, at: 2026-01-19T16:02:00, text: Me too.}\n") \
        + "  - {date: 2026-02-04, about: ghost, text: Again.}\n"
    assert problems_of(make_workspace, campaign) == [
        "content/campaigns/demo.yml:23: decisions[concept].comments[1].by: 'joe' is not a known person",
        "content/campaigns/demo.yml:32: approvals[storyboard-v2].steps[2].by: 'jim' is not a known person",
        "content/campaigns/demo.yml:35: notes[1].about: 'ghost' is not a known entry id of this campaign",
    ]


def test_an_item_that_did_not_read_does_not_shift_the_count(make_workspace):
    """The first step is refused (a bad verdict); the third is still steps[2], not steps[1]."""
    campaign = CAMPAIGN.replace("verdict: changes-requested", "verdict: maybe") \
        .replace("      - {by: jane, verdict: approved, at: 2026-01-24T09:00:00}\n",
                 "      - {by: jane, verdict: approved, at: 2026-01-24T09:00:00}\n"
                 "      - {by: jim, verdict: approved, at: 2026-01-25T09:00:00}\n") \
        .replace("  - {date: 2026-02-03, about: kickoff, text: All good.}\n",
                 "  - {date: 2026-02-30, about: kickoff, text: All good.}\n"
                 "  - {date: 2026-02-04, about: ghost, text: Again.}\n")
    found = problems_of(make_workspace, campaign)
    assert "content/campaigns/demo.yml:31: approvals[storyboard-v2].steps[2].by: 'jim' is not a known person" in found
    assert "content/campaigns/demo.yml:34: notes[1].about: 'ghost' is not a known entry id of this campaign" in found
