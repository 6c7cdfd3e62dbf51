"""The import of a data·inclusion export into the partner files: ``invoke import-partners FILE``.

Each structure of the territory (its ``code_insee``, else its commune, is one of
``communes.csv``) becomes a partner file, or updates the one it was imported into
before, or the one with the same name in the same commune:

- ``nom``, ``site``, ``description``, ``contact`` (``telephone``, ``email``), ``horaires``;
- ``communes``: the structure's, and those of its services (``code_insee``, ``zone_eligibilite``);
- ``offre``: the names of its services;
- ``themes``: our themes for its services' ``thematiques``, by the reverse of the
  ``data_inclusion`` key of ``themes.yaml`` (a thématique several themes list goes to the
  first of them; one that no theme lists is reported, with its value);
- a venue under ``lieux`` from its address (name, address, postcode, commune,
  coordinates, acceslibre page).

Each field follows one rule, so that nothing typed by hand is overwritten without a word:
the file's value is replaced when it is empty or still what the last import wrote;
when it was changed by hand and data·inclusion changed too, the file keeps its value
and the report names the conflict (once: the state remembers what data·inclusion
said). The lists ``communes``, ``offre`` and ``themes`` are merged line by line
instead: lines data·inclusion added are added, lines it removed are removed if still
there, lines typed by hand stay. ``type`` and the venue's name are written when the
file or the venue is created, and left to the organisers afterwards.

``imports/data-inclusion.json`` in the content folder remembers, for each structure
(by source and id), its partner, its venue and the values last imported. The
candidate files are checked like ``invoke check`` in a scratch copy before anything
is written; a file that would not pass is not written. Re-importing the same export
writes nothing.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...content_files import replace_file
from ...errors import Severity
from ...loader import load_programme
from ...vocabularies import Commune, find_commune, slugify
from ...writers.datainclusion import mapping
from ...yamlstrict import YamlProblem
from ..importer import ReportLine
from .export_reader import ExportError, read_export, validated
from .partner_file import CONTACT_ORDER, PartnerFile, new_partner_text
from .report import PartnersReport
from .values import LIST_FIELDS, canonical, cut, partner_type, proposed, same, territory

STATE_FILE = Path("imports") / "data-inclusion.json"
STATE_VERSION = 1
SCALAR_FIELDS = ["nom", "site", "description", "contact.telephone", "contact.email", "horaires"]
VENUE_FIELDS = ["adresse", "code_postal", "commune", "coordonnees", "acceslibre"]  # tracked after creation
STRUCTURE_USED = {"source", "id", "nom", "date_maj", "description", "commune", "code_postal", "code_insee", "adresse",
                  "complement_adresse", "longitude", "latitude", "telephone", "courriel", "site_web",
                  "horaires_accueil", "accessibilite_lieu", "reseaux_porteurs"}
SERVICE_USED = {"source", "structure_id", "id", "nom", "date_maj", "code_insee", "zone_eligibilite", "thematiques"}


def _name_keys(partner_id: str, name: str) -> set[str]:
    """What a partner may be called in the directory: its file name, its name, or its name's short form
    (« CATON – Cap vers l'Accès… » is « CATON » in DORA)."""
    short = re.split(r" [–—-] | \(|, ", name, maxsplit=1)[0]
    return {partner_id, slugify(name), slugify(short)}


def _venue_base(name: str, commune: Commune) -> str:
    """« La Fabrique numérique » in Palaiseau → « la-fabrique-numerique-palaiseau » (the commune once)."""
    base = slugify(name)
    if commune.slug not in base:
        base = f"{base}-{commune.slug}"
    return base[:60].strip("-")


@dataclass
class _Existing:
    id: str
    path: Path
    file: PartnerFile


def _scan(content: Path, report: PartnersReport) -> tuple[dict[str, _Existing], set[str], dict[str, str]]:
    """Partner files by id, every venue id, and unreadable files (id → message)."""
    partners: dict[str, _Existing] = {}
    venue_ids: set[str] = set()
    unreadable: dict[str, str] = {}
    folder = content / "partners"
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.name.startswith(".") or path.suffix not in (".yaml", ".yml", ".md"):
            continue
        try:
            file = PartnerFile(path.read_text(encoding="utf-8-sig").replace("\r\n", "\n"), path.suffix)
        except YamlProblem as problem:
            unreadable[path.stem] = f"ligne {problem.line} : {problem.message}"
            continue
        except UnicodeDecodeError:
            unreadable[path.stem] = "pas en UTF-8"
            continue
        partners[path.stem] = _Existing(path.stem, path, file)
        for venue in file.data.get("lieux") or []:
            if isinstance(venue, dict) and isinstance(venue.get("id"), str):
                venue_ids.add(venue["id"])
    return partners, venue_ids, unreadable


def _read_state(path: Path) -> dict[str, Any]:
    if path.is_symlink():
        raise ExportError(path, "lien symbolique, jamais suivi : remplacez-le par le fichier lui-même")
    if not path.exists():
        return {"version": STATE_VERSION, "structures": {}}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != STATE_VERSION or not isinstance(data.get("structures"), dict):
            raise ValueError("version inconnue")
        return data
    except (ValueError, AttributeError) as error:
        raise ExportError(path, f"fichier abîmé ({error}) : reprenez la version du dépôt (git checkout)") from None


def _state_text(state: dict[str, Any]) -> str:
    return json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _unique(base: str, taken: set[str], commune: Commune | None = None) -> str:
    """``base``, else ``base-<commune>`` (when given), else ``base-2``, ``base-3``…"""
    if base not in taken:
        return base
    if commune is not None and f"{base}-{commune.slug}" not in taken:
        return f"{base}-{commune.slug}"
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _show(key: str, value: Any) -> str:
    if value is None:
        return "(vide)"
    if key == "communes":
        return ", ".join(c.name if (c := find_commune(i)) else i for i in value)
    if key == "themes":
        return ", ".join(value)
    if key == "lieu.commune":
        return c.name if (c := find_commune(value)) else value
    if key == "lieu.coordonnees" and isinstance(value, dict):
        return f"{value.get('lat')}, {value.get('lon')}"
    if isinstance(value, list):
        return " ; ".join(str(v) for v in value)
    return cut(str(value).replace("\n", " "), 80)


def _label(key: str, venue_id: str | None) -> str:
    return f"{key.removeprefix('lieu.')} du lieu « {venue_id} »" if key.startswith("lieu.") else key


def _field_phrase(key: str, venue_id: str | None) -> str:
    """« champ « horaires » », « champ « adresse » du lieu « mediatheque-gif » »."""
    if key.startswith("lieu."):
        return f"champ « {key.removeprefix('lieu.')} » du lieu « {venue_id} »"
    return f"champ « {key} »"


def _merge(current: list[str] | None, last: list[str], new: list[str] | None) -> tuple[list[str], list[str], list[str]]:
    """Three-way merge of a list: (result, added, removed)."""
    current, new = list(current or []), list(new or [])
    removed = [item for item in current if item in last and item not in new]
    added = [item for item in new if item not in current and item not in last]
    result = [item for item in current if item not in removed] + added
    return result, added, removed


class _Import:
    def __init__(self, content: Path, report: PartnersReport):
        self.content, self.report = content, report
        self.state = _read_state(content / STATE_FILE)
        self.partners, self.venue_ids, self.unreadable = _scan(content, report)
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
            if wanted not in _name_keys(partner_id, str(existing.file.data.get("nom", ""))):
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
        partner_id = _unique(slugify(values["nom"])[:50].strip("-") or "partenaire", taken, commune)
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
            venue_id = _unique(_venue_base(values["lieu.nom"], commune), self.venue_ids)
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
                shown = [f"ajout : {_show(key, added)}" if added else "", f"retrait : {_show(key, removed)}"
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
            venue_id = _unique(_venue_base(values["lieu.nom"], commune), self.venue_ids)
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
            changed.append(_label(key, venue_id))
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
        self.conflicts_of.setdefault(partner_id, []).append(f"{name}: {_label(key, venue_id)}")
        self.line(partner_id, f"conflit : {name}, {_field_phrase(key, venue_id)} modifié à la main : la "
                              f"fiche garde « {_show(key, current)} » ; data·inclusion donne « {_show(key, new)} ». "
                              "Si c'est la bonne valeur, recopiez-la dans la fiche (ce conflit n'est signalé qu'une "
                              "fois)", "attention")
        return _KEEP


_KEEP = object()


def _unused(records: list[dict[str, Any]], used: set[str]) -> str:
    counts: dict[str, int] = {}
    for record in records:
        for key, value in record.items():
            if key not in used and value not in (None, "", [], {}):
                counts[key] = counts.get(key, 0) + 1
    return ", ".join(f"{key} ({count})" for key, count in sorted(counts.items()))


def import_partners(path: Path, content: Path) -> PartnersReport:
    """Import a data·inclusion export (file or folder) into the partner files of ``content``."""
    report = PartnersReport()
    try:
        export = read_export(path)
        import data_inclusion.schema.v1 as di
    except ExportError as error:
        report.unreadable = True
        report.add(str(error.path), error.message, "erreur")
        return report
    except ImportError:
        report.unreadable = True
        report.add(str(path), "le paquet data-inclusion-schema manque pour vérifier le fichier : installez-le "
                              "(.venv/bin/pip install data-inclusion-schema)", "erreur")
        return report
    structures = validated(di.Structure, export.structures, "structure", export.structures_source, report)
    services = validated(di.Service, export.services, "service", export.services_source, report)
    try:
        run = _Import(content, report)
    except ExportError as error:
        report.unreadable = True
        report.add(str(error.path), error.message, "erreur")
        return report
    by_structure: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for service in services:
        by_structure.setdefault((service["source"], service["structure_id"]), []).append(service)
    valid_keys = {(s["source"], s["id"]) for s in structures}
    refused_ids = set(report.refused)
    for service in services:
        key = (service["source"], service["structure_id"])
        if key not in valid_keys:
            why = "est refusée" if service["structure_id"] in refused_ids else "est absente du fichier"
            report.add(export.services_source, f"service « {service['id']} » ignoré : sa structure "
                                               f"« {service['structure_id']} » {why}", "attention")
    taken_structures, taken_services = [], []
    own_source = mapping()["source"]
    for record in structures:
        commune = territory(record)
        own = by_structure.get((record["source"], record["id"]), [])
        if record["source"] == own_source:
            report.add(export.structures_source, f"structure « {record['id']} » : publiée par ce site (source "
                                                 f"{own_source}), non reprise", "attention")
            continue
        if commune is None:
            where = " ".join(str(record[k]) for k in ("commune", "code_insee") if record.get(k)) or "commune inconnue"
            with_services = ", avec son service" if len(own) == 1 else (f", avec ses {len(own)} services" if own
                                                                         else "")
            report.left_out.append(record["id"])
            report.add(export.structures_source, f"structure « {record['id']} » ({record['nom']}, {where}) : hors du "
                                                 f"territoire de SUN, non reprise{with_services}", "attention")
            continue
        taken_structures.append(record)
        taken_services += own
        run.structure(record, commune, own, export.structures_source)
    _check_and_write(run, content, report)
    for source, records, used, what in ((export.structures_source, taken_structures, STRUCTURE_USED, "structures"),
                                        (export.services_source, taken_services, SERVICE_USED, "services")):
        unused = _unused(records, used)
        if unused:
            head = ("seuls leur nom (dans « offre ») et leurs thématiques (dans « themes ») sont repris ; "
                    if what == "services" else "")
            report.add(source, f"{what} : {head}non repris, faute de champ dans les fiches partenaires : {unused}")
    if not report.written:
        report.add(str(path), "rien n'a changé : aucune fiche écrite")
    return report


def _check_and_write(run: _Import, content: Path, report: PartnersReport) -> None:
    """Check the new files with the whole programme in a scratch copy, then write those that pass."""
    changed = {pid: (path, text) for pid, (path, text) in run.texts.items()
               if not path.exists() or path.read_text(encoding="utf-8-sig").replace("\r\n", "\n") != text}
    failed: set[str] = set()
    if changed:
        with tempfile.TemporaryDirectory() as scratch:
            trial = Path(scratch) / "content"
            shutil.copytree(content, trial)
            shown: dict[str, str] = {}
            for pid, (path, text) in changed.items():
                target = trial / "partners" / path.name
                target.write_text(text, encoding="utf-8")
                shown[str(target)] = pid
            _, checked = load_programme(trial)
        for problem in checked.sorted():
            pid = shown.get(problem.path)
            if pid is None:
                continue
            level = "attention"
            subject = f"{problem.field} : " if problem.field else ""
            if problem.severity is Severity.ERROR:
                failed.add(pid)
                run.line(pid, f"{changed[pid][0].name} non écrite : {subject}{problem.message}", level)
            else:
                run.line(pid, f"{changed[pid][0].name} : {subject}{problem.message}", level)
    for pid in run.texts:
        report.lines += run.lines_of.get(pid, [])
        if pid in failed:
            continue
        outcome = run.outcome[pid]
        {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}[outcome].append(pid)
        report.conflicts += run.conflicts_of.get(pid, [])
        if pid in changed:
            path, text = changed[pid]
            path.write_text(text, encoding="utf-8")
            report.written.append(f"partners/{path.name}")
        source, sid, entry = run.entries[pid]
        run.state["structures"].setdefault(source, {})[sid] = entry
    for source in list(run.state["structures"]):
        if not run.state["structures"][source]:
            del run.state["structures"][source]
        for entry in run.state["structures"].get(source, {}).values():
            if entry.get("lieu") is None:
                entry.pop("lieu", None)
    state_path = content / STATE_FILE
    text = _state_text(run.state)
    stale = not state_path.exists() or state_path.read_text(encoding="utf-8") != text
    if stale and run.state["structures"]:
        state_path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(state_path, text)
        report.written.append(STATE_FILE.as_posix())


def run_import_partners(path: str, content: str, out=sys.stdout) -> int:
    """``invoke import-partners``: the report, then a summary; 1 when the file cannot be read."""
    source = Path(path)
    if not source.exists():
        print(f"✗ {path} introuvable", file=out)
        return 1
    report = import_partners(source, Path(content))
    for line in report.lines:
        print(line.format(), file=out)
    if report.unreadable:
        print("\n✗ Import data·inclusion : fichier illisible, rien n'a été importé.", file=out)
        return 1
    print(f"\n✓ Import data·inclusion : {report.summary()}.", file=out)
    return 0
