"""A workspace folder -> Workspace, or InputError with every problem."""

from __future__ import annotations

from pathlib import Path

from generator.errors import InputError, Problem, ReceiptsError
from generator.load import limits
from generator.load.campaigns import load_campaigns
from generator.load.config import load_config
from generator.load.file_identity import alias_problems
from generator.model import Audience, Workspace


def load_workspace(root: Path | str) -> Workspace:
    """The workspace's files read and checked; its git history is read on top (generator/inputs.py)."""
    root = Path(root).resolve()
    warnings: list[Problem] = []
    config, problems = load_config(root, warnings)
    if config is None:
        raise InputError(problems)
    too_big = _too_big(root)
    if too_big:
        raise InputError(problems + too_big)
    campaigns, found = load_campaigns(root, config, warnings)
    problems += found + alias_problems(root, campaigns)
    if problems:
        raise InputError(problems)
    return Workspace(root=str(root), config=config, campaigns=dict(sorted(campaigns.items())),
                     warnings=tuple(str(w) for w in sorted(set(warnings))))


def _too_big(root: Path) -> list[Problem]:
    """Campaign files too big to read, found before reading them."""
    files = [p for p in sorted((root / "content" / "campaigns").glob("*.yml")) if p.is_file()]
    sizes = {p: p.stat().st_size for p in files}
    each = [Problem(p.relative_to(root).as_posix(), 1, "", why) for p in files
            if (why := limits.file_too_big(sizes[p]))]
    total = sum(sizes.values())
    if each or total <= limits.MAX_CAMPAIGN_BYTES:
        return each
    return [Problem("content/campaigns", 0, "", f"the campaign files hold {total / 1024 / 1024:.1f} MB together; "
                    f"a workspace may hold at most {limits.MAX_CAMPAIGN_BYTES // 1024 // 1024} MB")]


def named_audience(workspace: Workspace, name: str) -> Audience:
    """The audience called `name` on the command line, or an error listing the ones there are."""
    audiences = workspace.config.audiences
    if name not in audiences:
        raise ReceiptsError(f"unknown audience '{name}'; expected one of: {', '.join(audiences)}")
    return audiences[name]
