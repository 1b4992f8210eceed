"""search/index.js and its parts: the visible text of every page, as scripts that are safe to load."""

import json

from generator.site import search_index
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


def _parts(site):
    text = (site / "search" / "index.js").read_text(encoding="utf-8")
    assert text.startswith("window.RECEIPTS_SEARCH = ") and text.endswith(";\n")
    return json.loads(text[len("window.RECEIPTS_SEARCH = "):-2])["parts"]


def _records(site):
    records, texts = [], ""
    for name in _parts(site):
        text = (site / "search" / f"{name}.js").read_text(encoding="utf-8")
        prefix = f'window.RECEIPTS_SEARCH_PARTS["{name}"] = '
        assert text.startswith(prefix) and text.endswith(";\n")
        records += json.loads(text[len(prefix):-2])
        texts += text
    return records, texts


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
    first = {p.name: p.read_bytes() for p in (site / "search").iterdir()}
    write_search_index(site)
    assert {p.name: p.read_bytes() for p in (site / "search").iterdir()} == first


def test_a_big_index_is_cut_into_parts_each_within_the_bound(tmp_path, monkeypatch):
    monkeypatch.setattr(search_index, "PART_CHARS", 400)
    for number in range(30):
        folder = tmp_path / f"c{number:02d}"
        folder.mkdir()
        (folder / "index.html").write_text(PAGE.format(title=f"Campaign {number}", text="words " * 20),
                                           encoding="utf-8")
    assert write_search_index(tmp_path) == 30
    parts = _parts(tmp_path)
    assert len(parts) > 5 and parts[0] == "part_001"
    assert all(len((tmp_path / "search" / f"{n}.js").read_text(encoding="utf-8")) < 400 + 200 for n in parts)
    records, _ = _records(tmp_path)
    assert [r["u"] for r in records] == [f"c{n:02d}/index.html" for n in range(30)]  # each once, in order
