"""Steps of the build that run beside Pelican: the search index (an external program)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def start_search_index(site: Path) -> subprocess.Popen:
    """Start building the Pagefind full-text index into ``site/pagefind`` (pages marked data-pagefind-body).

    It runs in its own process, on the other core, while the calendars and exports are written.
    """
    return subprocess.Popen([sys.executable, "-m", "pagefind", "--site", str(site), "--silent"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish_search_index(process: subprocess.Popen) -> None:
    output, _ = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"Pagefind n'a pas pu indexer le site :\n{output}")
