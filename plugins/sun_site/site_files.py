"""The site a build makes: every file is a blob of the build's cache (``sun_site.cache``), by name.

A build never touches the published folder before the whole site is made and checked:

- **first build** (no published folder yet): every file is linked into the staging folder as
  soon as it is made (Pelican writes the theme's files there too, Pagefind indexes it), and the
  staging folder becomes the published one in one rename;
- **later builds**: only the blobs' names are kept in memory; once the site is checked, each
  published file that is not already its blob (same size and date: a hard link of it) is replaced,
  one rename each, and the files the site no longer has are removed. Folders and unchanged files
  are left alone: on a disk where creating and removing folders is slow, a rebuild after one edit
  touches a few files, not the tens of thousands of a national programme.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from sunprogramme.search_shards import MAIN_BUNDLE as SEARCH_BUNDLES  # pagefind/, pagefind-2/…

from .cache import Blob, Cache


class SiteFiles:
    def __init__(self, staging: Path, published: Path, cache: Cache):
        self.staging, self.published, self.cache = staging, published, cache
        # First build (or plain Pelican, writing in place): the staging folder is the site.
        self.fresh = staging == published or not published.is_dir()
        self.blobs: dict[str, Blob] = {}  # save_as → blob, for every file of the site
        # The names this cache last published there: a rebuild removes the ones gone without
        # listing the whole published folder.
        name = hashlib.blake2b(str(published.resolve()).encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()
        self.record = cache.folder / f"publie-{name}.txt"

    def put(self, save_as: str, blob: Blob) -> None:
        if save_as in self.blobs:  # two outputs for one place: one would be lost
            raise RuntimeError(f"{save_as} est écrit deux fois par la construction")
        self.blobs[save_as] = blob
        if self.fresh:
            self.cache.place(blob, self.staging / save_as)

    def put_all(self, blobs: dict[str, Blob]) -> dict[str, Blob]:
        for save_as, blob in blobs.items():
            self.put(save_as, blob)
        return blobs

    def sizes(self) -> dict[str, int]:
        return {name: blob.size for name, blob in self.blobs.items()}

    def path(self, name: str) -> Path:
        return self.cache.blob_path(self.blobs[name])

    def take_staged(self) -> None:
        """The files Pelican wrote into the staging folder (the theme's), as blobs of the site (not
        the search bundles Pagefind may be writing there: see ``SearchIndex.finish``)."""
        for name in sorted(set(files_under(self.staging)) - set(self.blobs)):
            if name.split("/", 1)[0].startswith(SEARCH_BUNDLES):
                continue
            blob = self.cache.store((self.staging / name).read_bytes())
            self.blobs[name] = blob
            if self.fresh:  # the staged copy becomes a link to the blob, as every other file
                (self.staging / name).unlink()
                self.cache.place(blob, self.staging / name)

    def publish(self) -> tuple[int, int]:
        """Put the checked site in place; returns how many files were replaced and removed."""
        if self.fresh:
            if self.staging != self.published:
                self.staging.rename(self.published)
            self._write_record()
            return len(self.blobs), 0
        try:
            before = set(self.record.read_text(encoding="utf-8", errors="surrogateescape").split("\0"))
        except OSError:
            before = set(files_under(self.published))
        replaced = 0
        for name, blob in sorted(self.blobs.items()):
            target = self.published / name
            try:
                status = os.stat(target)
                if status.st_size == blob.size and status.st_mtime_ns == blob.stamp:
                    continue
            except FileNotFoundError:
                pass
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.{os.getpid()}.new")
            self.cache.place(blob, partial)
            os.replace(partial, target)
            replaced += 1
        gone = sorted(before - set(self.blobs) - {""})
        for name in gone:
            (self.published / name).unlink(missing_ok=True)
        _remove_empty_folders(self.published, {name.rsplit("/", 1)[0] for name in gone if "/" in name})
        shutil.rmtree(self.staging)
        self._write_record()
        return replaced, len(gone)

    def _write_record(self) -> None:
        self.record.parent.mkdir(parents=True, exist_ok=True)
        partial = self.record.with_name(f"{self.record.name}.{os.getpid()}")
        partial.write_text("\0".join(sorted(self.blobs)), encoding="utf-8", errors="surrogateescape")
        partial.replace(self.record)


def files_under(root: Path) -> list[str]:
    """Every file below ``root``, as a name relative to it with « / » between folders."""
    found = []
    for folder, _dirs, names in os.walk(root):
        relative = os.path.relpath(folder, root)
        found += [name if relative == "." else f"{relative}/{name}".replace(os.sep, "/") for name in names]
    return found


def _remove_empty_folders(root: Path, candidates: set[str]) -> None:
    """Remove the folders left empty once their files were removed, and their empty parents."""
    for relative in sorted(candidates, key=lambda c: -c.count("/")):
        folder = root / relative
        while folder != root and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
