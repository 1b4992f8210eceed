"""Text as the audit compares it: decoded, then reduced to words.

Both sides go through the same steps, so markup, escaping and punctuation
cannot hide a leak:

  decode     JSON escapes, URL encoding and HTML entities undone; Unicode
             NFKC; case folded;
  canonical  only the words (letters and digits) remain, one space apart;
             a sentence end (`. ` `! ` `? ` `; ` `: `), a table cell `|` and
             a block element become a barrier `|` that no phrase crosses;
             so does the edge between two strings of a JSON or script file
             (`json_barriers`): a search record's title and the caption after
             it are two texts, as a heading and a paragraph are.

A hidden text becomes `phrases`: its sentences in canonical form. A phrase
is found in a file when its words occur there whole and in order.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

import ahocorasick

BAR = "|"
MIN_CHARS = 12  # a phrase shorter than this ("Approved") says nothing secret alone
MIN_WORDS = 2

_JSON_PAIR = re.compile(r"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE)
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\([\"\\/bfnrt])")
_TOKEN = re.compile(r"[^\W_]+|\|")
_SENTENCE_END = re.compile(r"[.!?;:](?=\s|$)")
_TAG = re.compile(r"<[^<>]*>")
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|li|ul|ol|dl|dt|dd|tr|td|th|table|thead|tbody|section|article|header|footer|"
    r"figure|figcaption|h[1-6]|blockquote|pre|br|hr|caption|main|aside|nav|title|script|style|"
    r"option|select|details|summary|form|label|button|loc|url)\b[^<>]*>", re.IGNORECASE)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
_MD_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_MD_BLOCK = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*+>#|]|\d+[.)])\s)")
# A heading ends at its line: the words after it start another block (ATX `# x`, setext `x` over `===`/`---`).
_MD_HEADING_END = re.compile(r"^([ \t]{0,3}#{1,6}(?:[ \t][^\n]*)?)\n|\n(?=[ \t]{0,3}(?:=+|-+)[ \t]*(?:\n|$))",
                             re.MULTILINE)


# A quote that ends or starts a JSON string: unescaped, beside the punctuation between values.
_JSON_EDGE = re.compile(r'(?<!\\)"\s*[,:\]}]|[,:\[{]\s*"')


def json_barriers(raw: str) -> str:
    """A JSON or script text with a barrier between its strings, before anything is decoded (a `\\"`
    inside a string is not an edge). Only our data files are read so; HTML prose keeps its quotes."""
    return _JSON_EDGE.sub(f" {BAR} ", raw) if '"' in raw else raw


def _pair(match: re.Match) -> str:
    high, low = int(match.group(1), 16), int(match.group(2), 16)
    return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))


def _unescape_json(match: re.Match) -> str:
    if match.group(1):
        return chr(int(match.group(1), 16))
    return {"b": " ", "f": " ", "n": "\n", "r": " ", "t": " "}.get(match.group(2), match.group(2))


def decode(text: str) -> str:
    """JSON escapes, %-encoding and HTML entities undone; NFKC; case folded."""
    if "\\" in text:
        text = _JSON_ESCAPE.sub(_unescape_json, _JSON_PAIR.sub(_pair, text))
    if "%" in text:
        text = unquote(text, errors="replace")
    if "&" in text:
        text = html.unescape(text)
    return unicodedata.normalize("NFKC", text).casefold()


def canonical(text: str) -> str:
    """Words one space apart, barriers at sentence ends (text already decoded)."""
    return " ".join(_TOKEN.findall(_SENTENCE_END.sub(" | ", text)))


def strip_tags(text: str) -> str:
    """Block elements become barriers, inline tags spaces."""
    return _TAG.sub(" ", _BLOCK_TAG.sub(" | ", text))


def normalize(text: str) -> str:
    """A rendered text (HTML, JSON, CSV...) in the canonical form phrases are sought in."""
    return canonical(strip_tags(decode(text)))


def _markdown_plain(text: str) -> str:
    """Markdown source as a reader sees it: link texts inline, addresses apart."""
    addresses: list[str] = []

    def link(match: re.Match) -> str:
        addresses.append(match.group(2))
        return f" {match.group(1)} "

    def autolink(match: re.Match) -> str:
        addresses.append(match.group(1))
        return " "

    text = _MD_AUTOLINK.sub(autolink, text)
    text = _MD_LINK.sub(link, text)
    text = _MD_HEADING_END.sub(lambda m: f"{m.group(1) or ''} {BAR} ", text)
    text = _MD_BLOCK.sub(f" {BAR} ", text)
    return " | ".join([text, *addresses])


def source_canonical(text: str) -> str:
    """Free text (Markdown, maybe with raw HTML) in canonical form."""
    return canonical(strip_tags(decode(_markdown_plain(text))))


def phrases(text: str, min_chars: int = MIN_CHARS, min_words: int = MIN_WORDS) -> list[str]:
    """The pieces of a text worth looking for: its sentences, in canonical form."""
    found = []
    for piece in source_canonical(text).split(BAR):
        piece = piece.strip()
        if len(piece) >= min_chars and piece.count(" ") + 1 >= min_words:
            found.append(piece)
    return found


def name_phrases(text: str) -> list[str]:
    """A name (a person, an audience, a client): shorter, but kept whole."""
    piece = source_canonical(text).replace(BAR, " ")
    piece = " ".join(piece.split())
    words = piece.count(" ") + 1
    if words >= 2 and len(piece) >= 6:
        return [piece]
    return []


def shorten(secret: str) -> str:
    """Enough of a secret to find it, never all of it."""
    keep = min(12, max(3, len(secret) // 3))
    return f"'{secret[:keep]}…' ({len(secret)} chars)"


@dataclass(frozen=True)
class Needle:
    phrase: str
    words: frozenset[str]
    origin: str  # what it is, for the finding: "text of task 'x' in y"


class Needles:
    """Many phrases sought at once, in one pass over each text.

    Each phrase, padded with a space on both sides, is a keyword of one
    Aho-Corasick automaton; a text padded the same way is read once, so a
    phrase matches only whole words, in order. Before any text is read, the
    text's word set says whether a phrase could be there at all: a phrase is
    possible only when all its words are words of the text.

    Why an automaton: a site of a long history hides thousands of commit
    messages made of the words its pages show ("campaign-007: t12 is stuck"),
    so nearly every phrase passes the word test, and searching for each in
    turn made the audit quadratic (48 s of a 76 s build on the 20,000-commit
    benchmark).
    """

    def __init__(self, needles: list[Needle]):
        self.needles = needles
        self.by_word: dict[str, list[Needle]] = {}
        for one in needles:
            key = max(one.words, key=lambda w: (len(w), w))
            self.by_word.setdefault(key, []).append(one)
        self._automaton = None

    def __len__(self) -> int:
        return len(self.needles)

    def __iter__(self):
        return iter(self.needles)

    def possible(self, words: set[str] | frozenset[str]) -> bool:
        """Whether some needle has every word in `words` (no other can be in the text)."""
        return any(one.words <= words for key in self.by_word.keys() & words for one in self.by_word[key])

    def find(self, *texts: str | Callable[[], str], words: set[str] | frozenset[str] | None = None) -> list[Needle]:
        """Needles found (word-aligned) in any of the canonical `texts`, in the order of `needles`.

        `texts` may also be functions that make a text: they are called only
        when some needle could be there.
        """
        if words is None:
            words = set()
            for text in texts:
                words.update((text() if callable(text) else text).split())
        if not self.possible(words):
            return []
        automaton = self._search()
        found: set[int] = set()
        for text in texts:
            found.update(index for _, index in automaton.iter(f" {text() if callable(text) else text} "))
        return [self.needles[index] for index in sorted(found)]

    def _search(self):
        """The automaton, made on first use: an audience with nothing hidden never needs it."""
        if self._automaton is None:
            automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
            for index, one in enumerate(self.needles):
                automaton.add_word(f" {one.phrase} ", index)
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton


def needle(phrase: str, origin: str) -> Needle:
    return Needle(phrase, frozenset(phrase.split()), origin)
