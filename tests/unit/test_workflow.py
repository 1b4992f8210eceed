"""The shipped GitHub Pages workflow does what docs/publishing.md says it does.

An agency copies .github/workflows/receipts.yml; a step missing here is a
deploy that silently publishes nothing, a stale site, or a shallow history
that fails every build.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "receipts.yml"


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean true.
    data["on"] = data.pop(True, data.get("on"))
    return data


def _steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def _uses(job: dict, action: str) -> list[dict]:
    return [s for s in _steps(job) if str(s.get("uses", "")).split("@")[0] == action]


@pytest.fixture(scope="module")
def workflow() -> dict:
    return _load(WORKFLOW)


def test_it_runs_on_push_pull_requests_and_a_daily_schedule(workflow):
    triggers = workflow["on"]
    assert triggers["push"]["branches"] == ["main"]
    assert "pull_request" in triggers
    assert triggers["schedule"][0]["cron"].split()[2:] == ["*", "*", "*"]  # every day


def test_the_checkout_fetches_the_whole_history(workflow):
    (checkout,) = _uses(workflow["jobs"]["build"], "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0


def test_python_is_set_up_with_a_pip_cache(workflow):
    (setup,) = _uses(workflow["jobs"]["build"], "actions/setup-python")
    assert setup["with"]["cache"] == "pip"


def test_the_receipts_cache_is_restored_before_and_saved_after_the_build(workflow):
    steps = _steps(workflow["jobs"]["build"])
    names = [str(s.get("uses", s.get("run", ""))) for s in steps]
    restore = next(i for i, n in enumerate(names) if n.startswith("actions/cache/restore"))
    build = next(i for i, n in enumerate(names) if "receipts build" in n)
    save = next(i for i, n in enumerate(names) if n.startswith("actions/cache/save"))
    assert restore < build < save
    assert steps[restore]["with"]["path"] == steps[save]["with"]["path"] == ".receipts-cache"


def test_the_build_is_strict(workflow):
    runs = [s["run"] for s in _steps(workflow["jobs"]["build"]) if "run" in s]
    assert any("receipts build --strict" in r for r in runs)


def test_the_build_installs_weasyprint_for_the_transparency_packs(workflow):
    """A strict build of an audience that sees receipts stops without it (docs/transparency-pack.md)."""
    steps = [str(s.get("run", "")) for s in _steps(workflow["jobs"]["build"])]
    install = next(i for i, run in enumerate(steps) if "pip install" in run and "weasyprint" in run)
    assert install < next(i for i, run in enumerate(steps) if "receipts build" in run)


def test_scheduled_runs_pin_the_clock_before_the_build(workflow):
    steps = _steps(workflow["jobs"]["build"])
    pin = next(i for i, s in enumerate(steps) if "SOURCE_DATE_EPOCH" in s.get("run", ""))
    build = next(i for i, s in enumerate(steps) if "receipts build" in s.get("run", ""))
    assert pin < build
    assert "schedule" in steps[pin]["if"]
    assert "$GITHUB_ENV" in steps[pin]["run"]


def test_the_deploy_folder_is_uploaded_and_deployed_with_pages_permissions(workflow):
    (upload,) = _uses(workflow["jobs"]["build"], "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "site"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert _uses(deploy, "actions/deploy-pages")
    assert "pull_request" in deploy["if"]  # a pull request never deploys


def test_workflow_wide_permissions_are_read_only(workflow):
    assert workflow["permissions"] == {"contents": "read"}


def test_deployments_are_serialised(workflow):
    assert workflow["concurrency"]["group"]
    assert workflow["concurrency"]["cancel-in-progress"] is False


def _actionlint() -> str | None:
    """actionlint on PATH or beside this Python (a virtual environment's bin/)."""
    return shutil.which("actionlint") or shutil.which("actionlint", path=str(Path(sys.executable).parent))


@pytest.mark.skipif(_actionlint() is None, reason="actionlint is not installed")
@pytest.mark.parametrize("name", [".github/workflows/receipts.yml", "docs/workflows/receipts-sharded.yml"])
def test_actionlint_finds_nothing(name):
    done = subprocess.run([_actionlint(), str(ROOT / name)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


SHARDED = ROOT / "docs" / "workflows" / "receipts-sharded.yml"


def test_the_sharded_variant_builds_each_shard_apart_and_deploys_once():
    sharded = _load(SHARDED)
    build, deploy = sharded["jobs"]["build"], sharded["jobs"]["deploy"]
    shards = build["strategy"]["matrix"]["shard"]
    assert len(shards) >= 2
    runs = " ".join(s.get("run", "") for s in _steps(build))
    assert "receipts build --strict" in runs and "--output" in runs
    (upload,) = _uses(build, "actions/upload-artifact")
    assert upload["with"]["include-hidden-files"] is True  # the markers receipts merge checks
    assert not upload["with"]["path"].endswith("-private") and not _uses(build, "actions/deploy-pages")
    merge = next(s["run"] for s in _steps(deploy) if "receipts merge" in s.get("run", ""))
    assert merge.split()[:3] == ["receipts", "merge", "site"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert _uses(deploy, "actions/deploy-pages")


def test_every_shard_uses_one_clock():
    sharded = _load(SHARDED)
    pin = next(s for s in _steps(sharded["jobs"]["build"]) if "SOURCE_DATE_EPOCH" in s.get("run", ""))
    assert "needs.clock.outputs.epoch" in pin["run"]
    assert "clock" in sharded["jobs"]["build"]["needs"]


def test_pull_requests_check_the_trailers_of_their_commits(workflow):
    steps = _steps(workflow["jobs"]["build"])
    (lint,) = [s for s in steps if "receipts lint-commits" in str(s.get("run", ""))]
    assert lint["if"] == "github.event_name == 'pull_request'"
    assert '"$BASE..$HEAD"' in lint["run"]
    assert lint["env"] == {"BASE": "${{ github.event.pull_request.base.sha }}",
                           "HEAD": "${{ github.event.pull_request.head.sha }}"}
    names = [s.get("name", "") for s in steps]
    assert names.index(lint["name"]) < next(i for i, s in enumerate(steps) if "receipts build" in str(s.get("run")))
