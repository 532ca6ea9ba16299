"""Run the stages in order: read → clean → segment → extract → consolidate.

This is the one place that knows the order of the stages; the CLI, the MkDocs plugin,
the tests and the benchmark all call :func:`build`. Given a cache folder, the
per-source stages (clean, segment, extract) are reused for sources whose inputs did not
change (see :mod:`natokorea_kb.cache`); consolidation always reruns over all facts.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .cache import SourceCache
from .clean import clean
from .consolidate import Consolidated, consolidate
from .extract import Extraction, Skipped, extract_document
from .lexicon import Lexicon, load_lexicon
from .records import Document, Fact
from .segment import segment
from .sources import Source, read_corpus

LEXICON_FILE = "lexicon.yml"


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


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the render stage needs, built from one corpus folder."""

    corpus: Path
    lexicon: Lexicon
    documents: tuple[Document, ...]
    facts: tuple[Fact, ...]
    skipped: tuple[Skipped, ...]
    consolidated: Consolidated

    def document(self, source_id: str) -> Document:
        return next(d for d in self.documents if d.source.id == source_id)


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
        sources = read_corpus(corpus)
        lexicon = load_lexicon(corpus / LEXICON_FILE)
        cache = SourceCache.open(cache_dir, corpus / LEXICON_FILE) if cache_dir else None
    documents: list[Document] = []
    facts: list[Fact] = []
    skipped: list[Skipped] = []
    keys: list[str] = []
    for source in sources:
        cached = None
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
    with timings.stage("consolidate"):
        consolidated = consolidate(facts, lexicon, corpus)
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
    )


def _process(source: Source, lexicon: Lexicon, timings: Timings) -> tuple[Document, Extraction]:
    """The per-source stages: clean, segment and extract one source."""
    with timings.stage("clean"):
        cleaned = clean(source.text)
    with timings.stage("segment"):
        document = segment(cleaned, source.meta)
    with timings.stage("extract"):
        extraction = extract_document(document, lexicon)
    return document, extraction
