"""Only files of their own are copied into a site or hashed into a receipt; a logo is an image, by its bytes.

`branding.logo: content/history.bundle` and an asset's `file: history.bundle`
published the whole git history (every internal entry, every client's
campaign) and the audit passed (docs/format.md, "Paths").
"""

from __future__ import annotations

import os

import pytest

from generator.cli import main
from generator.inputs import load_workspace
from tests.conftest import MINIMAL_CONFIG
from tests.unit.test_loading import CAMPAIGN, problems_of
from tests.fixtures import images

PNG = images.png()  # a real one: the gate refuses an image it cannot decode
BUNDLE = b"# v2 git bundle\n" + b"0" * 40 + b" refs/heads/main\n\nPACK..."
NEVER = "which are never published"
ASSET_EXPECTED = "expected a file of the campaign's own, such as assets/poster.png"
LOGO_EXPECTED = "expected a logo image: an SVG, PNG, JPEG, GIF or WebP file (.svg, .png, .jpg, .jpeg, .gif, .webp)"
WITH_BUNDLE = MINIMAL_CONFIG + "history: {bundle: content/history.bundle}\n"


def with_logo(logo: str, config: str = MINIMAL_CONFIG) -> str:
    return config.replace("client3: {title: Client three, tier: 3, campaigns: [demo]}",
                          f"client3: {{title: Client three, tier: 3, campaigns: [demo], branding: {{logo: '{logo}'}}}}")


def logo_problems(make_workspace, logo: str, files: dict[str, bytes], config: str = MINIMAL_CONFIG) -> list[str]:
    root = make_workspace.write(config=with_logo(logo, config))
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return problems_of(make_workspace, CAMPAIGN, config=with_logo(logo, config))


def test_the_history_bundle_is_no_logo(make_workspace, capsys):
    """The red team's case: validate and build say so, naming file, line and key."""
    root = make_workspace.write(config=with_logo("content/history.bundle", WITH_BUNDLE),
                                campaigns={"demo": CAMPAIGN}, assets={"history.bundle": BUNDLE})
    message = ("site_config.yml:11: audiences.client3.branding.logo: 'content/history.bundle' is the history bundle "
               "(history.bundle in site_config.yml): it holds the whole git history, internal entries and every "
               f"campaign included, and is never published; {LOGO_EXPECTED} of its own\n"
               "receipts: 1 problem found; nothing was built.\n")
    assert main(["validate", str(root)]) == 1
    assert capsys.readouterr().err == message
    assert main(["build", str(root), "--output", str(root / "out")]) == 1
    assert capsys.readouterr().err == message
    assert not (root / "out").exists()


@pytest.mark.parametrize("logo,what", [
    ("content/campaigns/demo.yml", "is in content/campaigns/, the campaign files (with every internal entry), "
                                   + NEVER),
    ("site_config.yml", "is site_config.yml, the workspace's configuration, which is never published"),
    (".git/logo.png", "is inside the .git folder, which is never published"),
    ("content/.GIT/logo.png", "is inside the .git folder, which is never published"),
    (".receipts-cache/logo.png", "is inside the .receipts-cache folder, which is never published"),
    ("content/assets/old-history.png", "is a git bundle (a whole git history), which is never published"),
])
def test_a_workspace_source_is_no_logo(make_workspace, logo, what):
    files = {logo: PNG} if not logo.endswith((".yml", "history.png")) else {}
    files.update({"content/assets/old-history.png": BUNDLE})
    assert logo_problems(make_workspace, logo, files) == [
        f"site_config.yml:11: audiences.client3.branding.logo: '{logo}' {what}; {LOGO_EXPECTED} of its own"]


@pytest.mark.parametrize("logo,data,message", [
    ("content/brand/logo.txt", b"ACME", f"{LOGO_EXPECTED}; got 'content/brand/logo.txt'"),
    ("content/brand/logo.svgz", b"\x1f\x8b", f"{LOGO_EXPECTED}; got 'content/brand/logo.svgz'"),
    ("content/brand/logo.md", b"# ACME", f"{LOGO_EXPECTED}; got 'content/brand/logo.md'"),
    ("content/brand/logo.png", b"id: demo\n", "'content/brand/logo.png' is named as a PNG image but does not hold "
                                              f"one (its first bytes are not PNG's); {LOGO_EXPECTED}"),
    ("content/brand/logo.svg", b"id: demo\n", "'content/brand/logo.svg' is named as an SVG image but does not hold "
                                              f"one (its first bytes are not SVG's); {LOGO_EXPECTED}"),
    ("content/brand/logo.jpg", PNG, "'content/brand/logo.jpg' is named as a JPEG image but does not hold one "
                                    f"(its first bytes are not JPEG's); {LOGO_EXPECTED}"),
])
def test_a_logo_is_an_image_by_its_name_and_its_bytes(make_workspace, logo, data, message):
    assert logo_problems(make_workspace, logo, {logo: data}) == [
        f"site_config.yml:11: audiences.client3.branding.logo: {message}"]


@pytest.mark.parametrize("name,data", [
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
    ("logo.svg", b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- Generator: Illustrator -->\n'
                 b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">\n<svg viewBox="0 0 1 1"></svg>'),
    # Illustrator's "Save As SVG": a doctype whose internal subset declares entities, so ">" comes early
    ("logo.svg", b'<?xml version="1.0" encoding="utf-8"?>\n<!-- Generator: Adobe Illustrator 27.0 -->\n'
                 b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"\n'
                 b'\t"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [\n'
                 b'\t<!ENTITY ns_extend "http://ns.adobe.com/Extensibility/1.0/">\n'
                 b'\t<!ENTITY ns_ai "http://ns.adobe.com/AdobeIllustrator/10.0/">\n]>\n'
                 b'<svg version="1.1" xmlns="http://www.w3.org/2000/svg"></svg>'),
    ("logo.PNG", PNG), ("logo.jpeg", b"\xff\xd8\xff\xe0JFIF"), ("logo.jpg", b"\xff\xd8\xff\xdb"),
    ("logo.gif", b"GIF89a\x01\x00"), ("logo.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 "),
])
def test_real_logos_still_read(make_workspace, name, data):
    root = make_workspace.write(config=with_logo(f"content/brand/{name}"), assets={f"brand/{name}": data})
    assert load_workspace(root).config.audiences["client3"].branding.logo == f"content/brand/{name}"


def test_the_history_bundle_is_no_asset(make_workspace, capsys):
    campaign = CAMPAIGN + "assets:\n  - {id: press-kit, title: Press kit, file: history.bundle}\n"
    root = make_workspace.write(config=WITH_BUNDLE, campaigns={"demo": campaign}, assets={"history.bundle": BUNDLE})
    assert main(["validate", str(root)]) == 1
    assert capsys.readouterr().err == (
        "content/campaigns/demo.yml:34: assets[0].file: 'history.bundle' is the history bundle (history.bundle in "
        "site_config.yml): it holds the whole git history, internal entries and every campaign included, and is "
        f"never published; {ASSET_EXPECTED}\n"
        "receipts: 1 problem found; nothing was built.\n")


@pytest.mark.parametrize("file,what", [
    ("campaigns/demo.yml", f"is in content/campaigns/, the campaign files (with every internal entry), {NEVER}"),
    ("assets/press-kit.zip", "is a git bundle (a whole git history), which is never published"),
    ("assets/config.txt", "is site_config.yml, the workspace's configuration, which is never published"),
    ("assets/git-config", "is inside the .git folder, which is never published"),
    ("assets/cache.json", "is inside the .receipts-cache folder, which is never published"),
])
def test_a_workspace_source_is_no_asset_file_nor_approval_file(make_workspace, file, what):
    """Symbolic links are followed: a link to site_config.yml is site_config.yml."""
    for key, line, campaign in (
            ("assets[0].file", 34, CAMPAIGN + f"assets:\n  - {{id: kit, title: Press kit, file: {file}}}\n"),
            ("approvals[0].asset", 26, CAMPAIGN.replace("    subject: storyboard\n",
                                                        f"    subject: storyboard\n    asset: {file}\n"))):
        root = make_workspace.write(campaigns={"demo": campaign}, assets={"assets/press-kit.zip": BUNDLE})
        for folder in (".git", ".receipts-cache"):
            (root / folder).mkdir(exist_ok=True)
        (root / ".git" / "config").write_text("[core]\n", encoding="utf-8")
        (root / ".receipts-cache" / "history.json").write_text("{}", encoding="utf-8")
        for link, target in (("config.txt", "site_config.yml"), ("git-config", ".git/config"),
                             ("cache.json", ".receipts-cache/history.json")):
            if not (root / "content" / "assets" / link).is_symlink():
                os.symlink(root / target, root / "content" / "assets" / link)
        assert problems_of(make_workspace, campaign) == [
            f"content/campaigns/demo.yml:{line}: {key}: '{file}' {what}; {ASSET_EXPECTED}"]
