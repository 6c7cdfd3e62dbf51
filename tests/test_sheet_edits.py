"""An import that changes an exported event edits its file in place: only the changed fields' lines, every
comment, quote and flow list kept; the report names exactly what changed in the sheet's words; an event's
column changed on one of its rows only is the edit."""

from __future__ import annotations

import difflib
import io
import shutil
from pathlib import Path

import pytest

from sunprogramme.intake.columns import HEADERS
from sunprogramme.intake.commands import run_import
from sunprogramme.intake.workbook import csv_bytes, programme_rows

from conftest import ROOT

EXHIBITION = """# À vérifier avec la mairie avant l'impression
titre: Exposition des usages
resume: Une exposition sur les usages du numérique au quotidien, ouverte à tous, avec des panneaux.
seances:
  - date: '2026-10-10'
    debut: '14:00'
    fin: '16:00'
  - date: 2026-10-13
    debut: "10:00"
    fin: "12:00"
lieu: maison-quartier-villaine-massy
organisateurs: [club-leo-lagrange-massy, ville-de-massy]
themes: [smartphone-tablette, securite]
format: exposition  # confirmé par Mme X
inscription:
  obligatoire: oui
  telephone: 01 99 00 26 00
  places: 10
"""


@pytest.fixture
def demo(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    (target / "events" / "exposition-des-usages.yaml").write_text(EXHIBITION, encoding="utf-8")
    return target


def _sheet(content: Path, path: Path, event: str, edits: dict[tuple[int, str], str]) -> tuple[Path, int]:
    """The exported sheet with cells of the event's rows changed: (its n-th row, column) → value."""
    rows = programme_rows(content)
    first = next(i for i, row in enumerate(rows) if row[0] == event)
    for (index, column), value in edits.items():
        rows[first + index][HEADERS.index(column)] = value
    path.write_bytes(csv_bytes(rows))
    return path, first + 2


def _import(sheet: Path, content: Path) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = run_import(str(sheet), str(content), out)
    return code, out.getvalue().replace(str(sheet), sheet.name).replace(str(content), "content").splitlines()


def test_one_cell_changed_changes_one_line_of_the_file(demo, tmp_path):
    event = demo / "events" / "exposition-des-usages.yaml"
    sheet, row = _sheet(demo, tmp_path / "programme.csv", "exposition-des-usages", {(1, "Début"): "10:30"})
    code, lines = _import(sheet, demo)
    assert code == 0
    assert f"programme.csv, ligne {row} : événement « exposition-des-usages » mis à jour : Début (séance du 13/10)" \
        in lines
    after = event.read_text(encoding="utf-8")
    assert [line for line in difflib.unified_diff(EXHIBITION.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and line[:3] not in ("+++", "---")] == ['-    debut: "10:00"', '+    debut: "10:30"']


def test_new_values_are_written_as_the_readme_writes_them(demo, tmp_path):
    event = demo / "events" / "exposition-des-usages.yaml"
    sheet, _ = _sheet(demo, tmp_path / "programme.csv", "exposition-des-usages", {
        (0, "Places"): "12", (1, "Places"): "12", (0, "Téléphone d'inscription"): "0199002601",
        (0, "Fin"): "16h30", (0, "Résumé"): "Une exposition sur les usages du numérique au quotidien, ouverte à "
        "tous, avec des panneaux, des démonstrations et un quiz."})
    assert _import(sheet, demo)[0] == 0
    after = event.read_text(encoding="utf-8")
    assert [line for line in difflib.unified_diff(EXHIBITION.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] == "+" and line[:3] != "+++"] == [
        "+resume: Une exposition sur les usages du numérique au quotidien, ouverte à tous, avec des panneaux, des "
        "démonstrations et un quiz.",
        '+    fin: "16:30"',
        '+  telephone: "01 99 00 26 01"',
        "+  places: 12",
    ]


def test_an_events_column_changed_on_one_row_only_is_the_edit(demo, tmp_path):
    event = "atelier-smartphone-du-mardi"
    sheet, row = _sheet(demo, tmp_path / "programme.csv", event, {(0, "Titre"): "Le smartphone du mardi"})
    code, lines = _import(sheet, demo)
    assert code == 0
    assert f"programme.csv, ligne {row} : événement « {event} » mis à jour : Titre" in lines
    assert "titre: Le smartphone du mardi\n" in (demo / "events" / f"{event}.md").read_text(encoding="utf-8")
    sheet, row = _sheet(demo, tmp_path / "programme.csv", event, {(0, "Titre"): "Le smartphone",
                                                                   (1, "Titre"): "Le mardi"})
    code, lines = _import(sheet, demo)
    assert code == 1
    assert lines[0] == (f"programme.csv, ligne {row + 1}, colonne « Titre » : « Le mardi » diffère de la ligne {row} "
                        "(« Le smartphone ») pour le même événement : une seule valeur par événement")
