"""Texts a hostile or careless pull request brings: the one cleaning pass every text goes through."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from sunprogramme.cli import check
from sunprogramme.loader import load_programme

from conftest import shown
from hostile_edits import EVENT, build_site, edit


def _with_title(content: Path, title: str):
    """The programme and its errors as printed, once the event's title is ``title`` (as typed)."""
    edit(content, EVENT, "titre: Premiers pas avec son smartphone", f"titre: {title}")
    programme, report = load_programme(content)
    return programme, shown(report.errors, content)


# --- one cleaning pass for every text -------------------------------------------------------------

def test_a_title_on_two_lines_is_refused_by_check_with_its_line(content, tmp_path):
    edit(content, EVENT, "titre: Premiers pas avec son smartphone",
          "titre: |\n  Premiers pas\n  avec son smartphone")
    out = io.StringIO()
    assert check(str(content), out=out) == 1
    assert [line for line in out.getvalue().replace(str(content), "content").splitlines() if "titre" in line] == [(
        "content/events/premiers-pas-smartphone.md:2: titre: une seule ligne attendue, mais le texte en a 2 : "
        "écrivez-le sur une seule ligne (ou mettez le détail dans la description)")]
    code, printed = build_site(content, tmp_path / "output")
    assert code == 1
    assert "Traceback" not in printed
    assert not (tmp_path / "output").exists()


def test_a_plain_multi_line_title_is_folded_as_yaml_says(content):
    edit(content, EVENT, "titre: Premiers pas avec son smartphone", "titre: Premiers pas\n  avec son smartphone")
    programme, _report = load_programme(content)
    assert programme.events["premiers-pas-smartphone"].title == "Premiers pas avec son smartphone"


@pytest.mark.parametrize(("typed", "kept"), [("1.10", "1.10"), ("5", "5"), ("+5", "+5"), ("2.50", "2.50")])
def test_numbers_in_text_fields_arrive_as_typed(content, typed, kept, tmp_path):
    edit(content, EVENT, "format: atelier", f"format: atelier\ntarif: {typed}")
    programme, report = load_programme(content)
    assert report.errors == []
    assert programme.events["premiers-pas-smartphone"].price == kept


def test_a_number_in_a_text_field_is_published_as_typed(content, tmp_path):
    edit(content, EVENT, "format: atelier", "format: atelier\ntarif: 1.10")
    code, printed = build_site(content, tmp_path / "output")
    assert code == 0, printed
    data = json.loads((tmp_path / "output" / "programme.json").read_text(encoding="utf-8"))
    event = next(e for e in data["events"] if e["id"] == "premiers-pas-smartphone")
    assert event["price"] == "1.10"
    page = (tmp_path / "output" / "evenements" / "premiers-pas-smartphone" / "index.html").read_text(encoding="utf-8")
    assert "1.10" in page and "1.1 " not in page


def test_a_very_long_number_is_a_problem_not_a_traceback(content):
    edit(content, EVENT, "  places: 8", "  places: 1" + "0" * 5000)
    _programme, report = load_programme(content)
    assert [e[:90] for e in shown(report.errors, content)] == [
        "content/events/premiers-pas-smartphone.md:27: inscription.places: « 1000000000000000000000"]
    assert shown(report.errors, content)[0].endswith(" » n'est pas un nombre entier")


def test_the_edition_name_has_a_length_a_poster_can_print(content):
    edit(content, "edition.yaml", "nom: SUN 2026", "nom: " + "mot " * 30)
    _programme, report = load_programme(content)
    assert shown(report.errors, content) == ["content/edition.yaml:1: nom: texte trop long (119 caractères ; au "
                                             "plus 40)"]


@pytest.mark.parametrize(("escape", "message"), [
    ("\\x85", "le texte contient un caractère de contrôle invisible (U+0085) : retapez ce texte sans copier-coller"),
    ("\\x9b", "le texte contient un caractère de contrôle invisible (U+009B) : retapez ce texte sans copier-coller"),
    ("\\a", "le texte contient un caractère de contrôle invisible (U+0007) : retapez ce texte sans copier-coller"),
    ("\\u2028", "le texte contient un caractère de contrôle invisible (U+2028) : retapez ce texte sans copier-coller"),
    ("\\u202e", "le texte contient un caractère invisible qui change le sens d'écriture (U+202E) : retapez-le "
                "sans copier-coller"),
    ("\\u2066", "le texte contient un caractère invisible qui change le sens d'écriture (U+2066) : retapez-le "
                "sans copier-coller"),
    ("\\ufffe", "le texte contient un caractère invisible ou invalide (U+FFFE) : retapez-le sans copier-coller"),
    ("\\u2062", "le texte contient un caractère invisible ou invalide (U+2062) : retapez-le sans copier-coller"),
])
def test_control_and_invisible_characters_are_refused(content, escape, message):
    edit(content, EVENT, "titre: Premiers pas avec son smartphone", f'titre: "Premiers pas{escape} avec"')
    programme, report = load_programme(content)
    assert shown(report.errors, content) == [f"content/events/premiers-pas-smartphone.md:2: titre: {message}"]
    assert programme is None


@pytest.mark.parametrize(("escape", "name"), [
    ("\\u00ad", "U+00AD (trait d'union conditionnel)"),
    ("\\u200b", "U+200B (espace sans largeur)"),
    ("\\u2060", "U+2060 (gluon de mots)"),
    ("\\ufeff", "U+FEFF (indicateur d'ordre des octets)"),
])
def test_invisible_characters_from_copy_paste_are_removed_with_a_warning(content, escape, name):
    edit(content, EVENT, "resume: Allumer, appeler, envoyer un message.",
          f'resume: "Allumer son télé{escape}phone."')
    programme, report = load_programme(content)
    assert shown(report.warnings, content)[:1] == [
        f"content/events/premiers-pas-smartphone.md:3: attention : resume: caractère invisible retiré : {name}"]
    assert programme.events["premiers-pas-smartphone"].summary == "Allumer son téléphone."


def test_texts_are_normalised_to_composed_characters(content):
    edit(content, EVENT, "titre: Premiers pas avec son smartphone", 'titre: "Re\\u0301unions en ligne"')
    programme, _report = load_programme(content)
    assert programme.events["premiers-pas-smartphone"].title == "Réunions en ligne"


def test_emoji_sequences_keep_their_joiners(content):
    edit(content, EVENT, "titre: Premiers pas avec son smartphone", 'titre: "Femmes du numérique \\U0001F469\\u200D'
          '\\U0001F4BB"')
    programme, report = load_programme(content)
    assert report.errors == []
    assert programme.events["premiers-pas-smartphone"].title == "Femmes du numérique 👩\u200d💻"


def test_the_markdown_body_goes_through_the_same_pass(content):
    edit(content, EVENT, "Un atelier", "Un\u200b atelier\u202e")
    _programme, report = load_programme(content)
    assert [p.split(": ", 1)[1] for p in shown(report.errors, content)] == [
        "description: le texte contient un caractère invisible qui change le sens d'écriture (U+202E) : retapez-le "
        "sans copier-coller"]


def test_a_problem_never_prints_a_control_character(content):
    (content / "events" / "x\x1b[31m.yaml").write_text("titre: x\n", encoding="utf-8")
    (content / "events" / "atelier.yaml").write_text('titre: x\n"cl\\x1b[2Jé": 1\n', encoding="utf-8")
    _programme, report = load_programme(content)
    printed = "\n".join(shown(report.sorted(), content))
    assert "\x1b" not in printed
    assert "content/events/xU+001B[31m.yaml: nom de fichier « xU+001B[31m.yaml » invalide" in printed
    assert "content/events/atelier.yaml:2: clU+001B[2Jé: champ inconnu" in printed


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029"])
def test_raw_line_breaks_editors_do_not_show_are_refused_with_their_line(content, char):
    programme, errors = _with_title(content, f"Premiers pas{char}avec son smartphone")
    assert errors == [
        f"content/events/premiers-pas-smartphone.md:2: titre: caractère de contrôle invisible (U+{ord(char):04X}) : "
        "retapez le texte à cet endroit, sans copier-coller"]
    assert programme is None


@pytest.mark.parametrize(("reference", "message"), [
    ("&#x202E;", "le texte contient un caractère invisible qui change le sens d'écriture (U+202E) : retapez-le "
                 "sans copier-coller"),
    ("&#27;[31m", "le texte contient un caractère de contrôle invisible (U+001B) : retapez ce texte sans "
                  "copier-coller"),
    ("&#x2028;", "le texte contient un caractère de contrôle invisible (U+2028) : retapez ce texte sans "
                 "copier-coller"),
])
def test_html_references_in_markdown_are_judged_as_the_characters_they_stand_for(content, reference, message):
    edit(content, EVENT, "Un atelier", f"Un {reference} atelier")
    _programme, report = load_programme(content)
    assert [p.split(": ", 1)[1] for p in shown(report.errors, content)] == [f"description: {message}"]


def test_an_invisible_reference_in_markdown_is_removed_with_a_warning(content):
    edit(content, EVENT, "Un atelier", "Un ate&shy;lier &amp; &eacute;")
    programme, report = load_programme(content)
    assert programme.events["premiers-pas-smartphone"].description_html.startswith("<p>Un atelier &amp; é")
    assert any("caractère invisible retiré : U+00AD" in w for w in shown(report.warnings, content))


@pytest.mark.parametrize("title", ["שלום \u200f(Shalom)", "Anglais \U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E"
                                   "\U000E0067\U000E007F", "Café \u200e numérique"])
def test_direction_marks_and_subdivision_flags_are_kept(content, title):
    edit(content, EVENT, "titre: Premiers pas avec son smartphone", f'titre: "{title}"')
    programme, report = load_programme(content)
    assert report.errors == []
    assert programme.events["premiers-pas-smartphone"].title == title


@pytest.mark.parametrize("char", ["\u3164", "\u2800", "\ue000"])
def test_letters_that_print_as_nothing_are_refused(content, char):
    _programme, errors = _with_title(content, f'"{char}{char}"')
    assert errors == [
        f"content/events/premiers-pas-smartphone.md:2: titre: le texte contient un caractère invisible ou invalide "
        f"(U+{ord(char):04X}) : retapez-le sans copier-coller"]
