"""Record entries as canonical bytes, below every stage: redaction digests what it withdraws with these.

An entry is a JSON object in RFC 8785 form, its digest the SHA-256 of those bytes (docs/receipts.md).
A decision's entry is shaped here, because redaction must digest a retracted decision exactly as the
record digested it while it was shown; generator/record/ shapes every other kind.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import rfc8785  # RFC 8785 (JCS) by Trail of Bits: one canonical byte string per JSON value

from generator import dates
from generator.view import VDecision

Entry = dict[str, object]  # JSON values: str, int, None, list[str]


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
