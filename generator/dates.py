"""Days and moments in the site's timezone (naive times are already local to it)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from generator.view import AudienceView


def aware(value: dt.datetime, tz: str) -> dt.datetime:
    zone = ZoneInfo(tz or "UTC")
    return value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)


def day(value: dt.date | dt.datetime, tz: str) -> dt.date:
    """The calendar day of a date or moment, in the site's timezone."""
    return aware(value, tz).date() if isinstance(value, dt.datetime) else value


def as_of_day(view: AudienceView) -> dt.date | None:
    return None if view.as_of is None else day(view.as_of, view.timezone)


def passed(due: dt.datetime, as_of: dt.date | dt.datetime | None, tz: str) -> bool:
    """Whether `due` had passed as of the as-of date.

    With an as-of moment, strictly before it; with an as-of day (no history),
    a due moment on an earlier day (a due on the as-of day itself has not
    passed yet: the day is not over).
    """
    if as_of is None:
        return False
    if isinstance(as_of, dt.datetime):
        return aware(due, tz) < aware(as_of, tz)
    return day(due, tz) < as_of


def at_or_before(a: dt.datetime, b: dt.datetime, tz: str) -> bool:
    return aware(a, tz) <= aware(b, tz)
