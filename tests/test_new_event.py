"""``invoke new-event`` fed with piped answers: no terminal needed, no hang at the end of the answers,
an end before the start asked again and never written, the file in the README's own style."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from sunprogramme.intake import questions
from sunprogramme.loader import load_programme
from sunprogramme.vocabularies import slugify

from conftest import ROOT

INVOKE = Path(sys.executable).parent / "invoke"
TIMES = "Horaires : heure de début (14:00), moment (matin, après-midi, soirée, toute la journée) ou « à confirmer » :"
END = "Heure de fin (16:00 ; Entrée si elle n'est pas publiée) :"
STOPPED = "✗ Les réponses se sont arrêtées avant la dernière question : aucun fichier n'a été écrit."

# Title with a colon and accents; an end before the start, then a right one; the Ulis venue (by id), CATON (by name),
# two themes, a workshop, every audience; registration by phone.
ANSWERS = ["Atelier : les mails", "Écrire, répondre, joindre une photo.", "13/10/2026", "16h", "14h", "17:30",
           "non", "maison-des-associations-ulis", "Caton", "2 5", "1", "", "oui", "0199001001", "", ""]
WRITTEN = """# yaml-language-server: $schema=../../schemas/evenement.schema.json
titre: "Atelier : les mails"
resume: Écrire, répondre, joindre une photo.
seances:
  - date: 2026-10-13
    debut: "16:00"
    fin: "17:30"
lieu: maison-des-associations-ulis
organisateurs: [caton]
themes: [smartphone-tablette, securite]
format: atelier
inscription:
  obligatoire: oui
  telephone: "01 99 00 10 01"
"""


def _run(command: list[str], answers: list[str], content: Path) -> subprocess.CompletedProcess:
    text = "".join(f"{answer}\n" for answer in answers)
    return subprocess.run([*command, "new-event", "--content", str(content)], input=text.encode("utf-8"),
                          capture_output=True, cwd=ROOT, timeout=120)


def test_piped_answers_write_the_file_in_the_readmes_style(content):
    result = _run([sys.executable, "-m", "sunprogramme"], ANSWERS, content)
    output = result.stdout.decode("utf-8")
    assert result.returncode == 0, output
    assert (f"{END} 14h\n"
            "  → la fin (14:00) n'est pas après le début (16:00) : tapez une heure plus tard\n"
            f"{END} 17:30\n") in output
    assert (content / "events" / "atelier-les-mails.yaml").read_text(encoding="utf-8") == WRITTEN
    check = subprocess.run([sys.executable, "-m", "sunprogramme", "check", "--content", str(content)],
                           capture_output=True, cwd=ROOT, timeout=120)
    assert check.returncode == 0, check.stdout.decode("utf-8")


def test_invoke_new_event_takes_piped_answers_without_a_terminal(content):
    result = _run([str(INVOKE)], ANSWERS, content)
    assert result.returncode == 0, result.stdout.decode("utf-8") + result.stderr.decode("utf-8")
    assert (content / "events" / "atelier-les-mails.yaml").read_text(encoding="utf-8") == WRITTEN


def test_answers_that_stop_early_write_nothing(content):
    before = sorted(path.name for path in (content / "events").iterdir())
    # The end before the start is refused; then the answers stop: the end is never written.
    result = _run([str(INVOKE)], ANSWERS[:5], content)
    assert result.returncode == 1
    assert result.stdout.decode("utf-8").splitlines()[-2:] == [f"{END} ", STOPPED]
    assert sorted(path.name for path in (content / "events").iterdir()) == before


def test_no_answer_at_all_stops_at_once(content):
    result = subprocess.run([sys.executable, "-m", "sunprogramme", "new-event", "--content", str(content)],
                            stdin=subprocess.DEVNULL, capture_output=True, cwd=ROOT, timeout=120)
    assert (result.returncode, result.stdout.decode("utf-8").splitlines()[-2:]) == (
        1, ["Titre de l'événement : ", STOPPED])


def test_a_file_that_would_not_pass_the_checks_is_not_kept(content, monkeypatch):
    monkeypatch.setattr(questions, "new_event_text",
                        lambda data: WRITTEN.replace('fin: "17:30"', 'fin: "15:00"'))
    out = io.StringIO()
    assert questions.new_event(str(content), iter(ANSWERS).__next__, out) == 1
    assert not (content / "events" / "atelier-les-mails.yaml").exists()
    target = content / "events" / "atelier-les-mails.yaml"
    assert out.getvalue().endswith(
        "Identifiant du fichier (Entrée : atelier-les-mails) : "
        f"{target}:7: seances[1].fin: la fin (15:00) n'est pas après le début (16:00) ; si la séance finit le "
        f"lendemain, ajoutez date_fin\n"
        f"✗ {target} n'a pas été écrit : corrigez les réponses ci-dessus et recommencez.\n")
    assert load_programme(content)[0] is not None


# --- Times as published: a start alone, a part of day, « à confirmer » -----------------------------

PUBLISHED = ["Café numérique", "On discute autour d'un café.",
             "13/10/2026", "vers 15 h", "après-midi", "oui",
             "14/10/2026", "15h", "", "oui",
             "15/10/2026", "À confirmer", "oui",
             "16/10/2026", "le matin, à confirmer", "non",
             "maison-des-associations-ulis", "caton", "2", "1", "", "non", ""]
PUBLISHED_FILE = """# yaml-language-server: $schema=../../schemas/evenement.schema.json
titre: Café numérique
resume: On discute autour d'un café.
seances:
  - date: 2026-10-13
    moment: apres-midi
  - date: 2026-10-14
    debut: "15:00"
  - date: 2026-10-15
    horaires: a_confirmer
  - date: 2026-10-16
    moment: matin
    horaires: a_confirmer
lieu: maison-des-associations-ulis
organisateurs: [caton]
themes: [smartphone-tablette]
format: atelier
"""


def test_times_are_asked_as_published_never_invented(content):
    result = _run([sys.executable, "-m", "sunprogramme"], PUBLISHED, content)
    output = result.stdout.decode("utf-8")
    assert result.returncode == 0, output
    assert ("Séances : une par jour. Pour une exposition ouverte plusieurs jours (horaires d'ouverture), "
            "écrivez le fichier à la main : voir le README, section « Écrire un événement », « Horaires d'ouverture "
            "(une exposition) ».\n"
            "Date (par exemple 13/10/2026) : 13/10/2026\n"
            f"{TIMES} vers 15 h\n"
            "  → « vers 15 h » illisible : écrivez une heure (14:00), un moment de la journée (matin, après-midi, "
            "soirée, toute la journée) ou « à confirmer »\n"
            f"{TIMES} après-midi\n"
            "Une autre séance ? (oui/non) oui\n") in output
    assert f"{TIMES} 15h\n{END} \nUne autre séance ? (oui/non) oui\n" in output
    assert (content / "events" / "cafe-numerique.yaml").read_text(encoding="utf-8") == PUBLISHED_FILE
    check = subprocess.run([sys.executable, "-m", "sunprogramme", "check", "--content", str(content)],
                           capture_output=True, cwd=ROOT, timeout=120)
    assert check.returncode == 0, check.stdout.decode("utf-8")


# --- A time that the change of time makes impossible or ambiguous: told at once, asked again --------

def test_a_time_repeated_or_skipped_by_the_change_of_time_is_asked_again_at_once(content):
    answers = ["Coder la nuit", "Coder jusqu'au bout de la nuit.", "25/10/2026", "02:30", "01:30", "2h45", "03:30",
               "oui", "29/03/2026", "2h15", "20h", "", "non",
               "maison-des-associations-ulis", "caton", "2", "1", "", "non", ""]
    result = _run([sys.executable, "-m", "sunprogramme"], answers, content)
    output = result.stdout.decode("utf-8")
    assert result.returncode == 0, output
    twice = ("existe deux fois : à 3 h les horloges reviennent à 2 h (heure d'hiver) ; choisissez une heure avant "
             "2 h ou à partir de 3 h")
    assert (f"{TIMES} 02:30\n"
            f"  → 02:30 le 25/10/2026 {twice}\n"
            f"{TIMES} 01:30\n"
            f"{END} 2h45\n"
            f"  → 02:45 le 25/10/2026 {twice}\n"
            f"{END} 03:30\n") in output
    assert (f"{TIMES} 2h15\n"
            "  → 02:15 le 29/03/2026 n'existe pas : à 2 h les horloges passent directement à 3 h (heure d'été) ; "
            "choisissez une heure avant 2 h ou à partir de 3 h\n"
            f"{TIMES} 20h\n") in output
    assert ("seances:\n  - date: 2026-10-25\n    debut: \"01:30\"\n    fin: \"03:30\"\n"
            "  - date: 2026-03-29\n    debut: \"20:00\"\n") in (content / "events" / "coder-la-nuit.yaml").read_text(
        encoding="utf-8")


# --- Venues and partners by id or name; lists in French order, venues outside the territory told ----

MORE_VENUES = """nom: Club des Aînés d'Épinay-sur-Orge
type: association
lieux:
  - id: residence-tilleuls-epinay
    nom: Résidence Les Tilleuls
    adresse: 2 rue des Tilleuls
    commune: Épinay-sur-Orge
  - id: salle-fetes-saint-genest
    nom: Salle des fêtes
    adresse: 1 place de la Mairie
    code_postal: "42530"
    commune: Saint-Genest-Lerpt
    hors_territoire: oui
"""
VENUE_LIST = """   1. Épinay-sur-Orge — Résidence Les Tilleuls : residence-tilleuls-epinay
   2. Les Ulis — Maison des associations : maison-des-associations-ulis
   3. Massy — Médiathèque Jean Cocteau : mediatheque-cocteau
   4. Saint-Genest-Lerpt (hors territoire) — Salle des fêtes : salle-fetes-saint-genest
   5. En ligne (un lien)
"""
PARTNER_LIST = """   1. CATON : caton
   2. Club des Aînés d'Épinay-sur-Orge : club-aines-epinay
   3. Médiathèque Jean Cocteau : mediatheque-massy
"""
VENUE_QUESTION = "Où ? Numéro, identifiant ou nom du lieu (s'il manque, demandez à la coordination de l'ajouter) :"
PARTNER_QUESTION = "Qui organise ? Numéro(s), identifiant(s) ou nom(s), séparés par « ; » :"


def _with_more_venues(content: Path) -> None:
    (content / "partners" / "club-aines-epinay.yaml").write_text(MORE_VENUES, encoding="utf-8")


def _answers_with(venue: str, partners: str) -> list[str]:
    return ["Atelier", "Un atelier.", "13/10/2026", "14:00", "16:00", "non", venue, partners, "2", "1", "", "non", ""]


def test_an_answers_file_names_venues_and_partners_by_id_or_name_never_by_number(content):
    _with_more_venues(content)
    base = _answers_with("", "")
    answers = [*base[:6], "1", "Residence les tilleuls", "2", "mediatheque-massy ; club des aines d'epinay-sur-orge",
               *base[8:]]
    result = _run([sys.executable, "-m", "sunprogramme"], answers, content)
    output = result.stdout.decode("utf-8")
    assert result.returncode == 0, output
    assert (f"{VENUE_LIST}{VENUE_QUESTION} 1\n"
            "  → dans un fichier de réponses, écrivez l'identifiant ou le nom, pas le numéro (il change quand la "
            "liste s'allonge) : pour le 1, « residence-tilleuls-epinay »\n"
            f"{VENUE_QUESTION} Residence les tilleuls\n"
            f"{PARTNER_LIST}{PARTNER_QUESTION} 2\n"
            "  → dans un fichier de réponses, écrivez l'identifiant ou le nom, pas le numéro (il change quand la "
            "liste s'allonge) : pour le 2, « club-aines-epinay »\n"
            f"{PARTNER_QUESTION} mediatheque-massy ; club des aines d'epinay-sur-orge\n") in output
    written = (content / "events" / "atelier.yaml").read_text(encoding="utf-8")
    assert "lieu: residence-tilleuls-epinay\norganisateurs: [mediatheque-massy, club-aines-epinay]\n" in written


def test_an_unknown_or_ambiguous_name_is_asked_again(content):
    _with_more_venues(content)
    (content / "partners" / "club-aines-epinay.yaml").write_text(
        MORE_VENUES.replace("Salle des fêtes", "Résidence Les Tilleuls"), encoding="utf-8")
    base = _answers_with("", "caton")
    answers = [*base[:6], "résidence les tilleuls", "Médiathèque", "salle-fetes-saint-genest", *base[7:]]
    result = _run([sys.executable, "-m", "sunprogramme"], answers, content)
    output = result.stdout.decode("utf-8")
    assert result.returncode == 0, output
    assert (f"{VENUE_QUESTION} résidence les tilleuls\n"
            "  → plusieurs lieux s'appellent « résidence les tilleuls » : écrivez l'identifiant "
            "(residence-tilleuls-epinay, salle-fetes-saint-genest)\n"
            f"{VENUE_QUESTION} Médiathèque\n"
            "  → « Médiathèque » n'est pas dans la liste : écrivez l'identifiant ou le nom exact ; vouliez-vous "
            "dire « mediatheque-cocteau » (Médiathèque Jean Cocteau) ?\n"
            f"{VENUE_QUESTION} salle-fetes-saint-genest\n") in output
    assert "lieu: salle-fetes-saint-genest\n" in (content / "events" / "atelier.yaml").read_text(encoding="utf-8")


def test_numbers_still_work_on_the_terminal(content):
    _with_more_venues(content)
    answers = _answers_with("1", "1 3")
    out = io.StringIO()
    assert questions.new_event(str(content), iter(answers).__next__, out, typed=True) == 0, out.getvalue()
    written = (content / "events" / "atelier.yaml").read_text(encoding="utf-8")
    assert "lieu: residence-tilleuls-epinay\norganisateurs: [caton, mediatheque-massy]\n" in written


# --- The suggested id: an apostrophe separates words, as in every other id ---------------------------

def test_the_suggested_id_separates_words_at_an_apostrophe(content):
    answers = ["Café numérique de l’été", "On discute.", "13/10/2026", "après-midi", "non",
               "maison-des-associations-ulis", "caton", "2", "1", "", "non", ""]
    result = _run([sys.executable, "-m", "sunprogramme"], answers, content)
    output = result.stdout.decode("utf-8")
    assert result.returncode == 0, output
    assert "Identifiant du fichier (Entrée : cafe-numerique-de-l-ete) : \n" in output
    assert (content / "events" / "cafe-numerique-de-l-ete.yaml").exists()
    assert [slugify(name) for name in ("Ville d’Igny", "Cœur d'Orsay", "Œuvres – « Été »")] == [
        "ville-d-igny", "coeur-d-orsay", "oeuvres-ete"]


def test_the_suggested_id_is_one_that_is_free(content):
    answers = ["Nuit du code", "Coder.", "13/10/2026", "soirée", "non", "maison-des-associations-ulis", "caton", "2",
               "1", "", "non", ""]
    result = _run([sys.executable, "-m", "sunprogramme"], answers, content)
    output = result.stdout.decode("utf-8")
    assert result.returncode == 0, output
    assert "Identifiant du fichier (Entrée : nuit-du-code-2) : \n" in output
    assert "moment: soiree\n" in (content / "events" / "nuit-du-code-2.yaml").read_text(encoding="utf-8")
