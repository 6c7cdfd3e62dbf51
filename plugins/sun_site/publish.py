"""``python -m sun_site.publish``: the command behind ``invoke publish`` (and the CI job that publishes).

Publishing differs from a preview build in three ways:

- it refuses to run without the site's real public address (``SITEURL`` in ``publishconf.py``,
  or the variable ``SUN_PUBLIC_URL``), complete and in https://: QR codes, short addresses and
  calendars printed with the placeholder, or with an address a browser would warn about, would lead
  nowhere;
- it writes the site into its own folder (``public/`` by default), never over the preview's;
- it is the only command that updates the publication state in the content folder
  (``sunprogramme.publication_state``): SEQUENCE numbers, short addresses and the events
  published, to commit with the content.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pelican.settings import get_settings_from_file

from .build import build

PLACEHOLDER = "https://sun.example.org"  # publishconf.py's default: not an address anyone owns
NO_ADDRESS = ("✗ Publication arrêtée : indiquez l'adresse publique du site dans publishconf.py : SITEURL "
              "(ou dans la variable SUN_PUBLIC_URL).")
VARIABLE = "SUN_PUBLIC_URL"


def written_settings(settings_file: str) -> dict | None:
    """The settings as the file writes them (Pelican has not yet changed them), or None when the file is
    unreadable (the build then says why)."""
    try:
        return get_settings_from_file(settings_file)
    except Exception:  # any mistake in the file: the build reports it
        return None


def address_problem(address: str, given_by: str) -> str | None:
    """Why ``address`` cannot be the public site's (in French), or None. ``given_by``: where the
    organiser wrote it (« la variable SUN_PUBLIC_URL », « SITEURL dans publishconf.py »)."""
    if address.rstrip("/") in ("", PLACEHOLDER):
        return NO_ADDRESS
    if not address.startswith("https://") or not address.removeprefix("https://").strip("/"):
        bare = address.removeprefix("http://").strip("/") or "sun.example.net"
        return (f"✗ Publication arrêtée : {given_by} vaut « {address} » ; l'adresse publique du site doit être "
                f"complète et sécurisée, en https:// (par exemple https://{bare}).")
    return None


def publish(settings_file: str = "publishconf.py", content: str = "content", output: str = "public",
            out=sys.stdout) -> int:
    written = written_settings(settings_file)
    overrides = {}
    if written is not None:
        address = str(written.get("SITEURL") or "")
        variable = bool(address) and address == os.environ.get(VARIABLE)
        problem = address_problem(address, f"la variable {VARIABLE}" if variable
                                  else f"SITEURL dans {Path(settings_file).name}")
        if problem:
            print(problem, file=out)
            return 1
        # Without a trailing slash before Pelican sees them (it would say so in English): the site's
        # address and the posters' (PROGRAMME_PUBLIC_URL, which publishconf.py makes the same).
        for name in ("SITEURL", "PROGRAMME_PUBLIC_URL"):
            if isinstance(written.get(name), str) and written[name].endswith("/"):
                overrides[name] = written[name].rstrip("/")
    return build(settings_file, content, output, out=out, publishing=True, overrides=overrides)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sun_site.publish")
    parser.add_argument("--settings", default="publishconf.py")
    parser.add_argument("--content", default="content")
    parser.add_argument("--output", default="public")
    args = parser.parse_args(argv)
    return publish(args.settings, args.content, args.output)


if __name__ == "__main__":
    sys.exit(main())
