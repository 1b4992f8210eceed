"""search/index.js and its parts: the render stage's records, as scripts that are safe to load."""

import json

from generator.render.search_records import SearchRecord
from generator.site import search_index
from generator.site.search_index import index_files, write_search_index


def _record(n: int, text: str = "words") -> SearchRecord:
    return SearchRecord("Task", f"Task {n}", f"c{n:02d}/index.html#task-t{n}", "In progress", "1 Mar 2026", text,
                        f"Campaign {n}")


def _parts(files: dict[str, bytes]) -> list[str]:
    text = files["search/index.js"].decode("utf-8")
    assert text.startswith("window.RECEIPTS_SEARCH = ") and text.endswith(";\n")
    return json.loads(text[len("window.RECEIPTS_SEARCH = "):-2])["parts"]


def _records(files: dict[str, bytes]) -> list[dict]:
    records = []
    for name in _parts(files):
        text = files[f"search/{name}.js"].decode("utf-8")
        prefix = f'window.RECEIPTS_SEARCH_PARTS["{name}"] = '
        assert text.startswith(prefix) and text.endswith(";\n")
        records += json.loads(text[len(prefix):-2])
    return records


def test_each_record_is_written_once_in_order_with_short_keys_and_no_empty_field():
    files = index_files([_record(1), SearchRecord("Campaign", "Launch", "c02/index.html")])
    assert _records(files) == [
        {"k": "Task", "t": "Task 1", "u": "c01/index.html#task-t1", "l": "In progress", "d": "1 Mar 2026",
         "x": "words", "c": "Campaign 1"},
        {"k": "Campaign", "t": "Launch", "u": "c02/index.html"}]


def test_the_script_cannot_be_closed_by_record_text():
    files = index_files([_record(1, "Tom & Jerry </script><script>alert(1)</script>")])
    text = b"".join(files.values()).decode("utf-8")
    assert "<" not in text and "&" not in text and "\\u003c/script" in text
    assert _records(files)[0]["x"] == "Tom & Jerry </script><script>alert(1)</script>"  # intact once decoded


def test_the_index_is_a_pure_function_of_the_records(tmp_path):
    records = [_record(n) for n in range(5)]
    assert index_files(records) == index_files(list(records))
    assert write_search_index(tmp_path, records) == 5
    assert {f"search/{p.name}": p.read_bytes() for p in (tmp_path / "search").iterdir()} == index_files(records)


def test_a_site_without_records_has_an_index_of_one_empty_part():
    files = index_files([])
    assert _parts(files) == ["part_001"] and _records(files) == []


def test_a_big_index_is_cut_into_parts_each_within_the_bound(monkeypatch):
    monkeypatch.setattr(search_index, "PART_CHARS", 400)
    records = [_record(n, "words " * 10) for n in range(30)]
    files = index_files(records)
    parts = _parts(files)
    assert len(parts) > 5 and parts[0] == "part_001"
    assert all(len(files[f"search/{n}.js"]) < 400 + 200 for n in parts)
    assert [r["u"] for r in _records(files)] == [r.url for r in records]  # each once, in order
