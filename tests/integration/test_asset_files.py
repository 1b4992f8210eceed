"""Final work files: each asset card links to its own file's bytes, whatever the files are called.

docs/format.md, "Assets": a file is copied into the site as
assets/<campaign>/<name>; files of the same name get distinct names, and
every link and src to a copy is percent-encoded, so a name with `#`, `?`,
`%`, a space or an accent still opens its file. Each test builds a site and
follows the links a visitor would click.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator import pipeline
from tests.conftest import MINIMAL_CONFIG

PNG = b"\x89PNG\r\n\x1a\n"


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

