"""What is dated after the build's clock has not happened yet (FORMAT.md, "Time", rule 2).

Left out of every site, each with a warning that names it (`--strict`
makes the warnings errors), until the clock reaches it:

  - a commit whose author or committer date is after the clock (a machine
    with a wrong clock): its editorial events and its decision record;
  - a decision, comment, approval step, note, KPI or NPS point dated after it;
  - a milestone marked reached on a later day: shown as not reached yet;
  - a task done on a later day: shown as not done yet.

A campaign file's contents are what they are: only the dated claims above
are taken back. An asset published after the clock is not left out: a
publication date may be a schedule (an embargo), and the "as of" moment,
never later than the clock, keeps it scheduled (asof.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from generator.clock import Clock
from generator.model import Campaign, History, KpiSeries, Workspace


def leave_out_future(workspace: Workspace, clock: Clock) -> tuple[Workspace, list[str]]:
    """The workspace without what is dated after `clock`, and a warning for each thing left out."""
    tz = workspace.config.timezone
    warnings: list[str] = []
    future_commits = _future_commits(workspace.history, clock, tz, warnings)
    campaigns, dropped = {}, {}
    for campaign_id, campaign in workspace.campaigns.items():
        until = _Until(campaign, clock, tz, future_commits, warnings)
        campaigns[campaign_id] = until.campaign()
        dropped[campaign_id] = until.dropped
    history = _history_until(workspace.history, future_commits, dropped)
    if not warnings:
        return workspace, []
    return dataclasses.replace(workspace, campaigns=campaigns, history=history), warnings


def _future_commits(history: History, clock: Clock, tz: str, warnings: list[str]) -> frozenset[str]:
    """Commits authored or committed after the clock."""
    moments: dict[str, list[dt.datetime]] = {}
    for ch in history.changes:
        moments.setdefault(ch.commit, []).append(ch.at)
    for sha, at in history.dated.items():
        moments.setdefault(sha, []).append(at)
    found = set()
    for sha in sorted(moments):
        latest = max(moments[sha])
        if clock.is_future(latest, tz):
            found.add(sha)
            warnings.append(f"git commit {sha[:12]} is dated {latest.isoformat()}, after the build's clock "
                            f"({clock.moment(tz).isoformat()}): its events and decision are left out until then "
                            "(a machine with a wrong clock? fix the date with a new commit)")
    return frozenset(found)


def _history_until(history: History, future_commits: frozenset[str], dropped: dict[str, set[str]]) -> History:
    """The history without the future commits' events, nor the events of entries left out."""
    changes = tuple(ch for ch in history.changes if ch.commit not in future_commits
                    and ch.entry_id not in dropped.get(ch.campaign, ()))
    hidden = tuple(ch for ch in history.hidden if ch.commit not in future_commits)
    if changes == history.changes and hidden == history.hidden:
        return history
    return dataclasses.replace(history, changes=changes, hidden=hidden)


class _Until:
    """One campaign as of the clock; `dropped`: the ids of entries left out whole (decisions)."""

    def __init__(self, campaign: Campaign, clock: Clock, tz: str, future_commits: frozenset[str],
                 warnings: list[str]):
        self.c, self.clock, self.tz = campaign, clock, tz
        self.future_commits = future_commits
        self.warnings = warnings
        self.dropped: set[str] = set()

    def later(self, value, line: int, what: str) -> bool:
        """Whether `value` is after the clock; if so, says so, naming the file, line and entry."""
        if value is None or not self.clock.is_future(value, self.tz):
            return False
        where = f"{self.c.file}:{line}" if line else self.c.file
        self.warnings.append(f"{where}: {what} is dated {value.isoformat()}, after the build's clock "
                             f"({self.clock.day(self.tz).isoformat()}): left out until then")
        return True

    def campaign(self) -> Campaign:
        c = self.c
        return dataclasses.replace(
            c,
            milestones=tuple(dataclasses.replace(m, reached=False) if m.reached and self.later(
                m.date, m.line, f"milestones '{m.id}' (reached)") else m for m in c.milestones),
            tasks=tuple(dataclasses.replace(t, done=None) if self.later(t.done, t.line, f"tasks '{t.id}' done")
                        else t for t in c.tasks),
            decisions=tuple(self.decision(d) for d in c.decisions if not self.decision_later(d)),
            approvals=tuple(dataclasses.replace(a, steps=tuple(
                s for s in a.steps if not self.later(s.at, s.line, f"approvals '{a.id}' step by {s.by}")))
                for a in c.approvals),
            notes=tuple(n for n in c.notes if not self.later(n.date, n.line, "notes entry")),
            series=tuple(self.series(s, f"kpis series '{s.id}'") for s in c.series),
            nps=self.series(c.nps, "kpis nps") if c.nps is not None else None,
        )

    def decision_later(self, d) -> bool:
        if d.commit and d.commit in self.future_commits:  # said once, for the commit
            later = True
        else:
            later = self.later(d.date, d.line, f"decisions '{d.id}'")
        if later:
            self.dropped.add(d.id)
        return later

    def decision(self, d):
        comments = tuple(x for x in d.comments if not self.later(x.at, x.line, f"decisions '{d.id}' comment by {x.by}"))
        return d if comments == d.comments else dataclasses.replace(d, comments=comments)

    def series(self, s: KpiSeries, what: str) -> KpiSeries:
        points = tuple(p for p in s.points if not self.later(p.date, s.line, f"{what} point"))
        return s if points == s.points else dataclasses.replace(s, points=points)
