"""Run the stages in order: read → clean → segment → extract → consolidate → render → publish.

This is the one place that knows the order of the stages; the CLI, the MkDocs plugin,
the tests and the benchmark all call :func:`build` (the knowledge base) or
:func:`build_site` (the knowledge base, its pages and data files, and its warnings).
Given a cache folder, the per-source stages (clean, segment, extract) are reused for
sources whose inputs did not change (see :mod:`natokorea_kb.cache`); consolidation and
render always rerun over everything.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from .cache import SourceCache
from .clean import clean
from .consolidate import consolidate
from .curation import load_curation
from .evaluate import Evaluation, measure
from .explore import explorer_files
from .extract import DateWarning, Extraction, Skipped, extract_document
from .knowledge import KnowledgeBase
from .lexicon import Lexicon, load_lexicon
from .publish import aggregate_files, citation_files, data_files
from .records import Document, Fact, Page
from .render import PageSizes, render_site
from .render.edition import Edition
from .render.links import EDITIONS
from .render.views import DEFAULT_SIZES, Views, build_views
from .search import SearchRecord, search_records, settings_file
from .segment import segment
from .sources import Source, read_corpus, source_display
from .stamp import Stamp, build_stamp

LEXICON_FILE = "lexicon.yml"

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
    corpus: Path, timings: Timings | None = None, cache_dir: Path | None = None
) -> KnowledgeBase:
    """Build the knowledge base of ``corpus``; raise a stage error on bad input.

    With ``cache_dir``, per-source results are read from and written to that folder,
    and entries no source uses any more are removed after a successful build; give
    each corpus its own folder.
    """
    timings = timings or Timings()
    with timings.stage("read"):
        lexicon = load_lexicon(corpus / LEXICON_FILE)
        cache = SourceCache.open(cache_dir, corpus / LEXICON_FILE) if cache_dir else None
        sources = read_corpus(corpus, cache)
        curation = load_curation(corpus)
    documents: list[Document] = []
    facts: list[Fact] = []
    skipped: list[Skipped] = []
    warnings: list[DateWarning] = []
    keys: list[str] = []
    for source in sources:
        cached = None
        if source.extraction_key is not None:
            keys.append(source.extraction_key)  # kept while the file is in the corpus
        if cache is not None:
            with timings.stage("cache"):
                keys.append(cache.key(source))
                cached = cache.load(keys[-1])
        if cached is None:
            cached = _process(source, lexicon, timings)
            if cache is not None:
                with timings.stage("cache"):
                    cache.store(keys[-1], cached)
        document, extraction = cached
        documents.append(document)
        facts.extend(extraction.facts)
        skipped.extend(extraction.skipped)
        display = source_display(corpus, source.meta)
        warnings.extend(replace(w, file=display) for w in extraction.warnings)
    with timings.stage("consolidate"):
        consolidated = consolidate(facts, lexicon, curation)
    if cache is not None:
        with timings.stage("cache"):
            cache.prune(keys)
    return KnowledgeBase(
        corpus=corpus,
        lexicon=lexicon,
        documents=tuple(documents),
        facts=consolidated.facts,
        skipped=tuple(skipped),
        consolidated=consolidated,
        warnings=tuple(warnings),
    )


def _process(source: Source, lexicon: Lexicon, timings: Timings) -> tuple[Document, Extraction]:
    """The per-source stages: clean, segment and extract one source."""
    with timings.stage("clean"):
        cleaned = clean(source.text)
    with timings.stage("segment"):
        document = segment(cleaned, source.meta, source.pages)
    with timings.stage("extract"):
        extraction = extract_document(document, lexicon)
    return document, extraction


@dataclass(frozen=True)
class Site:
    """A built site: the knowledge base, every generated file of its root edition, the
    About page's figures, the records of its search (:mod:`.search`, indexed once MkDocs
    has written the site), and what the other editions reuse (views, build stamp)."""

    kb: KnowledgeBase
    pages: list[Page]
    evaluation: Evaluation | None
    search: list[SearchRecord] = field(default_factory=list)
    views: Views | None = None
    stamp: Stamp | None = None
    sizes: PageSizes = DEFAULT_SIZES

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
) -> Site:
    """Build the knowledge base, then render its pages and publish its data files.

    The About page scores the extraction against ``answer_key`` when that file exists;
    ``sizes`` bounds the pages of long listings (see :class:`~.render.PageSizes`).
    """
    timings = timings or Timings()
    kb = build(corpus, timings, cache_dir)
    with timings.stage("render"):
        evaluation = measure(kb, answer_key)
        stamp = build_stamp(corpus)
        views = build_views(kb, sizes)
        pages = site_pages(kb, templates, evaluation, sizes, stamp, views=views)
    with timings.stage("search records"):
        records = list(search_records(kb, views, Edition(EDITIONS[0], kb.lexicon)))
    return Site(kb, pages, evaluation, records, views, stamp, sizes)


def site_pages(
    kb: KnowledgeBase,
    templates: Path,
    evaluation: Evaluation | None = None,
    sizes: PageSizes = DEFAULT_SIZES,
    stamp: Stamp | None = None,
    language: str = EDITIONS[0],
    views: Views | None = None,
) -> list[Page]:
    """Render and publish: every page of a built knowledge base in the edition of
    ``language``, then, for the root edition only, the data files every edition links.

    ``stamp`` (when the site was built, see :mod:`.stamp`) is shown on the home, data
    and About pages; without one they say nothing of it. ``views`` are the facts'
    arrangements (:func:`~.render.views.build_views`) when the caller has them.
    """
    views = views or build_views(kb, sizes)
    pages = render_site(kb, templates, evaluation, sizes, stamp, views, language)
    pages.append(settings_file(language))
    if language != EDITIONS[0]:
        return pages
    data = data_files(kb) + aggregate_files(kb) + citation_files(kb)
    return pages + data + explorer_files(kb, views)


def edition_pages(site: Site, templates: Path, language: str) -> list[Page]:
    """The pages of another edition of a built site, from the same knowledge base."""
    views = site.views or build_views(site.kb, site.sizes)
    return site_pages(site.kb, templates, site.evaluation, site.sizes, site.stamp, language, views)


def edition_search(site: Site, language: str) -> list[SearchRecord]:
    """The search records of another edition of a built site: its words, the same facts."""
    views = site.views or build_views(site.kb, site.sizes)
    return list(search_records(site.kb, views, Edition(language, site.kb.lexicon)))
