"""A sheet's import, all or nothing: every problem on its own row and column in the sheet's words, venues
found within their commune, one type per new partner, « ; » inside a name, look-alike names warned."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from sunprogramme.intake.columns import HEADERS
from sunprogramme.intake.commands import run_import, template_bytes
from sunprogramme.intake.importer import import_path
from sunprogramme.loader import load_programme

from conftest import ROOT, SITE

GOOD = {"Titre": "Atelier tablette", "Date": "13/10/2026", "Début": "10:30", "Fin": "12:00",
        "Résumé": "Prendre en main sa tablette.", "Lieu": "Maison des associations", "Organisateurs": "CATON",
        "Thèmes": "smartphone-tablette", "Format": "atelier"}
NEW_VENUE = {"Lieu": "", "Commune": "Épinay-sur-Orge", "Nouveau lieu : nom": "Salle des fêtes",
             "Nouveau lieu : adresse": "1 place de la Mairie", "Nouveau lieu : code postal": "91360"}


def _csv(path: Path, rows: list[dict[str, str]]) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows([HEADERS] + [[row.get(h, "") for h in HEADERS] for row in rows])
    path.write_bytes(out.getvalue().encode("utf-8"))
    return path


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(sheet: Path, content: Path) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = run_import(str(sheet), str(content), out)
    return code, out.getvalue().replace(str(sheet), sheet.name).splitlines()


def _messages(report, sheet: Path, level: str = "erreur") -> list[str]:
    return [line.format().replace(str(sheet), sheet.name) for line in report.lines if line.level == level]


@pytest.fixture
def demo(tmp_path):
    target = tmp_path / "demo"
    shutil.copytree(ROOT / "content", target)
    return target


def test_one_failing_row_writes_nothing_and_every_problem_is_told(content, tmp_path):
    before = _files(content)
    sheet = _csv(tmp_path / "programme.csv", [
        {**GOOD, **NEW_VENUE, "Identifiant": "sans-heures", "Début": "", "Fin": ""},  # the row that describes the
        # venue fails
        {**GOOD, **NEW_VENUE, "Identifiant": "meme-salle"},  # valid, at that venue
        {**GOOD, "Identifiant": "trois-problemes", "Lieu": "Salle Jaurès", "Commune": "Paris", "Date": "13/10/26",
         "Thèmes": "cuisine"},
    ])
    code, lines = _run(sheet, content)
    assert code == 1
    assert lines[0] == (  # in the sheet's words: its columns, never the file's fields
        "programme.csv, ligne 2, colonne « Début » : heures manquantes : remplissez Début et Fin (Début seul si la fin "
        "n'est pas publiée) ; si les heures ne sont pas publiées, « Moment (si pas d'heures) » (matin, après-midi, "
        "soirée, toute la journée) ; si elles ne sont pas encore connues, « Horaires à confirmer » : oui")
    assert lines[1:] == [
        "programme.csv, ligne 4, colonne « Commune » : commune « Paris » inconnue (elle n'est pas dans le territoire "
        "de SUN) ; pour un nouveau lieu hors du territoire, écrivez oui dans la colonne « Nouveau lieu : hors "
        "territoire », avec son code postal (ou son département dans la colonne « Nouveau lieu : département »)",
        "programme.csv, ligne 4, colonne « Lieu » : lieu « Salle Jaurès » inconnu : choisissez un lieu de l'onglet "
        "Aide, ou décrivez-le dans les colonnes « Nouveau lieu »",
        "programme.csv, ligne 4, colonne « Date » : date « 13/10/26 » : écrivez l'année en entier (13/10/2026)",
        "programme.csv, ligne 4, colonne « Thèmes » : valeur « cuisine » inconnue (valeurs possibles : premiers-pas, "
        "smartphone-tablette, demarches-en-ligne, emploi-formation, securite, sante, equipement-connexion, "
        "reseaux-sociaux, parents-ecrans, intelligence-artificielle, numerique-responsable, handicap, "
        "creation-loisirs)",
        "",
        "✗ Import : 0 créé(s), 0 mis à jour, 0 inchangé(s), 0 conflit(s), 5 erreur(s).",
        "Rien n'a été écrit : corrigez ces erreurs dans le tableur, puis relancez l'import.",
    ]
    assert _files(content) == before  # no event, no venue, no partner, no memory


def test_the_venues_of_two_rows_are_told_each_on_its_own_row(content, tmp_path):
    sheet = _csv(tmp_path / "programme.csv", [
        {**GOOD, **NEW_VENUE, "Identifiant": "premier", "Nouveau lieu : code postal": "9136"},
        {**GOOD, **NEW_VENUE, "Identifiant": "second", "Commune": "Massy", "Nouveau lieu : nom": "Salle Voltaire",
         "Nouveau lieu : code postal": "91"},
    ])
    report = import_path(sheet, content)
    assert _messages(report, sheet) == [
        "programme.csv, ligne 2, colonne « Nouveau lieu : code postal » : code postal « 9136 » invalide : 5 chiffres, "
        "par exemple \"91300\"",
        "programme.csv, ligne 3, colonne « Nouveau lieu : code postal » : code postal « 91 » invalide : 5 chiffres, "
        "par exemple \"91300\"",
    ]


def test_a_venue_named_is_looked_for_within_the_rows_commune(demo, tmp_path):
    row = {**GOOD, "Identifiant": "atelier", "Organisateurs": "ville-de-palaiseau", "Lieu": "médiathèque"}
    sheet = _csv(tmp_path / "programme.csv", [{**row, "Commune": "Palaiseau"}])
    report = import_path(sheet, demo)
    assert _messages(report, sheet) == []
    assert "lieu: mediatheque-palaiseau\n" in (demo / "events" / "atelier.yaml").read_text(encoding="utf-8")
    sheet = _csv(tmp_path / "programme.csv", [{**row, "Identifiant": "ailleurs"}])
    assert _messages(import_path(sheet, demo), sheet) == [
        "programme.csv, ligne 2, colonne « Lieu » : plusieurs lieux répondent à « médiathèque » : « Médiathèque de "
        "Gif-sur-Yvette » (Gif-sur-Yvette), « Médiathèque de Limours » (Limours), « Médiathèque de Palaiseau » "
        "(Palaiseau), « Médiathèque de Villebon-sur-Yvette » (Villebon-sur-Yvette) ; écrivez son nom complet ou son "
        "identifiant (onglet Aide) ; indiquez la commune dans la colonne « Commune »"]


def test_each_new_partner_gets_its_own_type(content, tmp_path):
    row = {**GOOD, "Identifiant": "coorganise", "Organisateurs": "Club numérique ; Lycée Blaise-Pascal ; CATON",
           "Nouveau partenaire : type": "association ; enseignement"}
    sheet = _csv(tmp_path / "programme.csv", [row])
    report = import_path(sheet, content)
    assert _messages(report, sheet) == []
    programme, _ = load_programme(content)
    assert [(p, programme.partners[p].kind) for p in programme.events["coorganise"].organiser_ids] == [
        ("club-numerique", "association"), ("lycee-blaise-pascal", "enseignement"), ("caton", "association")]
    sheet = _csv(tmp_path / "programme.csv", [{**row, "Identifiant": "un-type", "Organisateurs": "A1 ; B2 ; C3",
                                               "Nouveau partenaire : type": "enseignement"}])
    assert _messages(import_path(sheet, content), sheet) == [
        "programme.csv, ligne 2, colonne « Nouveau partenaire : type » : 1 type(s) pour 3 nouvel(s) organisateur(s) "
        "(« A1 » ; « B2 » ; « C3 ») : donnez un type par nouvel organisateur, dans le même ordre, séparés par « ; » "
        "(par exemple « association ; commune »)"]


def test_a_semicolon_inside_a_name_does_not_split_it(content, tmp_path):
    (content / "partners" / "lire-ecrire.yaml").write_text("nom: Lire ; écrire\ntype: association\n", encoding="utf-8")
    sheet = _csv(tmp_path / "programme.csv", [{
        **GOOD, "Identifiant": "points-virgules", "Organisateurs": 'Lire ; écrire ; "Café ; numérique" ; CATON',
        "Nouveau partenaire : type": "association"}])
    report = import_path(sheet, content)
    assert _messages(report, sheet) == []
    programme, _ = load_programme(content)
    assert programme.events["points-virgules"].organiser_ids == ("lire-ecrire", "cafe-numerique", "caton")
    assert programme.partners["cafe-numerique"].name == "Café ; numérique"


def test_look_alike_new_names_are_warned(content, tmp_path):
    rows = [{**GOOD, "Identifiant": f"atelier-{n}", "Organisateurs": name, "Nouveau partenaire : type": "association"}
            for n, name in enumerate(["S[cube]", "Scube", "Association Scube"], start=1)]
    rows.append({**GOOD, **NEW_VENUE, "Identifiant": "atelier-4", "Nouveau lieu : nom": "Salle des fete"})
    rows.append({**GOOD, **NEW_VENUE, "Identifiant": "atelier-5"})
    sheet = _csv(tmp_path / "programme.csv", rows)
    report = import_path(sheet, content)
    assert _messages(report, sheet) == []
    assert _messages(report, sheet, "attention") == [
        "programme.csv, ligne 3, colonne « Organisateurs » : attention : « Scube » ressemble à « S[cube] » (ligne 2) : "
        "même partenaire ? Écrivez-le de la même façon partout, ou par son identifiant (onglet Aide)",
        "programme.csv, ligne 6, colonne « Nouveau lieu : nom » : attention : « Salle des fêtes » ressemble à « Salle "
        "des fete » (ligne 5) : même lieu ? Écrivez-le de la même façon partout, ou par son identifiant (onglet Aide)",
    ]


def test_the_templates_example_row_and_missing_columns_are_told_in_the_sheets_words(content, tmp_path):
    programme, _ = load_programme(content)
    template = tmp_path / "modele.csv"
    template.write_bytes(template_bytes("csv", programme))
    assert _run(template, content)[1][0] == (
        "modele.csv, ligne 2, colonne « Titre » : ligne d'exemple du modèle : remplacez-la par votre événement, ou "
        "supprimez-la")
    sheet = _csv(tmp_path / "programme.csv", [{**GOOD, "Lieu": "", "Organisateurs": ""}])
    assert _messages(import_path(sheet, content), sheet) == [
        "programme.csv, ligne 2, colonne « Lieu » : indiquez un lieu (colonne « Lieu ») ou un lien en ligne (colonne "
        "« Lien en ligne »)",
        "programme.csv, ligne 2, colonne « Organisateurs » : colonne obligatoire vide (identifiants des partenaires "
        "organisateurs)",
    ]


def test_the_sheets_help_tells_the_separator_rule():
    from sunprogramme.intake.columns import BY_HEADER

    assert BY_HEADER["Organisateurs"].help == (
        "Identifiants ou noms des partenaires, séparés par « ; » ou par un retour à la ligne. Un partenaire connu dont "
        "le nom contient « ; » est reconnu en entier ; un nouveau nom qui en contient se met entre guillemets "
        "(\"Lire ; écrire\").")
    assert SITE.exists()


def test_an_old_sheet_after_a_new_edition_is_told_in_the_sheets_words(demo, tmp_path):
    from sunprogramme.intake.commands import export_sheet
    from sunprogramme.new_edition import new_edition

    sheet = tmp_path / "programme.csv"
    export_sheet(str(demo), str(sheet), io.StringIO())
    assert new_edition(demo, "2027", io.StringIO()) == 0
    edition = demo / "edition.yaml"
    edition.write_text(edition.read_text(encoding="utf-8").replace("2027-MM-JJ", "2027-10-05", 1)
                       .replace("2027-MM-JJ", "2027-10-31"), encoding="utf-8")
    lines = _run(sheet, demo)[1]
    assert lines[0] == (
        "programme.csv, ligne 2, colonne « Identifiant » : identifiant « acheter-en-ligne-en-securite » déjà utilisé "
        "par une autre édition (demo/editions/2026/events/acheter-en-ligne-en-securite.md) : sa page, son adresse "
        "courte et ses calendriers restent les siens ; si c'est un nouvel événement, changez sa colonne "
        "« Identifiant » (par exemple acheter-en-ligne-en-securite-2027) ; si le tableur vient d'une édition "
        "passée, retirez cette ligne, ou exportez un tableur de l'édition en cours (invoke export-sheet)")
    assert not any("/tmp" in line or str(tmp_path) in line for line in lines)


def test_the_exported_sheets_default_names_are_ignored_by_git():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {"/programme-sun.ods", "/programme-sun.xlsx", "/programme-sun.csv"} <= set(ignored)


def test_a_new_venue_outside_the_territory_is_said_in_its_columns(demo, tmp_path):
    outside = {**GOOD, **NEW_VENUE, "Identifiant": "a-paris", "Commune": "Paris", "Nouveau lieu : nom": "Cité des "
               "sciences", "Nouveau lieu : adresse": "30 avenue Corentin-Cariou", "Nouveau lieu : code postal": "",
               "Nouveau lieu : hors territoire": "oui", "Nouveau lieu : département": "75"}
    sheet = _csv(tmp_path / "programme.csv", [outside])
    report = import_path(sheet, demo)
    assert _messages(report, sheet) == []
    programme, _ = load_programme(demo)
    venue = programme.venues[programme.events["a-paris"].venue_id]
    assert (venue.id, venue.commune.name, venue.commune.in_territory) == ("cite-des-sciences-paris", "Paris", False)
    partner = (demo / "partners" / "caton.md").read_text(encoding="utf-8")
    assert "  commune: Paris\n  hors_territoire: oui\n  departement: '75'\n" in partner
