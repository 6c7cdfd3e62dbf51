"""Posters never lose text silently: every word drawn lies inside the printable area, every
glyph drawn is in the embedded font, a list that does not fit ends with « … et N autres : voir
la page », and each of these is told to the organiser (``posters.poster_notices``).

Read with pdfplumber: its word boxes are the advance widths of the glyphs actually drawn.
The bound is honest: left and right, the poster's own margins (15 mm, where every line starts
and must end); top and bottom, the 10 mm an office printer may clip (the band and the footer lie
just inside it). No two words overprint each other, and a poster short of room cuts its lists
rather than print its facts under 12 pt (10 pt in a listing's table).
"""

from __future__ import annotations

import io
from dataclasses import replace

import pdfplumber
import pytest
from reportlab.pdfbase import pdfmetrics

from sunprogramme.writers import posters
from sunprogramme.writers.posters import Branding, EventPoster, ListingPage, ListingRow

MM = posters.mm
TOLERANCE = 0.5  # points: rounding in the PDF's text matrices

BRANDING = Branding("SUN 2026", "Semaines des Usages Numériques 2026",
                    "du samedi 10 octobre au samedi 24 octobre 2026", "sun.example.org", "01 99 00 00 00")
POSTER = EventPoster(
    branding=BRANDING, title="Premiers pas avec son smartphone", summary="Allumer, appeler, envoyer un message.",
    status="confirme", status_words="", sessions=("mardi 13 octobre 2026, 14\xa0h – 16\xa0h",),
    place=("Maison des associations", "3 avenue de Bourgogne", "91940 Les Ulis"),
    access="Bus 9 et 91-06, arrêt Centre commercial", audience="Seniors", level="Débutant",
    price="Gratuit", registration="Inscription obligatoire (8 places)", registration_phone="01 99 00 10 01",
    registration_other=None, accessibility=(("fauteuil-roulant", "Accessible en fauteuil roulant"),),
    bring=("Votre smartphone chargé",), organisers=("CATON",), logos=(), qr_url="https://sun.example.org/e/2/",
    short_address="sun.example.org/e/2", format_label="Atelier",
)
LONG_WORD = "Atelier" + "x" * 113
LONG_URL = "https://www.example.org/" + "a" * 150


def _pages(pdf: bytes):
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [(page.width, page.height, page.extract_words(keep_blank_chars=False, use_text_flow=True),
                 page.chars, page.extract_text()) for page in document.pages]


def _cmap(font_name: str) -> dict[int, int]:
    """The character map of the font a PDF names (« ABCDEF+SourceSansPro-Bold », a subset)."""
    posters.register_fonts()
    faces = {pdfmetrics.getFont(name).face.name: pdfmetrics.getFont(name).face
             for name in (posters.REGULAR, posters.SEMIBOLD, posters.BOLD)}
    face = faces[font_name.split("+", 1)[-1].encode() if isinstance(next(iter(faces)), bytes)
                 else font_name.split("+", 1)[-1]]
    return {code: glyph for code, glyph in face.charToGlyph.items() if glyph}


def assert_prints_cleanly(pdf: bytes, margin: float = posters.MARGIN, smallest: float = posters.BODY_MIN) -> str:
    """Every word inside the printable area, no two overprinting, every glyph in its font, no dark
    text under ``smallest`` points as on A4 (white marks are the pictograms' and the table heads');
    returns the text of all pages."""
    texts = []
    for width, height, words, chars, text in _pages(pdf):
        scale = width / posters.A4[0]
        side, edge = margin * scale - TOLERANCE, posters.SAFE * scale - TOLERANCE
        for word in words:
            assert word["x0"] >= side and word["x1"] <= width - side, ("hors marge", word["text"], word["x1"])
            assert word["top"] >= edge and word["bottom"] <= height - edge, ("hors page", word["text"])
        boxes = sorted(words, key=lambda w: (w["top"], w["x0"]))
        for index, one in enumerate(boxes):
            for other in boxes[index + 1:]:
                if other["top"] >= one["bottom"] - 1:
                    break
                overlap_x = min(one["x1"], other["x1"]) - max(one["x0"], other["x0"])
                overlap_y = min(one["bottom"], other["bottom"]) - max(one["top"], other["top"])
                assert overlap_x <= 1 or overlap_y <= 1, ("surimpression", one["text"], other["text"])
        for char in chars:
            if char["text"].isspace():
                continue
            assert ord(char["text"]) in _cmap(char["fontname"]), ("glyphe absent", char["text"], char["fontname"])
            if tuple(char["non_stroking_color"] or ()) != (1, 1, 1):
                assert char["size"] >= smallest * scale - 0.01, ("trop petit", char["text"], char["size"])
        texts.append(text)
    return "\n".join(texts)


def test_a_long_title_is_broken_inside_the_page():
    poster = replace(POSTER, title=LONG_WORD)
    text = assert_prints_cleanly(posters.event_poster_pdf(poster))
    assert LONG_WORD in "".join(text.split())  # broken, nothing lost
    assert posters.poster_notices(poster) == (
        "affiche : titre : le mot « Atelierxxxxxxxxxxxxxxxxxxxxxxx… » est trop long pour une ligne, "
        "il est coupé",)


def test_a_long_title_of_long_words_is_broken_inside_the_a3_page():
    poster = replace(POSTER, title=" ".join(["Anticonstitutionnellement" * 2] * 4))
    assert_prints_cleanly(posters.event_poster_pdf(poster, "A3"))


def test_a_long_url_to_bring_is_broken_inside_the_page():
    poster = replace(POSTER, bring=(f"Le formulaire : {LONG_URL}",))
    text = assert_prints_cleanly(posters.event_poster_pdf(poster))
    assert f"•Leformulaire:{LONG_URL}" in "".join(text.split())
    assert posters.poster_notices(poster) == (
        "affiche : a_apporter : le mot « https://www.example.org/aaaaaa… » est trop long pour une ligne, "
        "il est coupé",)


def test_a_long_list_is_cut_and_says_how_many_are_left_out():
    items = tuple(f"Objet numéro {n:03d}" for n in range(1, 151))
    poster = replace(POSTER, bring=items)
    text = assert_prints_cleanly(posters.event_poster_pdf(poster))
    printed = [item for item in items if item in text]
    assert printed == list(items[: len(printed)]) and 1 <= len(printed) < 150
    hidden = 150 - len(printed)
    assert f"… et {hidden} autres : voir la page" in text
    assert posters.poster_notices(poster) == (
        f"affiche : a_apporter : {len(printed)} éléments sur 150 imprimés, faute de place ; l'affiche "
        f"indique « … et {hidden} autres : voir la page »",)


def test_many_dates_keep_their_size_and_say_how_many_are_left_out():
    """Facts shrink down to 12 pt, then lists are cut and say so: on the poster and to the organiser."""
    sessions = tuple(f"mardi {n} octobre 2026, 14\xa0h – 16\xa0h" for n in range(1, 21))
    poster = replace(POSTER, sessions=sessions, bring=(),
                     accessibility=(*POSTER.accessibility, ("lsf", "Langue des signes"), ("falc", "Facile à lire")))
    text = assert_prints_cleanly(posters.event_poster_pdf(poster))
    lines = text.replace("\xa0", " ").splitlines()  # a line may go on with the QR code's caption
    printed = [s for s in sessions if any(line.startswith(s.replace("\xa0", " ")) for line in lines)]
    assert printed == list(sessions[: len(printed)]) and 2 <= len(printed) < 20
    assert f"et {20 - len(printed)} autres dates : voir l'adresse ci-contre" in text
    assert posters.poster_notices(poster) == (
        f"affiche : seances : {len(printed)} dates sur 20 imprimées, faute de place ; les autres sont sur la page "
        "de l'événement",)


def test_the_footer_is_never_overprinted():
    poster = replace(POSTER, bring=tuple(f"Objet {n}" for n in range(150)),
                     sessions=tuple(f"mardi {n} octobre 2026, 14\xa0h – 16\xa0h" for n in range(1, 30)),
                     access="Bus " * 150, organisers=tuple(f"Partenaire {n}" for n in range(40)),
                     price="Participation libre, " * 6,
                     place=("Médiathèque " + "y" * 108, "3 avenue " + "z" * 190, "91940 Les Ulis"))
    text = assert_prints_cleanly(posters.event_poster_pdf(poster))
    assert "Tout le programme : sun.example.org" in text


def test_an_emoji_only_title_falls_back_to_the_format():
    poster = replace(POSTER, title="🎉📱💻", bring=("Votre smartphone 📱 chargé",))
    text = assert_prints_cleanly(posters.event_poster_pdf(poster))
    assert "🎉" not in text and "📱" not in text
    assert "octobre 2026\nAtelier\nAllumer" in text  # after the band, before the summary: never blank
    assert "Votre smartphone chargé" in text
    assert posters.poster_notices(poster) == (
        "affiche : titre : caractères impossibles à imprimer retirés (🎉 📱 💻)",
        "affiche : titre : il ne reste rien à imprimer ; l'affiche porte « Atelier » à la place",
        "affiche : a_apporter : caractères impossibles à imprimer retirés (📱)",
    )


def test_a_fitting_poster_has_no_notice():
    assert posters.poster_notices(POSTER) == ()
    assert_prints_cleanly(posters.event_poster_pdf(POSTER))


def test_same_poster_same_bytes():
    poster = replace(POSTER, title="🎉 " + LONG_WORD, bring=tuple(f"Objet {n}" for n in range(150)))
    assert posters.event_poster_pdf(poster) == posters.event_poster_pdf(poster)


@pytest.mark.parametrize("size", ["A4", "A3"])
def test_listings_break_long_titles_places_and_drop_missing_glyphs(size):
    rows = tuple(ListingRow("mar. 13 oct.", "14\xa0h – 16\xa0h", title, place, status)
                 for title, place, status in (
                     (LONG_WORD, "Médiathèque " + "y" * 90, ""),
                     ("🎉📱💻", "Salle 🎉", "Annulé"),
                     ("Atelier " + LONG_URL, "Les Ulis — Maison des associations", "")))
    page = ListingPage(BRANDING, "SUN 2026 à Les Ulis", "3 rendez-vous gratuits.", "https://sun.example.org/c/",
                       "sun.example.org/c/", (("Samedi 10 octobre 2026", rows),),
                       events=(replace(POSTER, title=LONG_WORD, bring=(LONG_URL,)),))
    text = assert_prints_cleanly(posters.listing_pdf(page, size), smallest=posters.TABLE_MIN)
    flat = "".join(text.split())
    assert LONG_WORD in flat and "🎉" not in text and "Salle" in text


def test_check_and_build_tell_the_same_poster_warnings(tmp_path):
    """Told by ``python -m sunprogramme check`` and by the build alike, on the event's file,
    as warnings: the build goes on."""
    import re
    import shutil

    from sunprogramme.cli import check

    from conftest import SITE
    from test_build import run_build

    content = tmp_path / "content"
    shutil.copytree(SITE, content)
    event = content / "events" / "premiers-pas-smartphone.md"
    items = "".join(f"  - Objet numéro {n:03d}\n" for n in range(1, 151))
    source = event.read_text(encoding="utf-8").replace("titre: Premiers pas avec son smartphone", "titre: 🎉📱💻")
    event.write_text(re.sub(r"a_apporter:\n(  - .*\n)+", "a_apporter:\n" + items, source), encoding="utf-8")
    checked = io.StringIO()
    assert check(str(content), out=checked) == 0
    code, built = run_build(content, tmp_path / "output")
    assert code == 0, built

    def poster_lines(printed: str) -> list[str]:
        return [line for line in printed.splitlines() if "affiche :" in line]

    told = poster_lines(checked.getvalue())
    assert told == poster_lines(built)
    where = f"{content}/events/premiers-pas-smartphone.md: attention : affiche : "
    assert told[1:] == [where + "titre : caractères impossibles à imprimer retirés (🎉 📱 💻)",
                        where + "titre : il ne reste rien à imprimer ; l'affiche porte « Atelier » à la place"]
    counted = re.fullmatch(re.escape(where) + r"a_apporter : (\d+) éléments sur 150 imprimés, faute de place ; "
                           r"l'affiche indique « … et (\d+) autres : voir la page »", told[0])
    assert counted and int(counted[1]) + int(counted[2]) == 150


def test_every_pdf_of_the_fixture_print_pack_prints_cleanly():
    from test_print import _fixture_jobs

    from sunprogramme import printing

    jobs = [job for job in _fixture_jobs() if job.save_as.endswith(".pdf")]
    results = {job.save_as: printing.render(job) for job in jobs}
    for job in jobs:
        if getattr(job.data, "status", "") != "annule":  # the « ANNULÉ » stamp is drawn across on purpose
            assert_prints_cleanly(results[job.save_as], smallest=posters.BODY_MIN if job.kind == "event"
                                  else posters.TABLE_MIN)
