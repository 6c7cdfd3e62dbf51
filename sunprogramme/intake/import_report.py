"""What an import tells: each line at its source, row and column, and the summary of the files."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReportLine:
    source: str
    row: int
    column: str
    message: str
    level: str = "erreur"  # « erreur », « conflit », « attention » or « info »

    def format(self) -> str:
        where = self.source + (f", ligne {self.row}" if self.row else "")
        where += f", colonne « {self.column} »" if self.column else ""
        prefix = {"erreur": "", "conflit": "conflit : ", "attention": "attention : ", "info": ""}[self.level]
        return f"{where} : {prefix}{self.message}"


@dataclass
class ImportReport:
    lines: list[ReportLine] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[ReportLine]:
        return [line for line in self.lines if line.level == "erreur"]

    def summary(self) -> str:
        return (f"{len(self.created)} créé(s), {len(self.updated)} mis à jour, {len(self.unchanged)} inchangé(s), "
                f"{len(self.conflicts)} conflit(s), {len(self.errors)} erreur(s)")
