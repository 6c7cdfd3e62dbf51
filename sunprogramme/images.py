"""Image files from contributors, checked before anything uses them.

The file must really be the image its name says (a renamed document or a
script is refused), not too heavy to download on a phone, and not a
« decompression bomb » (a tiny file that unpacks to billions of pixels).
SVG is refused: it can carry scripts, and posters cannot print it.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "GIF"}


class ImageProblem(ValueError):
    """Why an image cannot be used, in French."""


def check_image(data: bytes, suffix: str) -> tuple[int, int]:
    """Return (width, height) of ``data``, a usable image of the format its name's ``suffix``
    says; raise ImageProblem otherwise."""
    size = len(data)
    if size > MAX_BYTES:
        limit = MAX_BYTES // 1024 // 1024
        megabytes = f"{size / 1024 / 1024:.1f}".replace(".", ",")
        raise ImageProblem(f"image trop lourde ({megabytes} Mo ; au plus {limit} Mo) : "
                           "réduisez-la avant de l'ajouter")
    expected = FORMATS[suffix.lower()]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                actual, width, height = image.format, image.width, image.height
                if width * height > MAX_PIXELS:
                    raise ImageProblem(f"image trop grande ({width} × {height} pixels) : réduisez-la")
                image.verify()  # the file's structure (chunks and their checksums)
            # verify() decodes nothing: a file whose structure is sound but whose pixels are not
            # would pass, then stop the posters. Decoding it whole is what its readers will do.
            with Image.open(io.BytesIO(data)) as image:
                image.load()
    except ImageProblem:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageProblem("image refusée : ses dimensions sont démesurées") from None
    except Exception:
        raise ImageProblem("ce fichier n'est pas une image lisible (fichier abîmé ou renommé ?)") from None
    if actual != expected:
        raise ImageProblem(f"le fichier est une image {actual}, pas {expected} : corrigez son extension")
    return width, height
