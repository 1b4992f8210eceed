"""A file is what it is, not how it is written: links, hard links and copies of a hidden asset's file.

A receipt gave the SHA-256 of an internal asset's file when its approval
reached that file through a symbolic link: asset identity was the path as
written (docs/format.md, "Paths").
"""

from __future__ import annotations

import hashlib
import os
import shutil

import pytest

from generator import audit, pipeline
from generator.errors import InputError
from generator.redact.entries import redact
from generator.inputs import load_workspace
from tests.conftest import MINIMAL_CONFIG

OFFER = b"%PDF-1.4 the Globex offer, internal"
CAMPAIGN = """\
id: demo
title: Demo campaign
client: Client Co.
tasks:
  - {id: script, title: Film script, label: in-progress}
approvals:
  - {id: script-v2, subject: script, version: v2, asset: APPROVAL, requested: 2026-01-21T10:00:00}
assets:
  - {id: offer, title: Globex offer, file: assets/globex-offer.pdf, visibility: internal}
"""


def workspace_with(make_workspace, approval_file: str, make) -> object:
    root = make_workspace.write(campaigns={"demo": CAMPAIGN.replace("APPROVAL", approval_file)},
                                assets={"assets/globex-offer.pdf": OFFER})
    make(root / "content" / "assets" / "globex-offer.pdf", root / "content" / approval_file)
    return root


@pytest.mark.parametrize("make", [
    lambda target, link: os.symlink(target.name, link),  # a symbolic link
    lambda target, link: os.link(target, link),  # a hard link
    lambda target, copy: shutil.copy(target, copy),  # the same bytes under another name
    lambda target, link: os.symlink(".", link.parent / "same"),  # a link to the folder: assets/same/...
])
def test_a_receipt_never_fingerprints_a_hidden_assets_file_however_it_is_reached(make_workspace, tmp_path, make):
    """The approval's file is a link to, or a copy of, an internal asset's file: the client's receipt names no
    file and gives no SHA-256 (the internal audience's does), and the gate passes the site."""
    written = "assets/script-v2.pdf"
    root = make_workspace.write(campaigns={"demo": CAMPAIGN.replace("APPROVAL", "WRITTEN")},
                                assets={"assets/globex-offer.pdf": OFFER})
    target = root / "content" / "assets" / "globex-offer.pdf"
    make(target, root / "content" / written)
    if not (root / "content" / written).exists():
        written = "assets/same/globex-offer.pdf"
    (root / "content" / "campaigns" / "demo.yml").write_text(CAMPAIGN.replace("APPROVAL", written))
    workspace = load_workspace(root)
    receipts = {a: redact(workspace, workspace.config.audiences[a])[0].campaigns[0].approvals[0]
                for a in ("client3", "team")}
    assert (receipts["client3"].asset, receipts["client3"].asset_sha256) == (None, None)
    assert receipts["team"].asset_sha256 == hashlib.sha256(OFFER).hexdigest()
    [result] = pipeline.build(root, audiences=["client3"], output=tmp_path / "out")
    assert hashlib.sha256(OFFER).hexdigest() not in "".join(
        p.read_text(encoding="utf-8") for p in result.path.rglob("*.html"))


@pytest.mark.parametrize("make", [
    lambda target, link: os.symlink(target.name, link),
    lambda target, link: os.link(target, link),
    lambda target, copy: shutil.copy(target, copy),
])
def test_a_shown_asset_that_links_to_a_hidden_assets_file_is_refused(make_workspace, make):
    """Published, it would be the hidden asset's file on the client's site: one file is written one way."""
    campaign = CAMPAIGN.replace("APPROVAL", "assets/globex-offer.pdf") + \
        "  - {id: public, title: Public cut, file: assets/public.pdf}\n"
    root = make_workspace.write(campaigns={"demo": campaign}, assets={"assets/globex-offer.pdf": OFFER})
    make(root / "content" / "assets" / "globex-offer.pdf", root / "content" / "assets" / "public.pdf")
    with pytest.raises(InputError) as caught:
        load_workspace(root)
    [problem] = [str(p) for p in caught.value.problems]
    assert problem.startswith("content/campaigns/demo.yml:10: assets[1].file: 'assets/public.pdf' is the same "
                              "file as 'assets/globex-offer.pdf' (content/campaigns/demo.yml:9 assets[0].file), "
                              "named another way"), problem
    assert "write 'assets/globex-offer.pdf' in both places" in problem


def test_the_gate_finds_a_hidden_assets_fingerprint_on_any_page(make_workspace, tmp_path):
    """Independent of redaction: the SHA-256 of a hidden asset's file is hidden text."""
    root = workspace_with(make_workspace, "assets/script-v2.pdf", lambda target, copy: shutil.copy(target, copy))
    workspace = load_workspace(root)
    [result] = pipeline.build(root, audiences=["client3"], output=tmp_path / "out")
    receipt = next(result.path.rglob("script-v2*.html"))
    text = receipt.read_text(encoding="utf-8")
    receipt.write_text(text.replace("</main>", f"<code>{hashlib.sha256(OFFER).hexdigest()}</code></main>"))
    audience = workspace.config.audiences["client3"]
    findings = audit.audit_built(result.path, workspace, audience, redact(workspace, audience)[0])
    assert any("the fingerprint (SHA-256) of the file of hidden asset 'offer'" in f for f in findings), findings


def test_one_file_written_the_same_way_twice_still_loads(make_workspace):
    root = make_workspace.write(campaigns={"demo": CAMPAIGN.replace("APPROVAL", "assets/./globex-offer.pdf")},
                                assets={"assets/globex-offer.pdf": OFFER})
    assert load_workspace(root).campaigns["demo"].approvals[0].asset_sha256
