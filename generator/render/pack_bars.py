"""A measure's table as horizontal bars, drawn as inline SVG for the PDF (no browser, no Plotly).

One bar a row: the row's first cell names it, its last number cell is its
length and the text written at its end, exactly as the table beside it
shows. Negative values (an NPS) grow left of a zero line. What the table
does not show, the drawing does not either.
"""

from __future__ import annotations

from markupsafe import Markup

from generator.render.charts import Table

WIDTH, ROW, LABEL, VALUE = 640, 18, 220, 70  # SVG user units (px)
MAX_ROWS = 60  # longer tables stay tables: a drawing of hundreds of bars reads as nothing
LABEL_CHARS = 34


def _value(row) -> tuple[float, str] | None:
    numbers = [c for c in row[1:] if c.kind == "number" and c.raw]
    return (float(numbers[-1].raw), numbers[-1].text) if numbers else None


def _label(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


_OPEN = Markup('<svg class="bars" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" '
               'height="{h}" role="img" aria-label="{caption}">')
_BAR = Markup('<text x="{lx}" y="{ty}" text-anchor="end" font-size="10" fill="#111">{label}</text>'
              '<rect x="{x:.2f}" y="{ry}" width="{bw:.2f}" height="{bh}" fill="{colour}"/>'
              '<text x="{vx:.2f}" y="{ty}" font-size="10" fill="#333">{text}</text>')
_CLOSE = Markup('<line x1="{z:.2f}" y1="0" x2="{z:.2f}" y2="{h}" stroke="#111" stroke-width="0.75"/></svg>')


def bars(table: Table, colour: str = "#1d4ed8") -> Markup | None:
    """The SVG, or None when there is nothing to draw (no number, every value zero, too many rows)."""
    drawn = [(row[0].text, point) for row in table.rows if (point := _value(row)) is not None]
    if not drawn or len(drawn) > MAX_ROWS:
        return None
    low = min(0.0, *(v for _, (v, _) in drawn))
    high = max(0.0, *(v for _, (v, _) in drawn))
    if high == low:
        return None
    scale = (WIDTH - LABEL - VALUE) / (high - low)
    zero = LABEL - low * scale
    height = ROW * len(drawn) + 4
    parts = [_OPEN.format(w=WIDTH, h=height, caption=table.caption)]
    for n, (label, (value, text)) in enumerate(drawn):
        y = 2 + n * ROW
        left, right = sorted((zero, zero + value * scale))
        parts.append(_BAR.format(lx=LABEL - 6, ty=y + ROW - 6, label=_label(label), x=left, ry=y + 3,
                                 bw=max(right - left, 0.5), bh=ROW - 6, colour=colour, vx=right + 4, text=text))
    parts.append(_CLOSE.format(z=zero, h=height))
    return Markup("").join(parts)
