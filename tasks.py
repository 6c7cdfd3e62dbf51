"""Tasks for organisers and developers: ``invoke --list``."""

from __future__ import annotations

import sys

from invoke import Exit, task
from invoke.parser.parser import ParseMachine

PYTHON = sys.executable


def _positionals_said_in_french() -> None:
    """Invoke demands every positional argument and says so in English (« 'import' did not receive
    required positional arguments: 'path' »). Here a missing one is left empty, and its task says in
    French what to type (see ``_required``)."""
    complete = ParseMachine.complete_context
    if getattr(complete, "leaves_positionals_empty", False):
        return

    def complete_context(machine):
        for argument in machine.context.missing_positional_args if machine.context else ():
            argument.set_value("", cast=False)
        complete(machine)

    complete_context.leaves_positionals_empty = True
    ParseMachine.complete_context = complete_context


_positionals_said_in_french()


def _required(value: str | None, missing: str) -> str:
    """``value``, or the French usage line ``missing`` and a non-zero exit."""
    if not value:
        raise Exit(f"✗ {missing}", code=1)
    return value


@task(help={"content": "dossier du programme (défaut : content)",
            "format": "text (défaut) ou github (annotations de pull request)"})
def check(c, content="content", format="text"):
    """Vérifie tous les fichiers du programme et liste chaque problème."""
    c.run(f'"{PYTHON}" -m sunprogramme check --content "{content}" --format {format}', pty=False)


def _build_env() -> dict[str, str]:
    """The build's « now »: SOURCE_DATE_EPOCH if given, else the last commit's time (same commit, same site)."""
    import os
    import subprocess

    env = {"PYTHONPATH": "plugins"}
    if "SOURCE_DATE_EPOCH" not in os.environ:
        commit = subprocess.run(["git", "log", "-1", "--format=%ct"], capture_output=True, text=True, check=False)
        if commit.returncode == 0 and commit.stdout.strip():
            env["SOURCE_DATE_EPOCH"] = commit.stdout.strip()
    return env


@task(help={"content": "dossier du programme (défaut : content)",
            "output": "dossier du site construit (défaut : output)",
            "settings": "fichier de réglages Pelican (défaut : pelicanconf.py)"})
def build(c, content="content", output="output", settings="pelicanconf.py"):
    """Construit le site dans output/ (rien n'est modifié si le programme a une erreur)."""
    import sys

    # On a terminal, a pseudo-terminal lets the build draw its progress bar; in CI, plain lines.
    c.run(f'"{PYTHON}" -m sun_site.cli build --settings "{settings}" --content "{content}" --output "{output}"',
          env=_build_env(), pty=sys.stdout.isatty())


@task(help={"content": "dossier du programme (défaut : content)",
            "output": "dossier du site à publier (défaut : public ; jamais celui de l'aperçu, output)"})
def publish(c, content="content", output="public"):
    """Construit le site à publier dans public/, avec son adresse publique (SITEURL de publishconf.py),
    et met à jour l'état de publication (content/publication-state.jsonl) : committez-le."""
    import sys

    c.run(f'"{PYTHON}" -m sun_site.publish --settings publishconf.py --content "{content}" --output "{output}"',
          env=_build_env(), pty=sys.stdout.isatty())


@task(help={"port": "port du serveur local (défaut : 8000)"})
def serve(c, content="content", output="output", port=8000):
    """Aperçu local sur http://localhost:8000, reconstruit à chaque modification."""
    c.run(f'"{PYTHON}" -m sun_site.cli serve --content "{content}" --output "{output}" --port {port}',
          env=_build_env())


@task(name="import", positional=["path"], help={"path": "tableur (.ods, .xlsx, .csv) ou dossier partagé",
                                               "content": "dossier du programme (défaut : content)"})
def import_(c, path=None, content="content"):
    """Importe un tableur ou un dossier : un rapport par ligne ; les lignes en erreur n'écrivent rien."""
    path = _required(path, "indiquez le tableur ou le dossier à importer : invoke import programme.ods")
    c.run(f'"{PYTHON}" -m sunprogramme import "{path}" --content "{content}"')


@task(name="import-partners", help={"path": "export data·inclusion : fichier JSON, ou dossier avec structures.json "
                                           "et services.json",
                                   "content": "dossier du programme (défaut : content)"}, positional=["path"])
def import_partners(c, path=None, content="content"):
    """Crée ou met à jour les fiches partenaires depuis un export data·inclusion (DORA…) ; rien d'écrit à la main
    n'est écrasé sans le dire."""
    path = _required(path, "indiquez l'export data·inclusion à importer (fichier JSON ou dossier) : "
                           "invoke import-partners export-data-inclusion.json")
    c.run(f'"{PYTHON}" -m sunprogramme import-partners "{path}" --content "{content}"')


@task(name="export-sheet", help={"output": "fichier à écrire : .ods (défaut), .xlsx ou .csv"})
def export_sheet(c, output="programme-sun.ods", content="content"):
    """Écrit tout le programme dans le tableur du comité de pilotage (réimportable sans perte)."""
    c.run(f'"{PYTHON}" -m sunprogramme export-sheet --content "{content}" --output "{output}"')


@task(help={"output": "dossier où écrire les modèles (défaut : modeles)"})
def template(c, output="modeles", content="content"):
    """Écrit les modèles de tableur (ODS, XLSX, CSV) avec l'onglet d'aide et les listes de valeurs."""
    c.run(f'"{PYTHON}" -m sunprogramme template --content "{content}" --output "{output}"')


@task(name="new-event")
def new_event(c, content="content"):
    """Crée un événement en répondant à des questions, en français (ou aux réponses envoyées par un tube)."""
    import subprocess

    # The questions read the terminal themselves, or the piped answers: no pseudo-terminal (it held a
    # pasted accented answer until more keys came) and no relay of the input by invoke.
    code = subprocess.run([PYTHON, "-m", "sunprogramme", "new-event", "--content", content], check=False).returncode
    if code:
        raise Exit(code=code)


@task(name="new-edition", positional=["year"], help={"year": "année de la nouvelle édition (2027)",
                                                     "content": "dossier du programme (défaut : content)"})
def new_edition(c, year=None, content="content"):
    """Range l'édition en cours dans content/editions/<année>/ et commence la nouvelle (dates à compléter)."""
    year = _required(year, "indiquez l'année de la nouvelle édition : invoke new-edition 2027")
    c.run(f'"{PYTHON}" -m sunprogramme new-edition "{year}" --content "{content}"')


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
    # As the tests build it: without SOURCE_DATE_EPOCH, so the reference instant comes from the content.
    c.run(f'env -u SOURCE_DATE_EPOCH "{PYTHON}" -m sun_site.cli build --content tests/fixtures/site '
          "--output tests/golden/site", env={"PYTHONPATH": "plugins"})
    # Copied as is from theme/static, written by Pagefind, or PDFs and images with tests of their own.
    c.run("rm -rf tests/golden/site/theme tests/golden/site/pagefind tests/golden/site/affiches tests/golden/site/qr "
          "tests/golden/site/modeles")


@task
def docs(c):
    """Régénère les tableaux de champs du README à partir de sunprogramme/schema.py."""
    from pathlib import Path

    from sunprogramme.fielddocs import update_readme

    readme = Path("README.md")
    readme.write_text(update_readme(readme.read_text(encoding="utf-8")), encoding="utf-8")


SCREENSHOTS = {
    "accueil": "",
    "jour": "jours/2026-10-13/",
    "evenement": "evenements/atelier-smartphone-du-mardi/",
    "evenement-annule": "evenements/initiation-retouche-photo/",
    "commune": "communes/massy/",
    "recherche": "recherche/?q=demarches",
    "carte": "carte/",
    "tableau-de-bord": "coordination/",
    "integration": "integrer/communes/massy/",
}


PRINT_SCREENSHOTS = [
    ("affiche-evenement", "affiches/evenements/atelier-smartphone-du-mardi.pdf", 1),
    ("affiche-annulee", "affiches/evenements/initiation-retouche-photo.pdf", 1),
    ("affiche-commune", "affiches/communes/massy.pdf", 1),
    ("livret-page-2", "affiches/programme.pdf", 2),
]


def _guide_pages() -> list[tuple[str, str, int]]:
    """The template and an import report, as organisers see them, for the organisers' guide."""
    import html
    import shutil
    import tempfile
    from pathlib import Path

    from sunprogramme.intake.columns import HEADERS
    from sunprogramme.intake.importer import import_path

    style = ("<style>body{font:15px 'DejaVu Sans',sans-serif;margin:12px}table{border-collapse:collapse}"
             "th,td{border:1px solid #999;padding:4px 6px;white-space:nowrap}th{background:#8a3b00;color:#fff}"
             "pre{font:14px 'DejaVu Sans Mono',monospace;white-space:pre-wrap;background:#111;color:#eee;"
             "padding:12px}</style>")
    example = ["", "Premiers pas avec son smartphone", "13/10/2026", "14:00", "16:00", "", "", "",
               "Allumer son téléphone, appeler.", "", "", "mediatheque-cocteau"]
    cells = "".join(f"<th>{html.escape(h)}</th>" for h in HEADERS[:12])
    row = "".join(f"<td>{html.escape(v)}</td>" for v in example)
    sheet = f"{style}<table><tr><td></td>{cells}</tr><tr><td>2</td>{row}</tr></table>"
    with tempfile.TemporaryDirectory() as scratch:
        content = Path(scratch) / "content"
        shutil.copytree("content", content)
        csv = Path(scratch) / "programme.csv"
        lines = [";".join(HEADERS), ";".join(["atelier-tablette", "Atelier tablette", "13/10/26", "10h30", "12:00",
                                             "", "", "", "Prendre en main sa tablette.", "", "", "Salle des fetes",
                                             "Massy", "", "caton", "securite", "", "atelier", "", "oui",
                                             "199001234"] + [""] * (len(HEADERS) - 21))]
        csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
        report = import_path(csv, content)
        text = "\n".join(line.format().replace(str(csv), "programme.csv") for line in report.lines)
    command = "$ .venv/bin/invoke import partage/programme.csv"
    report_html = f"{style}<pre>{html.escape(command)}\n{html.escape(text)}\n\n✗ Import : {report.summary()}.</pre>"
    return [("modele-tableur", sheet, 1280), ("rapport-import", report_html, 1000)]


@task
def screenshots(c):
    """Capture les principales pages du site de démonstration (docs/screenshots/, 360 et 1280 px)."""
    import functools
    import http.server
    import threading
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    build(c)
    target = Path("docs/screenshots")
    target.mkdir(parents=True, exist_ok=True)
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory="output"))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        for name, url in SCREENSHOTS.items():
            for width, height in ((360, 780), (1280, 900)):
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(base + url)
                if "?q=" in url:
                    page.wait_for_selector(".sun-search__results li")
                page.screenshot(path=str(target / f"{name}-{width}.png"))
                page.close()
        # The home's first screen on a 360 px phone (« où ? », « quand ? »), then its commune chooser open.
        page = browser.new_page(viewport={"width": 360, "height": 780})
        page.goto(base)
        page.screenshot(path=str(target / "accueil-premier-ecran-360.png"))
        page.click(".sun-chooser summary")
        page.evaluate("document.querySelector('.sun-chooser').scrollIntoView()")
        page.screenshot(path=str(target / "accueil-communes-360.png"))
        page.close()
        page = browser.new_page(viewport={"width": 360, "height": 900})
        page.goto(base + "proposer/")
        page.click("button[type=submit]")
        page.wait_for_selector(".sun-error-summary:not([hidden])")
        page.locator(".sun-error-summary").screenshot(path=str(target / "proposer-erreurs-360.png"))
        page.close()
        for name, html, width in _guide_pages():
            page = browser.new_page(viewport={"width": width, "height": 120})
            page.set_content(html)
            page.screenshot(path=str(target / f"{name}.png"), full_page=True)
            page.close()
        browser.close()
    httpd.shutdown()
    for name, pdf, page in PRINT_SCREENSHOTS:
        c.run(f"pdftoppm -r 60 -png -singlefile -f {page} -l {page} output/{pdf} {target / name}")


@task
def schemas(c):
    """Régénère les schémas JSON des fichiers (schemas/) à partir de sunprogramme/schema.py."""
    from pathlib import Path

    from sunprogramme.jsonschema import SCHEMA_FILES, schema_bytes

    for name in SCHEMA_FILES:
        Path("schemas", f"{name}.schema.json").write_bytes(schema_bytes(name))


@task(help={"quick": "60 et 600 événements seulement"})
def bench(c, quick=False):
    """Mesure la construction (60 à 25 000 événements) face à Pelican nu et Hugo ; écrit docs/performance.md."""
    c.run(f'"{PYTHON}" -m benchmarks.run{" --quick" if quick else ""}')
