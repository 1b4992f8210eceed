"""The kickoff that decides "added after kickoff" is the one each audience sees (docs/history.md).

An internal milestone earlier than every milestone a client sees once made
the client's brief CSV say "Added after kickoff: yes", added a "Scope
added" card to its timeline and moved its measures. Built twice, with and
without that milestone, a client's site is byte for byte the same; the
team, which sees it, counts the scope.
"""

from __future__ import annotations

import pytest

from generator import pipeline
from tests.conftest import FILM_CAMPAIGN
from tests.fixtures.git_history import HISTORY_CONFIG, GitWorkspace
from tests.integration.test_non_interference import tree
from tests.property.test_non_interference_properties import swap_commit_ids

CLIENTS = ("client0", "client1", "client2", "client3")
MILESTONES = """\
milestones:
  - {id: concept, title: Concept locked, date: 2026-02-01, reached: true}
"""
INTERNAL_MILESTONE = "  - {id: warmup, title: Internal warm-up, date: 2026-01-05, reached: true, visibility: internal}\n"
HEAD = FILM_CAMPAIGN
ADDED = "    - {id: posters, title: Printed posters, due: 2026-03-10}\n"
ASSETS = """\
assets:
  - {id: film-final, deliverable: film, title: Launch film final, url: "https://example.com/film", published: 2026-01-08}
"""
POSTERS_FINAL = """\
  - {id: posters-final, deliverable: posters, title: Posters final, url: "https://example.com/p", published: 2026-01-21}
"""


def story(root, internal: bool) -> tuple[GitWorkspace, list[str]]:
    """The posters join the brief on 20 Jan: before the kickoff a client sees (1 Feb)."""
    ws = GitWorkspace(root, HISTORY_CONFIG)
    milestones = MILESTONES + (INTERNAL_MILESTONE if internal else "")
    ws.campaign("demo", HEAD + milestones + ASSETS)
    shas = [ws.commit("Brief", "2026-01-10T10:00:00+01:00")]
    ws.campaign("demo", HEAD + ADDED + milestones + ASSETS + POSTERS_FINAL)
    shas.append(ws.commit("Posters join the brief", "2026-01-20T10:00:00+01:00"))
    return ws, shas


@pytest.fixture
def built(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772366400")  # 1 Mar 2026, 12:00 UTC

    def build(internal: bool):
        ws, shas = story(tmp_path / ("with" if internal else "without") / "ws", internal)
        out = tmp_path / ("with" if internal else "without") / "out"
        return {r.audience: r.path for r in pipeline.build(ws.root, output=out)}, shas

    return build


def readable(files: dict[str, bytes]) -> dict[str, bytes]:
    """A PDF as its text: commit ids inside its compressed streams can then be swapped like any page's."""
    import io

    import pypdf

    def text(data: bytes) -> bytes:
        return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages).encode()

    return {name: text(data) if name.endswith(".pdf") else data for name, data in files.items()}


def as_other_story(files: dict[str, bytes], shas: list[str], counterparts: list[str]) -> dict[str, bytes]:
    """The files with each commit id written as the other story's: different files, different ids."""
    return {name: swap_commit_ids(data.decode("latin-1"), shas, counterparts).encode("latin-1")
            for name, data in files.items()}


def test_an_internal_milestone_never_makes_a_clients_scope(built):
    (without, shas_without), (with_internal, shas_with) = built(False), built(True)
    for client in CLIENTS:
        assert as_other_story(readable(tree(with_internal[client])), shas_with, shas_without) == readable(
            tree(without[client])), client
    for client in CLIENTS:
        site = b"".join(tree(with_internal[client]).values())
        assert b"Printed posters" in site and b"after the kickoff" not in site, client
    team = b"".join(tree(with_internal["team"]).values())
    assert b"Internal warm-up" in team and b"Added to the brief after the kickoff" in team  # the team's kickoff
