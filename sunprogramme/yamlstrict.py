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

This module composes and converts; the problems and their wording are in ``yaml_problems``
(the libraries' own errors are translated by ``yaml_error_translation``), the typed scalars
in ``yaml_scalars``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .yaml_error_translation import missing_colon, translate
from .yaml_problems import (
    ALIAS,
    ANCHOR,
    BACKSLASH,
    MAX_DEPTH,
    TAB,
    TAG_TEXT,
    TOO_DEEP,
    YAML_LINE_BREAK,
    YamlProblem,
    control_problem,
    shown_tag,
    tag_problem,
)
from .yaml_scalars import scalar_value

__all__ = ["MAX_DEPTH", "Document", "Path", "YamlProblem", "load_mapping"]

Path = tuple[str | int, ...]

_DEFAULT_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


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


# A file that is one plain text starting with a word then a space or a colon: a field name without its colon.
_FIELD_NAME_FIRST = re.compile(r"[a-z_][a-z0-9_-]*(?: |:[^\s:])")
_SURROGATE = re.compile("[\ud800-\udfff]")  # only an escape (« \\ud800 ») can write one


class _Loader(yaml.BaseLoader):
    """Composes nodes as text and refuses anchors, aliases and explicit tags where they appear."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem(line, ALIAS)
        if getattr(event, "anchor", None):
            raise YamlProblem(line, ANCHOR)
        if getattr(event, "tag", None) is not None:  # the event's tag is only ever an explicit one
            mark = event.start_mark
            typed = TAG_TEXT.match(mark.buffer, mark.pointer)
            raise tag_problem(line, typed.group() if typed else shown_tag(event.tag))
        if not isinstance(event, yaml.ScalarEvent):
            if self._depth >= MAX_DEPTH:
                raise YamlProblem(line, TOO_DEEP)
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


def _convert(node: yaml.Node, path: Path, doc: Document, line_offset: int) -> Any:
    line = node.start_mark.line + 1 + line_offset
    if node.tag not in _DEFAULT_TAGS:  # an explicit tag the fast path could not refuse
        raise tag_problem(line, shown_tag(node.tag or "!"))
    if isinstance(node, yaml.ScalarNode):
        if node.style == '"' and _SURROGATE.search(node.value):  # libyaml refuses it, PyYAML does not
            raise YamlProblem(line, BACKSLASH)
        return scalar_value(node)
    if len(path) >= MAX_DEPTH:
        raise YamlProblem(line, TOO_DEEP)
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
            raise tag_problem(key_node.start_mark.line + 1 + line_offset, shown_tag(key_node.tag or "!"))
        key = key_node.value
        key_path = (*path, key)
        line = key_node.start_mark.line + 1 + line_offset
        if key in mapping:
            doc.duplicates.append((key_path, line))
            continue
        doc.lines[key_path] = line
        mapping[key] = _convert(value_node, key_path, doc, line_offset)
    return mapping


def _check_characters(text: str) -> None:
    """Refuse control characters and tabs in indentation, with the line (the readers' own
    errors have no line)."""
    problem = control_problem(text)
    if problem:
        raise problem
    for number, raw in enumerate(YAML_LINE_BREAK.split(text), start=1):
        indent = raw[: len(raw) - len(raw.lstrip(" \t"))]
        if "\t" in indent:
            raise YamlProblem(number, TAB)


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
            raise translate(error, text) from None
        if root is None:
            raise YamlProblem(1, "le fichier est vide")
        if isinstance(root, yaml.ScalarNode) and not root.style and _FIELD_NAME_FIRST.match(root.value):
            line = root.start_mark.line
            raise YamlProblem(line + 1, missing_colon(YAML_LINE_BREAK.split(text)[line]))
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
