"""Work done in a forked process: it inherits the loaded programme and the cache, so nothing is
sent to it; what it made comes back through a pipe (or stays in its own part of the cache)."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any

from .cache import Cache


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def in_fork(cache: Cache, work: Callable[[], Any], what: str, part: str | None = None) -> Callable[[], Any]:
    """Run ``work`` in a forked process (it inherits the loaded programme and the cache); returns a
    function that waits for its result, the cache taking what it made (or, with ``part``, the
    forked process keeping it in an index of its own: see ``Cache.forked``). Without fork, ``work``
    runs here, at once. ``what``: what it makes, for the error message."""
    if not can_fork():
        result = work()
        return lambda: result
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        try:
            cache.forked(part)
            value = work()
            sender.send(("ok", (value, cache.changes())))
        except BaseException as error:  # told to the parent, which stops the build
            sender.send(("error", f"{type(error).__name__}: {error}"))

    process = context.Process(target=child, daemon=True)
    process.start()
    sender.close()

    def wait() -> Any:
        outcome, value = receiver.recv()
        process.join()
        if outcome != "ok":
            raise RuntimeError(f"écriture des {what} impossible : {value}")
        result, changes = value
        cache.absorb(changes)
        return result

    return wait
