"""The domain as loaded from a workspace: frozen types, no I/O.

These types carry visibility. Nothing after redaction ever sees them: the
renderers receive generator.view types, which carry none (invariant 1).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from generator.campaign_types import (  # the domain has one import point: this module
    ENTRY_GROUPS,
    Approval,
    Asset,
    Campaign,
    Comment,
    Decision,
    Deliverable,
    KpiPoint,
    KpiSeries,
    Milestone,
    Note,
    Step,
    Task,
    entry_kind,
    entry_title,
    file_owners,
    references,
)

__all__ = [
    "Approval", "Asset", "Audience", "BUILTIN_DEFAULTS", "BUILTIN_LABELS", "Branding", "Campaign",
    "Change", "Comment", "Decision", "Deliverable", "ENTRY_GROUPS", "FIRST_TIER_WITH_PLANS", "History",
    "HistoryConfig", "INTERNAL", "KINDS", "KpiPoint", "KpiSeries", "LABEL_KINDS", "Label", "Milestone",
    "Note", "PLAN_KINDS", "Person", "Protect", "Removal", "SiteConfig", "Step", "Task", "VERDICTS",
    "VISIBILITY_EXPECTED", "Workspace", "entry_kind", "entry_title", "file_owners", "references",
    "visibility_name", "visibility_of",
]

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
    packs: bool = True  # False: no transparency pack, whatever the tier (docs/transparency-pack.md)

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
    # kind hidden: the entry just before (history/entry_json.py), for the record; a dict, so not hashed
    was: dict | None = dataclasses.field(default=None, hash=False)  # `field` here is the field above


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
    # campaign -> each retracted decision commit's record as it stood, the commit that retracted it and that
    # commit's date: what the record (docs/receipts.md) turns into a tombstone and a "retracted" entry
    withdrawn: dict[str, tuple[tuple[Decision, str, dt.datetime], ...]] = field(default_factory=dict)
    # an approval or decision made more hidden, as a Change of kind "hidden" (old, new: its levels): kept out of
    # `changes`, so no page shows it; the record leaves a tombstone where it was shown (docs/receipts.md)
    hidden: tuple[Change, ...] = ()


@dataclass(frozen=True)
class Workspace:
    root: str
    config: SiteConfig
    campaigns: dict[str, Campaign]
    history: History = History()
    warnings: tuple[str, ...] = ()  # found reading the files (near-miss [internal] markers)
