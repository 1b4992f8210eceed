"""Aggregates an agency opened to a lower tier (`measures:` in site_config.yml).

An opened measure reaches an audience that cannot see its inputs. Its
numbers must come from entries that audience's view does not hold, so a
stage of its own, between redaction and measuring, computes them from a
wider view and puts them on the audience's view as plain numbers only (no
titles, no ids of entries): view.Opened, one OpenedFigure per measure and
campaign (campaign "" for the agency).

`with_opened_figures(workspace, audience, view, clock)` is that stage:
`figures(full_view, ids)` computes them with the same measure functions, on
a view redacted for the widest non-internal reader of the audience's
campaigns; `apply` turns one back into an aggregate-only measure.

With them travels, per campaign, how many entries of each input kind the
opened measures use that wider view held (view.InputCounts). `partial`
compares those counts with the audience's own view: an opened measure
whose inputs the audience sees only in part shows the opened figure, never
a figure computed from the part (docs/measures.md).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from generator.clock import Clock
from generator.measures.types import (
    BRIEF,
    CYCLE_TIME,
    ON_TIME,
    REWORK,
    SENTIMENT,
    STALLED,
    BriefAccuracy,
    CycleTime,
    OnTime,
    Rework,
    Sentiment,
    Stalled,
)
from generator.model import Audience, Workspace
from generator.redact.entries import redact
from generator.view import AudienceView, Fields, InputCounts, Opened, OpenedFigure, VCampaign

AGENCY = ""  # the campaign of a figure for all the audience's campaigns together

# The kinds of entries each measure counts with, and the section that shows each kind.
INPUT_KINDS: dict[str, tuple[str, ...]] = {
    CYCLE_TIME: ("task", "deliverable", "asset"),  # tasks; deliverables, ended by their first asset
    ON_TIME: ("approval", "step"),
    REWORK: ("approval", "step"),
    BRIEF: ("deliverable", "asset"),
    SENTIMENT: ("nps",),  # the points of the NPS series
    STALLED: ("task", "approval", "step"),  # a step decides whether an approval is still open
}
SECTION_OF = {"task": "task", "deliverable": "deliverable", "asset": "asset", "approval": "approval",
              "step": "approval", "nps": "kpi"}


def input_counts(c: VCampaign) -> dict[str, int]:
    """How many entries of each input kind a view of one campaign holds."""
    return {"task": len(c.tasks), "deliverable": len(c.deliverables), "asset": len(c.assets),
            "approval": len(c.approvals), "step": sum(len(a.steps) for a in c.approvals),
            "nps": len(c.nps.points) if c.nps is not None else 0}


def partial(measure_id: str, own: VCampaign, sections: frozenset[str], wide: dict[str, int] | None) -> bool:
    """Whether an audience's view of a campaign lacks some of the measure's inputs.

    `wide`: the inputs counts of the widest non-internal view. A client's
    view is part of that view, so fewer entries of a kind means some were
    withheld (by the kind's default tier or by their own visibility); an
    internal view holds at least as many. Without counts, a kind whose
    section the audience does not get is missing.
    """
    kinds = INPUT_KINDS[measure_id]
    if wide is None:
        return any(SECTION_OF[k] not in sections for k in kinds)
    counts = input_counts(own)
    return any(counts[k] < wide.get(k, 0) for k in kinds)


def headline(measure_id: str, value) -> Fields | None:
    """The numbers of a measure that may be published without its entries."""
    if value is None:
        return None
    if measure_id == CYCLE_TIME:
        return (("count", value.count), ("median", value.median), ("p75", value.p75), ("max", value.max))
    if measure_id == ON_TIME:
        return (("rate", value.rate), ("on_time", value.on_time), ("counted", value.counted))
    if measure_id == REWORK:
        return (("rate", value.rate), ("changes_requested", value.changes_requested), ("steps", value.steps))
    if measure_id == BRIEF:
        return (("briefed", value.briefed), ("delivered", value.delivered), ("missing", value.missing),
                ("added_after_kickoff", value.added_after_kickoff))
    if measure_id == SENTIMENT:
        return (("change", value.change),)
    if measure_id == STALLED:
        return (("tasks", None if value.tasks is None else len(value.tasks)),
                ("approvals", None if value.approvals is None else len(value.approvals)))
    raise ValueError(f"unknown measure {measure_id!r}")


def apply(measure_id: str, fields: Fields):
    """An aggregate-only measure from its published numbers."""
    f = dict(fields)
    if measure_id == CYCLE_TIME:
        return CycleTime(int(f["count"] or 0), f["median"], f["p75"], f["max"], aggregate_only=True)
    if measure_id == ON_TIME:
        return OnTime(f["rate"], int(f["on_time"] or 0), int(f["counted"] or 0), aggregate_only=True)
    if measure_id == REWORK:
        return Rework(f["rate"], int(f["changes_requested"] or 0), int(f["steps"] or 0), aggregate_only=True)
    if measure_id == BRIEF:
        added = f["added_after_kickoff"]
        return BriefAccuracy(int(f["briefed"] or 0), int(f["delivered"] or 0), int(f["missing"] or 0),
                             None if added is None else int(added), aggregate_only=True)
    if measure_id == SENTIMENT:
        return Sentiment((), None, None, f["change"], aggregate_only=True)
    if measure_id == STALLED:
        tasks, approvals = f["tasks"], f["approvals"]
        return Stalled(None, None, None if tasks is None else int(tasks),
                       None if approvals is None else int(approvals), aggregate_only=True)
    raise ValueError(f"unknown measure {measure_id!r}")




def with_opened_figures(workspace: Workspace, audience: Audience, view: AudienceView,
                        clock: Clock | None = None) -> AudienceView:
    """`view` with the numbers of the measures opened to it, from the widest *client* reader's view.

    The agency opened these aggregates below their entries' tier, so they are
    computed from a tier-4, non-internal view of the same campaigns: internal
    entries never feed a number a client sees. Only the numbers travel.
    """
    if not view.open_measures:
        return view
    widest = dataclasses.replace(audience, tier=4, internal=False)
    wide_view, _ = redact(workspace, widest, clock)
    return dataclasses.replace(view, opened=figures(wide_view, sorted(view.open_measures)))


def figures(full_view: AudienceView, measure_ids: Iterable[str]) -> Opened:
    """The opened measures' numbers, per campaign and for the agency, from a fuller view.

    `with_opened_figures` calls this with the view of the widest reader
    allowed to feed the aggregate (see docs/measures.md); the audience's own
    view never holds the entries.
    """
    from generator.measures import measure

    measures = measure(full_view, opened=Opened())
    ids = sorted(set(measure_ids))
    kinds = sorted({k for measure_id in ids for k in INPUT_KINDS[measure_id]})
    inputs = tuple(InputCounts(c.id, tuple((k, n) for k, n in sorted(input_counts(c).items()) if k in kinds))
                   for c in sorted(full_view.campaigns, key=lambda c: c.id))
    out: list[OpenedFigure] = []
    for per in measures.campaigns:
        for measure_id in ids:
            fields = headline(measure_id, _of(per, measure_id))
            if fields is not None:
                out.append(OpenedFigure(measure_id, per.campaign, fields))
    for measure_id in ids:
        value = _of(measures.agency, measure_id)
        if measure_id == SENTIMENT:
            continue  # NPS is per client; there is no agency-wide change to publish
        fields = headline(measure_id, value)
        if fields is not None:
            out.append(OpenedFigure(measure_id, AGENCY, fields))
    return Opened(tuple(out), inputs)


def _of(measures, measure_id: str):
    return getattr(measures, {CYCLE_TIME: "cycle_time", ON_TIME: "on_time", REWORK: "rework", BRIEF: "brief",
                              SENTIMENT: "sentiment", STALLED: "stalled"}[measure_id])
