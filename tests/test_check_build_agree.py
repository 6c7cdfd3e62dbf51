"""Check and build agree: on damaged content, ``check`` fails exactly when ``build`` fails.

Hypothesis draws one or two damages to a tiny valid programme (one edition, two partners with
their venues, two events) and runs the real check and the real build, in this process, on the
result:

- ``check`` fails ⇔ ``build`` fails: check finds every problem the build can meet;
- neither raises (the build's designed error path returns 1), prints an English error, logs
  through Python's logging or writes anything to the process's stdout or stderr;
- a failed build leaves the site built before from the good programme byte for byte as it was,
  and no staging folder behind.

The damages cover every field of every kind of file (taken from ``sunprogramme.schema``, so a
new field is damaged too): hostile values (line breaks in one-line fields, control and
invisible characters, numbers and booleans YAML 1.1 would turn, lists for texts and texts for
lists, tags, anchors, unclosed quotes, scripts, paths out of the content folder, impossible
dates and times…), a deleted or doubled field, and damage to whole files (truncated, latin-1,
a byte-order mark, CRLF, empty, two documents, odd names) and to the images the posters draw.

The build runs with its caches in the run's own folder: empty (a cold build), or as the good
build left them (a rebuild after an edit, as ``invoke build`` twice). Deterministic
(``derandomize``): each run tries the same examples; about 40 s.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import shutil
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from sun_site.build import build
from sunprogramme.cli import check

from conftest import ROOT
from damage_strategies import DAMAGES
from damaged_content import describe, make_content

MAX_EXAMPLES = 75


# --- Running check and build --------------------------------------------------------------------

ENGLISH = re.compile(r"Traceback|\b(?:expected|found|while (?:scanning|parsing)|could not|cannot|object|invalid|"
                     r"error|exception|codec|decode|column|unexpected|unacceptable|not allowed)\b", re.IGNORECASE)


def digest(folder: Path) -> str:
    """One digest of a folder's names, links and bytes."""
    total = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        total.update(str(path.relative_to(folder)).encode() + b"\0")
        if path.is_symlink():
            total.update(b"link:" + os.readlink(path).encode())
        elif path.is_file():
            total.update(hashlib.sha256(path.read_bytes()).digest())
    return total.hexdigest()


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record):
        self.records.append(f"{record.name}: {record.getMessage()}")


@dataclass
class Outcome:
    code: int | None
    printed: str
    logged: list[str]
    warned: list[str]


def _run(function, *args, **kwargs) -> Outcome:
    """Call ``check`` or ``build``, keeping what it prints, logs and warns; an exception goes up."""
    out, handler = io.StringIO(), _Records()
    logging.getLogger().addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("default")
            code = function(*args, out=out, **kwargs)
    finally:
        logging.getLogger().removeHandler(handler)
    warned = [f"{w.category.__name__}: {w.message}" for w in caught
              if not issubclass(w.category, (DeprecationWarning, PendingDeprecationWarning))]
    return Outcome(code, out.getvalue(), handler.records, warned)


class Site:
    """A work folder: the good programme built once, then each damaged one built over it."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.run = folder / "run"
        self.content, self.output, self.cache = self.run / "content", self.run / "output", self.run / "cache"
        self.settings = folder / "conf.py"
        self.settings.write_text(
            f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa\n"
            f"THEME = {str(ROOT / 'theme')!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
            f"PROGRAMME_BUILD_CACHE_DIR = {str(self.cache / 'construction')!r}\n", encoding="utf-8")
        make_content(self.content, [])
        make_content(folder / "good-content", [])
        good = _run(check, str(self.content))
        assert good.code == 0, good.printed
        built = self.build()
        assert built.code == 0 and not built.logged and not built.warned, built
        shutil.copytree(self.output, folder / "good-output", symlinks=True)
        shutil.copytree(self.cache, folder / "good-cache", symlinks=True)
        self.good_digest = digest(self.output)

    def build(self) -> Outcome:
        return _run(build, str(self.settings), str(self.content), str(self.output))

    def reset(self, damages: list, warm: bool) -> None:
        for _attempt in range(50):  # a build that crashed may leave a worker writing for a moment
            try:
                shutil.rmtree(self.run)
                break
            except OSError:
                time.sleep(0.1)
        self.run.mkdir()
        shutil.copytree(self.folder / "good-output", self.output, symlinks=True)
        if warm:
            shutil.copytree(self.folder / "good-cache", self.cache, symlinks=True)
        make_content(self.content, damages)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    return Site(tmp_path_factory.mktemp("agree"))


def examine(site: Site, damages: list, warm: bool) -> list[str]:
    """Everything wrong with check and build on the damaged programme (empty: they agree).
    An exception from check or build is not caught: it is a failure of its own."""
    site.reset(damages, warm)
    shown = describe(site.content, site.folder / "good-content")
    content_before = digest(site.content)
    checked = _run(check, str(site.content))
    failures = []
    if digest(site.content) != content_before:
        failures.append("check changed the content folder")
    built = site.build()
    note(f"damaged files:\n{shown}\n\ncheck printed ({checked.code}):\n{checked.printed}\n"
         f"build printed ({built.code}):\n{built.printed}")
    if checked.code not in (0, 1) or built.code not in (0, 1):
        failures.append(f"exit codes {checked.code}, {built.code}")
    if (checked.code == 1) != (built.code == 1):
        failures.append(f"check {'failed' if checked.code else 'passed'} but build "
                        f"{'failed' if built.code else 'passed'}")
    for who, outcome in (("check", checked), ("build", built)):
        for line in outcome.printed.splitlines():  # what the organiser typed is quoted « like this »
            if ENGLISH.search(re.sub(r"«[^»]*»", "", line.replace(str(site.folder), ""))):
                failures.append(f"{who} printed English: {line}")
                break
        if outcome.logged:
            failures.append(f"{who} logged: {outcome.logged[:3]}")
        if outcome.warned:
            failures.append(f"{who} warned: {outcome.warned[:3]}")
    if built.code != 0:
        if digest(site.output) != site.good_digest:
            failures.append("the failed build changed the output folder")
        if digest(site.content) != content_before:
            failures.append("the failed build changed the content folder")
        if [p.name for p in site.run.iterdir() if ".partial-" in p.name]:
            failures.append("the failed build left its staging folder")
    return failures


@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None, print_blob=False,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(damages=DAMAGES, warm=st.booleans())
def test_check_fails_exactly_when_build_fails(site, capfd, damages, warm):
    capfd.readouterr()
    failures = examine(site, damages, warm)
    printed = capfd.readouterr()
    if printed.out or printed.err:
        failures.append(f"written to the process's stdout/stderr: {(printed.out + printed.err)[:500]!r}")
    assert not failures, "\n".join(failures)
