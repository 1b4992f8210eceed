"""The schema layer: turns YAML nodes into typed values, collecting problems.

Every method takes the node, its key path (for messages) and returns the
typed value, or None after recording a Problem. Nothing here guesses: an
unknown key, a wrong type or a malformed value is a Problem, never a default.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from generator import spans
from generator.errors import Problem
from generator.load.limits import text_too_long
from generator.load.shapes import Shape
from generator.load.yamlio import YMap, YScalar, YSeq
from generator.model import VISIBILITY_EXPECTED, visibility_of

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")
_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?\Z"
)
_INTEGER = re.compile(r"-?(0|[1-9][0-9]*)\Z")
_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?\Z")
EMPTY_TEXT = "expected non-empty text; got an empty value"
_ALL_SPANS = ("all of it is inside [internal] spans, so client sites would show it empty; expected some text "
              "outside the spans")
ALL_INTERNAL = (f"{_ALL_SPANS} (to keep the whole entry from clients, write it plainly and give the entry "
                "visibility: internal)")
# What the user can do instead, for the texts whose holder has no `visibility:` of its own.
ALL_INTERNAL_GOAL = (f"{_ALL_SPANS} (a goal has no visibility of its own: it shows to every audience given the "
                     "campaign; to keep a whole goal from clients, write it in a note with visibility: internal "
                     "instead)")
ALL_INTERNAL_ALTERNATIVE = (f"{_ALL_SPANS} (an alternative has no visibility of its own: it shows wherever its "
                            "decision does; to keep a whole alternative from clients, write it in the decision's "
                            "why inside an [internal] span, or in a comment on the decision with visibility: "
                            "internal, instead)")
ALL_INTERNAL_CAMPAIGN = (f"{_ALL_SPANS} (a campaign has no visibility of its own: to keep a whole campaign from "
                         "an audience, leave it out of that audience's campaigns: in site_config.yml)")
ALL_INTERNAL_LABEL = (f"{_ALL_SPANS} (a label has no visibility of its own: its title shows wherever a task with "
                      "the label does; write a title clients may read, or give those tasks visibility: internal)")
NO_SPANS_HERE = ("[internal] spans are not removed from this field (docs/format.md lists the fields that take "
                 "them); expected text without [internal] or [/internal]")

NEAR_MISS = ('"{written}" looks like an [internal] marker but is not one (markers are written exactly '
             "[internal] ... [/internal]); its text will be shown")


def only_spans(text: str) -> bool:
    """Well-formed spans and nothing but blanks around them (malformed spans are reported elsewhere)."""
    return spans.problem(text) is None and spans.unwrap(text) != text and not spans.remove(text).strip()


def _line(node) -> int:
    return getattr(node, "line", 0)


class Reader:
    """Reads one file's nodes; `problems` collects every mistake found."""

    def __init__(self, file: str, timezone: str = "UTC"):
        self.file = file
        self.tz = ZoneInfo(timezone)
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []  # shown by validate and build; errors under build --strict
        self._key_lines: dict[int, tuple[object, dict, str | None]] = {}

    def anchor(self, entry, mapping: YMap, path: str | None = None):
        """Remember where `entry`'s keys were (and its key path), for checks made after reading."""
        if entry is not None and isinstance(mapping, YMap):
            self._key_lines[id(entry)] = (entry, mapping.key_lines, path)
        return entry

    def path_of(self, entry, fallback: str) -> str:
        """The key path `entry` was read at (`brief.deliverables[2]`), else `fallback`."""
        kept = self._key_lines.get(id(entry))
        return fallback if kept is None or kept[2] is None else kept[2]

    def item_of(self, entry, fallback: str) -> str:
        """The last part of the path `entry` was read at (`steps[2]`), else `fallback`.

        An item that did not read is left out of its tuple, so a tuple index
        may be smaller than the item's place in the file; the path is not.
        """
        path = self.path_of(entry, "")
        return path.rsplit(".", 1)[-1] if path else fallback

    def line_of(self, entry, key: str) -> int:
        kept = self._key_lines.get(id(entry))
        if kept is None:
            return getattr(entry, "line", 0)
        return kept[1].get(key, getattr(entry, "line", 0))

    def fail(self, node, path: str, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.file, line if line is not None else _line(node), path, message))

    # -- containers -------------------------------------------------------

    def mapping(self, node, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> YMap | None:
        if not isinstance(node, YMap):
            self.fail(node, path,
                      f"expected a mapping with keys {', '.join(required + optional)}; got {_describe(node)}")
            return None
        allowed = set(required) | set(optional)
        for key in node:
            if key not in allowed:
                hint = _closest(key, allowed)
                self.fail(node, join_path(path, key),
                          f"unknown key{hint}; expected one of: {', '.join(sorted(allowed))}", line=node.key_lines[key])
        for key in required:
            if key not in node:
                self.fail(node, join_path(path, key), "is required but missing")
        return node

    def shape(self, node, path: str, shape: Shape) -> YMap | None:
        """A mapping with the keys `shape` (load/shapes.py) accepts, its required ones present."""
        return self.mapping(node, path, shape.required, shape.optional)

    def table(self, node, path: str) -> YMap | None:
        """A mapping whose keys are ids chosen by the user (people, labels)."""
        if isinstance(node, YMap):
            return node
        self.fail(node, path, f"expected a mapping of ids; got {_describe(node)}")
        return None

    def sequence(self, node, path: str) -> YSeq:
        if isinstance(node, YSeq):
            return node
        if isinstance(node, YScalar) and node.is_null:
            return YSeq()
        self.fail(node, path, f"expected a list; got {_describe(node)}")
        return YSeq()

    # -- scalars ------------------------------------------------------------

    def _scalar(self, node, path: str, expected: str) -> YScalar | None:
        if isinstance(node, YScalar) and not node.is_null:
            return node
        got = "nothing" if isinstance(node, YScalar) else _describe(node)
        self.fail(node, path, f"expected {expected}; got {got}")
        return None

    def text(self, node, path: str, plain: bool = False, required: bool = False,
             all_internal: str = ALL_INTERNAL) -> str | None:
        """Any scalar, exactly as written (`no`, `0755`, `1:30` stay text).

        `plain`: a field that redaction never passes through span removal (a
        person's name, a path): an [internal] marker there is an error.
        `required`: a text that must say something (a title, a name): empty
        or only blanks is an error, and so is one all inside [internal] spans
        (`all_internal` says so, and what to do instead).
        """
        value = self._scalar(node, path, "text")
        if value is not None and (too_long := text_too_long(len(value))):
            self.fail(node, path, too_long)
            return None
        if value is not None and required and not value.strip():
            self.fail(node, path, EMPTY_TEXT)
            return None
        if value is not None and required and not plain and only_spans(str(value)):
            self.fail(node, path, all_internal)
            return None
        if value is not None and plain and spans.unwrap(value) != value:
            self.fail(node, path, NO_SPANS_HERE)
            return None
        if value is not None:
            self._warn_near_misses(node, path, str(value))
        return None if value is None else str(value)

    def _warn_near_misses(self, node, path: str, text: str) -> None:
        """A bracketed word that looks like a marker but is not one: its text would ship unseen."""
        for offset, written in spans.near_misses(text):
            line = _line(node)
            if getattr(node, "block", False):  # point at the line inside a `|` block
                line += 1 + text[:offset].count("\n")
            self.warnings.append(Problem(self.file, line, path, NEAR_MISS.format(written=written)))

    def optional_text(self, mapping: YMap, key: str, path: str, default: str = "", plain: bool = False,
                      required: bool = False, all_internal: str = ALL_INTERNAL) -> str:
        """The text at `key`, or `default` when it is absent (a required key's absence is named elsewhere)."""
        if key not in mapping:
            return default
        value = self.text(mapping[key], join_path(path, key), plain, required, all_internal)
        return default if value is None else value

    def path_text(self, node, path: str, expected: str) -> str | None:
        """A path (an asset's `file`, `branding.logo`, `history.bundle`): text, no spans, never empty or blank.

        An empty path is an error, never taken as "no file": an asset would be
        counted as shown and appear nowhere, a bundle would fall back to the
        workspace's own repository.
        """
        value = self.text(node, path, plain=True)
        if value is not None and not value.strip():
            self.fail(node, path, f"expected {expected}; got an empty value")
            return None
        return value

    def url(self, node, path: str, schemes: tuple[str, ...] = ("https",)) -> str | None:
        """An address a page links to: one that parses, with one of `schemes` and a host."""
        value = self.text(node, path, plain=True)
        if value is None:
            return None
        why = url_problem(value, schemes)
        if why:
            self.fail(node, path, why)
            return None
        return value

    def check_spans(self, node, text: str, path: str) -> None:
        """A text whose [internal] spans redaction removes: they must be well formed."""
        why = spans.problem(text)
        if why:
            line = _line(node)
            if getattr(node, "block", False):  # point at the line inside a `|` block
                line += 1 + spans.line_offset(text)
            self.fail(node, path, why, line=line)

    def ident(self, node, path: str) -> str | None:
        value = self._scalar(node, path, "an id ([a-z0-9][a-z0-9-]*)")
        if value is None:
            return None
        if not ID_PATTERN.match(value):
            self.fail(node, path, f"'{value}' is not a valid id; expected lowercase letters, digits and '-', "
                                  "starting with a letter or digit")
            return None
        return str(value)

    def ident_list(self, node, path: str) -> tuple[str, ...]:
        items = (self.ident(item, f"{path}[{i}]") for i, item in enumerate(self.sequence(node, path)))
        return tuple(i for i in items if i is not None)

    def boolean(self, node, path: str) -> bool | None:
        value = self._scalar(node, path, "true or false")
        if value is None:
            return None
        if value.plain and value in ("true", "false"):
            return value == "true"
        self.fail(node, path, f"expected true or false; got '{value}'")
        return None

    def integer(self, node, path: str, low: int | None = None, high: int | None = None) -> int | None:
        value = self._scalar(node, path, "a whole number")
        if value is None:
            return None
        if not (value.plain and _INTEGER.match(value)):
            self.fail(node, path, f"expected a whole number; got '{value}'")
            return None
        number = int(value)
        if (low is not None and number < low) or (high is not None and number > high):
            self.fail(node, path, f"expected a number from {low} to {high}; got {number}")
            return None
        return number

    def number(self, node, path: str) -> float | None:
        value = self._scalar(node, path, "a number")
        if value is None:
            return None
        if not (value.plain and _NUMBER.match(value)):
            self.fail(node, path, f"expected a number such as 42 or 3.5; got '{value}'")
            return None
        number = float(value)
        if not math.isfinite(number):  # 1e999 overflows to inf: 'inf' on a page, `Infinity` in JSON
            self.fail(node, path, f"expected a number between -1.7e308 and 1.7e308; got '{value}'")
            return None
        return number

    def visibility(self, node, path: str) -> int | None:
        value = self._scalar(node, path, VISIBILITY_EXPECTED)
        if value is None:
            return None
        level = visibility_of(str(value)) if value.plain else None
        if level is None:
            self.fail(node, path, f"expected {VISIBILITY_EXPECTED}; got '{value}'")
        return level

    def date(self, node, path: str) -> dt.date | None:
        value = self._scalar(node, path, "a date (YYYY-MM-DD)")
        if value is None:
            return None
        match = _DATE.match(value)
        try:
            if match:
                return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
        self.fail(node, path, f"expected a real date as YYYY-MM-DD; got '{value}'")
        return None

    def datetime(self, node, path: str, end_of_day: bool = False) -> dt.datetime | None:
        """A time, naive ones in the site's timezone.

        A bare date means the start of that day, or its last second for
        deadlines (`end_of_day`): "due 2026-01-23" means by the end of it.
        """
        value = self._scalar(node, path, "a date and time (YYYY-MM-DDTHH:MM:SS)")
        if value is None:
            return None
        if _DATE.match(value):
            day = self.date(node, path)
            clock = dt.time(23, 59, 59) if end_of_day else dt.time()
            return None if day is None else dt.datetime.combine(day, clock, self.tz)
        match = _DATETIME.match(value)
        try:
            if match:
                return _to_datetime(match, self.tz)
        except ValueError:
            pass
        self.fail(node, path, f"expected a real date and time as YYYY-MM-DDTHH:MM:SS; got '{value}'")
        return None


def _to_datetime(match: re.Match, tz: ZoneInfo) -> dt.datetime:
    year, month, day, hour, minute, second, offset = match.groups()
    zone: dt.tzinfo = tz
    if offset == "Z":
        zone = dt.timezone.utc
    elif offset:
        sign = 1 if offset[0] == "+" else -1
        zone = dt.timezone(sign * dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6])))
    return dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0), tzinfo=zone)


_USERINFO = re.compile(r"(://)[^/?#@\s]*@")


def url_problem(url: str, schemes: tuple[str, ...] = ("https",)) -> str:
    """Why `url` is no address a page may link to; "" when it is one.

    It must start with one of `schemes` followed by "://" (lowercase, as
    written), name a host, have no blanks, and parse: a bracket left open
    ("https://[::1") or a port out of range would otherwise stop the build.
    """
    url_shown = _USERINFO.sub(r"\1…@", url)  # a password never lands in a message (nor in a CI log)
    written = " or ".join(f"{s}://" for s in schemes)
    expected = f"expected an {written} address such as https://www.example.com/page"
    if not url.strip():
        return f"{expected}; got an empty value"
    if not url.startswith(tuple(f"{s}://" for s in schemes)):
        return f"{expected}; got '{url_shown}'"
    if any(c.isspace() for c in url):
        return f"{expected}, without blanks (write a space as %20); got '{url_shown}'"
    try:
        parts = urlsplit(url)
        host, _ = parts.hostname, parts.port  # .port raises on a port that is not a number from 0 to 65535
        if "[" in parts.netloc:  # checked by urlsplit itself only from Python 3.11.4
            ipaddress.IPv6Address(host or "")
    except ValueError as exc:
        return f"'{url_shown}' is not a valid address ({exc}); {expected}"
    if not host:
        return f"'{url_shown}' names no host; {expected}"
    if "@" in parts.netloc:
        masked = f"{parts.scheme}://…@{parts.netloc.rsplit('@', 1)[1]}"
        return (f"'{masked}' holds a user name or password before its host, which every visitor of the site "
                f"would read; {expected}, with no credentials in it (share the file by a link that needs none)")
    return ""


def join_path(path: str, key: str) -> str:
    """`tasks[0]` + `owner` -> `tasks[0].owner`; at the top of a file, just the key."""
    return f"{path}.{key}" if path else key


def _describe(node) -> str:
    if isinstance(node, YMap):
        return "a mapping"
    if isinstance(node, YSeq):
        return "a list"
    if isinstance(node, YScalar):
        return "nothing" if node.is_null else f"'{node}'"
    return "nothing"


def _closest(key: str, allowed: set[str]) -> str:
    import difflib

    match = difflib.get_close_matches(key, sorted(allowed), n=1)
    return f" '{key}' (did you mean '{match[0]}'?)" if match else f" '{key}'"
