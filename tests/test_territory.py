"""The territory as data: communes of the COG, the edition's territory, venues outside it or without an
address yet, and what is said of a misspelled commune or venue."""

from __future__ import annotations

from pathlib import Path

from sunprogramme.loader import load_programme
from sunprogramme.territory import closest, resolve
from sunprogramme.vocabularies import communes, find_commune

from conftest import shown

CATON = "partners/caton.yaml"
ULIS_VENUE = """  - id: maison-des-associations-ulis
    nom: Maison des associations
    adresse: 3 avenue de Bourgogne
    code_postal: "91940"
    commune: Les Ulis
"""


def _edit(content: Path, relative: str, old: str, new: str) -> None:
    path = content / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _add_venue(content: Path, venue: str) -> None:
    path = content / CATON
    path.write_text(path.read_text(encoding="utf-8") + venue, encoding="utf-8")


def _problems(content: Path, severity: str = "errors") -> list[str]:
    _programme, report = load_programme(content)
    return shown(getattr(report, severity), content)


# --- communes of the COG -------------------------------------------------------------------------------

def test_communes_carry_the_cog_article_type_and_departement():
    ulis, massy, ville_du_bois = find_commune("91692"), find_commune("Massy"), find_commune("La Ville-du-Bois")
    assert (ulis.name, ulis.tncc, ulis.at) == ("Les Ulis", 4, "aux Ulis")
    assert ulis.with_departement == "Les Ulis (Essonne, 91)"
    assert (massy.tncc, massy.at, ville_du_bois.tncc, ville_du_bois.at) == (0, "à Massy", 3, "à La Ville-du-Bois")
    assert len(communes()) == 41 and {c.departement for c in communes()} == {"91"}
    assert sorted(c.tncc for c in communes() if c.tncc > 1) == [3, 4, 4]  # La Ville-du-Bois, Les Molières, Les Ulis


def test_a_misspelled_commune_is_matched_within_the_territory_only():
    assert closest("Épinay-sur-Seine", communes()).name == "Épinay-sur-Orge"
    assert closest("Soissons", communes()) is None  # not « Wissous »
    assert closest("Ulis", communes()).name == "Les Ulis"
    assert closest("Chilly", communes()).name == "Chilly-Mazarin"


# --- suggestions for a misspelled commune ---------------------------------------------------------------

def test_a_commune_that_looks_like_one_of_the_territory_names_its_departement(content):
    _edit(content, CATON, "    commune: Les Ulis", "    commune: Épinay-sur-Seine")
    assert _problems(content) == [
        "content/partners/caton.yaml:17: lieux[1].commune: commune « Épinay-sur-Seine » inconnue ; vouliez-vous "
        "dire « Épinay-sur-Orge » (Essonne, 91) ? ; pour un lieu hors du territoire, ajoutez hors_territoire: oui "
        "au lieu (avec sa commune et son code postal) : ses événements seront dans « Ailleurs et en ligne »"]


def test_a_commune_far_from_every_name_is_said_outside_the_territory(content):
    _edit(content, CATON, "    commune: Les Ulis", "    commune: Soissons")
    assert _problems(content) == [
        "content/partners/caton.yaml:17: lieux[1].commune: commune « Soissons » inconnue : elle n'est pas dans le "
        "territoire de l'édition (41 communes, sunprogramme/data/communes.csv) ; pour un lieu hors du territoire, "
        "ajoutez hors_territoire: oui au lieu (avec sa commune et son code postal) : ses événements seront dans "
        "« Ailleurs et en ligne »"]


# --- cascades --------------------------------------------------------------------------------------------

def test_a_misspelled_commune_is_told_once_on_the_partner_not_on_each_event(content):
    _edit(content, CATON, "    commune: Les Ulis", "    commune: Les Ullis")
    _programme, report = load_programme(content)
    assert shown(report.errors, content) == [
        "content/partners/caton.yaml:17: lieux[1].commune: commune « Les Ullis » inconnue ; vouliez-vous dire "
        "« Les Ulis » (Essonne, 91) ? ; pour un lieu hors du territoire, ajoutez hors_territoire: oui au lieu (avec "
        "sa commune et son code postal) : ses événements seront dans « Ailleurs et en ligne »"]
    assert [w for w in shown(report.warnings, content) if "déclaré dans" in w] == [
        "content/events/premiers-pas-smartphone.md:18: attention : lieu: lieu « maison-des-associations-ulis » "
        "déclaré dans partners/caton.yaml, qui a une erreur (signalée dans ce fichier) : cet événement sera vérifié "
        "quand elle sera corrigée"]


# --- suggestions for a venue: within its commune, with the commune --------------------------------------

def test_a_misspelled_venue_is_suggested_within_the_commune_its_name_says(content):
    _add_venue(content, ULIS_VENUE.replace("maison-des-associations-ulis", "mediatheque-ulis")
               .replace("Maison des associations", "Médiathèque"))
    _edit(content, "events/premiers-pas-smartphone.md", "lieu: maison-des-associations-ulis",
          "lieu: mediatheque-des-ulis")
    assert _problems(content) == [
        "content/events/premiers-pas-smartphone.md:18: lieu: lieu « mediatheque-des-ulis » inconnu ; vouliez-vous "
        "dire « mediatheque-ulis » (Les Ulis) ? Lieux déclarés aux Ulis : maison-des-associations-ulis, "
        "mediatheque-ulis (les lieux se déclarent dans les fichiers de content/partners/)"]


def test_a_venue_of_another_commune_is_never_suggested(content):
    _edit(content, "events/premiers-pas-smartphone.md", "lieu: maison-des-associations-ulis",
          "lieu: mediatheque-ulis")
    assert _problems(content) == [
        "content/events/premiers-pas-smartphone.md:18: lieu: lieu « mediatheque-ulis » inconnu ; lieux déclarés aux "
        "Ulis : maison-des-associations-ulis (les lieux se déclarent dans les fichiers de content/partners/)"]
    _edit(content, "events/premiers-pas-smartphone.md", "lieu: mediatheque-ulis", "lieu: mediatheque-palaiseau")
    assert _problems(content) == [
        "content/events/premiers-pas-smartphone.md:18: lieu: lieu « mediatheque-palaiseau » inconnu ; aucun lieu "
        "n'est déclaré à Palaiseau (les lieux se déclarent dans les fichiers de content/partners/)"]


# --- the edition's territory --------------------------------------------------------------------------------

def test_the_territory_is_read_from_insee_codes_and_epci_sirens():
    codes, problems = resolve(["249100074", "91377"])
    assert problems == [] and len(codes) == 15 and "91377" in codes and "91692" not in codes
    assert resolve(["Massy", "123"])[1] == [
        (0, "« Massy » : écrivez le code INSEE de la commune, 91377"),
        (1, "code « 123 » inconnu : ni le code INSEE d'une commune ni le SIREN d'une intercommunalité de "
            "sunprogramme/data/communes.csv (CA Communauté Paris-Saclay : 200056232, CC du Pays de Limours (CCPL) : "
            "249100074)")]


def test_the_edition_territory_limits_the_communes(content):
    (content / "edition.yaml").write_text((content / "edition.yaml").read_text(encoding="utf-8")
                                          + "territoire: [\"249100074\"]\n", encoding="utf-8")
    programme, report = load_programme(content)
    assert shown(report.errors, content) == [
        "content/partners/caton.yaml:7: communes[1]: Les Ulis (Essonne, 91) n'est pas dans le territoire de l'édition "
        "(champ territoire de content/edition.yaml)",
        "content/partners/caton.yaml:7: communes[2]: Massy (Essonne, 91) n'est pas dans le territoire de l'édition "
        "(champ territoire de content/edition.yaml)",
        "content/partners/caton.yaml:17: lieux[1].commune: Les Ulis (Essonne, 91) n'est pas dans le territoire de "
        "l'édition (champ territoire de content/edition.yaml) ; pour un lieu hors du territoire, ajoutez "
        "hors_territoire: oui au lieu (avec sa commune et son code postal) : ses événements seront dans « Ailleurs "
        "et en ligne »",
        "content/partners/mediatheque-massy.md:4: communes[1]: Massy (Essonne, 91) n'est pas dans le territoire de "
        "l'édition (champ territoire de content/edition.yaml)",
        "content/partners/mediatheque-massy.md:10: lieux[1].commune: Massy (Essonne, 91) n'est pas dans le "
        "territoire de l'édition (champ territoire de content/edition.yaml) ; pour un lieu hors du territoire, "
        "ajoutez hors_territoire: oui au lieu (avec sa commune et son code postal) : ses événements seront dans "
        "« Ailleurs et en ligne »"]
    assert programme is None


def test_suggestions_come_from_the_territory_only(content):
    (content / "edition.yaml").write_text((content / "edition.yaml").read_text(encoding="utf-8")
                                          + "territoire: [\"249100074\"]\n", encoding="utf-8")
    _edit(content, CATON, "communes: [Les Ulis, Massy]", "communes: [Masy, Limour]")
    assert [e for e in _problems(content) if "caton.yaml:7" in e] == [
        "content/partners/caton.yaml:7: communes[1]: commune « Masy » inconnue : elle n'est pas dans le territoire "
        "de l'édition (14 communes, sunprogramme/data/communes.csv)",
        "content/partners/caton.yaml:7: communes[2]: commune « Limour » inconnue ; vouliez-vous dire « Limours » "
        "(Essonne, 91) ?"]


def test_a_wrong_territory_code_is_an_error_of_the_edition(content):
    (content / "edition.yaml").write_text((content / "edition.yaml").read_text(encoding="utf-8")
                                          + "territoire: [\"200056232\", \"91999\"]\n", encoding="utf-8")
    assert [e for e in _problems(content) if "edition" in e] == [
        "content/edition.yaml:10: territoire[2]: code « 91999 » inconnu : ni le code INSEE d'une commune ni le "
        "SIREN d'une intercommunalité de sunprogramme/data/communes.csv (CA Communauté Paris-Saclay : 200056232, "
        "CC du Pays de Limours (CCPL) : 249100074)"]
