"""The piece-wise reader of past versions gives the plain reader's answer on every input: a differential test.

CampaignVersions (generator/history/versions.py) cuts a version into pieces,
reads a version close to the last one by re-cutting only what changed, and
even edits a parsed line in place. Every one of those shortcuts counts lines
and blanks its own way, so here one reader is fed a random sequence of
versions, each a few random edits of the one before, and must answer each
exactly as `read_campaign` does: the same campaign, or the same first
problem. The edits bring in every line break YAML knows (\\n, \\r, \\r\\n,
U+0085, U+2028, U+2029), tabs and other blanks, comments, block scalars (|
and >, with lines shaped like keys inside), flow style, anchors and
aliases, document markers and directives, and the keys that decide who sees
an entry (`visibility:`, `label:`).
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load.config import load_config
from generator.load.campaigns import read_campaign
from generator.history.versions import CampaignVersions
from tests.conftest import REPO

CONFIG, _ = load_config(REPO)
FILE = "content/campaigns/demo.yml"

BASE = """\
# The demo campaign
id: demo
title: Demo campaign
client: Client Co.
summary: |
  First line of the summary.
  visibility: internal
brief:
  goals: [Grow sign-ups]
  deliverables:
    - {id: film, title: Launch film, due: 2026-03-01}
milestones:
  - {id: kickoff, title: Kickoff, date: 2026-01-12, reached: true}
tasks:
  - id: script
    title: Film script
    label: in-progress
    visibility: 2
    deliverable: film
  - {id: cut, title: Rough cut, label: not-started, visibility: internal}
decisions:
  - id: d1
    title: Secret plan
    date: 2026-01-10
    # why it is internal
    visibility: internal
    why: |
      visibility: internal
      label: done
  - id: d2
    title: Public plan
    date: 2026-01-11
    why: >-
      folded
      visibility: 2
notes:
  - {date: 2026-01-12, text: A note, visibility: 4}
"""

BREAKS = ["\n", "\r", "\r\n", "\x85", "\u2028", "\u2029"]
BLANKS = ["\t", "\xa0", "\u3000", "\ufeff", "\x0b", "\x0c", "\x01"]

LINES = [
    "    # a comment\u2028\u2028\n", "    # a comment\x85\n", "    # a comment\u2029\n", "  # c\r\n",
    "# top comment\u2028\n", "    # plain comment\n", "\n", "   \n",
    "    visibility: internal\n", "    visibility: 2\n", "    visibility: 1\n", "      visibility: 2\n",
    "      visibility: internal\n", "      label: done\n", "    label: done\n", "    label: stuck\n",
    "    why: |\n", "    why: >\n", "    why: |-\n", "      more text\n", "        deeper text\n",
    "  - id: d3\n", "    title: Another plan\n", "    date: 2026-01-13\n",
    "  - &a {id: a1, title: Anchored, label: done}\n", "  - *a\n", "    title: &t Shared title\n",
    "    title: *t\n", "  - {id: f1, title: Flow task, label: done, visibility: 1}\n",
    "tasks: [{id: f2, title: Flow list, label: done}]\n", "decisions: []\n", "{id: demo}\n",
    "---\n", "...\n", "%YAML 1.1\n", "\tlabel: done\n", "    label:\tdone\n", "? complex\n",
    "  - {id: f3,\n", "    title: split}\n", "    title: \"open\n", "close\"\n",
    "summary: >\n", "  folded summary\n", "notes:\n", "  - {date: 2026-01-13, text: Another, visibility: 1}\n",
]

WORDS = ["internal", "1", "2", "4", "done", "stuck", "d1", "d9", "|", ">", "&x", "*x", "#", "a\u2028b",
         "x\x85y", "q\u2029", "x:", "[", "{", "'", "\"", "2026-02-30", "maria", "nobody", "film", "ghost"]


# Weighted: edits that keep a version valid come often, so the shortcuts for valid versions are exercised.
ACTIONS = ("value",) * 5 + ("insert",) * 3 + ("comment",) * 2 + ("break",) + ("delete", "duplicate", "word", "blank", "indent")
_SIMPLE = re.compile(r"( *(?:- )?[A-Za-z_][A-Za-z0-9_-]*: )[A-Za-z0-9][A-Za-z0-9._:+-]*")
VALUES = ["internal", "1", "2", "4", "0", "done", "stuck", "in-review", "film", "maria", "d1", "2026-01-15"]


def _edit(data, text: str) -> str:
    parts = text.split("\n")  # lines by \n alone: the other breaks stay inside them, as written
    lines = [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    at = data.draw(st.integers(0, len(lines)))
    action = data.draw(st.sampled_from(ACTIONS))
    if action == "value":  # a `key: value` line given another plain value: what _edited_line reads in place
        simple = [i for i, line in enumerate(lines) if _SIMPLE.fullmatch(line.rstrip("\n"))]
        simple += [i for i in simple if lines[i].startswith("      ")] * 2  # key-shaped text in a block scalar
        if simple:
            at = data.draw(st.sampled_from(simple))
            head = _SIMPLE.fullmatch(lines[at].rstrip("\n")).group(1)
            lines[at] = head + data.draw(st.sampled_from(VALUES)) + lines[at][len(lines[at].rstrip("\n")):]
    elif action == "comment":  # breaks hidden in a comment, where no one sees them
        marks = data.draw(st.sampled_from(BREAKS[1:])) * data.draw(st.integers(1, 3))
        comments = [i for i, line in enumerate(lines) if "#" in line]
        if comments and data.draw(st.booleans()):
            at = data.draw(st.sampled_from(comments))
            lines[at] = lines[at].rstrip("\n") + marks + lines[at][len(lines[at].rstrip("\n")):]
        else:
            lines.insert(at, " " * data.draw(st.sampled_from((0, 2, 4, 6))) + "# note" + marks + "\n")
    elif action == "insert":
        lines.insert(at, data.draw(st.sampled_from(LINES)))
    elif action in ("break", "blank"):
        joined = "".join(lines)
        position = data.draw(st.integers(0, len(joined)))
        mark = data.draw(st.sampled_from(BREAKS if action == "break" else BLANKS))
        return joined[:position] + mark + joined[position:]
    elif lines and at < len(lines):
        if action == "delete":
            del lines[at]
        elif action == "duplicate":
            lines.insert(at, lines[at])
        elif action == "indent":
            lines[at] = "  " + lines[at]
        else:
            words = lines[at].rstrip("\n").split(" ")
            words[data.draw(st.integers(0, len(words) - 1))] = data.draw(st.sampled_from(WORDS))
            lines[at] = " ".join(words) + ("\n" if lines[at].endswith("\n") else "")
    return "".join(lines)


def assert_same_answer(reader: CampaignVersions, text: str, file: str = FILE) -> bool:
    """Whether the version is valid; fails where the two readers disagree."""
    data = text.encode("utf-8")
    campaign, problem = reader.read(data, file)
    expected, problems = read_campaign(data, file, CONFIG, None)
    if problems or expected is None:
        assert campaign is None
        assert problem == (str(min(problems)) if problems else f"{file}: not a campaign")
        return False
    assert problem is None
    assert campaign == expected  # every field but the lines they were written on (not content)
    return True


def test_the_base_reads():
    campaign, problems = read_campaign(BASE.encode(), FILE, CONFIG, None)
    assert not problems and [d.visibility for d in campaign.decisions] == [5, 2]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_every_version_reads_as_the_plain_reader_reads_it(data):
    reader = CampaignVersions(CONFIG)
    name = data.draw(st.sampled_from(("demo", "demo", "demo", "css")))  # css: an id every site has as a folder
    file, text = f"content/campaigns/{name}.yml", BASE.replace("id: demo", f"id: {name}")
    valid = text
    assert_same_answer(reader, text, file)  # its pieces are remembered first
    for _ in range(data.draw(st.integers(1, 8))):
        for _ in range(data.draw(st.sampled_from((1, 1, 1, 2, 3)))):  # one edit: the line read in place
            text = _edit(data, text)
        if assert_same_answer(reader, text, file):
            valid = text
        elif data.draw(st.integers(0, 3)):  # mostly, the next commit mends it (or starts again from the last valid)
            text = valid


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(BREAKS[1:]), min_size=1, max_size=3), st.sampled_from(("2", "1", "4")),
       st.integers(0, 3))
def test_a_line_break_in_a_comment_never_moves_a_key(breaks, level, where):
    """The red-team case, with each break: a key-shaped line inside a block scalar edited after a comment
    holding other YAML line breaks is text, never the entry's `visibility:` key."""
    reader = CampaignVersions(CONFIG)
    comment = "    # why it is internal" + "".join(breaks) + "\n"
    lines = BASE.splitlines(keepends=True)
    at = lines.index("    # why it is internal\n")
    lines[at] = comment
    text = "".join(lines)
    assert_same_answer(reader, text)
    block = text.index("      visibility: internal\n")
    edited = text[:block] + f"      visibility: {level}" + "\n" * (where + 1) + text[block + 27:]
    assert_same_answer(reader, edited)
    campaign, _ = reader.read(edited.encode(), FILE)
    if campaign is not None:
        assert campaign.decisions[0].visibility == 5  # still internal


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_every_one_line_edit_of_a_version_reads_the_same(data):
    """Around a random version (comments with breaks, blanks, inserted lines), every `key: value` line given
    each of a few values, and back: the edits the reader makes in place, all of them, not a sample."""
    text = BASE
    for _ in range(data.draw(st.integers(1, 3))):
        text = _edit(data, text)
    reader = CampaignVersions(CONFIG)
    lines = text.split("\n")
    for at, line in enumerate(lines):
        found = _SIMPLE.fullmatch(line)
        if found is None:
            continue
        for value in ("internal", "2", "done", "d9"):
            edited = "\n".join(lines[:at] + [found.group(1) + value] + lines[at + 1:])
            assert_same_answer(reader, text)
            assert_same_answer(reader, edited)
