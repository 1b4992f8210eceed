"""Walking commits in order: which campaign file each change is about, and what changed.

Each commit's campaign files are tracked as lineages: a file keeps its
lineage through renames (`git log -M`), so events recorded before a rename
end up on the campaign's current id. For every changed file the walker
compares the new version with the last version of that lineage that parsed
(a version that does not parse is skipped with a warning naming the commit).

A merge is read against its first parent, and an event counts only when the
merge made it: one that some other parent already had came in with the
merged branch, and was counted on the commit that made it.

A walker may own only some campaign files (`owns`, see parallel.py): it
still follows every file's lineage, so lineage numbers agree between
walkers, but reads and compares only the versions of the files it owns.
Each new event and warning keeps its place (commit position, change index),
so the results of several walkers merge into exactly the serial order.

Results are the records of records.py (what the cache holds, cache.snapshot);
finish.py turns them into model types against the current workspace.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from generator.errors import HistoryError
from generator.history import diffs, hidden_text, walk_removals
from generator.history import removals as history_removals
from generator.history.commit_record import record_of, what_it_says
from generator.history.decisions import Trailers
from generator.history.defaults import Defaults, DefaultsAtCommits
from generator.history.log import Commit, FileChange
from generator.history.records import Alias, ChangeRecord, CommitRecord, FileState, Snapshot, Touch
from generator.history.rename_claims import refuse_claim_on_a_kept_file
from generator.history.store import Reads, Version, VersionStore
from generator.model import INTERNAL, Campaign, SiteConfig

LET_GO_EVERY = 64  # commits between two sweeps of the versions no longer needed (store.py)


def _stem(path: str) -> str:
    """A campaign file's campaign id: its name without `.yml`."""
    return path.rsplit("/", 1)[-1].removesuffix(".yml")


def _undeclared_rename(renamed_from: str | None, campaign: Campaign) -> bool:
    """A rename (from `renamed_from`; None: none) git found by similarity that the file does not declare.

    Deleting one campaign and adding another made from a copy of it looks
    to git like a rename. Only a declared one makes the old campaign's
    history the new one's; otherwise the new file starts afresh.
    """
    return renamed_from is not None and _stem(renamed_from) not in (campaign.id, *campaign.renamed_from)


@dataclass(frozen=True)
class Restored:
    """How many events, warnings and commit records came from the cache: this run's follow them."""

    changes: int
    warnings: int
    commits: int


@dataclass
class _Step:
    """The work in progress on one commit that changed campaign files."""

    commit: Commit
    position: int
    base: dict[str, FileState]  # the first parent's files
    others: list[dict[str, FileState]]  # the other parents' files
    files: dict[str, FileState]  # this commit's, as worked out so far
    removals: dict  # lineage -> its map (removals.py)
    day: dt.date  # when it was authored, in the site's time zone
    found: list[ChangeRecord] = field(default_factory=list)
    keys: list[tuple[int, int]] = field(default_factory=list)
    touched: dict[str, Touch] = field(default_factory=dict)
    claims: list[tuple] = field(default_factory=list)  # (change, its version, the one before): renames declared
    done: set[str] = field(default_factory=set)  # the files whose map of removals is worked out


class Walker:
    """Reads commits oldest first; keeps the state of the commits still needed."""

    def __init__(self, repo, config: SiteConfig, campaign_dir: str, cached: Snapshot | None,
                 owns: Callable[[str], bool] | None = None):
        self.owns = owns or (lambda path: True)
        self.config = config
        self.campaign_dir = campaign_dir
        self.tz = ZoneInfo(config.timezone)
        # Versions are read under the `defaults:` of the commit being read (defaults.py)
        self.defaults_at = DefaultsAtCommits(repo, config, campaign_dir)
        self.defaults: Defaults = tuple(sorted(config.defaults.items()))
        self.store = VersionStore(repo, config)
        self.differ = diffs.Differ()
        self.states: dict[str, dict[str, FileState]] = {}
        self.next_lineage = 0
        self.commits: dict[str, CommitRecord] = {}
        self.changes: list[ChangeRecord] = []
        self.decisions: list[str] = []
        self.warnings: list[str] = []
        # commit -> lineage -> what it changed there, events or not (what its message may speak of), and as
        # which campaign (a rename counts only where declared)
        self.touched: dict[str, dict[str, Touch]] = {}
        # lineage -> its period and former ids. An undeclared rename starts a new period: what the file was
        # before is another campaign's history, even under an id it takes again later.
        self.aliases: dict[str, Alias] = {}
        self.aliases_now: dict[str, Alias] = {}  # those set in this run (what a second walker sends back)
        self.head_files: dict[str, FileState] = {}
        # commit -> lineage -> gone entry id -> the removals standing for it (removals.py), beside `states`
        self.removals: dict[str, dict[str, history_removals.FileMap]] = {}
        self.head_removals: dict[str, history_removals.FileMap] = {}
        self.read = 0  # commits read in this run
        if cached is not None:
            self._restore(cached)
        self.restored = Restored(len(self.changes), len(self.warnings), len(self.commits))
        # where this run's events and warnings stand: (commit position, change index)
        self.change_keys: list[tuple[int, int]] = []
        self.warning_keys: list[tuple[int, int]] = []

    def _restore(self, cached: Snapshot) -> None:
        self.states[cached.head] = self.head_files = cached.files
        self.next_lineage = cached.next_lineage
        self.commits = cached.commits
        self.changes = cached.changes
        self.decisions = cached.decisions
        self.warnings = cached.warnings
        self.touched = cached.touched
        self.aliases = cached.aliases
        self.removals[cached.head] = self.head_removals = cached.removals

    # -- versions ---------------------------------------------------------------

    def _plan(self, commits: list[Commit]) -> None:
        """Every version the walk will compare, streamed in the order it compares them: the last good
        version known from an earlier run of each file these commits touch, then each new version."""
        self.defaults_at.load(sha for commit in commits if commit.files for sha in (commit.sha, *commit.parents))
        new: Reads = {}
        last_use: dict[str, int] = {}
        touched: dict[str, dict[Defaults, None]] = {}  # path -> the defaults of the commits that touch it
        for position, commit in enumerate(commits):
            if not commit.files:
                continue
            defaults = self.defaults_at.for_commit(commit.sha, commit.parents)
            for change in commit.files:
                for path in (change.old_path, change.new_path):
                    if path and self.owns(path):
                        touched.setdefault(path, {})[defaults] = None
                if change.new_path is not None and change.new_blob is not None and self.owns(change.new_path):
                    new.setdefault(change.new_blob, []).append((change.new_path, defaults))
                    last_use[change.new_blob] = position
        reads: Reads = {}
        for state in self.states.values():
            for path, fs in state.items():
                if fs.good is not None and fs.good_path is not None and path in touched:
                    reads.setdefault(fs.good, []).extend((fs.good_path, defaults) for defaults in touched[path])
        for blob, more in new.items():
            reads.setdefault(blob, []).extend(more)
        self.store.plan(reads, last_use)

    def version(self, blob: str, path: str) -> Version:
        """A version read under the defaults of the commit being read (`self.defaults`)."""
        return self.store.get(blob, path, self.defaults)

    def good(self, fs: FileState | None) -> Campaign | None:
        if fs is None or fs.good is None or fs.good_path is None:  # the two are set together
            return None
        return self.version(fs.good, fs.good_path)[0]

    def _let_go(self, position: int) -> None:
        self.store.let_go(position, ((fs.good, fs.good_path) for state in self.states.values()
                                     for fs in state.values()))

    # -- states -------------------------------------------------------------------

    def state(self, sha: str) -> dict[str, FileState]:
        found = self.states.get(sha)
        if found is None:
            # Every parent is a commit of this walk or the cached head (read._reaches_behind reads a history
            # afresh otherwise): a file's lineage cannot be guessed from its path, so never rebuild one here.
            raise HistoryError(f"git commit {sha[:12]}: its campaign files were not read; delete "
                               ".receipts-cache and build again")
        return found

    def _new_lineage(self) -> int:
        self.next_lineage += 1
        return self.next_lineage

    # -- the walk -------------------------------------------------------------------

    def walk(self, commits: list[Commit], head: str) -> None:
        self._plan(commits)
        children: dict[str, int] = {}
        for commit in commits:
            for parent in commit.parents:
                children[parent] = children.get(parent, 0) + 1
        try:
            for position, commit in enumerate(commits):
                self.states[commit.sha] = self._commit(commit, position)
                self.read += 1
                for parent in commit.parents:
                    children[parent] -= 1
                    if children[parent] == 0 and parent != head:
                        self.states.pop(parent, None)
                        self.removals.pop(parent, None)
                if position % LET_GO_EVERY == LET_GO_EVERY - 1:
                    self._let_go(position)
        finally:
            self.store.close()
        self.head_files = self.states[head] if head in self.states else self.state(head)
        at_head = {str(fs.lineage) for fs in self.head_files.values()}
        self.head_removals = {k: v for k, v in self.removals.get(head, {}).items() if k in at_head and v}

    def _commit(self, commit: Commit, position: int) -> dict[str, FileState]:
        self._date_warning(commit, position)
        base = self.state(commit.parents[0]) if commit.parents else {}
        removals = self.removals.get(commit.parents[0], {}) if commit.parents else {}
        if not commit.files:  # most commits of a busy repository touch no campaign file: nothing to copy
            return self._quiet(commit, position, base, removals)
        self._defaults_for(commit, position)
        # a parent's files and map may be shared with its other children: never changed in place
        step = _Step(commit, position, base, [self.state(p) for p in commit.parents[1:]], dict(base),
                     dict(removals), commit.authored.astimezone(self.tz).date())
        for index, change in enumerate(commit.files):
            if change.status == "D":
                self._deleted(step, change)
            else:
                self._changed(step, index, change)
        for change, campaign, good in step.claims:
            refuse_claim_on_a_kept_file(commit, change, campaign, good, step.files, self.campaign_dir)
        if step.touched:
            self.touched[commit.sha] = step.touched
        self._record(commit, step.files, step.found, step.keys)
        self.removals[commit.sha] = step.removals if not step.others else \
            walk_removals.after_merge(self, commit, step.files, step.removals, step.done)
        return step.files

    def _quiet(self, commit: Commit, position: int, base: dict[str, FileState], removals: dict):
        """A commit that changed no campaign file: its parent's files, as they were."""
        self._record(commit, base, [], [])
        self.removals[commit.sha] = removals
        if len(commit.parents) > 1:  # a merge may still drop versions the other parents held
            self._defaults_for(commit, position)
            self.removals[commit.sha] = walk_removals.after_merge(self, commit, base, removals, set())
        return base

    def _deleted(self, step: _Step, change: FileChange) -> None:
        assert change.old_path is not None  # a deletion names the path it removes (log._campaign_change)
        gone = step.files.pop(change.old_path, None)
        if gone is not None:
            step.removals.pop(str(gone.lineage), None)
        if gone is not None and self.owns(change.old_path):
            step.touched[str(gone.lineage)] = Touch(INTERNAL, [], _stem(change.old_path), self.period(gone.lineage),
                                                    True)

    def _changed(self, step: _Step, index: int, change: FileChange) -> None:
        """A file added, changed or renamed: its new state, and what changed in it."""
        assert change.new_path is not None and change.new_blob is not None  # only a deletion leaves no version
        renamed_from = change.old_path if change.status == "R" else None  # a rename names both its paths
        previous = step.files.pop(renamed_from, None) if renamed_from else step.base.get(change.new_path)
        lineage = previous.lineage if previous else self._lineage_in(step.others, change.new_path)
        if not self.owns(change.new_path):  # another walker reads it; its lineage is followed all the same
            step.files[change.new_path] = FileState(change.new_blob, lineage, None, None)
            return
        campaign, problem = self.version(change.new_blob, change.new_path)
        if campaign is None:
            self._unreadable(step, index, change, previous, lineage, problem)
            return
        step.files[change.new_path] = FileState(change.new_blob, lineage, change.new_blob, change.new_path)
        good = self.good(previous)
        step.claims.append((change, campaign, good))
        unknown = previous is not None and good is None  # no earlier version ever parsed: what changed?
        if _undeclared_rename(renamed_from, campaign):  # git's guess: one campaign gone, another made from it
            good, unknown, previous = None, True, None
            self._new_period(lineage)
            step.removals.pop(str(lineage), None)  # another campaign's history
        elif renamed_from is not None:  # declared: the old id's history is this file's, and so are its aliases
            alias = self.aliases.get(str(lineage), Alias())
            self._alias(lineage, Alias(alias.period, sorted(set(alias.ids) | {_stem(renamed_from)})))
        self._compare(step, index, change.new_path, lineage, (good, campaign), new_file=previous is None,
                      unknown=unknown)

    def _compare(self, step: _Step, index: int, path: str, lineage: int,
                 versions: tuple[Campaign | None, Campaign], new_file: bool, unknown: bool) -> None:
        """The events between a file's last good version and this one, and what the commit touched there."""
        good, campaign = versions
        commit = step.commit
        events = self.differ.compare(good, campaign, step.day, new_file=new_file)
        level, ids = (INTERNAL, ()) if unknown else self.differ.reach(good, campaign)
        # every message may be shown (defaults.commit), so the entries it may speak of are kept for all
        step.touched[str(lineage)] = Touch(level, list(ids), _stem(path), self.period(lineage),
                                           unknown or hidden_text.changed(good, campaign))
        theirs = [self.good(self._find(state, lineage, path)) for state in step.others]
        walk_removals.after_change(self, commit, str(lineage), campaign, events, theirs, step.removals)
        step.done.add(str(lineage))
        if step.others:
            events = [e for e in events if not any(diffs.explained(e, other) for other in theirs)]
        step.found.extend(ChangeRecord(commit.sha, lineage, e.kind, e.entry_kind, e.entry_id, e.field, e.old, e.new,
                                       e.visibility, tuple(e.parent_visibility), tuple(e.parent_ids), e.was)
                          for e in events)
        step.keys.extend([(step.position, index)] * len(events))

    def _unreadable(self, step: _Step, index: int, change: FileChange, previous: FileState | None,
                    lineage: int, problem: str | None) -> None:
        """A version that does not parse: skipped with a warning; the file keeps its last good version."""
        assert change.new_path is not None and change.new_blob is not None  # a deletion leaves no version
        step.touched[str(lineage)] = Touch(INTERNAL, [], _stem(change.new_path), -1, True)  # whose is it?
        self._warn(f"git commit {step.commit.sha[:12]}: {change.new_path} does not parse in this version, "
                   f"which is skipped ({problem})", (step.position, index))
        kept = previous or FileState(change.new_blob, lineage, None, None)
        if change.status == "R":  # a rename nobody can read cannot declare itself: the file starts afresh
            kept = FileState(change.new_blob, lineage, None, None)
            self._new_period(lineage)
        step.files[change.new_path] = FileState(change.new_blob, lineage, kept.good, kept.good_path)

    def _warn(self, text: str, key: tuple[int, int]) -> None:
        self.warnings.append(text)
        self.warning_keys.append(key)

    def _date_warning(self, commit: Commit, position: int) -> None:
        if commit.date_problem and self.owns(self.defaults_at.path):  # one walker says it
            self._warn(f"git commit {commit.sha[:12]}: {commit.date_problem}", (position, -2))

    def _defaults_for(self, commit: Commit, position: int) -> None:
        """Reads this commit's versions under its defaults; says so when a site_config.yml there does not read."""
        self.defaults = self.defaults_at.for_commit(commit.sha, commit.parents)
        broken = [sha for sha in (commit.sha, *commit.parents) if sha in self.defaults_at.problems]
        if broken and self.owns(self.defaults_at.path):  # one walker says it (the file is no campaign's)
            self._warn(f"git commit {commit.sha[:12]}: {self.defaults_at.path} does not read in this version or "
                       f"the one before ({self.defaults_at.problems[broken[0]]}), so its campaign changes are "
                       "read as internal", (position, -1))

    # -- lineages and their periods ------------------------------------------------------

    def _alias(self, lineage: int, alias: Alias) -> None:
        self.aliases[str(lineage)] = self.aliases_now[str(lineage)] = alias

    def _new_period(self, lineage: int) -> None:
        self._alias(lineage, Alias(self.period(lineage) + 1, []))

    def period(self, lineage: int) -> int:
        alias = self.aliases.get(str(lineage))
        return alias.period if alias is not None else 0

    def _lineage_in(self, others: list[dict[str, FileState]], path: str) -> int:
        for state in others:
            if path in state:
                return state[path].lineage
        return self._new_lineage()

    @staticmethod
    def _find(state: dict[str, FileState], lineage: int, path: str) -> FileState | None:
        for fs in state.values():
            if fs.lineage == lineage:
                return fs
        return state.get(path)

    # -- what commits say -----------------------------------------------------------------

    def _record(self, commit: Commit, files: dict[str, FileState], found: list[ChangeRecord],
                keys: list[tuple[int, int]]) -> None:
        """What a commit with events, a decision or a retraction says (a message may be shown beside its
        events; a commit that says nothing of ours is passed by without parsing its message)."""
        said = what_it_says(commit, bool(found))
        if said is None:
            return
        self.defaults = self.defaults_at.for_commit(commit.sha, commit.parents)  # its message's, decision's
        campaign = self._campaign_named(said[1], files)
        self.commits[commit.sha] = record_of(commit, said, self.config, self.tz, dict(self.defaults), campaign)
        if said[1].get("Decision"):
            self.decisions.append(commit.sha)
        self.changes.extend(found)
        self.change_keys.extend(keys)

    def _campaign_named(self, trailers: Trailers, files: dict[str, FileState]) -> tuple[int | None, int | None, int]:
        """The lineage and period of the file a commit's `Campaign:` names, and its Relates-to level then."""
        for name in trailers.get("Campaign")[:1]:
            path = f"{self.campaign_dir}{name}.yml"
            fs = files.get(path)
            if fs and self.owns(path):  # only the walker that reads the file knows its renames
                return fs.lineage, self.period(fs.lineage), self._level_then(fs, trailers.get("Relates-to"))
            return (fs.lineage if fs else None), None, 0
        return None, None, 0

    def _level_then(self, fs: FileState, relates_to: tuple[str, ...]) -> int:
        """The strictest visibility the entries a decision commit relates to had in its campaign's file at
        that commit: its text may speak of them as they were then (0: it relates to none)."""
        refs = [item.strip() for value in relates_to for item in value.split(",") if item.strip()]
        if not refs:
            return 0
        version = self.good(fs)
        if version is None:
            return INTERNAL  # no version of the file reads: what they were cannot be told
        levels = {entry.id: entry.visibility for entry in version.entries()}
        return max((levels[ref] for ref in refs if ref in levels), default=0)
