"""The parts of reading versions piece by piece (versions.py): a version's layout, the pieces read so far,
where two texts differ, one top-level key read as the plain reader reads it, and whether the reference
checks can tell two pieces apart."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from generator.load import campaigns as reading
from generator.load.yamlio import YMap
from generator.model import Approval, Asset, Campaign, Decision, Deliverable, KpiSeries, Milestone, Note, Task

# Fields that check_references does not read: an entry changed only in these
# (and in its line or visibility) cannot change the checks' verdict. A task's
# label is checked here, as check_references checks it, against the labels.
_UNREAD = {
    Deliverable: {"title", "due"}, Milestone: {"title", "date", "reached"},
    Task: {"title", "start", "due", "done"}, Decision: {"date", "title", "why", "alternatives"},
    Approval: {"version", "asset", "asset_sha256"}, Note: {"date", "text"},
    Asset: {"title", "file", "url", "published"}, KpiSeries: {"title", "unit", "points"},
}
_FIELDS = {kind: tuple(f.name for f in dataclasses.fields(kind)
                       if f.name not in unread | {"line", "visibility"}) for kind, unread in _UNREAD.items()}

# What a piece reads as. Its type follows its key (a str, a tuple of entries, `brief`'s (goals, deliverables),
# `kpis`' (nps, series)), as the plain reader's does; no static type follows a key only known at run time.
PieceValue = Any


@dataclass
class Layout:
    """A valid version cut into pieces: where each starts and what it read as."""

    text: str
    starts: list[int]
    keys: list[str]
    items: list[bool]  # True for a list item, False for a whole key (or a list's header)
    values: list[PieceValue]
    nodes: list[YMap | None]  # each item's YAML mapping while it is known, else None
    indents: dict[str, int]  # each list's item indentation
    campaign: Campaign

    def end(self, index: int) -> int:
        return self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)


@dataclass
class Pieces:
    """A version's pieces as it is cut, in order: a Layout's lists, before its campaign is known."""

    starts: list[int] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    items: list[bool] = field(default_factory=list)
    values: list[PieceValue] = field(default_factory=list)
    nodes: list[YMap | None] = field(default_factory=list)

    def add(self, start: int, key: str, item: bool, value: PieceValue, node: YMap | None = None) -> None:
        self.starts.append(start)
        self.keys.append(key)
        self.items.append(item)
        self.values.append(value)
        self.nodes.append(node)


class PieceMemo:
    """The pieces read so far, in two generations: a piece of text that versions still share stays (it moves
    to the young one when used), one no version has used for a generation is let go, so a long history
    never keeps every piece of every version it read. Only a cache: a piece let go is read again."""

    def __init__(self, size: int = 4096):
        self.size = size
        self.young: dict = {}
        self.old: dict = {}

    def __len__(self) -> int:
        return len(self.young) + len(self.old)

    def get(self, key):
        found = self.young.get(key)
        if found is None:
            found = self.old.pop(key, None)
            if found is not None:
                self.put(key, found)
        return found

    def put(self, key, value) -> None:
        self.young[key] = value
        if len(self.young) >= self.size:
            self.old, self.young = self.young, {}


def entries(values: list) -> list:
    """List pieces as entries: an item is one, a whole list (`tasks: [...]`) is many."""
    out: list = []  # entries of any kind, as the parsed pieces hold them
    for value in values:
        out.extend(value if isinstance(value, tuple) else (value,))
    return out


def only_comments(text: str) -> bool:
    return all(not line.strip() or line.startswith("#") for line in text.split("\n"))


def common_prefix(a: str, b: str) -> int:
    limit = min(len(a), len(b))
    low, step = 0, 256
    while low < limit:
        high = min(low + step, limit)
        if a[low:high] != b[low:high]:
            break
        low, step = high, step * 2
    else:
        return limit
    while high - low > 32:
        middle = (low + high) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle
    while low < high and a[low] == b[low]:
        low += 1
    return low


def common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the common end of a and b, at most `limit`."""
    la, lb = len(a), len(b)
    low, step = 0, 256
    while low < limit:
        high = min(low + step, limit)
        if a[la - high: la - low] != b[lb - high: lb - low]:
            break
        low, step = high, step * 2
    else:
        return limit
    while high - low > 32:
        middle = (low + high) // 2
        if a[la - middle: la - low] == b[lb - middle: lb - low]:
            low = middle
        else:
            high = middle
    while low < high and a[la - low - 1] == b[lb - low - 1]:
        low += 1
    return low


def read_top(ctx: reading._Context, node, key: str):
    """One top-level key's value, read as campaigns._read reads it."""
    r = ctx.r
    if key == "id":
        return r.ident(node["id"], "id")
    if key in ("title", "client"):
        return ctx.title(node, key, "")
    if key == "summary":
        return ctx.optional_text(node, "summary", "")
    if key == "brief":
        return reading._read_brief(ctx, node["brief"])
    if key == "kpis":
        return reading._read_kpis(ctx, node["kpis"])
    if key == "renamed_from":
        return reading.read_renamed_from(ctx, node)
    return reading._each(ctx, node, key, reading.LIST_READERS[key])


def same_references(old: list, new: list, key: str, labels: dict) -> bool:
    """True when the reference checks cannot see a difference between these pieces."""
    if key in ("title", "client", "summary"):
        return True
    if key in ("brief", "kpis"):  # (goals, deliverables), (nps, series)
        old, new = list(old[0][1]), list(new[0][1])
    elif key in reading.LIST_READERS:
        old, new = entries(old), entries(new)
    else:
        return False
    if len(old) != len(new):
        return False
    return all(_same_entry(a, b, labels) for a, b in zip(old, new))


def _same_entry(old, new, labels: dict) -> bool:
    if old is new:
        return True
    if type(old) is not type(new):
        return False
    for name in _FIELDS[type(new)]:
        was, now = getattr(old, name), getattr(new, name)
        if was == now:
            continue
        if name == "label" and now in labels:
            continue
        if name == "comments" and [c.by for c in was] == [c.by for c in now]:
            continue
        return False
    return True
