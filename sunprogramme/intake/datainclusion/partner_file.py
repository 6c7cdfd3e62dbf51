"""Partner files edited line by line: a field is replaced, added or removed, every other line stays as typed."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ... import schema
from ...jsonschema import schema_comment
from ...yamlstrict import YamlProblem, load_mapping

PARTNER_ORDER = ["nom", "type", "site", "logo", "contact", "communes", "offre", "themes", "horaires", "description",
                 "lieux"]
VENUE_ORDER = [f.key for f in schema.VENUE.fields]
CONTACT_ORDER = [f.key for f in schema.CONTACT.fields]
FLOW_LISTS = {"communes", "themes", "accessibilite"}
QUOTED = {"telephone", "code_postal"}


# YAML ends a line at each of these, not only at « \n »: left in a value, they would let a crafted
# export start a new key of its own (« …\rsite: https://… »).
_LINE_BREAKS = re.compile("\r\n?|[\x85\u2028\u2029]")


def _lines(text: str) -> str:
    return _LINE_BREAKS.sub("\n", text)


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\x85", "\\u0085")


def _scalar(value: Any, key: str = "") -> str:
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, (int, float)):
        return repr(value)
    text = _lines(str(value))
    if key in QUOTED:
        return _quoted(text)
    import yaml

    dumped = yaml.safe_dump(text, allow_unicode=True, width=10**9)
    dumped = dumped.removesuffix("\n...\n").rstrip("\n")
    return text if dumped == text else _quoted(text)


def _flow_safe(value: Any) -> bool:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return True
    return (isinstance(value, str) and _scalar(value) == value and not re.search(r"[,\[\]{}#&*!|>'\"%@`]", value)
            and ": " not in value)


def emit(key: str, value: Any, indent: int = 0) -> list[str]:
    """``key: value`` as the partner files are typed: indented lists, short lists and coordinates on one line."""
    pad = " " * indent
    if isinstance(value, dict):
        if key == "coordonnees" and set(value) == {"lat", "lon"}:
            return [f"{pad}{key}: {{lat: {_scalar(value['lat'])}, lon: {_scalar(value['lon'])}}}"]
        lines = [f"{pad}{key}:"]
        for sub_key, sub_value in value.items():
            lines += emit(sub_key, sub_value, indent + 2)
        return lines
    if isinstance(value, list):
        if value and all(isinstance(item, dict) for item in value):
            lines = [f"{pad}{key}:"]
            for item in value:
                lines += emit_item(item, indent + 2)
            return lines
        if key in FLOW_LISTS and all(_flow_safe(item) for item in value):
            return [f"{pad}{key}: [{', '.join(_scalar(item) for item in value)}]"]
        return [f"{pad}{key}:"] + [f"{pad}  - {_scalar(item, key)}" for item in value]
    if isinstance(value, str):
        value = _lines(value)
    if isinstance(value, str) and ("\n" in value or key == "description"):
        return [f"{pad}{key}: |"] + [f"{pad}  {line}" if line.strip() else ""
                                     for line in value.strip("\n").split("\n")]
    return [f"{pad}{key}: {_scalar(value, key)}"]


def emit_item(item: dict[str, Any], indent: int) -> list[str]:
    lines: list[str] = []
    for key, value in item.items():
        lines += emit(key, value, indent + 2)
    lines[0] = " " * indent + "- " + lines[0][indent + 2:]
    return lines


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _gap_line(line: str, indent: int) -> bool:
    """A blank line, or a comment no deeper than the field above: it stays when the field is rewritten."""
    return not line.strip() or (line.lstrip().startswith("#") and _indent(line) <= indent)


@dataclass
class _Block:
    """Lines of one field (its own lines, then its children's), and the blank or comment lines after it."""

    key: str | int | None
    head: list[str]
    children: list[_Block] = field(default_factory=list)
    gap: list[str] = field(default_factory=list)

    def render(self) -> list[str]:
        out = list(self.head)
        for child in self.children:
            out += child.render()
        return out + self.gap

    def child(self, key: str | int) -> _Block | None:
        return next((c for c in self.children if c.key == key), None)


class PartnerFile:
    """A partner file (.yaml or .md) whose fields can be changed one by one; every other line stays as typed."""

    def __init__(self, text: str, suffix: str):
        self.suffix = suffix
        lines = text.split("\n")
        self.md = suffix == ".md"
        if self.md:
            if lines[0].strip() != "---":
                raise YamlProblem(1, "un fichier .md doit commencer par une ligne « --- »")
            close = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
            if close is None:
                raise YamlProblem(len(lines), "les champs ne sont pas refermés par une ligne « --- »")
            self.opening, front, self.closing = lines[0], lines[1:close], lines[close]
            self.body: str | None = "\n".join(lines[close + 1:])
        else:
            self.opening, front, self.closing, self.body = "", lines, "", None
            if front and front[-1] == "":
                front = front[:-1]  # the final newline
        self.doc = load_mapping("\n".join(front) + "\n")
        self.data = self.doc.data
        self.root = self._split(front, 0, len(front), (), None)

    def _split(self, lines: list[str], start: int, end: int, path: tuple, key) -> _Block:
        paths = sorted((self.doc.lines[p] - 1, p) for p in self.doc.lines
                       if len(p) == len(path) + 1 and p[:-1] == path)
        starts = [s for s, _p in paths]
        own_lines = len(set(starts)) == len(starts) and all(start <= s < end for s in starts)
        splittable = key is None or key == "lieux" or (isinstance(key, int) and path[:1] == ("lieux",))
        if not paths or not own_lines or not splittable:
            return _Block(key, lines[start:end])
        item = isinstance(key, int)  # a list item: its first key is on the « - » line, which it keeps
        block = _Block(key, [] if item else lines[start:starts[0]])
        for index, (child_start, child_path) in enumerate(paths):
            child_start = start if index == 0 and item else child_start
            child_end = starts[index + 1] if index + 1 < len(starts) else end
            stop = child_end
            while stop > child_start + 1 and _gap_line(lines[stop - 1], _indent(lines[child_start])):
                stop -= 1
            child = self._split(lines, child_start, stop, child_path, child_path[-1])
            child.gap = lines[stop:child_end]
            block.children.append(child)
        return block

    def text(self) -> str:
        front = "\n".join(self.root.render()) + "\n"
        if not self.md:
            return front
        return f"{self.opening}\n{front}{self.closing}\n{self.body}"

    # -- changes --

    def set(self, key: str, value: Any) -> None:
        """Replace, add (at its usual place) or, when value is None, remove a top-level field."""
        existing = self.root.child(key)
        if value in (None, [], {}):
            if existing is not None:
                self.root.children.remove(existing)
            return
        lines = emit(key, value)
        if existing is not None:
            existing.head, existing.children = lines, []
            return
        order = PARTNER_ORDER.index(key) if key in PARTNER_ORDER else len(PARTNER_ORDER)
        for index, child in enumerate(self.root.children):
            if child.key in PARTNER_ORDER and PARTNER_ORDER.index(child.key) > order:
                self.root.children.insert(index, _Block(key, lines))
                return
        self.root.children.append(_Block(key, lines))

    def set_description(self, text: str | None) -> None:
        if self.md and ((self.body or "").strip() or "description" not in self.data):
            self.body = (text or "").strip("\n") + "\n"
        else:
            self.set("description", text)

    def description(self) -> Any:
        if self.md and ((self.body or "").strip() or "description" not in self.data):
            return (self.body or "").strip() or None
        return self.data.get("description")

    def venue_index(self, venue_id: str) -> int | None:
        venues = self.data.get("lieux")
        if not isinstance(venues, list):
            return None
        return next((i for i, v in enumerate(venues) if isinstance(v, dict) and v.get("id") == venue_id), None)

    def set_venue_field(self, venue_id: str, key: str, value: Any) -> None:
        index = self.venue_index(venue_id)
        assert index is not None
        venue = dict(self.data["lieux"][index])
        if value is None:
            venue.pop(key, None)
        else:
            venue[key] = value
        self.data["lieux"][index] = {k: venue[k] for k in sorted(venue, key=_venue_order)}
        lieux = self.root.child("lieux")
        item = lieux.child(index) if lieux else None
        if item is None or not item.children:  # not written one field a line: the venue is written again
            self._rewrite_venues()
            return
        existing = item.child(key)
        first = item.children[0].head[0]
        indent = len(first) - len(first.lstrip(" -"))  # « ␣␣- id: … »: the keys start after the dash
        lines = emit(key, value, indent) if value is not None else []
        if existing is not None:
            if existing is item.children[0] and lines:  # keep the « - » that starts the item
                lines[0] = first[:indent] + lines[0].lstrip(" ")
            if lines:
                existing.head, existing.children = lines, []
            else:
                item.children.remove(existing)
            return
        if value is None:
            return
        order = _venue_order(key)
        for position, child in enumerate(item.children):
            if isinstance(child.key, str) and _venue_order(child.key) > order and position > 0:
                item.children.insert(position, _Block(key, lines))
                return
        item.children.append(_Block(key, lines))

    def add_venue(self, venue: dict[str, Any]) -> None:
        venues = self.data.get("lieux")
        lieux = self.root.child("lieux")
        if not isinstance(venues, list) or lieux is None:
            self.data["lieux"] = [venue]
            self.set("lieux", [venue])
            return
        venues.append(venue)
        if not lieux.children:
            self._rewrite_venues()
            return
        first = lieux.children[0].render()[0]
        lieux.children.append(_Block(len(venues) - 1, emit_item(venue, _indent(first))))

    def _rewrite_venues(self) -> None:
        self.set("lieux", self.data["lieux"])


def _venue_order(key: str) -> int:
    return VENUE_ORDER.index(key) if key in VENUE_ORDER else len(VENUE_ORDER)


def new_partner_text(values: dict[str, Any]) -> str:
    """A new partner file: schema comment, then the fields in the order organisers write them."""
    lines: list[str] = []
    for key in PARTNER_ORDER:
        if values.get(key) not in (None, [], {}):
            lines += emit(key, values[key])
    return schema_comment("partenaire") + "\n".join(lines) + "\n"
