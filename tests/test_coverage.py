"""The coverage report's undated events (natokorea_kb.coverage): sentences that tell of an
event that happened, with someone who did it, yet gave no fact; states and possibilities
are no such sentences."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import source_entry, write_corpus

from natokorea_kb.coverage import undated_events
from natokorea_kb.pipeline import build

MAGAZINE = (
    "Japan sent troops to Afghanistan.\n\n"
    "Japan is one of NATO's partners across the globe.\n\n"
    "A law prohibited arms transfers by South Korea to Ukraine.\n"
)


def test_only_events_that_happened_are_listed_with_the_reason(tmp_path: Path) -> None:
    entry = source_entry("m", language="en", kind="magazine", published="2023")
    kb = build(write_corpus(tmp_path, [entry], {"m.txt": MAGAZINE}))
    undated = undated_events(kb.documents, kb.facts, kb.lexicon)
    assert [(u.predicate, u.text[:10]) for u in undated] == [("deploy", "Japan sent")]
    assert undated[0].reason == "magazine texts tell no time of their own"
