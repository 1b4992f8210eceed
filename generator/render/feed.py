"""An audience's timeline as an Atom feed (RFC 4287): feed.xml at the site's root.

FORMAT.md, Publishing, rule 5. The feed holds the latest FEED_SIZE past
events of every campaign the view holds, newest first, built from the same
timeline items as the timeline pages, so it can show nothing they do not.
Entry ids are `urn:uuid:` names derived from what the event is (audience,
campaign, kind, the entry it is about, its moment), never from a commit, a
display name or its place in the feed: a reader's feed client sees an event
once, however many builds follow. Links are absolute
when the audience has an address, else relative to the feed itself
(resolved by the reader against the feed's own URL, as RFC 4287 allows).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import uuid
import xml.etree.ElementTree as ET
from urllib.parse import urljoin

import nh3

from generator.render import i18n
from generator.render.links import html_url
from generator.render.markup import markdown_html
from generator.render.plan import CampaignPlan
from generator.render.signals import attention
from generator.render.timeline import TimelineItem, moment
from generator.render.timeline_quiet import events as timeline_events
from generator.view import AudienceView, VCampaign

FEED_PATH = "feed.xml"
FEED_SIZE = 50
ATOM = "http://www.w3.org/2005/Atom"
_ID_SPACE = uuid.UUID("6f1c1d1e-52a4-4c8e-9b8a-2f6a0c3e7d10")  # Receipts' own; fixed forever


def feed_xml(view: AudienceView) -> bytes:
    """The Atom document for the view: same view, same bytes."""
    events = _latest_events(view)
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": view.language})
    base = view.site_url or ""
    _text(root, "id", _urn(view.audience.id, "feed"))
    _text(root, "title", f"{view.audience.title} · {view.site_title}")
    _text(root, "subtitle", _attention_line(view))
    _text(root, "updated", _stamp(_updated(view, events), view.timezone))
    ET.SubElement(root, "link", {"rel": "self", "type": "application/atom+xml", "href": _url(base, FEED_PATH)})
    ET.SubElement(root, "link", {"rel": "alternate", "type": "text/html", "href": _url(base, "index.html")})
    author = ET.SubElement(root, "author")
    _text(author, "name", view.site_title)
    _text(root, "generator", "Receipts")
    seen: dict[tuple[str, ...], int] = {}
    for campaign, item in events:
        what = _identity(view, campaign, item)
        seen[what] = seen.get(what, -1) + 1
        root.append(_entry(view, campaign, item, base, (*what, str(seen[what]))))
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def _attention_line(view: AudienceView) -> str:
    """What the home page's "Your turn" and "Needs attention" say, in one line (signals.py decides)."""
    found = [s for c in view.campaigns for s in attention(view, c)]
    mine = sum(1 for s in found if s.mine)
    key = "feed_attention_mine" if not view.audience.internal else "feed_attention"
    return i18n.t(view.language, key, n=len(found), mine=mine)


def _latest_events(view: AudienceView) -> list[tuple[VCampaign, TimelineItem]]:
    found = []
    for campaign in sorted(view.campaigns, key=lambda c: c.id):
        items = timeline_events(view, campaign, CampaignPlan(view, campaign).target)
        found += [(campaign, item) for item in items if not item.upcoming]
    # Stable sort: events of one moment keep the timeline's own order.
    found.sort(key=lambda pair: moment(pair[1].when, view.timezone), reverse=True)
    return found[:FEED_SIZE]


def _identity(view: AudienceView, campaign: VCampaign, item: TimelineItem) -> tuple[str, ...]:
    """What an event is, to name it: its entry (by its page anchor, which holds the entry's id, so a
    retitled entry keeps its events' ids; by its title when it has no page), its kind and its moment.
    Never a commit hash, a person's display name or anything else a correction or an unseen change could
    alter: a feed reader would show the event again."""
    return view.audience.id, campaign.id, item.kind, item.link or item.title, item.when.isoformat()


def _entry(view: AudienceView, campaign: VCampaign, item: TimelineItem, base: str,
           identity: tuple[str, ...]) -> ET.Element:
    entry = ET.Element("entry")
    kind = i18n.t(view.language, "kind_" + item.kind)
    _text(entry, "id", _urn(*identity))
    _text(entry, "title", f"{kind}: {item.title}")
    _text(entry, "updated", _stamp(item.when, view.timezone))
    page = _html(item.link) if item.link else f"{campaign.id}/timeline.html"
    ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": _url(base, page)})
    ET.SubElement(entry, "category", {"term": item.family, "label": campaign.title})
    summary = _summary(item)
    if summary:
        _text(entry, "summary", summary)
    return entry


def _html(link: str) -> str:
    page, _, anchor = link.partition("#")
    return html_url(page) + (f"#{anchor}" if anchor else "")


def _plain(markdown: str | None) -> str:
    """Markdown as the text a reader sees: rendered and sanitised as on the pages, then every tag dropped."""
    if not markdown:
        return ""
    return " ".join(html.unescape(nh3.clean(str(markdown_html(markdown)), tags=set())).split())


def _summary(item: TimelineItem) -> str:
    parts = [item.detail, *item.entries, _plain(item.reason), _plain(item.text)]
    if item.by:
        parts.append(item.by)
    return " · ".join(p for p in parts if p)


def _updated(view: AudienceView, events: list[tuple[VCampaign, TimelineItem]]):
    if events:
        return events[0][1].when
    return view.as_of or dt.date(1970, 1, 1)


def _stamp(when, tz: str) -> str:
    """RFC 3339 with an offset, as Atom requires; a date counts from its start in the site's time zone."""
    return moment(when, tz).astimezone(dt.timezone.utc).replace(microsecond=0).isoformat().replace(
        "+00:00", "Z")


def _url(base: str, path: str) -> str:
    return urljoin(base, path) if base else path


def _urn(*parts: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(_ID_SPACE, "\x1f".join(parts)))


# What XML 1.0 cannot hold (its Char production): a commit message is not checked as workspace text is.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = _NOT_XML.sub("\ufffd", value)
    return element

