"""A build's inputs: the workspace as loaded (load/), with its git history read (history/).

It sits above both packages so that load/ never reaches up into history/.
"""

from __future__ import annotations

from pathlib import Path

from generator.history import read_history
from generator.load.workspace import load_workspace as load_files
from generator.model import Workspace


def load_workspace(root: Path | str, with_history: bool = True) -> Workspace:
    """The workspace at `root`, and its history when site_config.yml configures one (`with_history`)."""
    workspace = load_files(root)
    return read_history(workspace) if with_history else workspace
