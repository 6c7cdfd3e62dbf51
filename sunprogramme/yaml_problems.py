"""The problems of a YAML file, told in French with their fix and their line.

``YamlProblem`` is a file that cannot be read at all; the messages here say what is wrong
and how to fix it, never in the YAML libraries' English. Also the checks and wordings that
more than one step of the reading needs: control characters, explicit tags.
"""

from __future__ import annotations

import re

MAX_DEPTH = 20  # levels of lists and fields inside each other; our files use four at most


class YamlProblem(Exception):
    """A file that cannot be read as our YAML at all; carries a 1-based line."""

    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(f"ligne {line}: {message}")


# What the organisers read instead of PyYAML's and libyaml's English problems: what is wrong and
# how to fix it. The two libraries word their problems differently; ``translate`` tells them
# apart by what went wrong (and the character at the place), not by their wording alone, and
# never shows their text.
GENERIC = "syntaxe YAML incorrecte : vérifiez les deux-points, les guillemets et l'indentation de cette ligne"
COLON_IN_TEXT = "deux-points « : » dans le texte : mettez tout le texte entre guillemets"
INDENTED_FIELD = "ce champ est plus en retrait que celui du dessus : alignez-le sur les autres champs"
MISSING_COLON = "il manque « : » après le nom du champ (ou une valeur sur plusieurs lignes n'est pas indentée)"
FIRST_INDENTED = "le premier champ est en retrait : commencez-le au début de la ligne, comme les suivants"
INDENTATION = "indentation incohérente : alignez les champs d'un même niveau"
LIST_ITEM = "élément de liste mal aligné : chaque élément commence par « - » au même niveau"
FIELD_AFTER_LIST = "champ mal aligné après une liste : alignez-le sur le nom de la liste"
FIELD_AFTER_NAMED_LIST = "champ mal aligné après une liste : alignez {name}: sur {list}:"
FIELD_IN_ITEM = "champ mal aligné dans un élément de liste : alignez {name}: sur {sibling}:"
FIELD_IN_OR_AFTER_ITEM = ("champ mal aligné après un élément de liste : alignez {name}: sur {sibling}: s'il en fait "
                          "partie, sinon sur {list}:")
TEXT_AFTER_QUOTE = ("texte après le guillemet fermant : un texte entre guillemets ne contient pas ce même "
                    "guillemet ; à l'intérieur, utilisez « »")
TEXT_AFTER_VALUE = "texte inattendu après la valeur : mettez toute la valeur entre guillemets"
UNCLOSED_QUOTE = "guillemet « {quote} » jamais refermé : ajoutez-le à la fin du texte"
UNCLOSED_BRACKETS = ("crochet « [ » jamais refermé : terminez la liste par « ] » et séparez les éléments "
                     "par des virgules")
UNCLOSED_BRACES = "accolade « { » jamais refermée : terminez par « } » et séparez les champs par des virgules"
UNCLOSED_FLOW = "crochet « [ » ou accolade « { » jamais refermé : ajoutez « ] » ou « } »"
COLON_IN_BRACKETS = "deux-points « : » dans une liste entre crochets : mettez cet élément entre guillemets"
COLON_IN_BRACES = "deux-points « : » en trop entre accolades : mettez la valeur entre guillemets"
MISPLACED_SIGN = "signe « {char} » inattendu : si la valeur commence par « {char} », mettez-la entre guillemets"
CANNOT_START = "une valeur ne peut pas commencer par « {char} » : mettez-la entre guillemets"
TAB = "tabulation interdite : indentez avec des espaces"
TAB_IN_LINE = "tabulation interdite : remplacez-la par une espace"
MISSING_SPACE = "il manque une espace après « : » : écrivez {example}"
TOO_DEEP = (f"trop de niveaux imbriqués (au plus {MAX_DEPTH}) : vérifiez les crochets, les accolades "
            "et l'indentation")
BACKSLASH = ("barre oblique inverse « \\ » entre guillemets doubles : doublez-la (« \\\\ ») ou mettez le "
             "texte entre guillemets simples")
BLOCK_TEXT = ("après « | » ou « > », passez à la ligne et indentez le texte ; si la valeur commence "
              "par ce signe, mettez-la entre guillemets")
DASH = ("tiret « - » inattendu : une liste s'écrit sous le nom du champ, un élément par ligne ; si le texte "
        "commence par « - », mettez-le entre guillemets")
QUESTION = "point d'interrogation « ? » inattendu : si le texte commence par « ? », mettez-le entre guillemets"
ANCHOR = "ancre YAML (&…) interdite : écrivez chaque valeur en entier"
ALIAS = "alias YAML (*…) interdit : recopiez la valeur à cet endroit"
TAG = ("étiquette YAML « {tag} » interdite : retirez-la ; si la valeur commence par « ! », mettez-la "
       "entre guillemets")
DIRECTIVE = "une ligne ne peut pas commencer par « % » : retirez-la, ou mettez la valeur entre guillemets"
DOCUMENT_END = "la ligne « ... » termine les champs : retirez-la"
SINGLE_DOCUMENT = "un seul document par fichier : retirez la ligne « --- »"
CONTROL = "caractère de contrôle invisible ({code}) : retapez le texte à cet endroit, sans copier-coller"

# What YAML readers refuse in a text (PyYAML's Reader.NON_PRINTABLE; libyaml refuses the same).
_NON_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
# Line breaks for YAML, but invisible in editors: refused, so that every line number counts « \n » only.
_INVISIBLE_BREAK = re.compile("[\x85\u2028\u2029]")
YAML_LINE_BREAK = re.compile("[\n\x85\u2028\u2029]")  # line breaks as YAML counts them (after decode)
TAG_TEXT = re.compile(r"!<[^>\s\x00]*>?|![^\s,\[\]{}\x00]*")


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


def tag_problem(line: int, tag: str) -> YamlProblem:
    return YamlProblem(line, TAG.format(tag=tag))


def shown_tag(tag: str) -> str:
    """A resolved tag as it would be typed: « tag:yaml.org,2002:int » is « !!int »."""
    if tag.startswith("tag:yaml.org,2002:"):
        return "!!" + tag.removeprefix("tag:yaml.org,2002:")
    return tag if tag.startswith("!") else f"!<{tag}>"


def control_problem(text: str) -> YamlProblem | None:
    """The first character no YAML reader takes (a control character), with its line."""
    found = _NON_PRINTABLE.search(text) or _INVISIBLE_BREAK.search(text)
    if not found:
        return None
    return YamlProblem(text[: found.start()].count("\n") + 1, CONTROL.format(code=_code(found.group())))
