"""Editors' help: JSON Schemas generated from the fields, and annotations for pull requests."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import jsonschema
import pytest

from sunprogramme.jsonschema import SCHEMA_FILES, schema_bytes
from sunprogramme.sources import read_source

from conftest import FIXTURES, ROOT, SITE


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES))
def test_shipped_schemas_are_generated_from_the_fields(name):
    assert (ROOT / "schemas" / f"{name}.schema.json").read_bytes() == schema_bytes(name), "run « invoke schemas »"


def _validator(name):
    return jsonschema.Draft202012Validator(json.loads(schema_bytes(name)))


def test_demo_files_follow_the_schemas():
    for folder, name in (("events", "evenement"), ("partners", "partenaire")):
        validator = _validator(name)
        for path in sorted((ROOT / "content" / folder).iterdir()):
            data = read_source(path, str(path)).doc.data
            assert [e.message for e in validator.iter_errors(data)] == [], path
    edition = read_source(ROOT / "content" / "edition.yaml", "edition.yaml").doc.data
    assert list(_validator("edition").iter_errors(edition)) == []


def test_schema_flags_what_the_checker_refuses():
    data = read_source(FIXTURES / "bad-events" / "unknown-field.yaml", "x").doc.data
    messages = sorted(e.message for e in _validator("evenement").iter_errors(data))
    assert messages == ["'titre' is a required property",
                        "Additional properties are not allowed ('titel' was unexpected)"]
    bad = {"titre": "x", "resume": "y", "organisateurs": "caton", "themes": ["cuisine"], "format": "atelier"}
    assert [e.message for e in _validator("evenement").iter_errors(bad)] == [
        "['cuisine'] is not valid under any of the given schemas"]
    two_lines = {**bad, "themes": ["securite"], "titre": "Premiers pas\navec son smartphone\n",
                 "lieu": "x" * 81}
    assert sorted(e.message for e in _validator("evenement").iter_errors(two_lines)) == [
        "'Premiers pas\\navec son smartphone\\n' does not match '^[^\\\\n]*\\\\n?$'",
        f"'{'x' * 81}' is too long"]


def test_check_writes_github_annotations(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITE, content)
    shutil.copy(FIXTURES / "bad-events" / "dst-ambiguous.yaml", content / "events")
    result = subprocess.run([sys.executable, "-m", "sunprogramme", "check", "--content", str(content), "--format",
                             "github"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        f"::error file={content}/events/dst-ambiguous.yaml,line=8,title=debut::02:30 le 25/10/2026 existe deux "
        "fois : à 3 h les horloges reviennent à 2 h (heure d'hiver) ; choisissez une heure avant 2 h ou à partir "
        "de 3 h")
