"""AudienceView -> Rendered: every page of one audience's site.

    index.md, search.md, matrix.md (internal audiences with a matrix; matrix_2.md... when long)
    <campaign>/index.md            overview (+ board when tasks apply)
    <campaign>/timeline.md         when any dated section applies, or git events are in the view
    <campaign>/decisions.md, approvals.md, approvals/<id>.md, notes.md
    <campaign>/work.md             final work; its files are copied into assets/
    <campaign>/measures.md, measures.md   KPIs with charts (render.measures_pages)
"""

from __future__ import annotations

from functools import partial

from generator.render import PageOut, Rendered
from generator.render.campaign import overview_page, timeline_page
from generator.render.home import home_page, search_page
from generator.render.matrix import matrix_pages
from generator.render.measures_pages import campaigns_with_page, measure_pages
from generator.render.plan import CampaignPlan, has_matrix
from generator.render.receipts import approvals_page, receipt_pages
from generator.render.sections import decisions_page, notes_page, work_page
from generator.render.units import Unit, campaign_view, digest, merged
from generator.view import AudienceView


def render(view: AudienceView, measures=None) -> Rendered:
    """Every page of the audience's site, measures pages included when measured."""
    return merged([unit.make() for unit in units(view, measures)])


def units(view: AudienceView, measures=None) -> list[Unit]:
    """The site's pages in units keyed by what they are made from (units.py): the site-wide pages,
    then each campaign's, rendered from a view holding that campaign alone."""
    campaigns = sorted(view.campaigns, key=lambda c: c.id)
    measured = campaigns_with_page(view, measures)
    own = {c.id: campaign_view(view, c) for c in campaigns}
    keys = {c.id: digest(["campaign", own[c.id], c.id in measured]) for c in campaigns}
    whole = None if None in keys.values() else digest(
        ["site", keys, [c.id for c in view.campaigns], view.matrix, view.opened, measures is not None])
    found = [Unit(whole, partial(site_pages, view, measures, measured))]
    found += [Unit(keys[c.id], partial(_campaign_part, own[c.id], c, measured)) for c in campaigns]
    return found


def site_pages(view: AudienceView, measures, measured: frozenset[str]) -> Rendered:
    """Home, search, the matrix and the measures pages: made from the whole view."""
    plans = {c.id: CampaignPlan(view, c, measured) for c in sorted(view.campaigns, key=lambda c: c.id)}
    rendered = Rendered()
    rendered.pages += [home_page(view, plans), search_page(view)]
    if has_matrix(view):
        rendered.pages += matrix_pages(view, plans)
    measures_pages, files = measure_pages(view, measures)
    rendered.pages += measures_pages
    rendered.files.update(files)
    return rendered


def _campaign_part(view: AudienceView, c, measured: frozenset[str]) -> Rendered:
    pages, copies = campaign_pages(view, CampaignPlan(view, c, measured))
    return Rendered(pages, copies)


def campaign_pages(view: AudienceView, plan: CampaignPlan,
                   measures=None) -> tuple[list[PageOut], list[tuple[str, str]]]:
    pages = [overview_page(view, plan)]
    copies: list[tuple[str, str]] = []
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
