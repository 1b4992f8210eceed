"""A `hidden` event's entry travels through the history cache as JSON and comes back the same."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import orjson
import pytest

from generator.history import entry_json
from generator.model import Approval, Decision, Step

MADRID = ZoneInfo("Europe/Madrid")
APPROVAL = Approval("teaser-cut", "script", "Zebracorn cut", "assets/teaser.mp4", "ab" * 32,
                    dt.datetime(2026, 1, 22, 10, tzinfo=MADRID), None,
                    (Step("jane", "approved", dt.datetime(2026, 1, 22, 16, tzinfo=MADRID), "Fine", 3),), 3)
DECISION = Decision("pivot", dt.date(2026, 1, 23), "Pivot", "Larger.", ("Stay",), ("jane",), ("launch",), (), 3)


@pytest.mark.parametrize("entry", [APPROVAL, DECISION])
def test_an_entry_comes_back_from_the_caches_json_as_it_was(entry):
    raw = orjson.loads(orjson.dumps(entry_json.as_json(entry)))  # as the cache writes and reads it
    back = entry_json.from_json(raw)
    if isinstance(entry, Approval):
        entry = dataclasses.replace(entry, asset_sha256=None)  # the walk hashes no file: today's is used
    assert back == entry
    assert [s.at.isoformat() for s in getattr(back, "steps", ())] == [s.at.isoformat()
                                                                       for s in getattr(entry, "steps", ())]


def test_anything_else_is_refused_with_an_error_the_caller_expects():
    with pytest.raises((KeyError, TypeError, ValueError)):
        entry_json.from_json({"kind": "approval", "id": "x"})
