"""Search records (render/search_records.py): one per entry a page shows, at its anchor, with nothing else.

The records are made from the audience's view at render time; these tests
hold them against the built pages: each record's anchor is an element of its
page, and its title, date and text are in that element, its status label on
the page; every entry has exactly one record; and what a tier or the
`internal` marker hides is in no file of the index.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator import pipeline
from generator.clock import Clock
from generator.inputs import load_workspace
from generator.measures.opened import with_opened_figures
from generator.redact.entries import redact
from generator.render.search_records import SearchRecord, plain
from generator.site.search_index import index_files
from tests.conftest import MINIMAL_CONFIG, REPO
from tests.fixtures.sites import site_of

AUDIENCES = ("acme", "harbor", "team")
_SPACE = re.compile(r"\s+")


def records_of(site: Path) -> list[dict]:
    index = (site / "search" / "index.js").read_text(encoding="utf-8")
    records = []
    for name in json.loads(index.split(" = ", 1)[1].rstrip().rstrip(";"))["parts"]:
        text = (site / "search" / f"{name}.js").read_text(encoding="utf-8")
        records += json.loads(text.split(" = ", 1)[1].rstrip().rstrip(";"))
    return records


class _Texts(HTMLParser):
    """The text of <main> and of every element with an id inside it, as a reader sees it (no scripts)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, str | None]] = []  # (tag, id) of the open elements
        self.texts: dict[str, list[str]] = {}  # id -> its text; "" -> <main>'s
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"br", "img", "input", "meta", "link", "hr", "wbr", "source"}:
            return
        ident = dict(attrs).get("id") if tag != "main" else ""
        self.open.append((tag, ident))
        if ident is not None:
            self.texts.setdefault(ident, [])
        self.skip += tag in {"script", "style", "template"}

    def handle_endtag(self, tag):
        while self.open:
            done, _ = self.open.pop()
            self.skip -= done in {"script", "style", "template"}
            if done == tag:
                break

    def handle_data(self, data):
        if self.skip:
            return
        for _, ident in self.open:
            if ident is not None:
                self.texts[ident].append(data)


def element_texts(page: Path) -> dict[str, str]:
    parser = _Texts()
    parser.feed(page.read_text(encoding="utf-8"))
    return {k: _SPACE.sub(" ", " ".join(v)) for k, v in parser.texts.items()}


def _words_in(text: str, where: str) -> list[str]:
    """The words of `text` that `where` lacks (compared without spaces: markup splits text into pieces)."""
    squeezed = where.replace(" ", "")
    return [w for w in text.split() if w.strip("…") and w.strip("…") not in squeezed]


def _check_records_against_pages(site: Path) -> int:
    records = records_of(site)
    pages: dict[str, dict[str, str]] = {}
    for record in records:
        page, _, anchor = record["u"].partition("#")
        texts = pages.setdefault(page, element_texts(site / page))
        assert anchor in texts, f"{record['u']}: no element with that id"
        element = texts[anchor]
        # a step is titled by its approval (the receipt's heading), a task's label heads its board column
        page_wide = {"c", "l"} | ({"t"} if record["k"] == "Approval step" else set())
        for key in ("t", "d", "c", "l"):
            assert not _words_in(record.get(key, ""), texts[""] if key in page_wide else element), (key, record)
        assert not _words_in(record.get("x", ""), element), record
    return len(records)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_each_record_is_at_its_anchor_and_holds_only_what_its_element_shows(demo_site, audience):
    assert _check_records_against_pages(site_of(demo_site, audience)) > 10


def test_the_same_holds_at_every_tier(make_workspace, tmp_path):
    root = make_workspace.write(MINIMAL_CONFIG, {"demo": HIDDEN_CAMPAIGN})
    out = tmp_path / "out"
    pipeline.build(root, output=out)
    counts = {a: _check_records_against_pages(site_of(out, a))
              for a in ("client0", "client1", "client2", "client3", "team")}
    assert counts["client0"] < counts["client1"] < counts["client2"] < counts["client3"] < counts["team"]


def test_every_record_leads_to_a_different_place(demo_site):
    for audience in AUDIENCES:
        urls = Counter(r["u"] for r in records_of(site_of(demo_site, audience)))
        assert [u for u, n in urls.items() if n > 1] == []


def _view(root: Path, audience: str):
    workspace = load_workspace(root)
    clock = Clock.read(1_780_000_000)
    view, _ = redact(workspace, workspace.config.audiences[audience], clock)
    return with_opened_figures(workspace, workspace.config.audiences[audience], view, clock)


def _records(view) -> list[SearchRecord]:
    rendered = pipeline.render(view, pipeline.measure(view))
    return rendered.search


def test_one_record_per_entry_of_the_internal_view():
    view = _view(REPO, "team")
    records = _records(view)
    wanted = Counter()
    for c in view.campaigns:
        wanted["Campaign"] += 1
        wanted["Task"] += len(c.tasks)
        wanted["Milestone"] += len(c.milestones)
        wanted["Deliverable"] += len(c.deliverables)
        wanted["Decision"] += len(c.decisions)
        wanted["Approval"] += len(c.approvals)
        wanted["Approval step"] += sum(len(a.steps) for a in c.approvals)
        wanted["Note"] += len(c.notes)
        wanted["Final work"] += sum(1 for a in c.assets if a.file or a.url)
        wanted["KPI"] += len(c.series) + (c.nps is not None)
    assert Counter(r.kind for r in records) == wanted
    assert all(wanted[k] for k in ("Task", "Decision", "Approval", "Approval step", "Note", "KPI"))


def test_a_note_title_is_its_first_words_and_markdown_is_read_as_text():
    assert plain("**Launch** moved: see [the plan](https://x.example/p) &amp; <script>x()</script>") == \
        "Launch moved: see the plan &"
    assert plain("- one\n- two\n\n# Head") == "one two Head"


HIDDEN_CAMPAIGN = """\
id: demo
title: Demo campaign
client: Client Co.
brief:
  deliverables:
    - {id: film, title: Launch film, due: 2026-03-01}
    - {id: tapir, title: Tapir deliverable, due: 2026-03-01, visibility: internal}
milestones:
  - {id: kickoff, title: Kickoff, date: 2026-01-10, reached: true}
  - {id: okapi, title: Okapi milestone, date: 2026-01-12, reached: true, visibility: 3}
tasks:
  - {id: board, title: Storyboard, owner: maria, label: in-progress}
  - {id: quokka, title: Quokka embargo plan, label: in-progress, visibility: internal}
decisions:
  - id: shown
    date: 2026-01-20
    title: Morning concept chosen
    why: "Clients liked it. [internal]Platypus aside[/internal]"
    comments:
      - {by: jane, at: 2026-01-19T15:02:00, text: Axolotl remark, visibility: internal}
  - {id: narwhal, date: 2026-01-21, title: Narwhal pricing, why: Wombat reasons, visibility: 3}
approvals:
  - id: board-v1
    subject: board
    requested: 2026-01-21T10:00:00
    steps:
      - {by: jane, verdict: approved, at: 2026-01-22T16:10:00, comment: Pangolin verdict}
notes:
  - {date: 2026-02-03, text: Capybara note for the team}
kpis:
  series:
    - {id: reach, title: Reach, unit: people, points: [{date: 2026-01-07, value: 1200}]}
    - {id: ibex, title: Ibex reach, unit: people, visibility: internal,
       points: [{date: 2026-01-07, value: 120}]}
"""
HIDDEN = ("tapir", "okapi", "quokka", "platypus", "axolotl", "narwhal", "wombat", "pangolin", "capybara", "ibex")


def _index_text(view) -> str:
    return b"".join(index_files(_records(view)).values()).decode("utf-8").lower()


def test_nothing_a_tier_or_internal_hides_is_in_any_file_of_the_index(make_workspace):
    root = make_workspace.write(MINIMAL_CONFIG, {"demo": HIDDEN_CAMPAIGN})
    for audience in ("client0", "client1", "client2"):
        index = _index_text(_view(root, audience))
        assert [w for w in HIDDEN if w in index] == [], audience
    team = _index_text(_view(root, "team"))
    assert [w for w in HIDDEN if w not in team] == []  # the team's site finds each of them
    client2 = _index_text(_view(root, "client2"))
    assert "morning concept chosen" in client2 and "clients liked it." in client2 and "storyboard" in client2


def test_a_record_whose_element_a_page_leaves_out_is_dropped():
    """Whatever a template leaves out (here: the board), no record speaks for it or links to nothing."""
    from generator.render import PageOut
    from generator.render.search_records import shown_on

    task = SearchRecord("Task", "Quokka plan", "demo/index.html#task-quokka")
    page = SearchRecord("Campaign", "Demo", "demo/index.html")
    elsewhere = SearchRecord("Note", "Gone", "demo/notes.html#note-2026-01-01")
    overview = PageOut("demo/index.md", "Demo", '<h1>Demo</h1><li id="task-board">Storyboard</li>')
    assert shown_on([task, page, elsewhere], [overview]) == [page]
    assert shown_on([task], [PageOut("demo/index.md", "Demo", '<li id="task-quokka">Quokka plan</li>')]) == [task]
