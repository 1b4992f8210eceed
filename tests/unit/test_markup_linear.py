"""Free text renders in time linear in its length, whatever it holds (no hang on a hostile text).

Python-Markdown took 1.3 s on 10,000 characters of unclosed `[a](` and
minutes on 100,000. The shapes are scripts/bench_markdown.py's: each is
rendered at two sizes and the work must grow like the text, not like its
square. Two measures, neither a wall clock:

- the Python lines run while rendering (sys.settrace), at small sizes: a
  parser written in Python shows its quadratic paths there at once;
- the thread's CPU time at 100 KB and 400 KB (4x), best of two: cmark-gfm
  and nh3 are compiled, so only their CPU time shows how their work grows.
  Linear is 4x, quadratic 16x; the bound is 8x.
"""

from __future__ import annotations

import importlib.util
import sys

import pytest

from generator.render.markup import markdown_html
from tests.conftest import REPO

_spec = importlib.util.spec_from_file_location("bench_markdown", REPO / "scripts" / "bench_markdown.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)
SHAPES = bench.SHAPES


def lines_run(text: str) -> int:
    """How many Python lines rendering `text` runs."""
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        count += 1
        return tracer

    sys.settrace(tracer)
    try:
        markdown_html(text)
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("shape", SHAPES)
def test_the_python_work_of_rendering_grows_linearly(shape):
    small, large = (lines_run(SHAPES[shape](size)) for size in (4_000, 8_000))
    assert large < 3 * small + 1_000, f"{shape}: {small} lines for 4,000 characters, {large} for 8,000"


@pytest.mark.parametrize("shape", [s for s in SHAPES if s != "benign"])
def test_the_compiled_work_of_rendering_grows_linearly(shape):
    small, large = (bench.render_seconds(SHAPES[shape](size), repeat=2) for size in (100_000, 400_000))
    assert large < 8 * small + 0.05, f"{shape}: {small:.3f} s of CPU for 100 KB, {large:.3f} s for 400 KB"


@pytest.mark.parametrize("shape", SHAPES)
def test_each_shape_renders_to_safe_html(shape):
    html = str(markdown_html(SHAPES[shape](20_000)))
    assert "<script" not in html and "<div" not in html and "[internal]" not in html


def test_a_text_nested_past_the_limit_shows_as_plain_paragraphs():
    html = str(markdown_html(">" * 40 + " deep <b>bold</b>\n\nnext **one**"))
    assert "<blockquote>" not in html and "<strong>" not in html
    assert html.startswith("<p>" + "&gt;" * 40 + " deep &lt;b&gt;bold&lt;/b&gt;</p>") and "<p>next **one**</p>" in html
    assert str(markdown_html("> > > three levels\n\n- a\n  - b")).count("<blockquote>") == 3


def test_a_text_with_too_much_raw_html_keeps_its_markdown_without_the_raw_html():
    html = str(markdown_html("**kept** <em>raw</em> " + "<br>" * 600))
    assert "<strong>kept</strong>" in html and "<em>" not in html and "<br>" not in html
    assert "<em>raw</em>" in str(markdown_html("**kept** <em>raw</em>"))


def test_an_address_hiding_its_scheme_behind_escapes_loses_its_href():
    for url in ("java&#x09;script:alert(1)", "java%09script:alert(1)", "%6Aavascript:alert(1)"):
        html = str(markdown_html(f"[x]({url})"))
        assert "href" not in html and "x</a>" in html, html
    assert 'href="https://example.com/?a=1&amp;b=2"' in str(markdown_html("[x](https://example.com/?a=1&b=2)"))
    past_the_raw_html_limit = str(markdown_html("&" * 6_000 + " [a](javascript:alert(1)) [b]()"))
    assert "href" not in past_the_raw_html_limit and "a</a>" in past_the_raw_html_limit
