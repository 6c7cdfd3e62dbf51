"""The one cleaning pass every text from a content file goes through, when it is read.

After it, a text is NFC and holds only characters that every output can carry (HTML, XML for
Atom and frab, iCalendar TEXT, JSON, CSV, PDF): no control character, no bidirectional
override (which can make a text read differently from what it says), no non-character. A
one-line field (a title, a name) holds no line break. Writers rely on this and do not check
again.

Invisible characters that copy-paste brings from word processors and web pages (soft hyphen,
zero-width space, word joiner, byte-order mark) are removed, and the organiser is told.
Joiners that emoji and some scripts need (U+200C, U+200D), the direction marks of Arabic and
Hebrew text and the tags of subdivision flags are kept. Markdown's HTML character references
(« &#x202E; ») are judged as the characters they stand for.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Unicode's line and paragraph separators: invisible breaks, refused like control characters
# (« \n » is the only line break a multi-line text keeps).
_SEPARATORS = "\u2028\u2029"
# Removed with a warning: invisible, and meaningless in a published text.
REMOVED = {
    "\u00ad": "trait d'union conditionnel",
    "\u180e": "séparateur de voyelles mongol",
    "\u200b": "espace sans largeur",
    "\u2060": "gluon de mots",
    "\ufeff": "indicateur d'ordre des octets",
}
# Kept: the zero-width non-joiner and joiner (emoji sequences, Indic scripts) and the direction
# marks that Arabic or Hebrew text carries (they mark, they do not override).
KEPT_FORMAT = {"\u200c", "\u200d", "\u200e", "\u200f", "\u061c"}
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")  # embeddings, overrides, isolates
# Letters that print as nothing: a title made of them looks empty.
_BLANK_LETTERS = set("\u115f\u1160\u2800\u3164\uffa0")
_BLACK_FLAG = "\U0001f3f4"  # a subdivision flag: this, tag characters (U+E0020–E007F), then U+E007F
# Anything that may need a look: every character outside printable ASCII and common Latin text.
_SUSPECT = re.compile(r"[^\t\n\x20-\x7e\u00a0-\u00ac\u00ae-\u02ff\u2010-\u2027\u202f-\u205f\u20ac]")


# A character written as an HTML reference in Markdown (« &#x202E; », « &shy; »): a browser or a
# feed reader shows the character itself, so it is judged as if typed.
_REFERENCE = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});")


def _decoded(reference: str) -> str:
    """What a browser shows for ``reference`` (Python's ``html.unescape`` drops control characters
    that browsers keep)."""
    if not reference.startswith("&#"):
        return html.unescape(reference)
    digits = reference[2:-1]
    code = int(digits[1:], 16) if digits[:1] in "xX" else int(digits)
    if 0x80 <= code <= 0x9F:  # read as Windows-1252, as browsers do
        return html.unescape(reference)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    return chr(code)


def _as_typed(reference: re.Match) -> str:
    decoded = _decoded(reference.group())
    return decoded if decoded != reference.group() and _SUSPECT.search(decoded) else reference.group()


class TextProblem(ValueError):
    """A text that cannot be published as written; the message is French and says how to mend it."""


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


def _is_noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def clean_text(text: str, one_line: bool, markup: bool = False) -> tuple[str, list[str]]:
    """``text`` in NFC with the invisible characters of ``REMOVED`` taken out, and a French note
    for each kind removed; raises ``TextProblem`` for a character no output should carry, or a
    line break in a ``one_line`` text. ``markup``: Markdown, whose HTML character references
    (``&#x202E;``) are judged as the characters they stand for."""
    if markup and "&" in text:
        text = _REFERENCE.sub(_as_typed, text)
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
        if char != "\t" and char != "\n" and (code < 0x20 or 0x7F <= code <= 0x9F or char in _SEPARATORS):
            raise TextProblem(f"le texte contient un caractère de contrôle invisible ({_code(char)}) : "
                              "retapez ce texte sans copier-coller")
        if char in _BIDI:
            raise TextProblem(f"le texte contient un caractère invisible qui change le sens d'écriture "
                              f"({_code(char)}) : retapez-le sans copier-coller")
        if 0xE0020 <= code <= 0xE007F and kept and (kept[-1] == _BLACK_FLAG or 0xE0020 <= ord(kept[-1]) <= 0xE007F):
            kept.append(char)  # the tags of a subdivision flag (England, Scotland, Wales)
            continue
        category = unicodedata.category(char)
        if ((category == "Cf" and char not in KEPT_FORMAT) or category in ("Cs", "Co") or _is_noncharacter(code)
                or char in _BLANK_LETTERS):
            raise TextProblem(f"le texte contient un caractère invisible ou invalide ({_code(char)}) : "
                              "retapez-le sans copier-coller")
        kept.append(char)
    notes = [f"caractère invisible retiré : {_code(char)} ({REMOVED[char]})" for char in removed]
    return unicodedata.normalize("NFC", "".join(kept)), notes
