"""Printable PDFs: event posters, commune posters, the programme booklet, commune packs.

Pure: plain data in (``EventPoster``, ``ListingPage``), PDF bytes out, drawn with
reportlab as vector text (selectable, fonts embedded) and a vector QR code.
Every organiser-written string is drawn as text or escaped before it reaches a
reportlab Paragraph, so a title holding ``<b>`` or ``&`` prints as typed.
``invariant=1`` makes the same input give the same bytes.

Layouts are drawn on A4 (in points) and scaled for A3, so both print alike.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import repeat
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A3, A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .qr import dark_runs, qr_matrix

REGULAR, SEMIBOLD, BOLD = "SunSans", "SunSans-Semibold", "SunSans-Bold"
INK = colors.HexColor("#1b1b1b")
ACCENT = colors.HexColor("#8a3b00")
CREAM = colors.HexColor("#fff6ea")
DANGER = colors.HexColor("#a4161a")
MUTED = colors.HexColor("#474747")
MARGIN = 15 * mm
QR_SIZE = 46 * mm  # printed size on A4; at least 25 mm is asked for
SIZES = {"A4": A4, "A3": A3}

# Short marks drawn in the accessibility pictograms (the wheelchair is drawn as a figure).
PICTOGRAM_MARKS = {
    "lsf": "LSF", "boucle-magnetique": "T", "sous-titrage": "ST", "falc": "FALC", "gros-caracteres": "A+",
    "audiodescription": "AD", "lecteur-ecran": "Loupe", "accueil-calme": "Calme",
}


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


@dataclass(frozen=True)
class Branding:
    edition_name: str
    edition_title: str
    dates: str  # « du samedi 10 au samedi 24 octobre 2026 »
    site: str  # « sun.example.org », typed by people who cannot scan
    help_phone: str | None


@dataclass(frozen=True)
class EventPoster:
    branding: Branding
    title: str
    summary: str
    status: str  # vocabulary slug
    status_words: str  # « ANNULÉ : cet événement n'aura pas lieu. », empty when confirmed
    sessions: tuple[str, ...]
    place: tuple[str, ...]
    access: str | None
    audience: str
    level: str
    price: str
    registration: str  # « Inscription obligatoire » / « Sans inscription : venez directement »
    registration_phone: str | None
    registration_other: str | None
    accessibility: tuple[tuple[str, str], ...]  # (slug, label)
    bring: tuple[str, ...]
    organisers: tuple[str, ...]
    logos: tuple[str, ...]  # absolute paths of checked images
    qr_url: str
    short_address: str
    format_label: str = ""  # « Atelier »: printed as the title when the title has nothing printable


@dataclass(frozen=True)
class ListingRow:
    day: str  # « mar. 13 oct. »
    time: str  # « 14 h – 16 h »
    title: str
    place: str
    status: str  # label, empty when confirmed
    format_label: str = ""  # printed when the title has nothing printable, as on the event's poster


@dataclass(frozen=True)
class ListingPage:
    """A commune poster or a booklet: a heading, a QR code, and rows grouped under headings."""

    branding: Branding
    heading: str
    intro: str
    qr_url: str
    qr_caption: str
    groups: tuple[tuple[str, tuple[ListingRow, ...]], ...]  # (group heading or "", rows)
    show_day: bool = True
    events: tuple[EventPoster, ...] = field(default=())  # appended one per page: a commune pack


# --- text that prints: glyphs the font has, lines inside the margins ------------------

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


def _width(text: str, font: str, size: float) -> float:
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


def _clean_field(text: str, field_name: str, notes) -> str:
    kept, removed = _clean(text)
    if removed:
        notes.add(f"{field_name} : caractères impossibles à imprimer retirés ({' '.join(removed)})")
    return kept


def _title(title: str, format_label: str) -> str:
    """A title as printed. One of emoji only prints as the event's format (« Atelier »): it names
    what the event is, and the summary under it (or the listing's time and place) says the rest; a
    blank title, or a row of empty boxes, would say nothing."""
    return printable(title) or printable(format_label) or "Rendez-vous"


def _break_word(word: str, font: str, size: float, width: float) -> list[str]:
    """A word too wide for a line in pieces that fit, broken after a « / » or « . » when one is
    near the end of a piece."""
    pieces = []
    while _width(word, font, size) > width:
        used, cut = 0.0, 0
        for char in word:
            used += _width(char, font, size)
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


def _wrap(text: str, font: str, size: float, width: float) -> tuple[list[str], list[str]]:
    """Lines no wider than ``width``, and the words too wide for any line (broken across lines).
    Only plain spaces break a line: a no-break space keeps « 14 h » together."""
    text = text.replace("\n", " ")
    if "  " not in text and _width(text, font, size) <= width:
        return [text.strip(" ")] if text.strip(" ") else [""], []
    space = _width(" ", font, size)
    lines, broken, line, used = [], [], [], 0.0
    for word in text.split(" "):
        if not word:
            continue
        word_width = _width(word, font, size)
        if word_width > width:
            broken.append(word)
            if line:
                lines.append(" ".join(line))
            *whole, last = _break_word(word, font, size, width)
            lines += whole
            line, used = [last], _width(last, font, size)
        elif line and used + space + word_width > width:
            lines.append(" ".join(line))
            line, used = [word], word_width
        else:
            used += (space if line else 0) + word_width
            line.append(word)
    if line:
        lines.append(" ".join(line))
    return lines or [""], broken


def _ellipsis(line: str, font: str, size: float, width: float) -> str:
    """The line ended with « … », shortened until it fits."""
    line = line.rstrip()
    while line and _width(line + " …", font, size) > width:
        line = line[:-1].rstrip()
    return f"{line} …" if line else "…"


def _shrunk(text: str, font: str, sizes: tuple[float, ...], width: float, notes=None,
            field_name: str = "") -> tuple[float, list[str]]:
    """The largest size at which the text holds on one line, else its lines at the smallest."""
    for size in sizes:
        if _width(text, font, size) <= width:
            return size, [text] if text else []
    lines, broken = _wrap(text, font, sizes[-1], width)
    if notes is not None:
        notes.broken(field_name, broken)
    return sizes[-1], lines


def _fitted_size(text: str, font: str, size: float, width: float) -> float:
    """A size at which a line of the band or footer fits its width (they hold one line)."""
    return min(size, size * width / max(pdfmetrics.stringWidth(text, font, size), 1))


def _centred(canvas: Canvas, text: str, font: str, size: float, centre: float, right: float, y: float) -> None:
    """Centred on ``centre``, moved left if it would cross ``right``."""
    canvas.setFont(font, size)
    canvas.drawCentredString(min(centre, right - pdfmetrics.stringWidth(text, font, size) / 2), y, text)


def _lines(text: str, font: str, size: float, width: float) -> list[str]:
    return _wrap(printable(text), font, size, width)[0]


# --- drawing helpers -------------------------------------------------------------


def _draw_qr(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    matrix = qr_matrix(url)
    module = size / len(matrix)
    canvas.setFillColor(colors.white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    path = canvas.beginPath()
    for row, column, length in dark_runs(matrix):
        path.rect(x + column * module, y + size - (row + 1) * module, length * module, module)
    canvas.drawPath(path, stroke=0, fill=1)


def _wheelchair(canvas: Canvas, x: float, y: float, size: float) -> None:
    """The international symbol of access, drawn as a simple figure."""
    s = size
    canvas.setStrokeColor(colors.white)
    canvas.setFillColor(colors.white)
    canvas.setLineWidth(s * 0.09)
    canvas.circle(x + s * 0.45, y + s * 0.82, s * 0.08, stroke=0, fill=1)
    canvas.line(x + s * 0.43, y + s * 0.70, x + s * 0.43, y + s * 0.45)
    canvas.line(x + s * 0.43, y + s * 0.45, x + s * 0.68, y + s * 0.45)
    canvas.line(x + s * 0.68, y + s * 0.45, x + s * 0.78, y + s * 0.22)
    canvas.line(x + s * 0.43, y + s * 0.60, x + s * 0.62, y + s * 0.60)
    canvas.circle(x + s * 0.42, y + s * 0.33, s * 0.21, stroke=1, fill=0)


def _pictogram(canvas: Canvas, slug: str, x: float, y: float, size: float) -> None:
    canvas.setFillColor(colors.HexColor("#0b4f8a"))
    canvas.roundRect(x, y, size, size, size * 0.15, stroke=0, fill=1)
    if slug == "fauteuil-roulant":
        _wheelchair(canvas, x, y, size)
        return
    mark = PICTOGRAM_MARKS.get(slug, "i")
    font_size = size * (0.55 if len(mark) <= 2 else 0.36 if len(mark) <= 4 else 0.28)
    canvas.setFillColor(colors.white)
    canvas.setFont(BOLD, font_size)
    canvas.drawCentredString(x + size / 2, y + size / 2 - font_size * 0.35, mark)


def _band(canvas: Canvas, branding: Branding, width: float, height: float) -> float:
    """The edition's band across the top; returns the y below it. Each line is made smaller if it
    would not hold on its line (a long edition title)."""
    band = 24 * mm
    canvas.setFillColor(ACCENT)
    canvas.rect(0, height - band, width, band, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    free = width - 2 * MARGIN - pdfmetrics.stringWidth("Gratuit", BOLD, 16) - 6 * mm
    name = printable(branding.edition_name)
    canvas.setFont(BOLD, _fitted_size(name, BOLD, 24, free))
    canvas.drawString(MARGIN, height - 12 * mm, name)
    line = printable(f"{branding.edition_title}, {branding.dates}")
    canvas.setFont(REGULAR, _fitted_size(line, REGULAR, 12.5, width - 2 * MARGIN))
    canvas.drawString(MARGIN, height - 18.5 * mm, line)
    canvas.setFont(BOLD, 16)
    canvas.drawRightString(width - MARGIN, height - 12 * mm, "Gratuit")
    return height - band


def _footer(canvas: Canvas, branding: Branding, width: float, room: float = 0) -> None:
    """The footer line; ``room``: what is kept free at its right (the page number)."""
    canvas.setFillColor(MUTED)
    text = f"Tout le programme : {branding.site}"
    if branding.help_phone:
        text += f" — Une question ? {branding.help_phone}"
    text = printable(text)
    canvas.setFont(REGULAR, _fitted_size(text, REGULAR, 11, width - 2 * MARGIN - room))
    canvas.drawString(MARGIN, 8 * mm, text)


# --- event poster -------------------------------------------------------------------

class _Notices(list):
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


class _NoCanvas:
    """Takes every drawing call and draws nothing: the layout run for its notices alone."""

    def __getattr__(self, _name):
        return _ignore


def _ignore(*_args, **_kwargs) -> None:
    return None


@dataclass
class _Block:
    label: str
    field: str  # the field an organiser edits, named in the notices
    items: list[list[tuple[str, str, float]]]  # each item's lines: (text, font, size)
    pictograms: tuple[tuple[str, str], ...] = ()

    def lines(self) -> list[tuple[str, str, float]]:
        return [line for item in self.items for line in item]

    def height(self, scale: float) -> float:
        label = 14 * scale * 1.2 if self.label else 0
        text = sum(size * scale * 1.22 for _t, _f, size in self.lines())
        pictos = len(self.pictograms) * 11 * mm * scale
        return label + text + pictos + 4 * mm * scale


@dataclass(frozen=True)
class _Facts:
    """The poster's facts, cleaned of what the font cannot print."""

    sessions: tuple[str, ...]
    place: tuple[str, ...]
    access: str
    audience: str
    registration: str
    registration_phone: str
    registration_other: str
    accessibility: tuple[tuple[str, str], ...]
    bring: tuple[str, ...]
    organisers: tuple[str, ...]


def _clean_facts(poster: EventPoster, notes: _Notices) -> _Facts:
    def clean(field_name: str, texts) -> tuple[str, ...]:
        return tuple(kept for kept in (_clean_field(t, field_name, notes) for t in texts) if kept)

    return _Facts(
        sessions=clean("seances", poster.sessions),
        place=clean("lieu", poster.place),
        access=_clean_field(poster.access or "", "lieu", notes),
        audience=printable(f"{poster.audience} — {poster.level}"),
        registration=printable(poster.registration),
        registration_phone=_clean_field(poster.registration_phone or "", "inscription", notes),
        registration_other=_clean_field(poster.registration_other or "", "inscription", notes),
        accessibility=tuple((slug, printable(label)) for slug, label in poster.accessibility),
        bring=clean("a_apporter", poster.bring),
        organisers=clean("organisateurs", poster.organisers),
    )


def _fact_blocks(facts: _Facts, width: float, scale: float, broken: list[tuple[str, str]]) -> list[_Block]:
    def wrap(field_name: str, text: str, font: str = REGULAR, size: float = 14) -> list[tuple[str, str, float]]:
        lines, too_wide = _wrap(text, font, size * scale, width)
        broken.extend((field_name, word) for word in too_wide)
        return [(line, font, size) for line in lines]

    blocks = [_Block("Quand", "seances", [wrap("seances", s, SEMIBOLD, 15) for s in facts.sessions])]
    place = [wrap("lieu", p) for p in facts.place]
    if facts.access:
        place.append(wrap("lieu", f"Accès : {facts.access}", REGULAR, 12))
    blocks.append(_Block("Où", "lieu", place))
    blocks.append(_Block("Pour qui", "publics", [wrap("publics", facts.audience)]))
    registration = [wrap("inscription", facts.registration, SEMIBOLD, 15)]
    if facts.registration_phone:
        registration.append(wrap("inscription", facts.registration_phone, BOLD, 26))
    if facts.registration_other:
        registration.append(wrap("inscription", facts.registration_other, REGULAR, 12.5))
    blocks.append(_Block("Inscription", "inscription", registration))
    if facts.accessibility:
        blocks.append(_Block("Accessibilité", "accessibilite", [], facts.accessibility))
    if facts.bring:
        blocks.append(_Block("À apporter", "a_apporter", [wrap("a_apporter", f"• {item}") for item in facts.bring]))
    if facts.organisers:
        blocks.append(_Block("Organisé par", "organisateurs",
                             [wrap("organisateurs", ", ".join(facts.organisers), REGULAR, 13)]))
    return blocks


SCALES = tuple(round(1 - 0.04 * step, 2) for step in range(11))  # 1.0 down to the floor, 0.6


def _others(count: int) -> str:
    return f"… et {count} {'autre' if count == 1 else 'autres'} : voir la page"


def _fit_facts(facts: _Facts, width: float, available: float, notes: _Notices) -> tuple[list[_Block], float]:
    """The facts at the largest scale that fits; below the floor, lists are cut (saying how many
    are left out), then long texts; what still does not fit is cut when drawn (see draw_event_poster)."""
    made: dict[float, tuple[list[_Block], list[tuple[str, str]]]] = {}

    def layout(scale: float):
        if scale not in made:
            broken: list[tuple[str, str]] = []
            made[scale] = (_fact_blocks(facts, width, scale, broken), broken)
        return made[scale]

    def excess(scale: float) -> float:
        return sum(b.height(scale) for b in layout(scale)[0]) - available

    if excess(SCALES[0]) <= 0:
        chosen = 0
    else:  # the height shrinks with the scale: the first that fits, by halving
        low, high = 1, len(SCALES) - 1
        while low < high:
            middle = (low + high) // 2
            low, high = (low, middle) if excess(SCALES[middle]) <= 0 else (middle + 1, high)
        chosen = low
    scale = SCALES[chosen]
    blocks, broken = layout(scale)
    for field_name, word in broken:
        notes.broken(field_name, [word])
    over = excess(scale)
    if over <= 0:
        return blocks, scale

    def lines_height(lines) -> float:
        return sum(size * scale * 1.22 for _t, _f, size in lines)

    def wrapped(text: str, font: str, size: float) -> list[tuple[str, str, float]]:
        return [(line, font, size) for line in _wrap(text, font, size * scale, width)[0]]

    by_field = {block.field: block for block in blocks}
    # Lists first, the least needed first: what to bring, who organises, then the dates (one kept).
    bring = by_field.get("a_apporter")
    if bring is not None:
        over, kept = _cut_items(bring, over, 0, lambda n: wrapped(_others(n), REGULAR, 14), lines_height)
        total = len(facts.bring)
        if kept < total:
            notes.add(f"a_apporter : {kept} {'élément' if kept == 1 else 'éléments'} sur {total} "
                      f"{'imprimé' if kept == 1 else 'imprimés'}, faute de place ; l'affiche indique "
                      f"« {_others(total - kept)} »")
    organisers = by_field.get("organisateurs")
    if over > 0 and organisers is not None and len(facts.organisers) > 1:
        whole = lines_height(organisers.lines())
        for kept in range(len(facts.organisers) - 1, -1, -1):
            text = ", ".join(facts.organisers[:kept])
            lines = wrapped(f"{text} {_others(len(facts.organisers) - kept)}".strip(), REGULAR, 13)
            if whole - lines_height(lines) >= over or kept == 0:
                break
        organisers.items = [lines]
        over -= whole - lines_height(lines)
        notes.add(f"organisateurs : {kept} sur {len(facts.organisers)} imprimés, faute de place ; l'affiche "
                  f"indique « {_others(len(facts.organisers) - kept)} »")
    sessions = by_field.get("seances")
    if over > 0 and sessions is not None and len(sessions.items) > 2:
        over, kept = _cut_items(sessions, over, 1, lambda n: wrapped(
            f"et {n} autres dates : voir l'adresse ci-contre", SEMIBOLD, 15), lines_height)
        notes.add(f"seances : {kept} {'date' if kept == 1 else 'dates'} sur {len(facts.sessions)} "
                  f"{'imprimée' if kept == 1 else 'imprimées'}, faute de place ; les autres sont sur la page "
                  "de l'événement")
    # Then the longest texts lose their last lines, marked « … ».
    while over > 0:
        longest = max(((len(item), index, block) for block in blocks for index, item in enumerate(block.items)
                       if len(item) > 1), default=None, key=lambda found: found[:2])
        if longest is None:
            break
        _count, index, block = longest
        item = block.items[index]
        dropped = item.pop()
        text, font, size = item[-1]
        item[-1] = (_ellipsis(text, font, size * scale, width), font, size)
        over -= dropped[2] * scale * 1.22
        notes.cut(block.field)
    return blocks, scale


def _cut_items(block: _Block, over: float, keep_at_least: int, tail, lines_height) -> tuple[float, int]:
    """Drop the block's last items, for a line saying how many are left out, until ``over``
    points are saved (or ``keep_at_least`` items remain); returns what is still over, and how
    many items are kept."""
    items = block.items
    whole = lines_height(block.lines())
    kept = len(items)
    while kept > keep_at_least:
        kept -= 1
        lines = tail(len(items) - kept)
        saved = whole - lines_height([line for item in items[:kept] for line in item]) - lines_height(lines)
        if saved >= over:
            break
    if kept == len(items):
        return over, kept
    block.items = [*items[:kept], lines]
    return over - saved, kept


def poster_notices(poster: EventPoster) -> tuple[str, ...]:
    """The warnings for this event's poster (« affiche : … », French): characters the font cannot
    print, words broken across lines, lists and texts cut for want of room. Pure and cheap (the
    layout without drawing, the QR code or the logos), so ``invoke check`` and the build tell the
    same ones. Nothing of the layout depends on the site's address, the QR code or the edition's
    band, so any stand-in for them gives the same notices."""
    return draw_event_poster(_NoCanvas(), poster)  # type: ignore[arg-type]


def draw_event_poster(canvas: Canvas, poster: EventPoster, width: float = A4[0],
                      height: float = A4[1]) -> tuple[str, ...]:
    """One A4 page (in points); the caller scales the canvas for other sizes. Every line is
    wrapped inside the margins and everything drawn stays above the footer; returns the notices."""
    register_fonts()
    drawing = not isinstance(canvas, _NoCanvas)
    notes = _Notices()
    title = _clean_field(poster.title, "titre", notes)
    if not title:
        title = _title(title, poster.format_label)
        notes.add(f"titre : il ne reste rien à imprimer ; l'affiche porte « {title} » à la place")
    summary_text = _clean_field(poster.summary, "resume", notes)
    price = _clean_field(poster.price, "tarif", notes)
    facts = _clean_facts(poster, notes)

    top = _band(canvas, poster.branding, width, height) - 8 * mm
    inner = width - 2 * MARGIN
    if poster.status_words:
        canvas.setFillColor(DANGER)
        lines = _wrap(printable(poster.status_words), BOLD, 20, inner - 8 * mm)[0]
        box = 8 * mm + 24 * len(lines)
        canvas.rect(MARGIN, top - box, inner, box, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(BOLD, 20)
        for index, line in enumerate(lines):
            canvas.drawString(MARGIN + 4 * mm, top - 4 * mm - 18 - index * 24, line)
        top -= box + 6 * mm
    # The type gets smaller before a word is broken: broken only at the smallest size.
    for size in (40, 36, 32, 28, 25, 22, 20):
        title_lines, broken = _wrap(title, BOLD, size, inner)
        if len(title_lines) <= 3 and not broken:
            break
    notes.broken("titre", broken)
    if len(title_lines) > 4:
        title_lines = [*title_lines[:3], _ellipsis(title_lines[3], BOLD, size, inner)]
        notes.cut("titre")
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, size)
    for line in title_lines:
        top -= size * 1.05
        canvas.drawString(MARGIN, top, line)
    top -= 4 * mm
    summary, broken = _wrap(summary_text, REGULAR, 15, inner) if summary_text else ([], [])
    notes.broken("resume", broken)
    if len(summary) > 4:
        summary = [*summary[:3], _ellipsis(summary[3], REGULAR, 15, inner)]
        notes.cut("resume")
    canvas.setFont(REGULAR, 15)
    for line in summary:
        top -= 18
        canvas.drawString(MARGIN, top, line)
    top -= 7 * mm

    # Right column: the QR code, the short address and the price; left column: the facts.
    column = QR_SIZE + 6 * mm
    facts_width = inner - column - 6 * mm
    bottom = 16 * mm
    qr_x = width - MARGIN - QR_SIZE
    if drawing:
        _draw_qr(canvas, poster.qr_url, qr_x, top - QR_SIZE, QR_SIZE)
    canvas.setFillColor(INK)
    # Captions are centred under the code, moved left if need be to stay inside the margin; they may
    # reach over the gap between the columns, not into the facts.
    caption_width = QR_SIZE + 10 * mm
    centre, right = qr_x + QR_SIZE / 2, width - MARGIN
    caption_y = top - QR_SIZE - 6 * mm
    _centred(canvas, "Scannez, ou tapez :", SEMIBOLD, 11, centre, right, caption_y)
    address_size, address = _shrunk(printable(poster.short_address), BOLD, (17, 15, 13, 12), caption_width)
    for line in address:
        caption_y -= address_size + 2
        _centred(canvas, line, BOLD, address_size, centre, right, caption_y)
    logos = poster.logos[:2]  # organisers' logos stack upward at the foot of the right column
    room = caption_y - 14 * mm + 22 - (bottom + 16 * mm * len(logos))
    price_size, price_lines = _shrunk(price, BOLD, (22, 19, 16, 14), caption_width, notes, "tarif")
    fitting = max(1, int(room // (price_size * 1.15)))
    if len(price_lines) > fitting:
        price_lines = [*price_lines[: fitting - 1], _ellipsis(price_lines[fitting - 1], BOLD, price_size,
                                                              caption_width)]
        notes.cut("tarif")
    price_y = caption_y - 14 * mm
    for line in price_lines:
        _centred(canvas, line, BOLD, price_size, centre, right, price_y)
        price_y -= price_size * 1.15

    blocks, scale = _fit_facts(facts, facts_width, top - bottom, notes)
    y = top
    for block in blocks:
        label = 14 * scale * 1.2
        if y - label - 4 * mm * scale < bottom:
            notes.cut(block.field)
            break
        canvas.setFillColor(ACCENT)
        canvas.setFont(BOLD, 14 * scale)
        y -= label
        canvas.drawString(MARGIN, y, block.label.upper())
        canvas.setFillColor(INK)
        full = False
        for text, font, size in block.lines():
            if y - size * scale * 1.22 < bottom:  # the last guard: never over the footer
                notes.cut(block.field)
                full = True
                break
            y -= size * scale * 1.22
            canvas.setFont(font, size * scale)
            canvas.drawString(MARGIN, y, text)
        for slug, label_text in block.pictograms:
            if full or y - 11 * mm * scale < bottom:
                notes.cut(block.field)
                full = True
                break
            y -= 11 * mm * scale
            _pictogram(canvas, slug, MARGIN, y + 1 * mm * scale, 9 * mm * scale)
            canvas.setFillColor(INK)
            canvas.setFont(REGULAR, 13 * scale)
            for index, line in enumerate(_wrap(label_text, REGULAR, 13 * scale, facts_width - 12 * mm)[0][:2]):
                canvas.drawString(MARGIN + 12 * mm * scale, y + (5 - index * 5) * mm * scale, line)
        if full:
            break
        y -= 4 * mm * scale
    logo_y = bottom
    for path in logos if drawing else ():
        canvas.drawImage(ImageReader(path), qr_x, logo_y, width=QR_SIZE, height=14 * mm,
                         preserveAspectRatio=True, anchor="c", mask="auto")
        logo_y += 16 * mm
    if poster.status == "annule":
        canvas.saveState()
        canvas.setFillColor(DANGER)
        canvas.setFillAlpha(0.22)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(35)
        canvas.setFont(BOLD, 120)
        canvas.drawCentredString(0, -40, "ANNULÉ")
        canvas.restoreState()
    _footer(canvas, poster.branding, width)
    return tuple(notes)


class _PosterFlowable(Flowable):
    """A whole event poster as one page of a flowing document (for the commune pack)."""

    def __init__(self, poster: EventPoster, page_width: float, page_height: float):
        super().__init__()
        self.poster, self.page_width, self.page_height = poster, page_width, page_height

    def wrap(self, available_width, available_height):
        # At most the frame's size: A4 scaled to A3 in floating point is a hair over A3's frame.
        return min(self.page_width, available_width), min(self.page_height, available_height)

    def draw(self):
        draw_event_poster(self.canv, self.poster, self.page_width, self.page_height)


def _new_canvas(buffer: io.BytesIO, size: str, title: str) -> Canvas:
    canvas = Canvas(buffer, pagesize=SIZES[size], invariant=1, pageCompression=1, initialFontName=REGULAR)
    canvas.setTitle(title)
    canvas.setAuthor("SUN — Semaines des Usages Numériques")
    canvas.setCreator("Programme SUN")
    return canvas


def event_poster_pdf(poster: EventPoster, size: str = "A4") -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    canvas = _new_canvas(buffer, size, f"{poster.title} — affiche")
    factor = SIZES[size][0] / A4[0]
    canvas.scale(factor, factor)
    draw_event_poster(canvas, poster)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# --- listings: commune poster, booklet, pack ----------------------------------------

def _styles(compact: bool) -> dict[str, ParagraphStyle]:
    base = 10.5 if compact else 12.5
    return {
        "heading": ParagraphStyle("heading", fontName=BOLD, fontSize=30, leading=34, textColor=INK),
        "intro": ParagraphStyle("intro", fontName=REGULAR, fontSize=14, leading=18, textColor=INK),
        "group": ParagraphStyle("group", fontName=BOLD, fontSize=16, leading=20, textColor=ACCENT,
                                spaceBefore=8, spaceAfter=4),
        "cell": ParagraphStyle("cell", fontName=REGULAR, fontSize=base, leading=base * 1.22, alignment=TA_LEFT),
        "title": ParagraphStyle("title", fontName=SEMIBOLD, fontSize=base, leading=base * 1.22),
        "head": ParagraphStyle("head", fontName=BOLD, fontSize=base, leading=base * 1.22, textColor=colors.white),
    }


def _table(rows: tuple[ListingRow, ...], show_day: bool, styles, width: float) -> Table:
    head = ([Paragraph("Jour", styles["head"])] if show_day else []) + [
        Paragraph("Heure", styles["head"]), Paragraph("Rendez-vous", styles["head"]),
        Paragraph("Lieu", styles["head"])]
    data = [head]
    for row in rows:
        title = escape(_title(row.title, row.format_label)) + (
            f" — <font name='{BOLD}' color='#a4161a'>{escape(printable(row.status))}</font>" if row.status else "")
        data.append(([Paragraph(escape(printable(row.day)), styles["cell"])] if show_day else []) + [
            Paragraph(escape(printable(row.time)), styles["cell"]),
            Paragraph(title, styles["title"]), Paragraph(escape(printable(row.place)), styles["cell"])])
    size, padding = styles["cell"].fontSize, 16  # the table adds 6 points of padding on each side

    def column(texts: list[str]) -> float:  # as wide as the longest date or time: they never wrap
        return max([pdfmetrics.stringWidth(t, REGULAR, size) for t in texts] or [20]) + padding

    fixed = [column([r.day for r in rows] + ["Jour"])] if show_day else []
    fixed += [column([r.time for r in rows] + ["Heure"])]
    rest = width - sum(fixed)
    table = Table(data, colWidths=[*fixed, rest * 0.58, rest * 0.42], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), REGULAR),
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.6, colors.HexColor("#6b6b6b")),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, CREAM]),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


class _QrBox(Flowable):
    """The QR code with its typed address, placed beside the heading."""

    def __init__(self, url: str, caption: str, size: float):
        super().__init__()
        self.url, self.caption, self.size = url, caption, size

    def wrap(self, available_width, available_height):
        return self.size, self.size + 12 * mm

    def draw(self):
        _draw_qr(self.canv, self.url, 0, 12 * mm, self.size)
        self.canv.setFillColor(INK)
        self.canv.setFont(BOLD, 11)
        lines = _lines(self.caption, BOLD, 11, self.size + 20 * mm)
        for index, line in enumerate(lines[:2]):
            self.canv.drawCentredString(self.size / 2, 7 * mm - index * 13, line)


def listing_pdf(page: ListingPage, size: str = "A4") -> bytes:
    """A commune poster or booklet that flows onto as many pages as it needs, never cutting text."""
    register_fonts()
    width, height = SIZES[size]
    factor = width / A4[0]
    buffer = io.BytesIO()
    row_count = sum(len(rows) for _heading, rows in page.groups)
    compact = row_count > 16
    styles = _styles(compact)
    for style in styles.values():
        style.fontSize *= factor
        style.leading *= factor

    def decorate(canvas: Canvas, _doc) -> None:
        canvas.saveState()
        canvas.scale(factor, factor)
        _band(canvas, page.branding, A4[0], A4[1])
        _footer(canvas, page.branding, A4[0], room=18 * mm)
        canvas.setFont(REGULAR, 10)
        canvas.drawRightString(A4[0] - MARGIN, 8 * mm, f"page {canvas.getPageNumber()}")
        canvas.restoreState()

    # initialFontName: the canvas would otherwise start in Helvetica, which is not embedded.
    doc = BaseDocTemplate(buffer, pagesize=(width, height), invariant=1, title=f"{page.heading}",
                          initialFontName=REGULAR,
                          author="SUN — Semaines des Usages Numériques", creator="Programme SUN",
                          leftMargin=MARGIN * factor, rightMargin=MARGIN * factor,
                          topMargin=30 * mm * factor, bottomMargin=16 * mm * factor)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="list")
    poster_frame = Frame(0, 0, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
                         id="poster")
    doc.addPageTemplates([PageTemplate("list", [frame], onPage=decorate),
                          PageTemplate("poster", [poster_frame])])
    qr_size = 38 * mm * factor
    header = Table([[[Paragraph(escape(printable(page.heading)), styles["heading"]), Spacer(1, 3 * mm),
                      Paragraph(escape(printable(page.intro)), styles["intro"])],
                     _QrBox(page.qr_url, page.qr_caption, qr_size)]],
                   colWidths=[doc.width - qr_size - 14 * mm * factor, qr_size + 14 * mm * factor])
    header.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REGULAR), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("ALIGN", (1, 0), (1, 0), "CENTER")]))
    story: list[Flowable] = [header, Spacer(1, 5 * mm)]
    for heading, rows in page.groups:
        table = _table(rows, page.show_day, styles, doc.width)
        if heading:
            heading = escape(printable(heading))
            story.append(KeepTogether([Paragraph(heading, styles["group"]), table])
                         if len(rows) <= 6 else Paragraph(heading, styles["group"]))
            if len(rows) > 6:
                story.append(table)
        else:
            story.append(table)
    if not page.groups:
        story.append(Paragraph("Aucun rendez-vous.", styles["intro"]))
    for poster in page.events:
        story += [NextPageTemplate("poster"), PageBreak(), _ScaledPoster(poster, factor)]
    doc.build(story)
    return buffer.getvalue()


class _ScaledPoster(_PosterFlowable):
    def __init__(self, poster: EventPoster, factor: float):
        super().__init__(poster, A4[0] * factor, A4[1] * factor)
        self.factor = factor

    def draw(self):
        self.canv.saveState()
        self.canv.scale(self.factor, self.factor)
        draw_event_poster(self.canv, self.poster)
        self.canv.restoreState()
