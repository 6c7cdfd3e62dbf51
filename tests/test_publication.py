"""Publishing owns the publication state; previews only read it; withdrawn events are never silent.

- ``build`` and a serve-like rebuild never write into the content folder (issue 18, item 7);
- ``invoke publish`` refuses the placeholder address, writes into its own folder and is the only
  one to update ``publication-state.jsonl`` (one line per event, sorted by id) (item 8);
- an event published and then deleted keeps its page, its short address and its sessions in every
  calendar, cancelled with SEQUENCE raised; ``check`` warns; a renamed file redirects (issue 20).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

from sun_site.build import build
from sun_site.publish import NO_ADDRESS, publish
from sunprogramme.cli import check
from sunprogramme.publication_state import read_state

from conftest import ROOT
from test_build import run_build, tree

PUBLISHCONF = str(ROOT / "publishconf.py")
URL = "https://programme.sun.test"
STATE = "publication-state.jsonl"
GONE = "appeler-ses-proches-en-video"  # a demo event in Chilly-Mazarin (91161), short address /e/3/


@pytest.fixture
def demo(tmp_path) -> Path:
    """A writable copy of the demo programme."""
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


def _publish(content: Path, output: Path, monkeypatch, url: str = URL) -> tuple[int, str]:
    monkeypatch.setenv("SUN_PUBLIC_URL", url)
    out = io.StringIO()
    code = publish(PUBLISHCONF, str(content), str(output), out=out)
    return code, out.getvalue()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _vevents(path: Path) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")}


def _checked(content: Path) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = check(str(content), out=out)
    return code, out.getvalue().replace(str(content), "content").splitlines()


# --- previews never write into content/ -------------------------------------------------------------

def test_build_and_serve_like_rebuilds_leave_the_content_byte_identical(content, tmp_path):
    _edit(content / "events" / "premiers-pas-smartphone.md", "fin: 16h30", "fin: 17h")  # a published time changes
    before = tree(content)
    code, printed = run_build(content, tmp_path / "o1")
    assert code == 0, printed
    assert run_build(content, tmp_path / "o1")[0] == 0  # invoke build again
    caches: dict = {}
    for _rebuild in range(2):  # invoke serve: its first build and a rebuild, one cache kept in memory
        assert build(str(ROOT / "pelicanconf.py"), str(content), str(tmp_path / "o2"), out=io.StringIO(),
                     caches=caches) == 0
    assert tree(content) == before
    assert "État de publication" not in printed


def _sequences(output: Path) -> dict[str, int]:
    return {uid: int(e["SEQUENCE"]) for uid, e in _vevents(output / "calendriers" / "programme.ics").items()}


def test_the_sequence_rises_once_per_publication_of_a_change(content, tmp_path, monkeypatch):
    changed = "premiers-pas-smartphone-2@sun.example.org"
    assert _publish(content, tmp_path / "p0", monkeypatch)[0] == 0
    _edit(content / "events" / "premiers-pas-smartphone.md", "fin: 16h30", "fin: 17h")
    for n in (1, 2, 3):  # previews of the change: raised once relative to the committed state, however many
        assert run_build(content, tmp_path / f"o{n}")[0] == 0
        assert _sequences(tmp_path / f"o{n}")[changed] == 1
    assert set(_sequences(tmp_path / "o3").values()) == {0, 1}
    code, printed = _publish(content, tmp_path / "p1", monkeypatch)
    assert code == 0 and f"État de publication mis à jour ({content / STATE}) : committez ce fichier avec le " \
                          "contenu." in printed
    assert _sequences(tmp_path / "p1")[changed] == 1
    assert read_state(content / STATE).sessions[changed]["sequence"] == 1
    assert run_build(content, tmp_path / "o4")[0] == 0  # after publication: still 1, not 2
    assert _sequences(tmp_path / "o4")[changed] == 1
    before = (content / STATE).read_bytes()
    code, printed = _publish(content, tmp_path / "p2", monkeypatch)  # nothing changed: the state neither
    assert code == 0 and "État de publication" not in printed and (content / STATE).read_bytes() == before


# --- invoke publish -------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["", "https://sun.example.org", "https://sun.example.org/"])
def test_publish_refuses_the_placeholder_address(content, tmp_path, monkeypatch, url):
    before = tree(content)
    code, printed = _publish(content, tmp_path / "public", monkeypatch, url)
    assert (code, printed) == (1, NO_ADDRESS + "\n")
    assert NO_ADDRESS == ("✗ Publication arrêtée : indiquez l'adresse publique du site dans publishconf.py : "
                          "SITEURL (ou dans la variable SUN_PUBLIC_URL).")
    assert not (tmp_path / "public").exists() and tree(content) == before


def test_invoke_publish_without_an_address_stops_with_the_message(content, tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "SUN_PUBLIC_URL"}
    done = subprocess.run([sys.executable, "-m", "invoke", "publish", "--content", str(content), "--output",
                           str(tmp_path / "public")], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode != 0
    assert NO_ADDRESS in done.stdout.splitlines()
    assert not (tmp_path / "public").exists()


def test_publish_takes_the_address_with_a_trailing_slash_without_an_english_line(content, tmp_path, monkeypatch,
                                                                                 caplog):
    code, printed = _publish(content, tmp_path / "public", monkeypatch, URL + "/")
    assert code == 0, printed
    # Pelican's « Removed extraneous trailing slash from SITEURL. », printed in a terminal
    assert [record.getMessage() for record in caplog.records if "SITEURL" in record.getMessage()] == []
    page = (tmp_path / "public" / "evenements" / "nuit-du-code" / "index.html").read_text(encoding="utf-8")
    assert f'href="{URL}/theme/css/sun.css"' in page and URL + "//" not in page


@pytest.mark.parametrize(("url", "example"), [
    ("http://sun.example.net/", "sun.example.net"),  # a public address is https, as the message says
    ("sun.example.net", "sun.example.net"),  # not an address at all
])
def test_publish_refuses_an_address_not_in_https_naming_the_variable(content, tmp_path, monkeypatch, url, example):
    code, printed = _publish(content, tmp_path / "public", monkeypatch, url)
    assert (code, printed) == (1, f"✗ Publication arrêtée : la variable SUN_PUBLIC_URL vaut « {url} » ; l'adresse "
                                  "publique du site doit être complète et sécurisée, en https:// (par exemple "
                                  f"https://{example}).\n")
    assert not (tmp_path / "public").exists()


def test_publish_refuses_an_address_not_in_https_naming_siteurl_in_publishconf(content, tmp_path, monkeypatch):
    conf = tmp_path / "conf"
    conf.mkdir()
    shutil.copy(ROOT / "pelicanconf.py", conf / "pelicanconf.py")
    text = (ROOT / "publishconf.py").read_text(encoding="utf-8")
    line = 'SITEURL = os.environ.get("SUN_PUBLIC_URL", "https://sun.example.org")'
    assert line in text
    (conf / "publishconf.py").write_text(text.replace(line, 'SITEURL = "sun.example.net"'), encoding="utf-8")
    monkeypatch.delenv("SUN_PUBLIC_URL", raising=False)
    out = io.StringIO()
    assert publish(str(conf / "publishconf.py"), str(content), str(tmp_path / "public"), out=out) == 1
    assert out.getvalue() == ("✗ Publication arrêtée : SITEURL dans publishconf.py vaut « sun.example.net » ; "
                              "l'adresse publique du site doit être complète et sécurisée, en https:// (par "
                              "exemple https://sun.example.net).\n")


def test_publish_writes_its_own_folder_and_never_the_preview(content, tmp_path, monkeypatch):
    assert run_build(content, tmp_path / "output")[0] == 0
    preview = tree(tmp_path / "output")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SUN_PUBLIC_URL", URL)
    assert publish(PUBLISHCONF, str(content), out=io.StringIO()) == 0  # the default folder: public/
    assert tree(tmp_path / "output") == preview
    page = (tmp_path / "public" / "evenements" / "nuit-du-code" / "index.html").read_text(encoding="utf-8")
    assert f'href="{URL}/theme/css/sun.css"' in page
    tasks = (ROOT / "tasks.py").read_text(encoding="utf-8")
    assert 'def publish(c, content="content", output="public"):' in tasks
    assert "/public/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/modeles/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


# --- the state file ---------------------------------------------------------------------------------------

def test_the_state_is_one_line_per_event_sorted_by_id(content, tmp_path, monkeypatch):
    (content / STATE).unlink()
    new = content / "events" / "aaa-premier.yaml"
    new.write_text((content / "events" / "nuit-du-code.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert _publish(content, tmp_path / "public", monkeypatch)[0] == 0
    lines = (content / STATE).read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == ["aaa-premier", "nuit-du-code", "premiers-pas-smartphone",
                                          "webinaire-arnaques"]
    assert [r["numero"] for r in records] == [1, 2, 3, 4]
    assert records[3] == {"id": "webinaire-arnaques", "numero": 4, "titre": "Repérer les arnaques en ligne",
                          "commune": None, "themes": ["securite"],
                          "seances": [{"uid": "webinaire-arnaques-1@sun.example.org",
                                       "debut": "2026-10-13T16:00:00Z", "fin": "2026-10-13T17:00:00Z",
                                       "empreinte": records[3]["seances"][0]["empreinte"], "sequence": 0}]}


def test_the_old_single_object_state_is_read_then_converted_by_publish(content, tmp_path, monkeypatch):
    state = read_state(content / STATE)
    legacy = {"version": 1, "short_links": {"nuit-du-code": 7, "premiers-pas-smartphone": 2, "webinaire-arnaques": 3},
              "sessions": {uid: {"fingerprint": e["fingerprint"], "sequence": 4} for uid, e in state.sessions.items()}}
    (content / STATE).unlink()
    (content / "publication-state.json").write_text(json.dumps(legacy), encoding="utf-8")
    assert run_build(content, tmp_path / "o1")[0] == 0
    page = (tmp_path / "o1" / "evenements" / "nuit-du-code" / "index.html").read_text(encoding="utf-8")
    assert "<strong>sun.example.org/e/7</strong>" in page
    assert set(_sequences(tmp_path / "o1").values()) == {4}
    assert _publish(content, tmp_path / "public", monkeypatch)[0] == 0
    assert not (content / "publication-state.json").exists()
    assert [json.loads(line)["numero"] for line in (content / STATE).read_text(encoding="utf-8").splitlines()] == \
        [7, 2, 3]


# --- withdrawn and renamed events ---------------------------------------------------------------------------

def test_a_deleted_published_event_keeps_its_page_short_address_and_cancelled_sessions(demo, tmp_path,
                                                                                         monkeypatch):
    published = read_state(demo / STATE)
    uid = f"{GONE}-1@sun.example.org"
    assert published.short_links[GONE] == 3 and published.sessions[uid]["sequence"] == 0
    (demo / "events" / f"{GONE}.md").unlink()
    code, printed = _checked(demo)
    assert code == 0
    assert ("content/events: attention : événement publié supprimé : Appeler ses proches en vidéo "
            f"({GONE}) ; préférez statut: annule") in printed
    output = tmp_path / "output"
    assert run_build(demo, output)[0] == 0
    page = (output / "evenements" / GONE / "index.html").read_text(encoding="utf-8")
    assert "<h1>Appeler ses proches en vidéo</h1>" in page
    assert "Cet événement n'est plus au programme." in page
    alternatives = page[page.index("À la place"):page.index("Voir aussi")]
    assert [line.split('/">')[1].split("<")[0] for line in alternatives.splitlines() if "sun-event__title" in line] \
        == ["Prendre rendez-vous chez le médecin en ligne", "Repair café numérique",
            "Bien choisir un ordinateur reconditionné"]
    short = (output / "e" / "3" / "index.html").read_text(encoding="utf-8")
    assert f'<meta http-equiv="refresh" content="0; url=../../evenements/{GONE}/">' in short
    for name in (f"evenements/{GONE}.ics", "communes/chilly-mazarin.ics", "themes/smartphone-tablette.ics",
                 "themes/reseaux-sociaux.ics", "programme.ics"):
        entry = _vevents(output / "calendriers" / name)[uid]
        assert (str(entry["STATUS"]), int(entry["SEQUENCE"]), str(entry["SUMMARY"])) == (
            "CANCELLED", 1, "[Annulé] Appeler ses proches en vidéo"), name
        assert entry.decoded("DTSTART").isoformat() == "2026-10-16T14:30:00+02:00"
    # Published as withdrawn: the warning is gone, the page stays, and the SEQUENCE is not raised again.
    assert _publish(demo, tmp_path / "public", monkeypatch)[0] == 0
    assert not [line for line in _checked(demo)[1] if "supprimé" in line]
    assert run_build(demo, tmp_path / "again")[0] == 0
    assert int(_vevents(tmp_path / "again" / "calendriers" / "programme.ics")[uid]["SEQUENCE"]) == 1
    assert (tmp_path / "again" / "evenements" / GONE / "index.html").is_file()


BROKEN = {  # a published event's file broken three ways: it is not built, and nobody deleted it
    "tab": (f"events/{GONE}.md", "\nniveau: debutant", "\n\tniveau: debutant",
            f"content/events/{GONE}.md:12: format.niveau: tabulation interdite : indentez avec des espaces"),
    "syntax": (f"events/{GONE}.md", "format: atelier", "format: [atelier",
               f"content/events/{GONE}.md:11: format: crochet « [ » jamais refermé : terminez la liste par « ] » "
               "et séparez les éléments par des virgules"),
    "commune": ("partners/ville-de-chilly-mazarin.yaml", "    commune: Chilly-Mazarin", "    commune: Chily-Mazarin",
                "content/partners/ville-de-chilly-mazarin.yaml:20: lieux[1].commune: commune « Chily-Mazarin » "
                "inconnue ; vouliez-vous dire « Chilly-Mazarin » (Essonne, 91) ? ; pour un lieu hors du territoire, "
                "ajoutez hors_territoire: oui au lieu (avec sa commune et son code postal) : ses événements seront "
                "dans « Ailleurs et en ligne »"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_published_event_whose_file_is_broken_is_not_said_deleted(demo, tmp_path, case):
    relative, old, new, error = BROKEN[case]
    _edit(demo / relative, old, new)
    code, printed = _checked(demo)
    assert code == 1 and error in printed
    assert not [line for line in printed if "supprimé" in line]
    code, printed = run_build(demo, tmp_path / "output")  # serve's error page shows what the build prints
    assert code != 0 and "supprimé" not in printed


def test_a_published_event_broken_in_a_past_edition_is_not_said_deleted(demo):
    from sunprogramme.new_edition import new_edition

    assert new_edition(demo, "2027", io.StringIO()) == 0
    _edit(demo / "editions" / "2026" / "events" / f"{GONE}.md", "\nniveau: debutant", "\n\tniveau: debutant")
    printed = _checked(demo)[1]
    assert f"content/editions/2026/events/{GONE}.md:12: format.niveau: tabulation interdite : indentez avec des " \
           "espaces" in printed
    assert not [line for line in printed if "supprimé" in line]


def test_a_renamed_event_file_redirects_its_old_address(demo, tmp_path):
    (demo / "events" / f"{GONE}.md").rename(demo / "events" / "appeler-en-video.md")
    code, printed = _checked(demo)
    assert code == 0 and not [line for line in printed if "supprimé" in line]
    output = tmp_path / "output"
    assert run_build(demo, output)[0] == 0
    old = (output / "evenements" / GONE / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../../evenements/appeler-en-video/">' in old
    short = (output / "e" / "3" / "index.html").read_text(encoding="utf-8")  # the posters' number is kept
    assert '<meta http-equiv="refresh" content="0; url=../../evenements/appeler-en-video/">' in short
    assert f"{GONE}-1@" not in (output / "calendriers" / "programme.ics").read_text(encoding="utf-8")


def test_the_ci_jobs_publish_public_with_a_real_address_and_keep_the_state():
    import yaml

    text = (ROOT / ".github" / "workflows" / "programme.yml").read_text(encoding="utf-8")
    job = yaml.safe_load(text)["jobs"]["publish"]
    runs = [step.get("run", "") for step in job["steps"]]
    assert "invoke publish" in runs and "sun.example.org" not in text
    assert {"path": "public"} in [step.get("with") for step in job["steps"]]
    assert job["permissions"]["contents"] == "write" and any("git push" in run for run in runs)
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))["pages"]
    assert gitlab["script"][0] == "invoke publish --output public" and "git push" in gitlab["script"][1]
    assert gitlab["artifacts"]["paths"] == ["public"] and gitlab["variables"]["SUN_PUBLIC_URL"] == "$CI_PAGES_URL"
