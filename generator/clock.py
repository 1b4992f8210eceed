"""The build's clock (FORMAT.md, "Time"): `SOURCE_DATE_EPOCH` when set, else the machine's clock.

Read once per build, at its start (`Clock.read`), and passed down: nothing
deeper in the package reads the machine's clock. It caps the "as of" moment
(asof.py) and decides what has not happened yet (future.py); with
`SOURCE_DATE_EPOCH` it *is* the "as of" moment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Clock:
    at: dt.datetime  # aware, UTC, whole seconds
    pinned: bool  # from SOURCE_DATE_EPOCH: then "as of" is this moment itself

    @classmethod
    def read(cls, pinned_epoch: int | None) -> Clock:
        """The clock of one build: the pinned epoch, or the machine's clock now."""
        if pinned_epoch is not None:
            return cls.pinned_at(pinned_epoch)
        return cls(dt.datetime.now(dt.timezone.utc).replace(microsecond=0), False)

    @classmethod
    def pinned_at(cls, epoch: int) -> Clock:
        return cls(dt.datetime.fromtimestamp(epoch, dt.timezone.utc), True)

    @property
    def epoch(self) -> int:
        return int(self.at.timestamp())

    def moment(self, tz: str) -> dt.datetime:
        """The clock in the site's timezone."""
        return self.at.astimezone(ZoneInfo(tz or "UTC"))

    def day(self, tz: str) -> dt.date:
        """Today, as the site's timezone counts days."""
        return self.moment(tz).date()

    def is_future(self, value: dt.date | dt.datetime, tz: str) -> bool:
        """Dated after the clock: it has not happened yet. A date is after it from the next day on (a naive
        moment is local to the site's timezone, as everywhere)."""
        if isinstance(value, dt.datetime):
            zone = ZoneInfo(tz or "UTC")
            aware = value.replace(tzinfo=zone) if value.tzinfo is None else value
            return aware > self.at
        return value > self.day(tz)

    def cap(self, value: dt.date | dt.datetime | None, tz: str) -> dt.date | dt.datetime | None:
        """`value`, never later than the clock (a day, never later than today)."""
        if value is None or not self.is_future(value, tz):
            return value
        return self.moment(tz) if isinstance(value, dt.datetime) else self.day(tz)
