"""Command line: ``python -m sunprogramme check [--content DIR]``.

Prints every problem as ``path:line: field: message`` (French) and exits 1 when
any of them is an error, 0 otherwise.
"""

from __future__ import annotations

import argparse
import sys

from .loader import load_programme


def check(content: str, out=sys.stdout) -> int:
    programme, report = load_programme(content)
    for problem in report.sorted():
        print(problem.format(), file=out)
    errors, warnings = len(report.errors), len(report.warnings)
    if programme is None:
        print(f"\n✗ {errors} erreur(s), {warnings} avertissement(s) : corrigez les erreurs ci-dessus.", file=out)
        return 1
    print(
        f"✓ Programme valide : {len(programme.events)} événements, "
        f"{sum(len(e.sessions) for e in programme.events.values())} séances, "
        f"{len(programme.partners)} partenaires, {len(programme.venues)} lieux, "
        f"{len(programme.communes_with_events())} communes"
        + (f" ({warnings} avertissement(s))." if warnings else "."),
        file=out,
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sunprogramme", description="Vérifie le programme SUN.")
    sub = parser.add_subparsers(dest="command", required=True)
    check_parser = sub.add_parser("check", help="vérifie tous les fichiers du programme")
    check_parser.add_argument("--content", default="content", help="dossier du programme (défaut : content)")
    args = parser.parse_args(argv)
    return check(args.content)


if __name__ == "__main__":
    sys.exit(main())
