"""A list field given one text of values apart by commas (« themes: securite, sante »): YAML reads
it as one value, which would be said unknown (and a theme dropped by following the suggestion).
When every part is a value the field accepts, the organiser is told to write a list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

FREE_TEXT = ("text", "markdown", "record")  # list items whose own text may hold a comma


class Quiet:
    """A reporter that only counts: whether a value would be read."""

    count = 0

    def __call__(self, path: Any, label: str, message: str) -> None:
        self.count += 1

    def warn(self, path: Any, label: str, message: str) -> None:
        pass


def comma_list(name: str, value: Any, item_kind: str, readable: Callable[[str], bool]) -> str | None:
    """« themes: [securite, sante] » when ``value`` is a text of parts apart by commas, each of them
    ``readable`` as an item of the list field ``name`` (whose items are of ``item_kind``); None otherwise."""
    if not isinstance(value, str) or "," not in value or item_kind in FREE_TEXT:
        return None
    parts = [part.strip() for part in value.split(",")]
    if not all(part and readable(part) for part in parts):
        return None
    return f"{name}: [{', '.join(parts)}]"
