"""`receipts init [DIR]`: a ready workspace for a 7-day pilot, with a week of real git history.

It writes the pilot (init_pilot.py) day by day, one commit a day dated over
the week before the build's clock (SOURCE_DATE_EPOCH when set), so the first
`receipts build` already shows a live week: labels that moved, a decision
commit, an approval waiting on the client. Also written: .gitignore, the
GitHub Pages workflow, the editor schemas and the commit-msg hook.
Wired into generator.cli with `add_parser(sub)` and `"init": run`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shlex
import time
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__, init_pilot
from generator.errors import ReceiptsError
from generator.init_pilot import CAMPAIGN_ID, Identity
from generator.lazy import lazy_module
from generator.pipeline import build_clock

if TYPE_CHECKING:
    import git
else:
    git = lazy_module("git")  # GitPython: imported by `init` alone, not by every command

PILOT_IDENTITY = Identity("Receipts pilot", "pilot@receipts.invalid")  # .invalid: never a real mailbox
GITIGNORE = "# Built sites: the workflow builds and deploys them; never commit them (site-private/ is internal).\n" \
            "/site/\n/site-private/\n# The history cache of `receipts build`.\n.receipts-cache/\n"
_PACKAGE = Path(__file__).parent
# In the wheel (pyproject force-include), else in a checkout of Receipts.
WORKFLOW_SOURCES = (_PACKAGE / "_workflows" / "receipts.yml",
                    _PACKAGE.parent / ".github" / "workflows" / "receipts.yml")


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("init", help="start a workspace for a 7-day pilot (a git repository with a week "
                                                "of history)")
    parser.add_argument("directory", nargs="?", default=".", metavar="DIR",
                        help="the folder to create the workspace in (default: the current folder; must be empty)")
    parser.add_argument("--language", choices=sorted(init_pilot.TEXT), default="en",
                        help="the language of the pilot's content and sites (default: en)")
    parser.add_argument("--force", action="store_true",
                        help="write into a folder that already holds files (never into a git repository)")
    return parser


def _check_target(target: Path, force: bool) -> None:
    if target.exists() and not target.is_dir():
        raise ReceiptsError(f"{target} is a file; expected an empty folder, or a new one to create")
    if (target / ".git").exists():
        raise ReceiptsError(f"{target} is already a git repository; init makes a new one with the pilot's week of "
                            "history: choose an empty folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise ReceiptsError(f"{target} is not empty; choose an empty folder (or a new one), or add --force to "
                            "write the pilot's files among the ones there")


def workflow_text() -> str:
    source = next((path for path in WORKFLOW_SOURCES if path.is_file()), None)
    if source is None:
        raise ReceiptsError("the GitHub Pages workflow is missing from this installation of Receipts; reinstall it")
    text = source.read_text(encoding="utf-8")
    # This repository installs itself; a workspace installs the Receipts it was made with (docs/publishing.md).
    return text.replace('RECEIPTS_PACKAGE: "."', f'RECEIPTS_PACKAGE: "receipts=={__version__}"')


def _identity(repo: git.Repo) -> Identity:
    reader = repo.config_reader()
    name = reader.get_value("user", "name", "") if reader.has_section("user") else ""
    email = reader.get_value("user", "email", "") if reader.has_section("user") else ""
    return Identity(str(name), str(email)) if name and email else PILOT_IDENTITY


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _commit(repo: git.Repo, paths: list[str], message: str, at: dt.datetime, who: Identity) -> None:
    """Commit the pilot's own `paths` (with --force, files already in the folder stay untracked)."""
    stamp = at.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    env = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "GIT_AUTHOR_NAME": who.name,
           "GIT_AUTHOR_EMAIL": who.email, "GIT_COMMITTER_NAME": who.name, "GIT_COMMITTER_EMAIL": who.email}
    repo.git.add("--", *paths)
    # No signing prompt, no hook of the user's template: these are the pilot's own commits.
    repo.git.execute(["git", "-c", "commit.gpgsign=false", "commit", "-q", "--no-verify", "--allow-empty",
                      "-m", message], env=env)


def first_files(language: str, identity: Identity, moments: list[dt.datetime]) -> dict[str, str]:
    files = {"site_config.yml": init_pilot.site_config(language, identity),
             f"content/campaigns/{CAMPAIGN_ID}.yml": init_pilot.campaign(language, 0, moments),
             ".gitignore": GITIGNORE, ".github/workflows/receipts.yml": workflow_text()}
    from generator.load.json_schema import schemas

    files.update({f"schemas/{name}": text for name, text in schemas().items()})
    return files


def create(target: Path, language: str = "en", force: bool = False) -> Path:
    """The pilot workspace in `target`; returns the commit-msg hook's path."""
    _check_target(target, force)
    moments = init_pilot.day_moments(build_clock().at)
    try:
        target.mkdir(parents=True, exist_ok=True)
        repo = git.Repo.init(target, initial_branch="main")
    except (OSError, git.GitCommandError) as exc:
        raise ReceiptsError(f"could not create a git repository in {target}: {exc}") from None
    identity = _identity(repo)
    files = first_files(language, identity, moments)
    for day, moment in enumerate(moments):
        if day:
            files = {f"content/campaigns/{CAMPAIGN_ID}.yml": init_pilot.campaign(language, day, moments)}
        _write(target, files)
        _commit(repo, list(files), init_pilot.commit_message(language, day), moment, identity)
    from generator.lint_cli import install_hook

    return install_hook(str(target))


def run(args) -> int:
    started = time.perf_counter()
    target = Path(args.directory)
    hook = create(target, args.language, args.force)
    print(f"created a 7-day pilot workspace in {target} ({time.perf_counter() - started:.1f} s): 7 commits, "
          f"one decision commit, the commit-msg hook in {hook}")
    cd = f"cd {shlex.quote(str(target))}" if str(target) != "." else "# in this folder"
    print("next:")
    print(f"  {cd}")
    print("  receipts build        # the client's site in site/client/, the team's in site-private/team/")
    print("  receipts serve        # a live preview that rebuilds as you edit and commit")
    return 0
