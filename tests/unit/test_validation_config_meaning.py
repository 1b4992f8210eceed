"""site_config.yml settings that would mean nothing are errors, never silently accepted (docs/format.md)."""

from __future__ import annotations

import pytest

from generator.cli import main
from generator.inputs import load_workspace
from tests.conftest import MINIMAL_CONFIG
from tests.unit.test_loading import CAMPAIGN, problems_of


def test_a_campaign_listed_twice_for_an_audience_is_an_error(make_workspace, capsys):
    """`campaigns: [c1, c1]`: a slip (another campaign meant?), never the same pages twice."""
    config = MINIMAL_CONFIG.replace("client1: {title: Client one, tier: 1, campaigns: [demo]}",
                                    "client1: {title: Client one, tier: 1, campaigns: [demo, demo]}")
    root = make_workspace.write(config=config, campaigns={"demo": CAMPAIGN})
    assert main(["validate", str(root)]) == 1
    assert capsys.readouterr().err == (
        "site_config.yml:9: audiences.client1.campaigns[1]: 'demo' is listed twice (first as "
        "audiences.client1.campaigns[0]); expected each campaign once\n"
        "receipts: 1 problem found; nothing was built.\n")


def test_a_measure_opened_to_internal_audiences_is_an_error(make_workspace, capsys):
    """Internal audiences see every entry and always get their own figure: `internal` opens a measure to nobody."""
    config = MINIMAL_CONFIG + "measures:\n  rework-rate: internal\n  cycle-time: 1\n"
    root = make_workspace.write(config=config, campaigns={"demo": CAMPAIGN})
    assert main(["validate", str(root)]) == 1
    assert capsys.readouterr().err == (
        "site_config.yml:14: measures.rework-rate: opening a measure to internal audiences changes nothing (they "
        "see every entry, so they get the measure anyway); expected the lowest tier 0-4 to show the total to, "
        "such as 1\n"
        "receipts: 1 problem found; nothing was built.\n")


@pytest.mark.parametrize("tier", ["0", "1", "4"])
def test_a_measure_opened_to_a_tier_still_reads(make_workspace, tier):
    root = make_workspace.write(config=MINIMAL_CONFIG + f"measures:\n  rework-rate: {tier}\n",
                                campaigns={"demo": CAMPAIGN})
    assert load_workspace(root).config.measures == {"rework-rate": int(tier)}


def test_each_campaign_once_still_reads(make_workspace):
    config = MINIMAL_CONFIG.replace("client1: {title: Client one, tier: 1, campaigns: [demo]}",
                                    "client1: {title: Client one, tier: 1, campaigns: [demo, other]}")
    other = CAMPAIGN.replace("id: demo", "id: other")
    root = make_workspace.write(config=config, campaigns={"demo": CAMPAIGN, "other": other})
    assert load_workspace(root).config.audiences["client1"].campaigns == ("demo", "other")


def test_an_unknown_campaign_listed_twice_is_unknown_at_each_place_and_twice_at_the_second(make_workspace):
    config = MINIMAL_CONFIG.replace("client1: {title: Client one, tier: 1, campaigns: [demo]}",
                                    "client1: {title: Client one, tier: 1, campaigns: [demo, ghost, ghost]}")
    found = problems_of(make_workspace, CAMPAIGN, config=config)
    assert [p.split(": ", 2)[1] for p in found] == ["audiences.client1.campaigns[1]", "audiences.client1.campaigns[2]",
                                                    "audiences.client1.campaigns[2]"]
