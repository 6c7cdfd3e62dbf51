"""The organisers' commands as typed: a task's missing argument is said in French, with an example."""

from __future__ import annotations

import subprocess
import sys

import pytest
from invoke import Collection

from conftest import ROOT

MISSING = {
    "import": "✗ indiquez le tableur ou le dossier à importer : invoke import programme.ods",
    "import-partners": "✗ indiquez l'export data·inclusion à importer (fichier JSON ou dossier) : "
                       "invoke import-partners export-data-inclusion.json",
    "new-edition": "✗ indiquez l'année de la nouvelle édition : invoke new-edition 2027",
}


def invoke(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=ROOT, capture_output=True, text=True,
                          check=False, timeout=60)


def test_every_task_with_an_argument_to_give_has_its_french_message():
    sys.path.insert(0, str(ROOT))
    try:
        import tasks
    finally:
        sys.path.remove(str(ROOT))
    collection = Collection.from_module(tasks)
    assert {name for name in collection.task_names if collection[name].positional} == set(MISSING)


@pytest.mark.parametrize("name", sorted(MISSING))
def test_a_missing_argument_is_said_in_french_with_an_example(name):
    done = invoke(name)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", MISSING[name] + "\n")


def test_the_argument_is_still_given_without_its_name():
    done = invoke("--dry", "new-edition", "--content", "autre", "2027")
    assert done.returncode == 0
    assert f'"{sys.executable}" -m sunprogramme new-edition "2027" --content "autre"' in done.stdout
