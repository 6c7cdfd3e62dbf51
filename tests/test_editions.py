"""Several editions in one site: past editions in content/editions/<year>/, their stable addresses,
the checks across editions, day pages and day words, and « invoke new-edition »."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sun_site.build import build
from sunprogramme.cli import check
from sunprogramme.loader import load_programme
from sunprogramme.new_edition import new_edition

from conftest import ROOT, shown

DEMO = ROOT / "content"
SETTINGS = str(ROOT / "pelicanconf.py")
PAST_EVENTS = ("conference-ia-au-quotidien", "mots-de-passe-solides", "repair-cafe-numerique")
NEW_EVENT = "atelier-smartphone-2027"


def _build(content: Path, output: Path) -> str:
    out = io.StringIO()
    code = build(SETTINGS, str(content), str(output), out=out)
    assert code == 0, out.getvalue()
    return out.getvalue()


def _files(output: Path) -> set[str]:
    return {str(p.relative_to(output)) for p in output.rglob("*") if p.is_file()}


def _with_2025(tmp_path: Path) -> Path:
    """The demo content with a small past edition, 2025: three demo events moved there, a year earlier."""
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    past = content / "editions" / "2025"
    (past / "events").mkdir(parents=True)
    edition = (content / "edition.yaml").read_text(encoding="utf-8")
    (past / "edition.yaml").write_text(edition.replace("2026", "2025"), encoding="utf-8")
    for name in PAST_EVENTS:
        source = content / "events" / f"{name}.md"
        (past / "events" / source.name).write_text(source.read_text(encoding="utf-8").replace("2026-", "2025-"),
                                                   encoding="utf-8")
        source.unlink()
    return content


def _start_2027(content: Path) -> str:
    """« invoke new-edition 2027 », its dates filled in, and one event of 2027."""
    out = io.StringIO()
    assert new_edition(content, "2027", out) == 0, out.getvalue()
    edition = content / "edition.yaml"
    text = edition.read_text(encoding="utf-8")
    edition.write_text(text.replace('debut: "2027-MM-JJ"', "debut: 2027-10-09")
                       .replace('fin: "2027-MM-JJ"', "fin: 2027-10-23"), encoding="utf-8")
    event = (content / "editions" / "2026" / "events" / "atelier-smartphone-du-mardi.md").read_text(encoding="utf-8")
    (content / "events" / f"{NEW_EVENT}.md").write_text(
        event.replace("2026-10-13", "2027-10-12").replace("2026-10-20", "2027-10-19"), encoding="utf-8")
    return out.getvalue()


def _short_links(output: Path) -> dict[str, str]:
    """Short address → where it leads."""
    found = {}
    for page in (output / "e").glob("*/index.html"):
        target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', page.read_text(encoding="utf-8"))[1]
        found[f"e/{page.parent.name}/"] = target
    return found


def _title(page: Path) -> str:
    return re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"))[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, Path]:
    """The demo with its 2025 edition, built: (content, output)."""
    tmp_path = tmp_path_factory.mktemp("editions")
    content = _with_2025(tmp_path)
    _build(content, tmp_path / "output")
    return content, tmp_path / "output"


def test_every_edition_is_checked_and_archived_events_are_not_withdrawn(site):
    content, _output = site
    programme, report = load_programme(content)
    assert programme is not None
    assert [past.edition.name for past in programme.archives] == ["SUN 2025"]
    assert sorted(programme.archives[0].events) == list(PAST_EVENTS)
    assert not set(PAST_EVENTS) & set(programme.events)
    assert not [p for p in shown(report.problems, content) if "supprimé" in p]
    out = io.StringIO()
    assert check(str(content), out) == 0
    assert out.getvalue().splitlines()[-1] == "✓ Édition passée SUN 2025 : 3 événements."


def test_current_home_and_past_edition_pages(site):
    _content, output = site
    home = (output / "index.html").read_text(encoding="utf-8")
    assert "<title>Programme — SUN 2026</title>" in home
    assert '<nav class="sun-footer__editions" aria-label="Éditions précédentes">' in home
    assert '<li><a href="./2025/">SUN 2025</a></li>' in home
    past_home = (output / "2025" / "index.html").read_text(encoding="utf-8")
    assert "<title>Programme — SUN 2025</title>" in past_home
    assert "<strong>Édition passée</strong> : cette page est celle de SUN 2025" in past_home
    assert '<li><a href="../">SUN 2026 (en cours)</a></li>' in past_home
    for name in ("2025/programme/index.html", "2025/communes/index.html", "2025/communes/orsay/index.html",
                 "2025/communes/gif-sur-yvette/index.html", "2025/calendriers/programme.ics",
                 "2025/calendriers/communes/orsay.ics", "2025/themes/index.html",
                 *(f"evenements/{name}/index.html" for name in PAST_EVENTS),
                 *(f"calendriers/evenements/{name}.ics" for name in PAST_EVENTS)):
        assert (output / name).is_file(), name
    assert _title(output / "evenements" / "conference-ia-au-quotidien" / "index.html").endswith("— SUN 2025")
    event = (output / "evenements" / "conference-ia-au-quotidien" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../2025/communes/orsay/"' in event
    calendar = (output / "2025" / "calendriers" / "programme.ics").read_text(encoding="utf-8")
    assert "X-WR-CALNAME:SUN 2025 — tout le programme" in calendar
    assert calendar.count("BEGIN:VEVENT") == 3
    links = _short_links(output)
    for name in PAST_EVENTS:
        assert f"../../evenements/{name}/" in links.values()


def test_day_pages_and_day_words_carry_the_year(site):
    _content, output = site
    days = {p.name for p in (output / "jours").iterdir()}
    edition_days = {f"2025-10-{d:02d}" for d in range(10, 25)} | {f"2026-10-{d:02d}" for d in range(10, 25)}
    # 2026-10-25: a demo session after the festival (warned by check), listed on its day
    assert days == edition_days | {"2026-10-25"}
    day = (output / "jours" / "2026-10-13" / "index.html").read_text(encoding="utf-8")
    assert "Jour précédent : lundi 12 octobre 2026</a>" in day
    assert "Jour suivant : mercredi 14 octobre 2026</a>" in day
    past_day = (output / "jours" / "2025-10-13" / "index.html").read_text(encoding="utf-8")
    assert "Jour suivant : mardi 14 octobre 2025</a>" in past_day
    programme = (output / "2025" / "programme" / "index.html").read_text(encoding="utf-8")
    assert '<a href="#jour-2025-10-21">mar. 21 oct. 2025</a>' in programme


def test_archived_addresses_stay_after_a_new_edition(tmp_path):
    content = _with_2025(tmp_path)
    first = tmp_path / "first"
    _build(content, first)
    before = _files(first)
    links_before = _short_links(first)
    _start_2027(content)
    second = tmp_path / "second"
    _build(content, second)
    after = _files(second)
    links_after = _short_links(second)

    def of_2025(files: set[str]) -> set[str]:
        return {f for f in files if f.startswith(("2025/", "jours/2025-"))
                or any(f"/{name}/" in f or f"/{name}." in f for name in PAST_EVENTS)}

    assert of_2025(after) == of_2025(before)
    # Every short address keeps leading to its event; the new event gets the next number.
    assert {k: v for k, v in links_after.items() if k in links_before} == links_before
    assert set(links_after) - set(links_before) == {f"e/{len(links_before) + 1}/"}
    assert links_after[f"e/{len(links_before) + 1}/"] == f"../../evenements/{NEW_EVENT}/"
    # Every page and calendar of 2026 is still there: at its address, or its copy under 2026/.
    kept = {f for f in before if f.endswith((".html", ".ics")) and not f.startswith(("pagefind", "theme/"))}
    assert kept - after == set()
    assert {f.removeprefix("2026/") for f in after if f.startswith("2026/")} <= kept
    assert _title(second / "index.html") == "Programme — SUN 2027"
    assert _title(second / "2026" / "index.html") == "Programme — SUN 2026"
    assert _title(second / "evenements" / "atelier-smartphone-du-mardi" / "index.html").endswith("— SUN 2026")
    # A commune without events in 2027: its address leads to its 2026 page; its calendar is 2026's.
    orsay = (second / "communes" / "orsay" / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../../2026/communes/orsay/">' in orsay
    assert ((second / "calendriers" / "communes" / "orsay.ics").read_bytes()
            == (second / "2026" / "calendriers" / "communes" / "orsay.ics").read_bytes())
    # A commune with events in 2027 shows 2027 at its address.
    assert _title(second / "communes" / "massy" / "index.html") == "Massy — SUN 2027"
    footer = (second / "index.html").read_text(encoding="utf-8")
    assert '<li><a href="./2026/">SUN 2026</a></li><li><a href="./2025/">SUN 2025</a></li>' in footer


def test_a_long_edition_has_no_empty_day_pages(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "site", content)
    edition = content / "edition.yaml"
    edition.write_text(edition.read_text(encoding="utf-8").replace("debut: 2026-10-10", "debut: 2026-01-01")
                       .replace("fin: 2026-10-24", "fin: 2026-12-31"), encoding="utf-8")
    _build(content, tmp_path / "output")
    days = sorted(p.name for p in (tmp_path / "output" / "jours").iterdir())
    assert days == ["2026-10-13", "2026-10-20", "2026-10-24", "2026-10-27"]


NEXT_STEPS = """\
✓ Édition 2026 rangée dans {c}/editions/2026/ (edition.yaml et 63 événement(s){git}) : ses pages restent en ligne, \
aux mêmes adresses ; son programme, ses communes et ses calendriers sous /2026/.
✓ Édition 2027 commencée : {c}/edition.yaml (dates à compléter) et {c}/events/ (vide).
  Les partenaires et les lieux ({c}/partners/), les images et les logos servent à toutes les éditions : rien à \
recopier.
  L'état de publication garde les adresses courtes de toutes les éditions : ne le modifiez pas.
Et maintenant :
  1. Dans {c}/edition.yaml, remplacez « MM-JJ » par les dates du festival et écrivez la présentation.
  2. Ajoutez les événements de 2027 dans {c}/events/ (invoke new-event, invoke import…) ; un identifiant déjà pris \
par une édition passée est refusé.
  3. Vérifiez avec invoke check, puis committez le dossier du programme (git add {c} && git commit).
"""

NEW_EDITION_YAML = """\
# Édition 2027, commencée par « invoke new-edition 2027 » : l'édition 2026 est rangée dans
# content/editions/2026/ (ses pages restent en ligne, aux mêmes adresses).
# À faire : remplacez les dates « MM-JJ » par le premier et le dernier jour du festival, écrivez
# la présentation, puis lancez « invoke check ».
nom: "SUN 2027"
titre: "Semaines des Usages Numériques 2027"
# Premier jour du festival (AAAA-MM-JJ), à compléter
debut: "2027-MM-JJ"
# Dernier jour du festival (AAAA-MM-JJ), à compléter
fin: "2027-MM-JJ"
# Présentation du festival (Markdown), à écrire : celle de 2026 est dans
# content/editions/2026/edition.yaml
# presentation: |
#   Du … au … 2027, les Semaines des Usages Numériques reviennent…
# Repris de l'édition 2026 : vérifiez-les
contact:
  nom: "Coordination des SUN"
  telephone: "01 99 00 00 00"
  email: "contact@sun.example.org"
editeur: "Coordination des SUN (exemple fictif) — 1 rue de l'Exemple, 91300 Massy"
responsable_publication: "La présidence de la coordination des SUN"
hebergement: "Hébergeur à compléter (nom, adresse, téléphone)"
"""


def test_new_edition_archives_the_current_one_and_starts_the_next(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    state = (content / "publication-state.jsonl").read_bytes()
    partners = sorted(p.name for p in (content / "partners").iterdir())
    out = io.StringIO()
    assert new_edition(content, "2027", out) == 0
    assert out.getvalue() == NEXT_STEPS.format(c=content, git="")
    assert (content / "edition.yaml").read_text(encoding="utf-8") == NEW_EDITION_YAML
    assert sorted(p.name for p in (content / "events").iterdir()) == [".gitkeep"]
    assert len(list((content / "editions" / "2026" / "events").glob("*.md"))) == 62
    assert "nom: SUN 2026" in (content / "editions" / "2026" / "edition.yaml").read_text(encoding="utf-8")
    assert (content / "publication-state.jsonl").read_bytes() == state
    assert sorted(p.name for p in (content / "partners").iterdir()) == partners
    # Until its dates are filled, check says where; the archived edition is read, none of its events withdrawn.
    out = io.StringIO()
    assert check(str(content), out) == 1
    problems = out.getvalue().replace(str(content), "content").splitlines()
    assert problems[0] == ("content/edition.yaml:8: debut: date « 2027-MM-JJ » illisible : écrivez-la AAAA-MM-JJ "
                           "(2026-10-13) ou JJ/MM/AAAA (13/10/2026)")
    assert not [line for line in problems if "supprimé" in line]


@pytest.mark.parametrize(("year", "message"), [
    ("2027", "l'édition 2027 existe déjà : c'est l'édition en cours ({c}/edition.yaml)"),
    ("2026", "l'édition 2026 existe déjà : {c}/editions/2026/"),
    ("2025", "l'édition 2025 existe déjà : {c}/editions/2025/"),
    ("2024", "l'édition en cours est celle de 2027 ; une nouvelle édition vient après elle (par exemple invoke "
             "new-edition 2028)"),
    ("27", "« 27 » n'est pas une année ; écrivez-la en quatre chiffres, par exemple invoke new-edition 2027"),
])
def test_new_edition_refuses_an_edition_that_exists(tmp_path, year, message):
    content = _with_2025(tmp_path)
    _start_2027(content)
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    out = io.StringIO()
    assert new_edition(content, year, out) == 1
    assert out.getvalue() == f"✗ Nouvelle édition refusée : {message.format(c=content)}. Rien n'a été modifié.\n"
    assert {p: p.read_bytes() for p in content.rglob("*") if p.is_file()} == before


def test_new_edition_moves_with_git_in_a_repository(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    git = ["git", "-C", str(tmp_path), "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "content"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "2026"], check=True)
    out = io.StringIO()
    assert new_edition(content, "2027", out) == 0
    assert out.getvalue().startswith(f"✓ Édition 2026 rangée dans {content}/editions/2026/ (edition.yaml et 63 "
                                     "événement(s), déplacés avec git mv)")
    status = subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True, check=True).stdout
    assert "R  content/edition.yaml -> content/editions/2026/edition.yaml" in status
    assert ("R  content/events/atelier-smartphone-du-mardi.md -> "
            "content/editions/2026/events/atelier-smartphone-du-mardi.md") in status


def _problems(content: Path) -> list[str]:
    programme, report = load_programme(content)
    assert programme is None
    return [p for p in shown(report.sorted(), content) if "attention" not in p]


def test_an_event_id_is_used_once_across_editions(tmp_path):
    content = _with_2025(tmp_path)
    shutil.copy(content / "editions" / "2025" / "events" / "repair-cafe-numerique.md", content / "events")
    path = content / "events" / "repair-cafe-numerique.md"
    path.write_text(path.read_text(encoding="utf-8").replace("2025-", "2026-"), encoding="utf-8")
    assert _problems(content) == [
        "content/events/repair-cafe-numerique.md: identifiant « repair-cafe-numerique » déjà utilisé par une autre "
        "édition (content/editions/2025/events/repair-cafe-numerique.md) : sa page, son adresse courte et ses "
        "calendriers restent les siens ; renommez ce fichier (par exemple repair-cafe-numerique-2026.md)"]


def test_a_past_edition_sits_in_the_folder_of_its_year_before_the_current_one(tmp_path):
    content = _with_2025(tmp_path)
    (content / "editions" / "2025").rename(content / "editions" / "2024")
    (content / "editions" / "notes").mkdir()
    assert _problems(content) == [
        "content/editions/2024/edition.yaml:3: debut: cette édition commence en 2025 : rangez-la dans "
        "editions/2025/ (le dossier porte l'année de son premier jour)",
        "content/editions/notes: non lu : une édition passée se range dans editions/<année>/ (par exemple "
        "editions/2025/), avec son edition.yaml et son dossier events/"]
    shutil.rmtree(content / "editions" / "notes")
    (content / "editions" / "2024").rename(content / "editions" / "2026")
    edition = content / "editions" / "2026" / "edition.yaml"
    edition.write_text(edition.read_text(encoding="utf-8").replace("2025", "2026"), encoding="utf-8")
    assert _problems(content) == [
        "content/editions/2026/edition.yaml:3: debut: l'édition en cours (edition.yaml) commence en 2026 : une "
        "édition passée est d'une année antérieure"]


def test_two_editions_share_no_day(tmp_path):
    content = _with_2025(tmp_path)
    edition = content / "editions" / "2025" / "edition.yaml"
    edition.write_text(edition.read_text(encoding="utf-8").replace("fin: 2025-10-24", "fin: 2026-10-12"),
                       encoding="utf-8")
    assert _problems(content) == [
        "content/edition.yaml:3: debut: dates qui chevauchent celles de l'édition SUN 2025 (du 10/10/2025 au "
        "12/10/2026) : deux éditions n'ont aucun jour en commun (chaque jour a une seule page dans le site)"]
