"""Final work and logos that a browser would run script in are refused when the workspace loads.

A site is served on the client's own address: an SVG with a script, an XHTML
page or an XML file with XHTML in it, linked from the work page, ran its
script there when clicked (docs/format.md, "Paths": final work holds nothing
that runs).
"""

from __future__ import annotations

import gzip

import pytest

from generator.inputs import load_workspace
from tests.unit.test_loading import CAMPAIGN, problems_of
from tests.unit.test_validation_published_files import logo_problems

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{}</svg>'
PLAIN = SVG.format('<rect width="4" height="4" fill="#0a7d4f"/><text x="1" y="3">Acme</text>').encode()
XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'

# Every way an SVG runs script or loads from elsewhere, each alone in an otherwise plain SVG.
SVG_VECTORS = {
    "script": (SVG.format("<script>alert(document.domain)</script>"), "a <script> element"),
    "prefixed script": ('<svg xmlns:s="http://www.w3.org/2000/svg"><s:script>alert(1)</s:script></svg>',
                        "a <script> element"),
    "onload": (SVG.format('<rect onload="alert(1)"/>'), "an event handler (onload)"),
    "upper case handler": (SVG.format('<rect ONCLICK="alert(1)"/>'), "an event handler (onclick)"),
    "javascript href": (SVG.format('<a href="javascript:alert(1)"><text>x</text></a>'), "a script URL (href)"),
    "xlink href, entity-spelt": (SVG.format('<a xlink:href="java&#x09;script:alert(1)"><text>x</text></a>'),
                                 "a script URL (href)"),
    "animate href": (SVG.format('<a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a>'),
                     "an animation that sets href"),
    "set xlink:href": (SVG.format('<a><set attributeName="xlink:href" to="https://evil.example"/></a>'),
                       "an animation that sets xlink:href"),
    "foreignObject": (SVG.format('<foreignObject><p>hi</p></foreignObject>'), "a <foreignObject> element"),
    "xhtml inside": (SVG.format('<h:img xmlns:h="http://www.w3.org/1999/xhtml" src="#x"/>'),
                     "an XHTML element (<img>: HTML that runs inside the SVG)"),
    "script in an entity": ('<!DOCTYPE svg [<!ENTITY s "&#60;script&#62;alert(1)&#60;/script&#62;">]>'
                            + SVG.format("&s;"), "a <script> element"),
    "stylesheet instruction": ('<?xml-stylesheet type="text/xsl" href="x.xsl"?>' + SVG.format(""),
                               "a processing instruction (<?xml-stylesheet …?>)"),
    "external use": (SVG.format('<use href="https://evil.example/s.svg#a"/>'), "a link or reference to elsewhere"),
    "data: page": (SVG.format('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"/>'), "a script URL"),
    "style import": (SVG.format("<style>@import url(https://evil.example/x.css);</style>"),
                     "a style that loads from elsewhere"),
    "paint from elsewhere": (SVG.format('<rect fill="url(https://evil.example/p.svg#g)"/>'),
                             "a style that loads from elsewhere"),
    "external entity": ('<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + SVG.format("<text>&x;</text>"),
                        "an external entity"),
    "entity bomb": ("<!DOCTYPE svg [" + "".join(f'<!ENTITY e{i} "{("&e%d;" % (i - 1)) * 10 if i else "x" * 10}">'
                                                  for i in range(9)) + "]>" + SVG.format("<text>&e8;</text>"),
                    "is not a well-formed SVG"),
}


def asset_problems(make_workspace, name: str, data: bytes) -> list[str]:
    campaign = CAMPAIGN + f"assets:\n  - {{id: work, title: Final work, file: 'assets/{name}'}}\n"
    return problems_of(make_workspace, campaign, assets={f"assets/{name}": data})


@pytest.mark.parametrize("vector", SVG_VECTORS)
def test_an_svg_that_can_run_or_load_anything_is_refused_as_final_work(make_workspace, vector):
    text, what = SVG_VECTORS[vector]
    [problem] = asset_problems(make_workspace, "key-visual.svg", text.encode())
    assert "assets[0].file: 'assets/key-visual.svg' " in problem and what in problem, problem
    assert "give the asset a zip of it as its file" in problem


@pytest.mark.parametrize("vector", SVG_VECTORS)
def test_an_svg_logo_that_can_run_or_load_anything_is_refused(make_workspace, vector):
    text, what = SVG_VECTORS[vector]
    [problem] = logo_problems(make_workspace, "content/brand/logo.svg", {"content/brand/logo.svg": text.encode()})
    assert problem.startswith("site_config.yml:11: audiences.client3.branding.logo: 'content/brand/logo.svg' ")
    assert what in problem and "expected a plain SVG" in problem, problem


@pytest.mark.parametrize("name, data, what", [
    ("banner.html", b"<p>no script at all</p>", "is a web page (.html), which a browser runs scripts in"),
    ("banner.XHTML", b'<html xmlns="http://www.w3.org/1999/xhtml"/>', "is an XHTML page (.xhtml)"),
    ("feed.xml", b"<feed/>", "is an XML file (.xml)"),
    ("page.xsl", b"<xsl:stylesheet/>", "is an XSL stylesheet (.xsl)"),
    ("archive.mht", b"MIME-Version: 1.0\r\n", "is a web archive (.mht)"),
    ("logo.svgz", gzip.compress(PLAIN), "is a compressed SVG (.svgz)"),
    ("tracker.js", b"alert(1)", "is a script (.js)"),
    ("banner.html.gz", gzip.compress(b"<script>alert(1)</script>"), "is a compressed HTML file (.html.gz)"),
    ("logo.svg.br", b"\x1b\x2a\x00", "is a compressed SVG file (.svg.br)"),
    # by its bytes, whatever its name says
    ("poster.png", PLAIN, "holds an SVG image but is named .png"),
    ("notes", b"\xef\xbb\xbf  <!DOCTYPE html><script>alert(1)</script>", "holds a web page or XML"),
    ("deck.txt", "<html><body onload=alert(1)>".encode("utf-16"), "holds a web page or XML"),
    ("data.bin", b'<?xml version="1.0"?><x:html xmlns:x="http://www.w3.org/1999/xhtml"/>', "holds a web page or XML"),
])
def test_final_work_a_browser_would_open_as_a_page_is_refused_by_name_or_bytes(make_workspace, name, data, what):
    [problem] = asset_problems(make_workspace, name, data)
    assert f"assets[0].file: 'assets/{name}' {what}" in problem, problem


@pytest.mark.parametrize("name, data", [
    ("key-visual.svg", PLAIN),
    ("key-visual.svg", SVG.format('<defs><linearGradient id="g"/></defs><rect fill="url(#g)"/>'
                                  '<use xlink:href="#g"/><image href="data:image/png;base64,iVBORw0KGgo="/>').encode()),
    ("deck.md", b"# Launch copy\n\nThirty seconds of quiet minutes.\n"),
    ("poster.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 16),
])
def test_plain_final_work_still_loads(make_workspace, name, data):
    campaign = CAMPAIGN + f"assets:\n  - {{id: work, title: Final work, file: 'assets/{name}'}}\n"
    root = make_workspace.write(campaigns={"demo": campaign}, assets={f"assets/{name}": data})
    assert load_workspace(root).campaigns["demo"].assets[0].file == f"assets/{name}"


def test_an_svg_is_shown_only_through_img_and_its_links_download_it(make_workspace, tmp_path):
    """A link that opens an SVG makes it a document on the site's address; <img> runs nothing."""
    import re

    from generator import pipeline
    from tests.conftest import MINIMAL_CONFIG

    campaign = ("id: demo\ntitle: Demo\nclient: C\nassets:\n"
                "  - {id: kv, title: Key visual, file: assets/kv.svg}\n"
                "  - {id: deck, title: Deck, file: assets/deck.zip}\n")
    root = make_workspace.write(MINIMAL_CONFIG, {"demo": campaign},
                                {"assets/kv.svg": PLAIN, "assets/deck.zip": b"PK\x05\x06" + b"\0" * 18})
    [result] = pipeline.build(root, audiences=["client1"], output=tmp_path / "out")
    page = (result.path / "demo" / "work.html").read_text(encoding="utf-8")
    assert re.search(r'<img src="[^"]*kv\.svg"', page)
    links = re.findall(r"<a [^>]*>", page)
    to_svg = [tag for tag in links if "kv.svg" in tag]
    assert to_svg and all(" download" in tag for tag in to_svg), to_svg
    assert not re.search(r"<(?:object|embed|iframe)\b", page)
    assert all(" download" in tag for tag in links if "deck.zip" in tag)
