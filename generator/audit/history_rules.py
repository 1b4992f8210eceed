"""Which texts of the git history one audience may see, worked out again from FORMAT.md's rules.

The audit's own reading of FORMAT.md "History" and docs/history.md ("Who
sees an event", "Commit messages"), written apart from
generator/redact/history_sight.py on purpose: were redaction to show an event or a
commit message it should not, a view taken at its word would vouch for the
text and the gate would pass it. This module never asks redaction or the
view; it reads the workspace's events (`workspace.history`), what the walker
recorded of each commit, and which entries `visible_ids` shows today.

- An event shows only in a campaign the audience is given, and takes the
  visibility of the entry it concerns. About an entry that still exists (of
  the same kind: an id given to an entry of another kind is another entry),
  it shows where that entry shows today, the event's own level and its
  parents' levels then are reached, and those parents that still exist show;
  a step event, where the approval still holds that step at a level reached.
- About an entry the campaign no longer has, it takes that entry's last
  visibility and last parents: every version of that id a removal removed,
  by the graph of commits (`History.removals`, whatever kind held the id),
  joins the event's own levels; with no removal on record, internal. Never
  the last event in the log's order: a branch merged late is not "last".
  An audience that sees no plans (tier 0) sees nothing of a gone milestone
  or deliverable, nor of a gone entry that referred to one, or to a gone
  entry of unknown kind.
- A decision commit is its campaign's only when the file its `Campaign:`
  named at that commit is that campaign's file today (the same file and
  period, under its id or one declared renamed from): a campaign that took
  the id of one archived earlier, or a file renamed into that id, adopts
  none of the old one's decisions (`foreign_decisions`, applied to what
  `visible_ids` shows before anything else here).
- A commit message shows only when it is not retracted (`Retracts:` or a
  `git revert`: withdrawn from every site), its level (its `Visibility:`
  trailer, else `defaults.commit` at that commit) is reached and the audience sees
  everything the commit changed: the strictest level of it (the walker's
  ceiling), no text holding an `[internal]` span unless the audience is
  internal (history/hidden_text.py, not diffs.reach: read apart from
  redaction's ceiling), every campaign it changed (none since deleted,
  none not given), every event it made, every entry it changed (one gone
  since, by its last events, as above), every other file it changed (the
  file of an asset or approval shown here; for an internal audience, any
  file no hidden entry owns) and the decision it records, if any.

What may then show: the titles those events carry (added, scope, removed),
the titles of a gone entry's removed versions where one of its events
shows (it is named by one of them), and those messages, with `[internal]`
spans removed (unwrapped for an internal audience). An internal audience
reaches every level and sees every entry, so it sees everything of the
campaigns it lists by the same rules.
"""

from __future__ import annotations

from generator import spans
from generator.model import INTERNAL, PLAN_KINDS, Audience, Change, Workspace, entry_kind, file_owners

# Events whose old or new value is an entry's title; the others hold label ids, dates or step times.
TITLED = frozenset({"added", "scope", "removed"})


def allowed_history_texts(workspace: Workspace, audience: Audience, shown_in: dict[str, set[str]]) -> list[str]:
    """The history's texts this audience may see. `shown_in`: campaign id -> `visible_ids` for each campaign
    it is given."""
    rules = HistoryRules(workspace, audience, shown_in)
    out: list[str] = []
    messages: set[str] = set()
    for ch in workspace.history.changes:
        if not rules.event_shows(ch):
            continue
        if ch.kind in TITLED:
            out += [value for value in (ch.old, ch.new) if value]
        out += [r.title for r in rules.removals(ch.campaign, ch.entry_id) if ch.entry_id not in rules.now(ch.campaign)]
        if ch.commit not in messages and rules.message_shows(ch.commit):
            messages.add(ch.commit)
            out.append(ch.message)
    text = spans.unwrap if audience.internal else spans.remove
    return [text(t) for t in out if t]


def foreign_decisions(workspace: Workspace) -> dict[str, frozenset[str]]:
    """Per campaign: the ids of its decisions from git whose commit did not name its file then (see above)."""
    history = workspace.history
    found: dict[str, frozenset[str]] = {}
    for c in workspace.campaigns.values():
        now = history.campaign_files.get(c.id)
        foreign = set()
        for d in c.decisions:
            then = history.decision_files.get(d.commit) if d.commit else ()
            if then is None or (then and (now is None or then[0] != now[0] or then[1] not in now[1])):
                foreign.add(d.id)
        if foreign:
            found[c.id] = frozenset(foreign)
    return found


def decisions_kept_back(workspace: Workspace, audience: Audience) -> dict[str, frozenset[str]]:
    """Per campaign: its decisions from git this audience does not reach by their commit's own level (its
    `Visibility:` trailer, else defaults.decision at that commit), however loosely they were read."""
    floors = workspace.history.decision_floors
    found: dict[str, frozenset[str]] = {}
    for c in workspace.campaigns.values():
        kept = {d.id for d in c.decisions if d.commit and not audience.reaches(floors.get(d.commit, INTERNAL))}
        if kept:
            found[c.id] = frozenset(kept)
    return found


class HistoryRules:
    """FORMAT.md's rules for one audience's sight of the history (see the module's docstring)."""

    def __init__(self, workspace: Workspace, audience: Audience, shown_in: dict[str, set[str]]):
        self.history = workspace.history
        self.campaigns = workspace.campaigns
        self.audience = audience
        self.shown_in = shown_in
        self.by_commit: dict[str, list[Change]] = {}
        self.last: dict[tuple, Change] = {}  # (campaign, id) -> an event of it: to ask whether a gone entry shows
        for ch in self.history.changes:
            self.by_commit.setdefault(ch.commit, []).append(ch)
            self.last[(ch.campaign, ch.entry_id)] = ch
        self.decision_of = {d.commit: (c.id, d.id) for c in self.campaigns.values() for d in c.decisions if d.commit}
        self.owner_of = file_owners(self.campaigns)
        self.message_default = workspace.config.defaults.get("commit", INTERNAL)
        self._now: dict[str, dict] = {}
        self._messages: dict[str, bool] = {}

    # -- what stands today ------------------------------------------------------------------

    def given(self, campaign_id: str) -> bool:
        return campaign_id in self.campaigns and self.audience.sees_campaign(campaign_id)

    def shown(self, campaign_id: str) -> set[str]:
        return self.shown_in.get(campaign_id, set()) if self.given(campaign_id) else set()

    def now(self, campaign_id: str) -> dict:
        """The campaign's entries today by id, the NPS series as "nps" (it has a visibility of its own)."""
        found = self._now.get(campaign_id)
        if found is None:
            c = self.campaigns[campaign_id]
            found = self._now[campaign_id] = {**c.entries_by_id(), **({"nps": c.nps} if c.nps else {})}
        return found

    def reached(self, *levels: int) -> bool:
        return all(self.audience.reaches(level) for level in levels)

    def parents_shown(self, campaign_id: str, ids) -> bool:
        """The entries an event referred to that still exist show today (the gone ones count by their level then)."""
        now, shown = self.now(campaign_id), self.shown(campaign_id)
        return all(i in shown for i in ids if i in now)

    # -- events ------------------------------------------------------------------------------

    def event_shows(self, ch: Change) -> bool:
        if not self.given(ch.campaign):
            return False
        entry = self.now(ch.campaign).get(ch.entry_id)
        if entry is None:
            return self._gone_event_shows(ch)
        return self._existing_event_shows(ch, entry)

    def _existing_event_shows(self, ch: Change, entry) -> bool:
        if entry_kind(entry) != ch.entry_kind or ch.entry_id not in self.shown(ch.campaign):
            return False  # another kind under a reused id is another entry, with a history of its own
        if not self.reached(ch.visibility, *ch.parent_visibility):
            return False
        if not self.parents_shown(ch.campaign, ch.parent_ids):
            return False
        return ch.kind != "step" or self._step_still_shown(entry, ch.new)

    def _step_still_shown(self, approval, at: str | None) -> bool:
        """A step made internal since, or taken out of the approval, takes its event with it."""
        return any(step.at.isoformat() == at and self.audience.reaches(step.visibility)
                   for step in getattr(approval, "steps", ()))

    def removals(self, campaign_id: str, entry_id: str) -> tuple:
        return self.history.removals.get(campaign_id, {}).get(entry_id, ())

    def _gone_event_shows(self, ch: Change) -> bool:
        """An entry the campaign no longer has: as hidden as every version its removal removed (by the graph)."""
        removed = self.removals(ch.campaign, ch.entry_id)
        if not removed and not self.reached(INTERNAL):
            return False  # nothing says how hidden it was last
        versions = (ch, *removed)
        if not self.audience.sees_plans() and self._of_a_plan(ch.campaign, versions):
            return False
        return all(self.reached(v.visibility, *v.parent_visibility) and self.parents_shown(ch.campaign, v.parent_ids)
                   for v in versions)

    def _of_a_plan(self, campaign_id: str, versions) -> bool:
        """A gone milestone or deliverable was never reached or delivered as the files stand: a plan, and so is
        what referred to one. A gone parent of unknown kind (no removal, no event) is counted as a plan."""
        now = self.now(campaign_id)
        kinds = {v.entry_kind for v in versions}
        for parent in {p for v in versions for p in v.parent_ids if p not in now}:
            known = [r.entry_kind for r in self.removals(campaign_id, parent)]
            last = self.last.get((campaign_id, parent))
            if known:
                kinds.update(known)
            elif last is None:
                return True
            else:
                kinds.add(last.entry_kind)
        return bool(kinds & PLAN_KINDS)

    # -- commit messages -------------------------------------------------------------------

    def message_shows(self, commit: str) -> bool:
        found = self._messages.get(commit)
        if found is None:
            found = self._messages[commit] = self._message_shows(commit)
        return found

    def _message_shows(self, commit: str) -> bool:
        events = self.by_commit.get(commit, ())
        if not events or commit in self.history.retracted:
            return False  # a retracted commit's message is withdrawn from every site
        then = self.history.message_defaults.get(commit, INTERNAL)  # defaults.commit at that commit
        levels = [max(self.message_default, then) if ch.message_visibility is None else ch.message_visibility
                  for ch in events] + [ch.message_ceiling for ch in events]
        if not self.reached(*levels):
            return False
        if commit in self.history.hidden_text and not self.audience.internal:
            return False  # it changed a text around an [internal] span: the change may be the hidden part
        # A message may speak of anything its commit changed: it is as hidden as the most hidden of that.
        return (self._campaigns_changed_given(commit) and all(self.event_shows(ch) for ch in events)
                and self._entries_changed_shown(commit) and self._other_files_shown(commit)
                and self._decision_shown(commit))

    def _campaigns_changed_given(self, commit: str) -> bool:
        if commit in self.history.touched_gone or commit not in self.history.touched:
            return False  # it changed a campaign file since deleted (seen by nobody), or we cannot tell what
        return all(self.given(c) for c in self.history.touched[commit])

    def _entries_changed_shown(self, commit: str) -> bool:
        """Each entry it changed (or that one it changed refers to) shows; a gone one, by its last events."""
        for campaign_id, ids in self.history.touched_ids.get(commit, {}).items():
            if not self.given(campaign_id):
                return False
            now, shown = self.now(campaign_id), self.shown(campaign_id)
            for entry_id in ids:
                if entry_id in now:
                    if entry_id not in shown:
                        return False
                    continue
                last = self.last.get((campaign_id, entry_id))
                if last is None or not self._gone_event_shows(last):
                    return False  # gone with no event: nothing says how hidden it was
        return True

    def _other_files_shown(self, commit: str) -> bool:
        """Only the file of an asset or approval receipt shown here; an internal audience, also any file no
        entry owns (site_config.yml, the theme, a file outside the workspace)."""
        for path in self.history.others.get(commit, ()):
            owner = self.owner_of.get(path) if path is not None else None
            if owner is None:
                if not self.audience.internal:
                    return False
            elif owner[1] not in self.shown(owner[0]):
                return False
        return True

    def _decision_shown(self, commit: str) -> bool:
        decision = self.decision_of.get(commit)
        return decision is None or decision[1] in self.shown(decision[0])
