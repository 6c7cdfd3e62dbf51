"""Strict YAML reading that keeps every line number and changes no value silently.

PyYAML's default loaders follow YAML 1.1: ``10:30`` becomes 630, ``off`` becomes
False, ``01000`` becomes 512, a key given twice keeps the last value. Here every
scalar is composed as text (``BaseLoader``) and only three plain forms are typed:
``true``/``false``, decimal integers without a leading zero, and decimal numbers.
Everything else stays a string for the field checks to interpret, so a time, a
postcode or a phone number arrives exactly as typed.

Refused, with the line: anchors and aliases, explicit tags (``!!str``, ``!!python/…``,
``!foo``, a lone ``!``), duplicate keys, tabs in indentation, control characters,
more than ``MAX_DEPTH`` levels, a document that is not a mapping, several documents.
Every problem is told in French with its fix, never in the YAML libraries' English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[str | int, ...]

# Longer digit runs stay text (Python refuses to read an integer of over 4,300 digits; no field
# wants one): the field's own check then says what it expects.
_INT = re.compile(r"^[-+]?(0|[1-9][0-9]{0,17})$")
_FLOAT = re.compile(r"^[-+]?[0-9]{1,18}\.[0-9]{1,18}$")
_NULL = {"", "~", "null", "Null", "NULL"}
_DEFAULT_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}

MAX_DEPTH = 20  # levels of lists and fields inside each other; our files use four at most


class TypedInt(int):
    """An integer read from a plain scalar, with the text as typed (« +5 » stays itself)."""

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


# What the organisers read instead of PyYAML's and libyaml's English problems: what is wrong and
# how to fix it. The two libraries word their problems differently; ``_translate`` tells them
# apart by what went wrong (and the character at the place), not by their wording alone, and
# never shows their text.
_GENERIC = "syntaxe YAML incorrecte : vérifiez les deux-points, les guillemets et l'indentation de cette ligne"
_COLON_IN_TEXT = "deux-points « : » dans le texte : mettez tout le texte entre guillemets"
_INDENTED_FIELD = "ce champ est plus en retrait que celui du dessus : alignez-le sur les autres champs"
_MISSING_COLON = "il manque « : » après le nom du champ (ou une valeur sur plusieurs lignes n'est pas indentée)"
_INDENTATION = "indentation incohérente : alignez les champs d'un même niveau"
_LIST_ITEM = "élément de liste mal aligné : chaque élément commence par « - » au même niveau"
_FIELD_AFTER_LIST = "champ mal aligné après une liste : alignez-le sur le nom de la liste"
_TEXT_AFTER_QUOTE = ("texte après le guillemet fermant : un texte entre guillemets ne contient pas ce même "
                     "guillemet ; à l'intérieur, utilisez « »")
_TEXT_AFTER_VALUE = "texte inattendu après la valeur : mettez toute la valeur entre guillemets"
_UNCLOSED_QUOTE = "guillemet « {quote} » jamais refermé : ajoutez-le à la fin du texte"
_UNCLOSED_BRACKETS = ("crochet « [ » jamais refermé : terminez la liste par « ] » et séparez les éléments "
                      "par des virgules")
_UNCLOSED_BRACES = "accolade « { » jamais refermée : terminez par « } » et séparez les champs par des virgules"
_UNCLOSED_FLOW = "crochet « [ » ou accolade « { » jamais refermé : ajoutez « ] » ou « } »"
_COLON_IN_BRACKETS = "deux-points « : » dans une liste entre crochets : mettez cet élément entre guillemets"
_COLON_IN_BRACES = "deux-points « : » en trop entre accolades : mettez la valeur entre guillemets"
_MISPLACED_SIGN = "signe « {char} » inattendu : si la valeur commence par « {char} », mettez-la entre guillemets"
_CANNOT_START = "une valeur ne peut pas commencer par « {char} » : mettez-la entre guillemets"
_TAB = "tabulation interdite : indentez avec des espaces"
_TOO_DEEP = (f"trop de niveaux imbriqués (au plus {MAX_DEPTH}) : vérifiez les crochets, les accolades "
             "et l'indentation")
_BACKSLASH = ("barre oblique inverse « \\ » entre guillemets doubles : doublez-la (« \\\\ ») ou mettez le "
              "texte entre guillemets simples")
_BLOCK_TEXT = ("après « | » ou « > », passez à la ligne et indentez le texte ; si la valeur commence "
               "par ce signe, mettez-la entre guillemets")
_DASH = ("tiret « - » inattendu : une liste s'écrit sous le nom du champ, un élément par ligne ; si le texte "
         "commence par « - », mettez-le entre guillemets")
_QUESTION = "point d'interrogation « ? » inattendu : si le texte commence par « ? », mettez-le entre guillemets"
_ANCHOR = "ancre YAML (&…) interdite : écrivez chaque valeur en entier"
_ALIAS = "alias YAML (*…) interdit : recopiez la valeur à cet endroit"
_TAG = ("étiquette YAML « {tag} » interdite : retirez-la ; si la valeur commence par « ! », mettez-la "
        "entre guillemets")
_DIRECTIVE = "une ligne ne peut pas commencer par « % » : retirez-la, ou mettez la valeur entre guillemets"
_DOCUMENT_END = "la ligne « ... » termine les champs : retirez-la"
_SINGLE_DOCUMENT = "un seul document par fichier : retirez la ligne « --- »"
_CONTROL = "caractère de contrôle invisible ({code}) : retapez le texte à cet endroit, sans copier-coller"

# What YAML readers refuse in a text (PyYAML's Reader.NON_PRINTABLE; libyaml refuses the same).
_NON_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
# Line breaks for YAML, but invisible in editors: refused, so that every line number counts « \n » only.
_INVISIBLE_BREAK = re.compile("[\x85\u2028\u2029]")
_YAML_LINE_BREAK = re.compile("[\n\x85\u2028\u2029]")  # line breaks as YAML counts them (after decode)
_SURROGATE = re.compile("[\ud800-\udfff]")  # only an escape (« \\ud800 ») can write one
_FIELD_HEAD = re.compile(r"^ *([A-Za-z_][A-Za-z0-9_-]*): +")  # « titre: » before a value
_TAG_TEXT = re.compile(r"!<[^>\s\x00]*>?|![^\s,\[\]{}\x00]*")


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


def _tag_problem(line: int, tag: str) -> YamlProblem:
    return YamlProblem(line, _TAG.format(tag=tag))


class _Loader(yaml.BaseLoader):
    """Composes nodes as text and refuses anchors, aliases and explicit tags where they appear."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem(line, _ALIAS)
        if getattr(event, "anchor", None):
            raise YamlProblem(line, _ANCHOR)
        if getattr(event, "tag", None) is not None:  # the event's tag is only ever an explicit one
            mark = event.start_mark
            typed = _TAG_TEXT.match(mark.buffer, mark.pointer)
            raise _tag_problem(line, typed.group() if typed else _shown_tag(event.tag))
        if not isinstance(event, yaml.ScalarEvent):
            if self._depth >= MAX_DEPTH:
                raise YamlProblem(line, _TOO_DEEP)
            self._depth += 1
            try:
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1
        return super().compose_node(parent, index)


# libyaml (C) composes ten times faster than PyYAML's Python code, but its composer cannot be
# told to refuse anchors and aliases, and it cannot tell an explicit « !!str » from no tag at all.
# A file that might hold one of them goes through the Python composer above, which refuses them
# with their line; every other file takes the fast path. Both compose the same nodes.
# Might hold one: « &name » or « *name » after a space, a dash or a bracket; a « ! » at the start
# of a line or after an indicator (« : », « - », « [ », « , »…), with or without a space after
# it. A « ! » inside a text, as in « Bienvenue ! » or « Venez !! », keeps the fast path.
_FAST_LOADER = getattr(yaml, "CBaseLoader", None)
_NEEDS_COMPOSER = re.compile(r"(?:^|[\s\[\{,:?-])[&*][^\s]|(?:^|[\[\{,:?-])[ \t]*!", re.MULTILINE)


def _compose(text: str) -> yaml.Node | None:
    loader_class = _Loader if _FAST_LOADER is None or _NEEDS_COMPOSER.search(text) else _FAST_LOADER
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


class _Place:
    """The text around a mark: its line, and the character at its column."""

    def __init__(self, lines: list[str], mark: Any):
        self.line = mark.line + 1 if mark is not None else 1
        self.text = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
        self.column = mark.column if mark is not None else 0

    @property
    def char(self) -> str:
        return self.text[self.column] if self.column < len(self.text) else ""

    @property
    def before(self) -> str:
        return self.text[: self.column]


def _translate(error: yaml.YAMLError, text: str) -> YamlProblem:
    """A French problem, with the line, for any error PyYAML or libyaml raises."""
    if isinstance(error, yaml.reader.ReaderError):  # _check_characters finds them first
        return _control_problem(text) or YamlProblem(1, _GENERIC)
    lines = _YAML_LINE_BREAK.split(text)
    problem_mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    at = _Place(lines, problem_mark or context_mark)
    start = _Place(lines, context_mark or problem_mark)
    what = f"{getattr(error, 'context', None) or ''} | {getattr(error, 'problem', None) or ''}".lower()
    line, message = _explain(what, at, start, lines)
    return YamlProblem(line, message)


def _explain(what: str, at: _Place, start: _Place, lines: list[str]) -> tuple[int, str]:
    """(line, message) for a YAML error: ``what`` is its context and problem, ``at`` the place of
    the problem, ``start`` the place of what was being read (a quote, a bracket…)."""
    if "single document" in what:
        return at.line, _SINGLE_DOCUMENT
    if "directive" in what or "incompatible yaml" in what or "duplicate tag handle" in what:
        return at.line, _DIRECTIVE
    if "document start" in what:
        earlier = [text.strip() for text in lines[: at.line - 1]]
        if "..." in earlier:
            return at.line, _DOCUMENT_END
        return at.line, _DIRECTIVE if any(text.startswith("%") for text in earlier) else _INDENTATION
    if "tag" in what:
        place = start if "tag handle" not in what else at
        typed = _TAG_TEXT.match(place.text, place.column)
        return place.line, _TAG.format(tag=typed.group() if typed else "!")
    if "anchor" in what:
        if "alphabetic" in what:
            return at.line, _CANNOT_START.format(char="&")
        return at.line, _ANCHOR
    if "alias" in what:
        if "alphabetic" in what:
            return at.line, _CANNOT_START.format(char="*")
        return at.line, _ALIAS
    if "nesting depth" in what:
        return at.line, _TOO_DEEP
    if "tab character" in what or at.char == "\t":
        return at.line, _TAB
    if "quoted scalar" in what:
        if "escape" in what or "hexadecimal" in what or "hexdecimal" in what:
            return at.line, _BACKSLASH
        return start.line, _UNCLOSED_QUOTE.format(quote=start.char if start.char in ("'", '"') else '"')
    if "block scalar" in what:
        return start.line, _BLOCK_TEXT
    if "cannot start any token" in what:
        return at.line, _CANNOT_START.format(char=at.char or "?")
    if "sequence entries" in what:
        return at.line, _DASH
    if "mapping keys" in what:
        return at.line, _QUESTION
    if "mapping values" in what or "unexpected ':'" in what:
        return at.line, _colon(at)
    if "simple key" in what:
        return start.line, _MISSING_COLON
    if "flow sequence" in what:
        if at.char == ":" and at.line == start.line:
            return at.line, _COLON_IN_BRACKETS
        return start.line, _UNCLOSED_BRACKETS
    if "flow mapping" in what:
        if at.char == ":" and at.line == start.line:
            return at.line, _COLON_IN_BRACES
        return start.line, _UNCLOSED_BRACES
    if "node content" in what:
        if not at.char.strip():
            return at.line, _UNCLOSED_FLOW if "flow" in what else _GENERIC
        return at.line, _MISPLACED_SIGN.format(char=at.char)
    if "block collection" in what:
        return at.line, _LIST_ITEM if at.char in ("", "-") or ":" not in at.text else _FIELD_AFTER_LIST
    if "block mapping" in what:
        if at.before.strip():
            return at.line, _TEXT_AFTER_QUOTE if any(q in at.before for q in "'\"") else _TEXT_AFTER_VALUE
        return at.line, _LIST_ITEM if at.char == "-" else _INDENTATION
    return at.line, _GENERIC


def _colon(at: _Place) -> str:
    """A colon where none may be: inside a text (« titre: Atelier : les bases »), or after a
    field written further right than the one above (« a: 1 » then «   b: 2 »)."""
    before = at.before
    key = before.strip()
    if before[:1] == " " and key and " " not in key and not key.startswith("-") and not any(
            q in key for q in "'\"[{"):
        return _INDENTED_FIELD
    head = _FIELD_HEAD.match(at.text)
    if not head or head.end() > at.column:
        return _COLON_IN_TEXT
    value = at.text[head.end():].strip()
    if not value or '"' in value or " #" in value:
        return _COLON_IN_TEXT
    return f'{_COLON_IN_TEXT}, par exemple {head.group(1)}: "{value}"'


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




def _shown_tag(tag: str) -> str:
    """A resolved tag as it would be typed: « tag:yaml.org,2002:int » is « !!int »."""
    if tag.startswith("tag:yaml.org,2002:"):
        return "!!" + tag.removeprefix("tag:yaml.org,2002:")
    return tag if tag.startswith("!") else f"!<{tag}>"


def _convert(node: yaml.Node, path: Path, doc: Document, line_offset: int) -> Any:
    line = node.start_mark.line + 1 + line_offset
    if node.tag not in _DEFAULT_TAGS:  # an explicit tag the fast path could not refuse
        raise _tag_problem(line, _shown_tag(node.tag or "!"))
    if isinstance(node, yaml.ScalarNode):
        if node.style == '"' and _SURROGATE.search(node.value):  # libyaml refuses it, PyYAML does not
            raise YamlProblem(line, _BACKSLASH)
        return _scalar(node)
    if len(path) >= MAX_DEPTH:
        raise YamlProblem(line, _TOO_DEEP)
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
        if key_node.tag not in _DEFAULT_TAGS:
            raise _tag_problem(key_node.start_mark.line + 1 + line_offset, _shown_tag(key_node.tag or "!"))
        key = key_node.value
        key_path = (*path, key)
        line = key_node.start_mark.line + 1 + line_offset
        if key in mapping:
            doc.duplicates.append((key_path, line))
            continue
        doc.lines[key_path] = line
        mapping[key] = _convert(value_node, key_path, doc, line_offset)
    return mapping


def _control_problem(text: str) -> YamlProblem | None:
    """The first character no YAML reader takes (a control character), with its line."""
    found = _NON_PRINTABLE.search(text) or _INVISIBLE_BREAK.search(text)
    if not found:
        return None
    return YamlProblem(text[: found.start()].count("\n") + 1, _CONTROL.format(code=_code(found.group())))


def _check_characters(text: str) -> None:
    """Refuse control characters and tabs in indentation, with the line (the readers' own
    errors have no line)."""
    problem = _control_problem(text)
    if problem:
        raise problem
    for number, raw in enumerate(_YAML_LINE_BREAK.split(text), start=1):
        indent = raw[: len(raw) - len(raw.lstrip(" \t"))]
        if "\t" in indent:
            raise YamlProblem(number, _TAB)


def load_mapping(text: str, line_offset: int = 0) -> Document:
    """Read ``text`` (one YAML document holding a mapping) strictly.

    ``line_offset`` is added to every line number, for YAML that starts further
    down a file (front matter). Raises ``YamlProblem`` for a file that cannot be
    read at all, always in French and with the line; duplicate keys are returned in
    ``Document.duplicates`` so that they are reported together with the other
    problems of the file.
    """
    try:
        _check_characters(text)
        try:
            root = _compose(text)
        except yaml.YAMLError as error:
            raise _translate(error, text) from None
        if root is None:
            raise YamlProblem(1, "le fichier est vide")
        if not isinstance(root, yaml.MappingNode):
            what = "une liste" if isinstance(root, yaml.SequenceNode) else "une simple valeur"
            raise YamlProblem(root.start_mark.line + 1,
                              f"le fichier contient {what} ; il doit contenir des champs « nom: valeur »")
    except YamlProblem as problem:
        problem.line += line_offset
        raise
    doc = Document(data={})
    doc.lines[()] = root.start_mark.line + 1 + line_offset
    doc.data = _convert(root, (), doc, line_offset)
    return doc
