"""Organisers' intake: spreadsheets (CSV, XLSX, ODS), shared folders, the template, new-event."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from sunprogramme.intake.columns import HEADERS
from sunprogramme.intake.commands import template_bytes
from sunprogramme.intake.importer import import_path
from sunprogramme.intake.workbook import help_rows, programme_rows, workbook_bytes
from sunprogramme.loader import load_programme

from conftest import ROOT, SITE

GOOD = {"Identifiant": "atelier-tablette", "Titre": "Atelier tablette", "Date": "13/10/2026", "Début": "10h30",
        "Fin": "12:00", "Résumé": "Prendre en main sa tablette.", "Lieu": "Maison des associations",
        "Organisateurs": "CATON", "Thèmes": "smartphone-tablette", "Format": "atelier",
        "Inscription obligatoire": "oui", "Téléphone d'inscription": "01 99 00 12 34", "Commune": "Les Ulis"}


def _row(**cells: str) -> list[str]:
    return [cells.get(h, "") for h in HEADERS]


def _csv(path: Path, rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ";") -> Path:
    text = "\r\n".join(delimiter.join(r) for r in [HEADERS, *rows]) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


def _lines(report, content: Path, source: Path) -> list[str]:
    return [line.format().replace(str(source), source.name) for line in report.lines]


@pytest.fixture
def content(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(SITE, target)
    return target


def test_good_rows_become_a_checked_event_file(content, tmp_path):
    second = {**GOOD, "Titre": "", "Date": "20/10/2026", "Commune": ""}
    sheet = _csv(tmp_path / "programme.csv", [_row(**GOOD), _row(**second)])
    report = import_path(sheet, content)
    assert report.errors == [] and report.created == ["atelier-tablette"]
    assert (content / "events" / "atelier-tablette.yaml").read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../schemas/evenement.schema.json\n"
        "titre: Atelier tablette\n"
        "resume: Prendre en main sa tablette.\n"
        "seances:\n- date: '2026-10-13'\n  debut: '10:30'\n  fin: '12:00'\n"
        "- date: '2026-10-20'\n  debut: '10:30'\n  fin: '12:00'\n"
        "lieu: maison-des-associations-ulis\n"
        "organisateurs:\n- caton\n"
        "themes:\n- smartphone-tablette\n"
        "format: atelier\n"
        "inscription:\n  obligatoire: oui\n  telephone: 01 99 00 12 34\n")
    programme, _ = load_programme(content)
    assert len(programme.events["atelier-tablette"].sessions) == 2


def test_bad_rows_are_reported_by_row_and_column_and_write_nothing(content, tmp_path):
    rows = [
        _row(**{**GOOD, "Identifiant": "date-courte", "Date": "13/10/26"}),
        _row(),  # an empty row is skipped
        _row(**{**GOOD, "Identifiant": "zero-perdu", "Téléphone d'inscription": "199001234"}),
        _row(**{**GOOD, "Identifiant": "commune-sans-accents", "Commune": "Epinay sur Orge"}),
        _row(**{**GOOD, "Identifiant": "heure-double", "Date": "25/10/2026", "Début": "02:30", "Fin": "04:00"}),
        _row(**{**GOOD, "Identifiant": "theme-inconnu", "Thèmes": "cuisine"}),
        _row(**{**GOOD, "Identifiant": "lieu-inconnu", "Lieu": "Salle des fêtes"}),
    ]
    sheet = _csv(tmp_path / "programme.csv", rows)
    report = import_path(sheet, content)
    assert _lines(report, content, sheet) == [
        "programme.csv, ligne 2, colonne « Date » : date « 13/10/26 » : écrivez l'année en entier (13/10/2026)",
        "programme.csv, ligne 4, colonne « Téléphone d'inscription » : numéro « 199001234 » : le 0 du début a "
        "disparu (le tableur l'a pris pour un nombre) ; écrivez 01 99 00 12 34, et formatez la colonne en « Texte »",
        "programme.csv, ligne 5, colonne « Commune » : le lieu « Maison des associations » est aux Ulis, pas à "
        "Épinay-sur-Orge",
        "programme.csv, ligne 6, colonne « Début » : 02:30 le 25/10/2026 existe deux fois : à 3 h les horloges "
        "reviennent à 2 h (heure d'hiver) ; choisissez une heure avant 2 h ou à partir de 3 h",
        "programme.csv, ligne 7, colonne « Thèmes » : valeur « cuisine » inconnue (valeurs possibles : premiers-pas, "
        "smartphone-tablette, demarches-en-ligne, emploi-formation, securite, sante, equipement-connexion, "
        "reseaux-sociaux, parents-ecrans, intelligence-artificielle, numerique-responsable, handicap, "
        "creation-loisirs)",
        "programme.csv, ligne 8, colonne « Lieu » : lieu « Salle des fêtes » inconnu aux Ulis : choisissez un "
        "lieu de l'onglet Aide, ou décrivez-le dans les colonnes « Nouveau lieu »",
    ]
    assert report.created == [] and not list((content / "events").glob("*.yaml"))[3:]
    assert sorted(p.name for p in (content / "events").iterdir()) == [
        "nuit-du-code.yaml", "premiers-pas-smartphone.md", "webinaire-arnaques.yaml"]


def test_windows_1252_csv_with_commas(content, tmp_path):
    sheet = _csv(tmp_path / "excel.csv", [_row(**{**GOOD, "Résumé": "Découvrir « sa » tablette"})], "cp1252", ",")
    report = import_path(sheet, content)
    assert report.created == ["atelier-tablette"]
    assert _lines(report, content, sheet)[0] == (
        "excel.csv : attention : fichier lu en Windows-1252 (l'encodage d'Excel sous Windows)")
    assert "resume: Découvrir « sa » tablette" in (content / "events" / "atelier-tablette.yaml").read_text("utf-8")


def test_xlsx_with_merged_cells_and_numbers(content, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Programme"
    sheet.append(HEADERS)
    sheet.append(_row(**GOOD))
    sheet.append(_row(**{**GOOD, "Titre": "", "Date": "20/10/2026"}))
    column = HEADERS.index("Titre") + 1
    sheet.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
    sheet.cell(row=2, column=HEADERS.index("Places") + 1, value=12)  # a number cell
    path = tmp_path / "programme.xlsx"
    workbook.save(path)
    report = import_path(path, content)
    assert report.errors == []
    assert _lines(report, content, path)[0] == (
        "programme.xlsx, ligne 2 : attention : cellule fusionnée des lignes 2 à 3 (colonne 2) : sa valeur est "
        "reprise sur chaque ligne")
    programme, _ = load_programme(content)
    assert programme.events["atelier-tablette"].registration.capacity == 12


def test_reimport_changes_nothing_then_reports_changes_and_conflicts(content, tmp_path):
    sheet = _csv(tmp_path / "programme.csv", [_row(**GOOD)])
    assert import_path(sheet, content).created == ["atelier-tablette"]
    again = import_path(sheet, content)
    assert again.unchanged == ["atelier-tablette"] and again.created == again.updated == []
    _csv(sheet, [_row(**{**GOOD, "Fin": "12:30"})])
    changed = import_path(sheet, content)
    assert changed.updated == ["atelier-tablette"]
    assert _lines(changed, content, sheet)[-1] == (
        "programme.csv, ligne 2 : événement « atelier-tablette » mis à jour : Fin (séance du 13/10)")
    event = content / "events" / "atelier-tablette.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace("12:30", "12:45"), encoding="utf-8")
    _csv(sheet, [_row(**{**GOOD, "Fin": "13:00"})])
    conflict = import_path(sheet, content)
    assert conflict.conflicts == ["atelier-tablette"]
    assert "« Fin », autrement" in _lines(conflict, content, sheet)[-1]
    assert "12:45" in event.read_text(encoding="utf-8")  # kept as edited
    assert "fin: '13:00'" in (content / "conflits" / "atelier-tablette.yaml").read_text(encoding="utf-8")
    _, checked = load_programme(content)
    assert any("conflits" in p.path for p in checked.warnings)  # both versions stay visible


def test_shared_folder_with_mixed_files(content, tmp_path):
    folder = tmp_path / "partage"
    folder.mkdir()
    _csv(folder / "mediatheque.csv", [_row(**GOOD)])
    shutil.copy(ROOT / "tests" / "fixtures" / "bad-events" / "end-before-start.yaml", folder / "fin-avant.yaml")
    (folder / "compte-rendu.docx").write_bytes(b"PK")
    report = import_path(folder, content)
    assert report.created == []  # all or nothing: the folder's bad file stops the whole import
    assert not (content / "events" / "atelier-tablette.yaml").exists()
    lines = _lines(report, content, folder)
    assert f"{folder}/compte-rendu.docx : attention : fichier ignoré : ni tableur (.ods, .xlsx, .csv) ni fichier " \
           "d'événement (.md, .yaml)" in [line.format() for line in report.lines]
    assert any("fin-avant.yaml, ligne 9, colonne « fin » : la fin (14:00) n'est pas après le début (16:00)" in line
               for line in lines)


@pytest.mark.parametrize("kind", ["ods", "xlsx", "csv"])
def test_export_then_import_gives_the_same_programme(kind, tmp_path):
    content = ROOT / "content"
    programme, _ = load_programme(content)
    sheet = tmp_path / f"programme.{kind}"
    sheet.write_bytes(workbook_bytes(kind, programme_rows(content), help_rows([], [])))
    copy = tmp_path / "copie"
    shutil.copytree(content, copy)
    for event in (copy / "events").iterdir():
        event.unlink()
    report = import_path(sheet, copy)
    assert report.errors == [] and len(report.created) == len(programme.events)
    again, _ = load_programme(copy)

    def strip(event):
        return dataclasses.replace(event, source="")

    assert {k: strip(v) for k, v in again.events.items()} == {k: strip(v) for k, v in programme.events.items()}


def test_template_has_help_sheet_and_drop_downs(tmp_path):
    path = tmp_path / "modele.xlsx"
    programme, _ = load_programme(ROOT / "content")
    path.write_bytes(template_bytes("xlsx", programme))
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Programme", "Aide"]
    assert [c.value for c in workbook["Programme"][1]] == HEADERS
    lists = {str(v.sqref).split(":")[0].rstrip("0123456789"): v.formula1
             for v in workbook["Programme"].data_validations.dataValidation}
    from openpyxl.utils import get_column_letter

    formats = ",".join(["atelier", "conference", "demonstration", "permanence", "table-ronde", "webinaire",
                        "exposition", "jeu", "forum", "portes-ouvertes"])
    assert lists[get_column_letter(HEADERS.index("Format") + 1)] == f'"{formats}"'
    assert any(row[0].value == "maison-quartier-villaine-massy" for row in workbook["Aide"].iter_rows())
    assert template_bytes("ods", programme) == template_bytes("ods", programme)


def test_new_event_asks_in_french_and_writes_a_valid_file(content):
    answers = "\n".join(["Atelier découverte", "Venez découvrir.", "13/10/26", "13/10/2026", "10h", "12:00", "non",
                         "maison-des-associations-ulis", "caton", "2 5", "1", "", "oui", "199001234", "0199001234", "",
                         ""]) + "\n"
    result = subprocess.run([sys.executable, "-m", "sunprogramme", "new-event", "--content", str(content)],
                            input=answers, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout
    assert "→ date « 13/10/26 » illisible" in result.stdout
    assert "→ numéro de téléphone « 199001234 » invalide" in result.stdout
    programme, _ = load_programme(content)
    event = programme.events["atelier-decouverte"]
    assert event.registration.phone == "01 99 00 12 34" and event.themes == ("smartphone-tablette", "securite")
    assert (content / "events" / "atelier-decouverte.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=")


def test_new_venue_and_new_partner_from_the_sheet(content, tmp_path):
    row = {**GOOD, "Lieu": "", "Commune": "Epinay-sur-Orge", "Nouveau lieu : nom": "Salle des fêtes",
           "Nouveau lieu : adresse": "1 place de la Mairie", "Nouveau lieu : code postal": "91360",
           "Organisateurs": "Club numérique d'Épinay", "Nouveau partenaire : type": "association"}
    second = {**row, "Identifiant": "atelier-tablette-2", "Titre": "Atelier tablette (suite)"}
    sheet = _csv(tmp_path / "programme.csv", [_row(**row), _row(**second)])
    report = import_path(sheet, content)
    assert report.errors == [] and report.created == ["atelier-tablette", "atelier-tablette-2"]
    assert [line.message for line in report.lines if "fiche" in line.message or "lieu «" in line.message] == [
        "fiche partenaire « Club numérique d'Épinay » créée (club-numerique-d-epinay.yaml)",
        "lieu « Salle des fêtes » ajouté à club-numerique-d-epinay.yaml"]
    programme, _ = load_programme(content)
    venue = programme.venues["salle-des-fetes-epinay-sur-orge"]
    assert (venue.address, venue.postcode, venue.commune.insee, venue.partner_id) == (
        "1 place de la Mairie", "91360", "91216", "club-numerique-d-epinay")
    assert programme.events["atelier-tablette-2"].venue_id == venue.id
    assert import_path(sheet, content).unchanged == ["atelier-tablette", "atelier-tablette-2"]


def test_new_venue_with_a_wrong_postcode_writes_nothing(content, tmp_path):
    row = {**GOOD, "Lieu": "", "Commune": "Paris", "Nouveau lieu : nom": "Salle", "Nouveau lieu : adresse": "1 rue",
           "Nouveau lieu : code postal": "75001"}
    sheet = _csv(tmp_path / "programme.csv", [_row(**row)])
    report = import_path(sheet, content)
    assert [line.format().replace(str(sheet), "programme.csv") for line in report.errors] == [
        "programme.csv, ligne 2, colonne « Commune » : commune « Paris » inconnue (elle n'est pas dans le "
        "territoire de SUN) ; pour un nouveau lieu hors du territoire, écrivez oui dans la colonne « Nouveau lieu : "
        "hors territoire », avec son code postal (ou son département dans la colonne « Nouveau lieu : "
        "département »)"]
    row = {**row, "Commune": "Massy", "Nouveau lieu : code postal": "7500"}
    _csv(sheet, [_row(**row)])
    report = import_path(sheet, content)
    assert [line.format().replace(str(sheet), "programme.csv") for line in report.errors] == [
        "programme.csv, ligne 2, colonne « Nouveau lieu : code postal » : code postal « 7500 » invalide : 5 chiffres, "
        "par exemple \"91300\""]
    assert (content / "partners" / "caton.yaml").read_text(encoding="utf-8") == (
        SITE / "partners" / "caton.yaml").read_text(encoding="utf-8")


def test_xlsx_export_keeps_text_that_looks_like_a_formula_as_text(tmp_path):
    from sunprogramme.intake.workbook import xlsx_bytes

    row = ['=HYPERLINK("https://evil.example/x";"Cliquez")'] + [""] * (len(HEADERS) - 1)
    path = tmp_path / "programme.xlsx"
    path.write_bytes(xlsx_bytes([row], []))
    cell = load_workbook(path)["Programme"]["A2"]
    assert (cell.data_type, cell.value) == ("s", row[0])
