"""A search record's text skips Markdown rendering for a plain line: it must read exactly as rendering reads."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.render import search_records
from generator.render.search_records import plain

PIECES = st.sampled_from([" - ", "  1. ", " + a",
                          "a", "Word", "café", "Ñandú", " ", "  ", "    ", "\t", ".", ",", "1.", "2)", "-", "+", "=",
                          "*", "_", "[", "]", "(", ")", "<b>", "&amp;", "&", "#", "`", "\\", "|", "~", "!", "'",
                          "\"", ":", "%", "\n", "\r", "http://x.example", "\ufdd0", "\x00", "é"])
TEXTS = st.lists(PIECES, max_size=14).map("".join)


def _rendered(text: str) -> str:
    """plain() without its shortcut."""
    pattern = search_records._PLAIN_LINE
    try:
        search_records._PLAIN_LINE = __import__("re").compile(r"(?!)")  # matches nothing
        return plain(text)
    finally:
        search_records._PLAIN_LINE = pattern


@settings(max_examples=600, deadline=None)
@given(TEXTS)
@example(" - a")  # a list item behind a leading space: the marker is not text
@example("  1. x")
@example("   + b")
def test_the_plain_line_shortcut_reads_as_rendering_would(text):
    assert plain(text) == _rendered(text)


def test_the_shortcut_is_taken_for_an_ordinary_sentence():
    assert search_records._PLAIN_LINE.fullmatch("Fine with Raj's changes: go to casting (v2), 100% sure.")
    assert not search_records._PLAIN_LINE.fullmatch("1. first")
    assert not search_records._PLAIN_LINE.fullmatch("**bold**")
