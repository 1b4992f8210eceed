"""`receipts kpis`: the same measures in the terminal, as table, JSON or CSV."""

from __future__ import annotations

import argparse
import csv
import io
import json

import pytest

from generator import kpis_cli
from generator.errors import ReceiptsError
from tests.unit.test_measures_visibility import CAMPAIGN
from tests.conftest import MINIMAL_CONFIG


def run(capsys, *argv) -> str:
    parser = argparse.ArgumentParser()
    kpis_cli.add_parser(parser.add_subparsers(dest="command"))
    assert kpis_cli.run(parser.parse_args(["kpis", *argv])) == 0
    return capsys.readouterr().out


@pytest.fixture
def root(make_workspace):
    return str(make_workspace.write(MINIMAL_CONFIG, {"demo": CAMPAIGN}))


def test_json_has_the_documented_keys_for_the_first_internal_audience(capsys, root):
    data = json.loads(run(capsys, root, "--format", "json"))
    assert data["audience"] == "team" and data["as_of"] == "2026-02-20"
    demo = data["campaigns"]["demo"]
    assert demo["cycle_time_days"]["median"] == 30 and demo["cycle_time_days"]["count"] == 2
    assert demo["approval_on_time_rate"] == 0.0 and demo["rework_rate"] == 0.5
    assert demo["brief_accuracy"] == demo["brief_accuracy"] | {
        "briefed": 1, "delivered": 0, "missing": 1, "added_after_kickoff": None}
    assert demo["nps_change_90d"] is None
    assert [(s["id"], s["days"]) for s in demo["stalled"]] == [("copy", 46)]


def test_json_for_a_client_leaves_out_what_it_cannot_see(capsys, root):
    demo = json.loads(run(capsys, root, "--audience", "client1", "--format", "json"))["campaigns"]["demo"]
    assert "rework_rate" not in demo and "approval_on_time_rate" not in demo
    assert demo["cycle_time_days"]["count"] == 1


def test_csv_one_row_per_headline_number(capsys, root):
    rows = list(csv.reader(io.StringIO(run(capsys, root, "--audience", "client3", "--format", "csv"))))
    assert rows[0] == ["campaign", "measure", "value"]
    assert ["demo", "rework_rate", "0.5"] in rows
    assert ["demo", "nps_change_90d", ""] in rows  # no data: empty, not 0
    assert ["*", "cycle_time_days.median", "10"] in rows


def test_table_is_readable(capsys, root):
    out = run(capsys, root, "--audience", "client3")
    assert "rework rate" in out and "50% (1 of 2 steps)" in out and "as of 2026-01-11" in out  # its own view: no internal dates


def test_unknown_audience_is_an_error_naming_the_choices(root):
    with pytest.raises(ReceiptsError, match="unknown audience 'nobody'.*client0"):
        kpis_cli.compute(root, "nobody")


def test_without_an_internal_audience_it_asks_for_one(make_workspace):
    config = MINIMAL_CONFIG.replace("  team: {title: Team, tier: 4, internal: true, campaigns: all}\n", "")
    root = str(make_workspace.write(config, {"demo": CAMPAIGN}))
    with pytest.raises(ReceiptsError, match="--audience"):
        kpis_cli.compute(root, None)
