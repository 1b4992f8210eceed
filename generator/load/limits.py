"""How big a workspace may be: past these, an error instead of a hang.

A build's time and memory grow with the entries and texts it publishes
(every entry is on several pages of several audiences; rendering one text is
linear in its length, render/markup.py). These bounds are far
above any real campaign and keep the worst build within a few minutes and
about 500 MB of memory a building process (scripts/scale_check.py measures
it; the gate reads long texts in pieces and the big site-wide pages come in
parts, so memory no longer grows with the largest page).
"""

from __future__ import annotations

MAX_FILE_BYTES = 10 * 1024 * 1024  # one YAML file
MAX_CAMPAIGN_BYTES = 20 * 1024 * 1024  # all campaign files together
MAX_TEXT_CHARS = 100_000  # one text value (a summary, a note...)
MAX_ENTRIES = 50_000  # entries, comments, steps, notes and KPI points of all campaigns


def file_too_big(size: int) -> str | None:
    if size <= MAX_FILE_BYTES:
        return None
    return (f"is {size / 1024 / 1024:.1f} MB; a YAML file may be at most {MAX_FILE_BYTES // 1024 // 1024} MB "
            "(split the campaign, or keep long documents as assets)")


def text_too_long(length: int) -> str | None:
    if length <= MAX_TEXT_CHARS:
        return None
    return (f"is {length:,} characters long; a text may be at most {MAX_TEXT_CHARS:,} "
            "(keep long documents as assets)")


def entries_of(campaign) -> list:
    """Everything a campaign lists, children included."""
    items = []
    for group in (campaign.deliverables, campaign.milestones, campaign.tasks, campaign.decisions,
                  campaign.approvals, campaign.notes, campaign.assets, campaign.series):
        for entry in group:
            items.append(entry)
            items.extend(getattr(entry, "comments", ()))
            items.extend(getattr(entry, "steps", ()))
            items.extend(getattr(entry, "points", ()))
    if campaign.nps is not None:
        items.extend(campaign.nps.points)
    return items


def too_many_entries() -> str:
    return (f"the workspace lists more than {MAX_ENTRIES:,} entries (counting comments, steps, notes and "
            "KPI points), the most one site can hold; this is the first one over (split the work into "
            "separate workspaces)")
