"""Entries this audience was shown that a later commit made more hidden than it: their tombstones.

An approval or a decision switched to a level the audience no longer reaches (History.hidden: git's
`hidden` events) left the audience's record. So that an earlier record stays a prefix, the record keeps
a tombstone wherever the audience saw an entry of it (the approval, each step, each date moved; the
decision), with the digest that entry had then, and appends a "no longer shared" entry at the commit that
hid it (docs/receipts.md).

The digests come from the same code path as the live entries: the campaign as it stands, with the entry
put back as the YAML held it just before that commit (the version the `hidden` event kept), redacted by a
second redactor for this audience, and shaped by generator.canonical. Only digests leave this module.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from generator import canonical
from generator.history import entry_json
from generator.model import Approval, Campaign, Change, Decision, entry_kind
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
    then = _as_it_was(c, entry, hiding)
    if then is None:
        return []
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


def _as_it_was(c: Campaign, entry: Approval | Decision, hiding: Change) -> Approval | Decision | None:
    """The entry as the YAML held it just before `hiding` (the version git's `hidden` event kept); None
    without one. Its asset's SHA-256 is today's file's while it names the same file (the walk hashes none)."""
    try:
        then = entry_json.from_json(hiding.was) if hiding.was is not None else None
    except (KeyError, TypeError, ValueError):
        return None  # not a version this code wrote: no tombstone rather than a wrong one
    if isinstance(then, Approval) and isinstance(entry, Approval) and then.asset == entry.asset:
        then = dataclasses.replace(then, asset_sha256=entry.asset_sha256)
    return then if then is not None and then.id == entry.id else None
