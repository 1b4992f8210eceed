"""Receipts' trailers in one commit message, checked before a build has to refuse them.

`receipts lint-commits` runs this on commits, and the commit-msg hook on a
message before its commit exists. The decision checks are decisions.py's, so
a message gets the words `validate` and `build` would give it; added here is
what a build cannot see as a mistake: a trailer key one edit from one of ours
(`Decison:`), which git keeps as some other trailer and the build ignores.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from generator.errors import Problem
from generator.history import decisions
from generator.history.trailers import parse_message
from generator.model import Campaign, SiteConfig

# Each of our keys as we write it, for "did you mean" (decisions.OUR_TRAILERS are lowercased).
KNOWN_TRAILERS = ("Decision", "Campaign", "Visibility", "Relates-to", "Decided-by", "Retracts")
_PLACEHOLDER = "0" * 40  # a message without a commit yet: named by its file instead


def one_edit_apart(a: str, b: str) -> bool:
    """One letter added, removed, changed, or two neighbours swapped (`Decison`, `Campagin`)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def misspelled(key: str) -> str | None:
    """The trailer of ours `key` was probably meant to be, or None."""
    lowered = key.lower()
    if lowered in decisions.OUR_TRAILERS:
        return None
    return next((known for known in KNOWN_TRAILERS if one_edit_apart(lowered, known.lower())), None)


def campaign_named(named: str, campaigns: dict[str, Campaign]) -> str | None:
    """The campaign of today a `Campaign:` value names: its id, or an id it had before a rename."""
    if named in campaigns:
        return named
    return next((c.id for c in campaigns.values() if named in c.renamed_from), None)


def check_message(text: str, sha: str | None, config: SiteConfig | None, campaigns: dict[str, Campaign],
                  where: str = "") -> list[Problem]:
    """Every problem of one message; `sha` None: a message still to be committed, named `where`.

    `config` None: the workspace does not load (a file half edited), so only the trailers' form is
    checked, never a reason to refuse a commit that fixes the workspace.
    """
    message = parse_message(text)
    trailers = decisions.Trailers.of(message)
    problems = [Problem(decisions.where(sha or _PLACEHOLDER), 0, key,
                        f"unknown trailer '{key}' (did you mean '{meant}'?); Receipts reads "
                        f"{', '.join(KNOWN_TRAILERS)}, and ignores this line")
                for key, _ in message.trailers if (meant := misspelled(key))]
    if config is None:
        problems += _form_only(trailers, sha or _PLACEHOLDER)
    else:
        problems += _against(config, campaigns, message, trailers, sha or _PLACEHOLDER)
    if sha is None:
        problems = [replace(p, file=where) for p in problems]
    return problems


def _form_only(trailers: decisions.Trailers, sha: str) -> list[Problem]:
    problems: list[Problem] = []
    decisions.visibility(trailers, sha, problems)
    if trailers.get("Decision") and not trailers.get("Campaign"):
        problems.append(Problem(decisions.where(sha), 0, "Campaign", decisions.CAMPAIGN_REQUIRED))
    return problems


def _against(config: SiteConfig, campaigns: dict[str, Campaign], message, trailers: decisions.Trailers,
             sha: str) -> list[Problem]:
    """The problems `validate` would find in this message, with the workspace's ids."""
    problems: list[Problem] = []
    named = trailers.get("Campaign")
    campaign_id = campaign_named(named[0], campaigns) if named else None
    if trailers.get("Decision"):
        known = set(campaigns[campaign_id].entries_by_id()) if campaign_id else set()
        decisions.decision(sha, dt.datetime.now(dt.timezone.utc), message, trailers, campaign_id,
                           list(campaigns), known, config, problems)
    else:
        decisions.visibility(trailers, sha, problems)
        if named and campaign_id is None:
            problems.append(Problem(decisions.where(sha), 0, "Campaign",
                                    f"'{named[0]}' is not a known campaign (expected one of: "
                                    f"{', '.join(sorted(campaigns)) or 'none'})"))
    return problems
