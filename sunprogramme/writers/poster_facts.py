"""The facts column of an event poster (when, where, for whom, registration, accessibility, what to
bring, organisers): cleaned for the fonts, laid out in blocks, and fitted to the room left, by
scaling the type down (never under ``BODY_MIN``), then cutting lists and long texts, each cut told
in the notices.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm

from ..french_names import counted
from .print_page import BODY_MIN, EventPoster
from .print_text import BOLD, REGULAR, SEMIBOLD, Notices, clean_field, printable, with_ellipsis, wrap_lines

PICTOGRAM_LABEL = 13  # the size of a pictogram's label, at the scale 1


def sized(size: float, scale: float) -> float:
    """A fact's type size at a scale: smaller, down to ``BODY_MIN`` and no further."""
    return max(BODY_MIN, size * scale)


def pictogram_scale(scale: float) -> float:
    """The scale of the accessibility pictograms: their labels stay at ``BODY_MIN`` or larger."""
    return max(scale, BODY_MIN / PICTOGRAM_LABEL)


@dataclass
class _Block:
    label: str
    field: str  # the field an organiser edits, named in the notices
    items: list[list[tuple[str, str, float]]]  # each item's lines: (text, font, size)
    pictograms: tuple[tuple[str, str], ...] = ()

    def lines(self) -> list[tuple[str, str, float]]:
        return [line for item in self.items for line in item]

    def height(self, scale: float) -> float:
        label = sized(14, scale) * 1.2 if self.label else 0
        text = sum(sized(size, scale) * 1.22 for _t, _f, size in self.lines())
        pictos = len(self.pictograms) * 11 * mm * pictogram_scale(scale)
        return label + text + pictos + 4 * mm * scale


@dataclass(frozen=True)
class _Facts:
    """The poster's facts, cleaned of what the font cannot print."""

    sessions: tuple[str, ...]
    place: tuple[str, ...]
    access: str
    audience: str
    registration: str
    registration_phone: str
    registration_other: str
    accessibility: tuple[tuple[str, str], ...]
    bring: tuple[str, ...]
    organisers: tuple[str, ...]


def clean_facts(poster: EventPoster, notes: Notices) -> _Facts:
    def clean(field_name: str, texts) -> tuple[str, ...]:
        return tuple(kept for kept in (clean_field(t, field_name, notes) for t in texts) if kept)

    return _Facts(
        sessions=clean("seances", poster.sessions),
        place=clean("lieu", poster.place),
        access=clean_field(poster.access or "", "lieu", notes),
        audience=printable(f"{poster.audience} — {poster.level}"),
        registration=printable(poster.registration),
        registration_phone=clean_field(poster.registration_phone or "", "inscription", notes),
        registration_other=clean_field(poster.registration_other or "", "inscription", notes),
        accessibility=tuple((slug, printable(label)) for slug, label in poster.accessibility),
        bring=clean("a_apporter", poster.bring),
        organisers=clean("organisateurs", poster.organisers),
    )


def _fact_blocks(facts: _Facts, width: float, scale: float, broken: list[tuple[str, str]]) -> list[_Block]:
    def wrap(field_name: str, text: str, font: str = REGULAR, size: float = 14) -> list[tuple[str, str, float]]:
        lines, too_wide = wrap_lines(text, font, sized(size, scale), width)
        broken.extend((field_name, word) for word in too_wide)
        return [(line, font, size) for line in lines]

    blocks = [_Block("Quand", "seances", [wrap("seances", s, SEMIBOLD, 15) for s in facts.sessions])]
    place = [wrap("lieu", p) for p in facts.place]
    if facts.access:
        place.append(wrap("lieu", f"Accès : {facts.access}", REGULAR, 12))
    blocks.append(_Block("Où", "lieu", place))
    blocks.append(_Block("Pour qui", "publics", [wrap("publics", facts.audience)]))
    registration = [wrap("inscription", facts.registration, SEMIBOLD, 15)]
    if facts.registration_phone:
        registration.append(wrap("inscription", facts.registration_phone, BOLD, 26))
    if facts.registration_other:
        registration.append(wrap("inscription", facts.registration_other, REGULAR, 12.5))
    blocks.append(_Block("Inscription", "inscription", registration))
    if facts.accessibility:
        blocks.append(_Block("Accessibilité", "accessibilite", [], facts.accessibility))
    if facts.bring:
        blocks.append(_Block("À apporter", "a_apporter", [wrap("a_apporter", f"• {item}") for item in facts.bring]))
    if facts.organisers:
        blocks.append(_Block("Organisé par", "organisateurs",
                             [wrap("organisateurs", ", ".join(facts.organisers), REGULAR, 13)]))
    return blocks


SCALES = tuple(round(1 - 0.04 * step, 2) for step in range(11))  # 1.0 down to the floor, 0.6


def _others(count: int) -> str:
    return f"… et {count} {'autre' if count == 1 else 'autres'} : voir la page"


def fit_facts(facts: _Facts, width: float, available: float, notes: Notices) -> tuple[list[_Block], float]:
    """The facts at the largest scale that fits; below the floor, lists are cut (saying how many
    are left out), then long texts; what still does not fit is cut when drawn (see event_poster.draw_event_poster)."""
    made: dict[float, tuple[list[_Block], list[tuple[str, str]]]] = {}

    def layout(scale: float):
        if scale not in made:
            broken: list[tuple[str, str]] = []
            made[scale] = (_fact_blocks(facts, width, scale, broken), broken)
        return made[scale]

    def excess(scale: float) -> float:
        return sum(b.height(scale) for b in layout(scale)[0]) - available

    if excess(SCALES[0]) <= 0:
        chosen = 0
    else:  # the height shrinks with the scale: the first that fits, by halving
        low, high = 1, len(SCALES) - 1
        while low < high:
            middle = (low + high) // 2
            low, high = (low, middle) if excess(SCALES[middle]) <= 0 else (middle + 1, high)
        chosen = low
    scale = SCALES[chosen]
    blocks, broken = layout(scale)
    for field_name, word in broken:
        notes.broken(field_name, [word])
    over = excess(scale)
    if over <= 0:
        return blocks, scale

    def lines_height(lines) -> float:
        return sum(sized(size, scale) * 1.22 for _t, _f, size in lines)

    def wrapped(text: str, font: str, size: float) -> list[tuple[str, str, float]]:
        return [(line, font, size) for line in wrap_lines(text, font, sized(size, scale), width)[0]]

    by_field = {block.field: block for block in blocks}
    # Lists first, the least needed first: what to bring, who organises, then the dates (one kept).
    bring = by_field.get("a_apporter")
    if bring is not None:
        over, kept = _cut_items(bring, over, 0, lambda n: wrapped(_others(n), REGULAR, 14), lines_height)
        total = len(facts.bring)
        if kept < total:
            notes.add(f"a_apporter : {kept} {'élément' if kept == 1 else 'éléments'} sur {total} "
                      f"{'imprimé' if kept == 1 else 'imprimés'}, faute de place ; l'affiche indique "
                      f"« {_others(total - kept)} »")
    organisers = by_field.get("organisateurs")
    if over > 0 and organisers is not None and len(facts.organisers) > 1:
        whole = lines_height(organisers.lines())
        for kept in range(len(facts.organisers) - 1, -1, -1):
            text = ", ".join(facts.organisers[:kept])
            lines = wrapped(f"{text} {_others(len(facts.organisers) - kept)}".strip(), REGULAR, 13)
            if whole - lines_height(lines) >= over or kept == 0:
                break
        organisers.items = [lines]
        over -= whole - lines_height(lines)
        notes.add(f"organisateurs : {kept} sur {len(facts.organisers)} imprimés, faute de place ; l'affiche "
                  f"indique « {_others(len(facts.organisers) - kept)} »")
    sessions = by_field.get("seances")
    if over > 0 and sessions is not None and len(sessions.items) > 2:
        over, kept = _cut_items(sessions, over, 1, lambda n: wrapped(
            f"et {counted(n, 'autre date', 'autres dates')} : voir l'adresse ci-contre", SEMIBOLD, 15), lines_height)
        notes.add(f"seances : {kept} {'date' if kept == 1 else 'dates'} sur {len(facts.sessions)} "
                  f"{'imprimée' if kept == 1 else 'imprimées'}, faute de place ; les autres sont sur la page "
                  "de l'événement")
    # Then the longest texts lose their last lines, marked « … ».
    while over > 0:
        longest = max(((len(item), index, block) for block in blocks for index, item in enumerate(block.items)
                       if len(item) > 1), default=None, key=lambda found: found[:2])
        if longest is None:
            break
        _count, index, block = longest
        item = block.items[index]
        dropped = item.pop()
        text, font, size = item[-1]
        item[-1] = (with_ellipsis(text, font, sized(size, scale), width), font, size)
        over -= sized(dropped[2], scale) * 1.22
        notes.cut(block.field)
    return blocks, scale


def _cut_items(block: _Block, over: float, keep_at_least: int, tail, lines_height) -> tuple[float, int]:
    """Drop the block's last items, for a line saying how many are left out, until ``over``
    points are saved (or ``keep_at_least`` items remain); returns what is still over, and how
    many items are kept."""
    items = block.items
    whole = lines_height(block.lines())
    kept = len(items)
    while kept > keep_at_least:
        kept -= 1
        lines = tail(len(items) - kept)
        saved = whole - lines_height([line for item in items[:kept] for line in item]) - lines_height(lines)
        if saved >= over:
            break
    if kept == len(items):
        return over, kept
    block.items = [*items[:kept], lines]
    return over - saved, kept
