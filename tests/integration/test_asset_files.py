"""Final work files: each asset card links to its own file's bytes, whatever the files are called.

docs/format.md, "Assets": a file is copied into the site as
assets/<campaign>/<name>; files of the same name get distinct names, and
every link and src to a copy is percent-encoded, so a name with `#`, `?`,
`%`, a space or an accent still opens its file. Each test builds a site and
follows the links a visitor would click.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator import pipeline
from tests.conftest import MINIMAL_CONFIG
from tests.fixtures import images

PNG = images.png()  # a real one: the gate refuses an image it cannot decode


def card_files(work_page: Path) -> dict[str, set[Path]]:
    """Asset id -> every site file its card links to or shows (href, src), as the browser resolves them."""
    html = work_page.read_text(encoding="utf-8")
    cards = re.findall(r'<li class="work-item[^"]*" id="asset-([a-z0-9-]+)">(.*?)</li>', html, re.S)
    found = {}
    for asset_id, card in cards:
        urls = re.findall(r'(?:href|src)="([^"]+)"', card)
        found[asset_id] = {(work_page.parent / unquote(urlsplit(u).path)).resolve() for u in urls
                           if not urlsplit(u).scheme}
    return found


def build(make_workspace, tmp_path, assets_yaml: str, files: dict[str, bytes], out: str = "out") -> Path:
    campaign = "id: demo\ntitle: Demo campaign\nclient: Client Co.\nassets:\n" + assets_yaml
    root = make_workspace.write(MINIMAL_CONFIG, {"demo": campaign}, assets=files)
    [result] = pipeline.build(root, audiences=["client1"], output=tmp_path / out)
    return result.path


# -- two files, one name ------------------------------------------------------------------------

COLLIDING = """\
  - {id: zz, title: Poster zz, file: assets/one/p-f.png, published: 2026-01-01}
  - {id: q, title: Poster q, file: assets/two/f.png, published: 2026-01-02}
  - {id: p, title: Poster p, file: assets/three/f.png, published: 2026-01-03}
  - {id: p-2, title: Poster p-2, file: assets/four/f.png, published: 2026-01-04}
  - {id: big, title: Poster big, file: assets/five/F.PNG, published: 2026-01-05}
  - {id: again, title: Poster q again, file: assets/two/f.png, published: 2026-01-06}
"""
SOURCES = {
    "zz": "assets/one/p-f.png", "q": "assets/two/f.png", "p": "assets/three/f.png",
    "p-2": "assets/four/f.png", "big": "assets/five/F.PNG", "again": "assets/two/f.png",
}
FILES = {path: PNG + f" bytes of {path}".encode() for path in set(SOURCES.values())}


def test_each_asset_card_links_to_its_own_file_when_names_collide(make_workspace, tmp_path):
    """zz's own file is called p-f.png, the name asset p's f.png would have been renamed to."""
    site = build(make_workspace, tmp_path, COLLIDING, FILES)
    cards = card_files(site / "demo" / "work.html")
    assert set(cards) == set(SOURCES)
    for asset_id, source in SOURCES.items():
        assert cards[asset_id], asset_id
        for target in cards[asset_id]:
            assert target.read_bytes() == FILES[source], (asset_id, target.name)
    copies = sorted(p.name for p in (site / "assets" / "demo").iterdir())
    assert len({name.casefold() for name in copies}) == len(copies) == 5  # "again" shares q's copy
    assert "f.png" in copies and "p-f.png" in copies  # the first of each name keeps it


def test_the_names_of_copies_are_the_same_on_every_build(make_workspace, tmp_path):
    one = build(make_workspace, tmp_path, COLLIDING, FILES, "one")
    two = build(make_workspace, tmp_path, COLLIDING, FILES, "two")
    assert sorted(p.name for p in (one / "assets" / "demo").iterdir()) == \
        sorted(p.name for p in (two / "assets" / "demo").iterdir())
    assert (one / "demo" / "work.html").read_bytes() == (two / "demo" / "work.html").read_bytes()


# -- names that need percent-encoding -----------------------------------------------------------

ODD_NAMES = ["take#2.png", "what?.png", "100%.png", "final cut.pdf", "café.png", "a b#c?%d é.mp4"]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_a_file_name_with_hash_question_mark_percent_space_or_accent_opens_its_file(make_workspace, tmp_path, name):
    data = PNG + name.encode()
    site = build(make_workspace, tmp_path, f'  - {{id: odd, title: Odd name, file: "assets/{name}"}}\n',
                 {f"assets/{name}": data})
    html = (site / "demo" / "work.html").read_text(encoding="utf-8")
    links = re.findall(r'(?:href|src)="(\.\./assets/[^"]+)"', html)
    assert links, html
    for link in links:
        assert re.fullmatch(r"[A-Za-z0-9/._~%-]+", link), link  # every other byte is percent-encoded
        assert (site / "demo" / unquote(link)).read_bytes() == data


def test_a_logo_with_an_odd_name_shows_on_every_page(make_workspace, tmp_path):
    name = "our logo#1 é%.svg"
    data = b'<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/>'
    config = MINIMAL_CONFIG.replace("client1: {title: Client one, tier: 1, campaigns: [demo]}",
                                    f'client1: {{title: Client one, tier: 1, campaigns: [demo], '
                                    f'branding: {{logo: "content/brand/{name}"}}}}')
    root = make_workspace.write(config, assets={f"brand/{name}": data})
    [result] = pipeline.build(root, audiences=["client1"], output=tmp_path / "out")
    for page in (result.path / "index.html", result.path / "demo" / "index.html"):
        [src] = re.findall(r'<img class="brand-logo" src="([^"]+)"', page.read_text(encoding="utf-8"))
        assert "#" not in src and " " not in src
        assert (page.parent / unquote(src)).read_bytes() == data


def test_a_campaign_called_brand_keeps_its_file_beside_a_logo_of_the_same_name(make_workspace, tmp_path):
    """The logo's folder is not assets/<campaign id>/ of any campaign, `brand` included."""
    config = MINIMAL_CONFIG.replace("client1: {title: Client one, tier: 1, campaigns: [demo]}",
                                    'client1: {title: Client one, tier: 1, campaigns: [brand], '
                                    'branding: {logo: content/brand/logo.png}}')
    campaign = ("id: brand\ntitle: Brand refresh\nclient: C\n"
                "assets:\n  - {id: new-logo, title: New logo, file: assets/logo.png}\n")
    root = make_workspace.write(config, {"demo": "id: demo\ntitle: Demo\nclient: C\n", "brand": campaign},
                                {"brand/logo.png": PNG + b"the audience's logo",
                                 "assets/logo.png": PNG + b"the new logo"})
    [result] = pipeline.build(root, audiences=["client1"], output=tmp_path / "out")
    [target] = card_files(result.path / "brand" / "work.html")["new-logo"]
    assert target.read_bytes() == PNG + b"the new logo"


# -- something other than a file ------------------------------------------------------------------


@pytest.mark.parametrize("make,what", [
    (lambda p: os.mkfifo(p), "is a named pipe (FIFO), not a regular file"),
    (lambda p: p.mkdir(), "is a folder, not a file"),
    (lambda p: os.symlink("gone.png", p), "is a symbolic link to a file that does not exist"),
    (lambda p: None, "does not exist"),
])
def test_an_asset_file_that_is_not_a_regular_file_says_what_it_is(make_workspace, tmp_path, make, what):
    campaign = "id: demo\ntitle: Demo\nclient: C\nassets:\n  - {id: a, title: A, file: assets/f.png}\n"
    root = make_workspace.write(MINIMAL_CONFIG, {"demo": campaign})
    (root / "content" / "assets").mkdir()
    make(root / "content" / "assets" / "f.png")
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--output", str(tmp_path / "out"), str(root)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert (f"content/campaigns/demo.yml:5: assets[0].file: 'assets/f.png' {what} "
            "(looked for content/assets/f.png)") in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["copy-deck.md", "script.markdown", "notes.mkd"])
def test_final_work_that_is_a_markdown_file_is_copied_as_a_file_not_made_a_page(make_workspace, tmp_path, name):
    """The engine makes pages of Markdown files; a copy deck delivered as Markdown is a file to download."""
    data = b"# Launch copy\n\nThirty seconds of quiet minutes.\n"
    site = build(make_workspace, tmp_path, f"  - {{id: deck, title: Copy deck, file: assets/{name}}}\n",
                 {f"assets/{name}": data})
    (target,) = card_files(site / "demo" / "work.html")["deck"]
    assert target.name == name and target.read_bytes() == data  # its bytes, as delivered
    assert not list(site.rglob(f"{Path(name).stem}.html"))  # and no page made of it
