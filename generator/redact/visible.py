"""Which entries of a campaign an audience sees, and a report of what it does not (and why).

The ladder's rules for entries (FORMAT.md): an entry shows when the
audience reaches its visibility; at tier 0 a plan does not (a milestone not
reached, a deliverable nothing was delivered for, a scheduled asset); an
entry that refers to a hidden entry is hidden too, to a fixpoint.
entries.py builds the view from these ids; the audit gate asks them too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.model import (
    INTERNAL,
    Asset,
    Audience,
    Campaign,
    Deliverable,
    Milestone,
    entry_kind,
    references,
)


@dataclass(frozen=True)
class Withheld:
    """An entry kept from an audience, and why. For the terminal only."""

    campaign: str
    kind: str
    id: str
    reason: str  # tier | internal | planned | scheduled | parent | reference:<kind> <id> | commit (a message)


@dataclass
class Report:
    audience: str
    shown: int = 0
    withheld: list[Withheld] = field(default_factory=list)

    @property
    def by_reference(self) -> list[Withheld]:
        return [w for w in self.withheld if w.reason.startswith("reference")]

    @property
    def scheduled(self) -> list[Withheld]:
        """Final work published after the site's as-of day: not finished work at tier 0 (asof.py)."""
        return [w for w in self.withheld if w.reason == "scheduled"]

    @property
    def messages(self) -> list[Withheld]:
        """Commit messages their trailer shares, kept back because their commit changed more than this audience sees."""
        return [w for w in self.withheld if w.kind == "message"]


def why_not(visibility: int) -> str:
    return "internal" if visibility == INTERNAL else "tier"


def entries_with_nps(campaign: Campaign) -> dict[str, Any]:
    """Every entry by id, and the NPS series under "nps": each has a visibility of its own."""
    entries = campaign.entries_by_id()
    if campaign.nps is not None:
        entries["nps"] = campaign.nps
    return entries


def delivered_ids(campaign: Campaign, audience: Audience, scheduled: frozenset[str] = frozenset()) -> set[str]:
    """Deliverables with at least one asset the audience reaches by the asset's own visibility, and that is
    not scheduled (published after the as-of day: asof.py).

    Decided before references are resolved, from visibility and dates alone:
    an asset refers to its deliverable, so asking whether the asset *shows*
    would need the deliverable to show first, and each would wait on the
    other. `scheduled` is fixed before this is asked (see `_settled`).
    """
    return {a.deliverable for a in campaign.assets
            if a.deliverable is not None and audience.reaches(a.visibility) and a.id not in scheduled}


def _is_plan(entry, delivered: set[str], scheduled: frozenset[str]) -> bool:
    """A milestone not reached yet, a deliverable nothing was delivered for, or a scheduled asset: a plan.

    Tier 0 is "finished work only (final creative, milestones reached)": the
    assets are the finished work, so a deliverable shows there only once one
    of its assets does (`delivered`), and never by its due date alone; an
    asset published after the as-of day is not finished work yet.
    """
    if isinstance(entry, Milestone):
        return not entry.reached
    if isinstance(entry, Deliverable):
        return entry.id not in delivered
    if isinstance(entry, Asset):
        return entry.id in scheduled
    return False


def visible_ids(campaign: Campaign, audience: Audience, report: Report | None = None,
                scheduled: frozenset[str] = frozenset()) -> set[str]:
    """Ids of the campaign's entries the audience sees, references resolved.

    `scheduled`: the campaign's assets published after the audience's as-of
    day (asof.scheduled_ids); none by default.
    """
    entries = entries_with_nps(campaign)
    delivered = delivered_ids(campaign, audience, scheduled)
    shown = set()
    for entry_id, entry in entries.items():
        if not audience.reaches(entry.visibility):
            if report is not None:
                report.withheld.append(Withheld(campaign.id, entry_kind(entry), entry_id,
                                                why_not(entry.visibility)))
        elif not audience.sees_plans() and _is_plan(entry, delivered, scheduled):
            if report is not None:
                reason = "scheduled" if isinstance(entry, Asset) else "planned"
                report.withheld.append(Withheld(campaign.id, entry_kind(entry), entry_id, reason))
        else:
            shown.add(entry_id)
    changed = True
    while changed:  # hiding one entry can hide the entries that refer to it
        changed = False
        for entry_id in sorted(shown):
            missing = [ref for ref in references(entries[entry_id]) if ref not in shown]
            if missing:
                shown.discard(entry_id)
                changed = True
                if report is not None:
                    target = entries.get(missing[0])
                    what = entry_kind(target) if target is not None else "entry"
                    report.withheld.append(Withheld(campaign.id, entry_kind(entries[entry_id]), entry_id,
                                                    f"reference:{what} {missing[0]}"))
    return shown
