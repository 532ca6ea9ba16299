"""Run the stages in order: read → clean → segment → extract → consolidate → render → publish.

This is the one place that knows the order of the stages, with
:func:`.per_source.process`, which runs the per-source ones (clean, segment, extract,
cite, mention) in a module light enough for worker processes to import; the CLI, the
MkDocs plugin, the tests and the benchmark all call :func:`build` (the knowledge base)
or :func:`build_site` (the knowledge base, its pages and data files, and its warnings).
The per-source stages run through an executor when one is given; given a cache folder,
their results are reused for sources whose inputs did not change (see
:mod:`natokorea_kb.cache`). Consolidation and render always rerun over everything.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from .cache import SourceCache
from .consolidate import consolidate
from .curation import load_curation
from .evaluate import Evaluation, measure
from .explore import explorer_files
from .extract import DateWarning
from .knowledge import KnowledgeBase
from .lexicon import load_lexicon
from .per_source import Processed, process_all, process_pool
from .publish import aggregate_files, citation_files, data_files
from .records import Page
from .render.edition import Edition
from .render.environment import compiled_beside
from .render.links import EDITIONS
from .render.site import render_site
from .render.views import DEFAULT_SIZES, PageSizes, Views, build_views
from .search import SearchRecord, search_records, settings_file
from .sources import read_corpus, source_display
from .stamp import Stamp, build_stamp

LEXICON_FILE = "lexicon.yml"
COMPILED_TEMPLATES = "templates"  # the templates' compiled code, in the cache folder

__all__ = [
    "KnowledgeBase",
    "Site",
    "Timings",
    "build",
    "build_site",
    "edition_pages",
    "site_pages",
]


@dataclass
class Timings:
    """Seconds spent per stage, for the benchmark and the build log."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        began = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - began


def build(
    corpus: Path,
    timings: Timings | None = None,
    cache_dir: Path | None = None,
    executor: Executor | None = None,
) -> KnowledgeBase:
    """Build the knowledge base of ``corpus``; raise a stage error on bad input.

    With ``cache_dir``, per-source results are read from and written to that folder,
    and entries no source uses any more are removed after a successful build; give
    each corpus its own folder. With ``executor``, the sources the cache does not hold
    are processed through it (see :mod:`.per_source`); the result is the same.
    """
    timings = timings or Timings()
    with timings.stage("read"):
        lexicon = load_lexicon(corpus / LEXICON_FILE)
        cache = SourceCache.open(cache_dir, corpus / LEXICON_FILE) if cache_dir else None
        sources = read_corpus(corpus, cache)
        curation = load_curation(corpus)
    results: dict[str, Processed] = {}
    keys: dict[str, str] = {}
    kept: list[str] = []  # extracted texts kept while their file is in the corpus
    for source in sources:
        if source.extraction_key is not None:
            kept.append(source.extraction_key)
        if cache is not None:
            with timings.stage("cache"):
                keys[source.meta.id] = cache.key(source)
                cached = cache.load(keys[source.meta.id])
            if isinstance(cached, Processed):
                results[source.meta.id] = cached
    missing = [s for s in sources if s.meta.id not in results]
    with timings.stage("sources"):
        for processed, seconds in process_all(missing, lexicon, executor):
            results[processed.document.source.id] = processed
            for stage, spent in seconds.items():
                timings.seconds[stage] = timings.seconds.get(stage, 0.0) + spent
            if cache is not None:
                cache.store(keys[processed.document.source.id], processed)
    done = [results[s.meta.id] for s in sources]
    facts = [f for p in done for f in p.extraction.facts]
    with timings.stage("consolidate"):
        consolidated = consolidate(facts, lexicon, curation)
    if cache is not None:
        with timings.stage("cache"):
            cache.prune([*keys.values(), *kept])
    return KnowledgeBase(
        corpus=corpus,
        lexicon=lexicon,
        documents=tuple(p.document for p in done),
        facts=consolidated.facts,
        skipped=tuple(s for p in done for s in p.extraction.skipped),
        consolidated=consolidated,
        warnings=tuple(
            replace(w, file=source_display(corpus, s.meta))
            for s, p in zip(sources, done, strict=True)
            for w in p.extraction.warnings
        ),
        citations={p.document.source.id: p.citation for p in done},
        mentions={p.document.source.id: p.mentions for p in done},
    )


@dataclass(frozen=True)
class Site:
    """A built site: the knowledge base, every generated file of its root edition, the
    About page's figures, the records of its search (:mod:`.search`, indexed once MkDocs
    has written the site), and what the other editions reuse (views, build stamp, the
    folder of the templates' compiled code)."""

    kb: KnowledgeBase
    pages: list[Page]
    evaluation: Evaluation | None
    search: list[SearchRecord] = field(default_factory=list)
    views: Views | None = None
    stamp: Stamp | None = None
    sizes: PageSizes = DEFAULT_SIZES
    compiled: Path | None = None

    @property
    def warnings(self) -> tuple[DateWarning, ...]:
        return self.kb.warnings


def build_site(
    corpus: Path,
    templates: Path,
    answer_key: Path | None = None,
    cache_dir: Path | None = None,
    timings: Timings | None = None,
    sizes: PageSizes = DEFAULT_SIZES,
    jobs: int = 1,
    executor: Executor | None = None,
    render_jobs: int | None = None,
) -> Site:
    """Build the knowledge base, then render its pages and publish its data files.

    The About page scores the extraction against ``answer_key`` when that file exists;
    ``sizes`` bounds the pages of long listings (see :class:`~.render.views.PageSizes`).
    The per-source stages run through ``executor``, else in ``jobs`` processes (shut
    down before render); pages are rendered in ``render_jobs`` processes, by default
    ``jobs`` (see :func:`render_site`). ``cache_dir`` also keeps the templates'
    compiled code, compiled in another process while the knowledge base builds when
    ``jobs`` leaves a core for it (:func:`~.render.environment.compiled_beside`).
    """
    timings = timings or Timings()
    compiled = cache_dir / COMPILED_TEMPLATES if cache_dir is not None else None
    with compiled_beside(templates, compiled, jobs):
        if executor is None:
            with process_pool(jobs) as pool:
                kb = build(corpus, timings, cache_dir, pool)
        else:
            kb = build(corpus, timings, cache_dir, executor)
    with timings.stage("render"):
        evaluation = measure(kb, answer_key)
        stamp = build_stamp(corpus)
        views = build_views(kb, sizes)
        jobs = jobs if render_jobs is None else render_jobs
        pages = site_pages(
            kb, templates, evaluation, sizes, stamp, views=views, jobs=jobs, compiled=compiled
        )
    with timings.stage("search records"):
        records = list(search_records(kb, views, Edition(EDITIONS[0], kb.lexicon)))
    return Site(kb, pages, evaluation, records, views, stamp, sizes, compiled)


def site_pages(
    kb: KnowledgeBase,
    templates: Path,
    evaluation: Evaluation | None = None,
    sizes: PageSizes = DEFAULT_SIZES,
    stamp: Stamp | None = None,
    language: str = EDITIONS[0],
    views: Views | None = None,
    jobs: int = 1,
    compiled: Path | None = None,
) -> list[Page]:
    """Render and publish: every page of a built knowledge base in the edition of
    ``language``, then, for the root edition only, the data files every edition links.

    ``stamp`` (when the site was built, see :mod:`.stamp`) is shown on the home, data
    and About pages; without one they say nothing of it. ``views`` are the facts'
    arrangements (:func:`~.render.views.build_views`) when the caller has them; ``jobs``
    processes render; ``compiled`` keeps the templates' compiled code between builds.
    """
    views = views or build_views(kb, sizes)
    settings = settings_file(language)

    def publish() -> list[Page]:  # made while the pages render, when they render in processes
        if language != EDITIONS[0]:
            return [settings]
        data = data_files(kb) + aggregate_files(kb) + citation_files(kb)
        return [settings, *data, *explorer_files(kb, views)]

    return render_site(
        kb, templates, evaluation, sizes, stamp, views, language, jobs, compiled, publish
    )


def edition_pages(site: Site, templates: Path, language: str, jobs: int = 1) -> list[Page]:
    """The pages of another edition of a built site, from the same knowledge base."""
    views = site.views or build_views(site.kb, site.sizes)
    return site_pages(
        site.kb,
        templates,
        site.evaluation,
        site.sizes,
        site.stamp,
        language,
        views,
        jobs,
        site.compiled,
    )


def edition_search(site: Site, language: str) -> list[SearchRecord]:
    """The search records of another edition of a built site: its words, the same facts."""
    views = site.views or build_views(site.kb, site.sizes)
    return list(search_records(site.kb, views, Edition(language, site.kb.lexicon)))
