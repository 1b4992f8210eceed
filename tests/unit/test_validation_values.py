"""Values that read but could not be shown: numbers past float's range, empty required text."""

from __future__ import annotations

import pytest

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
    from generator.sources.workspace import load_workspace

    campaign = CAMPAIGN + ("kpis:\n  series:\n    - id: reach\n      title: Reach\n      points:\n"
                           "        - {date: 2026-01-01, value: 1.5e308}\n        - {date: 2026-01-02, value: 1e-999}\n")
    points = load_workspace(make_workspace.write(campaigns={"demo": campaign})).campaigns["demo"].series[0].points
    assert [p.value for p in points] == [1.5e308, 0.0]


@pytest.mark.parametrize("value", ["101", "-100.5", "1e300"])
def test_an_nps_value_is_a_score_from_minus_100_to_100(make_workspace, value):
    """A Net Promoter Score lies in -100..100; outside, its 90-day change could overflow to infinity too."""
    found = problems_of(make_workspace, CAMPAIGN + KPIS.replace("VALUE", value))
    assert found == [f"content/campaigns/demo.yml:{KPI_LINE}: kpis.nps[0].value: expected a Net Promoter Score "
                     f"from -100 to 100; got '{value}'"]
