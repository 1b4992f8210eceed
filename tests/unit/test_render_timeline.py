"""One chronological list: entries, approvals, notes, publications and git events."""

import re

from generator.render.pages import render
from generator.render.plan import CampaignPlan
from generator.render.timeline import build_timeline, split

from tests.unit.render_views import (
    Ref, VAsset, VChange, VDecision, VNote, VStep, approval, at, campaign, day, task, view,
)

LAUNCH = Ref("milestone", "go-live", "Go live")


def items_of(v):
    c = v.campaigns[0]
    return build_timeline(v, c, CampaignPlan(v, c).target)


def date_change(message=None):
    return VChange(at("2026-02-02T09:00:00"), "date", LAUNCH, "date", "2026-03-25", "2026-04-01",
                   "Account Director", message, "abc1234567890")


def test_every_source_is_merged_in_date_order():
    c = campaign(
        tasks=(task("board", start=day("2026-01-12"), due="2026-01-20", done=day("2026-01-22")),),
        decisions=(VDecision("concept", day("2026-01-20"), "Concept", "", (), (), (), (), None),),
        approvals=(approval(steps=(VStep("Jane", "approved", at("2026-01-22T09:00:00"), ""),)),),
        notes=(VNote(day("2026-01-25"), None, "A note."),),
        assets=(VAsset("poster", "Poster", None, "assets/p.png", None, day("2026-02-01")),),
    )
    items = items_of(view([c]))
    whens = [i.when if hasattr(i.when, "hour") else at(i.when.isoformat() + "T00:00:00") for i in items]
    assert whens == sorted(whens)
    kinds = {i.kind for i in items}
    assert {"milestone", "deliverable", "task-start", "task-due", "task-done", "decision",
            "approval-requested", "approval-step", "note", "asset"} <= kinds


def test_past_and_upcoming_split_at_the_as_of_moment():
    past, upcoming = split(items_of(view(as_of="2026-02-10")))
    assert [i.title for i in upcoming] == ["Hero film", "Go live"]  # 1 Mar, 1 Apr
    assert all(not i.upcoming for i in past) and all(i.upcoming for i in upcoming)


def test_a_moved_date_shows_old_and_new_and_the_note_that_explains_it():
    note = VNote(day("2026-02-02"), LAUNCH, "Moved a week for a legal review.")
    items = items_of(view([campaign(changes=(date_change(),), notes=(note,))]))
    milestone = next(i for i in items if i.kind == "milestone" and i.title == "Go live")
    assert milestone.moved == (day("2026-03-25"), day("2026-04-01"))
    assert milestone.reason == "Moved a week for a legal review."
    event = next(i for i in items if i.kind == "change-date")
    assert event.moved == (day("2026-03-25"), day("2026-04-01"))


def test_the_commit_message_is_the_reason_when_the_audience_may_read_it():
    items = items_of(view([campaign(changes=(date_change("Legal needs a week."),))]))
    assert next(i for i in items if i.kind == "milestone" and i.moved).reason == "Legal needs a week."


def test_label_changes_show_label_titles():
    change = VChange(at("2026-01-15T10:00:00"), "label", Ref("task", "board", "Storyboard"), "label",
                     "in-progress", "stuck", "Designer", None, "abc")
    item = next(i for i in items_of(view([campaign(changes=(change,))])) if i.kind == "change-label")
    assert item.detail == "In progress → Stuck in creative purgatory"
    assert item.link == "launch/index.md#task-board"


def test_a_deliverable_added_after_kickoff_says_so_rather_than_nothing_to_its_title():
    change = VChange(at("2026-01-19T10:00:00"), "scope", Ref("deliverable", "signage", "Signage"), None,
                     None, "Signage", "Account Director", None, "abc")
    item = next(i for i in items_of(view([campaign(changes=(change,))])) if i.kind == "change-scope")
    assert (item.title, item.detail) == ("Signage", "Added to the brief after the kickoff")


def test_the_timeline_page_marks_moves_and_upcoming_items():
    note = VNote(day("2026-02-02"), LAUNCH, "Moved a week for a legal review.")
    body = next(p for p in render(view([campaign(changes=(date_change(),), notes=(note,))])).pages
                if p.path == "launch/timeline.md").body
    assert 'class="moved-tag"' in body and "<s><time" in body
    assert "is-upcoming" in body and 'id="upcoming"' in body
    assert "Moved a week for a legal review." in body


def test_git_changes_alone_give_a_timeline_page():
    v = view([campaign(changes=(date_change(),))], tier=1, sections=frozenset({"milestone", "deliverable"}))
    assert "launch/timeline.md" in {p.path for p in render(v).pages}


def test_links_point_only_to_pages_that_exist():
    v = view([campaign(approvals=(approval(),))], sections=frozenset({"milestone", "deliverable", "task"}), tier=1)
    items = items_of(v)
    assert all(i.link is None or not i.link.startswith("launch/approvals") for i in items)


def test_a_commit_adding_many_entries_is_one_timeline_event():
    added = tuple(VChange(at("2026-01-09T10:00:00"), "added", Ref("task", f"t{i}", f"Task {i}"), None, None,
                          f"Task {i}", "Account Director", None, "abc123") for i in range(5))
    grouped = [i for i in items_of(view([campaign(changes=added)])) if i.kind == "change-added"]
    assert len(grouped) == 1
    assert grouped[0].title == "5 entries added"
    # one list item per entry, in title order; the author stays apart from the titles, not read as one of them
    assert grouped[0].entries == tuple(f"Task {i}" for i in range(5))
    assert grouped[0].by == "Account Director" and "Account Director" not in grouped[0].entries
    few = [i for i in items_of(view([campaign(changes=added[:2])])) if i.kind == "change-added"]
    assert [i.title for i in few] == ["Task 0", "Task 1"]


def test_a_task_card_shows_its_label_history_and_days_in_the_current_label():
    changes = (
        VChange(at("2026-01-10T10:00:00"), "label", Ref("task", "board", "Storyboard"), "label",
                "not-started", "in-progress", "Designer", None, "a1"),
        VChange(at("2026-01-20T10:00:00"), "label", Ref("task", "board", "Storyboard"), "label",
                "in-progress", "needs-decision", "Designer", None, "a2"),
    )
    v = view([campaign(tasks=(task("board", "needs-decision", title="Storyboard"),), changes=changes)],
             as_of="2026-01-26")
    overview = next(p for p in render(v).pages if p.path == "launch/index.md")
    assert "Needs a decision for 6 days" in overview.body
    history = overview.body[overview.body.index("Label history"):]
    assert history.index("In progress") < history.index("10 Jan 2026") < history.index("Needs a decision")


def test_a_label_set_on_the_sites_last_day_says_since_when_not_for_0_days():
    changes = (VChange(at("2026-01-26T09:30:00"), "label", Ref("task", "board", "Storyboard"), "label",
                       "in-progress", "needs-decision", "Designer", None, "a1"),)
    v = view([campaign(tasks=(task("board", "needs-decision", title="Storyboard"),), changes=changes)],
             as_of=at("2026-01-26T18:00:00"))
    overview = next(p for p in render(v).pages if p.path == "launch/index.md")
    assert "Needs a decision since 26 Jan 2026, 09:30" in overview.body
    assert "0 days" not in overview.body


def test_the_timeline_reads_newest_first_in_weeks():
    notes = tuple(VNote(day(d), LAUNCH, f"Note of {d}.") for d in ("2026-01-05", "2026-01-07", "2026-02-05"))
    v = view([campaign(notes=notes)], as_of=day("2026-06-30"))
    body = next(p for p in render(v).pages if p.path == "launch/timeline.md").body
    weeks = re.findall(r'<h3 class="tl-month" id="week-(\d{4}-\d{2}-\d{2})">', body)
    assert weeks == sorted(weeks, reverse=True) and {"2026-02-02", "2026-01-05"} <= set(weeks)
    assert body.index("Note of 2026-01-07") < body.index("Note of 2026-01-05")  # newest first within a week
    assert 'id="week-2026-01-05">Week of 5 Jan 2026</h3>' in body
