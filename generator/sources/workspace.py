"""A workspace folder -> Workspace, or InputError with every problem."""

from __future__ import annotations

from pathlib import Path

from generator.config import load_config
from generator.errors import InputError, Problem
from generator.model import Campaign, SiteConfig, Workspace
from generator.sources.campaigns import load_campaigns


def load_workspace(root: Path | str, with_history: bool = True) -> Workspace:
    root = Path(root).resolve()
    config, problems = load_config(root)
    if config is None:
        raise InputError(problems)
    campaigns, found = load_campaigns(root, config)
    problems += found + _check_audiences(config, campaigns)
    if problems:
        raise InputError(problems)
    workspace = Workspace(root=str(root), config=config, campaigns=dict(sorted(campaigns.items())))
    if with_history and config.history is not None:
        from generator.sources.history import attach_history

        workspace = attach_history(workspace)
    return workspace


def _check_audiences(config: SiteConfig, campaigns: dict[str, Campaign]) -> list[Problem]:
    problems = []
    for audience in config.audiences.values():
        for campaign_id in audience.campaigns or ():
            if campaign_id not in campaigns:
                problems.append(Problem("site_config.yml", 0, f"audiences.{audience.id}.campaigns",
                                        f"'{campaign_id}' is not a campaign (expected one of: "
                                        f"{', '.join(campaigns) or 'none found'})"))
    return problems
