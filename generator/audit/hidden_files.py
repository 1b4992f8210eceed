"""The files and ids one audience's site must not hold: hidden entries' ids (sought in file names),
the SHA-256 of hidden assets' and approvals' files and of other audiences' logos, and those digests
as text (a receipt's fingerprint). hidden.py gathers them with the hidden phrases."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from generator.audit.text import Needle, needle
from generator.model import ENTRY_GROUPS, Audience, Campaign, Workspace, entry_kind
from generator.view import AudienceView

Digest = Callable[[Path], "str | None"]  # path -> SHA-256, None if unreadable


def campaign_entries(c: Campaign) -> Iterator[tuple[str, Any]]:
    """(kind as a finding names it, entry) for every entry with an id, the NPS series last."""
    for entry in c.entries():
        kind = entry_kind(entry)
        yield ("KPI series" if kind == "kpi" else kind), entry
    if c.nps is not None:
        yield "KPI series", c.nps


def name_stem(name: str) -> str:
    """A file name up to its first dot: what the scan compares with ids ("storyboard.v3.pdf" -> "storyboard")."""
    return name.split(".")[0]


def digests() -> Digest:
    """path -> SHA-256 (None if unreadable), each file read once however often it is asked for."""
    known: dict[Path, str | None] = {}

    def digest(path: Path) -> str | None:
        if path not in known:
            try:
                known[path] = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                known[path] = None
        return known[path]

    return digest


def fingerprints(workspace: Workspace, shown_in: dict[str, set[str]], digest: Digest) -> list[Needle]:
    """The SHA-256 of each hidden asset's file, as text: a receipt giving it would show what the asset
    hides, whatever path the receipt's approval wrote (a link to the file, a copy of it)."""
    content = Path(workspace.root) / "content"
    return [needle(sha, f"the fingerprint (SHA-256) of the file of hidden asset '{a.id}' in {c.id}")
            for c in workspace.campaigns.values() for a in c.assets
            if a.file and a.id not in shown_in.get(c.id, set()) and (sha := digest(content / a.file))]


def hidden_files(workspace: Workspace, audience: Audience, view: AudienceView,
                  shown_in: dict[str, set[str]], digest: Digest) -> dict[str, str]:
    root = Path(workspace.root)
    content = root / "content"
    allowed = {digest(content / a.file) for c in view.campaigns for a in c.assets if a.file}
    if audience.branding.logo:
        allowed.add(digest(root / audience.branding.logo))
    hidden: dict[str | None, str] = {}  # None: a file that cannot be read, dropped below
    for c in workspace.campaigns.values():
        shown = shown_in.get(c.id, set())
        for a in c.assets:
            if a.file and a.id not in shown:
                hidden.setdefault(digest(content / a.file), f"the file of hidden asset '{a.id}' in {c.id}")
        for approval in c.approvals:
            if approval.asset and approval.id not in shown:
                hidden.setdefault(digest(content / approval.asset),
                                  f"the file of hidden approval '{approval.id}' in {c.id}")
    for other in workspace.config.audiences.values():
        if other.id != audience.id and other.branding.logo and not audience.internal:
            hidden.setdefault(digest(root / other.branding.logo), f"the logo of audience '{other.id}'")
    return {sha: what for sha, what in hidden.items() if sha and sha not in allowed}


def hidden_ids(workspace: Workspace, audience: Audience, view: AudienceView,
                shown_in: dict[str, set[str]]) -> dict[str, str]:
    visible: set[str] = set()
    for shown_campaign in view.campaigns:
        visible.add(shown_campaign.id)
        for group in ENTRY_GROUPS:  # the view's campaigns list their entries under the same names
            visible.update(e.id for e in getattr(shown_campaign, group))
        visible.update(name_stem(Path(a.file).name) for a in shown_campaign.assets if a.file)
    if audience.branding.logo:  # the audience's own logo, whatever its name
        visible.add(name_stem(Path(audience.branding.logo).name))
    hidden: dict[str, str] = {}
    for c in workspace.campaigns.values():
        if not audience.sees_campaign(c.id):
            hidden.setdefault(c.id, f"the id of campaign '{c.id}'")
            continue
        shown = shown_in[c.id]
        for kind, entry in campaign_entries(c):
            if entry.id not in shown:
                hidden.setdefault(entry.id, f"the id of hidden {kind} '{entry.id}' in {c.id}")
        for a in c.assets:
            if a.file and a.id not in shown:
                hidden.setdefault(name_stem(Path(a.file).name), f"the file name of hidden asset '{a.id}' in {c.id}")
    return {i: what for i, what in hidden.items() if i not in visible}
