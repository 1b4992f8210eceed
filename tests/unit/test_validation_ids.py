"""Ids that would stand for something else: `nps` is the NPS series' own."""

from __future__ import annotations

import re

import pytest

from tests.unit.test_loading import CAMPAIGN, problems_of

NPS_CAMPAIGN = CAMPAIGN + """\
kpis:
  nps: [{date: 2026-01-01, value: 31}]
  series:
    - title: Zebra secret churn
      id: nps
      visibility: internal
      points: [{date: 2026-01-01, value: 3}]
"""


def test_a_series_may_not_take_the_nps_series_id(make_workspace):
    """Redaction keys the NPS series as "nps": a series `nps` would be shown by its visibility."""
    found = problems_of(make_workspace, NPS_CAMPAIGN)
    assert found == ["content/campaigns/demo.yml:37: kpis.series[nps].id: the id 'nps' is the NPS series' own; "
                     "choose another"]


@pytest.mark.parametrize("old,line,key", [
    ("hero", 6, "brief.deliverables[nps].id"),
    ("kickoff", 8, "milestones[nps].id"),
    ("storyboard", 10, "tasks[nps].id"),
    ("concept", 16, "decisions[nps].id"),
])
def test_nps_is_reserved_for_every_kind_even_without_an_nps_series(make_workspace, old, line, key):
    campaign = re.sub(rf"\b{old}\b", "nps", CAMPAIGN)  # the id and every reference to it
    assert problems_of(make_workspace, campaign) == [
        f"content/campaigns/demo.yml:{line}: {key}: the id 'nps' is the NPS series' own; choose another"]


def test_a_duplicate_id_is_named_by_its_place_in_the_file_after_an_item_that_did_not_read(make_workspace):
    from tests.unit.test_loading import problems_of

    campaign = ("id: demo\ntitle: Demo campaign\nclient: Client Co.\ntasks:\n  - 5\n"
                "  - {id: a, title: First, label: stuck}\n  - {id: a, title: Second, label: stuck}\n")
    problems = problems_of(make_workspace, campaign)
    assert any(p.startswith("content/campaigns/demo.yml:7: tasks[2].id: duplicate id 'a'") for p in problems), problems
