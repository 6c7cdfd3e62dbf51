"""The print pack as a printer and a phone see it: QR codes decoded from rasterised pages,
text extracted with accents intact, fonts embedded, the same bytes every time.

Needs poppler (pdftoppm, pdftotext, pdffonts) and zxing-cpp: a missing tool fails the tests.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image

from sun_site.cache import Cache
from sun_site.drawing import draw_print_pack
from sun_site.generator import namespace
from sunprogramme import frenchdates, printing
from sunprogramme.loader import check_programme
from sunprogramme.publication_state import publication, read_state
from sunprogramme.settings import ProgrammeSettings
from sunprogramme.urls import SiteUrls
from sunprogramme.writers import posters
from sunprogramme.writers.posters import Logo

from conftest import ROOT, SITE
from test_build import run_build


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} manquant : apt-get install poppler-utils (./setup.sh le fait)", pytrace=False)
    return path


def _decode(png: bytes) -> list[str]:
    try:
        import zxingcpp
    except ImportError:
        pytest.fail("zxing-cpp manquant : pip install -e '.[test]'", pytrace=False)
    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def _raster(pdf: Path, dpi: int, page: int = 1) -> bytes:
    result = subprocess.run([_tool("pdftoppm"), "-r", str(dpi), "-png", "-f", str(page), "-l", str(page),
                             str(pdf)], capture_output=True, check=True)
    return result.stdout


def _text(pdf: Path) -> str:
    """The text in drawing order (-raw): a title wrapped in a table cell stays in one piece."""
    result = subprocess.run([_tool("pdftotext"), "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                            check=True, text=True)
    return " ".join(result.stdout.split())


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    output = tmp_path_factory.mktemp("demo") / "output"
    code, printed = run_build(ROOT / "content", output)
    assert code == 0, printed
    return output, json.loads((output / "programme.json").read_text(encoding="utf-8"))


def test_every_event_poster_qr_leads_to_its_short_address(demo):
    output, data = demo
    events = data["events"]

    def check(event):
        pdf = output / event["print"]["poster"]
        return event["public_short_url"], _decode(_raster(pdf, 300))

    with ThreadPoolExecutor(max_workers=2) as pool:
        for expected, decoded in pool.map(check, events):
            assert decoded == [expected]
    assert len(events) == len(list((ROOT / "content" / "events").iterdir()))


def test_short_addresses_lead_to_the_event_page(demo):
    output, data = demo
    for event in data["events"]:
        html = (output / event["short_url"] / "index.html").read_text(encoding="utf-8")
        assert f'content="0; url=../../{event["url"]}"' in html


def test_poster_text_holds_title_dates_and_venue(demo):
    output, data = demo
    for event in data["events"]:
        text = _text(output / event["print"]["poster"])
        assert " ".join(event["title"].split()) in text, event["id"]
        for session in event["sessions"]:
            from datetime import datetime

            start = datetime.fromisoformat(session["start"])
            assert frenchdates.day_in_words(start.date()) in text, (event["id"], session["start"])
        if event["venue"]:
            assert event["venue"]["name"] in text and event["venue"]["commune"]["name"] in text
        registration = event["registration"]
        if registration and registration["required"] and registration["phone"]:
            assert registration["phone"] in text
        elif not registration or not registration["required"]:
            assert "Sans inscription" in text


def test_cancelled_poster_says_so(demo):
    output, _ = demo
    text = _text(output / "affiches" / "evenements" / "initiation-retouche-photo.pdf")
    # Right after the edition's band, before the title: the first thing read on the poster.
    assert text.startswith("SUN 2026 Semaines des Usages Numériques 2026, du samedi 10 octobre au samedi 24 "
                           "octobre 2026 Gratuit ANNULÉ : cet événement n'aura pas lieu. Initiation à la retouche")


def test_commune_posters_and_packs(demo):
    output, data = demo
    for commune in data["communes"]:
        poster = output / commune["print"]["poster"]
        assert _decode(_raster(poster, 300)) == [f"https://sun.example.org/{commune['url']}"]
        text = _text(poster)
        titles = [e["title"] for e in data["events"] if e["id"] in commune["events"]]
        for title in titles:  # every session is listed, none cut off, over as many pages as needed
            assert " ".join(title.split()) in text, (commune["slug"], title)
        pack = _text(output / commune["print"]["pack"])
        assert pack.count("Scannez, ou tapez :") == len(commune["events"])


def test_booklet_lists_every_session_by_day(demo):
    output, data = demo
    text = _text(output / data["print"]["booklet"])
    for event in data["events"]:
        assert " ".join(event["title"].split()) in text
    days = re.findall(r"(?:Lundi|Mardi|Mercredi|Jeudi|Vendredi|Samedi|Dimanche) \d+ octobre 2026", text)
    assert days[0] == "Samedi 10 octobre 2026" and "Dimanche 25 octobre 2026" in days


def test_qr_decodes_at_the_printed_size_of_the_smallest_layout(demo):
    """A phone sees a printed code at far less than 300 dpi: 100 dpi still reads the smallest one."""
    output, data = demo
    poster = output / data["communes"][0]["print"]["poster"]  # commune posters carry the smaller code
    assert _decode(_raster(poster, 100)) == [f"https://sun.example.org/{data['communes'][0]['url']}"]
    event = data["events"][0]
    assert _decode(_raster(output / event["print"]["poster"], 100)) == [event["public_short_url"]]
    assert 25 * posters.mm <= posters.QR_SIZE


def test_every_pdf_embeds_its_fonts(demo):
    output, _ = demo
    for pdf in sorted((output / "affiches").rglob("*.pdf")):
        listing = subprocess.run([_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True)
        rows = listing.stdout.splitlines()[2:]
        assert rows and all(row.split()[-5] == "yes" for row in rows), pdf


def test_qr_images(demo):
    output, data = demo
    event = data["events"][0]
    assert _decode((output / event["print"]["qr_png"]).read_bytes()) == [event["public_short_url"]]
    svg = (output / event["print"]["qr_svg"]).read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and f"<title>QR code vers {event['public_short_url']}</title>" in svg


def _fixture_jobs():
    programme, _ = check_programme(SITE)
    settings = ProgrammeSettings.from_settings({"PROGRAMME_PUBLIC_URL": "https://sun.example.org"}, environ={})
    urls = SiteUrls(settings)
    published, _state = publication(programme, read_state(SITE / "publication-state.jsonl"), settings.id_domain)
    return printing.print_jobs(programme, urls, published, SITE, a3=True)


def _draw(jobs) -> dict[str, bytes]:
    return {job.save_as: printing.render(job) for job in jobs}


def _cache(folder: Path) -> Cache:
    cache = Cache(folder)
    cache.begin(namespace({"SITENAME": "SUN"}, cache.digest))
    return cache


def test_pdfs_are_byte_identical_when_drawn_again(tmp_path):
    jobs = _fixture_jobs()
    first = _draw(jobs)
    blobs, drawn = draw_print_pack(_cache(tmp_path / "cache"), jobs, lambda _n: None, workers=2)
    assert drawn == len(jobs)
    assert first == {name: (tmp_path / "cache" / "blobs" / b.digest[:2] / b.digest[2:]).read_bytes()
                     for name, b in blobs.items()}
    assert {Path(j.save_as).suffix for j in jobs} == {".pdf", ".png", ".svg"}
    assert any(j.save_as.endswith("-a3.pdf") for j in jobs)


def test_text_is_never_read_as_markup(tmp_path):
    jobs = {j.save_as: j for j in _fixture_jobs()}
    results = _draw(jobs.values())
    for save_as in ("affiches/evenements/nuit-du-code.pdf", "affiches/communes/massy.pdf", "affiches/programme.pdf"):
        pdf = tmp_path / Path(save_as).name
        pdf.write_bytes(results[save_as])
        assert "Nuit du code </script> <citoyen> & solidaire" in _text(pdf), save_as


def test_a3_poster_is_the_a4_one_scaled(tmp_path):
    jobs = {j.save_as: j for j in _fixture_jobs()}
    results = _draw([jobs["affiches/evenements/nuit-du-code-a3.pdf"]])
    pdf = tmp_path / "a3.pdf"
    pdf.write_bytes(results["affiches/evenements/nuit-du-code-a3.pdf"])
    info = subprocess.run([_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "841.89 x 1190.55 pts (A3)" in info
    assert _decode(_raster(pdf, 150)) == [jobs["affiches/evenements/nuit-du-code-a3.pdf"].data.qr_url]


def test_posters_need_the_public_address(tmp_path):
    from io import StringIO

    from sun_site.build import build

    settings = tmp_path / "conf.py"
    settings.write_text((ROOT / "pelicanconf.py").read_text(encoding="utf-8")
                        + f'\nTHEME = "{ROOT / "theme"}"\nPLUGIN_PATHS = ["{ROOT / "plugins"}"]\n'
                        'PROGRAMME_PUBLIC_URL = ""\n', encoding="utf-8")
    out = StringIO()
    assert build(str(settings), str(SITE), str(tmp_path / "output"), out=out) == 1
    assert out.getvalue().strip() == (
        "✗ les affiches ont besoin de l'adresse publique du site (réglage PROGRAMME_PUBLIC_URL, par exemple "
        "https://sun.example.org) : un QR code vers une adresse relative ne mène nulle part")
    assert not (tmp_path / "output").exists()


def test_unchanged_posters_come_from_the_cache(tmp_path):
    jobs = _fixture_jobs()
    cache = _cache(tmp_path / "cache")
    first, drawn = draw_print_pack(cache, jobs, lambda _n: None)
    assert drawn == len(jobs)
    cache.finish(complete=True)
    again, drawn = draw_print_pack(_cache(tmp_path / "cache"), jobs, lambda _n: None)
    assert drawn == 0 and again == first


def test_the_print_cache_keeps_what_the_last_build_used(tmp_path):
    jobs = [job for job in _fixture_jobs() if job.kind in ("png", "svg")]
    cache = _cache(tmp_path / "cache")
    draw_print_pack(cache, jobs, lambda _n: None)
    cache.finish(complete=True)
    assert len(list((tmp_path / "cache" / "blobs").rglob("*"))) - len(list((tmp_path / "cache" / "blobs").iterdir())) \
        == len(jobs)
    cache = _cache(tmp_path / "cache")
    kept, _ = draw_print_pack(cache, jobs[:2], lambda _n: None)
    cache.finish(complete=True)
    assert sorted(p.parent.name + p.name for p in (tmp_path / "cache" / "blobs").rglob("*") if p.is_file()) == sorted(
        blob.digest for blob in kept.values())


@pytest.mark.parametrize("library", ["reportlab", "qrcode", "pillow", "font_source_sans_pro"])
def test_a_new_version_of_a_drawing_library_or_of_the_fonts_draws_again(tmp_path, monkeypatch, library):
    # Every result of the cache is keyed on the build's namespace, which holds the name and version
    # of every installed distribution (the poster fonts ship as one).
    import sys

    installed = {entry.name.split("-", 1)[0].lower() for folder in sys.path if Path(folder).is_dir()
                 for entry in Path(folder).iterdir() if entry.name.endswith(".dist-info")}
    assert library in installed
    other = tmp_path / "autre"
    (other / f"{library}-99.0.dist-info").mkdir(parents=True)
    before = _cache(Path("/nonexistent")).namespace
    monkeypatch.syspath_prepend(str(other))
    assert _cache(Path("/nonexistent")).namespace != before


def test_organiser_logos_are_printed(tmp_path):
    jobs = {j.save_as: j for j in _fixture_jobs()}
    poster = jobs["affiches/evenements/premiers-pas-smartphone.pdf"]
    assert poster.data.logos == (Logo((SITE / "logos" / "caton.png").read_bytes()),)
    results = _draw([poster])
    pdf = tmp_path / "poster.pdf"
    pdf.write_bytes(results[poster.save_as])
    images = subprocess.run([_tool("pdfimages"), "-list", str(pdf)], capture_output=True, text=True, check=True)
    assert len(images.stdout.splitlines()[2:]) == 1  # the logo, drawn from the checked image file
