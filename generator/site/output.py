"""Pages -> a staging folder -> the engine -> a finished site folder.

The staging folder holds only generated page stubs and the assets the view
allows (invariant 2); MkDocs never sees content/. The site is built into a
temporary folder beside the output, audited, and only then swapped in
(invariant 3): a failed build leaves the last good site exactly as it was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.errors import BuildError
from generator.render import PageOut, Rendered

TRASH_PREFIX = _TRASH = ".receipts-old-"
TEMP_PREFIX = _TEMP = ".receipts-new-"


@dataclass(frozen=True)
class Chrome:
    """What the theme shows around every page of one audience's site."""

    site_title: str
    site_url: str | None
    language: str
    extra: dict  # config.extra.receipts for the theme (its "logo": the copy's URL path, percent-encoded)
    logo_source: Path | None  # copied to logo_dest
    logo_dest: str | None = None  # docs-relative: assets/_brand/<name>, a folder no campaign id can name


def html_path(md_path: str) -> str:
    return md_path[: -len(".md")] + ".html"


def page_meta(page: PageOut) -> dict:
    """What the theme reads as `page.meta`: handed to the engine as it is, never written out as YAML."""
    meta = {
        "title": page.title,
        "nav": [{"title": link.title, "url": html_path(link.path)} for link in page.nav],
        "section": page.section,
        "scripts": list(page.scripts),
    }
    if page.campaign:
        meta["campaign"] = page.campaign
    return meta


def stage(rendered: Rendered, content_root: Path, staging: Path, chrome: Chrome,
          kept: frozenset[str] = frozenset()) -> tuple[dict, dict]:
    """Write the docs folder MkDocs reads: an empty stub a page (the engine finds its pages by their
    files; `kept` pages too, built already), the assets; return src path -> body HTML, and src path -> meta."""
    docs = staging / "docs"
    docs.mkdir(parents=True)
    bodies, metas = {}, {}
    for path in sorted(kept):
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).touch()
    for page in sorted(rendered.pages, key=lambda p: p.path):
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.touch()
        bodies[page.path] = page.body
        metas[page.path] = page_meta(page)
    for source, dest in sorted(rendered.copies):
        target = docs / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(content_root / source, target)
    for dest, data in sorted(rendered.files.items()):
        target = docs / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    if chrome.logo_source is not None and chrome.logo_dest is not None:  # set together (pipeline.chrome)
        target = docs / chrome.logo_dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(chrome.logo_source, target)
    return bodies, metas


def build_into(rendered: Rendered, content_root: Path, theme_dir: Path, chrome: Chrome,
               out: Path, source_epoch: int, kept: frozenset[str] = frozenset()) -> list[str]:
    """Build a complete site into `out`, which holds nothing but the pages of `kept` (docs-relative .md
    paths), built before (site/reuse.py) and staged for the engine, not built again.

    A file system error (a full disk, a permission) is a BuildError that says
    what failed, like the engine's own: the user's mistake or machine, not a bug.
    """
    try:
        with tempfile.TemporaryDirectory(prefix="receipts-stage-") as tmp:
            return _build_staged(rendered, content_root, theme_dir, chrome, out, source_epoch, Path(tmp), kept)
    except OSError as exc:
        raise BuildError(f"could not write the site: {exc}") from exc


def _build_staged(rendered: Rendered, content_root: Path, theme_dir: Path, chrome: Chrome, out: Path,
                  source_epoch: int, staging: Path, kept: frozenset[str]) -> list[str]:
    from generator.site.engine import EngineSite, build_site  # MkDocs, imported only by a build that runs it

    bodies, metas = stage(rendered, content_root, staging, chrome, kept)
    return build_site(EngineSite(
        staging=staging, out=out, theme_dir=theme_dir, site_name=chrome.site_title,
        site_url=chrome.site_url, language=chrome.language, bodies=bodies, metas=metas,
        extra={"receipts": chrome.extra}, source_epoch=source_epoch, kept=kept,
    ))


_GENERATOR_MARK = b'<meta name="generator" content="Receipts">'  # in the <head> of every page of ours


def new_build_dir(output_root: Path, audience: str) -> Path:
    """A fresh temporary folder on the same file system as the output."""
    output_root.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{_TEMP}{audience}-", dir=output_root))


def recover(output_root: Path) -> None:
    """Undo what a killed build left behind, so no manual cleanup is needed.

    A build killed between the two renames of `swap` leaves the old site in a
    trash folder and no live one: put it back. Leftover temporary folders of
    unfinished builds are removed.
    """
    if not output_root.is_dir():
        return
    for trash in sorted(output_root.glob(f"{_TRASH}*")):
        audience = trash.name[len(_TRASH):].rsplit("-", 1)[0]
        live = output_root / audience
        if not live.exists():
            trash.rename(live)
        else:
            shutil.rmtree(trash, ignore_errors=True)
    discard_unfinished(output_root)


def discard_unfinished(output_roots: Path | Iterable[Path]) -> None:
    """Remove every temporary folder of a build under the output folder(s), finished or not."""
    for root in [output_roots] if isinstance(output_roots, Path) else output_roots:
        for temp in root.glob(f"{_TEMP}*"):
            if temp.is_dir() and not temp.is_symlink():
                shutil.rmtree(temp, ignore_errors=True)
            else:  # a root file being replaced (deploy.write_root_files)
                temp.unlink(missing_ok=True)


def is_old_site(folder: Path) -> bool:
    """A site Receipts built before its folders held a marker file: its home page says Receipts made it."""
    home = folder / "index.html"
    if folder.name.startswith(".") or home.is_symlink() or not home.is_file():
        return False
    with home.open("rb") as page:
        return _GENERATOR_MARK in page.read(4096)


def shown_path(path: Path) -> str:
    """A path as a message shows it: relative to the working folder when it is inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@contextlib.contextmanager
def signals_held():
    """Ctrl-C and SIGTERM wait until the block ends (a few renames), then arrive as KeyboardInterrupt.

    By Python-level handlers, not a signal mask: a process-directed signal may be delivered to any
    thread that does not block it (a pool's thread), while Python runs handlers in the main thread.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {signum: signal.signal(signum, lambda number, frame: caught.append(number))
                for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if caught:
        raise KeyboardInterrupt


def swap(new: Path, live: Path) -> None:
    """Replace `live` with `new`; the old site is kept until `new` is in place."""
    if not live.exists():
        new.rename(live)
        return
    trash = live.with_name(f"{_TRASH}{live.name}-{os.getpid()}")
    try:
        live.rename(trash)
        new.rename(live)
    except OSError as exc:
        with contextlib.suppress(OSError):
            if not live.exists():
                trash.rename(live)
        raise BuildError(f"could not replace {live}: {exc}") from exc
    shutil.rmtree(trash, ignore_errors=True)


def discard(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
