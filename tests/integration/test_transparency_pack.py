"""The transparency pack (docs/transparency-pack.md): a PDF per campaign for audiences that see receipts.

Its text is read back with pypdf, as a client's tools would read it: it
holds the receipts (steps, names, times, asset hashes) and nothing the
audience may not see, in the audience's language; two builds give the same
bytes; the audit gate reads it, and a build whose pack would show a hidden
phrase fails.
"""

from __future__ import annotations

import hashlib
import io
import re
import sys

import pypdf
import pytest
from jinja2 import ChoiceLoader, DictLoader

from generator import pipeline
from generator.errors import AuditError, StrictError
from generator.render import context
from generator.render.pack_pdf import INSTALL
from tests.fixtures.sites import site_of

PACK = "demo/transparency-pack.pdf"
STORYBOARD = b"%PDF-1.4 storyboard v2, the file under review\n"
CANARY = "Quokka"  # every hidden text below holds it: no site of a client may show it
SECRET_TASK = f"{CANARY} task: poach the rival's design team"  # long enough to be a phrase the gate seeks

CONFIG = """\
site:
  title: Test Studio
  timezone: Europe/Madrid
people:
  maria: {name: María López, role: Creative Director, side: agency, emails: [maria@studio.example]}
  jane: {name: Jane Doe, role: CMO, side: client, emails: [jane@client.example]}
audiences:
  client2: {title: Client two, tier: 2, campaigns: [demo]}
  client3: {title: Client three, tier: 3, campaigns: [demo]}
  cliente: {title: Cliente tres, tier: 3, campaigns: [demo], language: es}
  team: {title: Team, tier: 4, internal: true, campaigns: all}
"""

CAMPAIGN = f"""\
id: demo
title: Demo campaign
client: Client Co.
summary: |
  A spring launch. [internal]{CANARY} summary span.[/internal]
brief:
  goals:
    - Grow sign-ups [internal]{CANARY} goal span[/internal]
  deliverables:
    - {{id: film, title: Launch film, due: 2026-03-01}}
    - {{id: secret-film, title: {CANARY} deliverable, due: 2026-03-02, visibility: internal}}
milestones:
  - {{id: kickoff, title: Kickoff workshop, date: 2026-01-12, reached: true}}
  - {{id: secret-ms, title: {CANARY} milestone, date: 2026-01-20, visibility: internal}}
tasks:
  - {{id: cut, title: Edit the film, label: in-progress, owner: maria, start: 2026-01-15, due: 2026-02-20}}
  - {{id: secret-task, title: "{SECRET_TASK}", label: in-progress, visibility: internal}}
  - {{id: workflow-task, title: {CANARY} workflow task, label: in-progress, visibility: 4}}
decisions:
  - id: cast
    date: 2026-01-25
    title: Cast real people
    why: |
      They test better. [internal]{CANARY} decision span.[/internal]
    decided_by: [maria, jane]
    comments:
      - {{by: maria, at: 2026-01-26T10:00:00, text: {CANARY} comment, visibility: internal}}
  - {{id: secret-decision, date: 2026-01-27, title: {CANARY} decision, visibility: internal}}
approvals:
  - id: storyboard-v2
    subject: film
    version: v2
    asset: assets/storyboard-v2.pdf
    requested: 2026-02-02T10:00:00
    due: 2026-02-05T18:00:00
    steps:
      - by: jane
        verdict: changes-requested
        at: 2026-02-04T16:10:00
        comment: Swap the kitchen for the balcony. [internal]{CANARY} step span.[/internal]
      - {{by: maria, verdict: approved, at: 2026-02-04T17:00:00, comment: {CANARY} step, visibility: internal}}
      - {{by: jane, verdict: approved, at: 2026-02-09T09:30:00, comment: Good to go to casting.}}
  - id: secret-approval
    subject: secret-task
    requested: 2026-02-03T10:00:00
    visibility: internal
  - id: workflow-approval
    subject: cut
    version: {CANARY}-v9
    requested: 2026-02-03T11:00:00
    visibility: 4
notes:
  - {{date: 2026-02-09, text: {CANARY} workflow note, visibility: 4}}
  - {{date: 2026-02-10, text: {CANARY} internal note, visibility: internal}}
assets:
  - {{id: secret-asset, title: {CANARY} asset, url: "https://example.com/quokka", visibility: internal}}
kpis:
  nps:
    - {{date: 2026-01-09, value: 31}}
    - {{date: 2026-02-13, value: 38}}
  series:
    - id: signups
      title: Sign-ups
      unit: people
      points:
        - {{date: 2026-01-15, value: 120}}
        - {{date: 2026-02-15, value: 480}}
    - id: secret-series
      title: {CANARY} series
      visibility: internal
      points:
        - {{date: 2026-01-15, value: 7}}
"""


def pdf_text(data: bytes) -> str:
    """Everything pypdf extracts: the pages' text and the document's information."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    pages = "\n".join(page.extract_text() for page in reader.pages)
    info = " ".join(str(value) for value in (reader.metadata or {}).values())
    return " ".join(f"{pages}\n{info}".split())


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    from tests.conftest import WorkspaceMaker

    root = tmp_path_factory.mktemp("pack") / "ws"
    return WorkspaceMaker(root).write(CONFIG, {"demo": CAMPAIGN}, {"assets/storyboard-v2.pdf": STORYBOARD})


@pytest.fixture(scope="module")
def built(workspace, tmp_path_factory):
    out = tmp_path_factory.mktemp("pack-out") / "site"
    pipeline.build(workspace, output=out, strict=True)
    return out


def test_the_pack_holds_every_receipt_with_its_chain_times_and_hash(built):
    text = pdf_text((site_of(built, "client3") / PACK).read_bytes())
    assert "Transparency pack" in text and "Demo campaign" in text and "Client three" in text
    assert "storyboard-v2" in text and "Launch film v2" in text
    assert "Jane Doe" in text and "4 Feb 2026, 16:10" in text and "9 Feb 2026, 09:30" in text
    assert "Swap the kitchen for the balcony." in text and "Good to go to casting." in text
    assert hashlib.sha256(STORYBOARD).hexdigest() in text.replace(" ", "")
    assert "Kickoff workshop" in text and "Whose turn" in text and "Sign-ups" in text  # milestones, measures


def test_the_cover_names_the_record_the_site_holds(built):
    """The pack and the site speak of one record: its length and full head, as record.json says."""
    import json

    site = site_of(built, "client3")
    record = json.loads((site / "record.json").read_text(encoding="utf-8"))
    cover = pdf_text((site / PACK).read_bytes())
    assert f"Record {record['length']}, {record['head'][:4]}…{record['head'][-2:]}" in cover
    assert record["head"] in cover.replace(" ", "")


@pytest.mark.parametrize("audience", ["client3", "cliente"])
def test_the_pack_holds_no_hidden_text(built, audience):
    data = (site_of(built, audience) / PACK).read_bytes()
    assert CANARY.lower() not in pdf_text(data).lower()
    assert CANARY.encode() not in data  # nor in its uncompressed parts (the information dictionary, XMP)


def test_the_internal_pack_shows_what_the_team_sees(built):
    text = pdf_text((site_of(built, "team") / PACK).read_bytes())
    assert SECRET_TASK in text and f"{CANARY} step" in text  # the same template, a wider view


def test_the_campaign_page_links_its_pack(built):
    page = (site_of(built, "client3") / "demo" / "index.html").read_text(encoding="utf-8")
    assert 'href="transparency-pack.pdf"' in page and "Download the transparency pack (PDF)" in page


def test_no_pack_for_an_audience_whose_tier_has_no_receipts(built):
    site = site_of(built, "client2")
    assert not list(site.rglob("*.pdf"))
    assert "transparency-pack" not in (site / "demo" / "index.html").read_text(encoding="utf-8")


def test_a_spanish_audience_gets_its_pack_in_spanish(built):
    text = pdf_text((site_of(built, "cliente") / PACK).read_bytes())
    assert "Dossier de transparencia" in text and "Comprobantes de aprobación" in text and "Página 1 de" not in text
    assert "A quién le toca" in text and "feb 2026" in text
    assert "Approval receipts" not in text and "Whose turn" not in text
    reader = pypdf.PdfReader(io.BytesIO((site_of(built, "cliente") / PACK).read_bytes()))
    assert reader.trailer["/Root"]["/Lang"] == "es"
    page = (site_of(built, "cliente") / "demo" / "index.html").read_text(encoding="utf-8")
    assert "Descargar el dossier de transparencia (PDF)" in page


def test_the_pack_is_tagged_for_screen_readers(built):
    root = pypdf.PdfReader(site_of(built, "client3") / PACK).trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root and root["/Lang"] == "en"


def test_two_builds_give_the_same_pdf_bytes(workspace, built, tmp_path):
    again = tmp_path / "again"
    pipeline.build(workspace, audiences=["client3"], output=again)
    first, second = (site_of(out, "client3") / PACK for out in (built, again))
    assert first.read_bytes() == second.read_bytes()
    reader = pypdf.PdfReader(first)
    assert "/ID" not in reader.trailer  # no random file identifier
    assert reader.metadata["/CreationDate"] == reader.metadata["/ModDate"]  # the as-of moment, not the clock
    assert str(first.parent.parent).encode() not in first.read_bytes()  # no build machine's folder


def test_the_pack_dates_follow_source_date_epoch(workspace, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772409600")  # 2026-03-02 00:00 UTC
    pipeline.build(workspace, audiences=["client3"], output=tmp_path / "out")
    reader = pypdf.PdfReader(site_of(tmp_path / "out", "client3") / PACK)
    assert reader.metadata["/CreationDate"].startswith("D:20260302010000")  # as of, in Europe/Madrid


def test_the_gate_fails_a_build_whose_pack_would_hold_a_hidden_phrase(workspace, built, tmp_path, monkeypatch):
    """A pack template that reaches past the view (as one given the workspace would): the gate reads the PDF."""
    source = (context.TEMPLATES / "pack.html").read_text(encoding="utf-8")
    leaky = source.replace("</body>", "<p>{{ leaked }}</p>\n</body>")
    monkeypatch.setattr(context.ENV, "loader", ChoiceLoader([DictLoader({"pack.html": leaky}), context.ENV.loader]))
    monkeypatch.setitem(context.ENV.globals, "leaked", SECRET_TASK)
    before = (site_of(built, "client3") / PACK).read_bytes()
    with pytest.raises(AuditError) as failed:
        pipeline.build(workspace, audiences=["client3"], output=built)
    assert re.search(r"demo/transparency-pack\.pdf: hidden text", str(failed.value))
    assert (site_of(built, "client3") / PACK).read_bytes() == before  # the last good site stays


def test_without_weasyprint_the_site_is_built_without_packs_and_says_how_to_install(workspace, tmp_path,
                                                                                      monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` raises ImportError
    [result] = pipeline.build(workspace, audiences=["client3"], output=tmp_path / "out")
    assert any(INSTALL in warning for warning in result.warnings)
    site = site_of(tmp_path / "out", "client3")
    assert not list(site.rglob("*.pdf"))
    assert "transparency-pack" not in (site / "demo" / "index.html").read_text(encoding="utf-8")
    with pytest.raises(StrictError) as refused:
        pipeline.build(workspace, audiences=["client3"], output=tmp_path / "strict", strict=True)
    assert INSTALL in str(refused.value)


def test_an_audience_with_packs_false_gets_none_and_no_link_whatever_its_tier(tmp_path):
    from tests.conftest import WorkspaceMaker

    config = CONFIG.replace("client3: {title: Client three, tier: 3, campaigns: [demo]}",
                            "client3: {title: Client three, tier: 3, campaigns: [demo], packs: false}")
    workspace = WorkspaceMaker(tmp_path / "ws").write(config, {"demo": CAMPAIGN},
                                                      {"assets/storyboard-v2.pdf": STORYBOARD})
    [result] = pipeline.build(workspace, audiences=["client3"], output=tmp_path / "out", strict=True)
    site = site_of(tmp_path / "out", "client3")
    assert not list(site.rglob("*.pdf")) and not result.warnings
    assert "transparency-pack" not in (site / "demo" / "index.html").read_text(encoding="utf-8")
    assert (site / "demo" / "approvals" / "storyboard-v2.html").is_file()  # its receipts stay on the site


def test_a_protected_site_seals_its_pack_with_the_rest(tmp_path, monkeypatch):
    from tests.conftest import REPO
    from tests.fixtures.sealed import PASSPHRASES, open_sealed, protected_demo

    workspace = protected_demo(REPO, tmp_path / "ws")
    for name, value in PASSPHRASES.items():
        monkeypatch.setenv(name, value)
    pipeline.build(workspace, audiences=["acme"], output=tmp_path / "site")
    site = tmp_path / "site" / "acme"
    assert not [p for p in site.rglob("*") if p.is_file() and (p.suffix == ".pdf" or p.read_bytes()[:5] == b"%PDF-")]
    opened = open_sealed(site, PASSPHRASES["ACME_PASSPHRASE"])
    pack = opened["spring-launch/transparency-pack.pdf"]
    assert pack.startswith(b"%PDF-") and "Approval receipts" in pdf_text(pack)
    assert b'href="transparency-pack.pdf"' in opened["spring-launch/index.html"]


@pytest.mark.parametrize("audience", ["acme"])
def test_the_demo_packs_hold_no_sentence_hidden_from_their_audience(demo_site, audience):
    """The whole-site leak test's rule (test_no_leaks.py), applied to the text pypdf reads from each pack."""
    from generator.inputs import load_workspace
    from tests.conftest import REPO
    from tests.integration.test_no_leaks import hidden_texts

    secrets = hidden_texts(load_workspace(REPO), audience)
    packs = sorted(site_of(demo_site, audience).rglob("transparency-pack.pdf"))
    assert secrets and packs
    for pack in packs:
        text = pdf_text(pack.read_bytes()).lower()
        assert "approval receipts" in text
        assert [s for s in secrets if s in text] == []


def test_a_long_campaign_gets_a_pack_whose_shortened_lists_say_so(workspace, tmp_path, monkeypatch):
    """Past the bounds a list keeps its latest (or first) items and says how many the site shows."""
    from generator.render import pack

    monkeypatch.setattr(pack, "MAX_EVENTS", 3)
    monkeypatch.setattr(pack, "MAX_ROWS", 1)
    monkeypatch.setattr(pack, "MAX_RECEIPTS", 1)
    pipeline.build(workspace, audiences=["team"], output=tmp_path / "out")
    text = pdf_text((site_of(tmp_path / "out", "team") / PACK).read_bytes())
    assert "some lists below are shortened" in text
    assert re.search(r"The latest 3 of \d+ events: the site's timeline shows them all", text)
    assert "The latest 1 of 3 receipts" in text and "RECEIPT 3 OF 3" in text and "RECEIPT 1 OF 3" not in text
    assert "The first 1 of 2 rows" in text
