"""Every internal link and anchor of the staged site must lead somewhere, before it is published.

Fast enough for a national programme (tens of thousands of pages): the site's files are listed
once, and links and ids are read with regular expressions, which fits the HTML our templates
write (attributes always in double quotes).
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sunprogramme.outputs import files_under

EXTERNAL = ("http://", "https://", "mailto:", "tel:", "webcal://", "data:")
_LINK = re.compile(r'\s(?:href|src)="([^"]*)"')
_ID = re.compile(r'\sid="([^"]*)"')


def broken_links(site: Path, site_url: str = "", *, files: set[str] | None = None,
                 read: Callable[[str], str] | None = None, pages: Iterable[str] | None = None) -> list[str]:
    """Every internal link or anchor that leads nowhere, as « page → link ». ``site_url``: the
    published site's address (SITEURL), when links are absolute: those links are internal too.
    A rebuild checks the site as it will be published: ``files`` (every file's name), ``read``
    (a file's text by name) and ``pages`` (the pages whose links to check; default: all)."""
    prefix = site_url.rstrip("/") + "/" if site_url.startswith(("https://", "http://")) else None
    files = set(files_under(site)) if files is None else files
    read = read or (lambda name: (site / name).read_text(encoding="utf-8"))
    pages = sorted(f for f in files if f.endswith(".html")) if pages is None else sorted(pages)
    top_level = {name.split("/", 1)[0] for name in files}
    ids: dict[str, set[str]] = {}  # of the pages that other pages link into with an anchor
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
    for page in pages:
        text = read(page)
        folder = posixpath.dirname(page)
        if folder != resolved_in:
            resolved.clear()
            resolved_in = folder
        own_ids = None
        for raw in _LINK.findall(text):
            if raw not in resolved:
                resolved[raw] = resolve(folder, raw)
            if resolved[raw] is None:
                continue
            target, fragment = resolved[raw]
            target = target or page
            if target not in files:
                broken.append(f"{page} → {html.unescape(raw)}")
            elif fragment and target.endswith(".html"):
                if target == page:
                    own_ids = own_ids if own_ids is not None else set(_ID.findall(text))
                    found = own_ids
                else:
                    if target not in ids:
                        ids[target] = set(_ID.findall(read(target)))
                    found = ids[target]
                if fragment not in found:
                    broken.append(f"{page} → {html.unescape(raw)} (ancre absente)")
    return broken
