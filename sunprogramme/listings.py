"""Ready-made selections of the programme: by day, theme, audience, accessibility.

Pure functions of a Programme, shared by the pages, the dashboard and the
exports, so that every output agrees on what « accessible » or « this week » means.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from .model import Event, Programme, Session, Venue
from .session_words import list_time, open_today
from .timeutil import days_between

WHEELCHAIR = "fauteuil-roulant"


@dataclass(frozen=True)
class SessionItem:
    """One session with what a list line needs to show it. A day of opening hours is one line for
    its event that day: ``more`` holds that day's other opening sessions of the event (open in the
    morning and in the afternoon)."""

    event: Event
    session: Session
    venue: Venue | None
    more: tuple[Session, ...] = ()

    @property
    def day(self) -> date:
        assert self.session.day is not None
        return self.session.day

    @property
    def time_text(self) -> str:
        """« 14 h – 16 h », « L'après-midi », « Exposition, ouverte ce jour de 14 h à 18 h »."""
        if self.session.opening:
            return open_today(self.event, (self.session, *self.more))
        return list_time(self.session)


# Each selection is computed once per programme (Programme.derived) and handed out as a fresh list:
# the same items everywhere, so that a fingerprint digests each of them once.

def _session_items(programme: Programme) -> tuple[SessionItem, ...]:
    return programme.derived("session_items", lambda: tuple(
        SessionItem(e, s, programme.venues.get(e.venue_id or "")) for e, s in programme.sessions_in_order))


def session_items(programme: Programme) -> list[SessionItem]:
    return list(_session_items(programme))


# An edition longer than this is a season, not a festival: its days without events get no page
# (a whole year typed as one edition made thousands of pages « Aucun événement ce jour-là »).
FESTIVAL_DAYS = 31


def programme_days(programme: Programme) -> list[date]:
    """Every day of the edition (of a festival of at most ``FESTIVAL_DAYS`` days; of a longer
    edition, only those that have a session), plus any day outside it that has a session."""
    edition = programme.edition
    days = {item.day for item in _session_items(programme)}
    if (edition.last_day - edition.first_day).days < FESTIVAL_DAYS:
        days |= set(days_between(edition.first_day, edition.last_day))
    return sorted(days)


def _sessions_by_day(programme: Programme) -> dict[date, list[SessionItem]]:
    """Each day's lines: every session, except that an event's opening hours make one line a day."""
    grouped: dict[date, list[SessionItem]] = {day: [] for day in programme_days(programme)}
    opened: dict[tuple[date, str], int] = {}  # (day, event id) → where its opening line stands that day
    for item in _session_items(programme):
        lines = grouped[item.day]
        if item.session.opening:
            at = opened.get((item.day, item.event.id))
            if at is not None:
                first = lines[at]
                lines[at] = SessionItem(first.event, first.session, first.venue, (*first.more, item.session))
                continue
            opened[(item.day, item.event.id)] = len(lines)
        lines.append(item)
    return grouped


def sessions_by_day(programme: Programme) -> dict[date, list[SessionItem]]:
    return {day: list(items) for day, items in programme.derived("by_day", lambda: _sessions_by_day(programme)).items()}


def event_features(programme: Programme, event: Event) -> tuple[str, ...]:
    """Accessibility of the event and of its venue, as vocabulary slugs."""
    if programme.events.get(event.id) is not event:  # an event from elsewhere (a test, a preview)
        return _features(programme, event)
    return programme.derived(("features", event.id), lambda: _features(programme, event))


def _features(programme: Programme, event: Event) -> tuple[str, ...]:
    venue = programme.venues.get(event.venue_id or "")
    features = set(event.accessibility)
    if venue is not None:
        features |= set(venue.accessibility)
        if venue.step_free:
            features.add(WHEELCHAIR)
    return tuple(sorted(features))


def _grouped(programme: Programme, key: str, slugs_of) -> dict[str, tuple[Event, ...]]:
    """Every event (in programme order) under each slug ``slugs_of(event)`` gives, in one pass."""
    def group() -> dict[str, tuple[Event, ...]]:
        groups: dict[str, list[Event]] = {}
        for event in programme.events_sorted():
            for slug in slugs_of(event):
                groups.setdefault(slug, []).append(event)
        return {slug: tuple(events) for slug, events in groups.items()}

    return programme.derived(key, group)


def events_with_theme(programme: Programme, slug: str) -> list[Event]:
    return list(_grouped(programme, "by_theme", lambda e: set(e.themes)).get(slug, ()))


def events_for_audience(programme: Programme, slug: str) -> list[Event]:
    return list(_grouped(programme, "by_audience", lambda e: set(e.audiences)).get(slug, ()))


def events_with_feature(programme: Programme, slug: str) -> list[Event]:
    return list(_grouped(programme, "by_feature", lambda e: event_features(programme, e)).get(slug, ()))


@dataclass(frozen=True)
class Highlights:
    """What the home page puts first, for a given reference date."""

    title: str
    intro: str
    days: list[tuple[date, list[SessionItem]]]
    shown_as: date | None = None  # a preview built outside the festival: the day the home is shown as


def highlights(programme: Programme, today: date | None, span: int = 3, preview: bool = False) -> Highlights:
    """Today and the next days while the edition runs; the first days before it; a summary after it.
    A ``preview`` built on a known day outside the edition shows the home as on its first day, so that
    the organisers see it as residents will."""
    edition = programme.edition
    if preview and today is not None and not edition.first_day <= today <= edition.last_day:
        return replace(highlights(programme, edition.first_day, span), shown_as=edition.first_day)
    grouped = {day: items for day, items in sessions_by_day(programme).items() if items}
    if today is not None and edition.first_day <= today <= edition.last_day:
        window = [d for d in grouped if today <= d < today + timedelta(days=span)]
        return Highlights("Aujourd'hui et les jours suivants", "Ce qui se passe bientôt près de chez vous.",
                          [(d, grouped[d]) for d in window])
    if today is not None and today > edition.last_day:
        return Highlights("Le festival est terminé",
                          "Merci d'être venus ! Le programme reste en ligne : les partenaires vous aident "
                          "toute l'année.", [])
    window = list(grouped)[:span]
    return Highlights("Les premiers jours", "Le festival commence bientôt. Voici les premiers rendez-vous.",
                      [(d, grouped[d]) for d in window])


@dataclass(frozen=True)
class Week:
    """« Cette semaine » for a reference day: seven days from it. ``today`` when the reference day is the
    build's « aujourd'hui » (during the festival, or a preview shown as its first day); None when the
    festival has not begun and the week is its first one."""

    first: date
    last: date
    today: date | None

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last

    @property
    def title(self) -> str:
        return "Cette semaine" if self.today else "La première semaine du festival"


def week(programme: Programme, today: date | None, preview: bool = False) -> Week | None:
    """The week the home and commune pages open on, from the build's reference date as the home's
    highlights read it; None once the festival is over (a published build after it)."""
    edition = programme.edition
    if today is not None and edition.first_day <= today <= edition.last_day:
        return Week(today, today + timedelta(days=6), today)
    if preview and today is not None:
        return Week(edition.first_day, edition.first_day + timedelta(days=6), edition.first_day)
    if today is not None and today > edition.last_day:
        return None
    return Week(edition.first_day, edition.first_day + timedelta(days=6), None)


def week_days(programme: Programme, current: Week | None) -> list[tuple[date, int]]:
    """Each day of the week with its number of list lines (sessions), days without any left out."""
    if current is None:
        return []
    return [(day, len(items)) for day, items in programme.derived("by_day", lambda: _sessions_by_day(programme)).items()
            if day in current and items]


def commune_week(programme: Programme, insee: str, current: Week | None) -> list[SessionItem]:
    """The commune's list lines (sessions) of the week, in order."""
    if current is None:
        return []
    return [item for day, items in programme.derived("by_day", lambda: _sessions_by_day(programme)).items()
            if day in current for item in items if item.venue is not None and item.venue.commune.in_territory
            and item.venue.commune.insee == insee]
