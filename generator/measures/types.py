"""What the measures are: frozen values, computed from one AudienceView.

A measure that is `None` on a CampaignMeasures does not appear for the
audience (it cannot see the measure's inputs). A measure that appears but
has nothing to count holds `None` in its headline number: "no data", never
0% or 100%. `aggregate_only` marks a measure opened to this audience by
`measures:` in site_config.yml: its numbers came from entries the audience
does not see, so it carries the numbers and no items.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from generator.view import Ref, VLabel, VPoint, VSeries

# Measure ids, as written under `measures:` in site_config.yml.
CYCLE_TIME = "cycle-time"
ON_TIME = "approval-on-time-rate"
REWORK = "rework-rate"
BRIEF = "brief-accuracy"
SENTIMENT = "client-sentiment"
STALLED = "stalled-work"
MEASURE_IDS = (CYCLE_TIME, ON_TIME, REWORK, BRIEF, SENTIMENT, STALLED)

# Where a day a measure counts from came from: the task's own `start`, the commit that added the
# task, or the commit that set a label.
DaySource = Literal["start", "added", "label"]


@dataclass(frozen=True)
class CountedFrom:
    """The day a measure counts a task from, and which record gave it."""

    day: dt.date
    source: DaySource


@dataclass(frozen=True)
class CycleItem:
    """One finished task or delivered deliverable and how long it took."""

    campaign: str
    ref: Ref  # kind task | deliverable
    start: dt.date
    end: dt.date
    days: int
    start_from: DaySource  # start (the task's start) | label (first started label) | added (entered the plan)


@dataclass(frozen=True)
class CycleTime:
    count: int
    median: float | None
    p75: float | None
    max: float | None
    items: tuple[CycleItem, ...] = ()  # longest first
    unmeasured: tuple[Ref, ...] = ()  # finished, but no start could be found
    aggregate_only: bool = False


@dataclass(frozen=True)
class ApprovalTiming:
    """An approval that counts for the on-time rate."""

    campaign: str
    ref: Ref  # kind approval; title = subject title and version
    due: dt.datetime
    decided_at: dt.datetime | None  # the last visible step's time; None: no step, past due
    state: str  # the last visible step's verdict (approved | rejected | changes-requested) | open (no step)
    on_time: bool


@dataclass(frozen=True)
class MonthCount:
    month: str  # YYYY-MM of the due date
    on_time: int
    late: int


@dataclass(frozen=True)
class OnTime:
    rate: float | None  # on_time / counted; None when nothing counts
    on_time: int
    counted: int
    items: tuple[ApprovalTiming, ...] = ()  # by due date
    by_month: tuple[MonthCount, ...] = ()
    aggregate_only: bool = False


@dataclass(frozen=True)
class Rounds:
    """Approval rounds (steps) about one deliverable, or one subject without a deliverable."""

    campaign: str
    ref: Ref  # the deliverable, else the approval's subject
    rounds: int
    changes_requested: int


@dataclass(frozen=True)
class Rework:
    rate: float | None  # changes_requested / steps; None with no steps
    changes_requested: int
    steps: int
    by_deliverable: tuple[Rounds, ...] = ()
    aggregate_only: bool = False


@dataclass(frozen=True)
class BriefItem:
    campaign: str
    ref: Ref  # kind deliverable
    due: dt.date | None
    delivered_on: dt.date | None  # first published asset
    added_after_kickoff: bool


@dataclass(frozen=True)
class BriefAccuracy:
    briefed: int
    delivered: int
    missing: int
    added_after_kickoff: int | None  # None without history: unknown, not zero
    items: tuple[BriefItem, ...] = ()
    aggregate_only: bool = False


@dataclass(frozen=True)
class Sentiment:
    points: tuple[VPoint, ...]  # by date
    latest: VPoint | None
    baseline: VPoint | None  # the last point on or before latest - 90 days
    change: float | None  # latest - baseline; None without a baseline
    aggregate_only: bool = False


@dataclass(frozen=True)
class StalledTask:
    campaign: str
    ref: Ref  # kind task
    label: VLabel
    since: dt.date  # when the task took its current label
    days: int
    threshold: int
    since_from: DaySource  # label (a label change in history) | added (the commit that added it) | start


@dataclass(frozen=True)
class OverdueApproval:
    campaign: str
    ref: Ref  # kind approval
    due: dt.datetime
    days: int  # whole days past due, as of the as-of date


@dataclass(frozen=True)
class Stalled:
    tasks: tuple[StalledTask, ...] | None  # None: the audience does not see tasks
    approvals: tuple[OverdueApproval, ...] | None  # None: it does not see approvals
    task_count: int | None = None  # set for opened aggregates (no items)
    approval_count: int | None = None
    aggregate_only: bool = False

    @property
    def count(self) -> int:
        if self.aggregate_only:
            return (self.task_count or 0) + (self.approval_count or 0)
        return len(self.tasks or ()) + len(self.approvals or ())


@dataclass(frozen=True)
class CampaignMeasures:
    campaign: str
    title: str
    cycle_time: CycleTime | None
    on_time: OnTime | None
    rework: Rework | None
    brief: BriefAccuracy | None
    sentiment: Sentiment | None
    stalled: Stalled | None
    series: tuple[VSeries, ...]  # custom KPI series, as the view holds them

    def shown(self) -> bool:
        """Whether any measure appears for this campaign."""
        return any(m is not None for m in (self.cycle_time, self.on_time, self.rework, self.brief,
                                           self.sentiment, self.stalled)) or bool(self.series)


@dataclass(frozen=True)
class AgencyMeasures:
    """The same measures across every campaign the audience sees."""

    cycle_time: CycleTime | None
    on_time: OnTime | None
    rework: Rework | None
    brief: BriefAccuracy | None
    sentiment: tuple[tuple[str, Sentiment], ...] | None  # (campaign id, its sentiment)
    stalled: Stalled | None


@dataclass(frozen=True)
class Measures:
    as_of: dt.date | dt.datetime | None
    timezone: str
    campaigns: tuple[CampaignMeasures, ...]  # sorted by campaign id
    agency: AgencyMeasures

    def campaign(self, campaign_id: str) -> CampaignMeasures | None:
        return next((c for c in self.campaigns if c.campaign == campaign_id), None)
