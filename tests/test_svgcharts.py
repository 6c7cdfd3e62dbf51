"""The dashboard's SVG bar charts: bar lengths in proportion, text escaped, valid XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from sunprogramme.svgcharts import BAR_WIDTH, bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_bars_are_in_proportion_and_text_is_escaped():
    svg = ET.fromstring(bar_chart([("Massy", 12), ("<Orsay & co>", 3), ("Igny", 0)], "Par commune", "\u202f%"))
    assert svg.get("role") == "img" and svg.get("aria-label") == "Par commune"
    assert [int(r.get("width")) for r in svg.iter(f"{SVG}rect")] == [BAR_WIDTH, BAR_WIDTH // 4]  # no bar for 0
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts == ["Massy", "12\u202f%", "<Orsay & co>", "3\u202f%", "Igny", "0\u202f%"]


def test_long_labels_are_shortened_and_empty_charts_are_drawn():
    svg = ET.fromstring(bar_chart([("x" * 60, 1)], "Titre"))
    assert next(svg.iter(f"{SVG}text")).text == "x" * 43 + "…"
    assert ET.fromstring(bar_chart([], "Vide")).get("height") == "4"
