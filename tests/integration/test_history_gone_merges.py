"""A gone entry's last name and visibility come from the graph, never from the order `git log` prints.

docs/history.md, "Who sees an event" and "Merges": the version an entry's
removal removed (the parent version the removing commit diffed against, and,
in a merge, every parent's version it dropped) is its last one. Removed on
two sides, it takes the most restrictive of them. Each story is built with
real git branches and merged both ways (the side branch into main, and main
into the side branch), so the topological order of the log differs while
the graph says the same.
"""

from __future__ import annotations

import pytest

from generator import pipeline

from generator.redact import history_sight as redact_history
from generator.errors import AuditError
from tests.conftest import FILM_CAMPAIGN
from tests.fixtures.git_history import GitWorkspace

HEAD = FILM_CAMPAIGN + """\
tasks:
  - {id: script, title: Film script, owner: maria, label: in-progress, deliverable: film}
"""
CASTING = "  - {{id: casting, title: {title}, label: {label}, deliverable: film{more}}}\n"
PUBLIC = "Casting call"
CODENAME = "Globex pitch casting"
INTERNAL = ", visibility: internal"


def t(day: int) -> str:
    return f"2026-01-{day:02d}T10:00:00+01:00"


def demo(title: str | None = None, label: str = "not-started", more: str = "") -> str:
    return HEAD + (CASTING.format(title=title, label=label, more=more) if title else "")


def fork(ws: GitWorkspace, first: str, when: int) -> None:
    ws.campaign("demo", first)
    ws.commit("Set up", t(when))
    ws.git("branch", "side")


def on(ws: GitWorkspace, branch: str, text: str, message: str, when: int) -> str:
    ws.git("checkout", "--quiet", branch)
    ws.campaign("demo", text)
    return ws.commit(message, t(when))


def merge(ws: GitWorkspace, into: str, other: str, result: str, when: int) -> str:
    """`other` merged into `into` (its first parent), the merge resolved to `result`."""
    ws.git("checkout", "--quiet", into)
    try:
        ws.git("merge", "--quiet", "--no-ff", "--no-commit", other, when=t(when))
    except AssertionError:  # a conflict: resolved below, as a person would
        pass
    ws.campaign("demo", result)
    return ws.commit(f"Merge {other} into {into}", t(when))


def client_and_team(ws: GitWorkspace, out) -> tuple[str, str]:
    results = pipeline.build(ws.root, audiences=["client1", "team"], output=out)  # the gate passes both
    pages = {r.audience: (r.path / "demo" / "timeline.html").read_text(encoding="utf-8") for r in results}
    return pages["client1"], pages["team"]


BOTH_WAYS = pytest.mark.parametrize("into,other", [("main", "side"), ("side", "main")])


@BOTH_WAYS
def test_a_branch_forked_while_visible_and_merged_after_the_removal_never_shows_the_internal_codename(
        tmp_path, into, other):
    """main: casting renamed to a codename and made internal, then removed; side: a label change while it was
    visible. Its last version is the internal one, whichever way the branches are merged."""
    ws = GitWorkspace(tmp_path / "ws")
    fork(ws, demo(PUBLIC), 10)
    on(ws, "main", demo(CODENAME, more=INTERNAL), "Casting reworked", 11)
    on(ws, "main", demo(), "Casting dropped", 12)
    on(ws, "side", demo(PUBLIC, label="in-progress"), "Casting under way", 13)
    merge(ws, into, other, demo(), 14)
    client, team = client_and_team(ws, tmp_path / "out")
    assert CODENAME not in client and PUBLIC not in client  # removed while internal: none of its history
    assert CODENAME in team


@BOTH_WAYS
def test_an_entry_removed_on_both_branches_takes_the_most_restrictive_of_its_last_versions(tmp_path, into, other):
    """main removes it while internal, under its codename; side removes it while visible, under its public name."""
    ws = GitWorkspace(tmp_path / "ws")
    fork(ws, demo(PUBLIC), 10)
    on(ws, "main", demo(CODENAME, more=INTERNAL), "Casting reworked", 11)
    on(ws, "main", demo(), "Casting dropped", 12)
    on(ws, "side", demo(PUBLIC, label="in-progress"), "Casting under way", 13)
    on(ws, "side", demo(), "Casting dropped here too", 14)
    merge(ws, into, other, demo(), 15)
    client, team = client_and_team(ws, tmp_path / "out")
    assert CODENAME not in client and PUBLIC not in client
    assert CODENAME in team  # inside, named by its most restrictive last version


@BOTH_WAYS
def test_an_entry_made_internal_on_a_side_branch_and_dropped_by_the_merge_is_internal(tmp_path, into, other):
    """side renames it to the codename and makes it internal (a label event in that era); main removes it while
    visible. The merge drops the side's version: its last versions are both, the internal one the strictest."""
    ws = GitWorkspace(tmp_path / "ws")
    fork(ws, demo(PUBLIC), 10)
    on(ws, "side", demo(CODENAME, more=INTERNAL), "Casting reworked", 11)
    on(ws, "side", demo(CODENAME, label="stuck", more=INTERNAL), "Casting stuck", 12)
    on(ws, "main", demo(PUBLIC, label="in-progress"), "Casting under way", 13)
    on(ws, "main", demo(), "Casting dropped", 14)
    merge(ws, into, other, demo(), 15)
    client, team = client_and_team(ws, tmp_path / "out")
    assert CODENAME not in client and PUBLIC not in client
    assert "Stuck" in team


@BOTH_WAYS
def test_an_entry_removed_in_the_merge_itself_takes_every_version_the_merge_dropped(tmp_path, into, other):
    """main makes it internal under its codename; side moves its label while visible; the merge removes it."""
    ws = GitWorkspace(tmp_path / "ws")
    fork(ws, demo(PUBLIC), 10)
    on(ws, "main", demo(CODENAME, more=INTERNAL), "Casting reworked", 11)
    on(ws, "side", demo(PUBLIC, label="in-progress"), "Casting under way", 12)
    merge(ws, into, other, demo(), 13)
    client, team = client_and_team(ws, tmp_path / "out")
    assert CODENAME not in client and PUBLIC not in client
    assert CODENAME in team


@BOTH_WAYS
def test_an_entry_visible_when_removed_keeps_its_visible_history_and_its_last_name(tmp_path, into, other):
    """The graph rule hides nothing it need not: made internal under a codename, then public again under a new
    name on both branches, then removed on main and the merge keeps it removed: clients see its history, named
    by the name it had when they could see it."""
    ws = GitWorkspace(tmp_path / "ws")
    fork(ws, demo(CODENAME, more=INTERNAL), 10)
    on(ws, "main", demo(PUBLIC), "Casting goes public", 11)
    on(ws, "main", demo(PUBLIC, label="in-progress"), "Casting under way", 12)
    on(ws, "main", demo(), "Casting dropped", 13)
    on(ws, "side", demo(PUBLIC), "Casting goes public here too", 14)
    merge(ws, into, other, demo(), 15)
    client, team = client_and_team(ws, tmp_path / "out")
    assert PUBLIC in client and CODENAME not in client
    assert "In progress" in client



# -- the gate works the last versions out again, from the graph ---------------------------------------------


def _by_the_log_order(changes, existing, removals):
    """The old reading planted in redaction: a gone entry is as its last event in log order left it, and named by
    the last title an event carried."""
    found = {}
    for ch in changes:
        if ch.entry_id in existing or ch.entry_id == "nps":
            continue
        title = ch.old if ch.kind == "removed" else ch.new if ch.kind in ("added", "scope") else None
        known = found.get(ch.entry_id)
        found[ch.entry_id] = redact_history.Gone(title or (known.title if known else None),
                                                 (ch.visibility, *ch.parent_visibility), ch.parent_ids,
                                                 frozenset({ch.entry_kind}))
    return found


def test_the_gate_refuses_a_site_that_judges_a_gone_entry_by_the_log_order(tmp_path, monkeypatch):
    """The side branch merged into main: `git log --topo-order` lists its label change after the removal."""
    into, other = "main", "side"
    ws = GitWorkspace(tmp_path / "ws")
    fork(ws, demo(PUBLIC), 10)
    on(ws, "main", demo(CODENAME, more=INTERNAL), "Casting reworked", 11)
    on(ws, "side", demo(PUBLIC, label="in-progress"), "Casting under way", 12)
    on(ws, "main", demo(), "Casting dropped", 13)
    merge(ws, into, other, demo(), 14)
    monkeypatch.setattr(redact_history, "_gone_entries", _by_the_log_order)
    with pytest.raises(AuditError) as caught:
        pipeline.build(ws.root, audiences=["client1"], output=tmp_path / "out")
    assert any(": hidden text " in f and "the history of demo" in f for f in caught.value.findings)
    assert not (tmp_path / "out" / "client1").exists()


def test_an_entry_removed_in_an_edit_not_committed_yet_is_as_hidden_as_its_version_at_the_head(tmp_path):
    """The version the removal removed is the head's (made internal there, with no event: a retitle is none)."""
    ws = GitWorkspace(tmp_path / "ws")
    fork(ws, demo(PUBLIC), 10)
    on(ws, "main", demo(CODENAME, more=INTERNAL), "Casting reworked", 11)
    ws.campaign("demo", demo())  # previewing the removal before committing it
    client, team = client_and_team(ws, tmp_path / "out")
    assert PUBLIC not in client and CODENAME not in client
    assert CODENAME in team
