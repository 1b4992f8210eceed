"""`receipts init` gives a new user a pilot that validates, builds, lints and reads as a live week."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import jsonschema
import pytest

from generator import cli
from generator.init_cli import PILOT_IDENTITY
from generator.load.json_schema import schemas
from tests.unit import yaml12

EPOCH = 1_780_000_000  # 2026-05-28 20:26:40 UTC: the build clock the pilot's week ends at
CAMPAIGN = "content/campaigns/summer-menu-launch.yml"


@pytest.fixture
def clean_git(tmp_path, monkeypatch):
    """No identity of the machine's: HOME without a .gitconfig, no system config."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    return home


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def test_init_then_validate_build_and_lint_succeed(tmp_path, clean_git, capsys):
    pilot = tmp_path / "pilot"
    assert cli.main(["init", str(pilot)]) == 0
    said = capsys.readouterr().out
    assert f"cd {pilot}" in said and "receipts build" in said and "receipts serve" in said
    assert cli.main(["validate", str(pilot)]) == 0
    assert cli.main(["build", str(pilot), "--strict", "--output", str(tmp_path / "out")]) == 0
    assert cli.main(["lint-commits", "--workspace", str(pilot)]) == 0
    out = capsys.readouterr().out
    assert "checked 7 commits: no problems" in out
    client = (tmp_path / "out" / "client" / "summer-menu-launch" / "decisions.html").read_text(encoding="utf-8")
    assert "Lead with the golden-hour concept" in client  # the decision commit, shown to the tier-2 client
    approval = tmp_path / "out" / "client" / "summer-menu-launch" / "approvals" / "key-visual-v1.html"
    assert approval.is_file()  # the approval awaiting the client


def test_the_history_is_a_week_before_the_clock_with_one_decision_commit(tmp_path, clean_git):
    pilot = tmp_path / "pilot"
    assert cli.main(["init", str(pilot)]) == 0
    dates = [int(stamp) for stamp in _git(pilot, "log", "--format=%at").split()]
    assert len(dates) == 7 and max(dates) < EPOCH and min(dates) >= EPOCH - 7 * 86400
    assert len({dt.datetime.fromtimestamp(d, dt.timezone.utc).date() for d in dates}) == 7  # one a day
    decisions = _git(pilot, "log", "--format=%H %(trailers:key=Decision,valueonly,separator=)").splitlines()
    assert [line.split(" ", 1)[1] for line in decisions if line.split(" ", 1)[1:] != [""]] == \
        ["Lead with the golden-hour concept"]
    assert _git(pilot, "log", "-1", "--format=%an <%ae>").strip() == f"{PILOT_IDENTITY.name} <{PILOT_IDENTITY.email}>"
    assert _git(pilot, "status", "--porcelain") == ""  # everything written is committed
    assert (pilot / ".git" / "hooks" / "commit-msg").is_file()


def test_the_users_git_identity_signs_the_commits_when_configured(tmp_path, clean_git):
    (clean_git / ".gitconfig").write_text("[user]\n\tname = Ana Ruiz\n\temail = ana@studio.example\n")
    pilot = tmp_path / "pilot"
    assert cli.main(["init", str(pilot)]) == 0
    assert set(_git(pilot, "log", "--format=%an <%ae>").splitlines()) == {"Ana Ruiz <ana@studio.example>"}
    assert '"Ana Ruiz"' in (pilot / "site_config.yml").read_text(encoding="utf-8")  # the account lead is you


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, clean_git, capsys):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    assert cli.main(["init", str(tmp_path / "busy")]) == 1
    assert "is not empty" in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "busy").iterdir()) == ["notes.txt"]
    assert cli.main(["init", str(tmp_path / "busy"), "--force"]) == 0
    assert (tmp_path / "busy" / "notes.txt").read_text() == "mine"
    assert _git(tmp_path / "busy", "status", "--porcelain") == "?? notes.txt\n"  # the pilot commits its own files
    assert cli.main(["init", str(tmp_path / "busy"), "--force"]) == 1  # a git repository now: never rewritten
    assert "already a git repository" in capsys.readouterr().err


def test_the_spanish_pilot_builds_in_spanish(tmp_path, clean_git):
    pilot = tmp_path / "piloto"
    assert cli.main(["init", str(pilot), "--language", "es"]) == 0
    assert cli.main(["build", str(pilot), "--strict", "--output", str(tmp_path / "out")]) == 0
    page = (tmp_path / "out" / "client" / "summer-menu-launch" / "index.html").read_text(encoding="utf-8")
    assert 'lang="es"' in page and "Esperando al cliente" in page and "Lanzamiento del menú de verano" in page


def test_the_files_point_editors_at_the_schemas_and_pass_them(tmp_path, clean_git):
    pilot = tmp_path / "pilot"
    assert cli.main(["init", str(pilot)]) == 0
    for rel, name in (("site_config.yml", "site_config.schema.json"), (CAMPAIGN, "campaign.schema.json")):
        text = (pilot / rel).read_text(encoding="utf-8")
        first = text.splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        schema_path = (pilot / rel).parent / first.split("$schema=", 1)[1]
        assert schema_path.read_text(encoding="utf-8") == schemas()[name]
        jsonschema.validate(yaml12.load(text.encode()), json.loads(schemas()[name]))
    ignored = (pilot / ".gitignore").read_text()
    assert "/site/" in ignored and "/site-private/" in ignored and ".receipts-cache/" in ignored
    workflow = (pilot / ".github" / "workflows" / "receipts.yml").read_text(encoding="utf-8")
    assert "receipts lint-commits" in workflow and 'RECEIPTS_PACKAGE: "receipts==' in workflow


def test_the_wheel_carries_the_workflow_where_init_looks_for_it():
    import tomllib

    from generator.init_cli import WORKFLOW_SOURCES
    from tests.conftest import REPO

    included = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["hatch"]["build"]["targets"]["wheel"]
    shipped = included["force-include"][".github/workflows/receipts.yml"]
    assert (REPO / shipped).resolve() == WORKFLOW_SOURCES[0].resolve()
