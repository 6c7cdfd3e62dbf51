"""Pure steps: the functions whose result depends on nothing but the values they receive.

The core marks them with ``@step``; called outside a build they simply run. A build may hand
them to a runner (``run_steps_with``): the site build's cache (``plugins/sun_site/cache.py``)
finds each result again by a digest of the function and of the values it received, so a
rebuild after one edit redoes only the steps whose values changed.

A step must therefore read nothing but its arguments, the code and the package's static data
(vocabularies): no file, no clock, no global that changes. Its arguments are positional values
the cache can digest (text, numbers, dates, bytes, tuples, lists, dicts, frozen dataclasses of
those), and its result must be picklable.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

Runner = Callable[..., Any]  # runner(function, *values) -> function(*values), or a result kept before
_RUNNER: ContextVar[Runner | None] = ContextVar("sun_step_runner", default=None)


def step(function: F) -> F:
    """Mark ``function`` as a pure step (see the module's text); its arguments are positional."""

    @functools.wraps(function)
    def run(*values: Any) -> Any:
        runner = _RUNNER.get()
        return function(*values) if runner is None else runner(function, *values)

    run.pure = function  # type: ignore[attr-defined]
    return run  # type: ignore[return-value]


@contextmanager
def run_steps_with(runner: Runner) -> Iterator[None]:
    """Within this block, every step is run by ``runner``."""
    token = _RUNNER.set(runner)
    try:
        yield
    finally:
        _RUNNER.reset(token)
