"""The knowledge base: what the stages before render produce from one corpus folder."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .citations import MarkedCitation
from .consolidate import Consolidated
from .extract import DateWarning, Skipped
from .lexicon import Lexicon
from .mentions import Named
from .records import Document, Fact


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the render stage needs, built from one corpus folder.

    ``warnings`` are dates in the texts that cannot exist (``31 Şubat 2012``): the
    texts are quoted as published, so these are worth knowing but nothing to fix.
    ``citations`` and ``mentions`` hold what the per-source stage made for the render
    stage (source id -> its citation, the entities each of its units names); a source
    missing from them is done when the site is rendered.
    """

    corpus: Path
    lexicon: Lexicon
    documents: tuple[Document, ...]
    facts: tuple[Fact, ...]
    skipped: tuple[Skipped, ...]
    consolidated: Consolidated
    warnings: tuple[DateWarning, ...] = ()
    citations: Mapping[str, MarkedCitation] = field(default_factory=dict)
    mentions: Mapping[str, Named] = field(default_factory=dict)

    def document(self, source_id: str) -> Document:
        return next(d for d in self.documents if d.source.id == source_id)
