"""docs/history.md, "Defaults at the time": a commit's message and decision take the defaults of their commit.

A message without a `Visibility:` trailer takes `defaults.commit`, a decision
commit without one `defaults.decision`: both as `site_config.yml` stood at that
commit (never looser than today's), so lowering a default later shows nothing
written while it was stricter. Each test failed before the fix (today's
defaults judged the past); the gate's tests break redaction on purpose.
"""

from __future__ import annotations

import pytest

from generator import pipeline
from generator.errors import AuditError
from generator.redact.history_sight import HistorySight
from generator.history import decisions as decision_commits
from tests.fixtures.git_history import HISTORY_CONFIG, GitWorkspace
from tests.fixtures.sites import site_of
from tests.integration.test_history import campaign, t

CANDID = "the CFO killed the budget"


def pages(out, audience: str) -> str:
    return " ".join(p.read_text(encoding="utf-8") for p in site_of(out, audience).rglob("*.html"))


def messages_story(root):
    """A message written while messages were internal by default; then `defaults: {commit: 2}`."""
    ws = GitWorkspace(root)
    ws.campaign("demo", campaign())
    ws.commit("Set up", t("10"))
    ws.campaign("demo", campaign(launch="2026-04-21"))
    ws.commit(f"Launch moved: {CANDID}", t("11"))
    (ws.root / "site_config.yml").write_text(HISTORY_CONFIG + "defaults: {commit: 2}\n", encoding="utf-8")
    ws.commit("Messages are for clients from now on", t("12"))
    ws.campaign("demo", campaign(launch="2026-04-28"))
    ws.commit("Launch moved again for the print run", t("13"))
    return ws


def decision_story(root):
    """A decision commit without a trailer made under `defaults: {decision: internal}`; then `decision: 2`."""
    ws = GitWorkspace(root, HISTORY_CONFIG + "defaults: {decision: internal}\n")
    ws.campaign("demo", campaign())
    ws.commit("Set up", t("10"))
    ws.commit(f"Budget call\n\nBecause {CANDID}.\n\nDecision: Drop the retainer quietly\nCampaign: demo", t("11"))
    (ws.root / "site_config.yml").write_text(HISTORY_CONFIG + "defaults: {decision: 2}\n", encoding="utf-8")
    ws.commit("Decisions for clients from now on", t("12"))
    ws.commit("Print call\n\nThe printer is booked.\n\nDecision: Print in March\nCampaign: demo", t("13"))
    return ws


def test_a_message_written_while_messages_were_internal_stays_off_client_sites(tmp_path):
    out = tmp_path / "out"
    pipeline.build(messages_story(tmp_path / "ws").root, audiences=["client2", "team"], output=out)
    assert CANDID not in pages(out, "client2")
    assert "Launch moved again for the print run" in pages(out, "client2")  # written under commit: 2
    assert CANDID in pages(out, "team")


def test_a_decision_recorded_while_decisions_were_internal_stays_off_client_sites(tmp_path):
    out = tmp_path / "out"
    pipeline.build(decision_story(tmp_path / "ws").root, audiences=["client2", "team"], output=out)
    assert "Drop the retainer quietly" not in pages(out, "client2")
    assert CANDID not in pages(out, "client2")
    assert "Print in March" in pages(out, "client2")  # recorded under decision: 2
    assert "Drop the retainer quietly" in pages(out, "team")


def test_a_stricter_default_today_still_wins(tmp_path):
    ws = messages_story(tmp_path / "ws")
    (ws.root / "site_config.yml").write_text(HISTORY_CONFIG + "defaults: {commit: internal}\n", encoding="utf-8")
    ws.commit("Messages internal again", t("14"))
    out = tmp_path / "out"
    pipeline.build(ws.root, audiences=["client2"], output=out)
    assert "Launch moved again for the print run" not in pages(out, "client2")


def test_the_gate_refuses_a_message_shown_by_todays_default(tmp_path, monkeypatch):
    def by_todays_default(self, ch):
        level = self.index.message_default if ch.message_visibility is None else ch.message_visibility
        return self.audience.reaches(level)

    monkeypatch.setattr(HistorySight, "sees_message", by_todays_default)
    with pytest.raises(AuditError):
        pipeline.build(messages_story(tmp_path / "ws").root, audiences=["client2"], output=tmp_path / "out")


def test_the_gate_refuses_a_decision_shown_by_todays_default(tmp_path, monkeypatch):
    decide = decision_commits.decision

    def by_todays_default(*args, **kwargs):
        return decide(*args[:9])  # without the default of its commit

    monkeypatch.setattr(decision_commits, "decision", by_todays_default)
    with pytest.raises(AuditError):
        pipeline.build(decision_story(tmp_path / "ws").root, audiences=["client2"], output=tmp_path / "out")


def test_a_decision_about_an_entry_internal_at_its_commit_stays_hidden_once_the_entry_is_public(tmp_path):
    """Its text speaks of the entry as it was then (campaign()'s task `secret` is internal)."""
    ws = GitWorkspace(tmp_path / "ws")
    ws.campaign("demo", campaign())
    ws.commit("Set up", t("10"))
    ws.commit(f"Pricing call\n\nBecause {CANDID}.\n\nDecision: Quiet discount for the CFO\nCampaign: demo\n"
              "Relates-to: secret\nVisibility: 2", t("11"))
    ws.campaign("demo", campaign().replace("Quiet pricing talks with the CFO, label: stuck, visibility: internal",
                                           "Pricing review, label: stuck"))
    ws.commit("The pricing review is public now", t("12"))
    ws.commit("Print call\n\nThe printer is booked.\n\nDecision: Print in March\nCampaign: demo\n"
              "Relates-to: secret\nVisibility: 2", t("13"))
    out = tmp_path / "out"
    pipeline.build(ws.root, audiences=["client2", "team"], output=out)
    assert "Quiet discount for the CFO" not in pages(out, "client2") and CANDID not in pages(out, "client2")
    assert "Print in March" in pages(out, "client2")  # recorded once the task was public
    assert "Quiet discount for the CFO" in pages(out, "team")
