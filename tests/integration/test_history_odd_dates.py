"""Dates git accepts (`git fsck --strict` passes) that Python's datetime cannot hold do not break the build.

A time zone of 24 hours or more (+2500) is read as UTC; a moment past the
year 9999 as in the future, so the commit is left out like any future-dated
one (generator/redact/future.py). Each says so with a warning naming the commit.
Both crashed every build before (ValueError from datetime.fromisoformat).
"""

from __future__ import annotations

import pytest

from generator import pipeline
from generator.errors import StrictError
from tests.fixtures.git_history import GitWorkspace
from tests.fixtures.sites import site_of
from tests.integration.test_history import campaign, t


def pages(out, audience: str) -> str:
    return " ".join(p.read_text(encoding="utf-8") for p in site_of(out, audience).rglob("*.html"))


def odd_story(root, raw_date: str):
    ws = GitWorkspace(root)
    ws.campaign("demo", campaign())
    ws.commit("Set up", t("10"))
    ws.campaign("demo", campaign(launch="2026-04-21"))
    odd = ws.commit("Launch a week later\n\nVisibility: 1", f"@{raw_date}")
    return ws, odd


def test_a_time_zone_of_25_hours_is_read_as_utc_with_a_warning(tmp_path):
    ws, odd = odd_story(tmp_path / "ws", "1768000000 +2500")  # 2026-01-09T23:06:40Z
    warnings: list[str] = []
    out = tmp_path / "out"
    pipeline.build(ws.root, audiences=["client1"], output=out, warnings=warnings)
    assert any(odd[:12] in w and "+2500" in w and "UTC" in w for w in warnings), warnings
    assert "Launch a week later" in pages(out, "client1")  # its message and event are kept


@pytest.mark.parametrize("raw_date", ["1768000000 -9999", "1768000000 +2400"])
def test_other_impossible_time_zones_are_read_as_utc(tmp_path, raw_date):
    ws, odd = odd_story(tmp_path / "ws", raw_date)
    warnings: list[str] = []
    pipeline.build(ws.root, audiences=["client1"], output=tmp_path / "out", warnings=warnings)
    assert any(odd[:12] in w and "UTC" in w for w in warnings), warnings


def test_a_date_past_the_year_9999_is_left_out_as_future_dated(tmp_path):
    ws, odd = odd_story(tmp_path / "ws", "285000000000 +0000")  # the year 11001
    warnings: list[str] = []
    out = tmp_path / "out"
    pipeline.build(ws.root, audiences=["client1", "team"], output=out, warnings=warnings)
    assert any(odd[:12] in w and "9999" in w for w in warnings), warnings
    assert "Launch a week later" not in pages(out, "team")
    with pytest.raises(StrictError):
        pipeline.build(ws.root, audiences=["client1"], output=tmp_path / "strict", strict=True)
