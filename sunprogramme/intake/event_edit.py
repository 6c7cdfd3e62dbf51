"""An event file changed in place by an import: only the lines of the fields that change; every other
line (comments, quotes, flow lists, order, the body of a .md file) stays as it was. New values are
written as the README writes them: times and phones between quotes, numbers as numbers, dates as
they are, a text on one line (a block when it has line breaks), short lists of identifiers in brackets."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from ..yamlstrict import Path as YamlPath
from ..yamlstrict import load_mapping
from .event_text import EVENT_KEYS

Change = tuple[YamlPath, Any]  # (path of a field, its new value; None: the field goes)
_PREFIX = re.compile(r"^[ ]*(?:-[ ]+)*")
_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def inline(key: str, value: Any) -> str | None:
    """A value on the key's line, in the README's style; None when it needs lines of its own."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        if all(isinstance(v, str) and _SLUG.fullmatch(v) for v in value):
            return "[" + ", ".join(value) + "]"
        return None
    if not isinstance(value, str):
        return None
    if "\n" in value.strip("\n"):
        return None
    value = value.strip("\n")
    if key in ("debut", "fin") or key.endswith("telephone"):
        return json.dumps(value, ensure_ascii=False)
    if key == "places" and value.isdigit():
        return str(int(value))
    if _DATE.fullmatch(value):
        return value
    text = yaml.safe_dump(value, allow_unicode=True, width=1_000_000)
    return text.removesuffix("\n...\n").rstrip("\n")


def node_lines(prefix: str, key: str, value: Any) -> list[str]:
    """``key: value`` as lines, the key after ``prefix``."""
    col = len(prefix)
    one = inline(key, value)
    if one is not None:
        return [f"{prefix}{key}: {one}"]
    inner = " " * (col + 2)
    if isinstance(value, str):
        return [f"{prefix}{key}: |"] + [inner + line if line else "" for line in value.strip("\n").split("\n")]
    lines = [f"{prefix}{key}:"]
    if isinstance(value, dict):
        for sub, sub_value in value.items():
            lines += node_lines(inner, sub, sub_value)
    else:
        for item in value:
            if isinstance(item, dict):
                item_lines = [line for sub, sub_value in item.items() for line in node_lines(inner + "  ", sub,
                                                                                             sub_value)]
                item_lines[0] = inner + "- " + item_lines[0].lstrip(" ")
                lines += item_lines
            else:
                lines.append(inner + "- " + (inline("", item) or json.dumps(item, ensure_ascii=False)))
    return lines


def _extent(lines: list[str], index: int, col: int) -> int:
    """The end (exclusive) of the field whose key is at ``col`` on line ``index``: its value's lines,
    without the blank lines and comments that follow it."""
    block = re.fullmatch(r"[^:]*:\s*(#.*)?", lines[index][col:]) is not None
    end = index + 1
    for number in range(index + 1, len(lines)):
        stripped = lines[number].strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(lines[number]) - len(lines[number].lstrip(" "))
        if indent > col or (indent == col and block and (stripped == "-" or stripped.startswith("- "))):
            end = number + 1
            continue
        break
    return end


def _comment(line: str) -> str:
    """The comment at the end of a line (« # confirmé par Mme X »), with the spaces before it."""
    quote = ""
    for position, char in enumerate(line):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and position and line[position - 1] in " \t":
            return line[len(line[:position].rstrip(" \t")):]
    return ""


def _set(lines: list[str], path: YamlPath, value: Any) -> None:
    doc = load_mapping("\n".join(lines) + "\n")
    key = path[-1]
    assert isinstance(key, str)
    parent = path[:-1]
    if path in doc.lines:
        index = doc.lines[path] - 1
        if parent and isinstance(parent[-1], str) and doc.lines.get(parent) == doc.lines[path]:
            _set(lines, parent, _with(_get(doc.data, parent), key, value))  # a flow mapping: written again
            return
        prefix = _PREFIX.match(lines[index]).group(0)
        col = len(prefix)
        end = _extent(lines, index, col)
        if value is None:
            if prefix.rstrip().endswith("-") and end < len(lines) and lines[end].startswith(" " * col) \
                    and not lines[end][col:].startswith((" ", "-")):
                lines[end] = prefix + lines[end][col:]  # the item's next field takes the dash
            del lines[index:end]
            return
        one = inline(key, value)
        if one is not None and end == index + 1:
            lines[index] = f"{prefix}{key}: {one}{_comment(lines[index])}"
        else:
            lines[index:end] = node_lines(prefix, key, value)
        return
    if value is None:
        return
    if not parent:
        present = [k for k in EVENT_KEYS[:EVENT_KEYS.index(key)] if (k,) in doc.lines] if key in EVENT_KEYS else []
        if present:
            before = doc.lines[(present[-1],)] - 1
            at = _extent(lines, before, 0)
        else:
            at = min(doc.lines.values(), default=len(lines) + 1) - 1
        lines[at:at] = node_lines("", key, value)
        return
    siblings = [p for p in doc.lines if p[:-1] == parent and isinstance(p[-1], str)]
    container = _get(doc.data, parent)
    flow = bool(siblings) and isinstance(parent[-1], str) and doc.lines.get(parent) == doc.lines[siblings[0]]
    if not isinstance(container, dict) or not siblings or flow:
        _set(lines, parent, _with(container if isinstance(container, dict) else {}, key, value))
        return
    last = max(siblings, key=lambda p: doc.lines[p])
    index = doc.lines[last] - 1
    col = len(_PREFIX.match(lines[index]).group(0))
    lines[_extent(lines, index, col):_extent(lines, index, col)] = node_lines(" " * col, key, value)


def _get(data: Any, path: YamlPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _with(mapping: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    merged = dict(mapping)
    if value is None:
        merged.pop(key, None)
    else:
        merged[key] = value
    return merged


def edit_event_text(text: str, changes: list[Change]) -> str:
    """``text`` with each change made at its field's lines (a .md file's ``("description",)``: its body)."""
    lines = text.split("\n")
    end = len(lines)
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), len(lines))
    front, rest = lines[1:end] if end < len(lines) else lines, lines[end:] if end < len(lines) else []
    for path, value in changes:
        if rest and path == ("description",) and path not in load_mapping("\n".join(front) + "\n").lines:
            body = str(value or "").strip("\n")
            rest = [rest[0], "", *body.split("\n"), ""] if body else [rest[0], ""]
            continue
        _set(front, path, value)
    return "\n".join(["---", *front, *rest] if rest else front)
