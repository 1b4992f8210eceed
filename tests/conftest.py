"""Shared fixtures: small workspaces written from text, the demo workspace."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parents[1]


def pytest_make_parametrize_id(config, val, argname):
    """Bytes name their test by their argument's name: gzip, zip and tar bytes hold the time they were
    made, so ids from their content would differ between the pytest-xdist workers that each collect the
    suite (pytest numbers ids that repeat)."""
    if isinstance(val, (bytes, bytearray)):
        return argname
    return None

# Property tests draw the same examples on every run by default, so CI passes or fails on the code, not on
# the draw; HYPOTHESIS_PROFILE=explore draws new ones on each run, to look for what the fixed ones miss.
settings.register_profile("ci", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

MINIMAL_CONFIG = """\
site:
  title: Test Studio
  timezone: Europe/Madrid
people:
  maria: {name: María López, role: Creative Director, side: agency, emails: [maria@studio.example]}
  jane: {name: Jane Doe, role: CMO, side: client, emails: [jane@client.example]}
audiences:
  client0: {title: Client zero, tier: 0, campaigns: [demo]}
  client1: {title: Client one, tier: 1, campaigns: [demo]}
  client2: {title: Client two, tier: 2, campaigns: [demo], names: roles}
  client3: {title: Client three, tier: 3, campaigns: [demo]}
  team: {title: Team, tier: 4, internal: true, campaigns: all}
"""

MINIMAL_CAMPAIGN = """\
id: demo
title: Demo campaign
client: Client Co.
"""
# The demo campaign with one deliverable in its brief: the head most history stories start from.
FILM_CAMPAIGN = MINIMAL_CAMPAIGN + """\
brief:
  deliverables:
    - {id: film, title: Launch film, due: 2026-03-01}
"""


class WorkspaceMaker:
    """Writes a workspace under tmp_path: config + campaign files as text."""

    def __init__(self, root: Path):
        self.root = root

    def write(self, config: str = MINIMAL_CONFIG, campaigns: dict[str, str] | None = None,
              assets: dict[str, bytes] | None = None) -> Path:
        (self.root / "content" / "campaigns").mkdir(parents=True, exist_ok=True)
        (self.root / "site_config.yml").write_text(textwrap.dedent(config), encoding="utf-8")
        for name, text in (campaigns if campaigns is not None else {"demo": MINIMAL_CAMPAIGN}).items():
            (self.root / "content" / "campaigns" / f"{name}.yml").write_text(textwrap.dedent(text), encoding="utf-8")
        for rel, data in (assets or {}).items():
            path = self.root / "content" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return self.root


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo built once for every audience (read-only for tests)."""
    from generator import pipeline

    out = tmp_path_factory.mktemp("demo-site")
    pipeline.build(REPO, output=out)
    return out


@pytest.fixture
def make_workspace(tmp_path) -> WorkspaceMaker:
    return WorkspaceMaker(tmp_path / "ws")


@pytest.fixture
def demo_copy(tmp_path) -> Path:
    """A private copy of the demo workspace (config, content; no git)."""
    target = tmp_path / "demo"
    target.mkdir()
    shutil.copy(REPO / "site_config.yml", target / "site_config.yml")
    shutil.copytree(REPO / "content", target / "content")
    return target
