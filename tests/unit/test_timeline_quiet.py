"""A quiet timeline (issue 17): each real change once, reasons only where they explain, filters, hashes."""

from __future__ import annotations

import re

from generator.render.pages import render
from generator.render.plan import CampaignPlan
from generator.render.timeline_quiet import events, filter_of
from tests.unit.render_views import (
    Ref,
    VChange,
    VDecision,
    at,
    campaign,
    day,
    task,
    view,
)

BOARD = Ref("task", "board", "Task board")
GO_LIVE = Ref("milestone", "go-live", "Go live")


def change(kind, entry, old, new, message=None, commit="c1", when="2026-01-12T10:00:00", field=None):
    return VChange(at(when), kind, entry, field, old, new, "Account Director", message, commit)


def timeline_items(v):
    c = v.campaigns[0]
    return events(v, c, CampaignPlan(v, c).target)


def timeline_body(v) -> str:
    return next(p for p in render(v).pages if p.path == "launch/timeline.md").body


def test_a_task_start_and_its_label_change_are_one_card():
    c = campaign(tasks=(task("board", start=day("2026-01-12")),),
                 changes=(change("label", BOARD, "not-started", "in-progress", "Kick off the board"),))
    about_board = [i for i in timeline_items(view([c])) if i.about == "task:board"]
    assert [i.kind for i in about_board if i.kind != "task-due"] == ["task-start"]
    assert about_board[0].reason == "Kick off the board"  # the merged change's reason stays


def test_a_moved_date_is_one_card_with_its_move():
    c = campaign(changes=(change("date", GO_LIVE, "2026-03-25", "2026-04-01", "Legal review", field="date"),))
    about = [i for i in timeline_items(view([c])) if i.about == "milestone:go-live"]
    assert len(about) == 1 and about[0].kind == "milestone" and about[0].reason == "Legal review"
    assert filter_of(about[0]) == "dates"


def test_a_decision_commit_explains_only_its_decision_and_related_entries():
    decision = VDecision("c1", day("2026-01-12"), "Use the balcony", "Better light.", (), (), (GO_LIVE,), (), "c1")
    c = campaign(decisions=(decision,), tasks=(task("board"),),
                 changes=(change("label", BOARD, "in-progress", "in-review", "Use the balcony"),
                          change("date", GO_LIVE, "2026-03-25", "2026-04-01", "Use the balcony", field="date")))
    items = {i.about: i for i in timeline_items(view([c])) if i.about in ("task:board", "milestone:go-live")}
    assert items["task:board"].reason is None
    assert items["milestone:go-live"].reason == "Use the balcony"


def test_a_commit_that_moved_a_date_explains_the_move_not_a_label_changed_on_the_way():
    c = campaign(tasks=(task("board"),),
                 changes=(change("label", BOARD, "in-progress", "in-review", "Move the launch"),
                          change("date", GO_LIVE, "2026-03-25", "2026-04-01", "Move the launch", field="date")))
    items = {i.about: i for i in timeline_items(view([c])) if i.about in ("task:board", "milestone:go-live")}
    assert items["task:board"].reason is None and items["milestone:go-live"].reason == "Move the launch"


def test_commit_hashes_only_for_tier_three_and_the_agency():
    c = campaign(tasks=(task("board"),), changes=(change("label", BOARD, "in-progress", "in-review"),))
    assert "tl-commit" not in timeline_body(view([c], tier=1))
    assert "tl-commit" not in timeline_body(view([c], tier=2))
    assert "tl-commit" in timeline_body(view([c], tier=3))
    assert "tl-commit" in timeline_body(view([c], tier=4, internal=True))


def test_every_card_names_its_filter_and_the_page_offers_only_filters_with_cards():
    c = campaign(tasks=(task("board"),), changes=(change("label", BOARD, "in-progress", "in-review"),))
    body = timeline_body(view([c]))
    assert re.findall(r'href="\?kind=(\w+)"', body) == ["labels"]
    assert 'data-kind="labels"' in body and re.search(r'data-at="2026-01-12T10:00:00\+01:00"', body)


def test_git_recording_an_approval_step_is_the_steps_own_card():
    from tests.unit.render_views import VStep, approval
    ref = Ref("approval", "board-v2", "Task board")
    step = VStep("Jane", "approved", at("2026-01-22T09:00:00"), "")
    c = campaign(approvals=(approval(steps=(step,)),),
                 changes=(change("step", ref, None, "approved", "Record Jane's answer", when="2026-01-22T18:00:00"),
                          change("added", ref, None, "board-v2", when="2026-01-21T11:00:00")))
    kinds = sorted(i.kind for i in timeline_items(view([c])) if i.about == "approval:board-v2")
    assert kinds == ["approval-requested", "approval-step"]
    step_card = next(i for i in timeline_items(view([c])) if i.kind == "approval-step")
    assert step_card.reason == "Record Jane's answer" and step_card.commit == "c1"


def test_an_undelivered_deliverable_past_due_is_overdue_on_the_timeline_too():
    body = timeline_body(view([campaign()], as_of="2026-03-04"))  # the hero film was due 1 Mar, nothing delivered
    card = body[body.index("Hero film"):]
    assert '<span class="overdue-flag">Overdue by 3 days</span>' in card[:card.index("</li>")]
