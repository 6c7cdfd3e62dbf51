"""The whole chain through Pelican: golden output of the fixture site, safety, atomicity."""

from __future__ import annotations

import filecmp
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from sun_site.build import build

from conftest import FIXTURES, ROOT, SITE

GOLDEN = ROOT / "tests" / "golden" / "site"
SETTINGS = str(ROOT / "pelicanconf.py")


def run_build(content: Path, output: Path) -> tuple[int, str]:
    out = io.StringIO()
    code = build(SETTINGS, str(content), str(output), out=out)
    return code, out.getvalue()


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("build") / "output"
    code, printed = run_build(SITE, output)
    assert code == 0, printed
    return output


def test_output_matches_golden_files(built):
    """Regenerate with « invoke golden » after a deliberate change, and review the diff.

    The theme's static files are copied as they are, the search index is Pagefind's, and the PDFs and
    QR images have tests of their own: none is kept twice (two builds are still compared byte for byte
    below).
    """
    pages = sorted(name for name in tree(built) if not name.startswith(("theme/", "pagefind/", "affiches/", "qr/",
                                                                           "modeles/")))
    assert pages == sorted(tree(GOLDEN))
    mismatch = filecmp.cmpfiles(built, GOLDEN, pages, shallow=False)[1]
    assert mismatch == []


def test_build_is_byte_identical_across_folders(built, tmp_path):
    code, _ = run_build(SITE, tmp_path / "elsewhere")
    assert code == 0
    assert tree(tmp_path / "elsewhere") == tree(built)


def test_every_page_exists(built):
    for page in ["index.html", "404.html", "communes/index.html", "communes/les-ulis/index.html",
                 "communes/massy/index.html", "partenaires/index.html", "partenaires/caton/index.html",
                 "partenaires/mediatheque-massy/index.html", "evenements/nuit-du-code/index.html",
                 "evenements/premiers-pas-smartphone/index.html", "evenements/webinaire-arnaques/index.html",
                 "theme/css/sun.css", "programme.json"]:
        assert (built / page).is_file(), page
    # Pelican's own pages are switched off.
    for leaked in ["tags.html", "categories.html", "authors.html", "archives.html", "feeds"]:
        assert not (built / leaked).exists(), leaked


def test_untrusted_content_never_reaches_the_pages(built):
    html = (built / "evenements/nuit-du-code/index.html").read_text(encoding="utf-8")
    # The only script is the JSON-LD, and the title's « </script> » cannot close it early.
    assert html.count("<script") == 1 and '<script type="application/ld+json">' in html
    assert html.count("</script>") == 1
    assert '"name": "Nuit du code \\u003c/script\\u003e \\u003ccitoyen\\u003e \\u0026 solidaire"' in html
    assert "onerror" not in html and "javascript:" not in html
    assert "<h1>Nuit du code &lt;/script&gt; &lt;citoyen&gt; &amp; solidaire</h1>" in html
    everything = b"".join(tree(built).values()).decode("utf-8", "replace")
    assert "alert(" not in everything


def test_event_page_facts(built):
    html = (built / "evenements/premiers-pas-smartphone/index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in html and html.count("<h1>") == 1
    assert ('<time datetime="2026-10-13T14:00:00+02:00">mardi 13 octobre 2026, de 14\u00a0h à 16\u00a0h</time>'
            in html)
    assert ('<time datetime="2026-10-27T14:00:00+01:00">mardi 27 octobre 2026, de 14\u00a0h à 16\u00a0h</time>'
            " — <strong>Annulé</strong>") in html
    assert '<p class="sun-phone">Appelez le <a href="tel:0199001001">01 99 00 10 01</a></p>' in html
    webinar = (built / "evenements/webinaire-arnaques/index.html").read_text(encoding="utf-8")
    assert "<strong>Annulé</strong> : cet événement n'aura pas lieu." in webinar


def test_programme_json_describes_every_event(built):
    data = json.loads((built / "programme.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in data["events"]] == ["premiers-pas-smartphone", "webinaire-arnaques", "nuit-du-code"]
    night = data["events"][2]
    assert night["sessions"][0]["start"] == "2026-10-24T20:00:00+02:00"
    assert night["sessions"][0]["end"] == "2026-10-25T06:00:00+01:00"
    assert night["sessions"][0]["end_utc"] == "2026-10-25T05:00:00Z"
    assert night["venue"]["commune"] == {"name": "Massy", "insee": "91377", "in_territory": True,
                                               "departement": "91"}
    assert night["url"] == "evenements/nuit-du-code/"
    assert [c["url"] for c in data["communes"]] == ["communes/les-ulis/", "communes/massy/"]
    assert data["partners"][0]["url"] == "partenaires/caton/"
    assert night["source"] == "events/nuit-du-code.yaml"


def test_failed_build_leaves_output_untouched(tmp_path, built):
    output = tmp_path / "output"
    shutil.copytree(built, output)
    before = tree(output)
    content = tmp_path / "content"
    shutil.copytree(SITE, content)
    for case in ["duplicate-key.yaml", "dst-ambiguous.yaml", "notes.txt"]:
        shutil.copy(FIXTURES / "bad-events" / case, content / "events" / case)
    code, printed = run_build(content, output)
    assert code == 1
    assert "duplicate-key.yaml:10: titre: champ écrit deux fois" in printed
    assert "dst-ambiguous.yaml:8: debut: 02:30 le 25/10/2026 existe deux fois" in printed
    assert "notes.txt: type de fichier non pris en charge" in printed
    assert tree(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "output"]  # no partial folder left


def test_failed_first_build_creates_nothing(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITE, content)
    shutil.copy(FIXTURES / "bad-events" / "empty-file.yaml", content / "events")
    code, _ = run_build(content, tmp_path / "output")
    assert code == 1
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize(("line", "message"), [
    ('PROGRAMME_EVENT_URLL = "e/{id}/"', "✗ réglage inconnu : PROGRAMME_EVENT_URLL"),
    ("PROGRAMME_PUBLIC_URL = 42", "✗ réglage PROGRAMME_PUBLIC_URL : texte attendu, reçu int"),
    ('PROGRAMME_PUBLIC_URL = "sun.example.org"',
     "✗ réglage PROGRAMME_PUBLIC_URL : adresse absolue attendue (https://…), reçu « sun.example.org »"),
    ('PROGRAMME_SEARCH_LOT_PAGES = "5000"',
     "✗ réglage PROGRAMME_SEARCH_LOT_PAGES : nombre entier positif attendu, reçu '5000'"),
])
def test_wrong_setting_stops_with_its_name(tmp_path, line, message):
    settings = tmp_path / "conf.py"
    settings.write_text((ROOT / "pelicanconf.py").read_text(encoding="utf-8")
                        + f'\nTHEME = "{ROOT / "theme"}"\nPLUGIN_PATHS = ["{ROOT / "plugins"}"]\n{line}\n',
                        encoding="utf-8")
    out = io.StringIO()
    code = build(str(settings), str(SITE), str(tmp_path / "output"), out=out)
    assert code == 1
    assert out.getvalue().strip() == message
    assert not (tmp_path / "output").exists()


def test_a_wrong_address_in_the_variable_is_said_by_the_variable_s_name(tmp_path, monkeypatch):
    """pelicanconf.py takes PROGRAMME_PUBLIC_URL from SUN_PUBLIC_URL: the organiser only set the variable."""
    monkeypatch.setenv("SUN_PUBLIC_URL", "sun.example.net")
    out = io.StringIO()
    assert build(SETTINGS, str(SITE), str(tmp_path / "output"), out=out) == 1
    assert out.getvalue() == ("✗ variable SUN_PUBLIC_URL : adresse absolue attendue (https://…), "
                              "reçu « sun.example.net »\n")
    assert not (tmp_path / "output").exists()


def test_staged_site_is_checked_against_programme_json(built, tmp_path, monkeypatch):
    from sun_site import build as build_module
    from sun_site.verify import missing_files

    files = set(tree(built))
    assert missing_files(built / "programme.json", files) == []
    files.remove("calendriers/communes/massy.ics")
    assert missing_files(built / "programme.json", files) == ["calendriers/communes/massy.ics"]
    output = tmp_path / "output"
    shutil.copytree(built, output)
    before = tree(output)
    monkeypatch.setattr(build_module, "missing_files", lambda programme, files: ["evenements/nuit-du-code/"])
    code, printed = run_build(SITE, output)
    assert code == 1
    assert printed.strip().splitlines()[-1] == (
        "✗ Construction incomplète : 1 fichier(s) annoncé(s) dans programme.json manquent "
        f"(evenements/nuit-du-code/). Le dossier {output} n'a pas été modifié.")
    assert tree(output) == before


def test_closing_summary(tmp_path):
    code, printed = run_build(SITE, tmp_path / "output")
    assert code == 0
    last = printed.strip().splitlines()[-1]
    assert last.startswith(f"✓ Site construit dans {tmp_path / 'output'} : 3 événements, ")
    pages = len(list((tmp_path / "output").rglob("*.html")))
    calendars = len(list((tmp_path / "output").rglob("*.ics")))
    assert f" {pages} pages, {calendars} calendriers, 20 affiches et QR codes, en " in last and last.endswith(" s.")
    assert "  pages : " in printed and "  attente des calendriers : " in printed


def test_build_does_not_depend_on_time_zone_locale_or_hash_seed(built, tmp_path):
    """Another process, another time zone, locale and hash seed: the same bytes (posters included)."""
    import os
    import subprocess
    import sys

    output = tmp_path / "other"
    script = ("import sys; sys.path.insert(0, 'plugins'); from sun_site.build import build; "
              f"sys.exit(build({SETTINGS!r}, {str(SITE)!r}, {str(output)!r}))")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(TZ="Pacific/Auckland", LANG="C", LC_ALL="C", PYTHONHASHSEED="12345")
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True)
    assert tree(output) == tree(built)


def test_progress_is_plain_lines_in_logs_and_a_bar_on_a_terminal():
    from sun_site.progress import BuildProgress
    from sunprogramme.stopwatch import Stopwatch

    for live, expected in (
        (False, "… pages : 1\u202f200 à faire\n"),
        (True, "\r  pages ▕                              ▏ 0 / 1\u202f200 (0 %)"
               "\r  pages ▕███████████████               ▏ 600 / 1\u202f200 (50 %)\r\x1b[2K"),
    ):
        out = io.StringIO()
        watch = Stopwatch(display=BuildProgress(out, live=live))
        with watch.stage("lecture et vérification"):
            pass  # no size: nothing shown while it runs
        with watch.stage("pages", total=1200) as advance:
            for _ in range(600):
                advance(1)
            watch.display.drawn_at = 0  # as if 0.1 s had passed: redraw
            advance(0)
        assert out.getvalue() == expected
        assert list(watch.stages) == ["lecture et vérification", "pages"]


@pytest.mark.parametrize(("total", "reused", "line"), [
    (250, 0, "… affiches : 250 à dessiner\n"),
    (12, 238, "… affiches : 12 à dessiner (238 reprises du cache)\n"),
    (0, 250, "… affiches : 250 (reprises du cache)\n"),
    (0, 0, ""),
])
def test_progress_says_what_is_drawn_and_what_the_cache_spares(total, reused, line):
    from sun_site.progress import BuildProgress
    from sunprogramme.stopwatch import Stopwatch

    out = io.StringIO()
    watch = Stopwatch(display=BuildProgress(out, live=False))
    with watch.stage("affiches", total=total, reused=reused):
        pass
    assert out.getvalue() == line


def test_build_log_announces_pages_and_posters(tmp_path):
    code, printed = run_build(SITE, tmp_path / "output")
    assert code == 0, printed
    pages = int(printed.split(" pages, ")[0].rsplit(" ", 1)[1])
    assert f"… pages : {pages - 1} à faire\n" in printed  # the open-data page comes after its files


def test_build_log_says_how_many_posters_are_drawn_and_how_many_come_from_the_cache(tmp_path):
    settings = tmp_path / "conf.py"
    settings.write_text((ROOT / "pelicanconf.py").read_text(encoding="utf-8")
                        + f'\nTHEME = "{ROOT / "theme"}"\nPLUGIN_PATHS = ["{ROOT / "plugins"}"]\n'
                        f"PROGRAMME_BUILD_CACHE_DIR = {str(tmp_path / 'cache')!r}\n", encoding="utf-8")
    content = tmp_path / "content"
    shutil.copytree(SITE, content)

    def logged() -> str:
        out = io.StringIO()
        assert build(str(settings), str(content), str(tmp_path / "output"), out=out) == 0, out.getvalue()
        return out.getvalue()

    cold = logged()
    assert "… affiches : 20 à dessiner\n" in cold and "dont 20 dessinés" in cold
    again = logged()  # nothing changed: « 20 à faire » said work that the cache spares
    assert "… affiches : 20 (reprises du cache)\n" in again and "à dessiner" not in again
    event = content / "events" / "nuit-du-code.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace("titre: ", "titre: Grande ", 1), encoding="utf-8")
    edited = logged()
    drawn = int(re.search(r"dont (\d+) dessinés", edited).group(1))
    assert 0 < drawn < 20
    assert f"… affiches : {drawn} à dessiner ({20 - drawn} reprises du cache)\n" in edited


def test_staged_site_with_a_broken_link_is_not_published(built, tmp_path, monkeypatch):
    from sun_site import build as build_module
    from sun_site.links import broken_links

    assert broken_links(built) == []
    copy = tmp_path / "copy"
    shutil.copytree(built, copy)
    shutil.rmtree(copy / "lieux" / "mediatheque-cocteau")
    found = broken_links(copy)
    assert found and all(line.endswith("lieux/mediatheque-cocteau/") for line in found)
    assert "partenaires/mediatheque-massy/index.html → ../../lieux/mediatheque-cocteau/" in found
    output = tmp_path / "output"
    shutil.copytree(built, output)
    before = tree(output)
    monkeypatch.setattr(build_module, "broken_links", lambda site, url, **_: ["index.html → lieux/nulle-part/"])
    code, printed = run_build(SITE, output)
    assert code == 1
    assert printed.strip().splitlines()[-1] == (
        "✗ Construction arrêtée : 1 lien(s) interne(s) mènent nulle part (index.html → lieux/nulle-part/). "
        f"Le dossier {output} n'a pas été modifié.")
    assert tree(output) == before


def test_a_venue_in_a_commune_without_events_links_to_the_map(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITE, content)
    (content / "partners" / "club-saclay.yaml").write_text(
        "nom: Club numérique de Saclay\ntype: association\nlieux:\n  - id: salle-saclay\n    nom: Salle des fêtes\n"
        "    adresse: 1 place de la Mairie\n    code_postal: \"91400\"\n    commune: Saclay\n", encoding="utf-8")
    code, printed = run_build(content, tmp_path / "output")
    assert code == 0, printed  # the build's own link check passed: no link to a missing commune page
    page = (tmp_path / "output" / "lieux" / "salle-saclay" / "index.html").read_text(encoding="utf-8")
    assert '<li><a href="../../carte/">Carte des lieux</a></li><li aria-current="page">Salle des fêtes</li>' in page


def test_link_check_also_reads_absolute_addresses_of_the_site(tmp_path):
    from sun_site.links import broken_links

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<p id="ici">x</p>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="https://sun.example.org/a/#ici">ok</a><a href="https://sun.example.org/b/">absente</a>'
        '<a href="/a/">racine</a><a href="/c/">racine absente</a><a href="https://sun.example.org">accueil</a>'
        '<a href="https://ailleurs.example.org/b/">externe</a>'
        '<a href="https://sun.example.org/a/nulle-part/">absente</a>'
        '<a href="https://sun.example.org/formulaire/">hors du site construit</a>', encoding="utf-8")
    assert broken_links(tmp_path, "https://sun.example.org") == [
        "index.html → /c/", "index.html → https://sun.example.org/a/nulle-part/"]


def test_an_empty_programme_builds(tmp_path):
    content = tmp_path / "content"
    (content / "events").mkdir(parents=True)
    (content / "partners").mkdir()
    shutil.copy(SITE / "edition.yaml", content)
    code, printed = run_build(content, tmp_path / "output")
    assert code == 0, printed
    assert (tmp_path / "output" / "recherche" / "index.html").is_file()


@pytest.mark.parametrize(("field", "terms"), [("format", "formats"), ("niveau", "niveaux")])
def test_the_proposal_form_offers_every_term_of_its_lists(built, field, terms):
    from sunprogramme.vocabularies import vocabulary

    page = (built / "proposer" / "index.html").read_text(encoding="utf-8")
    select = page.split(f'<select id="f-{field}" name="{field}">', 1)[1].split("</select>", 1)[0]
    offered = re.findall(r'<option value="([^"]*)">', select)
    assert offered == ["", *(term.slug for term in vocabulary(terms).terms)]
