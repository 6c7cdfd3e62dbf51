"""The site a build assembles, file by file, in a staging folder that replaces the published one whole.

Every file the programme makes is a blob of the build's cache (``sun_site.cache``), linked into
the staging folder; Pelican adds the theme's static files. Once the staged site is checked, it
replaces the published folder in one rename: a failed build leaves the published site as it was.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .cache import Blob, Cache


class SiteFiles:
    def __init__(self, staging: Path, cache: Cache):
        self.staging, self.cache = staging, cache
        self.blobs: dict[str, Blob] = {}  # save_as → blob, for every file this build made

    def put(self, save_as: str, blob: Blob) -> None:
        if save_as in self.blobs:  # two outputs for one place: one would be lost
            raise RuntimeError(f"{save_as} est écrit deux fois par la construction")
        self.blobs[save_as] = blob
        self.cache.place(blob, self.staging / save_as)

    def put_all(self, blobs: dict[str, Blob]) -> dict[str, Blob]:
        for save_as, blob in blobs.items():
            self.put(save_as, blob)
        return blobs

    def sizes(self, names=None) -> dict[str, int]:
        return {name: self.blobs[name].size for name in (self.blobs if names is None else names)}


def files_under(root: Path) -> list[str]:
    """Every file below ``root``, as a name relative to it with « / » between folders."""
    found = []
    for folder, _dirs, names in os.walk(root):
        relative = os.path.relpath(folder, root)
        found += [name if relative == "." else f"{relative}/{name}".replace(os.sep, "/") for name in names]
    return found


def publish(staging: Path, target: Path) -> None:
    """Put the staged site in the place of ``target``, whole."""
    old = target.with_name(f"{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    staging.rename(target)
    if old.exists():
        shutil.rmtree(old)
