"""A measures page says only true things about what is recorded (red team round 4, tier0-measures-text).

A tier-0 client given one KPI series (`visibility: 0`) gets a measures page
for it (docs/measures.md, "Pages, charts and data files"). That page must
not claim what is false:

- the NPS series takes the `kpi` default (tier 1): scores recorded but kept
  from tier 0 are not "No score recorded yet". The measure does not appear
  (docs/measures.md rule 2, "Hidden inputs, no measure");
- a deliverable delivered, which cycle time cannot time without the change
  history, is not "Nothing finished yet" nor "0 finished items": the page
  keeps the reason, as it does when something else was timed.

Each test reads the built page as a reader would, tags stripped.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys

import pytest

from generator import pipeline
from tests.conftest import MINIMAL_CONFIG

CAMPAIGN = """\
id: demo
title: Demo campaign
client: Client Co.
milestones:
  - {id: kickoff, title: Kickoff, date: 2026-01-10, reached: true}
  - {id: launch, title: Launch, date: 2026-02-20, reached: true}  # tier 0's record reaches the film's day
brief:
  deliverables:
    - {id: film, title: Brand film, due: 2026-03-01}
assets:
  - {id: film-final, deliverable: film, title: Brand film final cut, url: "https://vimeo.com/123456",
     published: 2026-02-20}
kpis:
  nps:
    - {date: 2026-01-01, value: 20}
    - {date: 2026-02-25, value: 35}
  series:
    - {id: visits, title: Site visits, unit: visits, visibility: 0, points: [{date: 2026-02-01, value: 5}]}
"""


def main_text(page) -> str:
    """What a reader reads in the page's main part: tags and scripts stripped, spaces folded."""
    source = page.read_text(encoding="utf-8")
    source = source[source.find("<main"):source.find("</main>")]
    source = re.sub(r"<script.*?</script>", " ", source, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", source))).strip()


@pytest.fixture
def sites(make_workspace, tmp_path):
    root = make_workspace.write(MINIMAL_CONFIG, {"demo": CAMPAIGN})
    results = pipeline.build(root, audiences=["client0", "client1"], output=tmp_path / "out")
    return root, {r.audience: r.path for r in results}


def test_tier_zero_reads_nothing_about_satisfaction_scores_kept_from_it(sites):
    _, built = sites
    text = main_text(built["client0"] / "demo" / "measures.html")
    assert "Site visits" in text  # the series it was given: why the page exists
    assert "NPS" not in text and "satisfaction" not in text.lower()
    assert "No score recorded yet" not in text


def test_tier_zero_reads_why_the_delivered_film_is_not_timed_not_that_nothing_is_finished(sites):
    _, built = sites
    work = main_text(built["client0"] / "demo" / "work.html")
    assert "Brand film final cut" in work  # delivered, on its final work page
    text = main_text(built["client0"] / "demo" / "measures.html")
    assert "Nothing finished yet" not in text
    assert "0 finished items" not in text
    assert "Typical time to finish Not measured · 1 delivered; deliverables are measured from the day they " \
           "entered the brief, which needs the change history." in text
    assert "Time to finish Deliverables are measured from the day they entered the brief, which needs the " \
           "change history; none is connected." in text


def test_tier_one_sees_the_scores_and_the_same_reason(sites):
    _, built = sites
    text = main_text(built["client1"] / "demo" / "measures.html")
    assert "NPS change, last 90 days" in text and "Latest score 35 on 25 Feb 2026" in text
    assert "needs the change history; none is connected." in text
    assert "Nothing finished yet" not in text


def test_receipts_kpis_has_no_nps_key_for_tier_zero_and_one_for_tier_one(sites):
    root, _ = sites

    def campaign_keys(audience: str) -> dict:
        done = subprocess.run([sys.executable, "-m", "generator", "kpis", str(root), "--audience", audience,
                               "--format", "json"], capture_output=True, text=True, check=True)
        return json.loads(done.stdout)["campaigns"]["demo"]

    zero = campaign_keys("client0")
    assert "nps_change_90d" not in zero and "nps" not in zero
    assert [s["id"] for s in zero["series"]] == ["visits"]
    assert zero["cycle_time_days"]["count"] == 0
    assert [u["id"] for u in zero["cycle_time_days"]["unmeasured"]] == ["film"]
    one = campaign_keys("client1")
    assert one["nps_change_90d"] is None and one["nps"]["latest"]["value"] == 35


def test_tier_zero_given_the_nps_itself_sees_it(make_workspace, tmp_path):
    """The NPS series takes the `kpi` default: `defaults: {kpi: 0}` gives it to tier 0."""
    root = make_workspace.write(MINIMAL_CONFIG + "defaults: {kpi: 0}\n", {"demo": CAMPAIGN})
    (result,) = pipeline.build(root, audiences=["client0"], output=tmp_path / "out")
    text = main_text(result.path / "demo" / "measures.html")
    assert "NPS change, last 90 days" in text and "Latest score 35 on 25 Feb 2026" in text


def test_a_campaign_with_no_nps_at_all_is_explained_inside_and_left_out_for_clients(make_workspace, tmp_path):
    """docs/measures.md: "No NPS series at all": the team reads why the measure is empty; a client is not
    shown the empty tile or chart (docs/client-view.md, "No empty scaffolding for clients")."""
    without = CAMPAIGN.replace("  nps:\n    - {date: 2026-01-01, value: 20}\n    - {date: 2026-02-25, value: 35}\n",
                               "")
    assert without != CAMPAIGN
    root = make_workspace.write(MINIMAL_CONFIG, {"demo": without})
    built = {r.audience: r.path for r in pipeline.build(root, audiences=["client1", "team"], output=tmp_path / "out")}
    team = main_text(built["team"] / "demo" / "measures.html")
    assert "NPS change, last 90 days No data yet · No score recorded yet." in team
    assert "No satisfaction score recorded yet." in team
    client = main_text(built["client1"] / "demo" / "measures.html")
    assert "Site visits" in client  # the page is still there, with what it has
    assert "NPS" not in client and "No score recorded yet" not in client
    assert "No satisfaction score recorded yet." not in client


def test_a_client_reads_no_zero_of_zero_measures(make_workspace, tmp_path):
    """No approvals and no review rounds: the team reads the empty on-time and rework measures with why;
    a client reads neither tile nor their "none yet" lines. Finished-work measures about work it sees stay."""
    root = make_workspace.write(MINIMAL_CONFIG, {"demo": CAMPAIGN})
    built = {r.audience: r.path for r in pipeline.build(root, audiences=["client3", "team"], output=tmp_path / "out")}
    team = main_text(built["team"] / "demo" / "measures.html")
    for said in ("0 of 0 approvals answered by their due date.", "No approval has been answered or passed",
                 "No review round recorded yet."):
        assert said in team
    client = main_text(built["client3"] / "demo" / "measures.html")
    for said in ("0 of 0", "No approval has been answered or passed", "No review round recorded yet."):
        assert said not in client
    assert "Latest score 35 on 25 Feb 2026" in client


def test_nothing_finished_is_still_said_when_nothing_is(make_workspace, tmp_path):
    nothing = CAMPAIGN.replace('  - {id: film-final, deliverable: film, title: Brand film final cut, '
                               'url: "https://vimeo.com/123456",\n     published: 2026-02-20}\n', "")
    assert nothing != CAMPAIGN
    root = make_workspace.write(MINIMAL_CONFIG, {"demo": nothing})
    (result,) = pipeline.build(root, audiences=["client1"], output=tmp_path / "out")
    text = main_text(result.path / "demo" / "measures.html")
    assert "Typical time to finish No data yet · Nothing finished yet." in text
    assert "Time to finish Nothing finished yet, so there is no time to measure." in text
