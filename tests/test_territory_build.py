"""Built outputs of a venue outside the territory (« Ailleurs et en ligne ») and of a venue whose address
is still to be confirmed (« adresse à confirmer » everywhere, never on a map)."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from sun_site.build import build
from sunprogramme.cli import check

from conftest import ROOT, SITE

SETTINGS = str(ROOT / "pelicanconf.py")
OUTSIDE = """  - id: lieu-exemple-paris
    nom: Lieu d'exemple
    adresse: 1 rue de l'Exemple
    code_postal: "75011"
    commune: Paris
    hors_territoire: oui
"""
TO_CONFIRM = """  - id: salle-polyvalente-ulis
    nom: Salle polyvalente
    adresse: a_confirmer
    code_postal: "91940"
    commune: Les Ulis
    coordonnees: {lat: 48.6819, lon: 2.1697}
"""


def _event(event_id: str, title: str, venue: str) -> str:
    return (f"titre: {title}\nresume: Un atelier.\ndate: 2026-10-14\ndebut: \"14:00\"\nfin: \"16:00\"\n"
            f"lieu: {venue}\norganisateurs: [caton]\nthemes: [securite]\nformat: atelier\n")


def _content(tmp: Path) -> Path:
    content = tmp / "content"
    shutil.copytree(SITE, content)
    caton = content / "partners" / "caton.yaml"
    caton.write_text(caton.read_text(encoding="utf-8") + OUTSIDE + TO_CONFIRM, encoding="utf-8")
    (content / "events" / "atelier-a-paris.yaml").write_text(
        _event("atelier-a-paris", "Atelier à Paris", "lieu-exemple-paris"), encoding="utf-8")
    (content / "events" / "atelier-salle-a-confirmer.yaml").write_text(
        _event("atelier-salle-a-confirmer", "Atelier dans une salle à confirmer", "salle-polyvalente-ulis"),
        encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("territory")
    out = io.StringIO()
    assert build(SETTINGS, str(_content(tmp)), str(tmp / "output"), out=out) == 0, out.getvalue()
    return tmp / "output"


def test_check_accepts_them_and_warns_of_the_address_to_confirm(tmp_path):
    content = _content(tmp_path)
    out = io.StringIO()
    assert check(str(content), out=out) == 0, out.getvalue()
    lines = out.getvalue().replace(str(content), "content").splitlines()
    assert [line for line in lines if "partners/caton.yaml" in line] == [
        "content/partners/caton.yaml:30: attention : lieux[3].adresse: adresse à confirmer : c'est ce que diront les "
        "pages, les affiches, les calendriers et les données, et le lieu ne sera pas sur la carte ; complétez-la dès "
        "que possible",
        "content/partners/caton.yaml:33: attention : lieux[3].coordonnees: coordonnées ignorées tant que l'adresse "
        "est à confirmer (le lieu n'est pas placé sur la carte)"]


def test_a_venue_outside_the_territory_is_listed_elsewhere_and_online(built):
    page = (built / "communes" / "index.html").read_text(encoding="utf-8")
    elsewhere = page.split('<h2 id="ailleurs">Ailleurs et en ligne</h2>', 1)[1].split("</section>", 1)[0]
    assert "Atelier à Paris" in elsewhere and "Lieu d&#39;exemple, Paris" in elsewhere
    assert "Repérer les arnaques en ligne" in elsewhere  # the online webinar, with it
    assert "Atelier dans une salle à confirmer" not in elsewhere  # Les Ulis: in the territory
    assert not (built / "communes" / "paris").exists()
    event = (built / "evenements" / "atelier-a-paris" / "index.html").read_text(encoding="utf-8")
    assert '1 rue de l&#39;Exemple<br>75011 <span data-pagefind-meta="commune">Paris</span>' in event
    assert "communes/paris" not in event
    data = json.loads((built / "programme.json").read_text(encoding="utf-8"))
    venue = next(v for v in data["venues"] if v["id"] == "lieu-exemple-paris")
    assert venue["commune"] == {"name": "Paris", "insee": None, "in_territory": False, "departement": "75"}


def test_an_address_to_confirm_is_said_everywhere_and_never_mapped(built):
    event = (built / "evenements" / "atelier-salle-a-confirmer" / "index.html").read_text(encoding="utf-8")
    assert ('Salle polyvalente</a><br>adresse à confirmer<br>91940 <span data-pagefind-meta="commune">Les Ulis</span>'
            in event)
    assert "openstreetmap" not in event
    ics = (built / "calendriers" / "evenements" / "atelier-salle-a-confirmer.ics").read_text(encoding="utf-8")
    assert "LOCATION:Salle polyvalente\\, adresse à confirmer\\, 91940 Les Ulis\n" in ics
    assert "GEO:" not in ics
    data = json.loads((built / "programme.json").read_text(encoding="utf-8"))
    venue = next(v for v in data["venues"] if v["id"] == "salle-polyvalente-ulis")
    assert (venue["address"], venue["coordinates"]) == ("adresse à confirmer", None)
    venue_page = (built / "lieux" / "salle-polyvalente-ulis" / "index.html").read_text(encoding="utf-8")
    assert "adresse à confirmer<br>91940 Les Ulis" in venue_page and "openstreetmap" not in venue_page
    map_page = (built / "carte" / "index.html").read_text(encoding="utf-8")
    line = next(x for x in map_page.splitlines() if "salle-polyvalente-ulis" in x)
    assert "data-lat" not in line and "adresse à confirmer" in line
