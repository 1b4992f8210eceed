"""How each entry of a campaign file is read: the context every reader shares, and one reader per kind.

campaigns.py reads a whole file with these; the history reader (history/versions.py) reads one
item of a list alone with `LIST_READERS`, under the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.load.paths import file_sha256, inside
from generator.load.published import final_work_problem, source_problem
from generator.load.reader import (
    ALL_INTERNAL,
    ALL_INTERNAL_ALTERNATIVE,
    ALL_INTERNAL_GOAL,
    Reader,
    join_path,
)
from generator.load.shapes import SHAPES
from generator.load.yamlio import YMap, YScalar
from generator.model import (
    Approval,
    Asset,
    Comment,
    Decision,
    Deliverable,
    KpiPoint,
    KpiSeries,
    Milestone,
    Note,
    SiteConfig,
    Step,
    Task,
)

FILE_EXPECTED = "a file path relative to content/, such as assets/poster.png"


@dataclass
class CampaignContext:
    """What reading one campaign needs besides its nodes."""

    r: Reader
    config: SiteConfig
    root: Path | None  # None: do not look at files on disk (past versions)

    def visibility(self, m: YMap, path: str, kind: str | None, parent: int | None = None) -> int:
        """The entry's own visibility, or its kind's default, or its parent's."""
        if "visibility" in m:
            value = self.r.visibility(m["visibility"], f"{path}.visibility")
            if value is not None:
                return value
        if kind is not None:
            return self.config.defaults[kind]
        return parent if parent is not None else 0

    def source_problem(self, root: Path, found: Path, written: str) -> str:
        """Why a file an entry names is one of the workspace's own sources, never published (published.py)."""
        bundle = self.config.history.bundle if self.config.history is not None else None
        why = source_problem(root, found, written, bundle)
        return f"{why}; expected a file of the campaign's own, such as assets/poster.png" if why else ""

    def optional_text(self, m: YMap, key: str, path: str, required: bool = False,
                      all_internal: str = ALL_INTERNAL) -> str:
        """A text that redaction passes through span removal: its spans must be well formed.

        `required`: a required key (a comment's or a note's text), which may not be empty.
        """
        text = self.r.optional_text(m, key, path, required=required, all_internal=all_internal)
        self.r.check_spans(m.get(key), text, join_path(path, key))
        return text

    def texts(self, m: YMap, key: str, path: str, all_internal: str) -> tuple[str, ...]:
        """A list of texts that each say something, spans checked (goals, alternatives).

        Each item is named by its place in the file, even after an item
        before it did not read. `all_internal`: what to do instead of an item all inside spans.
        """
        if key not in m:
            return ()
        found = []
        where = join_path(path, key)
        for index, node in enumerate(self.r.sequence(m[key], where)):
            text = self.r.text(node, f"{where}[{index}]", required=True, all_internal=all_internal)
            if text is not None:
                self.r.check_spans(node, text, f"{where}[{index}]")
                found.append(text)
        return tuple(found)

    def title(self, m: YMap, key: str, path: str, all_internal: str = ALL_INTERNAL) -> str:
        """A required title (or a campaign's client): never empty; its absence is named by the mapping check."""
        return self.optional_text(m, key, path, required=True, all_internal=all_internal)



def each(ctx: CampaignContext, m: YMap, key: str, read_one, parent: str = "") -> tuple:
    """The items of the list `key` of `m`; `parent` is the path of `m` (`brief`, `kpis`)."""
    if key not in m:
        return ()
    items = []
    path = join_path(parent, key)
    for index, node in enumerate(ctx.r.sequence(m[key], path)):
        item = read_one(ctx, node, f"{path}[{index}]")
        if item is not None:
            items.append(item)
    return tuple(items)


def read_brief(ctx: CampaignContext, node) -> tuple[tuple[str, ...], tuple[Deliverable, ...]]:
    if node is None:
        return (), ()
    m = ctx.r.shape(node, "brief", SHAPES["brief"])
    if m is None:
        return (), ()
    return ctx.texts(m, "goals", "brief", ALL_INTERNAL_GOAL), each(ctx, m, "deliverables", _deliverable, "brief")


def _entry_id(ctx: CampaignContext, m: YMap, path: str) -> str | None:
    return ctx.r.ident(m["id"], f"{path}.id") if "id" in m else None


def _deliverable(ctx: CampaignContext, node, path: str) -> Deliverable | None:
    m = ctx.r.shape(node, path, SHAPES["deliverable"])
    if m is None or (entry_id := _entry_id(ctx, m, path)) is None:
        return None
    due = ctx.r.date(m["due"], f"{path}.due") if "due" in m else None
    return ctx.r.anchor(Deliverable(entry_id, ctx.title(m, "title", path), due,
                       ctx.visibility(m, path, "deliverable"), m.line), m, path)


def _milestone(ctx: CampaignContext, node, path: str) -> Milestone | None:
    m = ctx.r.shape(node, path, SHAPES["milestone"])
    if m is None or (entry_id := _entry_id(ctx, m, path)) is None or "date" not in m:
        return None
    date = ctx.r.date(m["date"], f"{path}.date")
    reached = ctx.r.boolean(m["reached"], f"{path}.reached") if "reached" in m else False
    if date is None:
        return None
    return ctx.r.anchor(Milestone(entry_id, ctx.title(m, "title", path), date, bool(reached),
                     ctx.visibility(m, path, "milestone"), m.line), m, path)


def _optional_date(ctx: CampaignContext, m: YMap, key: str, path: str):
    return ctx.r.date(m[key], f"{path}.{key}") if key in m else None


def _task(ctx: CampaignContext, node, path: str) -> Task | None:
    m = ctx.r.shape(node, path, SHAPES["task"])
    if m is None or (entry_id := _entry_id(ctx, m, path)) is None:
        return None
    owner = ctx.r.ident(m["owner"], f"{path}.owner") if "owner" in m else None
    label = ctx.r.ident(m["label"], f"{path}.label") if "label" in m else None
    deliverable = ctx.r.ident(m["deliverable"], f"{path}.deliverable") if "deliverable" in m else None
    start, due, done = (_optional_date(ctx, m, key, path) for key in ("start", "due", "done"))
    if start and done and done < start:
        ctx.r.fail(m["done"], f"{path}.done", f"{done} is before start {start}; expected done on or after start")
    return ctx.r.anchor(Task(entry_id, ctx.title(m, "title", path), owner, label or "", deliverable,
                start, due, done, ctx.visibility(m, path, "task"), m.line), m, path)


def _comment(ctx: CampaignContext, node, path: str) -> Comment | None:
    m = ctx.r.shape(node, path, SHAPES["comment"])
    if m is None or not {"by", "at", "text"} <= set(m):
        return None
    by = ctx.r.ident(m["by"], f"{path}.by")
    at = ctx.r.datetime(m["at"], f"{path}.at")
    if by is None or at is None:
        return None
    text = ctx.optional_text(m, "text", path, required=True)
    return ctx.r.anchor(Comment(by, at, text, ctx.visibility(m, path, "comment"), m.line), m, path)


def _decision(ctx: CampaignContext, node, path: str) -> Decision | None:
    m = ctx.r.shape(node, path, SHAPES["decision"])
    if m is None or (entry_id := _entry_id(ctx, m, path)) is None or "date" not in m:
        return None
    date = ctx.r.date(m["date"], f"{path}.date")
    visibility = ctx.visibility(m, path, "decision")
    alternatives = ctx.texts(m, "alternatives", path, ALL_INTERNAL_ALTERNATIVE)
    comments = []
    for index, item in enumerate(ctx.r.sequence(m.get("comments", YScalar("")), f"{path}.comments")):
        comment = _comment(ctx, item, f"{path}.comments[{index}]")
        if comment is not None:
            comments.append(comment)
    if date is None:
        return None
    return ctx.r.anchor(Decision(
        entry_id, date, ctx.title(m, "title", path), ctx.optional_text(m, "why", path), alternatives,
        ctx.r.ident_list(m["decided_by"], f"{path}.decided_by") if "decided_by" in m else (),
        ctx.r.ident_list(m["relates_to"], f"{path}.relates_to") if "relates_to" in m else (),
        tuple(comments), visibility, m.line,
    ), m, path)


def _step(ctx: CampaignContext, node, path: str, parent: int) -> Step | None:
    m = ctx.r.shape(node, path, SHAPES["step"])
    if m is None or not {"by", "verdict", "at"} <= set(m):
        return None
    by = ctx.r.ident(m["by"], f"{path}.by")
    verdict = ctx.r.text(m["verdict"], f"{path}.verdict")
    verdicts = SHAPES["step"].values("verdict")
    if verdict is not None and verdict not in verdicts:
        ctx.r.fail(m["verdict"], f"{path}.verdict", f"expected one of {', '.join(verdicts)}; got '{verdict}'")
        verdict = None
    at = ctx.r.datetime(m["at"], f"{path}.at")
    if by is None or verdict is None or at is None:
        return None
    return ctx.r.anchor(Step(by, verdict, at, ctx.optional_text(m, "comment", path),
                             ctx.visibility(m, path, None, parent), m.line), m, path)


def _approval(ctx: CampaignContext, node, path: str) -> Approval | None:
    m = ctx.r.shape(node, path, SHAPES["approval"])
    if m is None or (entry_id := _entry_id(ctx, m, path)) is None or "subject" not in m:
        return None
    subject = ctx.r.ident(m["subject"], f"{path}.subject")
    requested = ctx.r.datetime(m["requested"], f"{path}.requested") if "requested" in m else None
    due = ctx.r.datetime(m["due"], f"{path}.due", end_of_day=True) if "due" in m else None
    visibility = ctx.visibility(m, path, "approval")
    steps = []
    for index, item in enumerate(ctx.r.sequence(m.get("steps", YScalar("")), f"{path}.steps")):
        step = _step(ctx, item, f"{path}.steps[{index}]", visibility)
        if step is not None:
            steps.append(step)
    asset, digest = _hashed_asset(ctx, m, path)
    if subject is None or requested is None:
        return None
    version = ctx.optional_text(m, "version", path) or None
    return ctx.r.anchor(Approval(entry_id, subject, version, asset, digest, requested, due, tuple(steps),
                                 visibility, m.line), m, path)


def _hashed_asset(ctx: CampaignContext, m: YMap, path: str) -> tuple[str | None, str | None]:
    if "asset" not in m:
        return None, None
    rel = ctx.r.path_text(m["asset"], f"{path}.asset", FILE_EXPECTED)
    if rel is None or ctx.root is None:
        return rel, None
    found, why = inside(ctx.root, rel, "content")
    if found is not None:
        why = ctx.source_problem(ctx.root, found, rel)
    if found is None or why:
        ctx.r.fail(m["asset"], f"{path}.asset", why)
        return None, None
    return rel, file_sha256(found)


def _note(ctx: CampaignContext, node, path: str) -> Note | None:
    m = ctx.r.shape(node, path, SHAPES["note"])
    if m is None or "date" not in m:
        return None
    date = ctx.r.date(m["date"], f"{path}.date")
    about = ctx.r.ident(m["about"], f"{path}.about") if "about" in m else None
    if date is None:
        return None
    text = ctx.optional_text(m, "text", path, required=True)
    return ctx.r.anchor(Note(date, about, text, ctx.visibility(m, path, "note"), m.line), m, path)


def _asset(ctx: CampaignContext, node, path: str) -> Asset | None:
    m = ctx.r.shape(node, path, SHAPES["asset"])
    if m is None or (entry_id := _entry_id(ctx, m, path)) is None:
        return None
    one_of = SHAPES["asset"].exactly_one
    if sum(key in m for key in one_of) != 1:
        ctx.r.fail(m, path, f"expected exactly one of {' or '.join(one_of)}")
    file = ctx.r.path_text(m["file"], f"{path}.file", FILE_EXPECTED) if "file" in m else None
    url = ctx.r.url(m["url"], f"{path}.url") if "url" in m else None
    if file and ctx.root is not None:
        found, why = inside(ctx.root, file, "content")
        if found is not None:
            why = ctx.source_problem(ctx.root, found, file) or final_work_problem(found, file)
        if why:
            ctx.r.fail(m["file"], f"{path}.file", why)
    deliverable = ctx.r.ident(m["deliverable"], f"{path}.deliverable") if "deliverable" in m else None
    return ctx.r.anchor(Asset(entry_id, ctx.title(m, "title", path), deliverable, file, url,
                 _optional_date(ctx, m, "published", path), ctx.visibility(m, path, "asset"), m.line), m, path)


def read_kpis(ctx: CampaignContext, node) -> tuple[KpiSeries | None, tuple[KpiSeries, ...]]:
    if node is None:
        return None, ()
    m = ctx.r.shape(node, "kpis", SHAPES["kpis"])
    if m is None:
        return None, ()
    nps = None
    if "nps" in m:
        visibility = ctx.config.defaults["kpi"]
        nps = KpiSeries("nps", "Net Promoter Score", "NPS",
                        _points(ctx, m["nps"], "kpis.nps", visibility, nps=True), visibility, m.key_lines["nps"])
    return nps, each(ctx, m, "series", _series, "kpis")


def _series(ctx: CampaignContext, node, path: str) -> KpiSeries | None:
    m = ctx.r.shape(node, path, SHAPES["series"])
    if m is None or (entry_id := _entry_id(ctx, m, path)) is None or "points" not in m:
        return None
    visibility = ctx.visibility(m, path, "kpi")
    return ctx.r.anchor(KpiSeries(entry_id, ctx.title(m, "title", path), ctx.optional_text(m, "unit", path),
                                  _points(ctx, m["points"], f"{path}.points", visibility), visibility, m.line), m, path)


def _points(ctx: CampaignContext, node, path: str, parent: int, nps: bool = False) -> tuple[KpiPoint, ...]:
    """A series' points; an NPS point is a score from -100 to 100 (so its 90-day change stays finite too)."""
    points = []
    point = SHAPES["nps_point" if nps else "point"]
    low, high = point.fields["value"].low, point.fields["value"].high
    for index, item in enumerate(ctx.r.sequence(node, path)):
        where = f"{path}[{index}]"
        m = ctx.r.shape(item, where, point)
        if m is None or not {"date", "value"} <= set(m):
            continue
        date, value = ctx.r.date(m["date"], f"{where}.date"), ctx.r.number(m["value"], f"{where}.value")
        if low is not None and high is not None and value is not None and not low <= value <= high:
            ctx.r.fail(m["value"], f"{where}.value", f"expected a Net Promoter Score from {low} to {high}; "
                                                     f"got '{m['value']}'")
            value = None
        if date is not None and value is not None:
            points.append(KpiPoint(date, value, ctx.visibility(m, where, None, parent)))
    return tuple(sorted(points, key=lambda p: p.date))


# The top-level lists of entries and how one item of each is read (versions.py reads items alone too).
LIST_READERS = {
    "milestones": _milestone, "tasks": _task, "decisions": _decision,
    "approvals": _approval, "notes": _note, "assets": _asset,
}
