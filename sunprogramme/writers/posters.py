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

from .event_poster import QR_SIZE, draw_event_poster, event_poster_pdf, poster_notices
from .print_page import BODY_MIN, MARGIN, SAFE, SIZES, TABLE_MIN, Branding, EventPoster, ListingPage, ListingRow, Logo
from .print_text import BOLD, REGULAR, SEMIBOLD, font_paths, printable, register_fonts
from .printed_listings import listing_pdf

__all__ = [
    "A4",
    "BODY_MIN",
    "BOLD",
    "MARGIN",
    "QR_SIZE",
    "REGULAR",
    "SAFE",
    "SEMIBOLD",
    "SIZES",
    "TABLE_MIN",
    "Branding",
    "EventPoster",
    "ListingPage",
    "ListingRow",
    "Logo",
    "draw_event_poster",
    "event_poster_pdf",
    "font_paths",
    "listing_pdf",
    "mm",
    "poster_notices",
    "printable",
    "register_fonts",
]

