"""Open-data CSV files read back by a CSV reader, accents intact, and matching programme.json."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

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


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        if tag == "a" and href and not href.startswith(("#", "mailto:", "tel:")) and "://" not in href:
            self.links.append(href)


def test_every_export_is_linked_from_the_open_data_page_and_valid(tmp_path):
    """The demo's open-data page, followed link by link: each file is read back and checked against
    its published schema (or, for CSV, Atom and iCalendar, by a reader of that format)."""
    import data_inclusion.schema.v1 as di
    import icalendar
    import jsonschema
    import xmlschema
    from test_frab import SCHEMAS as FRAB_SCHEMAS
    from test_frab import _json_errors as frab_json_errors

    from openagenda_rules import openagenda_problems

    output = tmp_path / "output"
    assert run_build(ROOT / "content", output)[0] == 0
    page = output / "donnees" / "index.html"
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    linked = set()
    for href in parser.links:
        path = (page.parent / href.split("#")[0]).resolve().relative_to(output.resolve()).as_posix()
        linked.add(path + "/" if href.endswith("/") and path != "." else path)
    data = json.loads((output / "programme.json").read_text(encoding="utf-8"))
    assert set(data["exports"].values()) <= linked
    assert {c["feed"] for c in data["communes"]} <= linked
    assert {c["openagenda"] for c in data["communes"]} <= linked
    checked: dict[str, str] = {}
    for path in sorted(linked):
        file = output / path
        if path.endswith("/") or path == ".":
            assert (file / "index.html").is_file(), path
            continue
        assert file.is_file(), path
        raw = file.read_bytes()
        if path.endswith(".csv"):
            rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
            assert rows and all(None not in row for row in rows), path  # no row longer than the header
            checked[path] = "csv"
        elif path.endswith(".atom"):
            root = ET.fromstring(raw)
            assert root.tag == "{http://www.w3.org/2005/Atom}feed", path
            checked[path] = "atom"
        elif path.endswith(".ics"):
            assert icalendar.Calendar.from_ical(raw).walk("VEVENT"), path
            checked[path] = "ics"
        elif path.endswith(".xml"):
            xmlschema.XMLSchema(str(FRAB_SCHEMAS / "schedule.xml.xsd")).validate(str(file))
            checked[path] = "frab xsd"
        elif path.endswith("schedule.json"):
            schema = json.loads((FRAB_SCHEMAS / "schedule.schema.json").read_text(encoding="utf-8"))
            assert frab_json_errors(schema, json.loads(raw)) == []
            checked[path] = "frab json schema"
        elif path.endswith("openagenda.json"):
            assert openagenda_problems(json.loads(raw)) == []
            checked[path] = "openagenda"
        elif path.startswith("donnees/openagenda/"):
            export = json.loads(raw)
            commune = next(c for c in data["communes"] if c["openagenda"] == path)
            assert openagenda_problems(export) == []
            assert [e["extIds"][0]["value"] for e in export["events"]] == commune["events"]
            checked[path] = "openagenda"
        elif path.endswith(("structures.json", "services.json")):
            model = di.Structure if path.endswith("structures.json") else di.Service
            records = json.loads(raw)
            assert records and [model.model_validate(r).id for r in records] == [r["id"] for r in records]
            checked[path] = "data·inclusion"
        elif path == "programme.json":
            schema = json.loads((output / "programme.schema.json").read_text(encoding="utf-8"))
            validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
            assert [e.message for e in validator.iter_errors(json.loads(raw))] == []
            checked[path] = "programme schema"
        elif path.endswith(".schema.json"):
            jsonschema.Draft202012Validator.check_schema(json.loads(raw))
            checked[path] = "json schema"
        else:
            raise AssertionError(f"no check for the linked file {path}")
    assert sorted(set(checked.values())) == ["atom", "csv", "data·inclusion", "frab json schema", "frab xsd", "ics",
                                            "json schema", "openagenda", "programme schema"]
    assert len([p for p, kind in checked.items() if kind == "csv"]) == 4


def test_csv_cells_never_run_as_formulas():
    from sunprogramme.writers.csvfile import spreadsheet_csv

    rows = [['=HYPERLINK("https://evil.example/x";"Cliquez")', "@SUM(1+1)", "-2+3", "+33 1 99 00 12 34",
             "-0.51", "Atelier = fun", "\tcache"]]
    text = spreadsheet_csv(["a", "b", "c", "d", "e", "f", "g"], rows).decode("utf-8-sig")
    cells = next(csv.reader(io.StringIO(text.splitlines()[1]), delimiter=";"))
    assert cells == ["'=HYPERLINK(\"https://evil.example/x\";\"Cliquez\")", "'@SUM(1+1)", "'-2+3",
                     "+33 1 99 00 12 34", "-0.51", "Atelier = fun", "'\tcache"]
