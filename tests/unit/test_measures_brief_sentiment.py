"""Brief accuracy and client sentiment (NPS change over 90 days)."""

from __future__ import annotations

from generator.measures import measure
from tests.unit.measures_views import D, asset, campaign, change, deliverable, series, view


def one(v):
    return measure(v).campaigns[0]


def test_brief_briefed_delivered_missing_and_added_after_kickoff():
    c = campaign(deliverables=[deliverable("film"), deliverable("poster"), deliverable("site")],
                 assets=[asset("cut", "film", D(2026, 2, 4)),
                         asset("poster-final", "poster", D(2026, 5, 1))],  # after the as-of day
                 changes=[change("added", "deliverable", "site", "2026-02-01T10:00:00"),
                          change("scope", "deliverable", "site", "2026-02-01T10:00:00")])
    b = one(view(c, as_of=D(2026, 3, 1))).brief
    assert (b.briefed, b.delivered, b.missing, b.added_after_kickoff) == (3, 1, 2, 1)
    assert {i.ref.id: i.delivered_on for i in b.items} == {"film": D(2026, 2, 4), "poster": None, "site": None}


def test_without_history_added_after_kickoff_is_unknown_not_zero():
    c = campaign(deliverables=[deliverable("film")])
    assert one(view(c, history=False)).brief.added_after_kickoff is None
    assert one(view(c, history=True)).brief.added_after_kickoff == 0


def test_empty_brief_counts_nothing():
    b = one(view(campaign())).brief
    assert (b.briefed, b.delivered, b.missing) == (0, 0, 0)


def test_nps_change_against_the_last_value_on_or_before_90_days_earlier():
    nps = series("nps", (D(2025, 12, 1), 20), (D(2026, 1, 1), 30), (D(2026, 2, 1), 35), (D(2026, 4, 1), 44))
    s = one(view(campaign(nps=nps))).sentiment
    # 1 Apr - 90 days = 1 Jan: that day counts ("on or before")
    assert (s.latest.value, s.baseline.date, s.change) == (44, D(2026, 1, 1), 14)


def test_nps_with_a_single_point_has_no_change():
    s = one(view(campaign(nps=series("nps", (D(2026, 4, 1), 44))))).sentiment
    assert s.latest.value == 44 and s.change is None


def test_nps_younger_than_90_days_has_no_change():
    nps = series("nps", (D(2026, 1, 9), 31), (D(2026, 4, 3), 44))  # 84 days apart
    assert one(view(campaign(nps=nps))).sentiment.change is None


def test_no_nps_series_is_an_empty_measure():
    s = one(view(campaign())).sentiment
    assert s.points == () and s.latest is None and s.change is None
