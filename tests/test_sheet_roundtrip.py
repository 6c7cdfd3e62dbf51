"""The steering committee's sheet, exported then imported: untouched it changes nothing; a sheet edit
updates; a hand edit is kept; both at once is a conflict, told with the right advice."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from sunprogramme.intake.columns import HEADERS
from sunprogramme.intake.commands import export_sheet, run_import
from sunprogramme.intake.workbook import csv_bytes, programme_rows
from sunprogramme.loader import load_programme

from conftest import ROOT

EVENT = "atelier-smartphone-du-mardi"


@pytest.fixture
def demo(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _import(sheet: Path, content: Path) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = run_import(str(sheet), str(content), out)
    return code, out.getvalue().replace(str(sheet), sheet.name).replace(str(content), "content").splitlines()


def _edited_sheet(content: Path, path: Path, column: str, value: str) -> Path:
    """The exported sheet with one column of the event changed on each of its rows, as an organiser would."""
    rows = programme_rows(content)
    for row in rows:
        if row[0] == EVENT:
            row[HEADERS.index(column)] = value
    path.write_bytes(csv_bytes(rows))
    return path


@pytest.mark.parametrize("kind", ["ods", "xlsx", "csv"])
def test_exported_sheet_imported_untouched_changes_nothing(kind, demo, tmp_path):
    before = _files(demo)
    sheet = tmp_path / f"programme.{kind}"
    assert export_sheet(str(demo), str(sheet), io.StringIO()) == 0
    code, lines = _import(sheet, demo)
    events = len(list((demo / "events").iterdir()))
    assert code == 0
    assert lines[-1] == f"✓ Import : 0 créé(s), 0 mis à jour, {events} inchangé(s), 0 conflit(s), 0 erreur(s)."
    assert _files(demo) == before  # nothing written: no conflits/, no state, no memory


def test_a_sheet_edit_updates_the_event_and_keeps_its_form(demo, tmp_path):
    event = demo / "events" / f"{EVENT}.md"
    before = event.read_text(encoding="utf-8")
    sheet = _edited_sheet(demo, tmp_path / "programme.csv", "Titre", "L'atelier smartphone du mardi (complet)")
    code, lines = _import(sheet, demo)
    assert code == 0
    assert f"programme.csv, ligne {_row_of(demo)} : événement « {EVENT} » mis à jour : Titre" in lines
    assert lines[-1] == "✓ Import : 0 créé(s), 1 mis à jour, 62 inchangé(s), 0 conflit(s), 0 erreur(s)."
    assert event.read_text(encoding="utf-8") == before.replace(  # its title's line, and nothing else
        "titre: \"L'atelier smartphone du mardi\"\n", "titre: L'atelier smartphone du mardi (complet)\n", 1)
    programme, _ = load_programme(demo)
    assert programme.events[EVENT].title == "L'atelier smartphone du mardi (complet)"
    assert _import(sheet, demo)[1][-1] == (
        "✓ Import : 0 créé(s), 0 mis à jour, 63 inchangé(s), 0 conflit(s), 0 erreur(s).")


def _row_of(content: Path) -> int:
    rows = programme_rows(content)
    return 2 + next(i for i, row in enumerate(rows) if row[0] == EVENT)


def test_a_hand_edit_alone_is_kept(demo, tmp_path):
    sheet = tmp_path / "programme.csv"
    sheet.write_bytes(csv_bytes(programme_rows(demo)))
    event = demo / "events" / f"{EVENT}.md"
    event.write_text(event.read_text(encoding="utf-8").replace("du mardi", "du mardi (modifié)", 1), encoding="utf-8")
    edited = event.read_bytes()
    code, lines = _import(sheet, demo)
    assert code == 0
    assert (f"programme.csv, ligne {_row_of(demo)} : content/events/{EVENT}.md a été modifié à la main depuis "
            "l'export (« Titre »), et le tableur ne change pas ce qui a été modifié : le fichier est gardé tel "
            "quel") in lines
    assert lines[-1] == "✓ Import : 0 créé(s), 0 mis à jour, 63 inchangé(s), 0 conflit(s), 0 erreur(s)."
    assert event.read_bytes() == edited
    code, again = _import(sheet, demo)  # told once: the same hand edit is not told again
    assert (code, [line for line in again if "modifié à la main" in line]) == (0, [])
    assert again[-1] == "✓ Import : 0 créé(s), 0 mis à jour, 63 inchangé(s), 0 conflit(s), 0 erreur(s)."
    event.write_text(event.read_text(encoding="utf-8").replace("(modifié)", "(modifié encore)"), encoding="utf-8")
    assert sum("modifié à la main" in line for line in _import(sheet, demo)[1]) == 1  # a new hand edit is told


def test_a_hand_edit_and_a_sheet_edit_of_other_columns_are_both_kept(demo, tmp_path):
    sheet = _edited_sheet(demo, tmp_path / "programme.csv", "Titre", "L'atelier smartphone (complet)")
    event = demo / "events" / f"{EVENT}.md"
    event.write_text(event.read_text(encoding="utf-8").replace('debut: "14:00"', 'debut: "14:30"', 1),
                     encoding="utf-8")
    edited = event.read_text(encoding="utf-8")
    code, lines = _import(sheet, demo)
    assert code == 0
    assert f"programme.csv, ligne {_row_of(demo)} : événement « {EVENT} » mis à jour : Titre" in lines
    assert event.read_text(encoding="utf-8") == edited.replace('titre: "L\'atelier smartphone du mardi"',
                                                               "titre: L'atelier smartphone (complet)", 1)
    assert _import(sheet, demo)[1][-1] == (
        "✓ Import : 0 créé(s), 0 mis à jour, 63 inchangé(s), 0 conflit(s), 0 erreur(s).")


def test_a_column_changed_in_both_is_a_conflict_that_the_advice_resolves(demo, tmp_path):
    row = _row_of(demo)
    sheet = _edited_sheet(demo, tmp_path / "programme.csv", "Titre", "L'atelier smartphone (complet)")
    event = demo / "events" / f"{EVENT}.md"
    event.write_text(event.read_text(encoding="utf-8").replace("du mardi", "du mardi (modifié)", 1), encoding="utf-8")
    edited = event.read_bytes()
    code, lines = _import(sheet, demo)
    assert code == 1
    assert lines[-3:] == [
        "",
        "✗ Import : 0 créé(s), 0 mis à jour, 62 inchangé(s), 1 conflit(s), 0 erreur(s).",
        "Les conflits n'ont rien écrit dans content/events/ : pour chacun, comparez le fichier de content/events/ et "
        "la version du tableur dans content/conflits/, reportez dans content/events/ ce qu'il faut garder, puis "
        "supprimez le fichier de content/conflits/.",
    ]
    assert (f"programme.csv, ligne {row} : conflit : content/events/{EVENT}.md a été modifié à la main depuis l'export "
            "du tableur (ou le dernier import), et le tableur change aussi « Titre », autrement : le fichier est gardé "
            f"tel quel, la version du tableur est dans content/conflits/{EVENT}.md ; comparez les deux, reportez dans "
            f"content/events/{EVENT}.md ce qu'il faut garder, puis supprimez content/conflits/{EVENT}.md") in lines
    assert not any("corrigez" in line for line in lines)
    assert event.read_bytes() == edited
    assert "titre: L'atelier smartphone (complet)" in (demo / "conflits" / f"{EVENT}.md").read_text(encoding="utf-8")
    _, checked = load_programme(demo)
    assert [p.format().replace(str(demo), "content") for p in checked.warnings if "conflits" in p.path] == [
        "content/conflits: attention : versions mises de côté par « invoke import » (conflits) : comparez chaque "
        "fichier avec celui du même nom dans events/, gardez la bonne version, puis supprimez ce dossier"]
    # as told: the sheet's title into the file, the conflict deleted, the same import again
    event.write_text(event.read_text(encoding="utf-8").replace("L'atelier smartphone du mardi (modifié)",
                                                               "L'atelier smartphone (complet)", 1), encoding="utf-8")
    shutil.rmtree(demo / "conflits")
    code, lines = _import(sheet, demo)
    assert (code, lines[-1]) == (0, "✓ Import : 0 créé(s), 0 mis à jour, 63 inchangé(s), 0 conflit(s), 0 erreur(s).")
    assert not (demo / "conflits").exists()
