"""``python -m sun_site.publish``: the command behind ``invoke publish`` (and the CI job that publishes).

Publishing differs from a preview build in three ways:

- it refuses to run without the site's real public address (``SITEURL`` in ``publishconf.py``,
  or the variable ``SUN_PUBLIC_URL``): QR codes, short addresses and calendars printed with the
  placeholder would lead nowhere;
- it writes the site into its own folder (``public/`` by default), never over the preview's;
- it is the only command that updates the publication state in the content folder
  (``sunprogramme.publication_state``): SEQUENCE numbers, short addresses and the events
  published, to commit with the content.
"""

from __future__ import annotations

import argparse
import sys

from pelican.settings import read_settings

from .build import build

PLACEHOLDER = "https://sun.example.org"  # publishconf.py's default: not an address anyone owns
NO_ADDRESS = ("✗ Publication arrêtée : indiquez l'adresse publique du site dans publishconf.py : SITEURL "
              "(ou dans la variable SUN_PUBLIC_URL).")


def public_address(settings_file: str, content: str) -> str | None:
    """The SITEURL the settings give, or None when they are unreadable (the build then says why)."""
    try:
        settings = read_settings(settings_file, override={"PATH": content})
    except (ValueError, OSError):
        return None
    return str(settings.get("SITEURL") or "")


def publish(settings_file: str = "publishconf.py", content: str = "content", output: str = "public",
            out=sys.stdout) -> int:
    address = public_address(settings_file, content)
    if address is not None and address.rstrip("/") in ("", PLACEHOLDER):
        print(NO_ADDRESS, file=out)
        return 1
    return build(settings_file, content, output, out=out, publishing=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sun_site.publish")
    parser.add_argument("--settings", default="publishconf.py")
    parser.add_argument("--content", default="content")
    parser.add_argument("--output", default="public")
    args = parser.parse_args(argv)
    return publish(args.settings, args.content, args.output)


if __name__ == "__main__":
    sys.exit(main())
