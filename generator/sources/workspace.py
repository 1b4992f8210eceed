"""A workspace folder -> Workspace, or InputError with every problem."""

from __future__ import annotations

from pathlib import Path

from generator.config import load_config
from generator.errors import InputError
from generator.model import Workspace
from generator.sources.campaigns import load_campaigns


def load_workspace(root: Path | str, with_history: bool = True) -> Workspace:
    root = Path(root).resolve()
    config, problems = load_config(root)
    if config is None:
        raise InputError(problems)
    campaigns, found = load_campaigns(root, config)
    problems += found
    if problems:
        raise InputError(problems)
    workspace = Workspace(root=str(root), config=config, campaigns=dict(sorted(campaigns.items())))
    if with_history and config.history is not None:
        from generator.sources.history import attach_history

        workspace = attach_history(workspace)
    return workspace
