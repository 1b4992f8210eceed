"""Every user-visible UI string, in English and Spanish, and date formatting.

Pages and the theme's chrome ask here for their words: `t(lang, key, **kw)`.
Dates read like "20 Jan 2026"; times are shown in the site's timezone (naive
times in the content are already local to it).
"""

from __future__ import annotations

import datetime as dt
import string

from generator.dates import aware  # one rule for local time: naive times are already local

LANGUAGES = ("en", "es")

MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"),
}
MONTHS_LONG = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
}

DAYS = {  # Sunday first, as Plotly's locale format wants them
    "en": ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"),
    "es": ("domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"),
}
DAYS_SHORT = {
    "en": ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"),
    "es": ("dom", "lun", "mar", "mié", "jue", "vie", "sáb"),
}

from generator.render.strings import STRINGS  # noqa: E402  (the tables are long)


def lang_of(language: str | None) -> str:
    return language if language in LANGUAGES else "en"


class _Counted(string.Formatter):
    """`{n:item|items}` writes "1 item", "0 items", "3 items": a counted noun agrees with its count
    (English and Spanish both take the singular for exactly one, "+1" and "-1" too)."""

    def format_field(self, value, format_spec: str) -> str:
        if "|" in format_spec:
            one, many = format_spec.split("|", 1)
            return f"{value} {one if str(value).lstrip('+-−') == '1' else many}"
        return super().format_field(value, format_spec)


_COUNTED = _Counted()


def fill(text: str, values: dict) -> str:
    """`text` with its `{placeholders}` filled in, counted nouns agreeing ({n:item|items})."""
    return _COUNTED.vformat(text, (), values) if values else text


def t(lang: str, key: str, **values) -> str:
    """The UI string `key` in `lang`, with `{placeholders}` filled in."""
    return fill(STRINGS[lang_of(lang)].get(key) or STRINGS["en"][key], values)


def chrome_strings(lang: str) -> dict[str, str]:
    """The strings the theme's page chrome needs (config.extra.receipts.strings)."""
    keys = ("home", "search", "search_placeholder", "search_label", "matrix", "skip", "as_of",
            "no_results", "footer", "sections", "not_found", "site_nav", "section_measures",
            "results_one", "results_many", "search_failed")
    return {key: t(lang, key) for key in keys}


# -- dates and times -------------------------------------------------------------


def format_date(value: dt.date, lang: str) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    return f"{value.day} {MONTHS[lang_of(lang)][value.month - 1]} {value.year}"


def format_month(value: dt.date, lang: str) -> str:
    name = MONTHS_LONG[lang_of(lang)][value.month - 1]
    name = name[0].upper() + name[1:]
    return f"{name} {value.year}" if lang_of(lang) == "en" else f"{name} de {value.year}"


def format_datetime(value: dt.datetime, lang: str, tz: str) -> str:
    moment = aware(value, tz)
    return f"{format_date(moment.date(), lang)}, {moment.strftime('%H:%M')}"


def format_when(value: dt.date | dt.datetime | None, lang: str, tz: str) -> str:
    """A date, or a date and time, as people read it."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return format_datetime(value, lang, tz)
    return format_date(value, lang)


def iso_when(value: dt.date | dt.datetime, tz: str) -> str:
    """The machine-readable form for <time datetime=...>."""
    if isinstance(value, dt.datetime):
        return aware(value, tz).isoformat()
    return value.isoformat()


def format_duration(delta: dt.timedelta, lang: str, precise: bool = True) -> str:
    """A span such as "3 d 15 h 30 min" or "15 h 0 min"; `precise=False` drops zero units ("9 h")."""
    total = abs(int(delta.total_seconds())) // 60
    days, rest = divmod(total, 24 * 60)
    hours, mins = divmod(rest, 60)
    words = STRINGS[lang_of(lang)]
    units = [(days, words["unit_day"]), (hours, words["unit_hour"]), (mins, words["unit_min"])]
    while len(units) > 1 and units[0][0] == 0:  # no leading zeros: "15 h 0 min", "15 min"
        units.pop(0)
    if not precise:
        while len(units) > 1 and units[-1][0] == 0:
            units.pop()
        units = [u for u in units if u[0]] or units
    return " ".join(f"{n} {unit}" for n, unit in units)
