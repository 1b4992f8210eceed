"""The page store (site/reuse.py): a unit is copied only as it was built, or not at all."""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.site.reuse import Built, Store


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _store(tmp_path: Path) -> tuple[Store, Path]:
    live, out = tmp_path / "live", tmp_path / "out"
    (live / "a").mkdir(parents=True)
    out.mkdir()
    (live / "a" / "index.html").write_bytes(b"page a")
    (live / "shared.js").write_bytes(b"shared")
    store = Store(tmp_path / "store.json", "site", live, tmp_path / "content")
    store.previous = {
        "a": Built(["a/index.md"], {"a/index.html": _sha(b"page a"), "shared.js": _sha(b"shared")}),
        "b": Built(["b/index.md"], {"shared.js": _sha(b"shared"), "b/index.html": _sha(b"page b")}),
    }
    return store, out


def test_a_unit_is_copied_when_its_files_are_as_built(tmp_path):
    store, out = _store(tmp_path)
    assert store.take("a", out) is not None
    assert (out / "a" / "index.html").read_bytes() == b"page a"


def test_a_unit_that_cannot_be_copied_whole_leaves_another_units_files(tmp_path):
    store, out = _store(tmp_path)
    store.take("a", out)
    assert store.take("b", out) is None  # shared.js is there already, and b/index.html is missing
    assert (out / "shared.js").read_bytes() == b"shared"
    assert not (out / "b").exists()


def test_a_file_edited_since_it_was_built_is_not_copied(tmp_path):
    store, out = _store(tmp_path)
    (store.live / "a" / "index.html").write_bytes(b"page a, edited by hand")
    assert store.take("a", out) is None
    assert not (out / "shared.js").exists() and not (out / "a" / "index.html").exists()


def test_a_store_of_another_site_key_keeps_nothing(tmp_path):
    store, out = _store(tmp_path)
    store.made = dict(store.previous)
    store.save()
    assert Store.load(store.path, "site", store.live, store.content).previous.keys() == {"a", "b"}
    assert Store.load(store.path, "another site", store.live, store.content).previous == {}
    store.path.write_text('{"version": 1, "site": "site", "units": {"a": {"pages": ["../x.md"]}}}')
    assert Store.load(store.path, "site", store.live, store.content).previous == {}


def test_a_kept_unit_gives_back_its_search_records_and_warnings(tmp_path):
    store, out = _store(tmp_path)
    record = {"kind": "Task", "title": "Draft the copy", "url": "a/index.html#task-t1"}
    store.put("a", (["a/index.md"], ["shared.js"], []), ([record], ["a/transparency-pack.pdf: a warning"]),
              store.live)
    store.save()
    again = Store.load(store.path, "site", store.live, store.content)
    taken = again.take("a", out)
    assert taken is not None and taken.search == [record]
    assert taken.warnings == ["a/transparency-pack.pdf: a warning"]
