"""Read a content folder into one checked Programme, reporting every problem at once.

Layout of a content folder::

    edition.yaml                 the edition: name, title, first and last day
    partners/<id>.yaml|.md       partners, each with the venues it declares (``partner_reading``)
    events/<id>.md|.yaml         events (YAML front matter + Markdown, or YAML only)
    editions/<year>/             past editions, each with its edition.yaml and events/ (``editions``)

``load_programme`` never raises for bad content: it returns the problems in a
``Report``. ``check_programme`` raises ``ContentError`` when any is an error.

Building an event is a pure step (``build_event``): it receives the file's bytes, the edition,
the check of its image and what the partners and venues say of each name it cites, nothing
more, so that a build finds it again as long as none of these changed.
"""

from __future__ import annotations

from pathlib import Path

from . import schema, territory
from .content_files import media_problem, unused_files
from .editions import EditionRead, archive_folders, check_editions
from .errors import ContentError, Problem, Report
from .fields import field_label
from .model import Edition, Event, Image, Programme, Registration
from .partner_reading import ADDRESS_TO_CONFIRM as ADDRESS_TO_CONFIRM  # read here by the tests
from .partner_reading import Registry, read_partners, same_id
from .partner_reading import contact as _contact
from .publication_state import read_state, state_path
from .reading import (
    LINK_REFUSED,
    FileReporter,
    check_top_level,
    description_html,
    list_files,
    markdown_html,
    open_checked,
    parse_file,
    read_content,
    shown_path,
)
from .references import INVALID, Reference, unknown_message, waiting_note
from .sanitize import removed_parts
from .session_reading import read_sessions
from .steps import step
from .withdrawn import withdrawn_warnings
from .yamlstrict import Path as YamlPath


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


def _read_events(content_dir: Path, report: Report, registry: Registry, edition: Edition | None,
                 media_root: Path | None = None) -> dict[str, Event]:
    """Every event built (``build_event``) from the files of events/, all read and checked first;
    the images they cite (in ``media_root``, by default ``content_dir``) are added to ``registry.media``."""
    files = []
    seen: dict[str, str] = {}
    for shown, path in list_files(content_dir, "events", report):
        registry.event_files.add(path.stem)
        refused = same_id(path, seen)
        if refused:
            report.error(shown, 0, "", refused)
            continue
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
    registry = Registry({}, {}, set())
    with territory.scope(edition.territory if edition else ()):
        read_partners(content_dir, report, registry)
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


def _read_archives(content_dir: Path, report: Report, registry: Registry,
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
