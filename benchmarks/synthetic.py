"""Synthetic but realistic programmes of N events, written as content folders.

Accented French text, several sessions per event, a venue per partner, every
commune of the territory; deterministic (seeded), so two runs measure the same
thing. Also writes the same text as plain Markdown articles, for a bare Pelican
build, and as Hugo pages.
"""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from pathlib import Path

from sunprogramme.vocabularies import communes, vocabulary

_TEXT = ("atelier numérique démarches smartphone tablette médiathèque découverte sécurité arnaques emploi CV "
         "santé ordinateur réseaux sociaux courriel photos bénévoles seniors familles accompagnement pas à pas "
         "œuvre château forêt élève écran clavier souris internet")
WORDS = tuple(_TEXT.split())


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def write_programme(folder: Path, events: int, seed: int = 2026) -> None:
    rng = random.Random(seed)
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "events").mkdir(parents=True)
    (folder / "partners").mkdir()
    first = date(2026, 10, 10)
    (folder / "edition.yaml").write_text(
        "nom: SUN 2026\ntitre: Semaines des Usages Numériques 2026\ndebut: 2026-10-10\nfin: 2026-10-24\n",
        encoding="utf-8")
    partner_count = max(5, events // 3)
    territory = communes()
    for p in range(partner_count):
        commune = territory[p % len(territory)]
        (folder / "partners" / f"partenaire-{p}.yaml").write_text(
            f"nom: Association numérique n° {p} de {commune.name}\ntype: association\n"
            f"communes: [\"{commune.name}\"]\noffre:\n  - {_sentence(rng, 6)}\n"
            f"lieux:\n  - id: lieu-{p}\n    nom: Salle {p} — {commune.name}\n    adresse: {p + 1} rue de l'Église\n"
            f"    code_postal: \"{commune.postcode}\"\n    commune: \"{commune.name}\"\n"
            f"    coordonnees: {{lat: {48.6 + rng.random() / 5:.4f}, lon: {2.1 + rng.random() / 4:.4f}}}\n"
            f"    plain_pied: oui\n", encoding="utf-8")
    themes, audiences = vocabulary("themes").slugs, vocabulary("publics").slugs
    for e in range(events):
        partner = rng.randrange(partner_count)
        sessions = []
        start = rng.randrange(13)
        for index in range(rng.choice((1, 1, 1, 2, 3))):
            day = first + timedelta(days=start + index)
            hour = rng.choice((9, 10, 14, 15, 17))
            sessions.append(f"  - date: {day.isoformat()}\n    debut: \"{hour}:00\"\n    fin: \"{hour + 2}:00\"\n")
        registration = ("inscription:\n  obligatoire: oui\n  telephone: \"01 99 00 "
                        f"{rng.randrange(10, 99)} {rng.randrange(10, 99)}\"\n") if e % 2 else ""
        (folder / "events" / f"evenement-{e}.md").write_text(
            "---\n"
            f"titre: {_sentence(rng, 5)[:-1]} n° {e}\n"
            f"resume: {_sentence(rng, 14)}\n"
            f"seances:\n{''.join(sessions)}"
            f"lieu: lieu-{partner}\norganisateurs: [partenaire-{partner}]\n"
            f"themes: [{rng.choice(themes)}]\npublics: [{rng.choice(audiences)}]\nformat: atelier\n"
            f"{registration}"
            "---\n"
            f"{_sentence(rng, 40)}\n\n{_sentence(rng, 30)}\n", encoding="utf-8")


def write_plain_articles(folder: Path, events: int, seed: int = 2026) -> None:
    """The same amount of text as plain Pelican Markdown articles (the bare baseline)."""
    rng = random.Random(seed)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for e in range(events):
        (folder / f"article-{e}.md").write_text(
            f"Title: {_sentence(rng, 5)[:-1]} n° {e}\nDate: 2026-10-10 10:00\nCategory: atelier\n"
            f"Summary: {_sentence(rng, 14)}\n\n{_sentence(rng, 40)}\n\n{_sentence(rng, 30)}\n", encoding="utf-8")


def write_hugo_site(folder: Path, events: int, seed: int = 2026) -> None:
    """The same pages for Hugo, with a minimal layout."""
    rng = random.Random(seed)
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "content" / "evenements").mkdir(parents=True)
    (folder / "layouts" / "_default").mkdir(parents=True)
    (folder / "hugo.toml").write_text('baseURL = "https://sun.example.org/"\nlanguageCode = "fr"\n'
                                      'title = "SUN"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n',
                                      encoding="utf-8")
    (folder / "layouts" / "_default" / "single.html").write_text(
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>"
        "<body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>", encoding="utf-8")
    (folder / "layouts" / "_default" / "list.html").write_text(
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>"
        "<body><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>"
        "</body></html>", encoding="utf-8")
    for e in range(events):
        (folder / "content" / "evenements" / f"evenement-{e}.md").write_text(
            f"---\ntitle: \"{_sentence(rng, 5)[:-1]} n° {e}\"\n---\n{_sentence(rng, 40)}\n\n{_sentence(rng, 30)}\n",
            encoding="utf-8")
