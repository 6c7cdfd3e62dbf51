"""Events published once and no longer in the content: never silent.

The publication state (``publication_state``) remembers every published event. One that is no
longer in the content is either

- **renamed**: its file got a new name (a new id) but it is the same event: same title, same
  sessions (start and end). Its old address redirects to the new page, and the new event keeps
  its short address (the posters print it);
- **withdrawn**: its page stays, saying « Cet événement n'est plus au programme » with the
  nearest alternatives; its short address leads there; its sessions stay in every calendar file
  that held them, cancelled, with SEQUENCE raised once (so that every subscribed calendar shows
  it cancelled); ``check`` warns until a publication records it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .errors import Problem, Severity
from .model import Event, Programme
from .publication_state import WITHDRAWN, PublicationState, uid_event
from .timeutil import PARIS, utc_iso

ALTERNATIVES = 3  # how many events a withdrawn event's page proposes instead


@dataclass(frozen=True)
class WithdrawnSession:
    uid: str
    start: datetime  # Europe/Paris
    end: datetime
    sequence: int  # raised once when the event was withdrawn


@dataclass(frozen=True)
class WithdrawnEvent:
    id: str
    title: str
    commune: str | None  # INSEE code; None online
    themes: tuple[str, ...]
    number: int | None  # its short address (None once given to the event it was renamed to)
    sessions: tuple[WithdrawnSession, ...]


def _times(state: PublicationState, event_id: str) -> list[tuple[str, str]]:
    return [(entry.get("start", ""), entry.get("end", "")) for uid, entry in sorted(state.sessions.items())
            if uid_event(uid) == event_id]


def _moved_to(state: PublicationState, event_id: str, events: Mapping[str, Any]) -> str | None:
    """Where a renamed event now is (following renames of renames), or None."""
    seen = {event_id}
    target = state.events[event_id].get("moved_to")
    while target and target not in events and target in state.events and target not in seen:
        seen.add(target)
        target = state.events[target].get("moved_to")
    return target if target in events else None


def departures(state: PublicationState, events: Mapping[str, Event],
               files: Collection[str] = ()) -> tuple[dict[str, str], list[str]]:
    """The published events no longer in the content: renamed ones (old id → new id, the ones the
    state already records and the ones found now) and withdrawn ones (ids, sorted). An event is
    gone when neither ``events`` (the events built) nor ``files`` (the ids of the event files there,
    built or not: one with errors is not built, and not deleted either) hold it. An event is
    taken for a renamed one when an event the state does not know has its title and the same
    sessions; the first such event by id, each at most once."""
    gone = sorted(event_id for event_id in state.events if event_id not in events and event_id not in files)
    if not gone:
        return {}, []
    moves: dict[str, str] = {}
    there = {**dict.fromkeys(files), **events}  # a renamed event whose new file holds an error: not withdrawn
    for event_id in gone:
        target = _moved_to(state, event_id, there)
        if target:
            moves[event_id] = target
    new = sorted(e for e in events if e not in state.events and e not in state.short_links)
    taken: set[str] = set()
    withdrawn = []
    times: dict[str, list[tuple[str, str]]] = {}
    for event_id in gone:
        if event_id in moves:
            continue
        if state.events[event_id].get("moved_to") is None and new:
            published = state.events[event_id]
            times.setdefault(event_id, _times(state, event_id))
            for candidate in new:
                event = events[candidate]
                if (candidate not in taken and event.title == published["title"]
                        and [(utc_iso(s.span[0]), utc_iso(s.span[1])) for s in event.sessions] == times[event_id]):
                    moves[event_id] = candidate
                    taken.add(candidate)
                    break
        if event_id not in moves:
            withdrawn.append(event_id)
    return moves, withdrawn


def _instant(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).astimezone(PARIS)


def withdraw(state: PublicationState, event_id: str) -> WithdrawnEvent:
    """The withdrawn event as last published; its sessions' SEQUENCE raised unless a publication
    already recorded it withdrawn. Sessions without their times (a state from before they were
    kept) cannot be put in a calendar: they are left out."""
    published = state.events[event_id]
    sessions = []
    for uid, entry in state.sessions.items():
        if uid_event(uid) != event_id or not entry.get("start"):
            continue
        sequence = entry["sequence"] if entry["fingerprint"] == WITHDRAWN else entry["sequence"] + 1
        sessions.append(WithdrawnSession(uid, _instant(entry["start"]), _instant(entry["end"]), sequence))
    sessions.sort(key=lambda s: (s.start, s.uid))
    return WithdrawnEvent(event_id, published["title"], published.get("commune"), tuple(published.get("themes", ())),
                          state.short_links.get(event_id), tuple(sessions))


def alternatives(programme: Programme, withdrawn: WithdrawnEvent, count: int = ALTERNATIVES) -> list[Event]:
    """The nearest events still on the programme: same commune and a theme in common first, then the
    same commune, then a theme in common; by date, then title and id; never a cancelled one."""
    ranked = []
    for event in programme.events_sorted():
        if event.status == "annule":
            continue
        commune = programme.event_commune(event)
        same_place = withdrawn.commune is not None and commune is not None and commune.insee == withdrawn.commune
        same_theme = bool(set(event.themes) & set(withdrawn.themes))
        if same_place or same_theme:
            ranked.append((0 if same_place and same_theme else 1 if same_place else 2, event))
    ranked.sort(key=lambda pair: pair[0])  # stable: events_sorted's order within a rank
    return [event for _rank, event in ranked[:count]]


def withdrawn_warnings(state: PublicationState, events: Mapping[str, Event], shown_folder: str,
                       files: Collection[str] = ()) -> list[Problem]:
    """``check``'s warning for each published event deleted since the last publication: neither
    built (``events``) nor a file there (``files``, the ids of the event files, built or not)."""
    _moves, withdrawn = departures(state, events, files)
    problems = []
    for event_id in withdrawn:
        entries = [e for uid, e in state.sessions.items() if uid_event(uid) == event_id]
        if entries and all(e["fingerprint"] == WITHDRAWN for e in entries):
            continue  # already published as withdrawn
        problems.append(Problem(shown_folder, 0, "", f"événement publié supprimé : {state.events[event_id]['title']} "
                                                     f"({event_id}) ; préférez statut: annule", Severity.WARNING))
    return problems
