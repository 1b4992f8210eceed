"""Every key the two input files accept, with its kind and allowed values: one table, two readers.

config.py and campaigns.py check a mapping's keys against its shape here
(`Reader.shape`) and its enumerations against the values here; schema.py
turns the same table into the JSON Schema editors use. A key added to one
reader and not here is an "unknown key" error, so the two cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import KINDS, LABEL_KINDS, VERDICTS

LANGUAGES = ("en", "es")
SIDES = ("agency", "client")
NAME_STYLES = ("names", "roles")
MEASURES = ("cycle-time", "approval-on-time-rate", "rework-rate", "brief-accuracy",
            "client-sentiment", "stalled-work")
ACCENT_PATTERN = r"^(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})$"
ENV_NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+$"


@dataclass(frozen=True)
class Field:
    """One key: its kind (what the reader turns its value into), and what it allows.

    Kinds: text (any scalar; [internal] spans where the docs say so), plain
    (text without spans), id, ids, texts, date, datetime, boolean, integer,
    number, visibility, tier (0-4, not internal), enum, url, address, path,
    pattern, shape (a nested mapping), list (of a shape), table (ids to a
    shape), scope (all or campaign ids), env_names (a name or a list).
    """

    kind: str
    required: bool = False
    values: tuple[str, ...] = ()  # enum
    shape: str = ""  # shape, list, table
    low: int | None = None  # integer
    high: int | None = None
    pattern: str = ""  # pattern, ids of emails
    help: str = ""


@dataclass(frozen=True)
class Shape:
    fields: dict[str, Field]
    exactly_one: tuple[str, ...] = ()  # exactly one of these keys (an asset's file or url)
    at_most_one: tuple[str, ...] = ()  # not two of these keys (history's repo and bundle)
    help: str = ""

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(k for k, f in self.fields.items() if f.required)

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(k for k, f in self.fields.items() if not f.required)

    def values(self, key: str) -> tuple[str, ...]:
        return self.fields[key].values


def _req(kind: str, help: str = "", **more) -> Field:
    return Field(kind, required=True, help=help, **more)


def _opt(kind: str, help: str = "", **more) -> Field:
    return Field(kind, help=help, **more)


_VISIBILITY = _opt("visibility", "0-4 or internal; default: the kind's default (defaults:)")

CONFIG_SHAPES: dict[str, Shape] = {
    "config": Shape({
        "site": _req("shape", "the site's title, address, language and timezone", shape="site"),
        "audiences": _req("table", "one site per audience, by audience id", shape="audience"),
        "output": _opt("path", "the deploy folder, inside the workspace; default: site"),
        "history": _opt("shape", "the git record of decisions; {} for the workspace's own", shape="history"),
        "defaults": _opt("shape", "the minimum tier per kind of entry", shape="defaults"),
        "labels": _opt("table", "extra status labels, by label id", shape="label"),
        "people": _opt("table", "the people of the agency and the client, by person id", shape="person"),
        "measures": _opt("shape", "measures opened to a lower tier than their entries", shape="measures"),
        "stall_days": _opt("shape", "days in one label before a task counts as stalled", shape="stall_days"),
    }),
    "site": Shape({
        "title": _req("plain", "the agency's site title"),
        "url": _opt("address", "where the deploy folder is served"),
        "language": _opt("enum", "UI strings; default: en", values=LANGUAGES),
        "timezone": _opt("plain", "an IANA name such as Europe/Madrid; default: UTC"),
        "stale_after_days": _opt("integer", "a reader's browser flags a site older than this", low=1, high=3650),
    }),
    "history": Shape({
        "repo": _opt("path", "a git repository, relative to the workspace"),
        "bundle": _opt("path", "a git bundle file, relative to the workspace"),
        "ref": _opt("plain", "a branch, tag or commit; default: HEAD"),
    }, at_most_one=("repo", "bundle")),
    "defaults": Shape({kind: _opt("visibility", f"the default visibility of each {kind}") for kind in KINDS}),
    "label": Shape({
        "title": _req("text", "what the site shows"),
        "kind": _req("enum", "what the label means for measures", values=LABEL_KINDS),
    }),
    "person": Shape({
        "name": _req("plain"),
        "role": _req("plain"),
        "side": _req("enum", values=SIDES),
        "emails": _opt("ids", "maps git authors to this person; never published", pattern=EMAIL_PATTERN),
    }),
    "audience": Shape({
        "title": _req("plain"),
        "tier": _req("integer", "what this audience sees: 0 finished work ... 4 workflow and notes", low=0, high=4),
        "campaigns": _req("scope", "all, or a list of campaign ids"),
        "internal": _opt("boolean", "sees internal entries (tier must be 4)"),
        "names": _opt("enum", "agency people shown by name or only by role", values=NAME_STYLES),
        "branding": _opt("shape", shape="branding"),
        "path": _opt("pattern", "its folder and URL segment; default: the id", pattern=r"^[a-z0-9][a-z0-9-]{0,63}$"),
        "url": _opt("address", "its own address (a custom domain)"),
        "language": _opt("enum", "UI strings; default: site.language", values=LANGUAGES),
        "publish": _opt("boolean", "default: true; false for internal audiences"),
        "protect": _opt("shape", "encrypt the whole site with a passphrase", shape="protect"),
        "packs": _opt("boolean", "a PDF transparency pack per campaign; default: true (drawn for tiers that "
                                 "see approvals)"),
    }),
    "branding": Shape({
        "logo": _opt("path", "an image file, relative to the workspace, such as content/assets/acme.svg"),
        "accent": _opt("pattern", 'a colour such as "#0a7d4f"', pattern=ACCENT_PATTERN),
    }),
    "protect": Shape({
        "passphrase_env": _req("env_names", "the environment variable(s) holding the passphrase"),
    }),
    "measures": Shape({measure: _opt("tier", "the lowest tier shown the total") for measure in MEASURES}),
    "stall_days": Shape({key: _opt("integer", low=1, high=3650) for key in ("default",) + LABEL_KINDS}),
}

CAMPAIGN_SHAPES: dict[str, Shape] = {
    "campaign": Shape({
        "id": _req("id", "the file stem"),
        "title": _req("text"),
        "client": _req("text"),
        "summary": _opt("text", "Markdown"),
        "brief": _opt("shape", shape="brief"),
        "milestones": _opt("list", shape="milestone"),
        "tasks": _opt("list", shape="task"),
        "decisions": _opt("list", shape="decision"),
        "approvals": _opt("list", shape="approval"),
        "notes": _opt("list", shape="note"),
        "assets": _opt("list", "the finished work", shape="asset"),
        "kpis": _opt("shape", shape="kpis"),
        "renamed_from": _opt("ids", "the ids this file had before a rename"),
    }),
    "brief": Shape({
        "goals": _opt("texts"),
        "deliverables": _opt("list", shape="deliverable"),
    }),
    "deliverable": Shape({
        "id": _req("id"), "title": _req("text"), "due": _opt("date"), "visibility": _VISIBILITY,
    }),
    "milestone": Shape({
        "id": _req("id"), "title": _req("text"), "date": _req("date"), "reached": _opt("boolean"),
        "visibility": _VISIBILITY,
    }),
    "task": Shape({
        "id": _req("id"), "title": _req("text"),
        "label": _req("id", "a built-in or configured status label"),
        "owner": _opt("id", "a person id"), "deliverable": _opt("id", "a deliverable id"),
        "start": _opt("date"), "due": _opt("date"), "done": _opt("date"), "visibility": _VISIBILITY,
    }),
    "decision": Shape({
        "id": _req("id"), "date": _req("date"), "title": _req("text"),
        "why": _opt("text", "Markdown"), "alternatives": _opt("texts"),
        "decided_by": _opt("ids", "person ids"), "relates_to": _opt("ids", "entry ids"),
        "comments": _opt("list", shape="comment"), "visibility": _VISIBILITY,
    }),
    "comment": Shape({
        "by": _req("id", "a person id"), "at": _req("datetime"), "text": _req("text", "Markdown"),
        "visibility": _VISIBILITY,
    }),
    "approval": Shape({
        "id": _req("id"), "subject": _req("id", "a task or deliverable id"), "requested": _req("datetime"),
        "version": _opt("text"), "asset": _opt("path", "a file, relative to content/; its SHA-256 goes in the receipt"),
        "due": _opt("datetime"), "steps": _opt("list", shape="step"), "visibility": _VISIBILITY,
    }),
    "step": Shape({
        "by": _req("id", "a person id"), "verdict": _req("enum", values=VERDICTS), "at": _req("datetime"),
        "comment": _opt("text", "Markdown"), "visibility": _VISIBILITY,
    }),
    "note": Shape({
        "date": _req("date"), "text": _req("text", "Markdown"), "about": _opt("id", "an entry id"),
        "visibility": _VISIBILITY,
    }),
    "asset": Shape({
        "id": _req("id"), "title": _req("text"), "deliverable": _opt("id"),
        "file": _opt("path", "a file, relative to content/"), "url": _opt("url", "an https:// address"),
        "published": _opt("date", "an embargo: hidden before this day"), "visibility": _VISIBILITY,
    }, exactly_one=("file", "url")),
    "kpis": Shape({
        "nps": _opt("list", "Net Promoter Score points, -100 to 100", shape="nps_point"),
        "series": _opt("list", shape="series"),
    }),
    "series": Shape({
        "id": _req("id"), "title": _req("text"), "points": _req("list", shape="point"), "unit": _opt("text"),
        "visibility": _VISIBILITY,
    }),
    "point": Shape({"date": _req("date"), "value": _req("number"), "visibility": _VISIBILITY}),
    "nps_point": Shape({"date": _req("date"), "value": _req("number", low=-100, high=100),
                        "visibility": _VISIBILITY}),
}

SHAPES: dict[str, Shape] = {**CONFIG_SHAPES, **CAMPAIGN_SHAPES}
