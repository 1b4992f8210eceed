"""Workspace x Audience -> AudienceView: the one chokepoint of visibility.

Every rule of the ladder (FORMAT.md) lives here and in visible.py (which
entries show):
  - an entry shows when the audience reaches its visibility (tier, internal);
  - a child shows only when its parents show (comments, steps, KPI points);
  - an entry that refers to a hidden entry is hidden too, to a fixpoint;
  - `[internal]` spans are removed (or unwrapped for internal audiences);
  - people become a name or, with `names: roles`, an agency person's role;
  - campaigns not listed for the audience are absent everywhere;
  - an asset published after the as-of day is scheduled, not finished work
    (asof.py; the as-of moment is settled with it, `_settled`).
Nothing else in the package decides what an audience sees. The figures of
measures opened to the audience are the next stage's (measures/opened.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from generator import canonical, spans
from generator.clock import Clock
from generator.history.diffs import after_kickoff, kickoff_date
from generator.load.config import label_title
from generator.load.file_identity import Files
from generator.model import (
    Approval,
    Audience,
    Campaign,
    Change,
    Decision,
    KpiSeries,
    Workspace,
    entry_kind,
    entry_title,
    references,
)
from generator.redact import unshared
from generator.redact.asof import as_of_for, is_scheduled, publication_day, scheduled_ids
from generator.redact.history_sight import HistoryIndex, HistorySight
from generator.redact.matrix import Words, matrix_rows
from generator.redact.visible import Report, Withheld, entry_verdicts, report_withheld, visible_ids, why_not
from generator.redact.why import VISIBLE, Verdict, child_verdict, note_verdict, shows_spans
from generator.view import (
    AudienceView,
    MatrixRow,
    Ref,
    VApproval,
    VAsset,
    VAudience,
    VCampaign,
    VChange,
    VComment,
    VDecision,
    VDeliverable,
    VLabel,
    VMilestone,
    VNote,
    VPoint,
    VSeries,
    VStep,
    VTask,
    VWithdrawn,
)

SECTION_KINDS = ("milestone", "deliverable", "asset", "task", "kpi", "decision", "approval", "note")


# -- building the view --------------------------------------------------------


class _Redactor:
    """One audience's view, given the last day whose publications have happened (`last_day`, asof.py)."""

    def __init__(self, workspace: Workspace, audience: Audience, report: Report, last_day: dt.date | None,
                 index: HistoryIndex | None = None, clock: Clock | None = None):
        self.ws = workspace
        self.clock = clock
        self.config = workspace.config
        self.audience = audience
        self.report = report
        self.last_day = last_day
        self._shown: dict[str, set[str]] = {}
        self.files = Files(workspace.root)  # content/'s files by what they are (file_identity.py)
        self.history = HistorySight(index or HistoryIndex(workspace), audience, self.shown_in)
        self.replaying = False  # True: a redactor replaying one entry as it was (unshared.py), no tombstones

    def scheduled(self, c: Campaign) -> frozenset[str]:
        """Assets published after the last day: at tier 0, plans (an audience that sees plans sees them
        marked as scheduled)."""
        return scheduled_ids(c, self.last_day)

    def shown_in(self, campaign_id: str) -> set[str]:
        """The entry ids of a campaign this audience sees (none for a campaign it is not given)."""
        found = self._shown.get(campaign_id)
        if found is None:
            c = self.ws.campaigns[campaign_id]
            found = (visible_ids(c, self.audience, scheduled=self.scheduled(c))
                     if self.audience.sees_campaign(campaign_id) else set())
            self._shown[campaign_id] = found
        return found

    def text(self, value: str) -> str:
        return spans.unwrap(value) if shows_spans(self.audience) else spans.remove(value)

    def owner(self, person_id: str | None) -> str | None:
        return None if person_id is None else self.person(person_id)

    def person(self, person_id: str) -> str:
        person = self.config.people[person_id]
        if self.audience.names == "roles" and person.side == "agency":
            return person.role
        return person.name

    def label(self, label_id: str) -> VLabel:
        label = self.config.labels[label_id]
        return VLabel(label.id, self.text(label_title(label, self.audience.language)), label.kind)

    def campaign(self, c: Campaign) -> VCampaign:
        scheduled = self.scheduled(c)
        verdicts = entry_verdicts(c, self.audience, scheduled)
        report_withheld(self.report, c, verdicts)
        shown = self._shown[c.id] = {entry_id for entry_id, v in verdicts.items() if v.shown}
        entries = c.entries_by_id()

        def ref(entry_id: str | None) -> Ref | None:
            if entry_id is None or entry_id not in shown:
                return None
            entry = entries[entry_id]
            return Ref(entry_kind(entry), entry_id, self.text(entry_title(entry, entries)))

        def keep(group):
            kept = tuple(e for e in group if e.id in shown)
            self.report.shown += len(kept)
            return kept

        notes = self.notes(c, verdicts, ref)
        return VCampaign(
            id=c.id, title=self.text(c.title), client=self.text(c.client),
            summary=self.text(c.summary), goals=tuple(self.text(g) for g in c.goals),
            deliverables=tuple(VDeliverable(d.id, self.text(d.title), d.due) for d in keep(c.deliverables)),
            milestones=tuple(VMilestone(m.id, self.text(m.title), m.date, m.reached)
                             for m in sorted(keep(c.milestones), key=lambda m: (m.date, m.id))),
            tasks=tuple(VTask(t.id, self.text(t.title), self.owner(t.owner), self.label(t.label),
                              ref(t.deliverable), t.start, t.due, t.done) for t in keep(c.tasks)),
            decisions=tuple(self.decision(d, ref, c.id) for d in sorted(keep(c.decisions), key=_decision_order)),
            approvals=self.approvals(keep(c.approvals), ref, c),
            notes=notes,
            assets=tuple(VAsset(a.id, self.text(a.title), ref(a.deliverable), a.file, a.url, a.published,
                                a.id in scheduled)
                         for a in keep(c.assets)),
            nps=self.series(c.nps) if c.nps is not None and "nps" in shown else None,
            series=tuple(self.series(s) for s in keep(c.series)),
            changes=self.changes(c, ref, kickoff_date(m for m in c.milestones if m.id in shown)),
            withdrawn=() if self.replaying else self.withdrawn(c, shown, ref) + unshared.withdrawn(self, c, shown),
        )

    def withdrawn(self, c: Campaign, shown: set[str], ref) -> tuple[VWithdrawn, ...]:
        """The retracted decisions this audience would see were they not retracted, as digests only: the
        decision as redaction made it while it was shown, so its tombstone keeps the record's chain."""
        found = []
        for d, _, at in self.ws.history.withdrawn.get(c.id, ()):
            if self.audience.reaches(d.visibility) and all(r in shown for r in references(d)):
                seen, tz = self.decision(d, ref, c.id), self.config.timezone
                entry = canonical.decision_entry(c.id, seen, tz)
                found.append(VWithdrawn(canonical.decision_key(seen), canonical.digest(entry),
                                        canonical.moment(seen.date, tz), "retracted", at))
        return tuple(found)

    def decision(self, d: Decision, ref, campaign_id: str) -> VDecision:
        comments = []
        for comment in d.comments:
            if child_verdict(self.audience, comment.visibility, VISIBLE, d.visibility, ("decision", d.id)).shown:
                comments.append(VComment(self.person(comment.by), comment.at, self.text(comment.text)))
                self.report.shown += 1
            else:
                self.report.withheld.append(Withheld(campaign_id, "comment", d.id,
                                                     why_not(comment.visibility)))
        return VDecision(d.id, d.date, self.text(d.title), self.text(d.why),
                         tuple(self.text(a) for a in d.alternatives),
                         tuple(self.person(p) for p in d.decided_by),
                         tuple(ref(r) for r in d.relates_to), tuple(comments), d.commit)

    def approvals(self, approvals, ref, c: Campaign) -> tuple[VApproval, ...]:
        # When git first held each step: (approval id, the step's own time) -> commit time.
        recorded = {(ch.entry_id, ch.new): ch.at for ch in self.ws.history.changes
                    if ch.campaign == c.id and ch.kind == "step"}
        return tuple(self.approval(a, ref, c, recorded) for a in approvals)

    def approval(self, a: Approval, ref, c: Campaign, recorded: dict) -> VApproval:
        steps = []
        for step in a.steps:
            if not child_verdict(self.audience, step.visibility, VISIBLE, a.visibility, ("approval", a.id)).shown:
                self.report.withheld.append(Withheld(c.id, "step", a.id, why_not(step.visibility)))
                continue
            steps.append(VStep(self.person(step.by), step.verdict, step.at, self.text(step.comment),
                               recorded.get((a.id, step.at.isoformat()))))
        if a.asset and self.file_of_hidden_asset(a.asset):
            self.report.withheld.append(Withheld(c.id, "approval file", a.id, "the file of a hidden asset"))
            asset_name, sha256 = None, None
        else:
            asset_name, sha256 = (a.asset.rsplit("/", 1)[-1] if a.asset else None), a.asset_sha256
        return VApproval(a.id, ref(a.subject), a.version and self.text(a.version), asset_name,
                         sha256, a.requested, a.due, tuple(steps))

    def file_of_hidden_asset(self, file: str) -> bool:
        """Whether an asset this audience does not see has this file: a receipt naming the file, or giving
        its fingerprint, would show what the asset hides. One file is one however it is reached: as written,
        through a link, or as a copy of the same bytes (file_identity.py)."""
        return any(asset.file and asset.id not in self.shown_in(c.id) and self.files.same(asset.file, file)
                   for c in self.ws.campaigns.values() for asset in c.assets)

    def notes(self, c: Campaign, verdicts: dict[str, Verdict], ref) -> tuple[VNote, ...]:
        notes = []
        for note in c.notes:
            verdict = note_verdict(self.audience, note.visibility, note.about, verdicts, {})
            if verdict.refers_to is not None:
                self.report.withheld.append(Withheld(c.id, "note", note.date.isoformat(),
                                                     f"reference:entry {note.about}"))
            elif not verdict.shown:
                self.report.withheld.append(Withheld(c.id, "note", note.date.isoformat(),
                                                     why_not(note.visibility)))
            else:
                notes.append(VNote(note.date, ref(note.about), self.text(note.text)))
                self.report.shown += 1
        return tuple(sorted(notes, key=lambda n: n.date))

    def series(self, s: KpiSeries) -> VSeries:
        points = tuple(VPoint(p.date, p.value) for p in s.points
                       if child_verdict(self.audience, p.visibility, VISIBLE, s.visibility, ("kpi", s.id)).shown)
        return VSeries(s.id, self.text(s.title), self.text(s.unit), points)

    def changes(self, c: Campaign, ref, kickoff: dt.date | None) -> tuple[VChange, ...]:
        """The events this audience sees; a deliverable added to the brief counts as scope added only after
        the kickoff this audience sees (docs/history.md, "Scope added after the kickoff")."""
        out = []
        for ch in self.history.index.by_campaign.get(c.id, ()):
            if not self.history.sees(ch) or (ch.kind == "scope" and not after_kickoff(ch.at, kickoff)):
                continue
            entry = ref(ch.entry_id)
            if entry is None:  # an entry the campaign no longer has: named by its last title
                entry = Ref(ch.entry_kind, ch.entry_id, self.text(self.history.gone_title(c, ch.entry_id)))
            message = self.text(ch.message) if self.history.sees_message(ch) else None
            out.append(VChange(ch.at, ch.kind, entry, ch.field, _maybe_text(self, ch.old),
                               _maybe_text(self, ch.new), self.author(ch), message, ch.commit))
        return tuple(sorted(out, key=lambda v: (v.at, v.commit, v.entry.id, v.kind)))

    def author(self, ch: Change) -> str:
        if ch.author is not None and ch.author in self.config.people:
            return self.person(ch.author)
        return "Client team" if ch.author_side == "client" else "Agency team"


def _maybe_text(redactor: _Redactor, value: str | None) -> str | None:
    return None if value is None else redactor.text(value)


def _decision_order(d: Decision):
    return (d.date.isoformat(), d.id)


def sections_for(audience: Audience, defaults: dict[str, int], view_has: set[str]) -> frozenset[str]:
    """A section shows when the tier reaches its kind's default or it holds an entry."""
    return frozenset(k for k in SECTION_KINDS if audience.reaches(defaults[k]) or k in view_has)


def _settled(workspace: Workspace, audience: Audience, index: HistoryIndex | None = None,
             clock: Clock | None = None):
    """The audience's campaigns redacted, and its as-of moment, with the publication day settled (asof.py).

    The as-of moment never comes from a publication date, and decides which
    publications have happened. An audience that sees plans sees the same
    entries whatever was delivered: one pass. At tier 0 a deliverable, and
    what refers to it, shows only once delivered, so the moment is settled
    from below: first with nothing delivered, then with what that moment
    delivers, until it stops moving (it only grows, and is bounded by the
    dates recorded). A publication is never its own evidence.
    """
    index = index or HistoryIndex(workspace)
    tz = workspace.config.timezone
    last_day: dt.date | None = None
    while True:
        report = Report(audience.id)
        redactor = _Redactor(workspace, audience, report, last_day, index, clock)
        campaigns = tuple(redactor.campaign(c) for c in workspace.campaigns.values()
                          if audience.sees_campaign(c.id))
        as_of = as_of_for(workspace, campaigns, clock)
        reached = publication_day(as_of, tz)
        if audience.sees_plans() and reached != last_day:  # the same entries: only the marks change
            campaigns = tuple(_marked(c, reached) for c in campaigns)
            redactor.last_day = reached
            return redactor, report, campaigns, as_of
        if reached == last_day:
            return redactor, report, campaigns, as_of
        last_day = reached


def _marked(c: VCampaign, last_day: dt.date | None) -> VCampaign:
    assets = tuple(dataclasses.replace(a, scheduled=is_scheduled(a.published, last_day)) for a in c.assets)
    return dataclasses.replace(c, assets=assets)


def redact(workspace: Workspace, audience: Audience, clock: Clock | None = None) -> tuple[AudienceView, Report]:
    """What `audience` may see of the workspace, and what was withheld from it.

    `clock`: the build's (clock.py), which caps the as-of moment or, pinned,
    is it; None: no cap. The view carries no figures: the measures opened
    to it are a stage of their own (measures/opened.py, `with_opened_figures`).
    """
    redactor, report, campaigns, as_of = _settled(workspace, audience, clock=clock)
    for commit, campaign_id in redactor.history.withheld_messages.items():
        report.withheld.append(Withheld(campaign_id, "message", commit[:12], "commit"))
    config = workspace.config
    has = _kinds_present(campaigns)
    matrix_audiences: tuple[str, ...] = ()
    matrix: tuple[MatrixRow, ...] = ()
    if audience.internal:
        matrix_audiences = tuple(config.audiences)
        matrix = build_matrix(workspace, audience, redactor)

    view = AudienceView(
        site_title=config.title, site_url=audience.url, language=audience.language,
        timezone=config.timezone,
        audience=VAudience(audience.id, audience.title, audience.tier, audience.internal,
                           audience.names, audience.branding.logo, audience.branding.accent,
                           sees_plans=audience.sees_plans(), packs=audience.packs),
        campaigns=campaigns,
        labels=tuple(redactor.label(label_id) for label_id in config.labels),
        as_of=as_of,
        history_configured=workspace.history.configured,
        sections=sections_for(audience, config.defaults, has),
        defaults_reached=sections_for(audience, config.defaults, set()),
        open_measures=frozenset(m for m, tier in config.measures.items() if audience.reaches(tier)),
        stall_days=tuple(sorted(config.stall_days.items())),
        matrix_audiences=matrix_audiences,
        matrix=matrix,
    )
    return view, report


def _kinds_present(campaigns: tuple[VCampaign, ...]) -> set[str]:
    has = set()
    for c in campaigns:
        for kind, group in (("milestone", c.milestones), ("deliverable", c.deliverables),
                            ("asset", c.assets), ("task", c.tasks), ("decision", c.decisions),
                            ("approval", c.approvals), ("note", c.notes),
                            ("kpi", c.series + ((c.nps,) if c.nps else ()))):
            if group:
                has.add(kind)
    return has


def build_matrix(workspace: Workspace, viewer: Audience, redactor: _Redactor) -> tuple[MatrixRow, ...]:
    """Every item the viewer sees, and for each audience whether it sees it too, and why not (matrix.py)."""
    days: dict[str, dt.date | None] = {}

    def verdicts_for(audience: Audience, c: Campaign) -> dict[str, Verdict] | None:
        """The audience's verdicts on `c`'s entries, as its own site has them: at tier 0, with its own
        publication day (an audience that sees plans sees a scheduled asset, marked so)."""
        if not audience.sees_campaign(c.id):
            return None
        if audience.sees_plans():
            return entry_verdicts(c, audience)
        if audience.id not in days:
            as_of = _settled(workspace, audience, redactor.history.index, redactor.clock)[3]
            days[audience.id] = publication_day(as_of, workspace.config.timezone)
        return entry_verdicts(c, audience, scheduled=scheduled_ids(c, days[audience.id]))

    return matrix_rows(workspace, viewer, verdicts_for, Words(redactor.text, redactor.person))
