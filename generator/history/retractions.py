"""Retractions: commits whose decision records and messages no site shows (FORMAT.md, "History", item 3).

A pushed mistake is fixed by a new commit, never by rewriting history:

- `Retracts: <hash>[, <hash>...]` (a trailer, by git's rules) names earlier
  commits, by their full hash or at least 7 hex digits of it. Each must name
  exactly one commit that is an ancestor of the retracting commit; anything
  else is an error naming the retracting commit.
- `git revert` of a decision commit (the line "This reverts commit <hash>."
  git writes into the message) retracts it. A revert of another commit is
  an editorial change like any other and retracts nothing, except the
  revert of a retraction (a revert of a revert).
- A retracted commit retracts nothing, and mistakes in its trailers are not
  reported: a retraction of a retraction restores what that one withdrew.

Commits are taken newest first, so whether a commit is retracted is known
before its own retractions are read (each names only its ancestors).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import git

from generator.errors import Problem
from generator.history.decisions import DECISION_ID_LENGTH, where
from generator.history.log import is_ancestor
from generator.history.records import CommitRecord

# git writes "This reverts commit <hash>." (", reversing\nchanges made to <parent>." for a merge), and with
# `git revert --reference` "<hash> (<subject>, <YYYY-MM-DD>)." (sequencer.c's refer_to_commit: %h (%s, %ad))
_REVERT_LINE = re.compile(r"^This reverts commit ([0-9a-fA-F]{7,40})(?: \([^\n]*, \d{4}-\d\d-\d\d\))?(?:\.?[ \t]*$|,)",
                          re.MULTILINE)
_HASH = re.compile(r"[0-9a-fA-F]{7,40}")

# resolve(hash, retracting commit) -> (the full hash, None) or (None, why not)
Resolver = Callable[[str, str], tuple[str | None, str | None]]


def reverted(message: str) -> list[str]:
    """The hashes named by `git revert`'s "This reverts commit <hash>." lines of a commit message."""
    return _REVERT_LINE.findall(message)


def retracted(commits: dict[str, CommitRecord], decisions: set[str], resolve: Resolver,
              problems: list[Problem], by: dict[str, str] | None = None) -> frozenset[str]:
    """The commits withdrawn from every site. `commits`: the walker's records, oldest first.
    `by`, when given, receives each withdrawn commit's first retracting commit."""
    out: set[str] = set()
    for sha in reversed(list(commits)):
        if sha in out:
            continue  # withdrawn: it retracts nothing, and its trailers' mistakes are not reported
        meta = commits[sha]
        named = _named(sha, meta.trailers.get("retracts", ()), resolve, problems)
        for short in meta.reverts:
            target, _ = resolve(short, sha)
            if target is not None and (target in decisions or _retracts(commits.get(target))):
                named.append(target)  # a revert of any other commit is an edit like another
        out.update(named)
        if by is not None:
            by.update(dict.fromkeys(named, sha))  # newest first: the oldest retracting commit is written last
    return frozenset(out)


def _retracts(meta: CommitRecord | None) -> bool:
    return meta is not None and bool(meta.trailers.get("retracts") or meta.reverts)


def _named(sha: str, values, resolve: Resolver, problems: list[Problem]) -> list[str]:
    found = []
    for value in values:
        items = [item.strip() for item in value.split(",")]
        if not any(items):
            problems.append(Problem(where(sha), 0, "Retracts", "expected the hash of the commit to retract "
                                                              "after 'Retracts:'"))
            continue
        for item in items:
            if not _HASH.fullmatch(item):
                problems.append(Problem(where(sha), 0, "Retracts", f"'{item}' is not a commit hash (expected "
                                                                  "7 to 40 hex digits of an earlier commit)"))
                continue
            target, why_not = resolve(item, sha)
            if target is None:
                problems.append(Problem(where(sha), 0, "Retracts", f"'{item}' {why_not}"))
            else:
                found.append(target)
    return found


def without_links_to(retracted: frozenset[str], campaigns: dict) -> dict:
    """A decision commit's Relates-to naming a retracted decision commit: that decision is on no site, so
    the link goes (as one to a removed entry does) and the decision is judged by what it still relates to."""
    ids = {sha[:DECISION_ID_LENGTH] for sha in retracted}
    found = dict(campaigns)
    for campaign_id, campaign in campaigns.items():
        if any(ids & set(d.relates_to) for d in campaign.decisions if d.commit):
            found[campaign_id] = replace(campaign, decisions=tuple(
                replace(d, relates_to=tuple(r for r in d.relates_to if r not in ids)) if d.commit else d
                for d in campaign.decisions))
    return found


def withdrawn(commits: dict[str, CommitRecord], retracted: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Per retracted commit: the words it withdrew from every site (its message, its decision's title)."""
    found = {}
    for sha in sorted(retracted):
        meta = commits.get(sha)
        texts = (meta.text, *meta.trailers.get("decision", ())) if meta is not None else ()
        found[sha] = tuple(t for t in texts if t)
    return found


def git_resolver(repo) -> Resolver:
    """Hashes resolved by git itself, among the commits before the retracting one."""
    def resolve(short: str, retracting: str) -> tuple[str | None, str | None]:
        try:
            target = repo.git.rev_parse("--verify", "--end-of-options", f"{short.lower()}^{{commit}}").strip()
        except git.GitCommandError as exc:
            if "ambiguous" in str(exc.stderr):
                return None, "is ambiguous: more than one commit starts with it; give more of its hash"
            return None, "names no commit in the history (expected the hash of an earlier commit)"
        if target == retracting or not is_ancestor(repo, target, retracting):
            return None, ("names no commit before this one in the history (a commit retracts only earlier "
                          "commits of its own history)")
        return target, None

    return resolve
