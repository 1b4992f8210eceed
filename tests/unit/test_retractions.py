"""Which commits are retracted (FORMAT.md, "History", item 3), apart from git: history/retractions.py."""

from __future__ import annotations

from generator.history.records import CommitRecord
from generator.history.retractions import retracted, reverted

A, B, C, D = "a" * 40, "b" * 40, "c" * 40, "d" * 40


def meta(retracts=(), reverts=()) -> CommitRecord:
    return CommitRecord(at="", author=None, side="agency", committed="", subject="", body="", text="",
                        trailers={"retracts": list(retracts)} if retracts else {}, campaign_lineage=None,
                        campaign_period=None, others=[], reverts=list(reverts), defaults={}, relates_level=0)


def resolver(answers: dict):
    """A stand-in for git: a hash prefix of one of the commits named, or the answer given for it."""
    def resolve(short, retracting):
        if short in answers:
            return None, answers[short]
        found = [sha for sha in (A, B, C, D) if sha.startswith(short.lower()) and sha < retracting]
        return (found[0], None) if found else (None, "names no commit before this one")
    return resolve


def test_the_revert_lines_git_writes_are_read_for_a_commit_and_for_a_merge():
    assert reverted(f'Revert "Launch"\n\nThis reverts commit {A}.\n') == [A]
    assert reverted(f"Revert\n\nThis reverts commit {A}, reversing\nchanges made to {B}.\n") == [A]
    assert reverted(f"We discussed: this reverts commit {A}.") == []  # only git's own line, at a line start


def test_the_reference_form_of_git_revert_is_read_and_look_alikes_are_not():
    assert reverted("Withdraw it\n\nThis reverts commit 656d871 (Launch (v2), a week later, 2026-01-11).\n") == [
        "656d871"]
    assert reverted(f"Undo\n\nThis reverts commit {A[:9]} (Merge branch 'x', 2026-01-11), reversing\n"
                    f"changes made to {B[:9]}.\n") == [A[:9]]
    for look_alike in ("This reverts commit 656d871 (in part).", "This reverts commit 656d871 (Launch, 11 Jan).",
                       "This reverts commit 656d871 (Launch, 2026-01-11) in part.",
                       "This reverts commit 656d871 (Launch,\n2026-01-11)."):
        assert reverted(f"Withdraw it\n\n{look_alike}\n") == [], look_alike


def test_an_ambiguous_or_unknown_hash_is_a_problem_naming_the_retracting_commit():
    problems = []
    found = retracted({A: meta(), B: meta(retracts=["1234567, aaaaaaa", "feedbee"])}, {A}, resolver(
        {"1234567": "is ambiguous: more than one commit starts with it"}), problems)
    assert found == frozenset({A})
    assert [str(p) for p in problems] == [
        f"git commit {B[:12]}: Retracts: '1234567' is ambiguous: more than one commit starts with it",
        f"git commit {B[:12]}: Retracts: 'feedbee' names no commit before this one"]


def test_a_retracted_retraction_withdraws_nothing_and_its_mistakes_are_not_reported():
    problems = []
    found = retracted({A: meta(), B: meta(retracts=["aaaaaaa", "not-a-hash"]), C: meta(retracts=[B[:7]])},
                      {A}, resolver({}), problems)
    assert found == frozenset({B}) and problems == []


def test_a_revert_counts_for_a_decision_commit_or_a_retraction_only():
    commits = {A: meta(), B: meta(reverts=[A]), C: meta(reverts=[B])}
    assert retracted(commits, {A}, resolver({}), []) == frozenset({B})  # the revert of the revert restores A
    assert retracted({A: meta(), B: meta(reverts=[A])}, set(), resolver({}), []) == frozenset()  # an edit
