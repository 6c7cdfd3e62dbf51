"""Horizontal bar charts as inline SVG, drawn at build time: no JavaScript, prints well.

The chart is a picture of the table printed beside it (which carries the figures for
screen readers); its text is escaped, its geometry fixed, so the same numbers always
give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

BAR_COLOUR = "#0b4f8a"  # the site's link blue: 8.1:1 on white, well above the 3:1 asked of graphics
TEXT_COLOUR = "#1b1b1b"
# Label above its bar, so that the chart stays narrow: drawn 360 units wide, it keeps text of about
# 15 px on a 360 px phone instead of shrinking a wide chart to unreadable type.
WIDTH = 360
ROW_HEIGHT = 46
BAR_HEIGHT = 18
BAR_WIDTH = 300  # the longest bar; its value is written after it


def _shorten(label: str, limit: int = 44) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def bar_chart(rows: Sequence[tuple[str, int]], title: str, unit: str = "") -> str:
    """``rows``: (label, value) pairs, drawn top to bottom in the order given; ``unit`` follows each value
    (« % »)."""
    top = max((value for _label, value in rows), default=0) or 1
    height = ROW_HEIGHT * len(rows) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sun-chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-label={quoteattr(title)}>',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, value) in enumerate(rows):
        y = index * ROW_HEIGHT
        length = round(BAR_WIDTH * value / top)
        parts.append(f'<text x="0" y="{y + 16}" fill="{TEXT_COLOUR}" font-size="15">{escape(_shorten(label))}</text>')
        if length:
            parts.append(f'<rect x="0" y="{y + 22}" width="{length}" height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"/>')
        parts.append(f'<text x="{length + 6}" y="{y + 36}" fill="{TEXT_COLOUR}" font-size="15">'
                     f'{value}{escape(unit)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
