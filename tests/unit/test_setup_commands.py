"""The README's two set-up commands: CI runs them as written, and building needs no test tools."""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO

tomllib = pytest.importorskip("tomllib")  # Python 3.11 and later


def setup_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Set up\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_ci_runs_both_readme_commands_exactly_as_written():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = setup_commands()
    assert len(commands) == 2
    for command in commands:
        assert command in ci, command


def test_command_one_installs_only_what_building_needs():
    install, _ = setup_commands()
    assert "pip install -e . " in install and "[" not in install and install.endswith("receipts build")
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = " ".join(project["dependencies"]).lower()
    for tool in ("playwright", "pytest", "hypothesis"):
        assert tool not in core
    assert any(d.startswith("playwright") for d in project["optional-dependencies"]["browser"])
    assert "receipts[browser]" in project["optional-dependencies"]["test"]


def test_command_two_installs_the_test_extras_then_runs_the_tests():
    _, tests = setup_commands()
    assert tests == ".venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest"
