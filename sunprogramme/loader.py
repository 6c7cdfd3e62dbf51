"""Read a content folder into one checked Programme, reporting every problem at once.

Layout of a content folder::

    edition.yaml                 the edition: name, title, first and last day
    partners/<id>.yaml|.md       partners, each with the venues it declares
    events/<id>.md|.yaml         events (YAML front matter + Markdown, or YAML only)

``load_programme`` never raises for bad content: it returns the problems in a
``Report``. ``check_programme`` raises ``ContentError`` when any is an error.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import schema
from .content_files import ContentFileProblem, read_content_file, read_media, unused_files
from .errors import ContentError, Report
from .fields import field_label, suggest
from .fingerprint import Fingerprinter
from .memo import Memo
from .model import (
    Contact,
    Coordinates,
    Edition,
    Event,
    Image,
    Partner,
    Programme,
    Registration,
    Venue,
)
from .publication_state import STATE_FILE, read_state
from .reading import (
    LINK_REFUSED,
    ParsedFile,
    check_top_level,
    description_html,
    list_files,
    markdown_html,
    parse_file,
    shown_path,
)
from .sanitize import removed_parts
from .session_reading import read_sessions
from .vocabularies import find_commune
from .yamlstrict import Path as YamlPath

# « id: x » in a partner file that cannot be read at all: the venues it seems to declare.
_DECLARED_ID = re.compile(r"^[ -]*id\s*:\s*[\"']?([a-z0-9]+(?:-[a-z0-9]+)*)[\"']?\s*$", re.MULTILINE)


def _contact(values: dict[str, Any] | None) -> Contact | None:
    return Contact(**values) if values else None


def _read_edition(content_dir: Path, report: Report, memo: Memo) -> Edition | None:
    shown = shown_path(content_dir, "edition.yaml")
    path = content_dir / "edition.yaml"
    if path.is_symlink():
        report.error(shown, 0, "", LINK_REFUSED)
        return None
    if not path.is_file():
        report.error(shown, 0, "", "fichier de l'édition manquant (nom, titre, debut, fin)")
        return None
    parsed = parse_file(shown, path, schema.EDITION, report, memo)
    if parsed is None or parsed.reporter.count:
        return None
    values = parsed.values
    if values["last_day"] < values["first_day"]:
        parsed.reporter(("fin",), "fin", "le dernier jour est avant le premier jour")
        return None
    intro = markdown_html(values["intro"], memo) if values.get("intro") else ""
    return Edition(values["name"], values["title"], values["first_day"], values["last_day"], intro,
                   _contact(values.get("contact")), values.get("publisher"), values.get("publication_manager"),
                   values.get("host"))


@dataclass
class _Registry:
    """Partners and venues read so far, for references from events."""

    partners: dict[str, Partner]
    venues: dict[str, Venue]
    media: set[str]  # the images and logos files name: the only files of content/ the site publishes
    # Partners and venues whose file is there but invalid (id → « partners/x.yaml »): an event naming
    # one is told to mend that file, not that the name is unknown.
    invalid_partners: dict[str, str] = field(default_factory=dict)
    invalid_venues: dict[str, str] = field(default_factory=dict)


def _read_partners(content_dir: Path, report: Report, registry: _Registry, memo: Memo) -> None:
    for shown, path in list_files(content_dir, "partners", report):
        parsed = parse_file(shown, path, schema.PARTNER, report, memo)
        relative = f"partners/{path.name}"
        if parsed is None:  # unreadable: what it seems to declare is said to be invalid, not unknown
            registry.invalid_partners.setdefault(path.stem, relative)
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                text = ""
            for venue_id in _DECLARED_ID.findall(text):
                registry.invalid_venues.setdefault(venue_id, relative)
            continue
        values = parsed.values
        venue_ids = []
        for index, venue_values in enumerate(values.get("venues", [])):
            venue = _venue(parsed, index, venue_values, registry)
            if venue is not None:
                registry.venues[venue.id] = venue
                venue_ids.append(venue.id)
        logo = values.get("logo")
        if logo:
            registry.media.add(logo)
            _check_image_file(content_dir, logo, parsed, ("logo",))
        declared = parsed.source.doc.data.get("lieux")
        for item in declared if isinstance(declared, list) else ():
            if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"] not in registry.venues:
                registry.invalid_venues.setdefault(item["id"], relative)
        if not {"name", "kind"} <= values.keys():
            registry.invalid_partners.setdefault(parsed.id, relative)
            continue
        registry.partners[parsed.id] = Partner(
            id=parsed.id,
            name=values["name"],
            kind=values["kind"],
            website=values.get("website"),
            logo=logo,
            description_html=description_html(parsed, memo),
            contact=_contact(values.get("contact")),
            communes=tuple(find_commune(i) for i in values.get("communes", ())),  # type: ignore[misc]
            offer=tuple(values.get("offer", ())),
            themes=tuple(values.get("themes", ())),
            opening_hours=values.get("opening_hours"),
            venue_ids=tuple(venue_ids),
            source=parsed.relative,
        )


def _venue(parsed: ParsedFile, index: int, values: dict[str, Any], registry: _Registry) -> Venue | None:
    path: YamlPath = ("lieux", index)
    if not {"id", "name", "address", "postcode", "commune"} <= values.keys():
        return None
    venue_id = values["id"]
    if venue_id in registry.venues:
        other = registry.venues[venue_id]
        parsed.reporter((*path, "id"), field_label((*path, "id")),
                        f"lieu « {venue_id} » déjà déclaré dans {other.source}:{other.line} ; "
                        "une adresse ne s'écrit qu'une fois")
        return None
    commune = find_commune(values["commune"])
    assert commune is not None  # checked by the field
    if values["postcode"] != commune.postcode:
        parsed.reporter.warn((*path, "code_postal"), field_label((*path, "code_postal")),
                             f"le code postal {values['postcode']} n'est pas celui de la commune {commune.name} "
                             f"({commune.postcode}) ; vérifiez l'adresse")
    coordinates = values.get("coordinates")
    if coordinates and not (48.3 <= coordinates["lat"] <= 49.0 and 1.8 <= coordinates["lon"] <= 2.7):
        parsed.reporter.warn((*path, "coordonnees"), field_label((*path, "coordonnees")),
                             "ces coordonnées sont loin de l'Essonne : latitude et longitude inversées ?")
    return Venue(
        id=venue_id,
        name=values["name"],
        address=values["address"],
        postcode=values["postcode"],
        commune=commune,
        partner_id=parsed.id,
        coordinates=Coordinates(**coordinates) if coordinates else None,
        access=values.get("access"),
        parking=values.get("parking"),
        step_free=values.get("step_free"),
        accessibility=tuple(values.get("accessibility", ())),
        acceslibre_url=values.get("acceslibre_url"),
        source=parsed.source.path,
        line=parsed.source.doc.line(path),
    )


def _check_image_file(content_dir: Path, relative: str, parsed: ParsedFile, path: YamlPath) -> None:
    try:
        read_media(content_dir, relative)
    except ContentFileProblem as problem:
        parsed.reporter(path, field_label(path), str(problem))


def _unknown(what: str, name: str, known: dict, invalid: dict[str, str], where: str) -> str | None:
    """Why an event cannot name ``name`` (a venue or partner), or None when it can: its file is
    invalid (say which), or nothing declares it (suggest the nearest, say where to declare it)."""
    if name in known:
        return None
    if name in invalid:
        return f"{what} « {name} » invalide (voir {invalid[name]}) : corrigez d'abord ce fichier"
    return f"{what} « {name} » inconnu{suggest(name, list(known))} ({where})"


def _read_events(content_dir: Path, report: Report, memo: Memo) -> list[ParsedFile]:
    parsed_events = []
    seen: dict[str, str] = {}
    for shown, path in list_files(content_dir, "events", report):
        if path.stem in seen:
            report.error(shown, 0, "", f"identifiant « {path.stem} » déjà utilisé par {seen[path.stem]}")
            continue
        seen[path.stem] = shown
        parsed = parse_file(shown, path, schema.EVENT, report, memo)
        if parsed is not None:
            parsed_events.append(parsed)
    return parsed_events


def _build_event(parsed: ParsedFile, registry: _Registry, edition: Edition | None,
                 content_dir: Path, memo: Memo) -> Event | None:
    values, reporter = parsed.values, parsed.reporter
    sessions = read_sessions(parsed, edition)
    venue_id = values.get("venue")
    unknown = venue_id and _unknown("lieu", venue_id, registry.venues, registry.invalid_venues,
                                    "les lieux se déclarent dans les fichiers de content/partners/")
    if unknown:
        reporter(("lieu",), "lieu", unknown)
    if not venue_id and not values.get("online_url"):
        reporter((), "lieu", "indiquez un lieu (champ lieu) ou un lien en ligne (champ en_ligne)")
    if values.get("status") == "en-ligne" and not values.get("online_url"):
        reporter(("statut",), "statut", "événement déplacé en ligne : indiquez le lien dans le champ en_ligne")
    for index, organiser in enumerate(values.get("organisers", [])):
        path: YamlPath = ("organisateurs", index) if isinstance(
            parsed.source.doc.data.get("organisateurs"), list) else ("organisateurs",)
        unknown = _unknown("partenaire", organiser, registry.partners, registry.invalid_partners,
                           "il faut un fichier content/partners/<identifiant>.yaml")
        if unknown:
            reporter(path, field_label(path), unknown)
    registration = values.get("registration")
    if registration and registration["required"] and not (
            {"phone", "email", "url"} & registration.keys()):
        reporter(("inscription",), "inscription",
                 "inscription obligatoire : indiquez comment s'inscrire (telephone, email ou lien)")
    image = values.get("image")
    if image:
        _check_image_file(content_dir, image["path"], parsed, ("image", "fichier"))
    description = description_html(parsed, memo)
    easy_read = markdown_html(values["easy_read"], memo) if values.get("easy_read") else ""
    if values.get("easy_read") and removed_parts(values["easy_read"]):
        reporter.warn(("en_bref",), "en_bref", "contenu retiré pour la sécurité des lecteurs : "
                      + ", ".join(removed_parts(values["easy_read"])))
    if reporter.count or not sessions:
        return None
    return Event(
        id=parsed.id,
        title=values["title"],
        summary=values["summary"],
        sessions=tuple(sessions),
        organiser_ids=tuple(values["organisers"]),
        themes=tuple(values["themes"]),
        audiences=tuple(values["audiences"]),
        format=values["format"],
        level=values["level"],
        status=values["status"],
        description_html=description,
        easy_read_html=easy_read,
        venue_id=venue_id,
        online_url=values.get("online_url"),
        registration=Registration(**registration) if registration else None,
        price=values.get("price"),
        accessibility=tuple(values.get("accessibility", ())),
        bring=tuple(values.get("bring", ())),
        image=Image(**image) if image else None,
        contact=_contact(values.get("contact")),
        source=parsed.relative,
    )


def _file_state(content_dir: Path, relative: str | None) -> bytes:
    """What a check of the image file ``relative`` depends on: its name and bytes."""
    if not relative:
        return b""
    try:
        data = read_content_file(content_dir, relative)
    except ContentFileProblem as problem:
        return f"{relative}\0{problem}".encode("utf-8", "surrogateescape")
    return hashlib.blake2b(relative.encode("utf-8", "surrogateescape") + b"\0" + data, digest_size=16).digest()


def _event_key(parsed: ParsedFile, registry: _Registry, registry_key: bytes, edition_key: bytes,
               content_dir: Path) -> bytes:
    """The digest of everything ``_build_event`` reads besides its memo: the file, the edition, the
    image file, and the partners and venues it names (all of them, when one is unknown: the
    message then suggests the nearest)."""
    values = parsed.values
    named = ([values["venue"]] if values.get("venue") else []) + list(values.get("organisers", []))
    known = (not values.get("venue") or values["venue"] in registry.venues) and all(
        name in registry.partners for name in values.get("organisers", []))
    references = "\0".join(named).encode("utf-8", "surrogatepass") + (b"" if known else registry_key)
    image = values.get("image")
    state = _file_state(content_dir, image["path"] if image else None)
    digest = hashlib.blake2b(digest_size=16)
    for part in (parsed.key, edition_key, references, state):
        digest.update(len(part).to_bytes(4, "big") + part)
    return digest.digest()


def _registry_key(registry: _Registry) -> bytes:
    """The digest of every partner and venue, valid or not: what an unknown name's message says."""
    return Fingerprinter()(registry)


def load_programme(content_dir: Path | str, memo: Memo | None = None,
                   fingerprint: Fingerprinter | None = None) -> tuple[Programme | None, Report]:
    """Read everything under ``content_dir``; the programme is None if any error was found.
    ``memo``: files read and checked, Markdown rendered and events built by an earlier build (a
    file whose bytes are the same is not checked again; an event whose inputs are the same is taken
    again as it was built, with its problems, told again). ``fingerprint``: the build's
    fingerprinter, told the digests of the events taken again (kept with them: not computed again)."""
    content_dir = Path(content_dir)
    memo = memo or Memo()
    report = Report()
    if not content_dir.is_dir():
        report.error(str(content_dir), 0, "", "dossier de contenu introuvable")
        return None, report
    check_top_level(content_dir, report)
    edition = _read_edition(content_dir, report, memo)
    registry = _Registry({}, {}, set())
    _read_partners(content_dir, report, registry, memo)
    events = {}
    registry_key = _registry_key(registry)
    edition_key = Fingerprinter()(edition)
    for parsed in _read_events(content_dir, report, memo):
        key = _event_key(parsed, registry, registry_key, edition_key, content_dir)
        built = memo.lookup("event", key)
        if built is not None:
            event, problems, digests = built
            report.problems += problems
            if fingerprint is not None and digests is not None:
                fingerprint.remember(event, digests[0])
                for session, digest in zip(event.sessions, digests[1], strict=True):
                    fingerprint.remember(session, digest)
        else:
            start = len(report.problems)
            event = _build_event(parsed, registry, edition, content_dir, memo)
            digests = None
            if fingerprint is not None and event is not None:
                digests = (fingerprint.digest_of(event), [fingerprint.digest_of(s) for s in event.sessions])
            memo.put("event", key, (event, report.problems[start:], digests))
        if event is not None:
            events[event.id] = event
        image = parsed.values.get("image")
        if image:
            registry.media.add(image["path"])
    for relative, reason in unused_files(content_dir, registry.media):
        report.warning(shown_path(content_dir, relative), 0, "", reason)
    try:  # read by the build (short addresses, SEQUENCE numbers): a damaged one stops it
        read_state(content_dir / STATE_FILE)
    except ContentError as error:
        report.problems += error.problems
    if report.errors or edition is None:
        return None, report
    return Programme(edition, events, registry.partners, registry.venues), report


def check_programme(content_dir: Path | str) -> tuple[Programme, Report]:
    """Like ``load_programme`` but raises ``ContentError`` listing every problem."""
    programme, report = load_programme(content_dir)
    if programme is None:
        raise ContentError(report.sorted())
    return programme, report
