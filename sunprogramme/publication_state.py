"""What must stay stable from one publication to the next, kept beside the content.

``publication-state.json`` (in the content folder, committed with it) holds:

- for each calendar session UID, the fingerprint of what a calendar shows (UTC
  start and end, place, status) and the SEQUENCE last published. A calendar
  client replaces an entry only when the new copy has a higher SEQUENCE: when
  the fingerprint changes, the SEQUENCE goes up by one, without anyone having
  to remember to bump it;
- for each event, its short address number (``/e/42``), printed under the QR
  code of its poster: given once, never reused, unchanged when the title changes;
- for each imported event, the fingerprint of the file the last import wrote, so
  that a file edited since is never overwritten silently (see ``intake``).

The build computes the new state and writes it only after a successful build;
the organiser commits it. It travels in the repository, so a shallow clone does
not reset it, and the same commit always gives the same files.

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

from .errors import ContentError, Problem
from .model import Event, Programme, Session
from .timeutil import utc_iso

STATE_FILE = "publication-state.json"  # in the content folder (PROGRAMME_SAVE_AS may name it otherwise)

STATE_VERSION = 1


def session_uid(event: Event, session: Session, domain: str) -> str:
    return f"{event.id}-{session.index}@{domain}"


def session_fingerprint(programme: Programme, event: Event, session: Session) -> str:
    venue = programme.venues.get(event.venue_id or "")
    place = (f"{venue.name}|{venue.address}|{venue.postcode}|{venue.commune.insee}" if venue else "")
    text = "\n".join([utc_iso(session.start), utc_iso(session.end), place, event.online_url or "",
                      session.status])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class PublicationState:
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    short_links: dict[str, int] = field(default_factory=dict)
    imports: dict[str, str] = field(default_factory=dict)  # event id → fingerprint of the file last imported

    @classmethod
    def from_json(cls, text: str | None) -> PublicationState:
        if not text:
            return cls()
        data = json.loads(text)
        if data.get("version") != STATE_VERSION:
            raise ValueError(f"version {data.get('version')!r} inconnue")
        sessions = {str(uid): {"fingerprint": str(e["fingerprint"]), "sequence": int(e["sequence"])}
                    for uid, e in data["sessions"].items()}
        short_links = {str(event_id): int(number) for event_id, number in data["short_links"].items()}
        imports = {str(event_id): str(value) for event_id, value in data.get("imports", {}).items()}
        return cls(sessions, short_links, imports)

    def to_json(self) -> str:
        data = {"version": STATE_VERSION, "sessions": self.sessions, "short_links": self.short_links}
        if self.imports:
            data["imports"] = self.imports
        return json.dumps(data, indent=1, sort_keys=True) + "\n"


@dataclass(frozen=True)
class Publication:
    """The numbers this build publishes."""

    sequences: dict[str, int]  # session UID → SEQUENCE
    short_links: dict[str, int]  # event id → short address number


def publication(programme: Programme, state: PublicationState, domain: str) -> tuple[Publication, PublicationState]:
    """This build's numbers, and the state to keep for the next build.

    Sessions and events that disappeared keep their entries: a session put back
    continues from its last SEQUENCE, and a short number is never given twice.
    """
    sessions = {uid: dict(entry) for uid, entry in state.sessions.items()}
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
            sessions[uid] = {"fingerprint": fingerprint, "sequence": number}
    short_links = dict(state.short_links)
    next_number = max(short_links.values(), default=0) + 1
    # New events get the next numbers in a stable order (by id), so that two builds agree.
    for event_id in sorted(programme.events):
        if event_id not in short_links:
            short_links[event_id] = next_number
            next_number += 1
    published = Publication(numbers, {e: short_links[e] for e in sorted(programme.events)})
    return published, PublicationState(sessions, short_links, dict(state.imports))


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
        return PublicationState.from_json(path.read_text(encoding="utf-8"))
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ContentError([Problem(str(path), 0, "", "fichier d'état de publication illisible (abîmé, ou un conflit "
                                                      "de fusion mal résolu) : reprenez la version du dépôt "
                                                      f"(git checkout -- {path.name})")]) from None
