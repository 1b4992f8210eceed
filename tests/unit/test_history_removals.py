"""history_removals.carry: each file's removals, commit by commit, as the graph has them (docs/history.md)."""

from __future__ import annotations

from generator.history.removals import carry
from generator.model import Removal


def removal(commit: str, kind: str = "task", entry_id: str = "casting", title: str = "Casting", level: int = 1):
    return Removal(commit, kind, entry_id, title, level, (), ())


def test_a_commit_that_changes_nothing_of_the_map_keeps_the_parents_own():
    first = {"casting": (removal("a"),)}
    assert carry({}, [first], [{}]) is first


def test_a_removal_starts_afresh_and_holding_the_entry_again_clears_it():
    removed = carry({}, [{}], [{"casting": [removal("a")]}])
    assert removed == {"casting": (removal("a"),)}
    assert carry({"casting": "task"}, [removed], [{}]) == {}


def test_an_id_given_to_another_kind_keeps_the_old_kinds_removal():
    removed = {"prep": (removal("a", entry_id="prep"),)}
    assert carry({"prep": "milestone"}, [removed], [{}]) == removed


def test_a_merge_joins_the_removals_of_both_parents_and_what_it_dropped():
    ours, theirs = {"casting": (removal("a", level=5),)}, {"casting": (removal("b"),)}
    dropped = {"reel": [removal("m", entry_id="reel", title="Reel")]}
    found = carry({"script": "task"}, [ours, theirs], [{}, dropped])
    assert found == {"casting": (removal("a", level=5), removal("b")), "reel": (removal("m", entry_id="reel",
                                                                                         title="Reel"),)}


def test_a_merge_that_holds_the_entry_again_clears_every_parents_removal():
    ours, theirs = {"casting": (removal("a"),)}, {"casting": (removal("b"),)}
    assert carry({"casting": "task"}, [ours, theirs], [{}, {}]) == {}
