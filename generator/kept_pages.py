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
from generator.render.units import digest, merged, outputs
from generator.site import reuse
from generator.site.output import Chrome
from generator.view import AudienceView

__all__ = ["merged", "outputs", "record_of", "render_keeping", "store_for"]


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


def render_keeping(view: AudienceView, measures, store: reuse.Store,
                   out: Path) -> tuple[list[tuple[str | None, Rendered]], frozenset[str]]:
    """Each unit of pages the store kept, copied into `out`, or rendered: the rendered units with their
    keys, and the pages kept (docs-relative, for the engine)."""
    from generator.render.pages import units

    made, kept = [], []
    for unit in units(view, measures):
        taken = store.take(unit.key, out)
        if taken is None:
            made.append((unit.key, unit.make()))
        else:
            kept += taken.pages
    return made, frozenset(kept)


def record_of(store: reuse.Store) -> Callable[[Path, Path], dict[str, str]]:
    """A page's search record: kept in the store with its unit, else read from the page."""
    from generator.site.search_index import page_record

    def record(page: Path, site_dir: Path) -> dict[str, str]:
        return store.search_record(page.relative_to(site_dir).as_posix(), lambda: page_record(page, site_dir))

    return record
