"""Record entries as canonical bytes, below every stage: redaction digests what it withdraws with these.

An entry is a JSON object in RFC 8785 form, its digest the SHA-256 of those bytes (docs/receipts.md).
A decision's, an approval's and its steps' entries are shaped here, because redaction must digest one
that left the site (retracted, or made more hidden) exactly as the record digested it while it was shown;
generator/record/ shapes every other kind.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import rfc8785  # RFC 8785 (JCS) by Trail of Bits: one canonical byte string per JSON value

from generator import dates
from generator.view import VApproval, VCampaign, VChange, VDecision

Entry = dict[str, object]  # JSON values: str, int, None, list[str]
RANK = {"approval": 0, "step": 1, "decision": 2, "date-moved": 3, "scope-added": 4, "withdrawn": 5}
SortKey = tuple[str, int, str, str, int]  # (moment, RANK, campaign, id, step): the record's order


def canonical(entry: Entry) -> bytes:
    """The entry's bytes as RFC 8785 fixes them: sorted keys, no spaces, UTF-8, shortest numbers."""
    return rfc8785.dumps(entry)  # type: ignore[arg-type]  # its JSON type is narrower than object


def digest(entry: Entry) -> str:
    return hashlib.sha256(canonical(entry)).hexdigest()


def utc(value: dt.date | dt.datetime | None, tz: str) -> str | None:
    """A moment as UTC ISO 8601 (a naive one is in the site's timezone); a day as YYYY-MM-DD."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return dates.aware(value, tz).astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")
    return value.isoformat()


def moment(value: dt.date | dt.datetime, tz: str) -> str:
    """A sortable UTC moment: a day counts from its start in the site's timezone."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    return utc(value, tz) or ""


# No commit hash goes into an entry: a hash stands for everything its commit holds, internal edits
# included, so an entry's digest must not depend on one (a client's record would change with what
# it may not see). A decision commit is named by its title and date; a YAML decision by its id too.

def decision_entry(campaign_id: str, d: VDecision, tz: str) -> Entry:
    return {"kind": "decision", "campaign": campaign_id, "decision": d.id if d.commit is None else None,
            "title": d.title, "date": utc(d.date, tz), "decided_by": list(d.decided_by)}


def decision_key(d: VDecision) -> str:
    """What orders decisions of the same moment: their title, then a YAML decision's id (never a hash)."""
    return f"{d.title}\n{d.id if d.commit is None else ''}"


def iso_text(text: str | None, tz: str) -> str | None:
    """A date the history wrote as ISO text (a moved date's old or new value), normalised as utc() does."""
    if text is None:
        return None
    try:
        value = dt.datetime.fromisoformat(text) if len(text) > 10 else dt.date.fromisoformat(text)
    except ValueError:
        return text  # not a date after all: kept as written rather than guessed at
    return utc(value, tz)


def approval_entries(c: VCampaign, a: VApproval, tz: str) -> list[tuple[SortKey, Entry]]:
    """An approval's entry and one per step, each with its place in the record (record/entries.py)."""
    placed = moment(_first_seen(c, a) or a.requested, tz)
    found: list[tuple[SortKey, Entry]] = [((placed, RANK["approval"], c.id, a.id, 0), {
        "kind": "approval", "campaign": c.id, "approval": a.id, "name": a.name, "asset": a.asset,
        "asset_sha256": a.asset_sha256, "requested": utc(a.requested, tz), "due": _first_due(c, a, tz)})]
    for n, s in enumerate(a.steps, start=1):
        step_placed = max(moment(s.recorded or s.at, tz), placed)  # never before its approval
        found.append(((step_placed, RANK["step"], c.id, a.id, n), {
            "kind": "step", "campaign": c.id, "approval": a.id, "step": n, "by": s.by,
            "verdict": s.verdict, "at": utc(s.at, tz)}))
    return found


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


def change_entry(c: VCampaign, ch: VChange, tz: str) -> tuple[SortKey, Entry]:
    """A date moved or scope added (a VChange of kind date or scope), with its place in the record."""
    kind = "date-moved" if ch.kind == "date" else "scope-added"
    entry: Entry = {"kind": kind, "campaign": c.id, "entry_kind": ch.entry.kind, "entry": ch.entry.id,
                    "at": utc(ch.at, tz)}
    if kind == "date-moved":
        entry.update({"field": ch.field, "old": iso_text(ch.old, tz), "new": iso_text(ch.new, tz)})
    return (moment(ch.at, tz), RANK[kind], c.id, f"{ch.entry.id}/{ch.field}/{ch.old}/{ch.new}", 0), entry
