"""Issue #18: the record per audience (record.json), and `receipts verify` on it.

The record only grows while the history only grows; a rewritten history or a
tampered copy of a site is found at the entry that changed.
"""

from __future__ import annotations

import json
import shutil

import pytest

from generator import pipeline
from generator.cli import main as main_args
from generator.verify_cli import findings_for
from tests.fixtures.git_history import GitWorkspace
from tests.fixtures.sites import site_of
from tests.integration.test_history import campaign, t

APPROVAL = """\
approvals:
  - id: script-v1
    subject: script
    requested: 2026-01-21T10:00:00
    due: 2026-01-23T18:00:00
    steps:
      - {{by: jane, verdict: changes-requested, at: 2026-01-21T{first}:00}}
"""
SECOND_STEP = "      - {by: jane, verdict: approved, at: 2026-01-26T18:00:00}\n"


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772323200")  # 2026-03-01: every commit below is before it


def story(root, first_step="16:00", second=False):
    """Set up; an approval asked with one step; (second) the client's approval recorded."""
    ws = GitWorkspace(root)
    ws.campaign("demo", campaign())
    ws.commit("Set up", t("10"))
    ws.campaign("demo", campaign(approvals=APPROVAL.format(first=first_step)))
    ws.commit("Script sent for approval", t("21", "17:00"))
    if second:
        ws.campaign("demo", campaign(approvals=APPROVAL.format(first=first_step) + SECOND_STEP))
        ws.commit("Jane approved the script", t("27"))
    return ws


def built(ws, out) -> tuple:
    pipeline.build(ws.root, audiences=["client3"], output=out)
    site = site_of(out, "client3")
    return site, json.loads((site / "record.json").read_text(encoding="utf-8"))


def kinds(record) -> list[str]:
    return [item["entry"]["kind"] for item in record["entries"]]


def test_appending_a_commit_extends_the_record_and_the_old_head_stays_a_prefix(tmp_path):
    site, before = built(story(tmp_path / "ws"), tmp_path / "out1")
    saved = tmp_path / "seen.json"
    shutil.copy(site / "record.json", saved)
    assert kinds(before) == ["approval", "step"]
    site, after = built(story(tmp_path / "ws2", second=True), tmp_path / "out2")
    assert kinds(after) == ["approval", "step", "step"]
    assert after["entries"][:2] == before["entries"]
    assert findings_for(str(site), str(saved))[0] == []
    assert findings_for(str(site), f"{before['length']}:{before['head']}")[0] == []
    assert findings_for(str(site), before["head"])[0] == []


def test_an_old_steps_time_edited_in_a_rewritten_history_fails_since_at_that_entry(tmp_path):
    site, before = built(story(tmp_path / "ws"), tmp_path / "out1")
    saved = tmp_path / "seen.json"
    shutil.copy(site / "record.json", saved)
    step = kinds(before).index("step") + 1
    site, _ = built(story(tmp_path / "ws2", first_step="11:00", second=True), tmp_path / "out2")
    found, _ = findings_for(str(site), str(saved))
    assert len(found) == 1 and found[0].startswith(f"--since: entry {step} differs"), found
    assert findings_for(str(site), f"{before['length']}:{before['head']}")[0]
    assert findings_for(str(site), None)[0] == []  # on its own the rewritten site is consistent


def test_a_tampered_copy_of_a_site_fails(tmp_path):
    site, record = built(story(tmp_path / "ws", second=True), tmp_path / "out")
    assert findings_for(str(site), None)[0] == []
    page_copy, record_copy = tmp_path / "page", tmp_path / "record"
    shutil.copytree(site, page_copy)
    shutil.copytree(site, record_copy)
    receipt = page_copy / record["receipts"]["demo/script-v1"]
    receipt.write_text(receipt.read_text(encoding="utf-8").replace("16:00</time>", "15:00</time>"), encoding="utf-8")
    found, _ = findings_for(str(page_copy), None)
    assert found and all("step 1 at shows" in f for f in found), found
    text = (record_copy / "record.json").read_text(encoding="utf-8")
    (record_copy / "record.json").write_text(text.replace("changes-requested", "approved", 1), encoding="utf-8")
    found, _ = findings_for(str(record_copy), None)
    assert any("entry 2: its content does not give its digest" in f for f in found), found


def test_two_builds_give_the_same_record_bytes(tmp_path):
    ws = story(tmp_path / "ws", second=True)
    pipeline.build(ws.root, audiences=["client3"], output=tmp_path / "a")
    pipeline.build(ws.root, audiences=["client3"], output=tmp_path / "b")
    first = (site_of(tmp_path / "a", "client3") / "record.json").read_bytes()
    assert first == (site_of(tmp_path / "b", "client3") / "record.json").read_bytes()


def test_verify_says_what_it_cannot_check_with_exit_2_and_no_traceback(tmp_path, capsys):
    assert main_args(["verify", str(tmp_path / "nowhere")]) == 2
    assert "not a folder" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main_args(["verify", str(tmp_path / "empty")]) == 2
    assert "no record.json" in capsys.readouterr().err


INTERNAL_APPROVAL = """\
  - id: pricing-memo
    subject: secret
    visibility: internal
    requested: 2026-01-22T10:00:00
    steps:
      - {by: maria, verdict: approved, at: 2026-01-22T12:00:00}
"""


def test_the_record_holds_nothing_above_the_audiences_tier(tmp_path):
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign(approvals=APPROVAL.format(first="16:00") + INTERNAL_APPROVAL))
    ws.commit("Set up", t("22", "17:00"))
    pipeline.build(ws.root, output=tmp_path / "out")
    client = (site_of(tmp_path / "out", "client3") / "record.json").read_text(encoding="utf-8")
    team = (site_of(tmp_path / "out", "team") / "record.json").read_text(encoding="utf-8")
    assert "pricing-memo" in team and "script-v1" in client
    assert "pricing-memo" not in client and "Quiet pricing talks" not in client


def test_the_gate_reads_record_json_and_stops_a_leak_in_it(tmp_path, monkeypatch):
    from generator.errors import AuditError

    ws = story(tmp_path / "ws")
    real = pipeline.render

    def leaky(view, measures):
        rendered = real(view, measures)
        rendered.files["record.json"] += b'{"note": "Quiet pricing talks with the CFO"}'
        return rendered

    monkeypatch.setattr(pipeline, "render", leaky)
    with pytest.raises(AuditError) as caught:
        pipeline.build(ws.root, audiences=["client3"], output=tmp_path / "out")
    assert "record.json" in str(caught.value)


DECISION = ("Launch a week later\n\nLegal needs the week.\n\n"
            "Decision: Launch on 21 April\nCampaign: demo\nRelates-to: launch\nVisibility: 1")


def test_a_retraction_leaves_a_tombstone_appends_its_own_entry_and_keeps_the_prefix(tmp_path):
    ws = story(tmp_path / "ws")
    ws.campaign("demo", campaign(approvals=APPROVAL.format(first="16:00"), launch="2026-04-21"))
    sha = ws.commit(DECISION, t("23"))
    site, before = built(ws, tmp_path / "out1")
    saved = tmp_path / "seen.json"
    shutil.copy(site / "record.json", saved)
    place = kinds(before).index("decision")
    assert before["entries"][place]["entry"]["title"] == "Launch on 21 April"
    ws.commit(f"Withdraw the April decision\n\nRetracts: {sha[:12]}", t("24"))
    site, after = built(ws, tmp_path / "out2")
    assert after["length"] == before["length"] + 1
    tomb = after["entries"][place]
    assert tomb.get("withdrawn") is True and "entry" not in tomb
    assert tomb["digest"] == before["entries"][place]["digest"] and tomb["chain"] == before["entries"][place]["chain"]
    last = after["entries"][-1]["entry"]
    assert last["kind"] == "withdrawn" and last["reason"] == "retracted" and last["digest"] == tomb["digest"]
    assert "Launch on 21 April" not in (site / "record.json").read_text(encoding="utf-8")
    assert findings_for(str(site), str(saved))[0] == []


def opened_later(visibility: str, second_step: bool = False) -> str:
    step = "      - {by: jane, verdict: approved, at: 2026-01-26T12:00:00}\n" if second_step else ""
    return f"""\
  - id: poster-v1
    subject: script
    visibility: {visibility}
    requested: 2026-01-12T10:00:00
    steps:
      - {{by: jane, verdict: changes-requested, at: 2026-01-12T16:00:00}}
""" + step


def test_an_approval_opened_to_the_audience_later_lands_after_what_it_already_saw(tmp_path):
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign(approvals="approvals:\n" + opened_later("internal")))
    ws.commit("Poster sent for approval (internal for now)", t("12", "17:00"))
    shown = APPROVAL.format(first="16:00") + opened_later("internal")
    ws.campaign("demo", campaign(approvals=shown))
    ws.commit("Script sent for approval", t("21", "17:00"))
    site, before = built(ws, tmp_path / "out1")
    saved = tmp_path / "seen.json"
    shutil.copy(site / "record.json", saved)
    assert "poster-v1" not in saved.read_text(encoding="utf-8")
    ws.campaign("demo", campaign(approvals=APPROVAL.format(first="16:00") + opened_later("3")))
    ws.commit("Share the poster's approval with the client", t("24"))
    ws.campaign("demo", campaign(approvals=APPROVAL.format(first="16:00") + opened_later("3", second_step=True)))
    ws.commit("Jane approved the poster", t("26"))
    site, after = built(ws, tmp_path / "out2")
    assert "poster-v1" in (site / "record.json").read_text(encoding="utf-8")
    assert findings_for(str(site), str(saved))[0] == []
