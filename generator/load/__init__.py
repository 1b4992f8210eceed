"""Reading the workspace: strict YAML, site_config.yml, campaigns and their references."""
