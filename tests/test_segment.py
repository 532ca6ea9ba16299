"""Segment stage: golden cases in ``tests/cases/segment/*.yml``, run by one test, plus
the accounting of every seed and the stability of anchors.

A case gives ``language`` (the source's) and its raw text as ``input``, ``lines`` or
``source`` (a seed id); the text goes through clean and segment. It may expect:

- ``sentences``: the exact sentence texts; ``sentence_count``; ``includes``: texts that
  must each be exactly one sentence;
- ``headings`` / ``headings_start``: the heading sentences, all or the first ones;
- ``note_refs``: sentence text -> the note numbers it references; ``note_count``;
  ``notes``: anchor -> note text;
- ``paragraph_languages``: the language of every paragraph; ``all_languages``: one
  language for every sentence; ``languages_of``: sentence text -> its language;
- ``metadata``: the document's metadata.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.golden import golden_cases

from natokorea_kb.clean import clean
from natokorea_kb.records import Document, PartialDate, SourceMeta
from natokorea_kb.segment import (
    abbreviations,
    coverage_gaps,
    detect_language,
    segment,
    sentence_spans,
)
from natokorea_kb.sources import load_metadata

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


def meta(language: str, source_id: str = "t") -> SourceMeta:
    return SourceMeta(
        id=source_id,
        file=f"{source_id}.txt",
        title="Test",
        kind="news",
        language=language,
        published=PartialDate(2020),
    )


def document_of(case: dict) -> Document:
    if "source" in case:
        raw = (CORPUS / "sources" / f"{case['source']}.txt").read_text(encoding="utf-8")
    elif "lines" in case:
        raw = "\n".join(case["lines"]) + "\n"
    else:
        raw = case["input"]
    return segment(clean(raw), meta(case["language"], case.get("source", "t")))


@pytest.mark.parametrize("case", golden_cases("segment"))
def test_segment_case(case: dict) -> None:
    document = document_of(case)
    texts = [s.text for s in document.sentences]
    by_text = {s.text: s for s in document.sentences}
    if "sentences" in case:
        assert texts == case["sentences"]
    if "sentence_count" in case:
        assert len(texts) == case["sentence_count"]
    for wanted in case.get("includes", []):
        assert wanted in by_text, wanted
    headings = [s.text for s in document.sentences if s.heading]
    if "headings" in case:
        assert headings == case["headings"]
    if "headings_start" in case:
        assert headings[: len(case["headings_start"])] == case["headings_start"]
    for text, numbers in case.get("note_refs", {}).items():
        assert list(by_text[text].note_refs) == numbers, text
    if "note_refs" in case:
        listed = {s.text for s in document.sentences if s.note_refs}
        assert listed <= set(case["note_refs"]) or "source" in case
    if "note_count" in case:
        assert len(document.notes) == case["note_count"]
    for anchor, text in case.get("notes", {}).items():
        assert {n.anchor: n.text for n in document.notes}[anchor] == text
    if "paragraph_languages" in case:
        assert [p.language for p in document.paragraphs] == case["paragraph_languages"]
    if "all_languages" in case:
        assert {s.language for s in document.sentences} == {case["all_languages"]}
    for text, language in case.get("languages_of", {}).items():
        assert by_text[text].language == language, text
    if "metadata" in case:
        assert document.metadata == case["metadata"]


@pytest.fixture(scope="module")
def seeds() -> list[Document]:
    documents = []
    for source in load_metadata(CORPUS):
        raw = (CORPUS / "sources" / source.file).read_text(encoding="utf-8")
        documents.append(segment(clean(raw), source))
    return documents


def test_every_raw_character_is_accounted_for(seeds: list[Document]) -> None:
    """Sentences, notes, artefacts and layout space add up to the raw text, and every
    visible raw character is in exactly one of the first three."""
    assert len(seeds) == 5
    for document in seeds:
        accounting = document.accounting
        assert accounting.total == accounting.raw == len(document.raw)
        assert accounting.whitespace >= 0
        missing, doubled = coverage_gaps(document, clean(document.raw).artefacts)
        assert missing == [] and doubled == [], document.source.id


def test_units_map_back_to_the_raw_text(seeds: list[Document]) -> None:
    for document in seeds:
        for unit in (*document.sentences, *document.notes):
            assert len(unit.offsets) == len(unit.text) > 0
            assert list(unit.offsets) == sorted(set(unit.offsets))
            for char, offset in zip(unit.text, unit.offsets, strict=True):
                raw_char = document.raw[offset]
                assert char == raw_char or (char == " " and raw_char.isspace())


def test_anchors_are_ordered_and_stable(seeds: list[Document]) -> None:
    """Anchors number sentences in reading order; a second run gives the same document."""
    for document in seeds:
        anchors = [s.anchor for s in document.sentences]
        assert anchors == [f"s-{i}" for i in range(1, len(anchors) + 1)]
        starts = [s.span[0] for s in document.sentences]
        assert starts == sorted(starts)
        again = segment(clean(document.raw), document.source)
        assert again == document
        listed = [a for p in document.paragraphs for a in p.sentences]
        assert listed == anchors


def test_language_falls_back_when_evidence_is_thin() -> None:
    assert detect_language("NATO", "tr") == "tr"
    assert detect_language("Smart Defence", "tr") == "tr"
    assert detect_language("the alliance and the partners of the region", "tr") == "en"
    assert detect_language("Güney Kore ve NATO ile iş birliği için bir adım", "en") == "tr"


def test_sentence_spans_exclude_outer_spaces() -> None:
    text = "One. Two.  Three"
    assert [text[a:b] for a, b in sentence_spans(text, "en")] == ["One.", "Two.", "Three"]


def test_a_language_without_abbreviations_splits_at_every_period() -> None:
    """The one rule of the language layer: no file, no rules (never another language's)."""
    assert abbreviations("ko").no_split == frozenset()
    assert "prof" in abbreviations("en").no_split
