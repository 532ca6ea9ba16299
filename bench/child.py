"""Work the benchmark runs in a fresh child process, one per measurement.

A fresh process per corpus keeps measurements independent (no warm regex or memo
caches from the previous corpus) and lets the parent read the child's peak memory
from ``os.wait4``. Each mode prints one JSON object on stdout.

``python -m bench.child kb CORPUS TEMPLATES DOCS``
    build and render the knowledge base with per-stage timings; write the pages to
    DOCS as ``natokorea-kb render`` does, for MkDocs to build.
``python -m bench.child incremental CORPUS TEMPLATES CACHE``
    in one process, as ``mkdocs serve`` does: a build that fills the cache, a rebuild
    with nothing changed, then a rebuild after an edit to the largest source.
``python -m bench.child rebuild CORPUS TEMPLATES CACHE``
    one build in a new process with the cache as the previous run left it.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

from natokorea_kb.pipeline import KnowledgeBase, Timings, build
from natokorea_kb.render import render_site
from natokorea_kb.sources import SOURCES_DIR

KB_STAGES = ("read", "clean", "segment", "extract", "consolidate", "render")
EDITS = {  # one new dated sentence per language, appended as a paragraph
    "en": "NATO and the Republic of Korea held staff talks in Brussels in March 2024.",
    "tr": "NATO ve Güney Kore Mart 2024’te Brüksel’de görüşme yaptı.",
    "ko": "2024년 3월 한국과 NATO는 브뤼셀에서 회의를 열었다.",
}


def timed_build(corpus: Path, templates: Path, cache: Path | None) -> tuple[KnowledgeBase, dict]:
    """Build and render once; return the knowledge base and the figures of the run."""
    timings = Timings()
    began = time.perf_counter()
    kb = build(corpus, timings, cache_dir=cache)
    with timings.stage("render"):
        pages = render_site(kb, templates)
    figures = {
        "seconds": timings.seconds,
        "total": time.perf_counter() - began,
        "sources": len(kb.documents),
        "bytes": sum(len(d.raw.encode()) for d in kb.documents),
        "sentences": sum(len(d.sentences) for d in kb.documents),
        "facts": len(kb.facts),
        "pages": sum(1 for p in pages if p.path.endswith(".md")),
        "markdown_bytes": sum(len(p.content.encode()) for p in pages if p.path.endswith(".md")),
        "data_bytes": {Path(p.path).name: len(p.content.encode()) for p in pages if "." in p.path and not p.path.endswith(".md")},
    }
    return kb, figures | {"_pages": pages}


def write_docs(pages: list, templates: Path, docs: Path) -> None:
    """Write pages and the static assets to a docs folder, as ``natokorea-kb render``."""
    static = templates / "static"
    if static.is_dir():
        shutil.copytree(static, docs, dirs_exist_ok=True)
    for page in pages:
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8", newline="\n")


def largest_source(kb: KnowledgeBase) -> tuple[Path, str]:
    """The file and language of the largest source: the worst single edit."""
    document = max(kb.documents, key=lambda d: len(d.raw))
    return kb.corpus / SOURCES_DIR / document.source.file, document.source.language


def run_kb(corpus: Path, templates: Path, docs: Path) -> dict:
    _, figures = timed_build(corpus, templates, None)
    write_docs(figures.pop("_pages"), templates, docs)
    return figures


def run_incremental(corpus: Path, templates: Path, cache: Path) -> dict:
    kb, cold = timed_build(corpus, templates, cache)
    _, warm = timed_build(corpus, templates, cache)
    path, language = largest_source(kb)
    with path.open("a", encoding="utf-8") as text:
        text.write(f"\n{EDITS.get(language, EDITS['en'])}\n")
    _, edited = timed_build(corpus, templates, cache)
    figures = {"cold": cold, "warm": warm, "edited": edited, "edited_file": path.name}
    for run in (cold, warm, edited):
        run.pop("_pages")
    return figures


def run_rebuild(corpus: Path, templates: Path, cache: Path) -> dict:
    _, figures = timed_build(corpus, templates, cache)
    figures.pop("_pages")
    return figures


def main(argv: list[str]) -> int:
    mode, corpus, templates, target = argv[0], Path(argv[1]), Path(argv[2]), Path(argv[3])
    runners = {"kb": run_kb, "incremental": run_incremental, "rebuild": run_rebuild}
    print(json.dumps(runners[mode](corpus, templates, target)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
