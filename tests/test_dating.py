"""Dates a sentence does not write: golden sources in ``tests/cases/dating/*.yml``
(format in their headers), each built through the whole pipeline, since what dates a
statement depends on the text before it, its notes and the kind of source."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import source_entry, write_corpus
from tests.golden import golden_cases

from natokorea_kb.dating import speaks_from_its_date
from natokorea_kb.pipeline import build
from natokorea_kb.records import SOURCE_KINDS, Fact
from natokorea_kb.resources import language_resource

CHECKED = ("start", "end", "basis", "text", "derivation", "kind", "predicate", "actors", "entities")
LISTS = ("actors", "entities")


def _field(fact: Fact, name: str) -> object:
    if name == "kind":
        return fact.kind
    if name == "predicate":
        return fact.frame.predicate
    if name == "actors":
        return sorted(fact.frame.actors)
    if name == "entities":
        return sorted(fact.entities)
    return getattr(fact.date, name)


@pytest.mark.parametrize("case", golden_cases("dating"))
def test_dating_case(case: dict, tmp_path: Path) -> None:
    entry = source_entry(
        "t",
        language=case["language"],
        kind=case["kind"],
        published=str(case["published"]),
        title=case.get("title", "A test source"),
    )
    kb = build(write_corpus(tmp_path, [entry], {"t.txt": case["text"]}))
    for expected in case.get("facts", []):
        found = [f for f in kb.facts if f.quote.startswith(expected["quote"])]
        assert found, f"no fact for {expected['quote']!r}: {[f.quote for f in kb.facts]}"
        fact = found[0]
        for name in CHECKED:
            if name in expected:
                want = sorted(expected[name]) if name in LISTS else str(expected[name])
                assert _field(fact, name) == want, (name, fact.date, fact.frame)
    for quote in case.get("none", []):
        assert not [f for f in kb.facts if f.quote.startswith(quote)], quote


def test_every_kind_that_speaks_from_its_date_is_a_source_kind() -> None:
    for kinds in (language_resource("sources")[k] for k in ("document_time", "first_person")):
        assert set(kinds) <= set(SOURCE_KINDS)
    assert speaks_from_its_date("news") and not speaks_from_its_date("academic")


def test_the_words_of_a_counted_date_state_nothing(tmp_path: Path) -> None:
    """ "One year after the Alliance was founded" dates the war's outbreak; its "founded"
    is the anchor, not what happened in 1950 (that is the 1949 date's)."""
    entry = source_entry("t", language="en", kind="academic", published="2014", title="A")
    text = "The Korean War broke out one year after the Alliance was founded in 1949.\n"
    kb = build(write_corpus(tmp_path, [entry], {"t.txt": text}))
    by_year = {f.date.start: f.frame.predicate for f in kb.facts}
    assert by_year["1949"] == "found"
    assert "1950" in by_year and by_year["1950"] != "found"
