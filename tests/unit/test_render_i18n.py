"""Dates read like "20 Jan 2026" in the site's language and timezone."""

import datetime as dt

from generator.render import i18n
from generator.render.strings import EN, ES


def test_dates_read_day_month_year():
    assert i18n.format_date(dt.date(2026, 1, 20), "en") == "20 Jan 2026"
    assert i18n.format_date(dt.date(2026, 1, 20), "es") == "20 ene 2026"


def test_naive_times_are_already_in_the_site_timezone():
    assert i18n.format_when(dt.datetime(2026, 1, 19, 15, 2), "en", "Europe/Madrid") == "19 Jan 2026, 15:02"


def test_aware_times_are_shown_in_the_site_timezone():
    utc = dt.datetime(2026, 1, 19, 23, 30, tzinfo=dt.timezone.utc)
    assert i18n.format_when(utc, "en", "Europe/Madrid") == "20 Jan 2026, 00:30"
    assert i18n.iso_when(utc, "Europe/Madrid") == "2026-01-20T00:30:00+01:00"


def test_durations():
    assert i18n.format_duration(dt.timedelta(hours=15), "en") == "15 h 0 min"
    assert i18n.format_duration(dt.timedelta(hours=9), "en", precise=False) == "9 h"
    assert i18n.format_duration(dt.timedelta(days=3, hours=15, minutes=30), "en") == "3 d 15 h 30 min"
    assert i18n.format_duration(dt.timedelta(minutes=15), "en", precise=False) == "15 min"


def test_every_string_exists_in_both_languages():
    assert set(EN) == set(ES)
    assert all(ES[key].strip() for key in ES)


def test_chrome_strings_follow_the_site_language():
    assert i18n.chrome_strings("es")["home"] == "Inicio"
    assert i18n.chrome_strings("en")["search"] == "Search"
    assert {"home", "search", "search_placeholder", "matrix", "skip", "as_of", "no_results", "footer"} <= set(
        i18n.chrome_strings("en"))
