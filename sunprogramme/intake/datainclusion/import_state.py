"""``imports/data-inclusion.json``: for each structure, its partner, its venue and the values last imported."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .export_reader import ExportError

STATE_FILE = Path("imports") / "data-inclusion.json"
STATE_VERSION = 1


def read_state(path: Path) -> dict[str, Any]:
    """The state the last imports left (an empty one before the first); a damaged one is an ``ExportError``."""
    if path.is_symlink():
        raise ExportError(path, "lien symbolique, jamais suivi : remplacez-le par le fichier lui-même")
    if not path.exists():
        return {"version": STATE_VERSION, "structures": {}}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != STATE_VERSION or not isinstance(data.get("structures"), dict):
            raise ValueError("version inconnue")
        return data
    except (ValueError, AttributeError) as error:
        raise ExportError(path, f"fichier abîmé ({error}) : reprenez la version du dépôt (git checkout)") from None


def state_text(state: dict[str, Any]) -> str:
    """The state as it is written: the same state, the same text."""
    return json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
