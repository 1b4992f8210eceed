"""AudienceView -> Measures: the KPIs that prove the process (FORMAT.md, "Measures").

Pure functions of the view (invariant 1): no I/O, no clock. Each measure is
computed from the entries the audience sees, and appears only when the
audience sees its inputs (the kinds in `view.sections`):

    cycle-time             tasks or deliverables      cycle.py
    approval-on-time-rate  approvals                  approvals.py
    rework-rate            approvals                  approvals.py
    brief-accuracy         deliverables, and plans    brief.py (none at tier 0: the brief is a plan)
    client-sentiment       the NPS series             sentiment.py (the kpi default, or NPS points in view)
    stalled-work           tasks or approvals         stalled.py

An agency may open a measure to a lower tier (`measures:` in site_config.yml,
`view.open_measures`). Its numbers then come from `opened` figures the
stage after redaction puts on the view (see opened.py); the view itself never holds the entries.
An opened measure whose inputs the view holds only in part (a kind or some
entries withheld) shows the opened figure too, never a partial own one.
Definitions, formulas and edge cases: docs/measures.md.
"""

from __future__ import annotations

from generator.measures import approvals, brief, cycle, sentiment, stalled
from generator.measures import opened as opened_mod
from generator.measures.types import (
    BRIEF,
    CYCLE_TIME,
    MEASURE_IDS,
    ON_TIME,
    REWORK,
    SENTIMENT,
    STALLED,
    AgencyMeasures,
    ApprovalTiming,
    BriefAccuracy,
    BriefItem,
    CampaignMeasures,
    CycleItem,
    CycleTime,
    Measures,
    MonthCount,
    OnTime,
    OverdueApproval,
    Rework,
    Rounds,
    Sentiment,
    Stalled,
    StalledTask,
)
from generator.view import AudienceView, Opened, VCampaign

__all__ = [
    "measure", "Measures", "CampaignMeasures", "AgencyMeasures", "CycleTime", "CycleItem", "OnTime",
    "ApprovalTiming", "MonthCount", "Rework", "Rounds", "BriefAccuracy", "BriefItem", "Sentiment",
    "Stalled", "StalledTask", "OverdueApproval", "MEASURE_IDS",
]


class _Opened:
    """The opened figures this audience may see, by (measure id, campaign id)."""

    def __init__(self, view: AudienceView, opened: Opened | None):
        opened = view.opened if opened is None else opened
        self.allowed = view.open_measures
        self.figures = {(f.measure, f.campaign): f.fields for f in opened.figures}
        self.inputs = {i.campaign: dict(i.counts) for i in opened.inputs}
        self.sections = view.sections

    def get(self, measure_id: str, campaign: str):
        fields = self.figures.get((measure_id, campaign))
        if measure_id not in self.allowed or fields is None:
            return None
        return opened_mod.apply(measure_id, fields)

    def replaces(self, measure_id: str, c: VCampaign) -> bool:
        """Opened to this audience, whose view of `c` lacks some of the measure's inputs."""
        return measure_id in self.allowed and opened_mod.partial(
            measure_id, c, self.sections, self.inputs.get(c.id))


def _campaign(view: AudienceView, c: VCampaign, opened: _Opened) -> CampaignMeasures:
    def pick(measure_id: str, applies: bool, compute):
        if applies and not opened.replaces(measure_id, c):
            return compute(view, c)
        return opened.get(measure_id, c.id)

    return CampaignMeasures(
        campaign=c.id, title=c.title,
        cycle_time=pick(CYCLE_TIME, cycle.applies(view), cycle.cycle_time),
        on_time=pick(ON_TIME, approvals.applies(view), approvals.on_time),
        rework=pick(REWORK, approvals.applies(view), approvals.rework),
        brief=pick(BRIEF, brief.applies(view), brief.brief_accuracy),
        sentiment=pick(SENTIMENT, sentiment.sees_nps(view, c), sentiment.sentiment),
        stalled=pick(STALLED, stalled.applies(view), stalled.stalled),
        series=tuple(c.series) if sentiment.applies(view) else (),
    )


def _agency(view: AudienceView, campaigns: tuple[VCampaign, ...], per: tuple[CampaignMeasures, ...],
            opened: _Opened) -> AgencyMeasures:
    """Pooled over the audience's campaigns: items together, not an average of rates."""
    agency = opened_mod.AGENCY

    def pooled(measure_id: str, applies: bool, build):
        if applies and not any(opened.replaces(measure_id, c) for c in campaigns):
            return build()
        return opened.get(measure_id, agency)

    def cycle_all():
        found = [cycle.campaign_items(view, c) for c in campaigns]
        return cycle.summarize([i for f in found for i in f[0]], [r for f in found for r in f[1]])

    def stalled_all():
        tasks = [t for m in per for t in (m.stalled.tasks or ())] if "task" in view.sections else None
        overdue = [o for m in per for o in (m.stalled.approvals or ())] if approvals.applies(view) else None
        return Stalled(None if tasks is None else tuple(sorted(tasks, key=_longest_first)),
                       None if overdue is None else tuple(sorted(overdue, key=_longest_first)))

    return AgencyMeasures(
        cycle_time=pooled(CYCLE_TIME, cycle.applies(view), cycle_all),
        on_time=pooled(ON_TIME, approvals.applies(view), lambda: approvals.summarize_on_time(
            view, [t for c in campaigns for t in approvals.timings(view, c)])),
        rework=pooled(REWORK, approvals.applies(view), lambda: approvals.summarize_rework(
            [r for c in campaigns for r in approvals.rounds(view, c)])),
        brief=pooled(BRIEF, brief.applies(view), lambda: brief.summarize(
            view, [i for c in campaigns for i in brief.items(view, c)])),
        sentiment=tuple((m.campaign, m.sentiment) for m in per if m.sentiment is not None) or None,
        stalled=pooled(STALLED, stalled.applies(view), stalled_all),
    )


def _longest_first(stalled: StalledTask | OverdueApproval) -> tuple[int, str, str]:
    return -stalled.days, stalled.campaign, stalled.ref.id


def measure(view: AudienceView, opened: Opened | None = None) -> Measures:
    """Every measure of every campaign the view holds, and their agency-wide aggregate.

    `opened`: the figures of measures opened to this audience (view.Opened);
    default: the view's own `opened` field (opened.with_opened_figures).
    """
    figures = _Opened(view, opened)
    campaigns = tuple(sorted(view.campaigns, key=lambda c: c.id))
    per = tuple(_campaign(view, c, figures) for c in campaigns)
    return Measures(view.as_of, view.timezone, per, _agency(view, campaigns, per, figures))
