"""Each audience's address and language (FORMAT.md, Publishing rule 2).

Before: a `site.url` with a percent-encoded path failed every build (the gate compared the encoded
prefix with decoded links); every audience's sitemap, canonical links and 404 page used site.url
itself; the UI language was one per workspace.
"""

from __future__ import annotations

import re

from generator import pipeline
from tests.conftest import MINIMAL_CONFIG

ENCODED = "https://studio.example/caf%C3%A9/our%20work/"


def config_with(site_url: str, client1: str = "") -> str:
    config = MINIMAL_CONFIG.replace("  timezone: Europe/Madrid\n", f"  timezone: Europe/Madrid\n  url: '{site_url}'\n")
    return config.replace("  client1: {title: Client one, tier: 1, campaigns: [demo]}",
                          "  client1: {title: Client one, tier: 1, campaigns: [demo]" + client1 + "}")


def test_a_percent_encoded_site_url_builds_and_each_audience_keeps_it(make_workspace, tmp_path):
    root = make_workspace.write(config=config_with(ENCODED, ", path: c1-q7c2"))
    out = tmp_path / "out"
    pipeline.build(root, audiences=["client0", "client1"], output=out, jobs=1)
    for audience, folder in (("client0", "client0"), ("client1", "c1-q7c2")):
        own = f"{ENCODED}{folder}/"
        locs = re.findall(r"<loc>([^<]*)</loc>", (out / folder / "sitemap.xml").read_text(encoding="utf-8"))
        assert locs and all(loc.startswith(own) for loc in locs), audience
        links = re.findall(r'href="(/[^"]*)"', (out / folder / "404.html").read_text(encoding="utf-8"))
        assert links and all(link.startswith(f"/caf%C3%A9/our%20work/{folder}/") for link in links)
        home = (out / folder / "index.html").read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="{own}index.html">' in home


def test_an_audience_on_its_own_domain_uses_it_everywhere(make_workspace, tmp_path):
    root = make_workspace.write(config=config_with("https://studio.example/receipts/",
                                                   ", url: 'https://receipts.client.example'"))
    out = tmp_path / "out"
    pipeline.build(root, audiences=["client1"], output=out, jobs=1)
    sitemap = (out / "client1" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://receipts.client.example/index.html</loc>" in sitemap and "studio.example" not in sitemap
    links = re.findall(r'href="(/[^"]*)"', (out / "client1" / "404.html").read_text(encoding="utf-8"))
    assert links and all(link.startswith("/") and not link.startswith("/receipts/") for link in links)
    assert (out / "client1" / links[0].lstrip("/")).is_file()


def test_an_audience_reads_its_own_language(make_workspace, tmp_path):
    campaign = ("id: demo\ntitle: Demo campaign\nclient: Client Co.\n"
                "tasks:\n  - {id: t1, title: Storyboard, owner: maria, label: in-progress}\n")
    root = make_workspace.write(config=config_with("https://studio.example/", ", language: es"),
                                campaigns={"demo": campaign})
    out = tmp_path / "out"
    pipeline.build(root, audiences=["client1", "client3"], output=out, jobs=1)
    spanish = (out / "client1" / "demo" / "index.html").read_text(encoding="utf-8")
    english = (out / "client3" / "demo" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="es"' in spanish and '<html lang="en"' in english
    assert "En curso" in spanish and "In progress" not in spanish  # a built-in label, in the audience's language
    assert "In progress" in english
    assert 'data-stale-text="Sin actualizar desde hace {n} días"' in spanish
    assert 'data-stale-text="Not updated for {n} days"' in english
    landing = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in landing  # the deploy folder's own pages speak site.language
