"""Past versions of campaign files: the same answer as read_campaign, fast.

A history holds thousands of versions of each campaign file, and most differ
from the one before in a line or two. Parsing every version whole costs
milliseconds each. Here a version is cut into pieces (its top-level keys,
and each item of its entry lists) and every distinct piece of text is parsed
and read once, however many versions share it. A version close to one read
before (same file) is read by re-cutting only the region where the texts
differ; the reference checks run again only when an entry changed in a
field they read.

Cutting is exact, not a heuristic: in a document whose root is a block
mapping, a line that starts in column 0 with anything but `#` or a space
starts a new top-level key, and a line starting with `- ` at a list's item
indentation starts a new item. A construct that spans a cut (a quoted or
flow scalar continued in column 0, an alias of an anchor in another piece)
leaves a piece unparseable, and anything unusual (document markers, a root
that is not a mapping, duplicate keys) sends the version to the plain
`read_campaign`. So does any problem: the plain reader then names it, and its
verdict is final.

The cuts, the line numbers compared in _edited_line and the comment-only
lines left unparsed all count lines by `\n` and blanks by the space. They
are exact only on text where YAML agrees, so a version holding anything
else is read whole (_UNCUTTABLE): another YAML line break (\r, U+0085,
U+2028, U+2029: invisible in a comment, they shift every line number after
them), a tab or other blank Python and YAML see differently, a control
character or BOM (YAML refuses them even in a comment). So is a version
with a piece that holds an anchor or alias (an anchor is seen by the whole
file, and defining one twice is an error no single piece shows).
tests/unit/test_campaign_versions.py and the differential property test
tests/property/test_versions_differential.py hold the two readers to the
same answers.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from pathlib import Path

from generator.history.version_text import (
    Layout,
    PieceMemo,
    Pieces,
    PieceValue,
    common_prefix,
    common_suffix,
    only_comments,
    read_top,
    same_references,
)
from generator.load import campaigns as reading
from generator.load.limits import file_too_big
from generator.load.reader import Reader
from generator.load.refs import check_references
from generator.load.shapes import SHAPES
from generator.load.yamlio import YamlProblem, YMap, YScalar, YSeq, decode, has_anchors, parse
from generator.model import Campaign, SiteConfig

_TOP_START = re.compile(r"\n[^\s#]")  # a literal first character: a fast scan
_CONTENT = re.compile(r"[^\s#]")
_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?:[ \t]|\n|\Z)")
_BARE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*:[ \t]*(?:#[^\n]*)?\n")
_FIRST_ITEM = re.compile(r"\n( *)-(?=[ \t\n]|\Z)")
_ALLOWED = set(SHAPES["campaign"].fields)
_SIMPLE_LINE = re.compile(r"( *(?:- )?)([A-Za-z_][A-Za-z0-9_-]*): ([A-Za-z0-9](?:[A-Za-z0-9._+-]|:(?=[A-Za-z0-9]))*)")
# Where the cuts may disagree with YAML (see the module's docstring): any blank but space and \n, control
# characters, BOMs and non-characters; UNCUTTABLE_AS_WRITTEN says it plainly, this one class (the same
# characters, tests/unit/test_campaign_versions.py) scans a version four times faster.
UNCUTTABLE_AS_WRITTEN = r"[^\S \n]|[\x00-\x09\x0b-\x1f\x7f-\x9f\ufeff\ufffe\uffff]"
_UNCUTTABLE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f"
                         r"\u3000\ufeff\ufffe\uffff]")
_HEADER = object()  # the `key:` line (and comments) opening a list of items
_INVALID = object()
_ANCHORED = object()  # a piece with an anchor or alias: its version is read whole

class _Unusual(Exception):
    """This version takes the plain reader."""


class _Invalid(Exception):
    """A piece of this version does not read."""


class CampaignVersions:
    """Reads versions of campaign files; remembers every piece it has read."""

    def __init__(self, config: SiteConfig):
        self.config = config
        self._pieces = PieceMemo()  # (key, text, single) -> (value, item node)
        self._item_starts: dict[int, re.Pattern] = {}
        self._markers: dict[int, re.Pattern] = {}
        self._last: dict[str, Layout] = {}  # file -> the last valid version read

    def read(self, data: bytes, file: str) -> tuple[Campaign | None, str | None]:
        """(campaign, None) for a valid version, else (None, the first problem)."""
        layout = None
        try:
            text = decode(data, file)
            if _UNCUTTABLE.search(text) or file_too_big(len(data)):
                raise _Unusual
            previous = self._last.get(file)
            if previous is not None:
                layout = self._near(previous, text, file)
            if layout is None:
                layout = self._whole(text, file)
        except (YamlProblem, _Unusual, _Invalid):
            layout = None
        if layout is not None:
            self._last[file] = layout
            return layout.campaign, None
        campaign, problems = reading.read_campaign(data, file, self.config, None)
        if problems or campaign is None:
            return None, str(min(problems)) if problems else f"{file}: not a campaign"
        return campaign, None

    # -- a whole version ---------------------------------------------------------

    def _whole(self, text: str, file: str) -> Layout | None:
        tops = [m.start() + 1 for m in _TOP_START.finditer(text)]
        if _CONTENT.match(text):
            tops.insert(0, 0)
        if not tops or not only_comments(text[: tops[0]]):
            raise _Unusual
        cut, indents = Pieces(), {}
        for index, (at, end) in enumerate(zip(tops, tops[1:] + [len(text)])):
            begin = 0 if index == 0 else at  # leading comments belong to the first piece
            match = _KEY_LINE.match(text, at)
            if match is None or match.group(1) in cut.keys or match.group(1) not in _ALLOWED:
                raise _Unusual
            key = match.group(1)
            bounds = self._item_bounds(text, at, end, key)
            if bounds is None:
                cut.add(begin, key, False, self._piece(key, text[begin:end], single=False)[0])
                continue
            indents[key] = bounds[1]
            cut.add(begin, key, False, _HEADER)
            for a, b in zip(bounds[0], bounds[0][1:] + [end]):
                value, node = self._piece(key, text[a:b], single=True)
                cut.add(a, key, True, value, node)
        campaign = self._assemble(cut.keys, cut.items, cut.values, file)
        if campaign is None or not self._references_hold(campaign, file):
            return None
        return Layout(text, cut.starts, cut.keys, cut.items, cut.values, cut.nodes, indents, campaign)

    def _item_bounds(self, text: str, begin: int, end: int, key: str) -> tuple[list[int], int] | None:
        """Where the items of a block list under a bare `key:` line start, and their indentation."""
        if key not in reading.LIST_READERS or not _BARE_KEY.match(text, begin):
            return None
        key_end = text.index("\n", begin)
        first = _FIRST_ITEM.search(text, key_end, end)
        if first is None or not only_comments(text[key_end + 1: first.start() + 1]):
            return None
        indent = len(first.group(1))
        bounds = [first.start() + 1] + [m.start() + 1 for m in self._item_pattern(indent).finditer(
            text, first.end(), end)]
        return bounds, indent

    def _item_pattern(self, indent: int) -> re.Pattern:
        pattern = self._item_starts.get(indent)
        if pattern is None:
            pattern = self._item_starts[indent] = re.compile(rf"\n {{{indent}}}-(?=[ \t\n]|\Z)")
        return pattern

    # -- a version near one read before -------------------------------------------

    def _near(self, old: Layout, text: str, file: str) -> Layout | None:
        """Re-cut only the pieces where `text` differs from `old`; None when that cannot be done.

        The changed region touches the piece holding the character before
        it and the one holding the character after it; a piece that only
        borders the change (it ends or starts exactly there, and still does)
        may be left out, and where the texts' common start or end swallowed
        part of the change, the piece before or after is taken in. Any run
        of pieces that passes the checks of _recut gives the one true cut;
        the smallest is tried first.
        """
        low = common_prefix(old.text, text)
        if low == len(old.text) == len(text):
            return old
        high = len(old.text) - common_suffix(old.text, text, min(len(old.text), len(text)) - low)
        delta = len(text) - len(old.text)
        first = max(bisect_right(old.starts, max(low - 1, 0)) - 1, 0)
        last = bisect_right(old.starts, min(high, len(old.text) - 1)) - 1
        firsts = [first + 1, first] if first < last and old.starts[first + 1] == low else [first]
        lasts = [last - 1, last] if first < last and old.starts[last] == high and text[high + delta - 1] == "\n" \
            else [last]
        firsts += [first - 1] if first > 0 else []  # a change at a piece's start may end the one before
        lasts += [last + 1] if last + 1 < len(old.starts) else []
        for a in firsts:
            for b in lasts:
                if a <= b:
                    cut = self._recut(old, text, a, b, delta)
                    if cut is not None:
                        return self._relayout(old, text, a, b, (low, high, delta), cut, file)
        return None

    def _recut(self, old: Layout, text: str, first: int, last: int, delta: int):
        """(bounds, items) of the new pieces replacing old pieces first..last, or None."""
        key = old.keys[first]
        if any(old.keys[i] != key for i in range(first, last + 1)):
            return None
        begin, end = old.starts[first], old.end(last) + delta
        if end <= begin or _TOP_START.search(text, begin, end):
            return None
        if all(old.items[i] for i in range(first, last + 1)):
            bounds = self._recut_items(text, begin, end, old.indents[key])
            return None if bounds is None else (bounds, [True] * len(bounds), end)
        if first == last and old.values[first] is not _HEADER and key != "id":
            match = _KEY_LINE.match(text, begin)
            if match is not None and match.group(1) == key:
                return [begin], [False], end
        return None

    def _relayout(self, old: Layout, text: str, first: int, last: int, change: tuple[int, int, int], cut,
                  file: str) -> Layout | None:
        low, high, delta = change
        bounds, new_items, end = cut
        key = old.keys[first]
        edited = None
        if first == last and len(bounds) == 1 and new_items[0]:
            edited = self._edited_line(old, text, first, change)
        if edited is not None:
            pieces = [edited]
        else:
            pieces = [self._piece(key, text[a:b], single=item)
                      for a, b, item in zip(bounds, bounds[1:] + [end], new_items)]
        new_values = [value for value, _ in pieces]
        tail = slice(last + 1, None)
        layout = Layout(
            text=text,
            starts=old.starts[:first] + bounds + [s + delta for s in old.starts[tail]],
            keys=old.keys[:first] + [key] * len(bounds) + old.keys[tail],
            items=old.items[:first] + new_items + old.items[tail],
            values=old.values[:first] + new_values + old.values[tail],
            nodes=old.nodes[:first] + [node for _, node in pieces] + old.nodes[tail],
            indents=old.indents, campaign=old.campaign,
        )
        layout.campaign = self._update(old.campaign, layout, key, file)
        if not same_references(old.values[first:last + 1], new_values, key, self.config.labels) \
                and not self._references_hold(layout.campaign, file):
            return None
        return layout

    def _edited_line(self, old: Layout, text: str, index: int, change: tuple[int, int, int]):
        """(value, node) of an item changed in one `key: value` line, without parsing it again.

        Exact: the old line held a one-line plain scalar (its node says so)
        and the new value is a plain scalar that cannot start, end or continue
        anything else, so parsing the new text would give the old mapping
        with that one scalar replaced.
        """
        low, high, delta = change
        node = old.nodes[index]
        if node is None or "\n" in old.text[low:high] or "\n" in text[low:high + delta]:
            return None
        line_start = old.text.rfind("\n", 0, low) + 1
        old_end, new_end = old.text.find("\n", high), text.find("\n", high + delta)
        was = _SIMPLE_LINE.fullmatch(old.text, line_start, old_end if old_end >= 0 else len(old.text))
        now = _SIMPLE_LINE.fullmatch(text, line_start, new_end if new_end >= 0 else len(text))
        if was is None or now is None or was.group(1) != now.group(1) or was.group(2) != now.group(2):
            return None
        name, line = was.group(2), old.text.count("\n", old.starts[index], line_start) + 2
        scalar = node.get(name)
        if node.key_lines.get(name) != line or not isinstance(scalar, YScalar) or not scalar.plain \
                or getattr(scalar, "block", False) or str(scalar) != was.group(3):
            return None
        key = old.keys[index]
        piece = text[old.starts[index]: old.end(index) + delta]
        memo_key = (key, piece, True)
        edited = YMap(node)
        edited.__dict__.update(node.__dict__)
        replaced = YScalar(now.group(3))
        replaced.__dict__.update(scalar.__dict__)
        edited[name] = replaced
        found = self._pieces.get(memo_key)
        if found is None:
            ctx = reading._Context(Reader("piece", self.config.timezone), self.config, None)
            value = reading.LIST_READERS[key](ctx, edited, f"{key}[0]")
            found = (_INVALID, None) if ctx.r.problems or value is None else (value, edited)
            self._pieces.put(memo_key, found)
        if found[0] is _INVALID:
            raise _Invalid
        return found

    def _recut_items(self, text: str, begin: int, end: int, indent: int) -> list[int] | None:
        marker = self._markers.get(indent)
        if marker is None:
            marker = self._markers[indent] = re.compile(rf" {{{indent}}}-(?=[ \t\n]|\Z)")
        if not marker.match(text, begin, end):
            return None
        return [begin] + [m.start() + 1 for m in self._item_pattern(indent).finditer(text, begin, end)]

    def _update(self, campaign: Campaign, layout: Layout, key: str, file: str) -> Campaign:
        if key in layout.indents:
            begin = end = layout.keys.index(key)  # a list's pieces are contiguous
            while end < len(layout.keys) and layout.keys[end] == key:
                end += 1
            listed: dict[str, PieceValue] = {key: tuple(v for item, v in zip(layout.items[begin:end],
                                                                            layout.values[begin:end]) if item)}
            return dataclasses.replace(campaign, **listed, file=file)
        value = layout.values[layout.keys.index(key)]
        if key == "brief":
            goals, deliverables = value
            return dataclasses.replace(campaign, goals=goals, deliverables=deliverables, file=file)
        if key == "kpis":
            nps, series = value
            return dataclasses.replace(campaign, nps=nps, series=series, file=file)
        changed: dict[str, PieceValue] = {key: value}
        return dataclasses.replace(campaign, **changed, file=file)

    # -- pieces and wholes -----------------------------------------------------------

    def _piece(self, key: str, text: str, single: bool) -> tuple[PieceValue, YMap | None]:
        """(value, the item's YAML mapping or None); raises _Invalid."""
        memo_key = (key, text, single)
        found = self._pieces.get(memo_key)
        if found is None:
            found = self._read_piece(key, text, single)
            self._pieces.put(memo_key, found)
        if found[0] is _INVALID:
            raise _Invalid
        if found[0] is _ANCHORED:
            raise _Unusual
        return found

    def _read_piece(self, key: str, text: str, single: bool) -> tuple[PieceValue, YMap | None]:
        source = f"{key}:\n{text}" if single else text
        node, problems = parse(source, "piece")
        if problems or not isinstance(node, YMap) or list(node) != [key]:  # a piece is one key's mapping
            return _INVALID, None
        if ("&" in text or "*" in text) and has_anchors(source):
            return _ANCHORED, None
        ctx = reading._Context(Reader("piece", self.config.timezone), self.config, None)
        if single:
            items = node[key]
            if not isinstance(items, YSeq) or len(items) != 1:
                return _INVALID, None
            node = items[0]
            value = reading.LIST_READERS[key](ctx, node, f"{key}[0]")
        else:
            value, node = read_top(ctx, node, key), None
        return (_INVALID, None) if ctx.r.problems or value is None else (value, node)

    def _assemble(self, keys: list[str], items: list[bool], values: list[PieceValue],
                  file: str) -> Campaign | None:
        found: dict[str, PieceValue] = {}
        for key, item, value in zip(keys, items, values):
            if value is _HEADER:
                found[key] = ()
            elif item:
                found[key] += (value,)
            else:
                found[key] = value
        if not set(SHAPES["campaign"].required) <= set(found) or found["id"] != Path(file).stem \
                or found["id"] in reading.SITE_FOLDERS:  # refused by the plain reader, which names why
            return None
        goals, deliverables = found.get("brief", ((), ()))
        nps, series = found.get("kpis", (None, ()))
        return Campaign(
            id=found["id"], title=found["title"], client=found["client"], summary=found.get("summary", ""),
            goals=goals, deliverables=deliverables, milestones=found.get("milestones", ()),
            tasks=found.get("tasks", ()), decisions=found.get("decisions", ()),
            approvals=found.get("approvals", ()), notes=found.get("notes", ()), assets=found.get("assets", ()),
            nps=nps, series=series, file=file, renamed_from=found.get("renamed_from", ()),
        )

    def _references_hold(self, campaign: Campaign, file: str) -> bool:
        reader = Reader(file, self.config.timezone)
        check_references(reader, campaign, self.config)
        return not reader.problems
