"""Past versions are read piece by piece, with exactly read_campaign's answer.

The history reader parses thousands of versions by remembering the pieces
(top-level keys, list items) it has read. These tests hold it to the plain
strict reader: every version of the demo's history, and many edited
versions with YAML that crosses the cuts, get the same campaign (line
numbers aside) or the same verdict "does not parse".
"""

from __future__ import annotations

import dataclasses
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load.config import load_config
from generator.load.campaigns import read_campaign
from generator.history.versions import CampaignVersions
from tests.conftest import REPO
from tests.fixtures.line_edits import edit_lines

CONFIG, _ = load_config(REPO)
FILES = ("content/campaigns/spring-launch.yml", "content/campaigns/harbor-rebrand.yml")


def without_lines(value):
    if dataclasses.is_dataclass(value):
        changes = {f.name: without_lines(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if "line" in changes:
            changes["line"] = 0
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple):
        return tuple(without_lines(v) for v in value)
    return value


def plain(data: bytes, file: str):
    campaign, problems = read_campaign(data, file, CONFIG, None)
    return None if problems else without_lines(campaign)


def pieced(reader: CampaignVersions, data: bytes, file: str):
    campaign, problem = reader.read(data, file)
    assert (campaign is None) == (problem is not None)
    return None if campaign is None else without_lines(campaign)


@pytest.fixture(scope="module")
def demo_history(tmp_path_factory) -> list[tuple[str, bytes]]:
    clone = tmp_path_factory.mktemp("demo-history") / "clone"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(REPO / "content" / "history.bundle"), str(clone)],
                   check=True)
    versions = []
    for file in FILES:
        blobs = subprocess.run(["git", "log", "--format=", "--raw", "--no-abbrev", "HEAD", "--", file], cwd=clone,
                               capture_output=True, check=True, text=True).stdout.split()
        for blob in [b for b in blobs if len(b) == 40 and set(b) != {"0"}]:
            data = subprocess.run(["git", "cat-file", "blob", blob], cwd=clone, capture_output=True,
                                  check=True).stdout
            versions.append((file, data))
    return versions


def test_every_version_of_the_demo_history_reads_the_same(demo_history):
    reader = CampaignVersions(CONFIG)
    assert len(demo_history) > 40
    for file, data in demo_history:
        assert pieced(reader, data, file) == plain(data, file) is not None


def test_a_version_that_is_invalid_somewhere_else_is_invalid_too():
    reader = CampaignVersions(CONFIG)
    text = (REPO / FILES[0]).read_text(encoding="utf-8")
    broken = text.replace("owner: jonas", "owner: nobody", 1)  # a reference check, across entries
    assert reader.read(broken.encode(), FILES[0])[0] is None
    assert "nobody" in reader.read(broken.encode(), FILES[0])[1]
    assert reader.read(text.replace("id: spring-launch", "id: other").encode(), FILES[0])[0] is None



def test_two_identical_items_are_a_duplicate_id():
    """Identical pieces of text are read once, into one object: that must still count twice."""
    reader = CampaignVersions(CONFIG)
    text = (REPO / FILES[0]).read_text(encoding="utf-8")
    start = text.index("\n  - id: ", text.index("\ntasks:")) + 1
    end = text.index("\n  - id: ", start) + 1
    doubled = text[:end] + text[start:end] + text[end:]
    reader.read(text.encode(), FILES[0])
    campaign, problem = reader.read(doubled.encode(), FILES[0])
    assert campaign is None and "duplicate id" in problem
    assert plain(doubled.encode(), FILES[0]) is None


_TRICKY = [
    "---\n", "...\n", "# a comment\n", "\n", "   \n", "x: &a 1\n", "y: *a\n", "tasks:\n", "- id: stray\n",
    "  - id: x\n", "    label: done\n", "notes: [\n", "]\n", "title: \"open\n", "close\"\n", "\tindented: tab\n",
    "kpis:\n", "  - {date: 2026-01-01, value: 1}\n", "summary: |\n", "  body text\n", "? complex\n",
    "%YAML 1.1\n", "  # indented comment\n", "id: spring-launch\n", "    - {id: d, title: D}\n",
]


_WORDS = ["done", "stuck", "bogus-label", "maria", "nobody", "2026-02-30", "2026-05-01", "storyboard",
          "hero-video", "ghost", "x:", "'q", "[a", "{b", "#c", "&x", "*x", "|", "-", "2026-01-01T10:00:00",
          "internal", "9", "launch", "kickoff", "approved", "rejected"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FILES), st.data())
def test_edited_versions_read_the_same(file, data):
    lines = edit_lines(data, (REPO / file).read_text(encoding="utf-8").splitlines(keepends=True), _TRICKY, _WORDS)
    text = "".join(lines).encode("utf-8")
    reader = CampaignVersions(CONFIG)
    reader.read((REPO / file).read_bytes(), file)  # pieces of the original are remembered first
    assert pieced(reader, text, file) == plain(text, file)


def test_pieces_are_read_once():
    reader = CampaignVersions(CONFIG)
    data = (REPO / FILES[0]).read_bytes()
    reader.read(data, FILES[0])
    remembered = len(reader._pieces)
    edited = data.replace(b"label: in-review", b"label: done", 1)
    reader.read(edited, FILES[0])
    assert len(reader._pieces) == remembered + 1  # only the edited task was read again


def test_the_fast_scan_for_uncuttable_text_finds_exactly_the_characters_as_written():
    """One character class in place of a negated class and another: the same characters, every one of them."""
    import re
    import sys

    from generator.history import versions

    written = re.compile(versions.UNCUTTABLE_AS_WRITTEN)
    text = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    assert [m.start() for m in versions._UNCUTTABLE.finditer(text)] == [m.start() for m in written.finditer(text)]


def test_a_long_run_of_versions_keeps_a_bounded_number_of_pieces_and_reads_as_ever():
    """Pieces no version shares any more are let go (two generations): memory stays flat over a long
    history, and a piece read again gives the same answer."""
    from generator.history.version_text import PieceMemo

    reader = CampaignVersions(CONFIG)
    reader._pieces = PieceMemo(size=16)
    data = (REPO / FILES[0]).read_bytes()
    for n in range(60):
        version = data.replace(b"label: in-review", b"label: done", 1) + f"# edit {n}\n".encode() \
            if n % 2 else data.replace(b"Kickoff", f"Kickoff {n}".encode(), 1)
        campaign, problem = reader.read(version, FILES[0])
        plain, problems = read_campaign(version, FILES[0], CONFIG, None)
        assert problem is None and not problems and campaign == plain
        assert len(reader._pieces) <= 32


@pytest.mark.parametrize("name", ["css", "assets"])
def test_an_id_every_site_uses_as_a_folder_is_refused_as_the_plain_reader_refuses_it(name):
    text = f"id: {name}\ntitle: T\nclient: C\n".encode()
    file = f"content/campaigns/{name}.yml"
    campaign, problem = CampaignVersions(CONFIG).read(text, file)
    assert campaign is None and "is a folder every site has" in problem
    assert plain(text, file) is None


def test_a_version_too_big_to_read_is_refused_as_the_plain_reader_refuses_it():
    from generator.load.limits import MAX_FILE_BYTES

    item = b"  - {date: 2026-01-01, text: A note}\n  # " + b"x" * (MAX_FILE_BYTES // 10) + b"\n"
    big = b"id: demo\ntitle: T\nclient: C\nnotes:\n" + item * 11  # every piece small, the whole too big
    file = "content/campaigns/demo.yml"
    campaign, problem = CampaignVersions(CONFIG).read(big, file)
    assert campaign is None and "a YAML file may be at most" in problem
    assert plain(big, file) is None
