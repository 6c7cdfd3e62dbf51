"""The search index in lots: every indexed page in exactly one lot, lots no bigger than asked."""

from __future__ import annotations

import fnmatch

from sunprogramme.search_shards import search_lots


def _matches(glob: str, url: str) -> bool:
    alternatives = glob.strip("{}").split(",")
    return any(fnmatch.fnmatchcase(f"{url}index.html", pattern) for pattern in alternatives)


def test_few_pages_make_one_bundle_as_before():
    lots = search_lots(["evenements/a/", "partenaires/b/"], 10, ["evenements", "partenaires"])
    assert [(lot.bundle, lot.glob, lot.pages) for lot in lots] == [
        ("pagefind", "{evenements,partenaires}/**/*.html", 2)]


def test_each_page_is_in_exactly_one_lot_of_bounded_size():
    names = ["a", "ab", "abc", "abd", "abe", "abf", "b1", "b2", "c", "cz", "d-e", "zz", "zzz", "é-atelier"]
    urls = [f"evenements/{n}/" for n in names] + [f"partenaires/{n}/" for n in names[:5]]
    lots = search_lots(urls, 4, ["evenements", "partenaires"])
    assert [lot.bundle for lot in lots][:3] == ["pagefind", "pagefind-2", "pagefind-3"]
    for url in urls:
        assert [lot.bundle for lot in lots if _matches(lot.glob, url)].__len__() == 1, url
    assert all(lot.pages <= 4 for lot in lots)
    assert sum(lot.pages for lot in lots) == len(urls)
    # « a » alone and the longer « ab… » names are told apart: exact name, then « a?* » refined
    assert "evenements/a/index.html" in lots[0].glob


def test_names_with_a_long_common_start_are_still_split():
    urls = [f"evenements/evenement-{n}/" for n in range(2500)]
    lots = search_lots(urls, 1000, ["evenements"])
    assert len(lots) == 3 and all(lot.pages <= 1000 for lot in lots)
    assert all(sum(_matches(lot.glob, url) for lot in lots) == 1 for url in urls)


def test_a_programme_without_pages_still_gets_its_index():
    assert [(lot.bundle, lot.glob) for lot in search_lots([], 10, ["partenaires", "evenements"])] == [
        ("pagefind", "{evenements,partenaires}/**/*.html")]
