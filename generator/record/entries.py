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
- a tombstone: an entry that left every site (a retracted decision commit) keeps its place and its
  digest, without its content; and a withdrawn entry, placed when it left, says which and why.

An approval's `due` is the one first recorded: later moves are date-moved entries of their own,
so moving a due date appends to the record instead of rewriting its approval entry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.canonical import Entry, decision_entry, decision_key, utc
from generator.canonical import moment as _moment
from generator.view import AudienceView, VApproval, VCampaign, VChange, VDecision, VWithdrawn

RANK = {"approval": 0, "step": 1, "decision": 2, "date-moved": 3, "scope-added": 4, "withdrawn": 5}
SortKey = tuple[str, int, str, str, int]


@dataclass(frozen=True)
class Tombstone:
    """Where an entry stood, by the digest it had: its content has left the site."""

    digest: str


def iso_text(text: str | None, tz: str) -> str | None:
    """A date the history wrote as ISO text (a moved date's old or new value), normalised as utc() does."""
    if text is None:
        return None
    try:
        value = dt.datetime.fromisoformat(text) if len(text) > 10 else dt.date.fromisoformat(text)
    except ValueError:
        return text  # not a date after all: kept as written rather than guessed at
    return utc(value, tz)


def entries(view: AudienceView) -> list[Entry | Tombstone]:
    """The view's entries, oldest recorded first; ties broken by kind, campaign and id."""
    found: list[tuple[SortKey, Entry | Tombstone]] = []
    for c in sorted(view.campaigns, key=lambda c: c.id):
        found += _approvals(c, view.timezone)
        found += [_decision(c, d, view.timezone) for d in c.decisions]
        found += [_change(c, ch, view.timezone) for ch in c.changes if ch.kind in ("date", "scope")]
        for w in c.withdrawn:
            found += _withdrawn(c, w, view.timezone)
    return [entry for _, entry in sorted(found, key=lambda pair: pair[0])]


def _first_due(c: VCampaign, a: VApproval, tz: str) -> str | None:
    """The due date the approval was first recorded with: the `old` of its first due move, if any."""
    moves = sorted((ch for ch in c.changes if ch.kind == "date" and ch.entry.kind == "approval"
                    and ch.entry.id == a.id and ch.field == "due"), key=lambda ch: (ch.at, ch.old or ""))
    return iso_text(moves[0].old, tz) if moves else utc(a.due, tz)


def _first_seen(c: VCampaign, a: VApproval) -> dt.datetime | None:
    """The first commit this audience sees an event of the approval at: the view shows an event only where
    the audience reached the approval then, so an approval opened to it later than git first held it is
    placed when it was opened (or at its first event since), not before entries the audience already saw."""
    times = [ch.at for ch in c.changes if ch.entry.kind == "approval" and ch.entry.id == a.id]
    return min(times) if times else None


def _approvals(c: VCampaign, tz: str) -> list[tuple[SortKey, Entry]]:
    found: list[tuple[SortKey, Entry]] = []
    for a in sorted(c.approvals, key=lambda a: a.id):
        placed = _moment(_first_seen(c, a) or a.requested, tz)
        found.append(((placed, RANK["approval"], c.id, a.id, 0), {
            "kind": "approval", "campaign": c.id, "approval": a.id, "name": a.name, "asset": a.asset,
            "asset_sha256": a.asset_sha256, "requested": utc(a.requested, tz), "due": _first_due(c, a, tz)}))
        for n, s in enumerate(a.steps, start=1):
            step_placed = max(_moment(s.recorded or s.at, tz), placed)  # never before its approval
            found.append(((step_placed, RANK["step"], c.id, a.id, n), {
                "kind": "step", "campaign": c.id, "approval": a.id, "step": n, "by": s.by,
                "verdict": s.verdict, "at": utc(s.at, tz)}))
    return found


def _decision(c: VCampaign, d: VDecision, tz: str) -> tuple[SortKey, Entry]:
    return (_moment(d.date, tz), RANK["decision"], c.id, decision_key(d), 0), decision_entry(c.id, d, tz)


def _change(c: VCampaign, ch: VChange, tz: str) -> tuple[SortKey, Entry]:
    kind = "date-moved" if ch.kind == "date" else "scope-added"
    entry: Entry = {"kind": kind, "campaign": c.id, "entry_kind": ch.entry.kind, "entry": ch.entry.id,
             "at": utc(ch.at, tz)}
    if kind == "date-moved":
        entry.update({"field": ch.field, "old": iso_text(ch.old, tz), "new": iso_text(ch.new, tz)})
    return (_moment(ch.at, tz), RANK[kind], c.id, f"{ch.entry.id}/{ch.field}/{ch.old}/{ch.new}", 0), entry


def _withdrawn(c: VCampaign, w: VWithdrawn, tz: str) -> list[tuple[SortKey, Entry | Tombstone]]:
    """The tombstone at the withdrawn decision's place, and the entry that says when and why it left."""
    return [((w.placed, RANK["decision"], c.id, w.id, 0), Tombstone(w.digest)),
            ((_moment(w.at, tz), RANK["withdrawn"], c.id, w.digest, 0), {
                "kind": "withdrawn", "reason": w.reason, "campaign": c.id, "digest": w.digest,
                "at": utc(w.at, tz)})]
