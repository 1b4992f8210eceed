"""Values that read but could not be shown: numbers past float's range, empty required text."""

from __future__ import annotations

import pytest

from tests.conftest import MINIMAL_CONFIG
from tests.unit.test_loading import CAMPAIGN, problems_of

KPIS = "kpis:\n  nps:\n    - {date: 2026-01-01, value: VALUE}\n"
KPI_LINE = CAMPAIGN.count("\n") + 3


@pytest.mark.parametrize("value", ["1e999", "-1e999", "1" + "0" * 400])
def test_a_number_too_large_for_a_float_is_refused(make_workspace, value):
    """1e999 reads as infinity: 'inf' on pages, `Infinity` (not JSON) from `receipts kpis --format json`."""
    found = problems_of(make_workspace, CAMPAIGN + KPIS.replace("VALUE", value))
    assert found == [f"content/campaigns/demo.yml:{KPI_LINE}: kpis.nps[0].value: expected a number "
                     f"between -1.7e308 and 1.7e308; got '{value}'"]


def test_large_finite_and_tiny_numbers_still_read(make_workspace):
    from generator.inputs import load_workspace

    campaign = CAMPAIGN + ("kpis:\n  series:\n    - id: reach\n      title: Reach\n      points:\n"
                           "        - {date: 2026-01-01, value: 1.5e308}\n"
                           "        - {date: 2026-01-02, value: 1e-999}\n")
    points = load_workspace(make_workspace.write(campaigns={"demo": campaign})).campaigns["demo"].series[0].points
    assert [p.value for p in points] == [1.5e308, 0.0]


@pytest.mark.parametrize("value", ["101", "-100.5", "1e300"])
def test_an_nps_value_is_a_score_from_minus_100_to_100(make_workspace, value):
    """A Net Promoter Score lies in -100..100; outside, its 90-day change could overflow to infinity too."""
    found = problems_of(make_workspace, CAMPAIGN + KPIS.replace("VALUE", value))
    assert found == [f"content/campaigns/demo.yml:{KPI_LINE}: kpis.nps[0].value: expected a Net Promoter Score "
                     f"from -100 to 100; got '{value}'"]


EMPTY = "expected non-empty text; got an empty value"


@pytest.mark.parametrize("old,new,line,key", [
    ("title: Demo campaign", "title: ''", 2, "title"),
    ("client: Client Co.", 'client: "  "', 3, "client"),
    ("{id: hero, title: Hero video,", "{id: hero, title: '',", 6, "brief.deliverables[0].title"),
    ("{id: kickoff, title: Kickoff,", "{id: kickoff, title: ' ',", 8, "milestones[0].title"),
    ("    title: Storyboard\n", "    title: ''\n", 11, "tasks[0].title"),
    ("    title: Morning concept chosen\n", "    title: \"\\t\"\n", 18, "decisions[0].title"),
    ("text: Fine by us.}", "text: ''}", 22, "decisions[0].comments[0].text"),
    ("text: All good.}", "text: ''}", 32, "notes[0].text"),
])
def test_required_campaign_text_may_not_be_empty(make_workspace, old, new, line, key):
    assert old in CAMPAIGN
    assert problems_of(make_workspace, CAMPAIGN.replace(old, new)) == [
        f"content/campaigns/demo.yml:{line}: {key}: {EMPTY}"]


def test_required_text_of_assets_and_series_may_not_be_empty(make_workspace):
    campaign = CAMPAIGN + ("assets:\n  - {id: final, title: '', url: 'https://example.com/final'}\n"
                           "kpis:\n  series:\n    - {id: reach, title: ' ', points: []}\n")
    assert problems_of(make_workspace, campaign) == [
        f"content/campaigns/demo.yml:34: assets[0].title: {EMPTY}",
        f"content/campaigns/demo.yml:37: kpis.series[0].title: {EMPTY}"]


@pytest.mark.parametrize("old,new,line,key", [
    ("  title: Test Studio", "  title: ''", 2, "site.title"),
    ("name: Jane Doe,", "name: '',", 6, "people.jane.name"),
    ("role: CMO,", "role: ' ',", 6, "people.jane.role"),
    ("{title: Client one,", "{title: '',", 9, "audiences.client1.title"),
])
def test_required_config_text_may_not_be_empty(make_workspace, old, new, line, key):
    """An empty name silently became the person's id; an empty role showed a blank owner."""
    assert old in MINIMAL_CONFIG
    assert problems_of(make_workspace, config=MINIMAL_CONFIG.replace(old, new)) == [
        f"site_config.yml:{line}: {key}: {EMPTY}"]


def test_an_empty_label_title_is_an_error_not_its_id(make_workspace):
    config = MINIMAL_CONFIG + "labels:\n  on-print: {title: '', kind: waiting}\n"
    assert problems_of(make_workspace, config=config) == [
        f"site_config.yml:{MINIMAL_CONFIG.count(chr(10)) + 2}: labels.on-print.title: {EMPTY}"]


@pytest.mark.parametrize("text,key", [
    ("brief:\n  goals: [Grow sign-ups, '']\n", "brief.goals[1]"),
    ("brief:\n  goals: ['   ']\n", "brief.goals[0]"),
    ("decisions:\n  - {id: c1, date: 2026-01-20, title: Pick one, alternatives: [A bigger film, '']}\n",
     "decisions[0].alternatives[1]"),
])
def test_an_empty_goal_or_alternative_is_an_error_not_a_blank_bullet(make_workspace, text, key):
    campaign = "id: demo\ntitle: Demo campaign\nclient: Client Co.\n" + text
    (problem,) = problems_of(make_workspace, campaign)
    assert f": {key}: expected non-empty text" in problem


def test_a_goal_is_named_by_its_place_in_the_file_after_an_empty_one(make_workspace):
    campaign = ("id: demo\ntitle: Demo campaign\nclient: Client Co.\nbrief:\n  goals:\n    - ''\n"
                "    - Grow sign-ups\n    - Reach [internal]1.5M\n")
    problems = problems_of(make_workspace, campaign)
    assert any(p.startswith("content/campaigns/demo.yml:8: brief.goals[2]: an [internal] span is never closed")
               for p in problems), problems
