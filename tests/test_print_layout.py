"""The print pack as commune staff print it on an office printer, read back with pdfplumber from
every PDF the demo build draws (A4 and A3 event posters, commune posters A4 and A3, commune kits,
commune programmes and the programme booklet):

- nothing (no word, no filled shape, no image) lies in the 10 mm the printer leaves white;
- on A4, no text under 12 pt but in the programme tables (10 pt at least) and the marks inside the
  accessibility pictograms; A3 is the same page scaled up, sizes included;
- a programme's table keeps its columns on every page and day;
- a listing's counts say what it lists, with their grammar (« 1 séance », « 2 séances »);
- an exhibition's opening hours are listed once, with their sentence, and counted once.
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

from sun_site.build import build
from sunprogramme import printing
from sunprogramme.loader import check_programme
from sunprogramme.settings import ProgrammeSettings
from sunprogramme.urls import SiteUrls
from sunprogramme.writers import posters

from conftest import ROOT
from test_session_times import EXHIBITION

MM = posters.mm
A4_WIDTH = posters.A4[0]
SAFE = 10 * MM
TOLERANCE = 0.5  # points: rounding in the PDF's matrices
WHITE = (1.0, 1.0, 1.0)
PICTOGRAM_BLUE = (0.043137, 0.309804, 0.541176)
ROW_COLOURS = {WHITE, (1.0, 0.964706, 0.917647), (0.541176, 0.231373, 0.0)}  # rows, then the head row
HEADS = ("Jour", "Heure", "Rendez-vous", "Lieu")
NBSP = "\xa0"


def _colour(value) -> tuple[float, ...]:
    return tuple(round(float(v), 6) for v in value) if isinstance(value, list | tuple) else ()


def _read(pdf: Path) -> list[dict]:
    """What the tests need of each page, in points, with sizes as on A4 (``scale``)."""
    pages = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            shapes = [{"x0": s["x0"], "x1": s["x1"], "top": s["top"], "bottom": s["bottom"], "kind": kind,
                       "colour": _colour(s.get("non_stroking_color"))}
                      for kind, found in (("rect", page.rects), ("curve", page.curves)) for s in found
                      if s.get("fill")]
            shapes += [{"x0": i["x0"], "x1": i["x1"], "top": i["top"], "bottom": i["bottom"], "kind": "image",
                        "colour": ()} for i in page.images]
            chars = [{"text": c["text"], "size": c["size"], "x0": c["x0"], "x1": c["x1"], "top": c["top"],
                      "bottom": c["bottom"], "colour": _colour(c.get("non_stroking_color")),
                      "bold": c["fontname"].endswith("Bold")} for c in page.chars if not c["text"].isspace()]
            limit = 133 * MM * page.width / A4_WIDTH
            pages.append({"width": page.width, "height": page.height, "scale": page.width / A4_WIDTH,
                          "words": page.extract_words(), "shapes": shapes, "chars": chars,
                          "text": page.extract_text(),
                          # left of a listing's QR code and its address (from 133 mm): the heading and intro
                          "left": page.filter(lambda o, limit=limit: o["object_type"] != "char"
                                              or o["x0"] < limit).extract_text()})
    return pages


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo content built with its A3 posters; every PDF read once."""
    folder = tmp_path_factory.mktemp("print-layout")
    settings = folder / "conf.py"
    settings.write_text((ROOT / "pelicanconf.py").read_text(encoding="utf-8")
                        + f'\nTHEME = "{ROOT / "theme"}"\nPLUGIN_PATHS = ["{ROOT / "plugins"}"]\n'
                        "PROGRAMME_POSTERS_A3 = True\n", encoding="utf-8")
    printed = io.StringIO()
    output = folder / "output"
    assert build(str(settings), str(ROOT / "content"), str(output), out=printed) == 0, printed.getvalue()
    data = json.loads((output / "programme.json").read_text(encoding="utf-8"))
    pdfs = {str(pdf.relative_to(output)): _read(pdf) for pdf in sorted((output / "affiches").rglob("*.pdf"))}
    return data, pdfs


def _kind(name: str) -> str:
    if name.startswith("affiches/evenements/"):
        return "event A3" if name.endswith("-a3.pdf") else "event"
    if name.startswith("affiches/communes/"):
        return "commune A3" if name.endswith("-a3.pdf") else "commune"
    if name.startswith("affiches/kits/"):
        return "kit"
    return "booklet"


def test_the_demo_print_pack_holds_every_kind_of_pdf(demo):
    data, pdfs = demo
    events, communes = len(data["events"]), len(data["communes"])
    assert Counter(_kind(name) for name in pdfs) == {
        "event": events, "event A3": events, "commune": communes, "commune A3": communes, "kit": communes,
        "booklet": communes + 1}
    assert "affiches/programme.pdf" in pdfs
    assert {len(pages) for name, pages in pdfs.items() if _kind(name).startswith("event")} == {1}
    assert {round(pages[0]["width"]) for name, pages in pdfs.items() if name.endswith("-a3.pdf")} == {842}


def test_nothing_is_printed_outside_the_safe_area(demo):
    """Office printers leave 4 to 6 mm white and clip what lies there: not a word, a filled shape
    (the edition's band included) or an image nearer an edge than 10 mm (14.1 mm on A3)."""
    _data, pdfs = demo
    outside = []
    for name, pages in pdfs.items():
        for number, page in enumerate(pages, start=1):
            edge = SAFE * page["scale"] - TOLERANCE
            right, bottom = page["width"] - edge, page["height"] - edge
            for word in page["words"]:
                if word["x0"] < edge or word["x1"] > right or word["top"] < edge or word["bottom"] > bottom:
                    outside.append((name, number, "mot", word["text"]))
            for shape in page["shapes"]:
                if shape["x0"] < edge or shape["x1"] > right or shape["top"] < edge or shape["bottom"] > bottom:
                    outside.append((name, number, shape["kind"], round(shape["x0"]), round(shape["top"])))
    assert outside == []


def _inside(char: dict, shape: dict) -> bool:
    return (shape["x0"] - TOLERANCE <= char["x0"] and char["x1"] <= shape["x1"] + TOLERANCE
            and shape["top"] - TOLERANCE <= char["top"] and char["bottom"] <= shape["bottom"] + TOLERANCE)


def _table_rows(page: dict) -> list[dict]:
    """The programme table's rows: filled across the text's width (the band is wider)."""
    left, right = posters.MARGIN * page["scale"], page["width"] - posters.MARGIN * page["scale"]
    return [s for s in page["shapes"] if s["kind"] == "rect" and s["colour"] in ROW_COLOURS
            and abs(s["x0"] - left) < 1 and abs(s["x1"] - right) < 1]


def test_type_is_large_enough_on_a4_and_scaled_up_on_a3(demo):
    """Sizes as on A4 (an A3 size divided by √2): body text 12 pt or more; the programme tables
    10 pt or more; the marks inside the accessibility pictograms (« LSF », « FALC ») are pictures."""
    _data, pdfs = demo
    small, smallest = [], {}
    for name, pages in pdfs.items():
        for number, page in enumerate(pages, start=1):
            rows = _table_rows(page)
            pictograms = [s for s in page["shapes"] if s["colour"] == PICTOGRAM_BLUE]
            for char in page["chars"]:
                size = round(char["size"] / page["scale"], 2)
                in_table = any(_inside(char, row) for row in rows)
                if char["colour"] == WHITE and any(_inside(char, p) for p in pictograms):
                    continue
                kind = "tableau" if in_table else "texte"
                smallest[kind] = min(smallest.get(kind, 99), size)
                if size < (10 if in_table else 12):
                    small.append((name, number, kind, char["text"], size))
    assert small == []
    assert smallest == {"texte": 12, "tableau": 10.5}


def _head_columns(page: dict) -> list[tuple[float, ...]]:
    """Where each table head on the page puts its column titles (white bold words)."""
    heads: dict[float, list[tuple[str, float]]] = {}
    for word in page["words"]:
        if word["text"] not in HEADS:
            continue
        chars = [c for c in page["chars"] if abs(c["top"] - word["top"]) < 0.5 and word["x0"] - 0.5 <= c["x0"]
                 and c["x1"] <= word["x1"] + 0.5]
        if chars and all(c["colour"] == WHITE and c["bold"] for c in chars):
            heads.setdefault(round(word["top"], 1), []).append((word["text"], round(word["x0"], 2)))
    return [tuple(x for _text, x in sorted(found, key=lambda f: f[1])) for found in heads.values()]


def test_programme_tables_keep_their_columns_on_every_page_and_day(demo):
    _data, pdfs = demo
    for name, pages in pdfs.items():
        if _kind(name).startswith("event"):
            continue
        columns = [head for page in pages for head in _head_columns(page)]
        assert columns, name
        assert len(set(columns)) == 1, (name, sorted(set(columns)))
    booklet = [head for page in pdfs["affiches/programme.pdf"] for head in _head_columns(page)]
    assert len(booklet) > 10 and len(pdfs["affiches/programme.pdf"]) > 3  # a table a day, over several pages


COUNTS = re.compile(r"(\d+) rendez-vous gratuits? .*?\((?:(\d+) (séances?))?(?:, )?"
                    r"(?:(\d+) (?:expositions?|rendez-vous) sur plusieurs jours)?\)")


def _counts(text: str) -> tuple[int, int, int]:
    found = COUNTS.search(" ".join(text.split()))
    assert found, text
    events, sessions, word, several = found.groups()
    if sessions:
        assert word == ("séance" if int(sessions) < 2 else "séances"), found[0]
    assert found[0].startswith(f"{events} rendez-vous gratuit{'s' if int(events) > 1 else ''} "), found[0]
    return int(events), int(sessions or 0), int(several or 0)


def test_counts_say_what_is_listed(demo):
    """« 7 rendez-vous gratuits (14 séances) » above 14 rows: the rows are sessions, and the
    heading counts both, in French: « 1 séance », « 2 séances »."""
    data, pdfs = demo
    for commune in data["communes"]:
        for key in ("poster", "booklet"):
            pages = pdfs[commune["print"][key]]
            events, sessions, several = _counts(pages[0]["left"])
            rows = sum(len([r for r in _table_rows(p) if r["colour"] != (0.541176, 0.231373, 0.0)]) for p in pages)
            assert (events, sessions + several) == (len(commune["events"]), rows), (commune["slug"], key)
            assert sessions == sum(len(e["sessions"]) for e in data["events"] if e["id"] in commune["events"])
    booklet = pdfs["affiches/programme.pdf"]
    events, sessions, several = _counts(booklet[0]["left"])
    rows = sum(len([r for r in _table_rows(p) if r["colour"] != (0.541176, 0.231373, 0.0)]) for p in booklet)
    assert (events, sessions + several) == (len(data["events"]), rows)
    assert sessions == sum(len(e["sessions"]) for e in data["events"])


OPENING = f"Exposition, ouverte du 10 au 24 octobre, du mardi au samedi, de 14{NBSP}h à 18{NBSP}h, sauf le 16 octobre"


def _pdf_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return " ".join(" ".join(page.extract_text() for page in document.pages).split())


def test_an_exhibition_is_listed_once_with_its_opening_hours(content: Path):
    """Open on 10 days, it was 10 lines of every listing; it is one, with its opening sentence,
    counted once, and in the booklet under « Sur plusieurs jours » before the days."""
    (content / "events" / "exposition-ecrans.yaml").write_text(EXHIBITION, encoding="utf-8")
    programme = check_programme(content)[0]
    urls = SiteUrls(ProgrammeSettings(public_url="https://sun.example.org"))
    massy = programme.venues["mediatheque-cocteau"].commune
    poster = printing.commune_page(programme, massy, urls)
    assert poster.intro == ("2 rendez-vous gratuits (1 séance, 1 exposition sur plusieurs jours) pour apprendre le "
                            "numérique, près de chez vous.")
    [(_heading, rows)] = poster.groups
    assert [(r.day, r.time, r.title, r.note) for r in rows] == [
        ("Plusieurs jours", f"14{NBSP}h{NBSP}–{NBSP}18{NBSP}h", "Exposition des écrans", OPENING),
        ("sam. 24 oct.", f"20{NBSP}h{NBSP}–{NBSP}6{NBSP}h", "Nuit du code </script> <citoyen> & solidaire", "")]
    booklet = printing.booklet_page(programme, urls)
    assert booklet.intro == ("Semaines des Usages Numériques 2026 : 4 rendez-vous gratuits (5 séances, "
                             "1 exposition sur plusieurs jours).")
    assert [(heading, [r.title for r in rows]) for heading, rows in booklet.groups][:2] == [
        ("Sur plusieurs jours", ["Exposition des écrans"]),
        ("Mardi 13 octobre 2026", ["Premiers pas avec son smartphone", "Repérer les arnaques en ligne"])]
    for page in (poster, booklet, printing.booklet_page(programme, urls, massy)):
        text = _pdf_text(posters.listing_pdf(page))
        # The sentence wraps in its cell, beside the place's lines: its start is read whole.
        assert text.count("Exposition des écrans") == 1 and text.count("ouverte du 10 au 24") == 1, page.heading
