"""Work the benchmark runs in a fresh child process, one per measurement.

A fresh process per corpus keeps measurements independent (no warm regex or memo
caches from the previous corpus) and lets the parent read the child's peak memory
from ``os.wait4``. Each mode prints one JSON object on stdout.

``python -m bench.child kb CORPUS TEMPLATES DOCS [KEY]``
    build and render the knowledge base with per-stage timings (scoring it against the
    answer key KEY for the About page, as the plugin does); write the pages to DOCS as
    ``natokorea-kb render`` does, for MkDocs to build.
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
from pathlib import Path

from natokorea_kb.pipeline import KnowledgeBase, Timings, build
from natokorea_kb.render import Page, measure, render_site
from natokorea_kb.sources import SOURCES_DIR

KB_STAGES = ("read", "clean", "segment", "extract", "consolidate", "render")
EDITS = {  # one new dated sentence per language, appended as a paragraph
    "en": "NATO and the Republic of Korea held staff talks in Brussels in {year}.",
    "tr": "NATO ve Güney Kore {year} yılında Brüksel’de görüşme yaptı.",
    "ko": "{year}년 한국과 NATO는 브뤼셀에서 회의를 열었다.",
}


def timed_build(
    corpus: Path, templates: Path, cache: Path | None, key: Path | None = None
) -> tuple[KnowledgeBase, list[Page], dict]:
    """Build and render once, as the plugin does; the pages and the figures of the run.

    ``key`` is the answer key the About page scores the extraction against (the seed
    corpus has one); the scoring counts as part of rendering.
    """
    timings = Timings()
    kb = build(corpus, timings, cache_dir=cache)
    with timings.stage("render"):
        evaluation = measure(kb, key)
        pages = render_site(kb, templates, evaluation, key.name if evaluation and key else None)
    markdown = [p for p in pages if p.path.endswith(".md")]
    figures = {
        "seconds": timings.seconds,
        "sources": len(kb.documents),
        "bytes": sum(len(d.raw.encode()) for d in kb.documents),
        "sentences": sum(len(d.sentences) for d in kb.documents),
        "facts": len(kb.facts),
        "pages": len(markdown),
        "markdown_bytes": sum(len(p.content.encode()) for p in markdown),
        "data_bytes": {
            Path(p.path).name: len(p.content.encode()) for p in pages if p not in markdown
        },
    }
    return kb, pages, figures


def write_docs(pages: list[Page], templates: Path, docs: Path) -> None:
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


def append_edit(path: Path, language: str, number: int) -> None:
    """Append a new dated sentence to a source, as an author adding a paragraph."""
    sentence = EDITS.get(language, EDITS["en"]).format(year=2023 + number)
    with path.open("a", encoding="utf-8") as text:
        text.write(f"\n{sentence}\n")


def run_kb(corpus: Path, templates: Path, docs: Path, key: Path | None = None) -> dict:
    _, pages, figures = timed_build(corpus, templates, None, key)
    write_docs(pages, templates, docs)
    return figures


def run_incremental(corpus: Path, templates: Path, cache: Path) -> dict:
    kb, _, cold = timed_build(corpus, templates, cache)
    _, _, warm = timed_build(corpus, templates, cache)
    path, language = largest_source(kb)
    append_edit(path, language, 1)
    _, _, edited = timed_build(corpus, templates, cache)
    figures = {
        "cold": cold,
        "warm": warm,
        "edited": edited,
        "edited_file": path.name,
        "edited_language": language,
    }
    return figures


def run_rebuild(corpus: Path, templates: Path, cache: Path) -> dict:
    return timed_build(corpus, templates, cache)[2]


def main(argv: list[str]) -> int:
    mode, paths = argv[0], [Path(a) for a in argv[1:]]
    runners = {"kb": run_kb, "incremental": run_incremental, "rebuild": run_rebuild}
    print(json.dumps(runners[mode](*paths)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
