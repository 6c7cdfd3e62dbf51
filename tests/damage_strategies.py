"""The damages hypothesis draws for the check-and-build agreement test, to fields, files and images."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from sunprogramme.fields import Field, Record
from sunprogramme.publication_state import STATE_FILE

from tiny_programme import PROGRAMME, Raw


def _targets(record: Record, prefix: tuple = ()) -> list[tuple[tuple, Field]]:
    """Every field of ``record``, nested ones included (a list's first item stands for all)."""
    found = []
    for f in record.fields:
        path = (*prefix, f.key)
        found.append((path, f))
        if f.kind == "record":
            found += _targets(f.record, path)
        elif f.kind == "list":
            found.append(((*path, 0), f.item))
            if f.item.kind == "record":
                found += _targets(f.item.record, (*path, 0))
    return found


FIELD_TARGETS = [(name, path, f) for name, (record, _, _) in PROGRAMME.items() for path, f in _targets(record)]

CHARACTERS = ["\x85", "\x9b", "\x07", "\x1b", "\x7f", "\x0b", "\u202e", "\u2066", "\u200b", "\u200d", "\xad",
              "\ufeff", "\u2028", "\u2029", "\ufffe", "\uffff", "\U0010ffff", "\x00", "\t", "\r"]

ANY_VALUE = [
    "|\n  première ligne\n  deuxième ligne", ">\n  première ligne\n\n  deuxième ligne", "|-\n  une\n  deux",
    '"première ligne\\nseconde ligne"', "'une\n\n  deux'", "une\n  deux",
    "x" * 5000, "mot " * 3000,
    "1.10", "007", "1e3", "-0", ".inf", ".nan", "0x1F", "+5", "1_000", "0o17", "12:30:00", "-1", "3.0",
    "yes", "no", "on", "off", "y", "true", "False", "~", "null", '""', "''", "", "' '",
    "[a, b]", "[]", "{}", "{a: b}", "\n  - a\n  - b", "\n  a: b\n  c: d", "\n  - a: b", "[[a]]", "{? a}",
    "!!python/tuple [1, 2]", "!!python/object/apply:os.system ['true']", "!!binary aGVsbG8=", "!foo bar",
    "!!str 12", "!!int '12'", "!!set {a, b}", "!!timestamp 2026-10-13", "!!float 1", "!<tag:x> y", "!! z",
    "&ancre texte", "*ancre", "&a [1, *a]", "{<<: {a: 1}}",
    '"non fermé', "'non fermé", "[non fermé", "{non: fermé", '"a"b', "'a'b'",
    "Atelier : débutants", "a: b", "clé: valeur: autre", "# commentaire", "- tiret", "? question", "%TAG",
    "@arobase", "`accent grave", "| seul", "*", "&", "!", "a #b", "a\\b", '"\\x"', '"\\z"', "...", "---",
    "📱 Atelier 👵🏽 👨‍👩‍👧", "🏳️‍🌈", "\u0301a", "Ǆ ǅ ǆ ﬁ", "ｆｕｌｌ",
    "<script>alert(1)</script>", "javascript:alert(1)", "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[lien](javascript:alert(1))",
    "{{ 7*7 }}", "'{% raw %}'", "</textarea>", "&amp; &lt;", "%s %(x)s ${HOME}", '"]]></x>"', "<!-- x",
    "../x.png", "/etc/passwd", "images/x.svg", "images/../../../etc/passwd", "logos/caton.png", "images/",
    "C:\\x.png", "https://example.org/x.png", "images/atelier.PNG", "file:///etc/passwd", "images/absent.png",
    "2026-02-30", "31/12/2026", "2026-13-01", "2026-10-25", "0000-01-01", "9999-12-31", "2026-10-13T14:00",
    "13 octobre 2026", "2026-10-13 14:00", "1970-01-01", "2026-W42", "2026-10-13T14:00:00+02:00",
    "25:00", "24:00", "02:30", "14h", "14:60", '"14:00:00"', "14:00", "1400", "-1:00", "23:59", "00:00",
    "2h30", "midi", "14 h 30", "14.30",
    "inconnu", "caton", "mediatheque-massy", "maison-des-associations-ulis", "mediatheque-cocteau",
    "atelier-smartphone", "webinaire-arnaques", "Caton", "../caton", '"caton "', "édition", "sun-2026",
    "a@b", "pas un e-mail", "mailto:a@b.fr", "a@b.fr, c@d.fr", "ftp://x.org", "https://", "http://exa mple.org",
    "//evil.example", "https://例え.jp", "https://a.example/é?q=<x>", "https://user@a.example",
    "https://a.example:99999", "0199", "+33 1 99 00 00 00", "06 00 00 00 00 00 00", "01-99-00-00-00",
    "0", "100001", "8.5", "99999999999999999999999", "1e400", "91", '"48,7"', "-0.0", "-91", "180.0001",
    "9130", "'91300'", "75001", "00000", "91 300", "Paris", "massy", "MASSY", "Les  Ulis", "Saint-Denis",
    "oui", "non", "Oui", "vrai", "1",
    "confirme", "annule", "en-ligne", "Atelier", "ATELIER", "atelier ", "tout-public", "inconnu-du-vocabulaire",
    # Found by review: digit runs Python will not read, HTML references to invisible characters, paths
    # outside the media folders that would replace a file the build makes.
    "1" + "0" * 5000, "1." + "5" * 5000, "Un &#x202E;texte&#x202C;", "&#27;[31mrouge", "a&shy;b &#x85;",
    "&#0;", "&#xFEFF;", "qr/evenements/atelier-smartphone.png", "theme/images/x.png", "images/../logos/caton.png",
]


def _with_character(draw) -> Raw:
    """A short text with one control or invisible character, written raw, quoted or escaped."""
    char = draw(st.sampled_from(CHARACTERS))
    before, after = draw(st.sampled_from([("Atelier", " numérique"), ("", "Atelier"), ("Atelier", "")]))
    style = draw(st.sampled_from(["plain", "double", "single", "escaped"]))
    if style == "escaped":
        code = ord(char)
        escape = f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
        return Raw(f'"{before}{escape}{after}"')
    text = before + char + after
    if style == "double":
        return Raw('"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"')
    if style == "single":
        return Raw("'" + text.replace("'", "''") + "'")
    return Raw(text)


@st.composite
def hostile_values(draw) -> Any:
    choice = draw(st.integers(0, 9))
    if choice <= 5:
        return Raw(draw(st.sampled_from(ANY_VALUE)))
    if choice <= 7:
        return _with_character(draw)
    if choice == 8:
        return draw(st.text(max_size=12))  # written as a quoted string: any text at all
    return Raw(draw(st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\n"), max_size=12)))


# A few damages that take several fields at once, each a list of (file, path, value or None to delete).
WEB, ATE = "events/webinaire-arnaques.yaml", "events/atelier-smartphone.md"
SCENARIOS = {
    "twice-at-dst-change": [(WEB, ("date",), Raw("2026-10-25")), (WEB, ("debut",), "02:30"),
                            (WEB, ("fin",), "03:30")],
    "in-the-spring-gap": [(WEB, ("date",), Raw("2026-03-29")), (WEB, ("debut",), "02:30"), (WEB, ("fin",), "03:00")],
    "end-before-start": [(WEB, ("debut",), "14:00"), (WEB, ("fin",), "13:00")],
    "end-equals-start": [(WEB, ("debut",), "14:00"), (WEB, ("fin",), "14:00")],
    "end-day-before-day": [(WEB, ("date_fin",), Raw("2026-10-13"))],
    "over-a-month": [(WEB, ("date_fin",), Raw("2026-11-30"))],
    "ends-next-day-at-dst": [(WEB, ("date",), Raw("2026-10-24")), (WEB, ("debut",), "23:00"),
                             (WEB, ("date_fin",), Raw("2026-10-25")), (WEB, ("fin",), "02:30")],
    "edition-reversed": [("edition.yaml", ("debut",), Raw("2026-10-24")),
                         ("edition.yaml", ("fin",), Raw("2026-10-10"))],
    "edition-one-day": [("edition.yaml", ("fin",), Raw("2026-10-10"))],
    "edition-two-years": [("edition.yaml", ("fin",), Raw("2028-10-10"))],
    "both-shorthand-and-sessions": [(ATE, ("date",), Raw("2026-10-13")), (ATE, ("debut",), "14:00"),
                                    (ATE, ("fin",), "16:00")],
    "no-session": [(WEB, ("date",), None), (WEB, ("debut",), None), (WEB, ("fin",), None)],
    "no-sessions-in-list": [(ATE, ("seances",), Raw("[]"))],
    "same-session-twice": [(ATE, ("seances", 1, "date"), Raw("2026-10-13")), (ATE, ("seances", 1, "fin"), "16:00"),
                           (ATE, ("seances", 1, "statut"), None)],
    "overlapping-sessions": [(ATE, ("seances", 1, "date"), Raw("2026-10-13")), (ATE, ("seances", 1, "debut"), "15:00")],
    "venue-id-is-a-partner-id": [("partners/caton.yaml", ("lieux", 0, "id"), "mediatheque-massy")],
    "venue-id-twice": [("partners/mediatheque-massy.md", ("lieux", 0, "id"), "maison-des-associations-ulis")],
    "venue-id-is-an-event-id": [("partners/caton.yaml", ("lieux", 0, "id"), "atelier-smartphone")],
    "neither-venue-nor-online": [(WEB, ("en_ligne",), None)],
    "venue-and-online": [(WEB, ("lieu",), "mediatheque-cocteau")],
    "organiser-is-a-venue": [(WEB, ("organisateurs",), ["mediatheque-cocteau"])],
    "organiser-twice": [(WEB, ("organisateurs",), ["caton", "caton"])],
    "venue-is-a-partner": [(ATE, ("lieu",), "caton")],
    "cancelled-session-of-cancelled-event": [(ATE, ("statut",), "annule"), (ATE, ("seances", 0, "statut"), "annule")],
    "every-session-cancelled": [(ATE, ("seances", 0, "statut"), "annule"), (ATE, ("seances", 1, "statut"), "annule")],
    "online-status-without-link": [(ATE, ("statut",), "en-ligne")],
    "registration-without-a-way": [(ATE, ("inscription",), {"obligatoire": Raw("oui")})],
    "many-sessions": [(ATE, ("seances",), [{"date": Raw(f"2026-10-{day}"), "debut": "10:00", "fin": "11:00"}
                                           for day in range(10, 25)])],
    "long-list": [(ATE, ("a_apporter",), [f"Objet {n}" for n in range(400)])],
    "partner-without-venues-used": [("partners/caton.yaml", ("lieux",), None)],
    "image-without-alt": [(ATE, ("image", "alt"), None)],
}


def _path_damages():
    field_damage = st.sampled_from(FIELD_TARGETS).flatmap(
        lambda target: st.one_of(
            hostile_values().map(lambda value: ("set", target[0], target[1], value)),
            st.just(("delete", target[0], target[1], None)),
            st.just(("twice", target[0], target[1], None)),
            st.sampled_from([*target[2].aliases, target[2].key.upper(), target[2].key + " ", "x" + target[2].key])
            .map(lambda key: ("rename", target[0], target[1], key)),
        ))
    return st.one_of(field_damage, st.sampled_from(sorted(SCENARIOS)).map(lambda name: ("scenario", name)))


FILE_OPERATIONS = ["truncate", "latin-1", "utf-16", "bom", "crlf", "cr", "empty", "blank", "two-documents",
                   "document-end", "nul", "invalid-utf-8", "tab", "merge-conflict", "too-big", "no-final-newline",
                   "yaml-document-start", "unclosed-front-matter", "front-matter-only", "body-hostile"]
NAMES = ["X.MD", "a b.yaml", "é.md", "Atelier.md", "x.yml", "x.YAML", "x.txt", "x.md.txt", ".x.md", "x",
         "x..md", "-x.md", "x-.md", "a--b.md", "123.md", "index.md", "x" * 200 + ".md", "con.md", "x.markdown",
         "caton.yaml", "mediatheque-massy.md", "atelier-smartphone.yaml", "webinaire-arnaques.md",
         "mediatheque-cocteau.yaml", "edition.yaml"]
FILES = [*PROGRAMME, STATE_FILE]
ASSETS = ["images/atelier.png", "logos/caton.png"]
IMAGE_DAMAGES = ["text", "truncated", "empty", "bad-zlib", "short-data", "huge-size", "jpeg-named-png", "svg",
                 "mode-1", "mode-L", "mode-LA", "mode-P", "mode-I;16", "mode-RGBA", "wide", "tall", "animated-gif",
                 "symlink-out", "dangling-symlink", "folder"]
EXTRA_FILES = ["events/notes.txt", "events/sous-dossier.md/", "events/fantome.md@", "events/boucle.md@@",
               "partners/vide.yaml", "content-stray.txt", "Events/", "images/x.svg", "events/.cache.md"]


def _file_damages():
    return st.one_of(
        st.tuples(st.just("file"), st.sampled_from(FILES), st.sampled_from(FILE_OPERATIONS), st.integers(1, 99)),
        st.tuples(st.just("rename-file"), st.sampled_from(FILES), st.sampled_from(NAMES)),
        st.tuples(st.just("remove-file"), st.sampled_from(FILES)),
        st.tuples(st.just("image"), st.sampled_from(ASSETS), st.sampled_from(IMAGE_DAMAGES)),
        st.tuples(st.just("extra"), st.sampled_from(EXTRA_FILES)),
    )


DAMAGES = st.lists(st.one_of(_path_damages(), _path_damages(), _file_damages()), min_size=1, max_size=2)
