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
    FIRST_TIER_WITH_PLANS,
    INTERNAL,
    Asset,
    Audience,
    Campaign,
    Deliverable,
    Milestone,
    entry_kind,
    references,
)
from generator.redact.why import REFERS, TIER, VISIBLE, Verdict, by_tier


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


def entry_verdicts(campaign: Campaign, audience: Audience,
                   scheduled: frozenset[str] = frozenset()) -> dict[str, Verdict]:
    """Each entry of the campaign (NPS included) by id: whether the audience sees it, and why not.

    `scheduled`: the campaign's assets published after the audience's as-of
    day (asof.scheduled_ids); none by default. Whether the campaign is given
    to the audience at all is the caller's question.
    """
    entries = entries_with_nps(campaign)
    delivered = delivered_ids(campaign, audience, scheduled)
    verdicts: dict[str, Verdict] = {}
    for entry_id, entry in entries.items():
        if not audience.reaches(entry.visibility):
            verdicts[entry_id] = by_tier(entry.visibility)
        elif not audience.sees_plans() and _is_plan(entry, delivered, scheduled):
            plan = "scheduled" if isinstance(entry, Asset) else "planned"
            verdicts[entry_id] = Verdict(TIER, needs=str(FIRST_TIER_WITH_PLANS), plan=plan)
        else:
            verdicts[entry_id] = VISIBLE
    changed = True
    while changed:  # hiding one entry can hide the entries that refer to it
        changed = False
        for entry_id in sorted(i for i, v in verdicts.items() if v.shown):
            missing = [ref for ref in references(entries[entry_id]) if not verdicts.get(ref, _GONE).shown]
            if missing:
                target = entries.get(missing[0])
                what = entry_kind(target) if target is not None else "entry"
                verdicts[entry_id] = Verdict(REFERS, refers_to=(what, missing[0]))
                changed = True
    return verdicts


_GONE = Verdict(REFERS)  # a reference to no entry of the campaign: never shown


def _reason(verdict: Verdict, visibility: int) -> str:
    """The terminal's word for a verdict (Withheld.reason)."""
    if verdict.state == REFERS and verdict.refers_to is not None:
        return f"reference:{verdict.refers_to[0]} {verdict.refers_to[1]}"
    return verdict.plan or why_not(visibility)


def report_withheld(report: Report, campaign: Campaign, verdicts: dict[str, Verdict]) -> None:
    """The entries `verdicts` hides, with their reasons, in the report for the terminal."""
    entries = entries_with_nps(campaign)
    for entry_id, verdict in verdicts.items():
        if not verdict.shown:
            entry = entries[entry_id]
            report.withheld.append(Withheld(campaign.id, entry_kind(entry), entry_id,
                                            _reason(verdict, entry.visibility)))


def visible_ids(campaign: Campaign, audience: Audience, report: Report | None = None,
                scheduled: frozenset[str] = frozenset()) -> set[str]:
    """Ids of the campaign's entries the audience sees, references resolved (`entry_verdicts`)."""
    verdicts = entry_verdicts(campaign, audience, scheduled)
    if report is not None:
        report_withheld(report, campaign, verdicts)
    return {entry_id for entry_id, verdict in verdicts.items() if verdict.shown}
