"""feed.xml in built sites (FORMAT.md, Publishing, rule 5): published, unprotected audiences only."""

from __future__ import annotations

import re

import feedparser
import pytest

from generator import pipeline
from tests.fixtures.sites import private_of


@pytest.mark.parametrize("audience", ["acme", "harbor"])
def test_a_published_audience_has_a_valid_feed_at_its_own_address(demo_site, audience):
    feed = feedparser.parse((demo_site / audience / "feed.xml").read_bytes())
    assert not feed.bozo and feed.version == "atom10"
    own = f"https://northwind-studio.github.io/receipts/{audience}/"
    assert feed.feed.links[0].href == own + "feed.xml"
    assert feed.entries and all(e.link.startswith(own) for e in feed.entries)


@pytest.mark.parametrize("audience", ["acme", "harbor"])
def test_every_page_links_its_feed(demo_site, audience):
    for page in (demo_site / audience).rglob("*.html"):
        if page.name == "404.html":  # the not-found page, served for any address, links home only
            continue
        head = page.read_text(encoding="utf-8").split("</head>")[0]
        link = re.search(r'<link rel="alternate" type="application/atom\+xml" href="([^"]+)"', head)
        assert link, page
        assert (page.parent / link.group(1)).resolve() == (demo_site / audience / "feed.xml").resolve()


def test_a_feed_holds_nothing_the_timeline_pages_do_not(demo_site):
    """Every entry title is the title of an event the audience's own timeline shows."""
    feed = feedparser.parse((demo_site / "harbor" / "feed.xml").read_bytes())
    pages = " ".join(p.read_text(encoding="utf-8") for p in (demo_site / "harbor").rglob("timeline.html"))
    pages = pages.replace("&#39;", "'").replace("&amp;", "&")
    for entry in feed.entries:
        assert entry.title.split(": ", 1)[1] in pages, entry.title


def test_an_unpublished_audience_has_no_feed(demo_site):
    team = private_of(demo_site) / "team"
    assert (team / "index.html").exists() and not (team / "feed.xml").exists()
    assert 'application/atom+xml' not in (team / "index.html").read_text(encoding="utf-8")


def test_a_protected_audience_has_no_feed(demo_copy, tmp_path, monkeypatch):
    config = demo_copy / "site_config.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  harbor:\n", "  harbor:\n    protect: {passphrase_env: HARBOR_PASSPHRASE}\n", 1),
                      encoding="utf-8")
    monkeypatch.setenv("HARBOR_PASSPHRASE", "a long enough passphrase")
    out = tmp_path / "out"
    pipeline.build(demo_copy, audiences=["harbor"], output=out)
    assert pipeline.has_feed(pipeline.load_workspace(demo_copy).config.audiences["harbor"]) is False
    assert not any(p.name == "feed.xml" for p in (out / "harbor").rglob("*"))
