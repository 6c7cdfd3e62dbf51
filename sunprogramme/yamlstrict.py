"""Strict YAML reading that keeps every line number and changes no value silently.

PyYAML's default loaders follow YAML 1.1: ``10:30`` becomes 630, ``off`` becomes
False, ``01000`` becomes 512, a key given twice keeps the last value. Here every
scalar is composed as text (``BaseLoader``) and only three plain forms are typed:
``true``/``false``, decimal integers without a leading zero, and decimal numbers.
Everything else stays a string for the field checks to interpret, so a time, a
postcode or a phone number arrives exactly as typed.

Refused, with the line: anchors and aliases, explicit tags, duplicate keys, tabs
in indentation, a document that is not a mapping, several documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[str | int, ...]

_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?[0-9]+\.[0-9]+$")
_NULL = {"", "~", "null", "Null", "NULL"}
_DEFAULT_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}

# PyYAML's English problem texts, told in French for organisers.
_YAML_PROBLEMS = [
    ("mapping values are not allowed here",
     "deux-points « : » inattendu ; si la valeur contient « : », mettez-la entre guillemets"),
    ("could not find expected ':'",
     "il manque « : » après le nom du champ (ou une valeur sur plusieurs lignes n'est pas indentée)"),
    ("found unexpected end of stream",
     "fin de fichier inattendue : un guillemet ou un crochet n'est pas refermé"),
    ("expected <block end>, but found",
     "indentation incohérente : alignez les champs d'un même niveau"),
    ("did not find expected key",
     "indentation incohérente ou tiret mal placé : alignez les champs d'un même niveau"),
    ("did not find expected '-' indicator",
     "élément de liste mal aligné : chaque élément commence par « - » au même niveau"),
    ("found character '\\t' that cannot start any token",
     "tabulation interdite : indentez avec des espaces"),
    ("did not find expected ',' or ']'",
     "liste entre crochets non refermée : il manque « ] » ou une virgule"),
    ("did not find expected ',' or '}'",
     "accolades non refermées : il manque « } » ou une virgule"),
    ("found undefined alias", "alias YAML (*…) interdit : recopiez la valeur"),
    ("found unknown escape character", "caractère d'échappement inconnu entre guillemets doubles"),
    ("found character '%' that cannot start any token",
     "une valeur ne peut pas commencer par « % » : mettez-la entre guillemets"),
    ("found character '@' that cannot start any token",
     "une valeur ne peut pas commencer par « @ » : mettez-la entre guillemets"),
    ("found character '`' that cannot start any token",
     "une valeur ne peut pas commencer par « ` » : mettez-la entre guillemets"),
]


class TypedInt(int):
    """An integer read from a plain scalar, with the text as typed (« +5 », « 007 » stays itself)."""

    typed: str


class TypedFloat(float):
    """A decimal number read from a plain scalar, with the text as typed: a text field given
    ``tarif: 1.10`` gets « 1.10 », not « 1.1 »."""

    typed: str


def typed_text(value: int | float) -> str:
    """The number as the organiser typed it (``str(value)`` for numbers made elsewhere)."""
    return getattr(value, "typed", None) or str(value)


# Written back (the spreadsheet import, the partner files it updates) exactly as typed.
yaml.representer.SafeRepresenter.add_representer(
    TypedInt, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:int", value.typed))
yaml.representer.SafeRepresenter.add_representer(
    TypedFloat, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:float", value.typed))


def _number(kind: type, text: str) -> Any:
    number = kind(text)
    number.typed = text
    return number


class YamlProblem(Exception):
    """A file that cannot be read as our YAML at all; carries a 1-based line."""

    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(f"ligne {line}: {message}")


@dataclass
class Document:
    """Plain Python data, plus the line where each key or list item starts."""

    data: dict[str, Any]
    lines: dict[Path, int] = field(default_factory=dict)
    duplicates: list[tuple[Path, int]] = field(default_factory=list)

    def line(self, path: Path) -> int:
        """Line of ``path``, or of its nearest parent that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


class _Loader(yaml.BaseLoader):
    """Composes nodes as text and refuses anchors and aliases where they appear."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem(event.start_mark.line + 1,
                              "alias YAML (*…) interdit : recopiez la valeur à cet endroit")
        if getattr(event, "anchor", None):
            raise YamlProblem(event.start_mark.line + 1,
                              "ancre YAML (&…) interdite : écrivez chaque valeur en entier")
        return super().compose_node(parent, index)


# libyaml (C) composes ten times faster than PyYAML's Python code, but its composer cannot be
# told to refuse anchors and aliases. A file that might hold one (« &name », « *name » after a
# space, a dash or a bracket) goes through the Python composer above, which refuses them with
# their line; every other file takes the fast path. Both compose the same nodes.
_FAST_LOADER = getattr(yaml, "CBaseLoader", None)
_ANCHOR_OR_ALIAS = re.compile(r"(?:^|[\s\[\{,:?-])[&*][^\s]", re.MULTILINE)


def _compose(text: str) -> yaml.Node | None:
    loader_class = _Loader if _FAST_LOADER is None or _ANCHOR_OR_ALIAS.search(text) else _FAST_LOADER
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _translate(error: yaml.YAMLError) -> YamlProblem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + 1 if mark is not None else 1
    problem = getattr(error, "problem", None) or str(error)
    for english, french in _YAML_PROBLEMS:
        if english in problem:
            return YamlProblem(line, french)
    context = getattr(error, "context", None) or ""
    if "quoted scalar" in context:
        return YamlProblem(line, "guillemet non refermé")
    return YamlProblem(line, f"syntaxe YAML invalide ({problem})")


def _scalar(node: yaml.ScalarNode) -> Any:
    text = node.value
    if node.style:  # quoted or block scalar: always text (plain is None, or "" from libyaml)
        return text
    if text in _NULL:
        return None
    if text in ("true", "false"):
        return text == "true"
    if _INT.match(text):
        return _number(TypedInt, text)
    if _FLOAT.match(text):
        return _number(TypedFloat, text)
    return text


def _convert(node: yaml.Node, path: Path, doc: Document, line_offset: int) -> Any:
    if node.tag not in _DEFAULT_TAGS and node.tag is not None and node.tag.startswith("!"):
        raise YamlProblem(node.start_mark.line + 1 + line_offset,
                          f"étiquette YAML « {node.tag} » interdite")
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, child in enumerate(node.value):
            child_path = (*path, index)
            doc.lines[child_path] = child.start_mark.line + 1 + line_offset
            items.append(_convert(child, child_path, doc, line_offset))
        return items
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise YamlProblem(key_node.start_mark.line + 1 + line_offset,
                              "un nom de champ doit être un simple mot")
        key = key_node.value
        key_path = (*path, key)
        line = key_node.start_mark.line + 1 + line_offset
        if key in mapping:
            doc.duplicates.append((key_path, line))
            continue
        doc.lines[key_path] = line
        mapping[key] = _convert(value_node, key_path, doc, line_offset)
    return mapping


def load_mapping(text: str, line_offset: int = 0) -> Document:
    """Read ``text`` (one YAML document holding a mapping) strictly.

    ``line_offset`` is added to every line number, for YAML that starts further
    down a file (front matter). Raises ``YamlProblem`` for a file that cannot be
    read at all; duplicate keys are returned in ``Document.duplicates`` so that
    they are reported together with the other problems of the file.
    """
    for number, raw in enumerate(text.splitlines(), start=1):
        indent = raw[: len(raw) - len(raw.lstrip(" \t"))]
        if "\t" in indent:
            raise YamlProblem(number + line_offset, "tabulation interdite : indentez avec des espaces")
    try:
        root = _compose(text)
    except YamlProblem as problem:
        problem.line += line_offset
        raise
    except yaml.composer.ComposerError as error:
        if "expected a single document" in str(error):
            mark = error.problem_mark
            raise YamlProblem(mark.line + 1 + line_offset,
                              "un seul document par fichier : retirez la ligne « --- »") from None
        raise _shift(_translate(error), line_offset) from None
    except yaml.YAMLError as error:
        raise _shift(_translate(error), line_offset) from None
    if root is None:
        raise YamlProblem(1 + line_offset, "le fichier est vide")
    if not isinstance(root, yaml.MappingNode):
        what = "une liste" if isinstance(root, yaml.SequenceNode) else "une simple valeur"
        raise YamlProblem(root.start_mark.line + 1 + line_offset,
                          f"le fichier contient {what} ; il doit contenir des champs « nom: valeur »")
    doc = Document(data={})
    doc.lines[()] = root.start_mark.line + 1 + line_offset
    doc.data = _convert(root, (), doc, line_offset)
    return doc


def _shift(problem: YamlProblem, offset: int) -> YamlProblem:
    problem.line += offset
    return problem
