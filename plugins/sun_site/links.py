"""Every internal link and anchor of the staged site must lead somewhere, before it is published.

Fast enough for a national programme (tens of thousands of pages): the site's files are listed
once, and links and ids are read with regular expressions, which fits the HTML our templates
write (attributes always in double quotes).
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .cache import Blob, Cache
from .site_files import files_under

EXTERNAL = ("http://", "https://", "mailto:", "tel:", "webcal://", "data:")
_LINK = re.compile(r'\s(?:href|src)="([^"]*)"')
_ID = re.compile(r'\sid="([^"]*)"')


def blob_links(path: str, _blob: Blob) -> list[str]:
    """The links (href and src) of the page stored as ``_blob`` at ``path`` (a step: found again by the blob)."""
    return _LINK.findall(Path(path).read_text(encoding="utf-8"))


def blob_ids(path: str, _blob: Blob) -> set[str]:
    """The ids of the page stored as ``_blob`` at ``path``."""
    return set(_ID.findall(Path(path).read_text(encoding="utf-8")))


def broken_links(site: Path | None, site_url: str = "", *, cache: Cache | None = None,
                 pages: dict[str, Blob] | None = None) -> list[str]:
    """Every internal link or anchor of the pages of the site that leads nowhere, as « page → link »:
    the folder ``site``, or the build's files (``pages``: every file's blob by name, in ``cache``;
    each page's links and ids are then read once for all the builds that make it the same).
    ``site_url``: the published site's address (SITEURL), when links are absolute: those links are
    internal too."""
    prefix = site_url.rstrip("/") + "/" if site_url.startswith(("https://", "http://")) else None
    files = set(pages) if site is None and pages is not None else set(files_under(site))

    def read(name: str, step):
        if site is not None or cache is None or pages is None:
            return step(str(site / name), None)
        return cache.call(step, str(cache.blob_path(pages[name])), pages[name])

    top_level = {name.split("/", 1)[0] for name in files}
    # The same menu links on every page of a folder; pages are sorted, so a folder's come together
    # and the table is emptied at the next folder (kept whole, it held every link of every page).
    resolved: dict[str, tuple[str, str] | None] = {}
    resolved_in = None

    def resolve(folder: str, raw: str) -> tuple[str, str] | None:
        """(target file, fragment) of an internal link from a page in ``folder``; None if external."""
        link = html.unescape(raw)
        if prefix and (link.startswith(prefix) or link == prefix[:-1]):
            link, folder = link[len(prefix):] or "./", ""  # an absolute address of this site
            if link.split("/", 1)[0].split("#")[0] not in top_level | {".", ""}:
                return None  # a page the build does not make (a form on the same domain, say)
        parts = urlsplit(link)
        if not link or link.startswith(EXTERNAL) or parts.scheme or parts.netloc:
            return None
        path = unquote(parts.path)
        if not path:
            return "", parts.fragment  # « #anchor »: the page itself
        if path.startswith("/"):
            folder, path = "", path.lstrip("/") or "./"  # from the site's root
        target = posixpath.normpath(posixpath.join(folder, path))
        if path.endswith("/") or target == "." or f"{target}/index.html" in files:
            target = "index.html" if target == "." else f"{target}/index.html"
        return target, parts.fragment

    broken = []
    for page in sorted(f for f in files if f.endswith(".html")):
        folder = posixpath.dirname(page)
        if folder != resolved_in:
            resolved.clear()
            resolved_in = folder
        for raw in read(page, blob_links):
            if raw not in resolved:
                resolved[raw] = resolve(folder, raw)
            if resolved[raw] is None:
                continue
            target, fragment = resolved[raw]
            target = target or page
            if target not in files:
                broken.append(f"{page} → {html.unescape(raw)}")
            elif fragment and target.endswith(".html"):
                found = read(target, blob_ids)
                if fragment not in found:
                    broken.append(f"{page} → {html.unescape(raw)} (ancre absente)")
    return broken
