"""The local preview: how the README and setup tell to open it, the home page of a preview built
outside the festival, and « invoke serve » while the content holds errors."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

import pytest
from pelican.settings import read_settings

from sun_site.build import build
from sun_site.preview import PreviewState, preview_server, rebuild
from sunprogramme import listings
from sunprogramme.loader import check_programme
from sunprogramme.settings import ProgrammeSettings

from conftest import ROOT, SITE
from test_site_quality import AXE, AXE_TAGS, browser  # noqa: F401 (browser: the fixture)


def test_setup_and_readme_send_to_the_server_not_to_the_file():
    # Opened as a file, output/index.html leads to folder listings: links end in « / » as on the web.
    setup = (ROOT / "setup.sh").read_text(encoding="utf-8")
    assert setup.splitlines()[-1] == (
        'echo "Terminé. Pour voir le site : lancez « .venv/bin/invoke serve » puis ouvrez http://localhost:8000/ '
        '(ouvert comme fichier, output/index.html ne mène pas aux autres pages)."')
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`output/`. Pour le voir, lancez `.venv/bin/invoke serve` puis ouvrez http://localhost:8000/" in readme
    for text in (setup, readme):
        assert "ouvrez output/index.html" not in text and "ouvrez `output/index.html`" not in text


# --- The home page of a preview built outside the festival -------------------------------------------

BANNER = ("<strong>Aperçu</strong> : la page d'accueil est montrée comme le premier jour du festival, le samedi "
          "10 octobre 2026. Le site publié, lui, suit la date du jour où il est construit.")


@pytest.fixture(scope="module")
def programme():
    return check_programme(SITE)[0]


@pytest.mark.parametrize("today", [date(2026, 11, 2), date(2026, 3, 1), date(2026, 10, 9), date(2026, 10, 25)])
def test_preview_outside_the_festival_shows_the_home_of_its_first_day(programme, today):
    first_day = listings.highlights(programme, date(2026, 10, 10))
    shown = listings.highlights(programme, today, preview=True)
    assert shown.title == "Aujourd'hui et les jours suivants" == first_day.title
    assert shown.days == first_day.days and shown.shown_as == date(2026, 10, 10)
    assert listings.highlights(programme, today).shown_as is None  # the published site: as it is that day


@pytest.mark.parametrize("today", [date(2026, 10, 10), date(2026, 10, 20), date(2026, 10, 24), None])
def test_preview_during_the_festival_or_without_a_date_is_as_published(programme, today):
    assert listings.highlights(programme, today, preview=True) == listings.highlights(programme, today)


def test_preview_is_the_local_settings_not_the_published_ones():
    def preview(name: str) -> bool:
        return ProgrammeSettings.from_settings(read_settings(str(ROOT / name)), environ={}).preview
    assert preview("pelicanconf.py") is True
    assert preview("publishconf.py") is False


def settings_file(folder: Path, extra: str) -> str:
    path = folder / "conf.py"
    path.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa\n"
                    f"THEME = {str(ROOT / 'theme')!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
                    f"PROGRAMME_BUILD_CACHE_DIR = {str(folder / 'cache')!r}\nPROGRAMME_POSTERS = False\n{extra}",
                    encoding="utf-8")
    return str(path)


def build_after_the_festival(folder: Path, preview: bool) -> Path:
    shutil.copytree(SITE, folder / "content")
    settings = settings_file(folder, f'PROGRAMME_TODAY = "2026-11-02"\nPROGRAMME_PREVIEW = {preview}\n')
    out = io.StringIO()
    assert build(settings, str(folder / "content"), str(folder / "output"), out=out) == 0, out.getvalue()
    return folder / "output"


@pytest.fixture(scope="module")
def preview_after_the_festival(tmp_path_factory) -> Path:
    return build_after_the_festival(tmp_path_factory.mktemp("preview"), preview=True)


def test_preview_home_built_after_the_festival(preview_after_the_festival):
    home = (preview_after_the_festival / "index.html").read_text(encoding="utf-8")
    assert BANNER in home
    assert '<h2 id="titre-bientot">Aujourd&#39;hui et les jours suivants</h2>' in home
    assert "Le festival est terminé" not in home


def test_published_home_built_after_the_festival(tmp_path):
    home = (build_after_the_festival(tmp_path, preview=False) / "index.html").read_text(encoding="utf-8")
    assert "Aperçu" not in home
    assert '<h2 id="titre-bientot">Le festival est terminé</h2>' in home


# --- « invoke serve » while the content has errors ----------------------------------------------------

def _get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.headers["Content-Type"], response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers["Content-Type"], error.read().decode("utf-8")


def _break(content: Path) -> None:
    event = content / "events" / "nuit-du-code.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace("format: ", "format: inconnu-", 1), encoding="utf-8")


ERROR_ITEM = ("<li><code>{content}/events/nuit-du-code.yaml:10</code> : format: valeur « inconnu-Atelier » "
              "inconnue ; vouliez-vous dire « atelier » ? (valeurs possibles : atelier, conference, demonstration, "
              "permanence, table-ronde, webinaire, exposition, jeu, forum, portes-ouvertes)</li>")


def test_serve_shows_the_problems_in_place_of_every_page_until_they_are_fixed(tmp_path):
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(SITE, content)
    settings, caches, state, out = settings_file(tmp_path, ""), {}, PreviewState(), io.StringIO()
    assert rebuild(settings, str(content), str(output), caches, state, out=out), out.getvalue()
    server = preview_server(str(output), state, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        status, kind, home = _get(site)
        assert (status, kind) == (200, "text/html") and "<h1>Semaines des Usages Numériques 2026</h1>" in home
        _break(content)
        assert not rebuild(settings, str(content), str(output), caches, state, out=out)
        assert out.getvalue().endswith("Tant que ces problèmes ne sont pas corrigés, chaque page de l'aperçu les "
                                       "montre à la place du site.\n")
        for page in ("", "evenements/nuit-du-code/", "index.html", "communes/massy/index.html", "nulle-part/"):
            status, kind, shown = _get(site + page)
            assert (status, kind) == (500, "text/html; charset=utf-8"), page
            assert "<h1>Le site n'a pas pu être reconstruit</h1>" in shown
            assert '<html lang="fr">' in shown and "<main>" in shown
            assert ERROR_ITEM.format(content=content) in shown
            assert (f'<p class="summary">✗ Construction arrêtée : 1 erreur(s). Le dossier {output} n&#x27;a pas '
                    "été modifié.</p>") in shown
        # The rest of the last good site is still served: the error page is for pages only.
        status, kind, _ = _get(site + "theme/css/sun.css")
        assert (status, kind) == (200, "text/css")
        shutil.copy(SITE / "events" / "nuit-du-code.yaml", content / "events" / "nuit-du-code.yaml")
        assert rebuild(settings, str(content), str(output), caches, state, out=out)
        assert _get(site) == (200, "text/html", home)
    finally:
        server.shutdown()
        server.server_close()


def test_serve_error_page_escapes_what_it_shows():
    state = PreviewState()
    state.failed('content/events/<b>.yaml:3: titre: « <script>alert(1)</script> »\n\r  pages ▕██▏ 1 / 2\r\x1b[2K'
                 "… pages : 2 à faire\ncontent/events/b.yaml:9: attention : image: trop grande\n\n"
                 "✗ Construction arrêtée : 1 erreur(s).\n")
    page = state.error_page().decode("utf-8")
    assert ("<h2>Erreurs (1)</h2>\n<ol>\n<li><code>content/events/&lt;b&gt;.yaml:3</code> : titre: « "
            "&lt;script&gt;alert(1)&lt;/script&gt; »</li>\n</ol>\n<h2>À vérifier aussi (1)</h2>\n<ol>\n"
            "<li><code>content/events/b.yaml:9</code> : attention : image: trop grande</li>\n</ol>") in page
    assert '<p class="summary">✗ Construction arrêtée : 1 erreur(s).</p>' in page
    assert "<script>" not in page and "pages ▕" not in page and "à faire" not in page
    state.succeeded()
    assert state.error_page() is None


def _poll(condition, what: str, log: Path, deadline: float = 300.0):
    """Wait for the watching server: a generous deadline, never a fixed sleep that a slow machine would miss."""
    give_up = time.monotonic() + deadline
    while time.monotonic() < give_up:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    pytest.fail(f"{what} : rien après {deadline:.0f} s ; journal de serve :\n{log.read_text(encoding='utf-8')}")


def test_invoke_serve_shows_a_failed_rebuild_then_the_site_again(tmp_path):
    """The real « serve » command, watching the content folder in its own process."""
    content, output, log = tmp_path / "programme", tmp_path / "output", tmp_path / "serve.log"
    shutil.copytree(SITE, content)
    command = [sys.executable, "-m", "sun_site.cli", "serve", "--settings", settings_file(tmp_path, ""),
               "--content", str(content), "--output", str(output), "--port", "0"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    with log.open("w", encoding="utf-8") as written:
        process = subprocess.Popen(command, cwd=tmp_path, stdout=written, stderr=subprocess.STDOUT, env=env)
    try:
        port = _poll(lambda: re.search(r"Aperçu sur http://localhost:(\d+)/", log.read_text(encoding="utf-8")),
                     "démarrage", log).group(1)
        site = f"http://127.0.0.1:{port}/evenements/nuit-du-code/"
        status, _, page = _get(site)
        assert status == 200 and "<h1>" in page
        _break(content)
        status, _, shown = _poll(lambda: (answer := _get(site))[0] == 500 and answer, "page d'erreur", log)
        assert ERROR_ITEM.format(content=content) in shown
        shutil.copy(SITE / "events" / "nuit-du-code.yaml", content / "events" / "nuit-du-code.yaml")
        assert _poll(lambda: _get(site)[0] == 200, "retour du site", log)
        assert _get(site) == (200, "text/html", page)
    finally:
        process.terminate()
        process.wait(timeout=60)


@pytest.mark.parametrize("width", [360, 1280])
def test_axe_finds_no_violation_in_the_banner_and_the_error_page(browser, preview_after_the_festival,  # noqa: F811
                                                                 width):
    state = PreviewState()
    server = preview_server(str(preview_after_the_festival), state, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        for failed in (None, "content/events/nuit-du-code.yaml:10: format: valeur « inconnu-Atelier » inconnue\n\n"
                             "✗ Construction arrêtée : 1 erreur(s). Le dossier output n'a pas été modifié.\n"):
            if failed:
                state.failed(failed)
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(
                "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
                ".map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')})`)",
                AXE_TAGS)
            assert violations == [], failed
            assert page.locator("h1").count() == 1
            heading = "Le site n'a pas pu être reconstruit" if failed else "Semaines des Usages Numériques 2026"
            assert page.locator("h1").inner_text() == heading
            assert (page.locator(".sun-preview-note").count() == 1) is not bool(failed)
    finally:
        page.close()
        server.shutdown()
        server.server_close()


def test_invoke_serve_on_a_busy_port_says_so_in_french_before_building(tmp_path):
    """A second « invoke serve » (or any program on the port): the message at once, no traceback, no build."""
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "invoke", "serve", "--port", str(port), "--content", str(SITE),
                               "--output", str(tmp_path / "output")], cwd=ROOT, capture_output=True, text=True,
                              check=False, timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (
        1, f"✗ le port {port} est déjà utilisé (un autre « invoke serve » est peut-être ouvert) : fermez-le, ou "
           f"lancez « invoke serve --port {port + 1} »\n", "")
    assert not (tmp_path / "output").exists()
