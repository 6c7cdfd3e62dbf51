"""data·inclusion v1 export of venues and partners, checked with the schema's own models."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import data_inclusion.schema.v1 as di
import pytest

from sunprogramme.loader import load_programme
from sunprogramme.settings import ProgrammeSettings
from sunprogramme.urls import SiteUrls
from sunprogramme.writers.datainclusion import (
    reference_day,
    services_csv,
    services_json,
    structures_csv,
    structures_json,
)

from conftest import ROOT

UPDATED = date(2026, 10, 1)
URLS = SiteUrls(ProgrammeSettings(public_url="https://sun.example.org"))
FORMAT_TYPES = {"atelier": "atelier", "jeu": "atelier", "permanence": "accompagnement"}  # the rest: information


@pytest.fixture(scope="module")
def programme():
    loaded, report = load_programme(ROOT / "content")
    assert loaded is not None, report.errors
    return loaded


@pytest.fixture(scope="module")
def records(programme):
    return (json.loads(structures_json(programme, URLS, UPDATED)), json.loads(services_json(programme, URLS, UPDATED)))


def test_every_record_passes_the_schema_models(records):
    structures, services = records
    for record in structures:
        di.Structure.model_validate(record, context={"ignore_warnings": False})
    for record in services:
        di.Service.model_validate(record, context={"ignore_warnings": False})
    assert {r["date_maj"] for r in structures + services} == {"2026-10-01"}
    assert {r["source"] for r in structures + services} == {"sun-essonne"}


def test_one_structure_per_venue_and_per_partner_without_venue(programme, records):
    structures, _ = records
    alone = [p for p in programme.partners.values() if not p.venue_ids]
    assert len(structures) == len(programme.venues) + len(alone)
    ids = [s["id"] for s in structures]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert {f"sun-essonne--{v}" for v in programme.venues} | {f"sun-essonne--partenaire--{p.id}" for p in alone} \
        == set(ids)
    by_id = {s["id"]: s for s in structures}
    ulis = by_id["sun-essonne--france-services-ulis"]
    assert (ulis["adresse"], ulis["code_postal"], ulis["commune"], ulis["code_insee"]) == (
        "6 avenue de Champagne", "91940", "Les Ulis", "91692")
    assert (ulis["latitude"], ulis["longitude"], ulis["telephone"]) == (48.6803, 2.1672, "+33199002200")
    assert ulis["lien_source"] == "https://sun.example.org/lieux/france-services-ulis/"
    assert ulis["accessibilite_lieu"].startswith("https://acceslibre.beta.gouv.fr/app/91-les-ulis/")
    assert ulis["reseaux_porteurs"] == ["france-service"]
    assert ulis["description"].startswith("France Services est un guichet unique")
    assert by_id["sun-essonne--mediatheque-gif"].get("reseaux_porteurs") is None  # no honest match
    ccas = by_id["sun-essonne--partenaire--ccas-massy"]
    assert "adresse" not in ccas and ccas["reseaux_porteurs"] == ["ccas-cias"]
    assert ccas["lien_source"] == "https://sun.example.org/partenaires/ccas-massy/"


def test_services_offer_lines_and_the_editions_events(programme, records):
    structures, services = records
    structure_ids = {s["id"] for s in structures}
    assert {s["structure_id"] for s in services} <= structure_ids
    assert len({s["id"] for s in services}) == len(services)
    offers = sum(len(p.offer) * max(1, len(p.venue_ids)) for p in programme.partners.values())
    groups = set()
    for event in programme.events.values():
        if event.status in ("annule", "reporte"):
            continue
        kind = FORMAT_TYPES.get(event.format, "information")
        if event.venue_id:
            groups.add((event.venue_id, kind, "en-presentiel"))
        else:
            organiser = programme.partners[event.organiser_ids[0]]
            home = organiser.venue_ids[0] if organiser.venue_ids else f"partenaire--{organiser.id}"
            groups.add((home, kind, "a-distance"))
    assert len(services) == offers + len(groups)
    assert len([s for s in services if "--offre-" in s["id"]]) == offers
    events = {(s["structure_id"].removeprefix("sun-essonne--"), s["type"], s["modes_accueil"][0])
              for s in services if "--sun-2026-" in s["id"]}
    assert events == groups
    by_id = {s["id"]: s for s in services}
    workshops = by_id["sun-essonne--mediatheque-gif--sun-2026-atelier"]
    assert workshops["nom"] == "Ateliers numériques – Semaines des Usages Numériques 2026"
    assert workshops["frais"] == "gratuit" and workshops["modes_accueil"] == ["en-presentiel"]
    assert all(t in {x.value for x in di.Thematique} for t in workshops["thematiques"])
    assert any(t.startswith("numerique--") for t in workshops["thematiques"])
    offer = by_id["sun-essonne--partenaire--ccas-massy--offre-1"]
    assert offer["nom"] == "Visites de convivialité et lutte contre l'isolement des seniors"
    assert "type" not in offer and "thematiques" not in offer  # nothing is guessed about an offer line


def test_offer_services_carry_the_thematiques_of_the_partners_themes(programme, records):
    _, services = records
    assert programme.partners["la-poste"].themes == ("demarches-en-ligne", "securite")
    poste = [s for s in services if s["id"].startswith("sun-essonne--partenaire--la-poste--offre-")]
    assert [s["nom"] for s in poste] == list(programme.partners["la-poste"].offer)
    # demarches-en-ligne gives two, securite one; each once, sorted
    assert {tuple(s["thematiques"]) for s in poste} == {(
        "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
        "numerique--acceder-a-des-services-en-ligne",
        "numerique--maitriser-les-fondamentaux-du-numerique",
    )}
    assert all("type" not in s and "publics" not in s for s in poste)
    ulis = programme.partners["france-services-les-ulis"]
    at_venues = [s for s in services if "--offre-" in s["id"]
                 and s["structure_id"] in {f"sun-essonne--{v}" for v in ulis.venue_ids}]
    assert len(at_venues) == len(ulis.offer) * len(ulis.venue_ids)
    assert {tuple(s["thematiques"]) for s in at_venues} == {(
        "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
        "numerique--acceder-a-des-services-en-ligne",
    )}


def test_csv_reads_back_with_accents(records, programme):
    structures, services = records
    for data, rows_json, model in ((structures_csv(programme, URLS, UPDATED), structures, di.Structure),
                                   (services_csv(programme, URLS, UPDATED), services, di.Service)):
        assert data.startswith("\ufeff".encode()) and b"\r\n" in data
        reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";")
        rows = list(reader)
        assert reader.fieldnames == list(model.model_fields)
        assert [r["id"] for r in rows] == [r["id"] for r in rows_json]
        for row, record in zip(rows, rows_json, strict=True):
            for key, value in record.items():
                assert row[key] == (",".join(value) if isinstance(value, list) else str(value)), key
    rows = list(csv.DictReader(io.StringIO(structures_csv(programme, URLS, UPDATED).decode("utf-8-sig")),
                               delimiter=";"))
    assert {r["commune"] for r in rows if r["code_insee"] == "91216"} == {"Épinay-sur-Orge"}


def test_same_bytes_every_time(programme):
    for writer in (structures_json, services_json, structures_csv, services_csv):
        assert writer(programme, URLS, UPDATED) == writer(programme, URLS, UPDATED)


def test_reference_day_is_the_builds_not_the_clock():
    settings = ProgrammeSettings(build_epoch=1790000000)  # 2026-09-21 14:13 UTC
    assert reference_day(settings, date(2026, 10, 10)) == date(2026, 9, 21)
    assert reference_day(ProgrammeSettings(), date(2026, 10, 10)) == date(2026, 10, 10)


def test_events_moved_online_or_cancelled_date_by_date_are_told_as_such(programme):
    import dataclasses

    moved = dataclasses.replace(programme.events["mon-espace-sante"], status="en-ligne")
    tablet = programme.events["atelier-tablette-du-mercredi"]
    cancelled = dataclasses.replace(tablet, sessions=tuple(dataclasses.replace(s, status="annule")
                                                            for s in tablet.sessions))
    changed = dataclasses.replace(programme, events=programme.events | {moved.id: moved, cancelled.id: cancelled})
    records = json.loads(services_json(changed, URLS, UPDATED))
    about = {r["id"]: r for r in records if "Mon espace santé" in r["description"]}
    assert [r["modes_accueil"] for r in about.values()] == [["a-distance"]]
    assert all("adresse" not in r for r in about.values())
    assert not any("L'atelier tablette du mercredi" in r["description"] for r in records)
    before = json.loads(services_json(programme, URLS, UPDATED))
    assert any("L'atelier tablette du mercredi (14/10)" in r["description"] for r in before)
