"""The sites draw with Plotly's basic bundle: the right release, its own bytes, every chart drawable, light."""

from __future__ import annotations

import hashlib
import html
import json
import importlib.util
import re
from pathlib import Path

import plotly

from generator.render import charts
from tests.conftest import REPO
from tests.fixtures.sites import site_of


CHART_BLOCK = re.compile(r'<script type="application/json"[^>]*>(.*?)</script>', re.S)


def _page_weight_script():
    spec = importlib.util.spec_from_file_location("page_weight", REPO / "scripts" / "page_weight.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_vendored_bundle_is_the_file_its_record_names():
    recorded = charts.plotly_upstream()
    assert recorded["package"] == "plotly.js-basic-dist-min"
    assert hashlib.sha256(charts.plotly_source().read_bytes()).hexdigest() == recorded["sha256"]
    assert (charts.VENDORED / "LICENSE-plotly.txt").read_text(encoding="utf-8").startswith("MIT License")


def test_the_bundle_is_the_release_the_plotly_package_makes_figures_for():
    # After a plotly upgrade this fails until `python scripts/refresh_plotly.py` is run.
    full = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")[:200]
    basic = charts.plotly_source().read_text(encoding="utf-8")[:200]
    version = re.search(r"plotly\.js v(\S+)", full).group(1)
    assert f"plotly.js (basic - minified) v{version}" in basic
    assert charts.plotly_upstream()["version"] == version


def test_every_chart_of_the_demo_is_a_trace_the_bundle_draws(demo_site):
    bundle = charts.plotly_source().read_text(encoding="utf-8")
    assert all(f'name:"{kind}"' in bundle for kind in charts.TRACE_TYPES)
    traces = set()
    for page in site_of(demo_site, "team").rglob("measures.html"):
        for block in CHART_BLOCK.findall(page.read_text(encoding="utf-8")):
            traces |= {trace["type"] for trace in json.loads(html.unescape(block))["data"]}
    assert traces and traces <= charts.TRACE_TYPES


def test_a_first_visit_to_a_measures_page_stays_within_its_budget(demo_site):
    weights = _page_weight_script()
    for audience in ("team", "acme"):
        site = site_of(demo_site, audience)
        for page in site.rglob("measures.html"):
            _, total, external, has_charts = weights.page_weight(site, page)
            assert has_charts and external == []
            assert total <= weights.CHART_BUDGET, f"{page.relative_to(site)}: {total:,} bytes gzipped"
