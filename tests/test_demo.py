"""The demo edition shipped in content/ passes every check and is fully described in programme.json."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from sunprogramme.loader import load_programme

from conftest import ROOT
from test_build import run_build

CONTENT = ROOT / "content"


@pytest.fixture(scope="module")
def demo():
    programme, report = load_programme(CONTENT)
    return programme, report


def test_demo_passes_check_with_only_the_expected_warning(demo):
    programme, report = demo
    assert report.errors == []
    assert [p.format() for p in report.warnings] == [
        f"{CONTENT}/events/restitution-nuit-du-code.md:4: attention : date: séance du 25/10/2026 hors des "
        "dates de l'édition (du 10/10/2026 au 24/10/2026)"]
    assert programme is not None


def test_demo_is_a_realistic_edition(demo):
    programme, _ = demo
    assert programme.edition.first_day == date(2026, 10, 10) and programme.edition.last_day == date(2026, 10, 24)
    assert 55 <= len(programme.events) <= 70
    assert 20 <= len(programme.partners) <= 30
    assert 15 <= len(programme.venues) <= 30
    assert len(programme.communes_with_events()) >= 8
    events = programme.events.values()
    statuses = {e.status for e in events}
    assert {"annule", "complet", "confirme"} <= statuses
    assert any(len(e.sessions) >= 3 for e in events)
    assert any(e.venue_id is None and e.online_url for e in events)
    assert any(e.registration and e.registration.required and e.registration.phone
               and not e.registration.email and not e.registration.url for e in events)
    assert any(e.registration is None for e in events)
    assert any(e.accessibility for e in events)
    assert any(s.start.date() == date(2026, 10, 25) for e in events for s in e.sessions)
    night = programme.events["nuit-du-code-citoyen"].sessions[0]
    assert (night.start.utcoffset(), night.end.utcoffset()) == (timedelta(hours=2), timedelta(hours=1))
    assert night.duration == timedelta(hours=11)  # 20:00 summer time to 06:00 winter time


def test_demo_build_describes_every_event(tmp_path):
    code, printed = run_build(CONTENT, tmp_path / "output")
    assert code == 0, printed
    data = json.loads((tmp_path / "output" / "programme.json").read_text(encoding="utf-8"))
    files = sorted(p.stem for p in (CONTENT / "events").iterdir() if p.suffix in (".md", ".yaml"))
    assert sorted(e["id"] for e in data["events"]) == files
    for event in data["events"]:
        assert (tmp_path / "output" / event["url"] / "index.html").is_file()
        assert event["sessions"] and all("+0" in s["start"] for s in event["sessions"])
        assert event["venue"] is None or event["venue"]["commune"]["insee"].startswith("91")
