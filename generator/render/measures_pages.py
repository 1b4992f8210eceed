"""Measures -> pages: one per campaign (<campaign>/measures.md), one across campaigns (measures.md).

    measure_pages(view, measures) -> (pages, files)
    campaign_part(view, c, measures, measured)   one campaign's, rendered in its campaign's unit
    site_part(view, measures)                    the agency's, and the charts' scripts (the site unit)

`files` holds each chart's CSV (<campaign>/data/<chart>.csv, data/<chart>.csv
for the agency page) and, when any page has a chart, the two scripts every
chart page loads: vendor/plotly.min.js (copied from the installed plotly
package, once per site) and js/charts.js. Pages without charts load no
script. Bodies are built by a Jinja2 environment with autoescape on; the
only unescaped text is chart JSON, escaped for <script> by charts.script_json.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass

from markupsafe import Markup, escape

from generator.measures import CampaignMeasures, Measures, Sentiment
from generator.measures.attention import moment
from generator.render import NavLink, PageOut, charts, i18n, links
from generator.render.capped import AGENCY_ITEMS, capped
from generator.render.charts import Chart
from generator.render.context import ENV
from generator.render.measures_charts import (
    Words,
    brief_table,
    cycle_chart,
    cycle_notes,
    nps_agency_chart,
    nps_chart,
    on_time_chart,
    rework_chart,
    series_chart,
)
from generator.render.plan import CampaignPlan, finished_work_only
from generator.render.signals import Signal, attention
from generator.view import AudienceView, VCampaign

PAGE = "measures.md"
TEMPLATE = "measures.html"

@dataclass(frozen=True)
class Tile:
    id: str
    label: str
    value: str
    help: str
    empty: bool = False
    opened: bool = False
    scaffold: bool = False  # the view holds nothing this measure is about: left out for clients


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    chart: Chart | None = None
    text: str = ""  # shown instead of a chart when there is nothing to draw
    scaffold: bool = False  # nothing to draw and nothing to say but "none yet": left out for clients


class MeasuresWords(Words):
    """Words, dates and relative links of one measures page."""

    def __init__(self, view: AudienceView, path: str):
        super().__init__(view.language, view.timezone)
        self.view, self.path = view, path

    def url(self, target: str) -> str:
        return links.relative_url(self.path, target)

    def as_of_line(self) -> Markup:
        as_of = self.view.as_of
        if as_of is None:
            return Markup(escape(self.t("no_as_of")))
        when = Markup('<time datetime="{}">{}</time>').format(
            i18n.iso_when(as_of, self.tz), i18n.format_when(as_of, self.lang, self.tz))
        return Markup(escape(self.t("as_of_line", when="\0"))).replace("\0", when)


def campaign_path(campaign_id: str) -> str:
    return f"{campaign_id}/{PAGE}"


def _accent(view: AudienceView) -> str:
    return view.audience.accent or charts.DEFAULT_ACCENT


def _render(name: str, page: MeasuresWords, **context) -> str:
    if not name.startswith("measures"):
        raise ValueError(f"measures pages render only their own templates, not {name}")
    html = ENV.get_template(name).render(p=page, **context)
    return html.strip() + "\n"


# -- tiles ------------------------------------------------------------------------------------


def tiles(w: MeasuresWords, m: CampaignMeasures, agency: bool = False) -> list[Tile]:
    out = []
    if m.cycle_time is not None:
        out.append(_cycle_tile(w, m.cycle_time))
    if m.on_time is not None:
        ot = m.on_time
        out.append(Tile("on-time", w.t("tile_on_time"), w.pct(ot.rate),
                        w.t("tile_on_time_help", on_time=ot.on_time, counted=ot.counted), ot.rate is None,
                        ot.aggregate_only, scaffold=not ot.counted))
    if m.rework is not None:
        rw = m.rework
        out.append(Tile("rework", w.t("tile_rework"), w.pct(rw.rate),
                        w.t("tile_rework_help", changes=rw.changes_requested, steps=rw.steps), rw.rate is None,
                        rw.aggregate_only, scaffold=not rw.steps))
    if m.brief is not None:
        b = m.brief
        help_text = (w.t("tile_brief_help", missing=b.missing, added=b.added_after_kickoff)
                     if b.added_after_kickoff is not None else w.t("tile_brief_help_no_history", missing=b.missing))
        out.append(Tile("brief", w.t("tile_brief"), w.t("tile_brief_value", delivered=b.delivered, briefed=b.briefed),
                        help_text, b.briefed == 0, b.aggregate_only, scaffold=b.briefed == 0))
    if not agency and m.sentiment is not None:
        out.append(_nps_tile(w, m.sentiment))
    if m.stalled is not None:
        st = m.stalled
        parts = (st.tasks is not None or st.task_count is not None,
                 st.approvals is not None or st.approval_count is not None)
        help_key = {(True, False): "tile_stalled_help_tasks", (False, True): "tile_stalled_help_approvals"}.get(
            parts, "tile_stalled_help")
        out.append(Tile("stalled", w.t("tile_stalled"), w.num(st.count), w.t(help_key), False, st.aggregate_only))
    return out


def _cycle_tile(w: MeasuresWords, ct) -> Tile:
    if ct.median is not None:
        help_key = "tile_cycle_help_opened" if ct.aggregate_only or ct.max is None else "tile_cycle_help"
        return Tile("cycle-time", w.t("tile_cycle"), w.t("tile_cycle_value", days=w.num(ct.median)),
                    w.t(help_key, count=ct.count, max=w.num(ct.max)), False, ct.aggregate_only)
    if ct.unmeasured:
        # finished work, none of it timed: never "0 finished items"
        untimed = len(ct.unmeasured)
        if not w.view.history_configured and all(r.kind == "deliverable" for r in ct.unmeasured):
            help_text = w.t("tile_cycle_help_no_history", count=untimed)
        else:
            help_text = w.t("tile_cycle_help_unmeasured", count=untimed)
        return Tile("cycle-time", w.t("tile_cycle"), w.t("tile_cycle_not_measured"), help_text, True,
                    ct.aggregate_only)
    help_key = "tile_cycle_help_opened" if ct.aggregate_only else "tile_cycle_help_none"
    return Tile("cycle-time", w.t("tile_cycle"), w.t("no_data"), w.t(help_key, count=ct.count), True,
                ct.aggregate_only)


def _nps_tile(w: Words, s: Sentiment) -> Tile:
    if s.aggregate_only:
        help_text = ""
    elif s.latest is None:
        help_text = w.t("tile_nps_help_empty")
    elif s.baseline is None:
        help_text = w.t("tile_nps_help_none", latest=w.num(s.latest.value), latest_date=w.date(s.latest.date))
    else:
        help_text = w.t("tile_nps_help", baseline=w.num(s.baseline.value), baseline_date=w.date(s.baseline.date),
                        latest=w.num(s.latest.value), latest_date=w.date(s.latest.date))
    return Tile("nps", w.t("tile_nps"), w.signed(s.change), help_text, s.change is None, s.aggregate_only,
                scaffold=s.latest is None and not s.aggregate_only)


# -- sections ---------------------------------------------------------------------------------


def _section(chart_id: str, title: str, chart: Chart | None, empty_key: str, w: Words) -> Section:
    """A chart, or the line saying none is recorded yet: scaffolding a client is not shown."""
    return Section(chart_id, title, chart, "" if chart else w.t(empty_key), scaffold=chart is None)


def _work_sections(w: MeasuresWords, m, accent: str, data_dir: str,
                   titles: dict[str, str] | None = None) -> list[Section]:
    """Cycle time, on time, rework and the brief, for a campaign (`m`) or pooled over campaigns (`titles`)."""
    def csv(chart_id: str) -> str:
        return _csv(data_dir, chart_id)

    out = []
    ct = m.cycle_time
    if ct is not None and not ct.aggregate_only:
        history = w.view.history_configured
        chart = cycle_chart(w, ct, accent, csv("cycle-time"), titles, history=history) if ct.count else None
        untimed = cycle_notes(w, ct, history)  # finished, none timed: say why, not "nothing finished"
        out.append(Section("cycle-time", w.t("chart_cycle"), chart, "" if chart else untimed or w.t("empty_cycle")))
    if m.on_time is not None and not m.on_time.aggregate_only:
        chart = on_time_chart(w, m.on_time, accent, csv("on-time")) if m.on_time.counted else None
        out.append(_section("on-time", w.t("chart_on_time"), chart, "empty_on_time", w))
    if m.rework is not None and not m.rework.aggregate_only:
        chart = rework_chart(w, m.rework, accent, csv("rework"), titles) if m.rework.steps else None
        out.append(_section("rework", w.t("chart_rework"), chart, "empty_rework", w))
    if m.brief is not None and not m.brief.aggregate_only:
        chart = brief_table(w, m.brief, csv("brief"), titles) if m.brief.briefed else None
        out.append(_section("brief", w.t("chart_brief"), chart, "empty_brief", w))
    return out


def _csv(data_dir: str, chart_id: str) -> str:
    return f"{data_dir}/{chart_id}.csv"


def campaign_sections(w: MeasuresWords, m: CampaignMeasures, accent: str, data_dir: str) -> list[Section]:
    out = _work_sections(w, m, accent, data_dir)
    if m.sentiment is not None and not m.sentiment.aggregate_only:
        chart = nps_chart(w, m.sentiment, accent, _csv(data_dir, "nps")) if m.sentiment.points else None
        out.append(_section("nps", w.t("chart_nps"), chart, "empty_nps", w))
    for s in m.series:
        chart = series_chart(w, s, accent, _csv(data_dir, f"series-{s.id}")) if s.points else None
        out.append(_section(f"series-{s.id}", s.title, chart, "empty_series", w))
    return out


def agency_sections(w: MeasuresWords, measures: Measures, titles: dict[str, str], accent: str) -> list[Section]:
    a = measures.agency
    out = _work_sections(w, a, accent, "data", titles)
    if a.sentiment:
        per = [(titles[cid], s) for cid, s in a.sentiment if s.points and not s.aggregate_only]
        chart = nps_agency_chart(w, per, accent, _csv("data", "nps")) if per else None
        out.append(_section("nps", w.t("chart_nps_agency"), chart, "empty_nps", w))
    return out


# -- pages ------------------------------------------------------------------------------------


def has_page(view: AudienceView, m: CampaignMeasures) -> bool:
    """A campaign gets a measures page when a measure appears for it.

    A finished-work-only audience (tier 0) gets one only for measures the
    agency opened to it, or for a KPI series it was given (`visibility: 0`).
    """
    if finished_work_only(view) and not view.open_measures and not (m.series or m.sentiment):
        return False
    return m.shown()


def campaigns_with_page(view: AudienceView, measures: Measures | None) -> frozenset[str]:
    """Ids of the campaigns whose measures page exists (for the other pages' nav)."""
    if measures is None:
        return frozenset()
    ids = {c.id for c in view.campaigns}
    return frozenset(m.campaign for m in measures.campaigns if m.campaign in ids and has_page(view, m))


def has_agency_page(view: AudienceView, measures: Measures | None) -> bool:
    """Whether the site has the agency-level measures.md (2+ campaigns, one with measures)."""
    return len(view.campaigns) >= 2 and bool(campaigns_with_page(view, measures))


def _scripts(sections: list[Section]) -> tuple[str, ...]:
    return charts.SCRIPTS if any(s.chart is not None and s.chart.figure is not None for s in sections) else ()


def _files(sections: list[Section]) -> dict[str, bytes]:
    return {s.chart.csv_path: s.chart.table.csv_bytes() for s in sections if s.chart is not None}


def without_scaffolding(view: AudienceView, parts: list) -> list:
    """A client never reads scaffolding ("Brief delivered 0 of 0", "No score recorded yet"): a tile or
    chart whose inputs the view does not hold is left out; the internal site keeps it, saying why.
    An empty tile about work the client sees ("Nothing finished yet", "1 delivered, not timed") is an
    answer and stays (docs/client-view.md)."""
    if view.audience.internal:
        return parts
    return [p for p in parts if not p.scaffold]


def campaign_page(view: AudienceView, c: VCampaign, m: CampaignMeasures, measures: Measures,
                  measured: frozenset[str]) -> tuple[PageOut, dict[str, bytes]]:
    path = campaign_path(c.id)
    page = MeasuresWords(view, path)
    plan = CampaignPlan(view, c, measured)  # the same plan, and so the same nav, as the campaign's other pages
    sections = _campaign_sections(page, c, m)
    found: list[Signal] = attention(view, c, plan)
    shown_tiles = without_scaffolding(view, tiles(page, m))
    body = _render(TEMPLATE, page, c=c, heading=page.t("measures_title"), lede=page.t("measures_lede"),
                   tiles=shown_tiles, show_attention=bool(found) or (view.audience.internal and m.stalled is not None),
                   attention=found, sections=sections, campaign_links=[], attention_more=[], attention_total=0)
    title = f"{page.t('measures_title')} · {c.title}"
    return PageOut(path, title, body, plan.nav(), c.id, "measures", _scripts(sections)), _files(sections)


def _campaign_sections(page: MeasuresWords, c: VCampaign, m: CampaignMeasures) -> list[Section]:
    return without_scaffolding(page.view, campaign_sections(page, m, _accent(page.view), f"{c.id}/data"))


def campaign_part(view: AudienceView, c: VCampaign, measures: Measures | None,
                  measured: frozenset[str]) -> tuple[PageOut | None, dict[str, bytes]]:
    """The campaign's measures page (None: it has none) and its charts' CSV files, made with its
    campaign's other pages (render/pages.py); the scripts its charts load are the site's (`site_part`)."""
    m = measures.campaign(c.id) if measures is not None and c.id in measured else None
    if measures is None or m is None:
        return None, {}
    return campaign_page(view, c, m, measures, measured)


def site_part(view: AudienceView, measures: Measures | None) -> tuple[list[PageOut], dict[str, bytes]]:
    """The agency's measures page and its files, with the scripts every chart loads when any measures
    page of the site draws one (a campaign's is asked for its sections alone, not rendered)."""
    if measures is None:
        return [], {}
    pages: list[PageOut] = []
    files: dict[str, bytes] = {}
    by_id = {c.id: c for c in view.campaigns}
    shown = [m for m in measures.campaigns if m.campaign in by_id and has_page(view, m)]
    if has_agency_page(view, measures):
        page, files = agency_page(view, measures, shown)
        pages.append(page)
    if any(p.scripts for p in pages) or any(
            _scripts(_campaign_sections(MeasuresWords(view, campaign_path(m.campaign)), by_id[m.campaign], m))
            for m in shown):
        files.update(charts.site_files())
    return pages, files


def agency_page(view: AudienceView, measures: Measures, shown: list[CampaignMeasures]
                ) -> tuple[PageOut, dict[str, bytes]]:
    page = MeasuresWords(view, PAGE)
    titles = {c.id: c.title for c in view.campaigns}
    sections = without_scaffolding(view, agency_sections(page, measures, titles, _accent(view)))
    a = measures.agency
    pooled = CampaignMeasures("", "", a.cycle_time, a.on_time, a.rework, a.brief, None, a.stalled, ())
    found = [s for c in sorted(view.campaigns, key=lambda c: c.id) for s in attention(view, c)]
    counts = Counter(s.campaign for s in found)
    found = [dataclasses.replace(s, campaign=titles[s.campaign]) for s in found]
    found.sort(key=lambda s: (s.since is None, s.since and moment(s.since, view.timezone), s.campaign, s.subject))
    links_ = [NavLink(m.title, campaign_path(m.campaign)) for m in shown]
    shown_tiles = without_scaffolding(view, tiles(page, pooled, agency=True))
    first = capped(found, AGENCY_ITEMS)
    more = _attention_by_campaign(view, counts, {m.campaign for m in shown}) if first.more else []
    body = _render(TEMPLATE, page, c=None, heading=page.t("agency_measures_title"), lede=page.t("agency_lede"),
                   tiles=shown_tiles,
                   show_attention=bool(found) or (view.audience.internal and a.stalled is not None),
                   attention=first.items, sections=sections, campaign_links=links_,
                   attention_more=more,
                   attention_total=first.total)
    return PageOut(PAGE, page.t("agency_measures_title"), body, (), None, "measures", _scripts(sections)), \
        _files(sections)


def _attention_by_campaign(view: AudienceView, counts: Counter, measured: set[str]) -> list[tuple[str, str, int]]:
    """(title, where its whole list is, how many) for each campaign with items: the agency page shows only the
    first (capped.py), each campaign's measures page (or its overview) all of its own."""
    out = []
    for c in sorted(view.campaigns, key=lambda c: c.id):
        if counts[c.id]:
            where = f"{campaign_path(c.id)}#measure-stalled" if c.id in measured else f"{c.id}/index.md#needs-attention"
            out.append((c.title, where, counts[c.id]))
    return out


def measure_pages(view: AudienceView, measures: Measures | None) -> tuple[list[PageOut], dict[str, bytes]]:
    """The measures pages of one audience's site and the files they need: each campaign's (`campaign_part`)
    and the site's (`site_part`)."""
    measured = campaigns_with_page(view, measures)
    pages, files = site_part(view, measures)
    for c in view.campaigns:
        page, page_files = campaign_part(view, c, measures, measured)
        pages += [page] if page is not None else []
        files.update(page_files)
    return sorted(pages, key=lambda p: p.path), dict(sorted(files.items()))
