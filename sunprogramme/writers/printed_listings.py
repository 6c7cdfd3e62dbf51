"""Listings in PDF: a commune poster or the programme booklet (a heading, a QR code, and tables of
rendez-vous that flow onto as many pages as they need), and a commune pack, the same followed by
each event's poster.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
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

from .event_poster import draw_event_poster
from .print_page import (
    ACCENT,
    CREAM,
    FOOTER_BASE,
    INK,
    MARGIN,
    SAFE,
    SIZES,
    EventPoster,
    ListingPage,
    ListingRow,
    band_height,
    draw_band,
    draw_footer,
    draw_qr,
    footer_top,
)
from .print_text import BOLD, REGULAR, SEMIBOLD, printable, printable_lines, printed_title, register_fonts


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


def _column_widths(page: ListingPage, styles, width: float) -> list[float]:
    """The table's columns, the same in every table of the document: the day and the time as wide
    as the longest of the whole document (they never wrap), the rest shared by the title and the place."""
    size, padding = styles["cell"].fontSize, 16  # the table adds 6 points of padding on each side
    rows = [row for _heading, rows in page.groups for row in rows]

    def column(texts: list[str]) -> float:
        return max(pdfmetrics.stringWidth(printable(t), REGULAR, size) for t in texts) + padding

    fixed = [column([r.day for r in rows] + ["Jour"])] if page.show_day else []
    fixed += [column([r.time for r in rows] + ["Heure"])]
    rest = width - sum(fixed)
    return [*fixed, rest * 0.58, rest * 0.42]


def _table(rows: tuple[ListingRow, ...], show_day: bool, styles, widths: list[float]) -> Table:
    head = ([Paragraph("Jour", styles["head"])] if show_day else []) + [
        Paragraph("Heure", styles["head"]), Paragraph("Rendez-vous", styles["head"]),
        Paragraph("Lieu", styles["head"])]
    data = [head]
    for row in rows:
        title = escape(printed_title(row.title, row.format_label)) + (
            f" — <font name='{BOLD}' color='#a4161a'>{escape(printable(row.status))}</font>" if row.status else "") + (
            f"<br/><font name='{REGULAR}'>{escape(printable(row.note))}</font>" if row.note else "")
        data.append(([Paragraph(escape(printable(row.day)), styles["cell"])] if show_day else []) + [
            Paragraph(escape(printable(row.time)), styles["cell"]),
            Paragraph(title, styles["title"]), Paragraph(escape(printable(row.place)), styles["cell"])])
    table = Table(data, colWidths=widths, repeatRows=1)
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


QR_COLUMN = 24 * mm  # the room beside the listing's QR code, for its caption


class _QrBox(Flowable):
    """The QR code with its typed address, placed beside the heading."""

    def __init__(self, url: str, caption: str, size: float, factor: float):
        super().__init__()
        self.url, self.caption, self.size, self.factor = url, caption, size, factor

    def wrap(self, available_width, available_height):
        return self.size, self.size + 12 * mm * self.factor

    def draw(self):
        draw_qr(self.canv, self.url, 0, 12 * mm * self.factor, self.size)
        self.canv.setFillColor(INK)
        self.canv.setFont(BOLD, 12 * self.factor)
        # As wide as the column it is centred in (QR_COLUMN, less the table's 6 points of padding each side).
        lines = printable_lines(self.caption, BOLD, 12 * self.factor, self.size + QR_COLUMN * self.factor - 12)
        for index, line in enumerate(lines[:2]):
            self.canv.drawCentredString(self.size / 2, (7 * mm - index * 14) * self.factor, line)


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
        draw_band(canvas, page.branding, A4[0], A4[1])
        draw_footer(canvas, page.branding, A4[0], room=18 * mm)
        canvas.setFont(REGULAR, 12)
        canvas.drawRightString(A4[0] - MARGIN, FOOTER_BASE, f"page {canvas.getPageNumber()}")
        canvas.restoreState()

    # initialFontName: the canvas would otherwise start in Helvetica, which is not embedded.
    doc = BaseDocTemplate(buffer, pagesize=(width, height), invariant=1, title=f"{page.heading}",
                          initialFontName=REGULAR,
                          author="SUN — Semaines des Usages Numériques", creator="Programme SUN",
                          leftMargin=MARGIN * factor, rightMargin=MARGIN * factor,
                          topMargin=(SAFE + band_height(page.branding, A4[0]) + 6 * mm) * factor,
                          bottomMargin=footer_top(page.branding, A4[0], room=18 * mm) * factor)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="list")
    poster_frame = Frame(0, 0, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
                         id="poster")
    doc.addPageTemplates([PageTemplate("list", [frame], onPage=decorate),
                          PageTemplate("poster", [poster_frame])])
    qr_size = 38 * mm * factor
    header = Table([[[Paragraph(escape(printable(page.heading)), styles["heading"]), Spacer(1, 3 * mm),
                      Paragraph(escape(printable(page.intro)), styles["intro"])],
                     _QrBox(page.qr_url, page.qr_caption, qr_size, factor)]],
                   colWidths=[doc.width - qr_size - QR_COLUMN * factor, qr_size + QR_COLUMN * factor])
    header.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REGULAR), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("ALIGN", (1, 0), (1, 0), "CENTER")]))
    story: list[Flowable] = [header, Spacer(1, 5 * mm)]
    widths = _column_widths(page, styles, doc.width)
    for heading, rows in page.groups:
        table = _table(rows, page.show_day, styles, widths)
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


class _ScaledPoster(_PosterFlowable):
    def __init__(self, poster: EventPoster, factor: float):
        super().__init__(poster, A4[0] * factor, A4[1] * factor)
        self.factor = factor

    def draw(self):
        self.canv.saveState()
        self.canv.scale(self.factor, self.factor)
        draw_event_poster(self.canv, self.poster)
        self.canv.restoreState()
