"""`receipts serve`: a live preview of one audience's site, rebuilt on every change.

The site is built by the same pipeline as `receipts build` (audit gate
included), into a temporary folder that is removed on exit: the workspace's
output folders are never written. MkDocs' live-reload server
(generator/site/engine.py) watches the workspace and its git history, calls
`rebuild`, and reloads the browser; what goes wrong is shown in the page.
"""

from __future__ import annotations

import html
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, unquote

from generator.errors import InputError, ReceiptsError

SWITCH = "/_receipts/audience/"  # the page's audience menu leads here
HTML = ("Content-Type", "text/html; charset=utf-8")
BUILD_WAIT = 600  # seconds a request for another audience waits for its site (a huge workspace)


class Preview:
    """What the browser is shown: the chosen audience's latest good site, and the last build's problems."""

    def __init__(self, root: Path, audience: str | None, out: Path, say=print):
        self.root, self.audience, self.out, self.say = root, audience, out, say
        self.audiences: dict[str, str] = {}  # id -> title, from the last readable site_config.yml
        self.problems: list[str] = []
        self.warnings: list[str] = []
        self.home: dict[str, str] = {}  # audience id -> URL of its built home page
        self.seconds = 0.0
        self._attempts = 0
        self._attempted: str | None = None
        self._done = threading.Condition()

    def rebuild(self) -> None:
        """Build the chosen audience's site into the temporary folder; keep the problems to show."""
        from generator.pipeline import build

        started = time.perf_counter()
        audience = self._choose()
        warnings: list[str] = []
        try:
            if audience is None:
                raise ReceiptsError("site_config.yml lists no audience yet; add one under audiences:")
            (result,) = build(self.root, [audience], self.out / "site", warnings, False, 1, [])
            self.home[audience] = "/" + quote((result.path / "index.html").relative_to(self.out).as_posix())
            self.problems, self.warnings = [], warnings + result.warnings
        except InputError as exc:
            self.problems = [str(p) for p in exc.problems]
        except ReceiptsError as exc:
            self.problems = [str(exc)]
        except Exception as exc:  # a bug of ours: shown in the page, the preview keeps running
            self.problems = [f"internal error: {type(exc).__name__}: {exc}"]
        self.seconds = time.perf_counter() - started
        self._report(audience)
        with self._done:
            self._attempts, self._attempted = self._attempts + 1, audience
            self._done.notify_all()

    def _choose(self) -> str | None:
        """The audience to build: the one asked for, else the first of site_config.yml."""
        from generator.load.config import load_config

        config, _ = load_config(self.root)
        if config is not None and config.audiences:
            self.audiences = {a.id: a.title for a in config.audiences.values()}
        if self.audience is None and self.audiences:
            self.audience = next(iter(self.audiences))
        return self.audience

    def _report(self, audience: str | None) -> None:
        if self.problems:
            count = len(self.problems)
            self.say(f"{count} problem{'s' if count != 1 else ''}; the page shows them:", error=True)
            for problem in self.problems[:5]:
                self.say(f"  {problem}", error=True)
        else:
            self.say(f"built {audience} in {self.seconds:.2f} s")

    def switch(self, audience: str, server) -> None:
        """Make `audience` the one shown, and wait until its site is built (or failed)."""
        with self._done:
            before = self._attempts
            self.audience = audience
            server.request_rebuild()
            self._done.wait_for(lambda: self._attempts > before and self._attempted == audience, BUILD_WAIT)

    def respond(self, path: str, server) -> tuple[str, list[tuple[str, str]], bytes] | None:
        """The preview's own addresses; None for a file of the built site."""
        if path.startswith(SWITCH):
            wanted = unquote(path[len(SWITCH):])
            if wanted not in self.audiences:
                return "404 Not Found", [HTML], self.page(f"No audience '{html.escape(wanted)}' in site_config.yml.")
            self.switch(wanted, server)
            return "302 Found", [("Location", "/")], b""
        if path == "/":
            home = self.home.get(self.audience or "")
            if home:  # the last good site, with the last change's problems in its bar
                return "302 Found", [("Location", home)], b""
            return "200 OK", [HTML], self.page("The site could not be built yet.")
        return None

    def page(self, text: str) -> bytes:
        return (f"<!doctype html><html><head><meta charset='utf-8'><title>Receipts preview</title></head>"
                f"<body><p>{text}</p></body></html>").encode()

    def decorate(self, page: bytes) -> bytes:
        """Every page served gets the preview bar: the audience menu, the last build's problems."""
        at = page.rfind(b"</body>")
        at = len(page) if at < 0 else at
        return page[:at] + self.bar().encode() + page[at:]

    def bar(self) -> str:
        options = "".join(f"<option value='{html.escape(i)}'{' selected' if i == self.audience else ''}>"
                          f"{html.escape(t)} ({html.escape(i)})</option>" for i, t in self.audiences.items())
        menu = (f"<select aria-label='Audience' onchange=\"location.href='{SWITCH}'+encodeURIComponent(this.value)\""
                f" style='font:inherit'>{options}</select>")
        status = f"built in {self.seconds:.2f} s" if not self.problems else "the last change did not build"
        found = "".join(f"<li>{html.escape(p)}</li>" for p in self.problems + [f"warning: {w}" for w in self.warnings])
        listing = (f"<ul style='margin:.5em 0 0;padding-left:1.2em;max-height:40vh;overflow:auto;"
                   f"white-space:pre-wrap'>{found}</ul>") if found else ""
        colour = "#8b1a1a" if self.problems else "#1f2933"
        return (f"<div id='receipts-preview' role='status' style='position:fixed;left:0;right:0;bottom:0;"
                f"z-index:9999;background:{colour};color:#fff;font:14px/1.4 system-ui,sans-serif;"
                f"padding:.5em 1em'>Receipts preview · audience {menu} · {status}{listing}</div>")


def watched(root: Path) -> list[tuple[Path, bool]]:
    """What a change of rebuilds the site: site_config.yml, content/, and the git history's refs."""
    paths = [(root, False), (root / "content", True)]
    git_dirs = _git_dirs(root)
    if git_dirs:
        own, common = git_dirs
        paths += [(own / "HEAD", False), (common / "refs", True), (common / "packed-refs", False)]
    return [(p, recursive) for p, recursive in paths if p.exists()]


def _git_dirs(root: Path) -> tuple[Path, Path] | None:
    """The repository's own git folder (HEAD) and its common one (refs, shared by worktrees)."""
    import git

    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None
    with repo:
        return Path(repo.git_dir), Path(repo.common_dir)


def add_parser(sub) -> None:
    serve = sub.add_parser("serve", help="preview one audience's site live in the browser while you edit")
    serve.add_argument("workspace", nargs="?", default=".", help="the workspace folder (default: this one)")
    serve.add_argument("--audience", metavar="ID",
                       help="the audience to show first (default: the first in site_config.yml); "
                            "switch in the page")
    serve.add_argument("--port", type=int, default=8000, metavar="N",
                       help="the port on 127.0.0.1 to serve on (default: 8000; 0: any free port)")


def run(args, say=None) -> int:
    from generator.site.engine import PreviewServer

    say = say or _say
    root = Path(args.workspace)
    if not root.is_dir():
        raise ReceiptsError(f"workspace {args.workspace} is not a folder; expected a workspace folder")
    out = Path(tempfile.mkdtemp(prefix="receipts-serve-"))
    preview = Preview(root, args.audience, out, say)
    server = None
    try:
        server = PreviewServer(preview.rebuild, "127.0.0.1", args.port, out,
                               lambda path: preview.respond(path, server), preview.decorate,
                               lambda url: say(f"serving on {url} (Ctrl-C to stop)"))
        server.claim()
        server.start_watching(watched(root))  # before the first build: an edit saved during it is seen
        preview.rebuild()  # pages are answered once it is done: the first page is a built one
        server.serve()
    except KeyboardInterrupt:
        say("stopped")
    except OSError as exc:
        raise ReceiptsError(f"cannot serve on 127.0.0.1:{args.port}: {exc.strerror or exc}; "
                            "choose another port with --port") from None
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(out, ignore_errors=True)
    return 0


def _say(text: str, error: bool = False) -> None:
    print(text, file=sys.stderr if error else sys.stdout, flush=True)
