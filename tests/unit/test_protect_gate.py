"""The gate of a sealed folder fails closed on every way sealing could go wrong (generator/protect/gate.py)."""

from __future__ import annotations

import json
import shutil

import pytest

from generator.errors import BuildError
from generator.pipeline import theme_dir
from generator.protect import gate, keys
from generator.protect.seal import UnlockPage, seal_folder, web_dir

WEB = web_dir(theme_dir())
SITE = {"index.html": b"<h1>Spring Launch 2026</h1><p>The hero film is approved.</p>",
        "spring-launch/data/nps.csv": b"date,nps\n2026-01-01,31\n", "assets/a b.png": bytes(range(256))}


@pytest.fixture
def sealed(tmp_path):
    plain, out = tmp_path / "plain", tmp_path / "sealed"
    for path, data in SITE.items():
        (plain / path).parent.mkdir(parents=True, exist_ok=True)
        (plain / path).write_bytes(data)
    out.mkdir()
    site_keys = keys.site_keys(["a long passphrase here"], keys.site_salt("Studio", None, "acme"), iterations=1000)
    files = seal_folder(plain, out, site_keys, UnlockPage("Studio", "en"), WEB)
    needles = gate.visible_needles(["Spring Launch 2026", "The hero film is approved."], "Studio")
    return plain, out, site_keys, needles, files


def findings(sealed) -> list[str]:
    plain, out, site_keys, needles, _ = sealed
    return gate.findings(out, plain, site_keys, needles, WEB)


def test_a_sealed_site_passes(sealed):
    assert findings(sealed) == []
    _, out, _, _, files = sealed
    deployed = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert deployed == {"index.html", "sw.js", "_sealed/unlock.js", "_sealed/unlock.css", "_sealed/keys.json"} | {
        f"_sealed/{name}" for name, _ in files.values()}


def test_any_other_file_name_is_a_finding(sealed):
    _, out, _, _, _ = sealed
    (out / "spring-launch").mkdir()
    (out / "spring-launch" / "x").write_bytes(b"")
    assert findings(sealed) == ["spring-launch/x: a file name a protected site must not have (expected only its own "
                                "code and opaque _sealed/ files)"]


def test_an_encrypted_file_that_does_not_open_to_the_audited_one_is_a_finding(sealed):
    _, out, _, _, files = sealed
    home, csv = files["index.html"][0], files["spring-launch/data/nps.csv"][0]
    shutil.copyfile(out / "_sealed" / csv, out / "_sealed" / home)  # valid ciphertext, of another path
    assert findings(sealed) == [f"_sealed/{home}: does not decrypt to the audited file"]


def test_a_missing_file_or_one_the_manifest_does_not_list_is_a_finding(sealed):
    _, out, _, _, files = sealed
    (out / "_sealed" / files["assets/a b.png"][0]).unlink()
    (out / "_sealed" / ("0" * 32)).write_bytes(b"")
    assert findings(sealed) == [f"_sealed/{files['assets/a b.png'][0]}: missing, or no file of the site (assets/a b.png)",
                                f"_sealed/{'0' * 32}: an encrypted file the manifest does not list"]


def test_plaintext_in_a_readable_file_is_a_finding(sealed):
    _, out, _, _, _ = sealed
    keys_file = out / "_sealed" / "keys.json"
    data = json.loads(keys_file.read_text())
    data["note"] = "the hero film is APPROVED"
    keys_file.write_text(json.dumps(data))
    assert findings(sealed) == ["_sealed/keys.json: holds a visible text of the site in plaintext: "
                                "'the hero…' (25 chars)"]


def test_changed_code_is_a_finding(sealed):
    _, out, _, _, _ = sealed
    (out / "sw.js").write_text("/* changed */", encoding="utf-8")
    assert findings(sealed) == ["sw.js: not the shipped file"]


def test_a_site_file_with_a_name_the_sealed_folder_keeps_is_refused(tmp_path):
    plain, out = tmp_path / "plain", tmp_path / "out"
    (plain / "_sealed").mkdir(parents=True)
    (plain / "_sealed" / "keys.json").write_text("{}")
    out.mkdir()
    site_keys = keys.site_keys(["a long passphrase here"], b"0" * 16, iterations=1000)
    with pytest.raises(BuildError, match="'_sealed/keys.json', a name a protected site keeps"):
        seal_folder(plain, out, site_keys, UnlockPage("Studio", "en"), WEB)


@pytest.mark.parametrize("written", [None, "", "{}", '{"keys": "x", "iterations": 1, "manifest": "", "salt": ""}',
                                     '{"keys": ["%%%"], "iterations": 600000, "manifest": "", "salt": ""}'])
def test_a_missing_or_malformed_keys_file_is_a_finding_not_a_crash(sealed, written):
    _, out, _, _, _ = sealed
    keys_file = out / "_sealed" / "keys.json"
    if written is None:
        keys_file.unlink()
    else:
        keys_file.write_text(written)
    found = findings(sealed)
    assert "_sealed/keys.json: missing, or not the keys file of a protected site" in found
