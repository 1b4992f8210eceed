"""Inline `[internal]...[/internal]` spans in free text.

Checked at load time (an unclosed, stray or nested marker is an error) and
applied by redaction: removed with their content for client audiences,
unwrapped for internal ones. No marker ever reaches a site.
"""

from __future__ import annotations

import re
import unicodedata

_MARKER = re.compile(r"\[(/?)internal\]", re.IGNORECASE)
_SPAN_CONTENT = re.compile(r"\[internal\](.*?)\[/internal\]", re.IGNORECASE | re.DOTALL)


def problem(text: str) -> str | None:
    """Why the spans in `text` are malformed, or None when they are fine."""
    depth = 0
    for match in _MARKER.finditer(text):
        closing = bool(match.group(1))
        if not closing and depth:
            return "an [internal] span opens inside another; close the first with [/internal]"
        if closing and not depth:
            return "a [/internal] closes a span that was never opened"
        depth += -1 if closing else 1
    if depth:
        return "an [internal] span is never closed; end it with [/internal]"
    return None


def line_offset(text: str) -> int:
    """Lines into `text` where its first marker problem starts (for messages)."""
    match = _MARKER.search(text)
    return text[: match.start()].count("\n") if match else 0


_SPAN_AROUND = re.compile(r"(?P<lead>[ \t]*)\[internal\].*?\[/internal\](?P<trail>[ \t]*)",
                          re.IGNORECASE | re.DOTALL)


def contents(text: str) -> list[str]:
    """The text inside each span (what clients must never see)."""
    return _SPAN_CONTENT.findall(text)


def remove(text: str) -> str:
    """For audiences without `internal: true`: the spans and their content go.

    They go without a trace: the spaces around a span shrink to the one
    space the words around it need (none at the start or end of a line),
    and a line that held only a span goes with its line break. "Storyboard
    [internal]third pass[/internal]" reads "Storyboard", not "Storyboard "
    (a stray space would tell a client that something was cut there).
    """
    out, last, tail = [], 0, ""  # tail: the last character written so far
    for match in _SPAN_AROUND.finditer(text):
        start, end = match.start(), match.end()
        before = text[last:start] or tail
        line_start = before[-1:] in ("", "\n")
        line_end = end == len(text) or text[end] == "\n"
        if line_start and line_end:  # a line of its own: the line goes
            if end < len(text):
                end += 1
            elif start > 0:
                start -= 1
        spaced = match.group("lead") or match.group("trail")
        keep = "" if line_start or line_end or not spaced or before[-1:] in (" ", "\t") else " "
        out.append(text[last:start] + keep)
        tail = (tail + out[-1])[-1:]
        last = end
    out.append(text[last:])
    return "".join(out)


def unwrap(text: str) -> str:
    """For internal audiences: keep the content, drop the markers."""
    return _MARKER.sub("", text)


# -- near misses: text meant as a marker that is not one, so it would ship --

_OPEN_BRACKETS = "[［【〔〖〘〚⟦❲⁅⦋⦍⦏﹝{｛"
_CLOSE_BRACKETS = "]］】〕〗〙〛⟧❳⁆⦌⦎⦐﹞}｝"
_SLASHES = "/／∕⁄\\＼"
# A bracket, maybe a slash, a few letters (blanks allowed), a bracket: judged after. Bounded runs
# keep the search linear on any text.
_BRACKETED_WORD = re.compile(
    rf"[{re.escape(_OPEN_BRACKETS)}]\s{{0,3}}(?P<slash>[{re.escape(_SLASHES)}]?)\s{{0,3}}(?P<word>[^\W\d_]"
    rf"[^{re.escape(_OPEN_BRACKETS + _CLOSE_BRACKETS)}\n]{{3,16}}?)\s{{0,3}}[{re.escape(_CLOSE_BRACKETS)}]")
# Letters from other scripts that look like Latin ones (the ones "internal" can be spelled with).
_LOOK_ALIKES = str.maketrans("іІӏɩаАеЕнНоОрРсСтТΙιΑαΕεΝΟοΡΤτ", "iIlIaAeEhHoOpPcCtTIiAaEeNOoPTt")
_WORD = "internal"


def _one_edit(word: str, target: str = _WORD) -> bool:
    """`word` is `target` but for one letter added, dropped, changed or two swapped."""
    if word == target or abs(len(word) - len(target)) > 1:
        return word == target
    if len(word) == len(target):
        diffs = [i for i, (a, b) in enumerate(zip(word, target)) if a != b]
        return len(diffs) == 1 or (len(diffs) == 2 and diffs[1] == diffs[0] + 1
                                   and word[diffs[0]] == target[diffs[1]] and word[diffs[1]] == target[diffs[0]])
    shorter, longer = sorted((word, target), key=len)
    return any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


def _normal_word(word: str) -> str:
    visible = "".join(ch for ch in word if unicodedata.category(ch) != "Cf" and not ch.isspace())
    return unicodedata.normalize("NFKC", visible).translate(_LOOK_ALIKES).casefold()


def near_misses(text: str) -> list[tuple[int, str]]:
    """(offset, as written) of each bracketed word that looks like a marker but is not one."""
    found = []
    for match in _BRACKETED_WORD.finditer(text):
        if _MARKER.fullmatch(match.group()):
            continue
        word = _normal_word(match.group("word"))
        if word == _WORD or _one_edit(word):
            found.append((match.start(), match.group()))
    return found
