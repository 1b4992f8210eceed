"""A long text read in pieces (audit/pieces.py) yields every finding the whole text does.

The gate reads a text longer than `pieces.PIECE` characters piece by piece
to bound its memory; these tests cut random pages into tiny pieces and
require the same findings as reading them whole, wherever a hidden phrase,
its markup, its escapes or an address fall across a cut.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.audit import links, pieces, reading, scan
from generator.audit.hidden import Hidden
from generator.audit.text import Needles, needle, phrases

SECRET = "Our margin on this job is forty percent"
WORDS = st.sampled_from(["budget", "café", "R&amp;D", "&#x27;", "\\u00e9t\\u00e9", "%20", "<b>", "</b>",
                         "<p>", "</p>", '<a href="x.html">', "</a>", "\n", "{", "}", ".", ";", ":", "|",
                         "<span class=\"x y\">", "</span>", "ana@bench.example", "[internal]", "x", "y"])
FILLER = st.lists(WORDS, max_size=25).map(" ".join)
# the secret as a leaking renderer might write it: plain, across markup, escaped, cased
FORMS = st.sampled_from([SECRET, "Our margin on <b>this job</b> is forty\npercent", SECRET.upper(),
                         "Our&#32;margin on this job is forty percent", "Our margin on this\\u0020job is forty percent",
                         "Our margin <span class=\"a b\">on this job</span> is forty percent"])


def _rules() -> scan.Rules:
    return scan.Rules(Hidden(Needles([needle(p, "a note") for p in phrases(SECRET)]), emails=("ana@bench.example",)),
                      ("/home/builder/work",))


def _findings(text: str) -> set[str]:
    return set(scan._text_findings("page.html", ".html", reading.Text(text, main=True, is_text=True), _rules(), False))


@settings(max_examples=300, deadline=None)
@given(FILLER, st.one_of(st.none(), FORMS), FILLER, st.integers(min_value=8, max_value=60))
def test_reading_in_pieces_finds_what_reading_whole_finds(before, secret, after, size):
    text = " ".join([before, secret or "", after, "/home/builder/work/x"])
    whole = _findings(text)
    original = pieces.PIECE
    pieces.PIECE = size
    try:
        assert "".join(pieces.pieces(text, size)) == text
        assert _findings(text) == whole
    finally:
        pieces.PIECE = original
    if secret is not None:
        assert any("hidden text" in f for f in whole)


def test_a_long_page_is_read_in_bounded_pieces():
    text = ("<p>filler words here</p>\n" * 2000) + SECRET + ("\n<p>more filler</p>" * 2000)
    cut = list(pieces.pieces(text, 1000))
    assert len(cut) > 40 and max(len(p) for p in cut) <= 1000 and "".join(cut) == text


def test_the_search_files_are_the_index_and_its_parts():
    assert links.is_search_file("search/index.js") and links.is_search_file("search/part_007.js")
    assert not links.is_search_file("search/part-007.js") and not links.is_search_file("js/part_007.js")
