"""Measures -> plain data (JSON-ready dicts, CSV rows), as `receipts kpis` prints them.

A measure the audience cannot see has no key at all; a measure that appears
with nothing to count has `null` as its number ("no data").
"""

from __future__ import annotations

import datetime as dt

from generator.dates import aware
from generator.measures.types import (
    AgencyMeasures,
    BriefAccuracy,
    CampaignMeasures,
    CycleTime,
    Measures,
    OnTime,
    Rework,
    Sentiment,
    Stalled,
)

RATE_DIGITS = 4


def number(value: float | int | None) -> float | int | None:
    """Integral values as int, others rounded to 4 decimals (as pages and CSVs use them)."""
    if value is None:
        return None
    if float(value).is_integer():
        return int(value)
    return round(float(value), RATE_DIGITS)


def when(value: dt.date | dt.datetime | None, tz: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return aware(value, tz).isoformat()
    return value.isoformat()


def _cycle(m: CycleTime, tz: str) -> dict:
    out: dict[str, object] = {"count": m.count, "median": number(m.median), "p75": number(m.p75), "max": number(m.max)}
    if m.aggregate_only:
        return out | {"opened": True}
    out["items"] = [{"campaign": i.campaign, "kind": i.ref.kind, "id": i.ref.id, "title": i.ref.title,
                     "start": when(i.start, tz), "end": when(i.end, tz), "days": i.days,
                     "start_from": i.start_from} for i in m.items]
    out["unmeasured"] = [{"kind": r.kind, "id": r.id, "title": r.title} for r in m.unmeasured]
    return out


def _on_time(m: OnTime, tz: str) -> dict:
    out: dict[str, object] = {"on_time": m.on_time, "counted": m.counted}
    if m.aggregate_only:
        return out | {"opened": True}
    out["items"] = [{"campaign": i.campaign, "id": i.ref.id, "title": i.ref.title, "due": when(i.due, tz),
                     "decided_at": when(i.decided_at, tz), "state": i.state, "on_time": i.on_time}
                    for i in m.items]
    out["by_month"] = [{"month": b.month, "on_time": b.on_time, "late": b.late} for b in m.by_month]
    return out


def _rework(m: Rework) -> dict:
    out: dict[str, object] = {"changes_requested": m.changes_requested, "steps": m.steps}
    if m.aggregate_only:
        return out | {"opened": True}
    out["by_deliverable"] = [{"campaign": r.campaign, "kind": r.ref.kind, "id": r.ref.id, "title": r.ref.title,
                              "rounds": r.rounds, "changes_requested": r.changes_requested}
                             for r in m.by_deliverable]
    return out


def _brief(m: BriefAccuracy, tz: str) -> dict:
    out: dict[str, object] = {"briefed": m.briefed, "delivered": m.delivered, "missing": m.missing,
           "added_after_kickoff": m.added_after_kickoff}
    if m.aggregate_only:
        return out | {"opened": True}
    out["items"] = [{"campaign": i.campaign, "id": i.ref.id, "title": i.ref.title, "due": when(i.due, tz),
                     "delivered_on": when(i.delivered_on, tz), "added_after_kickoff": i.added_after_kickoff}
                    for i in m.items]
    return out


def _sentiment(m: Sentiment, tz: str) -> dict:
    def point(p):
        return None if p is None else {"date": when(p.date, tz), "value": number(p.value)}

    if m.aggregate_only:
        return {"opened": True}
    return {"latest": point(m.latest), "baseline": point(m.baseline), "points": [point(p) for p in m.points]}


def _stalled(m: Stalled, tz: str) -> list[dict]:
    out = [{"kind": "task", "campaign": s.campaign, "id": s.ref.id, "title": s.ref.title, "days": s.days,
            "label": s.label.id, "since": when(s.since, tz), "threshold": s.threshold} for s in m.tasks or ()]
    out += [{"kind": "approval", "campaign": o.campaign, "id": o.ref.id, "title": o.ref.title, "days": o.days,
             "due": when(o.due, tz)} for o in m.approvals or ()]
    return out


def _common(m: CampaignMeasures | AgencyMeasures, tz: str) -> dict:
    out: dict = {}
    if m.cycle_time is not None:
        out["cycle_time_days"] = _cycle(m.cycle_time, tz)
    if m.on_time is not None:
        out["approval_on_time_rate"] = number(m.on_time.rate)
        out["approval_on_time"] = _on_time(m.on_time, tz)
    if m.rework is not None:
        out["rework_rate"] = number(m.rework.rate)
        out["rework"] = _rework(m.rework)
    if m.brief is not None:
        out["brief_accuracy"] = _brief(m.brief, tz)
    if m.stalled is not None:
        out["stalled_count"] = m.stalled.count
        if not m.stalled.aggregate_only:
            out["stalled"] = _stalled(m.stalled, tz)
    return out


def campaign_dict(m: CampaignMeasures, tz: str) -> dict:
    out: dict[str, object] = {"title": m.title} | _common(m, tz)
    if m.sentiment is not None:
        out["nps_change_90d"] = number(m.sentiment.change)
        out["nps"] = _sentiment(m.sentiment, tz)
    if m.series:
        out["series"] = [{"id": s.id, "title": s.title, "unit": s.unit,
                          "points": [{"date": when(p.date, tz), "value": number(p.value)} for p in s.points]}
                         for s in m.series]
    return out


def as_dict(measures: Measures, audience: str | None = None) -> dict:
    tz = measures.timezone
    out: dict = {"as_of": when(measures.as_of, tz)}
    if audience is not None:
        out["audience"] = audience
    out["campaigns"] = {m.campaign: campaign_dict(m, tz) for m in measures.campaigns}
    out["agency"] = _common(measures.agency, tz)
    return out


CSV_HEADER = ("campaign", "measure", "value")


def headline_rows(measures: Measures) -> list[tuple[str, str, str]]:
    """One row per headline number: (campaign id or "*" for the agency, measure key, value)."""
    rows = []
    data = as_dict(measures)
    scopes = list(data["campaigns"].items()) + [("*", data["agency"])]
    for campaign, values in scopes:
        for key, value in values.items():
            if key in ("title", "series", "nps"):
                continue
            if key == "stalled":
                rows += [(campaign, f"stalled.{s['kind']}.{s['id']}.days", str(s["days"])) for s in value]
            elif isinstance(value, dict):
                rows += [(campaign, f"{key}.{k}", _cell(v)) for k, v in value.items()
                         if not isinstance(v, (list, dict)) and k != "opened"]
            else:
                rows.append((campaign, key, _cell(value)))
    return rows


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
