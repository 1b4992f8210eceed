"""Passphrase-protected audiences (FORMAT.md, Publishing 3-4; docs/protect.md).

    keys.py     passphrases from the environment, and every key derived from them
    seal.py     a built site -> opaque encrypted files, the manifest, the unlock page
    gate.py     the sealed folder holds none of the site's texts, and opens to the audited site
    strings.py  the unlock page's words (en, es)

The browser's side is in themes/protect/ (the unlock page, its code, the service worker
that decrypts) and themes/receipts/js/lock.js (the Lock button on every page).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from generator.audit.hidden import visible_texts
from generator.clock import Clock
from generator.errors import AuditError, ReceiptsError
from generator.model import Audience, Workspace
from generator.protect import gate, keys
from generator.protect.seal import UnlockPage, seal_folder, web_dir
from generator.protect.strings import strings
from generator.site import output as site
from generator.view import AudienceView

__all__ = ["audit_sealed", "lock_label", "require_passphrases", "seal_site"]


def require_passphrases(audiences: list[Audience], environ=os.environ) -> None:
    """Before anything is built: every protected audience's variables are set and long enough."""
    problems = [problem for audience in audiences for problem in keys.passphrase_problems(audience, environ)[0]]
    if problems:
        raise ReceiptsError("\n".join(problems) + "\nno site was built or replaced")


def lock_label(workspace: Workspace, view: AudienceView) -> str | None:
    """The Lock button's word, for the pages of a protected audience; None for any other."""
    audience = workspace.config.audiences.get(view.audience.id)
    return strings(view.language)["lock"] if audience is not None and audience.protect else None


def seal_site(plain: Path, workspace: Workspace, audience: Audience, view: AudienceView, theme_dir: Path,
              clock: Clock | None = None) -> Path:
    """The folder to swap in: `plain` itself, or for a protected audience its sealed form beside it (`plain`
    removed; a temporary folder of the output, as `plain` is, so an interrupted build's is cleaned up).

    The sealed form passes the gate or is removed, and an AuditError names what it found.
    """
    if audience.protect is None:
        return plain
    site_keys = _site_keys(workspace, audience)
    web = web_dir(theme_dir)
    sealed = site.new_build_dir(plain.parent, audience.id)
    try:
        seal_folder(plain, sealed, site_keys, UnlockPage(view.site_title, view.language), web)
        found = gate.findings(sealed, plain, site_keys, _needles(workspace, audience, view, clock), web)
        if found:
            raise AuditError(audience.id, found)
    except BaseException:
        site.discard(sealed)
        raise
    site.discard(plain)
    return sealed


def _needles(workspace: Workspace, audience: Audience, view: AudienceView, clock: Clock | None = None):
    return gate.visible_needles(visible_texts(workspace, audience, view, clock), view.site_title)


def _site_keys(workspace: Workspace, audience: Audience) -> keys.SiteKeys:
    secrets = [passphrase for _, passphrase in keys.passphrases(audience)]
    return keys.site_keys(secrets, keys.site_salt(workspace.config.title, workspace.config.url, audience.id))


def audit_sealed(site_dir: Path, workspace: Workspace, audience: Audience, view: AudienceView,
                 theme_dir: Path, clock: Clock | None = None) -> list[str]:
    """`receipts audit` of a protected site: the gate of its sealed files, and the audit of what they open to.

    The passphrases come from the environment, as for a build.
    """
    from generator import audit

    site_keys = _site_keys(workspace, audience)
    if gate.keys_file(site_dir) is None:
        return [f"_sealed/keys.json: missing or malformed; audience '{audience.id}' is protected, so its site "
                "must be sealed"]
    files = gate.opened_files(site_dir, site_keys)
    if files is None:
        return ["_sealed/keys.json: the passphrases of the environment do not open this site"]
    with tempfile.TemporaryDirectory(prefix="receipts-opened-") as tmp:
        plain = Path(tmp)
        for path, data in files.items():
            (plain / path).parent.mkdir(parents=True, exist_ok=True)
            (plain / path).write_bytes(data)
        needles = _needles(workspace, audience, view, clock)
        return (audit.audit_built(plain, workspace, audience, view, clock)
                + gate.findings(site_dir, plain, site_keys, needles, web_dir(theme_dir)))
