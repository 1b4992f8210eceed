"""FORMAT.md "History": decision commits and editorial events read from git.

Each fixture is a small repository made by script with pinned dates
(tests/fixtures/git_history.py); the shared story is built once per module.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import textwrap

import pytest

from generator.errors import HistoryError, InputError
from generator.model import INTERNAL
from generator.redact.entries import redact
from generator.history import log as gitlog
from generator.inputs import load_workspace
from tests.fixtures.git_history import AUTHOR, HISTORY_CONFIG, GitWorkspace, run_git, subfolder_workspace

JANE = ("Jane Doe", "jane@client.example")
INTERN = ("New Intern", "intern@client.example")


def campaign(script="not-started", launch="2026-04-14", done="", secret=True, extra_tasks="",
             deliverables="", approvals="", campaign_id="demo") -> str:
    secret_task = ("  - {id: secret, title: Quiet pricing talks with the CFO, label: stuck, "
                   "visibility: internal}\n") if secret else ""
    done_key = f", done: {done}" if done else ""
    return textwrap.dedent(f"""\
        id: {campaign_id}
        title: Demo campaign
        client: Client Co.
        brief:
          deliverables:
            - {{id: film, title: Launch film, due: 2026-03-01}}
        """) + deliverables + textwrap.dedent(f"""\
        milestones:
          - {{id: kickoff, title: Kickoff, date: 2026-01-12, reached: true}}
          - {{id: launch, title: Public launch, date: {launch}}}
        tasks:
          - {{id: script, title: Film script, owner: maria, label: {script}, deliverable: film, start: 2026-01-12{done_key}}}
        """) + secret_task + extra_tasks + approvals


APPROVAL = """\
approvals:
  - id: script-v1
    subject: script
    requested: 2026-01-21T10:00:00
    steps:
      - {by: jane, verdict: changes-requested, at: 2026-01-21T16:00:00}
"""
SECOND_STEP = "      - {by: jane, verdict: approved, at: 2026-01-26T18:00:00}\n"
POSTER_PRINT = "    - {id: poster-print, title: Printed posters, due: 2026-03-10}\n"
POSTER = "  - {id: poster, title: Poster design, label: not-started}\n"


def t(day: str, clock: str = "10:00") -> str:
    return f"2026-01-{day}T{clock}:00+01:00"


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    ws = GitWorkspace(tmp_path_factory.mktemp("story") / "ws")
    shas = {}
    ws.campaign("demo", campaign())
    shas["c1"] = ws.commit("Set up the demo campaign", t("10"))
    ws.campaign("demo", campaign(script="in-progress"))
    shas["c2"] = ws.commit("Script under way\n\nPricing talks with the CFO go badly.", t("15", "09:00"))
    ws.campaign("demo", campaign(script="in-progress", launch="2026-04-21", done="2026-01-19"))
    shas["c3"] = ws.commit("Move the launch a week\n\nLegal needs a week.\n\nVisibility: 2", t("20", "12:00"),
                           author=JANE)
    ws.campaign("demo", campaign(script="in-progress", launch="2026-04-21", done="2026-01-19",
                                 extra_tasks=POSTER, deliverables=POSTER_PRINT, approvals=APPROVAL))
    shas["c4"] = ws.commit("Posters join the brief", t("22"), author=INTERN)
    ws.campaign("demo", campaign(script="done", launch="2026-04-21", done="2026-01-19", secret=False,
                                 extra_tasks=POSTER, deliverables=POSTER_PRINT, approvals=APPROVAL))
    shas["c5"] = ws.commit("Script done; pricing talks off the board", t("25"))
    ws.campaign("demo", campaign(script="bogus-label", launch="2026-04-21", secret=False))
    shas["c6"] = ws.commit("A broken version", t("26"))
    ws.campaign("demo", campaign(script="done", launch="2026-04-21", done="2026-01-19", secret=False,
                                 extra_tasks=POSTER, deliverables=POSTER_PRINT, approvals=APPROVAL + SECOND_STEP))
    shas["c7"] = ws.commit("Fix the label; record Jane's approval", t("27"))
    shas["c8"] = ws.commit(
        "Keep the film at 30 seconds\n\nThe media plan only buys 30-second slots.\n\n"
        "Decision: Keep the launch film at 30 seconds\nCampaign: demo\nRelates-to: script,\n  film\n"
        "Decided-by: maria, jane\nVisibility: 1\nSigned-off-by: María López <maria@studio.example>", t("28"))
    return load_workspace(ws.root), shas


def changes(workspace, kind=None, entry=None):
    return [c for c in workspace.history.changes
            if (kind is None or c.kind == kind) and (entry is None or c.entry_id == entry)]


def at(day: str, clock: str = "10:00") -> dt.datetime:
    return dt.datetime.fromisoformat(t(day, clock))


# -- editorial events -------------------------------------------------------------------


def test_a_task_label_history_is_read_from_the_commits(story):
    workspace, shas = story
    labels = [(c.old, c.new, c.at, c.commit) for c in changes(workspace, "label", "script")]
    assert labels == [("not-started", "in-progress", at("15", "09:00"), shas["c2"]),
                      ("in-progress", "done", at("25"), shas["c5"])]


def test_a_moved_date_gives_the_entry_field_old_and_new(story):
    workspace, shas = story
    moved = changes(workspace, "date")
    assert [(c.entry_kind, c.entry_id, c.field, c.old, c.new, c.commit) for c in moved] == [
        ("milestone", "launch", "date", "2026-04-14", "2026-04-21", shas["c3"])]  # setting `done` moves nothing


def test_added_and_removed_entries_carry_their_titles_and_visibility(story):
    workspace, shas = story
    added = {c.entry_id: c for c in changes(workspace, "added") if c.commit == shas["c4"]}
    assert set(added) == {"poster", "poster-print", "script-v1"}
    assert added["poster"].new == "Poster design" and added["poster-print"].entry_kind == "deliverable"
    removed = changes(workspace, "removed")
    assert [(c.entry_id, c.old, c.visibility, c.commit) for c in removed] == [
        ("secret", "Quiet pricing talks with the CFO", INTERNAL, shas["c5"])]


def test_a_deliverable_added_after_kickoff_is_scope_added(story):
    workspace, shas = story
    assert [(c.entry_id, c.commit) for c in changes(workspace, "scope")] == [("poster-print", shas["c4"])]


def test_an_approval_step_shows_when_it_was_written_down(story):
    workspace, shas = story
    steps = [(c.entry_id, c.new, c.commit) for c in changes(workspace, "step")]
    assert steps == [("script-v1", "2026-01-21T16:00:00+01:00", shas["c4"]),
                     ("script-v1", "2026-01-26T18:00:00+01:00", shas["c7"])]
    view, _ = redact(workspace, workspace.config.audiences["client3"])
    recorded = [(s.at, s.recorded) for s in view.campaigns[0].approvals[0].steps]
    assert recorded == [(at("21", "16:00"), at("22")), (at("26", "18:00"), at("27"))]


def test_a_version_that_does_not_parse_is_skipped_with_a_warning(story):
    workspace, shas = story
    (warning,) = workspace.history.warnings
    assert shas["c6"][:12] in warning and "content/campaigns/demo.yml" in warning and "bogus-label" in warning
    assert not [c for c in workspace.history.changes if c.commit == shas["c6"]]
    assert [c.commit for c in changes(workspace, "step")][-1] == shas["c7"]  # compared with the last good one


def test_as_of_is_the_last_commit_and_authors_map_to_people(story):
    workspace, shas = story
    assert workspace.history.as_of == at("28") and workspace.history.head == shas["c8"]
    assert workspace.history.as_of.tzinfo is not None and workspace.history.configured
    by_commit = {c.commit: (c.author, c.author_side) for c in workspace.history.changes}
    assert by_commit[shas["c2"]] == ("maria", "agency")
    assert by_commit[shas["c3"]] == ("jane", "client")
    assert by_commit[shas["c4"]] == (None, "client")  # unmapped, but from the client's domain
    assert "@" not in repr(workspace.history)  # e-mail addresses never leave the reader


def test_a_commit_message_shows_only_where_its_visibility_trailer_reaches(story):
    workspace, shas = story

    def messages(audience):
        view, _ = redact(workspace, workspace.config.audiences[audience])
        return {(ch.commit, ch.kind): ch.message for ch in view.campaigns[0].changes}

    assert messages("client2")[(shas["c3"], "date")] == "Move the launch a week\n\nLegal needs a week."
    assert messages("client1")[(shas["c3"], "date")] is None  # the event shows, its message does not
    # no Visibility: trailer: defaults.commit (built in: internal), so the team reads why, and no client does
    assert messages("team")[(shas["c2"], "label")] == "Script under way\n\nPricing talks with the CFO go badly."
    assert messages("client3")[(shas["c2"], "label")] is None


def test_nothing_from_a_hidden_entry_history_reaches_a_client_view(story):
    workspace, _ = story
    for audience in ("client0", "client1", "client2", "client3"):
        view, _ = redact(workspace, workspace.config.audiences[audience])
        assert "secret" not in {ch.entry.id for ch in view.campaigns[0].changes}, audience
        assert "pricing" not in repr(view).lower(), audience
    team, _ = redact(workspace, workspace.config.audiences["team"])
    assert "secret" in {ch.entry.id for ch in team.campaigns[0].changes}


# -- who sees which part of the history --------------------------------------------------


def view_changes(workspace, audience: str, campaign_id: str = "demo"):
    view, _ = redact(workspace, workspace.config.audiences[audience])
    return [ch for c in view.campaigns if c.id == campaign_id for ch in c.changes]


def test_a_message_is_as_hidden_as_the_most_hidden_thing_its_commit_touched(tmp_path):
    """A message may speak of all its commit changed: an internal task, another campaign, a hidden decision."""
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign())
    ws.campaign("other", campaign(campaign_id="other", secret=False))
    ws.commit("Set up", t("10"))
    ws.campaign("demo", campaign(script="in-progress", secret=False) + "  - {id: secret, title: Quiet pricing "
                "talks with the CFO, label: done, visibility: internal}\n")
    with_internal = ws.commit("Script started; the CFO talks are over\n\nVisibility: 1", t("11"))
    ws.campaign("demo", campaign(script="done", secret=False) + "  - {id: secret, title: Quiet pricing "
                "talks with the CFO, label: done, visibility: internal}\n")
    ws.campaign("other", campaign(campaign_id="other", secret=False, script="in-progress"))
    two_campaigns = ws.commit("Both scripts move; Other Co. pays late\n\nVisibility: 1", t("12"))
    ws.campaign("demo", campaign(script="done", secret=False, launch="2026-04-28") + "  - {id: secret, title: "
                "Quiet pricing talks with the CFO, label: done, visibility: internal}\n")
    hidden_decision = ws.commit("Launch later\n\nThe CFO walked out.\n\nDecision: Launch on the 28th\n"
                                "Campaign: demo\nRelates-to: secret\nVisibility: 1", t("13"))
    workspace = load_workspace(ws.root)
    client = {ch.commit: ch for ch in view_changes(workspace, "client2")}
    assert set(client) >= {with_internal, two_campaigns, hidden_decision}  # the events themselves show...
    assert [client[sha].message for sha in (with_internal, two_campaigns, hidden_decision)] == [None] * 3
    assert "CFO" not in repr(redact(workspace, workspace.config.audiences["client2"])[0])
    team = {ch.commit: ch.message for ch in view_changes(workspace, "team")}
    assert team[with_internal].startswith("Script started") and team[hidden_decision].startswith("Launch later")
    assert team[two_campaigns].startswith("Both scripts move")


def test_a_message_of_a_commit_that_touched_a_campaign_since_deleted_stays_internal(tmp_path):
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign())
    ws.campaign("globex", campaign(campaign_id="globex", secret=False))
    ws.commit("Set up", t("10"))
    ws.campaign("demo", campaign(script="in-progress"))
    ws.campaign("globex", campaign(campaign_id="globex", secret=False, script="done"))
    both = ws.commit("Script under way; Globex pitch lost\n\nVisibility: 1", t("11"))
    (ws.root / "content" / "campaigns" / "globex.yml").unlink()
    ws.commit("Drop the lost pitch", t("12"))
    workspace = load_workspace(ws.root)
    assert both in workspace.history.touched_gone
    for audience in ("client1", "team"):
        (event,) = [ch for ch in view_changes(workspace, audience) if ch.commit == both]
        assert event.kind == "label" and event.message is None, audience


def test_a_shared_message_is_kept_back_when_its_commit_changed_more_and_the_build_says_so(tmp_path, capsys):
    """Renaming an internal task makes no event, yet the message beside it may speak of it."""
    from generator.cli import main

    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign())
    ws.commit("Set up", t("10"))
    ws.campaign("demo", campaign(script="in-progress").replace("Quiet pricing talks with the CFO",
                                                               "CFO pricing talks collapsed"))
    mixed = ws.commit("Script under way; CFO pricing talks collapsed\n\nVisibility: 1", t("11"))
    ws.campaign("demo", campaign(script="done").replace("Quiet pricing talks with the CFO",
                                                        "CFO pricing talks collapsed"))
    clean = ws.commit("Script done\n\nVisibility: 1", t("12"))
    workspace = load_workspace(ws.root)
    client = {ch.commit: ch.message for ch in view_changes(workspace, "client1")}
    assert client[mixed] is None and client[clean].startswith("Script done")
    assert {ch.commit: ch.message for ch in view_changes(workspace, "team")}[mixed].startswith("Script under way")
    assert main(["build", str(ws.root), "--output", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert f"message of commit {mixed[:12]} in demo withheld: the commit also changed what this audience " \
           "cannot see" in out
    assert clean[:12] not in out
    assert "CFO" not in (tmp_path / "out" / "client1" / "demo" / "timeline.html").read_text(encoding="utf-8")


def test_an_entry_renamed_while_hidden_then_removed_shows_none_of_its_history(tmp_path):
    """FORMAT: an event about a removed entry takes that entry's *last* visibility."""
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign(secret=False, extra_tasks=POSTER))
    ws.commit("Set up", t("10"))
    ws.campaign("demo", campaign(secret=False, extra_tasks=POSTER.replace("not-started", "in-progress")))
    ws.commit("Poster under way", t("11"))
    ws.campaign("demo", campaign(secret=False, extra_tasks="  - {id: poster, title: Poached from Globex Ibis, "
                                                           "label: in-progress, visibility: internal}\n"))
    ws.commit("Rename", t("12"))
    ws.campaign("demo", campaign(secret=False))
    ws.commit("Remove", t("13"))
    workspace = load_workspace(ws.root)
    assert not [ch for ch in view_changes(workspace, "client3") if ch.entry.id == "poster"]
    team = [(ch.kind, ch.entry.title) for ch in view_changes(workspace, "team") if ch.entry.id == "poster"]
    assert team == [("added", "Poached from Globex Ibis"), ("label", "Poached from Globex Ibis"),
                    ("removed", "Poached from Globex Ibis")]


def test_a_removed_entry_is_as_hidden_as_its_parents_are_now(tmp_path):
    """A task removed, then its deliverable made internal: the task's history goes with the deliverable."""
    ws = GitWorkspace(tmp_path / "ws")
    task = "  - {id: poster, title: Poster design, label: not-started, deliverable: poster-print}\n"
    ws.campaign("demo", campaign(secret=False, deliverables=POSTER_PRINT, extra_tasks=task))
    ws.commit("Set up", t("10"))
    ws.campaign("demo", campaign(secret=False, deliverables=POSTER_PRINT))
    ws.commit("No poster task after all", t("11"))
    assert [ch.kind for ch in view_changes(load_workspace(ws.root), "client3") if ch.entry.id == "poster"] == [
        "added", "removed"]
    ws.campaign("demo", campaign(secret=False, deliverables=POSTER_PRINT.replace("}", ", visibility: internal}")))
    ws.commit("The posters are off the record", t("12"))
    workspace = load_workspace(ws.root)
    assert not [ch for ch in view_changes(workspace, "client3") if ch.entry.id in ("poster", "poster-print")]
    assert {ch.entry.id for ch in view_changes(workspace, "team")} >= {"poster", "poster-print"}


def test_a_step_made_internal_since_takes_its_step_recorded_event_with_it(tmp_path):
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign(approvals=APPROVAL))
    ws.commit("Set up", t("10"))
    ws.campaign("demo", campaign(approvals=APPROVAL + SECOND_STEP))
    ws.commit("Jane approved", t("27"))
    steps = [ch.new for ch in view_changes(load_workspace(ws.root), "client3") if ch.kind == "step"]
    assert steps == ["2026-01-21T16:00:00+01:00", "2026-01-26T18:00:00+01:00"]
    ws.campaign("demo", campaign(approvals=APPROVAL + SECOND_STEP.replace("}", ", visibility: internal}")))
    ws.commit("That approval was off the record", t("28"))
    workspace = load_workspace(ws.root)
    steps = [ch.new for ch in view_changes(workspace, "client3") if ch.kind == "step"]
    assert steps == ["2026-01-21T16:00:00+01:00"]  # as the receipt, which no longer lists it
    assert len([ch for ch in view_changes(workspace, "team") if ch.kind == "step"]) == 2


def test_a_decision_about_a_removed_entry_goes_with_that_entrys_parents(tmp_path):
    """The task is gone; its deliverable, later made internal, takes the decision about the task with it."""
    ws = GitWorkspace(tmp_path / "ws")
    task = "  - {id: poster, title: Poster design, label: not-started, deliverable: poster-print}\n"
    ws.campaign("demo", campaign(secret=False, deliverables=POSTER_PRINT, extra_tasks=task))
    ws.commit("Set up", t("10"))
    decided = ws.commit("Print run cancelled\n\nThe printer went bust.\n\nDecision: Cancel the poster print run\n"
                        "Campaign: demo\nRelates-to: poster\nVisibility: 1", t("11"))
    ws.campaign("demo", campaign(secret=False, deliverables=POSTER_PRINT))
    ws.commit("No poster task after all", t("12"))

    def decisions(workspace, audience):
        view, _ = redact(workspace, workspace.config.audiences[audience])
        return [d.commit for d in view.campaigns[0].decisions]

    assert decisions(load_workspace(ws.root), "client3") == [decided]
    ws.campaign("demo", campaign(secret=False, deliverables=POSTER_PRINT.replace("}", ", visibility: internal}")))
    ws.commit("The posters are off the record", t("13"))
    workspace = load_workspace(ws.root)
    assert decisions(workspace, "client3") == [] and decisions(workspace, "team") == [decided]
    assert "printer" not in repr(redact(workspace, workspace.config.audiences["client3"])[0]).lower()


# -- decision commits -------------------------------------------------------------------


def test_a_decision_commit_becomes_a_decision_of_its_campaign(story):
    workspace, shas = story
    (decision,) = [d for d in workspace.campaigns["demo"].decisions if d.commit]
    assert decision.id == shas["c8"][:12] and decision.commit == shas["c8"]
    assert decision.title == "Keep the launch film at 30 seconds"
    assert decision.why == "The media plan only buys 30-second slots."
    assert decision.relates_to == ("script", "film")  # multi-value, across a continuation line
    assert decision.decided_by == ("maria", "jane") and decision.visibility == 1
    assert decision.date == at("28")
    client1, _ = redact(workspace, workspace.config.audiences["client1"])
    client0, _ = redact(workspace, workspace.config.audiences["client0"])
    assert [d.commit for d in client1.campaigns[0].decisions] == [shas["c8"]]
    assert client0.campaigns[0].decisions == ()


def test_a_decision_without_visibility_takes_the_default(tmp_path):
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign())
    ws.commit("Set up", t("09"))
    sha = ws.commit("Pick a date\n\nDecision: Launch in April\nCampaign: demo", t("10"))
    (decision,) = [d for d in load_workspace(ws.root).campaigns["demo"].decisions if d.commit]
    assert decision.visibility == 2 and decision.why == "Pick a date" and decision.id == sha[:12]


def test_a_decision_commit_is_as_hidden_as_all_its_commit_changed(tmp_path):
    """Its title and reason are the commit's message: like a message beside events, it shows only where
    the audience sees everything the commit changed."""
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign())
    ws.campaign("other", campaign(campaign_id="other", secret=False))
    ws.commit("Set up", t("09"))
    decide = "We go morning; meanwhile we quietly start poaching Globex designers\n\nDecision: Morning concept\n" \
             "Campaign: demo\nVisibility: 2"
    ws.campaign("demo", campaign(script="in-progress").replace("Quiet pricing talks with the CFO", "Poach Globex"))
    internal_too = ws.commit(decide, t("10"))  # renames the internal task in the same commit
    ws.campaign("other", campaign(campaign_id="other", secret=False, launch="2026-05-01"))
    other_too = ws.commit(decide.replace("Morning", "Evening"), t("11"))  # moves a date of another campaign
    (ws.root / "site_config.yml").write_text(HISTORY_CONFIG + "# audiences reviewed\n", encoding="utf-8")
    config_too = ws.commit(decide.replace("Morning", "Noon"), t("12"))  # edits site_config.yml
    alone = ws.commit(decide.replace("Morning", "Night"), t("13"))
    workspace = load_workspace(ws.root)
    levels = {d.commit: d.visibility for d in workspace.campaigns["demo"].decisions if d.commit}
    assert levels[alone] == 2
    assert levels[internal_too] == levels[other_too] == levels[config_too] == INTERNAL
    client = redact(workspace, workspace.config.audiences["client2"])[0]
    assert [d.commit for d in client.campaigns[0].decisions if d.commit] == [alone]


def test_every_mistake_in_decision_commits_is_reported_together(tmp_path):
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign())
    ws.commit("Set up", t("10"))
    bad = {
        "unknown-campaign": ws.commit("x\n\nDecision: A\nCampaign: nope", t("11")),
        "unknown-person": ws.commit("x\n\nDecision: B\nCampaign: demo\nDecided-by: maria, bob", t("12")),
        "unknown-entry": ws.commit("x\n\nDecision: C\nCampaign: demo\nRelates-to: ghost", t("13")),
        "bad-visibility": ws.commit("x\n\nDecision: D\nCampaign: demo\nVisibility: 5", t("14")),
        "no-campaign": ws.commit("x\n\nDecision: E\nVisibility: 2", t("15")),
    }
    with pytest.raises(InputError) as caught:
        load_workspace(ws.root)
    found = {(p.file, p.key): p.message for p in caught.value.problems}
    assert "'nope' is not a known campaign" in found[(f"git commit {bad['unknown-campaign'][:12]}", "Campaign")]
    assert "'bob'" in found[(f"git commit {bad['unknown-person'][:12]}", "Decided-by")]
    assert "'ghost'" in found[(f"git commit {bad['unknown-entry'][:12]}", "Relates-to")]
    assert "got '5'" in found[(f"git commit {bad['bad-visibility'][:12]}", "Visibility")]
    assert "required" in found[(f"git commit {bad['no-campaign'][:12]}", "Campaign")]


def test_a_decision_title_all_inside_a_span_is_an_error(tmp_path):
    """Clients would get a decision with an empty heading."""
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign())
    ws.commit("Set up", t("10"))
    sha = ws.commit("x\n\nDecision: [internal]Drop Globex as a client[/internal]\nCampaign: demo", t("11"))
    with pytest.raises(InputError) as caught:
        load_workspace(ws.root)
    (problem,) = caught.value.problems
    assert (problem.file, problem.key) == (f"git commit {sha[:12]}", "Decision")
    assert problem.message.startswith("all of it is inside [internal] spans")


def test_a_malformed_visibility_on_an_editing_commit_is_an_error_not_a_default(tmp_path):
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign())
    ws.commit("Set up", t("10"))
    ws.campaign("demo", campaign(script="done"))
    sha = ws.commit("Done\n\nVisibility: clients", t("11"))
    with pytest.raises(InputError) as caught:
        load_workspace(ws.root)
    assert [(p.file, p.key) for p in caught.value.problems] == [(f"git commit {sha[:12]}", "Visibility")]


def test_non_utf8_commit_messages_do_not_crash(tmp_path):
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign())
    ws.commit_bytes(b"Set up the caf\xe9 campaign\n", t("10"))  # Latin-1 bytes, no encoding header
    ws.commit("Caf\u00e9 au lait\n\nDecision: Caf\u00e9 wins\nCampaign: demo\n".encode("latin-1"), t("11"),
              encoding="ISO-8859-1")  # declared: git re-encodes it
    ws.campaign("demo", campaign(script="done"))
    ws.commit_bytes(b"Script d\xf6ne\n\nVisibility: 1\n", t("12"))
    workspace = load_workspace(ws.root)
    (decision,) = [d for d in workspace.campaigns["demo"].decisions if d.commit]
    assert decision.title == "Caf\u00e9 wins"
    (label,) = changes(workspace, "label")
    assert label.message == "Script d\ufffdne" and label.message_visibility == 1


# -- the shape of the history ------------------------------------------------------------


RENAMED = "renamed_from: [old-name]\n"


def test_a_renamed_campaign_file_keeps_its_history(tmp_path):
    ws = GitWorkspace(tmp_path / "ws", HISTORY_CONFIG.replace("[demo]", "all"))
    ws.campaign("old-name", campaign(campaign_id="old-name"))
    ws.commit("Set up", t("10"))
    ws.campaign("old-name", campaign(campaign_id="old-name", script="in-progress"))
    early = ws.commit("Script started", t("11"))
    ws.git("mv", "content/campaigns/old-name.yml", "content/campaigns/new-name.yml")
    ws.campaign("new-name", campaign(campaign_id="new-name", script="in-progress") + RENAMED)
    ws.commit("Rename the campaign", t("12"))
    ws.campaign("new-name", campaign(campaign_id="new-name", script="done") + RENAMED)
    late = ws.commit("Script done", t("13"))
    workspace = load_workspace(ws.root)
    labels = [(c.campaign, c.new, c.commit) for c in changes(workspace, "label")]
    assert labels == [("new-name", "in-progress", early), ("new-name", "done", late)]
    assert not changes(workspace, "removed") and len(changes(workspace, "added")) == 5  # nothing re-added


def test_a_campaign_made_from_a_copy_of_a_deleted_one_gets_none_of_its_history(tmp_path):
    """git reports "delete acme.yml, add demo.yml from a copy of it" as a rename: without `renamed_from`
    the new campaign starts afresh, and none of Acme's events, messages or decisions reach Demo's
    clients (red-team round 2)."""
    ws = GitWorkspace(tmp_path / "ws")
    acme = campaign(campaign_id="acme", extra_tasks="  - {id: layoff, title: Acme layoff comms, label: stuck}\n")
    ws.campaign("acme", acme)
    ws.commit("Acme set up", t("10"))
    ws.campaign("acme", acme.replace("label: stuck}", "label: in-progress}"))
    moved = ws.commit("Acme legal is slow on the layoff memo\n\nVisibility: 1", t("11"))
    decided = ws.commit("Memo first\n\nDecision: Layoff memo before the launch\nCampaign: acme\nVisibility: 1",
                        t("12"))
    ws.git("mv", "content/campaigns/acme.yml", "content/campaigns/demo.yml")
    ws.campaign("demo", acme.replace("label: stuck}", "label: in-progress}").replace("id: acme", "id: demo")
                .replace("Acme layoff comms", "Demo kickoff deck"))
    started = ws.commit("Demo starts from the Acme template\n\nVisibility: 1", t("13"))
    workspace = load_workspace(ws.root)
    history = {(c.kind, c.entry_id, c.commit) for c in workspace.history.changes}
    assert not {commit for _, _, commit in history} & {moved, decided}
    assert ("added", "layoff", started) in history  # Demo's own task, new with its file
    assert not [d for d in workspace.campaigns["demo"].decisions if d.commit == decided]
    assert "Acme" not in " ".join(ch.message or "" for ch in view_changes(workspace, "client1"))


def test_a_merge_counts_what_it_changed_and_branch_changes_once(tmp_path):
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign())
    ws.commit("Set up", t("10"))
    ws.git("checkout", "--quiet", "-b", "side")
    ws.campaign("demo", campaign(script="in-progress"))
    side = ws.commit("Script started on a branch", t("11"))
    ws.git("checkout", "--quiet", "main")
    ws.campaign("demo", campaign(launch="2026-04-21"))
    main = ws.commit("Launch moved on main", t("12"))
    ws.git("merge", "--quiet", "--no-ff", "--no-commit", "side", when=t("13"))
    ws.campaign("demo", campaign(script="in-progress", launch="2026-04-21", extra_tasks=POSTER))
    merge = ws.commit("Merge the script work; add the poster", t("13"))
    assert len(ws.git("log", "-1", "--format=%P").split()) == 2
    workspace = load_workspace(ws.root)
    got = sorted((c.kind, c.entry_id, c.commit) for c in workspace.history.changes if c.commit != _first(ws))
    assert got == sorted([("label", "script", side), ("date", "launch", main), ("added", "poster", merge)])


def _first(ws: GitWorkspace) -> str:
    return ws.git("rev-list", "--max-parents=0", "HEAD").strip()


def test_a_workspace_in_a_subfolder_of_its_repository(tmp_path):
    repo = tmp_path / "agency"
    ws = subfolder_workspace(repo, campaign(), t("10"))
    ws.campaign("demo", campaign(script="done"))
    run_git(repo, "commit", "--quiet", "-am", "Done", when=t("11"))
    assert [c.new for c in changes(load_workspace(ws.root), "label")] == ["done"]


def test_an_empty_repository_is_a_history_without_events(tmp_path):
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign())
    history = load_workspace(ws.root).history
    assert history.configured and history.changes == () and history.as_of is None and history.head is None


def test_no_history_key_means_no_git_events(make_workspace):
    root = make_workspace.write()
    run_git(root, "init", "--quiet")
    assert not load_workspace(root).history.configured


# -- refusals ---------------------------------------------------------------------------------


def test_a_shallow_clone_is_refused_with_the_fix(tmp_path):
    origin = GitWorkspace(tmp_path / "origin")
    origin.campaign("demo", campaign())
    origin.commit("Set up", t("10"))
    origin.campaign("demo", campaign(script="done"))
    origin.commit("Done", t("11"))
    run_git(tmp_path, "clone", "--quiet", "--depth", "1", f"file://{origin.root}", "clone")
    with pytest.raises(HistoryError) as caught:
        load_workspace(tmp_path / "clone")
    message = str(caught.value)
    assert "shallow" in message and "fetch-depth: 0" in message and "git fetch --unshallow" in message


def test_a_repository_with_grafts_is_refused_with_the_fix(tmp_path):
    # A graft cuts or rewires history outside every commit and ref: cached reads could not see it change.
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign())
    ws.commit("Set up", t("10"))
    ws.campaign("demo", campaign(script="done"))
    ws.commit("Done", t("11"))
    head = run_git(ws.root, "rev-parse", "HEAD").strip()
    (ws.root / ".git" / "info").mkdir(exist_ok=True)
    (ws.root / ".git" / "info" / "grafts").write_text(head + "\n", encoding="utf-8")  # HEAD without parents
    with pytest.raises(HistoryError) as caught:
        load_workspace(ws.root)
    assert "grafts" in str(caught.value) and "git replace --convert-graft-file" in str(caught.value)


def test_a_missing_ref_or_repository_is_an_error(tmp_path):
    ws = GitWorkspace(tmp_path / "ws", HISTORY_CONFIG.replace("history: {repo: .}", "history: {repo: ., ref: v9}"))
    ws.campaign("demo", campaign())
    ws.commit("Set up", t("10"))
    with pytest.raises(HistoryError, match="history.ref: 'v9'"):
        load_workspace(ws.root)
    lost = GitWorkspace(tmp_path / "lost", HISTORY_CONFIG.replace("repo: .", "repo: ../nowhere"), init=False)
    lost.campaign("demo", campaign())
    with pytest.raises(HistoryError, match="history.repo: '../nowhere'"):
        load_workspace(lost.root)


def test_a_git_too_old_to_read_merges_is_refused_with_what_to_do(tmp_path, monkeypatch, capsys):
    import git

    from generator.cli import main

    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign())
    ws.commit("Set up", t("10"))
    monkeypatch.setattr(git.cmd.Git, "version_info", property(lambda self: (2, 25, 1)))  # Ubuntu 20.04's
    assert main(["validate", str(ws.root)]) != 0
    err = capsys.readouterr().err
    assert "needs git 2.31 or later; this machine has git 2.25.1" in err and "Traceback" not in err


# -- bundles and the cache ---------------------------------------------------------------


def test_a_bundle_inside_the_workspace_is_read_like_a_repository(tmp_path):
    origin = GitWorkspace(tmp_path / "origin")
    origin.campaign("demo", campaign())
    origin.commit("Set up", t("10"))
    origin.campaign("demo", campaign(script="done"))
    done = origin.commit("Done", t("11"))
    ws = tmp_path / "ws"
    shutil.copytree(origin.root / "content", ws / "content")
    (ws / "site_config.yml").write_text(HISTORY_CONFIG.replace("repo: .", "bundle: content/history.bundle"))
    with pytest.raises(HistoryError, match="history.bundle"):
        load_workspace(ws)  # no bundle yet
    origin.git("bundle", "create", "--quiet", str(ws / "content" / "history.bundle"), "HEAD", "main")
    workspace = load_workspace(ws)
    assert [(c.new, c.commit) for c in changes(workspace, "label")] == [("done", done)]
    assert not (ws / ".git").exists()
    origin.campaign("demo", campaign(script="done", launch="2026-05-01"))
    moved = origin.commit("Launch moved", t("12"))
    origin.git("bundle", "create", "--quiet", str(ws / "content" / "history.bundle"), "HEAD", "main")
    assert [c.commit for c in changes(load_workspace(ws), "date")] == [moved]  # a new bundle is read again


@pytest.fixture
def cached(tmp_path):
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign())
    ws.commit("Set up", t("10"))
    ws.campaign("demo", campaign(script="in-progress"))
    ws.commit("Started", t("11"))
    load_workspace(ws.root)
    (cache_file,) = (ws.root / ".receipts-cache").glob("history-*.json")
    return ws, cache_file


def test_a_force_pushed_history_is_read_afresh_despite_a_warm_cache(cached):
    ws, _ = cached
    ws.git("reset", "--quiet", "--hard", "HEAD~1")
    ws.campaign("demo", campaign(script="stuck"))
    rewritten = ws.commit("Stuck instead", t("11", "12:00"))
    labels = [(c.new, c.commit) for c in changes(load_workspace(ws.root), "label")]
    assert labels == [("stuck", rewritten)]


def test_a_branch_merged_after_the_cached_head_is_read_as_a_cold_read_would(tmp_path):
    """The branch forked before a campaign file was deleted and made again for another client: a warm
    rebuild must not give the new campaign the branch's events of the old one (red-team review)."""
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign(secret=False))
    ws.commit("Globex set up", t("10"))
    ws.git("checkout", "--quiet", "-b", "side")
    ws.campaign("demo", campaign(secret=False, extra_tasks="  - {id: side, title: Globex price list, label: stuck}\n"))
    side = ws.commit("Globex pricing floor\n\nVisibility: 1", t("11"))
    ws.git("checkout", "--quiet", "main")
    (ws.root / "content" / "campaigns" / "demo.yml").unlink()
    ws.commit("Archive Globex", t("12"))
    ws.campaign("demo", campaign(secret=False, script="in-progress"))
    ws.commit("Acme set up under the same id", t("13"))
    load_workspace(ws.root)  # the cache now stands at this head
    ws.git("merge", "--quiet", "-s", "ours", "--no-edit", "side", when=t("14"))
    warm = [(c.kind, c.entry_id, c.commit) for c in load_workspace(ws.root).history.changes]
    shutil.rmtree(ws.root / ".receipts-cache")
    cold = [(c.kind, c.entry_id, c.commit) for c in load_workspace(ws.root).history.changes]
    assert warm == cold and side not in {commit for _, _, commit in warm}


def test_a_rebuild_reads_only_new_commits_and_agrees_with_a_cold_read(cached, monkeypatch):
    ws, cache_file = cached
    old_head = ws.head()
    ws.campaign("demo", campaign(script="done"))
    ws.commit("Done", t("12"))
    calls = []
    real = gitlog.read_log

    def spy(repo, head, since, campaign_dir):
        found = real(repo, head, since, campaign_dir)
        calls.append((since, len(found)))
        return found

    monkeypatch.setattr(gitlog, "read_log", spy)
    warm = load_workspace(ws.root)
    assert calls == [(old_head, 1)]
    cache_file.unlink()
    cold = load_workspace(ws.root)
    assert calls[-1] == (None, 3)
    assert warm.history == cold.history and warm.campaigns == cold.campaigns


def test_a_corrupt_cache_is_ignored_and_rewritten(cached):
    ws, cache_file = cached
    cache_file.write_text('{"version": 1, "head": ', encoding="utf-8")
    assert [c.new for c in changes(load_workspace(ws.root), "label")] == ["in-progress"]
    assert json.loads(cache_file.read_text(encoding="utf-8"))["head"] == ws.head()


@pytest.mark.parametrize("damage", ["an event without its entry id", "a commit with a field too many",
                                    "a touch as a list", "a removal as a list"])
def test_a_cache_with_a_damaged_record_is_read_afresh_never_half_trusted(cached, damage):
    """Right version, right key, valid JSON, but a record is not what this version writes: read again."""
    ws, cache_file = cached
    data = json.loads(cache_file.read_text(encoding="utf-8"))
    assert data["changes"] and data["commits"] and data["touched"], "the story has events"
    if damage == "an event without its entry id":
        del data["changes"][0]["entry_id"]
    elif damage == "a commit with a field too many":
        next(iter(data["commits"].values()))["extra"] = 1
    elif damage == "a touch as a list":
        files = next(iter(data["touched"].values()))
        files[next(iter(files))] = [5, [], "demo", 0, False]
    else:
        data["removals"] = {"1": {"gone": [["abc", "task", "gone", "Gone", 1, [], []]]}}
    cache_file.write_text(json.dumps(data), encoding="utf-8")
    warm = load_workspace(ws.root)
    cache_file.unlink()
    cold = load_workspace(ws.root)
    assert warm.history == cold.history and [c.new for c in changes(warm, "label")] == ["in-progress"]


def test_the_cache_holds_no_email_address(cached):
    _, cache_file = cached
    assert "@" not in cache_file.read_text(encoding="utf-8")
    assert AUTHOR[1] not in cache_file.read_text(encoding="utf-8")


def test_a_long_history_reads_as_the_plain_reader_would(tmp_path, monkeypatch):
    """The piece-by-piece reader (versions.py) changes speed, never the answer."""
    import importlib.util

    from generator.history import versions
    from generator.load.campaigns import read_campaign
    from generator.history import read_history
    from tests.conftest import REPO

    spec = importlib.util.spec_from_file_location("bench_history", REPO / "scripts" / "bench_history.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.make_repo(tmp_path / "ws", commits=400, campaigns=4, seed=7)
    workspace = load_workspace(tmp_path / "ws", with_history=False)
    fast = read_history(workspace)

    def plain(self, data, file):
        campaign, problems = read_campaign(data, file, self.config, None)
        return (None, str(min(problems))) if problems or campaign is None else (campaign, None)

    monkeypatch.setattr(versions.CampaignVersions, "read", plain)
    shutil.rmtree(tmp_path / "ws" / ".receipts-cache")
    slow = read_history(workspace)
    assert len(fast.history.changes) > 400
    assert fast.history == slow.history and fast.campaigns == slow.campaigns
