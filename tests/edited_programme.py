"""The tiny programme as a sequence of edits leaves it (content, settings, theme), and the edits hypothesis draws."""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass, field

from hypothesis import strategies as st
from PIL import Image

from conftest import ROOT
from tiny_programme import IMAGES, PROGRAMME, Raw, render

STATUSES = ["annule", "reporte", "complet", "confirme", "en-ligne"]
TITLES = ["Premiers pas avec son smartphone", "Atelier numérique : débutants", "Les arnaques en ligne"]
TIMES = ["09:30", "10:00", "15:00"]
VENUE_IDS = ["mediatheque-massy", "caton", "salle-des-fetes", "mediatheque-cocteau", "maison-des-associations-ulis"]
# Posters are off unless a step turns them on: drawing them is most of a cold build's time.
DEFAULT_SETTINGS = {"PROGRAMME_POSTERS": "False"}
PARTNER_IDS = ["mediatheque-cocteau", "maison-des-associations-ulis", "salle-des-fetes", "caton", "mediatheque-massy"]
SETTINGS = [("PROGRAMME_POSTERS", "True"), ("PROGRAMME_PUBLIC_URL", '"https://autre.example.org"'),
            ("PROGRAMME_SEARCH_LOT_PAGES", "2"), ("SITENAME", '"SUN — autre nom"')]
# (theme file, text, replacement): applied, then undone when drawn again
TEMPLATE_EDITS = [
    ("templates/base.html", "Tous les événements sont gratuits, sauf mention contraire.",
     "Tous les événements sont gratuits."),
    ("templates/_macros.html", "<p>{{ event.summary }}</p>", '<p class="sun-event__summary">{{ event.summary }}</p>'),
    ("static/css/sun.css", "", "\n/* édité */\n"),  # appended
    ("static/vendor/leaflet/images/marker-icon.png", None, None),  # other pixels
]
THEME = ROOT / "theme"


def _png_like(original: bytes, colour: int) -> bytes:
    """An image of the same size and kind as ``original``, of one other colour."""
    with Image.open(io.BytesIO(original)) as image:
        size, mode = image.size, image.mode
    buffer = io.BytesIO()
    Image.new("RGBA" if mode in ("RGBA", "LA", "P") else "RGB", size,
              ((colour * 67) % 256, (colour * 131) % 256, 200)).save(buffer, "PNG")
    return buffer.getvalue()


@dataclass
class Programme:
    """The content, settings and theme edits of one sequence, as the model the edits change."""

    docs: dict[str, tuple[dict, str | None]]  # content file → (fields, Markdown body)
    raw: dict[str, bytes]  # content files written as they are (images, broken files)
    settings: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_SETTINGS))  # setting → Python literal
    theme: dict[str, bytes] = field(default_factory=dict)  # theme file → its edited bytes
    damaged: dict[str, tuple] = field(default_factory=dict)  # file → (doc, raw) before it was broken
    colours: int = 0

    @classmethod
    def initial(cls) -> Programme:
        return cls({name: (copy.deepcopy(fields), body) for name, (_, fields, body) in PROGRAMME.items()},
                   {name: source.read_bytes() for name, source in IMAGES.items()})

    def files(self) -> dict[str, bytes]:
        return {**{name: render(fields, body) for name, (fields, body) in self.docs.items()}, **self.raw}

    def events(self) -> list[str]:
        return sorted(name for name in self.docs if name.startswith("events/"))

    def partners(self) -> list[str]:
        return sorted(name for name in self.docs if name.startswith("partners/"))

    def venues(self) -> list[dict]:
        return [venue for name in self.partners() for venue in self.docs[name][0].get("lieux", [])]

    def _pick(self, names: list[str], index: int) -> str | None:
        return names[index % len(names)] if names else None

    def _damage(self, name: str) -> None:
        """Remember ``name`` as it is, for ``mend`` (only as it was before its first damage)."""
        doc = self.docs.get(name)
        self.damaged.setdefault(name, (copy.deepcopy(doc) if doc else None, self.raw.get(name)))

    def _colour(self) -> int:
        self.colours += 1
        return self.colours

    def apply(self, edit: tuple) -> None:
        kind, *args = edit
        if kind in ("title", "time", "status", "event-venue", "unknown-venue", "remove-event", "rename-file"):
            name = self._pick(self.events(), args[0])
            if name is None:
                return
            fields = self.docs[name][0]
            if kind == "title":
                fields["titre"] = TITLES[args[1]]
            elif kind == "time":
                (fields["seances"][0] if fields.get("seances") else fields)["debut"] = args[1]
            elif kind == "status":
                status, of_session = args[1], args[2]
                (fields["seances"][0] if of_session and fields.get("seances") else fields)["statut"] = status
            elif kind == "event-venue":
                fields["lieu"] = args[1]
                fields.pop("en_ligne", None)
            elif kind == "unknown-venue":
                self._damage(name)
                fields["lieu"] = "salle-inconnue"
            elif kind == "remove-event":
                del self.docs[name]
            else:  # the file renamed: the event's id changes
                folder, _, file = name.rpartition("/")
                stem, _, suffix = file.rpartition(".")
                stem = stem.removesuffix("-bis") if stem.endswith("-bis") else stem + "-bis"
                self.docs[f"{folder}/{stem}.{suffix}"] = self.docs.pop(name)
        elif kind in ("rename-venue", "venue-details"):
            venues = self.venues()
            if not venues:
                return
            venue = venues[args[0] % len(venues)]
            if kind == "rename-venue":
                old, venue["id"] = venue["id"], args[1]
                for event in self.events():
                    if args[2] and self.docs[event][0].get("lieu") == old:
                        self.docs[event][0]["lieu"] = args[1]
            elif args[1] == "nom":
                venue["nom"] = venue["nom"].removesuffix(" (annexe)") if venue["nom"].endswith(
                    " (annexe)") else venue["nom"] + " (annexe)"
            else:
                venue["plain_pied"] = "non" if venue.get("plain_pied") == "oui" else "oui"
        elif kind in ("declare-venue", "partner-name", "delete-partner", "rename-partner"):
            name = self._pick(self.partners(), args[0])
            if name is None:
                return
            fields = self.docs[name][0]
            if kind == "rename-partner":  # the file renamed: the partner's id changes
                old, new = name.removeprefix("partners/").rpartition(".")[0], args[1]
                suffix = name.rpartition(".")[2]
                if f"partners/{new}.yaml" in self.docs or f"partners/{new}.md" in self.docs:
                    return
                self.docs[f"partners/{new}.{suffix}"] = self.docs.pop(name)
                for event in self.events():
                    organisers = self.docs[event][0].get("organisateurs")
                    if args[2] and isinstance(organisers, list):
                        self.docs[event][0]["organisateurs"] = [new if o == old else o for o in organisers]
            elif kind == "declare-venue":
                fields.setdefault("lieux", []).append({
                    "id": args[1], "nom": f"Salle {args[1]}", "adresse": "1 place de la Mairie",
                    "code_postal": "91300", "commune": "Massy"})
            elif kind == "partner-name":
                fields["nom"] = fields["nom"].removesuffix(" (antenne)") if fields["nom"].endswith(
                    " (antenne)") else fields["nom"] + " (antenne)"
            else:
                self._damage(name)
                del self.docs[name]
        elif kind == "edition":
            fields = self.docs["edition.yaml"][0]
            if args[0] == "nom":
                fields["nom"] = "SUN 2026" if fields["nom"] != "SUN 2026" else "SUN 26"
            else:  # the last day moved: a session after it is told (a warning), or no longer
                fields["fin"] = Raw("2026-10-24") if fields["fin"] != "2026-10-24" else Raw("2026-10-18")
        elif kind == "add-session":
            name = self._pick(self.events(), args[0])
            sessions = self.docs[name][0].get("seances") if name else None
            if isinstance(sessions, list):
                sessions.append({"date": Raw(f"2026-10-{15 + len(sessions)}"), "debut": "10:00", "fin": "12:00"})
        elif kind == "add-event":
            name = f"events/nouvel-atelier-{args[0]}.md"
            if name not in self.docs:
                fields, body = PROGRAMME["events/atelier-smartphone.md"][1:]
                fields = copy.deepcopy(fields)
                fields["titre"] = f"Nouvel atelier {args[0]}"
                self.docs[name] = (fields, body)
        elif kind == "image":
            name, operation = args
            if operation == "remove":
                self._damage(name)
                self.raw.pop(name, None)
            else:
                self.raw[name] = _png_like(IMAGES[name].read_bytes(), self._colour())
        elif kind == "break-yaml":  # an unclosed flow list: a YAML error at the file's first lines
            name = self._pick(sorted(self.docs), args[0])
            if name is None:
                return
            self._damage(name)
            data = self.files()[name]
            head = b"---\n" if data.startswith(b"---\n") else b""
            self.raw[name] = head + "cle: [non fermé\n".encode() + data[len(head):]
        elif kind == "mend":
            for name, (doc, raw) in self.damaged.items():
                self.docs.pop(name, None)
                self.raw.pop(name, None)
                if doc is not None:
                    self.docs[name] = doc
                if raw is not None:
                    self.raw[name] = raw
            self.damaged.clear()
        elif kind == "setting":
            key, value = SETTINGS[args[0]]
            if self.settings.get(key) != value:
                self.settings[key] = value
            elif key in DEFAULT_SETTINGS:
                self.settings[key] = DEFAULT_SETTINGS[key]
            else:
                del self.settings[key]
        elif kind == "template":
            name, old, new = TEMPLATE_EDITS[args[0]]
            if name in self.theme:
                del self.theme[name]
            elif old is None:
                self.theme[name] = _png_like((THEME / name).read_bytes(), self._colour())
            else:
                text = (THEME / name).read_text(encoding="utf-8")
                assert old in text, (name, old)
                edited = text + new if not old else text.replace(old, new, 1)
                self.theme[name] = edited.encode("utf-8")
        else:
            raise AssertionError(edit)


def edits() -> st.SearchStrategy[tuple]:
    event, venue, partner = st.integers(0, 2), st.integers(0, 2), st.integers(0, 1)
    mend = st.just(("mend",))
    return st.one_of(
        st.tuples(st.just("title"), event, st.integers(0, len(TITLES) - 1)),
        st.tuples(st.just("time"), event, st.sampled_from(TIMES)),
        st.tuples(st.just("status"), event, st.sampled_from(STATUSES), st.booleans()),
        st.tuples(st.just("rename-venue"), venue, st.sampled_from(VENUE_IDS), st.booleans()),
        st.tuples(st.just("declare-venue"), partner, st.sampled_from(VENUE_IDS[:3])),
        st.tuples(st.just("event-venue"), event, st.sampled_from(VENUE_IDS)),
        st.tuples(st.just("venue-details"), venue, st.sampled_from(["nom", "plain_pied"])),
        st.tuples(st.just("partner-name"), partner),
        st.tuples(st.just("rename-partner"), partner, st.sampled_from(PARTNER_IDS), st.booleans()),
        st.tuples(st.just("delete-partner"), partner),
        st.tuples(st.just("add-session"), event),
        st.tuples(st.just("edition"), st.sampled_from(["nom", "fin"])),
        st.tuples(st.just("add-event"), st.integers(1, 2)),
        st.tuples(st.just("remove-event"), event),
        st.tuples(st.just("rename-file"), event),
        st.tuples(st.just("image"), st.sampled_from(sorted(IMAGES)), st.sampled_from(["other-pixels", "remove"])),
        st.tuples(st.just("setting"), st.integers(0, len(SETTINGS) - 1)),
        st.tuples(st.just("template"), st.integers(0, len(TEMPLATE_EDITS) - 1)),
        st.tuples(st.just("break-yaml"), st.integers(0, 7)),
        st.tuples(st.just("unknown-venue"), event),
        mend, mend,  # twice as likely: most broken files are mended while the sequence goes on
    )
