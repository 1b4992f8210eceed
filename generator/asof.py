"""The "as of" moment of a site: never the build machine's clock.

With history, the last commit's time. Without, the latest *recorded* date
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
    if workspace.history.as_of is not None:
        return workspace.history.as_of
    dates = [d for c in campaigns for d in _recorded_dates(c)]
    return max(dates) if dates else None
