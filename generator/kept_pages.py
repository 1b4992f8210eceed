"""The pages an incremental build keeps from the last one: the store of a site, and the render that uses it.

The render stage's units (render/units.py) are rendered or, when the last
build made them from the same inputs, copied from the live site by the
store (site/reuse.py). docs/incremental.md, "What is reused and what is not".
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from generator.cache_folder import cache_dir
from generator.model import Audience, Workspace
from generator.render import Rendered
from generator.render.units import Unit, digest, merged, outputs
from generator.site import kept_site, reuse
from generator.site.output import Chrome
from generator.view import AudienceView

__all__ = ["keep_site", "merged", "outputs", "record_of", "record_site", "render_keeping", "store_for", "units_of",
           "whole_key"]


def store_for(workspace: Workspace, audience: Audience, live: Path, look: Chrome, epoch: int,
              tool: str | None) -> reuse.Store:
    """The pages the last build of this site kept, under a key of all that surrounds them (the tool's
    digest `tool`, None: keep nothing). A protected site keeps none (its live pages are sealed)."""
    cache = cache_dir(Path(workspace.root)) if tool is not None else None
    content = Path(workspace.root) / "content"
    logo = None if look.logo_source is None else hashlib.sha256(look.logo_source.read_bytes()).hexdigest()
    key = digest([reuse.VERSION, tool, audience.id, look.site_title, look.site_url, look.language,
                  look.extra, look.logo_dest, logo, epoch])
    if cache is None or key is None or audience.protect is not None:
        return reuse.Store(None, "", live, content)
    return reuse.Store.load(cache / "pages" / f"{audience.id}.json", key, live, content)


def units_of(view: AudienceView, measures) -> list[Unit]:
    from generator.render.pages import units

    return units(view, measures)


def render_keeping(parts: list[Unit], store: reuse.Store,
                   out: Path) -> tuple[list[tuple[str | None, Rendered]], frozenset[str]]:
    """Each unit of pages the store kept, copied into `out`, or rendered: the rendered units with their
    keys, and the pages kept (docs-relative, for the engine)."""
    made, kept = [], []
    for unit in parts:
        taken = store.take(unit.key, out)
        if taken is None:
            made.append((unit.key, unit.make()))
        else:
            kept += taken.pages
    return made, frozenset(kept)


def whole_key(store: reuse.Store, parts: list[Unit], audience: Audience) -> str | None:
    """The key of a whole site (site/kept_site.py): every unit's, what surrounds them, the audience's
    settings; None when the store keeps nothing (a protected site, a build that reuses nothing)."""
    keys = [unit.key for unit in parts]
    if store.path is None or None in keys:
        return None
    return digest(["site", kept_site.VERSION, store.site, keys, audience])


def site_record(store: reuse.Store, audience: Audience) -> Path | None:
    return None if store.path is None else store.path.parent.parent / "sites" / f"{audience.id}.json"


def keep_site(store: reuse.Store, key: str | None, audience: Audience, out: Path) -> kept_site.KeptSite | None:
    """The last build's site copied into `out` when it was built under `key` and is as it was built."""
    return kept_site.take(site_record(store, audience), key, store.live, store.content, out)


def record_site(store: reuse.Store, key: str | None, audience: Audience, site_dir: Path, pages: int,
                warnings: list[str]) -> None:
    """Record the finished site for the next build, with the files of content/ its units copied."""
    sources = {rel: sha for built in store.made.values() for rel, sha in built.sources.items()}
    kept_site.save(site_record(store, audience), key, site_dir, sources, pages, warnings)


def record_of(store: reuse.Store) -> Callable[[Path, Path], dict[str, str]]:
    """A page's search record: kept in the store with its unit, else read from the page."""
    from generator.site.search_index import page_record

    def record(page: Path, site_dir: Path) -> dict[str, str]:
        return store.search_record(page.relative_to(site_dir).as_posix(), lambda: page_record(page, site_dir))

    return record
