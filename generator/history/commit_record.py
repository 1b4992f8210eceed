"""What the walker keeps of a commit: who wrote it, what its message and trailers say (records.CommitRecord)."""

from __future__ import annotations

import re

from generator.history import retractions
from generator.history.decisions import OUR_TRAILERS, Trailers
from generator.history.log import Commit
from generator.history.records import CommitRecord
from generator.history.trailers import Message, parse_message
from generator.model import SiteConfig

_MAYBE_TRAILER = re.compile(rf"(?im)^(?:{'|'.join(OUR_TRAILERS)})[ \t]*:")
_PUBLIC_MAIL = {
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com",
    "icloud.com", "me.com", "proton.me", "protonmail.com", "users.noreply.github.com",
}


def author_of(email: str, config: SiteConfig) -> tuple[str | None, str]:
    """(person id, side) for an author e-mail; unmapped authors get a side only.

    An unmapped author takes the side of the people who share their e-mail
    domain when all of them are on one side (and the domain is not a public
    mail service); otherwise "agency", the side that commits.
    """
    for person in config.people.values():
        if email in person.emails:
            return person.id, person.side
    domain = email.rpartition("@")[2]
    if domain and domain not in _PUBLIC_MAIL:
        sides = {p.side for p in config.people.values() for e in p.emails if e.rpartition("@")[2] == domain}
        if len(sides) == 1:
            return None, sides.pop()
    return None, "agency"


def what_it_says(commit: Commit, with_events: bool) -> tuple[Message, Trailers, list[str]] | None:
    """(message, trailers, reverted hashes) of a commit with events, a decision or a retraction; None for a
    commit that says nothing of ours (its message is passed by without parsing it)."""
    trailers = Trailers({})
    message = None
    if _MAYBE_TRAILER.search(commit.message) is not None:  # a line that may be a trailer of ours
        message = parse_message(commit.message)
        trailers = Trailers.of(message)
    reverts = retractions.reverted(commit.message)
    if not with_events and not trailers.get("Decision") and not trailers.get("Retracts") and not reverts:
        return None
    if message is None:
        message = parse_message(commit.message)  # its text without the trailer block (Signed-off-by: ...)
    return message, trailers, reverts


def record_of(commit: Commit, said: tuple[Message, Trailers, list[str]], config: SiteConfig, tz,
              defaults: dict[str, int], campaign: tuple[int | None, int | None, int]) -> CommitRecord:
    """`campaign`: the lineage and period of the file its `Campaign:` named, and its Relates-to level then."""
    message, trailers, reverts = said
    person, side = author_of(commit.email, config)
    lineage, period, relates_level = campaign
    return CommitRecord(
        at=commit.authored.astimezone(tz).isoformat(), author=person, side=side,
        committed=commit.committed.astimezone(tz).isoformat(),  # a future one is left out (future.py)
        subject=message.subject, body=message.body, text=message.text,
        trailers={key: list(values) for key, values in trailers.values.items()},
        campaign_lineage=lineage, campaign_period=period,
        others=sorted(set(commit.other_paths)), reverts=reverts,
        defaults={kind: defaults[kind] for kind in ("commit", "decision")}, relates_level=relates_level,
    )
