"""The flow, one line a stage: load, redact, measure, render, build, audit, swap."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from generator import audit, build_parallel, protect, site
from generator.errors import AuditError, BuildError, ReceiptsError, StrictError
from generator.model import Audience, Workspace
from generator.redact import Report, redact
from generator.sources.paths import not_a_folder
from generator.sources.workspace import load_workspace
from generator.view import AudienceView

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


def theme_dir() -> Path:
    """The installed copy of the theme, or the repository's own."""
    installed = PACKAGE_DIR / "_themes" / "receipts"
    return installed if installed.is_dir() else PACKAGE_DIR.parent / "themes" / "receipts"


def output_root(workspace: Workspace, output: str | Path | None) -> Path:
    return Path(output).resolve() if output else Path(workspace.root) / workspace.config.output


def select(workspace: Workspace, names: list[str] | None) -> list[Audience]:
    audiences = workspace.config.audiences
    unknown = [n for n in names or () if n not in audiences]
    if unknown:
        raise ReceiptsError(f"unknown audience {', '.join(unknown)}; expected one of: {', '.join(audiences)}")
    return [audiences[n] for n in names] if names else list(audiences.values())


def build(root: str | Path = ".", audiences: list[str] | None = None,
          output: str | Path | None = None, warnings: list[str] | None = None,
          strict: bool = False, jobs: int | None = None) -> list[AudienceResult]:
    """Build every (or every named) audience's site; all or nothing.

    `warnings`, when given, receives what the user should know but that did
    not stop the build (past versions of campaign files git holds that no
    longer parse, and were skipped; campaign files with edits the history
    does not hold). With `strict`, any warning (those, or the site engine's)
    is a StrictError raised before any site is replaced. `jobs`: how many
    sites are built at once (default: one per core; build_parallel.py).
    """
    pinned = pinned_epoch()
    workspace = load_workspace(root)
    out_root = output_root(workspace, output)
    _refuse_dangerous_output(workspace, out_root)
    site.recover(out_root)
    found = list(workspace.history.warnings) + _stale_sites(workspace, out_root)
    if warnings is not None:
        warnings.extend(found)
    chosen = select(workspace, audiences)
    protect.require_passphrases(chosen)  # a missing passphrase stops the build before any site is built
    built = build_parallel.build_each(build_audience, workspace, chosen, out_root, pinned,
                                      build_parallel.workers_for(chosen, jobs))
    try:
        if strict:
            _refuse_warnings(found, [result for _, result in built])
        try:
            with site.signals_held():  # all sites replaced, or none: Ctrl-C or SIGTERM waits for the last swap
                for temp, result in built:  # swap only when every audience passed
                    site.swap(temp, result.path)
        except KeyboardInterrupt:  # it came during the swaps, and arrives once they are done
            raise ReceiptsError("interrupted just as the new sites were put in place: every one of them is") from None
    finally:
        for temp, _ in built:
            if temp.exists():
                site.discard(temp)
    return [result for _, result in built]


def _refuse_warnings(found: list[str], results: list[AudienceResult]) -> None:
    found = found + [f"audience '{r.audience}': {w}" for r in results for w in r.warnings]
    if found:
        raise StrictError(found)


def _stale_sites(workspace: Workspace, out_root: Path) -> list[str]:
    """A site left in the output by an audience no longer configured is still there to be published."""
    return [f"{shown_path(path)}/ is the site of audience '{path.name}', which site_config.yml no longer has; "
            "it is still published with the others: delete the folder if it should not be"
            for path in site.receipts_sites(out_root) if path.name not in workspace.config.audiences]


def shown_path(path: Path) -> str:
    """A path as a message shows it: relative to the working folder when it is inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def build_audience(workspace: Workspace, audience: Audience, out_root: Path,
                   pinned: int | None = None) -> tuple[Path, AudienceResult]:
    view, report = redact(workspace, audience)
    measures = measure(view)
    rendered = render(view, measures)
    temp = site.new_build_dir(out_root, audience.id)
    try:
        agency_measures = any(p.path == "measures.md" for p in rendered.pages)
        warnings = site.build_into(rendered, Path(workspace.root) / "content", theme_dir(),
                                   chrome(view, workspace, agency_measures), temp, source_epoch(view, pinned))
        write_search(temp)
        check(temp, workspace, audience, view)
        pages = sum(1 for _ in temp.rglob("*.html"))
        temp = protect.seal_site(temp, workspace, audience, view, theme_dir())
    except OSError as exc:  # a full disk, a permission: the user's to fix, not our bug
        site.discard(temp)
        raise BuildError(f"could not write the site for audience '{audience.id}': {exc}") from exc
    except BaseException:
        site.discard(temp)
        raise
    return temp, AudienceResult(audience.id, audience.title, audience.tier, audience.internal,
                                pages, report, out_root / audience.id, warnings)


def measure(view: AudienceView):
    from generator.measures import measure as compute

    return compute(view)


def render(view: AudienceView, measures):
    from generator.render.pages import render as render_pages

    return render_pages(view, measures)


def write_search(site_dir: Path) -> None:
    from generator.search_index import write_search_index

    write_search_index(site_dir)


def check(site_dir: Path, workspace: Workspace, audience: Audience, view: AudienceView) -> None:
    findings = audit.audit_built(site_dir, workspace, audience, view)
    if findings:
        raise AuditError(audience.id, findings)


def chrome(view: AudienceView, workspace: Workspace, agency_measures: bool = False) -> site.Chrome:
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
        "lock": protect.lock_label(workspace, view),  # a protected site's pages have a Lock button
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


def source_epoch(view: AudienceView, pinned: int | None) -> int:
    """The pinned epoch, else the view's as-of moment: never the clock."""
    if pinned is not None:
        return pinned
    when = view.as_of
    if when is None:
        return 0
    if not isinstance(when, dt.datetime):
        when = dt.datetime.combine(when, dt.time(), dt.timezone.utc)
    return int(when.timestamp())


def _refuse_dangerous_output(workspace: Workspace, out_root: Path) -> None:
    root = Path(workspace.root)
    content = root / "content"
    if out_root == root or out_root.is_relative_to(content) or root.is_relative_to(out_root):
        raise ReceiptsError(f"output folder {out_root} would overwrite the workspace; choose a separate folder")
    blocking = not_a_folder(out_root)  # the command line says so of --output first; this is for every caller
    if blocking is not None:
        raise ReceiptsError(f"output {out_root} is not a folder: {blocking} is a file; expected a folder for the sites")
