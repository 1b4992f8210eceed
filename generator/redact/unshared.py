"""Entries this audience was shown that a later commit made more hidden than it: their tombstones.

An approval or a decision switched to a level the audience no longer reaches (History.hidden: git's
`hidden` events) left the audience's record. So that an earlier record stays a prefix, the record keeps
a tombstone wherever the audience saw an entry of it (the approval, each step, each date moved; the
decision), with the digest that entry had then, and appends a "no longer shared" entry at the commit that
hid it (docs/receipts.md).

The digests come from the same code path as the live entries: the campaign as it stands, with the entry
put back as it was just before that commit (its level then, the steps and dates git held then), redacted
by a second redactor for this audience, and shaped by generator.canonical. Only digests leave this module.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from generator import canonical, dates
from generator.model import Approval, Campaign, Change, Decision, Step, entry_kind
from generator.redact.visible import Report
from generator.view import VCampaign, VWithdrawn

REASON = "no longer shared"
_KINDS = ("approval", "decision")


def withdrawn(redactor, c: Campaign, shown: set[str]) -> tuple[VWithdrawn, ...]:
    """Tombstones for the entries of `c` this audience saw and a later commit hid from it (`redactor`: the
    audience's _Redactor, `shown`: the ids it sees in `c` today)."""
    found: list[VWithdrawn] = []
    entries = c.entries_by_id()
    for entry_id, hiding in sorted(_last_hiding(redactor, c.id).items()):
        entry = entries.get(entry_id)
        if not isinstance(entry, Approval | Decision) or entry_id in shown or entry_kind(entry) != hiding.entry_kind:
            continue  # gone since (a removal), shown again, or the id now names another kind of entry
        found += _tombstones(redactor, c, entry, hiding)
    return tuple(found)


def _last_hiding(redactor, campaign_id: str) -> dict[str, Change]:
    """Per entry: the last commit that took it from a level this audience reached to one it does not."""
    reaches = redactor.audience.reaches
    found: dict[str, Change] = {}
    for ch in sorted(redactor.ws.history.hidden, key=lambda ch: (ch.at, ch.commit)):
        if ch.campaign == campaign_id and ch.entry_kind in _KINDS and ch.old is not None and ch.new is not None \
                and reaches(int(ch.old)) and not reaches(int(ch.new)):
            found[ch.entry_id] = ch
    return found


def _tombstones(redactor, c: Campaign, entry: Approval | Decision, hiding: Change) -> list[VWithdrawn]:
    """The digests of the record entries the audience had of `entry` before `hiding`, as VWithdrawn."""
    then = _as_it_was(redactor, c, entry, hiding)
    kind = entry_kind(entry)
    if isinstance(then, Approval):
        campaign = dataclasses.replace(c, approvals=tuple(then if e.id == then.id else e for e in c.approvals))
    else:
        campaign = dataclasses.replace(c, decisions=tuple(then if e.id == then.id else e for e in c.decisions))
    replay = type(redactor)(dataclasses.replace(redactor.ws, campaigns={**redactor.ws.campaigns, c.id: campaign}),
                            redactor.audience, Report(redactor.audience.id), redactor.last_day, None, redactor.clock)
    replay.replaying = True  # no tombstones of its own: only this entry's live entries are wanted
    seen = replay.campaign(campaign)
    tz = redactor.config.timezone
    return [VWithdrawn(key[3], canonical.digest(record_entry), key[0], REASON, hiding.at, key[1], key[4])
            for key, record_entry in _entries_of(seen, kind, entry.id, hiding.at, tz)]


def _entries_of(seen: VCampaign, kind: str, entry_id: str, before: dt.datetime, tz: str):
    """The record entries of one approval or decision in a redacted campaign, with their places."""
    found = []
    if kind == "approval":
        for a in seen.approvals:
            if a.id == entry_id:
                found += canonical.approval_entries(seen, a, tz)
    else:
        found += [((canonical.moment(d.date, tz), canonical.RANK["decision"], seen.id, canonical.decision_key(d), 0),
                   canonical.decision_entry(seen.id, d, tz)) for d in seen.decisions if d.id == entry_id]
    if found:  # its dates moved while the audience saw it
        found += [canonical.change_entry(seen, ch, tz) for ch in seen.changes
                  if ch.kind == "date" and ch.entry.kind == kind and ch.entry.id == entry_id and ch.at < before]
    return found


def _as_it_was(redactor, c: Campaign, entry: Approval | Decision, hiding: Change) -> Approval | Decision:
    """The entry just before `hiding`: its level then, its dates then (a later move's old value), and for an
    approval the steps git held then. Content edited in place since is not undone (docs/receipts.md)."""
    history = redactor.ws.history
    moves = sorted((ch for ch in history.changes if ch.campaign == c.id and ch.entry_id == entry.id
                    and ch.kind == "date" and ch.at >= hiding.at and ch.field and ch.old), key=lambda ch: ch.at)
    dated: dict[str, dt.date | dt.datetime] = {}
    for ch in moves:
        dated.setdefault(str(ch.field), _parsed(str(ch.old)))
    then = dataclasses.replace(entry, visibility=int(str(hiding.old)))
    then = dataclasses.replace(then, **dated)  # type: ignore[arg-type]  # the entry's own date fields (diffs.py)
    if not isinstance(then, Approval) or not isinstance(entry, Approval):
        return then
    tz = redactor.config.timezone
    recorded = {ch.new: ch for ch in history.changes
                if ch.campaign == c.id and ch.kind == "step" and ch.entry_id == entry.id}
    steps = []
    for s in then.steps:
        event = recorded.get(s.at.isoformat())
        if (event.at if event is not None else dates.aware(s.at, tz)) < hiding.at:
            steps.append(dataclasses.replace(s, visibility=_step_level(s, event, entry, then)))
    return dataclasses.replace(then, steps=tuple(steps))


def _step_level(step: Step, event: Change | None, now: Approval, then: Approval) -> int:
    """A step's level then: as git recorded it (its event's, its approval's then included), else its
    approval's then where it only has its approval's now (a step is as hidden as its approval, load)."""
    if event is not None:
        return event.visibility
    return then.visibility if step.visibility == now.visibility else step.visibility


def _parsed(text: str) -> dt.date | dt.datetime:
    return dt.datetime.fromisoformat(text) if len(text) > 10 else dt.date.fromisoformat(text)
