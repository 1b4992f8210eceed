"""A campaign's overview (signals, goals, milestones, deliverables, board) and timeline."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from generator import dates as moments
from generator.measures.attention import deliverable_item
from generator.render import PageOut
from generator.render.context import Page, render_template
from generator.render.i18n import iso_when
from generator.render.pack_strings import pt
from generator.render.plan import CampaignPlan
from generator.render.signals import attention, due_text
from generator.render.timeline import is_after, moment, split
from generator.render.timeline_quiet import FILTERS, events, filter_of, weeks
from generator.view import AudienceView, Ref, VLabel, VTask


@dataclass(frozen=True)
class TaskCard:
    t: VTask
    overdue: bool
    deliverable_link: str | None
    history: tuple[LabelStep, ...] = ()  # from git: each label and when it was set
    in_label_days: int | None = None  # days in the current label, as of the site's moment
    in_label_since: dt.datetime | None = None  # when the current label was set, with in_label_days


@dataclass(frozen=True)
class LabelStep:
    label: VLabel
    since: dt.datetime  # of the commit that set it


@dataclass(frozen=True)
class Column:
    label: VLabel
    tasks: tuple[TaskCard, ...]


def _task_order(task: VTask):
    return (task.due is None, task.due.isoformat() if task.due else "", task.title, task.id)


def task_overdue(view: AudienceView, task: VTask) -> bool:
    return task.done is None and task.label.kind != "done" and task.due is not None and view.as_of is not None \
        and is_after(view.as_of, task.due, view.timezone)


def board(view: AudienceView, plan: CampaignPlan) -> list[Column]:
    """Tasks grouped by label, columns in the order of view.labels; empty labels left out."""
    by_label: dict[str, list[VTask]] = defaultdict(list)
    for task in plan.c.tasks:
        by_label[task.label.id].append(task)
    histories = label_histories(view, plan)
    columns = []
    for label in view.labels:
        tasks = sorted(by_label.get(label.id, ()), key=_task_order)
        if tasks:
            cards = tuple(_card(view, plan, t, histories.get(t.id, ())) for t in tasks)
            columns.append(Column(label, cards))
    return columns


def _card(view: AudienceView, plan: CampaignPlan, task: VTask, history: tuple[LabelStep, ...]) -> TaskCard:
    days, since = None, None
    waiting = task.label.kind != "done"  # "Done for 76 days" says nothing a client needs
    if waiting and history and history[-1].label.id == task.label.id and view.as_of is not None:
        since = history[-1].since
        days = max(0, (moments.day(view.as_of, view.timezone) - moments.day(since, view.timezone)).days)
    return TaskCard(task, task_overdue(view, task), plan.target(task.deliverable), history, days, since)


def label_histories(view: AudienceView, plan: CampaignPlan) -> dict[str, tuple[LabelStep, ...]]:
    """Task id -> the labels git recorded for it, oldest first ("Needs a decision" since 28 Jan)."""
    labels = {label.id: label for label in view.labels}
    found: dict[str, list[LabelStep]] = defaultdict(list)
    for ch in plan.c.changes:
        if ch.kind == "label" and ch.new in labels:
            found[ch.entry.id].append(LabelStep(labels[ch.new], ch.at))
    return {task_id: tuple(steps) for task_id, steps in found.items()}


@dataclass(frozen=True)
class DeliverableRow:
    d: object
    assets: tuple
    overdue: str = ""  # "Overdue by 5 days": past due with nothing delivered (measures/attention.py)

    @property
    def delivered(self) -> tuple:
        return tuple(a for a in self.assets if a.scheduled_for is None)

    @property
    def scheduled(self) -> tuple:
        return tuple(a for a in self.assets if a.scheduled_for is not None)


@dataclass(frozen=True)
class AssetLink:
    title: str
    link: str | None
    scheduled_for: object = None  # the day a scheduled asset is to be published: it delivers nothing yet


def deliverable_rows(view: AudienceView, plan: CampaignPlan) -> list[DeliverableRow]:
    """Each deliverable and its final work; a scheduled asset is listed apart, as to be published."""
    rows = []
    for d in sorted(plan.c.deliverables, key=lambda d: (d.due is None, d.due.isoformat() if d.due else "", d.id)):
        assets = tuple(AssetLink(a.title, plan.target(Ref("asset", a.id, a.title)),
                                 a.published if a.scheduled else None)
                       for a in sorted(plan.c.assets, key=lambda a: a.id)
                       if a.deliverable is not None and a.deliverable.id == d.id)
        late = deliverable_item(view, plan.c, d)
        rows.append(DeliverableRow(d, assets, due_text(view, late) if late is not None else ""))
    return rows


def late_milestones(view: AudienceView, plan: CampaignPlan) -> set[str]:
    """Milestones not reached although their date had passed as of the site's moment."""
    return {m.id for m in plan.c.milestones
            if not m.reached and view.as_of is not None and is_after(view.as_of, m.date, view.timezone)}


def overview_page(view: AudienceView, plan: CampaignPlan, pack: str | None = None) -> PageOut:
    """`pack`: the docs-relative path of the campaign's transparency pack, when it has one (pack_pdf.py)."""
    path = plan.path("overview")
    page = Page(view, path)
    show_board = "task" in view.sections
    body = render_template(
        "overview.html", page, c=plan.c, signals=attention(view, plan.c, plan),
        deliverables=deliverable_rows(view, plan), show_board=show_board,
        late_milestones=late_milestones(view, plan), pack=pack,
        pack_text=(pt(view.language, "pack_link"), pt(view.language, "pack_link_help")) if pack else None,
        columns=board(view, plan) if show_board else [])
    return PageOut(path, plan.c.title, body, plan.nav(), plan.c.id, "overview")


def timeline_page(view: AudienceView, plan: CampaignPlan) -> PageOut:
    """Newest first, a group per week, with the kind filter and "new since your last visit" (timeline_quiet.py)."""
    path = plan.path("timeline")
    page = Page(view, path)
    past, upcoming = split(events(view, plan.c, plan.target))
    past_weeks = [(f"week-{monday:%Y-%m-%d}", page.t("tl_week", when=page.date(monday)), items)
                  for monday, items in weeks(past, view.timezone)]
    # Commit hashes are for the agency and tier-3 readers (receipts, decision pages and the record keep them).
    show_commits = view.audience.internal or view.audience.tier >= 3
    present = {filter_of(i) for i in past + upcoming} - {""}
    body = render_template("timeline.html", page, c=plan.c, past=past_weeks, past_count=len(past),
                           upcoming=sorted(upcoming, key=lambda i: moment(i.when, view.timezone)),
                           filters=[f for f in FILTERS if f in present], filter_of=filter_of,
                           show_commits=show_commits, iso=lambda w: iso_when(w, view.timezone))
    title = page.section_title("timeline", plan.c.title)
    return PageOut(path, title, body, plan.nav(), plan.c.id, "timeline")
