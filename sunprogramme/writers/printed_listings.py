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
    INK,
    MARGIN,
    SIZES,
    EventPoster,
    ListingPage,
    ListingRow,
    draw_band,
    draw_footer,
    draw_qr,
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


def _table(rows: tuple[ListingRow, ...], show_day: bool, styles, width: float) -> Table:
    head = ([Paragraph("Jour", styles["head"])] if show_day else []) + [
        Paragraph("Heure", styles["head"]), Paragraph("Rendez-vous", styles["head"]),
        Paragraph("Lieu", styles["head"])]
    data = [head]
    for row in rows:
        title = escape(printed_title(row.title, row.format_label)) + (
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
        draw_qr(self.canv, self.url, 0, 12 * mm, self.size)
        self.canv.setFillColor(INK)
        self.canv.setFont(BOLD, 11)
        lines = printable_lines(self.caption, BOLD, 11, self.size + 20 * mm)
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
        draw_band(canvas, page.branding, A4[0], A4[1])
        draw_footer(canvas, page.branding, A4[0], room=18 * mm)
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
