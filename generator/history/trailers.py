"""Commit message trailers, found by git's own rules.

`parse_message` gives the same trailers as `git interpret-trailers --parse`
(git 2.39, no trailer.* configuration), so a decision commit means what git
itself says it means:

  - the trailer block is the last paragraph of the message, never the first
    (the subject paragraph);
  - it counts when every one of its lines is a trailer (`Key: value`,
    `Key:value`, `Key : value`) or a continuation line (starting with
    whitespace), or when at least 25% of its lines are trailers and one of
    them is git-generated (`Signed-off-by: `, `(cherry picked from commit `);
  - a line starting with `---` and whitespace ends the message (a patch
    follows), and trailing comment (`#`) and blank lines are ignored;
  - continuation lines are unfolded into one line; keys are matched without
    regard to case by the callers.
"""

from __future__ import annotations

from dataclasses import dataclass

_SPACE = " \t\n\v\f\r"  # C isspace() in the C locale
_GIT_GENERATED = ("Signed-off-by: ", "(cherry picked from commit ")
_COMMENT = "#"
_CUT_LINE = "# ------------------------ >8 ------------------------\n"


@dataclass(frozen=True)
class Message:
    """One commit message, split the way git splits it."""

    subject: str  # the first paragraph, lines joined by spaces
    body: str  # between the subject and the trailer block, stripped
    trailers: tuple[tuple[str, str], ...]  # (key as written, unfolded value)
    text: str  # subject and body, without the trailer block

    def values(self, key: str) -> list[str]:
        """Every value of a trailer, keys compared without regard to case."""
        wanted = key.lower()
        return [value for name, value in self.trailers if name.lower() == wanted]


def _is_blank(line: str) -> bool:
    return line.strip(_SPACE) == ""


def _separator(line: str) -> int:
    """Index of the ':' ending a trailer key, or -1 (git's find_separator)."""
    seen_space = False
    for index, char in enumerate(line):
        if char == ":":
            return index
        if not seen_space and (char.isascii() and char.isalnum() or char == "-"):
            continue
        if index != 0 and char in " \t":
            seen_space = True
            continue
        break
    return -1


def _patch_start(lines: list[str]) -> int:
    for index, line in enumerate(lines):
        if line.startswith("---") and len(line) > 3 and line[3] in _SPACE:
            return index
    return len(lines)


def _trailer_end(lines: list[str], end: int) -> int:
    """Drop trailing comment and blank lines (git's ignore_non_trailer).

    Index 0 stands for "no run yet", as in git: a message that opens with a
    comment line starts its ignored run at the next such line.
    """
    cutoff = end
    for index in range(end):
        if lines[index] == _CUT_LINE:
            cutoff = index
            break
    run_start = 0
    in_conflicts = False
    for index in range(cutoff):
        line = lines[index]
        if line.startswith(_COMMENT) or line.startswith("\n"):
            if not run_start:
                run_start = index
        elif line == "Conflicts:\n":
            in_conflicts = True
            if not run_start:
                run_start = index
        elif in_conflicts and line.startswith("\t"):
            pass
        elif run_start:
            run_start = 0
            in_conflicts = False
    return run_start if run_start else cutoff


def _title_end(lines: list[str], end: int) -> int:
    """Index of the first blank line after the title (comments aside), or `end`."""
    index = 0
    while index < end:
        line = lines[index]
        if not line.startswith(_COMMENT) and _is_blank(line):
            break
        index += 1
    return index


def _trailer_start(lines: list[str], end: int) -> int:
    """Index of the first trailer line, or `end` when there is no block."""
    title_end = _title_end(lines, end)
    only_spaces = True
    recognized = False
    trailer_lines = non_trailer_lines = continuation_lines = 0
    for index in range(end - 1, title_end - 1, -1):
        line = lines[index]
        if line.startswith(_COMMENT):
            non_trailer_lines += continuation_lines
            continuation_lines = 0
            continue
        if _is_blank(line):
            if only_spaces:
                continue
            non_trailer_lines += continuation_lines
            if recognized and trailer_lines * 3 >= non_trailer_lines:
                return index + 1
            if trailer_lines and not non_trailer_lines:
                return index + 1
            return end
        only_spaces = False
        if line.startswith(_GIT_GENERATED):
            trailer_lines += 1
            continuation_lines = 0
            recognized = True
            continue
        if _separator(line) >= 1 and line[0] not in _SPACE:
            trailer_lines += 1
            continuation_lines = 0
        elif line[0] in _SPACE:
            continuation_lines += 1
        else:
            non_trailer_lines += 1 + continuation_lines
            continuation_lines = 0
    return end


def _unfold(value: str) -> str:
    out = []
    index = 0
    while index < len(value):
        char = value[index]
        index += 1
        if char == "\n":
            while index < len(value) and value[index] in _SPACE:
                index += 1
            out.append(" ")
        else:
            out.append(char)
    return "".join(out).strip(_SPACE)


def _block_trailers(block: list[str]) -> tuple[tuple[str, str], ...]:
    joined: list[str] = []
    last_is_trailer = False
    for line in block:
        if last_is_trailer and line[:1] and line[0] in _SPACE:
            joined[-1] += line
            continue
        joined.append(line)
        last_is_trailer = _separator(line) >= 1
    found = []
    for item in joined:
        if item.startswith(_COMMENT):
            continue
        sep = _separator(item)
        if sep >= 1:
            found.append((item[:sep].strip(_SPACE), _unfold(item[sep + 1:].strip(_SPACE))))
    return tuple(found)


def _lines(message: str) -> list[str]:
    """Lines with their newline; only "\\n" ends a line, as in git."""
    parts = message.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def parse_message(message: str) -> Message:
    lines = _lines(message)
    end = _trailer_end(lines, _patch_start(lines))
    start = _trailer_start(lines, end)
    trailers = _block_trailers(lines[start:end]) if start < end else ()
    above = lines[:start] if trailers else lines
    paragraphs = "".join(above).strip("\n").split("\n\n", 1)
    subject = " ".join(line.strip() for line in paragraphs[0].split("\n")).strip()
    body = paragraphs[1].strip() if len(paragraphs) > 1 else ""
    text = "".join(above).strip()
    return Message(subject, body, trailers, text)
