"""The gate fails closed, but not on what the audience may see: builds it refused wrongly (red team).

A refusal stops every audience's site, so a false finding is a site that
cannot be published at all.
"""

from __future__ import annotations

from generator import pipeline
from tests.conftest import MINIMAL_CONFIG

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
BASE = "id: demo\ntitle: Demo campaign\nclient: Client Co.\n"


def test_an_audiences_own_logo_is_not_the_id_of_a_hidden_task_that_shares_its_name(make_workspace, tmp_path):
    config = MINIMAL_CONFIG.replace("client1: {title: Client one, tier: 1, campaigns: [demo]}",
                                    "client1: {title: Client one, tier: 1, campaigns: [demo], "
                                    "branding: {logo: content/assets/logo.svg}}")
    campaign = BASE + ("tasks:\n  - {id: logo, title: New logo for the client, label: in-progress,"
                       " visibility: internal}\n")
    root = make_workspace.write(config, {"demo": campaign}, {"assets/logo.svg": SVG})
    pipeline.build(root, output=tmp_path / "out")  # raised AuditError before
    assert (tmp_path / "out" / "client1" / "assets" / "_brand" / "logo.svg").is_file()


def test_a_visible_files_name_may_read_like_a_hidden_title(make_workspace, tmp_path):
    campaign = (BASE + "brief:\n  deliverables:\n    - {id: film, title: Film}\n"
                "tasks:\n  - {id: cut, title: Hero video final cut, label: in-progress, visibility: internal}\n"
                "assets:\n  - {id: hero, deliverable: film, title: The film, file: assets/hero-video-final-cut.mp4,"
                " published: 2026-01-20}\n")
    root = make_workspace.write(MINIMAL_CONFIG, {"demo": campaign},
                                {"assets/hero-video-final-cut.mp4": b"\x00\x00\x00\x18ftypmp42"})
    pipeline.build(root, output=tmp_path / "out")  # raised AuditError before
    work = (tmp_path / "out" / "client1" / "demo" / "work.html").read_text(encoding="utf-8")
    assert "hero-video-final-cut.mp4" in work and "Hero video final cut" not in work
