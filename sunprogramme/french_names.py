"""French grammar around names and counts, in one place for pages, posters, feeds, embeds and calendars.

A commune's article comes from the COG's « type de nom en clair » (TNCC), given for each commune in
``data/communes.csv``:

====  ========  ==============  ==================
TNCC  article   « à » (in)      « de » (of)
====  ========  ==============  ==================
0     none      à Massy         de Massy
1     none      à Orsay         d'Orsay (vowel or mute h)
2     Le        au Plessis      du Plessis
3     La        à La Ville      de La Ville
4     Les       aux Ulis        des Ulis
5     L'        à L'Haÿ         de L'Haÿ
6     Aux       aux Marais      des Marais
7     Las       à Las Illas     de Las Illas
8     Los       à Los Masos     de Los Masos
====  ========  ==============  ==================

« Le », « Les » and « Aux » contract with the preposition (lower case: « aux Ulis »); the other articles
are part of the name and keep their capital (« à La Ville-du-Bois », as the Imprimerie nationale writes
« à La Rochelle »). A name may be stored with its article in front (« Les Ulis »), after it as the COG's
sorting form (« Ulis (Les) »), or without it (« Ulis », the article told by the TNCC alone): all give the
same phrases.

Counts: in French, 0 and 1 take the singular (« 1 rendez-vous gratuit »), 2 and more the plural.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ARTICLES = {2: "Le", 3: "La", 4: "Les", 5: "L'", 6: "Aux", 7: "Las", 8: "Los"}
_TNCC_OF_ARTICLE = {article.casefold(): tncc for tncc, article in ARTICLES.items()}
_AT = {2: "au", 4: "aux", 6: "aux"}  # « à » + article, contracted; the others: « à » + the name
_OF = {2: "du", 4: "des", 6: "des"}  # « de » + article, contracted
_VOWELS = "aeiouyàâäéèêëîïôöùûüœæ"  # not h: « de Hautefeuille », an aspirated h is not elided
_SORTING_FORM = re.compile(r"^(?P<rest>.+?) \((?P<article>[^()]+?)\)$")  # « Ulis (Les) », « Haÿ-les-Roses (L') »


@dataclass(frozen=True)
class PlaceName:
    """A place's name split into its article (may be empty) and the rest, with its TNCC."""

    article: str
    rest: str
    tncc: int

    @property
    def name(self) -> str:
        """The name as written in a sentence on its own: « Les Ulis », « L'Haÿ-les-Roses », « Massy »."""
        if not self.article:
            return self.rest
        return f"{self.article}{self.rest}" if self.article.endswith("'") else f"{self.article} {self.rest}"

    @property
    def at(self) -> str:
        """« à Massy », « aux Ulis », « au Plessis », « à La Ville-du-Bois »."""
        if self.tncc in _AT:
            return f"{_AT[self.tncc]} {self.rest}"
        return f"à {self.name}"

    @property
    def of(self) -> str:
        """« de Massy », « d'Orsay », « des Ulis », « du Plessis », « de La Ville-du-Bois »."""
        if self.tncc in _OF:
            return f"{_OF[self.tncc]} {self.rest}"
        if self.tncc == 1:
            return f"d'{self.name}"
        return f"de {self.name}"


def _starts_with_vowel(text: str) -> bool:
    return bool(text) and text[0].casefold() in _VOWELS


def guess_tncc(name: str) -> int:
    """The TNCC a name's spelling shows, for a place the COG data does not give (a commune outside the
    territory, written by hand): its leading article, else 1 for a vowel, else 0 (an h is not elided)."""
    found = _SORTING_FORM.match(name)
    if found and found["article"].casefold() in _TNCC_OF_ARTICLE:
        return _TNCC_OF_ARTICLE[found["article"].casefold()]
    if name[:2].casefold() == "l'" or name[:2].casefold() == "l’":
        return 5
    first = name.split(" ", 1)
    if len(first) == 2 and first[0].casefold() in _TNCC_OF_ARTICLE:
        return _TNCC_OF_ARTICLE[first[0].casefold()]
    return 1 if _starts_with_vowel(name) else 0


def place_name(name: str, tncc: int | None = None) -> PlaceName:
    """Split ``name`` (« Les Ulis », « Ulis (Les) » or « Ulis ») by its article; ``tncc`` is the COG's type
    of name (None: read from the spelling, see ``guess_tncc``)."""
    name = " ".join(name.split())
    if tncc is None:
        tncc = guess_tncc(name)
    article = ARTICLES.get(tncc, "")
    found = _SORTING_FORM.match(name)
    if found and found["article"].casefold() == article.casefold():
        return PlaceName(article, found["rest"], tncc)
    if article.endswith("'"):
        if name[:2].casefold() in ("l'", "l’"):
            name = name[2:]
        return PlaceName(article, name, tncc)
    if article and name.casefold().startswith(article.casefold() + " "):
        name = name[len(article) + 1:]
    return PlaceName(article, name, tncc)


def at_place(name: str, tncc: int | None = None) -> str:
    """« aux Ulis »: see ``PlaceName.at``."""
    return place_name(name, tncc).at


def of_place(name: str, tncc: int | None = None) -> str:
    """« des Ulis »: see ``PlaceName.of``."""
    return place_name(name, tncc).of


# --- a preposition before any noun phrase ------------------------------------------------------------------

def with_a(phrase: str) -> str:
    """« à » before a noun phrase, contracted: « les événements » → « aux événements », « le programme » →
    « au programme »; « la liste », « l'affiche », « cet atelier » keep « à »."""
    head, _space, tail = phrase.partition(" ")
    if tail and head.casefold() == "les":
        return f"aux {tail}"
    if tail and head.casefold() == "le":
        return f"au {tail}"
    return f"à {phrase}"


def with_de(phrase: str) -> str:
    """« de » before a noun phrase or a name, contracted or elided: « les événements » → « des
    événements », « le programme » → « du programme », « Emmaüs Connect » → « d'Emmaüs Connect »."""
    head, _space, tail = phrase.partition(" ")
    if tail and head.casefold() == "les":
        return f"des {tail}"
    if tail and head.casefold() == "le":
        return f"du {tail}"
    if _starts_with_vowel(phrase):
        return f"d'{phrase}"
    return f"de {phrase}"


# --- counts ------------------------------------------------------------------------------------------------

def agree(n: int, singular: str, plural: str | None = None) -> str:
    """The words after the count ``n``: singular for 0 and 1, else ``plural`` (default: ``singular`` + s)."""
    if abs(n) < 2:
        return singular
    return plural if plural is not None else f"{singular}s"


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """« 1 rendez-vous gratuit », « 2 rendez-vous gratuits », « 3 lieux » (``plural`` when not + s)."""
    return f"{n} {agree(n, singular, plural)}"
