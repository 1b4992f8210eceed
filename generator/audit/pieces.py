"""A long text read piece by piece, so the gate never holds more than one piece's decoded copies.

Decoding a text (text.decode) and reducing it to words (text.canonical) make
several copies of it, one a list of every word: a 37 MB page cost some
480 MiB at once. A text longer than `PIECE` characters is cut where no
escape, entity, tag or sentence end can straddle the cut: before a line
break, a "<" or a "{" that does not follow a sentence's end mark, a
backslash, "%" or "&". Read in order, the pieces give the same words as the
whole; a phrase that runs across a cut is found because each piece is
searched with the end of the one before it (as long as the longest phrase
sought) in front. A text with no such place is read whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.audit.text import Needle, Needles, canonical, strip_tags

PIECE = 1 << 20  # characters of one piece (a few MiB of decoded copies)
TAIL = 1024  # decoded characters of the piece before, kept for what is sought in decoded text (a path)
_CUT = re.compile(r"(?<![.!?;:\\%&])(?=[\n<{])")


def _cut(text: str, start: int, end: int) -> int | None:
    """The last place in text[start:end] (not at `start`) to cut at, or None."""
    for low in (max(start + 1, end - PIECE // 4), start + 1):
        last = None
        for match in _CUT.finditer(text, low, end):
            last = match.start()
        if last is not None:
            return last
    return None


def pieces(text: str, size: int | None = None) -> Iterator[str]:
    """`text` in pieces of at most about `size` characters (PIECE), cut only where nothing straddles."""
    size = size or PIECE
    start = 0
    while len(text) - start > size:
        cut = _cut(text, start, start + size)
        if cut is None:
            break
        yield text[start:cut]
        start = cut
    yield text[start:] if start else text


class PhraseSearch:
    """Hidden phrases sought in the decoded pieces of one text, in order.

    The form without tags (text.strip_tags) holds no word the form with them
    lacks, so for a text read whole it is made only when a phrase could be
    there; a text read in pieces needs the end of each piece's, so makes it
    every time (`pieced`).
    """

    def __init__(self, needles: Needles, pieced: bool = False):
        self.needles = needles
        self.pieced = pieced
        # how far back a phrase across a cut can start; only a text read in pieces needs it (a pass over
        # every needle, too costly for each of a site's thousands of short texts)
        self.reach = max((len(n.phrase) for n in needles), default=0) + 1 if pieced else 0
        self.tails = ("", "")  # the end of the pieces before: with tags, without

    def find(self, decoded: str) -> list[Needle]:
        with_tags = self._joined(0, canonical(decoded))
        if not self.pieced:
            return self.needles.find(with_tags, lambda: canonical(strip_tags(decoded)),
                                     words=frozenset(with_tags.split()))
        stripped = self._joined(1, canonical(strip_tags(decoded)))
        words = frozenset(with_tags.split()) | frozenset(self.tails[1].split())
        found = self.needles.find(with_tags, stripped, words=words)
        self.tails = (self._tail(with_tags), self._tail(stripped))
        return found

    def _joined(self, which: int, text: str) -> str:
        tail = self.tails[which]
        return f"{tail} {text}" if tail else text

    def _tail(self, text: str) -> str:
        """The last words of `text`, as many as the longest phrase could need, whole words only."""
        if len(text) <= self.reach:
            return text
        space = text.find(" ", len(text) - self.reach - 1)
        return text[space + 1:] if space != -1 else ""
