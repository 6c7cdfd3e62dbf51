"""Damaged files never crash the reader: every one ends as French problems.

Deterministic (fixed seeds): each run tries the same mutations.
"""

from __future__ import annotations

import copy
import random
import shutil

import yaml

from sunprogramme.loader import load_programme
from sunprogramme.sources import read_source

from conftest import SITE

FILES = sorted(p for p in SITE.rglob("*") if p.suffix in (".md", ".yaml"))
SNIPPETS = [b":", b"-", b" ", b"\n", b"[", b"{", b"'", b'"', b"&a ", b"*a", b"!!python/object ", b"\t", b"~",
            b"- x", b"01", b"25:00", b"\xff", b"oui", b"null", b"[]", b"{}", b"\r", b"\x00", b"---\n"]
VALUES = ["x", 1, 0, -5, 2.5, True, None, [], {}, ["a"], {"a": 1}, [{"date": "2026-10-13"}], "2026-10-13",
          "14:00", [1, 2], {"lat": "a"}, "javascript:alert(1)", "../../x.png"]


def _assert_reads_cleanly(content):
    programme, report = load_programme(content)
    assert (programme is None) == bool(report.errors)
    for problem in report.problems:
        assert problem.message and problem.path.startswith(str(content))


def test_byte_mutations(tmp_path):
    rng = random.Random(20261010)
    for attempt in range(150):
        content = tmp_path / f"c{attempt}"
        shutil.copytree(SITE, content)
        target = content / rng.choice(FILES).relative_to(SITE)
        data = bytearray(target.read_bytes())
        for _ in range(rng.randint(1, 4)):
            position = rng.randrange(len(data))
            if rng.random() < 0.4:
                del data[position:position + rng.randint(1, 20)]
            else:
                data[position:position] = rng.choice(SNIPPETS)
        target.write_bytes(bytes(data))
        _assert_reads_cleanly(content)


def _paths(data, prefix=()):
    yield prefix
    children = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in children:
        yield from _paths(value, (*prefix, key))


def test_values_of_the_wrong_shape(tmp_path):
    rng = random.Random(20261024)
    for attempt in range(150):
        content = tmp_path / f"c{attempt}"
        shutil.copytree(SITE, content)
        target = content / rng.choice(FILES).relative_to(SITE)
        source = read_source(target, "x")
        data = source.doc.data
        for _ in range(rng.randint(1, 3)):
            path = rng.choice([p for p in _paths(data) if p])
            parent = data
            for key in path[:-1]:
                parent = parent[key]
            parent[path[-1]] = copy.deepcopy(rng.choice(VALUES))
        text = yaml.safe_dump(data, allow_unicode=True)
        if target.suffix == ".md":
            text = f"---\n{text}---\n{source.body}"
        target.write_text(text, encoding="utf-8")
        _assert_reads_cleanly(content)
