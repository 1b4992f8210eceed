"""The domain as loaded from a workspace: frozen types, no I/O.

These types carry visibility. Nothing after redaction ever sees them: the
renderers receive generator.view types, which carry none (invariant 1).
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field

INTERNAL = 5
"""`internal` sorts above tier 4: the most restrictive visibility."""

KINDS = (
    "milestone", "deliverable", "asset", "task", "kpi",
    "decision", "comment", "approval", "note", "commit",
)
BUILTIN_DEFAULTS = {
    "milestone": 0, "deliverable": 0, "asset": 0, "task": 1, "kpi": 1,
    "decision": 2, "comment": 2, "approval": 3, "note": 4, "commit": INTERNAL,
}
VERDICTS = ("approved", "changes-requested", "rejected")
LABEL_KINDS = ("todo", "active", "decision", "waiting", "blocked", "review", "done")


def visibility_name(value: int) -> str:
    return "internal" if value == INTERNAL else str(value)


VISIBILITY_EXPECTED = "a tier 0-4 or 'internal'"


def visibility_of(text: str) -> int | None:
    """A visibility as written (`0`-`4` or `internal`, exactly), or None when it is neither."""
    if text == "internal":
        return INTERNAL
    return int(text) if text in ("0", "1", "2", "3", "4") else None


@dataclass(frozen=True)
class Label:
    id: str
    title: str
    kind: str


BUILTIN_LABELS = (
    Label("not-started", "Not started", "todo"),
    Label("in-progress", "In progress", "active"),
    Label("needs-decision", "Needs a decision", "decision"),
    Label("waiting-on-client", "Waiting on client", "waiting"),
    Label("waiting-on-legal", "Waiting on legal", "waiting"),
    Label("stuck", "Stuck in creative purgatory", "blocked"),
    Label("in-review", "In review", "review"),
    Label("approved", "Approved", "done"),
    Label("done", "Done", "done"),
)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    role: str
    side: str  # agency | client
    emails: tuple[str, ...] = ()


@dataclass(frozen=True)
class Branding:
    logo: str | None = None  # workspace-relative path
    accent: str | None = None


@dataclass(frozen=True)
class Protect:
    """An audience whose deployed site is encrypted (FORMAT.md, Publishing 3-4; docs/protect.md)."""

    passphrase_env: tuple[str, ...]  # environment variables, one passphrase each, read at build time


@dataclass(frozen=True)
class Audience:
    id: str
    title: str
    tier: int
    internal: bool
    campaigns: tuple[str, ...] | None  # None: all campaigns
    names: str  # names | roles
    branding: Branding = Branding()
    path: str = ""  # its folder and URL segment (the id unless set)
    url: str | None = None  # its own address, ending in '/' (default: site.url + path + '/')
    language: str = "en"  # its UI strings (default: site.language)
    publish: bool = True  # in the deploy folder; False: built under <output>-private/
    protect: Protect | None = None

    @property
    def folder(self) -> str:
        return self.path or self.id

    def sees_campaign(self, campaign_id: str) -> bool:
        return self.campaigns is None or campaign_id in self.campaigns

    def reaches(self, visibility: int) -> bool:
        """One level of the ladder; callers check every level of a chain."""
        if visibility == INTERNAL:
            return self.internal
        return self.tier >= visibility

    def sees_plans(self) -> bool:
        """Tier 0 is "finished work only (final creative, milestones reached)": no planned milestone,
        and no deliverable until something it sees was delivered for it (redact.py)."""
        return self.internal or self.tier >= FIRST_TIER_WITH_PLANS


# Kinds whose entries are plans until done (a milestone reached, a deliverable delivered): tier 0 sees none.
PLAN_KINDS = frozenset({"milestone", "deliverable"})
FIRST_TIER_WITH_PLANS = 1


@dataclass(frozen=True)
class HistoryConfig:
    repo: str | None
    bundle: str | None
    ref: str


@dataclass(frozen=True)
class SiteConfig:
    title: str
    url: str | None
    language: str
    timezone: str
    output: str
    history: HistoryConfig | None
    defaults: dict[str, int]
    labels: dict[str, Label]
    people: dict[str, Person]
    audiences: dict[str, Audience]
    measures: dict[str, int] = field(default_factory=dict)
    stall_days: dict[str, int] = field(default_factory=dict)
    stale_after_days: int = 7  # a reader's browser flags a site older than this (FORMAT.md, Publishing)


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


@dataclass(frozen=True)
class Change:
    """An editorial event: what one commit changed in one campaign entry.

    kind: label | date | added | removed | step | scope
    """

    commit: str
    at: dt.datetime
    author: str | None  # a person id, or None when the author is unmapped
    author_side: str  # agency | client, for unmapped authors
    campaign: str
    kind: str
    entry_kind: str
    entry_id: str
    field: str | None
    old: str | None
    new: str | None
    visibility: int  # the concerned entry's (last) visibility
    parent_visibility: tuple[int, ...] = ()
    message: str = ""
    message_visibility: int | None = None  # from a Visibility: trailer; None without one (defaults.commit)
    parent_ids: tuple[str, ...] = ()  # the entries it referred to then (a task's deliverable, ...)
    message_ceiling: int = 0  # the strictest visibility of all its commit changed (diffs.reach)
    message_default: int = INTERNAL  # defaults.commit at its commit, never looser than today's


@dataclass(frozen=True)
class Removal:
    """A version of an entry the campaign no longer has, as the commit that removed it saw it (the parent
    version it was compared with; for a merge, each parent's version it dropped). commit None: an edit not
    committed yet."""

    commit: str | None
    entry_kind: str
    entry_id: str
    title: str
    visibility: int
    parent_visibility: tuple[int, ...] = ()
    parent_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class History:
    """What the git history adds. Empty when site_config has no history."""

    changes: tuple[Change, ...] = ()
    as_of: dt.datetime | None = None  # the last commit's date
    head: str | None = None
    configured: bool = False
    warnings: tuple[str, ...] = ()
    # What each commit's message may speak of: the campaigns it changed (events or not), and the
    # commits that also changed a campaign file the workspace no longer has.
    touched: dict[str, frozenset[str]] = field(default_factory=dict)
    touched_gone: frozenset[str] = frozenset()
    # commit -> campaign -> the ids of the entries it changed there (and those they refer to)
    touched_ids: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)
    # commit -> the other files it changed, as paths inside the workspace (None: outside it)
    others: dict[str, tuple[str | None, ...]] = field(default_factory=dict)
    # the commits that changed a text holding an [internal] span (history/hidden_text.py: the gate's reading)
    hidden_text: frozenset[str] = frozenset()
    # retracted commit -> the words withdrawn with it from every site (its message, its decision's title)
    retracted: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # campaign -> gone entry id -> every removal that stands on some path to the head (history_removals.py)
    removals: dict[str, dict[str, tuple[Removal, ...]]] = field(default_factory=dict)
    # decision commit -> the campaign file its `Campaign:` named at that commit ("lineage/period", the id named),
    # None when none existed; campaign -> its file now and the ids that file had since its period began.
    # The gate ties each decision commit to its campaign with these (audit/history_rules.py).
    decision_files: dict[str, tuple[str, str] | None] = field(default_factory=dict)
    campaign_files: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    dated: dict[str, dt.datetime] = field(default_factory=dict)  # commit -> the later of its author, committer date
    # decision commit -> its `Visibility:` trailer, else defaults.decision at that commit (never below today's)
    decision_floors: dict[str, int] = field(default_factory=dict)
    message_defaults: dict[str, int] = field(default_factory=dict)  # commit -> defaults.commit at that commit


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


def file_owners(campaigns: dict[str, "Campaign"]) -> dict[str, tuple[str, str]]:
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


@dataclass(frozen=True)
class Workspace:
    root: str
    config: SiteConfig
    campaigns: dict[str, Campaign]
    history: History = History()
    warnings: tuple[str, ...] = ()  # found reading the files (near-miss [internal] markers)
