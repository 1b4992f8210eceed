"""Which parts of the git history one audience sees: events, the names of gone entries, commit messages.

FORMAT.md, "History", and docs/history.md ("Who sees an event"):

- An event about an entry that still exists shows where that entry shows
  today, and only where the audience also reached the entry and every entry
  it referred to at the time of the event, and sees today those of them that
  still exist (a task hidden under an internal deliverable while it sat in
  "Waiting on legal" does not show that label once moved to a public one).
  An id now held by an entry of another kind (removed, then reused) shows
  none of the old entry's events.
- An event about an entry that no longer exists takes that entry's *last*
  visibility ("for a removed entry, its last visibility"): that of the
  version its removal removed, by the graph of commits, never by the order
  of the log (removed on two branches, the most restrictive of both;
  history_removals.py). Every event about it shows only where the audience
  reaches that, the visibility the event had, and its parents' then, and
  sees today the parents that still exist. So an entry renamed while hidden
  and then removed never lends that name to its earlier, visible events:
  none of them show. It is named by the title of its most restrictive
  removed version, which every audience that sees one of its events reaches.
- An audience that sees no plans (tier 0) sees no event of a gone milestone
  or deliverable, nor of a gone entry that referred to one: as the tree
  stands, neither was ever reached or delivered.
- A commit message shows beside an event only when its level (the commit's
  `Visibility:` trailer, else `defaults.commit` at that commit, built in: internal) reaches
  the audience, the commit is not retracted (a `Retracts:` trailer or a
  `git revert` withdrew it from every site), *and* the audience sees
  everything the commit changed: the strictest visibility among all the
  parsed differences it made (entries, their comments, steps and points,
  notes, and any text holding an `[internal]` span, before or after, which
  counts as internal: `Change.message_ceiling`), every entry those
  differences concern (a note's subject included; one since removed, by
  its last visibility, as its events are judged), every
  event it made, in every campaign (one since deleted included: nobody sees
  that), every other file it changed (only the files of assets and approval
  receipts this audience sees qualify: a change to site_config.yml, to a
  hidden asset or to any other file keeps the message back), and, for a
  decision commit, the decision. A message may speak of anything its commit
  changed, so it is as hidden as the most hidden of those. A message
  its trailer shares but that is kept back this way is reported by
  `receipts build`, never dropped in silence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.model import (
    INTERNAL,
    PLAN_KINDS,
    Audience,
    Campaign,
    Change,
    Removal,
    Workspace,
    entry_kind,
    file_owners,
)


@dataclass(frozen=True)
class Gone:
    """An entry git once held and the campaign no longer has, as its removal(s) left it."""

    title: str | None  # its last name: the title of its most restrictive removed version
    levels: tuple[int, ...]  # the visibility of every version its removal removed, and of their parents
    parent_ids: tuple[str, ...]  # the entries those versions referred to
    kinds: frozenset[str]  # the kinds of entry it was when removed (an id reused by another kind)


class HistoryIndex:
    """The workspace's events grouped for redaction, worked out once per build of a view."""

    def __init__(self, workspace: Workspace):
        self.campaigns = workspace.campaigns
        self.by_campaign: dict[str, list[Change]] = {}
        self.by_commit: dict[str, list[Change]] = {}
        for ch in workspace.history.changes:
            self.by_campaign.setdefault(ch.campaign, []).append(ch)
            self.by_commit.setdefault(ch.commit, []).append(ch)
        self.decision_of = {d.commit: (c.id, d.id) for c in workspace.campaigns.values()
                            for d in c.decisions if d.commit}
        self.touched = workspace.history.touched
        self.touched_gone = workspace.history.touched_gone
        self.touched_ids = workspace.history.touched_ids
        self.others = workspace.history.others
        self.removals = workspace.history.removals
        self.file_owner = file_owners(workspace.campaigns)
        self.message_default = workspace.config.defaults.get("commit", INTERNAL)  # a message without a trailer
        self.retracted = frozenset(workspace.history.retracted)
        self._gone: dict[str, dict[str, Gone]] = {}
        self._existing: dict[str, dict] = {}

    def existing(self, campaign_id: str) -> dict:
        found = self._existing.get(campaign_id)
        if found is None:
            found = self._existing[campaign_id] = self.campaigns[campaign_id].entries_by_id()
        return found

    def gone(self, campaign_id: str) -> dict[str, Gone]:
        found = self._gone.get(campaign_id)
        if found is None:
            found = self._gone[campaign_id] = _gone_entries(self.by_campaign.get(campaign_id, ()),
                                                            self.existing(campaign_id),
                                                            self.removals.get(campaign_id, {}))
        return found


def _gone_entries(changes, existing: dict, removals: dict[str, tuple[Removal, ...]]) -> dict[str, Gone]:
    """Entries with events that the campaign no longer has, each as the versions its removal removed.

    The name is a removed version's title, never a label id or a date that
    sits in an event's old/new fields. An entry with events but no removal
    on record (nothing says how hidden it was last) is internal.
    """
    found: dict[str, Gone] = {}
    for ch in changes:
        if ch.entry_id in existing or ch.entry_id == "nps" or ch.entry_id in found:
            continue
        removed = removals.get(ch.entry_id, ())
        if not removed:
            found[ch.entry_id] = Gone(None, (INTERNAL,), (), frozenset({ch.entry_kind}))
            continue
        strictest = max(removed, key=lambda r: max((r.visibility, *r.parent_visibility)))
        levels = tuple(v for r in removed for v in (r.visibility, *r.parent_visibility))
        found[ch.entry_id] = Gone(strictest.title, levels, tuple(sorted({p for r in removed for p in r.parent_ids})),
                                  frozenset(r.entry_kind for r in removed))
    return found


class HistorySight:
    """What of the history one audience sees. `shown_in(campaign id)`: the ids it sees there today."""

    def __init__(self, index: HistoryIndex, audience: Audience, shown_in: Callable[[str], set[str]]):
        self.index = index
        self.audience = audience
        self.shown_in = shown_in
        self._open: dict[str, bool] = {}
        self.withheld_messages: dict[str, str] = {}  # commit -> campaign: shared messages kept from this audience

    def sees(self, ch: Change) -> bool:
        if not self.audience.sees_campaign(ch.campaign) or ch.campaign not in self.index.campaigns:
            return False
        shown, existing = self.shown_in(ch.campaign), self.index.existing(ch.campaign)
        if ch.entry_id in existing or ch.entry_id == "nps":
            return self._sees_existing(ch, existing, shown)
        if not self.audience.sees_plans() and self._about_gone_plan(ch.campaign, ch.entry_id, ch.entry_kind,
                                                                    ch.parent_ids):
            return False
        # Its last visibility: every version its removal removed, by the graph, whatever kind held the id then.
        return self.sees_gone(ch.campaign, ch.entry_id, (ch.visibility, *ch.parent_visibility), ch.parent_ids)

    def sees_gone(self, campaign_id: str, entry_id: str, levels=(), parent_ids=()) -> bool:
        """A gone entry (with an event of these levels and parents): as hidden as it was when removed."""
        gone = self.index.gone(campaign_id)[entry_id]
        if not all(self.audience.reaches(v) for v in (*levels, *gone.levels)):
            return False
        shown, existing = self.shown_in(campaign_id), self.index.existing(campaign_id)
        return all(p in shown for p in {*parent_ids, *gone.parent_ids} if p in existing)

    def _sees_existing(self, ch: Change, existing: dict, shown: set[str]) -> bool:
        entry = existing.get(ch.entry_id)
        if entry is not None and entry_kind(entry) != ch.entry_kind:
            return False  # the id was removed and given to an entry of another kind: not this one's history
        if ch.kind == "step" and not self._sees_step(entry, ch.new):
            return False
        if ch.entry_id not in shown or not all(self.audience.reaches(v) for v in (ch.visibility,
                                                                                  *ch.parent_visibility)):
            return False
        return all(p in shown for p in ch.parent_ids if p in existing)

    def _about_gone_plan(self, campaign_id: str, entry_id: str, kind: str = "", parent_ids=()) -> bool:
        """An event of a gone entry that is, or referred to, a gone milestone or deliverable.

        In the tree as it stands, a milestone now gone was never reached and a
        deliverable now gone never delivered: both are plans, hidden from an
        audience that sees none, and so is what referred to them (as the
        reference rule hides what refers to a hidden entry that still exists).
        """
        gone = self.index.gone(campaign_id)
        parents = set(parent_ids) | set(gone[entry_id].parent_ids)
        kinds = {kind, *gone[entry_id].kinds}.union(*(gone[p].kinds for p in parents if p in gone))
        return bool(kinds & PLAN_KINDS)

    def _sees_step(self, approval, at: str | None) -> bool:
        """A step event shows only while the approval still holds that step, at a level this audience reaches:
        a step made internal since, or taken out, takes its "step recorded" event with it."""
        return any(step.at.isoformat() == at and self.audience.reaches(step.visibility) for step in approval.steps)

    def sees_message(self, ch: Change) -> bool:
        if ch.commit in self.index.retracted:
            return False  # withdrawn from every site, never "kept back"
        default = max(self.index.message_default, ch.message_default)  # the default at its commit
        level = default if ch.message_visibility is None else ch.message_visibility
        if not self.audience.reaches(level):
            return False
        found = self._open.get(ch.commit)
        if found is None:
            found = self._open[ch.commit] = self.audience.reaches(ch.message_ceiling) and self._sees_all_of(ch.commit)
            if not found:  # shared by its trailer, yet kept back: said at the build, never dropped in silence
                self.withheld_messages.setdefault(ch.commit, ch.campaign)
        return found

    def _sees_all_of(self, commit: str) -> bool:
        if commit in self.index.touched_gone:  # it also changed a campaign file that is gone: seen by nobody
            return False
        if not all(self.audience.sees_campaign(c) for c in self.index.touched.get(commit, ())):
            return False  # it changed a campaign this audience is not given, events or not
        if not self._sees_entries_of(commit) or not self._sees_files_of(commit):
            return False
        if not all(self.sees(ch) for ch in self.index.by_commit.get(commit, ())):
            return False
        decision = self.index.decision_of.get(commit)
        if decision is None:
            return True
        campaign_id, decision_id = decision
        return self.audience.sees_campaign(campaign_id) and decision_id in self.shown_in(campaign_id)

    def _sees_entries_of(self, commit: str) -> bool:
        """Every entry the commit changed (or that a changed entry or note refers to) shows: one that still
        exists, today; one since removed, as its last events would (its last visibility). An id nothing
        else tells of is not seen: nothing says how hidden it was."""
        for campaign_id, ids in self.index.touched_ids.get(commit, {}).items():
            existing, shown = self.index.existing(campaign_id), self.shown_in(campaign_id)
            for entry_id in ids:
                if entry_id in existing or entry_id == "nps":
                    if entry_id not in shown:
                        return False
                    continue
                gone = self.index.gone(campaign_id).get(entry_id)
                if gone is None or not self.sees_gone(campaign_id, entry_id) or not self.audience.sees_plans() \
                        and self._about_gone_plan(campaign_id, entry_id):
                    return False
        return True

    def _sees_files_of(self, commit: str) -> bool:
        """Every other file the commit changed is the file of an asset or receipt this audience sees
        (for an internal audience, any file no hidden entry owns: site_config.yml, the theme, ...)."""
        for path in self.index.others.get(commit, ()):
            owner = self.index.file_owner.get(path) if path is not None else None
            if owner is None:
                if not self.audience.internal:
                    return False
            elif not self.audience.sees_campaign(owner[0]) or owner[1] not in self.shown_in(owner[0]):
                return False
        return True

    def gone_title(self, campaign: Campaign, entry_id: str) -> str:
        gone = self.index.gone(campaign.id).get(entry_id)
        return gone.title if gone is not None and gone.title else entry_id
