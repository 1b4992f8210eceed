"""Random workspaces for property tests, and an independent oracle of the ladder.

A workspace is drawn as plain data (`Spec`), written out as YAML text and
loaded like any user's. Every free text carries a unique marker word
(`zq` + letters), and so does every `[internal]` span inside it, so "this
text is in the site" is "this marker is in the site". The oracle computes,
from FORMAT.md's rules alone, which markers each audience may see.
"""

from __future__ import annotations

import copy
import itertools
import re
import string
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from hypothesis import strategies as st

from generator import spans

TIERS = (0, 1, 2, 3, 4, "internal")
DEFAULTS = {"milestone": 0, "deliverable": 0, "asset": 0, "task": 1, "kpi": 1,
            "decision": 2, "comment": 2, "approval": 3, "note": 4}
MARKER = re.compile(r"zq[a-z]{4}")
# Words around the markers: markup, entities, template syntax and scripts must change nothing.
FILLER = ("alpha", "beta", "&amp;", "<b>bold</b>", "{{ x }}", "{% if %}", "<script>x</script>", "café", "**b**")
CONFIG_HEAD = """\
site:
  title: Property Studio
  timezone: UTC
people:
  maria: {name: Maria Agency, role: Creative Director, side: agency, emails: [maria@studio.example]}
  jane: {name: Jane Client, role: Brand Lead, side: client}
"""


def marker_words():
    for letters in itertools.product(string.ascii_lowercase, repeat=4):
        yield "zq" + "".join(letters)


@dataclass
class Spec:
    """A workspace as data: config audiences and campaign mappings."""

    audiences: dict[str, dict]
    campaigns: dict[str, dict]
    defaults: dict[str, object] = field(default_factory=dict)

    def write(self, root: Path) -> Path:
        (root / "content" / "campaigns").mkdir(parents=True, exist_ok=True)
        config = CONFIG_HEAD + yaml.safe_dump({"audiences": self.audiences}, allow_unicode=True, sort_keys=True)
        if self.defaults:
            config += yaml.safe_dump({"defaults": self.defaults}, sort_keys=True)
        (root / "site_config.yml").write_text(config, encoding="utf-8")
        for cid, campaign in self.campaigns.items():
            text = yaml.safe_dump(campaign, allow_unicode=True, sort_keys=False, width=10_000)
            (root / "content" / "campaigns" / f"{cid}.yml").write_text(text, encoding="utf-8")
        return root

    def copy(self) -> Spec:
        return copy.deepcopy(self)


# -- drawing -------------------------------------------------------------------------------


@st.composite
def texts(draw, markers, spans: bool = True) -> str:
    """A marker, maybe filler words, maybe an [internal] span with its own marker."""
    words = [next(markers)] + draw(st.lists(st.sampled_from(FILLER), max_size=2))
    text = " ".join(draw(st.permutations(words)))
    if spans and draw(st.integers(0, 3)) == 0:
        text += f" [internal]{next(markers)} secret[/internal]"
    return text


def visibility(draw):
    return draw(st.one_of(st.none(), st.sampled_from(TIERS)))


def _with_visibility(draw, entry: dict) -> dict:
    v = visibility(draw)
    if v is not None:
        entry["visibility"] = v
    return entry


@st.composite
def campaigns(draw, cid: str, markers) -> dict:
    text = lambda spans=True: draw(texts(markers, spans))  # noqa: E731
    deliverables = [_with_visibility(draw, {"id": f"d{i}", "title": text()})
                    for i in range(draw(st.integers(0, 2)))]
    d_ids = [d["id"] for d in deliverables]
    tasks = []
    for i in range(draw(st.integers(0, 3))):
        task = {"id": f"t{i}", "title": text(), "label": draw(st.sampled_from(["in-progress", "done", "stuck"]))}
        if d_ids and draw(st.booleans()):
            task["deliverable"] = draw(st.sampled_from(d_ids))
        if draw(st.booleans()):
            task["owner"] = draw(st.sampled_from(["maria", "jane"]))
        if task["label"] == "done":
            task.update(start="2026-01-05", done="2026-01-09")
        tasks.append(_with_visibility(draw, task))
    milestones = [_with_visibility(draw, {"id": f"m{i}", "title": text(), "date": f"2026-01-1{i}",
                                          "reached": draw(st.booleans())})
                  for i in range(draw(st.integers(0, 2)))]
    ids = d_ids + [t["id"] for t in tasks] + [m["id"] for m in milestones]
    decisions = []
    for i in range(draw(st.integers(0, 2))):
        decision = {"id": f"c{i}", "date": f"2026-01-2{i}", "title": text(), "why": text(),
                    "alternatives": [text()], "decided_by": ["maria"],
                    "relates_to": draw(st.lists(st.sampled_from(ids), unique=True, max_size=2)) if ids else [],
                    "comments": [_with_visibility(draw, {"by": "jane", "at": f"2026-01-1{j}T10:00:00", "text": text()})
                                 for j in range(draw(st.integers(0, 2)))]}
        decisions.append(_with_visibility(draw, decision))
    subjects = d_ids + [t["id"] for t in tasks]
    approvals = []
    for i in range(draw(st.integers(0, 2)) if subjects else 0):
        approval = {"id": f"a{i}", "subject": draw(st.sampled_from(subjects)), "version": f"v{i + 1}",
                    "requested": "2026-01-20T10:00:00", "due": "2026-01-25T18:00:00",
                    "steps": [_with_visibility(draw, {"by": "jane", "verdict": v, "at": f"2026-01-2{j + 1}T10:00:00",
                                                      "comment": text()})
                              for j, v in enumerate(draw(st.lists(
                                  st.sampled_from(["approved", "changes-requested"]), max_size=2)))]}
        approvals.append(_with_visibility(draw, approval))
    ids += [c["id"] for c in decisions] + [a["id"] for a in approvals]
    notes = []
    for i in range(draw(st.integers(0, 2))):
        note = {"date": f"2026-02-0{i + 1}", "text": text()}
        if ids and draw(st.booleans()):
            note["about"] = draw(st.sampled_from(ids))
        notes.append(_with_visibility(draw, note))
    assets = []
    for i in range(draw(st.integers(0, 2))):
        # before, among and after the other dates: delivered, or scheduled for a later day
        asset = {"id": f"f{i}", "title": text(), "url": f"https://example.com/{next(markers)}",
                 "published": draw(st.sampled_from(["2026-01-08", "2026-02-10", "2026-03-01"]))}
        if d_ids and draw(st.booleans()):
            asset["deliverable"] = draw(st.sampled_from(d_ids))
        assets.append(_with_visibility(draw, asset))
    series = [_with_visibility(draw, {"id": f"k{i}", "title": text(spans=False), "unit": "people",
                                      "points": [{"date": "2026-01-10", "value": 3}, {"date": "2026-02-10", "value": 5}]})
              for i in range(draw(st.integers(0, 1)))]
    campaign = {"id": cid, "title": text(), "client": "Client Co.", "summary": text(),
                "brief": {"goals": [text()], "deliverables": deliverables},
                "milestones": milestones, "tasks": tasks, "decisions": decisions, "approvals": approvals,
                "notes": notes, "assets": assets, "kpis": {"series": series}}
    return campaign


@st.composite
def audiences(draw, campaign_ids: list[str]) -> dict[str, dict]:
    out = {}
    for i in range(draw(st.integers(1, 3))):
        tier = draw(st.integers(0, 4))
        audience = {"title": f"Audience {i}", "tier": tier, "names": draw(st.sampled_from(["names", "roles"]))}
        audience["campaigns"] = "all" if draw(st.booleans()) else draw(
            st.lists(st.sampled_from(campaign_ids), min_size=1, unique=True))
        if draw(st.integers(0, 3)) == 0:
            audience.update(internal=True, tier=4)  # an internal audience sees every tier
        out[f"aud{i}"] = audience
    return out


@st.composite
def specs(draw, max_campaigns: int = 2) -> Spec:
    markers = marker_words()
    ids = [f"camp{i}" for i in range(draw(st.integers(1, max_campaigns)))]
    camps = {cid: draw(campaigns(cid, markers)) for cid in ids}
    defaults = {}
    if draw(st.integers(0, 3)) == 0:
        kind = draw(st.sampled_from(sorted(DEFAULTS)))
        defaults[kind] = draw(st.sampled_from(TIERS))
    return Spec(draw(audiences(ids)), camps, defaults)


# -- the oracle ------------------------------------------------------------------------------


def reaches(audience: dict, visibility) -> bool:
    if visibility == "internal":
        return bool(audience.get("internal"))
    return audience["tier"] >= visibility


def _markers(text: str) -> tuple[set[str], set[str]]:
    """(markers outside spans, markers inside spans) of one text."""
    inside = set()
    for span in re.findall(r"\[internal\](.*?)\[/internal\]", text, re.S):
        inside |= set(MARKER.findall(span))
    return set(MARKER.findall(text)) - inside, inside


def visible_entry_ids(spec: Spec, audience: dict, campaign: dict) -> set[str]:
    finished_only = audience["tier"] == 0 and not audience.get("internal")
    return _visible(spec, audience, campaign, publication_day(spec, audience) if finished_only else None)


def publication_day(spec: Spec, audience: dict) -> str | None:
    """The as-of day of a site without history (ISO text): the latest date recorded among the entries it sees,
    publications aside. A publication after it is scheduled (docs/measures.md, "Scheduled work"). At tier 0
    what is seen depends on what was delivered: start from nothing delivered, and go on until it holds."""
    given = [c for cid, c in spec.campaigns.items() if audience["campaigns"] == "all" or cid in audience["campaigns"]]
    day = None
    while True:
        found = max((d for c in given for d in _seen_dates(spec, audience, c, day)), default=None)
        if found == day:
            return day
        day = found


def _seen_dates(spec: Spec, audience: dict, c: dict, day: str | None) -> list[str]:
    defaults = {**DEFAULTS, **spec.defaults}
    shown = _visible(spec, audience, c, day)
    dates = [m["date"] for m in c["milestones"] if m["id"] in shown and m.get("reached")]
    dates += [t[key] for t in c["tasks"] if t["id"] in shown for key in ("start", "done") if key in t]
    for d in c["decisions"]:
        if d["id"] in shown:
            dates += [d["date"]] + [x["at"][:10] for x in d["comments"]
                                    if reaches(audience, x.get("visibility", defaults["comment"]))]
    for a in c["approvals"]:
        if a["id"] in shown:
            own = a.get("visibility", defaults["approval"])
            dates += [a["requested"][:10]] + [x["at"][:10] for x in a["steps"]
                                              if reaches(audience, x.get("visibility", own))]
    dates += [n["date"] for n in c["notes"] if reaches(audience, n.get("visibility", defaults["note"]))
              and ("about" not in n or n["about"] in shown)]
    dates += [p["date"] for series in c["kpis"]["series"] if series["id"] in shown for p in series["points"]]
    return dates


def _visible(spec: Spec, audience: dict, campaign: dict, day: str | None) -> set[str]:
    """The entries seen, when the publications on or before `day` have happened (tier 0 only)."""
    defaults = {**DEFAULTS, **spec.defaults}

    def own(entry, kind):
        return entry.get("visibility", defaults[kind])

    entries = {}
    for kind, group in (("deliverable", campaign["brief"]["deliverables"]), ("task", campaign["tasks"]),
                        ("milestone", campaign["milestones"]), ("decision", campaign["decisions"]),
                        ("approval", campaign["approvals"]), ("asset", campaign["assets"]),
                        ("kpi", campaign["kpis"]["series"])):
        for entry in group:
            entries[entry["id"]] = (entry, kind)
    shown = {i for i, (e, kind) in entries.items() if reaches(audience, own(e, kind))}
    if audience["tier"] == 0 and not audience.get("internal"):  # "finished work only (... milestones reached)"
        shown -= {m["id"] for m in campaign["milestones"] if not m.get("reached")}
        # ... no asset published after the as-of day (scheduled: not finished work yet) ...
        scheduled = {a["id"] for a in campaign["assets"] if "published" in a and (day is None or a["published"] > day)}
        shown -= scheduled
        # ... and a deliverable only once an asset it reaches by the asset's own visibility was delivered for it
        delivered = {a["deliverable"] for a in campaign["assets"]
                     if "deliverable" in a and reaches(audience, own(a, "asset")) and a["id"] not in scheduled}
        shown -= {d["id"] for d in campaign["brief"]["deliverables"] if d["id"] not in delivered}

    def refs(entry, kind):
        if kind in ("task", "asset"):
            return [entry["deliverable"]] if "deliverable" in entry else []
        return {"decision": entry.get("relates_to", []), "approval": [entry.get("subject")]}.get(kind, [])

    changed = True
    while changed:
        changed = False
        for i in sorted(shown):
            if any(r not in shown for r in refs(*entries[i])):
                shown.discard(i)
                changed = True
    return shown


def oracle(spec: Spec, audience: dict) -> tuple[set[str], set[str]]:
    """(markers the audience may see, markers it must not) under FORMAT.md's rules."""
    defaults = {**DEFAULTS, **spec.defaults}
    seen, hidden = set(), set()

    def text(value: str, show: bool) -> None:
        outside, inside = _markers(value)
        (seen if show else hidden).update(outside)
        (seen if show and audience.get("internal") else hidden).update(inside)

    listed = audience["campaigns"]
    for cid, c in spec.campaigns.items():
        sees = listed == "all" or cid in listed
        shown = visible_entry_ids(spec, audience, c) if sees else set()
        for value in (c["title"], c["summary"], *c["brief"]["goals"]):
            text(value, sees)
        for group in ("milestones", "tasks", "assets"):
            for e in c[group]:
                text(e["title"], e["id"] in shown)
                if "url" in e:
                    text(e["url"], e["id"] in shown)
        for e in c["brief"]["deliverables"] + c["kpis"]["series"]:
            text(e["title"], e["id"] in shown)
        for d in c["decisions"]:
            for value in (d["title"], d["why"], *d["alternatives"]):
                text(value, d["id"] in shown)
            for comment in d["comments"]:
                text(comment["text"], d["id"] in shown and reaches(audience, comment.get("visibility", defaults["comment"])))
        for a in c["approvals"]:
            for step in a["steps"]:
                own = a.get("visibility", defaults["approval"])
                text(step["comment"], a["id"] in shown and reaches(audience, step.get("visibility", own)))
        for n in c["notes"]:
            about_ok = "about" not in n or n["about"] in shown
            text(n["text"], sees and about_ok and reaches(audience, n.get("visibility", defaults["note"])))
    return seen, hidden


def project(spec: Spec, audience_id: str) -> Spec:
    """Only what the audience sees: hidden entries, children and spans removed."""
    audience = spec.audiences[audience_id]
    out = spec.copy()
    defaults = {**DEFAULTS, **spec.defaults}
    strip = (lambda s: s) if audience.get("internal") else spans.remove  # the text the view shows

    def clean(entry: dict) -> dict:
        for key, value in entry.items():
            if isinstance(value, str) and key in ("title", "summary", "why", "text", "comment"):
                entry[key] = strip(value)
            elif key in ("alternatives", "goals"):
                entry[key] = [strip(v) for v in value]
        return entry

    for cid, c in out.campaigns.items():
        shown = visible_entry_ids(spec, audience, spec.campaigns[cid])
        clean(c)
        clean(c["brief"])
        for group in (c["brief"]["deliverables"], c["milestones"], c["tasks"], c["decisions"],
                      c["approvals"], c["assets"], c["kpis"]["series"]):
            group[:] = [clean(e) for e in group if e["id"] in shown]
        for d in c["decisions"]:
            d["comments"] = [clean(x) for x in d["comments"]
                             if reaches(audience, x.get("visibility", defaults["comment"]))]
        for a in c["approvals"]:
            own = a.get("visibility", defaults["approval"])
            a["steps"] = [clean(s) for s in a["steps"] if reaches(audience, s.get("visibility", own))]
        c["notes"] = [clean(n) for n in c["notes"]
                      if reaches(audience, n.get("visibility", defaults["note"]))
                      and ("about" not in n or n["about"] in shown)]
    return out
