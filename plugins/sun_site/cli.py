"""``python -m sun_site.cli build|serve``: the commands behind ``invoke build`` and ``invoke serve``."""

from __future__ import annotations

import argparse
import errno
import sys
import threading
from pathlib import Path

from .build import build
from .cache import Cache
from .preview import PreviewState, preview_server, rebuild

WATCHED = ("content", "theme", "plugins", "sunprogramme", "pelicanconf.py")


def serve(settings: str, content: str, output: str, port: int) -> int:
    from watchfiles import watch

    caches: dict[Path, Cache] = {}  # what each build keeps in memory for the next one
    state = PreviewState()  # while the content has errors, every page shows them (see sun_site.preview)
    # The port is taken before the first build: a busy one is said at once, not after a full build.
    try:
        server = preview_server(output, state, port)
    except OSError as error:
        print(_port_problem(port, error), flush=True)
        return 1
    rebuild(settings, content, output, caches, state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Aperçu sur http://localhost:{server.server_address[1]}/ — Ctrl+C pour arrêter.", flush=True)
    watched = [p for p in {content, *WATCHED} if Path(p).exists()]
    try:
        for _changes in watch(*watched, watch_filter=lambda _change, path: ".partial-" not in path):
            print("Modification détectée, reconstruction…")
            rebuild(settings, content, output, caches, state)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
        for cache in caches.values():  # what the next « invoke build » can reuse
            cache.write_index()
    return 0


def _port_problem(port: int, error: OSError) -> str:
    """Why the preview cannot listen on ``port``, in French, with the command to run instead."""
    other = f"lancez « invoke serve --port {port + 1 if port < 65535 else 8001} »"
    if error.errno == errno.EADDRINUSE:
        return (f"✗ le port {port} est déjà utilisé (un autre « invoke serve » est peut-être ouvert) : "
                f"fermez-le, ou {other}")
    if error.errno == errno.EACCES:
        return f"✗ le port {port} est réservé sur cet ordinateur : {other}"
    return f"✗ impossible d'ouvrir le port {port} ({error.strerror or error}) : {other}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sun_site")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("build", "serve"):
        one = sub.add_parser(name)
        one.add_argument("--settings", default="pelicanconf.py")
        one.add_argument("--content", default="content")
        one.add_argument("--output", default="output")
        if name == "serve":
            one.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if args.command == "serve":
        return serve(args.settings, args.content, args.output, args.port)
    return build(args.settings, args.content, args.output)


if __name__ == "__main__":
    sys.exit(main())
