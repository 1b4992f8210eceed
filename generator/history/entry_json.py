"""An approval or a decision as a JSON object and back: the version a `hidden` event hid (diffs.py).

The history cache holds events as JSON (cache.py), so the version of an entry just before the commit
that made it more hidden travels as plain JSON values; redact/unshared.py makes it an entry again to
digest it as the audience saw it. A decision's comments are left out: no record entry holds them.
"""

from __future__ import annotations

import datetime as dt

from generator.model import Approval, Decision, Step

Raw = dict[str, object]


def as_json(entry: Approval | Decision) -> Raw:
    if isinstance(entry, Approval):
        return {"kind": "approval", "id": entry.id, "subject": entry.subject, "version": entry.version,
                "asset": entry.asset, "requested": entry.requested.isoformat(), "due": _text(entry.due),
                "visibility": entry.visibility,
                "steps": [[s.by, s.verdict, s.at.isoformat(), s.comment, s.visibility] for s in entry.steps]}
    return {"kind": "decision", "id": entry.id, "date": entry.date.isoformat(), "title": entry.title,
            "why": entry.why, "alternatives": list(entry.alternatives), "decided_by": list(entry.decided_by),
            "relates_to": list(entry.relates_to), "visibility": entry.visibility}


def from_json(raw: Raw) -> Approval | Decision:
    """Raises KeyError, TypeError or ValueError on anything but as_json's output."""
    r: dict = raw
    if r["kind"] == "approval":
        steps = tuple(Step(by, verdict, dt.datetime.fromisoformat(at), comment, int(level))
                      for by, verdict, at, comment, level in r["steps"])
        requested = dt.datetime.fromisoformat(r["requested"])
        return Approval(r["id"], r["subject"], r["version"], r["asset"], None, requested, _moment(r["due"]), steps,
                        int(r["visibility"]))
    return Decision(r["id"], _day_or_moment(r["date"]), r["title"], r["why"], tuple(r["alternatives"]),
                    tuple(r["decided_by"]), tuple(r["relates_to"]), (), int(r["visibility"]))


def _text(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _moment(text: str | None) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text)


def _day_or_moment(text: str) -> dt.date | dt.datetime:
    return dt.datetime.fromisoformat(text) if len(text) > 10 else dt.date.fromisoformat(text)
