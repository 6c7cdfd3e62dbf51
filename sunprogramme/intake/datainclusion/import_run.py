"""One run of the import: each structure matched to its partner file, which is created, or updated
field by field by the import's rule; the new texts and report lines wait there to be checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...vocabularies import Commune, find_commune, slugify
from ...writers.datainclusion import mapping
from ..import_report import ReportLine
from .existing_partners import scan_partners
from .field_wording import field_label, field_phrase, show_value
from .import_state import STATE_FILE, read_state
from .partner_file import CONTACT_ORDER, PartnerFile, new_partner_text
from .partner_ids import name_keys, unique_id, venue_base
from .report import PartnersReport
from .values import LIST_FIELDS, canonical, partner_type, proposed, same

SCALAR_FIELDS = ["nom", "site", "description", "contact.telephone", "contact.email", "horaires"]
VENUE_FIELDS = ["adresse", "code_postal", "commune", "coordonnees", "acceslibre"]  # tracked after creation


def _merge(current: list[str] | None, last: list[str], new: list[str] | None) -> tuple[list[str], list[str], list[str]]:
    """Three-way merge of a list: (result, added, removed)."""
    current, new = list(current or []), list(new or [])
    removed = [item for item in current if item in last and item not in new]
    added = [item for item in new if item not in current and item not in last]
    result = [item for item in current if item not in removed] + added
    return result, added, removed


class ImportRun:
    """One import: the partner files it read, the texts it would write, and what it will tell of each."""

    def __init__(self, content: Path, report: PartnersReport):
        self.content, self.report = content, report
        self.state = read_state(content / STATE_FILE)
        self.partners, self.venue_ids, self.unreadable = scan_partners(content, report)
        self.texts: dict[str, tuple[Path, str]] = {}  # partner id → (path, new text)
        self.entries: dict[str, tuple[str, str, dict[str, Any]]] = {}  # partner id → (source, id, state entry)
        self.lines_of: dict[str, list[ReportLine]] = {}  # partner id → its report lines, told once written
        self.outcome: dict[str, str] = {}  # partner id → created / updated / unchanged
        self.conflicts_of: dict[str, list[str]] = {}
        self.claimed: dict[str, str] = {}  # partner id → structure id, in this import
        self.sources: dict[str, str] = {}  # partner id → the file its structure came from
        self.mapped = {entry["partenaire"]: sid for entries in self.state["structures"].values()
                       for sid, entry in entries.items()}

    def line(self, partner_id: str, message: str, level: str = "info") -> None:
        self.lines_of.setdefault(partner_id, []).append(
            ReportLine(self.sources[partner_id], 0, "", message, level))

    def match(self, record: dict[str, Any], commune: Commune) -> str | None:
        wanted = slugify(record["nom"])
        for partner_id, existing in self.partners.items():
            if wanted not in name_keys(partner_id, str(existing.file.data.get("nom", ""))):
                continue
            data = existing.file.data
            listed = data.get("communes") or []
            communes = {c.insee for c in (find_commune(str(i)) for i in (listed if isinstance(listed, list)
                                                                          else [listed])) if c}
            communes |= {c.insee for v in data.get("lieux") or [] if isinstance(v, dict)
                         and (c := find_commune(str(v.get("commune", ""))))}
            if not communes or commune.insee in communes:
                return partner_id
        return None

    def structure(self, record: dict[str, Any], commune: Commune, services: list[dict[str, Any]],
                  source: str) -> None:
        sid = record["id"]
        entries = self.state["structures"].get(record["source"], {})
        entry = entries.get(sid)
        partner_id = entry["partenaire"] if entry else self.match(record, commune)
        if entry and partner_id not in self.partners:
            if partner_id in self.unreadable:
                self.report.add(source, f"structure « {sid} » : la fiche {partner_id} est illisible "
                                        f"({self.unreadable[partner_id]}) ; corrigez-la d'abord (invoke check)",
                                "attention")
            else:
                self.report.add(source, f"structure « {sid} » : la fiche {partner_id} a été supprimée depuis le "
                                        "dernier import ; elle n'est pas recréée (pour la recréer, retirez cette "
                                        f"structure de {STATE_FILE.as_posix()})", "attention")
            return
        owner = self.claimed.get(partner_id) or (None if entry else self.mapped.get(partner_id))
        if owner is not None and owner != sid:
            self.report.add(source, f"structure « {sid} » : la fiche {partner_id} reprend déjà la structure "
                                    f"« {owner} » ; non reprise", "attention")
            return
        values = proposed(record, commune, services, source, self.report)
        if values is None:
            return
        if partner_id is None:
            self.create(record, commune, values, source)
        else:
            self.sources[partner_id] = source
            self.update(record, partner_id, values, entries)

    def create(self, record: dict[str, Any], commune: Commune, values: dict[str, Any], source: str) -> None:
        sid = record["id"]
        taken = set(self.partners) | set(self.texts) | set(self.unreadable)
        partner_id = unique_id(slugify(values["nom"])[:50].strip("-") or "partenaire", taken, commune)
        kind = partner_type(record)
        data: dict[str, Any] = {"nom": values["nom"], "type": kind or mapping()["type_par_defaut"]}
        data["site"] = values.get("site")
        contact = {"telephone": values.get("contact.telephone"), "email": values.get("contact.email")}
        data["contact"] = {k: v for k, v in contact.items() if v}
        data["communes"] = [find_commune(i).name for i in values["communes"]]
        data["offre"] = values.get("offre")
        data["themes"] = values.get("themes")
        data["horaires"] = values.get("horaires")
        data["description"] = values.get("description")
        venue_id = None
        if {"lieu.adresse", "lieu.code_postal"} <= values.keys():
            venue_id = unique_id(venue_base(values["lieu.nom"], commune), self.venue_ids)
            self.venue_ids.add(venue_id)
            data["lieux"] = [self.venue(venue_id, values)]
        path = self.content / "partners" / f"{partner_id}.yaml"
        self.sources[partner_id] = source
        self.texts[partner_id] = (path, new_partner_text(data))
        self.claimed[partner_id] = sid
        self.outcome[partner_id] = "created"
        self.entries[partner_id] = (record["source"], sid, self.entry(partner_id, venue_id, values))
        self.line(partner_id, f"partenaire « {values['nom']} » créé : {path.name} (structure « {sid} »)")
        if kind is None:
            self.line(partner_id, f"{path.name} : type « {data['type']} » mis par défaut, data·inclusion ne "
                                  "donne pas le type de structure ; vérifiez-le", "attention")

    @staticmethod
    def venue(venue_id: str, values: dict[str, Any]) -> dict[str, Any]:
        venue = {"id": venue_id, "nom": values["lieu.nom"], "adresse": values["lieu.adresse"],
                 "code_postal": values["lieu.code_postal"], "commune": find_commune(values["lieu.commune"]).name,
                 "coordonnees": values.get("lieu.coordonnees"), "acceslibre": values.get("lieu.acceslibre")}
        return {k: v for k, v in venue.items() if v is not None}

    @staticmethod
    def entry(partner_id: str, venue_id: str | None, values: dict[str, Any]) -> dict[str, Any]:
        kept = {k: v for k, v in values.items() if k != "lieu.nom" and (venue_id or not k.startswith("lieu."))}
        return {"partenaire": partner_id, "lieu": venue_id, "valeurs": kept}

    def find_venue(self, file: PartnerFile, values: dict[str, Any]) -> str | None:
        """The venue of a partner file at the structure's address (first import of a known partner)."""
        for venue in file.data.get("lieux") or []:
            if not isinstance(venue, dict) or not isinstance(venue.get("id"), str):
                continue
            commune = find_commune(str(venue.get("commune", "")))
            if commune is None or commune.insee != values["lieu.commune"]:
                continue
            if slugify(str(venue.get("adresse", ""))) == slugify(values["lieu.adresse"]) or \
                    slugify(str(venue.get("nom", ""))) == slugify(values["lieu.nom"]):
                return venue["id"]
        return None

    def update(self, record: dict[str, Any], partner_id: str, values: dict[str, Any],
               entries: dict[str, Any]) -> None:
        sid = record["id"]
        existing = self.partners[partner_id]
        file, name = existing.file, existing.path.name
        entry = entries.get(sid) or {}
        last: dict[str, Any] = entry.get("valeurs", {})
        changed: list[str] = []
        data = file.data
        contact = dict(data.get("contact") or {}) if isinstance(data.get("contact"), dict) else {}
        current = {"nom": data.get("nom"), "site": data.get("site"), "description": file.description(),
                   "contact.telephone": contact.get("telephone"), "contact.email": contact.get("email"),
                   "horaires": data.get("horaires")}
        for key in SCALAR_FIELDS:
            target = self.decide(key, canonical(key, current[key]), last.get(key), values.get(key), name,
                                 partner_id, None)
            if target is _KEEP:
                continue
            changed.append(key)
            if key == "description":
                file.set_description(target)
            elif key.startswith("contact."):
                sub = key.removeprefix("contact.")
                contact[sub] = target
                merged = {k: contact[k] for k in sorted(contact, key=lambda k: CONTACT_ORDER.index(k)
                                                        if k in CONTACT_ORDER else 9) if contact[k] is not None}
                file.set("contact", merged or None)
            else:
                file.set(key, target)
        for key in LIST_FIELDS:
            now = canonical(key, data.get(key))
            result, added, removed = _merge(now, last.get(key, []), values.get(key))
            if added or removed:
                shown = [f"ajout : {show_value(key, added)}" if added else "", f"retrait : {show_value(key, removed)}"
                         if removed else ""]
                changed.append(f"{key} ({' ; '.join(s for s in shown if s)})")
                file.set(key, [find_commune(i).name if find_commune(i) else i for i in result]
                         if key == "communes" else result)
        venue_id = self.update_venue(file, entry, values, last, name, partner_id, changed)
        self.texts[partner_id] = (existing.path, file.text())
        self.claimed[partner_id] = sid
        self.entries[partner_id] = (record["source"], sid, self.entry(partner_id, venue_id, values))
        if changed:
            self.outcome[partner_id] = "updated"
            self.line(partner_id, f"{name} mis à jour (structure « {sid} ») : {', '.join(changed)}")
        else:
            self.outcome[partner_id] = "unchanged"

    def update_venue(self, file: PartnerFile, entry: dict[str, Any], values: dict[str, Any], last: dict[str, Any],
                     name: str, partner_id: str, changed: list[str]) -> str | None:
        venue_id = entry.get("lieu")
        if "lieu.adresse" not in values or "lieu.code_postal" not in values:
            return venue_id if venue_id and file.venue_index(venue_id) is not None else None
        if venue_id and file.venue_index(venue_id) is None:
            self.line(partner_id, f"{name} : le lieu « {venue_id} » a été retiré à la main depuis le dernier "
                                  "import ; il n'est pas recréé", "attention")
            return venue_id
        if venue_id is None:
            venue_id = self.find_venue(file, values)
        if venue_id is None:
            commune = find_commune(values["lieu.commune"])
            venue_id = unique_id(venue_base(values["lieu.nom"], commune), self.venue_ids)
            self.venue_ids.add(venue_id)
            file.add_venue(self.venue(venue_id, values))
            changed.append(f"lieu « {venue_id} » ajouté")
            return venue_id
        venue = file.data["lieux"][file.venue_index(venue_id)]
        for sub in VENUE_FIELDS:
            key = f"lieu.{sub}"
            target = self.decide(key, canonical(key, venue.get(sub)), last.get(key), values.get(key), name,
                                 partner_id, venue_id)
            if target is _KEEP:
                continue
            changed.append(field_label(key, venue_id))
            shown = find_commune(target).name if key == "lieu.commune" and target else target
            file.set_venue_field(venue_id, sub, shown)
        return venue_id

    def decide(self, key: str, current: Any, last: Any, new: Any, name: str, partner_id: str,
               venue_id: str | None) -> Any:
        """The value to write, or _KEEP: the rule of every imported field."""
        if new is None:
            # data·inclusion gives nothing: the value it gave before goes, if it is still there
            return None if current is not None and last is not None and same(key, current, last) else _KEEP
        if current is not None and same(key, current, new):
            return _KEEP
        if current is None or (last is not None and same(key, current, last)):
            return new
        if last is not None and same(key, new, last):
            return _KEEP  # changed by hand, data·inclusion did not change: the hand's value stands
        self.conflicts_of.setdefault(partner_id, []).append(f"{name}: {field_label(key, venue_id)}")
        self.line(partner_id, f"conflit : {name}, {field_phrase(key, venue_id)} modifié à la main : la "
                              f"fiche garde « {show_value(key, current)} » ; data·inclusion donne "
                              f"« {show_value(key, new)} ». Si c'est la bonne valeur, recopiez-la dans la fiche "
                              "(ce conflit n'est signalé qu'une fois)", "attention")
        return _KEEP


_KEEP = object()
