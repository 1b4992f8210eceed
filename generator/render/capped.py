"""Lists that grow with the agency, cut short on the pages that gather every campaign.

The home page's cards, a client's "Your turn" and the site-wide measures
page each gather items from every campaign; at an agency's scale (tens of
thousands of entries) their full lists would make those pages megabytes.
They show the first items (oldest first: the ones that have waited
longest) and say how many there are in all and where the rest are: each
campaign's overview and measures page keep its whole list, so nothing is
hidden, only gathered elsewhere (docs/client-view.md, "Long lists").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

CARD_ITEMS = 5  # a home card's "Needs attention"
TURN_ITEMS = 25  # a client's "Your turn", across its campaigns
AGENCY_ITEMS = 50  # the site-wide measures page's "Needs attention"

T = TypeVar("T")


@dataclass(frozen=True)
class Capped(Generic[T]):
    items: tuple[T, ...]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.items)

    def __bool__(self) -> bool:
        return self.total > 0

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def capped(items, limit: int) -> Capped:
    found = tuple(items)
    return Capped(found[:limit], len(found))
