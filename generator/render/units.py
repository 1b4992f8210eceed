"""An audience's pages in units, each with the key of everything it is made from.

A campaign's pages (overview, timeline, decisions, approvals, receipts,
notes, final work, measures) are rendered from a view that holds that
campaign alone (`campaign_view`), so the key of that view (with the
campaign's measures) says all they show: an edit to another campaign leaves
the key, and so the pages, as they were. The site-wide pages (home, search,
matrix, the agency's measures page, the charts' scripts) are one unit keyed
by the whole view. Keys are SHA-256 digests of a canonical form of the values
(`digest`), the same in every process; a value it does not know has no
canonical form, and then the unit has no key and is always rendered.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from generator.render import Rendered
from generator.view import AudienceView, Opened, VCampaign

VERSION = 1  # of the keys' form: a new one makes every key new


@dataclass(frozen=True)
class Unit:
    key: str | None  # None: rendered every build
    make: Callable[[], Rendered]


def campaign_view(view: AudienceView, campaign: VCampaign) -> AudienceView:
    """The view as one campaign's pages see it: that campaign, and nothing of the others."""
    return dataclasses.replace(view, campaigns=(campaign,), matrix=(), opened=Opened())


def digest(value: object) -> str | None:
    """SHA-256 of the canonical form of `value`; None when it holds something without one."""
    try:
        text = json.dumps(_canonical(value), ensure_ascii=False, separators=(",", ":"))
    except TypeError:
        return None
    return hashlib.sha256(f"{VERSION}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()


def _canonical(value: object) -> object:
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return ["float", repr(value)]
    if isinstance(value, (dt.datetime, dt.date, dt.time)):  # tzinfo's name too: 10:00 UTC is not 10:00 Paris
        return [type(value).__name__, value.isoformat(), str(getattr(value, "tzinfo", None))]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__] + [[f.name, _canonical(getattr(value, f.name))]
                                         for f in dataclasses.fields(value)]
    if isinstance(value, (list, tuple)):
        return ["seq", [_canonical(v) for v in value]]
    if isinstance(value, (set, frozenset)):
        items = [_canonical(v) for v in value]
        return ["set", sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False))]
    if isinstance(value, dict):
        pairs = [[_canonical(k), _canonical(v)] for k, v in value.items()]
        return ["map", sorted(pairs, key=lambda p: json.dumps(p, ensure_ascii=False))]
    raise TypeError(f"no canonical form for {type(value).__name__}")


def merged(parts: list[Rendered]) -> Rendered:
    """The units' pages, copies and files as one site's, in path order."""
    whole = Rendered()
    for part in parts:
        whole.pages += part.pages
        whole.copies += part.copies
        whole.files.update(part.files)
        whole.search += part.search
        whole.warnings += part.warnings
        whole.record_head = part.record_head or whole.record_head
    whole.pages.sort(key=lambda p: p.path)
    whole.copies.sort()
    whole.search = in_campaign_order(whole.search)
    return whole


def in_campaign_order(records: list) -> list:
    """Search records campaign by campaign (each URL starts with its campaign's id), each campaign's in
    the order its units made them: the pages', then its measures page's."""
    return sorted(records, key=lambda r: r.url.split("/", 1)[0])


def outputs(part: Rendered) -> tuple[list[str], list[str], list[str]]:
    """(docs-relative pages, site-relative files other than pages) a unit's render wrote, and the
    content-relative files it copies (their bytes are inputs its key does not hold)."""
    return ([p.path for p in part.pages], sorted({dest for _, dest in part.copies} | set(part.files)),
            sorted({source for source, _ in part.copies}))
