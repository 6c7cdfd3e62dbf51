"""The event poster: one A4 page (scaled for A3) with the title, the summary, the facts, the QR
code and the price, drawn by reportlab; the same layout, run without drawing, gives the poster's
notices for ``invoke check``.
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from ..steps import step
from .poster_facts import PICTOGRAM_LABEL, clean_facts, fit_facts, pictogram_scale, sized
from .print_page import (
    ACCENT,
    DANGER,
    INK,
    MARGIN,
    SIZES,
    EventPoster,
    draw_band,
    draw_centred,
    draw_footer,
    draw_qr,
    footer_top,
)
from .print_text import (
    BOLD,
    REGULAR,
    SEMIBOLD,
    Notices,
    clean_field,
    printable,
    printed_title,
    register_fonts,
    shrunk_to_fit,
    with_ellipsis,
    wrap_lines,
)

QR_SIZE = 46 * mm  # printed size on A4; at least 25 mm is asked for

# Short marks drawn in the accessibility pictograms (the wheelchair is drawn as a figure).
PICTOGRAM_MARKS = {
    "lsf": "LSF", "boucle-magnetique": "T", "sous-titrage": "ST", "falc": "FALC", "gros-caracteres": "A+",
    "audiodescription": "AD", "lecteur-ecran": "Loupe", "accueil-calme": "Calme",
}


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


class _NoCanvas:
    """Takes every drawing call and draws nothing: the layout run for its notices alone."""

    def __getattr__(self, _name):
        return _ignore


def _ignore(*_args, **_kwargs) -> None:
    return None


@step
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
    notes = Notices()
    title = clean_field(poster.title, "titre", notes)
    if not title:
        title = printed_title(title, poster.format_label)
        notes.add(f"titre : il ne reste rien à imprimer ; l'affiche porte « {title} » à la place")
    summary_text = clean_field(poster.summary, "resume", notes)
    price = clean_field(poster.price, "tarif", notes)
    facts = clean_facts(poster, notes)

    top = draw_band(canvas, poster.branding, width, height) - 6 * mm
    inner = width - 2 * MARGIN
    if poster.status_words:
        canvas.setFillColor(DANGER)
        lines = wrap_lines(printable(poster.status_words), BOLD, 20, inner - 8 * mm)[0]
        box = 8 * mm + 24 * len(lines)
        canvas.rect(MARGIN, top - box, inner, box, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(BOLD, 20)
        for index, line in enumerate(lines):
            canvas.drawString(MARGIN + 4 * mm, top - 4 * mm - 18 - index * 24, line)
        top -= box + 6 * mm
    # The type gets smaller before a word is broken: broken only at the smallest size.
    for size in (40, 36, 32, 28, 25, 22, 20):
        title_lines, broken = wrap_lines(title, BOLD, size, inner)
        if len(title_lines) <= 3 and not broken:
            break
    notes.broken("titre", broken)
    if len(title_lines) > 4:
        title_lines = [*title_lines[:3], with_ellipsis(title_lines[3], BOLD, size, inner)]
        notes.cut("titre")
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, size)
    for line in title_lines:
        top -= size * 1.05
        canvas.drawString(MARGIN, top, line)
    top -= 4 * mm
    summary, broken = wrap_lines(summary_text, REGULAR, 15, inner) if summary_text else ([], [])
    notes.broken("resume", broken)
    if len(summary) > 4:
        summary = [*summary[:3], with_ellipsis(summary[3], REGULAR, 15, inner)]
        notes.cut("resume")
    canvas.setFont(REGULAR, 15)
    for line in summary:
        top -= 18
        canvas.drawString(MARGIN, top, line)
    top -= 7 * mm

    # Right column: the QR code, the short address and the price; left column: the facts.
    column = QR_SIZE + 6 * mm
    facts_width = inner - column - 6 * mm
    bottom = footer_top(poster.branding, width)
    qr_x = width - MARGIN - QR_SIZE
    if drawing:
        draw_qr(canvas, poster.qr_url, qr_x, top - QR_SIZE, QR_SIZE)
    canvas.setFillColor(INK)
    # Captions are centred under the code, moved left if need be to stay inside the margin; they may
    # reach over the gap between the columns, not into the facts.
    caption_width = QR_SIZE + 10 * mm
    centre, right = qr_x + QR_SIZE / 2, width - MARGIN
    caption_y = top - QR_SIZE - 6 * mm
    draw_centred(canvas, "Scannez, ou tapez :", SEMIBOLD, 12, centre, right, caption_y)
    address_size, address = shrunk_to_fit(printable(poster.short_address), BOLD, (17, 15, 13, 12), caption_width)
    for line in address:
        caption_y -= address_size + 2
        draw_centred(canvas, line, BOLD, address_size, centre, right, caption_y)
    logos = poster.logos[:2]  # organisers' logos stack upward at the foot of the right column
    room = caption_y - 14 * mm + 22 - (bottom + 16 * mm * len(logos))
    price_size, price_lines = shrunk_to_fit(price, BOLD, (22, 19, 16, 14), caption_width, notes, "tarif")
    fitting = max(1, int(room // (price_size * 1.15)))
    if len(price_lines) > fitting:
        price_lines = [*price_lines[: fitting - 1], with_ellipsis(price_lines[fitting - 1], BOLD, price_size,
                                                                  caption_width)]
        notes.cut("tarif")
    price_y = caption_y - 14 * mm
    for line in price_lines:
        draw_centred(canvas, line, BOLD, price_size, centre, right, price_y)
        price_y -= price_size * 1.15

    blocks, scale = fit_facts(facts, facts_width, top - bottom, notes)
    y = top
    for block in blocks:
        label = sized(14, scale) * 1.2
        if y - label - 4 * mm * scale < bottom:
            notes.cut(block.field)
            break
        canvas.setFillColor(ACCENT)
        canvas.setFont(BOLD, sized(14, scale))
        y -= label
        canvas.drawString(MARGIN, y, block.label.upper())
        canvas.setFillColor(INK)
        full = False
        for text, font, size in block.lines():
            if y - sized(size, scale) * 1.22 < bottom:  # the last guard: never over the footer
                notes.cut(block.field)
                full = True
                break
            y -= sized(size, scale) * 1.22
            canvas.setFont(font, sized(size, scale))
            canvas.drawString(MARGIN, y, text)
        picto = pictogram_scale(scale)
        for slug, label_text in block.pictograms:
            if full or y - 11 * mm * picto < bottom:
                notes.cut(block.field)
                full = True
                break
            y -= 11 * mm * picto
            _pictogram(canvas, slug, MARGIN, y + 1 * mm * picto, 9 * mm * picto)
            canvas.setFillColor(INK)
            canvas.setFont(REGULAR, PICTOGRAM_LABEL * picto)
            for index, line in enumerate(wrap_lines(label_text, REGULAR, PICTOGRAM_LABEL * picto,
                                                    facts_width - 12 * mm * picto)[0][:2]):
                canvas.drawString(MARGIN + 12 * mm * picto, y + (5 - index * 5) * mm * picto, line)
        if full:
            break
        y -= 4 * mm * scale
    logo_y = bottom
    for logo in logos if drawing else ():
        canvas.drawImage(ImageReader(io.BytesIO(logo.data)), qr_x, logo_y, width=QR_SIZE, height=14 * mm,
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
    draw_footer(canvas, poster.branding, width)
    return tuple(notes)


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
