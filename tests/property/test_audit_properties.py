"""The gate's matching, on random text: a rendered text is always found.

Whatever Markdown, punctuation, entities or case a hidden text holds, the
phrases the gate looks for are found in what our renderer makes of it, and
in its search-record and JSON forms. (No false negatives through our own
pipeline; a leak of the text cannot slip past because of how it is written.)
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.audit.text import Needles, needle, normalize, phrases
from generator.render.markup import markdown_html
from generator.render.search_records import plain

WORDS = st.sampled_from(["budget", "CMO", "hated", "v1", "café", "Ñandú", "50%", "R&D", "it's", "x_y",
                         "2,000", "e.g.", "-", "*", "**", "`", "#", ">", "1.", "(", ")", "[", "]", ":", ";",
                         "!", "?", "\"", "'", "&", "|", "__", "\n", "\n\n", "https://a.example/x?q=1"])
TEXTS = st.lists(WORDS, min_size=3, max_size=30).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_every_phrase_of_a_text_is_found_in_its_rendering(text):
    sought = Needles([needle(p, "t") for p in phrases(text)])
    body = str(markdown_html(text))
    searched = plain(text)  # what the search index holds of it (render/search_records.py)
    for form in (body, searched, json.dumps(searched), json.dumps(body).replace("<", "\\u003c")):
        found = {n.phrase for n in sought.find(normalize(form))}
        # a phrase may be lost only where Markdown itself drops words (a link's address)
        missing = [p for p in sought if p.phrase not in found and "https" not in p.phrase]
        assert not missing, (form, [p.phrase for p in missing])


def test_a_heading_ends_its_phrase_as_it_ends_its_block():
    """Found by the test above: '# budget' over 'budget' renders as two blocks, so it is sought as two pieces."""
    text = "# Budget reconciliation\nsecond line of the note\n\nThe pricing review\n===\nrest of the text"
    body = str(markdown_html(text))
    sought = Needles([needle(p, "t") for p in phrases(text)])
    assert {n.phrase for n in sought.find(normalize(body))} == {p.phrase for p in sought}
    assert len(sought) == 4


SHORT_WORDS = st.sampled_from(["a", "b", "ab", "ba", "é", "t12", "is", "stuck"])
PHRASES = st.lists(SHORT_WORDS, min_size=2, max_size=4).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(PHRASES, min_size=1, max_size=8, unique=True),
       st.lists(st.lists(SHORT_WORDS, max_size=12).map(" ".join), min_size=1, max_size=3))
def test_the_one_pass_search_finds_exactly_the_whole_word_occurrences(sought, texts):
    """Overlapping phrases, phrases inside longer words, several texts: the same answer as looking for each."""
    needles = Needles([needle(p, "t") for p in sought])
    expected = [p for p in sought if any(f" {p} " in f" {t} " for t in texts)]
    assert [n.phrase for n in needles.find(*texts)] == expected
