#!/usr/bin/env python3
"""Benchmark: rendering free text of hostile shapes against a benign floor.

Every shape is a text of the same size (1 MB by default) built to hit a
known slow path of some Markdown parser or of the HTML sanitiser: unclosed
link openers, bracket and emphasis runs, backtick runs, `<` autolinks and
raw tags, reference definitions, deep blockquote, list and raw HTML nesting,
wide tables. Each is rendered the way a site renders it
(generator.render.markup.markdown_html: cmark-gfm, then nh3) and its time is
printed as a ratio against the benign floor measured in the same run, so a
loaded machine shifts both alike. The documented size limit of one text is
far smaller (generator/load/limits.py); 1 MB leaves a margin.

    python scripts/bench_markdown.py              # 1 MB, every shape
    python scripts/bench_markdown.py --size 200000 --shape link_openers

tests/unit/test_markup_linear.py checks the same shapes grow linearly.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.render.markup import markdown_html  # noqa: E402

BENIGN = ("Some **bold** text, *a stress* and a [link](https://example.com) with `code`.\n\n"
          "- item one\n- item two\n\n> a quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n")


def _fill(unit: str) -> Callable[[int], str]:
    return lambda size: (unit * (size // len(unit) + 1))[:size]


def _growing(make: Callable[[int], str]) -> Callable[[int], str]:
    """Pieces that grow one step each (runs of 1, 2, 3... characters)."""
    def build(size: int) -> str:
        parts, total, step = [], 0, 1
        while total < size:
            parts.append(make(step))
            total += len(parts[-1])
            step += 1
        return "".join(parts)[:size]
    return build


def _table(size: int) -> str:
    """A header of many columns over many one-cell rows (the rows get padded)."""
    columns = 2000
    head = "|" + "a|" * columns + "\n|" + "-|" * columns + "\n"
    return (head + "x\n" * size)[:size]


SHAPES: dict[str, Callable[[int], str]] = {
    "benign": _fill(BENIGN),
    "link_openers": _fill("[a]("),
    "brackets": _fill("["),
    "image_openers": _fill("!["),
    "nested_brackets": _fill("[[[]"),
    "link_titles": _fill('[a](b "'),
    "emphasis_words": _fill("*a "),
    "underscore_words": _fill("_a "),
    "mixed_emphasis": _fill("*_"),
    "emphasis_links": _fill("*[a](b*"),
    "backtick_pairs": _fill("`a``"),
    "backtick_runs": _growing(lambda n: "`" * n + "a"),
    "angle_brackets": _fill("<"),
    "unclosed_tags": _fill("<a "),
    "autolink_openers": _fill("<http:"),
    "html_comments": _fill("<!--"),
    "entities": _fill("&#"),
    "ampersands": _fill("&"),
    "no_break_spaces": _fill("a\u00a0"),
    "quoted_titles": lambda size: '[a](b "' + _fill('\\"')(size - 10) + '")',
    "escapes": _fill("\\"),
    "reference_defs": _fill("[a]: "),
    "reference_lines": _fill("[a]:\n"),
    "blockquote_depth": _fill(">"),
    "blockquote_lines": _growing(lambda n: ">" * (n % 400) + " a\n"),
    "list_depth": _fill("- "),
    "ordered_depth": _fill("1. "),
    "indented_lists": _growing(lambda n: "  " * (n % 400) + "- a\n"),
    "raw_div_nesting": _fill("<div>"),
    "raw_list_nesting": _fill("<ul><li>"),
    "raw_block_ampersands": lambda size: "<div>\n" + _fill("&a ")(size - 6),
    "raw_href_ampersands": lambda size: '<a href="' + "&" * (size - 15) + '">x</a>',
    "setext_headings": _fill("a\n=\n"),
    "wide_table": _table,
}


def render_seconds(text: str, repeat: int = 1) -> float:
    """The best of `repeat` renderings, in this thread's CPU seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.thread_time()
        markdown_html(text)
        best = min(best, time.thread_time() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="characters per text (default 1 MB)")
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES), help="only these shapes")
    parser.add_argument("--repeat", type=int, default=3, help="renderings per shape; the best counts")
    args = parser.parse_args()
    floor = render_seconds(SHAPES["benign"](args.size), args.repeat)
    print(f"{'benign (floor)':22} {floor:8.3f} s   1.0x")
    worst = 0.0
    for name in args.shape or [name for name in SHAPES if name != "benign"]:
        seconds = render_seconds(SHAPES[name](args.size), args.repeat)
        worst = max(worst, seconds)
        print(f"{name:22} {seconds:8.3f} s {seconds / floor:5.1f}x", flush=True)
    print(f"slowest: {worst:.3f} s for {args.size:,} characters (CPU time of this thread)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
