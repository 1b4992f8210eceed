"""Final work published after a site's "as of" is scheduled, not delivered (red team round 4, tier0-future-asset).

docs/measures.md, "Scheduled work": the as-of moment never comes from a
publication date; it decides it. An asset published after the as-of day is
not finished work (a tier-0 site does not hold it, nor its deliverable when
nothing else was delivered for it), is delivered on no page and counted by
no measure, and does not move any site's "as of" (so a wait of 17 days does
not read 137). Without history, a publication later than every other date
recorded in what an audience sees is therefore scheduled for that audience.

Each test builds the sites and reads them as a reader would.
"""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import re
import subprocess
import sys

import pytest

from generator import pipeline
from generator.redact.entries import redact
from generator.inputs import load_workspace
from tests.conftest import MINIMAL_CONFIG
from tests.fixtures.git_history import GitWorkspace
from tests.fixtures import images

PNG = images.png()  # a real one: the gate refuses an image it cannot decode

CAMPAIGN = """\
id: demo
title: Demo campaign
client: Client Co.
milestones:
  - {id: kick, title: Kickoff, date: 2026-01-10, reached: true}
  - {id: wrap, title: Wrap party, date: 2026-02-01, reached: true}
brief:
  deliverables:
    - {id: poster, title: Launch poster, due: 2026-06-01}
assets:
  - {id: poster-final, deliverable: poster, title: Poster for the launch, file: assets/poster.png,
     published: 2026-06-01}
tasks:
  - {id: t1, title: Legal check of claims, label: waiting-on-legal, start: 2026-01-15}
"""
ASSETS = {"assets/poster.png": PNG + b" the poster"}
AUDIENCES = ["client0", "client1", "team"]


def text_of(page) -> str:
    """What a reader reads in a page's main part: tags and scripts stripped, spaces folded."""
    source = page.read_text(encoding="utf-8")
    source = source[source.find("<main"):source.find("</main>")]
    source = re.sub(r"<script.*?</script>", " ", source, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", source))).strip()


def every_file(site) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(site.rglob("*")) if p.is_file())


def as_of(site) -> str:
    return re.search(r'As of <time datetime="([^"]+)"', (site / "demo" / "index.html").read_text("utf-8")).group(1)


def kpis(root, audience: str) -> dict[str, str]:
    done = subprocess.run([sys.executable, "-m", "generator", "kpis", str(root), "--audience", audience,
                           "--format", "csv"], capture_output=True, text=True, check=True)
    rows = csv.DictReader(io.StringIO(done.stdout))
    return {row["measure"]: row["value"] for row in rows if row["campaign"] == "demo"}


def build(make_workspace, tmp_path, campaign: str = CAMPAIGN, audiences=AUDIENCES, config: str = MINIMAL_CONFIG):
    root = make_workspace.write(config, {"demo": campaign}, ASSETS)
    results = pipeline.build(root, audiences=audiences, output=tmp_path / "out")
    return root, {r.audience: r for r in results}


@pytest.fixture
def sites(make_workspace, tmp_path):
    return build(make_workspace, tmp_path)


def test_a_tier_zero_site_holds_no_scheduled_work(sites):
    _, built = sites
    site = built["client0"].path
    assert not (site / "assets").exists()  # the file is not copied to a "finished work only" site
    assert "Launch poster" not in every_file(site) and "Poster for the launch" not in every_file(site)
    assert "Nothing recorded yet." in text_of(site / "demo" / "work.html")
    withheld = {(w.kind, w.id): w.reason for w in built["client0"].report.withheld}
    assert withheld[("asset", "poster-final")] == "scheduled"
    assert withheld[("deliverable", "poster")] == "planned"


def test_a_scheduled_publication_moves_no_sites_as_of(sites):
    root, built = sites
    assert {a: as_of(built[a].path) for a in AUDIENCES} == dict.fromkeys(AUDIENCES, "2026-02-01")
    overview = text_of(built["team"].path / "demo" / "index.html")
    assert "Legal check of claims With the agency since 15 Jan 2026 · for 17 days" in overview
    assert "137 days" not in overview
    assert kpis(root, "team")["stalled.task.t1.days"] == "17"
    # the moment does not depend on the asset it decides about: the same without it
    workspace = load_workspace(root)
    without = dataclasses.replace(workspace, campaigns={
        "demo": dataclasses.replace(workspace.campaigns["demo"], assets=())})
    for audience in AUDIENCES:
        who = workspace.config.audiences[audience]
        assert redact(workspace, who)[0].as_of == redact(without, who)[0].as_of, audience


@pytest.mark.parametrize("audience", ["client1", "team"])
def test_a_site_that_sees_plans_shows_it_to_be_published_never_delivered(sites, audience):
    root, built = sites
    site = built[audience].path
    overview = text_of(site / "demo" / "index.html")
    assert "Launch poster 1 Jun 2026 Not yet delivered · To be published 1 Jun 2026 : Poster for the launch" \
        in overview
    work = text_of(site / "demo" / "work.html")
    assert "The finished work, as delivered. Nothing delivered yet. Scheduled Final work with a publication " \
           "date after this site's date: not delivered yet. Poster for the launch Launch poster To be published " \
           "1 Jun 2026" in work
    assert "Published" not in work
    timeline = text_of(site / "demo" / "timeline.html")
    assert "Coming up" in timeline and "To be published 1 Jun 2026 Poster for the launch" in timeline
    numbers = kpis(root, audience)
    assert (numbers["brief_accuracy.delivered"], numbers["brief_accuracy.missing"]) == ("0", "1")


def test_published_on_the_last_day_recorded_is_delivered(make_workspace, tmp_path):
    _, built = build(make_workspace, tmp_path, CAMPAIGN.replace("published: 2026-06-01", "published: 2026-02-01"))
    for audience in AUDIENCES:
        site = built[audience].path
        assert "Published 1 Feb 2026" in text_of(site / "demo" / "work.html"), audience
        assert (site / "assets" / "demo" / "poster.png").is_file()
    assert "Launch poster 1 Jun 2026 Poster for the launch" in text_of(built["client0"].path / "demo" / "index.html")


def test_without_history_each_site_judges_by_what_it_sees(make_workspace, tmp_path):
    """An internal note of 2 Jun shows the team that 1 Jun has come; a client who cannot see it is as of 1 Feb."""
    later = CAMPAIGN + "notes:\n  - {date: 2026-06-02, text: Poster is up in the metro., visibility: internal}\n"
    root, built = build(make_workspace, tmp_path, later)
    assert as_of(built["team"].path) == "2026-06-02"
    assert "Published 1 Jun 2026" in text_of(built["team"].path / "demo" / "work.html")
    assert kpis(root, "team")["brief_accuracy.delivered"] == "1"
    assert as_of(built["client1"].path) == "2026-02-01"  # the note is not its evidence: it does not see it
    assert "To be published 1 Jun 2026" in text_of(built["client1"].path / "demo" / "work.html")
    assert "Poster for the launch" not in every_file(built["client0"].path)


def test_at_tier_zero_a_publication_never_vouches_for_itself(make_workspace, tmp_path):
    """A tier-0 note about the poster shows only once the poster is delivered: it cannot date its delivery."""
    about = CAMPAIGN + ("notes:\n"
                        "  - {date: 2026-06-05, about: poster, text: Poster is up in the metro., visibility: 0}\n")
    _, built = build(make_workspace, tmp_path, about, ["client0", "client1"])
    zero = every_file(built["client0"].path)
    assert as_of(built["client0"].path) == "2026-02-01"
    assert "Poster is up" not in zero and "Poster for the launch" not in zero
    assert as_of(built["client1"].path) == "2026-06-05"  # tier 1 sees the note, plan or not
    assert "Published 1 Jun 2026" in text_of(built["client1"].path / "demo" / "work.html")


def test_at_tier_zero_what_a_delivery_brings_into_view_dates_the_next_one(make_workspace, tmp_path):
    """The film is delivered by 1 Feb; a tier-0 note about it says 1 Mar has come, so the 20 Feb poster has too."""
    two = CAMPAIGN.replace("published: 2026-06-01", "published: 2026-02-20").replace(
        "    - {id: poster,", "    - {id: film, title: Launch film}\n    - {id: poster,").replace(
        "tasks:", "  - {id: film-cut, deliverable: film, title: Film final cut, url: \"https://example.com/f\", "
                  "published: 2026-01-20}\ntasks:")
    two += "notes:\n  - {date: 2026-03-01, about: film, text: The film is on air., visibility: 0}\n"
    _, built = build(make_workspace, tmp_path, two, ["client0"])
    site = built["client0"].path
    assert as_of(site) == "2026-03-01"
    work = text_of(site / "demo" / "work.html")
    assert "Film final cut" in work and "Poster for the launch" in work and "Published 20 Feb 2026" in work
    assert "The film is on air." in text_of(site / "demo" / "notes.html")


def test_with_history_the_as_of_commit_decides(tmp_path):
    ws = GitWorkspace(tmp_path / "ws")
    (ws.root / "content" / "assets").mkdir(parents=True)
    (ws.root / "content" / "assets" / "poster.png").write_bytes(ASSETS["assets/poster.png"])
    ws.campaign("demo", CAMPAIGN)
    ws.commit("Brief and poster", "2026-02-01T10:00:00+01:00")

    def built(out):
        return {r.audience: r.path for r in pipeline.build(ws.root, audiences=AUDIENCES, output=tmp_path / out)}

    before = built("before")
    assert as_of(before["client0"]).startswith("2026-02-01T10:00")
    assert "Poster for the launch" not in every_file(before["client0"])
    assert "To be published 1 Jun 2026" in text_of(before["team"] / "demo" / "work.html")
    legal_done = CAMPAIGN.replace("label: waiting-on-legal", "label: done, done: 2026-06-02")
    ws.campaign("demo", legal_done)
    ws.commit("Legal check done", "2026-06-02T09:00:00+02:00")
    unseen = built("unseen")
    # a tier-1 label change: client1 sees it, and its as-of moves; client0 sees nothing of it, and its does not
    assert as_of(unseen["client1"]).startswith("2026-06-02T09:00")
    assert "Published 1 Jun 2026" in text_of(unseen["client1"] / "demo" / "work.html")
    assert as_of(unseen["client0"]).startswith("2026-02-01T10:00")
    assert "Poster for the launch" not in every_file(unseen["client0"])
    ws.campaign("demo", legal_done.replace("milestones:\n", "milestones:\n  - {id: launch, title: Launch, "
                                                             "date: 2026-06-03, reached: true}\n"))
    ws.commit("Launched", "2026-06-03T09:00:00+02:00")
    after = built("after")
    assert as_of(after["client0"]).startswith("2026-06-03T09:00")
    for audience in AUDIENCES:
        assert "Published 1 Jun 2026" in text_of(after[audience] / "demo" / "work.html"), audience
    assert (after["client0"] / "assets" / "demo" / "poster.png").is_file()


def test_receipts_build_names_the_work_it_withheld_as_scheduled(make_workspace, tmp_path):
    root = make_workspace.write(MINIMAL_CONFIG, {"demo": CAMPAIGN}, ASSETS)
    done = subprocess.run([sys.executable, "-m", "generator", "build", str(root), "--audience", "client0",
                           "--output", str(tmp_path / "out")], capture_output=True, text=True, check=True)
    assert "    withheld as scheduled: asset 'poster-final' in demo is published after this site's 'as of' day " \
           "(record the delivery to show it: docs/measures.md, \"Scheduled work\")" in done.stdout


def test_the_gate_holds_scheduled_work_hidden_from_tier_zero_too(make_workspace, tmp_path):
    """The gate works out what tier 0 may see with the same rule: a scheduled poster's bytes on that site fail it."""
    from tests.fixtures.audited_copy import audited_copy

    root = make_workspace.write(MINIMAL_CONFIG, {"demo": CAMPAIGN}, ASSETS)
    pipeline.build(root, audiences=["client0"], output=tmp_path / "out")
    copy, findings = audited_copy(load_workspace(root), tmp_path / "out", tmp_path, "client0")
    (copy / "assets" / "demo").mkdir(parents=True, exist_ok=True)
    (copy / "assets" / "demo" / "poster.png").write_bytes(ASSETS["assets/poster.png"])  # a slip put it there
    assert "assets/demo/poster.png: the bytes of the file of hidden asset 'poster-final' in demo" in findings()
