"""AudienceView -> Rendered: every page of one audience's site.

    index.md, search.md, matrix.md (internal audiences with a matrix)
    <campaign>/index.md            overview (+ board when tasks apply)
    <campaign>/timeline.md         when any dated section applies (never tier 0)
    <campaign>/decisions.md, approvals.md, approvals/<id>.md, notes.md
    <campaign>/work.md             final work; its files are copied into assets/
"""

from __future__ import annotations

from generator.render import PageOut, Rendered
from generator.render.campaign import overview_page, timeline_page
from generator.render.home import home_page, matrix_page, search_page
from generator.render.plan import CampaignPlan, has_matrix
from generator.render.receipts import approvals_page, receipt_pages
from generator.render.sections import decisions_page, notes_page, work_page
from generator.view import AudienceView


def render(view: AudienceView, measures=None) -> Rendered:
    """Every page of the audience's site. `measures` is accepted for the pipeline; unused here."""
    campaigns = sorted(view.campaigns, key=lambda c: c.id)
    plans = {c.id: CampaignPlan(view, c) for c in campaigns}
    rendered = Rendered()
    rendered.pages += [home_page(view, plans), search_page(view)]
    if has_matrix(view):
        rendered.pages.append(matrix_page(view, plans))
    for c in campaigns:
        pages, copies = campaign_pages(view, plans[c.id])
        rendered.pages += pages
        rendered.copies += copies
    rendered.pages.sort(key=lambda p: p.path)
    rendered.copies.sort()
    return rendered


def campaign_pages(view: AudienceView, plan: CampaignPlan) -> tuple[list[PageOut], list[tuple[str, str]]]:
    pages, copies = [overview_page(view, plan)], []
    if plan.has("timeline"):
        pages.append(timeline_page(view, plan))
    if plan.has("decisions"):
        pages.append(decisions_page(view, plan))
    if plan.has("approvals"):
        pages.append(approvals_page(view, plan))
        pages += receipt_pages(view, plan)
    if plan.has("notes"):
        pages.append(notes_page(view, plan))
    if plan.has("work"):
        work, copies = work_page(view, plan)
        pages.append(work)
    return pages, copies
