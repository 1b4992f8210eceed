"""The history's quick way of making a Change (finish.made_change) makes exactly what Change(...) makes."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.history.finish import made_change
from generator.inputs import load_workspace
from generator.model import Change
from tests.fixtures.git_history import GitWorkspace
from tests.integration.test_history import campaign, t

FIELDS = tuple(f.name for f in dataclasses.fields(Change))
TEXT = st.text(max_size=8)
LEVEL = st.integers(min_value=0, max_value=5)
CHANGES = st.fixed_dictionaries({
    "commit": TEXT, "at": st.datetimes(timezones=st.just(dt.timezone.utc)), "author": st.none() | TEXT,
    "author_side": TEXT, "campaign": TEXT, "kind": TEXT, "entry_kind": TEXT, "entry_id": TEXT,
    "field": st.none() | TEXT, "old": st.none() | TEXT, "new": st.none() | TEXT, "visibility": LEVEL,
    "parent_visibility": st.tuples(LEVEL), "message": TEXT, "message_visibility": st.none() | LEVEL,
    "parent_ids": st.tuples(TEXT), "message_ceiling": LEVEL, "message_default": LEVEL,
    "was": st.none() | st.dictionaries(TEXT, TEXT, max_size=3),
})


@settings(max_examples=60, derandomize=True)
@given(CHANGES)
def test_made_change_equals_the_constructor(fields):
    assert set(fields) == set(FIELDS)  # the strategy names every field of Change
    quick, slow = made_change(**fields), Change(**fields)
    assert quick == slow and hash(quick) == hash(slow) and repr(quick) == repr(slow)
    assert dataclasses.replace(quick) == slow and dataclasses.astuple(quick) == dataclasses.astuple(slow)


def test_every_change_of_a_read_has_every_field(tmp_path):
    """A field added to Change is one the history must give each event (made_change applies no defaults)."""
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign())
    ws.commit("Set up", t("10"))
    ws.campaign("demo", campaign(script="done"))
    ws.commit("Done", t("11"))
    changes = load_workspace(ws.root).history.changes
    assert changes and all(set(vars(change)) == set(FIELDS) for change in changes)
