"""Files a hostile or careless pull request brings: what is published, links, images, the state, invalid partners."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from sunprogramme.cli import check
from sunprogramme.loader import load_programme

from conftest import shown
from hostile_edits import EVENT, build_site, edit


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() or p.is_symlink()}


# --- what is published from content/ --------------------------------------------------------------

def _plant_hostile_files(content: Path, outside: Path) -> None:
    images, logos = content / "images", content / "logos"
    images.mkdir()
    (images / "passwd.png").symlink_to("/etc/passwd")
    (images / "page.html").write_text("<script>alert(document.cookie)</script>", encoding="utf-8")
    (logos / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                                    encoding="utf-8")
    outside.mkdir()
    (outside / "secret.txt").write_text("secret", encoding="utf-8")
    (images / "hote").symlink_to(outside, target_is_directory=True)
    Image.new("RGB", (40, 30), "orange").save(images / "atelier.jpg")
    edit(content, EVENT, "accessibilite: [gros-caracteres]", "accessibilite: [gros-caracteres]\nimage:\n"
          "  fichier: images/atelier.jpg\n  alt: Deux personnes devant un smartphone")


def test_check_names_every_file_that_will_not_be_published(content, tmp_path):
    _plant_hostile_files(content, tmp_path / "dehors")
    programme, report = load_programme(content)
    assert programme is not None
    assert [w for w in shown(report.sorted(), content) if w.startswith(("content/images", "content/logos"))] == [
        "content/images/hote: attention : lien symbolique ignoré : il n'est jamais suivi ni publié",
        "content/images/page.html: attention : fichier non utilisé : aucun événement ni partenaire ne le cite, "
        "il ne sera pas publié",
        "content/images/passwd.png: attention : lien symbolique ignoré : il n'est jamais suivi ni publié",
        "content/logos/logo.svg: attention : fichier non utilisé : aucun événement ni partenaire ne le cite, "
        "il ne sera pas publié",
    ]


def test_build_publishes_only_the_files_the_programme_references(content, tmp_path):
    _plant_hostile_files(content, tmp_path / "dehors")
    code, printed = build_site(content, tmp_path / "output")
    assert code == 0, printed
    published = _files(tmp_path / "output")
    assert {"images/atelier.jpg", "logos/caton.png"} <= published
    assert not {name for name in published if name.startswith(("images/", "logos/"))} - {
        "images/atelier.jpg", "logos/caton.png"}
    assert (tmp_path / "output" / "images" / "atelier.jpg").read_bytes() == (
        content / "images" / "atelier.jpg").read_bytes()
    assert not any(path.is_symlink() for path in (tmp_path / "output").rglob("*"))
    host_secret = Path("/etc/passwd").read_bytes().splitlines()[0]
    assert all(host_secret not in path.read_bytes() for path in (tmp_path / "output").rglob("*") if path.is_file())


def test_a_linked_folder_on_the_way_is_refused_too(content, tmp_path):
    """A link to a file is refused in tests/test_content_errors.py; a link to a folder, here."""
    (tmp_path / "ailleurs").mkdir()
    Image.new("RGB", (4, 4)).save(tmp_path / "ailleurs" / "a.jpg")
    (content / "images").symlink_to(tmp_path / "ailleurs", target_is_directory=True)
    edit(content, EVENT, "accessibilite: [gros-caracteres]", "accessibilite: [gros-caracteres]\nimage:\n"
          "  fichier: images/a.jpg\n  alt: Un atelier")
    _programme, report = load_programme(content)
    assert shown(report.errors, content) == [
        "content/events/premiers-pas-smartphone.md:32: image.fichier: « images/a.jpg » passe par un lien "
        "symbolique, qui n'est jamais suivi : placez le fichier lui-même dans le dossier content/"]
    assert "content/images: attention : lien symbolique ignoré : il n'est jamais suivi ni publié" in shown(
        report.warnings, content)


def test_content_files_that_are_links_are_refused(content, tmp_path):
    (tmp_path / "ailleurs.yaml").write_text((content / "events" / "nuit-du-code.yaml").read_text(encoding="utf-8"),
                                            encoding="utf-8")
    (content / "events" / "lien.yaml").symlink_to(tmp_path / "ailleurs.yaml")
    _programme, report = load_programme(content)
    assert shown(report.errors, content) == [
        "content/events/lien.yaml: lien symbolique refusé : il n'est jamais suivi ; placez le fichier lui-même ici"]


def test_the_published_tree_has_no_link_even_when_content_has(content, tmp_path):
    (content / "images").mkdir()
    os.symlink("/etc", content / "images" / "etc")
    code, printed = build_site(content, tmp_path / "output")
    assert code == 0, printed
    assert not (tmp_path / "output" / "images").exists()


def test_a_cited_link_is_reported_once(content, tmp_path):
    Image.new("RGB", (4, 4)).save(tmp_path / "logo.png")
    (content / "logos" / "caton.png").unlink()
    (content / "logos" / "caton.png").symlink_to(tmp_path / "logo.png")
    _programme, report = load_programme(content)
    about_logo = [p for p in shown(report.sorted(), content) if "caton.png" in p]
    assert about_logo == [
        "content/partners/caton.yaml:4: logo: « logos/caton.png » passe par un lien symbolique, qui n'est jamais "
        "suivi : placez le fichier lui-même dans le dossier content/"]


def test_an_image_outside_the_media_folders_is_refused(content):
    (content / "qr" / "evenements").mkdir(parents=True)
    Image.new("RGB", (50, 50), "red").save(content / "qr" / "evenements" / "nuit-du-code.png")
    edit(content, EVENT, "accessibilite: [gros-caracteres]", "accessibilite: [gros-caracteres]\nimage:\n"
          "  fichier: qr/evenements/nuit-du-code.png\n  alt: Un QR code")
    programme, report = load_programme(content)
    assert shown(report.errors, content) == [
        "content/events/premiers-pas-smartphone.md:32: image.fichier: chemin « qr/evenements/nuit-du-code.png » "
        "refusé : placez l'image dans content/images/ (ou un logo dans content/logos/), par exemple "
        "images/atelier.jpg"]
    assert programme is None


def _png(width: int, height: int, pixels: bytes) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))


@pytest.mark.parametrize("pixels", [b"\x78\x9c" + b"\xff" * 40, __import__("zlib").compress(b"\x00" * 10)])
def test_an_image_whose_pixels_cannot_be_decoded_is_refused_by_check(content, pixels):
    (content / "logos" / "caton.png").write_bytes(_png(60, 40, pixels))
    out = io.StringIO()
    assert check(str(content), out=out) == 1
    assert "content/partners/caton.yaml:4: logo: « logos/caton.png » : ce fichier n'est pas une image lisible " \
           "(fichier abîmé ou renommé ?)" in out.getvalue().replace(str(content), "content")


def test_identifiers_are_bounded_before_they_name_files(content):
    long_id = "x" * 81
    for name in ("partners/mediatheque-massy.md", "events/nuit-du-code.yaml"):
        edit(content, name, "mediatheque-cocteau", long_id)
    (content / "events" / f"{'a' * 81}.yaml").write_text("titre: x\n", encoding="utf-8")
    _programme, report = load_programme(content)
    errors = shown(report.errors, content)
    assert "content/partners/mediatheque-massy.md:6: lieux[1].id: identifiant trop long (81 caractères ; au plus 80)" \
        in errors
    assert f"content/events/{'a' * 81}.yaml: nom de fichier trop long (81 caractères avant .yaml ; au plus 80)" \
        in errors


# --- the publication state ------------------------------------------------------------------------

def test_a_damaged_publication_state_is_found_by_check(content):
    (content / "publication-state.jsonl").write_text('{"v', encoding="utf-8")
    programme, report = load_programme(content)
    assert shown(report.errors, content) == [
        "content/publication-state.jsonl: fichier d'état de publication illisible (abîmé, ou un conflit de fusion "
        "mal résolu) : reprenez la version du dépôt (git checkout -- publication-state.jsonl)"]
    assert programme is None


def test_the_publication_state_is_never_read_or_written_through_a_link(content, tmp_path):
    (content / "publication-state.jsonl").unlink()
    (content / "publication-state.jsonl").symlink_to(tmp_path / "ailleurs.jsonl")
    _programme, report = load_programme(content)
    assert shown(report.errors, content) == [
        "content/publication-state.jsonl: publication-state.jsonl est un lien symbolique, qui n'est jamais suivi : "
        "remplacez-le par le fichier lui-même (git checkout -- publication-state.jsonl)"]
    code, printed = build_site(content, tmp_path / "output")
    assert code == 1 and "Traceback" not in printed
    assert not (tmp_path / "ailleurs.json").exists()


def test_the_state_is_written_in_place_of_a_link_not_through_it(tmp_path):
    from sunprogramme.content_files import replace_file

    (tmp_path / "cible.json").write_text("{}", encoding="utf-8")
    (tmp_path / "etat.json").symlink_to(tmp_path / "cible.json")
    replace_file(tmp_path / "etat.json", '{"v": 1}')
    assert not (tmp_path / "etat.json").is_symlink()
    assert (tmp_path / "cible.json").read_text(encoding="utf-8") == "{}"


# --- invalid partners and venues, said once -------------------------------------------------------

def test_an_unreadable_partner_file_is_named_by_the_events_that_use_it(content):
    path = content / "partners" / "caton.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("nom:", "nom: : :", 1) + "\n  - [", encoding="utf-8")
    _programme, report = load_programme(content)
    errors = shown(report.errors, content)
    assert [e for e in errors if "caton.yaml" in e and e.startswith("content/partners/")] != []
    assert not [e for e in errors if e.startswith("content/events/")]  # said once, on the partner file
    notes = [e for e in shown(report.warnings, content) if e.startswith("content/events/") and "déclaré" in e]
    assert len(notes) == 2 and all("déclaré dans partners/caton.yaml, qui a une erreur (signalée dans ce fichier) "
                                   ": cet événement sera vérifié quand elle sera corrigée" in e for e in notes)
    assert not any("inconnu" in e for e in errors)


def test_a_partner_without_its_name_is_invalid_not_unknown(content):
    edit(content, "partners/caton.yaml", "nom: CATON", "nom:")
    _programme, report = load_programme(content)
    assert not [e for e in shown(report.errors, content) if e.startswith("content/events/")]
    assert [e for e in shown(report.warnings, content) if "« caton »" in e] == [
        "content/events/nuit-du-code.yaml:8: attention : organisateurs: partenaire « caton » déclaré dans "
        "partners/caton.yaml, qui a une erreur (signalée dans ce fichier) : cet événement sera vérifié quand elle "
        "sera corrigée",
        "content/events/premiers-pas-smartphone.md:19: attention : organisateurs[1]: partenaire « caton » déclaré "
        "dans partners/caton.yaml, qui a une erreur (signalée dans ce fichier) : cet événement sera vérifié quand "
        "elle sera corrigée"]


def test_an_invalid_venue_is_named_by_the_events_that_use_it(content):
    text = (content / "partners" / "mediatheque-massy.md").read_text(encoding="utf-8")
    assert "code_postal:" in text
    edit(content, "partners/mediatheque-massy.md", "code_postal:", "code_postal: 9130 #")
    _programme, report = load_programme(content)
    errors = shown(report.errors, content)
    assert any(e.startswith("content/partners/mediatheque-massy.md") and "code postal" in e for e in errors)
    assert not [e for e in errors if e.startswith("content/events/")]
    notes = [e for e in shown(report.warnings, content) if e.startswith("content/events/") and "déclaré" in e]
    assert notes
    assert all("déclaré dans partners/mediatheque-massy.md, qui a une erreur" in e for e in notes)
    assert not any("inconnu" in e for e in errors)
