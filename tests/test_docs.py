"""The README's field tables are the schema's, not a second copy that drifts."""

from sunprogramme.fielddocs import update_readme

from conftest import ROOT


def test_readme_field_tables_are_up_to_date():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert update_readme(text) == text, "run « invoke docs » and commit README.md"


def test_readme_commands_exist():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "./setup.sh" in text and ".venv/bin/invoke test" in text
    assert "./setup.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ".venv/bin/invoke test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
