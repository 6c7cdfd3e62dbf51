"""« vouliez-vous dire » for a venue an event names but no partner declares: only venues of the commune
its identifier names (« mediatheque-des-ulis » → the venues of Les Ulis), each with its commune."""

from __future__ import annotations

import difflib

from .french_names import at_place
from .vocabularies import communes, slugify

_ARTICLES = ("les-", "la-", "le-", "l-")


def _bare(slug: str) -> str:
    return next((slug[len(a):] for a in _ARTICLES if slug.startswith(a)), slug)


def _at(name: str) -> str:
    commune = next((c for c in communes() if c.name == name), None)
    return commune.at if commune is not None else at_place(name)


def named_commune(venue_id: str, names: set[str]) -> str | None:
    """The commune (among ``names`` and the communes of communes.csv) whose name is part of ``venue_id``,
    the longest when several are."""
    padded = f"-{venue_id}-"
    found = [name for name in names | {c.name for c in communes()}
             if (bare := _bare(slugify(name))) and f"-{bare}-" in padded]
    return max(found, key=lambda n: (len(_bare(slugify(n))), n), default=None)


def venue_hint(venue_id: str, venues: tuple[tuple[str, str], ...]) -> str:
    """What to add after « lieu « x » inconnu »: the closest venue with its commune, and the venues of the
    commune its identifier names. ``venues``: (identifier, commune name) of every declared venue."""
    commune = named_commune(venue_id, {name for _id, name in venues})
    pool = [(vid, name) for vid, name in venues if commune is None or name == commune]
    close = difflib.get_close_matches(venue_id, [vid for vid, _name in pool], n=1, cutoff=0.6)
    where = dict(pool)
    hint = f" ; vouliez-vous dire « {close[0]} » ({where[close[0]]}) ?" if close else ""
    if commune is None:
        return hint
    listed = sorted(vid for vid, _name in pool)
    if not listed:
        return f" ; aucun lieu n'est déclaré {_at(commune)}"
    if listed == close:
        return hint
    return f"{hint} Lieux déclarés {_at(commune)} : {', '.join(listed)}" if hint else (
        f" ; lieux déclarés {_at(commune)} : {', '.join(listed)}")


