"""After a syntax error, the rest of the file read all the same: every problem of a file in one run.

A YAML reader stops at the first syntax error. Here the file is read again without the field
(the top-level entry: its line and the lines indented under it) where the error is, as many
times as it takes: every syntax error is told, and the fields that could be read are checked
as usual. The fields cut out are named in ``Recovered.cut``, so that they are not also said to
be missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .fields import field_label
from .sources import decode, split_front_matter
from .yaml_problems import UNCLOSED_QUOTE
from .yamlstrict import Document, YamlProblem, load_mapping

MAX_ROUNDS = 20  # syntax errors told for one file; past them, the file's other fields are not read
_KEY = re.compile(r"^[ \t]*(?:- +)?([A-Za-z_][A-Za-z0-9_-]*) *:(?:\s|$)")  # « titre: », « - date: »
_WORD = re.compile(r"^[ \t]*(?:- +)?([A-Za-z_][A-Za-z0-9_-]*)")  # a line's first word
_ITEM_START = re.compile(r"[ \t]*(?:- +)*")  # where a line's text starts, after its indentation and dashes
_QUOTED_VALUE = re.compile(r"^ *(?:- +)?(?:[A-Za-z_][A-Za-z0-9_-]* *: +)?([\"'])")  # a value that opens a quote


@dataclass(frozen=True)
class Recovered:
    """The syntax errors of a file, and what could be read of it without them."""

    problems: tuple[tuple[int, str, str], ...]  # (line, field, message), in the file's order
    doc: Document | None  # the fields read without the broken ones; None when nothing more is readable
    cut: frozenset[str]  # the names of the fields held by the lines left out


def _starts_entry(text: str) -> bool:
    """A line that starts a top-level field (or what should have been one)."""
    return (text[:1] not in ("", " ", "\t", "#", "%") and text != "-"
            and not text.startswith(("- ", "---", "...")))


def _content(line: str) -> bool:
    return bool(line.strip()) and not line.lstrip().startswith("#")


def _entries(lines: list[str]) -> list[tuple[int, int]]:
    """The lines [start, end) of each top-level field; the lines above the first one, when the
    file starts further right, count as one."""
    starts = [i for i, line in enumerate(lines) if _starts_entry(line)]
    first = next((i for i, line in enumerate(lines) if _content(line)), None)
    if first is not None and lines[first][:1] == " " and not lines[first].lstrip().startswith("-"):
        starts.insert(0, first)
    if not starts:
        return []
    return list(zip(starts, [*starts[1:], len(lines)], strict=True))


def _open_quote(lines: list[str]) -> tuple[int, str] | None:
    """(index, quote) of a quote that opens a value in ``lines`` and that they never close."""
    quote, opened = "", 0
    for index, line in enumerate(lines):
        at = 0
        if not quote:
            value = _QUOTED_VALUE.match(line)
            if not value:
                continue
            quote, opened, at = value.group(1), index, value.end()
        while at < len(line):
            char = line[at]
            if quote == '"' and char == "\\":
                at += 2
                continue
            if char == quote:
                if quote == "'" and line[at + 1:at + 2] == "'":
                    at += 2
                    continue
                quote = ""
                break
            at += 1
    return (opened, quote) if quote else None


def _culprit(lines: list[str], problem: YamlProblem, offset: int) -> tuple[tuple[int, int] | None, int, str]:
    """The field to leave out for ``problem``, and the problem told: a quote left open in a field
    above is the cause of what goes wrong further down."""
    index = problem.line - offset - 1
    if not 0 <= index < len(lines) or lines[index].startswith(("---", "...", "%")):
        return None, problem.line, problem.message
    entries = [entry for entry in _entries(lines) if entry[0] <= index]
    for start, end in entries[:-1]:
        open_quote = _open_quote(lines[start:end])
        if open_quote:
            return (start, end), start + open_quote[0] + 1 + offset, UNCLOSED_QUOTE.format(quote=open_quote[1])
    return (entries[-1] if entries else None), problem.line, problem.message


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _item_number(lines: list[str], index: int, indent: int) -> int:
    """The 0-based number of the list item whose « - » is on line ``index`` at ``indent``."""
    number = 0
    for above in range(index - 1, -1, -1):
        text = lines[above]
        if not _content(text) or _indent(text) > indent:
            continue
        if _indent(text) < indent or not text.lstrip().startswith("- "):
            break
        number += 1
    return number


def _label(lines: list[str], index: int, known: frozenset[str]) -> str:
    """The field that line ``index`` is about, as the other messages name it (« seances[2].debut »):
    its name before « : », or its first word when that is a field's name whose colon is missing;
    then the names of the fields and the items above it, by their indentation."""
    text = lines[index]
    key = _KEY.match(text)
    word = _WORD.match(text)
    name = key.group(1) if key else word.group(1) if word and word.group(1) in known else ""
    path: list[str | int] = [name] if name else []
    column = _ITEM_START.match(text).end()
    for above in range(index, -1, -1):
        line = lines[above]
        indent = _indent(line)
        if not _content(line) or (above < index and indent >= column):
            continue
        if line.lstrip().startswith("- "):
            path.insert(0, _item_number(lines, above, indent))
        elif above < index and (key := _KEY.match(line)):
            path.insert(0, key.group(1))
        column = indent
        if column == 0:
            break
    return field_label(tuple(path))


def _names(lines: list[str]) -> set[str]:
    return {word.group(1) for word in map(_WORD.match, lines) if word}


def read_around(data: bytes, suffix: str, first: YamlProblem, known: frozenset[str]) -> Recovered | None:
    """The syntax errors of the file made of ``data`` and what can be read without them; None
    when the file cannot be read in parts (not UTF-8, no closing « --- »…, or ``first``, the
    problem it was refused for, is not one of its fields'). ``known``: the names of the fields
    such a file may hold."""
    try:
        text = decode(data)
        offset = 0
        if suffix.lower() == ".md":
            text, offset, _, _ = split_front_matter(text)
    except YamlProblem:
        return None
    lines = text.split("\n")
    problems: list[tuple[int, str, str]] = []
    cut: set[str] = set()
    for _ in range(MAX_ROUNDS):
        try:
            doc = load_mapping("\n".join(lines), line_offset=offset)
        except YamlProblem as problem:
            if not problems and (problem.line, problem.message) != (first.line, first.message):
                return None
            entry, line, message = _culprit(lines, problem, offset)
            field = _label(lines, line - offset - 1, known) if entry else ""
            problems.append((line, field, message))
            if entry is None:
                break
            start, end = entry
            cut |= _names(lines[start:end])
            lines[start:end] = [""] * (end - start)
            if not any(map(_content, lines)):
                break
            continue
        if not problems:
            return None
        return Recovered(tuple(sorted(problems)), doc, frozenset(cut))
    return Recovered(tuple(sorted(problems)), None, frozenset(cut))
