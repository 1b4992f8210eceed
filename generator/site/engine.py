"""The site engine: the ONE module that imports MkDocs.

Everything MkDocs-specific (config keys, the plugin hook that hands it our
pre-rendered page bodies, its logging) lives here, so switching to
ProperDocs, the maintained 1.x fork, is a change to this module alone.

MkDocs reads only the staging folder (invariant 2). Page bodies are not
Markdown: they are HTML rendered and sanitized by generator.render, handed
to MkDocs through `on_page_content`, so MkDocs never re-parses them.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config.base import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from generator.errors import BuildError


@dataclass(frozen=True)
class EngineSite:
    """What the engine needs: where things are and what to put in pages."""

    staging: Path  # holds docs/ with one stub .md per page, and assets
    out: Path  # the temporary site folder
    theme_dir: Path
    site_name: str
    site_url: str | None
    language: str
    bodies: dict[str, str]  # docs-relative .md path -> body HTML
    metas: dict[str, dict]  # docs-relative .md path -> page meta (title, local nav...), as front matter gives
    extra: dict  # theme context: branding, UI strings, per-page nav
    source_epoch: int  # for reproducible gzip headers
    kept: frozenset[str] = frozenset()  # docs-relative .md paths whose page is in `out` already, as built before


class _Copied(File):
    """A file MkDocs only copies, whatever its name: final work that is Markdown (`copy-deck.md`)."""

    def is_documentation_page(self) -> bool:
        return False


class _Kept(File):
    """A page built by an earlier build, already in the site folder: MkDocs lists it (the sitemap) and
    builds it not (its dirty build skips a file that is not modified)."""

    def is_modified(self) -> bool:
        return False


class _Bodies(BasePlugin):
    """Hands MkDocs the body HTML we rendered, instead of converting Markdown."""

    def __init__(self, site: EngineSite):
        super().__init__()
        self.site = site

    def on_files(self, files, config):
        """Our pages are the stubs we staged; any other Markdown file (an asset, a logo) is a file to copy."""
        return Files([self._as(f) for f in files])

    def _as(self, file: File) -> File:
        if not file.is_documentation_page() or file.src_uri in self.site.bodies:
            return file
        kind = _Kept if file.src_uri in self.site.kept else _Copied
        return kind(file.src_uri, file.src_dir, file.dest_dir, use_directory_urls=False)

    def on_page_read_source(self, page, config):
        """Our stubs are empty: nothing to read, and no front matter to parse (their meta is handed over)."""
        return "" if page.file.src_uri in self.site.bodies else None

    def on_page_markdown(self, markdown, page, config, files):
        if page.file.src_uri in self.site.metas:
            page.meta = dict(self.site.metas[page.file.src_uri])
        return markdown

    def on_page_content(self, html, page, config, files):
        return self.site.bodies[page.file.src_uri]

    def on_post_build(self, config):
        if not self.site.site_url:  # a sitemap needs absolute addresses
            for name in ("sitemap.xml", "sitemap.xml.gz"):
                with contextlib.suppress(FileNotFoundError):
                    (self.site.out / name).unlink()


def _config_text(site: EngineSite) -> str:
    config = {
        "site_name": site.site_name,
        "site_url": site.site_url or "",
        "docs_dir": "docs",
        "site_dir": str(site.out),
        "use_directory_urls": False,  # pages open from disk and under any sub-path
        "strict": False,
        # A 404 page is served at any missing path, so it needs absolute links:
        # only possible when the site's address (and so its sub-path) is known.
        "theme": {"name": None, "custom_dir": str(site.theme_dir), "locale": site.language,
                  "static_templates": ["404.html"] if site.site_url else []},
        "plugins": [],
        "markdown_extensions": [],
        "extra": site.extra,
        "validation": {"omitted_files": "ignore", "absolute_links": "ignore",
                       "unrecognized_links": "ignore", "anchors": "ignore"},
    }
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=True)


DIRTY_NOTICE = "A 'dirty' build is being performed"  # MkDocs' words for a build that keeps pages: ours, on purpose


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        message = record.getMessage()
        if not message.startswith(DIRTY_NOTICE):
            self.messages.append(message)


@contextlib.contextmanager
def _source_date_epoch(epoch: int):
    """MkDocs stamps the sitemap's gzip header with SOURCE_DATE_EPOCH: pin it to the epoch the build chose.

    The pipeline decides the epoch (the user's SOURCE_DATE_EPOCH when it is a
    number, else the as-of moment); a malformed value in the environment is
    not handed on to MkDocs.
    """
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def build_site(site: EngineSite) -> list[str]:
    """Run MkDocs in-process; return its warnings. Raises BuildError."""
    config_path = site.staging / "mkdocs.yml"
    config_path.write_text(_config_text(site), encoding="utf-8")
    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    logger.addHandler(collect)
    previous_level, logger.propagate = logger.level, False
    logger.setLevel(logging.WARNING)
    try:
        with _source_date_epoch(site.source_epoch):
            config = load_config(str(config_path))
            config.plugins["receipts-bodies"] = _Bodies(site)
            mkdocs_build(config, dirty=bool(site.kept))  # dirty: pages of `kept` are not built again
    except (MkDocsException, OSError, KeyError) as exc:
        raise BuildError(f"the site engine failed: {exc}") from exc
    finally:
        logger.removeHandler(collect)
        logger.setLevel(previous_level)
        logger.propagate = True
    return collect.messages


Answer = tuple[str, list[tuple[str, str]], bytes]  # an HTTP status, headers, body


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server (HTTP, file watching, browser reload), for `receipts serve`.

    Two hooks, so the preview's own logic stays outside this module:
    `respond(path)` answers a path before the built files are looked at
    (None: serve the file), as (status, headers, body); `decorate(html)`
    adds the preview bar to every HTML page served. `ready(url)` is told the
    address once the port is bound (port 0 picks a free one).
    """

    def __init__(self, builder: Callable[[], None], host: str, port: int, root: Path,
                 respond: Callable[[str], Answer | None], decorate: Callable[[bytes], bytes],
                 ready: Callable[[str], None]):
        super().__init__(builder, host, port, str(root), polling_interval=0.2, shutdown_delay=0.1)
        self.build_delay = 0.05  # a save is usually one write: start the rebuild soon after it
        self._respond, self._decorate, self._ready = respond, decorate, ready
        self._claimed = False
        logging.getLogger("mkdocs.livereload").setLevel(logging.ERROR)  # no access log: serve prints its own

    def start_watching(self, paths: list[tuple[Path, bool]]) -> None:
        """Watch (path, recursive) pairs from now on, before the first build: the observer takes its first
        look at them here, so an edit saved while that build runs is a change, never part of the "before"."""
        for path, recursive in paths:
            self.watch(str(path), recursive=recursive)
        self.observer.start()

    def serve(self, *, open_in_browser: bool = False) -> None:
        """MkDocs' serve(), less what start_watching and claim did already: answer pages, rebuild on changes."""
        self.serve_thread.start()
        self._build_loop()

    def stop(self) -> None:
        """Stop watching and serving, and wait for both (also when serving never started)."""
        started = self.serve_thread.is_alive()
        self.shutdown(wait=False)
        if started:
            self.serve_thread.join()
        if self.observer.is_alive():
            self.observer.join()

    def request_rebuild(self) -> None:
        """Rebuild as if a watched file had changed (an audience was chosen in the page)."""
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()

    def claim(self) -> None:
        """Bind the port now, before the first build: a port in use is said at once, not after a build."""
        self.server_bind()
        self.server_activate()
        self._claimed = True  # serve() binds again: that is done already

    def server_bind(self) -> None:
        if not self._claimed:
            super().server_bind()

    def server_activate(self) -> None:
        if self._claimed:
            return
        super().server_activate()
        host, port = self.server_address[:2]
        name = host if isinstance(host, str) else bytes(host).decode("ascii")  # typeshed allows a bytes host
        self._ready(f"http://{name}:{port}/")

    def _serve_request(self, environ, start_response):
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        answer = None if path.startswith("/livereload/") else self._respond(path)
        if answer is None:
            return super()._serve_request(environ, start_response)
        status, headers, body = answer
        if ("Content-Type", "text/html; charset=utf-8") in headers:
            body = self._inject_js_into_html(body, self._visible_epoch)
        start_response(status, [*headers, ("Content-Length", str(len(body)))])
        return [body]

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        return super()._inject_js_into_html(self._decorate(content), epoch)
