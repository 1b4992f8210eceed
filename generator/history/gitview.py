"""One view of a repository for every git command the history runs, whatever the user's git settings.

git's output depends on more than the commits: a user's (or system's)
config can change which renames `git log -M` finds (`diff.renameLimit`),
the order and form of the files it lists (`diff.orderFile`, `diff.relative`,
`core.quotePath`), and replace refs (`git replace`) change what a commit
says without changing its id. A history read, or a cache keyed by commit
id, must not depend on any of that, so every command runs with these
settings pinned (`-c`, which wins over every config file) and with replace
refs and grafts ignored (grafts are also refused outright, repo.py).
The git version can still change what git finds (its rename detection),
so it is part of the history cache's key (`describe`).
"""

from __future__ import annotations

import os

PINNED_CONFIG = (
    ("core.useReplaceRefs", "false"), ("core.quotePath", "false"),
    ("diff.renames", "true"), ("diff.renameLimit", "1000"), ("diff.relative", "false"),
    ("diff.orderFile", os.devnull), ("diff.ignoreSubmodules", "none"), ("diff.noprefix", "false"),
    ("log.mailmap", "false"), ("log.showSignature", "false"), ("log.showRoot", "true"),
    ("i18n.logOutputEncoding", "UTF-8"), ("color.ui", "false"),
)
PINNED_ENV = {"GIT_NO_REPLACE_OBJECTS": "1", "GIT_GRAFT_FILE": os.devnull}


def config_options() -> list[str]:
    """`-c key=value` for each pinned setting: git's options before the subcommand."""
    return [part for key, value in PINNED_CONFIG for part in ("-c", f"{key}={value}")]


def pin(repo):
    """`repo` (GitPython), with every later command through `repo.git` run in the pinned view."""
    repo.git.set_persistent_git_options(c=[f"{key}={value}" for key, value in PINNED_CONFIG])
    repo.git.update_environment(**PINNED_ENV)
    return repo


def environ(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a git command run without GitPython, in the pinned view."""
    return {**(os.environ if base is None else base), **PINNED_ENV}


def describe(repo) -> str:
    """What besides the commits can still change what the pinned commands report: git's version, the pins."""
    version = ".".join(str(part) for part in repo.git.version_info)
    return f"git {version}; {' '.join(config_options())}; {sorted(PINNED_ENV.items())}"
