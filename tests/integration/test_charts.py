"""Measures pages: charts built from the view only, tables that equal their CSVs, real rendering."""

from __future__ import annotations

import csv
import html
import io
import json
import posixpath
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from generator import audit
from generator.measures import measure
from generator.measures.export import as_dict
from generator.redact.entries import redact
from generator.render import charts
from generator.render.measures_pages import measure_pages
from generator.render.measures_strings import fmt_number, fmt_percent
from generator.inputs import load_workspace
from tests.conftest import MINIMAL_CONFIG, REPO
from tests.unit import measures_views as mv
from tests.unit.test_measures_visibility import CAMPAIGN
from tests.fixtures.views import built_view

_JSON_BLOCK = re.compile(r'<script type="application/json" id="([^"]+)">(.*?)</script>', re.S)
_SECTION = re.compile(r'<section class="panel measure[^"]*" id="measure-([^"]+)".*?</section>', re.S)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)
_RAW = re.compile(r'<(?:time datetime|data value)="([^"]*)">')


@pytest.fixture(scope="module")
def demo():
    workspace = load_workspace(REPO)
    out = {}
    for audience in workspace.config.audiences.values():
        view, _ = built_view(workspace, audience)
        m = measure(view)
        pages, files = measure_pages(view, m)
        out[audience.id] = (view, m, {p.path: p for p in pages}, files)
    return workspace, out


def figures(body: str) -> list[dict]:
    return [json.loads(text) for _, text in _JSON_BLOCK.findall(body)]


def cell_value(cell_html: str) -> str:
    raw = _RAW.search(cell_html)
    return raw.group(1) if raw else html.unescape(re.sub(r"<[^>]+>", "", cell_html)).strip()


def tables_and_csvs(page_path: str, body: str, files: dict[str, bytes]):
    """(section id, table rows as the page shows them, CSV rows) per chart section."""
    for match in _SECTION.finditer(body):
        section = match.group(0)
        link = re.search(r'<a href="([^"]+\.csv)" download>', section)
        if "<table" not in section or not link:
            continue
        rows = [[cell_value(c) for c in _CELL.findall(row)] for row in _ROW.findall(section)]
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), link.group(1)))
        yield match.group(1), rows, list(csv.reader(io.StringIO(files[target].decode("utf-8"))))


# -- what a client page may hold --------------------------------------------------------


def test_client_pages_hold_no_text_of_a_hidden_entry(demo):
    workspace, sites = demo
    for audience_id in ("acme", "harbor"):
        view, _, pages, files = sites[audience_id]
        secrets = audit.secrets_for(workspace, workspace.config.audiences[audience_id], view)
        texts = [p.body for p in pages.values()] + [b.decode() for k, b in files.items() if k.endswith(".csv")]
        for text in texts:
            normalized = audit.normalize(text)
            assert not [s for s in secrets if s in normalized]


def test_chart_json_shows_an_entry_to_the_team_and_not_to_the_client(make_workspace):
    workspace = load_workspace(make_workspace.write(MINIMAL_CONFIG, {"demo": CAMPAIGN}))

    def chart_json(audience_id: str) -> str:
        view, _ = built_view(workspace, workspace.config.audiences[audience_id])
        pages, files = measure_pages(view, measure(view))
        page = next(p for p in pages if p.path == "demo/measures.md")
        return " ".join(text for _, text in _JSON_BLOCK.findall(page.body)) + files["demo/data/cycle-time.csv"].decode()

    assert "Budget reconciliation nobody may see" in chart_json("team")
    assert "Budget reconciliation" not in chart_json("client3")
    assert "Budget reconciliation" not in chart_json("client1")


def test_a_tier_one_client_gets_no_approval_charts(demo):
    _, sites = demo
    _, _, pages, files = sites["harbor"]
    body = pages["harbor-rebrand/measures.md"].body
    assert 'id="measure-cycle-time"' in body
    assert 'id="measure-on-time"' not in body and 'id="measure-rework"' not in body
    assert not any(k.endswith(("on-time.csv", "rework.csv")) for k in files)


def test_figures_carry_only_what_the_page_shows(demo):
    _, sites = demo
    for _, _, pages, _ in sites.values():
        for page in pages.values():
            for fig in figures(page.body):
                assert fig["config"] == {"displaylogo": False, "responsive": True, "displayModeBar": False}
                for trace in fig["data"]:
                    assert trace.get("visible", True) is True
                    assert not {"customdata", "hovertext", "text", "meta", "ids"} & set(trace)
                assert "http" not in json.dumps(fig)


# -- tables, CSVs and the kpis command agree ------------------------------------------------


def test_every_csv_equals_its_table(demo):
    _, sites = demo
    checked = 0
    for _, _, pages, files in sites.values():
        for path, page in pages.items():
            for section, table, rows in tables_and_csvs(path, page.body, files):
                assert table == rows, section
                checked += 1
    assert checked >= 20


def test_chart_numbers_are_the_table_numbers(demo):
    _, sites = demo
    _, _, pages, files = sites["acme"]
    body = pages["spring-launch/measures.md"].body
    fig = dict((k, json.loads(v)) for k, v in _JSON_BLOCK.findall(body))["chart-data-cycle-time"]
    rows = list(csv.reader(io.StringIO(files["spring-launch/data/cycle-time.csv"].decode())))
    days = [int(r[-1]) for r in rows[1:]]
    assert fig["data"][0]["x"] == days and len(days) >= 2


def test_kpis_json_agrees_with_the_pages(demo):
    _, sites = demo
    view, m, pages, files = sites["acme"]
    data = as_dict(m, "acme")["campaigns"]["spring-launch"]
    body = pages["spring-launch/measures.md"].body

    def tile(tile_id: str) -> str:
        found = re.search(rf'id="tile-{tile_id}">.*?<strong class="measure-tile-value">(.*?)</strong>', body, re.S)
        return html.unescape(found.group(1))

    assert tile("cycle-time") == f"{fmt_number(data['cycle_time_days']['median'], 'en')} days"
    assert tile("on-time") == fmt_percent(data["approval_on_time_rate"], "en")
    assert tile("rework") == fmt_percent(data["rework_rate"], "en")
    brief = data["brief_accuracy"]
    assert tile("brief") == f"{brief['delivered']} of {brief['briefed']}"
    assert tile("stalled") == str(len(data["stalled"]))
    shown = re.findall(r'<span class="muted">· for (\d+) days?</span>', body)  # a stalled task in the list
    assert [int(d) for d in shown] == [s["days"] for s in data["stalled"]]
    rework = list(csv.reader(io.StringIO(files["spring-launch/data/rework.csv"].decode())))[1:]
    assert [[r[0], int(r[1]), int(r[2])] for r in rework] == [
        [r["title"], r["rounds"], r["changes_requested"]] for r in data["rework"]["by_deliverable"]]


# -- pages, scripts and files -----------------------------------------------------------------


def test_plotly_is_copied_once_and_loaded_only_by_pages_with_charts(demo):
    _, sites = demo
    _, _, pages, files = sites["team"]
    assert set(pages) == {"measures.md", "spring-launch/measures.md", "harbor-rebrand/measures.md"}
    assert files["vendor/plotly-basic.min.js"] == charts.plotly_js()
    assert b"Plotly.newPlot" in files["js/charts.js"]
    assert sum(1 for k in files if k.endswith(".min.js")) == 1
    for page in pages.values():
        assert page.scripts == ("vendor/plotly-basic.min.js", "js/charts.js")
        assert page.section == "measures" and "<!--" not in page.body


def test_a_page_without_charts_loads_no_script():
    c = mv.campaign(deliverables=[mv.deliverable("film")])
    pages, files = measure_pages(mv.view(c, sections={"deliverable", "asset", "milestone"}, tier=0,
                                         open_measures={"brief-accuracy"}),
                                 measure(mv.view(c, sections={"deliverable", "asset", "milestone"})))
    assert [p.scripts for p in pages] == [()]
    assert "vendor/plotly-basic.min.js" not in files


def test_finished_work_only_audiences_get_no_measures_page():
    v = mv.view(mv.campaign(deliverables=[mv.deliverable("film")]), tier=0,
                sections={"deliverable", "asset", "milestone"})
    assert measure_pages(v, measure(v)) == ([], {})


def test_an_agency_page_only_for_audiences_that_see_two_campaigns(demo):
    _, sites = demo
    assert "measures.md" not in sites["acme"][2] and "measures.md" in sites["team"][2]


def test_free_text_is_escaped_in_the_table_and_the_chart_json():
    evil = "</script><img src=x onerror=alert(1)> & \u2028 done"
    c = mv.campaign(series=[mv.series("reach", (mv.D(2026, 1, 1), 5), (mv.D(2026, 2, 1), 7), title=evil)])
    v = mv.view(c)
    body = measure_pages(v, measure(v))[0][0].body
    blocks = _JSON_BLOCK.findall(body)
    assert len(blocks) == body.count("</script>")  # nothing closed a script early
    for _, text in blocks:
        assert not set("<>&\u2028\u2029") & set(text)
    fig = json.loads(blocks[0][1])
    assert fig["data"][0]["name"] == "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; \u2028 done"
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp;" in body
    assert "<img" not in body


def test_spanish_pages_use_spanish_words_and_numbers():
    c = mv.campaign(tasks=[mv.task("a", "done", mv.D(2026, 1, 1), mv.D(2026, 1, 4)),
                           mv.task("b", "done", mv.D(2026, 1, 1), mv.D(2026, 1, 5))])
    v = mv.view(c, language="es")
    body = measure_pages(v, measure(v))[0][0].body
    assert "Tiempo hasta terminar" in body and "3,5 días" in body


# -- a real browser draws the charts -----------------------------------------------------------


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium")
def test_charts_render_in_headless_chromium(demo):
    _, sites = demo
    _, _, pages, files = sites["acme"]
    page = pages["spring-launch/measures.md"]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for rel, data in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(data)
        scripts = "".join(f'<script src="../{s}" defer></script>' for s in page.scripts)
        target = root / "spring-launch" / "measures.html"
        target.write_text(f"<!doctype html><html><head><meta charset='utf-8'></head><body>{page.body}"
                          f"{scripts}</body></html>", encoding="utf-8")
        dom = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={root / 'profile'}", "--window-size=1280,2000", "--virtual-time-budget=5000",
             "--dump-dom", target.as_uri()],
            capture_output=True, text=True, timeout=90).stdout
    plots = page.body.count('class="chart-plot"')
    assert plots >= 5
    assert dom.count('class="main-svg"') >= plots  # Plotly drew an SVG in every plot
    assert dom.count("js-plotly-plot") == plots


def test_an_opened_measure_is_a_number_without_a_chart(make_workspace):
    from generator.measures.opened import figures as opened_figures

    config = MINIMAL_CONFIG + "measures:\n  rework-rate: 1\n"
    workspace = load_workspace(make_workspace.write(config, {"demo": CAMPAIGN}))
    view, _ = redact(workspace, workspace.config.audiences["client1"])
    wide, _ = redact(workspace, workspace.config.audiences["client3"])
    pages, files = measure_pages(view, measure(view, opened=opened_figures(wide, view.open_measures)))
    body = next(p for p in pages if p.path == "demo/measures.md").body
    assert re.search(r'id="tile-rework">.*?50%.*?Shared as a total by the agency', body, re.S)
    assert 'id="measure-rework"' not in body and "demo/data/rework.csv" not in files
    assert 'id="tile-on-time"' not in body


def test_the_brief_caption_counts_one_added_deliverable_in_the_singular(demo):
    _, out = demo
    _, _, pages, _ = out["harbor"]
    text = html.unescape(re.sub(r"<[^>]+>", " ", pages["harbor-rebrand/measures.md"].body))
    assert "have been delivered; 1 was added after kickoff." in " ".join(text.split())
