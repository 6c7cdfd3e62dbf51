"""Text that prints on the posters: the fonts, the characters they can draw, widths, and lines
that fit (wrapped, words broken, cut with « … »), with the French notices that tell the organiser.

Glyph coverage comes from the fonts' own character maps, so what a poster cannot print is left out
and told, never drawn as an empty box.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources
from itertools import repeat

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR, SEMIBOLD, BOLD = "SunSans", "SunSans-Semibold", "SunSans-Bold"
FONT_FILES = ((REGULAR, "SourceSansPro-Regular.ttf"), (SEMIBOLD, "SourceSansPro-Semibold.ttf"),
              (BOLD, "SourceSansPro-Bold.ttf"))


def font_paths() -> list[str]:
    """Source Sans Pro (SIL OFL), shipped in a PyPI package: it travels with the environment."""
    folder = resources.files("font_source_sans_pro") / "files"
    return [str(folder / file) for _name, file in FONT_FILES]


@cache
def register_fonts() -> None:
    for (name, _file), path in zip(FONT_FILES, font_paths(), strict=True):
        pdfmetrics.registerFont(TTFont(name, path))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)


_BREAK_AFTER = "/.-?&=_,;:"  # where a word too long for a line (a web address…) is best broken


@cache
def _printable_codes() -> frozenset[int]:
    """The characters every poster font has a glyph for, from the fonts' own character maps."""
    register_fonts()
    maps = [pdfmetrics.getFont(name).face.charToGlyph for name in (REGULAR, SEMIBOLD, BOLD)]
    return frozenset(code for code, glyph in maps[0].items() if glyph and all(m.get(code) for m in maps[1:]))


@cache
def _advances(font: str) -> tuple[dict[int, float], float]:
    face = pdfmetrics.getFont(font).face
    return face.charWidths, face.defaultWidth


def text_width(text: str, font: str, size: float) -> float:
    """reportlab's ``stringWidth`` for our fonts, with their advances looked up directly: the
    layout measures every word of every poster, for ``invoke check`` too."""
    advances, default = _advances(font)
    return 0.001 * size * sum(map(advances.get, map(ord, text), repeat(default)))


def _clean(text: str) -> tuple[str, list[str]]:
    """The text with only characters the fonts can draw, and the visible ones taken out (each once).
    A space or line break the font lacks (a thin space, a tab) becomes a plain space."""
    codes = _printable_codes()
    text = unicodedata.normalize("NFC", text)
    if codes.issuperset(map(ord, text)):
        return text, []
    kept, removed = [], []
    for char in text:
        if ord(char) in codes:
            kept.append(char)
        elif char.isspace():
            kept.append(" ")
        elif unicodedata.category(char) not in ("Cf", "Mn", "Cc", "Sk") and char not in removed:
            removed.append(char)  # joiners, variation selectors and skin tones are not shown
    return re.sub(" {2,}", " ", "".join(kept)).strip(), removed


def printable(text: str) -> str:
    """The text as the poster prints it: characters missing from the fonts are left out."""
    return _clean(text)[0]


def clean_field(text: str, field_name: str, notes) -> str:
    kept, removed = _clean(text)
    if removed:
        notes.add(f"{field_name} : caractères impossibles à imprimer retirés ({' '.join(removed)})")
    return kept


def printed_title(title: str, format_label: str) -> str:
    """A title as printed. One of emoji only prints as the event's format (« Atelier »): it names
    what the event is, and the summary under it (or the listing's time and place) says the rest; a
    blank title, or a row of empty boxes, would say nothing."""
    return printable(title) or printable(format_label) or "Rendez-vous"


def _break_word(word: str, font: str, size: float, width: float) -> list[str]:
    """A word too wide for a line in pieces that fit, broken after a « / » or « . » when one is
    near the end of a piece."""
    pieces = []
    while text_width(word, font, size) > width:
        used, cut = 0.0, 0
        for char in word:
            used += text_width(char, font, size)
            if used > width:
                break
            cut += 1
        cut = max(cut, 1)
        soft = max((index + 1 for index in range(cut - 1) if word[index] in _BREAK_AFTER), default=0)
        if soft > cut * 2 // 3:
            cut = soft
        pieces.append(word[:cut])
        word = word[cut:]
    return [*pieces, word]


def wrap_lines(text: str, font: str, size: float, width: float) -> tuple[list[str], list[str]]:
    """Lines no wider than ``width``, and the words too wide for any line (broken across lines).
    Only plain spaces break a line: a no-break space keeps « 14 h » together."""
    text = text.replace("\n", " ")
    if "  " not in text and text_width(text, font, size) <= width:
        return [text.strip(" ")] if text.strip(" ") else [""], []
    space = text_width(" ", font, size)
    lines, broken, line, used = [], [], [], 0.0
    for word in text.split(" "):
        if not word:
            continue
        word_width = text_width(word, font, size)
        if word_width > width:
            broken.append(word)
            if line:
                lines.append(" ".join(line))
            *whole, last = _break_word(word, font, size, width)
            lines += whole
            line, used = [last], text_width(last, font, size)
        elif line and used + space + word_width > width:
            lines.append(" ".join(line))
            line, used = [word], word_width
        else:
            used += (space if line else 0) + word_width
            line.append(word)
    if line:
        lines.append(" ".join(line))
    return lines or [""], broken


def with_ellipsis(line: str, font: str, size: float, width: float) -> str:
    """The line ended with « … », shortened until it fits."""
    line = line.rstrip()
    while line and text_width(line + " …", font, size) > width:
        line = line[:-1].rstrip()
    return f"{line} …" if line else "…"


def shrunk_to_fit(text: str, font: str, sizes: tuple[float, ...], width: float, notes=None,
                  field_name: str = "") -> tuple[float, list[str]]:
    """The largest size at which the text holds on one line, else its lines at the smallest."""
    for size in sizes:
        if text_width(text, font, size) <= width:
            return size, [text] if text else []
    lines, broken = wrap_lines(text, font, sizes[-1], width)
    if notes is not None:
        notes.broken(field_name, broken)
    return sizes[-1], lines


def fitted_size(text: str, font: str, size: float, width: float) -> float:
    """A size at which a line of the band or footer fits its width (they hold one line)."""
    return min(size, size * width / max(pdfmetrics.stringWidth(text, font, size), 1))


def printable_lines(text: str, font: str, size: float, width: float) -> list[str]:
    return wrap_lines(printable(text), font, size, width)[0]


class Notices(list):
    """The poster's warnings to the organiser, in the order the poster is read, each told once."""

    def add(self, message: str) -> None:
        if message not in self:
            self.append(f"affiche : {message}")

    def __contains__(self, message) -> bool:
        return super().__contains__(f"affiche : {message}")

    def broken(self, field_name: str, words: list[str]) -> None:
        for word in words:
            shown = word if len(word) <= 30 else word[:30] + "…"
            self.add(f"{field_name} : le mot « {shown} » est trop long pour une ligne, il est coupé")

    def cut(self, field_name: str) -> None:
        self.add(f"{field_name} : texte trop long pour l'affiche, coupé")
