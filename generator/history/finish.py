"""The walker's records -> model types, against the workspace as it is today.

Events go to the campaigns that still exist (by file lineage, as each was
then: finish.campaigns_then), decision commits are checked like any entry
(decided.py), and every problem of every commit is reported together
(InputError).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from zoneinfo import ZoneInfo

from generator import spans
from generator.errors import InputError, Problem
from generator.history import decided, retractions
from generator.history import decisions as decision_commits
from generator.history import removals as history_removals
from generator.history.decided import default_then, same_campaign, trailers_of
from generator.history.records import CommitRecord
from generator.history.walk import Walker
from generator.model import INTERNAL, Change, History, Workspace


@dataclass(frozen=True)
class Reach:
    """Per commit: what its message may speak of (redact/history_sight.py)."""

    campaigns: dict[str, frozenset[str]]  # the campaigns of today it changed
    ceilings: dict[str, int]  # the strictest visibility of all it changed
    gone: frozenset[str]  # the commits that changed a campaign file since deleted
    entries: dict[str, dict[str, frozenset[str]]]  # the entries it changed, per campaign


def finish(workspace: Workspace, walker: Walker, head: str, as_of: str, prefix: str,
           resolve: retractions.Resolver) -> Workspace:
    tz = ZoneInfo(workspace.config.timezone)
    today = workspace.config.defaults
    campaign_of = {fs.lineage: Path(path).stem for path, fs in walker.head_files.items()
                   if Path(path).stem in workspace.campaigns}
    problems: list[Problem] = []
    retracted_by: dict[str, str] = {}
    retracted = retractions.retracted(walker.commits, set(walker.decisions), resolve, problems, retracted_by)
    levels = _message_levels(walker, retracted, today, problems)
    belongs = campaigns_then(walker, campaign_of)
    reach = _reach(walker, belongs)
    changes = _changes(walker, belongs, levels, reach.ceilings, today, tz)
    removals = history_removals.at_head(workspace, walker)
    warnings = list(walker.warnings)
    campaigns = decided.with_decisions(workspace, walker, campaign_of, history_removals.gone_levels(removals), tz,
                                       problems, warnings, retracted)
    campaigns = retractions.without_links_to(retracted, campaigns)
    if problems:
        raise InputError(problems)
    history = History(changes=changes, as_of=dt.datetime.fromisoformat(as_of).astimezone(tz),
                      head=head, configured=True, warnings=tuple(warnings),
                      touched=reach.campaigns, touched_gone=reach.gone, touched_ids=reach.entries,
                      others=_other_paths(walker, prefix),
                      hidden_text=_hidden_text(walker), retracted=retractions.withdrawn(walker.commits, retracted),
                      removals=removals, decision_files=_decision_files(walker),
                      campaign_files=_campaign_files(walker, campaign_of), dated=_dated(walker, tz),
                      decision_floors=_decision_floors(walker, today),
                      message_defaults=_message_defaults(walker))
    history = replace(history, withdrawn=_withdrawn(workspace, walker, campaign_of, removals, retracted_by, history,
                                                    reach.ceilings, tz))
    return replace(workspace, campaigns=decided.as_hidden_as_their_commits(campaigns, history, reach.ceilings),
                   history=history)


def _withdrawn(workspace: Workspace, walker: Walker, campaign_of: dict[int, str], removals,
               retracted_by: dict[str, str], history: History, ceilings: dict[str, int], tz) -> dict[str, tuple]:
    """Each retracted decision commit's record, made as it was made before its retraction (as hidden as
    then), with the commit that retracted it: the record keeps its place as a tombstone. One that never
    made a record (a malformed trailer failed every build) has none; its mistakes stay unreported."""
    kept = frozenset(walker.decisions) - set(retracted_by)  # skipped below: only the retracted ones are made
    made = decided.with_decisions(workspace, walker, campaign_of, history_removals.gone_levels(removals), tz,
                                  [], [], kept)
    made = decided.as_hidden_as_their_commits(made, history, ceilings)
    found = {}
    for campaign_id, campaign in sorted(made.items()):
        gone = tuple((d, retracted_by[d.commit], dt.datetime.fromisoformat(walker.commits[retracted_by[d.commit]].at)
                      .astimezone(tz))
                     for d in campaign.decisions if d.commit in retracted_by)
        if gone:
            found[campaign_id] = gone
    return found


def _changes(walker: Walker, belongs: dict[str, dict[str, str | None]], levels: dict[str, int | None],
             ceilings: dict[str, int], today: dict[str, int], tz) -> tuple[Change, ...]:
    """The events about a campaign of today, as it was then."""
    changes = []
    by_commit: dict[str, tuple[dt.datetime, CommitRecord, int]] = {}
    for record in walker.changes:
        sha = record.commit
        campaign_id = belongs.get(sha, {}).get(str(record.lineage))
        if campaign_id is None:
            continue  # about a campaign file that no longer exists, or a campaign that was not this one
        known = by_commit.get(sha)
        if known is None:
            meta = walker.commits[sha]
            known = by_commit[sha] = (dt.datetime.fromisoformat(meta.at).astimezone(tz), meta,
                                      default_then(meta, "commit", today))
        at, meta, default = known
        changes.append(made_change(
            commit=sha, at=at, author=meta.author, author_side=meta.side, campaign=campaign_id, kind=record.kind,
            entry_kind=record.entry_kind, entry_id=record.entry_id, field=record.field, old=record.old,
            new=record.new, visibility=record.visibility, parent_visibility=record.parent_visibility,
            message=meta.text, message_visibility=levels[sha], parent_ids=record.parent_ids,
            message_ceiling=ceilings.get(sha, 0), message_default=default,
        ))
    return tuple(changes)


def made_change(**fields) -> Change:
    """Change(**fields), every field given, without the frozen dataclass's __setattr__ for each field (a
    read makes tens of thousands); tests/unit/test_history_made_change.py holds the two equal."""
    change = _new_object(Change)
    change.__dict__.update(fields)
    return change


_new_object = object.__new__


def _dated(walker: Walker, tz) -> dict[str, dt.datetime]:
    """Per commit, the later of its author and committer dates: when it can first have happened (future.py)."""
    found = {}
    parse = dt.datetime.fromisoformat
    for sha, meta in walker.commits.items():
        moment = parse(meta.at)
        if meta.committed != meta.at:  # most commits are committed as authored: one date to read
            moment = max(moment, parse(meta.committed))
        found[sha] = moment.astimezone(tz)
    return found


def _decision_floors(walker: Walker, today: dict[str, int]) -> dict[str, int]:
    """Per decision commit: its `Visibility:` trailer, else defaults.decision at that commit, and at least its
    Relates-to entries' levels then. The gate hides a decision from git shown looser (audit/history_rules.py)."""
    found = {}
    for sha in walker.decisions:
        meta = walker.commits[sha]
        level = decision_commits.visibility(trailers_of(meta), sha, [])
        then = meta.defaults.get("decision", INTERNAL)  # apart from default_then: the gate's reading
        floor = max(today.get("decision", INTERNAL), then) if level is None else level
        found[sha] = max(floor, meta.relates_level)  # and its Relates-to entries' levels then
    return found


def _message_defaults(walker: Walker) -> dict[str, int]:
    """Per commit: defaults.commit at that commit, as the walker recorded it (the gate's, apart from Change's)."""
    return {sha: meta.defaults.get("commit", INTERNAL) for sha, meta in walker.commits.items()}


def _message_levels(walker: Walker, retracted: frozenset[str], today: dict[str, int],
                    problems: list[Problem]) -> dict[str, int | None]:
    """Each commit's `Visibility:` trailer (None without one). A message that may reach an audience without
    `internal` (by its trailer, or by defaults.commit at that commit) must have well-formed spans. A retracted
    commit is shown nowhere: its trailers' mistakes are not reported."""
    levels = {}
    for sha, meta in walker.commits.items():
        found = problems if sha not in retracted else []
        level = levels[sha] = decision_commits.visibility(trailers_of(meta), sha, found) if meta.trailers else None
        if (default_then(meta, "commit", today) if level is None else level) != INTERNAL:
            unclosed = spans.problem(meta.text)
            if unclosed:
                found.append(Problem(decision_commits.where(sha), 0, "message", unclosed))
    return levels


def _hidden_text(walker: Walker) -> frozenset[str]:
    """The commits that changed a text holding an [internal] span, by the gate's reading (hidden_text.py)."""
    return frozenset(sha for sha, files in walker.touched.items() if any(t.hidden_text for t in files.values()))


def _decision_files(walker: Walker) -> dict[str, tuple[str, str] | None]:
    """Per decision commit: the file its `Campaign:` named at that commit ("lineage/period"), with that name;
    None when no such file existed. What the gate ties decisions to, apart from decided.campaign_of_decision."""
    found = {}
    for sha in walker.decisions:
        meta = walker.commits[sha]
        named = meta.trailers.get("campaign", [])
        lineage, period = meta.campaign_lineage, meta.campaign_period  # set only from a `Campaign:` (walk.py)
        found[sha] = None if lineage is None or not named else (f"{lineage}/{-1 if period is None else period}",
                                                                named[0])
    return found


def _campaign_files(walker: Walker, campaign_of: dict[int, str]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Per campaign of today: its file ("lineage/period") and the ids that file had in this period."""
    found = {}
    for lineage, campaign_id in campaign_of.items():
        alias = walker.aliases.get(str(lineage))
        period, ids = (alias.period, alias.ids) if alias is not None else (0, [])
        found[campaign_id] = (f"{lineage}/{period}", tuple(sorted({campaign_id, *ids})))
    return found


def campaigns_then(walker: Walker, campaign_of: dict[int, str]) -> dict[str, dict[str, str | None]]:
    """Per commit, per file it changed (lineage): the current campaign whose history that change is, or
    None (a file deleted since, or another campaign's then). Events and messages both go by it."""
    by_lineage = {str(lineage): campaign_id for lineage, campaign_id in campaign_of.items()}
    belongs = {}
    for sha, files in walker.touched.items():
        found = {}
        for lineage, touch in files.items():
            campaign_id = by_lineage.get(lineage)
            same = campaign_id and same_campaign(walker, lineage, (touch.stem, touch.period), campaign_id)
            found[lineage] = campaign_id if same else None
        belongs[sha] = found
    return belongs


def _reach(walker: Walker, belongs: dict[str, dict[str, str | None]]) -> Reach:
    campaigns, ceilings, gone, entries = {}, {}, set(), {}
    for sha, files in walker.touched.items():
        found = belongs[sha]
        if len(files) == 1:  # most commits change one file: the same, without the loops
            ((lineage, touch),) = files.items()
            campaign_id = found[lineage]
            if campaign_id is None:
                gone.add(sha)
            campaigns[sha] = frozenset(() if campaign_id is None else (campaign_id,))
            ceilings[sha] = touch.level
            if touch.ids and campaign_id is not None:
                entries[sha] = {campaign_id: frozenset(touch.ids)}
            continue
        if None in found.values():
            gone.add(sha)
        campaigns[sha] = frozenset(c for c in found.values() if c is not None)
        ceilings[sha] = max(touch.level for touch in files.values())
        ids: dict[str, set[str]] = {}
        for lineage, touch in files.items():
            campaign_id = found[lineage]
            if touch.ids and campaign_id is not None:  # kept only for commits whose message may show
                ids.setdefault(campaign_id, set()).update(touch.ids)
        if ids:
            entries[sha] = {campaign_id: frozenset(i) for campaign_id, i in ids.items()}
    return Reach(campaigns, ceilings, frozenset(gone), entries)


def _other_paths(walker: Walker, prefix: str) -> dict[str, tuple[str | None, ...]]:
    """Per commit shown with events or as a decision: the other files it changed, as paths inside the
    workspace (None for a path outside it)."""
    found = {}
    for sha, meta in walker.commits.items():
        if meta.others:
            found[sha] = tuple(path[len(prefix):] if path.startswith(prefix) else None for path in meta.others)
    return found
