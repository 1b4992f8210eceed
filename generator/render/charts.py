"""Charts of the measures: Plotly figures, the table beside each, its CSV.

A Chart holds one Table (what the page shows as an accessible <table>, and
exactly what its CSV holds) and the Plotly figure drawn from the same rows.
Figures carry nothing the page does not show: no hidden traces, no
customdata or hover text, only `%{x}`/`%{y}` in hover templates; free text
is entity-escaped for Plotly's pseudo-HTML. The sites draw with Plotly's
official basic bundle (bar and scatter), vendored in render/vendor/ by
scripts/refresh_plotly.py at the plotly.js version the plotly package
bundles, and copied into each site (no CDN, no third-party request).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from generator.render import i18n

PLOTLY_JS = "vendor/plotly-basic.min.js"
VENDORED = Path(__file__).parent / "vendor"
TRACE_TYPES = frozenset({"bar", "scatter"})  # what the basic bundle draws and the charts use
CHARTS_JS = "js/charts.js"
SCRIPTS = (PLOTLY_JS, CHARTS_JS)

DEFAULT_ACCENT = "#1d4ed8"
SECOND = "#c2410c"  # late, changes requested: orange, apart from any blue/green accent
PALETTE = ("#0f766e", "#7c3aed", "#b45309", "#be185d", "#4d7c0f", "#0369a1")
INK, GRID = "#1f2937", "#e5e7eb"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}
WRAP = 32  # characters per line of a category label


@dataclass(frozen=True)
class Cell:
    raw: str  # as the CSV holds it: ISO dates, plain numbers, text
    text: str  # as the table shows it
    kind: str = "text"  # text | number | date


@dataclass(frozen=True)
class Table:
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]  # the first cell of a row is its header (th scope=row)

    def csv_bytes(self) -> bytes:
        """The table as CSV: numbers and ISO dates plain, no text a spreadsheet would run as a formula."""
        lines = [[csv_text(h) for h in self.headers]]
        lines += [[cell.raw if cell.kind in ("number", "date") else csv_text(cell.raw) for cell in row]
                  for row in self.rows]
        return "".join(",".join(_csv_field(v) for v in line) + "\n" for line in lines).encode("utf-8")


def _csv_field(value: str) -> str:
    """Quoted when it holds a comma, a quote or a line break, a lone carriage return included.

    (The csv module leaves a "\r" unquoted when rows end in "\n", and a
    spreadsheet would start a new row there, whose first cell could be a
    formula.)
    """
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text: str) -> str:
    """A text cell of a CSV as a spreadsheet must read it: text, never a formula (OWASP, "CSV Injection").

    A text that starts like a formula (=, +, -, @, a tab, a carriage return)
    gets a single quote in front: "=HYPERLINK(...)" is written
    "'=HYPERLINK(...)", shown, never run. Numbers are number cells and stay
    as they are (-20 is an NPS). The page's table shows the text as written.
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class Chart:
    id: str  # unique on its page: cycle-time, on-time, rework, nps, brief, series-<id>
    title: str
    caption: str  # one line: what it means for the client
    table: Table
    csv_path: str  # docs-relative
    figure: dict | None = None  # {"data", "layout", "config"}; None: a table only
    note: str = ""

    @property
    def json_id(self) -> str:
        return f"chart-data-{self.id}"

    def figure_json(self) -> str:
        return script_json(self.figure)


def text_cell(text: str) -> Cell:
    return Cell(text, text)


def number_cell(raw: float | int | None, text: str) -> Cell:
    return Cell("" if raw is None else plain_number(raw), text, "number")


def date_cell(iso: str | None, text: str) -> Cell:
    return Cell(iso or "", text, "date" if iso else "text")


def plain_number(value: float | int) -> str:
    """A number as the CSV and <data value> hold it: 22, 22.5, 0.3333."""
    number = float(value)
    if number.is_integer():
        return str(int(number))
    return repr(round(number, 4))


# -- JSON inside <script> ----------------------------------------------------------

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value) -> str:
    """JSON safe inside <script type="application/json">: no <, >, & or line separators."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return "".join(_SCRIPT_ESCAPES.get(ch, ch) for ch in text)


def plot_text(text: str, wrap: bool = False) -> str:
    """Free text for Plotly, which reads a little HTML in labels: escape it as entities."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "<br>".join(_wrap(escaped)) if wrap else escaped


def _wrap(text: str) -> list[str]:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > WRAP:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return lines + [line] if line else lines


def unique_labels(labels: list[str]) -> list[str]:
    """Plotly merges equal category labels: number the repeats."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


# -- figures -------------------------------------------------------------------------


def _template(accent: str) -> go.layout.Template:
    return go.layout.Template(layout={"colorway": [accent, SECOND, *PALETTE]})


def layout(lang: str, accent: str, height: int, **extra) -> dict:
    axis = {"gridcolor": GRID, "zerolinecolor": GRID, "fixedrange": True, "automargin": True}
    base = {
        "template": _template(accent), "height": height, "autosize": True,
        "margin": {"l": 8, "r": 16, "t": 36, "b": 8},
        "font": {"family": FONT, "size": 13, "color": INK},
        "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)",
        "separators": ",." if lang == "es" else ".,",
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "xanchor": "left", "yanchor": "bottom",
                   "traceorder": "normal"},
        "dragmode": False, "hovermode": "closest",
        "xaxis": dict(axis), "yaxis": dict(axis),
    }
    for key, value in extra.items():
        if key in ("xaxis", "yaxis"):
            base[key] = base[key] | value
        else:
            base[key] = value
    return base


def figure(traces: list, layout_dict: dict) -> dict:
    """Validate with plotly.graph_objects, then keep exactly data + layout + our config."""
    fig = go.Figure(data=traces, layout=layout_dict)
    spec = json.loads(pio.to_json(fig, validate=True, engine="json"))
    return {"data": spec["data"], "layout": spec["layout"], "config": dict(CONFIG)}


def bar_height(rows: int) -> int:
    return max(220, 90 + 44 * rows)


def count_axis(values: list[float]) -> dict:
    """Whole steps on an axis of small counts (no "0.5 approvals")."""
    return {"tick0": 0, "dtick": 1} if values and max(values) <= 10 else {}


def horizontal_bars(labels: list[str], series: list[tuple[str, list[float], str]], lang: str, accent: str,
                    x_title: str, unit: str, barmode: str = "group", shapes=(), annotations=(),
                    counts: bool = False) -> dict:
    """One horizontal bar trace per (name, values, colour); first label on top."""
    y = unique_labels([plot_text(label, wrap=True) for label in labels])
    traces = [go.Bar(x=values, y=y, orientation="h", name=plot_text(name), marker={"color": colour},
                     hovertemplate=f"%{{y}}: %{{x}} {plot_text(unit)}<extra>{plot_text(name)}</extra>")
              for name, values, colour in series]
    return figure(traces, layout(
        lang, accent, bar_height(len(labels)), barmode=barmode, showlegend=len(series) > 1,
        xaxis={"title": {"text": plot_text(x_title)}, "rangemode": "tozero",
               **(count_axis([v for _, values, _ in series for v in values]) if counts else {})},
        yaxis={"autorange": "reversed", "type": "category"},
        shapes=list(shapes), annotations=list(annotations)))


def vertical_line(x: float, label: str) -> tuple[dict, dict]:
    shape = {"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1,
             "line": {"color": INK, "width": 1, "dash": "dot"}}
    note = {"xref": "x", "yref": "paper", "x": x, "y": 1, "yanchor": "bottom", "showarrow": False,
            "text": plot_text(label), "font": {"size": 12}}
    return shape, note


def stacked_columns(categories: list[str], series: list[tuple[str, list[float], str]], lang: str, accent: str,
                    y_title: str) -> dict:
    x = unique_labels([plot_text(c) for c in categories])
    traces = [go.Bar(x=x, y=values, name=plot_text(name), marker={"color": colour},
                     hovertemplate=f"%{{x}}: %{{y}}<extra>{plot_text(name)}</extra>")
              for name, values, colour in series]
    return figure(traces, layout(lang, accent, 300, barmode="stack",
                                 xaxis={"type": "category"},
                                 yaxis={"title": {"text": plot_text(y_title)}, "rangemode": "tozero",
                                        **count_axis([sum(v) for v in zip(*[s[1] for s in series])])}))


DAY_FORMAT = "%-d %b"  # "20 Jan", "20 ene": day first, as every other date on the site
DATE_TICKS = [  # by the distance between ticks (ms, or months); the month names come from the locale
    {"dtickrange": [None, "M1"], "value": DAY_FORMAT},
    {"dtickrange": ["M1", "M12"], "value": "%b %Y"},
    {"dtickrange": ["M12", None], "value": "%Y"},
]


def lines(series: list[tuple[str, list[str], list[float]]], lang: str, accent: str, y_title: str) -> dict:
    """One line per (name, ISO dates, values), on a date axis."""
    colours = (accent, *PALETTE)
    traces = [go.Scatter(x=dates, y=values, mode="lines+markers", name=plot_text(name),
                         line={"color": colours[n % len(colours)]},
                         hovertemplate=f"%{{x|{DAY_FORMAT} %Y}}: %{{y}}<extra>{plot_text(name)}</extra>")
              for n, (name, dates, values) in enumerate(series)]
    return figure(traces, layout(lang, accent, 300, showlegend=len(series) > 1,
                                 xaxis={"type": "date", "tickformatstops": DATE_TICKS},
                                 yaxis={"title": {"text": plot_text(y_title)}}))


# -- site files ------------------------------------------------------------------------


def plotly_source() -> Path:
    """The vendored basic bundle (the plotly.js release the plotly package's figures are made for)."""
    return VENDORED / "plotly-basic.min.js"


def plotly_upstream() -> dict:
    """Package, version and SHA-256 of the vendored bundle, as refresh_plotly.py recorded them."""
    return json.loads((VENDORED / "plotly-basic.json").read_text(encoding="utf-8"))


def plotly_js() -> bytes:
    return plotly_source().read_bytes()


def plotly_locales() -> list[dict]:
    """Plotly locale modules for every site language but English (Plotly's own): axis and hover dates.

    The names come from i18n, as every other date on the site does.
    """
    return [{"moduleType": "locale", "name": lang, "dictionary": {},
             "format": {"days": list(i18n.DAYS[lang]), "shortDays": list(i18n.DAYS_SHORT[lang]),
                        "months": list(i18n.MONTHS_LONG[lang]), "shortMonths": list(i18n.MONTHS[lang]),
                        "date": "%d/%m/%Y"}}
            for lang in i18n.LANGUAGES if lang != "en"]


JS_TEMPLATE = """\
/* Receipts charts: draw each chart from the JSON block beside it (Plotly.js, bundled). */
(function () {
  "use strict";
  var LOCALES = __LOCALES__;
  var NARROW = 560;  /* px of chart width: below it, a phone lays charts out anew */
  var LABEL_CHARS = 40;  /* what one line above a bar holds at 12 px on a 390 px screen */

  function wrap(text) {
    var words = text.split("<br>").join(" ").split(" "), lines = [], line = "";
    for (var i = 0; i < words.length; i++) {
      if (line && line.length + 1 + words[i].length > LABEL_CHARS) { lines.push(line); line = words[i]; }
      else { line = line ? line + " " + words[i] : words[i]; }
    }
    if (line) { lines.push(line); }
    return lines;
  }

  function categories(spec) {
    var axis = spec.layout.yaxis || {};
    if (axis.categoryarray) { return axis.categoryarray.slice(); }
    var seen = [], known = {};
    spec.data.forEach(function (trace) {
      (trace.y || []).forEach(function (y) { if (!known[y]) { known[y] = true; seen.push(y); } });
    });
    return seen;
  }

  /* Horizontal bars on a phone: each label on its own line above its bar, full width for the bars. */
  function labelsAboveBars(spec) {
    var cats = categories(spec), labels = cats.map(wrap);
    var lines = Math.max.apply(null, labels.map(function (l) { return l.length; }).concat([1]));
    var row = 30 + 16 * lines, bar = 18;
    var layout = spec.layout;
    layout.yaxis.showticklabels = false;
    layout.bargap = 1 - bar / row;
    layout.height = 120 + row * cats.length;
    layout.annotations = (layout.annotations || []).concat(cats.map(function (cat, i) {
      return {xref: "paper", x: 0, xanchor: "left", yref: "y", y: cat, yanchor: "bottom",
              yshift: bar / 2 + 2, showarrow: false, align: "left", text: labels[i].join("<br>"),
              font: {size: 12}};
    }));
  }

  function narrow(spec) {
    var layout = spec.layout;
    layout.xaxis = layout.xaxis || {};
    layout.yaxis = layout.yaxis || {};
    layout.xaxis.nticks = 4;  /* ticks that never collide at 390 px */
    var horizontal = spec.data.length > 0 && spec.data.every(function (t) { return t.orientation === "h"; });
    if (horizontal) { labelsAboveBars(spec); }
  }

  function draw() {
    if (typeof window.Plotly === "undefined") { return; }
    for (var n = 0; n < LOCALES.length; n++) { window.Plotly.register(LOCALES[n]); }
    var lang = document.documentElement.lang || "en";  /* the site's language: month names on axes */
    var plots = document.querySelectorAll("[data-chart]");
    for (var i = 0; i < plots.length; i++) {
      var plot = plots[i];
      var source = document.getElementById(plot.getAttribute("data-chart"));
      if (!source) { continue; }
      var spec;
      try { spec = JSON.parse(source.textContent); } catch (e) { continue; }
      plot.hidden = false;
      spec.config.locale = lang;
      if (plot.clientWidth && plot.clientWidth < NARROW) { narrow(spec); }
      window.Plotly.newPlot(plot, spec.data, spec.layout, spec.config);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
"""
JS = JS_TEMPLATE.replace("__LOCALES__", json.dumps(plotly_locales(), ensure_ascii=True))


def site_files() -> dict[str, bytes]:
    """The two scripts every page with charts loads, once per site."""
    return {PLOTLY_JS: plotly_js(), CHARTS_JS: JS.encode("utf-8")}
