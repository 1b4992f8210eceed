"""The search index reads a page's text as the standard library's HTML parser would.

search_index.py tokenizes pages with one pattern instead of html.parser
(three times faster on a thousand pages); the parser stays here as the
oracle, on random Markdown rendered the way pages are, and on every page
of the demo sites.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.site import search_index
from generator.pipeline import build
from generator.render.markup import markdown_html

_SPACE = re.compile(r"\s+")


class _Oracle(HTMLParser):
    """What the index read with html.parser: <main data-title> or <title>, and <main>'s text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title, self.text, self.main_title = [], [], None
        self.in_title, self.main, self.skip = False, 0, 0

    def handle_starttag(self, tag, attrs):
        if tag in search_index._BLOCK:
            self.text.append(" ")
        if tag in search_index._VOID:
            return
        if tag == "title":
            self.in_title = True
        elif tag == "main":
            self.main += 1
            self.main_title = self.main_title or dict(attrs).get("data-title")
        elif tag in search_index.SKIPPED_TAGS or self.skip:
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in search_index._BLOCK:
            self.text.append(" ")
        if tag in search_index._VOID:
            return
        if tag == "title":
            self.in_title = False
        elif tag == "main":
            self.main = max(0, self.main - 1)
        elif self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        elif self.main and not self.skip:
            self.text.append(data)


def oracle(page: str) -> tuple[str, str]:
    parser = _Oracle()
    parser.feed(page)
    parser.close()
    title = _SPACE.sub(" ", parser.main_title or "".join(parser.title)).strip()
    return title, _SPACE.sub(" ", "".join(parser.text)).strip()


WORDS = st.sampled_from(["budget", "café", "R&D", "&amp;", "&lt;b&gt;", "it's", "\"q\"", "<", ">", "a<b",
                         "*", "**", "`", "#", ">", "1.", "-", "[x](https://a.example/?a=1&b=2)", "<br>",
                         "<em>e</em>", "<!-- c -->", "<script>alert(1)</script>", "\n", "\n\n", "    code"])
TEXTS = st.lists(WORDS, min_size=1, max_size=30).map(" ".join)


def page(title: str, body: str) -> str:
    return (f"<!doctype html><html><head><title>{title} · Site</title><style>p > a {{}}</style></head>"
            f"<body><nav><a href='x'>Home</a></nav><main data-title=\"{title}\"><h1>{title}</h1>{body}"
            f"<button type=button>Copy</button><script>var a = '<p>';</script></main>"
            f"<footer>As of today</footer></body></html>")


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from(["Timeline", "Ñandú &amp; co", "A &quot;quoted&quot; title", ""]))
def test_the_tokenizer_reads_a_rendered_page_as_html_parser_does(text, title):
    built = page(title, str(markdown_html(text)))
    assert search_index.page_text(built) == oracle(built)


def test_every_page_of_the_demo_reads_as_html_parser_reads_it(tmp_path):
    root = Path(__file__).resolve().parents[2]
    build(root, output=tmp_path / "out")
    pages = sorted([*(tmp_path / "out").rglob("*.html"), *(tmp_path / "out-private").rglob("*.html")])
    assert len(pages) > 40
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert search_index.page_text(text) == oracle(text), path.relative_to(tmp_path)
