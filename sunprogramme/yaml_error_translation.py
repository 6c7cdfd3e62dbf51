"""The YAML libraries' errors told as our problems: what went wrong, at which line, how to fix it.

PyYAML and libyaml word their errors differently, and in English; ``translate`` tells them
apart by what went wrong and the character at the place, and never shows their text.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .yaml_problems import (
    ALIAS,
    ANCHOR,
    BACKSLASH,
    BLOCK_TEXT,
    CANNOT_START,
    COLON_IN_BRACES,
    COLON_IN_BRACKETS,
    COLON_IN_TEXT,
    DASH,
    DIRECTIVE,
    DOCUMENT_END,
    FIELD_AFTER_LIST,
    FIELD_AFTER_NAMED_LIST,
    FIELD_IN_ITEM,
    FIELD_IN_OR_AFTER_ITEM,
    FIRST_INDENTED,
    GENERIC,
    INDENTATION,
    INDENTED_FIELD,
    LIST_ITEM,
    MISPLACED_SIGN,
    MISSING_COLON,
    MISSING_SPACE,
    QUESTION,
    SINGLE_DOCUMENT,
    TAB,
    TAB_IN_LINE,
    TAG,
    TAG_TEXT,
    TEXT_AFTER_QUOTE,
    TEXT_AFTER_VALUE,
    TOO_DEEP,
    UNCLOSED_BRACES,
    UNCLOSED_BRACKETS,
    UNCLOSED_FLOW,
    UNCLOSED_QUOTE,
    YAML_LINE_BREAK,
    YamlProblem,
    control_problem,
)

_FIELD_HEAD = re.compile(r"^ *([A-Za-z_][A-Za-z0-9_-]*): +")  # « titre: » before a value
_OWN_COLON = re.compile(r"^ *(?:- +)?[A-Za-z_][A-Za-z0-9_-]* *:")  # a line's own field name and its colon
_ITEM_START = re.compile(r" *(- +)?")  # where a line's text starts, after its indentation and dash
_GLUED_COLON = re.compile(r"^ *(?:- +)?([A-Za-z_][A-Za-z0-9_-]*):([^\s:].*)$")  # « titre:A »


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


def translate(error: yaml.YAMLError, text: str) -> YamlProblem:
    """A French problem, with the line, for any error PyYAML or libyaml raises."""
    if isinstance(error, yaml.reader.ReaderError):  # _check_characters finds them first
        return control_problem(text) or YamlProblem(1, GENERIC)
    lines = YAML_LINE_BREAK.split(text)
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
        return at.line, SINGLE_DOCUMENT
    if "directive" in what or "incompatible yaml" in what or "duplicate tag handle" in what:
        return at.line, DIRECTIVE
    if "document start" in what:
        earlier = [text.strip() for text in lines[: at.line - 1]]
        if "..." in earlier:
            return at.line, DOCUMENT_END
        if any(text.startswith("%") for text in earlier):
            return at.line, DIRECTIVE
        first = next((i for i, text in enumerate(lines) if text.strip() and not text.lstrip().startswith("#")), 0)
        return (first + 1, FIRST_INDENTED) if lines[first][:1] == " " else (at.line, INDENTATION)
    if "tag" in what:
        place = start if "tag handle" not in what else at
        typed = TAG_TEXT.match(place.text, place.column)
        return place.line, TAG.format(tag=typed.group() if typed else "!")
    if "anchor" in what:
        if "alphabetic" in what:
            return at.line, CANNOT_START.format(char="&")
        return at.line, ANCHOR
    if "alias" in what:
        if "alphabetic" in what:
            return at.line, CANNOT_START.format(char="*")
        return at.line, ALIAS
    if "nesting depth" in what:
        return at.line, TOO_DEEP
    if "tab character" in what or at.char == "\t":
        return at.line, TAB if "\t" in at.text[: len(at.text) - len(at.text.lstrip(" \t"))] else TAB_IN_LINE
    if "quoted scalar" in what:
        if "escape" in what or "hexadecimal" in what or "hexdecimal" in what:
            return at.line, BACKSLASH
        return start.line, UNCLOSED_QUOTE.format(quote=start.char if start.char in ("'", '"') else '"')
    if "block scalar" in what:
        return start.line, BLOCK_TEXT
    if "cannot start any token" in what:
        return at.line, CANNOT_START.format(char=at.char or "?")
    if "sequence entries" in what:
        return at.line, DASH
    if "mapping keys" in what:
        return at.line, QUESTION
    if "mapping values" in what or "unexpected ':'" in what:
        return _colon(at, lines)
    if "simple key" in what:
        return start.line, missing_colon(start.text)
    if "flow sequence" in what:
        if at.char == ":" and at.line == start.line:
            return at.line, COLON_IN_BRACKETS
        return start.line, UNCLOSED_BRACKETS
    if "flow mapping" in what:
        if at.char == ":" and at.line == start.line:
            return at.line, COLON_IN_BRACES
        return start.line, UNCLOSED_BRACES
    if "node content" in what:
        if not at.char.strip():
            return at.line, UNCLOSED_FLOW if "flow" in what else GENERIC
        return at.line, MISPLACED_SIGN.format(char=at.char)
    if "block collection" in what:
        return at.line, LIST_ITEM if at.char in ("", "-") or ":" not in at.text else _after_list(at, start, lines)
    if "block mapping" in what:
        if at.before.strip():
            return at.line, TEXT_AFTER_QUOTE if any(q in at.before for q in "'\"") else TEXT_AFTER_VALUE
        return at.line, LIST_ITEM if at.char == "-" else INDENTATION
    return at.line, GENERIC


def _colon(at: _Place, lines: list[str]) -> tuple[int, str]:
    """A colon where none may be: inside a text (« titre: Atelier : les bases »), after a field
    written further right than the one above (« a: 1 » then «   b: 2 »), or after a field name
    that is read with the line above, which lacks its own colon (« resume Un texte » then « titre: A »)."""
    before = at.before
    key = before.strip()
    head = _FIELD_HEAD.match(at.text)
    own_colon = _OWN_COLON.match(at.text)
    if own_colon and own_colon.end() - 1 == at.column:
        culprit = _text_above(lines, at.line - 1, len(before) - len(before.lstrip(" ")))
        if culprit is not None:
            return culprit + 1, missing_colon(lines[culprit])
    if before[:1] == " " and key and " " not in key and not key.startswith("-") and not any(
            q in key for q in "'\"[{"):
        return at.line, INDENTED_FIELD
    if not head or head.end() > at.column:
        return at.line, COLON_IN_TEXT
    value = at.text[head.end():].strip()
    if not value or '"' in value or " #" in value:
        return at.line, COLON_IN_TEXT
    return at.line, f'{COLON_IN_TEXT}, par exemple {head.group(1)}: "{value}"'


_KEY = re.compile(r"^( *)(- +)?([A-Za-z_][A-Za-z0-9_-]*) *:")  # a line's indentation, dash and field name


def _after_list(at: _Place, start: _Place, lines: list[str]) -> str:
    """A field that is neither an item of the list above (no « - ») nor aligned on the list's name:
    it belongs to the last item when it is right of the dash (« alignez fin: sur debut: »); aligned on
    the dash, it may belong to the item or follow the list."""
    field = _KEY.match(at.text)
    if field is None or field.group(2):
        return FIELD_AFTER_LIST
    name, column, dash = field.group(3), len(field.group(1)), start.column
    named = None  # the list's name: the first field above its first item, left of its dash or on it
    for text in reversed(lines[: start.line - 1]):
        found = _KEY.match(text)
        if found and not found.group(2) and len(found.group(1)) <= dash:
            named = found.group(3)
            break
        if text.strip() and not text.lstrip().startswith("#") and len(text) - len(text.lstrip(" ")) <= dash:
            break
    sibling = None  # the item's field that ``name`` should be aligned on: the last one at the item's column
    item_column = None
    for text in lines[start.line - 1: at.line - 1]:
        found = _KEY.match(text)
        if len(text) - len(text.lstrip(" ")) == dash and text.lstrip().startswith("-"):  # a new item
            mapping = found is not None and found.group(2) is not None  # « - date: … », not « - Un câble »
            item_column, sibling = (found.start(3), found.group(3)) if mapping else (None, None)
        elif found and item_column is not None and found.start(3) == item_column:
            sibling = found.group(3)
    if sibling is not None and dash < column < item_column:
        return FIELD_IN_ITEM.format(name=name, sibling=sibling)
    if sibling is not None and named is not None:
        return FIELD_IN_OR_AFTER_ITEM.format(name=name, sibling=sibling, list=named)
    if named is not None:
        return FIELD_AFTER_NAMED_LIST.format(name=name, list=named)
    return FIELD_AFTER_LIST


def _text_above(lines: list[str], index: int, indent: int) -> int | None:
    """The first of the lines just above ``index`` that hold a text at the same ``indent`` and no
    « : » of a field: the line whose field name lacks its colon, or None."""
    found = None
    for above in range(index - 1, -1, -1):
        text = lines[above]
        item = _ITEM_START.match(text)
        if not text.strip() or text.lstrip().startswith("#") or item.end() != indent:
            break
        if re.search(r":( |$)", text):
            break
        found = above
        if item.group(1):  # « - date 2026-10-13 »: the list item starts here
            break
    return found


def missing_colon(text: str) -> str:
    """What lacks in a line read as a field name without its colon: « resume Un texte » (the
    colon), or « titre:A » (the space after it)."""
    glued = _GLUED_COLON.match(text)
    if glued:
        return MISSING_SPACE.format(example=f"{glued.group(1)}: {glued.group(2).strip()}")
    return MISSING_COLON
