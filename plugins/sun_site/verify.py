"""Checks the staged site before it replaces the published one.

programme.json is the contract between the build and its readers: every page,
calendar, feed, export, poster and short address it lists must exist in the staged folder.
"""

from __future__ import annotations

import json
from pathlib import Path


def _page(site: Path, url: str) -> Path:
    return site / url / "index.html" if url.endswith("/") or not url else site / url


def missing_files(site: Path) -> list[str]:
    data = json.loads((site / "programme.json").read_text(encoding="utf-8"))
    wanted: list[tuple[str, Path]] = []
    for event in data["events"]:
        wanted.append((event["url"], _page(site, event["url"])))
        wanted.append((event["calendar"], site / event["calendar"]))
        if event.get("short_url"):
            wanted.append((event["short_url"], _page(site, event["short_url"])))
        wanted += [(path, site / path) for path in event.get("print", {}).values()]
    for group in ("communes", "partners"):
        for entry in data[group]:
            wanted.append((entry["url"], _page(site, entry["url"])))
            wanted += [(path, site / path) for path in entry.get("print", {}).values()]
    for commune in data["communes"]:
        wanted.append((commune["calendar"], site / commune["calendar"]))
        wanted.append((commune["feed"], site / commune["feed"]))
        wanted.append((commune["openagenda"], site / commune["openagenda"]))
    for entry in data["communes"] + data["partners"]:
        wanted.append((entry["embed"], _page(site, entry["embed"])))
    wanted += [(url, _page(site, url)) for url in data["pages"].values()]
    wanted += [(path, site / path) for path in data["exports"].values()]
    wanted.append((data["calendars"]["programme"], site / data["calendars"]["programme"]))
    wanted += [(path, site / path) for path in data["calendars"]["themes"].values()]
    return [shown for shown, path in wanted if not path.is_file()]
