"""Rebuilds: after an edit, the site made from what changed equals, byte for byte, a cold build;
and the one cache they rest on (plugins/sun_site/cache.py)."""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from markupsafe import Markup

from sun_site.build import build
from sun_site.cache import Blob, Cache
from sun_site.page_render import in_fork
from sunprogramme.loader import load_programme

from conftest import ROOT, SITE


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def settings_with_cache(folder: Path, cache: Path, extra: str = "") -> str:
    path = folder / f"conf-{cache.parent.name}.py"
    path.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa\n"
                    f"THEME = {str(ROOT / 'theme')!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
                    f"PROGRAMME_BUILD_CACHE_DIR = {str(cache / 'construction')!r}\n{extra}", encoding="utf-8")
    return str(path)


def run(settings: str, content: Path, output: Path, caches: dict | None = None) -> tuple[int, str]:
    out = io.StringIO()
    code = build(settings, str(content), str(output), out=out, caches=caches)
    return code, out.getvalue()


def cold_build(tmp_path: Path, content: Path, name: str, extra: str = "") -> dict[str, bytes]:
    """A build with an empty cache into a new folder (the publication state is not written back)."""
    scratch = tmp_path / f"cold-{name}"
    shutil.copytree(content, scratch / "content")
    code, printed = run(settings_with_cache(tmp_path, scratch / "cache", extra), scratch / "content",
                        scratch / "output")
    assert code == 0, printed
    assert " 0 reprise(s)" in printed
    return tree(scratch / "output")


def first_build(tmp_path: Path, caches: dict | None = None, extra: str = "") -> tuple[Path, str, Path]:
    """A copy of the fixture programme, built once with its own cache: (content, settings, output)."""
    content = tmp_path / "content"
    shutil.copytree(SITE, content)
    settings = settings_with_cache(tmp_path, tmp_path / "cache", extra)
    output = tmp_path / "output"
    code, printed = run(settings, content, output, caches)
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


def inodes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("process", ["build", "serve"])
def test_rebuild_after_each_edit_equals_a_cold_build(tmp_path, process):
    # « serve »: one long-lived process, which keeps its cache in memory.
    caches = {} if process == "serve" else None
    content, settings, output = first_build(tmp_path, caches)
    code, printed = run(settings, content, output, caches)  # nothing changed: nothing made again
    assert code == 0, printed
    assert "Cache : 0 étape(s) refaite(s)" in printed
    for edit in (_retitle, _remove, _add, _rename_venue):
        edit(content)
        code, printed = run(settings, content, output, caches)
        assert code == 0, printed
        assert "Cache : 0 étape(s)" not in printed, edit.__name__
        assert tree(output) == cold_build(tmp_path, content, edit.__name__), edit.__name__


def test_a_rebuild_remakes_only_what_changed(tmp_path):
    content, settings, output = first_build(tmp_path, extra="PROGRAMME_SEARCH_LOT_PAGES = 2\n")
    before, files = inodes(output), tree(output)
    _retitle(content)
    code, printed = run(settings, content, output)
    assert code == 0, printed
    after = inodes(output)
    # A file made again is a new blob; an unchanged one is the very file the last build linked.
    changed = {name for name in after if before.get(name) != after[name]}
    assert "evenements/premiers-pas-smartphone/index.html" in changed
    assert "calendriers/evenements/premiers-pas-smartphone.ics" in changed
    assert "evenements/nuit-du-code/index.html" not in changed
    assert "affiches/evenements/nuit-du-code.pdf" not in changed
    assert 0 < len(changed) < len(after) / 2
    # Search lots: the lot of the edited event is indexed again, the lot of unchanged pages is not.
    lots = {name.split("/", 1)[0] for name in changed if name.startswith("pagefind")}
    assert lots and lots != {p.name for p in output.glob("pagefind*")}
    assert {name for name in files if not name.startswith("pagefind")} <= set(after)


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
    # Written in place: the published file is a link to the cache's copy, which is changed too.
    with open(output / "index.html", "r+b") as handle:
        handle.write(b"ab")
    (output / "evenements" / "nuit-du-code" / "index.html").unlink()
    code, printed = run(settings, content, output)
    assert code == 0, printed
    assert tree(output) == before


# --- The cache itself -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    name: str
    note: str = field(default="", compare=False)  # left out of equality: not part of the value


CALLS: list[tuple] = []


def made(*values) -> str:
    CALLS.append(values)
    return repr(values)


def as_bytes(text: str) -> bytes:
    CALLS.append((text,))
    return text.encode()


def new_cache(folder: Path, namespace: bytes = b"v1") -> Cache:
    cache = Cache(folder)
    cache.begin(namespace)
    return cache


def test_a_result_is_found_again_by_the_values_it_received(tmp_path):
    CALLS.clear()
    cache = new_cache(tmp_path)
    assert cache.call(made, Item("a"), [1, 2]) == cache.call(made, Item("a"), [1, 2])
    assert len(CALLS) == 1  # equal values, another object: found again
    cache.call(made, Item("a", note="autre"), [1, 2])
    assert len(CALLS) == 1  # a field left out of equality is not part of the value
    for other in ((Item("b"), [1, 2]), (Item("a"), [2, 1]), (Item("a"), {1: 2}), (Item("a"), ["1", 2]),
                  (Item("a"), [1, 2], None)):
        cache.call(made, *other)
    assert len(CALLS) == 6
    assert cache.digest("<b>") != cache.digest(Markup("<b>"))
    assert cache.digest({"a", "b", "c"}) == cache.digest({"c", "b", "a"})
    assert cache.digest(["a", "b"]) != cache.digest(["ab"])


def test_a_step_cannot_receive_what_is_not_a_value(tmp_path):
    cache = new_cache(tmp_path)
    programme, _ = load_programme(SITE)
    with pytest.raises(TypeError, match="a step cannot receive a Programme: pass the values it reads"):
        cache.call(made, programme)
    with pytest.raises(TypeError, match="a step cannot receive a object"):
        cache.call(made, object())


def test_the_cache_keeps_what_the_last_build_used_and_trusts_only_its_own_namespace(tmp_path):
    CALLS.clear()
    cache = new_cache(tmp_path)
    kept = cache.output(as_bytes, "gardé")
    dropped = cache.output(as_bytes, "abandonné")
    cache.finish(complete=True)
    again = new_cache(tmp_path)
    assert again.output(as_bytes, "gardé") == kept and len(CALLS) == 2
    again.finish(complete=True)  # « abandonné » was not asked for: its entry and blob go
    assert not again.blob_path(dropped).exists() and again.blob_path(kept).read_bytes() == "gardé".encode()
    other = new_cache(tmp_path, b"v2")  # other code, libraries or settings: nothing is trusted
    other.output(as_bytes, "gardé")
    assert len(CALLS) == 3
    (tmp_path / "steps.pickle").write_bytes(b"abime")  # a damaged index: started afresh
    new_cache(tmp_path).output(as_bytes, "gardé")
    assert len(CALLS) == 4


def test_a_failed_build_keeps_everything_for_the_next_try(tmp_path):
    CALLS.clear()
    cache = new_cache(tmp_path)
    cache.call(made, "a")
    cache.finish(complete=True)
    cache = new_cache(tmp_path)
    cache.call(made, "b")
    cache.finish(complete=False)  # stopped half-way: it did not ask for « a »
    cache = new_cache(tmp_path)
    cache.call(made, "a")
    cache.call(made, "b")
    assert len(CALLS) == 2


def test_serve_keeps_the_cache_in_memory_and_writes_it_when_told(tmp_path):
    CALLS.clear()
    cache = new_cache(tmp_path)
    cache.call(made, "a")
    cache.finish(complete=True, write=False)
    assert not (tmp_path / "steps.pickle").exists()
    cache.begin(b"v1")
    cache.call(made, "a")
    assert len(CALLS) == 1
    cache.finish(complete=True, write=False)
    cache.write_index()
    new_cache(tmp_path).call(made, "a")
    assert len(CALLS) == 1


def test_a_forked_process_hands_back_what_it_made(tmp_path):
    cache = new_cache(tmp_path)
    blob = in_fork(cache, lambda: cache.output(as_bytes, "dans un autre processus"), "essais")()
    assert isinstance(blob, Blob) and cache.read(blob) == b"dans un autre processus"
    CALLS.clear()
    assert cache.output(as_bytes, "dans un autre processus") == blob
    assert CALLS == []
    cache.finish(complete=True)
    assert new_cache(tmp_path).output(as_bytes, "dans un autre processus") == blob and CALLS == []
