"""What every printed page shares: the data a poster or listing is drawn from, the house colours
and margins, and the pieces drawn on several layouts (the edition's band, the footer, the QR code).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from .print_text import BOLD, REGULAR, fitted_size, printable
from .qr import dark_runs, qr_matrix

INK = colors.HexColor("#1b1b1b")
ACCENT = colors.HexColor("#8a3b00")
CREAM = colors.HexColor("#fff6ea")
DANGER = colors.HexColor("#a4161a")
MUTED = colors.HexColor("#474747")
MARGIN = 15 * mm
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


def draw_band(canvas: Canvas, branding: Branding, width: float, height: float) -> float:
    """The edition's band across the top; returns the y below it. Each line is made smaller if it
    would not hold on its line (a long edition title)."""
    band = 24 * mm
    canvas.setFillColor(ACCENT)
    canvas.rect(0, height - band, width, band, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    free = width - 2 * MARGIN - pdfmetrics.stringWidth("Gratuit", BOLD, 16) - 6 * mm
    name = printable(branding.edition_name)
    canvas.setFont(BOLD, fitted_size(name, BOLD, 24, free))
    canvas.drawString(MARGIN, height - 12 * mm, name)
    line = printable(f"{branding.edition_title}, {branding.dates}")
    canvas.setFont(REGULAR, fitted_size(line, REGULAR, 12.5, width - 2 * MARGIN))
    canvas.drawString(MARGIN, height - 18.5 * mm, line)
    canvas.setFont(BOLD, 16)
    canvas.drawRightString(width - MARGIN, height - 12 * mm, "Gratuit")
    return height - band


def draw_footer(canvas: Canvas, branding: Branding, width: float, room: float = 0) -> None:
    """The footer line; ``room``: what is kept free at its right (the page number)."""
    canvas.setFillColor(MUTED)
    text = f"Tout le programme : {branding.site}"
    if branding.help_phone:
        text += f" — Une question ? {branding.help_phone}"
    text = printable(text)
    canvas.setFont(REGULAR, fitted_size(text, REGULAR, 11, width - 2 * MARGIN - room))
    canvas.drawString(MARGIN, 8 * mm, text)
