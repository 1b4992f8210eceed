"""The "as of" moment of a site (FORMAT.md, "Time"): never later than the build's clock, never a
publication date, and moved by nothing the audience does not see.

With `SOURCE_DATE_EPOCH` set it is the build's clock itself. Otherwise,
with history, the time of the newest commit this audience sees something
of: an editorial event its timeline shows, or a decision commit it sees. A
commit that changed only what the audience does not see (an internal task,
another campaign) never moves it: its time would tell the client that
something happened, and when. Without history (or no commit it sees
anything of), the latest *recorded* date among the entries this audience
sees (planned dates such as a due date, an unreached milestone, a KPI
target or a not-started task's start do not count: they have not happened).
Either way it is capped at the build's clock (clock.py); what is dated
after the clock was left out before (future.py).

An asset's `published` date is the one date that may be either a record
("went live on 3 Apr") or a schedule ("goes live on 1 Jun"), and nothing in
the files tells which. So it never sets the as-of moment; the as-of moment
decides it: an asset published on or before the as-of day has happened
(delivered), one published after it is *scheduled*: not finished work (a
tier-0 audience does not see it, nor its deliverable when nothing else was
delivered for it), delivered on no page, counted by no measure. Without
history, a publication date later than every other date recorded in what
the audience sees is therefore scheduled.

At tier 0 what the audience sees depends on what was delivered (a
deliverable shows once delivered, and so do the entries about it), so the
moment is settled from below (redact.py): first with nothing delivered,
then again with what that moment delivers, until it stops moving. A
publication never vouches for itself or for what it brings into view.
"""

from __future__ import annotations

import datetime as dt

from generator.clock import Clock
from generator.dates import day
from generator.model import Campaign, Workspace
from generator.view import VCampaign


def _recorded_dates(c: VCampaign):
    """Dates that happened among the entries of a view of one campaign; publications are not among them."""
    yield from (m.date for m in c.milestones if m.reached)
    for t in c.tasks:
        if t.start and t.label.kind != "todo":  # a not-started task's start is a plan
            yield t.start
        if t.done:
            yield t.done
    for d in c.decisions:
        yield _day(d.date)
        yield from (x.at.date() for x in d.comments)
    for a in c.approvals:
        yield a.requested.date()
        yield from (s.at.date() for s in a.steps)
    yield from (n.date for n in c.notes)
    for s in c.series + ((c.nps,) if c.nps else ()):
        yield from (p.date for p in s.points)


def _day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def as_of_for(workspace: Workspace, campaigns: tuple[VCampaign, ...],
              clock: Clock | None = None) -> dt.date | dt.datetime | None:
    """The as-of moment of a view of `campaigns` (`clock` None: uncapped, for callers with no build)."""
    tz = workspace.config.timezone
    if clock is not None and clock.pinned:
        return clock.moment(tz)
    found = _newest_seen(workspace, campaigns)
    return found if clock is None else clock.cap(found, tz)


def _newest_seen(workspace: Workspace, campaigns: tuple[VCampaign, ...]) -> dt.date | dt.datetime | None:
    """The newest commit the audience sees something of; without one, the newest day recorded in what it sees."""
    moments: list[dt.date | dt.datetime] = [ch.at for c in campaigns for ch in c.changes]
    moments += [d.date for c in campaigns for d in c.decisions if d.commit]
    if moments:
        return max(moments)
    dates = [d for c in campaigns for d in _recorded_dates(c)]
    return max(dates) if dates else None


def publication_day(as_of: dt.date | dt.datetime | None, tz: str) -> dt.date | None:
    """The last day whose publications have happened: the as-of moment's day (None: none has)."""
    return None if as_of is None else day(as_of, tz)


def is_scheduled(published: dt.date | None, last_day: dt.date | None) -> bool:
    """Published after the last day that happened: scheduled, not delivered. An undated asset is not."""
    return published is not None and (last_day is None or published > last_day)


def scheduled_ids(campaign: Campaign, last_day: dt.date | None) -> frozenset[str]:
    """The campaign's assets published after `last_day`."""
    return frozenset(a.id for a in campaign.assets if is_scheduled(a.published, last_day))
