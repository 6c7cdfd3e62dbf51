"""``invoke serve``'s server: the last good site, or, while the content has errors, a page listing them.

A failed rebuild never touches ``output/`` (see ``sun_site.build``): the browser would keep showing the
last good pages with no sign that they are stale. So, as Hugo's and Vite's servers do, every request for
a page gets the error page instead (status 500) until a rebuild succeeds; the other files (style sheet,
images, calendars) are still served from the last good site.
"""

from __future__ import annotations

import functools
import html
import http.server
import io
import re
import sys
import threading
import urllib.parse
from pathlib import Path
from typing import TextIO

from .build import build
from .cache import Cache

_ESCAPES = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")  # the progress bar's terminal codes
_PAGE_SUFFIXES = ("", ".html", ".htm")


class PreviewState:
    """What the server shows: the site, or the problems printed by the last rebuild, which failed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._problems: list[str] | None = None

    def succeeded(self) -> None:
        with self._lock:
            self._problems = None

    def failed(self, printed: str) -> None:
        with self._lock:
            self._problems = _printed_lines(printed)

    def error_page(self) -> bytes | None:
        with self._lock:
            problems = self._problems
        return None if problems is None else error_page(problems)


class _Tee:
    """Prints to the terminal as the build always does, and keeps a copy for the error page."""

    def __init__(self, out: TextIO):
        self.out, self.copy = out, io.StringIO()

    def write(self, text: str) -> int:
        self.copy.write(text)
        return self.out.write(text)

    def flush(self) -> None:
        self.out.flush()

    def isatty(self) -> bool:
        return self.out.isatty()


def rebuild(settings: str, content: str, output: str, caches: dict[Path, Cache], state: PreviewState,
            out: TextIO = sys.stdout) -> bool:
    """Build; on failure, keep the last good site in ``output`` and have the server show the problems."""
    tee = _Tee(out)
    try:
        succeeded = build(settings, content, output, out=tee, caches=caches) == 0
    except Exception as error:  # a template or settings mistake must not stop the preview
        print(f"✗ Construction impossible : {type(error).__name__}: {error}", file=tee)
        succeeded = False
    if succeeded:
        state.succeeded()
    else:
        state.failed(tee.copy.getvalue())
        print("Tant que ces problèmes ne sont pas corrigés, chaque page de l'aperçu les montre à la place "
              "du site.", file=out, flush=True)
    return succeeded


def _printed_lines(printed: str) -> list[str]:
    """The lines a failed build printed, without its progress (bar or « … pages : 12 à faire »)."""
    lines = []
    for printed_line in printed.split("\n"):
        # On a terminal, the bar is redrawn after « \r » and cleared by « \r\x1b[2K » (sun_site.progress).
        drawn = [_ESCAPES.sub("", part).strip() for part in printed_line.split("\r")]
        line = next((part for part in reversed(drawn) if part and "▕" not in part), "")
        if line and not line.startswith("… "):
            lines.append(line)
    return lines


def _problem_item(line: str) -> str:
    """« content/events/x.yaml:12: format: … » with its place (file and line) set apart."""
    where, separator, what = line.partition(": ")
    if not separator or " " in where:
        return f"<li>{html.escape(line)}</li>"
    return f"<li><code>{html.escape(where)}</code> : {html.escape(what)}</li>"


_STYLE = """body { font-family: system-ui, sans-serif; font-size: 1.1rem; line-height: 1.5; color: #1b1b1b;
  background: #fff; margin: 0; }
main { max-width: 50rem; margin: 0 auto; padding: 1rem; }
h1 { color: #a4161a; font-size: 1.6rem; }
.summary { border-left: 8px solid #a4161a; background: #fdecea; padding: .75rem 1rem; }
li { margin: .5rem 0; }
code { font-size: 1rem; background: #f1f1f1; padding: 0 .2rem; overflow-wrap: anywhere; }"""


def error_page(lines: list[str]) -> bytes:
    summary = [line for line in lines if line.startswith("✗")]
    warnings = [line for line in lines if ": attention : " in line and not line.startswith("✗")]
    errors = [line for line in lines if line not in summary and line not in warnings]
    parts = ['<!doctype html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
             '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
             "<title>Erreur : le site n'a pas pu être reconstruit — aperçu</title>\n"
             f"<style>\n{_STYLE}\n</style>\n</head>\n<body>\n<main>\n"
             "<h1>Le site n'a pas pu être reconstruit</h1>\n"
             "<p>Tant que le programme contient ces erreurs, l'aperçu montre cette page à la place de chaque "
             "page du site. Corrigez les fichiers indiqués, enregistrez, puis rechargez cette page.</p>\n"]
    parts += [f'<p class="summary">{html.escape(line)}</p>\n' for line in summary]
    for heading, items in (("Erreurs", errors), ("À vérifier aussi", warnings)):
        if items:
            parts.append(f"<h2>{heading} ({len(items)})</h2>\n<ol>\n")
            parts += [_problem_item(line) + "\n" for line in items]
            parts.append("</ol>\n")
    parts.append("</main>\n</body>\n</html>\n")
    return "".join(parts).encode("utf-8")


def _is_page(path: str) -> bool:
    path = urllib.parse.unquote(urllib.parse.urlsplit(path).path)
    return path.endswith("/") or Path(path).suffix.lower() in _PAGE_SUFFIXES


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, state: PreviewState, **kwargs):
        self.state = state  # before the base class, which answers the request at once
        super().__init__(*args, **kwargs)

    def send_head(self):
        page = self.state.error_page() if _is_page(self.path) else None
        if page is None:
            return super().send_head()
        self.send_response(500, "Erreur de construction")
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        return io.BytesIO(page)


def preview_server(output: str, state: PreviewState, port: int) -> http.server.ThreadingHTTPServer:
    """The server on 127.0.0.1 (``port`` 0: a free one, then in ``server_address``); not yet started."""
    handler = functools.partial(PreviewHandler, directory=str(Path(output).resolve()), state=state)
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
