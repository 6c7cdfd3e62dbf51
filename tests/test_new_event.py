"""``invoke new-event`` fed with piped answers: no terminal needed, no hang at the end of the answers,
an end before the start asked again and never written, the file in the README's own style."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from sunprogramme.intake import questions
from sunprogramme.loader import load_programme

from conftest import ROOT

INVOKE = Path(sys.executable).parent / "invoke"
STOPPED = "✗ Les réponses se sont arrêtées avant la dernière question : aucun fichier n'a été écrit."

# Title with a colon and accents; an end before the start, then a right one; the Ulis venue, CATON,
# two themes, a workshop, every audience; registration by phone.
ANSWERS = ["Atelier : les mails", "Écrire, répondre, joindre une photo.", "13/10/2026", "16h", "14h", "17:30",
           "non", "1", "1", "2 5", "1", "", "oui", "0199001001", "", ""]
WRITTEN = """# yaml-language-server: $schema=../../schemas/evenement.schema.json
titre: "Atelier : les mails"
resume: Écrire, répondre, joindre une photo.
seances:
  - date: 2026-10-13
    debut: "16:00"
    fin: "17:30"
lieu: maison-des-associations-ulis
organisateurs: [caton]
themes: [smartphone-tablette, securite]
format: atelier
inscription:
  obligatoire: oui
  telephone: "01 99 00 10 01"
"""


def _run(command: list[str], answers: list[str], content: Path) -> subprocess.CompletedProcess:
    text = "".join(f"{answer}\n" for answer in answers)
    return subprocess.run([*command, "new-event", "--content", str(content)], input=text.encode("utf-8"),
                          capture_output=True, cwd=ROOT, timeout=120)


def test_piped_answers_write_the_file_in_the_readmes_style(content):
    result = _run([sys.executable, "-m", "sunprogramme"], ANSWERS, content)
    output = result.stdout.decode("utf-8")
    assert result.returncode == 0, output
    assert ("Heure de fin (par exemple 16:00) : 14h\n"
            "  → la fin (14:00) n'est pas après le début (16:00) : tapez une heure plus tard\n"
            "Heure de fin (par exemple 16:00) : 17:30\n") in output
    assert (content / "events" / "atelier-les-mails.yaml").read_text(encoding="utf-8") == WRITTEN
    check = subprocess.run([sys.executable, "-m", "sunprogramme", "check", "--content", str(content)],
                           capture_output=True, cwd=ROOT, timeout=120)
    assert check.returncode == 0, check.stdout.decode("utf-8")


def test_invoke_new_event_takes_piped_answers_without_a_terminal(content):
    result = _run([str(INVOKE)], ANSWERS, content)
    assert result.returncode == 0, result.stdout.decode("utf-8") + result.stderr.decode("utf-8")
    assert (content / "events" / "atelier-les-mails.yaml").read_text(encoding="utf-8") == WRITTEN


def test_answers_that_stop_early_write_nothing(content):
    before = sorted(path.name for path in (content / "events").iterdir())
    # The end before the start is refused; then the answers stop: the end is never written.
    result = _run([str(INVOKE)], ANSWERS[:5], content)
    assert result.returncode == 1
    assert result.stdout.decode("utf-8").splitlines()[-2:] == ["Heure de fin (par exemple 16:00) : ", STOPPED]
    assert sorted(path.name for path in (content / "events").iterdir()) == before


def test_no_answer_at_all_stops_at_once(content):
    result = subprocess.run([sys.executable, "-m", "sunprogramme", "new-event", "--content", str(content)],
                            stdin=subprocess.DEVNULL, capture_output=True, cwd=ROOT, timeout=120)
    assert (result.returncode, result.stdout.decode("utf-8").splitlines()[-2:]) == (
        1, ["Titre de l'événement : ", STOPPED])


def test_a_file_that_would_not_pass_the_checks_is_not_kept(content, monkeypatch):
    monkeypatch.setattr(questions, "new_event_text",
                        lambda data: WRITTEN.replace('fin: "17:30"', 'fin: "15:00"'))
    out = io.StringIO()
    assert questions.new_event(str(content), iter(ANSWERS).__next__, out) == 1
    assert not (content / "events" / "atelier-les-mails.yaml").exists()
    target = content / "events" / "atelier-les-mails.yaml"
    assert out.getvalue().endswith(
        "Identifiant du fichier (Entrée : atelier-les-mails) : "
        f"{target}:7: seances[1].fin: la fin (15:00) n'est pas après le début (16:00) ; si la séance finit le "
        f"lendemain, ajoutez date_fin\n"
        f"✗ {target} n'a pas été écrit : corrigez les réponses ci-dessus et recommencez.\n")
    assert load_programme(content)[0] is not None
