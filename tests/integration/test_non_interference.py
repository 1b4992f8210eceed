"""Non-interference: what only the agency sees cannot change what a client gets.

Adding internal-only entries (and entries hidden because they refer to
them), internal comments, notes, KPI points, spans, people and a whole
internal campaign to the demo leaves every client site byte for byte the
same; so do commits that touch only internal entries (not even the
as-of moment moves).
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator import pipeline
from tests.conftest import REPO
from tests.fixtures.sites import private_of
from tests.fixtures import images

CLIENTS = ("acme", "harbor")


def tree(root: Path) -> dict[str, bytes]:
    """Every file's bytes; gzip files by their content (their header holds the as-of time)."""
    out = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        out[path.relative_to(root).as_posix()] = gzip.decompress(data) if path.suffix == ".gz" else data
    return out


def insert_after(path: Path, anchor: str, lines: str, occurrence: int = 1) -> None:
    """Insert YAML lines after the `occurrence`-th line equal to `anchor`."""
    text = path.read_text(encoding="utf-8").split("\n")
    seen = 0
    for index, line in enumerate(text):
        if line == anchor:
            seen += 1
            if seen == occurrence:
                text[index + 1:index + 1] = lines.rstrip("\n").split("\n")
                path.write_text("\n".join(text), encoding="utf-8")
                return
    raise AssertionError(f"{anchor!r} not found in {path}")


def add_internal_only_content(ws: Path) -> None:
    spring = ws / "content" / "campaigns" / "spring-launch.yml"
    harbor = ws / "content" / "campaigns" / "harbor-rebrand.yml"
    (ws / "content" / "assets" / "nx-secret.png").write_bytes(images.png() + b"nx secret pixels")
    config = ws / "site_config.yml"
    insert_after(config, "people:", "  nx-person: {name: Nx Hidden Person, role: Nx Role, side: agency,"
                                    " emails: [nx@northwind.example]}")
    insert_after(spring, "  deliverables:", "    - {id: nx-deliv, title: Nx secret deliverable, visibility: internal}")
    insert_after(spring, "milestones:", "  - {id: nx-milestone, title: Nx secret milestone, date: 2026-04-01,"
                                        " reached: true, visibility: internal}")
    insert_after(spring, "tasks:", """\
  - {id: nx-task, title: Nx secret task, owner: nx-person, label: stuck, start: 2026-04-01, visibility: internal}
  - {id: nx-ref-task, title: Nx task of a secret deliverable, label: in-progress, deliverable: nx-deliv}""")
    insert_after(spring, "decisions:", """\
  - id: nx-decision
    date: 2026-04-05
    title: Nx secret decision
    why: Nx because.
    relates_to: [storyboard]
    decided_by: [nx-person]
    visibility: internal""")
    insert_after(spring, "    comments:", "      - {by: nx-person, at: 2026-01-19T23:00:00, text: Nx secret comment.,"
                                          " visibility: internal}")
    insert_after(spring, "approvals:", """\
  - id: nx-approval
    subject: nx-task
    requested: 2026-04-02T10:00:00
    visibility: 0
    steps:
      - {by: jane, verdict: approved, at: 2026-04-03T10:00:00, comment: Nx secret step.}""")
    insert_after(spring, "notes:", """\
  - {date: 2026-04-06, text: Nx secret note., visibility: internal}
  - {date: 2026-04-07, about: nx-task, text: Nx note about a secret task., visibility: 0}""")
    insert_after(spring, "assets:", "  - {id: nx-asset, title: Nx secret asset, file: assets/nx-secret.png,"
                                    " deliverable: nx-deliv, published: 2026-04-08, visibility: 0}")
    insert_after(spring, "  series:", """\
    - id: nx-series
      title: Nx secret series
      visibility: internal
      points: [{date: 2026-04-01, value: 1}]""")
    insert_after(spring, "  nps:", "    - {date: 2026-04-05, value: 99, visibility: internal}")
    insert_after(harbor, "tasks:", "  - {id: nx-harbor-task, title: Nx harbor secret, label: stuck, visibility: internal}")
    campaign = ws / "content" / "campaigns" / "nx-internal.yml"
    campaign.write_text("id: nx-internal\ntitle: Nx internal campaign\nclient: Nx Client\n"
                        "tasks:\n  - {id: t, title: Nx internal campaign task, label: stuck}\n", encoding="utf-8")


def test_internal_only_additions_leave_every_client_site_byte_identical(demo_copy, tmp_path):
    before, after = tmp_path / "before", tmp_path / "after"
    pipeline.build(demo_copy, output=before)
    add_internal_only_content(demo_copy)
    results = pipeline.build(demo_copy, output=after)
    assert {r.audience: r.report.shown for r in results}["team"] > 0
    team = b"".join(tree(private_of(after) / "team").values())
    assert b"Nx secret task" in team and b"Nx internal campaign" in team  # the additions are real
    for client in CLIENTS:
        assert tree(after / client) == tree(before / client), client


def test_internal_spans_added_to_visible_text_leave_client_sites_identical(demo_copy, tmp_path):
    before, after = tmp_path / "before", tmp_path / "after"
    pipeline.build(demo_copy, output=before)
    spring = demo_copy / "content" / "campaigns" / "spring-launch.yml"
    text = spring.read_text(encoding="utf-8")
    text = text.replace("title: Hero video storyboard\n",
                        "title: Hero video storyboard [internal](third pass)[/internal]\n")
    text = text.replace("    - Casts real people, not athletes\n",
                        "    - Casts real people, not athletes [internal]and costs less[/internal]\n")
    text = text.replace("  - {id: kickoff, title: Kickoff workshop at Acme HQ,",
                        "  - {id: kickoff, title: \"[internal]Tense [/internal]Kickoff workshop at Acme HQ\",")
    spring.write_text(text, encoding="utf-8")
    pipeline.build(demo_copy, output=after)
    assert b"third pass" in b"".join(tree(private_of(after) / "team").values())
    for client in CLIENTS:
        assert tree(after / client) == tree(before / client), client


# -- history: commits that touch only internal entries ---------------------------------------


def git(repo: Path, *args: str, when: str | None = None) -> str:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(repo), "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Tomas", "GIT_AUTHOR_EMAIL": "tomas@northwind.example",
           "GIT_COMMITTER_NAME": "Tomas", "GIT_COMMITTER_EMAIL": "tomas@northwind.example"}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env=env, timeout=60).stdout


@pytest.fixture
def demo_repo(tmp_path) -> Path:
    """The demo as a git repository of its own (cloned from the demo's history bundle)."""
    bundle = REPO / "content" / "history.bundle"
    if not bundle.is_file():
        pytest.xfail("the demo has no history bundle yet (history is being finished in another issue)")
    ws = tmp_path / "ws"
    subprocess.run(["git", "clone", "-q", str(bundle), str(ws)], check=True, timeout=60)
    (ws / "content" / "assets").mkdir(parents=True, exist_ok=True)
    for asset in (REPO / "content" / "assets").iterdir():
        shutil.copy(asset, ws / "content" / "assets" / asset.name)
    config = (REPO / "site_config.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^history:.*$", "history: {repo: .}", config)
    if "history:" not in config:
        config += "history: {repo: .}\n"
    (ws / "site_config.yml").write_text(config, encoding="utf-8")
    return ws


def test_commits_touching_only_internal_entries_leave_every_client_site_byte_identical(demo_repo, tmp_path):
    """Not even the as-of moment moves: a client's site is as of the newest change it sees (docs/history.md)."""
    before, after = tmp_path / "before", tmp_path / "after"
    pipeline.build(demo_repo, output=before)
    spring = demo_repo / "content" / "campaigns" / "spring-launch.yml"
    last = git(demo_repo, "log", "-1", "--format=%ct", "--", "content/campaigns/spring-launch.yml").strip()
    insert_after(spring, "tasks:", "  - {id: nx-task, title: Nx secret task, label: stuck, visibility: internal}")
    git(demo_repo, "add", "-A", "content")
    git(demo_repo, "commit", "-q", "-m", "Add a secret task\n\nVisibility: internal", when=f"@{int(last) + 60} +0000")
    text = spring.read_text(encoding="utf-8").replace(
        "  - {id: nx-task, title: Nx secret task, label: stuck,", "  - {id: nx-task, title: Nx secret task, label: done,")
    spring.write_text(text, encoding="utf-8")
    git(demo_repo, "commit", "-q", "-am", "Secret task done", when=f"@{int(last) + 120} +0000")
    pipeline.build(demo_repo, output=after)
    assert b"Nx secret task" in b"".join(tree(private_of(after) / "team").values())
    for client in CLIENTS:
        assert tree(after / client) == tree(before / client), client
