"""Open-data CSV files read back by a CSV reader, accents intact, and matching programme.json."""

from __future__ import annotations

import csv
import io
import json

from conftest import ROOT
from test_build import run_build


def test_csv_files_round_trip(tmp_path):
    output = tmp_path / "output"
    code, printed = run_build(ROOT / "content", output)
    assert code == 0, printed
    data = json.loads((output / "programme.json").read_text(encoding="utf-8"))
    raw = (output / "donnees" / "seances.csv").read_bytes()
    assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    sessions = [(e["id"], s["start"]) for e in data["events"] for s in e["sessions"]]
    assert sorted((r["identifiant"], r["debut_iso"]) for r in rows) == sorted(sessions)
    night = next(r for r in rows if r["identifiant"] == "nuit-du-code-citoyen")
    assert (night["debut_iso"], night["fin_iso"]) == ("2026-10-24T20:00:00+02:00", "2026-10-25T06:00:00+01:00")
    epinay = [r for r in rows if r["code_insee"] == "91216"]
    assert epinay and {r["commune"] for r in epinay} == {"Épinay-sur-Orge"}
    cancelled = next(r for r in rows if r["identifiant"] == "initiation-retouche-photo")
    assert cancelled["statut"] == "Annulé"
    partners = list(csv.DictReader(io.StringIO((output / "donnees" / "partenaires.csv").read_bytes()
                                               .decode("utf-8-sig")), delimiter=";"))
    assert [p["identifiant"] for p in partners] == [p["id"] for p in data["partners"]]
    assert all(int(p["evenements"]) == len(q["events"]) for p, q in zip(partners, data["partners"], strict=True))
    page = (output / "donnees" / "index.html").read_text(encoding="utf-8")
    assert "Licence Ouverte 2.0" in page and 'href="../donnees/seances.csv"' in page


def test_programme_json_follows_its_published_schema(tmp_path):
    import jsonschema

    output = tmp_path / "output"
    assert run_build(ROOT / "content", output)[0] == 0
    schema = json.loads((output / "programme.schema.json").read_text(encoding="utf-8"))
    data = json.loads((output / "programme.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert [e.message for e in validator.iter_errors(data)] == []
    data["events"][0]["sessions"][0]["start"] = "2026-10-13 14:00"  # no UTC offset: refused
    del data["events"][1]["url"]
    assert sorted(e.message for e in validator.iter_errors(data)) == [
        "'2026-10-13 14:00' does not match " + repr(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$"),
        "'url' is a required property"]
