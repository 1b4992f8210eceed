"""The audit gate: scans a built site for what must not be there (fail closed).

Every build runs it on the new site before swapping it in; `receipts audit`
runs it on any built site. A finding names the file and what was found,
never a secret in full (at most its first words and its length).

    hidden.py   what one audience must not see: every text of the workspace
                that the visibility rules hide from it, hidden ids, files,
                e-mails
    history_rules.py  which texts of the git history the audience may see
                (events, commit messages), from FORMAT.md's rules, not the view
    text.py     decoding (entities, JSON escapes, %-encoding, case) and the
                word-level form both sides are compared in
    memo.py     findings per file, kept between builds: only changed files are scanned
    pieces.py   a long text read in pieces (bounded memory), phrases across cuts found
    scan.py     every file and file name of the site: hidden texts, e-mail
                addresses, [internal] markers, HTML comments, build-machine
                paths, file:// URLs, source maps, inline scripts and handlers
    links.py    links (HTML, CSS, sitemap, search index) lead to files that exist
    binary_text.py  the text viewers and metadata tools show in binary files,
                by kind: pdf_text.py (pypdf), image_text.py (Pillow),
                printable.py (runs, XMP packets, EXIF); bounds.py: limits
    containers.py  compressed files and archives, opened member by member
    encodings.py  zlib, raw deflate, LZMA-alone read; formats it cannot read
                (LZ4, brotli, ...) told by magic or name, a finding
    active.py   script in any file a browser would run (a page, SVG, XML),
                told by name and bytes; scripts that are not the theme's
    vendor.py   third-party files known by their bytes (plotly.min.js)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from generator.audit.hidden import Hidden, hidden_for, secrets_for
from generator.audit.scan import Rules, audit_files
from generator.audit.text import normalize
from generator.clock import Clock
from generator.history.repo import cache_dir
from generator.model import Audience, Workspace
from generator.view import AudienceView

__all__ = ["Hidden", "Rules", "audit_built", "audit_site", "hidden_for", "machine_paths", "memo_folder",
           "normalize", "secrets_for"]

_PACKAGE = Path(__file__).resolve().parents[1]


def machine_paths(workspace_root: str | Path, site_dir: Path) -> tuple[str, ...]:
    """Absolute paths of this machine that a site must never mention."""
    candidates = [workspace_root, site_dir, site_dir.parent, _PACKAGE, _PACKAGE.parent, sys.prefix,
                  sys.base_prefix, Path.home(), Path.cwd(), tempfile.gettempdir()]
    paths = set()
    for candidate in candidates:
        text = str(Path(candidate).resolve()) if candidate else ""
        if len(Path(text).parts) >= 3 or (len(Path(text).parts) == 2 and len(text) >= 6):
            paths.add(text)  # "/" and "/tmp" alone say nothing; "/home/maria" does
    return tuple(sorted(paths)) + ("receipts-stage-",)


def audit_site(site: Path, secrets: Hidden, forbidden_paths=(), site_url: str | None = None,
               memo_file: Path | None = None) -> list[str]:
    """Every finding as 'file: what' (an empty list: the site passed); `secrets` is what `hidden_for` returns;
    `memo_file`: where this site's findings are kept between builds (memo.py; None: scan every file)."""
    return audit_files(Path(site), Rules(secrets, tuple(forbidden_paths), site_url), memo_file)


def memo_folder(workspace_root: str | Path) -> Path | None:
    """Where a build keeps the gate's findings between builds: `.receipts-cache/audit` of the workspace
    (None when the workspace cannot be written: every file is scanned)."""
    folder = cache_dir(Path(workspace_root))
    return folder / "audit" if folder is not None else None


def audit_built(site_dir: Path, workspace: Workspace, audience: Audience, view: AudienceView,
                clock: Clock | None = None, memo: Path | None = None) -> list[str]:
    """The gate for one audience's site built from `workspace`; `clock`: the build's (clock.py), which
    holds back work published after it whatever the view's as-of moment says; `memo`: a folder for the
    findings of unchanged files (memo.py; None: scan every file)."""
    hidden = hidden_for(workspace, audience, view, clock)
    paths = machine_paths(workspace.root, Path(site_dir))
    memo_file = Path(memo) / f"{audience.id}.json" if memo is not None else None
    return audit_site(site_dir, hidden, paths, audience.url, memo_file)

