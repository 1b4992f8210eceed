"""Small AudienceViews built by hand, for the measures tests (no workspace, no git)."""

from __future__ import annotations

import datetime as dt

from generator.model import BUILTIN_LABELS
from generator.redact.entries import SECTION_KINDS
from generator.view import (
    AudienceView, Ref, VApproval, VAsset, VAudience, VCampaign, VChange, VDeliverable, VLabel, VMilestone,
    VPoint, VSeries, VStep, VTask,
)

LABELS = {label.id: VLabel(label.id, label.title, label.kind) for label in BUILTIN_LABELS}
LABELS["waiting-on-print"] = VLabel("waiting-on-print", "Waiting on the printer", "waiting")
ALL_SECTIONS = frozenset(SECTION_KINDS)
D = dt.date


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def deliverable(id: str, title: str | None = None, due: dt.date | None = None) -> VDeliverable:
    return VDeliverable(id, title or id.title(), due)


def task(id: str, label: str = "in-progress", start=None, done=None, deliverable: str | None = None,
         title: str | None = None, due=None) -> VTask:
    ref = Ref("deliverable", deliverable, deliverable.title()) if deliverable else None
    return VTask(id, title or f"Task {id}", "Owner", LABELS[label], ref, start, due, done)


def asset(id: str, deliverable: str, published) -> VAsset:
    return VAsset(id, f"Asset {id}", Ref("deliverable", deliverable, deliverable.title()), None, None, published)


def change(kind: str, entry_kind: str, entry_id: str, when: str, old=None, new=None) -> VChange:
    return VChange(at(when), kind, Ref(entry_kind, entry_id, entry_id), "label" if kind == "label" else None,
                   old, new, "Agency team", None, "c0ffee")


def approval(id: str, subject: str, due: str | None, *steps: tuple[str, str], subject_kind: str = "task",
             requested: str = "2026-01-01T09:00:00", version: str | None = None) -> VApproval:
    return VApproval(id, Ref(subject_kind, subject, f"Subject {subject}"), version, None, None, at(requested),
                     at(due) if due else None, tuple(VStep("Client", v, at(w), "") for v, w in steps))


def series(id: str, *points: tuple[dt.date, float], title: str | None = None, unit: str = "people") -> VSeries:
    return VSeries(id, title or id.title(), unit, tuple(VPoint(d, v) for d, v in points))


def milestone(id: str, date: dt.date, reached: bool = False, title: str | None = None) -> VMilestone:
    return VMilestone(id, title or id.title(), date, reached)


def campaign(id: str = "demo", **parts) -> VCampaign:
    base = dict(id=id, title=f"Campaign {id}", client="Client Co.", summary="", goals=(), deliverables=(),
                milestones=(), tasks=(), decisions=(), approvals=(), notes=(), assets=(), nps=None, series=(),
                changes=())
    base.update({k: tuple(v) if isinstance(v, list) else v for k, v in parts.items()})
    return VCampaign(**base)


def view(*campaigns: VCampaign, as_of=D(2026, 3, 1), sections=ALL_SECTIONS, tier: int = 4, internal: bool = False,
         open_measures=(), stall_days=(("default", 7),), history: bool = True, tz: str = "UTC",
         language: str = "en", accent: str | None = None) -> AudienceView:
    return AudienceView(
        site_title="Studio", site_url=None, language=language, timezone=tz,
        audience=VAudience("client", "Client", tier, internal, "names", None, accent, sees_plans=internal or tier >= 1),
        campaigns=tuple(campaigns) or (campaign(),), labels=tuple(LABELS.values()), as_of=as_of,
        history_configured=history, sections=frozenset(sections), open_measures=frozenset(open_measures),
        stall_days=tuple(stall_days),
    )
