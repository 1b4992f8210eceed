"""The command line as a user runs it: messages, exit codes, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def test_validate_summarizes_a_valid_workspace(demo_copy):
    result = run("validate", str(demo_copy))
    assert result.returncode == 0, result.stderr
    assert "workspace is valid" in result.stdout
    assert "audience harbor: tier 1" in result.stdout


def test_validate_lists_every_problem_with_file_and_line(demo_copy):
    campaign = demo_copy / "content" / "campaigns" / "spring-launch.yml"
    lines = campaign.read_text(encoding="utf-8").splitlines()
    owner_line = next(i for i, line in enumerate(lines) if "owner:" in line)
    lines[owner_line] = lines[owner_line].split("owner:")[0] + "owner: nobody-here"
    campaign.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = demo_copy / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("timezone: Europe/Madrid", "timezone: Mars/Olympus"),
                      encoding="utf-8")
    result = run("validate", str(demo_copy))
    assert result.returncode == 1
    assert f"content/campaigns/spring-launch.yml:{owner_line + 1}:" in result.stderr
    assert "'nobody-here' is not a known person" in result.stderr
    assert "site_config.yml:" in result.stderr and "Mars/Olympus" in result.stderr
    assert "2 problems found" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_reports_each_audience(demo_copy, tmp_path):
    result = run("build", str(demo_copy), "--output", str(tmp_path / "out"), "--audience", "harbor")
    assert result.returncode == 0, result.stderr
    assert "harbor (" in result.stdout and "pages" in result.stdout and "withheld" in result.stdout
    assert "open " in result.stdout and "index.html" in result.stdout


def test_usage_mistakes_exit_2(demo_copy):
    result = run("build", str(demo_copy), "--no-such-flag")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_a_missing_workspace_is_one_clear_message(tmp_path):
    result = run("build", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert "site_config.yml" in result.stderr and "Traceback" not in result.stderr


def test_skipped_past_versions_are_reported_as_warnings(tmp_path):
    from tests.fixtures.git_history import GitWorkspace

    ws = GitWorkspace(tmp_path / "ws")
    good = "id: demo\ntitle: Demo\nclient: Client Co.\ntasks:\n  - {id: script, title: Script, label: in-progress}\n"
    ws.campaign("demo", good.replace("in-progress", "no-such-label"))
    broken = ws.commit("A version with a typo", "2026-01-10T10:00:00+01:00")
    ws.campaign("demo", good)
    ws.commit("Fix the typo", "2026-01-11T10:00:00+01:00")
    for command in ("validate", "build"):
        result = run(command, str(ws.root), *(["--output", str(tmp_path / "out")] if command == "build" else []))
        assert result.returncode == 0, result.stderr
        assert "warning: " in result.stderr and broken[:12] in result.stderr, command
