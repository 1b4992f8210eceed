"""Reading the git history: log, versions, diffs, trailers, decisions, cache.

    read_history(workspace) -> workspace with its History and decision commits

is the one way in: the cache and the parallel walking sit behind it (read.py).
"""

from generator.history.read import read_history

__all__ = ["read_history"]
