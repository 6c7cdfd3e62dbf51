"""Field tables for the README, written from the same field descriptions as the checks."""

from __future__ import annotations

from . import schema
from .fields import Field, Record
from .vocabularies import vocabulary

KIND_WORDS = {
    "text": "texte", "markdown": "texte Markdown", "bool": "oui / non", "int": "nombre entier",
    "float": "nombre décimal", "date": "date (2026-10-13 ou 13/10/2026)", "time": "heure (\"14:30\")",
    "url": "lien https://", "email": "e-mail", "phone": "téléphone (\"01 99 00 12 34\")",
    "postcode": "code postal (\"91300\")", "id": "identifiant", "ref": "identifiant", "vocab": "valeur d'une liste",
    "commune": "commune du territoire", "place": "commune", "path": "fichier image", "record": "sous-champs",
    "list": "liste",
}


def _kind(f: Field) -> str:
    if f.kind == "list" and f.item is not None:
        inner = _kind(f.item)
        words = "".join(f", ou `{w}`" for w in f.or_words)
        return f"liste de : {inner}{words}"
    if f.kind == "vocab":
        return "une valeur parmi : " + ", ".join(f"`{s}`" for s in vocabulary(f.vocabulary or "").slugs)
    return KIND_WORDS[f.kind]


def _rows(record: Record, prefix: str = "") -> list[str]:
    rows = []
    for f in record.fields:
        key = f"{prefix}{f.key}"
        need = "**oui**" if f.required else ""
        default = ""
        if f.default is not None:
            value = f.default() if callable(f.default) else f.default
            default = f" (par défaut : `{', '.join(value) if isinstance(value, list) else value}`)"
        rows.append(f"| `{key}` | {need} | {f.label}{default} | {_kind(f)} |")
        nested = f.record or (f.item.record if f.item is not None else None)
        if nested is not None:
            rows.extend(_rows(nested, f"{key}{'[]' if f.kind == 'list' else ''}."))
    return rows


def table(record: Record) -> str:
    head = ["| champ | obligatoire | ce qu'il contient | forme |", "| --- | --- | --- | --- |"]
    return "\n".join(head + _rows(record))


TABLES = {"evenement": schema.EVENT, "partenaire": schema.PARTNER, "edition": schema.EDITION}


def update_readme(text: str) -> str:
    """Replace each ``<!-- champs:NAME -->…<!-- /champs:NAME -->`` block with its fresh table."""
    for name, record in TABLES.items():
        start, end = f"<!-- champs:{name} -->", f"<!-- /champs:{name} -->"
        before, found, rest = text.partition(start)
        if not found:
            raise ValueError(f"README: marqueur {start} manquant")
        _, _, after = rest.partition(end)
        text = f"{before}{start}\n{table(record)}\n{end}{after}"
    return text
