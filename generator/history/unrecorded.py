"""Campaign files the history does not hold as they are: edits not committed yet.

The site shows the workspace's campaign files, and its timeline and "as of"
come from the history. When a file differs from its version at the
history's head (an edit not committed, a bundle not made again, `ref:`
naming a branch behind the checkout), the timeline misses what changed and
"as of" is older than what the site shows: a site that looks complete and
is not. The build still runs (previewing an edit before committing it is
the everyday loop), but it says so, file by file.

Files are compared by their git blob id, so nothing is read from git; a
checkout that turned line ends into CRLF (Windows, `core.autocrlf`) is
compared with its line ends as git stores them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.model import Campaign


def blob_id(data: bytes, length: int = 40) -> str:
    """The id git gives a file with these bytes (SHA-1, or SHA-256 in a repository made with it)."""
    digest = hashlib.sha256 if length == 64 else hashlib.sha1
    return digest(b"blob %d\0" % len(data) + data).hexdigest()


def recorded(data: bytes, blob: str) -> bool:
    if blob_id(data, len(blob)) == blob:
        return True
    return b"\r\n" in data and blob_id(data.replace(b"\r\n", b"\n"), len(blob)) == blob


def unrecorded_warnings(root: Path, campaigns: dict[str, Campaign], head_blobs: dict[str, str],
                        campaign_dir: str, where: str, fix: str) -> list[str]:
    """One warning per campaign file whose bytes are not those of the history's head.

    `head_blobs`: repository path -> blob id at the head; `campaign_dir`:
    where the campaign files sit in the repository; `where`: the history
    and its head, as a message names them; `fix`: how to record an edit.
    """
    warnings = []
    for campaign in sorted(campaigns.values(), key=lambda c: c.file):
        path = Path(campaign.file)
        blob = head_blobs.get(f"{campaign_dir}{path.name}")
        if blob is None:
            warnings.append(f"{campaign.file} is not in the history ({where}): its timeline has no events "
                            f"from git until it is recorded; {fix}")
            continue
        try:
            data = (root / path).read_bytes()
        except OSError:
            continue  # read a moment ago; a file gone since is the next build's news
        if not recorded(data, blob):
            warnings.append(f"{campaign.file} has changes that are not in the history ({where}): the timeline "
                            f"does not show them and \"as of\" is older than the page; {fix}")
    return warnings
