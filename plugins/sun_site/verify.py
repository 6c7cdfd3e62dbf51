"""Checks the staged site before it replaces the published one.

programme.json is the contract between the build and its readers: every page,
calendar, feed, export, poster and short address it lists must exist in the staged folder.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path


def _page(url: str) -> str:
    return f"{url}index.html" if url.endswith("/") or not url else url


def missing_files(programme_json: Path, files: Collection[str]) -> list[str]:
    """What ``programme_json`` lists that is not among ``files`` (names relative to the site's root)."""
    data = json.loads(programme_json.read_text(encoding="utf-8"))
    wanted: list[tuple[str, str]] = []
    for event in data["events"]:
        wanted.append((event["url"], _page(event["url"])))
        wanted.append((event["calendar"], event["calendar"]))
        if event.get("short_url"):
            wanted.append((event["short_url"], _page(event["short_url"])))
        wanted += [(path, path) for path in event.get("print", {}).values()]
    for group in ("communes", "partners"):
        for entry in data[group]:
            wanted.append((entry["url"], _page(entry["url"])))
            wanted += [(path, path) for path in entry.get("print", {}).values()]
    for commune in data["communes"]:
        wanted.append((commune["calendar"], commune["calendar"]))
        wanted.append((commune["feed"], commune["feed"]))
        wanted.append((commune["openagenda"], commune["openagenda"]))
    for entry in data["communes"] + data["partners"]:
        wanted.append((entry["embed"], _page(entry["embed"])))
    wanted += [(url, _page(url)) for url in data["pages"].values()]
    wanted += [(path, path) for path in data["exports"].values()]
    wanted.append((data["calendars"]["programme"], data["calendars"]["programme"]))
    wanted += [(path, path) for path in data["calendars"]["themes"].values()]
    return [shown for shown, path in wanted if path not in files]
