"""SEQUENCE numbers for calendar entries, derived without anyone having to bump them.

A calendar client replaces an entry it already has only when the new copy has a
higher SEQUENCE. Each session's fingerprint (its UTC start and end, its place, its
status) is kept in ``calendar-state.json`` in the content folder, with the last
SEQUENCE given. When the fingerprint changes, the SEQUENCE goes up by one and the
build writes the new state, to be committed with the content. The state travels
in the repository, so a shallow clone does not reset it, and the same commit
always gives the same numbers.

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
class SequenceState:
    """What was last published for each session UID."""

    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_json(cls, text: str | None) -> SequenceState:
        if not text:
            return cls()
        data = json.loads(text)
        if data.get("version") != STATE_VERSION:
            raise ValueError(f"calendar-state.json : version {data.get('version')!r} inconnue")
        return cls(dict(data["sessions"]))

    def to_json(self) -> str:
        data = {"version": STATE_VERSION, "sessions": dict(sorted(self.sessions.items()))}
        return json.dumps(data, indent=1, sort_keys=True) + "\n"


def sequences(programme: Programme, state: SequenceState, domain: str) -> tuple[dict[str, int], SequenceState]:
    """SEQUENCE for every session UID, and the state to keep for the next build.

    Sessions that disappeared keep their entry, so that a session put back later
    continues from its last number.
    """
    numbers: dict[str, int] = {}
    updated = SequenceState({uid: dict(entry) for uid, entry in state.sessions.items()})
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
            updated.sessions[uid] = {"fingerprint": fingerprint, "sequence": number}
    return numbers, updated


def read_state(path: Path) -> SequenceState:
    """The state kept beside the content; a damaged file stops the build with a French message."""
    if not path.exists():
        return SequenceState()
    try:
        return SequenceState.from_json(path.read_text(encoding="utf-8"))
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ContentError([Problem(str(path), 0, "", f"fichier d'état des calendriers illisible ({error}) ; "
                                                      "reprenez la version du dépôt (git checkout)")]) from None
