"""Brief accuracy: what was briefed, what was delivered, what came later.

    briefed   deliverables in the brief (that the audience sees)
    delivered briefed deliverables with a published asset (on or before the as-of day)
    missing   briefed - delivered
    added_after_kickoff  briefed deliverables with a `scope` event in history
              (the history reader emits one for a deliverable added after the
              kickoff milestone); None when no history is configured
"""

from __future__ import annotations

from generator.measures.cycle import first_published
from generator.measures.types import BriefAccuracy, BriefItem
from generator.view import AudienceView, Ref, VCampaign


def applies(view: AudienceView) -> bool:
    """Deliverables are seen, and so are plans.

    The brief is a plan: an audience that sees no plans (tier 0) sees a
    deliverable only once something was delivered for it, so its own count
    would read "n of n delivered" whatever was briefed. It gets no brief
    accuracy at all, unless the agency opened the measure to it.
    """
    return "deliverable" in view.sections and view.audience.sees_plans


def items(view: AudienceView, c: VCampaign) -> list[BriefItem]:
    scoped = {ch.entry.id for ch in c.changes if ch.kind == "scope" and ch.entry.kind == "deliverable"}
    return [BriefItem(c.id, Ref("deliverable", d.id, d.title), d.due, first_published(view, c, d.id),
                      d.id in scoped)
            for d in c.deliverables]


def summarize(view: AudienceView, found: list[BriefItem]) -> BriefAccuracy:
    delivered = sum(1 for i in found if i.delivered_on is not None)
    added = sum(1 for i in found if i.added_after_kickoff) if view.history_configured else None
    ordered = sorted(found, key=lambda i: (i.due is None, i.due.isoformat() if i.due else "", i.campaign, i.ref.id))
    return BriefAccuracy(len(found), delivered, len(found) - delivered, added, tuple(ordered))


def brief_accuracy(view: AudienceView, c: VCampaign) -> BriefAccuracy | None:
    return summarize(view, items(view, c)) if applies(view) else None
