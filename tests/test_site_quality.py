"""The demo site in a real browser: axe-core, reflow, search, and the HTML validator.

Chromium (Debian package), axe-core and vnu-jar (npm) are required: a missing tool
fails these tests with how to install it; it never skips them.
"""

from __future__ import annotations

import html
import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sun_site.build import build
from sun_site.links import broken_links
from sunprogramme.loader import load_programme

from conftest import ROOT
from sitecheck import served, transferred_bytes
from test_build import run_build

CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

PAGES = {
    "accueil": "",
    "programme": "programme/",
    "jour": "jours/2026-10-13/",
    "evenement": "evenements/atelier-smartphone-du-mardi/",
    "evenement-annule": "evenements/initiation-retouche-photo/",
    "evenement-plusieurs-seances": "evenements/exposition-du-minitel-au-smartphone/",
    "evenement-en-ligne": "evenements/webinaire-sms-frauduleux/",
    "communes": "communes/",
    "commune": "communes/massy/",
    "themes": "themes/",
    "theme": "themes/securite/",
    "publics": "publics/",
    "public": "publics/seniors/",
    "accessibilite-evenements": "accessibilite-des-evenements/lsf/",
    "partenaires": "partenaires/",
    "partenaire": "partenaires/caton/",
    "lieu": "lieux/auditorium-massy/",
    "recherche": "recherche/?q=smartphone",
    "proposer": "proposer/",
    "donnees-ouvertes": "donnees/",
    "carte": "carte/",
    "tableau-de-bord": "coordination/",
    "integration-commune": "integrer/communes/massy/",
    "integration-partenaire": "integrer/partenaires/caton/",
    "declaration-accessibilite": "accessibilite/",
    "mentions-legales": "mentions-legales/",
    "page-introuvable": "404.html",
}


def _require(path, how: str) -> None:
    if not path.exists():
        pytest.fail(f"{path} manquant : {how}", pytrace=False)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    output = tmp_path_factory.mktemp("demo") / "output"
    code, printed = run_build(ROOT / "content", output)
    assert code == 0, printed
    return output


@pytest.fixture(scope="module")
def server(site):
    with served(site) as address:
        yield address


@pytest.fixture(scope="module")
def browser():
    _require(Path(CHROMIUM), "installez Chromium : apt-get install chromium (./setup.sh le fait en root)")
    _require(AXE, "installez les outils de test : npm ci")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def test_every_page_type_exists(site):
    for name, url in PAGES.items():
        path = site / url.split("?")[0]
        assert (path / "index.html" if url.endswith("/") or not url or "?" in url else path).is_file(), name


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_axe_finds_no_violation(browser, server, name, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(server + PAGES[name])
    if name == "recherche":
        page.wait_for_selector(".sun-search__results li")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')})`)",
        AXE_TAGS,
    )
    assert violations == []
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.locator("h1").count() == 1
    page.close()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_reads_at_320_px_and_at_200_percent_text(browser, server, name):
    page = browser.new_page(viewport={"width": 320, "height": 800})
    page.goto(server + PAGES[name])
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})
    page.evaluate("document.documentElement.style.fontSize = '225%'")  # twice the normal 112.5 %
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.close()


def test_skip_link_is_first_and_visible_on_focus(browser, server):
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(server + PAGES["evenement"])
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.textContent, document.activeElement.getBoundingClientRect().top]")
    assert focused[0] == "Aller au contenu" and focused[1] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
    page.close()


def test_cancelled_event_says_so_before_anything_else(browser, server):
    page = browser.new_page()
    page.goto(server + PAGES["evenement-annule"])
    assert page.title().startswith("Annulé : ")
    first = page.evaluate("document.querySelector('main h1').nextElementSibling.textContent.trim()")
    assert first == "Annulé : cet événement n'aura pas lieu."
    page.close()


def test_search_finds_an_event_typed_without_accents(browser, server):
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(server + "recherche/")
    page.fill("input[name=q]", "demarches")
    page.click("button[type=submit]")
    page.wait_for_selector(".sun-search__results li")
    titles = page.locator(".sun-search__results a").all_text_contents()
    assert "Aide aux démarches en ligne, sans rendez-vous" in titles
    assert page.locator(".sun-search__status").text_content().endswith("pour «\u00a0demarches\u00a0».")
    page.close()


def _search(browser, server: str, words: str) -> tuple[str, list[str]]:
    """The status line and, when every result is shown (at most 30), their titles."""
    page = browser.new_page()
    page.goto(server + "recherche/?q=" + words)
    page.wait_for_function("document.querySelector('.sun-search__status').textContent.includes('résultat')")
    status = page.locator(".sun-search__status").text_content()
    titles = [] if "premiers" in status else sorted(page.locator(".sun-search__results a").all_text_contents())
    page.close()
    return status, titles


def test_search_index_in_lots_finds_what_one_index_finds(browser, server, tmp_path):
    settings = tmp_path / "conf.py"
    settings.write_text((ROOT / "pelicanconf.py").read_text(encoding="utf-8")
                        + "\nPROGRAMME_SEARCH_LOT_PAGES = 20\nPROGRAMME_POSTERS = False\n"
                        + f"THEME = {str(ROOT / 'theme')!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n",
                        encoding="utf-8")
    output = tmp_path / "output"
    out = io.StringIO()
    assert build(str(settings), str(ROOT / "content"), str(output), out=out) == 0, out.getvalue()
    bundles = sorted(p.name for p in output.iterdir() if p.name.startswith("pagefind"))
    assert bundles == ["pagefind", "pagefind-2", "pagefind-3", "pagefind-4", "pagefind-5"]

    with served(output) as lots:
        compared = 0
        for words in ("demarches", "smartphone", "association", "massy"):
            found = _search(browser, lots, words)
            assert found == _search(browser, server, words), words
            assert not found[0].startswith("Aucun"), words
            compared += len(found[1])
        assert compared > 0  # some answers were compared title by title


def test_site_works_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server)
    page.click("text=Communes")
    page.click("text=Massy")
    assert page.locator("h1").text_content() == "SUN à Massy"
    page.goto(server + "recherche/")
    assert "La recherche a besoin de JavaScript" in page.locator("main").text_content()
    context.close()


def test_map_uses_the_bundled_leaflet_and_shows_every_located_venue(browser, server, site):
    programme, _report = load_programme(ROOT / "content")
    located = sorted(v.name for v in programme.venues.values() if v.coordinates)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())  # no network in tests
    page.goto(server + "carte/")
    assert page.locator(".sun-venues li").count() == len(programme.venues)
    assert not any("leaflet" in url for url in requested)  # nothing loaded before the visitor asks
    page.click("text=Afficher la carte")
    page.wait_for_selector(".leaflet-marker-icon")
    titles = sorted(page.locator(".leaflet-marker-icon").evaluate_all("icons => icons.map(i => i.title)"))
    assert titles == located
    scripts = [url for url in requested if url.endswith(".js")]
    assert scripts and all(url.startswith(server) for url in scripts), scripts
    assert server + "theme/vendor/leaflet/leaflet.js" in scripts
    # WCAG 2.5.8 « equivalent » exception: markers of neighbouring venues overlap, and each one is also a
    # link of the list below the map, which passes. Target size is checked everywhere but on the markers.
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async (tags) => [...(await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " rules: {'target-size': {enabled: false}}})).violations,"
        " ...(await axe.run({exclude: [['.leaflet-marker-pane']]}, {runOnly: ['target-size']})).violations]"
        ".map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')})`)",
        AXE_TAGS,
    )
    assert violations == []
    page.close()


def test_map_that_cannot_load_says_so(browser, server):
    page = browser.new_page()
    page.route("**/leaflet.js", lambda route: route.abort())
    page.goto(server + "carte/")
    page.click("text=Afficher la carte")
    page.wait_for_function("document.querySelector('.sun-map__status').textContent.includes('pas pu')")
    assert page.locator(".sun-map__status").text_content() == (
        "La carte n'a pas pu s'afficher. Tous les lieux sont dans la liste ci-dessous.")
    assert page.locator(".sun-map__show").is_enabled()
    page.close()


def test_map_page_lists_venues_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "carte/")
    assert not page.locator(".sun-map").is_visible()  # the map box is for script-enabled browsers only
    page.click("text=Maison de quartier de Villaine")
    assert page.locator("h1").text_content() == "Maison de quartier de Villaine"
    context.close()


def test_embed_code_on_commune_page_shows_the_embed_page(browser, server, site):
    source = (site / "communes" / "massy" / "index.html").read_text(encoding="utf-8")
    code = source.split('readonly>', 1)[1].split("</textarea>", 1)[0]
    frame = html.unescape(code)
    assert frame.startswith('<iframe src="https://sun.example.org/integrer/communes/massy/" title="SUN 2026 à Massy"')
    page = browser.new_page()
    local = frame.replace("https://sun.example.org/", server)
    page.set_content(f'<!doctype html><html lang="fr"><title>Essai</title><main>{local}</main></html>')
    inside = page.frame_locator("iframe")
    assert inside.locator("h1").text_content() == "SUN 2026 à Massy"
    assert inside.locator("nav").count() == 0
    assert inside.locator(".sun-event").count() == source.count('class="sun-event"')
    page.close()


def test_print_hides_navigation(browser, server):
    page = browser.new_page()
    page.goto(server + PAGES["commune"])
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.sun-nav')).display") == "none"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    page.close()


def test_nu_html_checker_accepts_every_page(site):
    _require(VNU, "installez les outils de test : npm ci")
    if shutil.which("java") is None:
        pytest.fail("Java manquant : apt-get install default-jre-headless", pytrace=False)
    result = subprocess.run(["java", "-jar", str(VNU), "--skip-non-html", "--errors-only", "--format", "gnu",
                             str(site)], capture_output=True, text=True, check=False)
    assert result.stdout + result.stderr == ""
    assert result.returncode == 0


def test_no_broken_internal_link_or_anchor(site):
    assert broken_links(site) == []


def test_event_pages_weigh_less_than_50_kb(site):
    heaviest = max((transferred_bytes(site, p), str(p.relative_to(site)))
                   for p in (site / "evenements").rglob("index.html"))
    assert heaviest[0] <= 50 * 1024, heaviest


def test_event_json_ld(site):
    html = (site / "evenements" / "initiation-retouche-photo" / "index.html").read_text(encoding="utf-8")
    data = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["@type"] == "Event"
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["offers"]["price"] == 0 and data["offers"]["priceCurrency"] == "EUR"
    assert data["isAccessibleForFree"] is True
    assert data["location"]["address"]["@type"] == "PostalAddress"
    assert data["organizer"][0]["@type"] == "Organization"


def test_published_site_has_sitemap_robots_and_feed(tmp_path):
    output = tmp_path / "public"
    code = build(str(ROOT / "publishconf.py"), str(ROOT / "content"), str(output))
    assert code == 0
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in ET.parse(output / "sitemap.xml").getroot().findall("s:url/s:loc", namespace)]
    assert "https://sun.example.org/evenements/initiation-retouche-photo/" in locs
    assert all(loc.startswith("https://sun.example.org/") for loc in locs)
    assert "https://sun.example.org/404.html" not in locs
    assert locs == sorted(locs)  # by address: a new title does not make the sitemap again
    assert (output / "robots.txt").read_text() == "User-agent: *\nAllow: /\nSitemap: https://sun.example.org/sitemap.xml\n"
    atom = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(output / "evenements.atom").getroot()
    entries = feed.findall("a:entry", atom)
    assert len(entries) == len(list((ROOT / "content" / "events").iterdir()))
    assert entries[0].find("a:id", atom).text.startswith("tag:sun.example.org,2026:evenement/")


def test_link_checker_catches_broken_links_and_anchors(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<p id="ici">x</p>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#ici">ok</a><a href="a/#la">ancre</a><a href="b/">page</a>'
        '<a href="https://example.org/x">externe</a><a href="#top">haut</a>', encoding="utf-8")
    assert broken_links(tmp_path) == ["index.html → a/#la (ancre absente)", "index.html → b/",
                                      "index.html → #top (ancre absente)"]


def test_submission_form_checks_and_prepares_a_valid_file(browser, server, tmp_path):
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(server + "proposer/")
    page.click("button[type=submit]")
    page.wait_for_selector(".sun-error-summary:not([hidden])")
    assert page.evaluate("document.activeElement.className") == "sun-error-summary"
    assert page.locator(".sun-error-summary li").all_text_contents() == [
        "Titre : ce champ est obligatoire", "Résumé : ce champ est obligatoire",
        "Qui organise ? : ce champ est obligatoire", "Thèmes : ce champ est obligatoire",
        "Format : ce champ est obligatoire",
        "Date et heures : indiquez le jour, l'heure de début et l'heure de fin de chaque séance",
        "Lieu : choisissez un lieu, ou donnez le lien en ligne"]
    page.fill("#f-titre", "Atelier « test » : 10:30")
    page.fill("#f-resume", "Un résumé.")
    page.fill("#f-date-0", "2026-10-13")
    page.fill("#f-debut-0", "14:00")
    page.fill("#f-fin-0", "16:00")
    page.click("text=Ajouter une séance")
    page.fill("#f-date-1", "2026-10-20")
    page.fill("#f-debut-1", "14:00")
    page.fill("#f-fin-1", "16:00")
    page.select_option("#f-lieu", "maison-quartier-villaine-massy")
    page.check("#organisateurs-caton")
    page.check("#themes-securite")
    page.select_option("#f-format", "atelier")
    page.check("#inscription-oui")
    page.fill("#f-inscription-telephone", "0199001234")
    page.click("button[type=submit]")
    page.wait_for_selector(".sun-result:not([hidden])")
    assert page.locator("[data-download]").get_attribute("download") == "atelier-test-10-30.yaml"
    text = page.locator(".sun-result pre").text_content()
    page.close()
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "events" / "atelier-test-10-30.yaml").write_text(text, encoding="utf-8")
    programme, report = load_programme(content)
    assert report.errors == []
    event = programme.events["atelier-test-10-30"]
    assert event.title == "Atelier « test » : 10:30" and len(event.sessions) == 2
    assert event.registration.phone == "01 99 00 12 34"
