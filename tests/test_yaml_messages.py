"""What the strict YAML reader tells organisers: every problem in French with its fix and its line,
through both the fast C path (libyaml) and the Python composer, which word their problems
differently; explicit tags refused; content file suffixes read whatever their case."""

from __future__ import annotations

import dataclasses
import random
import re
import shutil

import pytest

from sunprogramme import yamlstrict
from sunprogramme.loader import load_programme
from sunprogramme.sources import parse
from sunprogramme.yamlstrict import YamlProblem, load_mapping

from conftest import shown

COLON = "deux-points « : » dans le texte : mettez tout le texte entre guillemets"
INDENTED = "ce champ est plus en retrait que celui du dessus : alignez-le sur les autres champs"
MISSING_COLON = "il manque « : » après le nom du champ (ou une valeur sur plusieurs lignes n'est pas indentée)"
INDENTATION = "indentation incohérente : alignez les champs d'un même niveau"
FIRST_INDENTED = "le premier champ est en retrait : commencez-le au début de la ligne, comme les suivants"
LIST_ITEM = "élément de liste mal aligné : chaque élément commence par « - » au même niveau"
FIELD_AFTER_LIST = "champ mal aligné après une liste : alignez format: sur a_apporter:"
FIELD_IN_ITEM = "champ mal aligné dans un élément de liste : alignez fin: sur debut:"
FIELD_ON_DASH = ("champ mal aligné après un élément de liste : alignez fin: sur debut: s'il en fait partie, sinon "
                 "sur seances:")
AFTER_QUOTE = ("texte après le guillemet fermant : un texte entre guillemets ne contient pas ce même guillemet ; "
               "à l'intérieur, utilisez « »")
AFTER_VALUE = "texte inattendu après la valeur : mettez toute la valeur entre guillemets"
BRACKETS = "crochet « [ » jamais refermé : terminez la liste par « ] » et séparez les éléments par des virgules"
BRACES = "accolade « { » jamais refermée : terminez par « } » et séparez les champs par des virgules"
TAB = "tabulation interdite : indentez avec des espaces"
TOO_DEEP = "trop de niveaux imbriqués (au plus 20) : vérifiez les crochets, les accolades et l'indentation"
BACKSLASH = ("barre oblique inverse « \\ » entre guillemets doubles : doublez-la (« \\\\ ») ou mettez le texte "
             "entre guillemets simples")
BLOCK_TEXT = ("après « | » ou « > », passez à la ligne et indentez le texte ; si la valeur commence par ce signe, "
              "mettez-la entre guillemets")
DASH = ("tiret « - » inattendu : une liste s'écrit sous le nom du champ, un élément par ligne ; si le texte commence "
        "par « - », mettez-le entre guillemets")
NO_SPACE = "il manque une espace après « : » : écrivez "
DIRECTIVE = "une ligne ne peut pas commencer par « % » : retirez-la, ou mettez la valeur entre guillemets"


def _tag(tag: str) -> str:
    return (f"étiquette YAML « {tag} » interdite : retirez-la ; si la valeur commence par « ! », mettez-la entre "
            "guillemets")


# (text, line, message): the same for both paths.
CASES = {
    "colon in a text": ("titre: Atelier : les bases\n", 1,
                        f'{COLON}, par exemple titre: "Atelier : les bases"'),
    "colon in a nested text": ("titre: A\ninscription:\n  lien: Voir : ici\n", 3,
                               f'{COLON}, par exemple lien: "Voir : ici"'),
    "colon in a list item": ("a_apporter:\n  - Câble : USB : C\n", 2, COLON),
    "colon in a second line of text": ("resume: Un texte\n  qui continue : ici\n", 2, COLON),
    "colon, no example for a quote inside": ('titre: Le "club" : jeudi\n', 1, COLON),
    "field further right": ("titre: A\n  resume: B\n", 2, INDENTED),
    "missing colon": ("titre: A\nresume\nformat: atelier\n", 2, MISSING_COLON),
    "missing colon on the first line": ("resume Allumer son téléphone\ntitre: A\n", 1, MISSING_COLON),
    "missing colon over two lines": ("resume Allumer\nson téléphone\ntitre: A\n", 1, MISSING_COLON),
    "missing colon in a nested field": ("titre: A\ninscription:\n  telephone 01\n  email: a@b.fr\n", 3,
                                        MISSING_COLON),
    "missing colon in a list item": ("seances:\n  - date 2026-10-13\n    debut: '14:00'\n", 2, MISSING_COLON),
    "missing colon, the only line": ("resume Allumer son téléphone\n", 1, MISSING_COLON),
    "no space after a colon": ("titre:A\nresume: B\n", 1, NO_SPACE + "titre: A"),
    "no space after the last colon": ("titre: A\nresume:B\n", 2, NO_SPACE + "resume: B"),
    "no space after a nested colon": ("inscription:\n  email:a@b.fr\n  places: 8\n", 2, NO_SPACE + "email: a@b.fr"),
    "no space after a colon, the only line": ("titre:A\n", 1, NO_SPACE + "titre: A"),
    "misaligned field": ("inscription:\n  obligatoire: oui\n places: 8\n", 3, INDENTATION),
    "first line further right": ("  titre: A\nresume: B\n", 1, FIRST_INDENTED),
    "misaligned list item": ("seances:\n  - date: 2026-10-13\n - date: 2026-10-14\n", 3, LIST_ITEM),
    "field aligned with list items": ("a_apporter:\n  - Un câble\n  format: atelier\n", 3, FIELD_AFTER_LIST),
    "field between an item's dash and its fields": (
        'seances:\n  - date: 2026-10-13\n    debut: "14:00"\n   fin: "16:00"\n', 4, FIELD_IN_ITEM),
    "field under an item's dash": ('seances:\n  - date: 2026-10-13\n    debut: "14:00"\n  fin: "16:00"\n', 4,
                                   FIELD_ON_DASH),
    "text after a closing quote": ('titre: "Le "Club" du jeudi"\n', 1, AFTER_QUOTE),
    "text after brackets": ("themes: [securite] sante\n", 1, AFTER_VALUE),
    "unclosed double quote": ('titre: A\nresume: "Un résumé\nformat: atelier\n', 2,
                              "guillemet « \" » jamais refermé : ajoutez-le à la fin du texte"),
    "unclosed single quote": ("titre: 'A\n", 1, "guillemet « ' » jamais refermé : ajoutez-le à la fin du texte"),
    "unclosed quote before ---": ("titre: 'A\n---\n'\n", 1,
                                  "guillemet « ' » jamais refermé : ajoutez-le à la fin du texte"),
    "unclosed bracket": ("themes: [securite, sante\nformat: atelier\n", 1, BRACKETS),
    "bracket closed by a brace": ("themes: [securite}\n", 1, BRACKETS),
    "colon in brackets": ("themes: [a: b: c]\n", 1,
                          "deux-points « : » dans une liste entre crochets : mettez cet élément entre guillemets"),
    "unclosed brace": ("contact: {email: a@b.fr\n\nformat: atelier\n", 1, BRACES),
    "colon in braces": ("contact: {email: a: b}\n", 1,
                        "deux-points « : » en trop entre accolades : mettez la valeur entre guillemets"),
    "closing bracket first": ("titre: ]\n", 1,
                              "signe « ] » inattendu : si la valeur commence par « ] », mettez-la entre guillemets"),
    "empty item in brackets": ("themes: [,]\n", 1,
                               "signe « , » inattendu : si la valeur commence par « , », mettez-la entre guillemets"),
    "at sign first": ("contact: @caton\n", 1,
                      "une valeur ne peut pas commencer par « @ » : mettez-la entre guillemets"),
    "backquote first": ("titre: `code`\n", 1,
                        "une valeur ne peut pas commencer par « ` » : mettez-la entre guillemets"),
    "percent first": ("tarif: %50\n", 1, "une valeur ne peut pas commencer par « % » : mettez-la entre guillemets"),
    "tab in indentation": ("inscription:\n\tplaces: 8\n", 2, TAB),
    "tab in a block text": ("description: |\n  Un\n \tDeux\n", 3, TAB),
    "too deep in brackets": ("themes: " + "[" * 30 + "]" * 30 + "\n", 1, TOO_DEEP),
    "deeper than libyaml": ("themes: " + "[" * 1200 + "\n", 1, TOO_DEEP),
    "backslash in double quotes": ('lien: "C:\\Users\\moi"\n', 1, BACKSLASH),
    "unknown escape": ('titre: "a\\q"\n', 1, BACKSLASH),
    "block text on the same line": ("description: | Un texte\n", 1, BLOCK_TEXT),
    "block text indicator 0": ("description: |0\n  x\n", 1, BLOCK_TEXT),
    "dash after a field name": ("themes: - securite\n", 1, DASH),
    "question mark after a field name": (
        "titre: ? A\n", 1,
        "point d'interrogation « ? » inattendu : si le texte commence par « ? », mettez-le entre guillemets"),
    "control character": ("titre: A\nresume: Un\x07 son\n", 2,
                          "caractère de contrôle invisible (U+0007) : retapez le texte à cet endroit, sans "
                          "copier-coller"),
    "escape code of a control character": ("titre: A\nresume: \x1b[31mrouge\n", 2,
                                           "caractère de contrôle invisible (U+001B) : retapez le texte à cet "
                                           "endroit, sans copier-coller"),
    "invalid character": ("titre: \ufffe\n", 1,
                          "caractère de contrôle invisible (U+FFFE) : retapez le texte à cet endroit, sans "
                          "copier-coller"),
    "escaped surrogate": ('titre: "\\ud800"\n', 1, BACKSLASH),
    "two documents": ("titre: A\n---\nresume: B\n", 2, "un seul document par fichier : retirez la ligne « --- »"),
    "document end": ("titre: A\n...\nresume: B\n", 3, "la ligne « ... » termine les champs : retirez-la"),
    "yaml directive": ("%YAML 1.1\ntitre: A\n", 2, DIRECTIVE),
    "two yaml directives": ("%YAML 1.1\n%YAML 1.1\n---\ntitre: A\n", 2, DIRECTIVE),
    "yaml 2 directive": ("%YAML 2.0\n---\ntitre: A\n", 1, DIRECTIVE),
    "empty anchor": ("titre: &\n", 1, "une valeur ne peut pas commencer par « & » : mettez-la entre guillemets"),
    "empty alias": ("titre: *\n", 1, "une valeur ne peut pas commencer par « * » : mettez-la entre guillemets"),
    "anchor": ("titre: A\nresume: &r B\n", 2, "ancre YAML (&…) interdite : écrivez chaque valeur en entier"),
    "alias": ("titre: A\nresume: *r\n", 2, "alias YAML (*…) interdit : recopiez la valeur à cet endroit"),
    "tag on a scalar": ("titre: A\nresume: !!str B\n", 2, _tag("!!str")),
    "python tag": ("titre: !!python/tuple [a]\n", 1, _tag("!!python/tuple")),
    "tag on a list item": ("themes:\n  - securite\n  - !!python/tuple sante\n", 3, _tag("!!python/tuple")),
    "tag on a link": ("inscription:\n  lien: !!python/name:os.system\n", 2, _tag("!!python/name:os.system")),
    "tag on a mapping": ("titre: A\ninscription: !!map\n  places: 8\n", 2, _tag("!!map")),
    "local tag": ("themes: [!foo securite]\n", 1, _tag("!foo")),
    "verbatim tag": ("titre: !<tag:yaml.org,2002:str> A\n", 1, _tag("!<tag:yaml.org,2002:str>")),
    "binary tag": ("image: !!binary aGVsbG8=\n", 1, _tag("!!binary")),
    "int tag": ("places: !!int 8\n", 1, _tag("!!int")),
    "set tag": ("themes: !!set\n  ? securite\n", 1, _tag("!!set")),
    "tag on a field name": ("!!str titre: A\n", 1, _tag("!!str")),
    "non-specific tag": ("titre: ! A\n", 1, _tag("!")),
    "undefined tag handle": ("titre: !x!y A\n", 1, _tag("!x!y")),
    "unclosed verbatim tag": ("titre: !<x A\n", 1, _tag("!<x")),
}


@pytest.fixture(params=["C", "Python"])
def path(request, monkeypatch):
    """Both ways a file is read: libyaml when it may (the default), PyYAML's Python composer always."""
    if request.param == "Python":
        monkeypatch.setattr(yamlstrict, "_FAST_LOADER", None)
    elif yamlstrict._FAST_LOADER is None:
        pytest.skip("libyaml is not installed")
    return request.param


def _problem(text: str, line_offset: int = 0) -> tuple[int, str]:
    with pytest.raises(YamlProblem) as caught:
        load_mapping(text, line_offset=line_offset)
    return caught.value.line, caught.value.message


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_yaml_problem_is_told_in_french_with_its_fix_and_line(path, case):
    text, line, message = CASES[case]
    assert _problem(text) == (line, message)


@pytest.mark.parametrize("case", ["colon in a text", "missing colon on the first line", "missing colon",
                                  "unclosed bracket", "tag on a link", "control character",
                                  "tab in indentation", "too deep in brackets", "field further right"])
def test_lines_count_from_the_top_of_a_markdown_file(path, case):
    text, line, message = CASES[case]
    with pytest.raises(YamlProblem) as caught:
        parse(f"---\n{text}---\nUn texte.\n".encode(), ".md", "x.md")
    assert (caught.value.line, caught.value.message) == (line + 1, message)


def test_a_tab_inside_a_line_is_told_to_be_a_space(monkeypatch):
    monkeypatch.setattr(yamlstrict, "_FAST_LOADER", None)  # libyaml takes it; PyYAML's scanner does not
    assert _problem("titre: A\tB\n") == (1, "tabulation interdite : remplacez-la par une espace")


def test_the_fast_path_is_kept_for_ordinary_french_text():
    needs_composer = yamlstrict._NEEDS_COMPOSER.search
    assert not needs_composer("titre: Bienvenue !\nresume: Venez nombreux !! C'est gratuit !\n"
                              "description: |\n  Art & culture, R&D, 3 * 4.\n")
    for text in ("a: !!str x", "a: ! x", "a: !", "- !foo x", "a: [x, !y z]", "a:\n  !!map", "a: &x 1", "a: *x"):
        assert needs_composer(text), text


def test_exclamation_marks_in_a_text_are_kept(path):
    assert load_mapping("titre: Bienvenue !\nresume: Venez !!\n").data == {
        "titre": "Bienvenue !", "resume": "Venez !!"}


# --- no English, whatever the file holds -----------------------------------------------------------

VALID = """titre: Atelier numérique
resume: Un atelier pour tous.
seances:
  - date: 2026-10-13
    debut: "14:00"
    fin: '16:00'
themes: [securite, sante]
contact: {email: a@b.fr, telephone: "01 99 00 12 34"}
inscription:
  obligatoire: oui
  lien: https://exemple.org/inscription
description: |
  Un texte sur
  deux lignes.
a_apporter:
  - Votre smartphone
"""
SIGNS = [*":-[]{}\"'!&*|>%@`#?,\\ \t\n", "\x01", "\x85", "\ufffe", ": ", "- ", "  ", "---\n", "...\n",
                                                   "!!python/tuple ", "%YAML 1.1\n", "[" * 40, "{" * 25, "\\u"]
ENGLISH = re.compile(r"\b(expected|found|while|allowed|mapping|scalar|exceeded|could|cannot|token|indicator|"
                     r"unexpected|unacceptable|special|control characters|nesting|escape|codec|sequence|"
                     r"block|flow|stream|directive|undefined|duplicate|anchor|tag|octet|byte|"
                     r"invalid|incomplete|error|not|the|but|got)\b", re.IGNORECASE)


def _malformed(count: int, seed: int) -> list[str]:
    """``count`` files made from a valid one by inserting, deleting or repeating a few characters."""
    chance = random.Random(seed)
    texts = []
    for _ in range(count):
        text = VALID
        for _ in range(chance.randint(1, 3)):
            at = chance.randrange(len(text))
            change = chance.random()
            if change < 0.7:
                text = text[:at] + chance.choice(SIGNS) + text[at:]
            elif change < 0.85:
                text = text[:at] + text[at + chance.randint(1, 4):]
            else:
                line_start = text.rfind("\n", 0, at) + 1
                text = text[:line_start] + " " * chance.randint(1, 3) + text[line_start:]
        texts.append(text)
    return texts


def test_no_message_is_in_english(path):
    told = set()
    for text in _malformed(2500, seed=8):
        try:
            load_mapping(text, line_offset=1)
        except YamlProblem as problem:
            assert 2 <= problem.line <= text.count("\n") + 2, (text, problem.line)
            told.add(problem.message)
    # The field names a message cites as written (« alignez but: sur date: ») are the file's own words.
    english = sorted(message for message in told if ENGLISH.search(re.sub(r"[\w-]+:(?= |$)", "", message)))
    assert english == []
    assert len(told) > 20  # the generated files do reach many different problems


# --- content file names --------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "suffix"), [
    *[("premiers-pas-smartphone.md", suffix) for suffix in (".MD", ".Md", ".mD")],
    *[("nuit-du-code.yaml", suffix) for suffix in (".YAML", ".Yaml", ".YML", ".yml")],
])
def test_a_file_is_read_whatever_the_case_of_its_suffix(content, name, suffix):
    expected, _ = load_programme(content)
    event = content / "events" / name
    event.rename(event.with_suffix(suffix))
    programme, report = load_programme(content)
    assert shown(report.errors, content) == []
    event_id = event.stem
    read = programme.events[event_id]
    assert read.source == f"events/{event_id}{suffix}"
    assert dataclasses.replace(read, source=f"events/{name}") == expected.events[event_id]


def test_a_markdown_file_saved_as_yaml_is_told_to_be_renamed(content):
    source = content / "events" / "premiers-pas-smartphone.md"
    shutil.move(source, source.with_suffix(".yaml"))
    programme, report = load_programme(content)
    assert shown(report.errors, content) == [
        "content/events/premiers-pas-smartphone.yaml:31: des champs entre deux lignes « --- » suivis d'un texte : "
        "renommez le fichier en .md (un fichier .yaml ne contient que des champs)"]
    assert programme is None


def test_two_yaml_documents_are_still_told_as_such():
    with pytest.raises(YamlProblem) as caught:
        parse(b"---\ntitre: A\n---\nresume: B\n", ".yaml", "x.yaml")
    assert (caught.value.line, caught.value.message) == (
        3, "un seul document par fichier : retirez la ligne « --- »")


# --- after a syntax error, the rest of the file is read ------------------------------------------

def _check_event(content, *changes: tuple[str, str]) -> list[str]:
    """The errors told for the fixture event « premiers-pas-smartphone.md » with ``changes`` made."""
    path = content / "events" / "premiers-pas-smartphone.md"
    text = path.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    programme, report = load_programme(content)
    assert programme is None
    return shown(report.errors, content)


EVENT = "content/events/premiers-pas-smartphone.md"


def test_after_a_syntax_error_the_other_fields_are_still_checked(content):
    assert _check_event(
        content,
        ("titre: Premiers pas avec son smartphone", "titre: Atelier : les mails"),
        ("resume: Allumer, appeler", "resume Allumer, appeler"),
        ('telephone: "0199001001"', 'telephone: "01990010"'),
    ) == [
        f'{EVENT}:2: titre: {COLON}, par exemple titre: "Atelier : les mails"',
        f"{EVENT}:3: resume: {MISSING_COLON}",
        f"{EVENT}:26: inscription.telephone: numéro de téléphone « 01990010 » invalide : écrivez 10 chiffres, "
        "par exemple 01 99 00 12 34",
    ]


def test_a_field_cut_out_by_a_syntax_error_is_not_also_said_to_be_missing(content):
    # « resume » and « titre » are required: the lines left out held them.
    assert _check_event(content, ("resume: Allumer", "resume Allumer"),
                        ("titre: Premiers pas", "  titre: Premiers pas")) == [
        f"{EVENT}:2: titre: {FIRST_INDENTED}",
        f"{EVENT}:3: resume: {MISSING_COLON}",
    ]


def test_a_quote_left_open_is_told_once_not_at_every_field_it_swallows(content):
    assert _check_event(content, ("titre: Premiers pas avec son smartphone", 'titre: "Premiers pas'),
                        ("  telephone: \"0199001001\"", "  telephone: \"01 99 00 10 01")) == [
        f"{EVENT}:2: titre: guillemet « \" » jamais refermé : ajoutez-le à la fin du texte",
        f"{EVENT}:26: inscription.telephone: guillemet « \" » jamais refermé : ajoutez-le à la fin du texte",
    ]


def test_a_syntax_error_in_a_list_item_names_the_item(content):
    assert _check_event(content, ('    debut: "14:00"\n    fin: "16:00"\n  - date: 2026-10-20',
                                  '    debut "14:00"\n    fin: "16:00"\n  - date: 2026-10-20'),
                        ("places: 8", "places: huit")) == [
        f"{EVENT}:9: seances[1].debut: {MISSING_COLON}",
        f"{EVENT}:27: inscription.places: « huit » n'est pas un nombre entier",
    ]


def test_reading_around_syntax_errors_tells_every_one_in_french_at_a_line_of_the_file(path):
    from sunprogramme.reading import check_file

    several = 0
    for text in _malformed(200, seed=3):
        for name, data in (("x.yaml", text), ("x.md", f"---\n{text}---\nUn texte.\n")):
            told = check_file.pure(name, data.encode(), "événement").unreadable
            assert all(1 <= line <= data.count("\n") + 1 and not ENGLISH.search(message)
                       for line, _, message in told), (data, told)
            several += len(told) > 1
    assert several > 10  # the generated files do reach files with more than one syntax error
