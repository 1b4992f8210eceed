"""A campaign's decisions, notes and final work pages."""

from __future__ import annotations

from dataclasses import dataclass

from generator.render import PageOut
from generator.render.anchors import note_anchors
from generator.render.context import Page, render_template
from generator.render.media import Media, plan_media
from generator.render.plan import CampaignPlan
from generator.view import AudienceView, Ref, VDecision, VNote


@dataclass(frozen=True)
class Related:
    ref: Ref
    link: str | None


@dataclass(frozen=True)
class DecisionView:
    d: VDecision
    related: tuple[Related, ...]


@dataclass(frozen=True)
class NoteView:
    n: VNote
    link: str | None
    anchor: str  # anchors.note_anchors: what search results link to


@dataclass(frozen=True)
class WorkItem:
    m: Media
    deliverable_link: str | None


def decisions_page(view: AudienceView, plan: CampaignPlan) -> PageOut:
    path = plan.path("decisions")
    page = Page(view, path)
    decisions = [DecisionView(d, tuple(Related(r, plan.target(r)) for r in d.relates_to if r is not None))
                 for d in plan.c.decisions]
    body = render_template("decisions.html", page, c=plan.c, decisions=decisions)
    return PageOut(path, page.section_title("decisions", plan.c.title), body, plan.nav(), plan.c.id, "decisions")


def notes_page(view: AudienceView, plan: CampaignPlan) -> PageOut:
    path = plan.path("notes")
    page = Page(view, path)
    notes = [NoteView(n, plan.target(n.about), anchor)
             for n, anchor in zip(plan.c.notes, note_anchors(plan.c.notes), strict=True)]
    body = render_template("notes.html", page, c=plan.c, notes=notes)
    return PageOut(path, page.section_title("notes", plan.c.title), body, plan.nav(), plan.c.id, "notes")


def work_page(view: AudienceView, plan: CampaignPlan) -> tuple[PageOut, list[tuple[str, str]]]:
    """The final work page and the asset files it needs copied into the site."""
    path = plan.path("work")
    page = Page(view, path)
    media, copies = plan_media(plan.c)
    items = [WorkItem(m, plan.target(m.asset.deliverable)) for m in media]
    # the finished work, then apart what is scheduled (published after the site's date): not delivered yet
    body = render_template("work.html", page, c=plan.c, media=[w for w in items if not w.m.asset.scheduled],
                           scheduled=[w for w in items if w.m.asset.scheduled])
    return PageOut(path, page.section_title("work", plan.c.title), body, plan.nav(), plan.c.id, "work"), copies
