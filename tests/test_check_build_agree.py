"""Check and build agree: on damaged content, ``check`` fails exactly when ``build`` fails.

Hypothesis draws one or two damages to a tiny valid programme (one edition, two partners with
their venues, two events) and runs the real check and the real build, in this process, on the
result:

- ``check`` fails ⇔ ``build`` fails: check finds every problem the build can meet;
- neither raises (the build's designed error path returns 1), prints an English error, logs
  through Python's logging or writes anything to the process's stdout or stderr;
- a failed build leaves the site built before from the good programme byte for byte as it was,
  and no staging folder behind.

The damages cover every field of every kind of file (taken from ``sunprogramme.schema``, so a
new field is damaged too): hostile values (line breaks in one-line fields, control and
invisible characters, numbers and booleans YAML 1.1 would turn, lists for texts and texts for
lists, tags, anchors, unclosed quotes, scripts, paths out of the content folder, impossible
dates and times…), a deleted or doubled field, and damage to whole files (truncated, latin-1,
a byte-order mark, CRLF, empty, two documents, odd names) and to the images the posters draw.

The build runs with its caches in the run's own folder: empty (a cold build), or as the good
build left them (a rebuild after an edit, as ``invoke build`` twice). Deterministic
(``derandomize``): each run tries the same examples; about 40 s.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
import shutil
import struct
import time
import warnings
import zlib
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from PIL import Image

from sun_site.build import build
from sunprogramme import schema
from sunprogramme.cli import check
from sunprogramme.fields import Field, Record
from sunprogramme.publication_state import STATE_FILE

from conftest import ROOT, SITE

MAX_EXAMPLES = 75


class Raw(str):
    """A YAML fragment written as it is after « key: » (its next lines indented under the key)."""


@dataclass(frozen=True)
class Key:
    """A mapping key written as ``name`` (``copy`` tells apart a key written twice)."""

    name: str
    copy: int = 0


# --- The tiny valid programme ---------------------------------------------------------------

EDITION = {
    "nom": "SUN 2026",
    "titre": "Semaines des Usages Numériques 2026",
    "debut": Raw("2026-10-10"),
    "fin": Raw("2026-10-24"),
    "presentation": Raw("|\n  Des ateliers **gratuits** pour apprendre le numérique."),
    "contact": {"nom": "Coordination SUN", "telephone": "01 99 00 00 00", "email": "contact@sun.example.org"},
    "editeur": "Association SUN, 1 rue de la Paix, 91300 Massy",
    "responsable_publication": "Camille Martin",
    "hebergement": "Hébergeur Exemple, 2 rue du Serveur, 75000 Paris",
}

CATON = {
    "nom": "CATON",
    "type": "association",
    "site": "https://caton.example.org",
    "logo": "logos/caton.png",
    "contact": {"nom": "Accueil", "telephone": "01 99 00 10 00", "email": "accueil@caton.example.org"},
    "communes": ["Les Ulis", "Massy"],
    "offre": ["Permanences d'aide au numérique le mardi"],
    "themes": ["premiers-pas"],
    "horaires": "Du lundi au vendredi, de 9 h à 17 h",
    "description": Raw("|\n  Cap vers l'Accès de Tous aux Outils Numériques."),
    "lieux": [{
        "id": "maison-des-associations-ulis",
        "nom": "Maison des associations",
        "adresse": "3 avenue de Bourgogne",
        "code_postal": "91940",
        "commune": "Les Ulis",
        "coordonnees": {"lat": Raw("48.6819"), "lon": Raw("2.1697")},
        "acces": "Bus 9, arrêt Centre commercial",
        "stationnement": "Parking gratuit",
        "plain_pied": Raw("oui"),
        "accessibilite": ["boucle-magnetique"],
        "acceslibre": "https://acceslibre.beta.gouv.fr/app/91-les-ulis/a/association/erp/maison/",
    }],
}

MEDIATHEQUE = {
    "nom": "Médiathèque Jean Cocteau",
    "type": "mediatheque",
    "communes": ["Massy"],
    "lieux": [{
        "id": "mediatheque-cocteau",
        "nom": "Médiathèque Jean Cocteau",
        "adresse": "2 rue de la Poterne",
        "code_postal": "91300",
        "commune": "Massy",
    }],
}

ATELIER = {
    "titre": "Premiers pas avec son smartphone",
    "resume": "Allumer, appeler, envoyer un message.",
    "en_bref": Raw("|\n  Vous avez un téléphone.\n  Nous vous aidons à l'utiliser."),
    "seances": [
        {"date": Raw("2026-10-13"), "debut": "14:00", "fin": "16:00", "note": "Salle du premier étage"},
        {"date": Raw("2026-10-20"), "debut": "14:00", "fin": "16:30", "statut": "complet"},
    ],
    "lieu": "maison-des-associations-ulis",
    "organisateurs": ["caton"],
    "themes": ["smartphone-tablette"],
    "publics": ["seniors"],
    "format": "atelier",
    "niveau": "debutant",
    "inscription": {"obligatoire": Raw("oui"), "telephone": "0199001001", "email": "inscription@caton.example.org",
                    "lien": "https://caton.example.org/inscription", "places": Raw("8"),
                    "precisions": "Appelez le matin"},
    "tarif": "2 € l'atelier",
    "accessibilite": ["gros-caracteres"],
    "a_apporter": ["Votre smartphone chargé"],
    "image": {"fichier": "images/atelier.png", "alt": "Deux personnes devant un téléphone",
              "credit": "CATON"},
    "contact": {"nom": "Lou", "telephone": "01 99 00 10 01", "email": "lou@caton.example.org"},
}

WEBINAIRE = {
    "titre": "Repérer les arnaques en ligne",
    "resume": "Un webinaire pour reconnaître les faux messages.",
    "date": Raw("2026-10-14"),
    "debut": "18:00",
    "fin": "19:00",
    "en_ligne": "https://visio.example.org/arnaques",
    "organisateurs": ["mediatheque-massy", "caton"],
    "themes": ["securite"],
    "publics": ["tout-public", "seniors"],
    "format": "webinaire",
    "statut": "confirme",
    "description": Raw("|\n  Les **arnaques** les plus courantes, et comment les reconnaître."),
}

# name in the content folder: (kind's record, fields, Markdown body for a .md file)
PROGRAMME: dict[str, tuple[Record, dict, str | None]] = {
    "edition.yaml": (schema.EDITION, EDITION, None),
    "partners/caton.yaml": (schema.PARTNER, CATON, None),
    "partners/mediatheque-massy.md": (schema.PARTNER, MEDIATHEQUE, "La médiathèque prête des **tablettes**.\n"),
    "events/atelier-smartphone.md": (schema.EVENT, ATELIER, "Un atelier en petit groupe.\n"),
    "events/webinaire-arnaques.yaml": (schema.EVENT, WEBINAIRE, None),
}
IMAGES = {"images/atelier.png": SITE / "logos" / "caton.png", "logos/caton.png": SITE / "logos" / "caton.png"}


# --- Writing YAML with damage in it -----------------------------------------------------------

def _scalar(value: Any) -> str:
    if isinstance(value, Raw):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _entry(head: str, value: Any, indent: int) -> list[str]:
    """``head`` (« key: » or « - ») followed by ``value``, nested lines indented by ``indent + 2``."""
    pad = " " * (indent + 2)
    if isinstance(value, dict) and value:
        return [head, *_mapping(value, indent + 2)]
    if isinstance(value, list) and value:
        return [head, *(line for item in value for line in _entry(pad + "-", item, indent + 2))]
    if isinstance(value, (dict, list)):
        return [f"{head} {'{}' if isinstance(value, dict) else '[]'}"]
    first, *rest = _scalar(value).split("\n")
    return [f"{head} {first}".rstrip(" ") if first else head, *(" " * indent + line for line in rest)]


def _mapping(mapping: dict, indent: int = 0) -> list[str]:
    lines = []
    for key, value in mapping.items():
        name = key.name if isinstance(key, Key) else key
        lines += _entry(" " * indent + f"{name}:", value, indent)
    return lines


def render(fields: dict, body: str | None) -> bytes:
    text = "\n".join(_mapping(fields)) + "\n"
    if body is not None:
        text = f"---\n{text}---\n{body}"
    return text.encode("utf-8")


# --- Damage -------------------------------------------------------------------------------------

def _targets(record: Record, prefix: tuple = ()) -> list[tuple[tuple, Field]]:
    """Every field of ``record``, nested ones included (a list's first item stands for all)."""
    found = []
    for f in record.fields:
        path = (*prefix, f.key)
        found.append((path, f))
        if f.kind == "record":
            found += _targets(f.record, path)
        elif f.kind == "list":
            found.append(((*path, 0), f.item))
            if f.item.kind == "record":
                found += _targets(f.item.record, (*path, 0))
    return found


FIELD_TARGETS = [(name, path, f) for name, (record, _, _) in PROGRAMME.items() for path, f in _targets(record)]

CHARACTERS = ["\x85", "\x9b", "\x07", "\x1b", "\x7f", "\x0b", "\u202e", "\u2066", "\u200b", "\u200d", "\xad",
              "\ufeff", "\u2028", "\u2029", "\ufffe", "\uffff", "\U0010ffff", "\x00", "\t", "\r"]

ANY_VALUE = [
    "|\n  première ligne\n  deuxième ligne", ">\n  première ligne\n\n  deuxième ligne", "|-\n  une\n  deux",
    '"première ligne\\nseconde ligne"', "'une\n\n  deux'", "une\n  deux",
    "x" * 5000, "mot " * 3000,
    "1.10", "007", "1e3", "-0", ".inf", ".nan", "0x1F", "+5", "1_000", "0o17", "12:30:00", "-1", "3.0",
    "yes", "no", "on", "off", "y", "true", "False", "~", "null", '""', "''", "", "' '",
    "[a, b]", "[]", "{}", "{a: b}", "\n  - a\n  - b", "\n  a: b\n  c: d", "\n  - a: b", "[[a]]", "{? a}",
    "!!python/tuple [1, 2]", "!!python/object/apply:os.system ['true']", "!!binary aGVsbG8=", "!foo bar",
    "!!str 12", "!!int '12'", "!!set {a, b}", "!!timestamp 2026-10-13", "!!float 1", "!<tag:x> y", "!! z",
    "&ancre texte", "*ancre", "&a [1, *a]", "{<<: {a: 1}}",
    '"non fermé', "'non fermé", "[non fermé", "{non: fermé", '"a"b', "'a'b'",
    "Atelier : débutants", "a: b", "clé: valeur: autre", "# commentaire", "- tiret", "? question", "%TAG",
    "@arobase", "`accent grave", "| seul", "*", "&", "!", "a #b", "a\\b", '"\\x"', '"\\z"', "...", "---",
    "📱 Atelier 👵🏽 👨‍👩‍👧", "🏳️‍🌈", "\u0301a", "Ǆ ǅ ǆ ﬁ", "ｆｕｌｌ",
    "<script>alert(1)</script>", "javascript:alert(1)", "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[lien](javascript:alert(1))",
    "{{ 7*7 }}", "'{% raw %}'", "</textarea>", "&amp; &lt;", "%s %(x)s ${HOME}", '"]]></x>"', "<!-- x",
    "../x.png", "/etc/passwd", "images/x.svg", "images/../../../etc/passwd", "logos/caton.png", "images/",
    "C:\\x.png", "https://example.org/x.png", "images/atelier.PNG", "file:///etc/passwd", "images/absent.png",
    "2026-02-30", "31/12/2026", "2026-13-01", "2026-10-25", "0000-01-01", "9999-12-31", "2026-10-13T14:00",
    "13 octobre 2026", "2026-10-13 14:00", "1970-01-01", "2026-W42", "2026-10-13T14:00:00+02:00",
    "25:00", "24:00", "02:30", "14h", "14:60", '"14:00:00"', "14:00", "1400", "-1:00", "23:59", "00:00",
    "2h30", "midi", "14 h 30", "14.30",
    "inconnu", "caton", "mediatheque-massy", "maison-des-associations-ulis", "mediatheque-cocteau",
    "atelier-smartphone", "webinaire-arnaques", "Caton", "../caton", '"caton "', "édition", "sun-2026",
    "a@b", "pas un e-mail", "mailto:a@b.fr", "a@b.fr, c@d.fr", "ftp://x.org", "https://", "http://exa mple.org",
    "//evil.example", "https://例え.jp", "https://a.example/é?q=<x>", "https://user@a.example",
    "https://a.example:99999", "0199", "+33 1 99 00 00 00", "06 00 00 00 00 00 00", "01-99-00-00-00",
    "0", "100001", "8.5", "99999999999999999999999", "1e400", "91", '"48,7"', "-0.0", "-91", "180.0001",
    "9130", "'91300'", "75001", "00000", "91 300", "Paris", "massy", "MASSY", "Les  Ulis", "Saint-Denis",
    "oui", "non", "Oui", "vrai", "1",
    "confirme", "annule", "en-ligne", "Atelier", "ATELIER", "atelier ", "tout-public", "inconnu-du-vocabulaire",
    # Found by review: digit runs Python will not read, HTML references to invisible characters, paths
    # outside the media folders that would replace a file the build makes.
    "1" + "0" * 5000, "1." + "5" * 5000, "Un &#x202E;texte&#x202C;", "&#27;[31mrouge", "a&shy;b &#x85;",
    "&#0;", "&#xFEFF;", "qr/evenements/atelier-smartphone.png", "theme/images/x.png", "images/../logos/caton.png",
]


def _with_character(draw) -> Raw:
    """A short text with one control or invisible character, written raw, quoted or escaped."""
    char = draw(st.sampled_from(CHARACTERS))
    before, after = draw(st.sampled_from([("Atelier", " numérique"), ("", "Atelier"), ("Atelier", "")]))
    style = draw(st.sampled_from(["plain", "double", "single", "escaped"]))
    if style == "escaped":
        code = ord(char)
        escape = f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
        return Raw(f'"{before}{escape}{after}"')
    text = before + char + after
    if style == "double":
        return Raw('"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"')
    if style == "single":
        return Raw("'" + text.replace("'", "''") + "'")
    return Raw(text)


@st.composite
def hostile_values(draw) -> Any:
    choice = draw(st.integers(0, 9))
    if choice <= 5:
        return Raw(draw(st.sampled_from(ANY_VALUE)))
    if choice <= 7:
        return _with_character(draw)
    if choice == 8:
        return draw(st.text(max_size=12))  # written as a quoted string: any text at all
    return Raw(draw(st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\n"), max_size=12)))


# A few damages that take several fields at once, each a list of (file, path, value or None to delete).
WEB, ATE = "events/webinaire-arnaques.yaml", "events/atelier-smartphone.md"
SCENARIOS = {
    "twice-at-dst-change": [(WEB, ("date",), Raw("2026-10-25")), (WEB, ("debut",), "02:30"),
                            (WEB, ("fin",), "03:30")],
    "in-the-spring-gap": [(WEB, ("date",), Raw("2026-03-29")), (WEB, ("debut",), "02:30"), (WEB, ("fin",), "03:00")],
    "end-before-start": [(WEB, ("debut",), "14:00"), (WEB, ("fin",), "13:00")],
    "end-equals-start": [(WEB, ("debut",), "14:00"), (WEB, ("fin",), "14:00")],
    "end-day-before-day": [(WEB, ("date_fin",), Raw("2026-10-13"))],
    "over-a-month": [(WEB, ("date_fin",), Raw("2026-11-30"))],
    "ends-next-day-at-dst": [(WEB, ("date",), Raw("2026-10-24")), (WEB, ("debut",), "23:00"),
                             (WEB, ("date_fin",), Raw("2026-10-25")), (WEB, ("fin",), "02:30")],
    "edition-reversed": [("edition.yaml", ("debut",), Raw("2026-10-24")),
                         ("edition.yaml", ("fin",), Raw("2026-10-10"))],
    "edition-one-day": [("edition.yaml", ("fin",), Raw("2026-10-10"))],
    "edition-two-years": [("edition.yaml", ("fin",), Raw("2028-10-10"))],
    "both-shorthand-and-sessions": [(ATE, ("date",), Raw("2026-10-13")), (ATE, ("debut",), "14:00"),
                                    (ATE, ("fin",), "16:00")],
    "no-session": [(WEB, ("date",), None), (WEB, ("debut",), None), (WEB, ("fin",), None)],
    "no-sessions-in-list": [(ATE, ("seances",), Raw("[]"))],
    "same-session-twice": [(ATE, ("seances", 1, "date"), Raw("2026-10-13")), (ATE, ("seances", 1, "fin"), "16:00"),
                           (ATE, ("seances", 1, "statut"), None)],
    "overlapping-sessions": [(ATE, ("seances", 1, "date"), Raw("2026-10-13")), (ATE, ("seances", 1, "debut"), "15:00")],
    "venue-id-is-a-partner-id": [("partners/caton.yaml", ("lieux", 0, "id"), "mediatheque-massy")],
    "venue-id-twice": [("partners/mediatheque-massy.md", ("lieux", 0, "id"), "maison-des-associations-ulis")],
    "venue-id-is-an-event-id": [("partners/caton.yaml", ("lieux", 0, "id"), "atelier-smartphone")],
    "neither-venue-nor-online": [(WEB, ("en_ligne",), None)],
    "venue-and-online": [(WEB, ("lieu",), "mediatheque-cocteau")],
    "organiser-is-a-venue": [(WEB, ("organisateurs",), ["mediatheque-cocteau"])],
    "organiser-twice": [(WEB, ("organisateurs",), ["caton", "caton"])],
    "venue-is-a-partner": [(ATE, ("lieu",), "caton")],
    "cancelled-session-of-cancelled-event": [(ATE, ("statut",), "annule"), (ATE, ("seances", 0, "statut"), "annule")],
    "every-session-cancelled": [(ATE, ("seances", 0, "statut"), "annule"), (ATE, ("seances", 1, "statut"), "annule")],
    "online-status-without-link": [(ATE, ("statut",), "en-ligne")],
    "registration-without-a-way": [(ATE, ("inscription",), {"obligatoire": Raw("oui")})],
    "many-sessions": [(ATE, ("seances",), [{"date": Raw(f"2026-10-{day}"), "debut": "10:00", "fin": "11:00"}
                                           for day in range(10, 25)])],
    "long-list": [(ATE, ("a_apporter",), [f"Objet {n}" for n in range(400)])],
    "partner-without-venues-used": [("partners/caton.yaml", ("lieux",), None)],
    "image-without-alt": [(ATE, ("image", "alt"), None)],
}


def _path_damages():
    field_damage = st.sampled_from(FIELD_TARGETS).flatmap(
        lambda target: st.one_of(
            hostile_values().map(lambda value: ("set", target[0], target[1], value)),
            st.just(("delete", target[0], target[1], None)),
            st.just(("twice", target[0], target[1], None)),
            st.sampled_from([*target[2].aliases, target[2].key.upper(), target[2].key + " ", "x" + target[2].key])
            .map(lambda key: ("rename", target[0], target[1], key)),
        ))
    return st.one_of(field_damage, st.sampled_from(sorted(SCENARIOS)).map(lambda name: ("scenario", name)))


FILE_OPERATIONS = ["truncate", "latin-1", "utf-16", "bom", "crlf", "cr", "empty", "blank", "two-documents",
                   "document-end", "nul", "invalid-utf-8", "tab", "merge-conflict", "too-big", "no-final-newline",
                   "yaml-document-start", "unclosed-front-matter", "front-matter-only", "body-hostile"]
NAMES = ["X.MD", "a b.yaml", "é.md", "Atelier.md", "x.yml", "x.YAML", "x.txt", "x.md.txt", ".x.md", "x",
         "x..md", "-x.md", "x-.md", "a--b.md", "123.md", "index.md", "x" * 200 + ".md", "con.md", "x.markdown",
         "caton.yaml", "mediatheque-massy.md", "atelier-smartphone.yaml", "webinaire-arnaques.md",
         "mediatheque-cocteau.yaml", "edition.yaml"]
FILES = [*PROGRAMME, STATE_FILE]
ASSETS = ["images/atelier.png", "logos/caton.png"]
IMAGE_DAMAGES = ["text", "truncated", "empty", "bad-zlib", "short-data", "huge-size", "jpeg-named-png", "svg",
                 "mode-1", "mode-L", "mode-LA", "mode-P", "mode-I;16", "mode-RGBA", "wide", "tall", "animated-gif",
                 "symlink-out", "dangling-symlink", "folder"]
EXTRA_FILES = ["events/notes.txt", "events/sous-dossier.md/", "events/fantome.md@", "events/boucle.md@@",
               "partners/vide.yaml", "content-stray.txt", "Events/", "images/x.svg", "events/.cache.md"]


def _file_damages():
    return st.one_of(
        st.tuples(st.just("file"), st.sampled_from(FILES), st.sampled_from(FILE_OPERATIONS), st.integers(1, 99)),
        st.tuples(st.just("rename-file"), st.sampled_from(FILES), st.sampled_from(NAMES)),
        st.tuples(st.just("remove-file"), st.sampled_from(FILES)),
        st.tuples(st.just("image"), st.sampled_from(ASSETS), st.sampled_from(IMAGE_DAMAGES)),
        st.tuples(st.just("extra"), st.sampled_from(EXTRA_FILES)),
    )


DAMAGES = st.lists(st.one_of(_path_damages(), _path_damages(), _file_damages()), min_size=1, max_size=2)


def _set(fields: dict, path: tuple, value: Any) -> None:
    """Put ``value`` at ``path``, making the mappings and lists on the way; None deletes."""
    node = fields
    for step, following in pairwise(path):
        child = node[step] if isinstance(node, list) and step < len(node) else (
            node.get(step) if isinstance(node, dict) else None)
        if not isinstance(child, (dict, list)) or (isinstance(following, int) != isinstance(child, list)):
            child = [] if isinstance(following, int) else {}
            if isinstance(node, list):
                node[step:step + 1] = [child]
            else:
                node[step] = child
        node = child
    last = path[-1]
    if isinstance(node, list):
        if value is None:
            del node[last:last + 1]
        elif last < len(node):
            node[last] = value
        else:
            node.append(value)
    elif value is None:
        node.pop(last, None)
    else:
        node[last] = value


def _get(fields: dict, path: tuple) -> Any:
    node: Any = fields
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _rekey(fields: dict, path: tuple, make) -> None:
    """Replace the key at ``path`` by what ``make(key, value)`` returns (a list of (key, value))."""
    parent = _get(fields, path[:-1]) if path[:-1] else fields
    if not isinstance(parent, dict) or path[-1] not in parent:
        return
    items = []
    for key, value in parent.items():
        items += make(key, value) if key == path[-1] else [(key, value)]
    parent.clear()
    parent.update(items)


def _png(width: int, height: int, data: bytes, colour_type: int = 2) -> bytes:
    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))
    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def _image(kind: str, original: bytes) -> bytes | None:
    if kind.startswith("mode-") or kind in ("wide", "tall", "animated-gif", "jpeg-named-png"):
        size = {"wide": (4000, 2), "tall": (2, 4000)}.get(kind, (60, 40))
        mode = kind.removeprefix("mode-") if kind.startswith("mode-") else "RGB"
        buffer = io.BytesIO()
        image = Image.new(mode, size)
        if kind == "animated-gif":
            image.save(buffer, "GIF", save_all=True, append_images=[Image.new("RGB", size, "red")])
        else:
            image.save(buffer, "JPEG" if kind == "jpeg-named-png" else "PNG")
        return buffer.getvalue()
    return {
        "text": b"ceci n'est pas une image\n",
        "truncated": original[: len(original) // 2],
        "empty": b"",
        "bad-zlib": _png(60, 40, b"\x78\x9c" + b"\xff" * 40),
        "short-data": _png(60, 40, zlib.compress(b"\x00" * 10)),
        "huge-size": _png(30000, 30000, zlib.compress(b"\x00" * 100)),
        "svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    }.get(kind)


def _damage_bytes(name: str, raw: bytes, operation: str, amount: int) -> bytes:
    text = raw.decode("utf-8", errors="replace")  # a file damaged before may be UTF-8 no longer
    if operation == "truncate":
        return raw[: len(raw) * amount // 100]
    if operation == "latin-1":
        return text.encode("latin-1", errors="replace")
    if operation == "utf-16":
        return text.encode("utf-16")
    if operation == "bom":
        return b"\xef\xbb\xbf" + raw
    if operation == "crlf":
        return raw.replace(b"\n", b"\r\n")
    if operation == "cr":
        return raw.replace(b"\n", b"\r")
    if operation == "empty":
        return b""
    if operation == "blank":
        return b" \n\n  \n"
    if operation == "two-documents":
        return raw + b"---\nnom: autre document\n"
    if operation == "document-end":
        return raw + b"...\nnom: apres la fin\n"
    if operation == "nul":
        return raw[:amount] + b"\x00" + raw[amount:]
    if operation == "invalid-utf-8":
        return raw[:amount] + b"\xff\xfe" + raw[amount:]
    if operation == "tab":
        return raw.replace(b"\n  ", b"\n\t", 1)
    if operation == "merge-conflict":
        lines = text.split("\n")
        cut = min(amount % 5 + 1, len(lines) - 1)
        lines[cut:cut] = ["<<<<<<< HEAD", lines[cut], "=======", ">>>>>>> autre-branche"]
        return "\n".join(lines).encode()
    if operation == "too-big":
        return raw + b"# " + b"x" * (300 * 1024) + b"\n"
    if operation == "no-final-newline":
        return raw.rstrip(b"\n")
    if operation == "yaml-document-start":
        return b"---\n" + raw
    if operation == "unclosed-front-matter":
        return raw.replace(b"\n---\n", b"\n", 1) if raw.startswith(b"---\n") else b"---\n" + raw
    if operation == "front-matter-only":
        return b"---\n---\n" + raw
    if operation == "body-hostile":
        return raw + "\n<script>alert(1)</script>\n---\n# Titre\n\u202e\x85\u2028[x](javascript:alert(1))\n".encode()
    raise AssertionError(operation)


def make_content(content: Path, damages: list) -> None:
    """Write the programme into ``content`` (a new folder) with ``damages`` done to it."""
    docs = {name: (_copy(fields), body) for name, (_, fields, body) in PROGRAMME.items()}
    for damage in damages:
        kind = damage[0]
        if kind == "scenario":
            for name, path, value in SCENARIOS[damage[1]]:
                _set(docs[name][0], path, value)
        elif kind in ("set", "delete"):
            _set(docs[damage[1]][0], damage[2], damage[3])
        elif kind == "twice":  # the key written twice (an absent one: with two good values)
            fields, path = docs[damage[1]][0], damage[2]
            second = "autre" if _get(fields, path) is None else None
            if second:
                _set(fields, path, "texte")
            _rekey(fields, path, lambda key, value, second=second: [(key, value), (Key(key, 1), second or value)])
        elif kind == "rename":
            _rekey(docs[damage[1]][0], damage[2], lambda _key, value, new=damage[3]: [(Key(new), value)])
    files: dict[str, bytes] = {name: render(fields, body) for name, (fields, body) in docs.items()}
    links: dict[str, str] = {}
    folders: list[str] = []
    for source, target in IMAGES.items():
        files[source] = target.read_bytes()
    for damage in damages:
        kind = damage[0]
        if kind == "file":
            _, name, operation, amount = damage
            raw = files.get(name, b'{"id": "atelier-smartphone", "numero": 1}\n')
            files[name] = _damage_bytes(name, raw, operation, amount)
        elif kind == "rename-file" and damage[1] in files:
            folder = damage[1].rpartition("/")[0]
            files[f"{folder}/{damage[2]}" if folder else damage[2]] = files.pop(damage[1])
        elif kind == "remove-file":
            files.pop(damage[1], None)
        elif kind == "image":
            _, name, operation = damage
            if operation == "symlink-out":
                files.pop(name, None)
                links[name] = "/etc/hostname"
            elif operation == "dangling-symlink":
                files.pop(name, None)
                links[name] = "absent.png"
            elif operation == "folder":
                files.pop(name, None)
                folders.append(name)
            else:
                files[name] = _image(operation, files.get(name, b""))
        elif kind == "extra":
            name = damage[1]
            if name.endswith("@@"):
                links[name.rstrip("@")] = Path(name.rstrip("@")).name
            elif name.endswith("@"):
                links[name.rstrip("@")] = "absent.md"
            elif name.endswith("/"):
                folders.append(name.rstrip("/"))
            else:
                files[name] = render(WEBINAIRE, None) if name.endswith((".md", ".yaml")) else b"notes\n"
    for folder in ("events", "partners", "images", "logos", *folders):
        (content / folder).mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_bytes(data)
    for name, target in links.items():
        if not (content / name).exists() and not (content / name).is_symlink():
            (content / name).symlink_to(target)


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def describe(content: Path, good: Path) -> str:
    """The damaged files as they are on disk (those that differ from the good programme's)."""
    lines = []
    names = {path.relative_to(content) for path in content.rglob("*")} | {
        path.relative_to(good) for path in good.rglob("*")}
    for name in sorted(names):
        path, before = content / name, good / name
        if path.is_symlink():
            lines.append(f"{name} -> {os.readlink(path)}")
        elif not path.exists():
            lines.append(f"{name}: removed")
        elif path.is_dir():
            if not before.is_dir():
                lines.append(f"{name}/: a folder")
        elif not before.is_file() or before.read_bytes() != path.read_bytes():
            data = path.read_bytes()
            lines.append(f"--- {name} ({len(data)} bytes)\n{data[:3000]!r}")
    return "\n".join(lines)


# --- Running check and build --------------------------------------------------------------------

ENGLISH = re.compile(r"Traceback|\b(?:expected|found|while (?:scanning|parsing)|could not|cannot|object|invalid|"
                     r"error|exception|codec|decode|column|unexpected|unacceptable|not allowed)\b", re.IGNORECASE)


def digest(folder: Path) -> str:
    """One digest of a folder's names, links and bytes."""
    total = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        total.update(str(path.relative_to(folder)).encode() + b"\0")
        if path.is_symlink():
            total.update(b"link:" + os.readlink(path).encode())
        elif path.is_file():
            total.update(hashlib.sha256(path.read_bytes()).digest())
    return total.hexdigest()


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record):
        self.records.append(f"{record.name}: {record.getMessage()}")


@dataclass
class Outcome:
    code: int | None
    printed: str
    logged: list[str]
    warned: list[str]


def _run(function, *args, **kwargs) -> Outcome:
    """Call ``check`` or ``build``, keeping what it prints, logs and warns; an exception goes up."""
    out, handler = io.StringIO(), _Records()
    logging.getLogger().addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("default")
            code = function(*args, out=out, **kwargs)
    finally:
        logging.getLogger().removeHandler(handler)
    warned = [f"{w.category.__name__}: {w.message}" for w in caught
              if not issubclass(w.category, (DeprecationWarning, PendingDeprecationWarning))]
    return Outcome(code, out.getvalue(), handler.records, warned)


class Site:
    """A work folder: the good programme built once, then each damaged one built over it."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.run = folder / "run"
        self.content, self.output, self.cache = self.run / "content", self.run / "output", self.run / "cache"
        self.settings = folder / "conf.py"
        self.settings.write_text(
            f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa\n"
            f"THEME = {str(ROOT / 'theme')!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
            f"PROGRAMME_BUILD_CACHE_DIR = {str(self.cache / 'construction')!r}\n", encoding="utf-8")
        make_content(self.content, [])
        make_content(folder / "good-content", [])
        good = _run(check, str(self.content))
        assert good.code == 0, good.printed
        built = self.build()
        assert built.code == 0 and not built.logged and not built.warned, built
        shutil.copytree(self.output, folder / "good-output", symlinks=True)
        shutil.copytree(self.cache, folder / "good-cache", symlinks=True)
        self.good_digest = digest(self.output)

    def build(self) -> Outcome:
        return _run(build, str(self.settings), str(self.content), str(self.output))

    def reset(self, damages: list, warm: bool) -> None:
        for _attempt in range(50):  # a build that crashed may leave a worker writing for a moment
            try:
                shutil.rmtree(self.run)
                break
            except OSError:
                time.sleep(0.1)
        self.run.mkdir()
        shutil.copytree(self.folder / "good-output", self.output, symlinks=True)
        if warm:
            shutil.copytree(self.folder / "good-cache", self.cache, symlinks=True)
        make_content(self.content, damages)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    return Site(tmp_path_factory.mktemp("agree"))


def examine(site: Site, damages: list, warm: bool) -> list[str]:
    """Everything wrong with check and build on the damaged programme (empty: they agree).
    An exception from check or build is not caught: it is a failure of its own."""
    site.reset(damages, warm)
    shown = describe(site.content, site.folder / "good-content")
    content_before = digest(site.content)
    checked = _run(check, str(site.content))
    failures = []
    if digest(site.content) != content_before:
        failures.append("check changed the content folder")
    built = site.build()
    note(f"damaged files:\n{shown}\n\ncheck printed ({checked.code}):\n{checked.printed}\n"
         f"build printed ({built.code}):\n{built.printed}")
    if checked.code not in (0, 1) or built.code not in (0, 1):
        failures.append(f"exit codes {checked.code}, {built.code}")
    if (checked.code == 1) != (built.code == 1):
        failures.append(f"check {'failed' if checked.code else 'passed'} but build "
                        f"{'failed' if built.code else 'passed'}")
    for who, outcome in (("check", checked), ("build", built)):
        for line in outcome.printed.splitlines():  # what the organiser typed is quoted « like this »
            if ENGLISH.search(re.sub(r"«[^»]*»", "", line.replace(str(site.folder), ""))):
                failures.append(f"{who} printed English: {line}")
                break
        if outcome.logged:
            failures.append(f"{who} logged: {outcome.logged[:3]}")
        if outcome.warned:
            failures.append(f"{who} warned: {outcome.warned[:3]}")
    if built.code != 0:
        if digest(site.output) != site.good_digest:
            failures.append("the failed build changed the output folder")
        if digest(site.content) != content_before:
            failures.append("the failed build changed the content folder")
        if [p.name for p in site.run.iterdir() if ".partial-" in p.name]:
            failures.append("the failed build left its staging folder")
    return failures


@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None, print_blob=False,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(damages=DAMAGES, warm=st.booleans())
def test_check_fails_exactly_when_build_fails(site, capfd, damages, warm):
    capfd.readouterr()
    failures = examine(site, damages, warm)
    printed = capfd.readouterr()
    if printed.out or printed.err:
        failures.append(f"written to the process's stdout/stderr: {(printed.out + printed.err)[:500]!r}")
    assert not failures, "\n".join(failures)
