"""``invoke bench``: build synthetic programmes of N events and compare with bare Pelican and Hugo.

Every build runs in its own process, measured with ``os.wait4`` (wall time, CPU time of the
process and the children it waited for, peak resident memory). The figures that count are the
ratios, measured in the same run on the same machine.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .synthetic import write_hugo_site, write_plain_articles, write_programme

ROOT = Path(__file__).resolve().parent.parent
ANALYSIS = "## Objectifs et analyse"
PYTHON = sys.executable


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float
    output: str = ""


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    # The files the previous build wrote are flushed to disk first: on this machine, their writing
    # out would otherwise be counted in the next build (it doubled the system time of a build).
    os.sync()
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env={**os.environ, **(env or {})})
    output = process.stdout.read().decode("utf-8", "replace") if process.stdout else ""
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} a échoué :\n{output[-3000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output)


def _settings(folder: Path, posters: bool, cache: Path) -> Path:
    path = folder / "benchconf.py"
    path.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa\n"
        f"THEME = {str(ROOT / 'theme')!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
        f"PROGRAMME_POSTERS = {posters}\nPROGRAMME_BUILD_CACHE_DIR = {str(cache)!r}\n", encoding="utf-8")
    return path


def build_ours(folder: Path, content: Path, output: Path, posters: bool, cache: Path) -> tuple[Run, dict]:
    settings = _settings(folder, posters, cache)
    timings = folder / "timings.json"
    script = ("import json, resource, sys; sys.path.insert(0, 'plugins'); from sun_site.build import build; t = {}; "
              f"code = build({str(settings)!r}, {str(content)!r}, {str(output)!r}, timings=t); "
              "t['python_peak_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024; "
              f"open({str(timings)!r}, 'w').write(json.dumps(t)); sys.exit(code)")
    run = measure([PYTHON, "-c", script], ROOT, {"SOURCE_DATE_EPOCH": "1791590400"})
    return run, json.loads(timings.read_text(encoding="utf-8"))


def rebuild_in_serve(folder: Path, content: Path, output: Path, cache: Path, edited: Path, times: int) -> list[float]:
    """Each rebuild's wall time after an edit, in one long-lived process (benchmarks.serve_rebuilds)."""
    result = folder / "serve.json"
    measure([PYTHON, "-m", "benchmarks.serve_rebuilds", str(_settings(folder, False, cache)), str(content),
             str(output), str(edited), str(times), str(result)], ROOT, {"SOURCE_DATE_EPOCH": "1791590400"})
    return json.loads(result.read_text(encoding="utf-8"))


def build_pelican(folder: Path, articles: Path) -> Run:
    settings = folder / "bareconf.py"
    settings.write_text("SITENAME = 'Bare'\nSITEURL = ''\nTIMEZONE = 'Europe/Paris'\nDEFAULT_LANG = 'fr'\n"
                        "FEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\nAUTHOR_FEED_ATOM = None\n"
                        "AUTHOR_FEED_RSS = None\nDEFAULT_PAGINATION = False\nCACHE_CONTENT = False\n",
                        encoding="utf-8")
    pelican = str(Path(PYTHON).parent / "pelican")
    return measure([pelican, str(articles), "-o", str(folder / "bare-output"), "-s", str(settings), "-q"], folder)


def build_hugo(folder: Path, site: Path) -> Run | None:
    hugo = shutil.which("hugo", path=str(Path(PYTHON).parent)) or shutil.which("hugo")
    if hugo is None:
        return None
    return measure([hugo, "--source", str(site), "--destination", str(folder / "hugo-output"), "--quiet"], folder)


def _median(values: list, key=lambda value: value):
    return sorted(values, key=key)[len(values) // 2]


def _median_run(runs: list[Run]) -> Run:
    return _median(runs, key=lambda run: run.wall)


def bench_size(events: int, base: Path, repeat: int) -> dict:
    """Each build ``repeat`` times (cold ones in fresh folders), ours and the baselines taking turns
    so that a change in the machine's speed falls on all of them; medians are kept."""
    folder = base / f"n{events}"
    folder.mkdir(parents=True)
    content = folder / "content"
    write_programme(content, events)
    write_plain_articles(folder / "articles", events)
    write_hugo_site(folder / "hugo", events)
    colds, pelicans, hugos, all_stages = [], [], [], []
    for number in range(repeat):
        for name in ("output", "cache", "construction"):
            shutil.rmtree(folder / name, ignore_errors=True)
        cold, stages = build_ours(folder, content, folder / "output", posters=False, cache=folder / "cache")
        colds.append(cold)
        all_stages.append(stages)
        pelicans.append(build_pelican(folder, folder / "articles"))
        hugo = build_hugo(folder, folder / "hugo")
        if hugo:
            hugos.append(hugo)
        print(f"  mesure {number + 1}/{repeat} : {cold.wall:.1f} s, Pelican nu {pelicans[-1].wall:.1f} s", flush=True)
    cold = _median_run(colds)
    stages = all_stages[colds.index(cold)]
    python_peak = max(s.pop("python_peak_mb") for s in all_stages)
    cache = folder / "cache"
    edited = content / "events" / "evenement-0.md"
    rebuilds = []
    for number in range(repeat):
        edited.write_text(edited.read_text(encoding="utf-8").replace("titre: ", f"titre: Modifié {number} — ", 1),
                          encoding="utf-8")
        rebuilds.append(build_ours(folder, content, folder / "output", posters=False, cache=cache)[0])
    served = rebuild_in_serve(folder, content, folder / "output", cache, edited, repeat)
    result = {"events": events, "runs": repeat,
              "cold": cold.__dict__ | {"output": "", "python_peak_mb": python_peak,
                                       "peak_mb": max(run.peak_mb for run in colds)},
              "stages": stages,
              "incremental": _median_run(rebuilds).wall, "served": _median(served)}
    if events <= 600:
        _, poster_stages = build_ours(folder, content, folder / "output-affiches", posters=True,
                                      cache=cache)
        poster_stages.pop("python_peak_mb")
        reused, _ = build_ours(folder, content, folder / "output-affiches", posters=True, cache=cache)
        # The poster stage's CPU, its drawing processes included (not the difference of two builds).
        result["posters"] = {"wall": poster_stages.get("affiches", [0, 0])[0],
                             "cpu_total": poster_stages.get("affiches", [0, 0])[1], "count": events,
                             "reused_wall": reused.wall - cold.wall}
    result["pelican"] = _median_run(pelicans).__dict__ | {"output": ""}
    result["hugo"] = _median_run(hugos).__dict__ | {"output": ""} if hugos else None
    shutil.rmtree(folder)
    return result


def demo_with_posters(base: Path) -> float:
    folder = base / "demo"
    folder.mkdir(parents=True)
    run, _ = build_ours(folder, ROOT / "content", folder / "output", posters=True, cache=folder / "cache")
    return run.wall


def table(results: list[dict], demo_wall: float | None) -> str:
    lines = ["| événements | notre construction (sans affiches) | CPU | mémoire max (Python / tout processus) | "
             "Pelican nu | Hugo | "
             "nous / Pelican | nous / Hugo | reconstruction après une modification | part du froid | "
             "dans `invoke serve` | part du froid |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        hugo = r["hugo"]["wall"] if r["hugo"] else None
        served = f" {r['served']:.2f} s | {r['served'] / r['cold']['wall']:.0%} |"
        lines.append(
            f"| {r['events']} | {r['cold']['wall']:.2f} s | {r['cold']['cpu']:.2f} s | "
            f"{r['cold']['python_peak_mb']:.0f} / {r['cold']['peak_mb']:.0f} Mo "
            f"| {r['pelican']['wall']:.2f} s | {hugo:.2f} s | {r['cold']['wall'] / r['pelican']['wall']:.2f} | "
            f"{r['cold']['wall'] / hugo:.1f} | {r['incremental']:.2f} s | {r['incremental'] / r['cold']['wall']:.0%} |"
            + served if hugo else
            f"| {r['events']} | {r['cold']['wall']:.2f} s | {r['cold']['cpu']:.2f} s | "
            f"{r['cold']['python_peak_mb']:.0f} / {r['cold']['peak_mb']:.0f} Mo "
            f"| {r['pelican']['wall']:.2f} s | — | {r['cold']['wall'] / r['pelican']['wall']:.2f} | — | "
            f"{r['incremental']:.2f} s | {r['incremental'] / r['cold']['wall']:.0%} |" + served)
    lines += ["", "Par étape (temps réel / CPU du processus principal) :", "",
              "| événements | " + " | ".join(results[0]["stages"]) + " |",
              "| ---: |" + " ---: |" * len(results[0]["stages"])]
    for r in results:
        lines.append(f"| {r['events']} | " + " | ".join(f"{w:.2f} / {c:.2f} s" for w, c in r["stages"].values())
                     + " |")
    posters = [r for r in results if "posters" in r]
    if posters:
        lines += ["", "| événements | affiches : temps réel | CPU par affiche (2 cœurs) | affiches reprises du cache |",
                  "| ---: | ---: | ---: | ---: |"]
        for r in posters:
            p = r["posters"]
            lines.append(f"| {r['events']} | {p['wall']:.2f} s | {1000 * p['cpu_total'] / p['count']:.1f} ms | "
                         f"{max(p['reused_wall'], 0):.2f} s de plus que sans affiches |")
    if demo_wall is not None:
        lines += ["", f"Édition de démonstration (63 événements), affiches comprises, à froid : {demo_wall:.2f} s."]
    runs = "; ".join(f"{r['events']} : {r['runs']}" for r in results)
    lines += ["", f"Mesures par taille ({runs}) : nos constructions à froid et celles de Pelican nu et de Hugo "
                  "à tour de rôle, puis autant de reconstructions ; le tableau donne les médianes (mémoire : le "
                  "maximum)."]
    return "\n".join(lines) + "\n"


# How many times each size is measured (medians are kept); once at 25,000: a cold build takes minutes.
REPEAT = {60: 3, 600: 3, 6000: 3, 25000: 1}


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    sizes = [60, 600] if quick else [60, 600, 6000, 25000]
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        results = []
        for events in sizes:
            print(f"… {events} événements", flush=True)
            results.append(bench_size(events, base, 1 if quick else REPEAT[events]))
        demo = demo_with_posters(base)
    text = table(results, demo)
    print(text)
    if not quick:
        report = ROOT / "docs" / "performance.md"
        analysis = ""  # the hand-written analysis below the table is kept from one run to the next
        if report.exists() and ANALYSIS in report.read_text(encoding="utf-8"):
            analysis = "\n" + ANALYSIS + report.read_text(encoding="utf-8").split(ANALYSIS, 1)[1]
        report.write_text("# Performances\n\nMesuré par `invoke bench` sur cette machine (2 cœurs), dans la même "
                          "exécution que les constructions de référence.\n\n" + text + analysis, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
