"""The print pack drawn through the build's cache: a poster whose job did not change is not drawn
again; the others are shared between the processor's cores."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from sunprogramme.printing import PrintJob, render

from .cache import Blob, Cache


def cached_print_pack(cache: Cache, jobs: list[PrintJob]) -> tuple[dict[str, Blob], list[PrintJob]]:
    """The files the cache holds, by file name, and the jobs still to draw (the build says how many)."""
    drawing = cache.stored(render)
    found: dict[str, Blob] = {}
    todo = []
    for job in jobs:
        blob = cache.find(drawing, job)
        if blob is None:
            todo.append(job)
        else:
            found[job.save_as] = blob
    return found, todo


def draw_print_pack(cache: Cache, jobs: list[PrintJob], progress: Callable[[int], None],
                    workers: int | None = None,
                    cached: tuple[dict[str, Blob], list[PrintJob]] | None = None) -> tuple[dict[str, Blob], int]:
    """Every job's blob by file name, and how many were drawn (the others were found in the cache).
    ``progress`` is told of each file drawn; ``cached``: ``cached_print_pack``'s answer, when asked."""
    drawing = cache.stored(render)
    found, todo = cached if cached is not None else cached_print_pack(cache, jobs)
    blobs = dict(found)
    workers = workers or min(os.cpu_count() or 1, 4)
    if len(todo) > 4 and workers > 1:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            drawn = pool.map(render, todo, chunksize=4)
            for job, data in zip(todo, drawn, strict=True):
                blobs[job.save_as] = _kept(cache, drawing, job, data)
                progress(1)
    else:
        for job in todo:
            blobs[job.save_as] = _kept(cache, drawing, job, render(job))
            progress(1)
    return {job.save_as: blobs[job.save_as] for job in jobs}, len(todo)


def _kept(cache: Cache, drawing, job: PrintJob, data: bytes) -> Blob:
    blob = cache.store(data)
    cache.keep(blob, drawing, job)
    return blob
