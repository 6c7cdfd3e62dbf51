"""Tasks for organisers and developers: ``invoke --list``."""

from __future__ import annotations

import sys

from invoke import task

PYTHON = sys.executable


@task(help={"content": "dossier du programme (défaut : content)"})
def check(c, content="content"):
    """Vérifie tous les fichiers du programme et liste chaque problème."""
    c.run(f'"{PYTHON}" -m sunprogramme check --content "{content}"', pty=False)


@task(help={"content": "dossier du programme (défaut : content)",
            "output": "dossier du site construit (défaut : output)",
            "settings": "fichier de réglages Pelican (défaut : pelicanconf.py)"})
def build(c, content="content", output="output", settings="pelicanconf.py"):
    """Construit le site dans output/ (rien n'est modifié si le programme a une erreur)."""
    c.run(f'"{PYTHON}" -m sun_site.cli build --settings "{settings}" --content "{content}" --output "{output}"',
          env={"PYTHONPATH": "plugins"})


@task(help={"output": "dossier du site publié (défaut : output)"})
def publish(c, content="content", output="output"):
    """Construit le site à publier, avec son adresse publique (publishconf.py)."""
    build(c, content=content, output=output, settings="publishconf.py")


@task(help={"port": "port du serveur local (défaut : 8000)"})
def serve(c, content="content", output="output", port=8000):
    """Aperçu local sur http://localhost:8000, reconstruit à chaque modification."""
    c.run(f'"{PYTHON}" -m sun_site.cli serve --content "{content}" --output "{output}" --port {port}',
          env={"PYTHONPATH": "plugins"})


@task
def lint(c):
    """Vérifie le style du code (ruff)."""
    c.run(f'"{PYTHON}" -m ruff check .')


@task(help={"k": "ne lance que les tests dont le nom contient ce texte"})
def test(c, k=""):
    """Lance les tests puis ruff."""
    selection = f' -k "{k}"' if k else ""
    c.run(f'"{PYTHON}" -m pytest -q{selection}')
    lint(c)


@task
def golden(c):
    """Régénère les fichiers de référence des tests (tests/golden/) : relisez le diff !"""
    c.run("rm -rf tests/golden/site")
    build(c, content="tests/fixtures/site", output="tests/golden/site")
    # Copied as is from theme/static, or written by Pagefind: not compared file by file.
    c.run("rm -rf tests/golden/site/theme tests/golden/site/pagefind")


@task
def docs(c):
    """Régénère les tableaux de champs du README à partir de sunprogramme/schema.py."""
    from pathlib import Path

    from sunprogramme.fielddocs import update_readme

    readme = Path("README.md")
    readme.write_text(update_readme(readme.read_text(encoding="utf-8")), encoding="utf-8")
