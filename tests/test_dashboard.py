"""The coordinator dashboard, the commune feeds and the embed pages, checked against programme.json.

Every figure is counted again here, independently of sunprogramme.dashboard, from the
published programme.json and the vocabularies it carries.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser

import pytest

from sunprogramme.french_names import at_place
from sunprogramme.vocabularies import communes

from conftest import ROOT
from test_build import run_build

ATOM = "{http://www.w3.org/2005/Atom}"


class Tables(HTMLParser):
    """Rows of every table, by the id of the section holding it: [[header, cell, cell], …]."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.section = ""
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.in_body = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "section":
            self.section = attributes.get("aria-labelledby", "")
        elif tag == "tbody":
            self.in_body = True
            self.tables[self.section] = []
        elif tag == "tr" and self.in_body:
            self.row = []
        elif tag in ("th", "td") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.cell is not None and self.row is not None:
            self.row.append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[self.section].append(self.row)
            self.row = None
        elif tag == "tbody":
            self.in_body = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    output = tmp_path_factory.mktemp("dashboard") / "output"
    code, printed = run_build(ROOT / "content", output)
    assert code == 0, printed
    return output, json.loads((output / "programme.json").read_text(encoding="utf-8"))


def _tables(output) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed((output / "coordination" / "index.html").read_text(encoding="utf-8"))
    return parser.tables


def _as_counts(rows: list[list[str]]) -> dict[str, tuple[int, int]]:
    return {label: (int(events), int(sessions)) for label, events, sessions in rows}


def test_dashboard_counts_equal_counts_from_programme_json(built):
    output, data = built
    tables = _tables(output)
    events = data["events"]
    labels = {name: {t["slug"]: t["label"] for t in terms} for name, terms in data["vocabularies"].items()}

    def count(select) -> dict[str, tuple[int, int]]:
        found: dict[str, list[dict]] = {}
        for event in events:
            for key in select(event):
                found.setdefault(key, []).append(event)
        return {key: (len(group), sum(len(e["sessions"]) for e in group)) for key, group in found.items()}

    by_commune = count(lambda e: [e["venue"]["commune"]["name"] if e["venue"] else "En ligne seulement"])
    assert _as_counts(tables["par-commune"]) == by_commune
    assert _as_counts(tables["par-theme"]) == count(lambda e: [labels["themes"][t] for t in e["themes"]])
    assert _as_counts(tables["par-public"]) == count(lambda e: [labels["publics"][a] for a in e["audiences"]])

    per_day_sessions = Counter(s["start"][:10] for e in events for s in e["sessions"])
    per_day_events = Counter(day for e in events for day in {s["start"][:10] for s in e["sessions"]})
    day_rows = tables["par-jour"]
    assert [(int(ev), int(se)) for _label, ev, se in day_rows] == [
        (per_day_events[day], per_day_sessions[day]) for day in sorted(per_day_sessions)]
    assert sum(int(se) for _label, _ev, se in day_rows) == sum(len(e["sessions"]) for e in events)


def test_dashboard_shares_and_gaps(built):
    output, data = built
    tables = _tables(output)
    events = data["events"]
    venues = {v["id"]: v for v in data["venues"]}
    total = len(events)

    def shown(count: int) -> list[str]:
        return [f"{count} sur {total}", f"{round(100 * count / total)} %"]

    def venue_says(event) -> bool:
        venue = venues[event["venue"]["id"]] if event["venue"] else None
        return bool(venue and (venue["step_free"] is not None or venue["accessibility"]))

    accessible = sum(1 for e in events if e["accessibility"] or venue_says(e))
    assert [row[1:] for row in tables["qualite"]] == [
        shown(accessible),
        shown(sum(1 for e in events if e["has_easy_read"])),
        shown(sum(1 for e in events if e["registration"] is not None)),
        shown(sum(1 for e in events if e["image"] is not None)),
    ]
    page = (output / "coordination" / "index.html").read_text(encoding="utf-8")
    idle_partners = [p["name"] for p in data["partners"] if not p["events"]]
    assert f"Partenaires sans événement ({len(idle_partners)})" in page
    assert all(name in page for name in idle_partners)
    busy = {c["insee"] for c in data["communes"]}
    idle_communes = [c for c in communes() if c.insee not in busy]
    assert f"Communes du territoire sans événement ({len(idle_communes)})" in page
    assert len(idle_communes) == 41 - len(busy)
    # Each chart draws one bar label per table row.
    assert page.count("<svg") == 5 and page.count('role="img"') == 5
    assert 'href="../coordination/"' in (output / "donnees" / "index.html").read_text(encoding="utf-8")


def test_one_feed_per_commune_with_exactly_its_events(built):
    output, data = built
    for commune in data["communes"]:
        feed = ET.parse(output / "fils" / "communes" / f"{commune['slug']}.atom").getroot()
        ids = [entry.findtext(f"{ATOM}id") for entry in feed.iter(f"{ATOM}entry")]
        assert ids == [f"tag:sun.example.org,2026:evenement/{event_id}" for event_id in commune["events"]]
        # « aux Ulis », « à Orsay »: the phrases themselves are tested in test_french_names.
        assert feed.findtext(f"{ATOM}title") == f"SUN 2026 {at_place(commune['name'])}"
        page = (output / commune["url"] / "index.html").read_text(encoding="utf-8")
        assert f'href="../../fils/communes/{commune["slug"]}.atom"' in page


def test_embed_pages_list_the_events_without_menu(built):
    output, data = built
    for commune in data["communes"]:
        page = (output / "integrer" / "communes" / commune["slug"] / "index.html").read_text(encoding="utf-8")
        assert '<base target="_top">' in page and "sun-nav" not in page and 'content="noindex"' in page
        titles = {e["id"]: e["title"] for e in data["events"]}
        assert page.count('class="sun-event"') == len(commune["events"])
        assert all(titles[event_id].replace("'", "&#39;") in page for event_id in commune["events"])
    for partner in data["partners"]:
        page = (output / "integrer" / "partenaires" / partner["id"] / "index.html").read_text(encoding="utf-8")
        assert page.count('class="sun-event"') == len(partner["events"])
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert "integrer/" not in sitemap and "coordination/" not in sitemap and "carte/" in sitemap
