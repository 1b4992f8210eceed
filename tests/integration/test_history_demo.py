"""The demo's git history: shipped as a bundle, replayed by a deterministic script, never leaked.

The whole-site test reads every byte of the built client sites: nothing
from a hidden entry's history and no message of a commit whose Visibility:
trailer does not reach the audience may appear in any of them.
"""

from __future__ import annotations

import gzip
import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import pipeline
from generator.errors import HistoryError
from generator.redact.entries import redact
from generator.inputs import load_workspace
from tests.conftest import REPO
from tests.fixtures.sites import site_of

CLIENTS = ("acme", "harbor")
SCRIPT = REPO / "scripts" / "make_demo_history.py"
BUNDLE = REPO / "content" / "history.bundle"


def normalized(text: str) -> str:
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)  # JSON escapes
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return " ".join(text.split())


def site_text(site: Path) -> str:
    parts = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        parts.append(normalized(data.decode("utf-8", errors="replace")))
    return "\n".join(parts)


def phrases(text: str) -> list[str]:
    """The lines of a text that are long enough to be its own."""
    return [" ".join(line.split()) for line in text.splitlines() if len(line.strip()) >= 16]


@pytest.fixture(scope="module")
def demo():
    return load_workspace(REPO)


def hidden_history(workspace, audience_id: str) -> set[str]:
    """Texts of the history that this audience must never see."""
    audience = workspace.config.audiences[audience_id]
    view, _ = redact(workspace, audience)
    shown_changes = {(ch.commit, ch.entry.id, ch.kind) for c in view.campaigns for ch in c.changes}
    shown_decisions = {d.id for c in view.campaigns for d in c.decisions}
    secret = set()
    for ch in workspace.history.changes:
        if ch.message and not (ch.message_visibility is not None and audience.reaches(ch.message_visibility)):
            secret.update(phrases(ch.message))
        if (ch.commit, ch.entry_id, ch.kind) not in shown_changes and ch.kind in ("added", "removed"):
            secret.update(phrases(ch.old or ch.new or ""))
    for campaign in workspace.campaigns.values():
        for decision in campaign.decisions:
            if decision.commit and decision.id not in shown_decisions:
                secret.update(phrases(decision.title) + phrases(decision.why))
    visible = normalized(repr(view))  # a hidden entry may share a title with a visible one
    return {s for s in secret if s not in visible}


@pytest.mark.parametrize("client", CLIENTS)
def test_no_byte_of_a_client_site_holds_hidden_history(demo_site, demo, client):
    secrets = hidden_history(demo, client)
    assert len(secrets) > 10  # the demo has real secrets in its history
    text = site_text(demo_site / client)
    leaked = sorted(s for s in secrets if s in text)
    assert not leaked, f"{client} shows hidden history: {leaked}"


def test_the_demo_history_holds_what_the_clients_must_not_see(demo):
    acme, harbor = hidden_history(demo, "acme"), hidden_history(demo, "harbor")
    assert "Sound out the CMO on a Cannes Lions entry before we pitch it" in acme  # a removed internal task
    assert "Raj's redlines arrived the evening before; back to the drawing board for frames 3 and 6." in acme
    assert "Brief the Artlist fallback tracks for the cut-downs" in acme  # an internal decision commit
    assert "Reopening day is Saturday 6 June" in harbor  # a tier-2 decision commit, harbor is tier 1
    team = " ".join(phrases(repr(redact(demo, demo.config.audiences["team"])[0])))
    assert "Sound out the CMO" in team and "Brief the Artlist fallback tracks" in team


def test_visible_history_does_reach_the_client_sites(demo_site):
    acme, harbor = site_text(demo_site / "acme"), site_text(demo_site / "harbor")
    assert "Cast the mornings in Barcelona and Lisbon" in acme  # a decision commit with Visibility: 2
    assert "Move the launch to 21 April for Acme Legal's review" in acme  # a message with Visibility: 1
    assert "Add café signage to the scope" in harbor
    assert "Raj's redlines" not in acme and "Reopening day is Saturday" not in harbor


def test_the_team_site_shows_the_why_of_every_change(demo_site, demo):
    """FORMAT.md, History, item 2: without a Visibility: trailer a message is defaults.commit (internal), so the
    team reads every one of them, "Sonora still silent" included; the clients read only those opened to them."""
    team, acme = site_text(site_of(demo_site, "team")), site_text(demo_site / "acme")
    subjects = {ch.message.split("\n", 1)[0] for ch in demo.history.changes if ch.message}
    assert len(subjects) > 20
    assert sorted(s for s in subjects if normalized(s) not in team) == []
    assert "Sonora still silent: the music licence is stuck" in team and "Third chase today" in team
    assert "Sonora still silent" not in acme


def test_the_demo_history_has_every_kind_of_event(demo):
    kinds = {(c.campaign, c.kind) for c in demo.history.changes}
    for campaign in ("spring-launch", "harbor-rebrand"):
        assert {(campaign, k) for k in ("label", "date", "added", "removed", "step", "scope")} <= kinds
    launch = [(c.old, c.new) for c in demo.history.changes if c.kind == "date" and c.entry_id == "launch"]
    assert launch == [("2026-04-14", "2026-04-21")]
    assert demo.history.warnings == ()
    assert str(demo.history.as_of) == "2026-04-08 09:30:00+02:00"


def test_the_bundle_ends_at_the_workspace_files(tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(BUNDLE), str(clone)], check=True, timeout=60)
    for path in sorted((REPO / "content" / "campaigns").glob("*.yml")):
        assert (clone / "content" / "campaigns" / path.name).read_bytes() == path.read_bytes(), (
            f"content/history.bundle is stale for {path.name}: update the story in "
            "scripts/make_demo_history.py and run it")


def test_the_script_makes_the_same_bundle_every_time(tmp_path):
    first, second = tmp_path / "a.bundle", tmp_path / "b.bundle"
    for out in (first, second):
        subprocess.run([sys.executable, str(SCRIPT), "--bundle", str(out)], check=True, timeout=120,
                       capture_output=True)
    assert first.read_bytes() == second.read_bytes()
    heads = [subprocess.run(["git", "bundle", "list-heads", str(b)], capture_output=True, text=True,
                            check=True).stdout for b in (first, BUNDLE)]
    assert heads[0] == heads[1]  # the committed bundle is the script's (same commits, same ids)


def test_the_script_writes_a_normal_repository(tmp_path):
    target = tmp_path / "repo"
    subprocess.run([sys.executable, str(SCRIPT), "--repo", str(target)], check=True, timeout=120,
                   capture_output=True)
    log = subprocess.run(["git", "log", "--format=%ae %s"], cwd=target, capture_output=True, text=True,
                         check=True).stdout.splitlines()
    shipped = tmp_path / "shipped"
    subprocess.run(["git", "clone", "--quiet", str(BUNDLE), str(shipped)], check=True, timeout=60)
    count = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=shipped, capture_output=True, text=True,
                           check=True).stdout.strip()
    assert len(log) == int(count) > 50  # every commit of the shipped history, as a normal repository
    assert (target / "content" / "campaigns" / "spring-launch.yml").is_file()


def test_a_depth_one_clone_of_the_demo_refuses_to_build(tmp_path):
    bare = tmp_path / "bare.git"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(BUNDLE), str(bare)], check=True, timeout=60)
    ws = tmp_path / "ws"
    subprocess.run(["git", "-c", "protocol.file.allow=always", "clone", "--quiet", "--depth", "1",
                    f"file://{bare}", str(ws)], check=True, timeout=60)
    shutil.copytree(REPO / "content" / "assets", ws / "content" / "assets")
    config = (REPO / "site_config.yml").read_text(encoding="utf-8")
    (ws / "site_config.yml").write_text(re.sub(r"(?m)^history:.*$", "history: {repo: .}", config),
                                        encoding="utf-8")
    with pytest.raises(HistoryError, match="fetch-depth: 0"):
        pipeline.build(ws, output=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_the_first_commit_of_the_demo_is_one_event_listing_its_entries_apart_from_its_author(demo_site):
    page = (demo_site / "acme" / "spring-launch" / "timeline.html").read_text(encoding="utf-8")
    event = re.search(r'entries added</p>\s*<p class="tl-detail"><span class="tl-by">([^<]+)</span></p>\s*'
                      r'<ul class="tl-entries">(.*?)</ul>', page, re.S)
    assert event, "the set-up commit should be one event whose entries are a list of their own"
    titles = re.findall(r"<li>([^<]+)</li>", event.group(2))
    assert event.group(1) == "Account Director" and "Account Director" not in titles
    assert "Hero video storyboard" in titles and titles == sorted(titles)
