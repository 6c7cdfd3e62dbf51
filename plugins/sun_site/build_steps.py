"""Steps of the build that run beside Pelican: the search index (an external program)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def start_search_index(site: Path, folders: list[str]) -> subprocess.Popen:
    """Start building the Pagefind full-text index into ``site/pagefind`` (pages marked data-pagefind-body).

    It runs in its own process, on the other core, while the calendars and exports are written.
    ``folders``: where the indexed pages (events, partners) live; the other pages are not read.
    """
    glob = "{" + ",".join(sorted(set(folders))) + "}/**/*.html" if len(set(folders)) > 1 else f"{folders[0]}/**/*.html"
    return subprocess.Popen([sys.executable, "-m", "pagefind", "--site", str(site), "--silent", "--glob", glob],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish_search_index(process: subprocess.Popen) -> None:
    output, _ = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"Pagefind n'a pas pu indexer le site :\n{output}")
