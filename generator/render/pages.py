"""AudienceView -> Rendered: every page of one audience's site.

    index.md, search.md, matrix.md (internal audiences with a matrix; matrix_2.md... when long)
    <campaign>/index.md            overview (+ board when tasks apply)
    <campaign>/timeline.md         when any dated section applies, or git events are in the view
    <campaign>/decisions.md, approvals.md, approvals/<id>.md, notes.md
    <campaign>/work.md             final work; its files are copied into assets/
    <campaign>/measures.md, measures.md   KPIs with charts (render.measures_pages)
    record.json                    the audience's record (generator/record/)
"""

from __future__ import annotations

from functools import partial

from generator.record import FILE as RECORD_FILE
from generator.record import Record
from generator.record import record as record_of
from generator.render import PageOut, Rendered
from generator.render.campaign import overview_page, timeline_page
from generator.render.home import home_page, search_page
from generator.render.matrix import matrix_pages
from generator.render.measures_pages import campaign_part, campaigns_with_page, site_part
from generator.render.pack import pack_path
from generator.render.pack_pdf import campaign_pack, packs_linked
from generator.render.plan import CampaignPlan, has_matrix
from generator.render.receipts import approvals_page, receipt_pages
from generator.render.search_records import campaign_records, kpi_records, shown_on
from generator.render.sections import decisions_page, notes_page, work_page
from generator.render.units import Unit, campaign_view, digest, merged
from generator.view import AudienceView


def render(view: AudienceView, measures=None, record: Record | None = None) -> Rendered:
    """Every page of the audience's site, measures pages included when measured, and its record.json
    (`record`: the view's, worked out here when not given)."""
    return merged([unit.make() for unit in units(view, measures, record)])


def units(view: AudienceView, measures=None, record: Record | None = None, packs: bool = False) -> list[Unit]:
    """The site's pages in units keyed by what they are made from (units.py): each campaign's, rendered
    from a view holding that campaign alone (with its transparency pack when `packs`), then the
    site-wide pages. A campaign's key holds the record's (length, head) when its pages show it."""
    record = record if record is not None else record_of(view)
    campaigns = sorted(view.campaigns, key=lambda c: c.id)
    measured = campaigns_with_page(view, measures)
    linked = packs_linked(view)  # each campaign page links its transparency pack (pack_pdf.py)
    head = (record.length, record.head)
    own = {c.id: campaign_view(view, c) for c in campaigns}
    keys = {}
    for c in campaigns:
        shows_record = bool(c.approvals) or (packs and linked)
        kept_with_pack = [measures.campaign(c.id) if measures is not None else None] if packs and linked else []
        mine = measures.campaign(c.id) if measures is not None and c.id in measured else None  # its measures page
        keys[c.id] = digest(["campaign", own[c.id], c.id in measured, linked, packs and linked,
                             head if shows_record else None, kept_with_pack, mine])
    whole = None if None in keys.values() else digest(["site", view, measures is not None, head])
    found = [Unit(keys[c.id], partial(_campaign_part, own[c.id], c, measured, measures, record,
                                      (linked, packs and linked))) for c in campaigns]
    found.append(Unit(whole, partial(site_pages, view, measures, measured, record)))
    return found


def site_pages(view: AudienceView, measures, measured: frozenset[str], record: Record) -> Rendered:
    """Home, search, the matrix, the agency's measures page (and the charts' scripts) and record.json:
    made from the whole view. Each campaign's measures page is its campaign's unit's."""
    plans = {c.id: CampaignPlan(view, c, measured) for c in sorted(view.campaigns, key=lambda c: c.id)}
    rendered = Rendered()
    rendered.pages += [home_page(view, plans, record), search_page(view)]
    if has_matrix(view):
        rendered.pages += matrix_pages(view, plans)
    measures_pages, files = site_part(view, measures)
    rendered.pages += measures_pages
    rendered.files.update(files)
    rendered.files[RECORD_FILE] = record.json_bytes(receipt_urls(plans))
    rendered.record_head = (record.length, record.head)
    return rendered


def _campaign_part(view: AudienceView, c, measured: frozenset[str], measures, record: Record,
                   pack: tuple[bool, bool]) -> Rendered:
    """One campaign's pages (its measures page among them) and search records; its transparency pack too
    when pack[1]."""
    linked, with_pack = pack
    plan = CampaignPlan(view, c, measured)
    pages, copies = campaign_pages(view, plan, measures, record, pack=linked)
    kpis, files = campaign_part(view, c, measures, measured)
    pages += [kpis] if kpis is not None else []
    records = campaign_records(view, plan) + kpi_records(view, [plan], measures)  # the measures page's last
    part = Rendered(pages, copies, files, search=shown_on(records, pages))
    if with_pack:
        pack_files, part.warnings = campaign_pack(view, c, measures, (record.length, record.head))
        part.files.update(pack_files)
    return part


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
