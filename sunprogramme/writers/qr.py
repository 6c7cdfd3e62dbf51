"""QR codes for posters and flyers: the matrix, and PNG and SVG images of it.

Payloads are ASCII URLs (zbar guesses the charset of byte-mode codes and turns
« é » into other characters): anything else is refused. Error correction M
(still read with 15 % of the code damaged), a quiet zone of 4 modules, and a
fixed mask so that choosing one does not cost time and the output never varies.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from functools import lru_cache

import qrcode
import qrcode.constants
from PIL import Image

QUIET_ZONE = 4
SVG_NS = "http://www.w3.org/2000/svg"


class QrPayloadError(ValueError):
    pass


@lru_cache(maxsize=4096)
def qr_matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    """Rows of dark (True) and light modules, quiet zone included."""
    if not payload.isascii() or not payload.startswith(("https://", "http://")):
        raise QrPayloadError(f"adresse de QR code refusée (absolue et en ASCII seulement) : {payload!r}")
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE, mask_pattern=0)
    code.add_data(payload.encode("ascii"), optimize=0)
    code.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())


def dark_runs(matrix: tuple[tuple[bool, ...], ...]) -> list[tuple[int, int, int]]:
    """(row, first column, length) of each horizontal run of dark modules: few shapes to draw."""
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append((y, start, x - start))
            else:
                x += 1
    return runs


def qr_png(payload: str, module_pixels: int = 10) -> bytes:
    matrix = qr_matrix(payload)
    size = len(matrix)
    image = Image.new("1", (size, size), 1)
    image.putdata([0 if cell else 1 for row in matrix for cell in row])
    image = image.resize((size * module_pixels, size * module_pixels), Image.Resampling.NEAREST)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def qr_svg(payload: str) -> bytes:
    matrix = qr_matrix(payload)
    size = len(matrix)
    ET.register_namespace("", SVG_NS)
    root = ET.Element(f"{{{SVG_NS}}}svg", {"viewBox": f"0 0 {size} {size}", "width": f"{size * 4}",
                                            "height": f"{size * 4}", "shape-rendering": "crispEdges"})
    ET.SubElement(root, f"{{{SVG_NS}}}title").text = f"QR code vers {payload}"
    ET.SubElement(root, f"{{{SVG_NS}}}rect", {"width": str(size), "height": str(size), "fill": "#fff"})
    path = " ".join(f"M{x} {y}h{length}v1h-{length}z" for y, x, length in dark_runs(matrix))
    ET.SubElement(root, f"{{{SVG_NS}}}path", {"d": path, "fill": "#000"})
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
