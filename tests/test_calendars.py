"""Calendar files read by the engines of real clients, and checked against RFC 5545 by hand.

ical.js (Thunderbird) and libical (Evolution) resolve TZID against each file's own
VTIMEZONE; every session's UTC start and end must match programme.json, including
the sessions of 25 October 2026 (clocks go back) and the night that spans it.
"""

from __future__ import annotations

import dataclasses
import json
import pickle
import re
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import pytest

from sun_site.build import build
from sunprogramme.loader import check_programme
from sunprogramme.publication_state import publication, read_state
from sunprogramme.settings import ProgrammeSettings
from sunprogramme.steps import run_steps_with
from sunprogramme.urls import SiteUrls
from sunprogramme.writers.calendar import calendar_file
from sunprogramme.writers.datainclusion import service_files
from sunprogramme.writers.feeds import events_feed
from sunprogramme.writers.frab import frab_json, frab_schedule, frab_xml
from sunprogramme.writers.openagenda import openagenda_files
from sunprogramme.writers.opendata import sessions_csv
from sunprogramme.writers.programme_json import programme_json

from conftest import ROOT, SITE
from test_build import run_build, tree

ICALJS_SCRIPT = ROOT / "tests" / "ics" / "parse_icaljs.mjs"
LIBICAL_SCRIPT = ROOT / "tests" / "ics" / "parse_libical.py"
SYSTEM_PYTHON = "/usr/bin/python3"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    output = tmp_path_factory.mktemp("demo") / "output"
    code, printed = run_build(ROOT / "content", output)
    assert code == 0, printed
    programme = json.loads((output / "programme.json").read_text(encoding="utf-8"))
    return output, programme


def _expected(programme) -> dict[str, tuple[str, str]]:
    return {s["uid"]: (s["start_utc"], s["end_utc"]) for e in programme["events"] for s in e["sessions"]}


def _files(output: Path) -> list[Path]:
    return sorted((output / "calendriers").rglob("*.ics"))


def _by_file(rows) -> dict[str, dict[str, tuple[str, str]]]:
    found: dict[str, dict[str, tuple[str, str]]] = {}
    for row in rows:
        found.setdefault(row["file"], {})[row["uid"]] = (
            row["start"].replace(".000Z", "Z"), row["end"].replace(".000Z", "Z"))
    return found


def _check_against_programme(rows, output, programme):
    expected = _expected(programme)
    found = _by_file(rows)
    assert sorted(found) == sorted(str(p) for p in _files(output))
    for file, sessions in found.items():
        for uid, times in sessions.items():
            assert times == expected[uid], (file, uid)
    whole = found[str(output / "calendriers" / "programme.ics")]
    assert whole == expected  # every session, exactly once


def test_icaljs_reads_every_session_right(demo):
    output, programme = demo
    node_modules = ROOT / "node_modules" / "ical.js"
    if not node_modules.exists() or shutil.which("node") is None:
        pytest.fail("ical.js ou Node.js manquant : lancez npm ci (./setup.sh le fait)", pytrace=False)
    result = subprocess.run(["node", str(ICALJS_SCRIPT), *map(str, _files(output))], capture_output=True,
                            text=True, check=True, cwd=ROOT)
    rows = json.loads(result.stdout)
    assert {row["tzid"] for row in rows} == {"Europe/Paris"}  # resolved from the file's VTIMEZONE
    _check_against_programme(rows, output, programme)


def test_libical_reads_every_session_right(demo):
    output, programme = demo
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import gi; gi.require_version('ICalGLib', '3.0')"],
                           capture_output=True, check=False) if Path(SYSTEM_PYTHON).exists() else None
    if probe is None or probe.returncode != 0:
        pytest.fail("libical manquant : apt-get install gir1.2-ical-3.0 python3-gi (./setup.sh le fait)",
                    pytrace=False)
    result = subprocess.run([SYSTEM_PYTHON, str(LIBICAL_SCRIPT), *map(str, _files(output))],
                            capture_output=True, text=True, check=True)
    _check_against_programme(json.loads(result.stdout), output, programme)


def test_python_icalendar_reads_every_session_right(demo):
    output, programme = demo
    rows = []
    for path in _files(output):
        for vevent in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
            rows.append({"file": str(path), "uid": str(vevent["UID"]),
                         "start": vevent.decoded("DTSTART").astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                         "end": vevent.decoded("DTEND").astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")})
    _check_against_programme(rows, output, programme)


def test_dst_sessions_are_in_the_demo(demo):
    _, programme = demo
    expected = _expected(programme)
    assert expected["nuit-du-code-citoyen-1@sun.example.org"] == ("2026-10-24T18:00:00Z", "2026-10-25T05:00:00Z")
    assert expected["restitution-nuit-du-code-1@sun.example.org"] == ("2026-10-25T09:00:00Z",
                                                                       "2026-10-25T11:00:00Z")


def _unfold(raw: bytes) -> list[str]:
    return raw.decode("utf-8").replace("\r\n ", "").split("\r\n")


def test_rfc5545_musts(demo):
    output, _ = demo
    for path in _files(output):
        raw = path.read_bytes()
        assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b""), f"{path}: CRLF only"
        for physical in raw.split(b"\r\n"):
            assert len(physical) <= 75, f"{path}: line over 75 octets"
            physical.decode("utf-8")  # folding never splits a UTF-8 character
        lines = _unfold(raw)
        assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
        assert "VERSION:2.0" in lines
        assert any(line.startswith("PRODID:-//SUN") for line in lines)
        tzids = {m for line in lines for m in re.findall(r";TZID=([^:;]+)", line)}
        defined = {line.split(":", 1)[1] for line in lines if line.startswith("TZID:")}
        assert tzids == {"Europe/Paris"} and tzids <= defined
        events = "\r\n".join(lines).split("BEGIN:VEVENT")[1:]
        assert events, path
        for event in events:
            assert re.search(r"\r\nUID:[^\r]+@sun\.example\.org\r\n", event)
            assert re.search(r"\r\nDTSTAMP:\d{8}T\d{6}Z\r\n", event)
            assert re.search(r"\r\nDTSTART;TZID=Europe/Paris:\d{8}T\d{6}\r\n", event)
            assert re.search(r"\r\nDTEND;TZID=Europe/Paris:\d{8}T\d{6}\r\n", event)
        assert "RDATE" not in raw.decode("utf-8")  # yearly RRULEs only (see CHECKERS.md)


def test_text_is_escaped(tmp_path):
    output = tmp_path / "out"
    assert run_build(SITE, output)[0] == 0
    raw = (output / "calendriers" / "evenements" / "webinaire-arnaques.ics").read_bytes()
    description = next(line for line in _unfold(raw) if line.startswith("DESCRIPTION"))
    assert description.startswith("DESCRIPTION:Un webinaire \\; pour reconnaître\\, les faux messages \\\\ SMS")
    event = icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]
    assert str(event["DESCRIPTION"]).startswith("Un webinaire ; pour reconnaître, les faux messages \\ SMS et")
    night = icalendar.Calendar.from_ical(
        (output / "calendriers" / "evenements" / "nuit-du-code.ics").read_bytes()).walk("VEVENT")[0]
    assert str(night["SUMMARY"]) == "Nuit du code </script> <citoyen> & solidaire"


def test_cancelled_event_stays_cancelled_in_every_file(demo):
    output, _ = demo
    files = [output / "calendriers" / "evenements" / "initiation-retouche-photo.ics",
             output / "calendriers" / "communes" / "igny.ics",
             output / "calendriers" / "programme.ics"]
    for path in files:
        events = [e for e in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
                  if str(e["UID"]).startswith("initiation-retouche-photo-")]
        assert events and all(str(e["STATUS"]) == "CANCELLED" for e in events), path
        assert all(str(e["SUMMARY"]).startswith("[Annulé] ") for e in events)


def test_uids_do_not_depend_on_the_site_url(tmp_path, monkeypatch):
    uids = {}
    for url in ("https://sun.example.org", "https://programme.autre-exemple.fr/sun"):
        monkeypatch.setenv("SUN_PUBLIC_URL", url)
        output = tmp_path / url.split("//")[1].replace("/", "_")
        assert build(str(ROOT / "publishconf.py"), str(SITE), str(output)) == 0
        whole = icalendar.Calendar.from_ical((output / "calendriers" / "programme.ics").read_bytes())
        uids[url] = {str(e["UID"]): str(e.get("URL")) for e in whole.walk("VEVENT")}
    first, second = uids.values()
    assert sorted(first) == sorted(second)
    assert first["nuit-du-code-1@sun.example.org"] == "https://sun.example.org/evenements/nuit-du-code/"
    assert second["nuit-du-code-1@sun.example.org"] == (
        "https://programme.autre-exemple.fr/sun/evenements/nuit-du-code/")


def _sequences(output: Path) -> dict[str, int]:
    whole = icalendar.Calendar.from_ical((output / "calendriers" / "programme.ics").read_bytes())
    return {str(e["UID"]): int(e["SEQUENCE"]) for e in whole.walk("VEVENT")}


def test_changes_raise_the_sequence(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITE, content)
    code, printed = run_build(content, tmp_path / "o1")
    assert code == 0 and "État de publication" not in printed  # a build only reads the committed state
    assert set(_sequences(tmp_path / "o1").values()) == {0}
    event = content / "events" / "premiers-pas-smartphone.md"
    event.write_text(event.read_text(encoding="utf-8").replace("fin: 16h30", "fin: 17h"), encoding="utf-8")
    assert run_build(content, tmp_path / "o2")[0] == 0
    numbers = _sequences(tmp_path / "o2")
    assert numbers["premiers-pas-smartphone-2@sun.example.org"] == 1
    assert {uid: n for uid, n in numbers.items() if uid != "premiers-pas-smartphone-2@sun.example.org"} == {
        uid: 0 for uid in numbers if uid != "premiers-pas-smartphone-2@sun.example.org"}
    code, printed = run_build(content, tmp_path / "o3")  # nothing changed: same numbers
    assert _sequences(tmp_path / "o3") == numbers and "État de publication" not in printed
    nuit = content / "events" / "nuit-du-code.yaml"
    nuit.write_text(nuit.read_text(encoding="utf-8") + "statut: annule\n", encoding="utf-8")
    assert run_build(content, tmp_path / "o4")[0] == 0
    assert _sequences(tmp_path / "o4")["nuit-du-code-1@sun.example.org"] == 1
    # A shallow clone carries the state file: the numbers do not reset.
    clone = tmp_path / "clone"
    shutil.copytree(content, clone)
    assert run_build(clone, tmp_path / "o5")[0] == 0
    assert _sequences(tmp_path / "o5") == _sequences(tmp_path / "o4")


def test_calendars_are_byte_identical_across_builds(demo, tmp_path):
    output, _ = demo
    again = tmp_path / "again"
    assert run_build(ROOT / "content", again)[0] == 0
    first = {k: v for k, v in tree(output).items() if k.startswith("calendriers/")}
    assert first and first == {k: v for k, v in tree(again).items() if k.startswith("calendriers/")}


def _digestible(value) -> bool:
    """What a step may receive (sunprogramme.steps): never the whole programme, nothing mutable but
    plain lists and dicts."""
    if value is None or isinstance(value, str | bytes | int | float | date):
        return True
    if isinstance(value, list | tuple):
        return all(_digestible(item) for item in value)
    if isinstance(value, dict):
        return all(_digestible(k) and _digestible(v) for k, v in value.items())
    if dataclasses.is_dataclass(value) and value.__dataclass_params__.frozen:
        return all(_digestible(getattr(value, f.name)) for f in dataclasses.fields(value) if f.compare)
    return False


def test_writers_give_the_same_bytes_through_a_step_runner():
    programme, _ = check_programme(ROOT / "content")
    urls = SiteUrls(ProgrammeSettings(public_url="https://sun.example.org"))
    published, _ = publication(programme, read_state(ROOT / "content" / "publication-state.jsonl"),
                               urls.settings.id_domain)
    stamp = datetime(2026, 10, 9, 22, 0, tzinfo=UTC)
    events = programme.events_sorted()

    def outputs() -> dict:
        schedule = frab_schedule(programme, urls, published.short_links)
        return {
            "calendar": calendar_file(programme, urls, published.sequences, stamp, events, "Tout"),
            "event calendars": [calendar_file(programme, urls, published.sequences, stamp, [e], e.title)
                                for e in events],
            "feeds": [events_feed(programme, urls, stamp, commune)
                      for commune in [None, *programme.communes_with_events()]],
            "sessions": sessions_csv(programme, urls),
            "openagenda": openagenda_files(programme, urls),
            "frab": (frab_json(schedule), frab_xml(schedule)),
            "programme": programme_json(programme, urls, published.short_links, {urls.save_as("booklet")}),
            "services": service_files(programme, urls, stamp.date()),
        }

    plain = outputs()
    kept: dict = {}
    called: list[str] = []

    def runner(function, *values):
        """A cache as a build's: keyed by the function and the values; results go through pickle."""
        assert all(_digestible(v) for v in values), function.__qualname__
        called.append(f"{function.__module__.rsplit('.', 1)[-1]}.{function.__qualname__}")
        key = (function.__module__, function.__qualname__, pickle.dumps(values))
        if key not in kept:
            kept[key] = pickle.dumps(function(*values))
        return pickle.loads(kept[key])

    with run_steps_with(runner):
        first = outputs()
        made = len(kept)
        again = outputs()
    assert first == plain and again == plain
    assert len(kept) == made  # the second run found every step's result again
    sessions = sum(len(e.sessions) for e in events)
    counts = {name: called.count(name) // 2 for name in set(called)}
    assert counts["calendar._vevent"] == 2 * sessions  # the whole programme's file, then each event's
    assert counts["calendar._head"] == 1 + len(events)
    on_site = sum(len(programme.events_in_commune(c.insee)) for c in programme.communes_with_events())
    assert counts["feeds.feed_entry"] == len(events) + on_site  # the whole feed, then each commune's
    assert counts["opendata._session_line"] == counts["frab._entry"] == sessions
    assert counts["openagenda._shaped"] == counts["programme_json._event_entry"] == len(events)
    assert counts["programme_json._venues"] == counts["programme_json._partners"] == 1
    assert counts["datainclusion._record_texts"] == len(json.loads(plain["services"]["inclusion_services_json"]))
