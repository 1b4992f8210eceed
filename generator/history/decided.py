"""Decision commits -> the decisions of the campaigns of today (docs/history.md, "Decision commits").

A decision commit belongs to the campaign whose file its `Campaign:` named
at that commit, never merely to one that has that id today; it is as hidden
as what it related to then and as the most hidden of all its commit changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from generator.errors import Problem
from generator.history import decisions as decision_commits
from generator.history import removals as history_removals
from generator.history.decisions import Trailers
from generator.history.records import CommitRecord
from generator.history.trailers import Message
from generator.model import FIRST_TIER_WITH_PLANS, INTERNAL, Decision, History, Workspace, file_owners

if TYPE_CHECKING:
    from generator.history.walk import Walker

_NOT_ITS = object()  # a decision commit that belongs to no campaign of today


def default_then(meta: CommitRecord, kind: str, today: dict[str, int]) -> int:
    """defaults.<kind> a commit's message or decision takes without a trailer: the one in force at that commit
    (defaults.py, as the walker recorded it), never looser than today's; internal if unrecorded."""
    return max(today.get(kind, INTERNAL), meta.defaults.get(kind, INTERNAL))


def trailers_of(meta: CommitRecord) -> Trailers:
    return Trailers({key: tuple(values) for key, values in meta.trailers.items()})


def same_campaign(walker: Walker, lineage: str, then: tuple[str | None, int], campaign_id: str) -> bool:
    """Whether a file's history under the id and period it had then is campaign `campaign_id`'s: the current
    period of the file (no undeclared rename since), under the same id or one it was renamed from, as
    declared (`renamed_from:`) in each rename's own commit. git's rename guess alone never joins two
    campaigns, and a declaration added later, or copied with a file, does not either."""
    stem, period = then
    alias = walker.aliases.get(lineage)
    current, aliases = (alias.period, alias.ids) if alias is not None else (0, [])
    return period == current and (stem == campaign_id or stem in aliases)


def as_hidden_as_their_commits(campaigns: dict, history: History, ceilings: dict[str, int]) -> dict:
    """A decision commit's title and reason are its message, and a message may speak of anything the
    commit changed: each decision from git is as hidden as the most hidden of that (its visibility
    raised, the entries changed that still exist joined to `hidden_with`), like a message beside events."""
    owners = file_owners(campaigns)
    found = dict(campaigns)
    for campaign_id, campaign in campaigns.items():
        existing = set(campaign.entries_by_id()) | ({"nps"} if campaign.nps is not None else set())
        decisions = tuple(_as_hidden_as_its_commit(d, campaign_id, existing, history, ceilings, owners)
                          if d.commit else d for d in campaign.decisions)
        if decisions != campaign.decisions:
            found[campaign_id] = replace(campaign, decisions=decisions)
    return found


def _as_hidden_as_its_commit(d: Decision, campaign_id: str, existing: set[str], history: History,
                             ceilings: dict[str, int], owners: dict) -> Decision:
    sha = d.commit
    assert sha is not None  # called for decision commits only
    level = ceilings.get(sha, 0)
    if sha in history.touched_gone or history.touched.get(sha, frozenset()) - {campaign_id}:
        level = INTERNAL  # it also changed a campaign file since deleted, or another campaign
    ids = {i for i in history.touched_ids.get(sha, {}).get(campaign_id, ()) if i in existing and i != d.id}
    for path in history.others.get(sha, ()):
        owner = owners.get(path) if path is not None else None
        if owner is None or owner[0] != campaign_id:
            level = INTERNAL  # site_config.yml, a file of no entry here, a file outside the workspace
        else:
            ids.add(owner[1])
    if level <= d.visibility and ids <= set(d.hidden_with):
        return d
    return replace(d, visibility=max(d.visibility, level), hidden_with=tuple(sorted(set(d.hidden_with) | ids)))


def _campaign_of_decision(walker: Walker, sha: str, named: tuple[str, ...], campaign_of: dict[int, str],
                          campaigns: dict, warnings: list[str]):
    """The campaign of today a decision commit belongs to: the one whose file is the file its `Campaign:`
    named at that commit (the same lineage and period, under that id or one declared renamed from), never
    a campaign that merely has that id today. _NOT_ITS otherwise, reported when a campaign of today has the
    id; None for an id no campaign ever had at that commit and none has today (decision_commits says so)."""
    meta = walker.commits[sha]
    lineage = meta.campaign_lineage
    if lineage is not None:  # the campaign's file existed then: its decision goes where that file went
        campaign_id = campaign_of.get(lineage)
        period = meta.campaign_period
        then = (named[0] if named else None, -1 if period is None else period)
        if campaign_id is not None and same_campaign(walker, str(lineage), then, campaign_id):
            return campaign_id
        if named and named[0] in campaigns:
            warnings.append(_not_todays(sha, named[0], "was another campaign's file at that commit (one deleted or "
                                                        "renamed since)"))
        return _NOT_ITS  # a file deleted since, or another campaign's then: gone with its events
    if named and named[0] in campaigns:
        warnings.append(_not_todays(sha, named[0], "did not exist at that commit (the campaign was archived "
                                                    "before it, or not made yet)"))
        return _NOT_ITS
    return None


def _not_todays(sha: str, campaign_id: str, why: str) -> str:
    return (f"{decision_commits.where(sha)}: Campaign: '{campaign_id}': the file content/campaigns/{campaign_id}.yml "
            f"{why}, so this decision belongs to no campaign of today and is shown on no site (record it again in "
            "a commit made while the campaign's file exists)")


def with_decisions(workspace: Workspace, walker: Walker, campaign_of: dict[int, str],
                   removed: dict[str, dict[str, history_removals.Gone]], tz, problems: list[Problem],
                   warnings: list[str], retracted: frozenset[str] = frozenset()) -> dict:
    """Decision commits added to their campaigns."""
    found: dict[str, list[Decision]] = {}
    ids = {sha[:decision_commits.DECISION_ID_LENGTH] for sha in walker.decisions}
    known_in: dict[str, set[str]] = {}  # campaign -> what a decision commit may relate to, worked out once
    for sha in walker.decisions:
        if sha in retracted:
            continue  # withdrawn from every site (retractions.py): no record, and its mistakes do not count
        meta = walker.commits[sha]
        trailers = trailers_of(meta)
        campaign_id = _campaign_of_decision(walker, sha, trailers.get("Campaign"), campaign_of, workspace.campaigns,
                                            warnings)
        if campaign_id is _NOT_ITS:
            continue
        gone = removed.get(campaign_id, {})
        if campaign_id and campaign_id not in known_in:
            known_in[campaign_id] = set(workspace.campaigns[campaign_id].entries_by_id()) | ids | set(gone)
        message = Message(meta.subject, meta.body, (), meta.text)
        at = dt.datetime.fromisoformat(meta.at).astimezone(tz)
        made = decision_commits.decision(sha, at, message, trailers, campaign_id, list(workspace.campaigns),
                                         known_in.get(campaign_id, set()), workspace.config, problems,
                                         default_then(meta, "decision", workspace.config.defaults))
        if made is not None:
            found.setdefault(made[0], []).append(_as_hidden_as_then(workspace, made, meta, gone))
    return _added(workspace, found, problems)


def _as_hidden_as_then(workspace: Workspace, made: tuple[str, Decision], meta: CommitRecord,
                       gone: dict[str, history_removals.Gone]) -> Decision:
    """A decision as hidden as what it related to then. One that relates to an entry the campaign has since
    removed: the reference is dropped (nothing links to what is gone), the decision takes that entry's last
    visibility when it is stricter, and stays hidden wherever the entries it referred to, where they still
    exist, are hidden today (`hidden_with`): as hidden as the entry it was about."""
    decision = made[1]
    if meta.relates_level > decision.visibility:
        decision = replace(decision, visibility=meta.relates_level)
    about_gone = [gone[ref] for ref in decision.relates_to if ref in gone]
    if not about_gone:
        return decision
    existing = workspace.campaigns[made[0]].entries_by_id()
    plan = [FIRST_TIER_WITH_PLANS] if any(g.plan for g in about_gone) else []
    return replace(
        decision, visibility=max([decision.visibility, *plan] + [v for g in about_gone for v in g.levels]),
        relates_to=tuple(r for r in decision.relates_to if r not in gone),
        hidden_with=tuple(sorted({p for g in about_gone for p in g.parent_ids if p in existing})))


def _added(workspace: Workspace, found: dict[str, list[Decision]], problems: list[Problem]) -> dict:
    """The campaigns with their decisions from git; a commit id that is also an entry id is a problem."""
    campaigns = dict(workspace.campaigns)
    for campaign_id, decisions in found.items():
        campaign = campaigns[campaign_id]
        taken = set(campaign.entries_by_id())
        for d in decisions:
            if d.id in taken:
                assert d.commit is not None  # every decision found here was read from a commit
                problems.append(Problem(decision_commits.where(d.commit), 0, "Decision",
                                        f"the commit id {d.id} is also an entry id in {campaign.file}; "
                                        "rename that entry"))
        campaigns[campaign_id] = replace(campaign, decisions=campaign.decisions + tuple(decisions))
    return campaigns
