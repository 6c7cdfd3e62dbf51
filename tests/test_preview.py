"""The local preview: how the README and setup tell to open it, the home page of a preview built
outside the festival, and « invoke serve » while the content holds errors."""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from pelican.settings import read_settings

from sun_site.build import build
from sunprogramme import listings
from sunprogramme.loader import check_programme
from sunprogramme.settings import ProgrammeSettings

from conftest import ROOT, SITE


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


@pytest.mark.parametrize("preview", [True, False])
def test_home_page_of_a_build_after_the_festival(tmp_path, preview):
    shutil.copytree(SITE, tmp_path / "content")
    settings = settings_file(tmp_path, f'PROGRAMME_TODAY = "2026-11-02"\nPROGRAMME_PREVIEW = {preview}\n')
    out = io.StringIO()
    assert build(settings, str(tmp_path / "content"), str(tmp_path / "output"), out=out) == 0, out.getvalue()
    home = (tmp_path / "output" / "index.html").read_text(encoding="utf-8")
    if preview:
        assert BANNER in home
        assert '<h2 id="titre-bientot">Aujourd&#39;hui et les jours suivants</h2>' in home
        assert "Le festival est terminé" not in home
    else:
        assert "Aperçu" not in home
        assert '<h2 id="titre-bientot">Le festival est terminé</h2>' in home
