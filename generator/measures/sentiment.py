"""Client sentiment: the NPS series and its change over the last 90 days.

    change = latest value - the last value dated on or before (latest date - 90 days)

No such earlier value (a single point, or a series younger than 90 days):
None ("no data"). No NPS series: no points, no change.
"""

from __future__ import annotations

import datetime as dt

from generator.measures.types import Sentiment
from generator.view import AudienceView, VCampaign, VPoint

WINDOW = dt.timedelta(days=90)


def applies(view: AudienceView) -> bool:
    return "kpi" in view.sections


def of_points(points: tuple[VPoint, ...]) -> Sentiment:
    ordered = tuple(sorted(points, key=lambda p: p.date))
    if not ordered:
        return Sentiment((), None, None, None)
    latest = ordered[-1]
    earlier = [p for p in ordered if p.date <= latest.date - WINDOW]
    baseline = earlier[-1] if earlier else None
    change = None if baseline is None else latest.value - baseline.value
    return Sentiment(ordered, latest, baseline, change)


def sentiment(view: AudienceView, c: VCampaign) -> Sentiment | None:
    if not applies(view):
        return None
    return of_points(c.nps.points if c.nps is not None else ())
