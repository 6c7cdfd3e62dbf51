"""Where a build writes its files: a staging folder, and what it may keep from the published site.

Two ways, one result (byte for byte):

- **cold**: no usable record of the published site (first build, other code or settings, a
  folder moved by hand). Every file is written into the staging folder, which then replaces the
  published folder whole (one rename).
- **incremental**: the published folder was made by this code with these settings, and the
  manifest says what each of its files was made from (a fingerprint of its inputs). A file whose
  inputs did not change is not made again; only new and changed files go into the staging folder.
  The checks then see the published folder with the staged files laid over it, and only when they
  pass are the staged files moved into place (one rename each) and the files the programme no
  longer makes removed.

Either way, a build that fails leaves the published folder as it was. The manifest lives in the
cache folder, outside the published site. It also records each file's size and modification
time: a published file changed or removed by hand is made again, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .search_shards import MAIN_BUNDLE as SEARCH_BUNDLES  # pagefind/, pagefind-2/…

MANIFEST_VERSION = 1


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass
class Entry:
    fingerprint: str | None  # of the inputs; None: a file we copy or another program writes
    digest: str | None = None  # of the bytes, for the files we write
    size: int = 0
    mtime_ns: int = 0
    extra: dict = field(default_factory=dict)  # what else the file depends on (file sizes it shows…)

    def to_json(self) -> list:
        return [self.fingerprint, self.digest, self.size, self.mtime_ns, self.extra]

    @classmethod
    def from_json(cls, raw: list) -> Entry:
        return cls(*raw)


@dataclass
class Manifest:
    files: dict[str, Entry]
    bundles: dict[str, str]  # search bundle folder → fingerprint of the pages it indexes


def read_manifest(path: Path, site: str, published: Path) -> Manifest | None:
    """The published folder's files, if the manifest was written for ``site`` (code and settings)
    and for this folder; None otherwise (the build is then cold)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION or data.get("site") != site
            or data.get("folder") != str(published) or not published.is_dir()):
        return None
    try:
        return Manifest({name: Entry.from_json(raw) for name, raw in data["files"].items()},
                        dict(data["bundles"]))
    except (KeyError, TypeError, ValueError):
        return None


class StagedOutput:
    """The files of one build, written under ``staging``; ``previous`` is the published folder's
    manifest (None: cold build)."""

    def __init__(self, staging: Path, published: Path, previous: Manifest | None, site: str):
        self.staging, self.published, self.site = staging, published, site
        self._published_folder = str(published)
        self.previous = previous.files if previous else None
        self.previous_bundles = previous.bundles if previous else {}
        self.bundles: dict[str, str] = {}
        self.entries: dict[str, Entry] = {}
        self.written: set[str] = set()  # staged by this build
        self.kept: set[str] = set()  # kept from the published folder
        self.kept_folders: set[str] = set()  # whole folders kept (search bundles)

    @property
    def incremental(self) -> bool:
        return self.previous is not None

    def _published_entry(self, name: str) -> Entry | None:
        """The published file's entry, if the file is still there as the manifest recorded it."""
        if self.previous is None:
            return None
        entry = self.previous.get(name)
        if entry is None:
            return None
        try:
            info = os.stat(os.path.join(self._published_folder, name))  # a rebuild asks for every file: no Path
        except OSError:
            return None
        if info.st_size != entry.size or info.st_mtime_ns != entry.mtime_ns:
            return None
        return entry

    def made_from(self, name: str, fingerprint: str) -> Entry | None:
        """The published file's entry if it is there as recorded and was made from the same inputs
        (nothing is kept yet: see ``keep``)."""
        entry = self._published_entry(name)
        return entry if entry is not None and entry.fingerprint == fingerprint else None

    def keep(self, name: str, entry: Entry) -> None:
        self.entries[name] = entry
        self.kept.add(name)

    def reusable(self, name: str, fingerprint: str, still_valid: Callable[[dict], bool] | None = None) -> bool:
        """True (and the published file is kept) when ``name`` was made from the same inputs;
        ``still_valid`` checks the entry's extra dependencies."""
        entry = self.made_from(name, fingerprint)
        if entry is None or (still_valid is not None and not still_valid(entry.extra)):
            return False
        self.keep(name, entry)
        return True

    def write(self, name: str, data: bytes, fingerprint: str | None = None, extra: dict | None = None) -> None:
        """Stage ``data`` as ``name``; in an incremental build, the same bytes as published stay."""
        if name in self.written or name in self.kept:  # two outputs for one place: one would be lost
            raise RuntimeError(f"{name} est écrit deux fois par la construction")
        digest = content_digest(data)
        entry = self._published_entry(name)
        if entry is not None and entry.digest == digest:
            self.entries[name] = Entry(fingerprint, digest, entry.size, entry.mtime_ns, extra or {})
            self.kept.add(name)
            return
        target = self.staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(data)
        self.entries[name] = Entry(fingerprint, digest, len(data), 0, extra or {})
        self.written.add(name)

    def keep_bundle(self, folder: str, fingerprint: str) -> bool:
        """Keep the published search bundle ``folder`` if it indexed the same pages."""
        if self.previous is None or self.previous_bundles.get(folder) != fingerprint:
            return False
        if not (self.published / folder).is_dir():
            return False
        self.kept_folders.add(folder)
        self.bundles[folder] = fingerprint
        return True

    def delta(self) -> tuple[dict[str, Entry], set[str], set[str]]:
        """What this object recorded, for the process that forked this one (see ``merge``)."""
        return self.entries, self.written, self.kept

    def merge(self, delta: tuple[dict[str, Entry], set[str], set[str]]) -> None:
        entries, written, kept = delta
        self.entries.update(entries)
        self.written |= written
        self.kept |= kept

    def removed(self, site_files: set[str]) -> set[str]:
        """Published files the programme no longer makes (``site_files``: see ``site_files``), search
        bundles aside (one made again is replaced whole, and may still be in the making: pages never
        link into it)."""
        return {name for name in set(self.previous or {}) - site_files if not _in_search_bundle(name)}

    def path(self, name: str) -> Path:
        """Where to read ``name`` now: staged, or still in the published folder."""
        staged = self.staging / name
        return staged if name not in self.kept and staged.is_file() else self.published / name

    def site_files(self) -> set[str]:
        """Every file of the site as it will be published: staged (ours, Pelican's static copies,
        search bundles), kept, or in a kept search bundle."""
        files = set(files_under(self.staging)) | self.kept
        for folder in self.kept_folders:
            files |= {f"{folder}/{name}" for name in files_under(self.published / folder)}
        return files

    def publish(self, manifest: Path) -> Manifest:
        """Put the staged site in place, then record what the published folder holds (and return it)."""
        staged = set(files_under(self.staging))
        if not self.incremental:
            _swap(self.staging, self.published)
        else:
            bundles = {name.split("/", 1)[0] for name in staged if _in_search_bundle(name)}
            for bundle in sorted(bundles):  # a search bundle is replaced whole, in one move: its file names are hashes
                old = self.published / bundle
                if old.is_dir():
                    shutil.rmtree(old)
                os.replace(self.staging / bundle, old)
            for name in sorted(staged):
                if _in_search_bundle(name):
                    continue
                target = self.published / name
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.staging / name, target)
            shutil.rmtree(self.staging)
            gone = set(self.previous or {}) - staged - self.kept
            for name in sorted(gone):
                if name.split("/", 1)[0] not in self.kept_folders:
                    (self.published / name).unlink(missing_ok=True)
            _remove_empty_folders(self.published, {name.rsplit("/", 1)[0] for name in gone if "/" in name})
        files: dict[str, Entry] = {}
        for name in staged:
            entry = self.entries.get(name) or Entry(None)
            info = os.stat(os.path.join(self._published_folder, name))  # a rebuild asks for every file: no Path
            files[name] = Entry(entry.fingerprint, entry.digest, info.st_size, info.st_mtime_ns, entry.extra)
        for name in self.kept:
            files[name] = self.entries[name]
        for folder in self.kept_folders:
            for name in files_under(self.published / folder):
                files[f"{folder}/{name}"] = (self.previous or {}).get(f"{folder}/{name}") or Entry(None)
        manifest.parent.mkdir(parents=True, exist_ok=True)
        partial = manifest.with_name(f"{manifest.name}.{os.getpid()}")
        partial.write_text(json.dumps({"version": MANIFEST_VERSION, "site": self.site, "folder": str(self.published),
                                       "bundles": dict(sorted(self.bundles.items())),
                                       "files": {name: files[name].to_json() for name in sorted(files)}},
                                      ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        partial.replace(manifest)
        return Manifest(files, dict(self.bundles))



def _in_search_bundle(name: str) -> bool:
    return name.split("/", 1)[0].startswith(SEARCH_BUNDLES)


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


def _swap(built: Path, target: Path) -> None:
    old = target.with_name(f"{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    built.rename(target)
    if old.exists():
        shutil.rmtree(old)
