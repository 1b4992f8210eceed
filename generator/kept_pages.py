"""The pages an incremental build keeps from the last one: the store of a site, and the render that uses it.

The render stage's units (render/units.py) are rendered or, when the last
build made them from the same inputs, copied from the live site by the
store (site/reuse.py). docs/incremental.md, "What is reused and what is not".
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from generator.cache_folder import cache_dir
from generator.model import Audience, Workspace
from generator.render import Rendered
from generator.render.units import Unit, digest, merged, outputs
from generator.site import kept_site, reuse
from generator.site.output import Chrome
from generator.view import AudienceView

__all__ = ["keep_site", "merged", "outputs", "put", "record_site", "render_keeping", "store_for", "units_of",
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
    return _readable(reuse.Store.load(cache / "pages" / f"{audience.id}.json", key, live, content))


def units_of(view: AudienceView, measures) -> list[Unit]:
    """The site's units, each campaign's with its transparency pack (render/pages.py)."""
    from generator.render.pages import units

    return units(view, measures, packs=True)


def render_keeping(parts: list[Unit], store: reuse.Store,
                   out: Path) -> tuple[list[Rendered], list[tuple[str | None, Rendered]], frozenset[str]]:
    """Each unit of pages the store kept, copied into `out`, or rendered: every unit's part in order (a
    kept one holds its search records and warnings alone), the rendered ones with their keys, and the
    pages kept (docs-relative, for the engine)."""
    every: list[Rendered] = []
    made, kept = [], []
    for unit in parts:
        taken = store.take(unit.key, out)
        if taken is None:
            made.append((unit.key, unit.make()))
            every.append(made[-1][1])
        else:
            kept += taken.pages
            every.append(Rendered(search=[_search_record(r) for r in taken.search], warnings=list(taken.warnings)))
    return every, made, frozenset(kept)


def put(store: reuse.Store, key: str | None, part: Rendered, out: Path) -> None:
    """Record a rendered unit in the store, with its search records and warnings for a build that keeps it."""
    store.put(key, outputs(part), ([dataclasses.asdict(r) for r in part.search], part.warnings), out)


def _search_record(fields: dict[str, str]):
    from generator.render.search_records import SearchRecord

    return SearchRecord(**fields)


def _readable(store: reuse.Store) -> reuse.Store:
    """A store whose search records are not SearchRecords' fields keeps nothing."""
    try:
        for built in store.previous.values():
            [_search_record(r) for r in built.search]
    except TypeError:
        store.previous = {}
    return store


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
