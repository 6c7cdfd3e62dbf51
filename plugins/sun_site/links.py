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
_PLAIN = re.compile(r"[\w./-]+")  # no scheme, query, fragment, escape or reference


def page_targets(page: str, links: list[str], prefix: str | None) -> list[tuple]:
    """Where each internal link of ``page`` leads: (link as written, target file, fragment, whether
    the target is a folder's index.html whatever the site holds, and for an absolute address of the
    site, its first folder); external links left out."""
    folder_of_page = posixpath.dirname(page)
    targets = []
    for raw in dict.fromkeys(links):  # each link once, in order
        link, folder, first = html.unescape(raw), folder_of_page, None
        if prefix and (link.startswith(prefix) or link == prefix[:-1]):
            link, folder = link[len(prefix):] or "./", ""  # an absolute address of this site
            first = link.split("/", 1)[0].split("#")[0]
        if _PLAIN.fullmatch(link) and not link.startswith("//"):  # most links: a plain path, nothing to decode
            path, fragment = link, ""
        else:
            parts = urlsplit(link)
            if not link or link.startswith(EXTERNAL) or parts.scheme or parts.netloc:
                continue
            path, fragment = unquote(parts.path), parts.fragment
        if not path:
            targets.append((raw, page, fragment, False, first))  # « #anchor »: the page itself
            continue
        if path.startswith("/"):
            folder, path = "", path.lstrip("/") or "./"  # from the site's root
        target = posixpath.normpath(posixpath.join(folder, path))
        if target == ".":
            targets.append((raw, "index.html", fragment, False, first))
        else:
            targets.append((raw, target, fragment, path.endswith("/"), first))
    return targets


def blob_targets(path: str, _blob: Blob, page: str, prefix: str | None) -> str:
    """``page_targets`` of the page stored as ``_blob`` at ``path`` (a step: found again by the blob),
    as one text (kept for every page of a national programme: a list of tuples weighs ten times more).
    Fields are separated by U+001F, links by U+001E: control characters no page holds."""
    return "\x1e".join("\x1f".join((raw, target, fragment, "1" if folder else "", "" if first is None else first))
                       for raw, target, fragment, folder, first in page_targets(
                           page, _LINK.findall(Path(path).read_text(encoding="utf-8")), prefix))


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
    top_level = {name.split("/", 1)[0] for name in files} | {".", ""}

    def read(name: str, step, *values):
        if site is not None or cache is None or pages is None:
            return step(str(site / name), None, *values)
        return cache.call(step, str(cache.blob_path(pages[name])), pages[name], *values)

    broken = []
    for page in sorted(f for f in files if f.endswith(".html")):
        targets = read(page, blob_targets, page, prefix)
        for raw, target, fragment, folder, first in (line.split("\x1f") for line in targets.split("\x1e") if line):
            if first and first not in top_level:
                continue  # a page the build does not make (a form on the same domain, say)
            if folder or (target != page and f"{target}/index.html" in files):
                target = f"{target}/index.html"
            if target not in files:
                broken.append(f"{page} → {html.unescape(raw)}")
            elif fragment and target.endswith(".html") and fragment not in read(target, blob_ids):
                broken.append(f"{page} → {html.unescape(raw)} (ancre absente)")
    return broken
