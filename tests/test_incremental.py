"""Rebuilds: after an edit, the site made from what changed equals, byte for byte, a cold build."""

from __future__ import annotations

import io
import os
import pickle
import shutil
from pathlib import Path

import pytest
from markupsafe import Markup

from sun_site.build import build
from sun_site.generator import TemplateProgramme
from sun_site.warm import WarmState
from sunprogramme.fingerprint import Fingerprinter
from sunprogramme.loader import load_programme
from sunprogramme.memo import Memo, Shelf

from conftest import ROOT, SITE


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def settings_with_cache(folder: Path, cache: Path, extra: str = "") -> str:
    path = folder / f"conf-{cache.parent.name}.py"
    path.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa\n"
                    f"THEME = {str(ROOT / 'theme')!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
                    f"PROGRAMME_CACHE_DIR = {str(cache / 'affiches')!r}\n"
                    f"PROGRAMME_BUILD_CACHE_DIR = {str(cache / 'construction')!r}\n{extra}", encoding="utf-8")
    return str(path)


def run(settings: str, content: Path, output: Path, warm: WarmState | None = None) -> tuple[int, str]:
    out = io.StringIO()
    code = build(settings, str(content), str(output), out=out, warm=warm)
    return code, out.getvalue()


def cold_build(tmp_path: Path, content: Path, name: str, extra: str = "") -> dict[str, bytes]:
    """A build with an empty cache into a new folder (the publication state is not written back)."""
    scratch = tmp_path / f"cold-{name}"
    shutil.copytree(content, scratch / "content")
    code, printed = run(settings_with_cache(tmp_path, scratch / "cache", extra), scratch / "content",
                        scratch / "output")
    assert code == 0, printed
    assert "Reconstruction" not in printed
    return tree(scratch / "output")


def first_build(tmp_path: Path, warm: WarmState | None = None, extra: str = "") -> tuple[Path, str, Path]:
    """A copy of the fixture programme, built once with its own cache: (content, settings, output)."""
    content = tmp_path / "content"
    shutil.copytree(SITE, content)
    settings = settings_with_cache(tmp_path, tmp_path / "cache", extra)
    output = tmp_path / "output"
    code, printed = run(settings, content, output, warm)
    assert code == 0, printed
    return content, settings, output


def _retitle(content: Path) -> None:
    path = content / "events" / "premiers-pas-smartphone.md"
    path.write_text(path.read_text(encoding="utf-8").replace("titre: ", "titre: Modifié — ", 1), encoding="utf-8")


def _remove(content: Path) -> None:
    (content / "events" / "webinaire-arnaques.yaml").unlink()


def _add(content: Path) -> None:
    text = (content / "events" / "nuit-du-code.yaml").read_text(encoding="utf-8")
    (content / "events" / "nuit-du-code-bis.yaml").write_text(text.replace("titre: ", "titre: Bis — ", 1),
                                                               encoding="utf-8")


def _rename_venue(content: Path) -> None:
    partner = next(p for p in sorted((content / "partners").iterdir()) if "lieux:" in p.read_text(encoding="utf-8"))
    text = partner.read_text(encoding="utf-8")
    start = text.index("nom:", text.index("lieux:"))
    partner.write_text(text[:start] + "nom: Salle renommée\n" + text[text.index("\n", start) + 1:], encoding="utf-8")


@pytest.mark.parametrize("process", ["build", "serve"])
def test_rebuild_after_each_edit_equals_a_cold_build(tmp_path, process):
    # « serve »: one long-lived process, which keeps its memos, events and fingerprints in memory.
    warm = WarmState() if process == "serve" else None
    content, settings, output = first_build(tmp_path, warm)
    code, printed = run(settings, content, output, warm)  # nothing changed: nothing made again
    assert code == 0, printed
    assert "Reconstruction : 0 fichier(s) refait(s)" in printed
    assert "0 lot(s) de recherche réindexé(s)" in printed
    for edit in (_retitle, _remove, _add, _rename_venue):
        edit(content)
        code, printed = run(settings, content, output, warm)
        assert code == 0, printed
        assert "Reconstruction : " in printed, edit.__name__
        assert "0 fichier(s) refait(s)" not in printed, edit.__name__
        assert tree(output) == cold_build(tmp_path, content, edit.__name__), edit.__name__


def test_an_edited_event_does_not_reindex_the_search_lot_of_its_partner(tmp_path):
    # Two pages a lot: « nuit-du-code » and « premiers-pas-smartphone » in one, « webinaire-arnaques »
    # and the partner « caton » (which lists premiers-pas-smartphone) in the next, the other partner last.
    small_lots = "PROGRAMME_SEARCH_LOT_PAGES = 2\n"
    content, settings, output = first_build(tmp_path, extra=small_lots)
    assert sorted(p.name for p in output.glob("pagefind*")) == ["pagefind", "pagefind-2", "pagefind-3"]
    _retitle(content)
    code, printed = run(settings, content, output)
    assert code == 0, printed
    assert "1 lot(s) de recherche réindexé(s)" in printed
    # The partner's page changed, its lot was kept, and the site is still the one a cold build makes.
    assert "Modifié — " in (output / "partenaires" / "caton" / "index.html").read_text(encoding="utf-8")
    assert tree(output) == cold_build(tmp_path, content, "lots", small_lots)


def test_a_rebuild_remakes_only_what_changed(tmp_path):
    content, settings, output = first_build(tmp_path)
    before = tree(output)
    _retitle(content)
    code, printed = run(settings, content, output)
    assert code == 0, printed
    after = tree(output)
    changed = {name for name in after if before.get(name) != after[name]}
    assert "evenements/premiers-pas-smartphone/index.html" in changed
    assert "calendriers/evenements/premiers-pas-smartphone.ics" in changed
    assert "evenements/nuit-du-code/index.html" not in changed
    kept = printed.split("Reconstruction : ", 1)[1]
    remade = int(kept.split(" fichier(s)", 1)[0])
    assert 0 < remade < len(after) / 2


def test_failed_rebuild_leaves_the_published_site_untouched(tmp_path):
    content, settings, output = first_build(tmp_path)
    before = tree(output)
    _retitle(content)
    event = content / "events" / "nuit-du-code.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace("format: ", "format: inconnu-", 1), encoding="utf-8")
    code, printed = run(settings, content, output)
    assert code == 1
    assert f"Le dossier {output} n'a pas été modifié." in printed
    assert tree(output) == before
    assert not list(tmp_path.glob("output.partial-*"))
    shutil.copy(SITE / "events" / "nuit-du-code.yaml", event)
    code, printed = run(settings, content, output)
    assert code == 0, printed
    assert tree(output) == cold_build(tmp_path, content, "fixed")


def test_a_published_file_changed_by_hand_is_made_again(tmp_path):
    content, settings, output = first_build(tmp_path)
    before = tree(output)
    (output / "index.html").write_text("abîmé", encoding="utf-8")
    (output / "evenements" / "nuit-du-code" / "index.html").unlink()
    code, printed = run(settings, content, output)
    assert code == 0, printed
    assert "Reconstruction : 2 fichier(s) refait(s)" in printed
    assert tree(output) == before


def test_fingerprints_tell_apart_what_renders_differently():
    fingerprint = Fingerprinter()
    assert fingerprint("<b>") != fingerprint(Markup("<b>"))
    assert fingerprint(1) != fingerprint("1") != fingerprint([1])
    assert fingerprint({"a", "b", "c"}) == fingerprint({"c", "b", "a"})
    assert fingerprint(["a", "b"]) != fingerprint(["ab"])
    programme, _ = load_programme(SITE)
    other, _ = load_programme(SITE)
    assert fingerprint(programme.events) == fingerprint(other.events)
    with pytest.raises(TypeError, match="cannot fingerprint a object"):
        fingerprint(object())


def test_memo_trusts_only_its_own_whole_file(tmp_path):
    path = tmp_path / "memo.pickle"
    memo = Memo(path, "v1")
    assert memo.get("t", b"k", lambda: "computed") == "computed"
    memo.save()
    assert Memo(path, "v1").get("t", b"k", lambda: "again") == "computed"
    assert Memo(path, "v2").get("t", b"k", lambda: "again") == "again"  # other code: nothing reused
    path.write_bytes(pickle.dumps(("v1", {("t", b"k"): "x"}))[:10])  # a file cut short
    assert Memo(path, "v1").get("t", b"k", lambda: "again") == "again"


def test_a_shelf_keeps_memos_in_memory_and_writes_them_when_flushed(tmp_path):
    path = tmp_path / "memo.pickle"
    shelf = Shelf(defer_writes=True)
    memo = Memo(path, "v1", shelf)
    assert memo.get("t", b"k", lambda: "computed") == "computed"
    memo.save()
    assert not path.exists()  # kept in memory only, until the process stops
    again = Memo(path, "v1", shelf)
    assert again.from_shelf and again.get("t", b"k", lambda: "again") == "computed"
    assert again.get("t", b"other", lambda: "new") == "new"
    again.save()
    assert Memo(path, "v2", shelf).get("t", b"k", lambda: "again") == "again"  # other code: nothing reused
    shelf.flush()
    from_disk = Memo(path, "v1")
    assert from_disk.get("t", b"k", lambda: "again") == "computed"
    assert from_disk.get("t", b"other", lambda: "again") == "new"


@pytest.mark.parametrize("shelf", [None, Shelf(defer_writes=True)], ids=["build", "serve"])
def test_used_only_tables_keep_only_what_the_last_build_used(tmp_path, shelf):
    """Whole remembered lists weigh megabytes and each edit makes new ones: they must not pile up,
    while the small pieces of pages a rebuild kept stay for when those pages are made again."""
    path = tmp_path / "fragments.pickle"
    first = Memo(path, "v1", shelf, used_only=frozenset({"list"}))
    first.get("list", b"old list", lambda: b"<li>old</li>")
    first.get("fragment", b"old line", lambda: b"<li>line</li>")
    first.save(keep_unused=True)
    second = Memo(path, "v1", shelf, used_only=frozenset({"list"}))
    second.get("list", b"new list", lambda: b"<li>new</li>")
    second.save(keep_unused=True)
    if shelf is not None:
        shelf.flush()
    kept = Memo(path, "v1")
    assert kept.lookup("list", b"old list") is None  # not used by the last build: let go
    assert kept.lookup("list", b"new list") == b"<li>new</li>"
    assert kept.lookup("fragment", b"old line") == b"<li>line</li>"  # an ordinary table keeps it


def test_remembered_lists_hold_their_cards_not_copies_of_them(tmp_path):
    """Each card is in about eight lists (day, commune, themes, partner…): a list kept as a copy of
    its cards' bytes made a national programme's build pass 1 GB."""
    _content, _settings, _output = first_build(tmp_path)
    with (tmp_path / "cache" / "construction" / "fragments.pickle").open("rb") as handle:
        _version, entries = pickle.load(handle)
    cards = {id(value) for (table, _key), value in entries.items() if table == "fragment"}
    lists = [value for (table, _key), value in entries.items() if table == "list"]
    assert len(lists) > 10 and all(type(parts) is tuple for parts in lists)
    assert all(id(part) in cards for parts in lists for part in parts)  # the same objects, stored once
    assert sum(len(parts) for parts in lists) > len(cards)  # cards shared by several lists


def test_templates_cannot_read_what_page_fingerprints_do_not_cover():
    programme, _ = load_programme(SITE)
    view = TemplateProgramme(programme)
    assert view.edition is programme.edition and view.venues is programme.venues
    with pytest.raises(RuntimeError, match=r"un gabarit lit programme\.events : donnez cette valeur à la page"):
        view.events  # noqa: B018


def test_unchanged_files_are_not_checked_again_and_their_problems_are_told_again(tmp_path, monkeypatch):
    import sunprogramme.reading as reading

    content = tmp_path / "content"
    shutil.copytree(SITE, content)
    event = content / "events" / sorted(p.name for p in (content / "events").iterdir())[0]
    event.write_text(event.read_text(encoding="utf-8") + "champ_inconnu: oui\n", encoding="utf-8")
    memo_path = tmp_path / "lecture.pickle"
    memo = Memo(memo_path, "v1")
    first, report = load_programme(content, memo)
    assert first is None and [p.field for p in report.errors] == ["champ_inconnu"]
    memo.save(keep_unused=True)  # what the build does when the content holds errors

    parsed: list[str] = []
    real_parse = reading.parse
    monkeypatch.setattr(reading, "parse", lambda raw, suffix, shown: parsed.append(Path(shown).name)
                        or real_parse(raw, suffix, shown))
    again, report_again = load_programme(content, Memo(memo_path, "v1"))
    assert again is None and report_again.sorted() == report.sorted()  # the same problems, same lines
    assert parsed == []

    event.write_text(event.read_text(encoding="utf-8").replace("champ_inconnu: oui\n", ""), encoding="utf-8")
    mended, report_mended = load_programme(content, Memo(memo_path, "v1"))
    assert mended is not None and report_mended.errors == []
    assert parsed == [event.name]


def test_a_file_is_known_by_its_bytes_not_its_size_and_dates(tmp_path):
    # An edit of the same length within one tick of the file system clock (or a tool that keeps
    # dates) leaves size and dates as they were: the bytes say it changed.
    content = tmp_path / "content"
    shutil.copytree(SITE, content)
    event = content / "events" / "nuit-du-code.yaml"
    memo_path = tmp_path / "lecture.pickle"
    memo = Memo(memo_path, "v1")
    first, _ = load_programme(content, memo)
    memo.save()
    status = event.stat()
    title = first.events["nuit-du-code"].title
    event.write_text(event.read_text(encoding="utf-8").replace("Nuit du code", "Nuit du CODE", 1), encoding="utf-8")
    os.utime(event, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert event.stat().st_size == status.st_size
    again, _ = load_programme(content, Memo(memo_path, "v1"))
    assert again.events["nuit-du-code"].title == title.replace("Nuit du code", "Nuit du CODE", 1) != title


def test_events_built_before_are_taken_again_with_their_problems_and_digests(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(SITE, content)
    memo_path = tmp_path / "lecture.pickle"
    memo = Memo(memo_path, "v1")
    first, report = load_programme(content, memo, Fingerprinter())
    memo.save()
    # Warnings found while building events: a session after the edition, a description cleaned.
    assert {p.path.rsplit("/", 1)[1] for p in report.warnings} == {"premiers-pas-smartphone.md", "nuit-du-code.yaml"}

    import sunprogramme.loader as loader

    built: list[str] = []
    real_build = loader._build_event
    monkeypatch.setattr(loader, "_build_event", lambda parsed, *rest: built.append(parsed.id) or real_build(parsed,
                                                                                                             *rest))
    fingerprint = Fingerprinter()
    again, report_again = load_programme(content, Memo(memo_path, "v1"), fingerprint)
    assert built == [] and report_again.sorted() == report.sorted()  # taken again, warning told again
    for event_id, event in again.events.items():  # digests kept with the events, as computed afresh
        assert fingerprint.hex(event) == Fingerprinter().hex(first.events[event_id])

    # A new partner changes nothing for events that name known ones; an event naming a partner that
    # is gone is built again (and told which partners exist).
    partner = content / "partners" / "caton.yaml"
    text = partner.read_text(encoding="utf-8")
    (content / "partners" / "nouveau.yaml").write_text(text[:text.index("lieux:")], encoding="utf-8")
    assert load_programme(content, Memo(memo_path, "v1"))[0] is not None and built == []
    partner.rename(content / "partners" / "caton-renomme.yaml")
    gone, report_gone = load_programme(content, Memo(memo_path, "v1"))
    assert gone is None and "premiers-pas-smartphone" in built
    assert any("partenaire « caton » inconnu" in p.message for p in report_gone.errors)
