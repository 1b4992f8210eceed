"""The "as of" moment of a site: never the build machine's clock.

With history, the time of the last commit that changed one of the
audience's campaign files, or of the last decision commit it sees: never
another campaign's (a client must not learn when a campaign it is not given
last moved). Without history (or no commit about its campaigns), the latest *recorded* date
among the entries this audience sees (planned dates such as a due date, an
unreached milestone or a not-started task's start do not count: they have
not happened).
"""

from __future__ import annotations

import datetime as dt

from generator.model import Workspace
from generator.view import VCampaign


def _recorded_dates(c: VCampaign):
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
    yield from (a.published for a in c.assets if a.published)
    for s in c.series + ((c.nps,) if c.nps else ()):
        yield from (p.date for p in s.points)


def _day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def as_of_for(workspace: Workspace, campaigns: tuple[VCampaign, ...]) -> dt.date | dt.datetime | None:
    history = workspace.history
    if history.as_of is not None:
        moments = [history.last_change[c.id] for c in campaigns if c.id in history.last_change]
        moments += [d.date for c in campaigns for d in c.decisions if d.commit]
        if moments:
            return max(moments)
    dates = [d for c in campaigns for d in _recorded_dates(c)]
    return max(dates) if dates else None
