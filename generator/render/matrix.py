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
from generator.view import AudienceView, MatrixCell, MatrixRow, Ref

ROWS = 500  # rows of one page: some 25 KB gzipped with four audiences
KIND_ORDER = ("campaign", "deliverable", "milestone", "task", "decision", "comment", "approval", "step", "asset", "kpi",
              "point", "note", "span")
STATES = ("shown", "hidden", "tier", "refers", "campaign")  # "hidden": any of the last three


@dataclass(frozen=True)
class MatrixGroup:
    id: str
    title: str
    rows: tuple


@dataclass(frozen=True)
class MatrixLine:
    """One row as the template writes it: every word already chosen (a page has hundreds of rows)."""

    kind: str
    kind_name: str
    id: str
    title: str
    visibility: str
    visibility_name: str
    cells: tuple[tuple[str, str], ...]  # (state, what the cell says), an audience each
    href: str | None  # relative to the matrix's pages (all at the site's root)
    anchor: str  # the row's id in the page: "m/<campaign>/<key>"
    within: str = ""


@dataclass(frozen=True)
class PagerLink:
    number: int
    path: str
    first: str  # the title of its first campaign
    last: str  # and of its last


@dataclass(frozen=True)
class Choice:
    """One option of the filter: a campaign's option also says which page holds it."""

    value: str
    label: str
    page: str = ""


def page_path(number: int) -> str:
    return MATRIX if number == 1 else f"matrix_{number}.md"


def cell_text(page: Page, cell: MatrixCell) -> str:
    """What one audience's cell says: shown, or hidden and why (the redactor's verdict, redact/why.py)."""
    if cell.state == "shown":
        return page.t("m_shown")
    if cell.state == "tier":
        if cell.plan:
            return page.t("m_" + cell.plan, tier=cell.needs)
        return page.t("m_tier_internal") if cell.needs == "internal" else page.t("m_tier", tier=cell.needs)
    if cell.state == "refers":
        return page.t("m_refers", kind=page.t("kind_name_" + cell.refers_kind).lower(), id=cell.refers_id)
    return page.t("m_campaign")


class _Lines:
    """Rows -> MatrixLines, each distinct cell's and kind's words looked up once."""

    def __init__(self, page: Page, plans: dict[str, CampaignPlan]):
        self.page, self.plans = page, plans
        self.cells: dict[MatrixCell, tuple[str, str]] = {}
        self.words: dict[tuple, str] = {}

    def word(self, key: str, **values) -> str:
        memo = (key, *sorted(values.items()))
        found = self.words.get(memo)
        if found is None:
            found = self.words[memo] = self.page.t(key, **values)
        return found

    def cell(self, cell: MatrixCell) -> tuple[str, str]:
        found = self.cells.get(cell)
        if found is None:
            found = self.cells[cell] = (cell.state, cell_text(self.page, cell))
        return found

    def line(self, row: MatrixRow) -> MatrixLine:
        plan = self.plans.get(row.campaign)
        link = _row_link(plan, row) if row.key == f"{row.kind}/{row.id}" else None  # entries have a page
        if row.kind == "campaign" and plan is not None:
            link = plan.path("overview")
        level = row.declared
        shown_level = (self.word("vis_internal") if level == "internal"
                       else self.word("vis_tier", tier=level) if level else "")
        return MatrixLine(row.kind, self.word("kind_name_" + row.kind), row.id, row.title, level, shown_level,
                          tuple(self.cell(c) for c in row.cells), link and self.page.url(link),
                          f"m/{row.campaign}/{row.key}",
                          self.page.t("matrix_within", where=row.within) if row.within else "")


def _groups(view: AudienceView, plans: dict[str, CampaignPlan], page: Page) -> list[MatrixGroup]:
    """One group per campaign, its rows in the order redaction gave them (an entry, then what hangs below it)."""
    titles = {c.id: c.title for c in view.campaigns}
    by_campaign: dict[str, list] = {}
    for row in view.matrix:
        by_campaign.setdefault(row.campaign, []).append(row)
    lines = _Lines(page, plans)
    return [MatrixGroup(campaign_id, titles.get(campaign_id, campaign_id), tuple(lines.line(r) for r in rows))
            for campaign_id, rows in sorted(by_campaign.items())]


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


def _filters(page: Page, view: AudienceView, pages: list[list[MatrixGroup]]) -> dict[str, tuple[Choice, ...]]:
    """The filter's options: audiences, states, the kinds the matrix holds, and each campaign with its page."""
    kinds = sorted({row.kind for row in view.matrix}, key=lambda k: (KIND_ORDER.index(k), k))
    campaign_page: dict[str, Choice] = {}
    for number, groups in enumerate(pages, start=1):
        for group in groups:
            campaign_page.setdefault(group.id, Choice(group.id, group.title, page.url(page_path(number))))
    return {
        "audience": tuple(Choice(a, a) for a in view.matrix_audiences),
        "state": tuple(Choice(s, page.t("mf_state_" + s)) for s in STATES),
        "kind": tuple(Choice(k, page.t("kind_name_" + k)) for k in kinds),
        "campaign": tuple(campaign_page.values()),
    }


def matrix_pages(view: AudienceView, plans: dict[str, CampaignPlan]) -> list[PageOut]:
    """The matrix's pages; every page sits at the site's root, so links are the same from each."""
    first = Page(view, MATRIX)
    pages = paginate(_groups(view, plans, first), ROWS)
    pager = [PagerLink(n, page_path(n), groups[0].title, groups[-1].title)
             for n, groups in enumerate(pages, start=1) if groups]
    filters = _filters(first, view, pages)
    out = []
    for number, groups in enumerate(pages, start=1):
        page = Page(view, page_path(number))
        body = render_template("matrix.html", page, groups=groups, pager=pager if len(pager) > 1 else [],
                               number=number, filters=filters, rows=sum(len(g.rows) for g in groups))
        title = page.t("matrix_title") if number == 1 else page.t("matrix_title_page", n=number, total=len(pages))
        out.append(PageOut(page_path(number), title, body, section="matrix"))
    return out


def _row_link(plan: CampaignPlan | None, row) -> str | None:
    if plan is None:
        return None
    return plan.target(Ref(row.kind, row.id, row.title))
