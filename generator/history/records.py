"""What a walk of the history finds, as types: the walker's results and the cache's contents.

Everything here is in the reader's own terms (file lineages, not campaign
ids; people already matched, no e-mail address), so it can be cached and
turned into model types against whatever workspace is there today
(finish.py). A snapshot is written as JSON by orjson, which encodes these
dataclasses itself; `Snapshot.from_json` reads one back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.model import Removal


@dataclass(frozen=True, slots=True)
class FileState:
    """A campaign file at a commit: its version, its lineage, and its last version that parsed."""

    blob: str
    lineage: int
    good: str | None  # the blob of the last version that parsed, if any
    good_path: str | None


@dataclass(slots=True)
class CommitRecord:
    """What a commit with events, a decision or a retraction says, and when."""

    at: str  # authored, ISO 8601 in the site's time zone
    author: str | None  # the person id, when one of `people` wrote it
    side: str
    committed: str
    subject: str
    body: str
    text: str  # the message without its trailer block
    trailers: dict[str, list[str]]  # lowercased name -> values, ours only
    campaign_lineage: int | None  # the file its `Campaign:` named at that commit
    campaign_period: int | None  # that file's period then (known to the walker that reads the file)
    others: list[str]  # every other path it changed
    reverts: list[str]  # the hashes its "This reverts commit" lines name
    defaults: dict[str, int]  # defaults.commit and defaults.decision at that commit
    relates_level: int  # the strictest level of the entries its Relates-to named then (0: none)


@dataclass(slots=True)  # not frozen: tens of thousands are made per read, and a frozen one costs ten times more
class ChangeRecord:
    """One editorial event, before it is tied to a campaign of today."""

    commit: str
    lineage: int
    kind: str
    entry_kind: str
    entry_id: str
    field: str | None
    old: Any
    new: Any
    visibility: int
    parent_visibility: tuple[int, ...]
    parent_ids: tuple[str, ...]
    was: dict | None = None  # a `hidden` event's entry before it (entry_json.py)


@dataclass(slots=True)
class Touch:
    """What a commit changed in one campaign file: what its message may speak of, and as which campaign."""

    level: int  # the strictest visibility of all it changed in the file
    ids: list[str]  # the entries it concerns
    stem: str  # the file's campaign id then
    period: int  # the file's period then (-1: a version that does not parse)
    hidden_text: bool  # whether it changed a text holding an [internal] span (hidden_text.py)


@dataclass(slots=True)
class Alias:
    """A lineage's period (an undeclared rename starts a new one) and the ids its file had before the
    declared renames that led to its current name."""

    period: int = 0
    ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Snapshot:
    """The cache of one history source: everything read up to `head`."""

    version: int
    key: str
    head: str
    as_of: str
    files: dict[str, FileState]  # the campaign files at `head`
    next_lineage: int
    commits: dict[str, CommitRecord]  # oldest first
    changes: list[ChangeRecord]
    decisions: list[str]
    warnings: list[str]
    touched: dict[str, dict[str, Touch]]  # commit -> lineage -> what it changed there
    aliases: dict[str, Alias]  # lineage ->
    removals: dict[str, dict[str, tuple[Removal, ...]]]  # lineage -> gone entry id -> its removals (removals.py)

    @classmethod
    def from_json(cls, data: dict) -> Snapshot:
        """Raises KeyError, TypeError or ValueError on anything but a snapshot's JSON."""
        return cls(
            version=data["version"], key=data["key"], head=data["head"], as_of=data["as_of"],
            files={path: FileState(**fs) for path, fs in data["files"].items()},
            next_lineage=data["next_lineage"],
            commits={sha: _read(CommitRecord, meta) for sha, meta in data["commits"].items()},
            changes=[_change(raw) for raw in data["changes"]],
            decisions=list(data["decisions"]), warnings=list(data["warnings"]),
            touched={sha: {lineage: _read(Touch, t) for lineage, t in files.items()}
                     for sha, files in data["touched"].items()},
            aliases={lineage: Alias(**alias) for lineage, alias in data["aliases"].items()},
            removals=removals_from_json(data["removals"]),
        )


_FIELDS = {kind: tuple(kind.__dataclass_fields__) for kind in (CommitRecord, ChangeRecord, Touch)}


def _read(kind, raw: dict):
    """A record from its JSON object (orjson writes the fields in order): positional, the fast way, once
    the names are checked to be exactly the fields in order."""
    if tuple(raw) != _FIELDS[kind]:
        raise ValueError(f"not a {kind.__name__}")
    return kind(*raw.values())


def _change(raw: dict) -> ChangeRecord:
    record = _read(ChangeRecord, raw)
    record.parent_visibility, record.parent_ids = tuple(record.parent_visibility), tuple(record.parent_ids)
    return record


def removals_from_json(mapping: dict) -> dict[str, dict[str, tuple[Removal, ...]]]:
    """The removals of a cache: JSON objects, their lists tuples again (a removal in memory is kept)."""
    return {lineage: {entry_id: tuple(_removal(r) for r in recs) for entry_id, recs in entries.items()}
            for lineage, entries in mapping.items()}


def _removal(raw: dict | Removal) -> Removal:
    if isinstance(raw, Removal):  # a snapshot not written yet (the walkers of one read)
        return raw
    if tuple(raw) != _REMOVAL_FIELDS:
        raise ValueError("not a removal")
    return Removal(raw["commit"], raw["entry_kind"], raw["entry_id"], raw["title"], raw["visibility"],
                   tuple(raw["parent_visibility"]), tuple(raw["parent_ids"]))


_REMOVAL_FIELDS = tuple(Removal.__dataclass_fields__)
