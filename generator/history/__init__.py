"""Reading the git history: log, versions, diffs, trailers, decisions, cache."""
