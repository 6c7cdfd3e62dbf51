"""The spreadsheet's columns: one row per session, the rows of one event share its identifier.

Each column names the event-file field it fills, so that the template, the import
and the export agree, and the explanations sheet is written from the same list.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    header: str  # as shown in the sheet (French)
    key: str  # field key in the event file; « seance.x » for a session's field
    help: str
    vocabulary: str | None = None  # allowed values (a drop-down list where the format allows)
    multiple: bool = False  # several values separated by « ; »
    width: int = 18
    choices: tuple[str, ...] = ()  # allowed values in the sheet's own words (a drop-down list), when not a vocabulary


MOMENT_WORDS = {"matin": "matin", "apres-midi": "après-midi", "soiree": "soirée", "journee": "toute la journée"}


COLUMNS: tuple[Column, ...] = (
    Column("Identifiant", "id", "Identifiant de l'événement (lettres sans accent, chiffres, tirets). Les lignes d'un "
           "même événement (une par séance) ont le même identifiant. Vide : il est fait à partir du titre.", width=26),
    Column("Titre", "titre", "Titre court et clair.", width=36),
    Column("Date", "seance.date", "Jour de la séance : 13/10/2026 (ou 2026-10-13).", width=12),
    Column("Début", "seance.debut", "Heure de début : 14:00 ou 14h. N'inventez pas d'heure : si elles ne sont pas "
           "publiées, laissez Début et Fin vides et remplissez « Moment (si pas d'heures) » ou « Horaires à "
           "confirmer ».", width=8),
    Column("Fin", "seance.fin", "Heure de fin : 16:00 ou 16h. Vide si seul le début est publié (« à partir de "
           "15 h »).", width=8),
    Column("Date de fin", "seance.date_fin", "Seulement si la séance finit un autre jour.", width=12),
    Column("Moment (si pas d'heures)", "seance.moment", "Quand la source ne donne pas d'heures, seulement un moment "
           "de la journée (Début et Fin vides).", width=14, choices=tuple(MOMENT_WORDS.values())),
    Column("Horaires à confirmer", "seance.horaires", "oui quand les heures ne sont pas encore connues (Début et Fin "
           "vides ; avec ou sans moment).", width=10, choices=("oui", "non")),
    Column("Ouvert jusqu'au", "ouverture.au", "Exposition ou lieu ouvert sur une période : la ligne dit des horaires "
           "d'ouverture, de la Date jusqu'à ce jour (13/10/2026), aux heures Début et Fin (ou Moment, Horaires à "
           "confirmer). Toutes les lignes de l'événement sont alors des périodes.", width=12),
    Column("Jours d'ouverture", "ouverture.jours", "Jours ouverts de la période, séparés par « ; » (mardi ; "
           "mercredi) ; vide : tous les jours ; « à confirmer » si la source ne les donne pas.", multiple=True,
           width=18),
    Column("Fermé le", "ouverture.sauf", "Jours fermés de la période, séparés par « ; » (16/10/2026).",
           multiple=True, width=14),
    Column("Statut de la séance", "seance.statut", "Seulement si cette séance diffère des autres.",
           vocabulary="statuts", width=14),
    Column("Note de la séance", "seance.note", "Précision sur cette séance (thème du jour…).", width=24),
    Column("Résumé", "resume", "Une ou deux phrases.", width=40),
    Column("Description", "description", "Texte complet (facultatif).", width=40),
    Column("En bref (facile à lire)", "en_bref", "Texte facile à lire et à comprendre (facultatif).", width=30),
    Column("Lieu", "lieu", "Identifiant ou nom d'un lieu connu (voir l'onglet Aide).", width=26),
    Column("Commune", "commune", "Commune du lieu : vérifiée avec le lieu choisi, ou commune du nouveau lieu.",
           width=18),
    Column("Nouveau lieu : nom", "nouveau_lieu.nom", "Seulement si le lieu n'est pas dans la liste (colonne Lieu "
           "vide) : son nom. Il est ajouté au fichier du premier organisateur.", width=26),
    Column("Nouveau lieu : adresse", "nouveau_lieu.adresse", "Numéro et rue du nouveau lieu.", width=26),
    Column("Nouveau lieu : code postal", "nouveau_lieu.code_postal", "Code postal du nouveau lieu (91300…).",
           width=12),
    Column("Nouveau lieu : accès", "nouveau_lieu.acces", "Comment venir : bus, RER, entrée (facultatif).", width=26),
    Column("Nouveau lieu : hors territoire", "nouveau_lieu.hors_territoire", "oui pour un nouveau lieu hors du "
           "territoire de SUN (une commune qui n'est pas dans la liste) : ses événements sont dans « Ailleurs et en "
           "ligne ». Donnez son code postal, ou à défaut son département.", width=12, choices=("oui", "non")),
    Column("Nouveau lieu : département", "nouveau_lieu.departement", "Seulement pour un lieu hors du territoire "
           "dont le code postal n'est pas publié : son département (42 ou Loire).", width=14),
    Column("Lien en ligne", "en_ligne", "Pour un événement en ligne : le lien pour participer.", width=24),
    Column("Organisateurs", "organisateurs", "Identifiants ou noms des partenaires, séparés par « ; » ou par un "
           "retour à la ligne. Un partenaire connu dont le nom contient « ; » est reconnu en entier ; un nouveau nom "
           "qui en contient se met entre guillemets (\"Lire ; écrire\").", multiple=True, width=26),
    Column("Nouveau partenaire : type", "nouveau_partenaire.type", "Seulement si des organisateurs ne sont pas dans "
           "la liste : le type de chacun (association, commune, mediatheque…), dans l'ordre où ils sont écrits, "
           "séparés par « ; ». Leur fiche est créée avec leur nom.", vocabulary="types_partenaires", multiple=True,
           width=18),
    Column("Thèmes", "themes", "Un ou plusieurs thèmes, séparés par « ; ».", vocabulary="themes", multiple=True,
           width=22),
    Column("Publics", "publics", "Publics visés, séparés par « ; » (vide : tout public).", vocabulary="publics",
           multiple=True, width=20),
    Column("Format", "format", "Atelier, conférence, permanence…", vocabulary="formats", width=16),
    Column("Niveau", "niveau", "Vide : aucune connaissance requise.", vocabulary="niveaux", width=18),
    Column("Inscription obligatoire", "inscription.obligatoire", "oui ou non (vide : sans inscription).", width=12),
    Column("Téléphone d'inscription", "inscription.telephone", "10 chiffres : 01 99 00 12 34. Dans Excel, "
           "formatez la colonne en « Texte » pour garder le 0.", width=16),
    Column("E-mail d'inscription", "inscription.email", "Adresse e-mail pour s'inscrire.", width=24),
    Column("Lien d'inscription", "inscription.lien", "Formulaire en ligne (https://…).", width=24),
    Column("Places", "inscription.places", "Nombre de places.", width=8),
    Column("Précisions d'inscription", "inscription.precisions", "Horaires d'appel…", width=24),
    Column("Modalités d'inscription", "inscription.modalites", "Où s'inscrire quand la source ne donne ni "
           "téléphone, ni e-mail, ni lien : « en mairie », « auprès du CCAS ».", width=24),
    Column("Tarif", "tarif", "Vide : gratuit.", width=10),
    Column("Accessibilité", "accessibilite", "Aménagements, séparés par « ; ».", vocabulary="accessibilite",
           multiple=True, width=24),
    Column("À apporter", "a_apporter", "Objets à apporter, séparés par « ; ».", multiple=True, width=24),
    Column("Statut", "statut", "Vide : confirmé.", vocabulary="statuts", width=12),
    Column("Contact (nom)", "contact.nom", "Contact public (facultatif).", width=18),
    Column("Contact (téléphone)", "contact.telephone", "Téléphone public (facultatif).", width=16),
    Column("Contact (e-mail)", "contact.email", "E-mail public (facultatif).", width=22),
    Column("Version (ne pas modifier)", "version", "Remplie par « invoke export-sheet » : dit à l'import si le "
           "fichier de l'événement a été modifié à la main depuis l'export. Laissez-la telle quelle ; vide pour un "
           "nouvel événement.", width=16),
)

HEADERS = [c.header for c in COLUMNS]
VERSION_HEADER = "Version (ne pas modifier)"
EXAMPLE_ROW_TITLE = "Exemple : premiers pas avec son smartphone (ligne à remplacer)"
BY_HEADER = {c.header: c for c in COLUMNS}
BY_KEY = {c.key: c for c in COLUMNS}
SHEET_NAME = "Programme"
HELP_SHEET_NAME = "Aide"
