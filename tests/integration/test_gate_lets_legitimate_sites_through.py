"""The gate fails closed, but not on what the audience may see: builds it refused wrongly (red team).

A refusal stops every audience's site, so a false finding is a site that
cannot be published at all.
"""

from __future__ import annotations

import pytest

from generator import pipeline
from generator.inputs import load_workspace
from tests.conftest import MINIMAL_CONFIG
from tests.fixtures.audited_copy import audited_copy
from tests.fixtures import images

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


@pytest.mark.parametrize("note", ["Public launch planned.", "Storyboard v2 approved.",
                                  "Kickoff workshop at Acme HQ reached.",
                                  "Hero video storyboard v2 changes requested."])
def test_an_internal_status_note_made_of_a_visible_title_and_its_own_state_is_no_leak(demo_copy, tmp_path, note):
    """The pages put "Public launch" beside its "Planned" chip: the note tells the client nothing more."""
    campaign = demo_copy / "content" / "campaigns" / "spring-launch.yml"
    text = campaign.read_text(encoding="utf-8")
    campaign.write_text(text.replace("\nnotes:\n", f'\nnotes:\n  - {{date: 2026-04-05, text: "{note}", '
                                                  "visibility: internal}\n", 1), encoding="utf-8")
    pipeline.build(demo_copy, audiences=["acme"], output=tmp_path / "out")  # raised AuditError before


@pytest.mark.parametrize("secret", [
    "Public launch planned around the CFO budget freeze.",  # more than the title and its chip
    "Public launch rejected.",  # a word of the pages, but not the state the page shows beside that title
    "Hero film shoot overdue.",
])
def test_a_hidden_note_that_says_more_than_a_visible_title_and_its_own_state_is_still_found(demo_copy, tmp_path,
                                                                                           secret):
    campaign = demo_copy / "content" / "campaigns" / "spring-launch.yml"
    text = campaign.read_text(encoding="utf-8")
    campaign.write_text(text.replace("\nnotes:\n", f'\nnotes:\n  - {{date: 2026-04-05, text: "{secret}", '
                                                  "visibility: internal}\n", 1), encoding="utf-8")
    pipeline.build(demo_copy, audiences=["acme"], output=tmp_path / "out")
    copy, findings = audited_copy(load_workspace(demo_copy), tmp_path / "out", tmp_path, "acme")
    page = copy / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", f"<p>{secret}</p></main>"), encoding="utf-8")
    assert any(f.startswith("index.html: hidden text") and f.endswith("from the note of 2026-04-05 in spring-launch")
               for f in findings()), findings()


def test_a_visible_file_with_dots_in_its_name_is_not_the_id_of_a_hidden_task(make_workspace, tmp_path):
    campaign = (BASE + "brief:\n  deliverables:\n    - {id: film, title: Film}\n"
                "tasks:\n  - {id: storyboard, title: Storyboard for the agency, label: stuck, visibility: internal}\n"
                "assets:\n  - {id: boards, deliverable: film, title: The boards, file: assets/storyboard.v3.pdf,"
                " published: 2026-01-20}\n")
    root = make_workspace.write(MINIMAL_CONFIG, {"demo": campaign}, {"assets/storyboard.v3.pdf": images.pdf("The boards")})
    pipeline.build(root, output=tmp_path / "out")  # raised AuditError before: "the id of hidden task"
    assert (tmp_path / "out" / "client1" / "assets" / "demo" / "storyboard.v3.pdf").is_file()
