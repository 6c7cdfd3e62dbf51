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
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A3, A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
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


@cache
def register_fonts() -> None:
    """Source Sans Pro (SIL OFL), shipped in a PyPI package: it travels with the environment."""
    folder = resources.files("font_source_sans_pro") / "files"
    for name, file in ((REGULAR, "SourceSansPro-Regular.ttf"), (SEMIBOLD, "SourceSansPro-Semibold.ttf"),
                       (BOLD, "SourceSansPro-Bold.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
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


@dataclass(frozen=True)
class ListingRow:
    day: str  # « mar. 13 oct. »
    time: str  # « 14 h – 16 h »
    title: str
    place: str
    status: str  # label, empty when confirmed


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


# --- drawing helpers -------------------------------------------------------------

def _lines(text: str, font: str, size: float, width: float) -> list[str]:
    return simpleSplit(text, font, size, width) or [""]


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
    """The edition's band across the top; returns the y below it."""
    band = 24 * mm
    canvas.setFillColor(ACCENT)
    canvas.rect(0, height - band, width, band, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    canvas.setFont(BOLD, 24)
    canvas.drawString(MARGIN, height - 12 * mm, branding.edition_name)
    canvas.setFont(REGULAR, 12.5)
    canvas.drawString(MARGIN, height - 18.5 * mm, f"{branding.edition_title}, {branding.dates}")
    canvas.setFont(BOLD, 16)
    canvas.drawRightString(width - MARGIN, height - 12 * mm, "Gratuit")
    return height - band


def _footer(canvas: Canvas, branding: Branding, width: float) -> None:
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, 11)
    text = f"Tout le programme : {branding.site}"
    if branding.help_phone:
        text += f" — Une question ? {branding.help_phone}"
    canvas.drawString(MARGIN, 8 * mm, text)


# --- event poster -------------------------------------------------------------------

@dataclass
class _Block:
    label: str
    lines: list[tuple[str, str, float]]  # (text, font, size)
    pictograms: tuple[tuple[str, str], ...] = ()

    def height(self, scale: float) -> float:
        label = 14 * scale * 1.2 if self.label else 0
        text = sum(size * scale * 1.22 for _t, _f, size in self.lines)
        pictos = len(self.pictograms) * 11 * mm * scale
        return label + text + pictos + 4 * mm * scale


def _fact_blocks(poster: EventPoster, width: float, scale: float, max_sessions: int | None) -> list[_Block]:
    def wrap(text: str, font: str = REGULAR, size: float = 14) -> list[tuple[str, str, float]]:
        return [(line, font, size) for line in _lines(text, font, size * scale, width)]

    sessions = list(poster.sessions)
    if max_sessions is not None and len(sessions) > max_sessions:
        hidden = len(sessions) - max_sessions + 1
        sessions = [*sessions[: max_sessions - 1], f"et {hidden} autres dates : voir l'adresse ci-contre"]
    blocks = [_Block("Quand", [line for s in sessions for line in wrap(s, SEMIBOLD, 15)])]
    place = [line for p in poster.place for line in wrap(p)]
    if poster.access:
        place += wrap(f"Accès : {poster.access}", REGULAR, 12)
    blocks.append(_Block("Où", place))
    blocks.append(_Block("Pour qui", wrap(f"{poster.audience} — {poster.level}")))
    registration = wrap(poster.registration, SEMIBOLD, 15)
    if poster.registration_phone:
        registration += wrap(poster.registration_phone, BOLD, 26)
    if poster.registration_other:
        registration += wrap(poster.registration_other, REGULAR, 12.5)
    blocks.append(_Block("Inscription", registration))
    if poster.accessibility:
        blocks.append(_Block("Accessibilité", [], poster.accessibility))
    if poster.bring:
        blocks.append(_Block("À apporter", [line for item in poster.bring for line in wrap(f"• {item}")]))
    blocks.append(_Block("Organisé par", wrap(", ".join(poster.organisers), REGULAR, 13)))
    return blocks


def draw_event_poster(canvas: Canvas, poster: EventPoster, width: float = A4[0], height: float = A4[1]) -> None:
    """One A4 page (in points); the caller scales the canvas for other sizes."""
    register_fonts()
    top = _band(canvas, poster.branding, width, height) - 8 * mm
    inner = width - 2 * MARGIN
    if poster.status_words:
        canvas.setFillColor(DANGER)
        lines = _lines(poster.status_words, BOLD, 20, inner - 8 * mm)
        box = 8 * mm + 24 * len(lines)
        canvas.rect(MARGIN, top - box, inner, box, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(BOLD, 20)
        for index, line in enumerate(lines):
            canvas.drawString(MARGIN + 4 * mm, top - 4 * mm - 18 - index * 24, line)
        top -= box + 6 * mm
    for size in (40, 36, 32, 28, 25, 22, 20):
        title_lines = _lines(poster.title, BOLD, size, inner)
        if len(title_lines) <= 3:
            break
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, size)
    for line in title_lines[:4]:
        top -= size * 1.05
        canvas.drawString(MARGIN, top, line)
    top -= 4 * mm
    summary = _lines(poster.summary, REGULAR, 15, inner)
    if len(summary) > 4:
        summary = [*summary[:3], summary[3].rstrip() + " …"]
    canvas.setFont(REGULAR, 15)
    for line in summary:
        top -= 18
        canvas.drawString(MARGIN, top, line)
    top -= 7 * mm

    # Right column: the QR code and the short address; left column: the facts.
    column = QR_SIZE + 6 * mm
    facts_width = inner - column - 6 * mm
    bottom = 16 * mm
    qr_x = width - MARGIN - QR_SIZE
    _draw_qr(canvas, poster.qr_url, qr_x, top - QR_SIZE, QR_SIZE)
    canvas.setFillColor(INK)
    caption_y = top - QR_SIZE - 6 * mm
    canvas.setFont(SEMIBOLD, 11)
    canvas.drawCentredString(qr_x + QR_SIZE / 2, caption_y, "Scannez, ou tapez :")
    for line in _lines(poster.short_address, BOLD, 17, column):
        caption_y -= 19
        canvas.setFont(BOLD, 17)
        canvas.drawCentredString(qr_x + QR_SIZE / 2, caption_y, line)
    canvas.setFont(BOLD, 22)
    canvas.drawCentredString(qr_x + QR_SIZE / 2, caption_y - 14 * mm, poster.price)

    available = top - bottom
    scale, max_sessions = 1.0, None
    while True:
        blocks = _fact_blocks(poster, facts_width, scale, max_sessions)
        if sum(b.height(scale) for b in blocks) <= available:
            break
        if scale > 0.62:
            scale -= 0.04
        else:
            max_sessions = (max_sessions or len(poster.sessions)) - 1
            if max_sessions < 2:
                break
    y = top
    for block in blocks:
        canvas.setFillColor(ACCENT)
        canvas.setFont(BOLD, 14 * scale)
        y -= 14 * scale * 1.2
        canvas.drawString(MARGIN, y, block.label.upper())
        canvas.setFillColor(INK)
        for text, font, size in block.lines:
            y -= size * scale * 1.22
            canvas.setFont(font, size * scale)
            canvas.drawString(MARGIN, y, text)
        for slug, label in block.pictograms:
            y -= 11 * mm * scale
            _pictogram(canvas, slug, MARGIN, y + 1 * mm * scale, 9 * mm * scale)
            canvas.setFillColor(INK)
            canvas.setFont(REGULAR, 13 * scale)
            for index, line in enumerate(_lines(label, REGULAR, 13 * scale, facts_width - 12 * mm)[:2]):
                canvas.drawString(MARGIN + 12 * mm * scale, y + (5 - index * 5) * mm * scale, line)
        y -= 4 * mm * scale
    logo_y = bottom  # organisers' logos stack upward at the foot of the right column
    for path in poster.logos[:2]:
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


class _PosterFlowable(Flowable):
    """A whole event poster as one page of a flowing document (for the commune pack)."""

    def __init__(self, poster: EventPoster, page_width: float, page_height: float):
        super().__init__()
        self.poster, self.page_width, self.page_height = poster, page_width, page_height

    def wrap(self, available_width, available_height):
        return self.page_width, self.page_height

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
        title = escape(row.title) + (f" — <font name='{BOLD}' color='#a4161a'>{escape(row.status)}</font>"
                                     if row.status else "")
        data.append(([Paragraph(escape(row.day), styles["cell"])] if show_day else []) + [
            Paragraph(escape(row.time), styles["cell"]),
            Paragraph(title, styles["title"]), Paragraph(escape(row.place), styles["cell"])])
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
        _footer(canvas, page.branding, A4[0])
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
    header = Table([[[Paragraph(escape(page.heading), styles["heading"]), Spacer(1, 3 * mm),
                      Paragraph(escape(page.intro), styles["intro"])],
                     _QrBox(page.qr_url, page.qr_caption, qr_size)]],
                   colWidths=[doc.width - qr_size - 14 * mm * factor, qr_size + 14 * mm * factor])
    header.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REGULAR), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("ALIGN", (1, 0), (1, 0), "CENTER")]))
    story: list[Flowable] = [header, Spacer(1, 5 * mm)]
    for heading, rows in page.groups:
        table = _table(rows, page.show_day, styles, doc.width)
        if heading:
            story.append(KeepTogether([Paragraph(escape(heading), styles["group"]), table])
                         if len(rows) <= 6 else Paragraph(escape(heading), styles["group"]))
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
