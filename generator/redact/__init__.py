"""Workspace x Audience -> AudienceView: the one chokepoint, history sight, as-of."""
