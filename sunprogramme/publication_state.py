"""What must stay stable from one publication to the next, kept beside the content.

``publication-state.jsonl`` (in the content folder, committed with it) holds one line per event
ever published, sorted by event id (two changes to different events never touch the same line):

- its short address number (``/e/42``), printed under the QR code of its poster: given once,
  never reused, unchanged when the title changes;
- what was published of it: title, commune (INSEE code), themes, and for each calendar session
  UID its UTC start and end, the fingerprint of what a calendar shows (start, end, place,
  status) and the SEQUENCE last published. A calendar client replaces an entry only when the
  new copy has a higher SEQUENCE: when the fingerprint changes, the SEQUENCE goes up by one,
  without anyone having to remember to bump it. An event deleted from the content keeps its
  line: its page says it is no longer on the programme and its sessions stay in the calendars,
  cancelled (see ``withdrawn``);
- for an imported event, the fingerprint of the file the last import wrote, so that a file
  edited since is never overwritten silently (see ``intake``).

Only publishing writes it (``invoke publish``, or the CI job that publishes): ``build`` and
``serve`` read the committed state and compute this build's numbers from it in memory, so a
preview never changes ``content/`` and the numbers only rise from one publication to the next.
The older one-object ``publication-state.json`` is still read, once: the next publication
writes the new file and removes it.

UIDs are ``<event id>-<n>@<id domain>``, where n is the session's position in the
event file: add new sessions at the end of the list, and cancel a session with
``statut: annule`` instead of deleting it, so that every UID keeps its meaning.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .content_files import replace_file
from .errors import ContentError, Problem
from .model import Event, Programme, Session
from .timeutil import utc_iso

STATE_FILE = "publication-state.jsonl"  # in the content folder (PROGRAMME_PUBLICATION_STATE_SAVE_AS: another name)
LEGACY_STATE_FILE = "publication-state.json"  # the one-object format, read for migration only
LEGACY_VERSION = 1
WITHDRAWN = "retire"  # the fingerprint of a session whose event was published as withdrawn


def session_uid(event: Event, session: Session, domain: str) -> str:
    return f"{event.id}-{session.uid_key}@{domain}"


def uid_event(uid: str) -> str:
    """The event id of a session UID (``<event id>-<n>@<domain>``)."""
    return uid.split("@", 1)[0].rsplit("-", 1)[0]


def _uid_order(uid: str) -> tuple[str, int, str]:
    head, _, domain = uid.partition("@")
    event_id, _, number = head.rpartition("-")
    return (event_id, int(number) if number.isdigit() else 0, domain)


def session_fingerprint(programme: Programme, event: Event, session: Session) -> str:
    venue = programme.venues.get(event.venue_id or "")
    place = (f"{venue.name}|{venue.address}|{venue.postcode}|{venue.commune.insee}" if venue else "")
    start, end = session.span  # a session without clock times: its day, and the times as published
    text = "\n".join([utc_iso(start), utc_iso(end), place, event.online_url or "", session.status]
                     + ([session.times_published] if session.end is None else []))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class PublicationState:
    """The committed state. ``sessions``: UID → {fingerprint, sequence, start, end (UTC, absent in
    a migrated state)}; ``events``: event id → {title, commune, themes, moved_to} as last published."""

    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    short_links: dict[str, int] = field(default_factory=dict)
    imports: dict[str, str] = field(default_factory=dict)  # event id → fingerprint of the file last imported
    events: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_text(cls, text: str | None) -> PublicationState:
        """Either format: one JSON object per line (this one), or the legacy single object."""
        if not text or not text.strip():
            return cls()
        try:
            whole = json.loads(text)
        except ValueError:
            whole = None
        if isinstance(whole, dict) and "version" in whole:
            return cls._from_legacy(whole)
        state = cls()
        for line in text.splitlines():
            if line.strip():
                state._add_line(json.loads(line))
        return state

    @classmethod
    def _from_legacy(cls, data: dict) -> PublicationState:
        if data.get("version") != LEGACY_VERSION:
            raise ValueError(f"version {data.get('version')!r} inconnue")
        sessions = {str(uid): {"fingerprint": str(e["fingerprint"]), "sequence": int(e["sequence"])}
                    for uid, e in data["sessions"].items()}
        short_links = {str(event_id): int(number) for event_id, number in data["short_links"].items()}
        imports = {str(event_id): str(value) for event_id, value in data.get("imports", {}).items()}
        return cls(sessions, short_links, imports)

    def _add_line(self, line: dict) -> None:
        event_id = str(line["id"])
        if event_id in self.events or event_id in self.short_links or event_id in self.imports:
            raise ValueError(f"{event_id} deux fois")
        if line.get("numero") is not None:
            self.short_links[event_id] = int(line["numero"])
        if line.get("import") is not None:
            self.imports[event_id] = str(line["import"])
        if "titre" in line:
            self.events[event_id] = {"title": str(line["titre"]),
                                     "commune": None if line.get("commune") is None else str(line["commune"]),
                                     "themes": [str(t) for t in line.get("themes", [])],
                                     "moved_to": None if line.get("remplace_par") is None
                                     else str(line["remplace_par"])}
        for entry in line.get("seances", []):
            self.sessions[str(entry["uid"])] = {"fingerprint": str(entry["empreinte"]),
                                                "sequence": int(entry["sequence"]),
                                                "start": str(entry["debut"]), "end": str(entry["fin"])}

    def to_text(self) -> str:
        """One line per event, sorted by id; each line's keys in a fixed order."""
        by_event: dict[str, list[str]] = {}
        for uid in self.sessions:
            by_event.setdefault(uid_event(uid), []).append(uid)
        lines = []
        for event_id in sorted(set(by_event) | set(self.short_links) | set(self.imports) | set(self.events)):
            line: dict[str, Any] = {"id": event_id}
            if event_id in self.short_links:
                line["numero"] = self.short_links[event_id]
            if event_id in self.events:
                published = self.events[event_id]
                line.update(titre=published["title"], commune=published["commune"], themes=published["themes"])
                if published.get("moved_to"):
                    line["remplace_par"] = published["moved_to"]
            sessions = []
            for uid in sorted(by_event.get(event_id, []), key=_uid_order):
                entry = self.sessions[uid]
                sessions.append({"uid": uid, "debut": entry.get("start", ""), "fin": entry.get("end", ""),
                                 "empreinte": entry["fingerprint"], "sequence": entry["sequence"]})
            if sessions:
                line["seances"] = sessions
            if event_id in self.imports:
                line["import"] = self.imports[event_id]
            lines.append(json.dumps(line, ensure_ascii=False) + "\n")
        return "".join(lines)


@dataclass(frozen=True)
class Publication:
    """The numbers this build publishes."""

    sequences: dict[str, int]  # session UID → SEQUENCE
    short_links: dict[str, int]  # event id → short address number
    withdrawn: tuple = ()  # withdrawn.WithdrawnEvent: published, then deleted from the content
    moved: dict[str, str] = field(default_factory=dict)  # old event id → new id (a renamed file)


def publication(programme: Programme, state: PublicationState, domain: str) -> tuple[Publication, PublicationState]:
    """This build's numbers, and the state a publication of it keeps for the next one.

    Sessions and events that disappeared keep their entries: a session put back
    continues from its last SEQUENCE, and a short number is never given twice.
    """
    from .withdrawn import departures, withdraw  # withdrawn reads the state's types

    moves, withdrawn_ids = departures(state, programme.events)
    sessions = {uid: dict(entry) for uid, entry in state.sessions.items()}
    events = {event_id: dict(entry) for event_id, entry in state.events.items()}
    numbers: dict[str, int] = {}
    for event in programme.events_sorted():
        for session in event.sessions:
            uid = session_uid(event, session, domain)
            fingerprint = session_fingerprint(programme, event, session)
            known = state.sessions.get(uid)
            if known is None:
                number = 0
            elif known["fingerprint"] == fingerprint:
                number = known["sequence"]
            else:
                number = known["sequence"] + 1
            numbers[uid] = number
            sessions[uid] = {"fingerprint": fingerprint, "sequence": number, "start": utc_iso(session.span[0]),
                             "end": utc_iso(session.span[1])}
        commune = programme.event_commune(event)
        events[event.id] = {"title": event.title, "commune": commune.insee if commune else None,
                            "themes": list(event.themes), "moved_to": None}
    short_links = dict(state.short_links)
    for old, new in moves.items():  # a renamed file keeps its short address: its posters print it
        if old in short_links and new not in short_links:
            short_links[new] = short_links.pop(old)
        events[old] = dict(events[old], moved_to=new)
    next_number = max(short_links.values(), default=0) + 1
    # New events get the next numbers in a stable order (by id), so that two builds agree.
    for event_id in sorted(programme.events):
        if event_id not in short_links:
            short_links[event_id] = next_number
            next_number += 1
    gone = tuple(withdraw(state, event_id) for event_id in withdrawn_ids)
    for event in gone:
        for session in event.sessions:
            sessions[session.uid] = dict(sessions[session.uid], fingerprint=WITHDRAWN, sequence=session.sequence)
    published = Publication(numbers, {e: short_links[e] for e in sorted(programme.events)}, gone,
                            dict(sorted(moves.items())))
    return published, PublicationState(sessions, short_links, dict(state.imports), events)


def state_path(folder: Path, name: str = STATE_FILE) -> Path:
    """The state file to read in ``folder``: ``name``, or the legacy file while it is the only one."""
    path = folder / name
    legacy = folder / LEGACY_STATE_FILE
    if not path.exists() and not path.is_symlink() and (legacy.exists() or legacy.is_symlink()):
        return legacy
    return path


def read_state(path: Path) -> PublicationState:
    """The state kept beside the content; a damaged file, or a link in its place, stops the build
    with a French message."""
    if path.is_symlink():
        raise ContentError([Problem(str(path), 0, "", f"{path.name} est un lien symbolique, qui n'est jamais "
                                                      "suivi : remplacez-le par le fichier lui-même (git checkout -- "
                                                      f"{path.name})")])
    if not path.exists():
        return PublicationState()
    try:
        return PublicationState.from_text(path.read_text(encoding="utf-8"))
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ContentError([Problem(str(path), 0, "", "fichier d'état de publication illisible (abîmé, ou un conflit "
                                                      "de fusion mal résolu) : reprenez la version du dépôt "
                                                      f"(git checkout -- {path.name})")]) from None


def write_state(folder: Path, state: PublicationState, name: str = STATE_FILE) -> bool:
    """Write the state into ``folder`` (publishing only); the legacy file, now converted, is removed.
    Returns whether anything changed."""
    path, legacy = folder / name, folder / LEGACY_STATE_FILE
    text = state.to_text()
    changed = not path.is_file() or path.read_text(encoding="utf-8") != text
    if changed:
        replace_file(path, text)
    if legacy != path and legacy.is_file():
        legacy.unlink()
        changed = True
    return changed
