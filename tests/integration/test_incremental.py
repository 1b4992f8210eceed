"""A build with nothing changed says "up to date" and writes nothing; any changed input builds again
(docs/incremental.md)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from unittest import mock

import pytest

from generator import fingerprint, pipeline
from generator.errors import InputError
from tests.fixtures.incremental import PASSPHRASE, build, history_workspace, own_theme, tree

UP_TO_DATE = pipeline.UP_TO_DATE


@pytest.fixture
def built(tmp_path, monkeypatch):
    """A workspace built once, with its own copy of the theme; (workspace root, output, theme)."""
    monkeypatch.setenv("LOCK_PASS", PASSPHRASE)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    theme = own_theme(tmp_path / "theme")
    monkeypatch.setattr(pipeline, "theme_dir", lambda: theme)
    ws = history_workspace(tmp_path / "ws")
    out = tmp_path / "out"
    assert UP_TO_DATE not in build(ws.root, out)
    return ws.root, out, theme


def test_a_build_with_nothing_changed_is_up_to_date_and_writes_nothing(built):
    root, out, _ = built
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    assert build(root, out) == [UP_TO_DATE]
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before


def test_the_command_line_says_up_to_date(built, capsys):
    from generator.cli import main

    root, out, _ = built
    assert main(["build", str(root), "--output", str(out), "--jobs", "1"]) == 0
    assert "up to date" in capsys.readouterr().out
    assert main(["build", str(root), "--output", str(out), "--jobs", "1", "--full"]) == 0
    assert "up to date" not in capsys.readouterr().out


def test_the_python_api_builds_unless_asked_to_reuse(built):
    root, out, _ = built
    notices: list[str] = []
    assert pipeline.build(root, output=out, jobs=1, notices=notices)
    assert UP_TO_DATE not in notices


def test_an_edited_campaign_builds_again(built):
    root, out, _ = built
    text = (root / "content/campaigns/demo.yml").read_text(encoding="utf-8")
    (root / "content/campaigns/demo.yml").write_text(text.replace("Draft the copy", "Redraft it"), encoding="utf-8")
    assert UP_TO_DATE not in build(root, out)
    assert b"Redraft it" in (out / "client" / "demo" / "index.html").read_bytes()


def test_a_new_commit_builds_again(built):
    root, out, _ = built
    from tests.fixtures.git_history import run_git

    run_git(root, "commit", "--quiet", "--allow-empty", "-m", "Nothing but a commit",
            when="2026-01-16T10:00:00+01:00")
    assert UP_TO_DATE not in build(root, out)
    assert build(root, out) == [UP_TO_DATE]


def test_a_changed_passphrase_builds_again(built, monkeypatch):
    root, out, _ = built
    monkeypatch.setenv("LOCK_PASS", "another long enough passphrase")
    assert UP_TO_DATE not in build(root, out)
    assert build(root, out) == [UP_TO_DATE]


def test_the_record_never_holds_a_passphrase(built):
    root, _, _ = built
    for record in (root / ".receipts-cache").glob("build-*.json"):
        assert PASSPHRASE not in record.read_text(encoding="utf-8")


def test_a_changed_theme_file_builds_again(built):
    root, out, theme = built
    css = next(theme.rglob("*.css"))
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    assert UP_TO_DATE not in build(root, out)
    assert b"/* changed */" in next((out / "client").rglob(css.name)).read_bytes()


def test_another_version_of_a_library_builds_again(built, tmp_path, monkeypatch):
    root, out, _ = built
    libraries = tmp_path / "libraries"
    (libraries / "mkdocs-9.9.9.dist-info").mkdir(parents=True)
    monkeypatch.syspath_prepend(str(libraries))
    assert UP_TO_DATE not in build(root, out)
    assert build(root, out) == [UP_TO_DATE]
    (libraries / "mkdocs-9.9.9.dist-info").rename(libraries / "mkdocs-9.9.10.dist-info")
    assert UP_TO_DATE not in build(root, out)


def test_an_edit_to_the_tools_own_source_builds_again(built, tmp_path):
    root, out, _ = built
    import shutil

    package = tmp_path / "package"
    shutil.copytree(fingerprint.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    with mock.patch.object(fingerprint, "PACKAGE_DIR", package):
        assert UP_TO_DATE not in build(root, out)
        assert build(root, out) == [UP_TO_DATE]
        (package / "__init__.py").write_text('__version__ = "0.1.1"\n', encoding="utf-8")
        assert UP_TO_DATE not in build(root, out)


def test_source_date_epoch_is_an_input(built, monkeypatch):
    root, out, _ = built
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    assert UP_TO_DATE not in build(root, out)
    assert build(root, out) == [UP_TO_DATE]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790086400")
    assert UP_TO_DATE not in build(root, out)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "wrong version", "missing"])
def test_a_damaged_record_means_a_full_build(built, damage):
    root, out, _ = built
    (record,) = (root / ".receipts-cache").glob("build-*.json")
    text = record.read_text(encoding="utf-8")
    if damage == "garbage":
        record.write_bytes(os.urandom(64))
    elif damage == "truncated":
        record.write_text(text[: len(text) // 2], encoding="utf-8")
    elif damage == "wrong version":
        record.write_text(json.dumps(dict(json.loads(text), version=0)), encoding="utf-8")
    else:
        record.unlink()
    assert UP_TO_DATE not in build(root, out)


def test_a_changed_output_is_built_again(built):
    root, out, _ = built
    page = out / "client" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"Demo campaign", b"Tampered"))
    assert UP_TO_DATE not in build(root, out)
    assert b"Tampered" not in page.read_bytes()


def test_an_empty_folder_left_in_the_output_is_built_again(built):
    root, out, _ = built
    (out / "left-over").mkdir()
    assert UP_TO_DATE not in build(root, out)


def test_a_removed_site_is_built_again(built):
    import shutil

    root, out, _ = built
    shutil.rmtree(out / "client")
    assert UP_TO_DATE not in build(root, out)
    assert (out / "client" / "index.html").is_file()


def test_a_failed_build_leaves_no_record_to_trust(built):
    root, out, _ = built
    config = root / "site_config.yml"
    good = config.read_text(encoding="utf-8")
    config.write_text(good.replace("tier: 1", "tier: nine"), encoding="utf-8")
    with pytest.raises(InputError):
        build(root, out)
    config.write_text(good, encoding="utf-8")
    assert UP_TO_DATE not in build(root, out)  # the record was forgotten: a full build, then the same sites
    assert build(root, out) == [UP_TO_DATE]


def test_something_dated_after_the_machines_clock_means_a_full_build(tmp_path, monkeypatch):
    """Without SOURCE_DATE_EPOCH, what is dated after the clock shows once the clock passes it."""
    monkeypatch.setenv("LOCK_PASS", PASSPHRASE)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    ws = history_workspace(tmp_path / "ws")
    text = (ws.root / "content/campaigns/demo.yml").read_text(encoding="utf-8")
    (ws.root / "content/campaigns/demo.yml").write_text(
        text + "  - {date: 2999-01-01, about: draft, text: A note from the future.}\n", encoding="utf-8")
    out = tmp_path / "out"
    build(ws.root, out)
    assert UP_TO_DATE not in build(ws.root, out)


def test_strict_after_warnings_builds_again_to_fail(built):
    root, out, _ = built
    (root / "content/campaigns/demo.yml").write_text(
        (root / "content/campaigns/demo.yml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    warnings: list[str] = []
    pipeline.build(root, output=out, jobs=1, warnings=warnings, reuse=True)  # an edit git does not hold: a warning
    assert warnings
    replayed: list[str] = []
    assert build(root, out) == [UP_TO_DATE]
    notices: list[str] = []
    pipeline.build(root, output=out, jobs=1, warnings=replayed, notices=notices, reuse=True)
    assert replayed == warnings  # the up-to-date build says what the build it stands for said
    from generator.errors import StrictError

    with pytest.raises(StrictError):
        pipeline.build(root, output=out, jobs=1, strict=True, reuse=True)


def test_a_read_only_cache_folder_never_stops_a_build(built):
    root, out, _ = built
    cache = root / ".receipts-cache"
    for record in cache.glob("build-*.json"):
        record.unlink()
    cache.chmod(0o500)
    try:
        assert UP_TO_DATE not in build(root, out)
    finally:
        cache.chmod(0o700)


def test_the_cache_folder_is_not_an_input(built):
    root, out, _ = built
    (root / ".receipts-cache" / "anything.txt").write_text("x", encoding="utf-8")
    assert build(root, out) == [UP_TO_DATE]


def test_files_are_compared_by_content_not_by_time(built):
    root, out, _ = built
    campaign = root / "content/campaigns/demo.yml"
    os.utime(campaign, (1, 1))
    assert build(root, out) == [UP_TO_DATE]
    assert tree(out)  # the sites are still there
    assert Path(out / "client" / "index.html").is_file()


def test_a_marker_file_in_the_workspace_hides_no_input_from_the_check(built):
    # A copied old site (or a stray marker) inside content/ is still read by the build: its edits count.
    root, out, _ = built
    assets = root / "content" / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    (assets / ".receipts-site").write_text("", encoding="utf-8")
    (assets / "brief.txt").write_text("first", encoding="utf-8")
    assert UP_TO_DATE not in build(root, out)
    assert build(root, out) == [UP_TO_DATE]
    (assets / "brief.txt").write_text("second", encoding="utf-8")
    assert UP_TO_DATE not in build(root, out)


# -- pages kept from the last build (site/reuse.py) ------------------------------------------------

TWO_CAMPAIGNS = """\
site: {title: Reuse Studio, timezone: UTC}
people:
  ana: {name: Ana, role: Producer, side: agency}
audiences:
  team: {title: Team, tier: 4, internal: true, campaigns: all}
  client: {title: Client, tier: 2, campaigns: [one, two]}
"""


def _two_campaigns(root: Path) -> None:
    (root / "content" / "campaigns").mkdir(parents=True)
    (root / "content" / "assets").mkdir()
    (root / "content" / "assets" / "deck.txt").write_bytes(b"first deck\n")
    (root / "site_config.yml").write_text(TWO_CAMPAIGNS, encoding="utf-8")
    for cid in ("one", "two"):
        (root / "content" / "campaigns" / f"{cid}.yml").write_text(
            f"id: {cid}\ntitle: Campaign {cid}\nclient: Co.\ntasks:\n"
            f"  - {{id: t1, title: Task of {cid}, owner: ana, label: in-progress, start: 2026-01-05}}\n"
            "assets:\n  - {id: deck, title: The deck, file: assets/deck.txt, published: 2026-01-06}\n",
            encoding="utf-8")


@pytest.fixture
def two(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    root, out = tmp_path / "ws", tmp_path / "out"
    _two_campaigns(root)
    build(root, out)
    return root, out


def _rendered_campaigns(monkeypatch) -> list[str]:
    """The ids of the campaigns whose pages the next builds render."""
    from generator.render import pages

    seen: list[str] = []
    original = pages._campaign_part
    monkeypatch.setattr(pages, "_campaign_part", lambda view, c, *rest: seen.append(c.id) or original(
        view, c, *rest))
    return seen


def test_an_edit_to_one_campaign_renders_only_its_pages(two, monkeypatch):
    root, out = two
    seen = _rendered_campaigns(monkeypatch)
    campaign = root / "content/campaigns/one.yml"
    campaign.write_text(campaign.read_text(encoding="utf-8").replace("Task of one", "Task renamed"), encoding="utf-8")
    build(root, out, strict=True)  # MkDocs' notice of a build that keeps pages is no warning of the user's
    assert seen == ["one", "one"]  # once for each audience; campaign two's pages were kept
    assert b"Task renamed" in (out / "client" / "one" / "index.html").read_bytes()
    assert b"Task of two" in (out / "client" / "two" / "index.html").read_bytes()


def test_an_edit_to_one_campaign_renders_only_its_own_measures_page(two, monkeypatch):
    from generator.render import measures_pages

    root, out = two
    seen: list[str] = []
    original = measures_pages.campaign_page
    monkeypatch.setattr(measures_pages, "campaign_page", lambda view, c, *rest: seen.append(c.id) or original(
        view, c, *rest))
    kept = (out / "client" / "two" / "measures.html").read_bytes()
    campaign = root / "content/campaigns/one.yml"
    campaign.write_text(campaign.read_text(encoding="utf-8").replace("Task of one", "Task renamed"), encoding="utf-8")
    build(root, out, strict=True)
    assert seen == ["one", "one"]  # once for each audience; campaign two's measures page was kept
    assert (out / "client" / "two" / "measures.html").read_bytes() == kept
    assert b"Task renamed" in (out / "client" / "one" / "measures.html").read_bytes()


def test_a_kept_page_edited_by_hand_is_built_again(two):
    root, out = two
    kept = out / "client" / "two" / "index.html"
    clean = kept.read_bytes()
    kept.write_bytes(clean.replace(b"Task of two", b"Task of someone else"))
    campaign = root / "content/campaigns/one.yml"
    campaign.write_text(campaign.read_text(encoding="utf-8").replace("Task of one", "Task renamed"), encoding="utf-8")
    build(root, out)
    assert kept.read_bytes() == clean


def test_a_replaced_file_of_final_work_is_copied_anew(two, monkeypatch):
    root, out = two
    seen = _rendered_campaigns(monkeypatch)
    (root / "content" / "assets" / "deck.txt").write_bytes(b"second deck\n")
    build(root, out)
    assert sorted(seen) == ["one", "one", "two", "two"]  # the view is the same; the bytes it copies are not
    copies = [p for p in (out / "client").rglob("deck.txt")]
    assert copies and all(p.read_bytes() == b"second deck\n" for p in copies)


def test_a_task_made_internal_leaves_the_kept_site(two):
    root, out = two
    campaign = root / "content/campaigns/two.yml"
    campaign.write_text(campaign.read_text(encoding="utf-8").replace(
        "start: 2026-01-05}", "start: 2026-01-05, visibility: internal}"), encoding="utf-8")
    build(root, out)
    assert not any(b"Task of two" in p.read_bytes() for p in (out / "client").rglob("*") if p.is_file())
    assert b"Task of two" in (out.with_name("out-private") / "team" / "two" / "index.html").read_bytes()


def test_a_damaged_page_store_means_a_full_build(two, monkeypatch):
    root, out = two
    for store in (root / ".receipts-cache" / "pages").glob("*.json"):
        store.write_text("{not json", encoding="utf-8")
    seen = _rendered_campaigns(monkeypatch)
    campaign = root / "content/campaigns/one.yml"
    campaign.write_text(campaign.read_text(encoding="utf-8").replace("Task of one", "Task renamed"), encoding="utf-8")
    build(root, out)
    assert sorted(seen) == ["one", "one", "two", "two"]


def test_a_full_build_keeps_no_page(two, monkeypatch):
    root, out = two
    seen = _rendered_campaigns(monkeypatch)
    pipeline.build(root, output=out, jobs=1, warnings=[])
    assert sorted(seen) == ["one", "one", "two", "two"]


def test_a_changed_theme_template_reaches_every_kept_page(two, tmp_path, monkeypatch):
    root, out = two
    theme = own_theme(tmp_path / "theme")
    monkeypatch.setattr(pipeline, "theme_dir", lambda: theme)
    build(root, out)  # the theme's copy is another tool: every page built once with it
    main = theme / "main.html"
    main.write_text(main.read_text(encoding="utf-8").replace("<body class=", '<body data-theme="2" class=', 1),
                    encoding="utf-8")
    seen = _rendered_campaigns(monkeypatch)
    build(root, out)
    assert sorted(seen) == ["one", "one", "two", "two"]
    pages = [p for p in (out / "client").rglob("*.html") if p.name != "404.html"]
    assert pages and all(b'data-theme="2"' in p.read_bytes() for p in pages)


def test_another_tool_version_keeps_no_page(two, monkeypatch):
    root, out = two
    monkeypatch.setattr(fingerprint, "tool_digest", lambda theme: "another version of the tool")
    seen = _rendered_campaigns(monkeypatch)
    build(root, out)
    assert sorted(seen) == ["one", "one", "two", "two"]


def _add_internal_task(root: Path, title: str) -> None:
    campaign = root / "content/campaigns/one.yml"
    campaign.write_text(campaign.read_text(encoding="utf-8").replace("assets:", (
        f"  - {{id: t9, title: {title}, owner: ana, label: in-progress, start: 2026-01-07, visibility: internal}}\n"
        "assets:")), encoding="utf-8")


def test_an_audience_whose_view_did_not_change_keeps_its_site_whole(two, monkeypatch):
    root, out = two
    before = tree(out / "client")
    seen = _rendered_campaigns(monkeypatch)
    from generator.audit import scan

    scanned: list[str] = []  # files the gate read whole, not taken from its memo
    real = scan._scan_bytes
    monkeypatch.setattr(scan, "_scan_bytes", lambda name, rel, *args: scanned.append(rel) or real(name, rel, *args))
    audited: dict[str, list[str]] = {}
    original = pipeline.check

    def check(site_dir, *args):
        scanned.clear()
        original(site_dir, *args)
        audited[site_dir.name.split("-")[2]] = list(scanned)

    monkeypatch.setattr(pipeline, "check", check)
    _add_internal_task(root, "Pricing talk")
    build(root, out, strict=True)
    assert seen == ["one"]  # the team's; the client sees nothing of the internal task
    # the client's site as it passed the gate last time, held to the new hidden phrase: no page read whole
    # (only the marker the last build wrote after its gate, deploy.mark_site)
    assert audited["client"] == [".receipts-site"]
    assert tree(out / "client") == before
    assert b"Pricing talk" in (out.with_name("out-private") / "team" / "one" / "index.html").read_bytes()


def test_a_kept_site_with_a_file_edited_by_hand_is_built_again(two):
    root, out = two
    before = tree(out / "client")
    (out / "client" / "search.html").write_bytes(b"edited by hand")
    _add_internal_task(root, "Pricing talk")
    build(root, out)
    assert tree(out / "client") == before


def _gate_findings(root: Path, out: Path) -> list[str]:
    from generator.errors import AuditError

    try:
        build(root, out)
    except AuditError as exc:
        return sorted(str(exc).splitlines())
    return []


def test_a_phrase_newly_hidden_on_an_unchanged_page_fails_the_gate_as_a_clean_build_does(two, tmp_path):
    """An internal task in campaign one takes for title what a kept page of campaign two shows (its
    attention line, "In progress · Task of two · with the agency since..."): campaign two's pages and the
    client's view are as they were, yet the gate must find the phrase there, as it does in a clean build."""
    root, out = two
    _add_internal_task(root, "In progress task of two")
    incremental = _gate_findings(root, out)
    shutil.copytree(root, tmp_path / "clean", ignore=shutil.ignore_patterns(".receipts-cache"))
    clean = _gate_findings(tmp_path / "clean", tmp_path / "clean-out")  # no cache: nothing kept
    assert any("two/index.html" in line and "hidden text" in line for line in clean), clean
    assert incremental == clean
