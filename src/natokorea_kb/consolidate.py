"""Consolidate stage: order the facts of all sources into one account."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .lexicon import Lexicon
from .records import Document, Fact


@dataclass(frozen=True)
class Consolidated:
    """The facts of every source, sorted by date then id."""

    facts: tuple[Fact, ...]


def consolidate(
    facts: list[Fact], documents: list[Document], lexicon: Lexicon, corpus: Path
) -> Consolidated:
    """Sort facts by date then id so every output is deterministic."""
    return Consolidated(facts=tuple(sorted(facts, key=lambda f: f.sort_key)))
