"""The print pack: which PDFs and QR images to make, from the programme, and making them.

Each job is a value holding everything its file shows (logos included, as bytes): ``render``
is a pure function of it. The build keeps the files drawn by an earlier build and shares the
others between the processor's cores (plugins/sun_site/drawing.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import frenchdates, session_words
from .content_files import read_content_file
from .errors import Problem, Severity
from .french_names import counted
from .listings import event_features, sessions_by_day
from .model import Event, Programme
from .registration_words import NONE_NEEDED, registration_headline
from .settings import ProgrammeSettings, SettingsError
from .urls import SiteUrls, typed_address
from .vocabularies import Commune, vocabulary
from .writers import posters, qr
from .writers.posters import Branding, EventPoster, ListingPage, ListingRow, Logo


def _label(name: str, slug: str) -> str:
    return vocabulary(name)[slug].label


def public_base(urls: SiteUrls) -> str:
    base = urls.settings.public_url.rstrip("/")
    if not base:
        raise SettingsError(
            "les affiches ont besoin de l'adresse publique du site (réglage PROGRAMME_PUBLIC_URL, "
            "par exemple https://sun.example.org) : un QR code vers une adresse relative ne mène nulle part"
        )
    return base


def short_url(urls: SiteUrls, number: int) -> str:
    return f"{public_base(urls)}/{urls.url('short', number=str(number))}"


def branding(programme: Programme, urls: SiteUrls) -> Branding:
    edition = programme.edition
    first = frenchdates.day_in_words(edition.first_day, with_year=edition.first_day.year != edition.last_day.year)
    contact = edition.contact
    return Branding(edition.name, edition.title, f"du {first} au {frenchdates.day_in_words(edition.last_day)}",
                    typed_address(public_base(urls)), contact.phone if contact else None)


def read_logos(programme: Programme, content_dir: Path) -> dict[str, Logo]:
    """Every partner's logo (checked when the programme was read), by its path in the programme."""
    return {p.logo: Logo(read_content_file(content_dir, p.logo)) for p in programme.partners.values() if p.logo}


def event_poster(programme: Programme, event: Event, urls: SiteUrls, number: int,
                 logos: dict[str, Logo]) -> EventPoster:
    venue = programme.venues.get(event.venue_id or "")
    status_words = ""
    if event.status != "confirme":
        sentence = {"annule": "cet événement n'aura pas lieu.", "reporte": "nouvelle date à venir.",
                    "complet": "il n'y a plus de place.", "en-ligne": "il a lieu en ligne."}[event.status]
        status_words = f"{_label('statuts', event.status).upper()} : {sentence}"
    sessions = [session_words.opening_in_words(opening).capitalize() for opening in event.openings]
    for session in event.sessions if not event.openings else ():
        if session.start is None or session.end is None:  # as published: « l'après-midi », « horaires à confirmer »
            text = session_words.when_in_words(session)
        elif session.start.date() == session.end.date():
            text = frenchdates.session_in_words(session.start, session.end).replace(", de ", ", ").replace(
                " à ", " – ", 1)
        else:
            text = frenchdates.session_in_words(session.start, session.end)
        if session.status != event.status:
            text += f" ({_label('statuts', session.status).lower()})"
        sessions.append(text)
    notice = session_words.to_confirm_notice(event)
    if notice:
        sessions.append(notice)
    if venue is not None:
        place = (venue.name, venue.address, venue.town)
    else:
        place = ("En ligne", typed_address(event.online_url or ""))
    registration = event.registration
    if registration and registration.required:
        text, phone = registration_headline(registration), registration.phone
        other = " ou ".join(w for w in (registration.email, registration.url and typed_address(registration.url)) if w)
    else:
        text, phone, other = NONE_NEEDED, None, None
    partners = [programme.partners[p] for p in event.organiser_ids]
    return EventPoster(
        branding=branding(programme, urls),
        title=event.title,
        summary=event.summary,
        status=event.status,
        status_words=status_words,
        sessions=tuple(sessions),
        place=place,
        access=venue.access if venue else None,
        audience=", ".join(_label("publics", a) for a in event.audiences),
        level=_label("niveaux", event.level),
        price="Gratuit" if event.is_free else (event.price or ""),
        registration=text,
        registration_phone=phone,
        registration_other=other or None,
        accessibility=tuple((f, _label("accessibilite", f)) for f in event_features(programme, event)),
        bring=event.bring,
        organisers=tuple(p.name for p in partners),
        logos=tuple(logos[p.logo] for p in partners if p.logo),
        qr_url=short_url(urls, number),
        short_address=typed_address(short_url(urls, number)),
        format_label=_label("formats", event.format),
    )


@cache
def _stand_in_urls() -> SiteUrls:
    return SiteUrls(ProgrammeSettings.from_settings({"PROGRAMME_PUBLIC_URL": "https://example.org"}, environ={}))


def poster_problems(programme: Programme, content_dir: Path | str) -> list[Problem]:
    """Every event poster's warnings (``posters.poster_notices``) as warnings on the event's file,
    shown like the loader shows it (the content folder, then « events/x.md »). Told alike by
    ``python -m sunprogramme check`` and by the build, which knows the site's address when the
    check does not: the poster is laid out with a stand-in address, as nothing the address
    changes is the organiser's (the QR column keeps its size)."""
    problems = []
    logos = read_logos(programme, Path(content_dir))
    for event in programme.events_sorted():
        poster = event_poster(programme, event, _stand_in_urls(), 0, logos)
        path = str(Path(content_dir) / event.source)
        problems += [Problem(path, 0, "", notice, Severity.WARNING) for notice in posters.poster_notices(poster)]
    return problems


SEVERAL_DAYS = "Sur plusieurs jours"  # the booklet's first group: events with opening hours


def _opening_words(event: Event) -> str:
    """« Exposition, ouverte du 10 au 24 octobre, du mardi au samedi, de 14 h à 18 h, sauf le 16 octobre »."""
    term = vocabulary("formats")[event.format]
    periods = " ; ".join(session_words.opening_in_words(o, with_year=False) for o in event.openings)
    return f"{term.label}, {term.extra.get('ouvert', 'ouvert')} {periods}"


def _row(item, with_commune: bool, show_day: bool) -> ListingRow:
    """A line of a printed listing: a session, or an event with opening hours, once for all its
    days (its hours in the time cell when it has one period, its opening sentence under its title)."""
    if item.venue is None:
        place = "En ligne"
    else:
        place = f"{item.venue.commune.name} — {item.venue.name}" if with_commune else item.venue.name
    event = item.event
    status = "" if item.session.status == "confirme" else _label("statuts", item.session.status)
    if event.openings:
        status = "" if event.status == "confirme" else _label("statuts", event.status)
        time = session_words.list_time(item.session) if len(event.openings) == 1 else ""
        return ListingRow("Plusieurs jours" if show_day else "", time, event.title, place, status,
                          _label("formats", event.format), note=_opening_words(event))
    return ListingRow(frenchdates.short_day(item.day) if show_day else "",
                      item.time_text,
                      event.title, place, status, _label("formats", event.format))


def _items(programme: Programme, events: list[Event]):
    """The lines of a printed listing, in programme order: every session of these events, but an
    event with opening hours once, where its first open day stands."""
    ids = {e.id for e in events}
    seen: set[str] = set()
    items = []
    for item in (item for items in sessions_by_day(programme).values() for item in items):
        if item.event.id not in ids or (item.event.openings and item.event.id in seen):
            continue
        seen.add(item.event.id)
        items.append(item)
    return items


def _listed(events: list[Event], items, where: str = "") -> str:
    """What a listing's lines are, counted as they are printed: « 7 rendez-vous gratuits (13 séances,
    1 exposition sur plusieurs jours) »."""
    several = [e for e in {item.event.id: item.event for item in items}.values() if e.openings]
    parts = [counted(len(items) - len(several), "séance")] if len(items) > len(several) else []
    if several:
        kind = "exposition" if all(e.format == "exposition" for e in several) else "rendez-vous"
        parts.append(f"{counted(len(several), kind, kind if kind == 'rendez-vous' else None)} sur plusieurs jours")
    return f"{counted(len(events), 'rendez-vous gratuit')}{where} ({', '.join(parts) or 'aucune séance'})"


def commune_page(programme: Programme, commune: Commune, urls: SiteUrls, events: tuple[EventPoster, ...] = ()
                 ) -> ListingPage:
    url = f"{public_base(urls)}/{urls.commune(commune)}"
    chosen = programme.events_in_commune(commune.insee)
    items = _items(programme, chosen)
    return ListingPage(
        branding=branding(programme, urls),
        heading=f"{programme.edition.name} {commune.at}",
        intro=f"{_listed(chosen, items)} pour apprendre le numérique, près de chez vous.",
        qr_url=url, qr_caption=typed_address(url),
        groups=(("", tuple(_row(item, with_commune=False, show_day=True) for item in items)),),
        events=events,
    )


def booklet_page(programme: Programme, urls: SiteUrls, commune: Commune | None = None) -> ListingPage:
    chosen = programme.events_in_commune(commune.insee) if commune else programme.events_sorted()
    items = _items(programme, chosen)
    rows_by_day: dict[str, list[ListingRow]] = {}
    if any(item.event.openings for item in items):
        rows_by_day[SEVERAL_DAYS] = []
    for item in items:
        day = SEVERAL_DAYS if item.event.openings else frenchdates.day_in_words(item.day)
        rows_by_day.setdefault(day[0].upper() + day[1:], []).append(
            _row(item, with_commune=commune is None, show_day=False))
    url = f"{public_base(urls)}/{urls.commune(commune) if commune else urls.url('programme')}"
    where = f" {commune.at}" if commune else ""
    return ListingPage(
        branding=branding(programme, urls),
        heading=f"Le programme{where}, jour par jour",
        intro=f"{programme.edition.title} : {_listed(chosen, items, where)}.",
        qr_url=url, qr_caption=typed_address(url),
        groups=tuple((day, tuple(rows)) for day, rows in rows_by_day.items()),
        show_day=False,
    )


@dataclass(frozen=True)
class PrintJob:
    save_as: str
    kind: str  # « event », « listing », « png », « svg »
    data: object
    size: str = "A4"


def render(job: PrintJob) -> bytes:
    if job.kind == "event":
        return posters.event_poster_pdf(job.data, job.size)  # type: ignore[arg-type]
    if job.kind == "listing":
        return posters.listing_pdf(job.data, job.size)  # type: ignore[arg-type]
    if job.kind == "png":
        return qr.qr_png(job.data)  # type: ignore[arg-type]
    return qr.qr_svg(job.data)  # type: ignore[arg-type]


def print_jobs(programme: Programme, urls: SiteUrls, published, content_dir: Path, a3: bool) -> list[PrintJob]:
    """Every file of the print pack, in a stable order."""
    sizes = ("A4", "A3") if a3 else ("A4",)
    jobs: list[PrintJob] = []
    posters_by_event = {}
    logos = read_logos(programme, content_dir)
    for event in programme.events_sorted():
        poster = event_poster(programme, event, urls, published.short_links[event.id], logos)
        posters_by_event[event.id] = poster
        for size in sizes:
            kind = "event_poster" if size == "A4" else "event_poster_a3"
            jobs.append(PrintJob(urls.save_as(kind, id=event.id), "event", poster, size))
        jobs.append(PrintJob(urls.save_as("event_qr_png", id=event.id), "png", poster.qr_url))
        jobs.append(PrintJob(urls.save_as("event_qr_svg", id=event.id), "svg", poster.qr_url))
    jobs.append(PrintJob(urls.save_as("booklet"), "listing", booklet_page(programme, urls)))
    for commune in programme.communes_with_events():
        names = {"slug": commune.slug, "insee": commune.insee}
        page = commune_page(programme, commune, urls)
        for size in sizes:
            kind = "commune_poster" if size == "A4" else "commune_poster_a3"
            jobs.append(PrintJob(urls.save_as(kind, **names), "listing", page, size))
        events = tuple(posters_by_event[e.id] for e in programme.events_in_commune(commune.insee))
        jobs.append(PrintJob(urls.save_as("commune_pack", **names), "listing",
                             commune_page(programme, commune, urls, events)))
        jobs.append(PrintJob(urls.save_as("commune_booklet", **names), "listing",
                             booklet_page(programme, urls, commune)))
        jobs.append(PrintJob(urls.save_as("commune_qr_png", **names), "png", page.qr_url))
        jobs.append(PrintJob(urls.save_as("commune_qr_svg", **names), "svg", page.qr_url))
    return jobs
