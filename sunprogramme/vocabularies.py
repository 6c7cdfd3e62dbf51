"""Shared vocabularies (themes, audiences, formats…) and the territory's communes.

Each vocabulary is a data file in ``data/`` with stable slugs and French labels,
so that pages, filters and exports agree on names. They ship with the package.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

VOCABULARY_FILES = {
    "themes": "themes.yaml",
    "publics": "publics.yaml",
    "formats": "formats.yaml",
    "niveaux": "niveaux.yaml",
    "accessibilite": "accessibilite.yaml",
    "statuts": "statuts.yaml",
    "types_partenaires": "types_partenaires.yaml",
}


@dataclass(frozen=True)
class Term:
    slug: str
    label: str
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Vocabulary:
    name: str
    terms: tuple[Term, ...]

    def __contains__(self, slug: object) -> bool:
        return any(t.slug == slug for t in self.terms)

    def __getitem__(self, slug: str) -> Term:
        for term in self.terms:
            if term.slug == slug:
                return term
        raise KeyError(slug)

    @property
    def slugs(self) -> list[str]:
        return [t.slug for t in self.terms]


@dataclass(frozen=True)
class Commune:
    name: str
    insee: str
    postcode: str
    epci: str
    epci_siren: str
    population: int
    slug: str


def slugify(text: str) -> str:
    """ASCII slug: « Épinay-sur-Orge » → « epinay-sur-orge »."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = []
    for char in ascii_text.lower():
        out.append(char if char.isalnum() else "-")
    return "-".join(part for part in "".join(out).split("-") if part)


def _data_text(name: str) -> str:
    return resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")


@cache
def vocabulary(name: str) -> Vocabulary:
    entries = yaml.safe_load(_data_text(VOCABULARY_FILES[name]))
    terms = tuple(
        Term(e["slug"], e["label"], {k: v for k, v in e.items() if k not in ("slug", "label")})
        for e in entries
    )
    return Vocabulary(name, terms)


@cache
def communes() -> tuple[Commune, ...]:
    rows = csv.DictReader(_data_text("communes.csv").splitlines())
    return tuple(
        Commune(
            name=row["name"],
            insee=row["insee"],
            postcode=row["postcode"],
            epci=row["epci"],
            epci_siren=row["epci_siren"],
            population=int(row["population_municipale"]),
            slug=slugify(row["name"]),
        )
        for row in rows
    )


@cache
def _commune_index() -> dict[str, Commune]:
    index: dict[str, Commune] = {}
    for commune in communes():
        index[commune.insee] = commune
        index[commune.slug] = commune
    return index


def find_commune(reference: str) -> Commune | None:
    """A commune by name (accents and case ignored), slug or INSEE code."""
    return _commune_index().get(slugify(reference)) or _commune_index().get(reference.strip())
