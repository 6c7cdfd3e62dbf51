"""French grammar around commune names and counts: « aux Ulis », « des Ulis », « d'Orsay »,
« aux événements », « 1 rendez-vous gratuit », from the COG's type of name (TNCC) of communes.csv.

The expected phrases are written out here from the TNCC rule, not computed by the helper; the site
test builds the demo (two venues moved to communes whose names carry « La » and « Les ») and reads
every page, calendar, feed, data file and PDF for the wrong forms.
"""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sunprogramme.french_names import agree, at_place, counted, guess_tncc, of_place, place_name, with_a, with_de
from sunprogramme.vocabularies import communes, find_commune

from conftest import ROOT
from test_build import run_build

COMMUNES_CSV = ROOT / "sunprogramme" / "data" / "communes.csv"

# The communes of communes.csv whose name starts with an article or a vowel: (TNCC, à, de).
WITH_ARTICLE_OR_VOWEL = {
    "Épinay-sur-Orge": (1, "à Épinay-sur-Orge", "d'Épinay-sur-Orge"),
    "Igny": (1, "à Igny", "d'Igny"),
    "Orsay": (1, "à Orsay", "d'Orsay"),
    "Angervilliers": (1, "à Angervilliers", "d'Angervilliers"),
    "La Ville-du-Bois": (3, "à La Ville-du-Bois", "de La Ville-du-Bois"),
    "Les Ulis": (4, "aux Ulis", "des Ulis"),
    "Les Molières": (4, "aux Molières", "des Molières"),
}
# The COG's sorting form of the names with an article, and the name without it.
SORTING_FORMS = {"La Ville-du-Bois": ("Ville-du-Bois (La)", "Ville-du-Bois"), "Les Ulis": ("Ulis (Les)", "Ulis"),
                 "Les Molières": ("Molières (Les)", "Molières")}


def _rows() -> list[dict[str, str]]:
    return list(csv.DictReader(COMMUNES_CSV.read_text(encoding="utf-8").splitlines()))


def _expected(name: str) -> tuple[int, str, str]:
    return WITH_ARTICLE_OR_VOWEL.get(name, (0, f"à {name}", f"de {name}"))


# --- every commune, every phrase kind ----------------------------------------------------------------------

def test_the_table_names_every_commune_with_an_article_or_a_vowel():
    rows = _rows()
    assert len(rows) == 41
    assert {r["name"]: int(r["tncc"]) for r in rows if r["tncc"] != "0"} == {
        name: tncc for name, (tncc, _at, _of) in WITH_ARTICLE_OR_VOWEL.items()}
    for row in rows:  # the others start with a consonant and no article
        if row["tncc"] == "0":
            assert row["name"][0] not in "AEIOUYÉÈ" and row["name"].split(" ")[0] not in ("Le", "La", "Les"), row


@pytest.mark.parametrize("row", _rows(), ids=lambda r: r["name"])
def test_every_commune_says_a_de_and_its_bare_name(row):
    name, tncc = row["name"], int(row["tncc"])
    expected_tncc, at, of = _expected(name)
    commune = find_commune(row["insee"])
    assert (commune.name, commune.tncc, commune.at, commune.of) == (name, expected_tncc, at, of)
    assert (place_name(name, tncc).name, at_place(name, tncc), of_place(name, tncc)) == (name, at, of)
    for written in SORTING_FORMS.get(name, ()):  # « Ulis (Les) », « Ulis » with TNCC 4: the same phrases
        assert (place_name(written, tncc).name, at_place(written, tncc), of_place(written, tncc)) == (name, at, of)
    assert guess_tncc(name) == expected_tncc  # a name's spelling alone gives the same article (not the h)


def test_the_communes_are_named_in_sentences_when_stored_in_the_cog_sorting_form():
    assert [c.name for c in communes()] == [r["name"] for r in _rows()]
    assert find_commune("les-ulis").name == "Les Ulis"


@pytest.mark.parametrize(("name", "tncc", "bare", "at", "of"), [
    ("Le Plessis-Pâté", 2, "Le Plessis-Pâté", "au Plessis-Pâté", "du Plessis-Pâté"),
    ("Plessis-Pâté (Le)", 2, "Le Plessis-Pâté", "au Plessis-Pâté", "du Plessis-Pâté"),
    ("L'Haÿ-les-Roses", 5, "L'Haÿ-les-Roses", "à L'Haÿ-les-Roses", "de L'Haÿ-les-Roses"),
    ("Haÿ-les-Roses (L')", 5, "L'Haÿ-les-Roses", "à L'Haÿ-les-Roses", "de L'Haÿ-les-Roses"),
    ("Aux Marais", 6, "Aux Marais", "aux Marais", "des Marais"),
    ("Las Illas", 7, "Las Illas", "à Las Illas", "de Las Illas"),
    ("Los Masos", 8, "Los Masos", "à Los Masos", "de Los Masos"),
    ("Hautefeuille", 0, "Hautefeuille", "à Hautefeuille", "de Hautefeuille"),
    ("Évry-Courcouronnes", 1, "Évry-Courcouronnes", "à Évry-Courcouronnes", "d'Évry-Courcouronnes"),
])
def test_every_article_type_of_the_cog(name, tncc, bare, at, of):
    assert (place_name(name, tncc).name, at_place(name, tncc), of_place(name, tncc)) == (bare, at, of)
    assert (at_place(name), of_place(name)) == (at, of)  # read from the spelling when the TNCC is not given


def test_a_commune_outside_the_territory_is_named_from_its_spelling():
    from sunprogramme.territory import outside

    assert (outside("Les Mureaux", "78130")[0].at, outside("Étampes", "91150")[0].of) == ("aux Mureaux", "d'Étampes")


# --- « à » and « de » before other words, counts -----------------------------------------------------------

@pytest.mark.parametrize(("phrase", "a", "de"), [
    ("les événements de Massy", "aux événements de Massy", "des événements de Massy"),
    ("le programme", "au programme", "du programme"),
    ("la liste", "à la liste", "de la liste"),
    ("l'affiche", "à l'affiche", "de l'affiche"),
    ("cet atelier", "à cet atelier", "de cet atelier"),
    ("tout le programme", "à tout le programme", "de tout le programme"),
    ("Emmaüs Connect", "à Emmaüs Connect", "d'Emmaüs Connect"),
    ("Les Petits Débrouillards", "aux Petits Débrouillards", "des Petits Débrouillards"),
    ("Harmonie mutuelle", "à Harmonie mutuelle", "de Harmonie mutuelle"),
])
def test_a_and_de_contract_before_le_and_les_and_elide_before_a_vowel(phrase, a, de):
    assert (with_a(phrase), with_de(phrase)) == (a, de)


@pytest.mark.parametrize(("n", "words"), [
    (0, "0 rendez-vous gratuit"), (1, "1 rendez-vous gratuit"), (2, "2 rendez-vous gratuits"),
    (14, "14 rendez-vous gratuits"),
])
def test_a_count_agrees_with_its_noun(n, words):
    assert counted(n, "rendez-vous gratuit") == words


def test_a_count_takes_an_irregular_plural():
    assert (counted(1, "lieu", "lieux"), counted(3, "lieu", "lieux"), agree(1, "autre date")) == (
        "1 lieu", "3 lieux", "autre date")


# --- the built site --------------------------------------------------------------------------------------------

PRONOUN_VERB = r"(?!\w+(?:er|ir|re)\b)"  # « à les créer », « de le signaler »: a pronoun, not an article
WRONG = re.compile(
    r"\b(?:[àÀ]|[dD]e) (?:Les|Le|Aux) "  # « à Les Ulis », « de Les Ulis », « à Le Plessis »
    rf"|\b(?:[àÀ]|[dD]e) (?:les|le) {PRONOUN_VERB}"  # « à les événements », « de le programme »
    r"|\b[àÀ] La (?!Ville-du-Bois\b)"  # « à La » only before a name that begins with it
    r"|\b[dD]e (?:" + "|".join(n for n, (t, _a, _o) in WITH_ARTICLE_OR_VOWEL.items() if t == 1) + r")\b"
    r"|\b[01] (?:rendez-vous gratuits|événements|séances|lieux|communes|partenaires|autres dates)\b"
    r"|\b(?:[2-9]|\d\d+) (?:rendez-vous gratuit|événement|séance|commune|autre date)\b(?!s)")


def _moved_demo(tmp_path: Path) -> Path:
    """The demo with Massy's Espace Léo-Lagrange (one event) in Les Molières and Longjumeau's hall in
    La Ville-du-Bois."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    for file, old, new in (
        ("club-leo-lagrange-massy.md", 'code_postal: "91300"\n    commune: Massy',
         'code_postal: "91470"\n    commune: Les Molières'),
        ("ville-de-longjumeau.yaml", 'code_postal: "91160"\n    commune: Longjumeau',
         'code_postal: "91620"\n    commune: La Ville-du-Bois'),
    ):
        path = content / "partners" / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, (file, old)
        path.write_text(text.replace(old, new), encoding="utf-8")
    return content


def _pdf_text(pdf: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.fail("pdftotext manquant : apt-get install poppler-utils (./setup.sh le fait)", pytrace=False)
    result = subprocess.run([tool, "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True,
                            text=True)
    return " ".join(result.stdout.split())


def _texts(output: Path) -> dict[str, str]:
    """Every text the site publishes, as a reader sees it (entities, escapes and folded lines undone)."""
    texts = {}
    for path in sorted(output.rglob("*")):
        name = str(path.relative_to(output))
        if name.startswith("pagefind/") or not path.is_file():
            continue  # the search engine's own files
        if path.suffix in (".html", ".xml", ".atom"):
            text = html.unescape(path.read_text(encoding="utf-8"))
        elif path.suffix == ".ics":
            text = path.read_text(encoding="utf-8").replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";")
        elif path.suffix == ".json":
            text = json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False)
        elif path.suffix == ".pdf":
            text = _pdf_text(path)
        else:
            continue
        texts[name] = " ".join(text.split())
    return texts


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict[str, str]:
    tmp_path = tmp_path_factory.mktemp("french")
    code, printed = run_build(_moved_demo(tmp_path), tmp_path / "output")
    assert code == 0, printed
    return _texts(tmp_path / "output")


def test_no_output_says_a_les_de_les_de_orsay_or_1_rendez_vous_gratuits(site):
    kinds = {Path(name).suffix for name in site}
    assert {".html", ".ics", ".xml", ".atom", ".json", ".pdf"} <= kinds
    wrong = sorted({(name, m.group(0)) for name, text in site.items() for m in WRONG.finditer(text)})
    assert wrong == []


@pytest.mark.parametrize(("slug", "at", "of"), [
    ("les-ulis", "aux Ulis", "des Ulis"),
    ("les-molieres", "aux Molières", "des Molières"),
    ("la-ville-du-bois", "à La Ville-du-Bois", "de La Ville-du-Bois"),
    ("orsay", "à Orsay", "d'Orsay"),
])
def test_a_commune_is_named_right_on_its_page_poster_calendar_feed_and_embed(site, slug, at, of):
    page = site[f"communes/{slug}/index.html"]
    assert f"<h1>SUN {at}</h1>" in page
    assert f"M'abonner aux événements {of}</a>" in page and f"Le programme {of} jour par jour" in page
    assert f"X-WR-CALNAME:SUN 2026 {at}" in site[f"calendriers/communes/{slug}.ics"]
    assert f"<title>SUN 2026 {at}</title>" in site[f"fils/communes/{slug}.atom"]
    assert f"SUN 2026 {at}" in site[f"affiches/communes/{slug}.pdf"]
    assert f"Le programme {at}, jour par jour" in site[f"affiches/programme-{slug}.pdf"]
    assert f"SUN 2026 {at}" in site[f"integrer/communes/{slug}/index.html"]


def test_a_commune_with_one_event_counts_it_in_the_singular(site):
    assert "SUN 2026 aux Molières 1 rendez-vous gratuit (1 séance) pour apprendre" in site[
        "affiches/communes/les-molieres.pdf"]
    assert "1 événement aux Molières (91470), par date." in site["communes/les-molieres/index.html"]


def test_a_partner_page_says_where_it_works_with_each_communes_preposition(site):
    assert "Association — intervient aux Ulis, à Orsay, à Bures-sur-Yvette" in site["partenaires/caton/index.html"]
