"""The gate flags script in every file a browser would run, told by name and by bytes, anywhere in the site.

Independent of the load-time refusal (load/active_content.py): a file
planted in a built site (as a slip in copying, a theme or a renderer would
put it there) is found by the audit alone.
"""

from __future__ import annotations

import gzip

import pytest

from tests.unit.test_audit import built, site  # noqa: F401  (fixtures: a built site, copied per test)

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{}</svg>'

VECTORS = [
    ("assets/demo/a.svg", SVG.format("<script>alert(1)</script>"), "a <script> element"),
    ("assets/demo/a.svg", SVG.format("<svg:script xmlns:svg='http://www.w3.org/2000/svg'>x</svg:script>"),
     "a <script> element"),
    ("assets/demo/a.svg", SVG.format('<a xlink:href="javascript:alert(1)"><text>x</text></a>'), "a script URL"),
    ("assets/demo/a.svg", SVG.format('<a><animate attributeName="href" values="javascript:alert(1)"/></a>'),
     "an animation (<animate>) that sets a link or a handler"),
    ("assets/demo/a.svg", SVG.format('<a><set attributeName="xlink:href" to="java&#x0A;script:alert(1)"/></a>'),
     "a script URL"),
    ("assets/demo/a.svg", SVG.format("<foreignObject><div xmlns='http://www.w3.org/1999/xhtml'/></foreignObject>"),
     "a <foreignObject> element"),
    ("assets/demo/a.svg", '<!DOCTYPE svg [<!ENTITY s "&#60;script&#62;alert(1)&#60;/script&#62;">]>'
     + SVG.format("&s;"), "a <script> element"),
    ("assets/demo/page.xhtml", '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>',
     "a <script> element"),
    ("assets/demo/data.xml", '<doc><x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script></doc>',
     "XHTML inside XML"),
    ("assets/demo/data.xml", '<?xml-stylesheet type="text/xsl" href="t.xsl"?><doc/>', "an <?xml-stylesheet?>"),
    ("assets/demo/t.xsl", '<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="1.0"/>',
     "an XSLT stylesheet"),
    # by bytes: a name that says an image, or says nothing
    ("assets/demo/poster.png", SVG.format('<rect onclick="alert(1)"/>'), "an event handler (onclick)"),
    ("assets/demo/notes", "<!DOCTYPE html><body onload=alert(1)>", "an inline event handler (onload)"),
    ("assets/demo/notes.txt", "\ufeff<html><script>alert(1)</script></html>", "an inline script"),
    ("assets/demo/page.html", '<p>x</p><script src="https://evil.example/x.js"></script>',
     "a script from elsewhere than the site's own scripts"),
    ("assets/demo/page.html", '<p>x</p><script src="tracker.js"></script>',
     "a script from elsewhere than the site's own scripts"),
    ("demo/index.html", '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
     "an embedded document (<iframe>)"),
    ("demo/index.html", '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "a srcdoc attribute"),
    ("demo/index.html", '<object data="../assets/demo/kv.svg"></object>', "an embedded document (<object>)"),
    ("demo/index.html", '<base href="https://evil.example/">', "a <base> element"),
    ("demo/index.html", '<meta http-equiv="refresh" content="0;url=https://evil.example">', "a meta refresh"),
    ("assets/demo/archive.mht", "MIME-Version: 1.0\r\n\r\n<script>alert(1)</script>", "a web archive (.mht)"),
    ("assets/demo/tracker.js", "alert(1)", "a script file that is not the site's own"),
    ("demo/extra.mjs", "alert(1)", "a script file that is not the site's own"),
]


@pytest.mark.parametrize("rel, text, what", VECTORS)
def test_script_in_any_file_a_browser_would_run_is_a_finding(site, rel, text, what):
    copy, findings = site
    (copy / rel).parent.mkdir(parents=True, exist_ok=True)
    (copy / rel).write_text(text, encoding="utf-8")
    assert any(f.startswith(f"{rel}: {what}") for f in findings()), findings()


def test_script_in_a_compressed_svg_is_a_finding(site):
    """logo.svgz is served as an SVG (Content-Encoding: gzip) by most servers."""
    copy, findings = site
    (copy / "assets" / "demo").mkdir(parents=True, exist_ok=True)
    (copy / "assets" / "demo" / "logo.svgz").write_bytes(gzip.compress(SVG.format("<script>x</script>").encode()))
    assert any(f.startswith("assets/demo/logo.svgz: a <script> element") for f in findings()), findings()


def test_a_plain_svg_and_a_zipped_banner_pass(site):
    """What the load lets through (a plain SVG; an HTML5 banner zipped) is no finding: members do not run."""
    import io
    import zipfile

    copy, findings = site
    (copy / "assets" / "demo").mkdir(parents=True, exist_ok=True)
    (copy / "assets" / "demo" / "plain.svg").write_text(SVG.format('<rect width="2" height="2"/>'))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("banner/index.html", "<p>Thirty seconds</p><script>go()</script>")
    (copy / "assets" / "demo" / "banner.zip").write_bytes(buffer.getvalue())
    assert findings() == []


FEED_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'


@pytest.mark.parametrize("body, what", [
    ('<title type="html">&lt;script&gt;alert(1)&lt;/script&gt;</title>', "read as markup"),
    ('<entry><link rel="alternate" href="javascript:alert(1)" /></entry>', "no web address"),
    ('<x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script>', "outside Atom"),
    ('<?xml-stylesheet href="a.xsl"?><title>t</title>', "processing instruction"),
])
def test_the_feed_is_read_as_a_feed_reader_reads_it(body, what):
    from generator.audit import active

    found = active.findings("feed.xml", "xml", f"{FEED_HEAD}{body}</feed>", None, False)
    assert any(what in f for f in found), found


def test_an_escaped_tag_in_a_feed_title_is_text_not_script():
    """A title that reads `<script>` is shown as those characters by every feed reader (type text)."""
    from generator.audit import active

    body = ('<title>Decision: &lt;script&gt;alert(1)&lt;/script&gt;</title>'
            '<link rel="self" href="https://acme.example/feed.xml" /><entry><link href="demo/index.html" /></entry>')
    assert active.findings("feed.xml", "xml", f"{FEED_HEAD}{body}</feed>", None, False) == []
    # anywhere else, the same bytes are still searched with their references undone
    assert active.findings("other.xml", "xml", f"{FEED_HEAD}{body}</feed>", None, False)
