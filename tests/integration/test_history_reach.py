"""What a commit reaches, and who may read of it: cases a red-team review found leaking.

A commit message, a decision commit and the events of an entry may speak of
everything the commit changed: a note's subject, a file outside the campaign
files, an entry's parents at the time. Each test here failed before the fix.
"""

from __future__ import annotations

from generator.model import INTERNAL
from generator.redact.entries import redact
from generator.inputs import load_workspace
from tests.conftest import MINIMAL_CONFIG
from tests.fixtures.git_history import HISTORY_CONFIG, GitWorkspace
from tests.integration.test_history import campaign, t, view_changes

MOVE = "Launch a week later; two Globex designers start Monday\n\nVisibility: 1"


def messages(workspace, audience: str, campaign_id: str = "demo") -> dict[str, str | None]:
    return {ch.commit: ch.message for ch in view_changes(workspace, audience, campaign_id)}


def set_up(tmp_path) -> GitWorkspace:
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign())
    ws.campaign("other", campaign(campaign_id="other", secret=False))
    ws.commit("Set up", t("10"))
    return ws


def test_a_message_is_kept_back_where_a_note_it_came_with_is_about_a_hidden_entry(tmp_path):
    ws = set_up(tmp_path)
    ws.campaign("demo", campaign(launch="2026-04-21")
                + "notes:\n  - {date: 2026-01-11, about: secret, text: The CFO call went badly., visibility: 1}\n")
    moved = ws.commit(MOVE, t("11"))
    workspace = load_workspace(ws.root)
    assert messages(workspace, "client1")[moved] is None
    assert messages(workspace, "team")[moved].startswith("Launch a week later")


def test_a_message_is_kept_back_where_its_commit_also_changed_site_config(tmp_path):
    ws = set_up(tmp_path)
    ws.campaign("demo", campaign(launch="2026-04-21"))
    config = ws.root / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "audiences:\n", "audiences:\n  globex: {title: Globex Corp, tier: 1, campaigns: [other]}\n"), encoding="utf-8")
    moved = ws.commit("Launch a week later; we opened the Globex Corp audience\n\nVisibility: 1", t("11"))
    workspace = load_workspace(ws.root)
    assert messages(workspace, "client1")[moved] is None
    assert messages(workspace, "team")[moved] is not None


def test_a_message_shows_with_the_file_of_a_visible_asset_and_not_with_a_hidden_ones(tmp_path):
    ws = set_up(tmp_path)
    assets = ws.root / "content" / "assets"
    assets.mkdir()
    (assets / "film.txt").write_text("cut 1", encoding="utf-8")
    (assets / "deck.txt").write_text("numbers 1", encoding="utf-8")
    files = ("assets:\n  - {id: film-cut, deliverable: film, title: Film cut, file: assets/film.txt}\n"
             "  - {id: deck, title: Pitch deck, file: assets/deck.txt, visibility: internal}\n")
    ws.campaign("demo", campaign() + files)
    ws.commit("Files", t("11"))
    (assets / "film.txt").write_text("cut 2", encoding="utf-8")
    ws.campaign("demo", campaign(launch="2026-04-21") + files)
    shared = ws.commit("New cut of the film, launch a week later\n\nVisibility: 1", t("12"))
    (assets / "deck.txt").write_text("numbers 2: the Globex pitch", encoding="utf-8")
    ws.campaign("demo", campaign(launch="2026-04-28") + files)
    kept = ws.commit("New pitch deck numbers for Globex, launch moved again\n\nVisibility: 1", t("13"))
    client = messages(load_workspace(ws.root), "client1")
    assert client[shared].startswith("New cut of the film")
    assert client[kept] is None


def test_a_label_set_while_the_task_sat_under_an_internal_deliverable_stays_hidden(tmp_path):
    ws = GitWorkspace(tmp_path / "ws")
    pitch = "    - {id: pitch, title: Globex pitch film, due: 2026-03-01, visibility: internal}\n"
    cast = "  - {{id: cast, title: Casting, label: {label}, deliverable: {under}}}\n"
    ws.campaign("demo", campaign(deliverables=pitch, extra_tasks=cast.format(label="not-started", under="pitch")))
    ws.commit("Set up", t("10"))
    ws.campaign("demo", campaign(deliverables=pitch, extra_tasks=cast.format(label="waiting-on-legal", under="pitch")))
    hidden_then = ws.commit("Casting waits on legal", t("11"))
    ws.campaign("demo", campaign(deliverables=pitch, extra_tasks=cast.format(label="waiting-on-legal", under="film")))
    ws.commit("Casting is for the launch film now", t("12"))
    workspace = load_workspace(ws.root)
    assert hidden_then not in {ch.commit for ch in view_changes(workspace, "client1") if ch.entry.id == "cast"}
    assert hidden_then in {ch.commit for ch in view_changes(workspace, "team") if ch.entry.id == "cast"}


def test_an_id_given_to_an_entry_of_another_kind_shows_none_of_the_old_entrys_events(tmp_path):
    ws = GitWorkspace(tmp_path / "ws")
    prep = "  - {{id: prep, title: Preparation day, label: {label}, deliverable: film}}\n"
    ws.campaign("demo", campaign(extra_tasks=prep.format(label="not-started")))
    ws.commit("Set up", t("10"))
    ws.campaign("demo", campaign(extra_tasks=prep.format(label="stuck")))
    stuck = ws.commit("Prep is stuck", t("11"))
    ws.campaign("demo", campaign())
    ws.commit("Prep dropped", t("12"))
    ws.campaign("demo", campaign().replace(
        "milestones:\n", "milestones:\n  - {id: prep, title: Press preview, date: 2026-02-02}\n"))
    ws.commit("Press preview planned", t("13"))
    workspace = load_workspace(ws.root)
    old = [(ch.kind, ch.commit) for ch in view_changes(workspace, "client1")
           if ch.entry.id == "prep" and ch.entry.kind == "task"]
    assert old == [] and stuck not in {ch.commit for ch in view_changes(workspace, "client1")}


def test_a_clients_as_of_is_never_a_later_commit_of_a_campaign_it_is_not_given(tmp_path):
    ws = set_up(tmp_path)
    ws.campaign("demo", campaign(script="in-progress"))
    ws.commit("Script under way", t("11"))
    ws.campaign("other", campaign(campaign_id="other", secret=False, launch="2026-05-13"))
    ws.commit("Other launch planned", t("20", "18:45"))
    workspace = load_workspace(ws.root)
    client = redact(workspace, workspace.config.audiences["client1"])[0]
    team = redact(workspace, workspace.config.audiences["team"])[0]
    assert client.as_of.isoformat().startswith("2026-01-11T10:00")
    assert team.as_of.isoformat().startswith("2026-01-20T18:45")


def test_tier_zero_reads_no_message_of_a_commit_that_noted_something_about_a_plan(tmp_path):
    ws = set_up(tmp_path)
    ws.campaign("demo", campaign().replace("reached: true}", "reached: true}", 1)
                + "notes:\n  - {date: 2026-01-11, about: launch, text: Launch date is soft., visibility: 0}\n")
    ws.commit("Note on the launch\n\nVisibility: 0", t("11"))
    ws.campaign("demo", campaign(script="done")
                + "notes:\n  - {date: 2026-01-11, about: launch, text: Launch date is soft., visibility: 0}\n"
                + "  - {date: 2026-01-12, about: launch, text: It may slip to May., visibility: 0}\n")
    slipped = ws.commit("Kickoff done; launch may slip to May\n\nVisibility: 0", t("12"))
    workspace = load_workspace(ws.root)
    assert messages(workspace, "client0").get(slipped) is None  # `launch` is a plan tier 0 never sees
    assert messages(workspace, "client1")[slipped].startswith("Kickoff done")


def test_the_internal_ceiling_of_a_decision_commit_reaches_its_build_report(tmp_path):
    ws = set_up(tmp_path)
    ws.campaign("demo", campaign(script="in-progress").replace("Quiet pricing talks with the CFO", "Poach Globex"))
    sha = ws.commit("Morning wins; we also start poaching Globex\n\nDecision: Morning concept\nCampaign: demo\n"
                    "Visibility: 2", t("11"))
    workspace = load_workspace(ws.root)
    (decision,) = [d for d in workspace.campaigns["demo"].decisions if d.commit == sha]
    assert decision.visibility == INTERNAL
    view, report = redact(workspace, workspace.config.audiences["client2"])
    assert not [d for d in view.campaigns[0].decisions if d.commit == sha]
    assert any(w.id == sha[:12] and w.kind == "decision" for w in report.withheld)


def test_a_tier_zero_decision_about_a_plan_since_removed_is_not_shown_at_tier_zero(tmp_path):
    """Tier 0 sees finished work only: a milestone removed before it was reached was a plan, and a
    decision about it speaks of that plan (found by the red-team review)."""
    ws = set_up(tmp_path)
    preview = "  - {id: preview, title: Press preview in Lisbon, date: 2026-02-02}\n"
    ws.campaign("demo", campaign().replace("milestones:\n", "milestones:\n" + preview))
    ws.commit("Preview planned", t("11"))
    ws.campaign("demo", campaign())
    ws.commit("Preview dropped", t("12"))
    sha = ws.commit("No Lisbon preview after all\n\nDecision: Drop the press preview\nCampaign: demo\n"
                    "Relates-to: preview\nVisibility: 0", t("13"))
    workspace = load_workspace(ws.root)
    shown = {a: [d.commit for c in redact(workspace, workspace.config.audiences[a])[0].campaigns
                 for d in c.decisions if d.commit] for a in ("client0", "client1")}
    assert shown == {"client0": [], "client1": [sha]}


# -- red team, round 3 ----------------------------------------------------------------------------------


def acme_with(task_title: str) -> str:
    return campaign(campaign_id="acme", extra_tasks=f"  - {{id: layoff, title: {task_title}, label: stuck}}\n")


def test_an_unreadable_undeclared_rename_still_starts_the_new_campaign_afresh(tmp_path):
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("acme", acme_with("Acme layoff comms"))
    ws.commit("Acme set up", t("10"))
    ws.git("mv", "content/campaigns/acme.yml", "content/campaigns/demo.yml")  # still says id: acme: unreadable
    ws.commit("Demo from the Acme template", t("11"))
    ws.campaign("demo", campaign(extra_tasks="  - {id: kickoff-deck, title: Kickoff deck, label: stuck}\n"))
    ws.commit("Demo id fixed", t("12"))
    workspace = load_workspace(ws.root)
    texts = " ".join(f"{ch.entry.title} {ch.old} {ch.new}" for ch in view_changes(workspace, "client1"))
    assert "Acme layoff comms" not in texts and "Kickoff deck" in texts


def test_a_decision_of_a_deleted_campaign_does_not_return_with_a_new_one_under_its_id(tmp_path):
    ws = set_up(tmp_path)
    old = ws.commit("The CEO changed his mind\n\nDecision: Kill the Globex memo\nCampaign: demo\nVisibility: 1",
                    t("11"))
    (ws.root / "content" / "campaigns" / "demo.yml").unlink()
    ws.commit("Globex campaign closed", t("12"))
    ws.campaign("demo", campaign(script="in-progress"))
    ws.commit("New client, same id", t("13"))
    workspace = load_workspace(ws.root)
    assert old not in {d.commit for d in workspace.campaigns["demo"].decisions}


def test_two_spellings_of_one_file_are_one_file(make_workspace):
    demo = """\
        id: demo
        title: Demo campaign
        client: Client Co.
        tasks:
          - {id: script, title: Film script, label: in-progress}
        approvals:
          - {id: script-v2, subject: script, asset: assets/offer.pdf, requested: 2026-01-21T10:00:00}
        assets:
          - {id: offer, title: Globex offer, file: assets/./offer.pdf, visibility: internal}
        """
    root = make_workspace.write(MINIMAL_CONFIG, {"demo": demo}, {"assets/offer.pdf": b"%PDF-1.4 offer"})
    workspace = load_workspace(root)
    receipt = redact(workspace, workspace.config.audiences["client3"])[0].campaigns[0].approvals[0]
    assert (receipt.asset, receipt.asset_sha256) == (None, None)


def test_as_of_ignores_a_new_campaign_made_under_an_id_another_was_renamed_from(tmp_path):
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("spring", campaign(campaign_id="spring"))
    ws.commit("Spring set up", t("10"))
    ws.git("mv", "content/campaigns/spring.yml", "content/campaigns/demo.yml")
    ws.campaign("demo", campaign() + "renamed_from: [spring]\n")
    ws.commit("Spring is now demo", t("12"))
    ws.campaign("spring", campaign(campaign_id="spring", secret=False))
    ws.commit("Another client's spring campaign", t("20", "23:45"))
    workspace = load_workspace(ws.root)
    # as of the newest change it sees: the set-up's (the rename shows it nothing), never the other spring's
    assert redact(workspace, workspace.config.audiences["client1"])[0].as_of.isoformat().startswith("2026-01-10")


def test_a_chain_of_declared_renames_keeps_the_history_from_before_the_first(tmp_path):
    ws = GitWorkspace(tmp_path / "ws", HISTORY_CONFIG.replace("[demo]", "all"))
    ws.campaign("spring", campaign(campaign_id="spring"))
    ws.commit("Set up", t("10"))
    ws.campaign("spring", campaign(campaign_id="spring", script="in-progress"))
    early = ws.commit("Script started", t("11"))
    for old, new, day in (("spring", "spring-launch", "12"), ("spring-launch", "launch", "13")):
        ws.git("mv", f"content/campaigns/{old}.yml", f"content/campaigns/{new}.yml")
        ws.campaign(new, campaign(campaign_id=new, script="in-progress") + f"renamed_from: [{old}]\n")
        ws.commit(f"{old} is now {new}", t(day))
    labels = [(ch.campaign, ch.commit) for ch in load_workspace(ws.root).history.changes if ch.kind == "label"]
    assert labels == [("launch", early)]


def test_a_renamed_from_copied_with_a_file_claims_nothing(tmp_path):
    """A declaration copied along with a template file does not make the new campaign the heir of the
    old one's own renames: only a rename declared in its own commit joins (review of this stop)."""
    ws = GitWorkspace(tmp_path / "ws")
    old = campaign(campaign_id="acme-old", extra_tasks="  - {id: layoff, title: Acme layoff comms, label: stuck}\n")
    ws.campaign("acme-old", old)
    ws.commit("Acme set up", t("10"))
    ws.campaign("acme-old", old.replace("label: stuck}", "label: in-progress}"))
    moved = ws.commit("Acme legal is slow on the layoff memo\n\nVisibility: 1", t("11"))
    decided = ws.commit("Memo first\n\nDecision: Layoff memo before the launch\nCampaign: acme-old\nVisibility: 1",
                        t("12"))
    # Acme's declared rename
    ws.git("mv", "content/campaigns/acme-old.yml", "content/campaigns/acme.yml")
    acme = old.replace("label: stuck}", "label: in-progress}").replace("id: acme-old", "id: acme") \
        + "renamed_from: [acme-old]\n"
    ws.campaign("acme", acme)
    ws.commit("Acme renamed", t("13"))
    # Demo starts from a copy of acme.yml; acme.yml is deleted; renamed_from comes along with the copy
    ws.git("mv", "content/campaigns/acme.yml", "content/campaigns/demo.yml")
    ws.campaign("demo", acme.replace("id: acme", "id: demo").replace("Acme layoff comms", "Demo kickoff deck"))
    ws.commit("Demo starts from the Acme template", t("14"))
    workspace = load_workspace(ws.root)
    shas = {c.commit for c in workspace.history.changes if c.campaign == "demo"}
    msgs = [ch.message for ch in view_changes(workspace, "client1") if ch.message]
    decisions = [d.title for d in workspace.campaigns["demo"].decisions if d.commit]
    assert not [m for m in msgs if "Acme" in m] and "Layoff memo before the launch" not in decisions
    assert moved not in shas
    assert decided not in {d.commit for d in workspace.campaigns["demo"].decisions}


def test_a_file_renamed_away_without_declaration_and_back_does_not_take_back_its_first_history(tmp_path):
    """A -> B undeclared starts a new period of the file; coming back to A later does not revive the first."""
    ws = set_up(tmp_path)
    ws.campaign("demo", campaign(script="stuck"))
    first = ws.commit("Script stuck\n\nVisibility: 1", t("11"))
    ws.git("mv", "content/campaigns/demo.yml", "content/campaigns/pitch.yml")
    ws.campaign("pitch", campaign(campaign_id="pitch", script="stuck"))
    ws.commit("Now a pitch", t("12"))
    ws.git("mv", "content/campaigns/pitch.yml", "content/campaigns/demo.yml")
    ws.campaign("demo", campaign(script="in-progress"))
    ws.commit("Back to demo", t("13"))
    assert first not in {ch.commit for ch in load_workspace(ws.root).history.changes}
