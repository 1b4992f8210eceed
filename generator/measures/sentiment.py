"""Client sentiment: the NPS series and its change over the last 90 days.

    change = latest value - the last value dated on or before (latest date - 90 days)

No such earlier value (a single point, or a series younger than 90 days):
None ("no data"). No NPS series: no points, no change.

The NPS series is an input of its own, apart from the custom series: a
KPI series given to a tier-0 audience opens its KPI section, but not the
NPS, which takes the `kpi` default. The measure appears for a campaign when
the audience reaches that default, or its view holds NPS points; otherwise
it does not appear, rather than read "no score recorded yet" about scores
that are recorded and only kept from this audience.
"""

from __future__ import annotations

import datetime as dt

from generator.measures.types import Sentiment
from generator.view import AudienceView, VCampaign, VPoint

WINDOW = dt.timedelta(days=90)


def applies(view: AudienceView) -> bool:
    """The KPI section: the custom series are charted."""
    return "kpi" in view.sections


def sees_nps(view: AudienceView, c: VCampaign) -> bool:
    """Whether the NPS of `c` is an input this audience sees (client sentiment appears)."""
    if c.nps is not None and c.nps.points:
        return True
    by_default = view.defaults_reached if view.defaults_reached is not None else view.sections
    return "kpi" in by_default


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
    if not sees_nps(view, c):
        return None
    return of_points(c.nps.points if c.nps is not None else ())
