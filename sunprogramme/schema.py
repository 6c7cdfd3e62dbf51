"""The fields of each kind of content file: events, partners (with their venues), edition."""

from __future__ import annotations

from .fields import Field, Record

CONTACT = Record("contact", (
    Field("nom", "name", "text", "Nom de la personne ou du service", max_length=120),
    Field("telephone", "phone", "phone", "Téléphone", example="01 99 00 12 34", aliases=("tel", "phone")),
    Field("email", "email", "email", "Adresse e-mail", example="contact@example.org", aliases=("mail", "courriel")),
))

MOMENT = Field("moment", "moment", "vocab", "Moment de la journée, quand les heures ne sont pas publiées "
               "(au lieu de debut et fin)", vocabulary="moments", example="apres-midi",
               aliases=("moment_de_la_journee", "periode"))
TO_CONFIRM = Field("horaires", "times", "vocab", "« a_confirmer » quand les heures ne sont pas encore connues "
                   "(seul, ou avec moment)", vocabulary="horaires", example="a_confirmer")

SESSION = Record("séance", (
    Field("date", "date", "date", "Jour de la séance", required=True, example="2026-10-13", aliases=("jour",)),
    Field("debut", "start", "time", "Heure de début (sauf avec moment ou horaires)", example="14:00",
          aliases=("start", "heure_debut", "début")),
    Field("fin", "end", "time", "Heure de fin (sauf avec moment ou horaires ; absente si seul le début est "
          "publié : « à partir de 15 h »)", example="16:00", aliases=("end", "heure_fin")),
    Field("date_fin", "end_date", "date", "Jour de fin, si la séance finit un autre jour",
          aliases=("jusqu_au",)),
    MOMENT,
    TO_CONFIRM,
    Field("statut", "status", "vocab", "Statut de cette séance seulement", vocabulary="statuts"),
    Field("note", "note", "text", "Précision sur cette séance", max_length=200),
))

OPENING = Record("ouverture", (
    Field("du", "first_day", "date", "Premier jour d'ouverture", required=True, example="2026-10-10",
          aliases=("debut_periode", "a_partir_du")),
    Field("au", "last_day", "date", "Dernier jour d'ouverture", required=True, example="2026-10-24",
          aliases=("fin_periode", "jusqu_au")),
    Field("jours", "weekdays", "list", "Jours de la semaine où c'est ouvert (absent : tous les jours ; "
          "a_confirmer : jours non précisés par la source)",
          item=Field("jour", "weekday", "vocab", "Jour", vocabulary="jours"), aliases=("jours_ouverts",),
          or_words=("a_confirmer",)),
    Field("debut", "start", "time", "Heure d'ouverture (sauf avec moment ou horaires)", example="14:00",
          aliases=("start", "heure_ouverture", "début")),
    Field("fin", "end", "time", "Heure de fermeture (sauf avec moment ou horaires)", example="18:00",
          aliases=("end", "heure_fermeture", "fermeture")),
    MOMENT,
    TO_CONFIRM,
    Field("sauf", "except_days", "list", "Jours fermés entre le premier et le dernier jour",
          item=Field("jour", "day", "date", "Jour fermé"), aliases=("ferme", "sauf_le", "jours_fermes")),
))

REGISTRATION = Record("inscription", (
    Field("obligatoire", "required", "bool", "Inscription obligatoire (oui ou non)", required=True,
          example="oui"),
    Field("telephone", "phone", "phone", "Téléphone pour s'inscrire", example="01 99 00 12 34",
          aliases=("tel", "phone")),
    Field("email", "email", "email", "E-mail pour s'inscrire", aliases=("mail", "courriel")),
    Field("lien", "url", "url", "Lien du formulaire d'inscription", aliases=("url", "site")),
    Field("places", "capacity", "int", "Nombre de places", minimum=1, maximum=100000),
    Field("precisions", "details", "text", "Précisions (horaires d'appel…)", max_length=300),
    Field("modalites", "arrangements", "text", "Où ou auprès de qui s'inscrire, en mots, quand la source ne donne "
          "ni téléphone, ni e-mail, ni lien : « en mairie », « auprès du CCAS »", max_length=200,
          example="en mairie", aliases=("aupres_de", "comment", "ou")),
))

IMAGE = Record("image", (
    Field("fichier", "path", "path", "Fichier image dans content/ (par exemple images/atelier.jpg)",
          required=True, aliases=("file", "src")),
    Field("alt", "alt", "text", "Texte alternatif : ce que montre l'image, pour qui ne la voit pas",
          required=True, max_length=250),
    Field("credit", "credit", "text", "Crédit photo", max_length=120),
))

COORDINATES = Record("coordonnées", (
    Field("lat", "lat", "float", "Latitude", required=True, minimum=-90, maximum=90, example=48.7306),
    Field("lon", "lon", "float", "Longitude", required=True, minimum=-180, maximum=180, example=2.2711),
))


def _session_shorthand() -> tuple[Field, ...]:
    _date, start, end, end_date = SESSION.fields[:4]
    return (
        Field("date", "date", "date", "Jour (pour une seule séance)", example="2026-10-13", aliases=("jour",)),
        Field("debut", "start", "time", "Heure de début (pour une seule séance)", example="14:00",
              aliases=start.aliases),
        Field("fin", "end", "time", "Heure de fin (pour une seule séance ; absente si seul le début est publié)",
              example="16:00",
              aliases=end.aliases),
        Field("date_fin", "end_date", "date", "Jour de fin, si la séance finit un autre jour",
              aliases=end_date.aliases),
        MOMENT,
        TO_CONFIRM,
    )


EVENT = Record("événement", (
    Field("titre", "title", "text", "Titre court et clair", required=True, max_length=120,
          aliases=("title", "nom")),
    Field("resume", "summary", "text", "Résumé en une ou deux phrases", required=True, max_length=300,
          aliases=("summary", "résumé", "chapo")),
    Field("description", "description", "markdown",
          "Description complète (Markdown) ; dans un fichier .md, c'est le texte après les champs"),
    Field("en_bref", "easy_read", "markdown", "« En bref » : texte facile à lire et à comprendre (FALC)",
          aliases=("falc", "facile_a_lire")),
    *_session_shorthand(),
    Field("seances", "sessions", "list", "Séances (une par date)",
          item=Field("seance", "session", "record", "Séance", record=SESSION),
          aliases=("sessions", "séances", "dates")),
    Field("ouverture", "openings", "list", "Horaires d'ouverture (une exposition) : une séance par jour ouvert",
          item=Field("periode", "opening", "record", "Période d'ouverture", record=OPENING),
          aliases=("ouvertures", "horaires_ouverture", "heures_ouverture")),
    Field("lieu", "venue", "ref", "Identifiant du lieu (déclaré dans un fichier partenaire)",
          aliases=("venue", "adresse", "salle")),
    Field("en_ligne", "online_url", "url", "Lien pour participer en ligne", aliases=("online", "lien_visio")),
    Field("organisateurs", "organisers", "list", "Identifiants des partenaires organisateurs", required=True,
          item=Field("organisateur", "organiser", "ref", "Partenaire"),
          aliases=("organisateur", "organizers", "organiser", "partenaires")),
    Field("themes", "themes", "list", "Thèmes", required=True,
          item=Field("theme", "theme", "vocab", "Thème", vocabulary="themes"), aliases=("theme", "thèmes")),
    Field("publics", "audiences", "list", "Publics visés",
          item=Field("public", "audience", "vocab", "Public", vocabulary="publics"),
          default=lambda: ["tout-public"], aliases=("public", "audience")),
    Field("format", "format", "vocab", "Format", required=True, vocabulary="formats", aliases=("type",)),
    Field("niveau", "level", "vocab", "Niveau attendu", vocabulary="niveaux", default="aucune-connaissance",
          aliases=("level",)),
    Field("inscription", "registration", "record", "Inscription (absente : sans inscription)",
          record=REGISTRATION, aliases=("registration", "reservation")),
    Field("tarif", "price", "text", "Tarif, s'il n'est pas gratuit (absent : gratuit)", max_length=120,
          aliases=("prix", "price")),
    Field("accessibilite", "accessibility", "list", "Aménagements d'accessibilité de l'événement",
          item=Field("amenagement", "feature", "vocab", "Aménagement", vocabulary="accessibilite"),
          aliases=("accessibility", "accessibilité")),
    Field("a_apporter", "bring", "list", "Ce qu'il faut apporter",
          item=Field("objet", "item", "text", "Objet", max_length=200), aliases=("apporter", "à_apporter")),
    Field("image", "image", "record", "Image et son texte alternatif", record=IMAGE),
    Field("statut", "status", "vocab", "Statut", vocabulary="statuts", default="confirme",
          aliases=("status", "etat")),
    Field("contact", "contact", "record", "Contact public", record=CONTACT),
))

VENUE = Record("lieu", (
    Field("id", "id", "id", "Identifiant du lieu, repris dans le champ « lieu » des événements",
          required=True, example="mediatheque-massy"),
    Field("nom", "name", "text", "Nom du lieu", required=True, max_length=120, aliases=("name",)),
    Field("adresse", "address", "text", "Numéro et rue, ou a_confirmer s'il n'est pas encore connu", required=True,
          max_length=200,
          aliases=("address", "rue")),
    Field("code_postal", "postcode", "postcode", "Code postal (absent : celui de la commune, quand elle n'en a "
          "qu'un ; hors du territoire, departement suffit)", example="91300", aliases=("cp", "postcode")),
    Field("commune", "commune", "place", "Commune du territoire (ou toute commune, avec hors_territoire: oui)",
          required=True, example="Massy", aliases=("ville", "city")),
    Field("departement", "departement", "text", "Département d'un lieu hors du territoire dont le code postal "
          "n'est pas publié : son numéro ou son nom (« 42 » ou « Loire »)", max_length=40, example="42",
          aliases=("dept", "département")),
    Field("hors_territoire", "outside", "bool", "oui : lieu hors du territoire de l'édition (ses événements sont "
          "dans « Ailleurs et en ligne »)", aliases=("hors_territoire_sun", "exterieur")),
    Field("coordonnees", "coordinates", "record", "Coordonnées GPS", record=COORDINATES,
          aliases=("gps", "coordonnées", "geo")),
    Field("acces", "access", "text", "Comment venir (bus, RER, entrée)", max_length=600,
          aliases=("transports", "acces_transports", "accès")),
    Field("stationnement", "parking", "text", "Stationnement", max_length=300, aliases=("parking",)),
    Field("plain_pied", "step_free", "bool", "Entrée de plain-pied ou avec rampe (oui ou non)",
          aliases=("pmr", "accessible")),
    Field("accessibilite", "accessibility", "list", "Équipements d'accessibilité du lieu",
          item=Field("amenagement", "feature", "vocab", "Aménagement", vocabulary="accessibilite")),
    Field("acceslibre", "acceslibre_url", "url", "Fiche du lieu sur acceslibre.beta.gouv.fr"),
))

PARTNER = Record("partenaire", (
    Field("nom", "name", "text", "Nom du partenaire", required=True, max_length=120, aliases=("name",)),
    Field("type", "kind", "vocab", "Type de structure", required=True, vocabulary="types_partenaires",
          aliases=("kind", "categorie")),
    Field("site", "website", "url", "Site web", aliases=("website", "url", "site_web")),
    Field("logo", "logo", "path", "Logo (fichier dans content/, par exemple logos/caton.png)"),
    Field("description", "description", "markdown",
          "Présentation (Markdown) ; dans un fichier .md, c'est le texte après les champs"),
    Field("contact", "contact", "record", "Contact public", record=CONTACT),
    Field("communes", "communes", "list", "Communes où il intervient",
          item=Field("commune", "commune", "commune", "Commune")),
    Field("offre", "offer", "list", "Ce qu'il propose toute l'année",
          item=Field("service", "service", "text", "Service", max_length=300), aliases=("services",)),
    Field("themes", "themes", "list", "Thèmes de ce qu'il propose toute l'année",
          item=Field("theme", "theme", "vocab", "Thème", vocabulary="themes"), aliases=("thematiques", "thèmes")),
    Field("horaires", "opening_hours", "text", "Horaires d'accueil du public", max_length=300),
    Field("lieux", "venues", "list", "Lieux où se passent les événements (adresse écrite une fois)",
          item=Field("lieu", "venue", "record", "Lieu", record=VENUE), aliases=("venues", "lieu")),
))

EDITION = Record("édition", (
    Field("nom", "name", "text", "Nom de l'édition", required=True, max_length=40, example="SUN 2026"),
    Field("titre", "title", "text", "Titre complet", required=True, max_length=120,
          example="Semaines des Usages Numériques 2026"),
    Field("debut", "first_day", "date", "Premier jour", required=True, example="2026-10-10"),
    Field("fin", "last_day", "date", "Dernier jour", required=True, example="2026-10-24"),
    Field("presentation", "intro", "markdown", "Présentation du festival (Markdown)"),
    Field("contact", "contact", "record", "Contact de la coordination", record=CONTACT),
    Field("editeur", "publisher", "text", "Qui publie le site : structure et adresse (mentions légales)",
          max_length=300),
    Field("responsable_publication", "publication_manager", "text", "Directeur ou directrice de la publication",
          max_length=120),
    Field("hebergement", "host", "text", "Hébergeur du site : nom et adresse (mentions légales)", max_length=300),
    Field("territoire", "territory", "list", "Territoire : codes INSEE des communes ou SIREN des intercommunalités "
          "(absent : les 41 communes de sunprogramme/data/communes.csv)",
          item=Field("code", "code", "text", "Code INSEE ou SIREN", max_length=9), example=["200056232", "249100074"]),
))
