"""AudienceView -> Rendered: every page of one audience's site.

    index.md, search.md, matrix.md (internal audiences with a matrix; matrix_2.md... when long)
    <campaign>/index.md            overview (+ board when tasks apply)
    <campaign>/timeline.md         when any dated section applies, or git events are in the view
    <campaign>/decisions.md, approvals.md, approvals/<id>.md, notes.md
    <campaign>/work.md             final work; its files are copied into assets/
    <campaign>/measures.md, measures.md   KPIs with charts (render.measures_pages)
"""

from __future__ import annotations

from generator.record import FILE as RECORD_FILE
from generator.record import Record
from generator.record import record as record_of
from generator.render import PageOut, Rendered
from generator.render.campaign import overview_page, timeline_page
from generator.render.home import home_page, search_page
from generator.render.matrix import matrix_pages
from generator.render.measures_pages import campaigns_with_page, measure_pages
from generator.render.pack import pack_path
from generator.render.pack_pdf import packs_linked
from generator.render.plan import CampaignPlan, has_matrix
from generator.render.receipts import approvals_page, receipt_pages
from generator.render.search_records import search_records, shown_on
from generator.render.sections import decisions_page, notes_page, work_page
from generator.view import AudienceView


def render(view: AudienceView, measures=None, record: Record | None = None) -> Rendered:
    """Every page of the audience's site, measures pages included when measured, and its record.json
    (`record`: the view's, worked out here when not given)."""
    record = record if record is not None else record_of(view)
    campaigns = sorted(view.campaigns, key=lambda c: c.id)
    measured = campaigns_with_page(view, measures)
    plans = {c.id: CampaignPlan(view, c, measured) for c in campaigns}
    rendered = Rendered()
    rendered.pages += [home_page(view, plans, record), search_page(view)]
    if has_matrix(view):
        rendered.pages += matrix_pages(view, plans)
    linked = packs_linked(view)  # each campaign page links its transparency pack (pack_pdf.py)
    for c in campaigns:
        pages, copies = campaign_pages(view, plans[c.id], measures, record, pack=linked)
        rendered.pages += pages
        rendered.copies += copies
    measures_pages, files = measure_pages(view, measures)
    rendered.pages += measures_pages
    rendered.files.update(files)
    rendered.search = shown_on(search_records(view, plans.values(), measures), rendered.pages)
    rendered.files[RECORD_FILE] = record.json_bytes(receipt_urls(plans))
    rendered.record_head = (record.length, record.head)
    rendered.pages.sort(key=lambda p: p.path)
    rendered.copies.sort()
    return rendered


def campaign_pages(view: AudienceView, plan: CampaignPlan, measures=None, record: Record | None = None,
                   pack: bool = False) -> tuple[list[PageOut], list[tuple[str, str]]]:
    pages = [overview_page(view, plan, pack_path(plan.c.id) if pack else None)]
    copies: list[tuple[str, str]] = []
    if plan.has("timeline"):
        pages.append(timeline_page(view, plan))
    if plan.has("decisions"):
        pages.append(decisions_page(view, plan))
    if plan.has("approvals"):
        pages.append(approvals_page(view, plan))
        pages += receipt_pages(view, plan, record)
    if plan.has("notes"):
        pages.append(notes_page(view, plan))
    if plan.has("work"):
        work, copies = work_page(view, plan)
        pages.append(work)
    return pages, copies


def receipt_urls(plans: dict[str, CampaignPlan]) -> dict[str, str]:
    """Each receipt's page, site-relative as MkDocs publishes it: "<campaign>/<approval>" -> URL."""
    from generator.render.links import relative_url

    return {f"{c_id}/{a.id}": relative_url("index.md", plan.receipt(a.id))
            for c_id, plan in plans.items() if plan.has("approvals") for a in plan.c.approvals}
