"""Checks on a built site that need no browser: page weight. (Internal links and anchors are checked by
the build itself, before the site is published: sun_site.links.)"""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

EXTERNAL = ("http://", "https://", "mailto:", "tel:", "webcal://")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        for name in ("href", "src"):
            if values.get(name):
                self.links.append(values[name])


def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def _target(site: Path, page: Path, link: str) -> tuple[Path, str]:
    base = "file:///" + str(page.relative_to(site))
    resolved = urlsplit(urljoin(base, link))
    path = site / unquote(resolved.path).lstrip("/")
    if resolved.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, resolved.fragment


def transferred_bytes(site: Path, page: Path) -> int:
    """HTML plus the CSS and JS it loads, gzipped as a server would send them."""
    collector = _parse(page)
    total = len(gzip.compress(page.read_bytes(), 9))
    for link in collector.links:
        if link.startswith(EXTERNAL) or not link.endswith((".css", ".js")):
            continue
        target, _ = _target(site, page, link)
        total += len(gzip.compress(target.read_bytes(), 9))
    return total


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """A quiet local web server for ``folder``, for the browser tests; yields its address."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
