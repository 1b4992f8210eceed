"""search/index.js: the visible text of every page, as a script that is safe to load."""

import json

from generator.site.search_index import write_search_index

PAGE = """<!doctype html><html><head><title>{title} · Site</title><style>.x{{}}</style></head>
<body><nav>Home Search</nav><main data-title="{title}"><h1>{title}</h1><p>{text}</p>
<script>var hidden = 1;</script></main><footer>Footer</footer></body></html>"""


def _site(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(PAGE.format(title="Home", text="Welcome"), encoding="utf-8")
    (tmp_path / "a" / "index.html").write_text(
        PAGE.format(title="Launch", text="Tom &amp; Jerry &lt;/script&gt; <b>bold</b>"), encoding="utf-8")
    (tmp_path / "404.html").write_text(PAGE.format(title="Missing", text="x"), encoding="utf-8")
    (tmp_path / "search.html").write_text(PAGE.format(title="Search", text="x"), encoding="utf-8")
    return tmp_path


def _records(site):
    text = (site / "search" / "index.js").read_text(encoding="utf-8")
    assert text.startswith("window.RECEIPTS_SEARCH = ") and text.endswith(";\n")
    return json.loads(text[len("window.RECEIPTS_SEARCH = "):-2]), text


def test_every_page_but_404_and_search_is_indexed_in_path_order(tmp_path):
    site = _site(tmp_path)
    assert write_search_index(site) == 2
    records, _ = _records(site)
    assert [r["u"] for r in records] == ["a/index.html", "index.html"]
    assert records[1] == {"t": "Home", "u": "index.html", "x": "Home Welcome"}


def test_only_the_visible_text_of_main_is_kept(tmp_path):
    site = _site(tmp_path)
    write_search_index(site)
    launch = _records(site)[0][0]
    assert "hidden" not in launch["x"] and "Footer" not in launch["x"] and "Search" not in launch["x"]
    assert "Tom & Jerry" in launch["x"] and "bold" in launch["x"]


def test_the_script_cannot_be_closed_by_page_text(tmp_path):
    site = _site(tmp_path)
    write_search_index(site)
    records, text = _records(site)
    assert "<" not in text and "\\u003c/script" in text
    assert "</script>" in records[0]["x"]  # the text itself is intact once decoded


def test_the_index_is_byte_for_byte_reproducible(tmp_path):
    site = _site(tmp_path)
    write_search_index(site)
    first = (site / "search" / "index.js").read_bytes()
    write_search_index(site)
    assert (site / "search" / "index.js").read_bytes() == first
