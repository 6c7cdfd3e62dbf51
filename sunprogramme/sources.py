"""Turn one content file (bytes on disk) into a strict YAML document.

Accepted: ``.yaml``/``.yml`` files, and ``.md`` files made of YAML front matter
between two ``---`` lines followed by a Markdown body, whatever the case of the
suffix (``.MD`` is ``.md``). UTF-8 with or without a byte-order mark, LF or CRLF
line endings (what Windows editors write).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .yamlstrict import Document, YamlProblem, load_mapping

MAX_FILE_BYTES = 256 * 1024


@dataclass
class SourceFile:
    path: str  # as shown to organisers (relative to the content folder's parent)
    doc: Document
    body: str | None = None  # Markdown body of a .md file
    body_line: int = 0  # line where the body starts


def decode(raw: bytes) -> str:
    """UTF-8 (optional BOM) to text with LF line endings; YamlProblem otherwise."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise YamlProblem(
            line,
            "le fichier n'est pas enregistré en UTF-8 (caractère illisible) ; "
            "dans votre éditeur, choisissez « Enregistrer sous… » puis l'encodage UTF-8",
        ) from None
    if "\x00" in text:
        raise YamlProblem(text[: text.index("\x00")].count("\n") + 1,
                          "le fichier contient des caractères binaires : ce n'est pas un fichier texte")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str) -> tuple[str, int, str, int]:
    """Return (yaml_text, yaml_first_line_offset, body, body_first_line)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise YamlProblem(1, "un fichier .md doit commencer par une ligne « --- » suivie des champs")
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1:])
            return front, 1, body, index + 2
    raise YamlProblem(len(lines), "les champs ne sont pas refermés par une ligne « --- »")


def check_size(size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise YamlProblem(1, f"fichier trop gros ({size // 1024} Kio ; au plus {MAX_FILE_BYTES // 1024} Kio)")
    if size == 0:
        raise YamlProblem(1, "le fichier est vide")


def read_source(file_path: Path, shown_path: str) -> SourceFile:
    """Read and parse one file; raises YamlProblem with a line for unreadable files."""
    check_size(file_path.stat().st_size)
    return parse(file_path.read_bytes(), file_path.suffix, shown_path)


def parse(raw: bytes, suffix: str, shown_path: str) -> SourceFile:
    text = decode(raw)
    if suffix.lower() == ".md":
        front, offset, body, body_line = split_front_matter(text)
        if not front.strip():
            raise YamlProblem(1, "aucun champ entre les lignes « --- »")
        return SourceFile(shown_path, load_mapping(front, line_offset=offset), body, body_line)
    if not text.strip():
        raise YamlProblem(1, "le fichier est vide")
    try:
        return SourceFile(shown_path, load_mapping(text))
    except YamlProblem:
        body_line = _markdown_body_line(text)
        if body_line is None:
            raise
        raise YamlProblem(body_line - 1, "des champs entre deux lignes « --- » suivis d'un texte : renommez "
                                         "le fichier en .md (un fichier .yaml ne contient que des champs)") from None


def _markdown_body_line(text: str) -> int | None:
    """The line where a Markdown body starts, for a .yaml file that is front matter and a body (an
    .md file under the wrong name); None for any other file, such as two YAML documents."""
    try:
        _, _, body, body_line = split_front_matter(text)
    except YamlProblem:
        return None
    if not body.strip():
        return None
    try:
        load_mapping(body)
    except YamlProblem:
        return body_line  # the body is not YAML fields: it is a text
    return None
