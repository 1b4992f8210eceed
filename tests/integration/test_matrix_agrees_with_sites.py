"""The redaction matrix agrees with the sites it describes: "shown" for an audience iff its site shows the row.

Random workspaces (tests/property/workspaces.py: every text carries a
unique marker word, and so does every [internal] span) are built whole,
MkDocs and audit gate included. The team's matrix, read from its HTML, must
list every item of every campaign (each entry, comment, approval step, KPI
point, note and span) once, and each audience's cell must say "shown"
exactly when that audience's built site holds the item: its marker, its
receipt page (an approval), its point in the chart's CSV (a KPI point), its
overview (a campaign).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings

from generator import pipeline, spans
from generator.audit.text import decode
from tests.property.workspaces import MARKER, Spec, marker_words, specs

ROW = re.compile(r'<tr id="m/([^/"]+)/([^"]+)" data-kind="([a-z]+)">\s*<th scope="row">(.*?)</th>(.*?)</tr>', re.S)
CELL = re.compile(r'<td class="mc-([a-z]+)">')
AUDIENCE = re.compile(r'<th scope="col" class="matrix-aud"><code>([a-z0-9-]+)</code></th>')
TEAM = {"title": "Team", "tier": 4, "internal": True, "campaigns": "all", "names": "names"}


def matrix_rows(site: Path) -> tuple[list[str], list[tuple[str, str, str, str, list[str]]]]:
    """(audiences, rows as (campaign, key, kind, title html, cell states)) of every page of the matrix."""
    audiences, rows = [], []
    for page in sorted(site.glob("matrix*.html")):
        html = page.read_text(encoding="utf-8")
        head = html.split("</thead>")[0]  # every table (a campaign each) has the same audience columns
        audiences = AUDIENCE.findall(head) or audiences
        rows += [(c, key, kind, title, CELL.findall(cells)) for c, key, kind, title, cells in ROW.findall(html)]
    return audiences, rows


def site_text(site: Path) -> str:
    return "\n".join(decode(p.read_bytes().decode("utf-8", "replace")) for p in sorted(site.rglob("*")) if p.is_file())


def shows(site: Path, text: str, campaign: str, key: str, kind: str, title: str) -> bool:
    """Whether the built site shows the matrix row's item, read from the site alone."""
    if kind == "campaign":
        return (site / campaign / "index.html").is_file()
    if kind == "approval":
        return (site / campaign / "approvals" / f"{key.split('/')[1]}.html").is_file()
    if kind == "point":
        csv = site / campaign / "data" / f"series-{key.split('/')[1]}.csv"
        return csv.is_file() and title.split(":")[0] in csv.read_text(encoding="utf-8")
    return MARKER.findall(title)[0] in text


def expected_keys(spec) -> set[tuple[str, str]]:
    """Every item of every campaign, from the workspace as written (not from the generator's code)."""
    keys: set[tuple[str, str]] = set()

    def add(cid, key, texts):
        keys.add((cid, key))
        for field, text in texts:
            keys.update((cid, f"span/{key}/{field}/{n}") for n in range(1, len(spans.contents(text)) + 1))

    for cid, c in spec.campaigns.items():
        add(cid, "campaign", [("title", c["title"]), ("client", c["client"]), ("summary", c["summary"])]
            + [(f"goal-{n}", g) for n, g in enumerate(c["brief"]["goals"], 1)])
        for kind, group in (("deliverable", c["brief"]["deliverables"]), ("milestone", c["milestones"]),
                            ("task", c["tasks"]), ("asset", c["assets"])):
            for e in group:
                add(cid, f"{kind}/{e['id']}", [("title", e["title"])])
        for d in c["decisions"]:
            add(cid, f"decision/{d['id']}", [("title", d["title"]), ("why", d["why"])]
                + [(f"alternative-{n}", a) for n, a in enumerate(d["alternatives"], 1)])
            for n, comment in enumerate(d["comments"], 1):
                add(cid, f"comment/{d['id']}/{n}", [("text", comment["text"])])
        for a in c["approvals"]:
            add(cid, f"approval/{a['id']}", [])
            for n, step in enumerate(a["steps"], 1):
                add(cid, f"step/{a['id']}/{n}", [("comment", step["comment"])])
        for k in c["kpis"]["series"]:
            add(cid, f"kpi/{k['id']}", [])
            keys.update((cid, f"point/{k['id']}/{n}") for n in range(1, len(k["points"]) + 1))
        for n, note in enumerate(c["notes"], 1):
            add(cid, f"note/{n}", [("text", note["text"])])
    return keys


def every_reason() -> Spec:
    """A workspace with each reason for each kind of item: tier, a plan at tier 0, a hidden entry referred to
    (or hung below), a campaign not given, and [internal] spans in entries, sub-entries and notes."""
    words = marker_words()

    def text(span: bool = False) -> str:
        return next(words) + (f" alpha [internal]{next(words)} secret[/internal]" if span else "")

    camp0 = {
        "id": "camp0", "title": text(), "client": "Client Co.", "summary": text(True),
        "brief": {"goals": [text()], "deliverables": [{"id": "d0", "title": text(), "visibility": "internal"},
                                                      {"id": "d1", "title": text(True)}]},
        "milestones": [{"id": "m0", "title": text(), "date": "2026-01-10", "reached": True},
                       {"id": "m1", "title": text(), "date": "2026-01-11", "reached": False}],
        "tasks": [{"id": "t0", "title": text(), "label": "in-progress", "deliverable": "d0"},
                  {"id": "t1", "title": text(True), "label": "stuck", "visibility": 4},
                  {"id": "t2", "title": text(), "label": "in-progress", "deliverable": "d1", "visibility": 0}],
        "decisions": [
            {"id": "c0", "date": "2026-01-20", "title": text(), "why": text(True), "alternatives": [text()],
             "decided_by": ["maria"], "relates_to": [], "visibility": 3,
             "comments": [{"by": "jane", "at": "2026-01-12T10:00:00", "text": text(True), "visibility": 0}]},
            {"id": "c1", "date": "2026-01-21", "title": text(), "why": text(), "alternatives": [],
             "decided_by": ["maria"], "relates_to": ["t0"],
             "comments": [{"by": "jane", "at": "2026-01-13T10:00:00", "text": text()}]}],
        "approvals": [
            {"id": "a0", "subject": "t0", "version": "v1", "requested": "2026-01-20T10:00:00",
             "steps": [{"by": "jane", "verdict": "approved", "at": "2026-01-21T10:00:00", "comment": text()}]},
            {"id": "a1", "subject": "t2", "version": "v2", "requested": "2026-01-20T10:00:00",
             "steps": [{"by": "jane", "verdict": "changes-requested", "at": "2026-01-22T10:00:00",
                        "comment": text(True), "visibility": "internal"},
                       {"by": "jane", "verdict": "approved", "at": "2026-01-23T10:00:00", "comment": text()}]}],
        "notes": [{"date": "2026-02-01", "about": "t0", "text": text(), "visibility": 0},
                  {"date": "2026-02-02", "about": "m0", "text": text(True), "visibility": 2},
                  {"date": "2026-02-03", "text": text(), "visibility": "internal"}],
        "assets": [{"id": "f0", "title": text(), "url": "https://example.com/f0", "published": "2026-01-08",
                    "deliverable": "d1"}],
        "kpis": {"series": [{"id": "k0", "title": text(), "unit": "people", "visibility": 0,
                             "points": [{"date": "2026-01-10", "value": 3},
                                        {"date": "2026-02-10", "value": 5, "visibility": 3}]}]},
    }
    camp1 = {"id": "camp1", "title": text(), "client": "Other Co.", "summary": text(), "brief": {"goals": [],
             "deliverables": []}, "milestones": [], "decisions": [], "approvals": [], "notes": [], "assets": [],
             "tasks": [{"id": "t0", "title": text(True), "label": "done", "start": "2026-01-05", "done": "2026-01-09"}],
             "kpis": {"series": []}}
    audiences = {"t0": {"title": "Zero", "tier": 0, "campaigns": ["camp0"], "names": "names"},
                 "t2": {"title": "Two", "tier": 2, "campaigns": "all", "names": "roles"},
                 "t3": {"title": "Three", "tier": 3, "campaigns": ["camp0"], "names": "names"}}
    return Spec(audiences, {"camp0": camp0, "camp1": camp1})


@example(every_reason())
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs())
def test_every_matrix_row_says_shown_exactly_where_that_site_shows_it(spec):
    spec.audiences["team"] = dict(TEAM)
    with tempfile.TemporaryDirectory(prefix="receipts-matrix-") as tmp:
        results = pipeline.build(spec.write(Path(tmp) / "ws"), output=Path(tmp) / "out")
        sites = {r.audience: r.path for r in results}
        audiences, rows = matrix_rows(sites["team"])
        assert sorted(audiences) == sorted(spec.audiences)
        assert {(c, key) for c, key, *_ in rows} == expected_keys(spec)
        assert len(rows) == len({(c, key) for c, key, *_ in rows})
        texts = {a: site_text(sites[a]) for a in audiences}
        for campaign, key, kind, title, cells in rows:
            for audience, state in zip(audiences, cells, strict=True):
                shown = shows(sites[audience], texts[audience], campaign, key, kind, title)
                assert (state == "shown") == shown, (audience, campaign, key, state)
