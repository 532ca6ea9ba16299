"""Dates a sentence does not write: golden sources in ``tests/cases/dating/*.yml``
(format in their headers), each built through the whole pipeline, since what dates a
statement depends on the text before it, its notes and the kind of source."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.conftest import CORPUS, source_entry, write_corpus
from tests.golden import golden_cases

from natokorea_kb.newsday import speaks_from_its_date
from natokorea_kb.pipeline import build
from natokorea_kb.records import SOURCE_KINDS, Fact
from natokorea_kb.resources import language_resource
from natokorea_kb.yamlio import dump_yaml

CHECKED = (
    "start",
    "end",
    "basis",
    "text",
    "derivation",
    "kind",
    "predicate",
    "actors",
    "object",
    "entities",
)
LISTS = ("actors", "entities")


def _field(fact: Fact, name: str) -> object:
    if name == "kind":
        return fact.kind
    if name == "predicate":
        return fact.frame.predicate
    if name == "object":
        return str(fact.frame.object)
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
        # of a sentence's facts, the one at the expected date
        fact = next((f for f in found if f.date.start == str(expected["start"])), found[0])
        for name in CHECKED:
            if name in expected:
                want = sorted(expected[name]) if name in LISTS else str(expected[name])
                assert _field(fact, name) == want, (name, fact.date, fact.frame)
    for quote in case.get("none", []):
        assert not [f for f in kb.facts if f.quote.startswith(quote)], quote
    for unsaid in case.get("not_at", []):
        at = [f for f in kb.facts if f.quote.startswith(unsaid["quote"])]
        assert str(unsaid["start"]) not in [f.date.start for f in at], (unsaid, at)


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


def test_a_news_item_added_to_the_corpus_gives_its_undated_central_event(tmp_path: Path) -> None:
    """The issue's check: a new news text with a ``published`` date, beside the real
    sources, gives the event its lead tells without a date, dated by publication, with no
    code change; the seeds' facts stay as they were."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    text = (
        "NATO and Japan deepen ties\n\n"
        "NATO Secretary General Jens Stoltenberg met Japanese officials in Tokyo.\n\n"
        "The two sides signed a new partnership programme, Stoltenberg said.\n"
    )
    (corpus / "sources" / "t.txt").write_text(text, encoding="utf-8")
    entry = source_entry("t", published="2023-02-01", title="NATO and Japan deepen ties")
    with (corpus / "sources.yml").open("a", encoding="utf-8") as sources:
        sources.write("\n" + dump_yaml([entry]))
    kb = build(corpus)
    new = [f for f in kb.facts if f.source == "t"]
    met = [f for f in new if f.quote.startswith("NATO Secretary General")]
    assert met and met[0].date.start == "2023-02-01" and met[0].date.basis == "document"
    assert met[0].frame.predicate == "meet"
    seeds = [f.id for f in build(CORPUS).facts]
    assert [f.id for f in kb.facts if f.source != "t"] == seeds
