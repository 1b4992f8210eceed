"""The build's clock (FORMAT.md, "Time"): what is after it, and how it caps "as of"."""

from __future__ import annotations

import datetime as dt

from generator.clock import Clock

NOON = Clock(dt.datetime(2026, 3, 1, 11, 0, tzinfo=dt.timezone.utc), pinned=False)  # 12:00 in Madrid


def test_today_has_happened_and_tomorrow_has_not():
    assert not NOON.is_future(dt.date(2026, 3, 1), "Europe/Madrid")
    assert NOON.is_future(dt.date(2026, 3, 2), "Europe/Madrid")


def test_a_naive_moment_is_read_in_the_sites_timezone():
    assert not NOON.is_future(dt.datetime(2026, 3, 1, 12, 0), "Europe/Madrid")
    assert NOON.is_future(dt.datetime(2026, 3, 1, 12, 1), "Europe/Madrid")
    assert NOON.is_future(dt.datetime(2026, 3, 1, 11, 1), "UTC")


def test_the_day_is_the_sites_day():
    late = Clock(dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.timezone.utc), pinned=False)
    assert late.day("UTC") == dt.date(2026, 3, 1) and late.day("Europe/Madrid") == dt.date(2026, 3, 2)


def test_cap_keeps_the_past_and_brings_the_future_back_to_the_clock():
    past = dt.datetime(2026, 2, 1, 10, tzinfo=dt.timezone.utc)
    assert NOON.cap(past, "UTC") == past
    assert NOON.cap(dt.datetime(2026, 12, 24, tzinfo=dt.timezone.utc), "UTC") == NOON.at
    assert NOON.cap(dt.date(2026, 12, 31), "UTC") == dt.date(2026, 3, 1)
    assert NOON.cap(None, "UTC") is None


def test_source_date_epoch_pins_the_clock():
    clock = Clock.read(1772366400)
    assert clock.pinned and clock.epoch == 1772366400
    assert clock.moment("Europe/Madrid").isoformat() == "2026-03-01T13:00:00+01:00"
