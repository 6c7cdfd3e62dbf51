"""data·inclusion v1 import of partners: files created and updated, conflicts, refusals and hostile exports."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sunprogramme.intake.datainclusion import STATE_FILE, PartnerFile, import_partners, run_import_partners
from sunprogramme.loader import load_programme

from conftest import FIXTURES, ROOT

SAMPLE = FIXTURES / "data-inclusion" / "export.json"


def _lines(report, *paths: Path) -> list[str]:
    out = []
    for line in report.lines:
        text = line.format()
        for path in paths:
            text = text.replace(str(path), path.name)
        out.append(text)
    return out


def _files(content: Path) -> dict[str, bytes]:
    return {str(p.relative_to(content)): p.read_bytes() for p in sorted(content.rglob("*")) if p.is_file()}


def test_import_creates_and_updates_partner_files(content):
    report = import_partners(SAMPLE, content)
    assert _lines(report, SAMPLE) == [
        "export.json : attention : structure « dora--espace-numerique-croix-rousse » (Espace numérique de la "
        "Croix-Rousse, Lyon 69384) : hors du territoire de SUN, non reprise, avec son service",
        "export.json : caton.yaml mis à jour (structure « dora--caton-les-ulis ») : contact.email, horaires, "
        "offre (ajout : Aide aux démarches en ligne sur rendez-vous), themes (ajout : premiers-pas, "
        "demarches-en-ligne)",
        "export.json : partenaire « La Fabrique numérique de Palaiseau » créé : "
        "la-fabrique-numerique-de-palaiseau.yaml (structure « dora--fabrique-numerique-palaiseau »)",
        "export.json : attention : la-fabrique-numerique-de-palaiseau.yaml : type « association » mis par défaut, "
        "data·inclusion ne donne pas le type de structure ; vérifiez-le",
        "export.json : structures : non repris, faute de champ dans les fiches partenaires : lien_source (2)",
        "export.json : services : seuls leur nom (dans « offre ») et leurs thématiques (dans « themes ») sont "
        "repris ; non repris, faute de champ dans les fiches partenaires : description (3), frais (3), "
        "modes_accueil (3), publics (3), type (3)",
    ]
    assert (report.created, report.updated, report.left_out) == (
        ["la-fabrique-numerique-de-palaiseau"], ["caton"], ["dora--espace-numerique-croix-rousse"])
    created = content / "partners" / "la-fabrique-numerique-de-palaiseau.yaml"
    assert created.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    assert yaml.safe_load(created.read_text(encoding="utf-8")) == {
        "nom": "La Fabrique numérique de Palaiseau",
        "type": "association",
        "site": "https://fabrique-palaiseau.example.org",
        "contact": {"telephone": "01 99 00 41 00", "email": "bonjour@fabrique-palaiseau.example.org"},
        "communes": ["Palaiseau", "Massy"],
        "offre": ["Accompagnement aux démarches administratives en ligne"],
        "themes": ["demarches-en-ligne"],  # both its thématiques are this theme's
        "horaires": "Mo-Fr 14:00-18:00; Sa 10:00-12:00",
        "description": "Tiers-lieu associatif ouvert à toutes et à tous : ordinateurs en accès libre, aide pour les "
                       "démarches en ligne et ateliers pour apprendre à se servir d'un smartphone ou d'une tablette.\n",
        "lieux": [{
            "id": "la-fabrique-numerique-de-palaiseau",
            "nom": "La Fabrique numérique de Palaiseau",
            "adresse": "12 rue de Paris, Rez-de-chaussée",
            "code_postal": "91120",
            "commune": "Palaiseau",
            "coordonnees": {"lat": 48.7146, "lon": 2.2463},
            "acceslibre": "https://acceslibre.beta.gouv.fr/app/91-palaiseau/a/espace-numerique/erp/"
                          "la-fabrique-numerique/",
        }],
    }
    # Only the fields that changed are written; the rest of the file stays as typed.
    assert (content / "partners" / "caton.yaml").read_text(encoding="utf-8") == (
        "nom: CATON\ntype: association\nsite: https://caton.example.org\nlogo: logos/caton.png\n"
        "contact:\n  telephone: \"01 99 00 10 00\"\n  email: contact@caton.example.org\n"
        "communes: [Les Ulis, Massy]\n"
        "offre:\n  - Permanences d'aide au numérique le mardi\n  - Aide aux démarches en ligne sur rendez-vous\n"
        "themes: [premiers-pas, demarches-en-ligne]\n"
        "horaires: Tu 14:00-17:00\n"
        "description: |\n  Cap vers l'Accès de Tous aux Outils Numériques.\n"
        "lieux:\n  - id: maison-des-associations-ulis\n    nom: Maison des associations\n"
        "    adresse: 3 avenue de Bourgogne\n    code_postal: \"91940\"\n    commune: Les Ulis\n"
        "    coordonnees: {lat: 48.6819, lon: 2.1697}\n    acces: \"Bus 9 et 91-06, arrêt Centre commercial\"\n"
        "    plain_pied: oui\n    accessibilite: [boucle-magnetique]\n")
    programme, checked = load_programme(content)
    assert programme is not None and checked.errors == []
    assert programme.venues["la-fabrique-numerique-de-palaiseau"].commune.insee == "91477"
    assert programme.partners["caton"].themes == ("premiers-pas", "demarches-en-ligne")
    state = json.loads((content / STATE_FILE).read_text(encoding="utf-8"))
    assert state["structures"]["dora"]["dora--caton-les-ulis"]["partenaire"] == "caton"
    assert (content / STATE_FILE).read_text(encoding="utf-8") == json.dumps(state, ensure_ascii=False, indent=1,
                                                                            sort_keys=True) + "\n"


def test_reimport_changes_nothing(content):
    import_partners(SAMPLE, content)
    before = _files(content)
    again = import_partners(SAMPLE, content)
    assert _files(content) == before
    assert (again.created, again.updated, again.conflicts) == ([], [], [])
    assert again.unchanged == ["caton", "la-fabrique-numerique-de-palaiseau"]
    assert _lines(again, SAMPLE)[-1] == "export.json : rien n'a changé : aucune fiche écrite"


def test_folder_and_list_forms(content, tmp_path):
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "structures.json").write_text(json.dumps(data["structures"]), encoding="utf-8")
    (folder / "services.json").write_text(json.dumps(data["services"]), encoding="utf-8")
    report = import_partners(folder, content)
    assert (report.created, report.updated) == (["la-fabrique-numerique-de-palaiseau"], ["caton"])
    copy = tmp_path / "copy"
    shutil.copytree(FIXTURES / "site", copy)
    only_structures = tmp_path / "structures.json"
    only_structures.write_text(json.dumps(data["structures"]), encoding="utf-8")
    report = import_partners(only_structures, copy)
    assert report.updated == ["caton"]
    caton = yaml.safe_load((copy / "partners" / "caton.yaml").read_text(encoding="utf-8"))
    assert caton["offre"] == ["Permanences d'aide au numérique le mardi"]  # no services: the offer is left alone


def test_hand_edit_then_changed_import_is_a_conflict(content, tmp_path):
    import_partners(SAMPLE, content)
    caton = content / "partners" / "caton.yaml"
    caton.write_text(caton.read_text(encoding="utf-8").replace("horaires: Tu 14:00-17:00",
                                                               "horaires: Le mardi de 14 h à 17 h"), encoding="utf-8")
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["structures"][0]["horaires_accueil"] = "Tu,Th 14:00-17:00"
    data["structures"][0]["courriel"] = "accueil@caton.example.org"
    data["services"] = data["services"][1:]  # the Tuesday drop-in is gone
    changed = tmp_path / "export.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = import_partners(changed, content)
    lines = _lines(report, changed)
    assert lines[1:3] == [
        "export.json : attention : conflit : caton.yaml, champ « horaires » modifié à la main : la fiche garde « Le "
        "mardi de 14 h à 17 h » ; data·inclusion donne « Tu,Th 14:00-17:00 ». Si c'est la bonne valeur, "
        "recopiez-la dans la fiche (ce conflit n'est signalé qu'une fois)",
        "export.json : caton.yaml mis à jour (structure « dora--caton-les-ulis ») : contact.email, offre (retrait : "
        "Permanences d'aide au numérique le mardi), themes (retrait : premiers-pas)",
    ]
    assert report.conflicts == ["caton.yaml: horaires"]
    written = yaml.safe_load(caton.read_text(encoding="utf-8"))
    assert written["horaires"] == "Le mardi de 14 h à 17 h"  # the hand's value is kept
    assert written["contact"]["email"] == "accueil@caton.example.org"
    assert written["offre"] == ["Aide aux démarches en ligne sur rendez-vous"]
    assert written["themes"] == ["demarches-en-ligne"]
    before = _files(content)
    again = import_partners(changed, content)
    assert again.conflicts == [] and _files(content) == before
    assert load_programme(content)[1].errors == []


def test_thematique_without_a_theme_is_told_with_its_value(content, tmp_path):
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["services"][0]["thematiques"] += ["mobilite--preparer-un-permis", "famille--garde-denfants"]
    data["services"][1]["thematiques"] += ["mobilite--preparer-un-permis"]
    # listed by premiers-pas, securite, intelligence-artificielle and handicap: the first, premiers-pas
    data["services"][2]["thematiques"] += ["numerique--maitriser-les-fondamentaux-du-numerique"]
    export = tmp_path / "export.json"
    export.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = import_partners(export, content)
    assert _lines(report, export)[:2] == [
        "export.json : structure « dora--caton-les-ulis » : thématique « famille--garde-denfants » (service "
        "« dora--caton-permanence-mardi ») non reprise dans « themes » : aucun thème de SUN ne lui correspond",
        "export.json : structure « dora--caton-les-ulis » : thématique « mobilite--preparer-un-permis » (services "
        "« dora--caton-demarches », « dora--caton-permanence-mardi ») non reprise dans « themes » : aucun thème de "
        "SUN ne lui correspond",
    ]
    assert yaml.safe_load((content / "partners" / "caton.yaml").read_text(encoding="utf-8"))["themes"] == [
        "premiers-pas", "demarches-en-ligne"]
    created = yaml.safe_load((content / "partners" / "la-fabrique-numerique-de-palaiseau.yaml").read_text("utf-8"))
    assert created["themes"] == ["premiers-pas", "demarches-en-ligne"]  # in the vocabulary's order
    assert load_programme(content)[1].errors == []


def test_hand_added_theme_survives_a_reimport(content, tmp_path):
    import_partners(SAMPLE, content)
    caton = content / "partners" / "caton.yaml"
    text = caton.read_text(encoding="utf-8")
    assert "themes: [premiers-pas, demarches-en-ligne]\n" in text
    caton.write_text(text.replace("themes: [premiers-pas, demarches-en-ligne]",
                                  "themes: [premiers-pas, demarches-en-ligne, Santé en ligne]"), encoding="utf-8")
    before = _files(content)
    again = import_partners(SAMPLE, content)
    assert _files(content) == before and again.unchanged == ["caton", "la-fabrique-numerique-de-palaiseau"]
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["services"] = data["services"][1:]  # the Tuesday drop-in is gone, and premiers-pas with it
    changed = tmp_path / "export.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = import_partners(changed, content)
    assert "export.json : caton.yaml mis à jour (structure « dora--caton-les-ulis ») : offre (retrait : Permanences " \
           "d'aide au numérique le mardi), themes (retrait : premiers-pas)" in _lines(report, changed)
    # The theme typed by hand stays (written as its identifier once the line is rewritten).
    assert "themes: [demarches-en-ligne, sante]\n" in caton.read_text(encoding="utf-8")
    assert report.conflicts == []
    programme, checked = load_programme(content)
    assert checked.errors == [] and programme.partners["caton"].themes == ("demarches-en-ligne", "sante")


def test_invalid_records_are_told_and_skipped(content, tmp_path):
    bad = FIXTURES / "data-inclusion" / "mauvais-code-postal.json"
    report = import_partners(bad, content)
    assert _lines(report, bad) == [
        "mauvais-code-postal.json : attention : structure « dora--mediatheque-saclay » refusée : champ "
        "« code_postal » : « 9140 » : code postal à 5 chiffres attendu, par exemple 91120",
        "mauvais-code-postal.json : rien n'a changé : aucune fiche écrite",
    ]
    assert report.refused == ["dora--mediatheque-saclay"] and not (content / STATE_FILE).exists()
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["services"][2]["thematiques"] = ["numerique"]
    del data["structures"][0]["nom"]
    mixed = tmp_path / "export.json"
    mixed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = import_partners(mixed, content)
    assert _lines(report, mixed)[:5] == [
        "export.json : attention : structure « dora--caton-les-ulis » refusée : champ « nom » : champ obligatoire "
        "manquant",
        "export.json : attention : service « dora--fabrique-demarches » refusé : champ « thematiques[1] » : valeur "
        "« numerique » inconnue du schéma data·inclusion",
        "export.json : attention : service « dora--caton-permanence-mardi » ignoré : sa structure "
        "« dora--caton-les-ulis » est refusée",
        "export.json : attention : service « dora--caton-demarches » ignoré : sa structure « dora--caton-les-ulis » "
        "est refusée",
        "export.json : attention : structure « dora--espace-numerique-croix-rousse » (Espace numérique de la "
        "Croix-Rousse, Lyon 69384) : hors du territoire de SUN, non reprise, avec son service",
    ]
    assert report.created == ["la-fabrique-numerique-de-palaiseau"] and report.updated == []
    created = yaml.safe_load((content / "partners" / "la-fabrique-numerique-de-palaiseau.yaml").read_text("utf-8"))
    assert "offre" not in created and "themes" not in created  # its only service was refused
    assert created["communes"] == ["Palaiseau"]
    assert load_programme(content)[1].errors == []


def test_deleted_partner_is_not_recreated(content):
    import_partners(SAMPLE, content)
    (content / "partners" / "la-fabrique-numerique-de-palaiseau.yaml").unlink()
    report = import_partners(SAMPLE, content)
    assert "export.json : attention : structure « dora--fabrique-numerique-palaiseau » : la fiche " \
           "la-fabrique-numerique-de-palaiseau a été supprimée depuis le dernier import ; elle n'est pas recréée " \
           "(pour la recréer, retirez cette structure de imports/data-inclusion.json)" in _lines(report, SAMPLE)
    assert not (content / "partners" / "la-fabrique-numerique-de-palaiseau.yaml").exists()


def test_unreadable_file_exits_1(content, tmp_path):
    broken = tmp_path / "export.json"
    broken.write_text('{"structures": [', encoding="utf-8")
    out = io.StringIO()
    assert run_import_partners(str(broken), str(content), out=out) == 1
    assert out.getvalue().replace(str(broken), "export.json") == (
        "export.json : JSON invalide (ligne 1, colonne 17) : vérifiez que c'est bien l'export data·inclusion, sans "
        "retouche\n\n✗ Import data·inclusion : fichier illisible, rien n'a été importé.\n")
    other = tmp_path / "autre.json"
    other.write_text('{"evenements": []}', encoding="utf-8")
    assert run_import_partners(str(other), str(content), out=io.StringIO()) == 1
    result = subprocess.run([sys.executable, "-m", "sunprogramme", "import-partners", str(SAMPLE), "--content",
                             str(content)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout
    assert result.stdout.endswith("✓ Import data·inclusion : 1 créé(s), 1 mis à jour, 0 inchangé(s), 0 conflit(s), "
                                  "1 hors du territoire, 0 refusé(s).\n")


@pytest.mark.parametrize("path", sorted((ROOT / "content" / "partners").iterdir()), ids=lambda p: p.name)
def test_partner_files_are_rewritten_byte_for_byte(path):
    text = path.read_text(encoding="utf-8")
    assert PartnerFile(text, path.suffix).text() == text


def test_known_partner_of_the_demo_with_a_markdown_description(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    base = {"source": "dora", "date_maj": "2026-09-01", "nom": "Réseau des médiathèques Paris-Saclay"}
    export = tmp_path / "export.json"
    export.write_text(json.dumps({"structures": [
        {**base, "id": "dora--med", "description": "Un autre texte de présentation.", "code_insee": "91477",
         "adresse": "18 rue Edouard Branly", "latitude": 48.71321, "longitude": 2.24412},
        {**base, "id": "dora--med-orsay", "code_insee": "91471", "adresse": "1 place du Marché"},
        {**base, "id": "sun-essonne--mediatheque-gif", "source": "sun-essonne"},
    ]}, ensure_ascii=False), encoding="utf-8")
    before = _files(content)
    report = import_partners(export, content)
    assert _lines(report, export)[:3] == [
        "export.json : attention : structure « dora--med-orsay » : la fiche mediatheques-paris-saclay reprend déjà "
        "la structure « dora--med » ; non reprise",
        "export.json : attention : structure « sun-essonne--mediatheque-gif » : publiée par ce site (source "
        "sun-essonne), non reprise",
        "export.json : attention : conflit : mediatheques-paris-saclay.md, champ « description » modifié à la main : "
        "la fiche garde « Le réseau des médiathèques Paris-Saclay réunit les bibliothèques de plusieurs… » ; "
        "data·inclusion donne « Un autre texte de présentation. ». Si c'est la bonne valeur, recopiez-la dans la "
        "fiche (ce conflit n'est signalé qu'une fois)",
    ]
    # Same address but for accents and hyphens, coordinates a metre away: the venue is found, nothing changes.
    assert report.unchanged == ["mediatheques-paris-saclay"] and report.created == []
    assert {k: v for k, v in _files(content).items() if not k.startswith("imports")} == before
    again = import_partners(export, content)
    assert again.conflicts == [] and _lines(again, export)[-1] == "export.json : rien n'a changé : aucune fiche écrite"


def test_a_directory_structure_matches_our_partner_by_its_short_name(tmp_path):
    """DORA says « CATON »; our file says « CATON – Cap vers l'Accès de Tous… »: same partner, no new file."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    before = {p.name for p in (content / "partners").iterdir()}
    import_partners(SAMPLE, content)
    created = {p.name for p in (content / "partners").iterdir()} - before
    assert created == {"la-fabrique-numerique-de-palaiseau.yaml"}
    state = json.loads((content / STATE_FILE).read_text(encoding="utf-8"))
    assert state["structures"]["dora"]["dora--caton-les-ulis"]["partenaire"] == "caton"


@pytest.mark.parametrize("line_break", ["\r", "\u2028", "\x85"])
def test_line_breaks_in_an_export_cannot_add_fields_to_a_partner_file(content, tmp_path, line_break):
    export = json.loads(SAMPLE.read_text(encoding="utf-8"))
    structure = export["structures"][1]
    structure["description"] = f"Bonjour.{line_break}site: https://evil.example.org{line_break}horaires: injecté"
    crafted = tmp_path / "export.json"
    crafted.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    import_partners(crafted, content)
    written = yaml.safe_load((content / "partners" / "la-fabrique-numerique-de-palaiseau.yaml")
                             .read_text(encoding="utf-8"))
    assert written["site"] == structure["site_web"]
    assert written["horaires"] == structure["horaires_accueil"]
    assert written["description"].splitlines()[1] == "site: https://evil.example.org"  # text, not a field
