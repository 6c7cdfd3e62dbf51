"""Shared helpers: fixture folders, and a content folder made from the small fixture site."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SITE = FIXTURES / "site"

sys.path.insert(0, str(ROOT / "plugins"))


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A writable copy of the fixture site, as ``<tmp>/content``."""
    target = tmp_path / "content"
    shutil.copytree(SITE, target)
    return target


def shown(problems, content: Path) -> list[str]:
    """Problems as printed, with the temporary folder shown as « content »."""
    return [p.format().replace(str(content), "content") for p in problems]
