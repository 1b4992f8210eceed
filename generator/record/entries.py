"""What one audience can see happen, as record entries, in the order the history recorded them.

Every entry is a small JSON object built from the redacted view alone (invariant 1): ids rather
than today's titles where an entry only points at another, so renaming a task later does not
alter what an earlier entry said. Times are UTC ISO 8601 strings; a day is YYYY-MM-DD.

Kinds, and the moment that places each (its `recorded` key, then the rank below):

- approval: a receipt's facts (name, asset, SHA-256, requested, due as first recorded), placed at
  the first event of it this audience sees (git's "added", or the first since it was opened to the
  audience), else when it was requested;
- step: one verdict of an approval (by, verdict, at), placed when git first held it, else at `at`;
- decision: placed at its date (a decision commit's date is its commit's);
- date-moved: an approval's, task's, milestone's... date moved by a commit (old, new);
- scope-added: a deliverable added after kickoff;
- a tombstone: an entry that left the site (a retracted decision commit; an approval, its steps and
  dates moved, or a decision, made more hidden: redact/unshared.py) keeps its place and its digest,
  without its content; and a withdrawn entry, placed when it left, says which and why.

An approval's `due` is the one first recorded: later moves are date-moved entries of their own,
so moving a due date appends to the record instead of rewriting its approval entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.canonical import (
    RANK,
    Entry,
    SortKey,
    approval_entries,
    change_entry,
    decision_entry,
    decision_key,
    utc,
)
from generator.canonical import moment as _moment
from generator.view import AudienceView, VCampaign, VDecision, VWithdrawn


@dataclass(frozen=True)
class Tombstone:
    """Where an entry stood, by the digest it had: its content has left the site."""

    digest: str


def entries(view: AudienceView) -> list[Entry | Tombstone]:
    """The view's entries, oldest recorded first; ties broken by kind, campaign and id."""
    found: list[tuple[SortKey, Entry | Tombstone]] = []
    for c in sorted(view.campaigns, key=lambda c: c.id):
        found += _approvals(c, view.timezone)
        found += [_decision(c, d, view.timezone) for d in c.decisions]
        found += [change_entry(c, ch, view.timezone) for ch in c.changes if ch.kind in ("date", "scope")]
        for w in c.withdrawn:
            found += _withdrawn(c, w, view.timezone)
    return [entry for _, entry in sorted(found, key=lambda pair: pair[0])]


def _approvals(c: VCampaign, tz: str) -> list[tuple[SortKey, Entry]]:
    return [found for a in sorted(c.approvals, key=lambda a: a.id) for found in approval_entries(c, a, tz)]


def _decision(c: VCampaign, d: VDecision, tz: str) -> tuple[SortKey, Entry]:
    return (_moment(d.date, tz), RANK["decision"], c.id, decision_key(d), 0), decision_entry(c.id, d, tz)


def _withdrawn(c: VCampaign, w: VWithdrawn, tz: str) -> list[tuple[SortKey, Entry | Tombstone]]:
    """The tombstone at the withdrawn entry's place, and the entry that says when and why it left."""
    return [((w.placed, w.rank, c.id, w.id, w.n), Tombstone(w.digest)),
            ((_moment(w.at, tz), RANK["withdrawn"], c.id, w.digest, 0), {
                "kind": "withdrawn", "reason": w.reason, "campaign": c.id, "digest": w.digest,
                "at": utc(w.at, tz)})]
