"""The frab schedule export (schedule.xml, schedule.json) of the demo programme.

Checked against copies of the schemas the C3VOC publishes (tests/schemas/frab,
see SOURCE.md), and against the model: counts, times and durations recomputed
here through UTC, the night of the DST change, a cancelled event.
"""

from __future__ import annotations

import copy
import json
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import jsonschema
import pytest
import xmlschema

from sunprogramme.loader import load_programme
from sunprogramme.model import Event, Programme, Session
from sunprogramme.plaintext import plain_text
from sunprogramme.publication_state import publication, read_state
from sunprogramme.settings import ProgrammeSettings
from sunprogramme.urls import SiteUrls
from sunprogramme.writers.frab import frab_json, frab_schedule, frab_xml

from conftest import ROOT

SCHEMAS = ROOT / "tests" / "schemas" / "frab"
CONTENT = ROOT / "content"
PARIS = ZoneInfo("Europe/Paris")


@dataclass(frozen=True)
class Export:
    programme: Programme
    urls: SiteUrls
    short_links: dict[str, int]
    xml: bytes
    json: bytes

    @property
    def data(self) -> dict:
        return json.loads(self.json)


def _export() -> Export:
    programme, report = load_programme(CONTENT)
    assert programme is not None, report
    urls = SiteUrls(ProgrammeSettings(public_url="https://sun.example.org"))
    state = read_state(CONTENT / urls.settings.save_as["publication_state"])
    published, _ = publication(programme, state, urls.settings.id_domain)
    schedule = frab_schedule(programme, urls, published.short_links)
    return Export(programme, urls, published.short_links, frab_xml(schedule), frab_json(schedule))


@pytest.fixture(scope="module")
def export() -> Export:
    return _export()


def _sessions(programme: Programme) -> list[tuple[Event, Session]]:
    return [(e, s) for e in programme.events.values() for s in e.sessions]


def _guid(event: Event, session: Session, urls: SiteUrls) -> str:
    """Recomputed here from the calendar UID, as documented in the writer."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{event.id}-{session.index}@{urls.settings.id_domain}"))


def _hours_minutes(session: Session) -> str:
    minutes = round((session.end.astimezone(UTC) - session.start.astimezone(UTC)).total_seconds() / 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _json_events(data: dict) -> list[tuple[dict, str, dict]]:
    """(day, room name, event) for every event of a schedule.json."""
    return [(day, room, event) for day in data["schedule"]["conference"]["days"]
            for room, events in day["rooms"].items() for event in events]


# --- XML Schema -------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def xsd() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMAS / "schedule.xml.xsd"))


def test_xml_is_valid(export, xsd):
    errors = list(xsd.iter_errors(export.xml.decode("utf-8")))
    assert [str(e) for e in errors] == []
    xsd.validate(export.xml.decode("utf-8"))


def _damaged_xml(export: Export, damage) -> str:
    root = ET.fromstring(export.xml)
    damage(root.find("day/room/event"))
    return ET.tostring(root, encoding="unicode")


def test_xml_schema_refuses_an_event_without_start(export, xsd):
    errors = list(xsd.iter_errors(_damaged_xml(export, lambda e: e.remove(e.find("start")))))
    assert [e.reason for e in errors] == ["The content of element 'event' is not complete. Tag 'start' expected."]


def test_xml_schema_refuses_a_duration_in_words(export, xsd):
    def damage(event):
        event.find("duration").text = "1h"
    errors = list(xsd.iter_errors(_damaged_xml(export, damage)))
    assert len(errors) == 1
    assert errors[0].path.endswith("/duration") and "'1h'" in str(errors[0])


def test_xml_schema_refuses_two_events_with_one_guid(export, xsd):
    def damage(event):
        event.set("guid", ET.fromstring(export.xml).findall(".//event")[1].get("guid"))
    errors = list(xsd.iter_errors(_damaged_xml(export, damage)))
    assert len(errors) == 1
    assert errors[0].reason.startswith("duplicated value") and "guid_unique" in errors[0].reason


# --- JSON Schema ------------------------------------------------------------------------------------------------

def _format_checker() -> jsonschema.FormatChecker:
    """The schema's formats, checked strictly: jsonschema checks date-time, uri and uuid for draft 6 only
    with optional packages, so they are spelt out here (an offset is required on a date-time)."""
    checker = jsonschema.FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def _date_time(value: object) -> bool:
        return not isinstance(value, str) or ("T" in value and datetime.fromisoformat(value).tzinfo is not None)

    @checker.checks("date", raises=ValueError)
    def _date(value: object) -> bool:
        return not isinstance(value, str) or (len(value) == 10 and bool(date.fromisoformat(value)))

    @checker.checks("uuid", raises=ValueError)
    def _uuid(value: object) -> bool:
        return not isinstance(value, str) or str(uuid.UUID(value)) == value

    @checker.checks("uri")
    def _uri(value: object) -> bool:
        return not isinstance(value, str) or bool(urlsplit(value).scheme and urlsplit(value).netloc)

    return checker


@pytest.fixture(scope="module")
def json_schema() -> dict:
    return json.loads((SCHEMAS / "schedule.schema.json").read_text(encoding="utf-8"))


def _json_errors(schema: dict, data: dict) -> list[str]:
    """Errors of the whole document, plus those of each event: this version of the schema declares the
    events of a day's rooms with ``items`` on an object, which JSON Schema ignores, so they are checked
    one by one against the schema's own Event definition."""
    assert schema["$schema"] == "http://json-schema.org/draft-06/schema#"
    validator_class = jsonschema.Draft6Validator
    validator_class.check_schema(schema)
    checker = _format_checker()
    errors = [e.message for e in validator_class(schema, format_checker=checker).iter_errors(data)]
    event_schema = {"$ref": "#/definitions/Event", "definitions": schema["definitions"]}
    event_validator = validator_class(event_schema, format_checker=checker)
    for _, _, event in _json_events(data):
        errors += [f"{event.get('slug')}: {e.message}" for e in event_validator.iter_errors(event)]
    return errors


def test_json_is_valid(export, json_schema):
    assert _json_errors(json_schema, export.data) == []


def test_json_schema_refuses_damaged_copies(export, json_schema):
    data = export.data
    no_count = copy.deepcopy(data)
    del no_count["schedule"]["conference"]["daysCount"]
    assert _json_errors(json_schema, no_count) == ["'daysCount' is a required property"]

    bad_duration = copy.deepcopy(data)
    _, _, event = _json_events(bad_duration)[0]
    event["duration"] = "1h"
    assert _json_errors(json_schema, bad_duration) == [f"{event['slug']}: '1h' does not match '^[0-9]+:[0-9]{{2}}$'"]

    no_start = copy.deepcopy(data)
    _, _, event = _json_events(no_start)[0]
    del event["start"]
    assert _json_errors(json_schema, no_start) == [f"{event['slug']}: 'start' is a required property"]

    bad_guid = copy.deepcopy(data)
    _, _, event = _json_events(bad_guid)[0]
    event["guid"] = "42"
    assert _json_errors(json_schema, bad_guid) == [f"{event['slug']}: '42' is not a 'uuid'"]

    naive_date = copy.deepcopy(data)
    _, _, event = _json_events(naive_date)[0]
    event["date"] = "2026-10-10T14:00:00"
    assert _json_errors(json_schema, naive_date) == [f"{event['slug']}: '2026-10-10T14:00:00' is not a 'date-time'"]


# --- Against the model ------------------------------------------------------------------------------------------

def test_one_frab_event_per_session(export):
    sessions = _sessions(export.programme)
    assert len(sessions) == 85  # the demo programme: 63 events, some with several sessions
    xml_events = ET.fromstring(export.xml).findall("day/room/event")
    assert len(xml_events) == len(sessions)
    assert len(_json_events(export.data)) == len(sessions)


def test_times_and_durations_recomputed_through_utc(export):
    by_guid = {_guid(e, s, export.urls): (e, s) for e, s in _sessions(export.programme)}
    seen = set()
    for day, room, frab in _json_events(export.data):
        _, session = by_guid[frab["guid"]]
        seen.add(frab["guid"])
        start = session.start.astimezone(PARIS)
        assert frab["date"] == start.isoformat()
        assert datetime.fromisoformat(frab["date"]).astimezone(UTC) == session.start.astimezone(UTC)
        assert frab["start"] == start.strftime("%H:%M")
        assert frab["duration"] == _hours_minutes(session)
        assert day["date"] == start.date().isoformat()  # a session is on the day it starts
        assert room == frab["room"]
    assert seen == set(by_guid)
    root = ET.fromstring(export.xml)
    for day in root.findall("day"):
        for event_element in day.iterfind("room/event"):
            _, session = by_guid[event_element.get("guid")]
            assert event_element.findtext("start") == session.start.astimezone(PARIS).strftime("%H:%M")
            assert event_element.findtext("duration") == _hours_minutes(session)
            assert day.get("date") == session.start.astimezone(PARIS).date().isoformat()


def test_night_of_the_dst_change(export):
    [(day, night)] = [(d, e) for d, _, e in _json_events(export.data)
                      if e["slug"] == "sun-2026-nuit-du-code-citoyen-1"]
    assert night["date"] == "2026-10-24T20:00:00+02:00"
    assert night["start"] == "20:00"
    assert night["duration"] == "11:00"  # 20:00 CEST → 06:00 CET: one hour more than the clock says
    assert day["date"] == "2026-10-24"
    assert day["day_end"] == "2026-10-25T06:00:00+01:00"
    [element] = [e for e in ET.fromstring(export.xml).iterfind("day/room/event")
                 if e.findtext("slug") == "sun-2026-nuit-du-code-citoyen-1"]
    assert element.findtext("duration") == "11:00"


def test_cancelled_event_stays_and_is_marked(export):
    event = export.programme.events["initiation-retouche-photo"]
    assert event.status == "annule"
    found = [e for _, _, e in _json_events(export.data) if e["guid"] == _guid(event, event.sessions[0], export.urls)]
    assert [e["title"] for e in found] == ["[Annulé] Initiation à la retouche photo"]
    titles = [e.findtext("title") for e in ET.fromstring(export.xml).iterfind("day/room/event")]
    assert "[Annulé] Initiation à la retouche photo" in titles
    # Every session's title says its status, unless it is confirmed.
    by_guid = {_guid(e, s, export.urls): (e, s) for e, s in _sessions(export.programme)}
    labels = {"confirme": "", "annule": "[Annulé] ", "reporte": "[Reporté] ", "complet": "[Complet] "}
    for element in ET.fromstring(export.xml).iterfind("day/room/event"):
        event, session = by_guid[element.get("guid")]
        assert element.findtext("title") == labels[session.status] + event.title
    assert titles.count("[Annulé] L'atelier tablette du mercredi") == 1  # one cancelled session of two


def test_rooms_persons_and_links(export):
    events = {e["slug"]: (room, e) for _, room, e in _json_events(export.data)}
    room, webinar = events["sun-2026-webinaire-sms-frauduleux-1"]
    assert room == "En ligne"
    assert "https://visio.sun.example.org/webinaire-arnaques" in [link["url"] for link in webinar["links"]]
    room, night = events["sun-2026-nuit-du-code-citoyen-1"]
    assert room == "Campus numérique de Palaiseau – hall et fablab, Palaiseau"
    programme = export.programme
    organisers = programme.events["nuit-du-code-citoyen"].organiser_ids
    assert [p["public_name"] for p in night["persons"]] == [programme.partners[p].name for p in organisers]
    assert night["url"] == "https://sun.example.org/evenements/nuit-du-code-citoyen/"
    assert night["links"][0] == {"url": night["url"], "title": "Page de l'événement"}
    assert night["track"] == "Création et loisirs numériques" and night["type"] == "Atelier"
    assert night["language"] == "fr" and night["subtitle"] == ""
    # A partner keeps one id everywhere.
    ids: dict[str, set[int]] = {}
    for _, _, event in _json_events(export.data):
        for person in event["persons"]:
            ids.setdefault(person["public_name"], set()).add(person["id"])
    assert all(len(values) == 1 for values in ids.values())


def test_conference_and_days(export):
    conference = export.data["schedule"]["conference"]
    assert conference["acronym"] == "sun-2026"
    assert conference["title"] == "Semaines des Usages Numériques 2026"
    assert (conference["start"], conference["end"]) == ("2026-10-10", "2026-10-24")
    session_days = sorted({s.start.astimezone(PARIS).date().isoformat() for _, s in _sessions(export.programme)})
    assert [d["date"] for d in conference["days"]] == session_days
    assert [d["index"] for d in conference["days"]] == list(range(1, len(session_days) + 1))
    assert conference["daysCount"] == len(session_days)
    root = ET.fromstring(export.xml)
    assert [d.get("date") for d in root.findall("day")] == session_days
    assert root.findtext("conference/days") == str(len(session_days))


def test_ids_guids_and_slugs_are_unique_and_stable(export):
    events = [e for _, _, e in _json_events(export.data)]
    for key in ("id", "guid", "slug"):
        assert len({e[key] for e in events}) == len(events), key
    assert all(e["id"] > 0 for e in events)
    event = export.programme.events["nuit-du-code-citoyen"]
    [night] = [e for e in events if e["slug"] == "sun-2026-nuit-du-code-citoyen-1"]
    assert night["id"] == export.short_links[event.id] * 1000 + 1
    xml_ids = {(e.get("guid"), int(e.get("id"))) for e in ET.fromstring(export.xml).iterfind("day/room/event")}
    assert xml_ids == {(e["guid"], e["id"]) for e in events}


def test_same_programme_same_bytes(export):
    schedule = frab_schedule(export.programme, export.urls, export.short_links)
    assert (frab_xml(schedule), frab_json(schedule)) == (export.xml, export.json)
    again = _export()  # a fresh load of the content folder
    assert (again.xml, again.json) == (export.xml, export.json)
    assert export.json.endswith(b"}\n") and export.xml.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n")


def test_an_event_without_short_number_is_refused(export):
    short_links = dict(export.short_links)
    del short_links["nuit-du-code-citoyen"]
    with pytest.raises(ValueError, match="nuit-du-code-citoyen"):
        frab_schedule(export.programme, export.urls, short_links)


def test_plain_text_of_description_html():
    html = ('<p>Voir <a href="https://x.example.org/">le site</a>, <strong>gratuit</strong>.</p>\n'
            '<ul>\n<li>un</li>\n<li>deux</li>\n</ul>\n<p>Écrire à <a href="mailto:a@example.org">a@example.org</a></p>')
    assert plain_text(html) == ("Voir le site (https://x.example.org/), gratuit.\n\n- un\n- deux\n\n"
                                "Écrire à a@example.org")


def test_schema_copies_are_documented():
    source = (SCHEMAS / "SOURCE.md").read_text(encoding="utf-8")
    for name in ("schedule.xml.xsd", "schedule.schema.json"):
        assert name in source and (SCHEMAS / name).is_file()
    assert Path(SCHEMAS / "schedule.schema.json").read_bytes().endswith(b"}\n")


def test_partners_whose_numbers_collide_still_get_distinct_ids():
    from types import SimpleNamespace

    from sunprogramme.writers.frab import _person_id, _person_ids

    assert _person_id("mediatheque-13656") == _person_id("mediatheque-20447")  # a real collision
    programme = SimpleNamespace(partners={"mediatheque-20447": None, "mediatheque-13656": None, "caton": None})
    ids = _person_ids(programme)
    assert len(set(ids.values())) == 3
    assert ids["mediatheque-13656"] == _person_id("mediatheque-13656")  # first in id order keeps its number
    assert ids["mediatheque-20447"] == _person_id("mediatheque-13656") + 1
