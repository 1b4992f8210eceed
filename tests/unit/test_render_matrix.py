"""The redaction matrix in pages: every row on exactly one page, in order, with a pager to the others."""

import re

import pytest

from generator.render import matrix
from generator.render.matrix import MatrixGroup, paginate
from generator.render.pages import render
from tests.unit.render_views import MatrixCell, MatrixRow, view


def _rows(campaigns: dict[str, int]) -> tuple:
    return tuple(MatrixRow(c, "task", f"t{i:03d}", f"Task {i} of {c}", "1", (MatrixCell("shown"), MatrixCell("tier", "2")),
                           f"task/t{i:03d}")
                 for c, count in campaigns.items() for i in range(count))


def _groups(campaigns: dict[str, int]) -> list[MatrixGroup]:
    return [MatrixGroup(c, c, tuple(range(count))) for c, count in campaigns.items()]


@pytest.mark.parametrize("sizes", [{"a": 3}, {"a": 4, "b": 4, "c": 1}, {"a": 11, "b": 2}, {"a": 1, "b": 10, "c": 5}])
def test_pages_hold_every_row_once_in_order_and_never_more_than_the_bound(sizes):
    pages = paginate(_groups(sizes), 4)
    assert all(sum(len(g.rows) for g in page) <= 4 for page in pages)
    flat = [(g.id, row) for page in pages for g in page for row in g.rows]
    assert flat == [(c, i) for c, count in sizes.items() for i in range(count)]


def test_a_campaign_that_fits_on_a_fresh_page_is_not_cut(monkeypatch):
    pages = paginate(_groups({"a": 3, "b": 3}), 4)
    assert [[g.id for g in page] for page in pages] == [["a"], ["b"]]


def test_every_row_of_a_long_matrix_is_shown_across_its_pages(monkeypatch):
    monkeypatch.setattr(matrix, "ROWS", 5)
    rows = _rows({"launch": 12})
    rendered = render(view(internal=True, tier=4, matrix_audiences=("acme", "team"), matrix=rows))
    pages = sorted((p for p in rendered.pages if re.fullmatch(r"matrix(_\d+)?\.md", p.path)),
                   key=lambda p: int(re.sub(r"\D", "", p.path) or 1))
    assert [p.path for p in pages] == ["matrix.md", "matrix_2.md", "matrix_3.md"]
    shown = [m for p in pages for m in re.findall(r"<code>(t\d{3})</code>", p.body)]
    assert shown == [f"t{i:03d}" for i in range(12)]
    for number, page in enumerate(pages, start=1):
        hrefs = re.findall(r'<nav class="pager".*?</nav>', page.body, re.DOTALL)[0]
        assert re.findall(r'href="(matrix(?:_\d)?\.html)"', hrefs) == ["matrix.html", "matrix_2.html", "matrix_3.html"]
        assert hrefs.count('aria-current="page"') == 1 and f">{number}</a>" in hrefs.split("aria-current")[1][:20]


def test_a_short_matrix_is_one_page_without_a_pager():
    rendered = render(view(internal=True, tier=4, matrix_audiences=("acme", "team"), matrix=_rows({"launch": 3})))
    assert [p.path for p in rendered.pages if p.path.startswith("matrix")] == ["matrix.md"]
    assert 'class="pager"' not in next(p for p in rendered.pages if p.path == "matrix.md").body
