"""The entries of a campaign file, as loaded: frozen types, no I/O.

They carry visibility, as the rest of the domain does (model.py, which
re-exports them: import them from generator.model).
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Deliverable:
    id: str
    title: str
    due: dt.date | None
    visibility: int
    line: int = field(default=0, compare=False)  # where it was written: not content


@dataclass(frozen=True)
class Milestone:
    id: str
    title: str
    date: dt.date
    reached: bool
    visibility: int
    line: int = field(default=0, compare=False)  # where it was written: not content


@dataclass(frozen=True)
class Task:
    id: str
    title: str
    owner: str | None
    label: str
    deliverable: str | None
    start: dt.date | None
    due: dt.date | None
    done: dt.date | None
    visibility: int
    line: int = field(default=0, compare=False)  # where it was written: not content


@dataclass(frozen=True)
class Comment:
    by: str
    at: dt.datetime
    text: str
    visibility: int
    line: int = field(default=0, compare=False)  # where it was written: not content


@dataclass(frozen=True)
class Decision:
    id: str
    date: dt.datetime | dt.date
    title: str
    why: str
    alternatives: tuple[str, ...]
    decided_by: tuple[str, ...]
    relates_to: tuple[str, ...]
    comments: tuple[Comment, ...]
    visibility: int
    line: int = field(default=0, compare=False)  # where it was written: not content
    commit: str | None = None  # set for decision commits from git
    # Not shown: entries it stays as hidden as (a removed entry's parents it was about, where they still exist).
    hidden_with: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    by: str
    verdict: str
    at: dt.datetime
    comment: str
    visibility: int
    line: int = field(default=0, compare=False)  # where it was written: not content


@dataclass(frozen=True)
class Approval:
    id: str
    subject: str
    version: str | None
    asset: str | None  # content-relative path
    asset_sha256: str | None
    requested: dt.datetime
    due: dt.datetime | None
    steps: tuple[Step, ...]
    visibility: int
    line: int = field(default=0, compare=False)  # where it was written: not content


@dataclass(frozen=True)
class Note:
    date: dt.date
    about: str | None
    text: str
    visibility: int
    line: int = field(default=0, compare=False)  # where it was written: not content


@dataclass(frozen=True)
class Asset:
    id: str
    title: str
    deliverable: str | None
    file: str | None  # content-relative path
    url: str | None
    published: dt.date | None
    visibility: int
    line: int = field(default=0, compare=False)  # where it was written: not content


@dataclass(frozen=True)
class KpiPoint:
    date: dt.date
    value: float
    visibility: int


@dataclass(frozen=True)
class KpiSeries:
    id: str
    title: str
    unit: str
    points: tuple[KpiPoint, ...]
    visibility: int
    line: int = field(default=0, compare=False)  # where it was written: not content


# The lists of a campaign whose entries have an id, unique across all of them.
ENTRY_GROUPS = ("deliverables", "milestones", "tasks", "decisions", "approvals", "assets", "series")


@dataclass(frozen=True)
class Campaign:
    id: str
    title: str
    client: str
    summary: str
    goals: tuple[str, ...]
    deliverables: tuple[Deliverable, ...]
    milestones: tuple[Milestone, ...]
    tasks: tuple[Task, ...]
    decisions: tuple[Decision, ...]
    approvals: tuple[Approval, ...]
    notes: tuple[Note, ...]
    assets: tuple[Asset, ...]
    nps: KpiSeries | None
    series: tuple[KpiSeries, ...]
    file: str  # workspace-relative path, for messages
    # Campaign ids this file had before a rename (`git mv`): only their history becomes this campaign's.
    renamed_from: tuple[str, ...] = ()

    def entries(self) -> Iterator:
        """Every entry that has an id, kind by kind in ENTRY_GROUPS order (notes have none)."""
        for group in ENTRY_GROUPS:
            yield from getattr(self, group)

    def entries_by_id(self) -> dict[str, object]:
        """Every entry that has an id, across kinds (ids are unique per campaign)."""
        return {entry.id: entry for entry in self.entries()}


_KIND_NAMES = {
    "Deliverable": "deliverable", "Milestone": "milestone", "Task": "task", "Decision": "decision",
    "Approval": "approval", "Asset": "asset", "KpiSeries": "kpi", "Note": "note",
}


def entry_kind(entry) -> str:
    """The kind of an entry, as users write it (task, decision, kpi, ...)."""
    return _KIND_NAMES[type(entry).__name__]


def entry_title(entry, entries: dict) -> str:
    """An entry's title; an approval is named by its subject's title and its version."""
    if isinstance(entry, Approval):
        name = getattr(entries.get(entry.subject), "title", entry.subject)
        return f"{name} {entry.version}" if entry.version else name
    return entry.title


def references(entry) -> tuple[str, ...]:
    """The ids an entry refers to: if any is hidden, the entry is hidden too."""
    if isinstance(entry, Task):
        return (entry.deliverable,) if entry.deliverable else ()
    if isinstance(entry, Decision):
        return entry.relates_to + entry.hidden_with
    if isinstance(entry, Approval):
        return (entry.subject,)
    deliverable = getattr(entry, "deliverable", None)
    return (deliverable,) if isinstance(deliverable, str) else ()


def file_owners(campaigns: dict[str, Campaign]) -> dict[str, tuple[str, str]]:
    """Workspace path of every asset file and approval receipt file -> (campaign id, entry id).

    What a commit that changed the file changed; a file two entries share
    belongs to neither, since which of them the commit was about cannot be told.
    """
    found: dict[str, tuple[str, str] | None] = {}
    for c in campaigns.values():
        files = [(a.file, a.id) for a in c.assets if a.file] + [(a.asset, a.id) for a in c.approvals if a.asset]
        for file, entry_id in files:
            path = posixpath.normpath(f"content/{file}")  # `assets/./x.pdf` and `assets//x.pdf` are one file
            found[path] = (c.id, entry_id) if found.get(path, (c.id, entry_id)) == (c.id, entry_id) else None
    return {path: owner for path, owner in found.items() if owner is not None}
