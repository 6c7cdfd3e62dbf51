"""One fixture file per error case; each test asserts the exact messages and lines.

The fixture file is dropped into a copy of the valid fixture site, so every
message here is caused by that file alone.
"""

from __future__ import annotations

import shutil

import pytest
from PIL import Image

from sunprogramme.loader import load_programme

from conftest import FIXTURES, shown

BAD_EVENTS = FIXTURES / "bad-events"

EVENT_CASES = {
    "Atelier Été.yaml": [
        "content/events/Atelier Été.yaml: nom de fichier « Atelier Été.yaml » invalide : lettres minuscules "
        "sans accent, chiffres et tirets, par exemple « atelier-ete.yaml »",
    ],
    "anchor-alias.yaml": [
        "content/events/anchor-alias.yaml:8: seances[1]: ancre YAML (&…) interdite : écrivez chaque valeur en entier",
    ],
    "bad-links.yaml": [
        "content/events/bad-links.yaml:7: en_ligne: adresse « javascript:alert(1) » refusée : elle doit "
        "commencer par https:// (ou http://)",
        "content/events/bad-links.yaml:9: contact.email: adresse e-mail « pas-un-email » invalide",
        "content/events/bad-links.yaml:11: image.fichier: chemin « ../../secret.png » refusé : indiquez un "
        "fichier du dossier content/, par exemple images/atelier.jpg",
    ],
    "control-characters.md": [
        "content/events/control-characters.md:12: description: le texte contient un caractère de contrôle "
        "invisible (U+001B) : retapez ce texte sans copier-coller",
    ],
    "dst-ambiguous.yaml": [
        "content/events/dst-ambiguous.yaml:8: debut: 02:30 le 25/10/2026 existe deux fois : à 3 h les horloges "
        "reviennent à 2 h (heure d'hiver) ; choisissez une heure avant 2 h ou à partir de 3 h",
    ],
    "dst-nonexistent.yaml": [
        "content/events/dst-nonexistent.yaml:8: debut: 02:30 le 29/03/2026 n'existe pas : à 2 h les horloges "
        "passent directement à 3 h (heure d'été) ; choisissez une heure avant 2 h ou à partir de 3 h",
    ],
    "duplicate-key.yaml": [
        "content/events/duplicate-key.yaml:10: titre: champ écrit deux fois (déjà ligne 1) ; gardez-en un seul",
    ],
    "empty-file.yaml": ["content/events/empty-file.yaml:1: le fichier est vide"],
    "end-before-start.yaml": [
        "content/events/end-before-start.yaml:9: fin: la fin (14:00) n'est pas après le début (16:00) ; "
        "si la séance finit le lendemain, ajoutez date_fin",
    ],
    "impossible-date.yaml": [
        "content/events/impossible-date.yaml:7: date: la date « 2026-02-30 » n'existe pas dans le calendrier",
    ],
    "impossible-time.yaml": [
        "content/events/impossible-time.yaml:8: debut: l'heure « 25:00 » n'existe pas (de 00:00 à 23:59)",
        "content/events/impossible-time.yaml:9: fin: l'heure « 12:70 » n'existe pas (de 00:00 à 23:59)",
    ],
    "missing-required.yaml": [
        "content/events/missing-required.yaml:1: organisateurs: champ obligatoire manquant "
        "(identifiants des partenaires organisateurs)",
        "content/events/missing-required.yaml:1: titre: champ obligatoire manquant (titre court et clair)",
    ],
    "no-session.yaml": [
        "content/events/no-session.yaml:1: seances: aucune séance : indiquez date et debut (et fin si elle est "
        "publiée) ; sans heure publiée, date et moment, ou date et horaires: a_confirmer ; ou une liste seances, ou "
        "ouverture pour des horaires d'ouverture",
    ],
    "not-utf8.yaml": [
        "content/events/not-utf8.yaml:2: le fichier n'est pas enregistré en UTF-8 (caractère illisible) ; "
        "dans votre éditeur, choisissez « Enregistrer sous… » puis l'encodage UTF-8",
    ],
    "notes.txt": [
        "content/events/notes.txt: type de fichier non pris en charge : enregistrez-le en .md ou .yaml "
        "(un tableur s'importe avec « invoke import »)",
    ],
    "tab-indent.yaml": [
        "content/events/tab-indent.yaml:8: inscription.obligatoire: tabulation interdite : indentez avec des espaces",
    ],
    "too-big.yaml": ["content/events/too-big.yaml:1: fichier trop gros (298 Kio ; au plus 256 Kio)"],
    "top-level-list.yaml": [
        "content/events/top-level-list.yaml:1: le fichier contient une liste ; il doit contenir des champs "
        "« nom: valeur »",
    ],
    "python-tag.yaml": [
        "content/events/python-tag.yaml:9: inscription.lien: étiquette YAML « !!python/name:os.system » interdite : "
        "retirez-la ; si la valeur commence par « ! », mettez-la entre guillemets",
    ],
    "truncated-quote.yaml": [
        "content/events/truncated-quote.yaml:1: titre: guillemet « \" » jamais refermé : ajoutez-le à la fin du texte",
    ],
    "two-documents.yaml": [
        "content/events/two-documents.yaml:10: un seul document par fichier : retirez la ligne « --- »",
    ],
    "unclosed-front-matter.md": [
        "content/events/unclosed-front-matter.md:8: les champs ne sont pas refermés par une ligne « --- »",
    ],
    "unknown-field.yaml": [
        "content/events/unknown-field.yaml:1: titel: champ inconnu ; vouliez-vous dire « titre » ?",
        "content/events/unknown-field.yaml:1: titre: champ obligatoire manquant (titre court et clair)",
    ],
    "unknown-references.yaml": [
        "content/events/unknown-references.yaml:3: lieu: lieu « maison-des-association-ulis » inconnu ; "
        "vouliez-vous dire « maison-des-associations-ulis » (Les Ulis) ? (les lieux se déclarent dans les fichiers de "
        "content/partners/)",
        "content/events/unknown-references.yaml:4: organisateurs[2]: partenaire « catonn » inconnu ; "
        "vouliez-vous dire « caton » ? (il faut un fichier content/partners/<identifiant>.yaml)",
        "content/events/unknown-references.yaml:5: themes[2]: valeur « cuisine » inconnue (valeurs possibles : "
        "premiers-pas, smartphone-tablette, demarches-en-ligne, emploi-formation, securite, sante, "
        "equipement-connexion, reseaux-sociaux, parents-ecrans, intelligence-artificielle, "
        "numerique-responsable, handicap, creation-loisirs)",
        "content/events/unknown-references.yaml:6: publics[1]: valeur « senior » inconnue ; vouliez-vous dire "
        "« seniors » ? (valeurs possibles : tout-public, seniors, demandeurs-emploi, jeunes, familles, enfants, "
        "handicap, allophones, femmes, professionnels)",
    ],
    "wrong-type.yaml": [
        "content/events/wrong-type.yaml:7: publics: une seule valeur attendue, pas une liste ni des sous-champs",
    ],
    "yaml11-traps.yaml": [
        "content/events/yaml11-traps.yaml:8: inscription.obligatoire: « no » est ambigu : écrivez oui ou non",
        "content/events/yaml11-traps.yaml:9: inscription.telephone: numéro « 199001234 » incomplet (le 0 initial "
        "manque ?) : écrivez-le entre guillemets, par exemple \"01 99 00 12 34\"",
    ],
}

WARNING_CASES = {
    "outside-edition.yaml": [
        "content/events/outside-edition.yaml:7: attention : date: séance du 14/11/2026 hors des dates de "
        "l'édition (du 10/10/2026 au 24/10/2026)",
    ],
}


def _problems_of(content, folder: str, case: str):
    shutil.copy(FIXTURES / folder / case, content / folder.removeprefix("bad-") / case)
    programme, report = load_programme(content)
    mine = [p for p in shown(report.sorted(), content) if case in p]
    return programme, mine


def test_every_fixture_file_has_a_case():
    assert sorted(p.name for p in BAD_EVENTS.iterdir()) == sorted({**EVENT_CASES, **WARNING_CASES})


@pytest.mark.parametrize("case", sorted(EVENT_CASES))
def test_bad_event_is_reported_exactly_and_stops_the_build(content, case):
    programme, problems = _problems_of(content, "bad-events", case)
    assert problems == EVENT_CASES[case]
    assert programme is None


@pytest.mark.parametrize("case", sorted(WARNING_CASES))
def test_warning_does_not_stop_the_build(content, case):
    programme, problems = _problems_of(content, "bad-events", case)
    assert problems == WARNING_CASES[case]
    assert programme is not None
    assert case.removesuffix(".yaml") in programme.events


def test_bad_partner_lists_every_problem(content):
    programme, problems = _problems_of(content, "bad-partners", "bad-partner.yaml")
    assert problems == [
        "content/partners/bad-partner.yaml:2: type: valeur « asso » inconnue (valeurs possibles : association, "
        "commune, intercommunalite, mediatheque, service-public, emploi, enseignement, entreprise)",
        "content/partners/bad-partner.yaml:3: site: adresse « ftp://exemple.org » refusée : elle doit commencer "
        "par https:// (ou http://)",
        "content/partners/bad-partner.yaml:4: communes[1]: commune « Paris » inconnue : elle n'est pas dans le "
        "territoire de l'édition (41 communes, sunprogramme/data/communes.csv)",
        "content/partners/bad-partner.yaml:4: communes[2]: commune « Masy » inconnue ; vouliez-vous dire « Massy » "
        "(Essonne, 91) ?",
        "content/partners/bad-partner.yaml:9: attention : lieux[1].code_postal: le code postal 01000 n'est pas "
        "celui de la commune Orsay (91400) ; vérifiez l'adresse",
        "content/partners/bad-partner.yaml:11: attention : lieux[1].coordonnees: ces coordonnées sont loin de "
        "l'Essonne : latitude et longitude inversées ?",
        "content/partners/caton.yaml:13: lieux[1].id: lieu « maison-des-associations-ulis » déjà déclaré dans "
        "content/partners/bad-partner.yaml:12 ; une adresse ne s'écrit qu'une fois",
    ]
    assert programme is None


def test_partner_with_an_unknown_theme(content):
    programme, problems = _problems_of(content, "bad-partners", "unknown-theme.yaml")
    assert problems == [
        "content/partners/unknown-theme.yaml:5: themes[2]: valeur « cuisine » inconnue (valeurs possibles : "
        "premiers-pas, smartphone-tablette, demarches-en-ligne, emploi-formation, securite, sante, "
        "equipement-connexion, reseaux-sociaux, parents-ecrans, intelligence-artificielle, "
        "numerique-responsable, handicap, creation-loisirs)",
        "content/partners/unknown-theme.yaml:5: themes[3]: valeur « demarche-en-ligne » inconnue ; vouliez-vous "
        "dire « demarches-en-ligne » ? (valeurs possibles : premiers-pas, smartphone-tablette, demarches-en-ligne, "
        "emploi-formation, securite, sante, equipement-connexion, reseaux-sociaux, parents-ecrans, "
        "intelligence-artificielle, numerique-responsable, handicap, creation-loisirs)",
    ]
    assert programme is None


def test_partner_themes_by_identifier_or_label(content):
    path = content / "partners" / "espace-numerique.yaml"
    path.write_text("nom: Espace numérique\ntype: association\nthemes: [demarches-en-ligne, Santé en ligne]\n",
                    encoding="utf-8")
    programme, report = load_programme(content)
    assert report.errors == []
    assert programme.partners["espace-numerique"].themes == ("demarches-en-ligne", "sante")
    assert programme.partners["caton"].themes == ()
    path.write_text("nom: Espace numérique\ntype: association\nthematiques: [demarches-en-ligne]\n",
                    encoding="utf-8")
    programme, report = load_programme(content)
    assert shown(report.errors, content) == [
        "content/partners/espace-numerique.yaml:3: thematiques: champ inconnu ; vouliez-vous dire « themes » ?"]


def test_all_broken_files_are_reported_in_one_run(content):
    for case in EVENT_CASES:
        shutil.copy(BAD_EVENTS / case, content / "events" / case)
    programme, report = load_programme(content)
    printed = shown(report.sorted(), content)
    expected = [line for lines in EVENT_CASES.values() for line in lines]
    assert sorted(p for p in printed if "fixtures" not in p and any(c in p for c in EVENT_CASES)) == sorted(expected)
    assert programme is None


def test_duplicate_ids_across_extensions(content):
    (content / "events" / "nuit-du-code.md").write_text(
        (content / "events" / "premiers-pas-smartphone.md").read_text(encoding="utf-8"), encoding="utf-8")
    programme, report = load_programme(content)
    assert shown(report.errors, content) == [
        "content/events/nuit-du-code.yaml: identifiant « nuit-du-code » déjà utilisé par events/nuit-du-code.md : "
        "gardez un seul fichier",
    ]
    assert programme is None


def test_two_files_for_one_partner_are_refused_not_merged(content):
    (content / "partners" / "caton.md").write_text(
        "---\nnom: CATON\ntype: association\nlieux:\n  - id: salle-caton\n    nom: Salle\n"
        "    adresse: 1 rue de la Paix\n    commune: Orsay\n---\n", encoding="utf-8")
    programme, report = load_programme(content)
    assert shown(report.errors, content) == [
        "content/partners/caton.yaml: identifiant « caton » déjà utilisé par partners/caton.md : "
        "gardez un seul fichier",
    ]
    assert programme is None


def _add_image(content, relative: str) -> None:
    path = content / "events" / "premiers-pas-smartphone.md"
    text = path.read_text(encoding="utf-8").replace(
        "accessibilite: [gros-caracteres]", "accessibilite: [gros-caracteres]\nimage:\n  fichier: "
        f"{relative}\n  alt: Deux personnes devant un smartphone")
    path.write_text(text, encoding="utf-8")


def test_missing_image_file_is_reported(content):
    _add_image(content, "images/a.jpg")
    programme, report = load_programme(content)
    assert shown(report.errors, content) == [
        "content/events/premiers-pas-smartphone.md:32: image.fichier: fichier « images/a.jpg » introuvable "
        "dans le dossier content/",
    ]
    (content / "images").mkdir()
    Image.new("RGB", (40, 30), "orange").save(content / "images" / "a.jpg")
    programme, report = load_programme(content)
    assert report.errors == []
    assert programme.events["premiers-pas-smartphone"].image.alt == "Deux personnes devant un smartphone"


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: p.write_text("<script>alert(1)</script>"),
     "ce fichier n'est pas une image lisible (fichier abîmé ou renommé ?)"),
    (lambda p: Image.new("RGB", (4, 4)).save(p, format="PNG"),
     "le fichier est une image PNG, pas JPEG : corrigez son extension"),
    (lambda p: Image.new("1", (8000, 6000)).save(p, format="JPEG"),
     "image trop grande (8000 × 6000 pixels) : réduisez-la"),
    (lambda p: p.write_bytes(b"\xff" * (5 * 1024 * 1024 + 1)),
     "image trop lourde (5,0 Mo ; au plus 5 Mo) : réduisez-la avant de l'ajouter"),
])
def test_images_are_checked_before_use(content, make, message):
    (content / "images").mkdir()
    make(content / "images" / "a.jpg")
    _add_image(content, "images/a.jpg")
    programme, report = load_programme(content)
    assert shown(report.errors, content) == [
        f"content/events/premiers-pas-smartphone.md:32: image.fichier: « images/a.jpg » : {message}"]
    assert programme is None


def test_image_symlink_out_of_content_is_refused(content, tmp_path):
    (content / "images").mkdir()
    Image.new("RGB", (4, 4)).save(tmp_path / "outside.jpg")
    (content / "images" / "a.jpg").symlink_to(tmp_path / "outside.jpg")
    _add_image(content, "images/a.jpg")
    programme, report = load_programme(content)
    assert shown(report.errors, content) == [
        "content/events/premiers-pas-smartphone.md:32: image.fichier: « images/a.jpg » passe par un lien "
        "symbolique, qui n'est jamais suivi : placez le fichier lui-même dans le dossier content/"]
    assert programme is None


def test_nothing_in_the_content_folder_is_ignored_silently(content):
    (content / "evenements").mkdir()
    (content / "evenements" / "atelier.md").write_text("---\ntitre: x\n---\n", encoding="utf-8")
    (content / "events" / ".brouillon.md").write_text("---\ntitre: x\n---\n", encoding="utf-8")
    (content / "events" / ".gitkeep").write_text("", encoding="utf-8")
    programme, report = load_programme(content)
    assert shown(report.sorted(), content)[:2] == [
        "content/evenements: attention : ignoré : le contenu se place dans edition.yaml, events/, partners/, "
        "images/ ou logos/",
        "content/events/.brouillon.md: attention : fichier caché ignoré (son nom commence par un point)",
    ]
    assert programme is not None



def test_a_list_written_as_one_text_of_known_values_is_told_to_be_a_list(content):
    """« themes: securite, sante » is one text for YAML: never « vouliez-vous dire « securite » », which
    drops a theme; a comma inside a text item (a_apporter) stays one item."""
    path = content / "events" / "webinaire-arnaques.yaml"
    text = path.read_text(encoding="utf-8").replace("themes: [securite]", "themes: securite, Santé en ligne")
    text = text.replace("organisateurs: [mediatheque-massy]", "organisateurs: mediatheque-massy, caton")
    text = text.replace("publics: [tout-public, seniors]", "publics: tout-public, seniors")
    path.write_text(text + "accessibilite: fauteuil-roulant,falc\na_apporter: Votre téléphone, chargé\n",
                    encoding="utf-8")
    programme, report = load_programme(content)
    assert shown(report.sorted(), content) == [
        "content/events/nuit-du-code.yaml:11: attention : description: contenu retiré pour la sécurité des "
        "lecteurs : balise <script>, image HTML (utilisez le champ image), attribut d'événement JavaScript "
        "(onclick, onerror…), lien javascript: ou data:",
        "content/events/premiers-pas-smartphone.md:14: attention : seances[3].date: séance du 27/10/2026 hors des "
        "dates de l'édition (du 10/10/2026 au 24/10/2026)",
        "content/events/webinaire-arnaques.yaml:7: organisateurs: écrivez une liste : "
        "organisateurs: [mediatheque-massy, caton]",
        "content/events/webinaire-arnaques.yaml:8: themes: écrivez une liste : themes: [securite, Santé en ligne]",
        "content/events/webinaire-arnaques.yaml:9: publics: écrivez une liste : publics: [tout-public, seniors]",
        "content/events/webinaire-arnaques.yaml:14: accessibilite: écrivez une liste : "
        "accessibilite: [fauteuil-roulant, falc]",
    ]
    assert programme is None
