"""What one audience may see: the only input of measures and renderers.

These types carry no visibility and hold no hidden entry (invariant 1).
Only generator.redact.entries builds them. People are already display strings
(a name, or an agency person's role); free text is Markdown with
`[internal]` spans already removed or unwrapped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

Day = dt.date
When = dt.date | dt.datetime


@dataclass(frozen=True)
class Ref:
    """A link to another visible entry of the same campaign."""

    kind: str  # task | deliverable | milestone | decision | approval | asset | kpi
    id: str
    title: str


@dataclass(frozen=True)
class VLabel:
    id: str
    title: str
    kind: str


@dataclass(frozen=True)
class VDeliverable:
    id: str
    title: str
    due: Day | None


@dataclass(frozen=True)
class VMilestone:
    id: str
    title: str
    date: Day
    reached: bool


@dataclass(frozen=True)
class VTask:
    id: str
    title: str
    owner: str | None
    label: VLabel
    deliverable: Ref | None
    start: Day | None
    due: Day | None
    done: Day | None


@dataclass(frozen=True)
class VComment:
    by: str
    at: dt.datetime
    text: str


@dataclass(frozen=True)
class VDecision:
    id: str
    date: When
    title: str
    why: str
    alternatives: tuple[str, ...]
    decided_by: tuple[str, ...]
    relates_to: tuple[Ref, ...]
    comments: tuple[VComment, ...]
    commit: str | None


@dataclass(frozen=True)
class VStep:
    by: str
    verdict: str
    at: dt.datetime
    comment: str
    recorded: dt.datetime | None = None  # when git first held the step


@dataclass(frozen=True)
class VApproval:
    id: str
    subject: Ref
    version: str | None
    asset: str | None  # file name only, never a path of the build machine
    asset_sha256: str | None
    requested: dt.datetime
    due: dt.datetime | None
    steps: tuple[VStep, ...]

    @property
    def name(self) -> str:
        """How pages and measures name it: its subject's title and its version ("Storyboard v2")."""
        return " ".join(x for x in (self.subject.title, self.version) if x)


@dataclass(frozen=True)
class VNote:
    date: Day
    about: Ref | None
    text: str


@dataclass(frozen=True)
class VAsset:
    id: str
    title: str
    deliverable: Ref | None
    file: str | None  # content-relative path of a file the view allows
    url: str | None
    published: Day | None
    # Published after the site's publication day (asof.py): scheduled, not delivered.
    scheduled: bool = False


@dataclass(frozen=True)
class VPoint:
    date: Day
    value: float


@dataclass(frozen=True)
class VSeries:
    id: str
    title: str
    unit: str
    points: tuple[VPoint, ...]


@dataclass(frozen=True)
class VChange:
    """An editorial event from git, about an entry this audience sees."""

    at: dt.datetime
    kind: str  # label | date | added | removed | step | scope
    entry: Ref
    field: str | None
    old: str | None
    new: str | None
    author: str  # a display name, role, or "Agency team" / "Client team"
    message: str | None  # only where its tier (its Visibility: trailer, else defaults.commit) and its rules allow
    commit: str


@dataclass(frozen=True)
class VWithdrawn:
    """An entry this audience was shown that has since left its site (a retracted decision commit, an entry
    made more hidden), as the record needs it: the digest of the entry it saw and where it stood, never its
    content."""

    id: str  # what ordered it in the record among entries of the same moment (canonical.decision_key, ...)
    digest: str  # generator.canonical.digest of the entry as this audience saw it
    placed: str  # the UTC moment that placed the entry in the record
    reason: str  # retracted | no longer shared
    at: dt.datetime  # when it was withdrawn: the retracting (or hiding) commit's date
    rank: int = 2  # its kind's rank in the record's order (canonical.RANK; 2: a decision)
    n: int = 0  # a step's number in its approval


@dataclass(frozen=True)
class VCampaign:
    id: str
    title: str
    client: str
    summary: str
    goals: tuple[str, ...]
    deliverables: tuple[VDeliverable, ...]
    milestones: tuple[VMilestone, ...]
    tasks: tuple[VTask, ...]
    decisions: tuple[VDecision, ...]
    approvals: tuple[VApproval, ...]
    notes: tuple[VNote, ...]
    assets: tuple[VAsset, ...]
    nps: VSeries | None
    series: tuple[VSeries, ...]
    changes: tuple[VChange, ...]
    withdrawn: tuple[VWithdrawn, ...] = ()


@dataclass(frozen=True)
class MatrixCell:
    """One audience's answer for one matrix row: shown, or why not (redact/why.py, `Verdict`)."""

    state: str  # shown | tier | refers | campaign
    needs: str = ""  # tier: the level it needs, "1".."4" | "internal"
    plan: str = ""  # tier, at tier 0: "planned" | "scheduled"
    refers_kind: str = ""  # refers: the hidden item it refers to, or hangs below
    refers_id: str = ""

    @property
    def shown(self) -> bool:
        return self.state == "shown"


@dataclass(frozen=True)
class MatrixRow:
    """Internal audiences only: who sees one entry, sub-entry or `[internal]` span, and why not."""

    campaign: str
    kind: str  # an entry's kind, or comment | step | point | note | span
    id: str  # the entry's id; a sub-entry's: its parent's, with its place ("a1 step 2", "note 3")
    title: str  # its title, or its text's first words
    declared: str  # its own level as written: "0".."4" or "internal"
    cells: tuple[MatrixCell, ...]  # in the order of AudienceView.matrix_audiences
    key: str = ""  # unique in its campaign: "task/t1", "step/a1/2", "span/note/3/text/1"
    within: str = ""  # for a span: what holds it ("task t1, title")

    @property
    def seen_by(self) -> tuple[bool, ...]:
        return tuple(cell.shown for cell in self.cells)


@dataclass(frozen=True)
class VAudience:
    id: str
    title: str
    tier: int
    internal: bool
    names: str
    logo: str | None
    accent: str | None
    # False at tier 0: no planned milestone or undelivered deliverable, so no "n of total" and no brief measure
    sees_plans: bool = True
    packs: bool = True  # False: no transparency pack (site_config's `packs: false`)


Fields = tuple[tuple[str, float | int | None], ...]  # (field, number) pairs of a measure's headline


@dataclass(frozen=True)
class OpenedFigure:
    """The published numbers of one opened measure, for one campaign or ("" ) for the agency."""

    measure: str
    campaign: str
    fields: Fields


@dataclass(frozen=True)
class InputCounts:
    """How many entries of each input kind the wider view held of one campaign (measures/opened.py)."""

    campaign: str
    counts: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Opened:
    """Aggregates the agency opened below their inputs' tier (`measures:` in site_config.yml):
    numbers only, never a title or id of a hidden entry."""

    figures: tuple[OpenedFigure, ...] = ()
    inputs: tuple[InputCounts, ...] = ()


@dataclass(frozen=True)
class AudienceView:
    site_title: str
    site_url: str | None
    language: str
    timezone: str
    audience: VAudience
    campaigns: tuple[VCampaign, ...]
    labels: tuple[VLabel, ...]
    as_of: When | None
    history_configured: bool
    sections: frozenset[str]  # kinds whose sections this audience gets
    open_measures: frozenset[str]  # measures opened below their inputs' tier
    stall_days: tuple[tuple[str, int], ...]
    matrix_audiences: tuple[str, ...] = ()
    matrix: tuple[MatrixRow, ...] = ()
    opened: Opened = Opened()  # put on the view after redaction (measures/opened.py)
    # Kinds whose default tier (`defaults:`) this audience reaches, whatever the view holds: a section
    # opened by one entry given explicitly (a KPI series at visibility 0) is not a kind reached by
    # default (the NPS series, which takes the kpi default). None: the same as `sections`.
    defaults_reached: frozenset[str] | None = None
