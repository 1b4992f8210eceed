"""Walking commits in order: which campaign file each change is about, and what changed.

Each commit's campaign files are tracked as lineages: a file keeps its
lineage through renames (`git log -M`), so events recorded before a rename
end up on the campaign's current id. For every changed file the walker
compares the new version with the last version of that lineage that parsed
(a version that does not parse is skipped with a warning naming the commit).

A merge is read against its first parent, and an event counts only when the
merge made it: one that some other parent already had came in with the
merged branch, and was counted on the commit that made it.

A walker may own only some campaign files (`owns`, see history_parallel.py):
it still follows every file's lineage, so lineage numbers agree between
walkers, but reads and compares only the versions of the files it owns.
Each new event and warning keeps its place (commit position, change index),
so the results of several walkers merge into exactly the serial order.

Results are plain JSON-able records (see history_cache.py); history.py turns
them into model types against the current workspace.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from generator.errors import HistoryError
from generator.model import INTERNAL, Campaign, SiteConfig
from generator.history import diffs
from generator.history import hidden_text
from generator.history import removals as history_removals
from generator.history import retractions
from generator.history.decisions import OUR_TRAILERS, Trailers
from generator.history.log import Commit, stream_blobs
from generator.history.defaults import Defaults, DefaultsAtCommits, with_defaults
from generator.history.rename_claims import refuse_claim_on_a_kept_file
from generator.history.trailers import parse_message
from generator.history.versions import CampaignVersions

_MAYBE_TRAILER = re.compile(rf"(?im)^(?:{'|'.join(OUR_TRAILERS)})[ \t]*:")
_PUBLIC_MAIL = {
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com",
    "icloud.com", "me.com", "proton.me", "protonmail.com", "users.noreply.github.com",
}


def _stem(path: str) -> str:
    """A campaign file's campaign id: its name without `.yml`."""
    return path.rsplit("/", 1)[-1].removesuffix(".yml")


def _undeclared_rename(change, campaign: Campaign) -> bool:
    """A rename git found by similarity that the new file does not declare (`renamed_from:`).

    Deleting one campaign and adding another made from a copy of it looks
    to git like a rename. Only a declared one makes the old campaign's
    history the new one's; otherwise the new file starts afresh.
    """
    return change.status == "R" and _stem(change.old_path) != campaign.id \
        and _stem(change.old_path) not in campaign.renamed_from


@dataclass(frozen=True)
class FileState:
    blob: str
    lineage: int
    good: str | None  # the blob of the last version that parsed, if any
    good_path: str | None

    def record(self) -> list:
        return [self.blob, self.lineage, self.good, self.good_path]


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


class Walker:
    """Reads commits oldest first; keeps the state of the commits still needed."""

    def __init__(self, repo, config: SiteConfig, campaign_dir: str, cached: dict | None,
                 owns: Callable[[str], bool] | None = None):
        self.repo = repo
        self.owns = owns or (lambda path: True)
        self.config = config
        self.campaign_dir = campaign_dir
        self.tz = ZoneInfo(config.timezone)
        # Versions are read under the `defaults:` of the commit being read (history_defaults.py): one reader each
        self.defaults_at = DefaultsAtCommits(repo, config, campaign_dir)
        self.defaults: Defaults = tuple(sorted(config.defaults.items()))
        self.readers: dict[Defaults, CampaignVersions] = {}
        self.differ = diffs.Differ()
        self.parsed: dict[tuple[str, str, Defaults], tuple[Campaign | None, str | None]] = {}
        self.states: dict[str, dict[str, FileState]] = {}
        self.next_lineage = 0
        self.commits: dict[str, list] = {}
        self.changes: list[list] = []
        self.decisions: list[str] = []
        self.warnings: list[str] = []
        # commit -> {lineage: [the strictest visibility of all it changed in that file, the ids of the entries
        # it concerns, the file's campaign id and period then, whether it changed a text holding an [internal]
        # span (hidden_text.py, the gate's reading)]}: which campaigns a commit changed and what, events or
        # not (what its message may speak of), and as which campaign (a rename counts only where declared)
        self.touched: dict[str, dict[str, list]] = {}
        self.last_touch: dict[str, str] = {}  # "lineage/period/campaign id" -> the latest commit that changed the file
        # lineage -> [its period, the ids its file had before the declared renames that led to its current
        # name (chains too)]. An undeclared rename starts a new period: what the file was before is another
        # campaign's history, even under an id it takes again later.
        self.aliases: dict[str, list] = {}
        self.aliases_now: dict[str, list] = {}  # those set in this run (what a second walker sends back)
        self.head_files: dict[str, FileState] = {}
        # commit -> lineage -> gone entry id -> the removals standing for it (history_removals.py), beside `states`
        self.removals: dict[str, dict[str, history_removals.FileMap]] = {}
        self.head_removals: dict[str, history_removals.FileMap] = {}
        self.read = 0  # commits read in this run
        if cached is not None:
            self._restore(cached)
        # what came from the cache; where this run's events and warnings stand: (commit position, change index)
        self.restored = (len(self.changes), len(self.warnings), len(self.commits))
        self.change_keys: list[tuple[int, int]] = []
        self.warning_keys: list[tuple[int, int]] = []

    def _restore(self, cached: dict) -> None:
        state = cached["state"]
        files = {path: FileState(*record) for path, record in state["files"].items()}
        self.states[cached["head"]] = files
        self.head_files = files
        self.next_lineage = state["next_lineage"]
        self.commits = cached["commits"]
        self.changes = cached["changes"]
        self.decisions = cached["decisions"]
        self.warnings = cached["warnings"]
        self.touched = cached["touched"]
        self.last_touch = cached["last_touch"]
        self.aliases = cached["aliases"]
        self.removals[cached["head"]] = self.head_removals = history_removals.from_json(cached["removals"])

    # -- versions ---------------------------------------------------------------

    def _prefetch(self, commits: list[Commit]) -> None:
        """Every version the walk will compare, in one cat-file pass.

        That is each new version, and for the files these commits touch, the
        last good version known from an earlier run.
        """
        self.defaults_at.load(sha for commit in commits if commit.files for sha in (commit.sha, *commit.parents))
        new: dict[str, list[tuple[str, Defaults]]] = {}
        touched: dict[str, dict[Defaults, None]] = {}  # path -> the defaults of the commits that touch it
        for commit in (commit for commit in commits if commit.files):
            defaults = self.defaults_at.for_commit(commit.sha, commit.parents)
            for change in commit.files:
                for path in (change.old_path, change.new_path):
                    if path and self.owns(path):
                        touched.setdefault(path, {})[defaults] = None
                if change.new_blob is not None and self.owns(change.new_path):
                    new.setdefault(change.new_blob, []).append((change.new_path, defaults))
        wanted: dict[str, list[tuple[str, Defaults]]] = {}
        for state in self.states.values():
            for path, fs in state.items():
                if fs.good is not None and path in touched:
                    wanted.setdefault(fs.good, []).extend((fs.good_path, defaults) for defaults in touched[path])
        for blob, reads in new.items():
            wanted.setdefault(blob, []).extend(reads)
        self._fetch(wanted)

    def _fetch(self, wanted: dict[str, list[tuple[str, Defaults]]]) -> None:
        def take(blob: str, data: bytes) -> None:
            for path, defaults in dict.fromkeys(wanted[blob]):
                if (blob, path, defaults) not in self.parsed:
                    self.parsed[(blob, path, defaults)] = self._reader(defaults).read(data, path)

        stream_blobs(self.repo, list(wanted), take)

    def _reader(self, defaults: Defaults) -> CampaignVersions:
        found = self.readers.get(defaults)
        if found is None:
            found = self.readers[defaults] = CampaignVersions(with_defaults(self.config, defaults))
        return found

    def version(self, blob: str, path: str) -> tuple[Campaign | None, str | None]:
        """A version read under the defaults of the commit being read (`self.defaults`)."""
        key = (blob, path, self.defaults)
        found = self.parsed.get(key)
        if found is None:
            self._fetch({blob: [(path, self.defaults)]})
            found = self.parsed[key]
        return found

    def _good(self, fs: FileState | None) -> Campaign | None:
        if fs is None or fs.good is None:
            return None
        return self.version(fs.good, fs.good_path)[0]

    # -- states -------------------------------------------------------------------

    def _state(self, sha: str) -> dict[str, FileState]:
        found = self.states.get(sha)
        if found is None:
            # Every parent is a commit of this walk or the cached head (history._reaches_behind reads a history
            # afresh otherwise): a file's lineage cannot be guessed from its path, so never rebuild one here.
            raise HistoryError(f"git commit {sha[:12]}: its campaign files were not read; delete "
                               ".receipts-cache and build again")
        return found

    def _new_lineage(self) -> int:
        self.next_lineage += 1
        return self.next_lineage

    # -- the walk -------------------------------------------------------------------

    def walk(self, commits: list[Commit], head: str) -> None:
        self._prefetch(commits)
        children: dict[str, int] = {}
        for commit in commits:
            for parent in commit.parents:
                children[parent] = children.get(parent, 0) + 1
        for position, commit in enumerate(commits):
            self.states[commit.sha] = self._commit(commit, position)
            self.read += 1
            for parent in commit.parents:
                children[parent] -= 1
                if children[parent] == 0 and parent != head:
                    self.states.pop(parent, None)
                    self.removals.pop(parent, None)
        self.head_files = self.states[head] if head in self.states else self._state(head)
        at_head = {str(fs.lineage) for fs in self.head_files.values()}
        self.head_removals = {k: v for k, v in self.removals.get(head, {}).items() if k in at_head and v}

    def _commit(self, commit: Commit, position: int) -> dict[str, FileState]:
        self._date_warning(commit, position)
        base = self._state(commit.parents[0]) if commit.parents else {}
        removals = self.removals.get(commit.parents[0], {}) if commit.parents else {}
        if not commit.files:  # most commits of a busy repository touch no campaign file: nothing to copy
            self._record(commit, base, [], [])
            self.removals[commit.sha] = removals
            if len(commit.parents) > 1:  # a merge may still drop versions the other parents held
                self._defaults_for(commit, position)
                self.removals[commit.sha] = self._merged_removals(commit, base, removals, set())
            return base
        others = [self._state(p) for p in commit.parents[1:]]
        removals = dict(removals)  # a parent's map may be shared with its other children: never changed in place
        done: set[str] = set()  # the files whose map is worked out below
        self._defaults_for(commit, position)
        files = dict(base)
        day = commit.authored.astimezone(self.tz).date()
        found: list[list] = []
        keys: list[tuple[int, int]] = []
        touched: dict[str, list] = {}
        claims: list[tuple] = []  # (change, its version, the one before): whose renames each declares
        for index, change in enumerate(commit.files):
            if change.status == "D":
                gone = files.pop(change.old_path, None)
                if gone is not None:
                    removals.pop(str(gone.lineage), None)
                if gone is not None and self.owns(change.old_path):
                    touched[str(gone.lineage)] = [INTERNAL, [], _stem(change.old_path), self.period(gone.lineage),
                                                  True]
                continue
            previous = files.pop(change.old_path, None) if change.status == "R" else base.get(change.new_path)
            lineage = previous.lineage if previous else self._lineage_in(others, change.new_path)
            if not self.owns(change.new_path):  # another walker reads it; its lineage is followed all the same
                files[change.new_path] = FileState(change.new_blob, lineage, None, None)
                continue
            campaign, problem = self.version(change.new_blob, change.new_path)
            if campaign is None:
                touched[str(lineage)] = [INTERNAL, [], _stem(change.new_path), -1, True]  # unreadable: whose is it?
                self.warnings.append(f"git commit {commit.sha[:12]}: {change.new_path} does not parse in this "
                                     f"version, which is skipped ({problem})")
                self.warning_keys.append((position, index))
                kept = previous or FileState(change.new_blob, lineage, None, None)
                if change.status == "R":  # a rename nobody can read cannot declare itself: the file starts afresh
                    kept = FileState(change.new_blob, lineage, None, None)
                    self._new_period(lineage)
                files[change.new_path] = FileState(change.new_blob, lineage, kept.good, kept.good_path)
                continue
            files[change.new_path] = FileState(change.new_blob, lineage, change.new_blob, change.new_path)
            good = self._good(previous)
            claims.append((change, campaign, good))
            unknown = previous is not None and good is None  # no earlier version ever parsed: what changed?
            if _undeclared_rename(change, campaign):  # git's guess: one campaign gone, another made from it
                good, unknown, previous = None, True, None
                self._new_period(lineage)
                removals.pop(str(lineage), None)  # another campaign's history
            elif change.status == "R":  # declared: the old id's history is this file's, and so are its aliases
                period, ids = self.aliases.get(str(lineage), [0, []])
                self._alias(lineage, period, sorted(set(ids) | {_stem(change.old_path)}))
            events = self.differ.compare(good, campaign, day, new_file=previous is None)
            level, ids = (INTERNAL, ()) if unknown else self.differ.reach(good, campaign)
            # every message may be shown (defaults.commit), so the entries it may speak of are kept for all
            touched[str(lineage)] = [level, list(ids), _stem(change.new_path), self.period(lineage),
                                     unknown or hidden_text.changed(good, campaign)]
            theirs = [self._good(self._find(state, lineage, change.new_path)) for state in others]
            self._removals_of(commit, str(lineage), campaign, events, theirs, removals)
            done.add(str(lineage))
            if others:
                events = [e for e in events if not any(diffs.explained(e, other) for other in theirs)]
            found.extend([commit.sha, lineage, e.kind, e.entry_kind, e.entry_id, e.field, e.old, e.new,
                          e.visibility, list(e.parent_visibility), list(e.parent_ids)] for e in events)
            keys.extend([(position, index)] * len(events))
        for change, campaign, good in claims:
            refuse_claim_on_a_kept_file(commit, change, campaign, good, files, self.campaign_dir)
        if touched:
            self.touched[commit.sha] = touched
            for lineage, (_, _, stem, period, *_) in touched.items():
                key = f"{lineage}/{period}/{stem}"
                known = self.last_touch.get(key)
                if known is None or dt.datetime.fromisoformat(known) < commit.committed:
                    self.last_touch[key] = commit.committed.isoformat()
        self._record(commit, files, found, keys)
        self.removals[commit.sha] = self._merged_removals(commit, files, removals, done) if others else removals
        return files

    def _removals_of(self, commit: Commit, lineage: str, campaign: Campaign, events: list, theirs: list,
                     removals: dict) -> None:
        """The file's map after a commit that changed it: the first parent's, less what it added, with what it
        removed (`events`); for a merge, also the other parents' maps and the versions of theirs it dropped."""
        parents = [removals.get(lineage, {})] + [self.removals.get(p, {}).get(lineage, {})
                                                 for p in commit.parents[1:]]
        fresh = [history_removals.records(commit.sha, events)]
        fresh += [history_removals.dropped(commit.sha, other, campaign) for other in theirs]
        held = history_removals.kinds_of(campaign) if theirs else history_removals.added(events)
        removals[lineage] = history_removals.carry(held, parents, fresh)

    def _merged_removals(self, commit: Commit, files: dict[str, FileState], removals: dict,
                         done: set[str]) -> dict:
        """A merge's map for the files it did not change against its first parent: their versions are the
        first parent's, and the merge still dropped what the other parents held and it does not."""
        found = dict(removals)
        states = [{fs.lineage: fs for fs in self._state(p).values()} for p in commit.parents[1:]]  # by lineage
        for path, fs in files.items():
            lineage, campaign = str(fs.lineage), None
            theirs = [state.get(fs.lineage) for state in states]
            maps = [self.removals.get(p, {}).get(lineage, {}) for p in commit.parents[1:]]
            if lineage not in done and self.owns(path) and any(
                    mapping or (other is not None and other.blob != fs.blob) for other, mapping in zip(theirs, maps)):
                campaign = self._good(fs)
            if campaign is not None:
                fresh = [history_removals.dropped(commit.sha, self._good(other), campaign) for other in theirs]
                held = history_removals.kinds_of(campaign)
                found[lineage] = history_removals.carry(held, [found.get(lineage, {}), *maps], fresh)
        return found

    def _date_warning(self, commit: Commit, position: int) -> None:
        if commit.date_problem and self.owns(self.defaults_at.path):  # one walker says it
            self.warnings.append(f"git commit {commit.sha[:12]}: {commit.date_problem}")
            self.warning_keys.append((position, -2))

    def _defaults_for(self, commit: Commit, position: int) -> None:
        """Reads this commit's versions under its defaults; says so when a site_config.yml there does not read."""
        self.defaults = self.defaults_at.for_commit(commit.sha, commit.parents)
        broken = [sha for sha in (commit.sha, *commit.parents) if sha in self.defaults_at.problems]
        if broken and self.owns(self.defaults_at.path):  # one walker says it (the file is no campaign's)
            self.warnings.append(f"git commit {commit.sha[:12]}: {self.defaults_at.path} does not read in this "
                                 f"version or the one before ({self.defaults_at.problems[broken[0]]}), so its "
                                 "campaign changes are read as internal")
            self.warning_keys.append((position, -1))

    def _alias(self, lineage: int, period: int, ids: list[str]) -> None:
        self.aliases[str(lineage)] = self.aliases_now[str(lineage)] = [period, ids]

    def _new_period(self, lineage: int) -> None:
        self._alias(lineage, self.period(lineage) + 1, [])

    def period(self, lineage: int) -> int:
        return self.aliases.get(str(lineage), [0, []])[0]

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

    def _record(self, commit: Commit, files: dict[str, FileState], found: list[list],
                keys: list[tuple[int, int]]) -> None:
        """What a commit with events, a decision or a retraction says (a message may be shown beside its
        events; a commit that says nothing of ours is passed by without parsing its message)."""
        trailers = Trailers({})
        message = None
        if _MAYBE_TRAILER.search(commit.message) is not None:  # a line that may be a trailer of ours
            message = parse_message(commit.message)
            trailers = Trailers.of(message)
        reverts = retractions.reverted(commit.message)
        if not found and not trailers.get("Decision") and not trailers.get("Retracts") and not reverts:
            return
        if message is None:
            message = parse_message(commit.message)  # its text without the trailer block (Signed-off-by: ...)
        self.defaults = self.defaults_at.for_commit(commit.sha, commit.parents)  # its message's, decision's
        campaign_lineage, campaign_period, relates_level = None, None, 0
        for name in trailers.get("Campaign")[:1]:
            path = f"{self.campaign_dir}{name}.yml"
            fs = files.get(path)
            campaign_lineage = fs.lineage if fs else None
            if fs and self.owns(path):  # only the walker that reads the file knows its renames
                campaign_period = self.period(fs.lineage)
                relates_level = self._level_then(fs, trailers.get("Relates-to"))
        person, side = author_of(commit.email, self.config)
        then = dict(self.defaults)
        self.commits[commit.sha] = {
            "at": commit.authored.astimezone(self.tz).isoformat(), "author": person, "side": side,
            "committed": commit.committed.astimezone(self.tz).isoformat(),  # a future one is left out (future.py)
            "subject": message.subject, "body": message.body, "text": message.text,
            "trailers": {key: list(values) for key, values in trailers.values.items()},
            "campaign_lineage": campaign_lineage, "campaign_period": campaign_period,
            "others": sorted(set(commit.other_paths)), "reverts": reverts,
            "defaults": {kind: then[kind] for kind in ("commit", "decision")}, "relates_level": relates_level,
        }
        if trailers.get("Decision"):
            self.decisions.append(commit.sha)
        self.changes.extend(found)
        self.change_keys.extend(keys)

    def _level_then(self, fs: FileState, relates_to: tuple[str, ...]) -> int:
        """The strictest visibility the entries a decision commit relates to had in its campaign's file at
        that commit: its text may speak of them as they were then (0: it relates to none)."""
        refs = [item.strip() for value in relates_to for item in value.split(",") if item.strip()]
        if not refs:
            return 0
        version = self._good(fs)
        if version is None:
            return INTERNAL  # no version of the file reads: what they were cannot be told
        entries = version.entries_by_id()
        return max((entries[ref].visibility for ref in refs if ref in entries), default=0)

    def snapshot(self, head: str, as_of: str, key: str) -> dict:
        from generator.history.cache import CACHE_VERSION

        return {
            "version": CACHE_VERSION, "key": key, "head": head, "as_of": as_of,
            "state": {"files": {p: fs.record() for p, fs in sorted(self.head_files.items())},
                      "next_lineage": self.next_lineage},
            "commits": self.commits, "changes": self.changes, "decisions": self.decisions,
            "warnings": self.warnings,
            "touched": {sha: dict(sorted(files.items())) for sha, files in sorted(self.touched.items())},
            "last_touch": dict(sorted(self.last_touch.items())),
            "aliases": dict(sorted(self.aliases.items())),
            "removals": {k: dict(sorted(v.items())) for k, v in sorted(self.head_removals.items())},
        }
