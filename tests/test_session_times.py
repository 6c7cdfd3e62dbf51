"""Times as published: a part of day, « horaires à confirmer », opening hours; in every output,
and never a clock time that was not given."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import jsonschema
import pytest

from sunprogramme import listings
from sunprogramme.cli import check
from sunprogramme.loader import check_programme, load_programme
from sunprogramme.printing import event_poster
from sunprogramme.publication_state import PublicationState, publication
from sunprogramme.session_words import opening_in_words, when_in_words
from sunprogramme.settings import ProgrammeSettings
from sunprogramme.urls import SiteUrls
from sunprogramme.writers.calendar import calendar_file
from sunprogramme.writers.datainclusion import service_records
from sunprogramme.writers.frab import frab_json, frab_schedule, frab_xml
from sunprogramme.writers.jsonld import event_jsonld
from sunprogramme.writers.openagenda import openagenda_data
from sunprogramme.writers.opendata import sessions_csv
from sunprogramme.writers.programme_json import programme_json

from conftest import ROOT, shown
from test_build import run_build

NBSP = "\u00a0"

AFTERNOON = """titre: Café numérique
resume: On discute de vos questions sur le numérique.
date: 2026-10-13
moment: apres-midi
lieu: mediatheque-cocteau
organisateurs: [mediatheque-massy]
themes: [securite]
format: atelier
contact:
  telephone: "01 99 00 12 34"
"""

TO_CONFIRM = """titre: Forum de l'emploi
resume: Des recruteurs et des conseillers numériques.
seances:
  - date: 2026-10-14
    horaires: a_confirmer
  - date: 2026-10-25
    moment: journee
    horaires: a_confirmer
lieu: mediatheque-cocteau
organisateurs: [mediatheque-massy]
themes: [securite]
format: forum
inscription:
  obligatoire: non
  telephone: "01 99 00 55 66"
"""

EXHIBITION = """titre: Exposition des écrans
resume: Quarante ans d'écrans.
ouverture:
  du: 2026-10-10
  au: 2026-10-24
  jours: [mardi, mercredi, jeudi, vendredi, samedi]
  debut: "14:00"
  fin: "18:00"
  sauf: [2026-10-16]
lieu: mediatheque-cocteau
organisateurs: [mediatheque-massy]
themes: [securite]
format: exposition
"""

OPEN_DAYS = [date(2026, 10, d) for d in (10, 13, 14, 15, 17, 20, 21, 22, 23, 24)]


@pytest.fixture
def timed_content(content: Path) -> Path:
    (content / "events" / "cafe-numerique.yaml").write_text(AFTERNOON, encoding="utf-8")
    (content / "events" / "forum-emploi.yaml").write_text(TO_CONFIRM, encoding="utf-8")
    (content / "events" / "exposition-ecrans.yaml").write_text(EXHIBITION, encoding="utf-8")
    return content


@pytest.fixture
def programme(timed_content: Path):
    return check_programme(timed_content)[0]


URLS = SiteUrls(ProgrammeSettings(public_url="https://sun.example.org"))


def _published(programme):
    return publication(programme, PublicationState(), URLS.settings.id_domain)[0]


def test_sessions_keep_the_times_as_published(programme):
    afternoon = programme.events["cafe-numerique"].sessions[0]
    assert (afternoon.start, afternoon.end, afternoon.day, afternoon.moment, afternoon.to_confirm) == (
        None, None, date(2026, 10, 13), "apres-midi", False)
    first, second = programme.events["forum-emploi"].sessions
    assert (first.day, first.moment, first.to_confirm) == (date(2026, 10, 14), None, True)
    assert (second.day, second.moment, second.to_confirm) == (date(2026, 10, 25), "journee", True)
    exhibition = programme.events["exposition-ecrans"]
    assert [s.day for s in exhibition.sessions] == OPEN_DAYS
    assert {(s.start.strftime("%H:%M"), s.end.strftime("%H:%M")) for s in exhibition.sessions} == {("14:00", "18:00")}
    assert [s.index for s in exhibition.sessions] == list(range(1, 11))
    assert exhibition.sessions[0].uid_key == "20261010"


def test_times_in_words(programme):
    afternoon = programme.events["cafe-numerique"].sessions[0]
    assert when_in_words(afternoon) == "mardi 13 octobre 2026, l'après-midi"
    first, second = programme.events["forum-emploi"].sessions
    assert when_in_words(first) == "mercredi 14 octobre 2026, horaires à confirmer"
    assert when_in_words(second, with_year=False) == "dimanche 25 octobre, toute la journée, horaires à confirmer"
    assert opening_in_words(programme.events["exposition-ecrans"].openings[0]) == (
        f"du 10 au 24 octobre 2026, du mardi au samedi, de 14{NBSP}h à 18{NBSP}h, sauf le 16 octobre")


def test_day_lists_sort_and_show_each_kind_once(programme):
    by_day = listings.sessions_by_day(programme)
    day = by_day[date(2026, 10, 13)]
    # The afternoon (placed at 12:00) before the workshop at 14:00; the exhibition's day at 14:00 too,
    # after it (the shorter first); the webinar at 18:00.
    assert [(i.event.id, i.time_text) for i in day] == [
        ("cafe-numerique", "L'après-midi"),
        ("premiers-pas-smartphone", f"14{NBSP}h{NBSP}–{NBSP}16{NBSP}h"),
        ("exposition-ecrans", f"Exposition, ouverte ce jour de 14{NBSP}h à 18{NBSP}h"),
        ("webinaire-arnaques", f"18{NBSP}h{NBSP}–{NBSP}19{NBSP}h"),
    ]
    # Times to be confirmed without a part of day close the day.
    assert [(i.event.id, i.time_text) for i in by_day[date(2026, 10, 14)]] == [
        ("exposition-ecrans", f"Exposition, ouverte ce jour de 14{NBSP}h à 18{NBSP}h"),
        ("forum-emploi", "Horaires à confirmer")]
    assert [i.event.id for i in by_day[date(2026, 10, 16)]] == []  # the day it is closed
    assert sum(1 for items in by_day.values() for i in items if i.event.id == "exposition-ecrans") == 10
    today = listings.highlights(programme, date(2026, 10, 14))
    assert [i.event.id for i in today.days[0][1]] == ["exposition-ecrans", "forum-emploi"]


def test_two_opening_periods_on_one_day_make_one_line(timed_content):
    text = EXHIBITION.replace("""ouverture:
  du: 2026-10-10
  au: 2026-10-24
  jours: [mardi, mercredi, jeudi, vendredi, samedi]
  debut: "14:00"
  fin: "18:00"
  sauf: [2026-10-16]
""", """ouverture:
  - du: 2026-10-10
    au: 2026-10-24
    jours: [mardi, mercredi, jeudi, vendredi, samedi]
    debut: "14:00"
    fin: "18:00"
    sauf: [2026-10-16]
  - du: 2026-10-13
    au: 2026-10-13
    debut: "10:00"
    fin: "12:00"
""")
    (timed_content / "events" / "exposition-ecrans.yaml").write_text(text, encoding="utf-8")
    programme = check_programme(timed_content)[0]
    lines = [i for i in listings.sessions_by_day(programme)[date(2026, 10, 13)] if i.event.id == "exposition-ecrans"]
    assert [i.time_text for i in lines] == [
        f"Exposition, ouverte ce jour de 10{NBSP}h à 12{NBSP}h et de 14{NBSP}h à 18{NBSP}h"]
    assert [s.uid_key for s in programme.events["exposition-ecrans"].sessions[:3]] == [
        "20261010", "20261013.2", "20261013"]
    assert opening_in_words(programme.events["exposition-ecrans"].openings[1]) == (
        f"le mardi 13 octobre 2026, de 10{NBSP}h à 12{NBSP}h")


def test_a_period_alone_has_its_days_and_times_to_confirm_and_counts_once(timed_content):
    """« jours: a_confirmer » alone: the source gives the period only; check counts it once, not per day."""
    text = EXHIBITION.replace("""  jours: [mardi, mercredi, jeudi, vendredi, samedi]
  debut: "14:00"
  fin: "18:00"
  sauf: [2026-10-16]
""", "  jours: a_confirmer\n")
    (timed_content / "events" / "exposition-ecrans.yaml").write_text(text, encoding="utf-8")
    out = io.StringIO()
    assert check(str(timed_content), out=out) == 0, out.getvalue()
    assert out.getvalue().splitlines()[-1].startswith("✓ Programme valide : 6 événements, 9 séances, ")
    programme = check_programme(timed_content)[0]
    assert opening_in_words(programme.events["exposition-ecrans"].openings[0]) == (
        "du 10 au 24 octobre 2026 (jours et horaires à confirmer)")
    assert len(programme.events["exposition-ecrans"].sessions) == 15  # each day's list says it, as designed


def test_calendar_all_day_entries_carry_the_wording(programme):
    published = _published(programme)
    stamp = datetime(2026, 10, 9, 22, 0, tzinfo=UTC)
    events = [programme.events[i] for i in ("cafe-numerique", "forum-emploi", "exposition-ecrans")]
    text = calendar_file(programme, URLS, published.sequences, stamp, events, "Essai")
    assert b"DTSTART;VALUE=DATE:20261013\r\nDTEND;VALUE=DATE:20261014\r\n" in text
    # 25 October 2026 is the night the clocks go back: an all-day entry is still one date to the next.
    assert b"DTSTART;VALUE=DATE:20261025\r\nDTEND;VALUE=DATE:20261026\r\n" in text
    entries = icalendar.Calendar.from_ical(text).walk("VEVENT")
    untimed = {str(e["uid"]): e for e in entries if type(e.decoded("dtstart")) is date}
    assert {uid: (e.decoded("dtstart"), e.decoded("dtend"), str(e["summary"])) for uid, e in untimed.items()} == {
        "cafe-numerique-1@sun.example.org": (date(2026, 10, 13), date(2026, 10, 14),
                                             "Café numérique (l'après-midi)"),
        "forum-emploi-1@sun.example.org": (date(2026, 10, 14), date(2026, 10, 15),
                                           "Forum de l'emploi (horaires à confirmer)"),
        "forum-emploi-2@sun.example.org": (date(2026, 10, 25), date(2026, 10, 26),
                                           "Forum de l'emploi (toute la journée, horaires à confirmer)"),
    }
    assert str(untimed["cafe-numerique-1@sun.example.org"]["description"]).splitlines()[2] == (
        "Horaires : l'après-midi (heures précises non publiées).")
    timed = [e for e in entries if type(e.decoded("dtstart")) is not date]
    assert sorted(str(e["uid"]) for e in timed) == sorted(f"exposition-ecrans-{d:%Y%m%d}@sun.example.org"
                                                          for d in OPEN_DAYS)
    assert {(e.decoded("dtstart").strftime("%H:%M %Z"), e["dtstart"].params["TZID"]) for e in timed} == {
        ("14:00 CEST", "Europe/Paris")}


def test_programme_json_says_the_kind_of_time(programme):
    data = json.loads(programme_json(programme, URLS, _published(programme).short_links, set()))
    schema = json.loads((ROOT / "sunprogramme" / "data" / "programme.schema.json").read_text(encoding="utf-8"))
    assert [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)] == []
    events = {e["id"]: e for e in data["events"]}
    assert events["cafe-numerique"]["sessions"][0] == {
        "uid": "cafe-numerique-1@sun.example.org", "date": "2026-10-13", "time_kind": "moment",
        "moment": "apres-midi", "times_to_confirm": False, "times": "l'après-midi", "start": None, "end": None,
        "start_utc": None, "end_utc": None, "opening": None, "status": "confirme", "note": None}
    assert [(s["time_kind"], s["moment"]) for s in events["forum-emploi"]["sessions"]] == [
        ("a_confirmer", None), ("a_confirmer", "journee")]
    exhibition = events["exposition-ecrans"]
    assert exhibition["openings"] == [{
        "first_day": "2026-10-10", "last_day": "2026-10-24",
        "weekdays": ["mardi", "mercredi", "jeudi", "vendredi", "samedi"], "days_to_confirm": False, "start": "14:00",
        "end": "18:00",
        "moment": None, "times_to_confirm": False, "except_days": ["2026-10-16"],
        "text": f"du 10 au 24 octobre 2026, du mardi au samedi, de 14{NBSP}h à 18{NBSP}h, sauf le 16 octobre"}]
    assert [(s["time_kind"], s["start"], s["opening"]) for s in exhibition["sessions"][:1]] == [
        ("heures", "2026-10-10T14:00:00+02:00", 1)]
    assert len(exhibition["sessions"]) == 10


def test_sessions_csv_leaves_the_clock_cells_empty(programme):
    rows = list(csv.DictReader(io.StringIO(sessions_csv(programme, URLS).decode("utf-8-sig")), delimiter=";"))
    cafe = next(r for r in rows if r["identifiant"] == "cafe-numerique")
    assert [cafe[k] for k in ("date", "debut", "fin", "debut_iso", "fin_iso", "type_horaires", "horaires")] == [
        "13/10/2026", "", "", "", "", "moment", "l'après-midi"]
    forum = [r for r in rows if r["identifiant"] == "forum-emploi"]
    assert [(r["date"], r["debut"], r["type_horaires"], r["horaires"]) for r in forum] == [
        ("14/10/2026", "", "a_confirmer", "horaires à confirmer"),
        ("25/10/2026", "", "a_confirmer", "toute la journée, horaires à confirmer")]
    assert sum(r["identifiant"] == "exposition-ecrans" for r in rows) == 10


def test_frab_gives_the_whole_day_and_says_the_times(programme):
    schedule = frab_schedule(programme, URLS, _published(programme).short_links)
    data = json.loads(frab_json(schedule))
    found = {e["title"]: e for day in data["schedule"]["conference"]["days"] for room in day["rooms"].values()
             for e in room}
    cafe = found["Café numérique"]
    assert (cafe["date"], cafe["start"], cafe["duration"], cafe["subtitle"]) == (
        "2026-10-13T00:00:00+02:00", "00:00", "24:00", "Horaires : l'après-midi (heures précises non publiées)")
    assert cafe["description"].startswith("Horaires : l'après-midi (heures précises non publiées).")
    xml = frab_xml(schedule).decode("utf-8")
    assert "<subtitle>Horaires : l'après-midi (heures précises non publiées)</subtitle>" in xml


def test_openagenda_whole_day_and_times_in_conditions(programme):
    data = openagenda_data(programme, URLS)
    events = {e["extIds"][0]["value"] if "extIds" in e else e["uid"]: e for e in data["events"]}
    cafe = next(e for e in events.values() if e["title"]["fr"] == "Café numérique")
    assert cafe["timings"] == [{"begin": "2026-10-13T00:00:00+02:00", "end": "2026-10-13T23:59:00+02:00"}]
    assert cafe["conditions"]["fr"].startswith("Horaires : l'après-midi. ")
    exhibition = next(e for e in events.values() if e["title"]["fr"] == "Exposition des écrans")
    assert len(exhibition["timings"]) == 10
    assert exhibition["conditions"]["fr"].startswith(
        f"Ouverte du 10 au 24 octobre, du mardi au samedi, de 14{NBSP}h à 18{NBSP}h, sauf le 16 octobre. ")


def test_data_inclusion_names_days_only(programme):
    records = service_records(programme, URLS, date(2026, 10, 1))
    text = " ".join(r["description"] for r in records)
    assert "Café numérique (13/10)" in text
    assert "Exposition des écrans (du 10/10 au 24/10)" in text


def test_event_json_ld_gives_dates_without_times(programme):
    data = json.loads(event_jsonld(programme.events["forum-emploi"], programme, URLS))
    assert (data["startDate"], data["endDate"]) == ("2026-10-14", "2026-10-25")


def test_poster_says_the_times_as_published(programme):
    forum = event_poster(programme, programme.events["forum-emploi"], URLS, 1, {})
    assert forum.sessions == (
        "mercredi 14 octobre 2026, horaires à confirmer",
        "dimanche 25 octobre 2026, toute la journée, horaires à confirmer",
        "Horaires à confirmer : appelez le 01 99 00 55 66 avant de venir.")
    exhibition = event_poster(programme, programme.events["exposition-ecrans"], URLS, 1, {})
    assert exhibition.sessions == (
        f"Du 10 au 24 octobre 2026, du mardi au samedi, de 14{NBSP}h à 18{NBSP}h, sauf le 16 octobre",)


def _problems(content: Path, name: str, text: str) -> list[str]:
    (content / "events" / name).write_text(text, encoding="utf-8")
    _, report = load_programme(content)
    return [p for p in shown(report.problems, content) if name in p]


@pytest.mark.parametrize(("text", "expected"), [
    (AFTERNOON.replace("moment: apres-midi", "moment: apres-midi\ndebut: \"14:00\"\nfin: \"16:00\""),
     ["content/events/x.yaml:4: moment: moment (apres-midi) et heures (debut et fin) à la fois : gardez debut et "
      "fin si les heures sont connues, sinon moment seul"]),
    (AFTERNOON.replace("moment: apres-midi", "horaires: a_confirmer\ndebut: \"14:00\""),
     ["content/events/x.yaml:4: horaires: horaires à confirmer et heures (debut) à la fois : retirez debut et fin "
      "tant que les heures ne sont pas connues, ou retirez horaires"]),
    (AFTERNOON.replace("moment: apres-midi\n", ""),  # told once, on the line of the day without a time
     ["content/events/x.yaml:3: debut: heures manquantes : indiquez debut et fin (debut seul si la fin n'est pas "
      "publiée) ; si les heures ne sont pas "
      "publiées, moment (matin, apres-midi, soiree, journee) ; si elles ne sont pas encore connues, "
      "horaires: a_confirmer"]),
    (AFTERNOON.replace("moment: apres-midi", "debut:"),  # written empty: absent, told on its own line
     ["content/events/x.yaml:4: debut: heures manquantes : indiquez debut et fin (debut seul si la fin n'est pas "
      "publiée) ; si les heures ne sont pas publiées, moment (matin, apres-midi, soiree, journee) ; si elles ne "
      "sont pas encore connues, horaires: a_confirmer"]),
    (AFTERNOON.replace("moment: apres-midi", 'fin: "16:00"'),
     ["content/events/x.yaml:4: debut: champ obligatoire manquant pour la séance (debut) ; sans heures publiées, "
      "retirez debut et fin et écrivez moment ou horaires: a_confirmer"]),
    (AFTERNOON.replace("moment: apres-midi", "moment: apres-midi\ndate_fin: 2026-10-14"),
     ["content/events/x.yaml:5: date_fin: date_fin ne va qu'avec des heures (debut et fin) : pour plusieurs jours "
      "sans heures, écrivez une séance par jour, ou des horaires d'ouverture (ouverture)"]),
    (AFTERNOON.replace("moment: apres-midi", "moment: aprem"),
     ["content/events/x.yaml:4: moment: valeur « aprem » inconnue ; vouliez-vous dire « apres-midi » ? "
      "(valeurs possibles : matin, apres-midi, soiree, journee)"]),
    (EXHIBITION.replace("lieu:", "date: 2026-10-13\nmoment: matin\nlieu:"),
     ["content/events/x.yaml:3: ouverture: écrivez soit des séances (date ou seances), soit des horaires "
      "d'ouverture (ouverture), pas les deux : une séance à part, comme un vernissage, va dans un autre "
      "événement"]),
    (EXHIBITION.replace("au: 2026-10-24", "au: 2026-10-04"),
     ["content/events/x.yaml:5: ouverture.au: le dernier jour (04/10/2026) est avant le premier (10/10/2026)"]),
    (EXHIBITION.replace("sauf: [2026-10-16]", "sauf: [2026-10-18]"),
     ["content/events/x.yaml:9: attention : ouverture.sauf: le 18/10/2026 n'est pas un jour d'ouverture de "
      "cette période : rien à retirer"]),
    (EXHIBITION.replace("jours: [mardi, mercredi, jeudi, vendredi, samedi]", "jours: [lundi]").replace(
        "au: 2026-10-24", "au: 2026-10-11"),
     ["content/events/x.yaml:9: attention : ouverture.sauf: le 16/10/2026 n'est pas un jour d'ouverture de "
      "cette période : rien à retirer",
      "content/events/x.yaml:3: ouverture: aucun jour ouvert du 10/10/2026 au 11/10/2026 (voyez jours et sauf)"]),
    (EXHIBITION.replace('fin: "18:00"', 'fin: "12:00"'),
     ["content/events/x.yaml:8: ouverture.fin: la fermeture (12:00) n'est pas après l'ouverture (14:00)"]),
])
def test_contradictions_are_told_in_french(content, text, expected):
    assert _problems(content, "x.yaml", text) == expected


def _text(html: str) -> str:
    return re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'").strip()


def test_built_pages_say_the_times_as_published(timed_content, tmp_path):
    code, printed = run_build(timed_content, tmp_path / "output")
    assert code == 0, printed
    page = (tmp_path / "output" / "evenements" / "forum-emploi" / "index.html").read_text(encoding="utf-8")
    when = _text(page.split("<dt>Quand</dt>", 1)[1].split("<dt>Où</dt>", 1)[0])
    assert when == ("mercredi 14 octobre 2026, horaires à confirmer dimanche 25 octobre 2026, toute la journée, "
                    "horaires à confirmer Horaires à confirmer : appelez le 01 99 00 55 66 avant de venir.")
    page = (tmp_path / "output" / "evenements" / "exposition-ecrans" / "index.html").read_text(encoding="utf-8")
    when = _text(page.split("<dt>Quand</dt>", 1)[1].split("<dt>Où</dt>", 1)[0])
    assert when == f"Du 10 au 24 octobre 2026, du mardi au samedi, de 14{NBSP}h à 18{NBSP}h, sauf le 16 octobre"
    assert "Google Agenda" not in page  # ten days: the .ics file, not ten pairs of links
    day = (tmp_path / "output" / "jours" / "2026-10-14" / "index.html").read_text(encoding="utf-8")
    times = [_text(t) for t in re.findall(r'<p class="sun-session__time">(.*?)</p>', day)]
    assert times == [f"Exposition, ouverte ce jour de 14{NBSP}h à 18{NBSP}h", "Horaires à confirmer"]
    assert '<time datetime="2026-10-14">Horaires à confirmer</time>' in day
