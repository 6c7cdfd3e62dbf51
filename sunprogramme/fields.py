"""Declarative description of every field organisers can write, and its checking.

The same description drives the checks (here), the field tables of the README
and, later, the JSON Schema for editors: a field is described once.

Keys in files are French (organisers write them); the ``attr`` of a field is the
English name the model uses.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from . import timeutil
from .cleantext import TextProblem, clean_text
from .content_files import MEDIA_FOLDERS
from .list_hints import Quiet, comma_list
from .vocabularies import slugify, vocabulary
from .yaml_scalars import typed_text
from .yamlstrict import Document, Path

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID_LENGTH = 80  # an identifier names pages and files: short enough for any file system and address
_EMAIL = re.compile(r"^[^@\s<>\"'`]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_PHONE_CHARS = re.compile(r"^[0-9 .\-+()]+$")
_BOOL_WORDS = {"oui": True, "non": False, "true": True, "false": False}
_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n", "vrai", "faux"}
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")


class FieldValueError(ValueError):
    """A value that does not fit its field; the message is French."""


@dataclass(frozen=True)
class Field:
    key: str  # as written in files (French)
    attr: str  # model attribute (English)
    kind: str  # text, markdown, bool, int, float, date, time, url, email, phone,
    # postcode, id, ref, vocab, commune, path, list, record
    label: str  # French, for documentation
    required: bool = False
    help: str = ""
    vocabulary: str | None = None
    item: Field | None = None  # for lists
    record: Record | None = None  # for records
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    default: Any = None
    aliases: tuple[str, ...] = ()  # other names people type, for « vouliez-vous dire »
    example: Any = None
    or_words: tuple[str, ...] = ()  # for a list: the words that may stand instead of it (« a_confirmer »)


@dataclass(frozen=True)
class Record:
    name: str  # French name of the record, for messages
    fields: tuple[Field, ...]
    allow_extra: tuple[str, ...] = ()  # keys read elsewhere (e.g. the id of a venue)

    def by_key(self, key: str) -> Field | None:
        for f in self.fields:
            if f.key == key:
                return f
        return None


class Reporter(Protocol):
    """Receives each problem of one file; ``count`` is how many errors it has received."""

    count: int

    def __call__(self, path: Path, label: str, message: str) -> None: ...

    def warn(self, path: Path, label: str, message: str) -> None: ...


def field_label(path: Path) -> str:
    """« seances[2].debut »: the field as an organiser finds it (1-based items)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else part
    return out


def suggest(word: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(word.lower(), candidates, n=1, cutoff=0.6)
    return f" ; vouliez-vous dire « {close[0]} » ?" if close else ""


# --- converters for scalar kinds -------------------------------------------------

def _text(value: Any, f: Field) -> str:
    if isinstance(value, bool):
        raise FieldValueError(
            f"texte attendu, mais « {'true' if value else 'false'} » est lu comme oui/non ; "
            "mettez le texte entre guillemets"
        )
    if isinstance(value, (int, float)):
        value = typed_text(value)
    if not isinstance(value, str):
        raise FieldValueError("texte attendu (une seule valeur, pas une liste ni des sous-champs)")
    value = value.strip()
    if f.max_length and len(value) > f.max_length:
        raise FieldValueError(f"texte trop long ({len(value)} caractères ; au plus {f.max_length})")
    return value


def _bool(value: Any, f: Field) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _BOOL_WORDS:
        return _BOOL_WORDS[value.strip().lower()]
    if isinstance(value, str) and value.strip().lower() in _YAML11_BOOLS:
        raise FieldValueError(f"« {value} » est ambigu : écrivez oui ou non")
    raise FieldValueError(f"« {value} » n'est pas une réponse oui/non : écrivez oui ou non")


def _int(value: Any, f: Field) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise FieldValueError("nombre entier attendu")
    if isinstance(value, str):
        if not value.strip().isdigit() or len(value.strip()) > 18:
            raise FieldValueError(f"« {value} » n'est pas un nombre entier")
        value = int(value.strip())
    _range(value, f)
    return int(value)


def _float(value: Any, f: Field) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FieldValueError(f"« {value} » n'est pas un nombre (utilisez le point décimal : 48.73)")
    _range(float(value), f)
    return float(value)


def _range(value: float, f: Field) -> None:
    if f.minimum is not None and value < f.minimum:
        raise FieldValueError(f"{value} est trop petit (au moins {f.minimum:g})")
    if f.maximum is not None and value > f.maximum:
        raise FieldValueError(f"{value} est trop grand (au plus {f.maximum:g})")


def check_url(text: str, schemes: tuple[str, ...] = ("https", "http")) -> str:
    text = text.strip()
    scheme, sep, rest = text.partition("://")
    if not sep or scheme.lower() not in schemes:
        raise FieldValueError(
            f"adresse « {text} » refusée : elle doit commencer par https:// (ou http://)"
        )
    host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    if not host or "@" in host or not re.match(r"^[A-Za-z0-9.-]+(:\d+)?$", host) or "." not in host:
        raise FieldValueError(f"adresse « {text} » refusée : nom de site manquant ou invalide")
    if re.search(r"[\s<>\"'`\\]", text):
        raise FieldValueError(f"adresse « {text} » refusée : elle contient des espaces ou des caractères interdits")
    return text


def _url(value: Any, f: Field) -> str:
    text = _text(value, f)
    url = check_url(text)
    if f.key == "acceslibre" and not url.startswith("https://acceslibre.beta.gouv.fr/"):
        raise FieldValueError("le lien acceslibre doit commencer par https://acceslibre.beta.gouv.fr/")
    return url


def _email(value: Any, f: Field) -> str:
    text = _text(value, f)
    if not _EMAIL.match(text):
        raise FieldValueError(f"adresse e-mail « {text} » invalide")
    return text


def format_phone(digits: str) -> str:
    return " ".join(digits[i:i + 2] for i in range(0, 10, 2))


_PHONE_HELP = "numéro de téléphone « {} » invalide : écrivez 10 chiffres, par exemple 01 99 00 12 34"


def _phone(value: Any, f: Field) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        raise FieldValueError(
            f"numéro « {value} » incomplet (le 0 initial manque ?) : écrivez-le entre guillemets, "
            "par exemple \"01 99 00 12 34\""
        )
    text = _text(value, f)
    if not _PHONE_CHARS.match(text):
        raise FieldValueError(_PHONE_HELP.format(text))
    digits = re.sub(r"\D", "", text)
    if text.startswith("+33"):
        digits = "0" + digits[2:]
    if len(digits) != 10 or not digits.startswith("0"):
        raise FieldValueError(_PHONE_HELP.format(text))
    return format_phone(digits)


def _postcode(value: Any, f: Field) -> str:
    text = str(value).strip() if not isinstance(value, bool) else ""
    if not re.fullmatch(r"\d{5}", text):
        raise FieldValueError(f"code postal « {value} » invalide : 5 chiffres, par exemple \"91300\"")
    return text


def _id(value: Any, f: Field) -> str:
    text = _text(value, f)
    if not ID_PATTERN.match(text):
        raise FieldValueError(
            f"identifiant « {text} » invalide : lettres minuscules sans accent, chiffres et tirets "
            f"(par exemple « {slugify(text) or 'mediatheque-massy'} »)"
        )
    if len(text) > MAX_ID_LENGTH:
        raise FieldValueError(f"identifiant trop long ({len(text)} caractères ; au plus {MAX_ID_LENGTH})")
    return text


def _vocab(value: Any, f: Field) -> str:
    text = _text(value, f)
    vocab = vocabulary(f.vocabulary or "")
    if text in vocab:
        return text
    wanted = slugify(text)
    for term in vocab.terms:
        if wanted in (term.slug, slugify(term.label)):
            return term.slug
    allowed = ", ".join(vocab.slugs)
    return _fail(f"valeur « {text} » inconnue{suggest(wanted, vocab.slugs)} (valeurs possibles : {allowed})")


def _commune(value: Any, f: Field) -> str:
    """A commune of the edition's territory (``territory.scope``), by name or INSEE code."""
    from .territory import commune_problem

    commune, problem = commune_problem(_text(value, f))
    if commune is None:
        return _fail(problem or "")
    return commune.insee


def _path(value: Any, f: Field) -> str:
    text = _text(value, f)
    if (
        not text
        or text.startswith(("/", "\\"))
        or "\\" in text
        or ":" in text
        or any(part in ("..", ".", "") for part in text.split("/"))
    ):
        raise FieldValueError(
            f"chemin « {text} » refusé : indiquez un fichier du dossier content/, par exemple images/atelier.jpg"
        )
    if not text.lower().endswith(IMAGE_SUFFIXES):
        raise FieldValueError(f"« {text} » n'est pas une image (formats acceptés : {', '.join(IMAGE_SUFFIXES)})")
    # Published at the same place in the site: anywhere else, it could replace a file the build
    # makes (a QR code, an image of the theme).
    if text.split("/", 1)[0] not in MEDIA_FOLDERS:
        raise FieldValueError(f"chemin « {text} » refusé : placez l'image dans content/images/ (ou un logo dans "
                              "content/logos/), par exemple images/atelier.jpg")
    return text


def _fail(message: str) -> Any:
    raise FieldValueError(message)


SCALARS: dict[str, Callable[[Any, Field], Any]] = {
    "text": _text,
    "markdown": _text,
    "bool": _bool,
    "int": _int,
    "float": _float,
    "date": lambda v, f: _wrap_time(timeutil.parse_date, v),
    "time": lambda v, f: _wrap_time(timeutil.parse_time, v),
    "url": _url,
    "email": _email,
    "phone": _phone,
    "postcode": _postcode,
    "id": _id,
    "ref": _id,
    "vocab": _vocab,
    "commune": _commune,
    "place": _text,  # a venue's commune: read with its hors_territoire by the loader
    "path": _path,
}


def _wrap_time(parser: Callable[[Any], Any], value: Any) -> Any:
    if isinstance(value, (list, dict, bool)):
        raise FieldValueError("une seule date ou heure attendue")
    try:
        return parser(value)
    except timeutil.TimeValueError as error:
        raise FieldValueError(str(error)) from None


# --- the engine --------------------------------------------------------------------

def read_record(record: Record, data: dict[str, Any], doc: Document, path: Path,
                report: Reporter) -> dict[str, Any]:
    """Check ``data`` against ``record``; return {attr: converted value}.

    Values that fail are reported and left out; required fields that are missing
    are reported. Defaults fill the fields not given.
    """
    out: dict[str, Any] = {}
    keys = [f.key for f in record.fields]
    aliases = {alias: f.key for f in record.fields for alias in f.aliases}
    for key, value in data.items():
        f = record.by_key(key)
        if f is None:
            if key in record.allow_extra:
                continue
            if key in aliases:
                hint = f" ; vouliez-vous dire « {aliases[key]} » ?"
            else:
                hint = suggest(slugify(key).replace("-", "_"), keys)
            report((*path, key), field_label((*path, key)), f"champ inconnu{hint}")
            continue
        if value is None or value == "" or value == []:
            continue  # treated as absent; « required » is checked below
        converted = read_value(f, value, doc, (*path, key), report)
        if converted is not _INVALID:
            out[f.attr] = converted
    for f in record.fields:
        present = f.key in data and data[f.key] not in (None, "", [])
        if f.required and not present:
            report(path or (f.key,), field_label((*path, f.key)),
                   f"champ obligatoire manquant ({f.label.lower()})")
        if f.attr not in out and not present and f.default is not None:
            out[f.attr] = f.default() if callable(f.default) else f.default
    return out


_INVALID = object()

def read_value(f: Field, value: Any, doc: Document, path: Path, report: Reporter) -> Any:
    label = field_label(path)
    if f.kind == "list" and isinstance(value, str) and value.strip().replace("-", "_") in f.or_words:
        return value.strip().replace("-", "_")
    if f.kind == "list":
        assert f.item is not None
        written = comma_list(path[-1] if path and isinstance(path[-1], str) else f.key, value, f.item.kind,
                             lambda part: read_value(f.item, part, doc, path, Quiet()) is not _INVALID)
        if written:
            report(path, label, f"écrivez une liste : {written}")
            return _INVALID
        items = value if isinstance(value, list) else [value]
        converted = []
        for index, item in enumerate(items):
            item_path = (*path, index) if isinstance(value, list) else path
            one = read_value(f.item, item, doc, item_path, report)
            if one is not _INVALID:
                converted.append(one)
        if len(converted) != len(items):
            return _INVALID
        return converted
    if f.kind == "record":
        assert f.record is not None
        if not isinstance(value, dict):
            report(path, label, f"sous-champs attendus ({', '.join(x.key for x in f.record.fields)})")
            return _INVALID
        before = report.count
        out = read_record(f.record, value, doc, path, report)
        return out if report.count == before else _INVALID
    if isinstance(value, (list, dict)):
        report(path, label, "une seule valeur attendue, pas une liste ni des sous-champs")
        return _INVALID
    if isinstance(value, str):  # every text read, whatever its kind, is cleaned here, once
        try:
            value, notes = clean_text(value, one_line=f.kind != "markdown", markup=f.kind == "markdown")
        except TextProblem as problem:
            report(path, label, str(problem))
            return _INVALID
        for note in notes:
            report.warn(path, label, note)
    try:
        return SCALARS[f.kind](value, f)
    except FieldValueError as error:
        report(path, label, str(error))
        return _INVALID
