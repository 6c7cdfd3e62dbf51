"""The one cleaning pass every text from a content file goes through, when it is read.

After it, a text is NFC and holds only characters that every output can carry (HTML, XML for
Atom and frab, iCalendar TEXT, JSON, CSV, PDF): no control character, no bidirectional
override (which can make a text read differently from what it says), no non-character. A
one-line field (a title, a name) holds no line break. Writers rely on this and do not check
again.

Invisible characters that copy-paste brings from word processors and web pages (soft hyphen,
zero-width space, word joiner, byte-order mark) are removed, and the organiser is told.
Joiners that emoji and some scripts need (U+200C, U+200D) are kept.
"""

from __future__ import annotations

import re
import unicodedata

# Line breaks as Unicode knows them; « \n » is the only one a multi-line text keeps.
LINE_BREAKS = "\n\r\x0b\x0c\x85\u2028\u2029"
# Removed with a warning: invisible, and meaningless in a published text.
REMOVED = {
    "\u00ad": "trait d'union conditionnel",
    "\u180e": "séparateur de voyelles mongol",
    "\u200b": "espace sans largeur",
    "\u2060": "gluon de mots",
    "\ufeff": "indicateur d'ordre des octets",
}
KEPT_FORMAT = {"\u200c", "\u200d"}  # zero-width non-joiner and joiner: emoji sequences, Indic scripts
_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Anything that may need a look: every character outside printable ASCII and common Latin text.
_SUSPECT = re.compile(r"[^\t\n\x20-\x7e\u00a0-\u00ac\u00ae-\u02ff\u2010-\u2027\u202f-\u205f\u20ac]")


class TextProblem(ValueError):
    """A text that cannot be published as written; the message is French and says how to mend it."""


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


def _is_noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def clean_text(text: str, one_line: bool) -> tuple[str, list[str]]:
    """``text`` in NFC with the invisible characters of ``REMOVED`` taken out, and a French note
    for each kind removed; raises ``TextProblem`` for a character no output should carry, or a
    line break in a ``one_line`` text."""
    if one_line:
        lines = text.strip().split("\n")
        if len(lines) > 1:
            raise TextProblem(f"une seule ligne attendue, mais le texte en a {len(lines)} : écrivez-le sur "
                              "une seule ligne (ou mettez le détail dans la description)")
    if not _SUSPECT.search(text):
        return unicodedata.normalize("NFC", text), []
    removed: dict[str, None] = {}
    kept = []
    for char in text:
        if char in REMOVED:
            removed[char] = None
            continue
        code = ord(char)
        if char != "\t" and char != "\n" and (code < 0x20 or 0x7F <= code <= 0x9F or char in LINE_BREAKS):
            raise TextProblem(f"le texte contient un caractère de contrôle invisible ({_code(char)}) : "
                              "retapez-le à cet endroit")
        if char in _BIDI:
            raise TextProblem(f"le texte contient un caractère invisible qui change le sens d'écriture "
                              f"({_code(char)}) : retapez-le sans copier-coller")
        category = unicodedata.category(char)
        if (category == "Cf" and char not in KEPT_FORMAT) or category == "Cs" or _is_noncharacter(code):
            raise TextProblem(f"le texte contient un caractère invisible ou invalide ({_code(char)}) : "
                              "retapez-le sans copier-coller")
        kept.append(char)
    notes = [f"caractère invisible retiré : {_code(char)} ({REMOVED[char]})" for char in removed]
    return unicodedata.normalize("NFC", "".join(kept)), notes
