"""Open-data CSV files: one row per session, one row per partner.

Written for spreadsheets by ``csvfile`` (UTF-8 with BOM, « ; », cells that would
run as formulas made harmless). Each session's line is a pure step (``sunprogramme.steps``).
"""

from __future__ import annotations

from ..listings import session_items
from ..model import Event, Partner, Programme, Session, Venue
from ..session_words import hours_in_words, time_kind
from ..steps import step
from ..urls import SiteUrls
from ..vocabularies import vocabulary
from .csvfile import csv_line, spreadsheet_csv

SESSION_COLUMNS = ["identifiant", "titre", "statut", "date", "debut", "fin", "debut_iso", "fin_iso", "commune",
                   "code_insee", "lieu", "adresse", "code_postal", "en_ligne", "organisateurs", "themes", "publics",
                   "format", "gratuit", "inscription_obligatoire", "telephone_inscription", "page",
                   "type_horaires", "horaires"]
PARTNER_COLUMNS = ["identifiant", "nom", "type", "site", "telephone", "email", "communes", "themes", "evenements",
                   "page"]


def sessions_csv(programme: Programme, urls: SiteUrls) -> bytes:
    """One line per session, in start order."""
    lines = []
    for item in session_items(programme):
        event = item.event
        partners = tuple(programme.partners[p] for p in event.organiser_ids)
        lines.append(_session_line(event, item.session, item.venue, partners, urls))
    return spreadsheet_csv(SESSION_COLUMNS, lines)


@step
def _session_line(event: Event, session: Session, venue: Venue | None, partners: tuple[Partner, ...],
                  urls: SiteUrls) -> str:
    """One session's line; ``partners``: the event's organisers, in its order."""
    registration = event.registration
    return csv_line([
        event.id, event.title, vocabulary("statuts")[session.status].label,
        f"{session.day:%d/%m/%Y}",
        # Without clock times (a part of day, or times to be confirmed) the four time cells stay empty: the
        # last two columns say how the times were published.
        session.start.strftime("%H:%M") if session.start else "", session.end.strftime("%H:%M") if session.end else "",
        session.start.isoformat() if session.start else "", session.end.isoformat() if session.end else "",
        venue.commune.name if venue else "", venue.commune.insee if venue else "",
        venue.name if venue else "", venue.address if venue else "", venue.postcode if venue else "",
        event.online_url or "",
        " ; ".join(partner.name for partner in partners),
        " ; ".join(vocabulary("themes")[t].label for t in event.themes),
        " ; ".join(vocabulary("publics")[a].label for a in event.audiences),
        vocabulary("formats")[event.format].label,
        "oui" if event.is_free else "non",
        "oui" if registration and registration.required else "non",
        registration.phone if registration and registration.phone else "",
        urls.absolute(urls.event(event)) or urls.event(event),
        time_kind(session), hours_in_words(session),
    ])


def partners_csv(programme: Programme, urls: SiteUrls) -> bytes:
    rows = []
    for partner in sorted(programme.partners.values(), key=lambda p: p.id):
        contact = partner.contact
        rows.append([
            partner.id, partner.name, vocabulary("types_partenaires")[partner.kind].label, partner.website or "",
            contact.phone if contact and contact.phone else "", contact.email if contact and contact.email else "",
            " ; ".join(c.name for c in partner.communes),
            " ; ".join(vocabulary("themes")[t].label for t in partner.themes),
            str(len(programme.events_by_partner(partner.id))),
            urls.absolute(urls.partner(partner)) or urls.partner(partner),
        ])
    return spreadsheet_csv(PARTNER_COLUMNS, rows)
