"""A sheet's rows as candidate event files: the rows of each event gathered, venues and partners
found by id or name (or described as new), and the spreadsheets' usual mistakes told with their fix.

Every event of the sheet gives a candidate, even one with problems, so that the whole-programme
check finds the rest of its problems in the same run; the import writes nothing if any is found."""

from __future__ import annotations

from typing import Any

from ..fields import suggest
from ..model import Programme
from ..vocabularies import communes, find_commune, slugify
from ..yamlstrict import Path as YamlPath
from .candidate import Candidate
from .columns import COLUMNS, EXAMPLE_ROW_TITLE, MOMENT_WORDS, VERSION_HEADER
from .event_text import event_file_text, normalise_value
from .import_report import ImportReport, ReportLine
from .sheet_names import NameBook, find_venue, resolve, split_values
from .sheet_versions import Base, cell_digest, rows_fingerprint
from .sheets import Sheet, SheetRow

TYPE_HEADER = "Nouveau partenaire : type"
OPEN_UNTIL = "Ouvert jusqu'au"
OUTSIDE_HEADER = "Nouveau lieu : hors territoire"
_WORDS = {slugify(words): slug for slug, words in MOMENT_WORDS.items()}


def sheet_value(key: str, value: str, multiple: bool) -> Any:
    """A session's or opening's cell as the event file writes it: « après-midi » → apres-midi, « oui »
    (horaires à confirmer) → a_confirmer, « à confirmer » (jours) → a_confirmer; what cannot be read is
    kept as typed, for the checks to report."""
    if key == "moment":
        return _WORDS.get(slugify(value), value)
    if key == "horaires":
        return {"oui": "a_confirmer", "non": "non"}.get(value.lower(), value)
    if key == "jours" and slugify(value) == "a-confirmer":
        return "a_confirmer"
    if multiple:
        return [normalise_value("date" if key == "sauf" else key, v) for v in split_values(value)]
    return normalise_value("date" if key == "au" else key, value)
_SKIPPED = ("id", "commune", "version", "lieu", "organisateurs")


def _precheck(column: str, value: str) -> str | None:
    """Mistakes that spreadsheets make, told with their fix before the general checks run."""
    if column in ("Date", "Date de fin"):
        parts = value.split("/")
        if len(parts) == 3 and len(parts[2]) == 2:
            return f"date « {value} » : écrivez l'année en entier ({parts[0]}/{parts[1]}/20{parts[2]})"
    if "téléphone" in column.lower() and value.isdigit() and len(value) == 9 and not value.startswith("0"):
        return (f"numéro « {value} » : le 0 du début a disparu (le tableur l'a pris pour un nombre) ; "
                f"écrivez 0{value[0]} {value[1:3]} {value[3:5]} {value[5:7]} {value[7:9]}, et formatez la colonne "
                "en « Texte »")
    return None


class _Event:
    """One event of the sheet being read: its rows, its fields, what it adds, what is told already."""

    def __init__(self, sheet: Sheet, rows: list[SheetRow], programme: Programme | None, report: ImportReport,
                 book: NameBook, new_partners: dict[str, tuple[str, str, int]]) -> None:
        self.sheet, self.rows, self.report, self.book = sheet, rows, report, book
        self.venues = programme.venues if programme else {}
        self.partners = programme.partners if programme else {}
        self.new_partners = new_partners  # id → (name, type, row) for the whole sheet
        self.data: dict[str, Any] = {}
        self.rows_of: dict[YamlPath, int] = {(): rows[0].number}
        self.told: set[str] = set()
        self.candidate_partners: dict[str, dict[str, Any]] = {}
        self.candidate_venues: list[tuple[str, dict[str, Any]]] = []
        self.partner_rows: dict[str, int] = {}
        self.venue_rows: dict[str, int] = {}
        self.base = Base.from_cell(self.first(VERSION_HEADER)[0])  # the exported event, when exported

    def tell(self, row: int, column: str, message: str, level: str = "erreur", field: str = "") -> None:
        self.report.lines.append(ReportLine(self.sheet.source, row, column, message, level))
        if field:
            self.told.add(field)

    def first(self, header: str) -> tuple[str, int]:
        """The first value of a column among the event's rows, and its row."""
        return next(((r.cells.get(header, "").strip(), r.number) for r in self.rows
                     if r.cells.get(header, "").strip()), ("", self.rows[0].number))

    def one_value(self, header: str) -> tuple[str, int]:
        """An event's column: one value for all its rows. In an exported sheet, a value changed on some rows
        while the others keep the exported one is the edit; two different values are told."""
        given = [(row.number, value) for row in self.rows if (value := row.cells.get(header, "").strip())]
        if not given:
            return "", self.rows[0].number
        exported = self.base.fields.get(header) if self.base else None
        edited = [(n, v) for n, v in given if cell_digest(v) != exported] if exported else given
        pool = edited or given[:1]
        chosen_row, chosen = pool[0]
        for number, value in pool[1:]:
            if value != chosen:
                self.tell(number, header, f"« {value} » diffère de la ligne {chosen_row} (« {chosen} ») pour le "
                                          "même événement : une seule valeur par événement")
        return chosen, chosen_row

    def read_fields(self) -> None:
        for column in COLUMNS:
            if column.key in _SKIPPED or column.key.startswith(("seance.", "ouverture.", "nouveau_")):
                continue
            chosen, row = self.one_value(column.header)
            if not chosen:
                continue
            key, _, sub = column.key.partition(".")
            fix = _precheck(column.header, chosen)
            if fix:
                self.tell(row, column.header, fix, field=key)
                continue
            value: Any = split_values(chosen) if column.multiple else normalise_value(sub or key, chosen)
            if sub:
                self.data.setdefault(key, {})[sub] = value
                self.rows_of[(key, sub)] = row
            else:
                self.data[key] = value
                self.rows_of[(key,)] = row

    def read_organisers(self) -> None:
        text, row = self.one_value("Organisateurs")
        if not text:
            return
        known_names = [p.name for p in self.partners.values()] + [n for n, _t, _r in self.new_partners.values()]
        names = split_values(text, known_names)
        types_text, type_row = self.first(TYPE_HEADER)
        types = split_values(types_text)
        new = [n for n in names if resolve(n, self.partners, lambda p: p.name) not in self.partners]
        typed = dict(zip(new, types, strict=False)) if len(types) == len(new) else {}
        if new and types and not typed:
            listed = " ; ".join(f"« {n} »" for n in new)
            self.tell(type_row, TYPE_HEADER, f"{len(types)} type(s) pour {len(new)} nouvel(s) organisateur(s) "
                                             f"({listed}) : donnez un type par nouvel organisateur, dans le même "
                                             "ordre, séparés par « ; » (par exemple « association ; commune »)")
        elif types and not new:
            self.tell(type_row, TYPE_HEADER, "tous les organisateurs sont déjà connus : ce type n'est pas utilisé",
                      "attention")
        ids = []
        for name in names:
            ids.append(self.organiser(name, typed.get(name, ""), row, type_row, bool(types) and not typed))
        self.data["organisateurs"] = ids
        self.rows_of[("organisateurs",)] = row

    def organiser(self, name: str, partner_type: str, row: int, type_row: int, type_told: bool) -> str:
        """A known partner (by id or name), or a new one with its own type."""
        found = resolve(name, self.partners, lambda p: p.name)
        if found in self.partners:
            return found
        partner_id = slugify(name)[:50].strip("-")
        earlier = self.new_partners.get(partner_id)
        if earlier is not None:
            if partner_type and partner_type != earlier[1]:
                self.tell(type_row, TYPE_HEADER, f"« {name} » : type « {partner_type} » ici, « {earlier[1]} » à la "
                                                 f"ligne {earlier[2]} : un seul type par partenaire")
            return partner_id
        if not partner_type:
            if not type_told:
                hint = (suggest(name, [p.name for p in self.partners.values()])
                        or suggest(slugify(name), list(self.partners)))
                self.tell(row, "Organisateurs", f"partenaire « {name} » inconnu{hint} : choisissez un partenaire de "
                                                "l'onglet Aide, ou donnez son type dans la colonne « Nouveau "
                                                "partenaire : type » pour créer sa fiche", field="organisateurs")
            self.told.add("organisateurs")
            return partner_id
        warning = self.book.look_alike("partenaire", name, row, [(p.id, p.name) for p in self.partners.values()])
        if warning:
            self.tell(row, "Organisateurs", warning, "attention")
        self.new_partners[partner_id] = (name, partner_type, type_row)
        self.candidate_partners[partner_id] = {"nom": name, "type": partner_type}
        self.partner_rows[partner_id] = type_row
        return partner_id

    def read_venue(self) -> None:
        commune_text, commune_row = self.first("Commune")
        commune = find_commune(commune_text) if commune_text else None
        venue_text, venue_row = self.one_value("Lieu")
        new_name, new_row = self.first("Nouveau lieu : nom")
        outside = slugify(self.first(OUTSIDE_HEADER)[0]) == "oui"
        if commune_text and commune is None and not outside and not self.outside_venue(venue_text, commune_text):
            hint = suggest(commune_text, [c.name for c in communes()]) or " (elle n'est pas dans le territoire de SUN)"
            self.tell(commune_row, "Commune", f"commune « {commune_text} » inconnue{hint} ; pour un nouveau lieu hors "
                                              f"du territoire, écrivez oui dans la colonne « {OUTSIDE_HEADER} », avec "
                                              "son code postal (ou son département dans la colonne « Nouveau lieu : "
                                              "département »)", field="lieu")
        if venue_text:
            match = find_venue(venue_text, self.venues, commune)
            if match.venue_id is None:
                self.tell(venue_row, "Lieu", match.problem, field="lieu")
                return
            venue = self.venues[match.venue_id]
            if commune is not None and venue.commune.insee != commune.insee:
                self.tell(commune_row, "Commune", f"le lieu « {venue.name} » est {venue.commune.at}, pas "
                                                  f"{commune.at}", field="lieu")
            self.data["lieu"] = match.venue_id
            self.rows_of[("lieu",)] = venue_row
        elif new_name:
            self.new_venue(new_name, new_row, commune, commune_text, outside)

    def outside_venue(self, venue_text: str, commune_text: str) -> bool:
        """Whether the « Lieu » column names a known venue outside the territory, in that commune."""
        match = find_venue(venue_text, self.venues, None) if venue_text else None
        return bool(match and match.venue_id
                    and slugify(self.venues[match.venue_id].commune.name) == slugify(commune_text))

    def new_venue(self, name: str, row: int, commune, commune_text: str, outside: bool) -> None:
        """A venue described in the « Nouveau lieu » columns, added to the first organiser's file."""
        if commune is None and not (outside and commune_text):
            if not commune_text:
                self.tell(row, "Commune", "indiquez la commune du nouveau lieu", field="lieu")
            return
        same = find_venue(name, self.venues, commune)
        if (same.venue_id is not None and slugify(self.venues[same.venue_id].name) == slugify(name)
                and slugify(self.venues[same.venue_id].commune.name) == slugify(commune_text)):
            self.data["lieu"] = same.venue_id  # already known: the address is typed once
            self.rows_of[("lieu",)] = row
            return
        venue_id = slugify(f"{name} {commune.name if commune else commune_text}")[:60].strip("-")
        self.data["lieu"] = venue_id
        self.rows_of[("lieu",)] = row
        if venue_id in self.venues or venue_id in self.book.venue_ids:
            return  # described again by another row or an earlier import: the address is typed once
        organisers = self.data.get("organisateurs") or []
        if not organisers:
            self.tell(row, "Organisateurs", "un nouveau lieu s'ajoute à la fiche de son organisateur : indiquez-le",
                      field="lieu")
            return
        warning = self.book.look_alike("lieu", name, row, [(v.id, v.name) for v in self.venues.values()
                                                          if slugify(v.commune.name) == slugify(commune_text)])
        if warning:
            self.tell(row, "Nouveau lieu : nom", warning, "attention")
        venue = {"id": venue_id, "nom": name, "adresse": self.first("Nouveau lieu : adresse")[0],
                 "code_postal": self.first("Nouveau lieu : code postal")[0], "commune": commune_text,
                 "acces": self.first("Nouveau lieu : accès")[0], "hors_territoire": "oui" if outside else "",
                 "departement": self.first("Nouveau lieu : département")[0]}
        self.candidate_venues.append((organisers[0], {k: v for k, v in venue.items() if v}))
        self.venue_rows[venue_id] = row
        self.book.venue_ids.add(venue_id)

    def read_sessions(self) -> None:
        """One session a row; or, when a row says « Ouvert jusqu'au », one opening-hours period a row."""
        opening = any(r.cells.get(OPEN_UNTIL, "").strip() for r in self.rows)
        field = "ouverture" if opening else "seances"
        sessions = []
        for index, row in enumerate(self.rows):
            if opening and not row.cells.get(OPEN_UNTIL, "").strip():
                self.tell(row.number, OPEN_UNTIL, "une autre ligne de cet événement est une période d'ouverture : "
                                                  "remplissez « Ouvert jusqu'au » sur chaque ligne, ou faites de "
                                                  "cette séance un autre événement", field=field)
            session: dict[str, Any] = {}
            for column in COLUMNS:
                value = row.cells.get(column.header, "").strip()
                if not column.key.startswith(("seance.", "ouverture.")) or not value:
                    continue
                key = column.key.partition(".")[2]
                fix = _precheck(column.header, value)
                if fix:
                    self.tell(row.number, column.header, fix)
                    continue
                key = "du" if opening and key == "date" else key
                session[key] = sheet_value(key, value, column.multiple)
                self.rows_of[(field, index, key)] = row.number
            if session.get("horaires") == "non":
                del session["horaires"]
            self.rows_of[(field, index)] = row.number
            sessions.append(session)
        self.data[field] = sessions
        self.rows_of[(field,)] = self.rows[0].number


def sheet_candidates(sheet: Sheet, programme: Programme | None, report: ImportReport) -> list[Candidate]:
    """The candidate event files of a sheet, one per event, with the problems found here told."""
    groups: dict[str, list[SheetRow]] = {}
    for row in sheet.rows:
        if row.empty:
            continue
        if row.cells.get("Titre", "").strip() == EXAMPLE_ROW_TITLE:
            report.lines.append(ReportLine(sheet.source, row.number, "Titre", "ligne d'exemple du modèle : "
                                                                              "remplacez-la par votre événement, ou "
                                                                              "supprimez-la"))
            continue
        event_id = row.cells.get("Identifiant", "").strip() or slugify(row.cells.get("Titre", ""))[:60].strip("-")
        if not event_id:
            report.lines.append(ReportLine(
                sheet.source, row.number, "Identifiant",
                "ni identifiant ni titre : impossible de savoir de quel événement il s'agit"))
            continue
        groups.setdefault(event_id, []).append(row)
    book, new_partners = NameBook(), {}
    candidates = []
    for event_id, rows in groups.items():
        event = _Event(sheet, rows, programme, report, book, new_partners)
        event.read_fields()
        event.read_organisers()
        event.read_venue()
        event.read_sessions()
        candidates.append(Candidate(
            event_id, sheet.source, event_file_text(event.data), event.rows_of, rows[0].number,
            event.candidate_partners, event.candidate_venues, event.data, rows_fingerprint([r.cells for r in rows]),
            event.base, event.told, event.partner_rows, event.venue_rows))
    return candidates
