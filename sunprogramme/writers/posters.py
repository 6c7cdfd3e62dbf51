"""Printable PDFs: event posters, commune posters, the programme booklet, commune packs.

Pure: plain data in (``EventPoster``, ``ListingPage``), PDF bytes out, drawn with
reportlab as vector text (selectable, fonts embedded) and a vector QR code.
Every organiser-written string is drawn as text or escaped before it reaches a
reportlab Paragraph, so a title holding ``<b>`` or ``&`` prints as typed.
``invariant=1`` makes the same input give the same bytes.

Layouts are drawn on A4 (in points) and scaled for A3, so both print alike.

This module is the print writer's public face; the work is done in:

- ``print_text``: the fonts, the characters they can draw, measuring and fitting lines, notices;
- ``print_page``: the input data, colours and margins, the band, footer and QR code;
- ``poster_facts``: the facts column of an event poster, fitted to its room;
- ``event_poster``: the event poster, and its notices;
- ``printed_listings``: commune posters, the booklet and commune packs.
"""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from . import event_poster, poster_facts, print_page, print_text, printed_listings
from .event_poster import QR_SIZE, draw_event_poster, event_poster_pdf, poster_notices
from .print_page import MARGIN, SIZES, Branding, EventPoster, ListingPage, ListingRow
from .print_text import BOLD, REGULAR, SEMIBOLD, font_paths, printable, register_fonts
from .printed_listings import listing_pdf

__all__ = [
    "A4", "BOLD", "MARGIN", "QR_SIZE", "REGULAR", "SEMIBOLD", "SIZES", "Branding", "EventPoster", "ListingPage",
    "ListingRow", "draw_event_poster", "event_poster_pdf", "font_paths", "listing_pdf", "mm", "poster_notices",
    "printable", "register_fonts", "source_files",
]


def source_files() -> list[str]:
    """The files of the code that draws the PDFs: the print cache is keyed on their text."""
    modules = (print_text, print_page, poster_facts, event_poster, printed_listings)
    return [__file__, *(module.__file__ for module in modules)]
