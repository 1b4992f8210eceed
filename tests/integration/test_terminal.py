"""What the command line prints: counted nouns agree, colour only on a terminal, help for every argument,
a progress hook told of every site built."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from generator import pipeline
from generator.cli import _parser, main
from tests.conftest import MINIMAL_CONFIG, REPO

ONE_OF_EACH = """\
id: demo
title: Demo
client: Client Co.
tasks: [{id: script, title: Script, label: done}]
decisions: [{id: concept, date: 2026-01-20, title: Concept, comments: [{by: jane, at: 2026-01-19T15:02:00, text: Ok}]}]
approvals: [{id: a1, subject: script, requested: 2026-01-21T10:00:00, steps: [{by: jane, verdict: approved, at: 2026-01-22T10:00:00}]}]
notes: [{date: 2026-02-03, text: A note.}]
"""
ONE_AUDIENCE = MINIMAL_CONFIG.split("audiences:")[0] + "audiences:\n  client1: {title: One, tier: 1, campaigns: [demo]}\n"


def test_one_of_a_kind_is_counted_in_the_singular(make_workspace, capsys):
    root = make_workspace.write(campaigns={"demo": ONE_OF_EACH})
    assert main(["validate", str(root)]) == 0
    summary = capsys.readouterr().out
    assert "1 task, 1 decision, 1 comment, 1 approval, 1 note" in summary


def test_a_site_of_one_page_and_entry_is_counted_in_the_singular(make_workspace, tmp_path, capsys):
    campaign = "id: demo\ntitle: Demo\nclient: Client Co.\ntasks: [{id: script, title: Script, label: done}]\n"
    root = make_workspace.write(config=ONE_AUDIENCE, campaigns={"demo": campaign})
    assert main(["build", str(root), "--output", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "1 entry shown" in out and "built 1 site in" in out
    assert "1 entries" not in out and "1 pages" not in out and "1 sites" not in out


def test_one_problem_is_one_problem(make_workspace, capsys):
    root = make_workspace.write(campaigns={"demo": "id: demo\ntitle: Demo\nclient: Client Co.\nzzz: 1\n"})
    assert main(["validate", str(root)]) == 1
    assert "receipts: 1 problem found" in capsys.readouterr().err


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(REPO), **env}
    environment.pop("NO_COLOR", None)
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True,
                          env=environment, timeout=300)


def test_output_to_a_log_is_plain_text_and_a_terminal_gets_colour(make_workspace):
    root = make_workspace.write(campaigns={"demo": "id: demo\ntitle: Demo\nclient: Client Co.\nzzz: [internal]\n"})
    plain = _run(["validate", str(root)])
    assert plain.returncode == 1 and "\x1b[" not in plain.stderr + plain.stdout
    assert "zzz: unknown key" in plain.stderr
    coloured = _run(["validate", str(root)], FORCE_COLOR="1")  # what rich does on a terminal
    assert coloured.returncode == 1 and "\x1b[" in coloured.stderr and "zzz: unknown key" in coloured.stderr


def test_every_argument_of_every_command_has_help():
    missing = []
    for action in _parser()._actions:
        parsers = action.choices.items() if isinstance(action, argparse._SubParsersAction) else []
        missing += [f"{name} {a.dest}" for name, sub in parsers for a in sub._actions if not a.help]
        if not isinstance(action, argparse._SubParsersAction) and not action.help:
            missing.append(action.dest)
    assert missing == []


def test_the_progress_hook_is_told_of_every_site(tmp_path):
    told = []
    results = pipeline.build(REPO, output=tmp_path / "site", jobs=2, progress=lambda *a: told.append(a))
    assert told[0] == (0, len(results), None)
    assert sorted(done for done, _, _ in told[1:]) == list(range(1, len(results) + 1))
    assert {r.audience for _, _, r in told[1:]} == {r.audience for r in results}
    assert sum(r.pages for _, _, r in told[1:]) == sum(r.pages for r in results)
