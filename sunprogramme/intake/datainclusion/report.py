"""The report of a data·inclusion import: its lines, and the partners created, updated, left out…"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..import_report import ReportLine


@dataclass
class PartnersReport:
    lines: list[ReportLine] = field(default_factory=list)
    created: list[str] = field(default_factory=list)  # partner ids
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # « file: field »
    left_out: list[str] = field(default_factory=list)  # structure ids outside the territory
    refused: list[str] = field(default_factory=list)  # record ids refused by the schema
    unreadable: bool = False
    written: list[str] = field(default_factory=list)  # files written, relative to the content folder

    def add(self, source: str, message: str, level: str = "info") -> None:
        self.lines.append(ReportLine(source, 0, "", message, level))

    def summary(self) -> str:
        return (f"{len(self.created)} créé(s), {len(self.updated)} mis à jour, {len(self.unchanged)} inchangé(s), "
                f"{len(self.conflicts)} conflit(s), {len(self.left_out)} hors du territoire, "
                f"{len(self.refused)} refusé(s)")
