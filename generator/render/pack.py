"""A campaign's transparency pack, as one HTML document for the PDF writer (pack_pdf.py).

    cover      campaign, audience, as-of moment, the record head when known
    turn       whose turn it is now (measures/attention.py, as every page reads it)
    milestones the campaign's milestones, reached or not
    timeline   every dated event of the period, oldest first, then what is coming up
    receipts   every approval: its chain of steps, times, verdicts and asset hash
    measures   the campaign's measures page as tables, with bars drawn as SVG

Built from the AudienceView and its measures alone, like every page
(invariant 1), through the same autoescaping Jinja2 environment. The
document holds no link and loads nothing: a PDF's relative link would
name the build machine's folders, and a fetch could read anything.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from generator.render import pack_bars
from generator.render.campaign import late_milestones
from generator.render.charts import DEFAULT_ACCENT
from generator.render.context import Page, render_template
from generator.render.i18n import iso_when
from generator.render.measures_pages import (
    MeasuresWords,
    campaign_sections,
    has_page,
    tiles,
    without_scaffolding,
)
from generator.render.outcome import outcome, timing_text
from generator.render.pack_strings import pt
from generator.render.plan import CampaignPlan
from generator.render.receipts import request_order
from generator.render.signals import attention, open_status
from generator.render.timeline import moment, split
from generator.render.timeline_quiet import events
from generator.view import AudienceView, VApproval

PACK_FILE = "transparency-pack.pdf"
RecordHead = tuple[int, str]  # (length, head as hex): "Record 214, 3f9a…c1"
# WeasyPrint lays out a few hundred rows a second: a pack of a campaign of thousands of entries would take
# minutes. Past these bounds a list is shortened, saying so and where the site shows it whole.
MAX_EVENTS, MAX_UPCOMING, MAX_RECEIPTS, MAX_ROWS = 300, 100, 200, 60


@dataclass(frozen=True)
class Part:
    """A list of the pack, and how long it is on the site (`total` > len(items): shortened)."""

    items: list
    total: int

    @property
    def cut(self) -> bool:
        return self.total > len(self.items)

    @property
    def first(self) -> int:
        """The number, counted from 1, of its first item among all of them."""
        return self.total - len(self.items) + 1


def latest(items: list, limit: int) -> Part:
    return Part(items[-limit:] if len(items) > limit else items, len(items))


def soonest(items: list, limit: int) -> Part:
    return Part(items[:limit], len(items))


def pack_path(campaign_id: str) -> str:
    return f"{campaign_id}/{PACK_FILE}"


def has_pack(view: AudienceView) -> bool:
    """An audience whose tier reaches approvals by default (`defaults.approval`) gets a pack per campaign,
    unless its config says `packs: false`.

    One approval opened to a lower tier gives that audience its receipt page, not a pack."""
    reached = view.defaults_reached if view.defaults_reached is not None else view.sections
    return view.audience.packs and (view.audience.internal or "approval" in reached)


@dataclass(frozen=True)
class PackReceipt:
    a: VApproval
    state: str
    decided_at: object
    timing: str


@dataclass(frozen=True)
class PackSection:
    section: object  # measures_pages.Section: its title, caption or empty text
    rows: Part  # its table's rows, shortened past MAX_ROWS
    bars: object = None  # the rows drawn as SVG bars (pack_bars), or None


@dataclass(frozen=True)
class PackMeasures:
    tiles: list
    sections: list[PackSection]


def record_line(lang: str, head: RecordHead | None) -> str:
    if head is None:
        return ""
    length, digest = head
    return pt(lang, "record", length=length, short=f"{digest[:4]}…{digest[-2:]}")


def receipts(view: AudienceView, plan: CampaignPlan) -> Part:
    lang, tz = view.language, view.timezone
    found = []
    for a in sorted(plan.c.approvals, key=request_order):
        result = outcome(a, view.as_of, tz)
        status = open_status(view, plan.c, a, asked=True)
        found.append(PackReceipt(a, result.state, result.decided_at, timing_text(result, a, lang, tz, status)))
    return latest(found, MAX_RECEIPTS)


def pack_measures(view: AudienceView, plan: CampaignPlan, measures) -> PackMeasures | None:
    """The campaign's measures page, as tables: None when the site has no measures page for it."""
    found = next((m for m in getattr(measures, "campaigns", ()) if m.campaign == plan.c.id), None)
    if found is None or not has_page(view, found):
        return None
    words = MeasuresWords(view, plan.path("overview"))
    accent = view.audience.accent or DEFAULT_ACCENT
    # the same parts as the site's measures page: no scaffolding for a client (measures_pages.py)
    sections = without_scaffolding(view, campaign_sections(words, found, accent, f"{plan.c.id}/data"))
    return PackMeasures(without_scaffolding(view, tiles(words, found)), [_pack_section(s, accent) for s in sections])


def _pack_section(section, accent: str) -> PackSection:
    if section.chart is None:
        return PackSection(section, Part([], 0))
    rows = soonest(list(section.chart.table.rows), MAX_ROWS)  # each table is in its own order: keep its head
    table = dataclasses.replace(section.chart.table, rows=tuple(rows.items))
    shown = dataclasses.replace(section, chart=dataclasses.replace(section.chart, table=table))
    return PackSection(shown, rows, pack_bars.bars(table, accent) if section.chart.figure else None)


def timeline(view: AudienceView, plan: CampaignPlan) -> tuple[Part, Part]:
    """(the latest of what happened, the soonest of what is to come), each oldest first, with no links."""
    past, upcoming = split(events(view, plan.c, lambda ref: None))
    return latest(past, MAX_EVENTS), soonest(sorted(upcoming, key=lambda i: moment(i.when, view.timezone)),
                                             MAX_UPCOMING)


def as_of_iso(view: AudienceView) -> str | None:
    """The as-of moment for the PDF's creation and modification dates (W3C form, whole seconds)."""
    when = view.as_of
    if isinstance(when, dt.datetime):
        when = when.replace(microsecond=0)
    return None if when is None else iso_when(when, view.timezone)


def pack_html(view: AudienceView, plan: CampaignPlan, measures, record_head: RecordHead | None) -> str:
    """The whole HTML document of one campaign's pack."""
    page = Page(view, pack_path(plan.c.id))
    turn = [dataclasses.replace(s, target=None) for s in attention(view, plan.c, plan)]
    past, upcoming = timeline(view, plan)
    found, measured = receipts(view, plan), pack_measures(view, plan, measures)
    shortened = past.cut or upcoming.cut or found.cut or any(s.rows.cut for s in getattr(measured, "sections", ()))
    return render_template(
        "pack.html", page, c=plan.c, pt=lambda key, **kw: pt(page.lang, key, **kw), as_of_iso=as_of_iso(view),
        record=record_line(page.lang, record_head), record_head=record_head, turn=turn,
        late_milestones=late_milestones(view, plan), past=past, upcoming=upcoming,
        show_commits=view.audience.internal or view.audience.tier >= 3,  # as the timeline page
        receipts=found, measures=measured, shortened=shortened)
