"""What real programmes publish and the model now says as published (tests/fixtures/real-programmes, findings
3, 4, 5, 7, 9): a start with no end, a registration without a contact, a venue outside the territory without
its postcode, an exhibition whose open days are not given. Every output says exactly that, nothing more."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import jsonschema
import pytest
import vobject
from test_calendars import ICALJS_SCRIPT, LIBICAL_SCRIPT, SYSTEM_PYTHON

from sunprogramme.loader import check_programme, load_programme
from sunprogramme.printing import event_poster
from sunprogramme.publication_state import PublicationState, publication
from sunprogramme.session_words import when_in_words
from sunprogramme.settings import ProgrammeSettings
from sunprogramme.urls import SiteUrls
from sunprogramme.writers.calendar import calendar_file
from sunprogramme.writers.frab import frab_json, frab_schedule
from sunprogramme.writers.openagenda import openagenda_data
from sunprogramme.writers.opendata import sessions_csv
from sunprogramme.writers.programme_json import programme_json

from conftest import ROOT, shown
from test_build import run_build

NBSP = "\u00a0"
URLS = SiteUrls(ProgrammeSettings(public_url="https://sun.example.org"))

CONFERENCE = """titre: Conférence sur les écrans
resume: Une conférence publiée avec son heure de début seulement.
seances:
  - date: 2026-10-13
    debut: "15:00"
  - date: 2026-10-15
    debut: "14:00"
    fin: "16:00"
lieu: mediatheque-cocteau
organisateurs: [mediatheque-massy]
themes: [securite]
format: conference
"""


def _text(html: str) -> str:
    return re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'").strip()


def _problems(content: Path, name: str, text: str) -> list[str]:
    (content / "events" / name).write_text(text, encoding="utf-8")
    _, report = load_programme(content)
    return [p for p in shown(report.problems, content) if name in p]


# --- a start with no end ----------------------------------------------------------------------------

@pytest.fixture
def start_alone(content: Path) -> Path:
    (content / "events" / "conference-ecrans.yaml").write_text(CONFERENCE, encoding="utf-8")
    return content


def _calendar(programme) -> bytes:
    published = publication(programme, PublicationState(), URLS.settings.id_domain)[0]
    return calendar_file(programme, URLS, published.sequences, datetime(2026, 10, 9, 22, 0, tzinfo=UTC),
                         [programme.events["conference-ecrans"]], "Essai")


def test_a_start_alone_is_said_from_that_time(start_alone):
    programme, problems = check_programme(start_alone)
    assert programme is not None, problems
    first, _second = programme.events["conference-ecrans"].sessions
    assert (first.start.isoformat(), first.end) == ("2026-10-13T15:00:00+02:00", None)
    assert when_in_words(first) == f"mardi 13 octobre 2026, à partir de 15{NBSP}h"
    poster = event_poster(programme, programme.events["conference-ecrans"], URLS, 1, {})
    assert poster.sessions[0] == f"mardi 13 octobre 2026, à partir de 15{NBSP}h"
    rows = list(csv.DictReader(io.StringIO(sessions_csv(programme, URLS).decode("utf-8-sig")), delimiter=";"))
    row = next(r for r in rows if r["identifiant"] == "conference-ecrans")
    assert [row[k] for k in ("debut", "fin", "fin_iso", "type_horaires", "horaires")] == [
        "15:00", "", "", "debut", f"à partir de 15{NBSP}h"]
    published = publication(programme, PublicationState(), URLS.settings.id_domain)[0]
    data = json.loads(programme_json(programme, URLS, published.short_links, set()))
    schema = json.loads((ROOT / "sunprogramme" / "data" / "programme.schema.json").read_text(encoding="utf-8"))
    assert [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)] == []
    session = next(e for e in data["events"] if e["id"] == "conference-ecrans")["sessions"][0]
    assert [session[k] for k in ("time_kind", "start", "end", "start_utc", "end_utc")] == [
        "debut", "2026-10-13T15:00:00+02:00", None, "2026-10-13T13:00:00Z", None]


def test_a_start_alone_has_no_dtend_and_four_parsers_read_it(start_alone, tmp_path):
    programme = check_programme(start_alone)[0]
    raw = _calendar(programme)
    entries = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(raw).walk("VEVENT")}
    alone = entries["conference-ecrans-1@sun.example.org"]
    assert "DTEND" not in alone and "DURATION" not in alone
    assert alone.decoded("DTSTART") == datetime(2026, 10, 13, 13, 0, tzinfo=UTC)
    assert str(alone["DESCRIPTION"]).splitlines()[2] == f"Horaires : à partir de 15{NBSP}h (heure de fin non publiée)."
    path = tmp_path / "essai.ics"
    path.write_bytes(raw)
    # RFC 5545 3.6.1: a DTSTART date-time without DTEND ends at its start. Every parser says so.
    icaljs = json.loads(subprocess.run(["node", str(ICALJS_SCRIPT), str(path)], capture_output=True, text=True,
                                       check=True, cwd=ROOT, env={**os.environ, "TZ": "UTC"}).stdout)
    libical = json.loads(subprocess.run([SYSTEM_PYTHON, str(LIBICAL_SCRIPT), str(path)], capture_output=True,
                                        text=True, check=True).stdout)
    vobj = vobject.readOne(raw.decode("utf-8")).vevent_list
    for rows in (icaljs, libical):
        found = {r["uid"]: (r["start"].replace(".000Z", "Z"), r["end"].replace(".000Z", "Z")) for r in rows}
        assert found["conference-ecrans-1@sun.example.org"] == ("2026-10-13T13:00:00Z", "2026-10-13T13:00:00Z")
        assert found["conference-ecrans-2@sun.example.org"] == ("2026-10-15T12:00:00Z", "2026-10-15T14:00:00Z")
    one = next(v for v in vobj if v.uid.value == "conference-ecrans-1@sun.example.org")
    assert one.dtstart.value.astimezone(UTC) == datetime(2026, 10, 13, 13, 0, tzinfo=UTC)
    assert not hasattr(one, "dtend")


def test_a_start_alone_in_frab_and_openagenda(start_alone):
    programme = check_programme(start_alone)[0]
    published = publication(programme, PublicationState(), URLS.settings.id_domain)[0]
    data = json.loads(frab_json(frab_schedule(programme, URLS, published.short_links)))
    found = [e for day in data["schedule"]["conference"]["days"] for room in day["rooms"].values() for e in room
             if e["title"] == "Conférence sur les écrans"]
    assert [(e["start"], e["duration"], e["subtitle"]) for e in found] == [
        ("15:00", "00:00", f"Horaires : à partir de 15{NBSP}h (heure de fin non publiée)"), ("14:00", "02:00", "")]
    agenda = next(e for e in openagenda_data(programme, URLS)["events"]
                  if e["title"]["fr"] == "Conférence sur les écrans")
    assert agenda["timings"][0] == {"begin": "2026-10-13T15:00:00+02:00", "end": "2026-10-13T23:59:00+02:00"}
    assert agenda["conditions"]["fr"].startswith(f"Horaires : mardi 13 octobre, à partir de 15{NBSP}h. ")


def test_a_start_alone_on_the_pages(start_alone, tmp_path):
    code, printed = run_build(start_alone, tmp_path / "output")
    assert code == 0, printed
    page = (tmp_path / "output" / "evenements" / "conference-ecrans" / "index.html").read_text(encoding="utf-8")
    when = _text(page.split("<dt>Quand</dt>", 1)[1].split("<dt>Où</dt>", 1)[0])
    assert when.startswith(f"mardi 13 octobre 2026, à partir de 15{NBSP}h jeudi 15 octobre 2026, de 14{NBSP}h")
    day = (tmp_path / "output" / "jours" / "2026-10-13" / "index.html").read_text(encoding="utf-8")
    assert f'<time datetime="2026-10-13T15:00:00+02:00">À partir de 15{NBSP}h</time>' in day


@pytest.mark.parametrize(("text", "expected"), [
    (CONFERENCE.replace('    debut: "14:00"\n', ""),
     ["content/events/x.yaml:7: seances[2].debut: champ obligatoire manquant pour la séance (debut) ; sans heures "
      "publiées, retirez debut et fin et écrivez moment ou horaires: a_confirmer"]),
    (CONFERENCE.replace('    debut: "15:00"\n', '    debut: "15:00"\n    date_fin: 2026-10-14\n'),
     ["content/events/x.yaml:6: seances[1].date_fin: date_fin ne va qu'avec une heure de fin : ajoutez fin, ou "
      "retirez date_fin"]),
])
def test_a_start_alone_mistakes(content, text, expected):
    assert _problems(content, "x.yaml", text) == expected


# --- registration without a contact ----------------------------------------------------------------

IN_TOWN_HALL = CONFERENCE.replace("format: conference\n", """format: conference
inscription:
  obligatoire: oui
  modalites: en mairie
  places: 20
""")


def test_registration_in_words_without_a_contact(content, tmp_path):
    (content / "events" / "conference-ecrans.yaml").write_text(IN_TOWN_HALL, encoding="utf-8")
    programme, problems = check_programme(content)
    assert programme is not None, problems
    event = programme.events["conference-ecrans"]
    assert event_poster(programme, event, URLS, 1, {}).registration == "Sur inscription : en mairie (20 places)"
    entry = next(iter(icalendar.Calendar.from_ical(_calendar(programme)).walk("VEVENT")))
    assert "Sur inscription : en mairie." in str(entry["DESCRIPTION"]).splitlines()
    assert "Sans inscription" not in str(entry["DESCRIPTION"])
    agenda = next(e for e in openagenda_data(programme, URLS)["events"]
                  if e["title"]["fr"] == "Conférence sur les écrans")
    assert "Sur inscription : en mairie (20 places)." in agenda["conditions"]["fr"]
    code, printed = run_build(content, tmp_path / "output")
    assert code == 0, printed
    page = (tmp_path / "output" / "evenements" / "conference-ecrans" / "index.html").read_text(encoding="utf-8")
    said = _text(page.split("<dt>Inscription</dt>", 1)[1].split("<dt>Prix</dt>", 1)[0])
    assert said == "Sur inscription : en mairie (20 places)."


def test_registration_required_needs_a_way(content):
    text = IN_TOWN_HALL.replace("  modalites: en mairie\n", "")
    assert _problems(content, "x.yaml", text) == [
        "content/events/x.yaml:13: inscription: inscription obligatoire : indiquez comment s'inscrire (telephone, "
        "email ou lien ; ou, si la source ne donne aucun contact, modalites : « en mairie », « auprès du CCAS »)"]


# --- postcodes: taken from the commune, or a département outside the territory -----------------------

PARTNER = """---
nom: Médiathèque de Massy
type: mediatheque
lieux:
  - id: mediatheque-cocteau
    nom: Médiathèque Jean Cocteau
    adresse: 2 rue de la Poterne
    commune: Massy
  - id: dojo-sgl
    nom: Dojo
    adresse: a_confirmer
    commune: Saint-Genest-Lerpt
    departement: Loire
    hors_territoire: oui
---
La médiathèque prête des **tablettes**.
"""


def test_postcodes_are_never_made_up(content, tmp_path):
    (content / "partners" / "mediatheque-massy.md").write_text(PARTNER, encoding="utf-8")
    (content / "events" / "conference-ecrans.yaml").write_text(CONFERENCE.replace("lieu: mediatheque-cocteau",
                                                                                  "lieu: dojo-sgl"), encoding="utf-8")
    programme, problems = check_programme(content)
    assert programme is not None, problems
    massy, dojo = programme.venues["mediatheque-cocteau"], programme.venues["dojo-sgl"]
    assert (massy.postcode, massy.town) == ("91300", "91300 Massy")  # the commune's only postcode (COG)
    assert (dojo.postcode, dojo.town) == ("", "Saint-Genest-Lerpt (Loire, 42)")
    entry = next(iter(icalendar.Calendar.from_ical(_calendar(programme)).walk("VEVENT")))
    assert str(entry["LOCATION"]) == "Dojo, adresse à confirmer, Saint-Genest-Lerpt (Loire, 42)"
    published = publication(programme, PublicationState(), URLS.settings.id_domain)[0]
    data = json.loads(programme_json(programme, URLS, published.short_links, set()))
    schema = json.loads((ROOT / "sunprogramme" / "data" / "programme.schema.json").read_text(encoding="utf-8"))
    assert [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)] == []
    venue = next(v for v in data["venues"] if v["id"] == "dojo-sgl")
    assert (venue["postcode"], venue["commune"]["departement"]) == (None, "42")
    location = next(v for v in openagenda_data(programme, URLS)["locations"] if v["extIds"][0]["value"] == "dojo-sgl")
    assert "postalCode" not in location and location["city"] == "Saint-Genest-Lerpt"
    code, printed = run_build(content, tmp_path / "output")
    assert code == 0, printed
    page = (tmp_path / "output" / "lieux" / "dojo-sgl" / "index.html").read_text(encoding="utf-8")
    assert "adresse à confirmer<br>Saint-Genest-Lerpt (Loire, 42)</dd>" in page


@pytest.mark.parametrize(("change", "expected"), [
    ("    departement: Loire\n", ["content/partners/mediatheque-massy.md:9: lieux[2].code_postal: Saint-Genest-Lerpt "
                                  ": indiquez le code postal du lieu (code_postal) ou, s'il n'est pas publié, son "
                                  "département (departement: « 42 » ou « Loire »)"]),
    ("    departement: Loir\n", ["content/partners/mediatheque-massy.md:13: lieux[2].departement: département « Loir » "
                                 "inconnu : écrivez son numéro (« 42 ») ou son nom (« Loire »)"]),
])
def test_a_venue_outside_needs_its_postcode_or_departement(content, change, expected):
    text = PARTNER.replace("    departement: Loire\n", change.replace("    departement: Loire\n", ""))
    (content / "partners" / "mediatheque-massy.md").write_text(text, encoding="utf-8")
    _, report = load_programme(content)
    assert [p for p in shown(report.problems, content) if "lieux[2]" in p] == expected


# --- an exhibition whose open days are not published ------------------------------------------------

EXHIBITION = """titre: Exposition de chimie
resume: Une exposition publiée « du 10 au 15 octobre », sans jours ni heures.
ouverture:
  du: 2026-10-10
  au: 2026-10-15
  jours: a_confirmer
  horaires: a_confirmer
lieu: mediatheque-cocteau
organisateurs: [mediatheque-massy]
themes: [securite]
format: exposition
"""


def test_open_days_to_confirm(content, tmp_path):
    (content / "events" / "expo-chimie.yaml").write_text(EXHIBITION, encoding="utf-8")
    programme, problems = check_programme(content)
    assert programme is not None, problems
    event = programme.events["expo-chimie"]
    assert [s.day.day for s in event.sessions] == [10, 11, 12, 13, 14, 15]  # every day of the period stands
    published = publication(programme, PublicationState(), URLS.settings.id_domain)[0]
    raw = calendar_file(programme, URLS, published.sequences, datetime(2026, 10, 9, 22, 0, tzinfo=UTC), [event],
                        "Essai")
    entries = list(icalendar.Calendar.from_ical(raw).walk("VEVENT"))
    assert [(e.decoded("DTSTART"), e.decoded("DTEND"), str(e["SUMMARY"])) for e in entries] == [
        (date(2026, 10, 10), date(2026, 10, 16), "Exposition de chimie (jours et horaires à confirmer)")]
    assert b"DTSTART;VALUE=DATE:20261010\r\nDTEND;VALUE=DATE:20261016\r\n" in raw
    rows = [r for r in csv.DictReader(io.StringIO(sessions_csv(programme, URLS).decode("utf-8-sig")), delimiter=";")
            if r["identifiant"] == "expo-chimie"]
    assert {r["horaires"] for r in rows} == {"jours et horaires à confirmer"} and len(rows) == 6
    assert event_poster(programme, event, URLS, 1, {}).sessions == (
        "Du 10 au 15 octobre 2026 (jours et horaires à confirmer)",
        "Horaires à confirmer : ils seront publiés ici dès qu'ils seront connus.")
    code, printed = run_build(content, tmp_path / "output")
    assert code == 0, printed
    page = (tmp_path / "output" / "evenements" / "expo-chimie" / "index.html").read_text(encoding="utf-8")
    assert _text(page.split("<dt>Quand</dt>", 1)[1].split("<dt>Où</dt>", 1)[0]).startswith(
        "Du 10 au 15 octobre 2026 (jours et horaires à confirmer)")
    for day in ("2026-10-11", "2026-10-14"):  # a Sunday too: the source does not say it is closed
        html = (tmp_path / "output" / "jours" / day / "index.html").read_text(encoding="utf-8")
        assert f'<time datetime="{day}">Exposition, du 10 au 15 octobre (jours et horaires à confirmer)</time>' in html
