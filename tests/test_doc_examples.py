"""Every YAML example of README.md and docs/*.md is checked against a copy of the demo content.

Each ```yaml block is preceded by an HTML comment saying what it is (invisible on GitHub):

- ``<!-- exemple: content/events/x.md -->``: the whole file; written there in a copy of the demo
  (replacing the demo's file of the same name, whatever its extension);
- ``<!-- exemple: extrait de content/partners/caton.md -->``: some fields of a file; they replace
  those of the demo's file (venues under ``lieux`` are merged by ``id``: the others stay);
- ``<!-- exemple: non vérifié — raison -->``: not a content file (the reason is required).

The copy must then pass ``check`` (the path of ``invoke check``) without any error.
"""

from __future__ import annotations

import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from sunprogramme.cli import check

from conftest import ROOT

DEMO = ROOT / "content"
DOCS = (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")))
_FENCE = re.compile(r"^```yaml\s*$")
_MARKER = re.compile(r"^<!--\s*exemple\s*:\s*(?P<what>.+?)\s*-->\s*$")


@dataclass(frozen=True)
class Example:
    where: str  # « README.md:64 »
    marker: str | None  # what the comment before the block says, None when there is none
    text: str


def examples() -> list[Example]:
    found = []
    for doc in DOCS:
        lines = doc.read_text(encoding="utf-8").splitlines()
        index = 0
        while index < len(lines):
            if not _FENCE.match(lines[index]):
                index += 1
                continue
            before = next((line for line in reversed(lines[:index]) if line.strip()), "")
            marker = _MARKER.match(before.strip())
            end = next(i for i in range(index + 1, len(lines)) if lines[i].startswith("```"))
            found.append(Example(f"{doc.relative_to(ROOT)}:{index + 1}", marker and marker["what"],
                                 "\n".join(lines[index + 1:end]) + "\n"))
            index = end + 1
    return found


def _front_matter(text: str) -> tuple[dict, str]:
    """The fields of a content file (``.md`` with ``---`` lines or plain YAML) and its Markdown body."""
    if text.startswith("---"):
        _, head, body = text.split("---\n", 2)
        return yaml.safe_load(head) or {}, body
    return yaml.safe_load(text) or {}, ""


def _demo_file(content: Path, relative: str) -> Path | None:
    """The demo's file with the name of ``relative``, whatever its extension."""
    target = content / relative
    return next((p for p in sorted(target.parent.glob(f"{Path(relative).stem}.*"))), None)


def apply(example: Example, content: Path) -> None:
    """Put ``example`` into the copy ``content`` of the demo, as its marker says."""
    what = example.marker or ""
    if what.startswith("extrait de "):
        relative = what.removeprefix("extrait de ").strip()
        assert relative.startswith("content/"), f"{example.where}: chemin attendu sous content/ : {what}"
        existing = _demo_file(content, relative.removeprefix("content/"))
        assert existing is not None, f"{example.where}: la démo n'a pas de fichier {relative}"
        fields, body = _front_matter(existing.read_text(encoding="utf-8"))
        extract = yaml.safe_load(example.text)
        assert isinstance(extract, dict), f"{example.where}: un extrait est une liste de champs"
        venues = {v["id"]: v for v in fields.get("lieux") or []}
        venues.update({v["id"]: v for v in extract.pop("lieux", None) or []})
        fields.update(extract)
        if venues:
            fields["lieux"] = list(venues.values())
        head = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
        existing.write_text(f"---\n{head}---\n{body}" if existing.suffix == ".md" else head, encoding="utf-8")
        return
    assert what.startswith("content/"), f"{example.where}: marqueur inconnu « {what} »"
    relative = what.removeprefix("content/")
    existing = _demo_file(content, relative)
    if existing is not None:
        existing.unlink()
    (content / relative).parent.mkdir(parents=True, exist_ok=True)
    (content / relative).write_text(example.text, encoding="utf-8")


def test_every_yaml_example_says_what_it_is():
    unmarked = [e.where for e in examples() if e.marker is None]
    unexplained = [e.where for e in examples() if e.marker and e.marker.startswith("non vérifié")
                   and not re.match(r"non vérifié\s*[—:-]\s*\S", e.marker)]
    assert not unexplained, "« non vérifié » sans raison : " + ", ".join(unexplained)
    assert not unmarked, (
        "bloc yaml sans marqueur : ajoutez juste avant « <!-- exemple: content/events/x.md --> » (fichier "
        "entier), « <!-- exemple: extrait de content/… --> » ou « <!-- exemple: non vérifié — raison --> » : "
        + ", ".join(unmarked))


def test_the_readme_has_checked_examples():
    checked = [e for e in examples() if e.marker and not e.marker.startswith("non vérifié")]
    assert {e.marker for e in checked} >= {"content/events/premiers-pas-smartphone.md",
                                          "content/partners/caton.yaml"}


@pytest.mark.parametrize("example", [e for e in examples() if e.marker and not e.marker.startswith("non vérifié")],
                         ids=lambda e: e.where)
def test_yaml_example_passes_check(example: Example, tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    apply(example, content)
    out = io.StringIO()
    assert check(str(content), out=out) == 0, (
        f"{example.where} ({example.marker}) :\n" + out.getvalue().replace(str(content), "content"))


# The README's sample of what « invoke check » prints: a file with those two mistakes gives those lines.
ATELIER_WITH_TWO_MISTAKES = """titre: Atelier de l'heure d'hiver
resume: Un atelier la nuit du changement d'heure.
lieu: local-caton-les-ulis
themes: [smartphone-tablette]
format: atelier
publics: [seniors]
date: 2026-10-25
debut: "02:30"
fin: "04:00"
organisateurs:
  - caton
  - catonn
"""


def test_the_readme_shows_what_check_prints(tmp_path: Path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sample = readme.split("Chaque problème est donné sous la forme", 1)[1].split("```text\n", 1)[1]
    sample = sample.split("```", 1)[0].splitlines()
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    (content / "events" / "atelier.yaml").write_text(ATELIER_WITH_TWO_MISTAKES, encoding="utf-8")
    out = io.StringIO()
    assert check(str(content), out=out) == 1
    printed = out.getvalue().replace(str(content), "content").splitlines()
    assert [line for line in printed if line.startswith("content/events/atelier.yaml")] == sample
