"""The local preview: how the README and setup tell to open it, the home page of a preview built
outside the festival, and « invoke serve » while the content holds errors."""

from __future__ import annotations

from conftest import ROOT


def test_setup_and_readme_send_to_the_server_not_to_the_file():
    # Opened as a file, output/index.html leads to folder listings: links end in « / » as on the web.
    setup = (ROOT / "setup.sh").read_text(encoding="utf-8")
    assert setup.splitlines()[-1] == (
        'echo "Terminé. Pour voir le site : lancez « .venv/bin/invoke serve » puis ouvrez http://localhost:8000/ '
        '(ouvert comme fichier, output/index.html ne mène pas aux autres pages)."')
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`output/`. Pour le voir, lancez `.venv/bin/invoke serve` puis ouvrez http://localhost:8000/" in readme
    for text in (setup, readme):
        assert "ouvrez output/index.html" not in text and "ouvrez `output/index.html`" not in text
