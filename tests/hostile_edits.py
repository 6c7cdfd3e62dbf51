"""Helpers of the hostile-content tests: change a text in a content file, build the site quietly."""

from __future__ import annotations

import io
from pathlib import Path

from sun_site.build import build

from conftest import ROOT

SETTINGS = str(ROOT / "pelicanconf.py")
EVENT = "events/premiers-pas-smartphone.md"


def edit(content: Path, relative: str, old: str, new: str) -> None:
    path = content / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def build_site(content: Path, output: Path) -> tuple[int, str]:
    out = io.StringIO()
    code = build(SETTINGS, str(content), str(output), out=out)
    return code, out.getvalue()
