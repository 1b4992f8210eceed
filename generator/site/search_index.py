"""Search records -> search/index.js and its parts: what the theme's search.js reads.

The records come from the render stage (render/search_records.py: one per
entry a page shows, built from the audience's view, never by reading the
built HTML back). The index is scripts, not JSON fetched at run time, so
search works from file:// and through a protected site's service worker
(which serves every file a page asks for, decrypted):

    search/index.js       window.RECEIPTS_SEARCH = {"parts": ["part_001", ...]};
    search/part_001.js    window.RECEIPTS_SEARCH_PARTS["part_001"] = [{k, t, u, l, d, x, c}, ...];

Only the small list loads with the search page; search.js loads the parts
when a visitor searches, so no page weighs the whole index. The records
come campaign by campaign and are cut into parts of about `PART_CHARS`, so a
part holds whole campaigns where they fit (a campaign larger than a part
goes on over the next ones). A part's name has an underscore, which no id
has, so it never reads as an entry's id. The bytes are a pure function of
the records, and "<" is escaped so no text can close the script
(invariant 5).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

SEARCH_INDEX = "search/index.js"
PART_PATTERN = re.compile(r"search/(part_\d{3,})\.js\Z")
PART_CHARS = 200_000  # JSON characters of one part: some 40 KB gzipped, well within a page's budget
INDEX_PREFIX = "window.RECEIPTS_SEARCH = "
PART_PREFIX = 'window.RECEIPTS_SEARCH_PARTS["{name}"] = '


class Record(Protocol):
    def as_json(self) -> dict[str, str]: ...


def _script_json(value) -> str:
    payload = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _parts(records: Iterable[dict[str, str]]) -> list[list[str]]:
    """Each record as JSON, in order, cut into runs of about `PART_CHARS` characters (at least one record each)."""
    parts: list[list[str]] = [[]]
    size = 0
    for record in records:
        text = _script_json(record)
        if parts[-1] and size + len(text) + 1 > PART_CHARS:
            parts.append([])
            size = 0
        parts[-1].append(text)
        size += len(text) + 1
    return parts


def part_name(number: int) -> str:
    return f"part_{number:03d}"


def index_files(records: Sequence[Record]) -> dict[str, bytes]:
    """Site-relative path -> bytes of the index and its parts (an empty site: one empty part)."""
    files: dict[str, bytes] = {}
    names = []
    for number, part in enumerate(_parts(r.as_json() for r in records), start=1):
        name = part_name(number)
        names.append(name)
        # a JSON list of the records, as json.dumps would write it: each record is encoded once
        files[f"search/{name}.js"] = (PART_PREFIX.format(name=name) + "[" + ",".join(part) + "];\n").encode("utf-8")
    files[SEARCH_INDEX] = (INDEX_PREFIX + _script_json({"parts": names}) + ";\n").encode("utf-8")
    return files


def write_search_index(site_dir: Path, records: Sequence[Record]) -> int:
    """Write site_dir/search/index.js and its parts; return how many records they hold."""
    folder = Path(site_dir) / "search"
    folder.mkdir(parents=True, exist_ok=True)
    for path, data in index_files(records).items():
        (Path(site_dir) / path).write_bytes(data)
    return len(records)
