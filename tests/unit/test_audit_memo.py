"""The gate's memo (audit/memo.py): a rebuild scans only changed files, and a memo never hides a finding.

Each test audits a small site twice with a memo folder, changing one thing
in between (the hidden phrases, a file's bytes, a link's target, the memo
file itself), and requires exactly the findings a gate without a memo gives.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import audit
from generator.audit import scan
from generator.audit.hidden import Hidden
from generator.audit.text import Needles, needle, phrases

SECRET = "The client hated version one badly"
PAGE = "<!doctype html><html><head><title>{t}</title></head><body><main><p>{body}</p>{link}</main></body></html>"


def _site(root: Path, body: str = "Nothing to see here.") -> Path:
    root.mkdir()
    (root / "index.html").write_text(PAGE.format(t="Home", body=body, link='<a href="b.html">b</a>'),
                                     encoding="utf-8")
    (root / "b.html").write_text(PAGE.format(t="B", body="Plain words.", link=""), encoding="utf-8")
    return root


def _hidden(*texts: str) -> Hidden:
    return Hidden(Needles([needle(p, "a hidden note") for text in texts for p in phrases(text)]))


@pytest.fixture
def scans(monkeypatch):
    """The files the gate read this time (not taken from the memo)."""
    read: list[str] = []
    real = scan._scan_bytes

    def counted(name, rel, *args):
        read.append(rel)
        return real(name, rel, *args)

    monkeypatch.setattr(scan, "_scan_bytes", counted)
    return read


def _audit(site: Path, hidden: Hidden, memo: Path | None) -> list[str]:
    return audit.audit_site(site, hidden, memo_file=memo)


def test_a_second_audit_of_the_same_site_scans_nothing_and_finds_the_same(tmp_path, scans):
    site, memo = _site(tmp_path / "site"), tmp_path / "memo" / "acme.json"
    assert _audit(site, _hidden(SECRET), memo) == [] and sorted(scans) == ["b.html", "index.html"]
    scans.clear()
    assert _audit(site, _hidden(SECRET), memo) == [] and scans == []


def test_a_file_with_findings_is_scanned_every_time_and_its_findings_are_not_kept(tmp_path, scans):
    site, memo = _site(tmp_path / "site", body=SECRET), tmp_path / "memo.json"
    first = _audit(site, _hidden(SECRET), memo)
    assert any("hidden text" in f for f in first)
    scans.clear()
    assert _audit(site, _hidden(SECRET), memo) == first and scans == ["index.html"]
    assert "hidden text" not in memo.read_text(encoding="utf-8")


def test_a_memo_never_hides_a_finding_when_the_hidden_phrases_change(tmp_path, scans):
    site, memo = _site(tmp_path / "site", body=SECRET), tmp_path / "memo.json"
    assert _audit(site, _hidden("Something else entirely was said"), memo) == []
    found = _audit(site, _hidden(SECRET), memo)  # the same bytes, a new secret: scanned again
    assert found == _audit(site, _hidden(SECRET), None) and any("hidden text" in f for f in found)


def test_only_a_changed_file_is_scanned_again(tmp_path, scans):
    site, memo = _site(tmp_path / "site"), tmp_path / "memo.json"
    assert _audit(site, _hidden(SECRET), memo) == []
    (site / "b.html").write_text(PAGE.format(t="B", body=SECRET, link=""), encoding="utf-8")
    scans.clear()
    found = _audit(site, _hidden(SECRET), memo)
    assert scans == ["b.html"] and any(f.startswith("b.html: hidden text") for f in found)


@pytest.mark.parametrize("audits_before", [1, 3])  # the page scanned last time, or taken from the memo since
def test_a_link_whose_target_went_away_is_found_though_its_page_did_not_change(tmp_path, scans, audits_before):
    site, memo = _site(tmp_path / "site"), tmp_path / "memo.json"
    for _ in range(audits_before):
        assert _audit(site, _hidden(SECRET), memo) == []
    (site / "b.html").unlink()
    found = _audit(site, _hidden(SECRET), memo)
    assert any(f.startswith("index.html: a link to a missing page") for f in found), found


@pytest.mark.parametrize("damage", [b"", b"{", b'{"conditions": 1}', b"[]", b'{"conditions": "x", "files": 3}'])
def test_a_damaged_memo_means_scanning_every_file(tmp_path, scans, damage):
    site, memo = _site(tmp_path / "site"), tmp_path / "memo.json"
    expected = _audit(site, _hidden(SECRET), None)
    _audit(site, _hidden(SECRET), memo)
    memo.write_bytes(damage)
    scans.clear()
    assert _audit(site, _hidden(SECRET), memo) == expected and sorted(scans) == ["b.html", "index.html"]


def test_a_page_changed_to_leak_is_scanned_again(tmp_path, scans):
    """A memo is found by the file's SHA-256: a leak written into a page later is never read from it."""
    site, memo = _site(tmp_path / "site"), tmp_path / "memo.json"
    _audit(site, _hidden(SECRET), memo)
    (site / "index.html").write_text(PAGE.format(t="Home", body=SECRET, link=""), encoding="utf-8")
    assert any(f.startswith("index.html: hidden text") for f in _audit(site, _hidden(SECRET), memo))


def test_the_build_keeps_its_memo_in_the_workspace_cache(tmp_path):
    assert audit.memo_folder(tmp_path) == tmp_path / ".receipts-cache" / "audit"
    assert (tmp_path / ".receipts-cache" / ".gitignore").is_file()


def test_a_build_folder_named_anew_each_build_does_not_void_the_memo(tmp_path, scans):
    """The build folder (random, inside the output folder) is a machine path; the output folder too."""
    site, memo = _site(tmp_path / "site"), tmp_path / "memo.json"
    out = "/home/maria/out"
    audit.audit_site(site, _hidden(SECRET), (out, f"{out}/.receipts-new-acme-abc123"), memo_file=memo)
    scans.clear()
    assert audit.audit_site(site, _hidden(SECRET), (out, f"{out}/.receipts-new-acme-xyz789"), memo_file=memo) == []
    assert scans == []
    (site / "b.html").write_text(PAGE.format(t="B", body=f"{out}/.receipts-new-acme-xyz789/b.html", link=""),
                                 encoding="utf-8")
    found = audit.audit_site(site, _hidden(SECRET), (out, f"{out}/.receipts-new-acme-xyz789"), memo_file=memo)
    assert any(f.startswith("b.html: an absolute path of the build machine") for f in found)


def test_a_new_release_of_a_file_reader_means_reading_every_file_again(tmp_path, scans, monkeypatch):
    # A new pypdf may read text the old one did not: a PDF kept clean under the old one is read again.
    from importlib import metadata

    from generator.audit import memo as memo_module

    site, memo = _site(tmp_path / "site"), tmp_path / "memo.json"
    _audit(site, _hidden(SECRET), memo)
    scans.clear()
    real = metadata.version
    monkeypatch.setattr(memo_module.metadata, "version",
                        lambda name: "99.0" if name == "pypdf" else real(name))
    _audit(site, _hidden(SECRET), memo)
    assert sorted(scans) == ["b.html", "index.html"]


def test_a_phrase_hidden_since_is_sought_in_kept_files_without_scanning_them_whole(tmp_path, scans):
    site, memo = _site(tmp_path / "site"), tmp_path / "memo.json"
    assert _audit(site, _hidden(SECRET), memo) == []
    scans.clear()
    assert _audit(site, _hidden(SECRET, "A pricing talk nobody else heard"), memo) == [] and scans == []
    assert "pricing" not in memo.read_text(encoding="utf-8")  # digests of the phrases, never the phrases
    # what a kept page shows becomes hidden: found, and the page scanned whole, as without a memo
    newly = _hidden(SECRET, "Nothing to see here.")
    found = _audit(site, newly, memo)
    assert scans == ["index.html"] and found == _audit(site, newly, None)  # b.html sought, clean: kept
    assert any(f.startswith("index.html: hidden text") for f in found)


def test_a_phrase_no_longer_hidden_scans_nothing(tmp_path, scans):
    site, memo = _site(tmp_path / "site"), tmp_path / "memo.json"
    assert _audit(site, _hidden(SECRET, "A pricing talk nobody else heard"), memo) == []
    scans.clear()
    assert _audit(site, _hidden(SECRET), memo) == [] and scans == []
    assert _audit(site, _hidden(SECRET, "Nothing to see here."), memo) != []  # then hidden again: found


def test_an_id_hidden_since_is_found_in_the_name_of_a_kept_file(tmp_path, scans):
    site, memo = _site(tmp_path / "site"), tmp_path / "memo.json"
    assert _audit(site, _hidden(SECRET), memo) == []
    hidden = _hidden(SECRET)
    hidden.ids["b"] = "task 'b' of acme"
    scans.clear()
    found = _audit(site, hidden, memo)
    assert scans == ["b.html"] and found == _audit(site, hidden, None)
    assert "b.html: the file name is task 'b' of acme" in found


def _compressed_pdf(size: int) -> bytes:
    """A PDF whose page is a Flate stream inflating to `size` bytes of plain text (as a pack's pages are)."""
    from tests.unit.test_audit_binary import deflate_bomb, pdf

    data = deflate_bomb(size, b"page text ")
    return pdf(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")


def test_a_clean_file_that_decompresses_is_kept_and_not_read_again(tmp_path, scans):
    """A transparency pack is a compressed PDF: kept, so an unchanged one is not parsed on every build."""
    site, memo = _site(tmp_path / "site"), tmp_path / "memo" / "acme.json"
    (site / "pack.pdf").write_bytes(_compressed_pdf(1 << 20))
    assert _audit(site, _hidden(SECRET), memo) == [] and "pack.pdf" in scans
    scans.clear()
    assert _audit(site, _hidden(SECRET), memo) == [] and scans == []


@pytest.mark.parametrize("order", ["kept-first", "kept-last"])
def test_kept_files_spend_the_sites_budget_as_a_clean_build_does(tmp_path, scans, monkeypatch, order):
    """The decompression budget is the site's (bounds.MAX_SITE), spent in file order: a file taken from the
    memo spends again what its reading took, and one that would no longer find that much left is read."""
    from generator.audit import bounds

    monkeypatch.setattr(bounds, "MAX_SITE", 3 << 20)
    site, memo = _site(tmp_path / "site"), tmp_path / "memo" / "acme.json"
    kept = "a.pdf" if order == "kept-first" else "z.pdf"
    (site / kept).write_bytes(_compressed_pdf(2 << 20))
    assert _audit(site, _hidden(SECRET), memo) == []  # alone, it fits: kept
    for name in ("m1.pdf", "m2.pdf"):
        (site / name).write_bytes(_compressed_pdf(2 << 20))
    scans.clear()
    with_memo, read_again = _audit(site, _hidden(SECRET), memo), list(scans)
    assert with_memo == _audit(site, _hidden(SECRET), None)  # the findings of a clean build
    assert sorted(f.split(":")[0] for f in with_memo) == (["m1.pdf", "m2.pdf"] if order == "kept-first"
                                                          else ["m2.pdf", "z.pdf"])
    assert (kept in read_again) == (order == "kept-last")  # read again only when less budget is left for it
