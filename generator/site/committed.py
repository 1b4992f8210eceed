"""Output folders committed to git: the built sites end up in the repository and its history.

A private site (`site-private/`: the internal team's, or a client's kept off
Pages) committed to a repository is readable by anyone who can read the
repository, for ever, whatever the Pages settings say. The build says so
after every build; it never fails for it (an agency may commit `site/` on
purpose, to publish from a branch).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.site.deploy import Layout


def committed_notices(root: Path, layout: Layout) -> list[str]:
    """One notice per output folder git tracks files in, the private one first and louder."""
    notices = []
    for folder, private in ((layout.private, True), (layout.deploy, False)):
        count = _tracked(root, folder)
        if not count:
            continue
        shown = _shown(root, folder)
        why = ("private sites (the team's, and clients' kept off Pages) are in the repository and its history, "
               "readable by anyone who can read the repository" if private else
               "the built sites are in the repository's history; the workflow publishes them without that")
        notices.append(f"{shown}/ is committed to git ({count} {'file' if count == 1 else 'files'}): {why}. "
                       f"Run `git rm -r --cached {shown}` and add `/{shown}/` to .gitignore")
    return notices


def _tracked(root: Path, folder: Path) -> int:
    """How many files under `folder` git tracks (0 outside a repository, or when git cannot say)."""
    try:
        listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--", str(folder)],
                                capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return 0
    return listed.stdout.count(b"\0") if listed.returncode == 0 else 0


def _shown(root: Path, folder: Path) -> str:
    try:
        return folder.relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(folder)
