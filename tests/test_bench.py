"""The benchmark's quick mode runs and prints its table (its timings are not asserted: they vary)."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT


def test_quick_bench_prints_every_figure():
    report = ROOT / "docs" / "performance.md"
    before = report.read_bytes() if report.exists() else None
    result = subprocess.run([sys.executable, "-m", "benchmarks.run", "--quick"], capture_output=True, text=True,
                            cwd=ROOT, check=True, timeout=600)
    lines = [line for line in result.stdout.splitlines() if not line.startswith("  mesure ")]
    assert lines[:2] == ["… 60 événements", "… 600 événements"]
    # One measure per size in quick mode, each printed as it is made.
    assert len(re.findall(r"^  mesure 1/1 : [\d.]+ s, Pelican nu [\d.]+ s$", result.stdout, re.MULTILINE)) == 2
    assert lines[2].startswith("| événements | notre construction (sans affiches) | CPU | mémoire max (Python / "
                               "tout processus) | Pelican nu |")
    rows = [line for line in lines
            if re.match(r"^\| (60|600) \| [\d.]+ s \| [\d.]+ s \| \d+ / \d+ Mo \| [\d.]+ s \|", line)]
    assert len(rows) == 2
    # Rebuilds after one edit, by « invoke build » then in a long-lived « invoke serve », with their share of cold.
    assert all(re.search(r"\| [\d.]+ s \| \d+% \| [\d.]+ s \| \d+% \|$", row) for row in rows), rows
    assert lines[2].endswith("| reconstruction après une modification | part du froid | dans `invoke serve` | "
                             "part du froid |")
    assert any(re.match(r"^\| 600 \| [\d.]+ s \| [\d.]+ ms \|", line) for line in lines)  # posters per event
    assert re.search(r"^Édition de démonstration \(63 événements\), affiches comprises, à froid : [\d.]+ s\.$",
                     result.stdout, re.MULTILINE)
    assert result.stdout.rstrip().endswith("Mesures par taille (60 : 1; 600 : 1) : nos constructions à froid et "
                                           "celles de Pelican nu et de Hugo à tour de rôle, puis autant de "
                                           "reconstructions ; le tableau donne les médianes (mémoire : le maximum).")
    assert (report.read_bytes() if report.exists() else None) == before  # the quick mode writes no report
