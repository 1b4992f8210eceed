"""Small AudienceViews built by hand for the renderer's tests (no YAML)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from generator.view import (
    AudienceView, MatrixCell, MatrixRow, Ref, VApproval, VAsset, VAudience, VCampaign, VChange, VComment,
    VDecision, VDeliverable, VLabel, VMilestone, VNote, VStep, VTask,
)

LABELS = (
    VLabel("not-started", "Not started", "todo"),
    VLabel("in-progress", "In progress", "active"),
    VLabel("needs-decision", "Needs a decision", "decision"),
    VLabel("waiting-on-client", "Waiting on client", "waiting"),
    VLabel("stuck", "Stuck in creative purgatory", "blocked"),
    VLabel("in-review", "In review", "review"),
    VLabel("done", "Done", "done"),
)
LABEL = {label.id: label for label in LABELS}
ALL_SECTIONS = frozenset({"milestone", "deliverable", "asset", "task", "kpi", "decision", "approval", "note"})


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def task(id, label="in-progress", due="2026-02-01", **kw) -> VTask:
    values = dict(id=id, title=kw.pop("title", f"Task {id}"), owner="Designer", label=LABEL[label],
                  deliverable=None, start=None, due=day(due) if due else None, done=None)
    values.update(kw)
    return VTask(**values)


def approval(id="board-v2", requested="2026-01-21T10:00:00", due="2026-01-23T18:00:00",
             steps=(), asset=None, sha=None) -> VApproval:
    return VApproval(id, Ref("task", "board", "Storyboard"), "v2", asset, sha, at(requested),
                     at(due) if due else None, tuple(steps))


def campaign(**kw) -> VCampaign:
    values = dict(
        id="launch", title="Spring Launch", client="Acme Co.", summary="The **launch**.",
        goals=("Grow sign-ups",), deliverables=(VDeliverable("film", "Hero film", day("2026-03-01")),),
        milestones=(VMilestone("kickoff", "Kickoff", day("2026-01-10"), True),
                    VMilestone("go-live", "Go live", day("2026-04-01"), False)),
        tasks=(), decisions=(), approvals=(), notes=(), assets=(), nps=None, series=(), changes=(),
    )
    values.update(kw)
    return VCampaign(**values)


def view(campaigns=None, tier=3, internal=False, sections=ALL_SECTIONS, as_of="2026-02-10",
         language="en", **kw) -> AudienceView:
    values = dict(
        site_title="Studio · Behind the scenes", site_url=None, language=language, timezone="Europe/Madrid",
        audience=VAudience("acme", "Acme Co.", tier, internal, "names", None, None, sees_plans=internal or tier >= 1),
        campaigns=tuple(campaigns if campaigns is not None else (campaign(),)),
        labels=LABELS, as_of=day(as_of) if isinstance(as_of, str) else as_of, history_configured=False,
        sections=sections, open_measures=frozenset(), stall_days=(),
    )
    values.update(kw)
    return AudienceView(**values)


def tier0_view() -> AudienceView:
    c = campaign(assets=(VAsset("poster", "Poster", None, "assets/poster.png", None, day("2026-02-01")),))
    return view([c], tier=0, sections=frozenset({"milestone", "deliverable", "asset"}))


__all__ = [
    "AudienceView", "MatrixCell", "MatrixRow", "Ref", "VApproval", "VAsset", "VChange", "VComment", "VDecision",
    "VNote", "VStep", "LABELS", "LABEL", "at", "day", "task", "approval", "campaign", "view",
    "tier0_view", "replace",
]
