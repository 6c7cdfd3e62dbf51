"""Registration in words, as the organisers wrote it: « Inscription obligatoire », « Sur inscription :
en mairie » (a registration whose source gives no contact, only where to go), or « Sans inscription :
venez directement », which is what an event without ``inscription`` says (README: the absence of the
field is the organisers' own statement that no registration is needed)."""

from __future__ import annotations

from .model import Registration

NONE_NEEDED = "Sans inscription : venez directement"


def registration_headline(registration: Registration | None, capacity: bool = True) -> str:
    """« Inscription obligatoire (8 places) », « Sur inscription : en mairie (8 places) », or
    « Sans inscription : venez directement » (the event says none is needed)."""
    if registration is None or not registration.required:
        return NONE_NEEDED
    places = f" ({registration.capacity} places)" if capacity and registration.capacity else ""
    if registration.arrangements:
        return f"Sur inscription : {registration.arrangements.rstrip('.')}{places}"
    return f"Inscription obligatoire{places}"
