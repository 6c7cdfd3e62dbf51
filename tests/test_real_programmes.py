"""A programme of real published events (tests/fixtures/real-programmes/, sources in its README): it goes in
through files and through the sheet import, builds, and every output says the times and addresses as the
sources published them, read by the tools residents use (four calendar parsers, a QR decoder, axe, the Nu
checker). Which sessions have no clock time, and which venues no address, is read from the fixture itself."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import vobject
from test_calendars import ICALJS_SCRIPT, LIBICAL_SCRIPT, SYSTEM_PYTHON
from test_print import _decode, _raster

from sunprogramme.cli import check
from sunprogramme.intake.commands import export_sheet, run_import
from sunprogramme.loader import ADDRESS_TO_CONFIRM, check_programme

from conftest import FIXTURES, ROOT
from sitecheck import served
from test_build import run_build
from test_site_quality import AXE, AXE_TAGS, VNU, _require, browser  # noqa: F401  (browser: a fixture)

REAL = FIXTURES / "real-programmes"
SHEET = REAL / "programme-tableur.csv"  # invoke export-sheet of content/: every event, as the sheet says it
CLOCK = re.compile(r"\d{1,2}\s?h(?:\s?\d{2})?\b|\d{1,2}:\d{2}")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'").strip()


@pytest.fixture(scope="module")
def programme():
    found, problems = check_programme(REAL / "content")
    assert found is not None, problems
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("real")
    content = tmp / "content"
    shutil.copytree(REAL / "content", content)
    code, printed = run_build(content, tmp / "output")
    assert code == 0, printed
    return tmp / "output"


def _untimed(programme):
    """(event, session) for every session the sources gave no clock time."""
    return [(e, s) for e in programme.events_sorted() for s in e.sessions if s.start is None]


def test_the_fixture_is_big_enough_and_real(programme):
    sources = {p.read_text(encoding="utf-8").splitlines()[0] for p in (REAL / "content" / "events").iterdir()}
    readme = (REAL / "README.md").read_text(encoding="utf-8")
    assert len(programme.events) >= 50
    assert all(line.startswith("# source : https://") or line.startswith("# source : http://") for line in sources)
    assert [s for s in sources if s.split(" : ", 1)[1] not in readme] == []  # every source is cited
    untimed = _untimed(programme)
    assert len(untimed) > 50 and len({e.id for e, _ in untimed}) > 30  # most published without clock times
    assert sum(v.address == ADDRESS_TO_CONFIRM for v in programme.venues.values()) > 30
    assert sum(not v.commune.in_territory for v in programme.venues.values()) > 10


def test_files_pass_check(tmp_path):
    out = io.StringIO()
    assert check(str(REAL / "content"), out=out) == 0, out.getvalue()
    lines = out.getvalue().splitlines()
    assert lines[-1].startswith("✓ Programme valide : 57 événements")
    assert [line for line in lines if "attention" in line and "hors des dates" not in line
            and "adresse à confirmer" not in line] == []


def test_the_sheet_is_the_export_of_the_files(tmp_path):
    out = io.StringIO()
    assert export_sheet(str(REAL / "content"), str(tmp_path / "programme.csv"), out) == 0
    assert (tmp_path / "programme.csv").read_bytes() == SHEET.read_bytes()  # regenerate it so if the files change


def test_the_sheet_imports_into_an_empty_copy_and_builds(tmp_path, programme):
    content = tmp_path / "content"
    shutil.copytree(REAL / "content", content)
    for event in (content / "events").iterdir():
        event.unlink()
    out = io.StringIO()
    assert run_import(str(SHEET), str(content), out) == 0, out.getvalue()
    assert out.getvalue().splitlines()[-1] == ("✓ Import : 57 créé(s), 0 mis à jour, 0 inchangé(s), 0 conflit(s), "
                                               "0 erreur(s).")
    imported, problems = check_programme(content)
    assert imported is not None, problems
    rows = list(csv.DictReader(io.StringIO(SHEET.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert sorted(imported.events) == sorted({r["Identifiant"] for r in rows}) == sorted(programme.events)
    for event in imported.events.values():  # every fact as the files say it: times, places, registration
        assert dataclasses.replace(event, source="") == dataclasses.replace(programme.events[event.id], source="")
    code, printed = run_build(content, tmp_path / "output")
    assert code == 0, printed


def test_the_sheet_imported_over_the_files_changes_nothing(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REAL / "content", content)
    out = io.StringIO()
    assert run_import(str(SHEET), str(content), out) == 0, out.getvalue()
    assert out.getvalue().splitlines()[-1] == ("✓ Import : 0 créé(s), 0 mis à jour, 57 inchangé(s), 0 conflit(s), "
                                               "0 erreur(s).")


def test_no_invented_time_in_calendars(built, programme):
    for event, session in _untimed(programme):
        raw = (built / "calendriers" / "evenements" / f"{event.id}.ics").read_bytes()
        entries = {str(v["UID"]): v for v in icalendar.Calendar.from_ical(raw).walk("VEVENT")}
        if session.days_to_confirm:  # a period whose open days are not published: one entry over all of it
            opening = event.openings[session.opening - 1]
            assert [(e.decoded("DTSTART"), e.decoded("DTEND")) for e in entries.values()] == [
                (opening.first_day, opening.last_day + timedelta(days=1))], event.id
            continue
        entry = entries[f"{event.id}-{session.uid_key}@sun.example.org"]
        assert (entry.decoded("DTSTART"), entry.decoded("DTEND")) == (session.day, session.day + timedelta(days=1))
        assert b"DTSTART;VALUE=DATE:" + session.day.strftime("%Y%m%d").encode() in raw


def test_no_invented_time_in_the_sessions_csv(built, programme):
    text = (built / "donnees" / "seances.csv").read_bytes().decode("utf-8-sig")
    rows = {(r["identifiant"], r["date"]): r for r in csv.DictReader(io.StringIO(text), delimiter=";")}
    for event, session in _untimed(programme):
        row = rows[(event.id, session.day.strftime("%d/%m/%Y"))]
        assert [row[k] for k in ("debut", "fin", "debut_iso", "fin_iso")] == ["", "", "", ""], event.id
        assert row["type_horaires"] in ("moment", "a_confirmer") and not CLOCK.search(row["horaires"])


def test_no_invented_time_in_the_pages(built, programme):
    untimed = _untimed(programme)
    for event in {e.id: e for e, _ in untimed if all(s.start is None for s in e.sessions)}.values():
        page = (built / "evenements" / event.id / "index.html").read_text(encoding="utf-8")
        when = _text(page.split("<dt>Quand</dt>", 1)[1].split("<dt>Où</dt>", 1)[0])
        assert not CLOCK.search(when), (event.id, when)
    for event, session in untimed:
        day = (built / "jours" / session.day.isoformat() / "index.html").read_text(encoding="utf-8")
        times = re.findall(r'<p class="sun-session__time">((?:(?!</p>).)*)</p>\s*'
                           rf'<p class="sun-session__title"><a href="../../evenements/{event.id}/">', day, flags=re.S)
        assert times and not any(CLOCK.search(_text(t)) for t in times), (event.id, session.day, times)


def test_no_invented_address(built, programme):
    data = json.loads((built / "programme.json").read_text(encoding="utf-8"))
    venues = {v["id"]: v for v in data["venues"]}
    unknown = {v.id for v in programme.venues.values() if v.address == ADDRESS_TO_CONFIRM}
    for venue_id in unknown:
        assert (venues[venue_id]["address"], venues[venue_id]["coordinates"]) == ("adresse à confirmer", None)
        page = (built / "lieux" / venue_id / "index.html").read_text(encoding="utf-8")
        assert "adresse à confirmer" in page and "openstreetmap" not in page
    for event in programme.events_sorted():
        page = (built / "evenements" / event.id / "index.html").read_text(encoding="utf-8")
        ics = (built / "calendriers" / "evenements" / f"{event.id}.ics").read_text(encoding="utf-8")
        if event.venue_id in unknown:
            assert "adresse à confirmer" in page and "openstreetmap" not in page, event.id
            assert "adresse à confirmer" in ics.replace("\r\n ", "") and "GEO:" not in ics, event.id
    lines = [x for x in (built / "carte" / "index.html").read_text(encoding="utf-8").splitlines()
             if any(f"lieux/{v}/" in x for v in unknown)]
    assert lines and all("data-lat" not in x for x in lines)


# --- four calendar parsers agree with each other and with the programme --------------------------------

def _as_utc(value) -> str:
    """A DTSTART/DTEND as the parsers give it: a date (all day) at 00:00Z, a time in UTC."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{value:%Y-%m-%d}T00:00:00Z"


def _python_rows(paths, read) -> dict:
    return {(str(p), uid): times for p in paths for uid, times in read(p)}


def _icalendar(path: Path):
    for v in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"):  # no DTEND: ends at its start
        yield str(v["UID"]), (_as_utc(v.decoded("DTSTART")), _as_utc(v.decoded("DTEND", v.decoded("DTSTART"))))


def _vobject(path: Path):
    for v in vobject.readOne(path.read_text(encoding="utf-8")).vevent_list:
        end = v.dtend.value if hasattr(v, "dtend") else v.dtstart.value  # no DTEND: ends at its start
        yield v.uid.value, (_as_utc(v.dtstart.value), _as_utc(end))


def _external(command: list[str], env: dict | None = None) -> dict:
    result = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    return {(r["file"], r["uid"]): (r["start"].replace(".000Z", "Z"), r["end"].replace(".000Z", "Z"))
            for r in json.loads(result.stdout)}


def test_four_calendar_parsers_agree(built):
    if not (ROOT / "node_modules" / "ical.js").exists() or shutil.which("node") is None:
        pytest.fail("ical.js ou Node.js manquant : lancez npm ci (./setup.sh le fait)", pytrace=False)
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import gi; gi.require_version('ICalGLib', '3.0')"],
                           capture_output=True, check=False) if Path(SYSTEM_PYTHON).exists() else None
    if probe is None or probe.returncode != 0:
        pytest.fail("libical manquant : apt-get install gir1.2-ical-3.0 python3-gi (./setup.sh le fait)", pytrace=False)
    paths = sorted((built / "calendriers").rglob("*.ics"))
    files = [str(p) for p in paths]
    found = {
        "ical.js": _external(["node", str(ICALJS_SCRIPT), *files], env={**os.environ, "TZ": "UTC"}),
        "libical": _external([SYSTEM_PYTHON, str(LIBICAL_SCRIPT), *files]),
        "icalendar": _python_rows(paths, _icalendar),
        "vobject": _python_rows(paths, _vobject),
    }
    data = json.loads((built / "programme.json").read_text(encoding="utf-8"))
    expected = {}
    for event in data["events"]:
        periods = {n: o for n, o in enumerate(event["openings"], start=1) if o["days_to_confirm"]}
        for s in event["sessions"]:
            day = date.fromisoformat(s["date"])
            if s["opening"] in periods:  # open days not published: one all-day entry over the period, the first
                period = periods[s["opening"]]
                after = date.fromisoformat(period["last_day"]) + timedelta(days=1)
                if period.setdefault("entry", s["uid"]) == s["uid"]:
                    expected[s["uid"]] = (f"{period['first_day']}T00:00:00Z", f"{after}T00:00:00Z")
                continue
            expected[s["uid"]] = ((s["start_utc"], s["end_utc"] or s["start_utc"]) if s["start_utc"] else
                                  (f"{day}T00:00:00Z", f"{day + timedelta(days=1)}T00:00:00Z"))
    for name, rows in found.items():
        assert {file for file, _ in rows} == set(files), name
        wrong = {key: times for key, times in rows.items() if times != expected[key[1]]}
        assert wrong == {}, name
    whole = {uid for file, uid in found["vobject"] if file.endswith("calendriers/programme.ics")}
    assert whole == set(expected)  # every session, in the whole programme's file
    assert any(t[0].endswith("T00:00:00Z") for t in expected.values())
    assert any(not t[0].endswith("T00:00:00Z") for t in expected.values())


def test_every_poster_qr_leads_to_the_short_address(built):
    data = json.loads((built / "programme.json").read_text(encoding="utf-8"))

    def read(event):
        return event["public_short_url"], _decode(_raster(built / event["print"]["poster"], 300))

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(read, data["events"]))
    assert len(results) == 57
    assert [(want, got) for want, got in results if got != [want]] == []


# --- a sample of pages in a real browser and in the Nu checker --------------------------------------------

SAMPLE = ["", "communes/", "communes/igny/", "jours/2024-10-16/", "jours/2017-10-14/",
          "evenements/escape-box-adn-igny-2024/", "evenements/expo-chimie-igny-2017/",
          "evenements/cine-rural-songeons-2022/", "evenements/atelier-massages-sgl-2024/",
          "evenements/semaine-bleue-longjumeau-2021/", "lieux/lieu-non-communique-saclay/", "carte/"]


@pytest.mark.parametrize("url", SAMPLE)
def test_axe_finds_no_violation_on_a_sample(built, browser, url):  # noqa: F811
    with served(built) as address:
        page = browser.new_page(viewport={"width": 360, "height": 900})
        page.goto(address + url)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
            ".map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')})`)",
            AXE_TAGS)
        page.close()
    assert violations == []


def test_nu_html_checker_accepts_the_sample(built):
    _require(VNU, "installez les outils de test : npm ci")
    if shutil.which("java") is None:
        pytest.fail("Java manquant : apt-get install default-jre-headless", pytrace=False)
    pages = [str(built / url / "index.html") for url in SAMPLE]
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "gnu", *pages],
                            capture_output=True, text=True, check=False)
    assert result.stdout + result.stderr == ""
    assert result.returncode == 0
