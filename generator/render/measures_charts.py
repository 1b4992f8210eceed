"""Each measure as a Chart: its table rows first, then the figure drawn from those rows.

The figure's numbers are the table's numbers (and the CSV's): a chart shows
nothing its table does not hold.
"""

from __future__ import annotations

import datetime as dt

from generator import dates as moments
from generator.measures import BriefAccuracy, CycleTime, OnTime, Rework, Sentiment
from generator.render import charts, i18n
from generator.render.charts import Chart, Table, date_cell, number_cell, text_cell
from generator.render.measures_strings import fmt_number, fmt_percent, fmt_signed, mt
from generator.view import VSeries


class Words:
    """Language-bound formatting for one page."""

    def __init__(self, lang: str, tz: str):
        self.lang, self.tz = i18n.lang_of(lang), tz

    def t(self, key: str, **values) -> str:
        return mt(self.lang, key, **values)

    def num(self, value) -> str:
        return fmt_number(value, self.lang)

    def pct(self, rate) -> str:
        return fmt_percent(rate, self.lang)

    def signed(self, value) -> str:
        return fmt_signed(value, self.lang)

    def date(self, value) -> str:
        return i18n.format_date(moments.day(value, self.tz), self.lang) if value is not None else ""

    def day_iso(self, value) -> str | None:
        return None if value is None else moments.day(value, self.tz).isoformat()

    def date_cell(self, value, empty: str = "") -> charts.Cell:
        return date_cell(self.day_iso(value), self.date(value)) if value is not None else text_cell(empty)

    def num_cell(self, value) -> charts.Cell:
        return number_cell(value, self.num(value) if value is not None else "—")


def _campaign_col(w: Words, campaigns: dict[str, str] | None) -> tuple[str, ...]:
    return (w.t("col_campaign"),) if campaigns else ()


def _campaign_cell(campaigns: dict[str, str] | None, campaign: str) -> tuple[charts.Cell, ...]:
    return (text_cell(campaigns[campaign]),) if campaigns else ()


# -- cycle time --------------------------------------------------------------------------


def cycle_chart(w: Words, m: CycleTime, accent: str, csv_path: str,
                campaigns: dict[str, str] | None = None, history: bool = True) -> Chart:
    headers = (w.t("col_item"), *_campaign_col(w, campaigns), w.t("col_kind"), w.t("col_started"),
               w.t("col_finished"), w.t("col_days"))
    rows = tuple((text_cell(i.ref.title), *_campaign_cell(campaigns, i.campaign),
                  kind_cell(w, i.ref.kind), w.date_cell(i.start), w.date_cell(i.end), w.num_cell(i.days))
                 for i in m.items)
    title = w.t("chart_cycle")
    caption = (w.t("chart_cycle_caption_one", median=w.num(m.median)) if m.count == 1 else
               w.t("chart_cycle_caption", median=w.num(m.median), p75=w.num(m.p75)))
    labels = [i.ref.title for i in m.items]
    days_word = w.t("col_days").lower()
    shape, note = charts.vertical_line(m.median or 0.0, f"{w.t('median')} {w.num(m.median)}")
    if campaigns:
        series = []
        for cid, name in sorted(campaigns.items()):
            mine = [(i.ref.title, i.days) for i in m.items if i.campaign == cid]
            if mine:
                series.append((cid, name, mine))
        figure = _campaign_bars(w, series, labels, accent, days_word, shape, note)
    else:
        figure = charts.horizontal_bars(labels, [(w.t("col_days"), [i.days for i in m.items], accent)],
                                        w.lang, accent, w.t("axis_days"), days_word,
                                        shapes=[shape], annotations=[note])
    return Chart("cycle-time", title, caption, Table(title, headers, rows), csv_path, figure,
                 cycle_notes(w, m, history))


def cycle_notes(w: Words, m: CycleTime, history: bool) -> str:
    """What finished work was not timed, and why: under the chart, or in its place when nothing was timed.

    Without the change history a deliverable has no day it entered the brief,
    so none is timed: the note says so instead of listing each one.
    """
    notes = []
    listed = [r for r in m.unmeasured if history or r.kind != "deliverable"]
    if listed:
        notes.append(w.t("chart_cycle_unmeasured", items=", ".join(r.title for r in listed)))
    if not history and any(r.kind == "deliverable" for r in m.unmeasured):
        notes.append(w.t("chart_cycle_no_history"))
    return " ".join(notes)


def kind_cell(w: Words, kind: str) -> charts.Cell:
    return text_cell(w.t("kind_" + kind))


def _campaign_bars(w: Words, series, labels, accent, unit, shape, note) -> dict:
    """Horizontal bars coloured by campaign, rows in the table's order (longest first)."""
    import plotly.graph_objects as go

    order = charts.unique_labels([charts.plot_text(label, wrap=True) for label in labels])
    position: dict[str, list[str]] = {}
    for label, shown in zip(labels, order):
        position.setdefault(label, []).append(shown)
    traces = []
    colours = (accent, *charts.PALETTE)
    for n, (_cid, name, items) in enumerate(series):
        ys = [position[title].pop(0) for title, _ in items]
        traces.append(go.Bar(x=[d for _, d in items], y=ys, orientation="h", name=charts.plot_text(name),
                             marker={"color": colours[n % len(colours)]},
                             hovertemplate=f"%{{y}}: %{{x}} {charts.plot_text(unit)}"
                                           f"<extra>{charts.plot_text(name)}</extra>"))
    return charts.figure(traces, charts.layout(
        w.lang, accent, charts.bar_height(len(labels)), barmode="overlay", showlegend=True,
        xaxis={"title": {"text": charts.plot_text(w.t("axis_days"))}, "rangemode": "tozero"},
        yaxis={"autorange": "reversed", "type": "category", "categoryorder": "array", "categoryarray": order},
        shapes=[shape], annotations=[note]))


# -- approvals ----------------------------------------------------------------------------


def on_time_chart(w: Words, m: OnTime, accent: str, csv_path: str) -> Chart:
    headers = (w.t("col_month"), w.t("col_on_time"), w.t("col_late"), w.t("col_share"))
    rows, months = [], []
    for b in m.by_month:
        year, month = (int(x) for x in b.month.split("-"))
        label = i18n.format_month(dt.date(year, month, 1), w.lang)
        months.append(label)
        rate = b.on_time / (b.on_time + b.late)
        rows.append((charts.Cell(b.month, label, "date"), w.num_cell(b.on_time), w.num_cell(b.late),
                     number_cell(round(rate, 4), w.pct(rate))))
    title = w.t("chart_on_time")
    caption = w.t("chart_on_time_caption", on_time=m.on_time, counted=m.counted, rate=w.pct(m.rate))
    figure = charts.stacked_columns(
        months, [(w.t("col_on_time"), [b.on_time for b in m.by_month], accent),
                 (w.t("col_late"), [b.late for b in m.by_month], charts.SECOND)],
        w.lang, accent, w.t("axis_approvals"))
    return Chart("on-time", title, caption, Table(title, headers, tuple(rows)), csv_path, figure)


def rework_chart(w: Words, m: Rework, accent: str, csv_path: str,
                 campaigns: dict[str, str] | None = None) -> Chart:
    headers = (w.t("col_target"), *_campaign_col(w, campaigns), w.t("col_rounds"), w.t("col_changes"))
    rows = tuple((text_cell(r.ref.title), *_campaign_cell(campaigns, r.campaign), w.num_cell(r.rounds),
                  w.num_cell(r.changes_requested)) for r in m.by_deliverable)
    title = w.t("chart_rework")
    if m.changes_requested:
        caption = w.t("chart_rework_caption", changes=m.changes_requested, steps=m.steps, rate=w.pct(m.rate),
                      top=m.by_deliverable[0].ref.title)
    else:
        caption = w.t("chart_rework_caption_none")
    labels = [r.ref.title for r in m.by_deliverable]
    figure = charts.horizontal_bars(
        labels, [(w.t("col_rounds"), [r.rounds for r in m.by_deliverable], accent),
                 (w.t("col_changes"), [r.changes_requested for r in m.by_deliverable], charts.SECOND)],
        w.lang, accent, w.t("axis_rounds"), "", counts=True)
    return Chart("rework", title, caption, Table(title, headers, rows), csv_path, figure)


# -- brief ---------------------------------------------------------------------------------


def brief_table(w: Words, m: BriefAccuracy, csv_path: str, campaigns: dict[str, str] | None = None) -> Chart:
    history = m.added_after_kickoff is not None
    headers = (w.t("col_target"), *_campaign_col(w, campaigns), w.t("col_due"), w.t("col_delivered"),
               *((w.t("col_added"),) if history else ()))
    rows = []
    for i in m.items:
        added = (text_cell(w.t("yes") if i.added_after_kickoff else w.t("no")),) if history else ()
        rows.append((text_cell(i.ref.title), *_campaign_cell(campaigns, i.campaign),
                     w.date_cell(i.due, "—"), w.date_cell(i.delivered_on, w.t("status_missing")), *added))
    title = w.t("chart_brief")
    if history:
        one = "_one" if m.added_after_kickoff == 1 else ""  # "1 was added", not "1 were added"
        caption = w.t("chart_brief_caption_added" + one, delivered=m.delivered, briefed=m.briefed,
                      added=m.added_after_kickoff)
    else:
        caption = w.t("chart_brief_caption", delivered=m.delivered, briefed=m.briefed)
    return Chart("brief", title, caption, Table(title, headers, tuple(rows)), csv_path)


# -- sentiment and series ---------------------------------------------------------------------


def nps_chart(w: Words, m: Sentiment, accent: str, csv_path: str) -> Chart:
    headers = (w.t("col_date"), w.t("col_nps"))
    rows = tuple((w.date_cell(p.date), w.num_cell(p.value)) for p in m.points)
    title = w.t("chart_nps")
    latest = w.num(m.latest.value if m.latest else None)
    if m.change is not None:
        caption = w.t("chart_nps_caption_change", change=w.signed(m.change), latest=latest)
    else:
        caption = w.t("chart_nps_caption_latest", latest=latest)
    figure = charts.lines([(w.t("col_nps"), [p.date.isoformat() for p in m.points], [p.value for p in m.points])],
                          w.lang, accent, w.t("col_nps"))
    return Chart("nps", title, caption, Table(title, headers, rows), csv_path, figure)


def nps_agency_chart(w: Words, per: list[tuple[str, Sentiment]], accent: str, csv_path: str) -> Chart:
    headers = (w.t("col_campaign"), w.t("col_date"), w.t("col_nps"))
    rows = tuple((text_cell(name), w.date_cell(p.date), w.num_cell(p.value)) for name, s in per for p in s.points)
    title = w.t("chart_nps_agency")
    figure = charts.lines([(name, [p.date.isoformat() for p in s.points], [p.value for p in s.points])
                           for name, s in per], w.lang, accent, w.t("col_nps"))
    return Chart("nps", title, w.t("chart_nps_agency_caption"), Table(title, headers, rows), csv_path, figure)


def series_chart(w: Words, s: VSeries, accent: str, csv_path: str) -> Chart:
    points = sorted(s.points, key=lambda p: p.date)
    headers = (w.t("col_date"), w.t("col_value", unit=s.unit))
    rows = tuple((w.date_cell(p.date), w.num_cell(p.value)) for p in points)
    last, first = points[-1], points[0]
    values = {"value": w.num(last.value), "unit": s.unit, "date": w.date(last.date),
              "first": w.num(first.value), "first_date": w.date(first.date)}
    if len(points) == 1 or last.value == first.value:
        caption = w.t("chart_series_caption", **values)
    else:
        caption = w.t("chart_series_caption_change" if last.value > first.value else "chart_series_caption_down",
                      **values)
    figure = charts.lines([(s.title, [p.date.isoformat() for p in points], [p.value for p in points])],
                          w.lang, accent, s.unit)
    return Chart(f"series-{s.id}", s.title, caption, Table(s.title, headers, rows), csv_path, figure)
