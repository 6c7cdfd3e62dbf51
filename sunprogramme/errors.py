"""Problems found in the content, and the exception that carries them.

Hierarchy::

    ContentError            the programme cannot be built; carries every Problem found
    Problem                 one finding: path, line, field, message (French), severity

Checking never stops at the first problem: every reader and check appends to a
``Report`` and the caller decides, once everything has been read, whether the
errors it holds stop the build.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

# Shown as « U+001B » in a printed problem: a file name or a field name can hold them, and a
# terminal or a CI log would act on them (colours, cursor moves) instead of showing them.
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def visible(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(f"U+{ord(char):04X}" if unicodedata.category(char) in _INVISIBLE else char for char in text)


class Severity(StrEnum):
    ERROR = "erreur"
    WARNING = "attention"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, told the way an organiser can act on it."""

    path: str
    line: int
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "" if self.severity is Severity.ERROR else "attention : "
        subject = f"{self.field}: " if self.field else ""
        return visible(f"{where}: {prefix}{subject}{self.message}")

    def __str__(self) -> str:
        return self.format()


@dataclass
class Report:
    """Collects problems from every reader and check."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int, field_name: str, message: str) -> None:
        self.problems.append(Problem(path, line, field_name, message))

    def warning(self, path: str, line: int, field_name: str, message: str) -> None:
        self.problems.append(Problem(path, line, field_name, message, Severity.WARNING))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    def sorted(self) -> list[Problem]:
        """Problems by file, then line: the order an organiser reads them in."""
        return sorted(self.problems, key=lambda p: (p.path, p.line, p.field, p.message))


class ContentError(Exception):
    """The content holds errors; the build must stop and write nothing."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = len([p for p in problems if p.severity is Severity.ERROR])
        lines = "\n".join(p.format() for p in problems)
        noun = "problème bloquant" if count == 1 else "problèmes bloquants"
        super().__init__(f"{count} {noun} dans le programme :\n{lines}")
