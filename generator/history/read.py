"""The git history of a workspace -> decision records and editorial events.

    read_history(workspace) -> workspace with History and decision commits

1. open the history (gitrepo.py): a repository or a bundle; a shallow clone,
   a missing repository or ref is a HistoryError that says how to fix it;
2. read the commits not read before (gitlog.py: one `git log` pass, file
   versions through one `git cat-file --batch`), walking them in order
   (history_walk.py; a long one on every core, history_parallel.py) on top
   of the cache (history_cache.py); a rewritten history is read afresh;
3. turn the records into model types against the current workspace: events
   on the campaigns that still exist, decision commits checked like any
   entry. Every problem of every commit is reported together (InputError).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

from generator import spans
from generator.errors import InputError, Problem
from generator.model import (
    FIRST_TIER_WITH_PLANS, INTERNAL, Change, Decision, History, Workspace, file_owners,
)
from generator.history import cache as history_cache
from generator.history import decisions as decision_commits
from generator.history import log as gitlog
from generator.history import parallel as history_parallel
from generator.history import removals as history_removals
from generator.history import repo as gitrepo
from generator.history import retractions
from generator.history.decisions import Trailers
from generator.history.walk import Walker
from generator.history.trailers import Message
from generator.history.unrecorded import unrecorded_warnings


def read_history(workspace: Workspace) -> Workspace:
    config = workspace.config
    if config.history is None:
        return workspace
    root = Path(workspace.root)
    cache = gitrepo.cache_dir(root)
    source = gitrepo.open_source(root, config.history, cache)
    try:
        if source.head is None:
            return _warn_unrecorded(replace(workspace, history=History(configured=True)), {}, source)
        with _without_gc():  # reading builds many objects and no cycles; collecting would only slow it
            walker, as_of = _read(source, config, cache, config.history.ref)
            found = _finish(workspace, walker, source.head, as_of, source.prefix,
                            retractions.git_resolver(source.repo))
        return _warn_unrecorded(found, {path: fs.blob for path, fs in walker.head_files.items()}, source)
    finally:
        source.close()


def _read(source: gitrepo.Source, config, cache: Path | None, ref: str) -> tuple[Walker, str]:
    key = history_cache.key_for(source.identity, ref, config)
    path = history_cache.path_for(cache, source.identity) if cache is not None else None
    cached = history_cache.load(path, key) if path is not None else None
    if cached is not None and cached["head"] == source.head:
        return Walker(source.repo, config, source.campaign_dir, cached), cached["as_of"]
    if cached is not None and not gitlog.is_ancestor(source.repo, cached["head"], source.head):
        cached = None  # the history was rewritten (a force-push): read it afresh
    since = cached["head"] if cached is not None else None
    commits = gitlog.read_log(source.repo, source.head, since, source.campaign_dir)
    if cached is not None and _reaches_behind(commits, since):
        cached = None  # a merged branch forked before the cached head: its files' lineages are not known here
        commits = gitlog.read_log(source.repo, source.head, None, source.campaign_dir)
    walker = history_parallel.walk(source.repo, config, source.campaign_dir, cached, commits, source.head)
    as_of = _committed(commits, source) if commits else cached["as_of"]
    if path is not None:
        history_cache.save(path, walker.snapshot(source.head, as_of, key))
    return walker, as_of


def _reaches_behind(commits: list[gitlog.Commit], since: str) -> bool:
    """Whether a new commit has a parent that is neither new nor the cached head.

    A rebuild walks on from the cached head's state. A branch that forked
    earlier and is merged now starts from a commit whose files' state the
    cache does not hold; rebuilding it by path would give a file deleted and
    made again on the main line (a new campaign under an old name) the
    branch's events of the old one. Such a history is read afresh.
    """
    new = {commit.sha for commit in commits}
    return any(parent not in new and parent != since for commit in commits for parent in commit.parents)


def _warn_unrecorded(workspace: Workspace, head_blobs: dict[str, str], source: gitrepo.Source) -> Workspace:
    """The history's warnings, and one for each campaign file whose edits the history does not hold."""
    history = workspace.config.history
    fix = "commit them, then make the bundle again" if history.bundle else "commit them"
    head = f"{history.ref} at {source.head[:12]}" if source.head else "no commits yet"
    found = unrecorded_warnings(Path(workspace.root), workspace.campaigns, head_blobs,
                                source.campaign_dir, f"{source.where}, {head}", fix)
    if not found:
        return workspace
    return replace(workspace, history=replace(workspace.history, warnings=workspace.history.warnings + tuple(found)))


@contextlib.contextmanager
def _without_gc():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _committed(commits: list[gitlog.Commit], source: gitrepo.Source) -> str:
    for commit in reversed(commits):
        if commit.sha == source.head:
            return commit.committed.isoformat()
    return commits[-1].committed.isoformat()


# -- records -> model ---------------------------------------------------------------


def _finish(workspace: Workspace, walker: Walker, head: str, as_of: str, prefix: str,
            resolve: retractions.Resolver) -> Workspace:
    tz = ZoneInfo(workspace.config.timezone)
    campaign_of = {}
    for path, fs in walker.head_files.items():
        campaign_id = Path(path).stem
        if campaign_id in workspace.campaigns:
            campaign_of[fs.lineage] = campaign_id
    problems: list[Problem] = []
    retracted = retractions.retracted(walker.commits, set(walker.decisions), resolve, problems)
    levels = _message_levels(walker, retracted, workspace.config.defaults, problems)
    belongs = _campaigns_then(walker, campaign_of)
    touched, ceilings, touched_gone, touched_ids = _touched(walker, belongs)
    changes = []
    times: dict[str, dt.datetime] = {}
    for record in walker.changes:
        sha, lineage, kind, entry_kind, entry_id, field, old, new, visibility, parents, parent_ids = record
        campaign_id = belongs.get(sha, {}).get(str(lineage))
        if campaign_id is None:
            continue  # about a campaign file that no longer exists, or a campaign that was not this one
        meta = walker.commits[sha]
        at = times.get(sha)
        if at is None:
            at = times[sha] = dt.datetime.fromisoformat(meta["at"]).astimezone(tz)
        changes.append(Change(
            commit=sha, at=at, author=meta["author"],
            author_side=meta["side"], campaign=campaign_id, kind=kind, entry_kind=entry_kind,
            entry_id=entry_id, field=field, old=old, new=new, visibility=visibility,
            parent_visibility=tuple(parents), message=meta["text"], message_visibility=levels[sha],
            parent_ids=tuple(parent_ids), message_ceiling=ceilings.get(sha, 0),
            message_default=default_then(meta, "commit", workspace.config.defaults),
        ))
    removals = history_removals.at_head(workspace, walker)
    warnings = list(walker.warnings)
    campaigns = _with_decisions(workspace, walker, campaign_of, history_removals.gone_levels(removals), tz,
                                problems, warnings, retracted)
    campaigns = retractions.without_links_to(retracted, campaigns)
    if problems:
        raise InputError(problems)
    history = History(changes=tuple(changes), as_of=dt.datetime.fromisoformat(as_of).astimezone(tz),
                      head=head, configured=True, warnings=tuple(warnings),
                      touched=touched, touched_gone=touched_gone, touched_ids=touched_ids,
                      others=_other_paths(walker, prefix),
                      hidden_text=_hidden_text(walker), retracted=retractions.withdrawn(walker.commits, retracted),
                      removals=removals, decision_files=_decision_files(walker),
                      campaign_files=_campaign_files(walker, campaign_of), dated=_dated(walker, tz),
                      decision_floors=_decision_floors(walker, workspace.config.defaults),
                      message_defaults=_message_defaults(walker))
    return replace(workspace, campaigns=_as_hidden_as_their_commits(campaigns, history, ceilings), history=history)


def _dated(walker: Walker, tz) -> dict[str, dt.datetime]:
    """Per commit, the later of its author and committer dates: when it can first have happened (future.py)."""
    return {sha: max(dt.datetime.fromisoformat(meta[key]) for key in ("at", "committed") if key in meta).astimezone(tz)
            for sha, meta in walker.commits.items()}


def default_then(meta: dict, kind: str, today: dict[str, int]) -> int:
    """defaults.<kind> a commit's message or decision takes without a trailer: the one in force at that commit
    (history_defaults.py, as the walker recorded it), never looser than today's; internal if unrecorded."""
    return max(today.get(kind, INTERNAL), meta.get("defaults", {}).get(kind, INTERNAL))


def _decision_floors(walker: Walker, today: dict[str, int]) -> dict[str, int]:
    """Per decision commit: its `Visibility:` trailer, else defaults.decision at that commit, and at least its
    Relates-to entries' levels then. The gate hides a decision from git shown looser (audit/history_rules.py)."""
    found = {}
    for sha in walker.decisions:
        meta = walker.commits[sha]
        level = decision_commits.visibility(_trailers(meta), sha, [])
        then = meta.get("defaults", {}).get("decision", INTERNAL)  # apart from default_then: the gate's reading
        floor = max(today.get("decision", INTERNAL), then) if level is None else level
        found[sha] = max(floor, meta.get("relates_level", 0))  # and its Relates-to entries' levels then
    return found


def _message_defaults(walker: Walker) -> dict[str, int]:
    """Per commit: defaults.commit at that commit, as the walker recorded it (the gate's, apart from Change's)."""
    return {sha: meta.get("defaults", {}).get("commit", INTERNAL) for sha, meta in walker.commits.items()}


def _message_levels(walker: Walker, retracted: frozenset[str], today: dict[str, int],
                    problems: list[Problem]) -> dict[str, int | None]:
    """Each commit's `Visibility:` trailer (None without one). A message that may reach an audience without
    `internal` (by its trailer, or by defaults.commit at that commit) must have well-formed spans. A retracted
    commit is shown nowhere: its trailers' mistakes are not reported."""
    levels = {}
    for sha, meta in walker.commits.items():
        found = problems if sha not in retracted else []
        level = levels[sha] = decision_commits.visibility(_trailers(meta), sha, found)
        if (default_then(meta, "commit", today) if level is None else level) != INTERNAL:
            unclosed = spans.problem(meta["text"])
            if unclosed:
                found.append(Problem(decision_commits.where(sha), 0, "message", unclosed))
    return levels


def _hidden_text(walker: Walker) -> frozenset[str]:
    """The commits that changed a text holding an [internal] span, by the gate's reading (hidden_text.py)."""
    return frozenset(sha for sha, files in walker.touched.items() if any(record[4] for record in files.values()))


def _decision_files(walker: Walker) -> dict[str, tuple[str, str] | None]:
    """Per decision commit: the file its `Campaign:` named at that commit ("lineage/period"), with that name;
    None when no such file existed. What the gate ties decisions to, apart from _campaign_of_decision."""
    found = {}
    for sha in walker.decisions:
        meta = walker.commits[sha]
        named = meta["trailers"].get("campaign") or [None]
        lineage, period = meta["campaign_lineage"], meta.get("campaign_period")
        found[sha] = None if lineage is None else (f"{lineage}/{-1 if period is None else period}", named[0])
    return found


def _campaign_files(walker: Walker, campaign_of: dict[int, str]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Per campaign of today: its file ("lineage/period") and the ids that file had in this period."""
    found = {}
    for lineage, campaign_id in campaign_of.items():
        period, ids = walker.aliases.get(str(lineage), [0, []])
        found[campaign_id] = (f"{lineage}/{period}", tuple(sorted({campaign_id, *ids})))
    return found


def _as_hidden_as_their_commits(campaigns: dict, history: History, ceilings: dict[str, int]) -> dict:
    """A decision commit's title and reason are its message, and a message may speak of anything the
    commit changed: each decision from git is as hidden as the most hidden of that (its visibility
    raised, the entries changed that still exist joined to `hidden_with`), like a message beside events."""
    owners = file_owners(campaigns)
    found = dict(campaigns)
    for campaign_id, campaign in campaigns.items():
        existing = set(campaign.entries_by_id()) | ({"nps"} if campaign.nps is not None else set())
        decisions = tuple(_as_hidden_as_its_commit(d, campaign_id, existing, history, ceilings, owners)
                          if d.commit else d for d in campaign.decisions)
        if decisions != campaign.decisions:
            found[campaign_id] = replace(campaign, decisions=decisions)
    return found


def _as_hidden_as_its_commit(d: Decision, campaign_id: str, existing: set[str], history: History,
                             ceilings: dict[str, int], owners: dict) -> Decision:
    sha = d.commit
    level = ceilings.get(sha, 0)
    if sha in history.touched_gone or history.touched.get(sha, frozenset()) - {campaign_id}:
        level = INTERNAL  # it also changed a campaign file since deleted, or another campaign
    ids = {i for i in history.touched_ids.get(sha, {}).get(campaign_id, ()) if i in existing and i != d.id}
    for path in history.others.get(sha, ()):
        owner = owners.get(path) if path is not None else None
        if owner is None or owner[0] != campaign_id:
            level = INTERNAL  # site_config.yml, a file of no entry here, a file outside the workspace
        else:
            ids.add(owner[1])
    if level <= d.visibility and ids <= set(d.hidden_with):
        return d
    return replace(d, visibility=max(d.visibility, level), hidden_with=tuple(sorted(set(d.hidden_with) | ids)))


def _same_campaign(walker: Walker, lineage: str, then: tuple[str | None, int], campaign_id: str) -> bool:
    """Whether a file's history under the id and period it had then is campaign `campaign_id`'s: the current
    period of the file (no undeclared rename since), under the same id or one it was renamed from, as
    declared (`renamed_from:`) in each rename's own commit. git's rename guess alone never joins two
    campaigns, and a declaration added later, or copied with a file, does not either."""
    stem, period = then
    current, aliases = walker.aliases.get(lineage, [0, []])
    return period == current and (stem == campaign_id or stem in aliases)


def _campaigns_then(walker: Walker, campaign_of: dict[int, str]) -> dict[str, dict[str, str | None]]:
    """Per commit, per file it changed (lineage): the current campaign whose history that change is, or
    None (a file deleted since, or another campaign's then). Events and messages both go by it."""
    by_lineage = {str(lineage): campaign_id for lineage, campaign_id in campaign_of.items()}
    belongs = {}
    for sha, files in walker.touched.items():
        found = {}
        for lineage, (_, _, stem, period, *_) in files.items():
            campaign_id = by_lineage.get(lineage)
            same = campaign_id and _same_campaign(walker, lineage, (stem, period), campaign_id)
            found[lineage] = campaign_id if same else None
        belongs[sha] = found
    return belongs


def _touched(walker: Walker, belongs: dict[str, dict[str, str | None]]) -> tuple[dict, dict, frozenset, dict]:
    """Per commit: the campaigns it changed, the strictest visibility of all it changed, the commits that
    changed a campaign file since deleted, and the entries it changed in each campaign. What a commit's
    message may speak of (redact_history.py)."""
    campaigns, ceilings, gone, entries = {}, {}, set(), {}
    for sha, files in walker.touched.items():
        found = belongs[sha]
        if None in found.values():
            gone.add(sha)
        campaigns[sha] = frozenset(c for c in found.values() if c is not None)
        ceilings[sha] = max(entry[0] for entry in files.values())
        ids: dict[str, set[str]] = {}
        for lineage, (_, entry_ids, *_) in files.items():
            if entry_ids and found[lineage] is not None:  # kept only for commits whose message may show
                ids.setdefault(found[lineage], set()).update(entry_ids)
        if ids:
            entries[sha] = {campaign_id: frozenset(i) for campaign_id, i in ids.items()}
    return campaigns, ceilings, frozenset(gone), entries


def _other_paths(walker: Walker, prefix: str) -> dict[str, tuple[str, ...]]:
    """Per commit shown with events or as a decision: the other files it changed, as paths inside the
    workspace (None for a path outside it)."""
    found = {}
    for sha, meta in walker.commits.items():
        paths = meta.get("others") or ()
        if paths:
            found[sha] = tuple(path[len(prefix):] if path.startswith(prefix) else None for path in paths)
    return found


def _trailers(meta: dict) -> Trailers:
    return Trailers({key: tuple(values) for key, values in meta["trailers"].items()})


_NOT_ITS = object()  # a decision commit that belongs to no campaign of today


def _campaign_of_decision(walker: Walker, sha: str, named: tuple[str, ...], campaign_of: dict[int, str],
                          campaigns: dict, warnings: list[str]):
    """The campaign of today a decision commit belongs to: the one whose file is the file its `Campaign:`
    named at that commit (the same lineage and period, under that id or one declared renamed from), never
    a campaign that merely has that id today. _NOT_ITS otherwise, reported when a campaign of today has the
    id; None for an id no campaign ever had at that commit and none has today (decision_commits says so)."""
    meta = walker.commits[sha]
    lineage = meta["campaign_lineage"]
    if lineage is not None:  # the campaign's file existed then: its decision goes where that file went
        campaign_id = campaign_of.get(lineage)
        period = meta.get("campaign_period")
        then = (named[0] if named else None, -1 if period is None else period)
        if campaign_id is not None and _same_campaign(walker, str(lineage), then, campaign_id):
            return campaign_id
        if named and named[0] in campaigns:
            warnings.append(_not_todays(sha, named[0], "was another campaign's file at that commit (one deleted or "
                                                        "renamed since)"))
        return _NOT_ITS  # a file deleted since, or another campaign's then: gone with its events
    if named and named[0] in campaigns:
        warnings.append(_not_todays(sha, named[0], "did not exist at that commit (the campaign was archived "
                                                    "before it, or not made yet)"))
        return _NOT_ITS
    return None


def _not_todays(sha: str, campaign_id: str, why: str) -> str:
    return (f"{decision_commits.where(sha)}: Campaign: '{campaign_id}': the file content/campaigns/{campaign_id}.yml "
            f"{why}, so this decision belongs to no campaign of today and is shown on no site (record it again in "
            "a commit made while the campaign's file exists)")


def _with_decisions(workspace: Workspace, walker: Walker, campaign_of: dict[int, str],
                    removed: dict[str, dict[str, history_removals.Gone]], tz, problems: list[Problem],
                    warnings: list[str], retracted: frozenset[str] = frozenset()) -> dict:
    """Decision commits added to their campaigns.

    A decision may relate to an entry the campaign has since removed: the
    reference is dropped (nothing links to what is gone) and the decision
    takes that entry's last visibility when it is stricter, and stays hidden
    wherever the entries it referred to, where they still exist, are hidden
    today (`hidden_with`): as hidden as the entry it was about.
    """
    found: dict[str, list[Decision]] = {}
    ids = {sha[:decision_commits.DECISION_ID_LENGTH] for sha in walker.decisions}
    campaign_ids = list(workspace.campaigns)
    known_in: dict[str, set[str]] = {}  # campaign -> what a decision commit may relate to, worked out once
    for sha in walker.decisions:
        if sha in retracted:
            continue  # withdrawn from every site (retractions.py): no record, and its mistakes do not count
        meta = walker.commits[sha]
        trailers = _trailers(meta)
        named = trailers.get("Campaign")
        campaign_id = _campaign_of_decision(walker, sha, named, campaign_of, workspace.campaigns, warnings)
        if campaign_id is _NOT_ITS:
            continue
        gone = removed.get(campaign_id, {})
        if campaign_id and campaign_id not in known_in:
            known_in[campaign_id] = set(workspace.campaigns[campaign_id].entries_by_id()) | ids | set(gone)
        known = known_in.get(campaign_id, set())
        message = Message(meta["subject"], meta["body"], (), meta["text"])
        at = dt.datetime.fromisoformat(meta["at"]).astimezone(tz)
        made = decision_commits.decision(sha, at, message, trailers, campaign_id, campaign_ids,
                                         known, workspace.config, problems,
                                         default_then(meta, "decision", workspace.config.defaults))
        if made is not None:
            decision = made[1]
            if meta.get("relates_level", 0) > decision.visibility:  # as hidden as what it related to then
                decision = replace(decision, visibility=meta["relates_level"])
            about_gone = [gone[ref] for ref in decision.relates_to if ref in gone]
            if about_gone:
                existing = workspace.campaigns[made[0]].entries_by_id()
                plan = [FIRST_TIER_WITH_PLANS] if any(about_plan for _, _, about_plan in about_gone) else []
                decision = replace(
                    decision, visibility=max([decision.visibility, *plan] + [v for x in about_gone for v in x[0]]),
                    relates_to=tuple(r for r in decision.relates_to if r not in gone),
                    hidden_with=tuple(sorted({p for _, ids, _ in about_gone for p in ids if p in existing})))
            found.setdefault(made[0], []).append(decision)
    campaigns = dict(workspace.campaigns)
    for campaign_id, decisions in found.items():
        campaign = campaigns[campaign_id]
        taken = set(campaign.entries_by_id())
        for d in decisions:
            if d.id in taken:
                problems.append(Problem(decision_commits.where(d.commit), 0, "Decision",
                                        f"the commit id {d.id} is also an entry id in {campaign.file}; "
                                        "rename that entry"))
        campaigns[campaign_id] = replace(campaign, decisions=campaign.decisions + tuple(decisions))
    return campaigns
