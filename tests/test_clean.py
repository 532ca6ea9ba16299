"""Clean stage: golden cases in ``tests/cases/clean/*.yml``, run by one test.

A case gives its raw text as ``input`` (a string), ``lines`` (joined with line breaks,
for layout that YAML would blur) or ``source`` (a seed file id). It may expect:

- ``blocks``: the exact blocks, each ``{kind: text}`` with notes as ``note <number>``;
- ``blocks_start``: the first blocks, exactly;
- ``contains`` / ``absent``: strings that must (not) occur in any block;
- ``artefacts``: rule -> the removed raw strings, in order, for every rule listed;
- ``rules``: the exact set of artefact rules that fired;
- ``metadata``: the exact recovered metadata;
- ``notes``: number -> note text, and ``note_count``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.golden import golden_cases

from natokorea_kb.clean import clean, page_rules
from natokorea_kb.records import Cleaned

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "corpus" / "sources"


def raw_text(case: dict) -> str:
    if "source" in case:
        return (SOURCES / f"{case['source']}.txt").read_text(encoding="utf-8")
    if "lines" in case:
        return "\n".join(case["lines"]) + "\n"
    return case["input"]


def block_list(cleaned: Cleaned) -> list[dict[str, str]]:
    return [{(f"note {b.number}" if b.kind == "note" else b.kind): b.text} for b in cleaned.blocks]


def check_offsets(cleaned: Cleaned) -> None:
    """Every clean character maps to its raw character (a space to raw whitespace)."""
    raw = cleaned.raw
    for block in cleaned.blocks:
        assert len(block.offsets) == len(block.text)
        assert list(block.offsets) == sorted(set(block.offsets))
        for char, offset in zip(block.text, block.offsets, strict=True):
            assert char == raw[offset] or (char == " " and raw[offset].isspace())


@pytest.mark.parametrize("case", golden_cases("clean"))
def test_clean_case(case: dict) -> None:
    raw = raw_text(case)
    cleaned = clean(raw)
    check_offsets(cleaned)
    blocks = block_list(cleaned)
    texts = [next(iter(b.values())) for b in blocks]
    if "blocks" in case:
        assert blocks == case["blocks"]
    if "blocks_start" in case:
        assert blocks[: len(case["blocks_start"])] == case["blocks_start"]
    for wanted in case.get("contains", []):
        assert any(wanted in text for text in texts), wanted
    for unwanted in case.get("absent", []):
        assert not any(unwanted in text for text in texts), unwanted
    removed: dict[str, list[str]] = {}
    for artefact in cleaned.artefacts:
        removed.setdefault(artefact.rule, []).append(raw[artefact.start : artefact.end])
    for rule, strings in case.get("artefacts", {}).items():
        assert removed.get(rule, []) == strings, rule
    if "rules" in case:
        assert sorted(removed) == sorted(case["rules"])
    if "metadata" in case:
        assert cleaned.metadata == case["metadata"]
    notes = {b.number: b.text for b in cleaned.blocks if b.kind == "note"}
    if "note_count" in case:
        assert len(notes) == case["note_count"]
    for number, text in case.get("notes", {}).items():
        assert notes[number] == text


def test_artefacts_are_disjoint_and_outside_the_text() -> None:
    """No raw character is both kept and removed, or removed twice."""
    for path in sorted(SOURCES.glob("*.txt")):
        cleaned = clean(path.read_text(encoding="utf-8"))
        kept = {offset for block in cleaned.blocks for offset in block.offsets}
        seen: set[int] = set()
        for artefact in cleaned.artefacts:
            span = set(range(artefact.start, artefact.end))
            assert not span & kept, (path.name, artefact)
            assert not span & seen, (path.name, artefact)
            seen |= span


@pytest.mark.parametrize("raw", ["", "\n\n", "   ", "\u200b", "12", "-"])
def test_degenerate_inputs(raw: str) -> None:
    cleaned = clean(raw)
    check_offsets(cleaned)
    assert all(block.text.strip() for block in cleaned.blocks)


def test_page_dates_read_every_language_month() -> None:
    rules = page_rules()
    assert rules.months.get("şubat") == 2 and rules.months.get("February") == 2
    assert rules.months.get("Şub.") == 2 and rules.months.get("Aralığında") == 12
    assert clean("Güncelleme: 16 Şub 2023\n").metadata == {"updated": "2023-02-16"}
    assert clean("Son güncelleme: 1 Ağustos 2021\n").metadata == {"updated": "2021-08-01"}
    assert clean("Published on March 3, 2020\n").metadata == {"published": "2020-03-03"}


def test_impossible_page_date_stays_in_the_text() -> None:
    cleaned = clean("Updated on 31 February 2023\n")
    assert cleaned.metadata == {}
    assert [b.text for b in cleaned.blocks] == ["Updated on 31 February 2023"]
