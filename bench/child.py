"""Work the benchmark runs in a fresh child process, one per measurement.

A fresh process per corpus keeps measurements independent (no warm regex or memo
caches from the previous corpus) and lets the parent read the child's peak memory
from ``os.wait4``. Each mode prints JSON objects on stdout, one a line, as soon as
they are known; the parent merges them, so a child stopped at its time limit still
reports the stages it finished.

``python -m bench.child kb CORPUS TEMPLATES DOCS COMPILED [KEY]``
    build and render the knowledge base with per-stage timings (scoring it against the
    answer key KEY for the About page, as the plugin does), the per-source stages and
    render in one process per core as the plugin runs them, the templates' compiled code
    written to COMPILED as the plugin writes it to its cache folder (an empty folder: a
    first build, which compiles them beside the knowledge base when a core is free, as
    the plugin does); write the pages to DOCS
    as ``natokorea-kb render`` does, for MkDocs to build.
``python -m bench.child stages CORPUS TEMPLATES JOBS``
    build the knowledge base only, the per-source stages in JOBS processes.
``python -m bench.child incremental CORPUS TEMPLATES CACHE``
    in one process, as ``mkdocs serve`` does: a build that fills the cache, a rebuild
    with nothing changed, then a rebuild after an edit to the largest source.
``python -m bench.child rebuild CORPUS TEMPLATES CACHE``
    one build in a new process with the cache as the previous run left it.
``python -m bench.child search CORPUS TEMPLATES FOLDER``
    build the knowledge base, make the search records and index them with Pagefind into
    FOLDER/pagefind, as the plugin does after MkDocs has written the site; then write a
    bare page running the site's search script there, for the payload measurement.
"""

from __future__ import annotations

import json
import resource
import sys
from collections.abc import Iterator
from pathlib import Path

from bench import explore, searching
from natokorea_kb.evaluate import measure
from natokorea_kb.per_source import available_cores, process_pool
from natokorea_kb.pipeline import COMPILED_TEMPLATES, KnowledgeBase, Timings, build, site_pages
from natokorea_kb.publish import write_pages
from natokorea_kb.records import Page
from natokorea_kb.render.edition import Edition
from natokorea_kb.render.environment import compiled_beside
from natokorea_kb.render.views import build_views
from natokorea_kb.search import search_records, settings_file
from natokorea_kb.searchindex import write_search_index
from natokorea_kb.sources import SOURCES_DIR

# Wall-clock stages, which add up to the knowledge-base stages' time; "sources" is the
# per-source stages, whose parts (clean, segment, extract, cite, mention) are seconds of work
# summed over the worker processes.
KB_STAGES = ("read", "sources", "consolidate", "render")
PER_SOURCE = ("clean", "segment", "extract", "cite", "mention")
EDITS = {  # one new dated sentence per language, appended as a paragraph: a plan, as its
    # year comes after the source (a past told of a year to come is no fact)
    "en": "NATO and the Republic of Korea will hold staff talks in Brussels in {year}.",
    "tr": "NATO ve Güney Kore {year} yılında Brüksel’de görüşme yapacak.",
    "ko": "{year}년 한국과 NATO는 브뤼셀에서 회의를 열었다.",
}


def corpus_figures(kb: KnowledgeBase) -> dict:
    return {
        "sources": len(kb.documents),
        "bytes": sum(len(d.raw.encode()) for d in kb.documents),
        "sentences": sum(len(d.sentences) for d in kb.documents),
        "facts": len(kb.facts),
    }


def page_figures(pages: list[Page]) -> dict:
    markdown = [p for p in pages if p.path.endswith(".md")]
    return {
        "pages": len(markdown),
        "markdown_bytes": sum(len(p.data) for p in markdown),
        "data_bytes": {Path(p.path).name: len(p.data) for p in pages if not p.path.endswith(".md")},
    }


def timed_build(corpus: Path, templates: Path, cache: Path) -> tuple[KnowledgeBase, dict]:
    """Build and render once with the cache, as the plugin does; the knowledge base and
    the run's figures."""
    timings = Timings()
    kb = build(corpus, timings, cache_dir=cache)
    with timings.stage("render"):
        pages = site_pages(kb, templates, measure(kb, None), compiled=cache / COMPILED_TEMPLATES)
    return kb, {"seconds": timings.seconds} | corpus_figures(kb) | page_figures(pages)


def largest_source(kb: KnowledgeBase) -> tuple[Path, str]:
    """The file and language of the largest source: the worst single edit."""
    document = max(kb.documents, key=lambda d: len(d.raw))
    return kb.corpus / SOURCES_DIR / document.source.file, document.source.language


def append_edit(path: Path, language: str, number: int) -> None:
    """Append a new dated sentence to a source, as an author adding a paragraph."""
    sentence = EDITS.get(language, EDITS["en"]).format(year=2023 + number)
    with path.open("a", encoding="utf-8") as text:
        text.write(f"\n{sentence}\n")


def run_kb(
    corpus: Path, templates: Path, docs: Path, compiled: Path, key: Path | None = None
) -> Iterator[dict]:
    timings = Timings()
    jobs = available_cores()
    with compiled_beside(templates, compiled, jobs), process_pool(jobs) as executor:
        kb = build(corpus, timings, executor=executor)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    figures = {"seconds": dict(timings.seconds), "build_peak_mb": peak, "jobs": jobs}
    yield figures | corpus_figures(kb)
    with timings.stage("render"):
        evaluation, views = measure(kb, key), build_views(kb)
        pages = site_pages(kb, templates, evaluation, views=views, jobs=jobs, compiled=compiled)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    yield {"seconds": timings.seconds, "worker_peak_mb": workers} | page_figures(pages)
    yield {"explorer": explore.payloads({p.path: p.data for p in pages})}
    write_pages(pages, templates, docs)
    del pages
    # The Turkish edition, as the plugin renders it: from the same knowledge base, views
    # and evaluation, its pages only (the data downloads are the root edition's).
    with timings.stage("render_tr"):
        translated = site_pages(
            kb, templates, evaluation, language="tr", views=views, jobs=jobs, compiled=compiled
        )
    yield {"seconds": timings.seconds, "pages_tr": len(translated)}
    write_pages(translated, templates, docs.with_name(f"{docs.name}-tr"))


def run_search(corpus: Path, templates: Path, folder: Path) -> Iterator[dict]:
    kb = build(corpus)
    timings = Timings()
    with timings.stage("records"):
        records = list(search_records(kb, build_views(kb), Edition("en", kb.lexicon)))
    report = write_search_index(records, folder)
    yield {
        "records": len(records),
        "languages": report.records,
        "records_seconds": timings.seconds["records"],
        "index_seconds": report.seconds,
        "indexer_peak_mb": report.peak_mb,
        "bundle_bytes": report.bundle_bytes,
        "bundle_files": sum(1 for p in (folder / "pagefind").rglob("*") if p.is_file()),
    }
    searching.search_page(folder, settings_file(), templates / "static/assets/kb-search.js")


def run_incremental(corpus: Path, templates: Path, cache: Path) -> Iterator[dict]:
    kb, cold = timed_build(corpus, templates, cache)
    _, warm = timed_build(corpus, templates, cache)
    path, language = largest_source(kb)
    append_edit(path, language, 1)
    _, edited = timed_build(corpus, templates, cache)
    yield {
        "cold": cold,
        "warm": warm,
        "edited": edited,
        "edited_file": path.name,
        "edited_language": language,
    }


def run_rebuild(corpus: Path, templates: Path, cache: Path) -> Iterator[dict]:
    yield timed_build(corpus, templates, cache)[1]


def run_stages(corpus: Path, templates: Path, jobs: int) -> Iterator[dict]:
    timings = Timings()
    with process_pool(jobs) as executor:
        build(corpus, timings, executor=executor)
    yield {"jobs": jobs, "seconds": timings.seconds}


def main(argv: list[str]) -> int:
    mode, paths = argv[0], [Path(a) for a in argv[1:]]
    runners = {
        "kb": run_kb,
        "incremental": run_incremental,
        "rebuild": run_rebuild,
        "search": run_search,
    }
    if mode == "stages":
        runs = run_stages(paths[0], paths[1], int(argv[3]))
    else:
        runs = runners[mode](*paths)
    for figures in runs:
        print(json.dumps(figures), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
