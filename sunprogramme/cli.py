"""Command line: ``python -m sunprogramme check [--content DIR]``.

Prints every problem as ``path:line: field: message`` (French) and exits 1 when
any of them is an error, 0 otherwise.
"""

from __future__ import annotations

import argparse
import sys

from .errors import visible
from .french_names import counted
from .loader import load_programme


def _github(problem) -> str:
    """A GitHub Actions workflow command: the problem shows on the right line of the pull request."""
    level = "error" if problem.severity.value == "erreur" else "warning"
    def prop(value: str) -> str:
        return visible(value).replace("%", "%25").replace(",", "%2C").replace(":", "%3A")

    where = f"file={prop(problem.path)}" + (f",line={problem.line}" if problem.line else "")
    title = f",title={prop(problem.field)}" if problem.field else ""
    message = visible(problem.message).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{level} {where}{title}::{message}"


def _sessions(event) -> int:
    """The event's sessions as published: a period whose open days are to be confirmed counts once
    (the calendars hold it as one entry over the period), not once per day it stands for."""
    periods = {session.opening for session in event.sessions if session.days_to_confirm}
    return sum(1 for session in event.sessions if not session.days_to_confirm) + len(periods)


def check(content: str, out=sys.stdout, output_format: str = "text") -> int:
    programme, report = load_programme(content)
    if programme is not None:  # what the posters cannot print as typed: told by the build as well
        from .printing import poster_problems

        report.problems += poster_problems(programme, content)
    for problem in report.sorted():
        print(_github(problem) if output_format == "github" else problem.format(), file=out)
    errors, warnings = len(report.errors), len(report.warnings)
    if programme is None:
        print(f"\n✗ {errors} erreur(s), {warnings} avertissement(s) : corrigez les erreurs ci-dessus.", file=out)
        return 1
    print(
        f"✓ Programme valide : {counted(len(programme.events), 'événement')}, "
        f"{counted(sum(_sessions(e) for e in programme.events.values()), 'séance')}, "
        f"{counted(len(programme.partners), 'partenaire')}, {counted(len(programme.venues), 'lieu', 'lieux')}, "
        f"{counted(len(programme.communes_with_events()), 'commune')}"
        + (f" ({warnings} avertissement(s))." if warnings else "."),
        file=out,
    )
    for past in programme.archives:
        print(f"✓ Édition passée {past.edition.name} : {counted(len(past.events), 'événement')}.", file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sunprogramme", description="Vérifie le programme SUN.")
    sub = parser.add_subparsers(dest="command", required=True)
    check_parser = sub.add_parser("check", help="vérifie tous les fichiers du programme")
    check_parser.add_argument("--content", default="content", help="dossier du programme (défaut : content)")
    check_parser.add_argument("--format", choices=("text", "github"), default="text",
                              help="github : annotations sur les lignes d'une pull request")
    import_parser = sub.add_parser("import", help="importe un tableur ou un dossier partagé")
    import_parser.add_argument("path", help="tableur (.ods, .xlsx, .csv) ou dossier")
    import_parser.add_argument("--content", default="content")
    export_parser = sub.add_parser("export-sheet", help="écrit le programme dans un tableur")
    export_parser.add_argument("--content", default="content")
    export_parser.add_argument("--output", default="programme-sun.ods", help="fichier .ods, .xlsx ou .csv")
    template_parser = sub.add_parser("template", help="écrit les modèles de tableur vides")
    template_parser.add_argument("--content", default="content")
    template_parser.add_argument("--output", default="modeles", help="dossier où écrire les modèles")
    new_parser = sub.add_parser("new-event", help="crée un événement en répondant à des questions")
    new_parser.add_argument("--content", default="content")
    edition_parser = sub.add_parser("new-edition", help="range l'édition en cours et commence la suivante")
    edition_parser.add_argument("year", help="année de la nouvelle édition (2027)")
    edition_parser.add_argument("--content", default="content")
    partners_parser = sub.add_parser("import-partners",
                                     help="crée ou met à jour les fiches partenaires depuis un export data·inclusion")
    partners_parser.add_argument("path", help="fichier JSON de l'export (structures, et services), ou dossier "
                                              "contenant structures.json et services.json")
    partners_parser.add_argument("--content", default="content", help="dossier du programme (défaut : content)")
    args = parser.parse_args(argv)
    if args.command == "import":
        from .intake.commands import run_import

        return run_import(args.path, args.content)
    if args.command == "export-sheet":
        from .intake.commands import export_sheet

        return export_sheet(args.content, args.output)
    if args.command == "template":
        from .intake.commands import write_templates

        return write_templates(args.content, args.output)
    if args.command == "import-partners":
        from .intake.datainclusion import run_import_partners

        return run_import_partners(args.path, args.content)
    if args.command == "new-edition":
        from .new_edition import new_edition

        return new_edition(args.content, args.year)
    if args.command == "new-event":
        from .intake.questions import new_event

        return new_event(args.content)
    return check(args.content, output_format=args.format)


if __name__ == "__main__":
    sys.exit(main())
