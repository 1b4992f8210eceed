"""The audit gate finds what a leaking renderer would write, however it is written.

One small workspace is built once; each test copies the tier-1 client's site,
plants one thing in it, and asks the gate.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import random
import shutil
import struct
import subprocess
import sys
import tarfile
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest

from generator import audit, pipeline
from generator.audit import binary_text, containers, reading, scan
from generator.redact.entries import redact
from generator.inputs import load_workspace
from tests.conftest import MINIMAL_CONFIG, REPO, WorkspaceMaker
from tests.fixtures import images
from tests.fixtures.audited_copy import audited_copy
from tests.fixtures.views import built_view

CAMPAIGN = """\
id: demo
title: Demo campaign
client: Client Co.
summary: Public summary of the work. [internal]Our margin on this job is forty percent.[/internal]
brief:
  deliverables:
    - {id: hero, title: Hero video}
    - {id: moodboard, title: Moodboard, visibility: internal}
milestones:
  - {id: kickoff, title: Kickoff workshop, date: 2026-01-10, reached: true}
tasks:
  - {id: storyboard, title: Storyboard sketches, owner: maria, label: in-progress, deliverable: hero}
  - {id: budget-secret, title: Budget reconciliation nobody may see, label: in-progress, visibility: internal}
decisions:
  - id: concept
    date: 2026-01-20
    title: Morning concept chosen
    why: It tested best with real people.
    comments:
      - {by: maria, at: 2026-01-19T23:59:00, text: The CMO hated version one badly., visibility: internal}
assets:
  - {id: hero-final, title: Hero video final, deliverable: hero, file: assets/hero.png, published: 2026-02-01}
  - {id: mood-final, title: Moodboard images, deliverable: moodboard, file: assets/mood.png}
"""
SECRET = "Budget reconciliation nobody may see"
MOOD = images.png(shade=40)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("audit")
    ws = WorkspaceMaker(root / "ws").write(MINIMAL_CONFIG, {"demo": CAMPAIGN}, {
        "assets/hero.png": images.png(shade=200),
        "assets/mood.png": MOOD})
    out = root / "out"
    pipeline.build(ws, output=out)
    return load_workspace(ws), out


@pytest.fixture
def site(built, tmp_path):
    """A private copy of client1's site (tier 1) and a function that audits it."""
    workspace, out = built
    return audited_copy(workspace, out, tmp_path)


def plant(path: Path, text: str) -> None:
    """Put `text` inside the <main> of a page (or at the end of any file)."""
    old = path.read_text(encoding="utf-8")
    new = old.replace("</main>", text + "</main>", 1) if "</main>" in old else old + text
    path.write_text(new, encoding="utf-8")


def test_a_built_site_passes(site):
    assert site[1]() == []


@pytest.mark.parametrize("written", [
    SECRET,
    SECRET.upper(),
    "".join(f"&#x{ord(c):x};" for c in SECRET),  # every character an entity
    "<em>Budget</em> reconciliation <span>nobody</span>\n may   see",
    '<script type="application/json">{"t": "\\u0042udget reconciliation nobody may see"}</script>',
    '<a href="search.html?q=Budget%20reconciliation%20nobody%20may%20see">x</a>',
    '<a href="#" title="budget-reconciliation-nobody-may-see">x</a>',
    "<p>Our margin on this job is forty percent.</p>",  # an [internal] span's text
    "<p>The CMO hated <strong>version one</strong> badly.</p>",  # a hidden comment
])
def test_hidden_text_is_found_however_it_is_encoded(site, written):
    copy, findings = site
    plant(copy / "index.html", written)
    found = findings()
    assert found and all(f.startswith("index.html: hidden text") for f in found), found


@pytest.mark.parametrize("target", ["search/part_001.js", "sitemap.xml.gz", "demo/data.csv", "js/extra.json"])
def test_hidden_text_is_found_in_every_kind_of_file(site, target):
    copy, findings = site
    path = copy / target
    path.parent.mkdir(parents=True, exist_ok=True)
    if target.endswith(".gz"):
        path.write_bytes(gzip.compress(f"<urlset><url><loc>{SECRET}</loc></url></urlset>".encode()))
    elif target == "search/part_001.js":
        records = json.loads(path.read_text(encoding="utf-8").split("=", 1)[1].rstrip().rstrip(";"))
        records[0]["x"] += " " + SECRET
        payload = json.dumps(records).replace("<", "\\u003c")
        path.write_text(f'window.RECEIPTS_SEARCH_PARTS["part_001"] = {payload};\n', encoding="utf-8")
    else:
        path.write_text(f'"id","title"\n"1","{SECRET}"\n', encoding="utf-8")
    assert any(f.startswith(f"{target}: hidden text") for f in findings())


def test_two_strings_of_a_data_file_are_two_texts(site):
    """A phrase made by the end of one JSON string and the start of the next (a record's title, then its
    caption) is not in the file: at 50,000 entries a hidden "Task 33 of 66" matched "... or task" + "33 of
    66 review rounds". Inside one string, quotes and all, and in a page's prose, it is still found."""
    copy, findings = site
    (copy / "js").mkdir(exist_ok=True)
    apart = copy / "js" / "apart.json"
    apart.write_text(json.dumps({"x": ["The budget reconciliation", "nobody may see the chart"]}),
                     encoding="utf-8")
    assert findings() == []
    apart.write_text(json.dumps({"t": 'Budget "reconciliation", nobody may see', "x": []}), encoding="utf-8")
    assert any(f.startswith("js/apart.json: hidden text") for f in findings())
    apart.unlink()
    plant(copy / "index.html", '<p>Budget "reconciliation", nobody may see</p>')
    assert any(f.startswith("index.html: hidden text") for f in findings())


def test_the_search_index_lists_only_parts_that_exist_each_under_its_own_name(site):
    copy, findings = site
    (copy / "search" / "part_001.js").rename(copy / "search" / "part_009.js")
    found = findings()
    assert "search/index.js: a search part that is missing 'part_001'" in found
    assert "search/part_009.js: a search index the audit cannot read" in found


def test_a_search_record_of_a_missing_page_is_found_in_any_part(site):
    copy, findings = site
    part = copy / "search" / "part_002.js"
    part.write_text('window.RECEIPTS_SEARCH_PARTS["part_002"] = [{"t":"x","u":"demo/approvals/gone.html","x":"y"}];\n',
                    encoding="utf-8")
    index = copy / "search" / "index.js"
    index.write_text(index.read_text(encoding="utf-8").replace('"part_001"', '"part_001","part_002"'),
                     encoding="utf-8")
    assert findings() == ["search/part_002.js: a search record of a missing page 'demo/approvals/gone.html'"]


def test_a_gzip_the_audit_cannot_open_or_open_whole_is_a_finding(site, monkeypatch):

    copy, findings = site
    (copy / "sitemap.xml.gz").write_bytes(b"\x1f\x8b not a gzip stream")
    assert any(f.startswith("sitemap.xml.gz: more than the audit reads") for f in findings())
    (copy / "sitemap.xml.gz").write_bytes(gzip.compress(b"<urlset></urlset>") + b"not a second member")
    assert any(f.startswith("sitemap.xml.gz: more than the audit reads") for f in findings())  # junk after its end
    monkeypatch.setattr(containers, "MAX_FILE", 64)  # a bomb, in small: more inside than the audit inflates
    (copy / "sitemap.xml.gz").write_bytes(gzip.compress(b"<urlset>" + b" " * 4096 + b"</urlset>"))
    assert any(f.startswith("sitemap.xml.gz: more than the audit reads") for f in findings())


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX_BODY = f"<w:document><w:body><w:p><w:r><w:t>{SECRET}</w:t></w:r></w:p></w:body></w:document>".encode()


@pytest.mark.parametrize("name, data", [
    ("logo.svgz", gzip.compress(f"<svg><text>{SECRET}</text></svg>".encode())),  # a gzip by its bytes, not name
    ("deck.docx", zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": DOCX_BODY})),
    ("offer.pdf", zipped({"notes.txt": SECRET.encode()})),  # a zip whatever its name says
    ("bundle.zip", zipped({"inner/page.html.gz": gzip.compress(f"<p>{SECRET}</p>".encode())})),
    ("notes.txt.bz2", bz2.compress(SECRET.encode())),
    ("notes.xz", lzma.compress(SECRET.encode())),
])
def test_hidden_text_inside_a_compressed_file_or_an_archive_is_found(site, name, data):
    copy, findings = site
    (copy / "assets" / name).parent.mkdir(parents=True, exist_ok=True)
    (copy / "assets" / name).write_bytes(data)
    assert any(f.startswith(f"assets/{name}: hidden text") for f in findings()), findings()


def test_an_archive_holding_nothing_hidden_passes(site):
    copy, findings = site
    (copy / "assets").mkdir(exist_ok=True)
    (copy / "assets" / "deck.docx").write_bytes(zipped({"word/document.xml": b"<w:t>Thirty seconds</w:t>"}))
    assert findings() == []


def test_what_the_audit_cannot_open_is_a_finding_that_says_what_it_is(site):
    copy, findings = site
    (copy / "assets").mkdir(exist_ok=True)
    shutil.copy(REPO / "content" / "history.bundle", copy / "assets" / "logo.png")  # the demo's whole history
    encrypted = bytearray(zipped({"plan.txt": b"anything"}))
    for header in (b"PK\x03\x04", b"PK\x01\x02"):  # flag the member encrypted in both of its headers
        at = encrypted.find(header) + (6 if header == b"PK\x03\x04" else 8)
        encrypted[at] |= 0x01
    (copy / "assets" / "plan.zip").write_bytes(bytes(encrypted))
    nested = SECRET.encode()
    for _ in range(4):  # deeper than the audit opens
        nested = gzip.compress(nested)
    (copy / "assets" / "deep.gz").write_bytes(nested)
    report = findings()
    assert "assets/logo.png: a git bundle (a whole git history), which the audit cannot open, so it cannot " \
           "tell what it holds" in report
    assert any(f.startswith("assets/plan.zip: an encrypted zip member (plan.txt)") for f in report)
    assert any(f.startswith("assets/deep.gz: a compressed file or archive nested 4 deep") for f in report)


def gzip_with(body: bytes, name: bytes | None = None, comment: bytes | None = None) -> bytes:
    """A gzip member with a file name (FNAME) or a comment (FCOMMENT) in its header, as gzip(1) writes them."""
    flags = (0x08 if name is not None else 0) | (0x10 if comment is not None else 0)
    header = b"\x1f\x8b\x08" + bytes([flags]) + b"\0\0\0\0\0\xff"
    header += b"".join(field + b"\0" for field in (name, comment) if field is not None)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return header + packer.compress(body) + packer.flush() + struct.pack("<II", zlib.crc32(body), len(body))


def commented_zip(comment: bytes = b"", member_comment: bytes = b"", name: str = "x.txt") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.comment = comment
        info = zipfile.ZipInfo(name)
        info.comment = member_comment
        archive.writestr(info, b"nothing to see")
    return buffer.getvalue()


def tarred(members: dict[str, bytes], mode: str = "w") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def plant_asset(copy: Path, name: str, data: bytes) -> str:
    (copy / "assets" / "c1").mkdir(parents=True, exist_ok=True)
    (copy / "assets" / "c1" / name).write_bytes(data)
    return f"assets/c1/{name}"


@pytest.mark.parametrize("name, data", [
    ("pack.zip", zipped({f"{SECRET}.txt": b"nothing to see"})),  # a member's name
    ("pack.zip", zipped({SECRET.replace(" ", "\u00a0") + ".txt": b"x"})),  # one no printable run shows ('may')
    ("pack.zip", commented_zip(comment=SECRET.encode())),  # the archive's comment
    ("pack.zip", commented_zip(member_comment=SECRET.encode())),  # a member's comment
    ("pack.zip", zipped({"x.txt": b"nothing to see"}) + f"\n{SECRET}\n".encode()),  # text after its end
    ("key-visual.tif", gzip_with(b"pixels", name=f"{SECRET}.txt".encode())),  # a gzip's FNAME
    ("key-visual.tif", gzip_with(b"pixels", comment=SECRET.encode())),  # ... and FCOMMENT
])
def test_what_a_container_says_besides_its_members_is_read(site, name, data):
    """A container's own bytes are read as any binary file's, and the names and comments it lists as text."""
    copy, findings = site
    rel = plant_asset(copy, name, data)
    assert any(f.startswith(f"{rel}: hidden text") for f in findings()), findings()


def test_the_compressed_bytes_of_a_member_are_not_read_as_text(site):
    """Members are read decompressed; their compressed bytes are noise, whose printable runs make e-mail
    addresses that are not there ('a@gc.yh' in this one): read as they stand, a plain data file would fail."""
    copy, findings = site
    numbers = random.Random(299)
    data = "".join(f"{numbers.randrange(10**9)},{numbers.random():.6f}\n" for _ in range(8000)).encode()
    packed = gzip.compress(data, mtime=0)
    assert scan._emails(binary_text.runs(packed))  # what a search of the raw bytes would report
    plant_asset(copy, "series.csv.gz", packed)
    plant_asset(copy, "series.zip", zipped({"series.csv.gz": packed}))
    assert findings() == []


def test_a_hidden_files_bytes_inside_a_container_are_found_at_any_depth(site):
    copy, findings = site
    plant_asset(copy, "pack.zip", zipped({"alt/cup.png": MOOD, "readme.txt": b"Final artwork"}))
    plant_asset(copy, "key-visual.png.gz", gzip.compress(MOOD))
    plant_asset(copy, "deep.zip.gz", gzip.compress(zipped({"inner.zip": zipped({"cup.png": MOOD})})))
    report = findings()
    what = "the bytes of the file of hidden asset 'mood-final' in demo"
    assert f"assets/c1/pack.zip: holds alt/cup.png, {what}" in report, report
    assert f"assets/c1/key-visual.png.gz: holds key-visual.png, {what}" in report
    assert f"assets/c1/deep.zip.gz: holds cup.png in inner.zip in deep.zip, {what}" in report
    assert not any("readme.txt" in f for f in report)


DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": DOCX_BODY})


@pytest.mark.parametrize("name, data", [
    ("plain.tar", tarred({"deck.docx": DOCX})),  # a docx inside a tar: compressed, no run of it shows
    ("pack.tar.gz", tarred({"deck.docx": DOCX}, "w:gz")),
    ("pack.tbz", tarred({"notes/a.txt.gz": gzip.compress(SECRET.encode())}, "w:bz2")),
    ("pack.txz", tarred({f"{SECRET}.txt": b"x"}, "w:xz")),  # a member's name, compressed with the rest
    ("offer.pdf", tarred({"notes.txt.gz": gzip.compress(SECRET.encode())})),  # a tar whatever its name
])
def test_a_tar_is_opened_and_its_members_read(site, name, data):
    copy, findings = site
    rel = plant_asset(copy, name, data)
    assert any(f.startswith(f"{rel}: hidden text") for f in findings()), findings()


def test_a_tar_with_more_after_its_end_is_a_finding_and_one_with_nothing_hidden_passes(site):
    copy, findings = site
    plant_asset(copy, "fine.tar.gz", tarred({"readme.txt": b"Final artwork", "deck.docx": zipped({"a.xml": b"<a/>"})},
                                            "w:gz"))
    assert findings() == []
    rel = plant_asset(copy, "more.tar", tarred({"readme.txt": b"Final artwork"}) + gzip.compress(b"anything"))
    assert any(f.startswith(f"{rel}: more than the audit reads") for f in findings())
    plant_asset(copy, "more.tar", tarred({"alt/cup.png": MOOD}, "w:xz"))
    assert findings() == [f"{rel}: holds alt/cup.png in more.tar, the bytes of the file of hidden asset 'mood-final' "
                          "in demo"]


def run(tag: str, text: str) -> str:
    return f"<{tag}:r><{tag}:t>{text}</{tag}:t></{tag}:r>"


@pytest.mark.parametrize("name, part, xml", [
    ("deck.docx", "word/document.xml", "<w:document><w:body><w:p>" + run("w", "Budget reconcil")
     + '<w:r w:rsidR="00A1"><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">iation nobody </w:t></w:r>'
     + run("w", "may see") + "</w:p></w:body></w:document>"),
    ("deck.pptx", "ppt/slides/slide1.xml", "<p:sld><a:p>" + run("a", "Budget reconciliation no") + run("a", "body")
     + run("a", " may see") + "</a:p></p:sld>"),
    ("sheet.xlsx", "xl/sharedStrings.xml", "<sst><si><r><t>Budget recon</t></r><r><rPr><b/></rPr>"
     "<t>ciliation nobody may see</t></r></si></sst>"),
])
def test_a_word_split_across_office_text_runs_is_found(site, name, part, xml):
    copy, findings = site
    rel = plant_asset(copy, name, zipped({"[Content_Types].xml": b"<Types/>", part: xml.encode()}))
    assert any(f.startswith(f"{rel}: hidden text") for f in findings()), findings()


def test_office_runs_are_joined_within_a_paragraph_only():
    xml = ("<w:p>" + run("w", "Bud") + run("w", "get ") + "<w:r><w:t>one</w:t><w:br/><w:t>two</w:t><w:tab/>"
           "<w:t>three</w:t></w:r></w:p><w:p>" + run("w", "four") + "</w:p>")
    assert reading.office_joined(xml).split() == ["Budget", "one", "two", "three", "four"]
    assert reading.office_joined("<p>no runs</p>") is None


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_text_in_utf16_is_read_by_its_byte_order_mark(site, codec):
    copy, findings = site
    text = f"Meeting notes.\n{SECRET}.\n"
    encoded = text.encode(codec) if codec != "utf-16-be" else b"\xfe\xff" + text.encode(codec)
    rel = plant_asset(copy, "notes.txt", encoded)
    zip_rel = plant_asset(copy, "notes.zip", zipped({"notes.txt": encoded}))
    bare_rel = plant_asset(copy, "notes", encoded)  # no name to tell it is text: its bytes do
    report = findings()
    for one in (rel, zip_rel, bare_rel):
        assert any(f.startswith(f"{one}: hidden text") for f in report), (one, report)


PNG = images.png()
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.mark.parametrize("name, data", [
    ("poster.png", PNG + zipped({"notes.txt": SECRET.encode()})),  # a polyglot: a PNG, and a zip
    ("offer.pdf", PDF + zipped({"notes.txt": SECRET.encode()})),
    ("setup.exe", b"MZ" + b"\0" * 200 + zipped({"notes.txt": SECRET.encode()})),  # a zip behind a prefix
    ("plain.tar", tarred({"a.txt": b"Final artwork"}) + zipped({"notes.txt": SECRET.encode()})),
])
def test_a_zip_appended_to_another_file_is_read(site, name, data):
    copy, findings = site
    rel = plant_asset(copy, name, data)
    report = findings()
    assert any(f.startswith(f"{rel}: hidden text") for f in report), report
    assert not any(f.startswith(f"{rel}: more than") for f in report), report


@pytest.mark.parametrize("name, compress", [("sitemap.xml.gz", gzip.compress), ("notes.bz2", bz2.compress),
                                            ("notes.xz", lzma.compress)])
def test_every_stream_of_a_multi_stream_file_is_read(site, name, compress):
    """bgzip, pbzip2 and xz write a file as streams back to back: each is read, the file is read whole."""
    copy, findings = site
    rel = plant_asset(copy, name, compress(b"<p>Final artwork.</p>\n") + compress(b"<p>Second stream.</p>\n"))
    assert findings() == []
    plant_asset(copy, name, compress(b"Meeting notes.\n") + compress(f"{SECRET}.\n".encode()) + b"\0" * 8)
    report = findings()
    assert any(f.startswith(f"{rel}: hidden text") for f in report), report
    assert not any(f.startswith(f"{rel}: more than") for f in report), report  # zeros after the end: padding
    plant_asset(copy, name, compress(b"Meeting notes.\n") + b"not a stream")
    assert any(f.startswith(f"{rel}: more than the audit reads") for f in findings())


def test_what_is_decompressed_from_a_file_is_bounded(site, monkeypatch):
    """A member read as text is read up to MAX_TEXT, everything from one file up to MAX_TOTAL: more is a finding."""
    assert "20 times its size and at most 1 GiB, 64 MiB a member read as text, 3 levels deep" in containers.limits()
    copy, findings = site
    text_rel = plant_asset(copy, "notes.zip", zipped({"a.txt": b"Final artwork. " * 70}))  # 1,050 bytes
    binary_rel = plant_asset(copy, "media.zip", zipped({"a.bin": b"\0\1\2\3" * 256 + b"Final artwork."}))
    assert findings() == []
    monkeypatch.setattr(containers, "MAX_TEXT", 1024)
    report = findings()
    assert [f.split(":")[0] for f in report] == [text_rel], report  # the binary member is read whole
    assert report[0].startswith(f"{text_rel}: more than the audit reads")
    monkeypatch.setattr(containers, "MAX_TEXT", 64 << 20)
    monkeypatch.setattr(containers, "MAX_TOTAL", 1000)
    monkeypatch.setattr(containers, "MAX_FILE", 0)
    assert sorted(f.split(":")[0] for f in findings()) == [binary_rel, text_rel]


def test_members_are_read_one_at_a_time(site, built):
    """A zip of many text members costs the audit about one member's worth of memory, not the archive's."""
    copy, findings = site
    noise = random.Random(7).randbytes(1 << 19).hex().encode()  # text that packs about twice, as prose does
    member = b"\n".join(noise[at:at + 64] for at in range(0, len(noise), 64))
    rel = plant_asset(copy, "decks.zip", zipped({f"deck{i}.txt": member + b"%d" % i for i in range(8)}))
    workspace, _ = built
    reader = workspace.config.audiences["client1"]
    rules = scan.Rules(audit.hidden_for(workspace, reader, redact(workspace, reader)[0]))
    tracemalloc.start()
    try:
        found = scan.scan_file(copy / rel, rel, rules, scan.links.Site({rel}, None))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found == []
    assert peak < 20 * len(member), peak / len(member)  # the old reading held all twelve, and their text


def test_a_finding_never_shows_the_secret_in_full(site):
    copy, findings = site
    plant(copy / "index.html", f"<p>{SECRET}</p><p>maria@studio.example</p>")
    report = "\n".join(findings())
    assert "e-mail address" in report and "hidden text" in report
    assert SECRET.lower() not in report.lower() and "maria@studio.example" not in report


@pytest.mark.parametrize("written, what", [
    ("<p>write to maria@studio.example</p>", "e-mail address"),
    ("<p>ping m&#97;ria&#64;studio.example</p>", "e-mail address"),
    ("<p>[internal]x[/internal]</p>", "[internal] marker"),
    ("<p>&#91;internal&#93;</p>", "[internal] marker"),
    ("<!-- todo: ask the CMO -->", "HTML comment"),
    ('<a href="nowhere.html">x</a>', "missing page"),
    ('<a href="demo/nowhere.html#top">x</a>', "missing page"),
    ('<img src="assets/demo/missing.png" alt="">', "missing page"),
    ('<a href="../../etc/passwd">x</a>', "outside the site"),
    ('<a href="/demo/index.html">x</a>', "root-relative"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "script URL"),
    ('<a href="&#106;avascript:alert(1)">x</a>', "script URL"),
    ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "data: URL"),
    ('<div data-embed="javascript:alert(1)"></div>', "script URL"),  # site.js would load it as a player
    ('<a href="#" onclick="alert(1)">x</a>', "event handler"),
    ("<script>alert(1)</script>", "inline script"),
    ('<script data-src="x.js">alert(1)</script>', "inline script"),  # a data- attribute is not src
    ('<script title="src=x.js">alert(1)</script>', "inline script"),  # nor is src= inside a value
    # every attribute that leads somewhere, however the tag is written (links.py reads only these)
    ('<video class="v" poster="assets/demo/none.jpg"></video>', "missing page"),
    ('<form><button formaction="nowhere.html">x</button></form>', "missing page"),
    ('<form action="nowhere.html"></form>', "missing page"),
    ('<object data="nowhere.svg"></object>', "missing page"),
    ('<svg><use xlink:href="nowhere.svg#i"/></svg>', "missing page"),
    ('<img class="a"\n     SRCSET="assets/demo/none.png 2x" alt="">', "missing page"),
    ('<img alt="" src=assets/demo/none.png>', "missing page"),
    ("<p class='x'\tOnMouseOver='alert(1)'>x</p>", "event handler"),
    # written as browsers still read them: no space after a quoted value, a "/" between attributes
    ('<a href="#"onclick="alert(1)">x</a>', "event handler"),
    ("<a/onclick='alert(1)'>x</a>", "event handler"),
    ('<img alt=""src="assets/demo/none.png">', "missing page"),
])
def test_each_kind_of_finding(site, written, what):
    copy, findings = site
    plant(copy / "index.html", written)
    assert any(f.startswith("index.html:") and what in f for f in findings()), findings()


def test_links_that_are_fine(site):
    copy, findings = site
    plant(copy / "index.html", '<a href="#content">a</a> <a href="demo/index.html#top">b</a> '
                               '<a href="https://example.com/x">c</a> <a href="mailto:x@y.example">d</a> '
                               '<a href="search.html?q=video">e</a> <a href="demo/">f</a>')
    assert [f for f in findings() if "link" in f] == []


def test_an_absolute_path_of_the_build_machine(site, built):
    workspace, _ = built
    copy, findings = site
    plant(copy / "demo" / "index.html", f"<p>{workspace.root}/content/assets/hero.png</p>")
    assert any("demo/index.html: an absolute path of the build machine" in f for f in findings())


def test_source_maps(site):
    copy, findings = site
    (copy / "js" / "site.js.map").write_text("{}", encoding="utf-8")
    plant(copy / "js" / "site.js", "\n//# sourceMappingURL=site.js.map\n")
    found = findings()
    assert "js/site.js.map: a source map" in found
    assert "js/site.js: a source map reference" in found


def test_file_names_are_scanned(site):
    copy, findings = site
    (copy / "demo" / "budget-secret.html").write_text("<p>x</p>", encoding="utf-8")
    (copy / "demo" / "budget-reconciliation-nobody-may-see.pdf").write_bytes(b"%PDF")
    found = findings()
    assert any(f.startswith("demo/budget-secret.html: the file name is the id of hidden task") for f in found)
    assert any(f.startswith("demo/budget-reconciliation-nobody-may-see.pdf: the file name holds") for f in found)


def test_a_hidden_ids_that_are_also_generated_names_are_not_findings(built, tmp_path):
    """A hidden task called "timeline" does not make every site's timeline page a finding."""
    workspace, _ = built
    root = tmp_path / "ws"
    shutil.copytree(workspace.root, root)
    campaign = root / "content" / "campaigns" / "demo.yml"
    campaign.write_text(campaign.read_text(encoding="utf-8").replace(
        "  - {id: budget-secret,", "  - {id: timeline, title: A task named timeline, label: stuck, visibility: internal}\n"
        "  - {id: budget-secret,"), encoding="utf-8")
    pipeline.build(root, output=tmp_path / "out")  # raises AuditError on a false finding
    assert (tmp_path / "out" / "client1" / "demo" / "timeline.html").is_file()


def test_a_hidden_assets_bytes_are_found_under_any_name(site):
    copy, findings = site
    (copy / "assets" / "demo" / "innocent.png").write_bytes(MOOD)
    assert any(f.startswith("assets/demo/innocent.png: the bytes of the file of hidden asset 'mood-final'")
               for f in findings())


def test_metadata_of_binary_files_is_scanned(site):
    copy, findings = site
    data = (copy / "assets" / "demo" / "hero.png").read_bytes()
    (copy / "assets" / "demo" / "hero.png").write_bytes(data + b"\0tEXtAuthor\0maria@studio.example\0")
    assert any(f.startswith("assets/demo/hero.png: an e-mail address") for f in findings())


def test_noise_in_a_video_that_spells_an_address_is_no_finding_but_a_written_address_is(site):
    """Compressed video is random-looking bytes, whose printable runs spell an "address" every 20 MB or so:
    a 60 MB final film failed its build. Addresses someone wrote (metadata, a person's of the workspace) count."""
    copy, findings = site
    noise = random.Random(7).randbytes(1 << 20)
    film = b"\x00\x00\x00\x18ftypmp42" + noise + b"\x00\x9fZq3@h5x.vq\x00" + noise
    (copy / "assets" / "demo" / "film.mp4").write_bytes(film)
    assert not [f for f in findings() if f.startswith("assets/demo/film.mp4")]
    (copy / "assets" / "demo" / "film.mp4").write_bytes(film + b"\x00maria@studio.example\x00")  # a person's
    assert any(f.startswith("assets/demo/film.mp4: an e-mail address (mar") for f in findings())
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description dc:creator="a.photographer@lens.example"/>'
           b"</rdf:RDF></x:xmpmeta>")
    (copy / "assets" / "demo" / "film.mp4").write_bytes(film + xmp)  # metadata someone wrote: any address
    assert any(f.startswith("assets/demo/film.mp4: an e-mail address (a.p") for f in findings())


def test_names_of_agency_people_are_hidden_from_a_roles_audience(built, tmp_path):
    workspace, out = built
    copy = tmp_path / "client2"
    shutil.copytree(out / "client2", copy)
    a = workspace.config.audiences["client2"]
    view, _ = built_view(workspace, a)
    assert audit.audit_built(copy, workspace, a, view) == []
    plant(copy / "index.html", "<p>Owner: María López</p>")
    assert any("the name of person 'maria'" in f for f in audit.audit_built(copy, workspace, a, view))


def test_a_retina_image_name_is_not_an_email(site):
    copy, findings = site
    (copy / "assets" / "demo" / "logo@2x.png").write_bytes(images.png())
    plant(copy / "index.html", '<img src="assets/demo/logo@2x.png" alt="">')
    assert findings() == []


def test_vendored_plotly_is_trusted_only_byte_for_byte(site):
    from generator.render.charts import plotly_source

    copy, findings = site
    (copy / "vendor").mkdir(exist_ok=True)
    shutil.copyfile(plotly_source(), copy / "vendor" / "plotly-basic.min.js")
    assert findings() == []  # its licence header's e-mail address is upstream's, not ours
    with (copy / "vendor" / "plotly-basic.min.js").open("a", encoding="utf-8") as handle:
        handle.write("\n/* ask maria@studio.example */ var s = 'Budget reconciliation nobody may see';\n")
    found = findings()
    assert any(f.startswith("vendor/plotly-basic.min.js: an e-mail address") for f in found)
    assert any(f.startswith("vendor/plotly-basic.min.js: hidden text") for f in found)


def test_the_command_line(built, tmp_path):
    workspace, out = built
    copy = tmp_path / "client1"
    shutil.copytree(out / "client1", copy)

    def run(*args):
        return subprocess.run([sys.executable, "-m", "generator", "audit", str(copy), "--workspace",
                               workspace.root, *args], capture_output=True, text=True, timeout=120)

    clean = run("--audience", "client1")
    assert clean.returncode == 0 and "clean" in clean.stdout
    plant(copy / "index.html", f"<p>{SECRET}</p>")
    dirty = run("--audience", "client1")
    assert dirty.returncode == 1 and "index.html: hidden text" in dirty.stdout
    assert SECRET.lower() not in dirty.stdout.lower() and "Traceback" not in dirty.stderr
    wrong = run("--audience", "nobody")
    assert wrong.returncode == 1 and "unknown audience 'nobody'" in wrong.stderr
    usage = run()
    assert usage.returncode == 2 and "--audience" in usage.stderr


def test_final_work_that_is_a_web_page_with_a_script_is_refused_with_a_way_forward(site):
    copy, findings = site
    (copy / "assets" / "demo").mkdir(parents=True, exist_ok=True)
    (copy / "assets" / "demo" / "banner.html").write_text("<p>Ad</p><script>go()</script>", encoding="utf-8")
    (copy / "assets" / "demo" / "banner.zip").write_bytes(zipped({"banner.html": b"<script>go()</script>"}))
    report = [f for f in findings() if f.startswith("assets/demo/")]
    assert report == ["assets/demo/banner.html: an inline script (final work that is a web page is published as a "
                      "page of this site, where nothing may run or link out of it: give the asset a zip of it as "
                      "its file, or its address as its url)"]  # the zip of the same banner passes


def test_data_a_zip_carries_where_no_member_is_read_is_read_too(site):
    """A folder entry is never opened as a member, yet may carry data: the zip's own bytes are read whole."""
    copy, findings = site
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(zipfile.ZipInfo("notes/"), f"{SECRET}.\n".encode())  # a folder entry, with data
        archive.writestr("readme.txt", b"Final artwork, print ready.")
    (copy / "assets").mkdir(exist_ok=True)
    (copy / "assets" / "pack.zip").write_bytes(buffer.getvalue())
    assert any(f.startswith("assets/pack.zip: hidden text") for f in findings()), findings()
