"""The ids an import gives new partners and venues, and the names by which it recognises a partner."""

from __future__ import annotations

import re

from ...vocabularies import Commune, slugify


def name_keys(partner_id: str, name: str) -> set[str]:
    """What a partner may be called in the directory: its file name, its name, or its name's short form
    (« CATON – Cap vers l'Accès… » is « CATON » in DORA)."""
    short = re.split(r" [–—-] | \(|, ", name, maxsplit=1)[0]
    return {partner_id, slugify(name), slugify(short)}


def venue_base(name: str, commune: Commune) -> str:
    """« La Fabrique numérique » in Palaiseau → « la-fabrique-numerique-palaiseau » (the commune once)."""
    base = slugify(name)
    if commune.slug not in base:
        base = f"{base}-{commune.slug}"
    return base[:60].strip("-")


def unique_id(base: str, taken: set[str], commune: Commune | None = None) -> str:
    """``base``, else ``base-<commune>`` (when given), else ``base-2``, ``base-3``…"""
    if base not in taken:
        return base
    if commune is not None and f"{base}-{commune.slug}" not in taken:
        return f"{base}-{commune.slug}"
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"
