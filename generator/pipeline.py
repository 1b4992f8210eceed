"""The flow, one line a stage: load, redact, measure, render, build, audit, swap."""

from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from generator import incremental, kept_pages
from generator.cache_folder import CACHE_DIR, cache_dir
from generator.clock import Clock
from generator.errors import AuditError, BuildError, ReceiptsError, StrictError
from generator.lazy import lazy_module
from generator.model import Audience, Workspace
from generator.view import AudienceView

if TYPE_CHECKING:
    from generator import audit, build_parallel, protect
    from generator.redact.entries import Report
    from generator.render import Rendered
    from generator.site import deploy, reuse
    from generator.site import output as site
else:  # loaded when first used: a build that is up to date never needs them (docs/incremental.md)
    audit, build_parallel, protect = (lazy_module(f"generator.{n}") for n in ("audit", "build_parallel", "protect"))
    deploy, site = lazy_module("generator.site.deploy"), lazy_module("generator.site.output")
    reuse = lazy_module("generator.site.reuse")

PACKAGE_DIR = Path(__file__).resolve().parent
LOGO_DIR = "assets/_brand"  # an audience's logo: a folder no campaign's assets/<id>/ can be


@dataclass
class AudienceResult:
    audience: str
    title: str
    tier: int
    internal: bool
    pages: int
    report: Report
    path: Path
    warnings: list[str] = field(default_factory=list)
    published: bool = True  # in the deploy folder; else under <output>-private/


def theme_dir() -> Path:
    """The installed copy of the theme, or the repository's own."""
    installed = PACKAGE_DIR / "_themes" / "receipts"
    return installed if installed.is_dir() else PACKAGE_DIR.parent / "themes" / "receipts"


def select(workspace: Workspace, names: list[str] | None) -> list[Audience]:
    audiences = workspace.config.audiences
    unknown = [n for n in names or () if n not in audiences]
    if unknown:
        raise ReceiptsError(f"unknown audience {', '.join(unknown)}; expected one of: {', '.join(audiences)}")
    return [audiences[n] for n in names] if names else list(audiences.values())


def build(root: str | Path = ".", audiences: list[str] | None = None,
          output: str | Path | None = None, warnings: list[str] | None = None,
          strict: bool = False, jobs: int | None = None, notices: list[str] | None = None,
          progress=None, reuse: bool = False) -> list[AudienceResult]:
    """Build every (or every named) audience's site; all or nothing.

    `warnings`, when given, receives what the user should know but that did
    not stop the build (past versions of campaign files git holds that no
    longer parse, and were skipped; campaign files with edits the history
    does not hold). With `strict`, any warning (those, or the site engine's)
    is a StrictError raised before any site is replaced. `jobs`: how many
    sites are built at once (default: one per core; build_parallel.py).
    `notices` receives what the build did besides building (deploy.py: old
    sites removed). `reuse` (the command line's): build nothing, return no
    site and say "up to date" when nothing changed since the last build,
    and record this build's inputs for the next (incremental.py). `progress(done, total, result)`:
    told as each site is built (build_parallel.py), for the command line's progress bar.
    """
    clock = build_clock()
    snapshot = _inputs_now(Path(root), output, audiences, reuse)
    if _up_to_date(snapshot, clock, strict, warnings, notices):
        return []
    incremental.forget(snapshot)  # until this build succeeds, no record says its output is current
    loaded = load_workspace(root)
    run = _prepare(loaded, clock, output, audiences, warnings)
    # for each audience: redact -> measure -> render -> engine -> audit -> protect (build_audience)
    build_one = functools.partial(build_audience, tool=snapshot.tool) if reuse else build_audience
    built = build_parallel.build_each(build_one, run.workspace, run.chosen, run.layout, clock,
                                      build_parallel.workers_for(run.chosen, jobs), progress)
    results = _put_in_place(built, run, run.found if strict else None, notices)
    if reuse:
        incremental.save(snapshot, Path(root), _built_from(loaded, run.chosen, run.layout, clock, run.found, results))
    return results


def load_workspace(root: str | Path) -> Workspace:
    """The workspace and its history (inputs.py), imported only by a build that reads them."""
    from generator.inputs import load_workspace as load

    return load(root)


@dataclass(frozen=True)
class _Run:
    """What every audience's site is built from, once the workspace is loaded."""

    workspace: Workspace  # as of the build's clock: what is dated after it left out
    layout: deploy.Layout
    chosen: list[Audience]
    found: list[str]  # the warnings of the workspace, its history and what was left out


def _prepare(loaded: Workspace, clock: Clock, output: str | Path | None, names: list[str] | None,
             warnings: list[str] | None) -> _Run:
    """The workspace as of `clock`, the output folders checked and ready, the audiences chosen."""
    from generator.redact.future import leave_out_future

    workspace, future = leave_out_future(loaded, clock)
    layout = deploy.layout_for(workspace, output)
    for folder in layout:
        site.recover(folder)
    chosen = select(workspace, names)
    deploy.refuse_foreign(layout)  # before the long part: nothing in the way is found after minutes of work
    found = list(workspace.warnings) + list(workspace.history.warnings) + future
    if warnings is not None:
        warnings.extend(found)
    protect.require_passphrases(chosen)  # a missing passphrase stops the build before any site is built
    deploy.prepare_roots(layout, chosen)
    return _Run(workspace, layout, chosen, found)


UP_TO_DATE = "up to date: nothing the sites are built from changed since the last build (docs/incremental.md)"


def _inputs_now(root: Path, output: str | Path | None, audiences: list[str] | None,
                reuse: bool) -> incremental.Snapshot:
    cache = cache_dir(root) if reuse else root / CACHE_DIR  # only a reusing build makes the folder
    return incremental.start(root, output, audiences, theme_dir(), cache, reuse)


def _up_to_date(snapshot: incremental.Snapshot, clock: Clock, strict: bool, warnings: list[str] | None,
                notices: list[str] | None) -> bool:
    """Nothing changed since the last build: say so, with that build's warnings."""
    replayed = incremental.up_to_date(snapshot, clock, strict)
    if replayed is None:
        return False
    (warnings if warnings is not None else []).extend(replayed)
    (notices if notices is not None else []).append(UP_TO_DATE)
    return True


def _put_in_place(built: list, run: _Run, strict_found: list[str] | None,
                  notices: list[str] | None) -> list[AudienceResult]:
    """Swap every built site in (after `--strict` found no warning: `strict_found`), or none of them."""
    from generator.site.committed import committed_notices

    workspace, layout, chosen = run.workspace, run.layout, run.chosen
    try:
        if strict_found is not None:
            _refuse_warnings(strict_found, [result for _, result in built])
        deploy.refuse_foreign(layout)
        try:
            with site.signals_held():  # all sites replaced, or none: Ctrl-C or SIGTERM waits for the last swap
                for temp, result in built:  # swap only when every audience passed
                    site.swap(temp, result.path)
                ids = {a.id for a in chosen}
                done = _finish_output(workspace, layout, None if ids == set(workspace.config.audiences) else ids)
        except KeyboardInterrupt:  # it came during the swaps, and arrives once they are done
            raise ReceiptsError("interrupted just as the new sites were put in place: every one of them is") from None
    finally:
        for temp, _ in built:
            if temp.exists():
                site.discard(temp)
    if notices is not None:
        notices.extend(done + committed_notices(Path(workspace.root), layout))
    return [result for _, result in built]


def _built_from(loaded: Workspace, chosen: list[Audience], layout: deploy.Layout, clock: Clock,
                found: list[str], results: list[AudienceResult]) -> incremental.BuiltFrom:
    """What the record of this build needs that only the build knows (incremental.py)."""
    history = loaded.config.history
    git = [] if history is None or history.bundle is not None else [
        os.path.abspath(Path(loaded.root) / (history.repo or "."))]
    secrets = [name for a in loaded.config.audiences.values() if a.protect for name in a.protect.passphrase_env]
    warnings = found + [f"audience '{r.audience}': {w}" for r in results for w in r.warnings]
    return incremental.BuiltFrom(git, secrets, clock, not incremental.dated_after(
        (loaded.campaigns, loaded.history), clock, loaded.config.timezone), warnings, list(layout))


def _finish_output(workspace: Workspace, layout: deploy.Layout, built: set[str] | None) -> list[str]:
    """The deploy folder's own files; earlier sites no audience writes to removed; every site readable.

    `built`: the ids of a subset build (`--audience`), None when every audience was built."""
    from generator.render.landing import root_files

    audiences = workspace.config.audiences
    notices = [] if built is None else deploy.kept_left_over(layout, audiences, built)
    # removed first: an old internal site in the deploy folder must not outlive a failure below
    notices += deploy.remove_left_over(deploy.left_over(layout, audiences, built))
    deploy.write_root_files(layout.deploy, root_files(workspace.config))
    if layout.private.is_dir():
        deploy.write_root_files(layout.private, {})
    deploy.open_every_site(layout)
    return notices


def _refuse_warnings(found: list[str], results: list[AudienceResult]) -> None:
    found = found + [f"audience '{r.audience}': {w}" for r in results for w in r.warnings]
    if found:
        raise StrictError(found)


def shown_path(path: Path) -> str:
    """A path as the command line's 'open' lines show it."""
    return site.shown_path(path)


def build_audience(workspace: Workspace, audience: Audience, layout: deploy.Layout,
                   clock: Clock | None = None, tool: str | None = None) -> tuple[Path, AudienceResult]:
    """One audience's site; `clock` None: the machine's clock now (a caller that is not a whole build);
    `tool`: the digest of the tool and theme (fingerprint.py), to keep pages of the last build (None: none)."""
    from generator.measures.opened import with_opened_figures
    from generator.redact.entries import redact

    clock = clock or build_clock()
    view, report = redact(workspace, audience, clock)
    view = with_opened_figures(workspace, audience, view, clock)
    measures = measure(view)
    epoch = source_epoch(view, clock)
    look = chrome(view, workspace, has_agency_measures(view, measures), epoch, audience)
    temp = site.new_build_dir(layout.root_of(audience), audience.id)
    try:
        store = kept_pages.store_for(workspace, audience, layout.folder_of(audience), look, epoch, tool)
        parts = kept_pages.units_of(view, measures) if store.path is not None else []
        whole = kept_pages.whole_key(store, parts, audience)
        kept = kept_pages.keep_site(store, whole, audience, temp)
        if kept is not None:  # nothing it shows or wears changed: the site as it passed the gate last time,
            check(temp, workspace, audience, view, clock)  # held to what is hidden now (docs/incremental.md)
            warnings, pages = kept.warnings, kept.pages
        else:
            warnings = _build_pages(workspace, audience, (view, measures), clock, parts, store, look, temp)
            pages = sum(1 for _ in temp.rglob("*.html"))
            temp = protect.seal_site(temp, workspace, audience, view, theme_dir(), clock)
        deploy.mark_site(temp)
        deploy.open_to_readers(temp)
        if kept is None:
            kept_pages.record_site(store, whole, audience, temp, pages, warnings)
    except OSError as exc:  # a full disk, a permission: the user's to fix, not our bug
        site.discard(temp)
        raise BuildError(f"could not write the site for audience '{audience.id}': {exc}") from exc
    except BaseException:
        site.discard(temp)
        raise
    return temp, AudienceResult(audience.id, audience.title, audience.tier, audience.internal,
                                pages, report, layout.folder_of(audience), warnings, audience.publish)


def _build_pages(workspace: Workspace, audience: Audience, measured: tuple, clock: Clock, parts: list,
                 store: reuse.Store, look: site.Chrome, temp: Path) -> list[str]:
    """Render (or keep) each unit of pages, build, index and audit the site in `temp`; the warnings.
    A store that keeps nothing: the site is rendered at once, by `render` (where tests inject faults),
    and its transparency packs made after it; else each campaign's pack is made (or kept) with its pages."""
    view, measures = measured
    made: list[tuple[str | None, Rendered]]
    if store.path is None:
        rendered = render(view, measures)
        said = packs(view, measures, rendered, record_head=rendered.record_head)
        made, kept = [(None, rendered)], frozenset[str]()
    else:
        from generator.render.pack_pdf import missing_packs

        every, made, kept = kept_pages.render_keeping(parts, store, temp)
        rendered = kept_pages.merged(every)
        said = missing_packs(view) + rendered.warnings
    if has_feed(audience):
        rendered.files.update(feed(view))
    epoch = source_epoch(view, clock)
    warnings = said + site.build_into(rendered, Path(workspace.root) / "content", theme_dir(), look, temp, epoch,
                                      kept)
    for key, part in made:
        kept_pages.put(store, key, part, temp)
    write_search(temp, rendered.search)
    check(temp, workspace, audience, view, clock)
    store.save()  # the gate passed: the next build may keep these pages
    return warnings


def has_agency_measures(view: AudienceView, measures) -> bool:
    from generator.render.measures_pages import has_agency_page

    return has_agency_page(view, measures)


def measure(view: AudienceView):
    from generator.measures import measure as compute

    return compute(view)


def render(view: AudienceView, measures):
    from generator.render.pages import render as render_pages

    return render_pages(view, measures)


def packs(view: AudienceView, measures, rendered, record_head: tuple[int, str] | None = None) -> list[str]:
    """Each campaign's transparency pack into `rendered` (docs/transparency-pack.md); the warnings."""
    from generator.render.pack_pdf import add_packs

    return add_packs(view, measures, rendered, record_head)


def feed(view: AudienceView) -> dict[str, bytes]:
    from generator.render.feed import FEED_PATH, feed_xml

    return {FEED_PATH: feed_xml(view)}


def has_feed(audience: Audience) -> bool:
    """FORMAT.md, Publishing, rule 5: a published, unprotected audience's timeline is an Atom feed."""
    return audience.publish and audience.protect is None


def write_search(site_dir: Path, records: list) -> None:
    """The search index: the records the render stage made (render/search_records.py)."""
    from generator.site.search_index import write_search_index

    write_search_index(site_dir, records)


def check(site_dir: Path, workspace: Workspace, audience: Audience, view: AudienceView,
          clock: Clock | None = None) -> None:
    findings = audit.audit_built(site_dir, workspace, audience, view, clock, audit.memo_folder(workspace.root))
    if findings:
        raise AuditError(audience.id, findings)


def chrome(view: AudienceView, workspace: Workspace, agency_measures: bool = False,
           built_epoch: int = 0, audience: Audience | None = None) -> site.Chrome:
    from generator.render import i18n

    logo_source, logo_dest, logo = None, None, None
    if view.audience.logo:
        logo_source = Path(workspace.root) / view.audience.logo
        logo_dest = f"{LOGO_DIR}/{logo_source.name}"
        logo = quote(logo_dest, safe="/-._~")  # the theme's `url` filter does not encode a `#` or a space
    extra = {
        "site_title": view.site_title,
        "audience_title": view.audience.title,
        "accent": view.audience.accent,
        "logo": logo,
        "as_of": i18n.format_when(view.as_of, view.language, view.timezone) if view.as_of else None,
        "lang": view.language,
        "strings": i18n.chrome_strings(view.language),
        "matrix": bool(view.matrix),
        "measures": agency_measures,  # the site-wide measures page across campaigns
        # Freshness, judged by the reader's browser against its own clock: the bytes stay reproducible.
        "built": built_epoch,
        "stale_after_days": workspace.config.stale_after_days,
        "stale_text": i18n.t(view.language, "stale", n="{n}"),
        "lock": protect.lock_label(workspace, view),  # a protected site's pages have a Lock button
        "feed": has_feed(audience) if audience is not None else False,  # <link rel="alternate"> to feed.xml
    }
    return site.Chrome(view.site_title, view.site_url, view.language, extra, logo_source, logo_dest)


LAST_SECOND = 253402300799  # 9999-12-31 23:59:59 UTC: the last moment a date can hold


def pinned_epoch() -> int | None:
    """SOURCE_DATE_EPOCH, read once: None when unset; a malformed value stops the build
    (the reproducible-builds.org rule: never guessed at, never handed on to MkDocs)."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return None
    if not (value.isascii() and value.isdigit()) or int(value) > LAST_SECOND:
        raise ReceiptsError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC, at most "
                            f"{LAST_SECOND} (the end of year 9999); got '{value[:40]}'. Unset it to date the "
                            "sites by their as-of moment.")
    return int(value)


def build_clock() -> Clock:
    """The build's clock (FORMAT.md, "Time"), read once at the start of a command and passed down."""
    return Clock.read(pinned_epoch())


def source_epoch(view: AudienceView, clock: Clock | None) -> int:
    """The pinned epoch, else the view's as-of moment: never the machine's clock."""
    if clock is not None and clock.pinned:
        return clock.epoch
    when = view.as_of
    if when is None:
        return 0
    if not isinstance(when, dt.datetime):
        when = dt.datetime.combine(when, dt.time(), dt.timezone.utc)
    return int(when.timestamp())
