"""Readers of the workspace: strict YAML, site config, campaigns, git history."""
