"""The partner files of a content folder, each read with the venues it declares, into the
registry the events' references are looked up in (``loader`` reads the rest).

One id has one file: a second file for it (« caton.md » beside « caton.yaml ») is refused, never
merged with the first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import schema, territory
from .content_files import media_problem
from .errors import Report
from .fields import field_label
from .model import Contact, Coordinates, Partner, Venue
from .reading import ParsedFile, description_html, list_files, parse_file
from .references import UNKNOWN, Reference, lookup
from .vocabularies import find_commune, slugify
from .yamlstrict import Path as YamlPath

ADDRESS_TO_CONFIRM = "adresse à confirmer"  # what every output says of a venue written « adresse: a_confirmer »

# « id: x » in a partner file that cannot be read at all: the venues it seems to declare.
_DECLARED_ID = re.compile(r"^[ -]*id\s*:\s*[\"']?([a-z0-9]+(?:-[a-z0-9]+)*)[\"']?\s*$", re.MULTILINE)


def contact(values: dict[str, Any] | None) -> Contact | None:
    return Contact(**values) if values else None


@dataclass
class Registry:
    """Partners and venues read so far, for references from events."""

    partners: dict[str, Partner]
    venues: dict[str, Venue]
    media: set[str]  # the images and logos files name: the only files of content/ the site publishes
    # Partners and venues whose file is there but invalid (id → « partners/x.yaml »): an event naming
    # one is told to mend that file, not that the name is unknown.
    invalid_partners: dict[str, str] = field(default_factory=dict)
    invalid_venues: dict[str, str] = field(default_factory=dict)
    # The ids of every event file there (its name), built or not: an event whose file holds an
    # error is not built, never « deleted » (``withdrawn``).
    event_files: set[str] = field(default_factory=set)

    def venue(self, name: str) -> Reference:
        """What the venues say of ``name`` (never the partners: another namespace)."""
        reference = lookup("lieu", name, self.venues, self.invalid_venues)
        if reference.state != UNKNOWN:
            return reference
        return Reference("lieu", name, UNKNOWN, places=tuple((v.id, v.commune.name) for v in self.venues.values()))

    def partner(self, name: str) -> Reference:
        """What the partners say of ``name`` (never the venues)."""
        return lookup("partenaire", name, self.partners, self.invalid_partners)


def same_id(path: Path, seen: dict[str, str]) -> str | None:
    """The refusal of a second file for one id (« caton.md » and « caton.yaml »), or None; ``seen``:
    id → the file read for it (« partners/caton.md »), this one added when it is the first."""
    relative = f"{path.parent.name}/{path.name}"
    if path.stem in seen:
        return f"identifiant « {path.stem} » déjà utilisé par {seen[path.stem]} : gardez un seul fichier"
    seen[path.stem] = relative
    return None


def read_partners(content_dir: Path, report: Report, registry: Registry) -> None:
    seen: dict[str, str] = {}
    for shown, path in list_files(content_dir, "partners", report):
        relative = f"partners/{path.name}"
        refused = same_id(path, seen)
        parsed = None if refused else parse_file(shown, path, schema.PARTNER, report)
        if refused:
            report.error(shown, 0, "", refused)
        if parsed is None:  # unreadable: what it seems to declare is said to be invalid, not unknown
            registry.invalid_partners.setdefault(path.stem, relative)
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                text = ""
            for venue_id in _DECLARED_ID.findall(text):
                registry.invalid_venues.setdefault(venue_id, relative)
            continue
        values = parsed.values
        venue_ids = []
        for index, venue_values in enumerate(values.get("venues", [])):
            venue = _venue(parsed, index, venue_values, registry)
            if venue is not None:
                registry.venues[venue.id] = venue
                venue_ids.append(venue.id)
        logo = values.get("logo")
        if logo:
            registry.media.add(logo)
            problem = media_problem(content_dir, logo)
            if problem is not None:
                parsed.reporter(("logo",), field_label(("logo",)), problem)
        declared = parsed.source.doc.data.get("lieux")
        for item in declared if isinstance(declared, list) else ():
            if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"] not in registry.venues:
                registry.invalid_venues.setdefault(item["id"], relative)
        if not {"name", "kind"} <= values.keys():
            registry.invalid_partners.setdefault(parsed.id, relative)
            continue
        registry.partners[parsed.id] = Partner(
            id=parsed.id,
            name=values["name"],
            kind=values["kind"],
            website=values.get("website"),
            logo=logo,
            description_html=description_html(parsed),
            contact=contact(values.get("contact")),
            communes=tuple(find_commune(i) for i in values.get("communes", ())),  # type: ignore[misc]
            offer=tuple(values.get("offer", ())),
            themes=tuple(values.get("themes", ())),
            opening_hours=values.get("opening_hours"),
            venue_ids=tuple(venue_ids),
            source=parsed.relative,
        )


def _venue(parsed: ParsedFile, index: int, values: dict[str, Any], registry: Registry) -> Venue | None:
    path: YamlPath = ("lieux", index)
    if not {"id", "name", "address", "commune"} <= values.keys():
        return None
    venue_id = values["id"]
    if venue_id in registry.venues:
        other = registry.venues[venue_id]
        parsed.reporter((*path, "id"), field_label((*path, "id")),
                        f"lieu « {venue_id} » déjà déclaré dans {other.source}:{other.line} ; "
                        "une adresse ne s'écrit qu'une fois")
        return None
    commune, problem = territory.commune_problem(values["commune"], venue=not values.get("outside"))
    if values.get("outside"):
        if commune is not None:
            parsed.reporter.warn((*path, "hors_territoire"), field_label((*path, "hors_territoire")),
                                 f"{commune.name} est dans le territoire de l'édition : retirez hors_territoire")
        else:
            commune, problem = territory.outside(values["commune"], values.get("postcode", ""),
                                                 values.get("departement", ""))
            if problem is not None:
                where = (*path, "departement" if "departement" in values else "code_postal")
                parsed.reporter(where, field_label(where), problem)
                return None
    elif problem is not None:
        parsed.reporter((*path, "commune"), field_label((*path, "commune")), problem)
        return None
    assert commune is not None
    postcode, problem, warning = territory.venue_postcode(commune, values.get("postcode", ""))
    if problem or warning:
        (parsed.reporter if problem else parsed.reporter.warn)((*path, "code_postal"),
                                                               field_label((*path, "code_postal")), problem or warning)
        if problem:
            return None
    coordinates = values.get("coordinates")
    address = values["address"]
    if slugify(address) == "a-confirmer":
        address = ADDRESS_TO_CONFIRM
        parsed.reporter.warn((*path, "adresse"), field_label((*path, "adresse")),
                             "adresse à confirmer : c'est ce que diront les pages, les affiches, les calendriers et "
                             "les données, et le lieu ne sera pas sur la carte ; complétez-la dès que possible")
        if coordinates:
            parsed.reporter.warn((*path, "coordonnees"), field_label((*path, "coordonnees")),
                                 "coordonnées ignorées tant que l'adresse est à confirmer (le lieu n'est pas "
                                 "placé sur la carte)")
            coordinates = None
    if coordinates and commune.in_territory and not (
            48.3 <= coordinates["lat"] <= 49.0 and 1.8 <= coordinates["lon"] <= 2.7):
        parsed.reporter.warn((*path, "coordonnees"), field_label((*path, "coordonnees")),
                             "ces coordonnées sont loin de l'Essonne : latitude et longitude inversées ?")
    return Venue(
        id=venue_id,
        name=values["name"],
        address=address,
        postcode=postcode,
        commune=commune,
        partner_id=parsed.id,
        coordinates=Coordinates(**coordinates) if coordinates else None,
        access=values.get("access"),
        parking=values.get("parking"),
        step_free=values.get("step_free"),
        accessibility=tuple(values.get("accessibility", ())),
        acceslibre_url=values.get("acceslibre_url"),
        source=parsed.source.path,
        line=parsed.source.doc.line(path),
    )
