"""A protected audience's deployed folder (FORMAT.md, Publishing 3-4; docs/protect.md)."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from generator import pipeline

from generator.site import deploy
from generator.errors import AuditError, ReceiptsError
from tests.conftest import REPO
from tests.fixtures.sealed import PASSPHRASES, open_sealed, protected_demo, tree

READABLE = {"index.html", "sw.js", "_sealed/unlock.js", "_sealed/unlock.css", "_sealed/keys.json"}
OPAQUE = re.compile(r"_sealed/[0-9a-f]{32}\Z")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(the protected demo workspace, its output, the same acme site built without protection)."""
    root = tmp_path_factory.mktemp("protected")
    workspace = protected_demo(REPO, root / "ws")
    with pytest.MonkeyPatch.context() as env:
        for name, value in PASSPHRASES.items():
            env.setenv(name, value)
        pipeline.build(workspace, audiences=["acme", "harbor"], output=root / "site")
    pipeline.build(REPO, audiences=["acme"], output=root / "plain")
    return workspace, root / "site", root / "plain" / "acme"


def visible_texts(plain: Path) -> set[str]:
    """What a reader of the unprotected site reads: each line of text of its pages and data, 12+ characters."""
    texts = set()
    for path in plain.rglob("*"):
        if path.suffix in (".html", ".csv", ".xml") or path.name == "index.js":  # not the code: the texts
            text = re.sub(r"<(script|style)\b.*?</\1>", "", path.read_text(encoding="utf-8"), flags=re.S)
            words = html.unescape(re.sub(r"<[^>]*>", "\n", text))
            texts.update(line.strip() for line in re.split(r"[\n,]", words) if len(line.strip()) >= 12)
    return texts


def test_no_visible_text_of_the_site_is_in_any_deployed_file_or_name(built):
    _, site, plain = built
    deployed = tree(site / "acme")
    assert all(path in READABLE or OPAQUE.match(path) or path == deploy.MARKER for path in deployed), sorted(deployed)
    assert deployed[deploy.MARKER] == deploy.MARKER_TEXT.encode()  # the build's marker names nothing
    texts = visible_texts(plain) - {"Northwind Studio · Behind the scenes"}  # the agency's name, on the unlock page
    assert "Spring Launch 2026" in texts and len(texts) > 200
    # ids are slugs of titles: every name of a file or folder of the site with more than one word
    names = {part.split(".")[0] for path in tree(plain) for part in Path(path).parts
             if "-" in part and path != deploy.MARKER}
    assert {"spring-launch", "storyboard-v2", "acme-key-visual"} <= names
    for path, data in deployed.items():
        lowered = data.lower()
        leaked = [t for t in texts if t.lower().encode() in lowered or html.escape(t).lower().encode() in lowered]
        assert not leaked, (path, leaked[:3])
        assert not [n for n in names if n in path], path


def test_each_passphrase_opens_exactly_the_audited_site(built):
    _, site, plain = built
    for passphrase in PASSPHRASES.values():
        opened = open_sealed(site / "acme", passphrase)
        # the unprotected build of the same site, less what only an unprotected site has (its feed) and the
        # build's marker, written beside the sealed files
        assert opened.keys() == tree(plain).keys() - {"feed.xml", deploy.MARKER}
        assert b"Spring Launch 2026" in opened["spring-launch/timeline.html"]
    assert open_sealed(site / "acme", "not the passphrase at all") is None


def test_only_protected_pages_have_a_lock_button(built):
    _, site, _ = built
    home = open_sealed(site / "acme", PASSPHRASES["ACME_JANE"])["index.html"].decode()
    assert 'data-lock hidden>Lock</button>' in home and "js/lock.js" in home
    assert "data-lock" not in (site / "harbor" / "index.html").read_text(encoding="utf-8")
    assert (site / "harbor" / "spring-launch").exists() is False and (site / "harbor" / "harbor-rebrand").is_dir()


def test_the_same_inputs_and_passphrases_give_the_same_bytes(built, tmp_path, monkeypatch):
    workspace, site, _ = built
    for name, value in PASSPHRASES.items():
        monkeypatch.setenv(name, value)
    pipeline.build(workspace, audiences=["acme"], output=tmp_path / "again")
    assert tree(tmp_path / "again" / "acme") == tree(site / "acme")


def test_a_missing_passphrase_names_its_variable_and_replaces_no_site(built, tmp_path, monkeypatch):
    workspace, site, _ = built
    out = tmp_path / "site"
    for name, value in PASSPHRASES.items():
        monkeypatch.setenv(name, value)
    pipeline.build(workspace, audiences=["acme", "harbor"], output=out)
    before = tree(out)
    monkeypatch.delenv("ACME_JANE")
    with pytest.raises(ReceiptsError, match="the environment variable ACME_JANE is not set") as caught:
        pipeline.build(workspace, audiences=["acme", "harbor"], output=out)
    assert "ACME_PASSPHRASE" not in str(caught.value)
    assert tree(out) == before


def test_removing_a_variable_revokes_that_passphrase_alone(tmp_path, monkeypatch):
    workspace = protected_demo(REPO, tmp_path / "ws", variables=("ACME_PASSPHRASE",))
    for name, value in PASSPHRASES.items():
        monkeypatch.setenv(name, value)
    pipeline.build(workspace, audiences=["acme"], output=tmp_path / "site")
    assert open_sealed(tmp_path / "site" / "acme", PASSPHRASES["ACME_PASSPHRASE"]) is not None
    assert open_sealed(tmp_path / "site" / "acme", PASSPHRASES["ACME_JANE"]) is None


@pytest.mark.parametrize("leak", ["unlock page", "unencrypted file"])
def test_the_gate_refuses_a_sealed_site_with_plaintext(built, tmp_path, monkeypatch, leak):
    """Fail closed: were sealing to leave a text of the site readable, no site is replaced."""
    from generator.protect import keys, seal

    workspace, _, _ = built
    for name, value in PASSPHRASES.items():
        monkeypatch.setenv(name, value)
    if leak == "unlock page":
        original = seal.unlock_html
        monkeypatch.setattr(seal, "unlock_html", lambda web, page: original(web, page).replace(
            "</main>", "<p>Hero video storyboard v2</p></main>"))
        expected = "index.html: holds a visible text of the site in plaintext"
    else:
        monkeypatch.setattr(keys, "encrypt", lambda key, label, data: bytes(12) + data)
        expected = r"_sealed/[0-9a-f]{32}: holds a visible text of the site in plaintext: .* and \d+ more"
    with pytest.raises(AuditError, match=expected):
        pipeline.build(workspace, audiences=["acme"], output=tmp_path / "site")
    assert not (tmp_path / "site" / "acme").exists()


def test_receipts_audit_checks_a_sealed_site_and_what_it_opens_to(built, tmp_path, monkeypatch, capsys):
    from generator.cli import main

    workspace, site, _ = built
    copy = tmp_path / "acme"
    shutil.copytree(site / "acme", copy)
    for name, value in PASSPHRASES.items():
        monkeypatch.setenv(name, value)
    assert main(["audit", str(copy), "--workspace", str(workspace), "--audience", "acme"]) == 0
    page = copy / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", "<p>Spring Launch 2026</p></main>"),
                    encoding="utf-8")
    assert main(["audit", str(copy), "--workspace", str(workspace), "--audience", "acme"]) == 1
    assert "index.html: holds a visible text of the site in plaintext" in capsys.readouterr().out


def test_the_unlock_page_speaks_the_site_language(tmp_path):
    from generator.protect.seal import UnlockPage, unlock_html, web_dir
    from generator.pipeline import theme_dir

    page = unlock_html(web_dir(theme_dir()), UnlockPage("Estudio <Norte>", "es"))
    assert '<html lang="es">' in page and "Frase de acceso" in page and "Recordar en este dispositivo" in page
    assert "Estudio &lt;Norte&gt;" in page and "<Norte>" not in page
    assert 'data-wrong="La frase de acceso no es correcta.' in page


def test_the_command_line_names_the_missing_variable_without_a_traceback(built, tmp_path, monkeypatch, capsys):
    from generator.cli import main

    workspace, _, _ = built
    monkeypatch.setenv("ACME_PASSPHRASE", PASSPHRASES["ACME_PASSPHRASE"])
    monkeypatch.delenv("ACME_JANE", raising=False)
    assert main(["build", str(workspace), "--output", str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert "the environment variable ACME_JANE is not set" in err and "Traceback" not in err
    assert not (tmp_path / "site" / "acme").exists() and not (tmp_path / "site" / "harbor").exists()
