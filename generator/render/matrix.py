"""The redaction matrix of an internal audience: every entry, who sees it; in pages of `ROWS` rows.

    matrix.md, matrix_2.md, ... matrix_<n>.md

An agency's 50,000 entries make one table of tens of megabytes; cut into
pages of at most `ROWS` rows (whole campaigns where they fit, a bigger
campaign over several pages under its own heading), each page stays light
and a pager on every page leads to the others, saying which campaigns each
holds. The pages after the first have an underscore in their name, which no
id has, so a page's name never reads as an entry's id.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.render import PageOut
from generator.render.context import Page, render_template
from generator.render.plan import MATRIX, CampaignPlan
from generator.view import AudienceView, Ref

ROWS = 500  # rows of one page: some 25 KB gzipped with four audiences


@dataclass(frozen=True)
class MatrixGroup:
    id: str
    title: str
    rows: tuple


@dataclass(frozen=True)
class MatrixLine:
    kind: str
    id: str
    title: str
    visibility: str
    seen_by: tuple[bool, ...]
    link: str | None


@dataclass(frozen=True)
class PagerLink:
    number: int
    path: str
    first: str  # the title of its first campaign
    last: str  # and of its last


def page_path(number: int) -> str:
    return MATRIX if number == 1 else f"matrix_{number}.md"


def _groups(view: AudienceView, plans: dict[str, CampaignPlan]) -> list[MatrixGroup]:
    """One group per campaign, its rows in (kind, id) order."""
    titles = {c.id: c.title for c in view.campaigns}
    by_campaign: dict[str, list] = {}
    for row in view.matrix:
        by_campaign.setdefault(row.campaign, []).append(row)
    groups = []
    for campaign_id in sorted(by_campaign):
        plan = plans.get(campaign_id)
        rows = sorted(by_campaign[campaign_id], key=lambda r: (r.kind, r.id))
        lines = tuple(MatrixLine(r.kind, r.id, r.title, r.declared, r.seen_by, _row_link(plan, r)) for r in rows)
        groups.append(MatrixGroup(campaign_id, titles.get(campaign_id, campaign_id), lines))
    return groups


def paginate(groups: list[MatrixGroup], rows: int) -> list[list[MatrixGroup]]:
    """Groups packed into pages of at most `rows` rows; a group bigger than a page cut into pieces."""
    pages: list[list[MatrixGroup]] = [[]]
    room = rows
    for group in groups:
        lines = group.rows
        while lines:
            if room < min(len(lines), rows) and pages[-1]:  # it fits whole on a fresh page: start one
                pages.append([])
                room = rows
            piece, lines = lines[:room], lines[room:]
            pages[-1].append(MatrixGroup(group.id, group.title, piece))
            room -= len(piece)
    return pages


def matrix_pages(view: AudienceView, plans: dict[str, CampaignPlan]) -> list[PageOut]:
    pages = paginate(_groups(view, plans), ROWS)
    pager = [PagerLink(n, page_path(n), groups[0].title, groups[-1].title)
             for n, groups in enumerate(pages, start=1) if groups]
    out = []
    for number, groups in enumerate(pages, start=1):
        page = Page(view, page_path(number))
        body = render_template("matrix.html", page, groups=groups, pager=pager if len(pager) > 1 else [],
                               number=number)
        title = page.t("matrix_title") if number == 1 else page.t("matrix_title_page", n=number, total=len(pages))
        out.append(PageOut(page_path(number), title, body, section="matrix"))
    return out


def _row_link(plan: CampaignPlan | None, row) -> str | None:
    if plan is None:
        return None
    return plan.target(Ref(row.kind, row.id, row.title))
