"""Past versions of campaign files: the same answer as read_campaign, fast.

A history holds thousands of versions of each campaign file and most differ
from the one before in a line or two. Parsing every version whole costs
milliseconds each; here a version is cut into its top-level keys and the
items of its entry lists, and each piece of text is parsed and read once,
however many versions share it.

Cutting is exact, not a heuristic: in a document whose root is a block
mapping, a line that starts in column 0 with anything but `#` or a space
starts a new top-level key, and a line starting with `- ` at a list's item
indentation starts a new item. A construct that spans a cut (a quoted or
flow scalar continued in column 0, an alias of an anchor in another piece)
leaves one piece unparseable, and anything unusual (document markers, a
root that is not a mapping, duplicate keys) sends the version to the plain
`read_campaign`. So does any problem: the plain reader then names it, and
its verdict is final.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.model import Campaign, SiteConfig
from generator.sources import campaigns as reading
from generator.sources.campaign_refs import check_references
from generator.sources.reader import Reader
from generator.sources.yamlio import YamlProblem, YSeq, decode, parse

_TOP_START = re.compile(r"\n[^\s#]")  # a literal first character: a fast scan
_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?:[ \t]|\n|\Z)")
_BARE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*:[ \t]*(?:#[^\n]*)?\n")
_CONTENT = re.compile(r"[^\s#]")
_FIRST_ITEM = re.compile(r"\n( *)-(?=[ \t\n]|\Z)")
_LISTS = {
    "milestones": reading._milestone, "tasks": reading._task, "decisions": reading._decision,
    "approvals": reading._approval, "notes": reading._note, "assets": reading._asset,
}
_ALLOWED = set(reading._TOP_REQUIRED) | set(reading._TOP_OPTIONAL)


class _Unusual(Exception):
    """This version takes the plain reader."""


class CampaignVersions:
    """Reads versions of campaign files; remembers every piece it has read."""

    def __init__(self, config: SiteConfig):
        self.config = config
        self._pieces: dict[tuple[str, str, bool], object] = {}
        self._item_starts: dict[int, re.Pattern] = {}

    def read(self, data: bytes, file: str) -> tuple[Campaign | None, str | None]:
        """(campaign, None) for a valid version, else (None, the first problem)."""
        try:
            campaign = self._read_fast(data, file)
        except (_Unusual, _Invalid):
            campaign = None
        if campaign is not None:
            return campaign, None
        campaign, problems = reading.read_campaign(data, file, self.config, None)
        if problems or campaign is None:
            return None, str(min(problems)) if problems else f"{file}: not a campaign"
        return campaign, None

    # -- the pieces -----------------------------------------------------------

    def _read_fast(self, data: bytes, file: str) -> Campaign | None:
        try:
            text = decode(data, file)
        except YamlProblem:
            return None
        starts = [m.start() + 1 for m in _TOP_START.finditer(text)]
        if _CONTENT.match(text):
            starts.insert(0, 0)
        if not starts or not _only_comments(text[: starts[0]]):
            raise _Unusual
        values: dict[str, object] = {}
        for begin, end in zip(starts, starts[1:] + [len(text)]):
            piece = text[begin:end]
            match = _KEY_LINE.match(piece)
            if match is None or match.group(1) in values:
                raise _Unusual
            key = match.group(1)
            if key not in _ALLOWED:
                return None
            values[key] = self._value(key, piece)
        if not set(reading._TOP_REQUIRED) <= set(values):
            return None
        return self._assemble(values, file)

    def _value(self, key: str, piece: str):
        if key in _LISTS and _BARE_KEY.match(piece):
            items = self._items(piece)
            if items is not None:
                return tuple(self._piece(key, f"{key}:\n{item}", single=True) for item in items)
        return self._piece(key, piece, single=False)

    def _items(self, piece: str) -> list[str] | None:
        """The item texts of a block list under a bare `key:` line."""
        key_end = piece.index("\n")
        first = _FIRST_ITEM.search(piece, key_end)
        if first is None or not _only_comments(piece[key_end + 1: first.start() + 1]):
            return None
        indent = len(first.group(1))
        pattern = self._item_starts.get(indent)
        if pattern is None:
            pattern = self._item_starts[indent] = re.compile(rf"\n {{{indent}}}-(?=[ \t\n]|\Z)")
        bounds = [m.start() + 1 for m in pattern.finditer(piece, first.start())]
        return [piece[a:b] for a, b in zip(bounds, bounds[1:] + [len(piece)])]

    def _piece(self, key: str, text: str, single: bool):
        memo_key = (key, text, single)
        found = self._pieces.get(memo_key)
        if found is None:
            found = self._pieces[memo_key] = self._read_piece(key, text, single)
        if found is _INVALID:
            raise _Invalid
        return found

    def _read_piece(self, key: str, text: str, single: bool):
        node, problems = parse(text, "piece")
        if problems or node is None or list(node) != [key]:
            return _INVALID
        ctx = reading._Context(Reader("piece", self.config.timezone), self.config, None)
        if single:
            items = node[key]
            if not isinstance(items, YSeq) or len(items) != 1:
                return _INVALID
            value = _LISTS[key](ctx, items[0], f"{key}[0]")
        else:
            value = _read_top(ctx, node, key)
        return _INVALID if ctx.r.problems or value is None else value

    # -- the whole ------------------------------------------------------------

    def _assemble(self, values: dict[str, object], file: str) -> Campaign | None:
        campaign_id = values["id"]
        if campaign_id != Path(file).stem:
            return None
        goals, deliverables = values.get("brief", ((), ()))
        nps, series = values.get("kpis", (None, ()))
        campaign = Campaign(
            id=campaign_id, title=values["title"], client=values["client"],
            summary=values.get("summary", ""), goals=goals, deliverables=deliverables,
            milestones=values.get("milestones", ()), tasks=values.get("tasks", ()),
            decisions=values.get("decisions", ()), approvals=values.get("approvals", ()),
            notes=values.get("notes", ()), assets=values.get("assets", ()),
            nps=nps, series=series, file=file,
        )
        reader = Reader(file, self.config.timezone)
        check_references(reader, campaign, self.config)
        return None if reader.problems else campaign


class _Invalid(Exception):
    pass


_INVALID = object()


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.startswith("#") for line in text.split("\n"))


def _read_top(ctx: reading._Context, node, key: str):
    """One top-level key's value, read as campaigns._read reads it."""
    r = ctx.r
    if key == "id":
        return r.ident(node["id"], "id")
    if key in ("title", "client"):
        return ctx.title(node, key, "")
    if key == "summary":
        return ctx.markdown(node, "summary", "")
    if key == "brief":
        return reading._read_brief(ctx, node["brief"])
    if key == "kpis":
        return reading._read_kpis(ctx, node["kpis"])
    return reading._each(ctx, node, key, _LISTS[key])
