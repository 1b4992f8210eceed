"""Scans a built site for what must not be there (fail closed).

Run on every build before the swap. A finding names the file and what kind
of thing leaked, and shows only the start of a leaked text, never all of it.

What is looked for, in every file (HTML, search index, sitemap, JS, JSON,
CSV), after decoding HTML entities, JSON escapes and URL encoding, ignoring
case and markup:
  - text of every entry, comment, step, note, span or campaign hidden from
    the audience (`secrets_for`);
  - e-mail addresses, `[internal]` markers, HTML comments in pages, source
    maps, and absolute paths of the build machine.
"""

from __future__ import annotations

import dataclasses
import gzip
import html
import json
import re
from pathlib import Path
from urllib.parse import unquote

from generator import spans
from generator.model import Audience, Campaign, Workspace
from generator.redact import visible_ids
from generator.view import AudienceView

_EMAIL = re.compile(r"[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_MD_MARKS = re.compile(r"[*_`#>|\[\]()~]+")
_SENTENCE = re.compile(r"(?<=[.!?;:])\s+|\n+")
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\([\"\\/bfnrt])")
_TEXT_SUFFIXES = {".html", ".js", ".json", ".xml", ".csv", ".txt", ".css", ".svg", ".gz", ".map"}
MIN_FRAGMENT = 12  # shorter fragments ("Approved.") say nothing secret alone


def normalize(text: str) -> str:
    text = _JSON_ESCAPE.sub(_unescape_json, text)
    text = html.unescape(unquote(text))
    return _SPACE.sub(" ", text).strip().lower()


def _unescape_json(match: re.Match) -> str:
    if match.group(1):
        return chr(int(match.group(1), 16))
    return {"b": "", "f": "", "n": "\n", "r": "", "t": " "}.get(match.group(2), match.group(2))


def fragments(text: str) -> list[str]:
    """The pieces of a text worth looking for: sentences of Markdown as plain text."""
    plain = _MD_MARKS.sub(" ", _TAG.sub(" ", text))
    pieces = (normalize(p) for p in _SENTENCE.split(plain))
    return [p.strip(" .,;:!?") for p in pieces if len(p.strip(" .,;:!?")) >= MIN_FRAGMENT]


# -- what is hidden -------------------------------------------------------------


def _entry_texts(entry) -> list[str]:
    texts = []
    for f in dataclasses.fields(entry):
        value = getattr(entry, f.name)
        if f.name in ("id", "label", "subject", "owner", "deliverable", "about", "verdict",
                      "by", "decided_by", "relates_to", "asset", "asset_sha256", "file", "url", "commit"):
            continue
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, tuple) and value and isinstance(value[0], str):
            texts.extend(value)
    return texts


def _hidden_in_campaign(c: Campaign, audience: Audience) -> list[str]:
    if not audience.sees_campaign(c.id):
        return [c.title, c.client, c.summary, *c.goals] + [
            t for e in _all_entries(c) for t in _entry_texts(e)]
    shown = visible_ids(c, audience)
    hidden = []
    for entry in _all_entries(c):
        entry_id = getattr(entry, "id", None)
        if entry_id is not None and entry_id not in shown:
            hidden.extend(_entry_texts(entry))
    for d in c.decisions:
        for comment in d.comments:
            if d.id not in shown or not audience.reaches(comment.visibility):
                hidden.append(comment.text)
    for a in c.approvals:
        for step in a.steps:
            if a.id not in shown or not audience.reaches(step.visibility):
                hidden.append(step.comment)
    for n in c.notes:
        if not audience.reaches(n.visibility) or (n.about and n.about not in shown):
            hidden.append(n.text)
    return hidden


def _all_entries(c: Campaign):
    yield from c.deliverables
    yield from c.milestones
    yield from c.tasks
    yield from c.decisions
    yield from c.approvals
    yield from c.notes
    yield from c.assets
    yield from c.series


def _span_texts(workspace: Workspace) -> list[str]:
    found = []
    pattern = re.compile(r"\[internal\](.*?)\[/internal\]", re.IGNORECASE | re.DOTALL)
    for c in workspace.campaigns.values():
        for entry in (c, *_all_entries(c)):
            for text in _entry_texts(entry) if entry is not c else [c.summary, c.title, *c.goals]:
                found.extend(pattern.findall(text))
        for d in c.decisions:
            for comment in d.comments:
                found.extend(pattern.findall(comment.text))
        for a in c.approvals:
            for step in a.steps:
                found.extend(pattern.findall(step.comment))
    return found


def _history_texts(workspace: Workspace, audience: Audience) -> list[str]:
    return [ch.message for ch in workspace.history.changes
            if ch.message and not (ch.message_visibility is not None and audience.reaches(ch.message_visibility))]


def _view_strings(value, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(value)
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            _view_strings(getattr(value, f.name), out)
    elif isinstance(value, (tuple, list, frozenset)):
        for item in value:
            _view_strings(item, out)


def secrets_for(workspace: Workspace, audience: Audience, view: AudienceView) -> list[str]:
    """Normalized fragments of every text hidden from `audience`.

    Fragments that also occur in text the audience does see (two entries may
    share a title) are left out: they are not secret.
    """
    hidden = [t for c in workspace.campaigns.values() for t in _hidden_in_campaign(c, audience)]
    hidden += _history_texts(workspace, audience)
    if not audience.internal:
        hidden += _span_texts(workspace)
    shown: list[str] = []
    _view_strings(view, shown)
    visible = "\n".join(normalize(spans.remove(s)) for s in shown)
    found = {f for text in hidden for f in fragments(text)}
    return sorted(f for f in found if f not in visible)


# -- scanning a site -------------------------------------------------------------


def _read_text(path: Path) -> str | None:
    data = path.read_bytes()
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except OSError:
            return None
    if path.suffix not in _TEXT_SUFFIXES and b"\0" in data[:1024]:
        return None
    return data.decode("utf-8", errors="replace")


def _redacted(secret: str) -> str:
    return f"'{secret[:12]}…' ({len(secret)} chars)"


def audit_site(site: Path, secrets: list[str], forbidden_paths: list[str],
               allowed_emails_in: tuple[str, ...] = ("vendor/",)) -> list[str]:
    """Every finding as 'file: what'. An empty list means the site passed."""
    findings = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".map" or rel.endswith(".js") and "sourceMappingURL" in (_read_text(path) or ""):
            findings.append(f"{rel}: a source map")
        raw = _read_text(path)
        if raw is None:
            continue
        findings.extend(_scan(rel, raw, secrets, forbidden_paths, rel.startswith(allowed_emails_in)))
    return findings


def _scan(rel: str, raw: str, secrets: list[str], forbidden_paths: list[str], vendor: bool) -> list[str]:
    findings = []
    text = normalize(raw)
    stripped = _SPACE.sub(" ", _TAG.sub(" ", text))
    for secret in secrets:
        if secret in text or secret in stripped:
            findings.append(f"{rel}: hidden text {_redacted(secret)}")
    if not vendor:
        for match in sorted(set(m.group(0) for m in _EMAIL.finditer(text))):
            findings.append(f"{rel}: an e-mail address ({match.split('@')[0][:3]}…@…)")
    if "[internal]" in text or "[/internal]" in text:
        findings.append(f"{rel}: an [internal] marker")
    if rel.endswith(".html") and "<!--" in raw:
        findings.append(f"{rel}: an HTML comment")
    for forbidden in forbidden_paths:
        if forbidden.lower() in text:
            findings.append(f"{rel}: a path of the build machine")
    return findings
