"""Each receipt page's displayed text (its data-record fields, read with html.parser) against the record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html.parser import HTMLParser

from generator.render import i18n
from generator.verify.record_file import Loaded

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Shown:
    """What one page displays in its data-record fields."""

    approval: str | None = None  # "<campaign>/<approval>"
    heads: list[str] = field(default_factory=list)  # data-record-head of its record box(es)
    fields: dict[str, str] = field(default_factory=dict)
    steps: dict[int, dict[str, str]] = field(default_factory=dict)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.shown, self.depth = Shown(), 0
        self.open: list[tuple[int, str, int | None, list[str]]] = []  # (depth, field, step, text)
        self.step_at: list[tuple[int, int]] = []  # (depth, step number)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag not in _VOID:
            self.depth += 1
        if a.get("data-record-approval"):
            self.shown.approval = a["data-record-approval"]
        if a.get("data-record-head"):
            self.shown.heads.append(a["data-record-head"] or "")
        if (a.get("data-record-step") or "").isdigit():
            self.step_at.append((self.depth, int(a["data-record-step"] or 0)))
        if a.get("data-record") and tag not in _VOID:
            self.open.append((self.depth, a["data-record"] or "", self.step_at[-1][1] if self.step_at else None, []))

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        while self.open and self.open[-1][0] >= self.depth:
            _, name, step, text = self.open.pop()
            target = self.shown.fields if step is None else self.shown.steps.setdefault(step, {})
            target[name] = " ".join("".join(text).split())
        while self.step_at and self.step_at[-1][0] >= self.depth:
            self.step_at.pop()
        self.depth -= 1

    def handle_data(self, data):
        for _, _, _, text in self.open:
            text.append(data)


def shown(html: str) -> Shown:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.shown


def _when(value: str | None, lang: str, tz: str) -> str:
    if value is None:
        return "—"
    moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00")) if "T" in value else dt.date.fromisoformat(value)
    return i18n.format_when(moment, lang, tz)


def expected(record: Loaded, key: str) -> tuple[dict[str, str], dict[int, dict[str, str]]] | None:
    """What the receipt of `key` ("<campaign>/<approval>") must display, by the record; None: not in it."""
    campaign, _, approval = key.partition("/")
    mine = [e for e in record.entries if e is not None and e.get("campaign") == campaign
            and (e.get("approval") == approval or e.get("entry") == approval)]
    heads = [e for e in mine if e["kind"] == "approval"]
    if not heads:
        return None
    head, lang, tz = heads[-1], record.language, record.timezone
    due = head.get("due")
    for e in mine:  # a due date moved after the approval was recorded: its last move is what shows
        if e["kind"] == "date-moved" and e.get("entry_kind") == "approval" and e.get("field") == "due":
            due = e.get("new")
    fields = {"name": head["name"] or "", "requested": _when(head["requested"], lang, tz), "due": _when(due, lang, tz),
              "asset": head.get("asset") or "", "asset_sha256": head.get("asset_sha256") or ""}
    steps = {e["step"]: {"by": e["by"], "verdict": i18n.t(lang, "verdict_" + str(e["verdict"])),
                         "at": _when(e["at"], lang, tz)} for e in mine if e["kind"] == "step"}
    return fields, steps


def page_findings(rel: str, page: Shown, record: Loaded) -> list[str]:
    """Each displayed value of one page that is not what the record says it is."""
    found = [f"{rel}: shows record head {h[:12]}…, but record.json's is {record.head[:12]}…"
             for h in page.heads if h != record.head]
    if page.approval is None:
        return found
    wanted = expected(record, page.approval)
    if wanted is None:
        return found + [f"{rel}: a receipt for {page.approval}, which the record does not hold"]
    fields, steps = wanted
    for name, text in sorted(page.fields.items()):
        if name in fields and text != fields[name]:
            found.append(f"{rel}: {name} shows '{text}', the record says '{fields[name]}'")
    for n in sorted(set(steps) | set(page.steps)):
        want, have = steps.get(n), page.steps.get(n)
        if want is None or have is None:
            found.append(f"{rel}: step {n} is {'not in the record' if want is None else 'missing from the page'}")
            continue
        found += [f"{rel}: step {n} {name} shows '{have.get(name)}', the record says '{want[name]}'"
                  for name in sorted(want) if have.get(name) != want[name]]
    return found
