"""Why an audience sees an item or not: one verdict per entry, sub-entry and `[internal]` span.

The redactor (entries.py) keeps an item exactly when its verdict is
`shown`, and the internal redaction matrix prints the same verdicts, so the
matrix cannot say "shown" for an item a site leaves out, or the reverse.
The ladder's rules for entries are in visible.py (`entry_verdicts`); the
rules for what hangs below an entry are here:
  - a sub-entry (a decision's comment, an approval's step, a KPI point)
    shows when the audience reaches its own level and its parent shows; its
    effective level is the stricter of the two (FORMAT.md);
  - a note shows when the audience reaches its level and what it is about shows;
  - an `[internal]` span shows only on internal sites, and only where the
    text holding it shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Audience, visibility_name

SHOWN, TIER, REFERS, NOT_GIVEN = "shown", "tier", "refers", "campaign"


@dataclass(frozen=True)
class Verdict:
    """Whether one audience sees one item and, when not, why.

    state: shown | tier (its level is above the audience's; `needs` says which
    level, `plan` says when a tier-0 audience is kept from a plan) | refers
    (it refers to, or hangs below, the hidden item `refers_to`: (kind, id))
    | campaign (the audience is not given the campaign).
    """

    state: str
    needs: str = ""  # "1".."4" | "internal"
    plan: str = ""  # "planned" | "scheduled": not finished work yet, at tier 0
    refers_to: tuple[str, str] | None = None

    @property
    def shown(self) -> bool:
        return self.state == SHOWN


VISIBLE = Verdict(SHOWN)
CAMPAIGN_NOT_GIVEN = Verdict(NOT_GIVEN)


def by_tier(level: int) -> Verdict:
    return Verdict(TIER, needs=visibility_name(level))


def child_verdict(audience: Audience, level: int, parent: Verdict, parent_level: int,
                  parent_ref: tuple[str, str]) -> Verdict:
    """A comment, step or KPI point at `level` under a parent with verdict `parent`."""
    if parent.state == NOT_GIVEN:
        return parent
    if not audience.reaches(level):
        return by_tier(max(level, parent_level))
    if parent.state == TIER:
        return parent
    if not parent.shown:
        return Verdict(REFERS, refers_to=parent_ref)
    return VISIBLE


def note_verdict(audience: Audience, level: int, about: str | None, entries: dict[str, Verdict],
                 kinds: dict[str, str]) -> Verdict:
    """A note at `level`, about the entry `about` (or about the campaign: None)."""
    if not audience.reaches(level):
        return by_tier(level)
    if about is not None and not entries[about].shown:
        return Verdict(REFERS, refers_to=(kinds.get(about, "entry"), about))
    return VISIBLE


def shows_spans(audience: Audience) -> bool:
    """Whether `[internal]` spans are kept (unwrapped) in this audience's text, or removed."""
    return audience.internal


def span_verdict(audience: Audience, holder: Verdict) -> Verdict:
    """An `[internal]` span inside a text whose item has the verdict `holder`."""
    if holder.state == NOT_GIVEN:
        return holder
    if not shows_spans(audience):
        return Verdict(TIER, needs="internal")
    return holder
