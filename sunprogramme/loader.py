"""Read a content folder into one checked Programme, reporting every problem at once.

Layout of a content folder::

    edition.yaml                 the edition: name, title, first and last day
    partners/<id>.yaml|.md       partners, each with the venues it declares
    events/<id>.md|.yaml         events (YAML front matter + Markdown, or YAML only)
    editions/<year>/             past editions, each with its edition.yaml and events/ (``editions``)

``load_programme`` never raises for bad content: it returns the problems in a
``Report``. ``check_programme`` raises ``ContentError`` when any is an error.

Building an event is a pure step (``build_event``): it receives the file's bytes, the edition,
the check of its image and what the partners and venues say of each name it cites, nothing
more, so that a build finds it again as long as none of these changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import schema, territory
from .content_files import media_problem, unused_files
from .editions import EditionRead, archive_folders, check_editions
from .errors import ContentError, Problem, Report
from .fields import field_label
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
from .publication_state import read_state, state_path
from .reading import (
    LINK_REFUSED,
    FileReporter,
    ParsedFile,
    check_top_level,
    description_html,
    list_files,
    markdown_html,
    open_checked,
    parse_file,
    read_content,
    shown_path,
)
from .references import INVALID, UNKNOWN, Reference, lookup, unknown_message, waiting_note
from .sanitize import removed_parts
from .session_reading import read_sessions
from .steps import step
from .vocabularies import find_commune, slugify
from .withdrawn import withdrawn_warnings
from .yamlstrict import Path as YamlPath

ADDRESS_TO_CONFIRM = "adresse à confirmer"  # what every output says of a venue written « adresse: a_confirmer »

# « id: x » in a partner file that cannot be read at all: the venues it seems to declare.
_DECLARED_ID = re.compile(r"^[ -]*id\s*:\s*[\"']?([a-z0-9]+(?:-[a-z0-9]+)*)[\"']?\s*$", re.MULTILINE)


def _contact(values: dict[str, Any] | None) -> Contact | None:
    return Contact(**values) if values else None


def _read_edition(content_dir: Path, report: Report) -> tuple[Edition | None, FileReporter | None]:
    """The edition of ``edition.yaml`` in ``content_dir`` (None when it holds an error), with the
    reporter of its file."""
    shown = shown_path(content_dir, "edition.yaml")
    path = content_dir / "edition.yaml"
    if path.is_symlink():
        report.error(shown, 0, "", LINK_REFUSED)
        return None, None
    if not path.is_file():
        report.error(shown, 0, "", "fichier de l'édition manquant (nom, titre, debut, fin)")
        return None, None
    parsed = parse_file(shown, path, schema.EDITION, report)
    if parsed is None or parsed.reporter.count:
        return None, None
    values = parsed.values
    if values["last_day"] < values["first_day"]:
        parsed.reporter(("fin",), "fin", "le dernier jour est avant le premier jour")
        return None, None
    intro = markdown_html(values["intro"]) if values.get("intro") else ""
    codes, problems = territory.resolve(values.get("territory", ()))
    for index, message in problems:
        parsed.reporter(("territoire", index), field_label(("territoire", index)), message)
    if problems:
        return None, None
    return Edition(values["name"], values["title"], values["first_day"], values["last_day"], intro,
                   _contact(values.get("contact")), values.get("publisher"), values.get("publication_manager"),
                   values.get("host"), territory=codes), parsed.reporter


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
    # The ids of every event file there (its name), built or not: an event whose file holds an
    # error is not built, never « deleted » (``withdrawn``).
    event_files: set[str] = field(default_factory=set)

    def venue(self, name: str) -> Reference:
        """What the venues say of ``name`` (never the partners: another namespace)."""
        reference = lookup("lieu", name, self.venues, self.invalid_venues)
        if reference.state != UNKNOWN:
            return reference
        return Reference("lieu", name, UNKNOWN, places=tuple((v.id, v.commune.name) for v in self.venues.values()))

    def partner(self, name: str) -> Reference:
        """What the partners say of ``name`` (never the venues)."""
        return lookup("partenaire", name, self.partners, self.invalid_partners)


def _read_partners(content_dir: Path, report: Report, registry: _Registry) -> None:
    for shown, path in list_files(content_dir, "partners", report):
        parsed = parse_file(shown, path, schema.PARTNER, report)
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
            problem = media_problem(content_dir, logo)
            if problem is not None:
                parsed.reporter(("logo",), field_label(("logo",)), problem)
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
            description_html=description_html(parsed),
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
    if not {"id", "name", "address", "commune"} <= values.keys():
        return None
    venue_id = values["id"]
    if venue_id in registry.venues:
        other = registry.venues[venue_id]
        parsed.reporter((*path, "id"), field_label((*path, "id")),
                        f"lieu « {venue_id} » déjà déclaré dans {other.source}:{other.line} ; "
                        "une adresse ne s'écrit qu'une fois")
        return None
    commune, problem = territory.commune_problem(values["commune"], venue=not values.get("outside"))
    if values.get("outside"):
        if commune is not None:
            parsed.reporter.warn((*path, "hors_territoire"), field_label((*path, "hors_territoire")),
                                 f"{commune.name} est dans le territoire de l'édition : retirez hors_territoire")
        else:
            commune, problem = territory.outside(values["commune"], values.get("postcode", ""),
                                                 values.get("departement", ""))
            if problem is not None:
                where = (*path, "departement" if "departement" in values else "code_postal")
                parsed.reporter(where, field_label(where), problem)
                return None
    elif problem is not None:
        parsed.reporter((*path, "commune"), field_label((*path, "commune")), problem)
        return None
    assert commune is not None
    postcode, problem, warning = territory.venue_postcode(commune, values.get("postcode", ""))
    if problem or warning:
        (parsed.reporter if problem else parsed.reporter.warn)((*path, "code_postal"),
                                                               field_label((*path, "code_postal")), problem or warning)
        if problem:
            return None
    coordinates = values.get("coordinates")
    address = values["address"]
    if slugify(address) == "a-confirmer":
        address = ADDRESS_TO_CONFIRM
        parsed.reporter.warn((*path, "adresse"), field_label((*path, "adresse")),
                             "adresse à confirmer : c'est ce que diront les pages, les affiches, les calendriers et "
                             "les données, et le lieu ne sera pas sur la carte ; complétez-la dès que possible")
        if coordinates:
            parsed.reporter.warn((*path, "coordonnees"), field_label((*path, "coordonnees")),
                                 "coordonnées ignorées tant que l'adresse est à confirmer (le lieu n'est pas "
                                 "placé sur la carte)")
            coordinates = None
    if coordinates and commune.in_territory and not (
            48.3 <= coordinates["lat"] <= 49.0 and 1.8 <= coordinates["lon"] <= 2.7):
        parsed.reporter.warn((*path, "coordonnees"), field_label((*path, "coordonnees")),
                             "ces coordonnées sont loin de l'Essonne : latitude et longitude inversées ?")
    return Venue(
        id=venue_id,
        name=values["name"],
        address=address,
        postcode=postcode,
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


@step
def build_event(shown: str, data: bytes, edition: Edition | None, image_problem: str | None,
                venue: Reference | None, organisers: tuple[Reference, ...]) -> tuple[Event | None, tuple[Problem, ...]]:
    """The event of the file ``shown`` made of ``data`` (None when it holds an error), with the
    problems found while building it (those of its fields alone are told by ``open_checked``, as
    the loader reads the file). ``image_problem``: the check of its image (``check_media``);
    ``venue`` and ``organisers``: what the registry says of the names in its fields lieu and
    organisateurs."""
    report = Report()
    parsed = open_checked(shown, data, schema.EVENT, Report())
    if parsed is None:
        return None, ()
    parsed.reporter.report = report  # its count still holds the errors of the fields
    values, reporter = parsed.values, parsed.reporter
    sessions, openings = read_sessions(parsed, edition)
    venue_id = values.get("venue")
    waiting = [r for r in (venue, *organisers) if r is not None and r.state == INVALID]
    if venue is not None and venue.state == INVALID:
        reporter.warn(("lieu",), "lieu", waiting_note(venue))
    unknown = venue is not None and venue.state != INVALID and unknown_message(
        venue, "les lieux se déclarent dans les fichiers de content/partners/")
    if unknown:
        reporter(("lieu",), "lieu", unknown)
    if not venue_id and not values.get("online_url"):
        reporter((), "lieu", "indiquez un lieu (champ lieu) ou un lien en ligne (champ en_ligne)")
    if values.get("status") == "en-ligne" and not values.get("online_url"):
        reporter(("statut",), "statut", "événement déplacé en ligne : indiquez le lien dans le champ en_ligne")
    for index, organiser in enumerate(organisers):
        path: YamlPath = ("organisateurs", index) if isinstance(
            parsed.source.doc.data.get("organisateurs"), list) else ("organisateurs",)
        if organiser.state == INVALID:
            if not (venue is not None and venue.state == INVALID and venue.file == organiser.file):  # said once
                reporter.warn(path, field_label(path), waiting_note(organiser))
            continue
        unknown = unknown_message(organiser, "il faut un fichier content/partners/<identifiant>.yaml")
        if unknown:
            reporter(path, field_label(path), unknown)
    registration = values.get("registration")
    if registration and registration["required"] and not (
            {"phone", "email", "url", "arrangements"} & registration.keys()):
        reporter(("inscription",), "inscription",
                 "inscription obligatoire : indiquez comment s'inscrire (telephone, email ou lien ; ou, si la "
                 "source ne donne aucun contact, modalites : « en mairie », « auprès du CCAS »)")
    image = values.get("image")
    if image and image_problem is not None:
        reporter(("image", "fichier"), field_label(("image", "fichier")), image_problem)
    description = description_html(parsed)
    easy_read = markdown_html(values["easy_read"]) if values.get("easy_read") else ""
    if values.get("easy_read") and removed_parts(values["easy_read"]):
        reporter.warn(("en_bref",), "en_bref", "contenu retiré pour la sécurité des lecteurs : "
                      + ", ".join(removed_parts(values["easy_read"])))
    if reporter.count or not sessions or waiting:
        return None, tuple(report.problems)
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
        openings=tuple(openings),
    ), tuple(report.problems)


def _read_events(content_dir: Path, report: Report, registry: _Registry, edition: Edition | None,
                 media_root: Path | None = None) -> dict[str, Event]:
    """Every event built (``build_event``) from the files of events/, all read and checked first;
    the images they cite (in ``media_root``, by default ``content_dir``) are added to ``registry.media``."""
    files = []
    seen: dict[str, str] = {}
    for shown, path in list_files(content_dir, "events", report):
        registry.event_files.add(path.stem)
        if path.stem in seen:
            report.error(shown, 0, "", f"identifiant « {path.stem} » déjà utilisé par {seen[path.stem]}")
            continue
        seen[path.stem] = shown
        data = read_content(shown, path, report)
        parsed = None if data is None else open_checked(shown, data, schema.EVENT, report)
        if parsed is not None:
            files.append((shown, data, parsed.values))
    events = {}
    for shown, data, values in files:
        image = values.get("image")
        venue = registry.venue(values["venue"]) if values.get("venue") else None
        organisers = tuple(registry.partner(name) for name in values.get("organisers", []))
        image_problem = media_problem(media_root or content_dir, image["path"]) if image else None
        event, problems = build_event(shown, data, edition, image_problem, venue, organisers)
        report.problems += problems
        if event is not None:
            events[event.id] = event
        if image:
            registry.media.add(image["path"])
    return events


def load_programme(content_dir: Path | str) -> tuple[Programme | None, Report]:
    """Read everything under ``content_dir``; the programme is None if any error was found."""
    content_dir = Path(content_dir)
    report = Report()
    if not content_dir.is_dir():
        report.error(str(content_dir), 0, "", "dossier de contenu introuvable")
        return None, report
    check_top_level(content_dir, report)
    edition, edition_file = _read_edition(content_dir, report)
    registry = _Registry({}, {}, set())
    with territory.scope(edition.territory if edition else ()):
        _read_partners(content_dir, report, registry)
    events = _read_events(content_dir, report, registry, edition)
    archives = _read_archives(content_dir, report, registry, (edition, edition_file, events))
    for relative, reason in unused_files(content_dir, registry.media):
        report.warning(shown_path(content_dir, relative), 0, "", reason)
    try:  # read by the build (short addresses, SEQUENCE numbers): a damaged one stops it
        state = read_state(state_path(content_dir))
        everything = {e.id: e for programme in archives for e in programme.events.values()} | events
        report.problems += withdrawn_warnings(state, everything, shown_path(content_dir, "events"),
                                              registry.event_files)
    except ContentError as error:
        report.problems += error.problems
    if report.errors or edition is None:
        return None, report
    return Programme(edition, events, registry.partners, registry.venues, archives), report


def _read_archives(content_dir: Path, report: Report, registry: _Registry,
                   current: tuple[Edition | None, FileReporter | None, dict[str, Event]]) -> tuple[Programme, ...]:
    """The past editions (``editions/<year>/``, newest first), each read as the current one, with the
    partners and venues of ``registry``; checked together with the ``current`` edition (its edition,
    the reporter of its file, its events): years, dates apart, event ids unique across the site."""
    archives, read = [], [EditionRead(*current, content_dir)]
    for year, folder in archive_folders(content_dir, report):
        edition, reporter = _read_edition(folder, report)
        events = _read_events(folder, report, registry, edition, content_dir)
        read.append(EditionRead(edition, reporter, events, folder, year))
        if edition is not None:
            archives.append(Programme(edition, events, registry.partners, registry.venues))
    check_editions(read, report)
    return tuple(archives)


def check_programme(content_dir: Path | str) -> tuple[Programme, Report]:
    """Like ``load_programme`` but raises ``ContentError`` listing every problem."""
    programme, report = load_programme(content_dir)
    if programme is None:
        raise ContentError(report.sorted())
    return programme, report
