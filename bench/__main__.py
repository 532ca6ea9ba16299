"""``python -m bench``: time the knowledge-base stages and MkDocs from 5 to 5,000 sources.

For each corpus (the seeds, then synthetic corpora of 50, 500 and 5,000 sources) a
child process builds and renders the knowledge base with per-stage timings (the
per-source stages in one process per core) and writes the pages to a temporary docs
folder; a second child runs ``mkdocs build`` on them with the project's configuration
minus our plugin, and the site is indexed for search. At 500 and 5,000 sources two more
children build the knowledge base on 1 and on 2 jobs. Then the seed corpus is rebuilt
with the content-hash cache, and edited under a real ``mkdocs serve``
(:mod:`bench.serve`). The result is Markdown on stdout (progress goes to stderr): the
machine, one table, the cache and serve figures and the targets of issues 8, 16 and 20
with their measured values.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import shutil
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from bench import child, searching, site
from bench.corpus import DEFAULT_SEED, generate, load_pool
from bench.report import ROWS, cache_table, search_targets, serve_table, targets
from bench.table import render

ROOT = Path(__file__).resolve().parents[1]
SIZES = (50, 500, 5000)
SPEEDUP_SIZES = (500, 5000)  # corpora whose per-source stages are also timed on 1 and 2 jobs
SERVE_EDITS = 5  # edits timed under `mkdocs serve`
QUICK_LIMIT = 500
ANSWER_KEY = ROOT / "tests" / "gold" / "seeds.yml"  # scored on the About page, as mkdocs.yml says
# what a copy of the project needs to be served: both editions' configurations, the theme's
# overrides, the page templates, the corpus and the answer key the About page scores
SERVED_PARTS = ("mkdocs.yml", "mkdocs.tr.yml", "overrides", "docs_templates", "corpus")
SERVED_PARTS += (str(ANSWER_KEY.parent.relative_to(ROOT)),)
TIMEOUT = 900.0  # seconds one child may run; a stopped child is reported as such


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def machine() -> str:
    """One line on the machine: cores, CPU model, memory, Python, MkDocs and Material."""
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        total_kib = int(meminfo.read_text().split("MemTotal:", 1)[1].split()[0])
        memory = f", {total_kib / 1024 / 1024:.1f} GiB RAM"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    versions = ", ".join(
        f"{name} {metadata.version(name)}" for name in ("mkdocs", "mkdocs-material")
    )
    return (
        f"{cores} cores ({model}){memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; {versions}"
    )


def run_mode(
    mode: str, corpus: Path, *paths: Path | str, timeout: float | None = None
) -> tuple[dict, site.ChildRun]:
    """Run one ``bench.child`` mode in a new process; its merged figures and how it ran."""
    templates = ROOT / "docs_templates"
    command = [sys.executable, "-m", "bench.child", mode, str(corpus), str(templates)]
    command += [str(path) for path in paths]
    run = site.run_child(command, timeout=timeout, cwd=ROOT)
    if run.returncode not in (0, None):
        raise SystemExit(f"bench.child {mode} {corpus} failed:\n{run.stderr}")
    figures: dict = {}
    for line in run.stdout.splitlines():
        figures |= json.loads(line)
    return figures, run


def measure(name: str, corpus: Path, work: Path, options: Options, key: Path | None = None) -> dict:
    """Run the knowledge-base child and (when asked) MkDocs on one corpus."""
    docs = work / "docs"
    log(f"[{name}] knowledge-base stages …")
    # an empty folder for the templates' compiled code: each corpus's build is a first build
    # on the machine and compiles them (beside its knowledge base, on a second core, else in
    # its timed render), as `make site` on a fresh clone
    paths = [docs, work / "compiled", *([key] if key else [])]
    figures, run = run_mode("kb", corpus, *paths, timeout=options.timeout)
    result: dict = {"name": name, "kb": figures, "kb_peak_mb": run.peak_mb}
    if run.returncode is None:
        log(f"[{name}] knowledge-base child stopped after {options.timeout:.0f} s")
        return result | {"kb_timeout": options.timeout}
    result["search"] = search(name, corpus, work, options)
    if figures["sources"] in SPEEDUP_SIZES:
        result["stages"] = {}
        for jobs in (1, 2):
            log(f"[{name}] knowledge base only, {jobs} job{'s' if jobs > 1 else ''} …")
            timed, _ = run_mode("stages", corpus, str(jobs), timeout=options.timeout)
            result["stages"][jobs] = timed["seconds"]
    if not options.mkdocs(figures["sources"]):
        log(f"[{name}] MkDocs build skipped")
        return result
    log(f"[{name}] mkdocs build of {figures['pages']} pages …")
    build, built = site.mkdocs_build(ROOT / "mkdocs.yml", docs, work, options.timeout)
    if build.returncode is None:
        log(f"[{name}] MkDocs stopped after {options.timeout:.0f} s")
        return result | {"mkdocs_timeout": options.timeout}
    if build.returncode != 0:
        raise SystemExit(f"[{name}] mkdocs build failed:\n{build.stderr[-3000:]}")
    result |= {
        "mkdocs_seconds": build.seconds,
        "mkdocs_peak_mb": build.peak_mb,
        "mkdocs_warnings": site.warnings(build),
        "site": site.site_size(built).__dict__,
    }
    shutil.rmtree(built)
    log(f"[{name}] mkdocs build of the Turkish edition, {figures['pages_tr']} pages …")
    docs_tr = docs.with_name(f"{docs.name}-tr")
    (work / "tr").mkdir(exist_ok=True)
    build_tr, built_tr = site.mkdocs_build(
        ROOT / "mkdocs.tr.yml", docs_tr, work / "tr", options.timeout
    )
    if build_tr.returncode == 0:
        result |= {
            "mkdocs_tr_seconds": build_tr.seconds,
            "mkdocs_tr_warnings": site.warnings(build_tr),
        }
        shutil.rmtree(built_tr)
    if options.zensical:
        log(f"[{name}] zensical build, cold then warm …")
        cold, warm = site.zensical_build(
            options.zensical, ROOT / "mkdocs.yml", docs, work, options.timeout
        )
        result["zensical"] = [run.seconds if run.returncode == 0 else None for run in (cold, warm)]
    return result


def search(name: str, corpus: Path, work: Path, options: Options) -> dict:
    """Index the corpus for the site search in a child; what a query then downloads."""
    folder = work / "search"
    log(f"[{name}] search records and Pagefind index …")
    figures, run = run_mode("search", corpus, folder, timeout=options.timeout)
    if run.returncode is None:
        return {"timeout": options.timeout}
    figures["child_peak_mb"] = run.peak_mb
    if searching.CHROMIUM.is_file() and searching.CHROMEDRIVER.is_file():
        log(f"[{name}] bytes per query in headless Chromium …")
        figures["payload"] = searching.payload_figures(folder)
    shutil.rmtree(folder)
    return figures


def incremental(work: Path) -> dict:
    """Seed corpus with the cache: fill, rebuild, edit the largest source, rebuild."""
    corpus = work / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    cache = work / "cache"
    log("[cache] seed corpus: fill, rebuild, edit, rebuild (one process) …")
    figures, _ = run_mode("incremental", corpus, cache)
    child.append_edit(corpus / "sources" / figures["edited_file"], figures["edited_language"], 2)
    log("[cache] edit again, rebuild in a new process …")
    figures["fresh"], _ = run_mode("rebuild", corpus, cache)
    figures["cache_bytes"] = sum(p.stat().st_size for p in cache.rglob("*") if p.is_file())
    return figures


def serving(work: Path) -> dict:
    """The seed site under `mkdocs serve`: edit to visible, and what a rebuild renders."""
    figures: dict = {}
    for mode in ("visible", "rebuilds"):
        project = work / mode
        for part in SERVED_PARTS:
            source = ROOT / part
            target = project / source.relative_to(ROOT)
            if source.is_dir():
                shutil.copytree(source, target)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(source, target)
        log(f"[serve] {mode} …")
        command = [sys.executable, "-m", "bench.serve", mode, str(project)]
        command += [str(SERVE_EDITS)] if mode == "visible" else [str(work / "site"), "1"]
        run = site.run_child(command, timeout=TIMEOUT, cwd=ROOT)
        if run.returncode != 0:
            raise SystemExit(f"bench.serve {mode} failed:\n{run.stderr[-3000:]}")
        figures[mode] = [json.loads(line) for line in run.stdout.splitlines()]
    return figures


def profile(size: int, seed: int) -> None:
    """Profile the KB stages on a synthetic corpus and print where the time goes."""
    from natokorea_kb.pipeline import build, site_pages

    with tempfile.TemporaryDirectory(prefix="natokorea-bench-") as tmp:
        corpus = generate(ROOT / "corpus", Path(tmp) / "corpus", size, seed)
        profiler = cProfile.Profile()
        profiler.enable()
        site_pages(build(corpus), ROOT / "docs_templates")
        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(25)


@dataclass(frozen=True)
class Options:
    """How far each child may go: MkDocs up to a corpus size, every child up to a time."""

    mkdocs_max: int | None
    timeout: float
    zensical: str | None  # a zensical executable, to time it on the same pages

    def mkdocs(self, sources: int) -> bool:
        return self.mkdocs_max is None or sources <= self.mkdocs_max


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"stop at {QUICK_LIMIT} sources")
    parser.add_argument("--sizes", type=int, nargs="+", help="synthetic corpus sizes to run")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="RNG seed of the generator")
    parser.add_argument("--no-seeds", action="store_true", help="leave out the seed corpus")
    parser.add_argument("--no-incremental", action="store_true", help="leave out cached rebuilds")
    parser.add_argument(
        "--mkdocs-max", type=int, help="skip the MkDocs build of corpora above this many sources"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=TIMEOUT,
        help="stop a knowledge-base child or a MkDocs build after this many seconds",
    )
    parser.add_argument(
        "--zensical", metavar="EXECUTABLE", help="also time this Zensical on the same pages"
    )
    parser.add_argument("--keep", type=Path, help="write corpora and sites here and keep them")
    parser.add_argument(
        "--profile",
        type=int,
        metavar="SOURCES",
        help="cProfile the KB stages on a synthetic corpus of this size, then exit",
    )
    return parser.parse_args(argv)


def run(args: argparse.Namespace, work_root: Path) -> tuple[list[dict], dict | None]:
    """Measure every corpus asked for, then the cached rebuilds of the seed corpus."""
    options = Options(args.mkdocs_max, args.timeout, args.zensical)
    sizes = args.sizes or [s for s in SIZES if not args.quick or s <= QUICK_LIMIT]
    results = []
    if not args.no_seeds:
        key = ANSWER_KEY if ANSWER_KEY.is_file() else None
        results.append(measure("seeds", ROOT / "corpus", work_root / "seeds", options, key))
    pool = load_pool(ROOT / "corpus")
    for size in sizes:
        name, work = f"{size:,}", work_root / f"synthetic-{size}"
        log(f"[{name}] generating {size} sources …")
        corpus = generate(ROOT / "corpus", work / "corpus", size, args.seed, pool)
        results.append(measure(name, corpus, work, options))
        if not args.keep:
            shutil.rmtree(work)
    cache = None if args.no_incremental else incremental(work_root / "cache")
    if cache is not None:
        cache["serve"] = serving(work_root / "serve")
    return results, cache


def explorer_table(results: list[dict]) -> str:
    """kB the explorer fetches per filter: first view / to the end, per corpus."""
    names = [r["name"] for r in results]
    rows = list(results[0]["kb"]["explorer"])
    lines = [
        "| explorer: kB fetched, first view / to the end | " + " | ".join(names) + " |",
        "|:---|" + "---:|" * len(names),
    ]
    for row in rows:
        cells = []
        for result in results:
            first, last = result["kb"]["explorer"][row]
            if row == "explorer data on disk":
                cells.append(f"{first / 1e6:,.1f} MB in {last:,} files")
            else:
                cells.append(f"{first / 1e3:,.0f} / {last / 1e3:,.0f}")
        lines.append(f"| {row} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.profile:
        profile(args.profile, args.seed)
        return 0
    load_before = os.getloadavg()[0]
    work_root = args.keep or Path(tempfile.mkdtemp(prefix="natokorea-bench-"))
    try:
        results, cache = run(args, work_root)
    finally:
        if not args.keep:
            shutil.rmtree(work_root, ignore_errors=True)
    load_after = os.getloadavg()[0]
    print(f"Machine: {machine()}; load average {load_before:.1f} before, {load_after:.1f} after.\n")
    print(render(ROWS, results, [r["name"] for r in results]))
    explored = [r for r in results if r.get("kb", {}).get("explorer")]
    if explored:
        print()
        print(explorer_table(explored))
    if cache is not None:
        print()
        print(cache_table(cache))
        print(f"\nCache after the runs: {cache['cache_bytes'] / 1e6:.1f} MB for the seed corpus.")
        print()
        print(serve_table(cache["serve"]))
    print("\nTargets (issues 8 and 20):\n")
    print("\n".join(targets(results, cache)))
    print("\nTargets (issue 16, search):\n")
    print("\n".join(search_targets(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
