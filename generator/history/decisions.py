"""Decision records from commit trailers, checked like any other entry.

A commit is a decision record when its trailers (git's rules, see
trailers.py) include `Decision:`. Its id is the commit hash cut to 12
characters, its date the author date, its reason the message body above the
trailers (the subject when there is no body). Every mistake is a Problem
naming the commit; a malformed value is never replaced by a default.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator import spans
from generator.errors import Problem
from generator.history.trailers import Message
from generator.load.reader import ALL_INTERNAL, ID_PATTERN, only_spans
from generator.model import VISIBILITY_EXPECTED, Decision, SiteConfig, visibility_of

DECISION_ID_LENGTH = 12
OUR_TRAILERS = ("decision", "campaign", "visibility", "relates-to", "decided-by", "retracts")
_SINGLE = ("Decision", "Campaign", "Visibility")
CAMPAIGN_REQUIRED = "is required in a decision commit; add a line 'Campaign: <campaign id>' to the trailers"


@dataclass(frozen=True)
class Trailers:
    """The trailers Receipts reads from one commit, by lowercased key."""

    values: dict[str, tuple[str, ...]]

    @classmethod
    def of(cls, message: Message) -> Trailers:
        return cls({key: tuple(message.values(key)) for key in OUR_TRAILERS if message.values(key)})

    def get(self, key: str) -> tuple[str, ...]:
        return self.values.get(key.lower(), ())


def where(sha: str) -> str:
    return f"git commit {sha[:DECISION_ID_LENGTH]}"


def visibility(trailers: Trailers, sha: str, problems: list[Problem]) -> int | None:
    """The Visibility trailer's value, None when absent or malformed."""
    values = trailers.get("Visibility")
    if not values:
        return None
    if len(values) > 1:
        problems.append(Problem(where(sha), 0, "Visibility", f"given {len(values)} times; expected one"))
        return None
    level = visibility_of(values[0])
    if level is None:
        problems.append(Problem(where(sha), 0, "Visibility", f"expected {VISIBILITY_EXPECTED}; got '{values[0]}'"))
    return level


def _check_texts(place: str, trailers: Trailers, texts: tuple[str, str], campaign_id: str | None,
                 campaigns: list[str], problems: list[Problem]) -> None:
    """A decision's title and campaign are given, and its title and reason close their spans."""
    title, why = texts
    if not title:
        problems.append(Problem(place, 0, "Decision", "expected the decision's title after 'Decision:'"))
    named = trailers.get("Campaign")
    if not named:
        problems.append(Problem(place, 0, "Campaign", CAMPAIGN_REQUIRED))
    elif campaign_id is None:
        problems.append(Problem(place, 0, "Campaign", f"'{named[0]}' is not a known campaign (expected one "
                                                     f"of: {', '.join(sorted(campaigns)) or 'none'})"))
    for key, text in (("Decision", title), ("body", why)):
        unclosed = spans.problem(text)
        if unclosed:
            problems.append(Problem(place, 0, key, unclosed))
        elif key == "Decision" and only_spans(title):  # clients would get a decision with no title
            problems.append(Problem(place, 0, key, ALL_INTERNAL))


def _check_names(place: str, names: tuple[list[str], list[str]], campaign_id: str | None,
                 known_entries: set[str], config: SiteConfig, problems: list[Problem]) -> None:
    """Decided-by names known people, Relates-to entries of the campaign."""
    decided_by, relates_to = names
    for person in decided_by:
        if person not in config.people:
            problems.append(Problem(place, 0, "Decided-by", f"'{person}' is not a known person "
                                                           "(see people: in site_config.yml)"))
    for ref in relates_to:
        if not ID_PATTERN.match(ref):
            problems.append(Problem(place, 0, "Relates-to", f"'{ref}' is not a valid id"))
        elif campaign_id is not None and ref not in known_entries:
            problems.append(Problem(place, 0, "Relates-to",
                                    f"'{ref}' is not an entry of campaign '{campaign_id}'"))


def _list(values: tuple[str, ...]) -> list[str]:
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def decision(sha: str, at: dt.datetime, message: Message, trailers: Trailers, campaign_id: str | None,
             campaigns: list[str], known_entries: set[str], config: SiteConfig,
             problems: list[Problem], default: int | None = None) -> tuple[str, Decision] | None:
    """(campaign id, Decision) for a decision commit, or None after recording problems.

    `campaign_id` is the Campaign trailer already resolved to a current
    campaign (a renamed campaign file is followed), or None when unknown.
    `default` is the visibility without a `Visibility:` trailer: defaults.decision
    at that commit (history.default_then); today's when not given.
    """
    place = where(sha)
    found_before = len(problems)
    for key in _SINGLE:
        count = len(trailers.get(key))
        if count > 1:
            problems.append(Problem(place, 0, key, f"given {count} times; expected one"))
    title = (trailers.get("Decision") or ("",))[0]
    why = message.body or message.subject
    _check_texts(place, trailers, (title, why), campaign_id, campaigns, problems)
    level = visibility(trailers, sha, problems)
    decided_by = _list(trailers.get("Decided-by"))
    relates_to = _list(trailers.get("Relates-to"))
    _check_names(place, (decided_by, relates_to), campaign_id, known_entries, config, problems)
    if len(problems) > found_before or campaign_id is None:
        return None
    if default is None:
        default = config.defaults["decision"]
    return campaign_id, Decision(
        id=sha[:DECISION_ID_LENGTH], date=at, title=title, why=why,
        alternatives=(), decided_by=tuple(decided_by), relates_to=tuple(relates_to), comments=(),
        visibility=default if level is None else level,
        commit=sha,
    )

