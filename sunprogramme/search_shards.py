"""The search index in lots, so that indexing a national programme stays within memory.

Pagefind keeps everything it indexes in memory (about 120 KB per page): 25,000 events and
their partners took 3.4 GB in one run. Above ``max_pages``, the indexed pages are split
into lots by the first letters of their folder name, each lot indexed by its own run into
its own bundle; the search page merges the bundles in the visitor's browser (Pagefind's
``mergeIndex``). A programme the size of SUN stays in one bundle, as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAIN_BUNDLE = "pagefind"
MAX_PREFIX = 64  # names sharing a longer start than this stay in one lot, however many


@dataclass(frozen=True)
class SearchLot:
    bundle: str  # output folder of this lot's index, from the site root
    glob: str  # the pages it indexes, as a Pagefind --glob
    pages: int
    urls: tuple[str, ...] = field(default=(), compare=False)  # those pages' addresses (« evenements/atelier-cv/ »)


def _group(urls: list[str], length: int) -> dict[tuple[str, str], list[str]]:
    """Page URLs (« evenements/atelier-cv/ ») by folder and the first ``length`` letters of their name."""
    groups: dict[tuple[str, str], list[str]] = {}
    for url in urls:
        folder, name = url.strip("/").split("/", 1)
        groups.setdefault((folder, name[:length]), []).append(name)
    return groups


def _patterns(urls: list[str], max_pages: int, length: int = 1) -> list[tuple[str, list[str]]]:
    """(glob pattern, page URLs) for disjoint groups of at most ``max_pages`` pages when possible."""
    found: list[tuple[str, list[str]]] = []
    for (folder, prefix), names in sorted(_group(urls, length).items()):
        exact = [n for n in names if n == prefix]  # a name no longer than the prefix: matched exactly
        longer = [n for n in names if n != prefix]
        if exact:
            found.append((f"{folder}/{prefix}/index.html", [f"{folder}/{n}/" for n in exact]))
        if len(longer) > max_pages and length < MAX_PREFIX:
            found += _patterns([f"{folder}/{n}/" for n in longer], max_pages, length + 1)
        elif longer:
            found.append((f"{folder}/{prefix}?*/index.html", [f"{folder}/{n}/" for n in longer]))
    return found


def search_lots(urls: list[str], max_pages: int, folders: list[str]) -> list[SearchLot]:
    """The lots indexing ``urls`` (pages « folder/name/ », in ``folders``); one lot when they are few
    enough (even none: a programme that has no event yet still gets its, empty, index)."""
    if len(urls) <= max_pages:
        folders = sorted(set(folders))
        glob = "{" + ",".join(folders) + "}/**/*.html" if len(folders) > 1 else f"{folders[0]}/**/*.html"
        return [SearchLot(MAIN_BUNDLE, glob, len(urls), tuple(urls))]
    lots: list[list[tuple[str, list[str]]]] = [[]]
    for pattern, members in _patterns(urls, max_pages):
        if lots[-1] and sum(len(m) for _p, m in lots[-1]) + len(members) > max_pages:
            lots.append([])
        lots[-1].append((pattern, members))
    return [SearchLot(MAIN_BUNDLE if index == 0 else f"{MAIN_BUNDLE}-{index + 1}",
                      "{" + ",".join(p for p, _m in lot) + "}", sum(len(m) for _p, m in lot),
                      tuple(url for _p, members in lot for url in members))
            for index, lot in enumerate(lots)]
