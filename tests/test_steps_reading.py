"""Reading a content folder through pure steps (sunprogramme.steps): a runner that keeps their
results finds them again by the values they receive, and an edit runs again only what it changes."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import date
from pathlib import Path

from sunprogramme.loader import load_programme
from sunprogramme.steps import run_steps_with

from conftest import shown

READING_STEPS = {"check_file", "markdown_html", "build_event", "check_media"}
EVENT = Path("events") / "premiers-pas-smartphone.md"


def _digestible(value: object) -> bool:
    """What a build's cache can digest: plain values, containers and frozen dataclasses of them."""
    if value is None or isinstance(value, (str, int, float, bool, bytes, date, Path)):
        return True
    if isinstance(value, (tuple, list, set, frozenset)):
        return all(_digestible(item) for item in value)
    if isinstance(value, dict):
        return all(_digestible(key) and _digestible(item) for key, item in value.items())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return value.__dataclass_params__.frozen and all(  # type: ignore[attr-defined]
            _digestible(getattr(value, f.name)) for f in dataclasses.fields(value))
    return False


class Runner:
    """Keeps each step's result under its function and the pickled values it received; records the
    steps it runs anew."""

    def __init__(self) -> None:
        self.results: dict[tuple[str, str, bytes], object] = {}
        self.ran: list[tuple[str, tuple]] = []

    def __call__(self, function, *values):
        assert all(_digestible(value) for value in values), (function.__qualname__, values)
        key = (function.__module__, function.__qualname__, pickle.dumps(values))
        if key not in self.results:
            self.ran.append((function.__qualname__, values))
            result = function(*values)
            pickle.dumps(result)  # what a build keeps must be picklable
            self.results[key] = result
        return self.results[key]

    def load(self, content: Path):
        self.ran.clear()
        with run_steps_with(self):
            return load_programme(content)

    def files(self, name: str) -> list[str]:
        """The files (as shown) a step named ``name`` ran anew for, in order."""
        return [values[0] for function, values in self.ran if function == name]


def test_a_second_load_runs_no_step_and_gives_the_same_programme_and_problems(content):
    runner = Runner()
    first, report = runner.load(content)
    assert {function for function, _values in runner.ran} == READING_STEPS
    again, report_again = runner.load(content)
    assert runner.ran == []
    plain, report_plain = load_programme(content)
    assert first is not None and first == again == plain
    assert report.problems == report_again.problems == report_plain.problems
    assert report.warnings  # problems found again with the steps' results, told again


def test_an_edited_event_runs_only_its_own_steps_again(content):
    runner = Runner()
    runner.load(content)
    event = content / EVENT
    event.write_text(event.read_text(encoding="utf-8").replace("Un atelier en petit groupe.",
                                                               "Un atelier en tout petit groupe."), encoding="utf-8")
    programme, report = runner.load(content)
    assert runner.files("check_file") == runner.files("build_event") == [str(event)]
    assert [values[0] for function, values in runner.ran if function == "markdown_html"] == [
        "Un atelier en tout petit groupe. Apportez votre **téléphone**."]
    assert "check_media" not in {function for function, _values in runner.ran}
    plain, report_plain = load_programme(content)
    assert programme == plain and report.problems == report_plain.problems


def test_a_partner_edit_builds_no_event_whose_names_it_does_not_change(content):
    runner = Runner()
    runner.load(content)
    partner = content / "partners" / "mediatheque-massy.md"
    partner.write_text(partner.read_text(encoding="utf-8").replace("des **tablettes**", "des **liseuses**"),
                       encoding="utf-8")
    programme, _report = runner.load(content)
    assert runner.files("check_file") == [str(partner)] and runner.files("build_event") == []
    assert programme.partners["mediatheque-massy"].description_html == (
        "<p>La médiathèque prête des <strong>liseuses</strong>.</p>")


def test_a_partner_is_not_a_venue_and_a_venue_declared_later_is_found(content):
    """A partner's id named as a venue is an unknown venue; once a venue of that id is declared,
    the event kept by the same cache is built again, without the problem."""
    event = content / EVENT
    event.write_text(event.read_text(encoding="utf-8").replace("lieu: maison-des-associations-ulis",
                                                               "lieu: mediatheque-massy"), encoding="utf-8")
    runner = Runner()
    programme, report = runner.load(content)
    assert programme is None
    assert shown(report.errors, content) == [
        "content/events/premiers-pas-smartphone.md:18: lieu: lieu « mediatheque-massy » inconnu ; vouliez-vous dire "
        "« mediatheque-cocteau » (Massy) ? (les lieux se déclarent dans les fichiers de content/partners/)"]

    partner = content / "partners" / "mediatheque-massy.md"
    partner.write_text(partner.read_text(encoding="utf-8").replace(
        "lieux:\n", "lieux:\n  - id: mediatheque-massy\n    nom: Médiathèque, salle du haut\n"
                    "    adresse: 2 rue de la Poterne\n    code_postal: \"91300\"\n    commune: Massy\n"),
        encoding="utf-8")
    mended, report_mended = runner.load(content)
    assert runner.files("build_event") == [str(event)]
    plain, report_plain = load_programme(content)
    assert report_mended.errors == [] and report_mended.problems == report_plain.problems
    assert mended is not None and mended == plain
    assert mended.events["premiers-pas-smartphone"].venue_id == "mediatheque-massy"
