"""The content model read from the fixture site, without Pelican."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime

from sunprogramme import frenchdates
from sunprogramme.loader import check_programme, load_programme
from sunprogramme.yamlstrict import load_mapping

from conftest import ROOT, SITE


def test_core_does_not_import_pelican():
    code = ("import sys, sunprogramme.loader, sunprogramme.writers.programme_json, sunprogramme.cli; "
            "print('pelican' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "False"


def test_yaml_values_arrive_as_typed():
    doc = load_mapping('start: 10:30\nnine: 09:30\norg: Off\nno: no\npostcode: 01000\nphone: 0474123450\n'
                       'day: 2026-10-14\ncount: 12\nlat: 48.5\nyes: true\nempty:\n')
    assert doc.data == {"start": "10:30", "nine": "09:30", "org": "Off", "no": "no", "postcode": "01000",
                        "phone": "0474123450", "day": "2026-10-14", "count": 12, "lat": 48.5, "yes": True,
                        "empty": None}
    assert doc.lines[("phone",)] == 6


def test_fixture_site_sessions_are_real_paris_instants():
    programme, _ = check_programme(SITE)
    workshop = programme.events["premiers-pas-smartphone"]
    # Summer time (UTC+2) until 25 October, winter time (UTC+1) after.
    assert [(s.start.astimezone(UTC), s.end.astimezone(UTC)) for s in workshop.sessions] == [
        (datetime(2026, 10, 13, 12, 0, tzinfo=UTC), datetime(2026, 10, 13, 14, 0, tzinfo=UTC)),
        (datetime(2026, 10, 20, 12, 0, tzinfo=UTC), datetime(2026, 10, 20, 14, 30, tzinfo=UTC)),
        (datetime(2026, 10, 27, 13, 0, tzinfo=UTC), datetime(2026, 10, 27, 15, 0, tzinfo=UTC)),
    ]
    assert [s.status for s in workshop.sessions] == ["confirme", "confirme", "annule"]
    night = programme.events["nuit-du-code"].sessions[0]
    # 20:00 CEST to 06:00 CET the next morning lasts eleven hours, not ten.
    assert night.duration.total_seconds() == 11 * 3600
    assert night.start.isoformat() == "2026-10-24T20:00:00+02:00"
    assert night.end.isoformat() == "2026-10-25T06:00:00+01:00"


def test_fixture_site_values_are_normalised():
    programme, _ = check_programme(SITE)
    workshop = programme.events["premiers-pas-smartphone"]
    assert workshop.registration.phone == "01 99 00 10 01"
    assert workshop.registration.capacity == 8
    assert workshop.level == "debutant"
    assert workshop.audiences == ("seniors",)
    night = programme.events["nuit-du-code"]
    assert night.format == "atelier"  # « Atelier » typed as its label
    assert night.organiser_ids == ("caton",)  # a single value is a one-item list
    assert night.audiences == ("tout-public",)  # default
    assert night.is_free
    webinar = programme.events["webinaire-arnaques"]
    assert webinar.sessions[0].start.date() == date(2026, 10, 13)  # 13/10/2026
    assert webinar.status == "annule" and webinar.sessions[0].status == "annule"
    assert programme.venues["maison-des-associations-ulis"].commune.insee == "91692"
    assert [c.name for c in programme.partners["caton"].communes] == ["Les Ulis", "Massy"]


def test_bom_and_crlf_are_accepted(content):
    path = content / "events" / "nuit-du-code.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    programme, report = load_programme(content)
    assert report.errors == []
    assert programme.events["nuit-du-code"].title == "Nuit du code </script> <citoyen> & solidaire"


def test_description_is_sanitised_and_warned(content):
    programme, report = load_programme(content)
    html = programme.events["nuit-du-code"].description_html
    assert html == ('<p>Une nuit pour coder. \n<a rel="noopener noreferrer">Un lien</a> et .</p>')
    assert any("balise <script>" in p.message for p in report.warnings)


def test_markdown_body_and_headings():
    programme, _ = check_programme(SITE)
    assert programme.partners["mediatheque-massy"].description_html == (
        "<p>La médiathèque prête des <strong>tablettes</strong>.</p>")


def test_french_dates_without_system_locale():
    assert frenchdates.day_in_words(date(2026, 10, 13)) == "mardi 13 octobre 2026"
    assert frenchdates.day_in_words(date(2026, 10, 1)) == "jeudi 1er octobre 2026"
    programme, _ = check_programme(SITE)
    night = programme.events["nuit-du-code"].sessions[0]
    assert frenchdates.session_in_words(night.start, night.end) == (
        "du samedi 24 octobre 2026 à 20\u00a0h au dimanche 25 octobre 2026 à 6\u00a0h")
    second = programme.events["premiers-pas-smartphone"].sessions[1]
    assert frenchdates.session_in_words(second.start, second.end) == (
        "mardi 20 octobre 2026, de 14\u00a0h à 16\u00a0h\u00a030")


def test_check_command_prints_and_exits(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "sunprogramme", "check", "--content", str(SITE)],
                        capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0
    assert ok.stdout.splitlines()[-1] == (
        "✓ Programme valide : 3 événements, 5 séances, 2 partenaires, 2 lieux, 2 communes (2 avertissement(s)).")
