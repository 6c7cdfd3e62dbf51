"""What every printed page shares: the data a poster or listing is drawn from, the house colours
and margins, and the pieces drawn on several layouts (the edition's band, the footer, the QR code).

Office printers leave 4 to 6 mm of white at the paper's edges and clip what lies there: nothing is
drawn less than ``SAFE`` (10 mm) from an edge, the band included, and lines of text start at
``MARGIN``. Text is never smaller than ``BODY_MIN`` on A4 (the programme tables, ``TABLE_MIN``);
A3 is the A4 page scaled up, sizes included.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from .print_text import BOLD, REGULAR, fitted_size, printable, wrap_lines
from .qr import dark_runs, qr_matrix

INK = colors.HexColor("#1b1b1b")
ACCENT = colors.HexColor("#8a3b00")
CREAM = colors.HexColor("#fff6ea")
DANGER = colors.HexColor("#a4161a")
MUTED = colors.HexColor("#474747")
SAFE = 10 * mm  # nothing is drawn nearer an edge than this
MARGIN = 15 * mm  # where lines of text start and end
BODY_MIN = 12  # points on A4: no text smaller, but for the programme tables and the pictograms' marks
TABLE_MIN = 10  # points on A4: the programme tables
FOOTER_BASE = 12.5 * mm  # the footer's last line
FOOTER_SIZE = 12
SIZES = {"A4": A4, "A3": A3}


@dataclass(frozen=True)
class Branding:
    edition_name: str
    edition_title: str
    dates: str  # « du samedi 10 au samedi 24 octobre 2026 »
    site: str  # « sun.example.org », typed by people who cannot scan
    help_phone: str | None


@dataclass(frozen=True)
class Logo:
    """A partner's logo as its file's bytes (one object per file and build: digested once)."""

    data: bytes


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
    logos: tuple[Logo, ...]  # the organisers' checked images
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
    note: str = ""  # under the title: an exhibition's opening hours, « Exposition, ouverte du 10 au … »


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


def draw_qr(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    matrix = qr_matrix(url)
    module = size / len(matrix)
    canvas.setFillColor(colors.white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    path = canvas.beginPath()
    for row, column, length in dark_runs(matrix):
        path.rect(x + column * module, y + size - (row + 1) * module, length * module, module)
    canvas.drawPath(path, stroke=0, fill=1)


def draw_centred(canvas: Canvas, text: str, font: str, size: float, centre: float, right: float, y: float) -> None:
    """Centred on ``centre``, moved left if it would cross ``right``."""
    canvas.setFont(font, size)
    canvas.drawCentredString(min(centre, right - pdfmetrics.stringWidth(text, font, size) / 2), y, text)


def _band_lines(branding: Branding, width: float) -> tuple[float, list[str]]:
    """The size of the edition's name, and the lines under it (the title and dates, wrapped)."""
    free = width - 2 * MARGIN - pdfmetrics.stringWidth("Gratuit", BOLD, 16) - 6 * mm
    name = printable(branding.edition_name)
    line = printable(f"{branding.edition_title}, {branding.dates}")
    return max(fitted_size(name, BOLD, 24, free), 16), wrap_lines(line, REGULAR, 12.5, width - 2 * MARGIN)[0]


def band_height(branding: Branding, width: float) -> float:
    """From the safe margin's top to the band's foot."""
    return 15 * mm + 15 * len(_band_lines(branding, width)[1])


def draw_band(canvas: Canvas, branding: Branding, width: float, height: float) -> float:
    """The edition's band across the top, inside the safe margin; returns the y below it. The
    edition's name is made smaller if it would not hold on its line, the title and dates wrap."""
    band = band_height(branding, width)
    top = height - SAFE
    canvas.setFillColor(ACCENT)
    canvas.rect(SAFE, top - band, width - 2 * SAFE, band, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    name_size, lines = _band_lines(branding, width)
    canvas.setFont(BOLD, name_size)
    canvas.drawString(MARGIN, top - 10 * mm, printable(branding.edition_name))
    canvas.setFont(REGULAR, 12.5)
    for index, line in enumerate(lines):
        canvas.drawString(MARGIN, top - 15.5 * mm - index * 15, line)
    canvas.setFont(BOLD, 16)
    canvas.drawRightString(width - MARGIN, top - 10 * mm, "Gratuit")
    return top - band


def footer_lines(branding: Branding, width: float, room: float = 0) -> list[str]:
    text = f"Tout le programme : {branding.site}"
    if branding.help_phone:
        text += f" — Une question ? {branding.help_phone}"
    return wrap_lines(printable(text), REGULAR, FOOTER_SIZE, width - 2 * MARGIN - room)[0]


def footer_top(branding: Branding, width: float, room: float = 0) -> float:
    """The lowest y the page's content may reach: a little above the footer."""
    return FOOTER_BASE + (len(footer_lines(branding, width, room)) - 1) * FOOTER_SIZE * 1.2 + 6 * mm


def draw_footer(canvas: Canvas, branding: Branding, width: float, room: float = 0) -> None:
    """The footer, above the safe margin; ``room``: what is kept free at its right (the page number)."""
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, FOOTER_SIZE)
    lines = footer_lines(branding, width, room)
    for index, line in enumerate(lines):
        canvas.drawString(MARGIN, FOOTER_BASE + (len(lines) - 1 - index) * FOOTER_SIZE * 1.2, line)
