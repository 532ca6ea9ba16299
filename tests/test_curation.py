"""The curation layer: ``corpus/curation.yml`` is checked with file and line, and only adds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.conftest import CORPUS, source_entry, write_corpus

from natokorea_kb.curation import CURATION_FILE, load_curation
from natokorea_kb.errors import CurationError
from natokorea_kb.pipeline import KnowledgeBase, build

PROGRAMME = (
    "NATO and Mongolia signed an Individual Partnership and Cooperation Programme "
    "on 19 March 2012.\n"
)
VISIT = "NATO Genel Sekreteri Jens Stoltenberg, Ocak 2023’te Güney Kore’yi ziyaret etti.\n"
MAX_TITLE_WORDS = 12


def _corpus(tmp_path: Path, curation: str | None = None) -> Path:
    """Two sources, one fact each: an English programme signing and a Turkish visit."""
    corpus = write_corpus(
        tmp_path,
        [
            source_entry("a", language="en", published="2024-01-01"),
            source_entry("b", language="tr", published="2024-01-01"),
        ],
        {"a.txt": PROGRAMME, "b.txt": VISIT},
    )
    if curation is not None:
        (corpus / CURATION_FILE).write_text(curation, encoding="utf-8")
    return corpus


def _ids(corpus: Path) -> tuple[str, str]:
    """The ids of the programme fact and the visit fact, from a build without curation."""
    by_source = {f.source: f.id for f in build(corpus).facts}
    return by_source["a"], by_source["b"]


def _curated(corpus: Path, text: str) -> KnowledgeBase:
    (corpus / CURATION_FILE).write_text(text, encoding="utf-8")
    return build(corpus)


LOAD_ERRORS = {
    "unknown section": ("facts: {}\nnotes:\n  - text\n", 2, "unknown section 'notes'"),
    "unknown field": (
        "facts:\n  f-a-000000:\n    title: A title\n    headline: Another\n",
        4,
        "f-a-000000: unknown field 'headline'",
    ),
    "empty summary": (
        "facts:\n  f-a-000000:\n    title: A title\n    summary: '  '\n",
        4,
        "f-a-000000: summary must be non-empty text",
    ),
    "suppress with a title": (
        "facts:\n  f-a-000000:\n    title: A title\n    suppress: wrong date\n",
        2,
        "a suppressed fact is not shown",
    ),
    "merge with one id": (
        "merges:\n  - [f-a-000000, f-b-000000]\n  - [f-a-000000]\n",
        3,
        "a merge must list at least two different fact ids",
    ),
    "merge naming one id twice": (
        "merges:\n  - [f-a-000000, f-a-000000]\n",
        2,
        "a merge must list at least two different fact ids",
    ),
    "merges not a list": ("merges: f-a-000000\n", 1, "'merges' must be a list"),
    "disagreement without note": (
        "disagreements:\n  - facts: [f-a-000000, f-b-000000]\n",
        2,
        "a disagreement needs 'facts' (a list of ids) and a non-empty 'note'",
    ),
    "disagreement with an empty note": (
        "disagreements:\n  - facts: [f-a-000000, f-b-000000]\n    note: ''\n",
        2,
        "a disagreement needs 'facts' (a list of ids) and a non-empty 'note'",
    ),
    "top level a list": ("- f-a-000000\n", 1, "the top level must be a mapping"),
}


@pytest.mark.parametrize("text, line, problem", LOAD_ERRORS.values(), ids=LOAD_ERRORS.keys())
def test_malformed_curation_is_refused_with_file_and_line(tmp_path, text, line, problem):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / CURATION_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(CurationError) as caught:
        load_curation(corpus)
    error = caught.value
    assert (error.file, error.line) == ("corpus/curation.yml", line)
    assert problem in error.problem
    assert error.hint
    assert str(error).startswith(f"corpus/curation.yml:{line}: ")


def test_a_missing_or_empty_file_means_no_curation(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    assert load_curation(corpus).edits == {}
    (corpus / CURATION_FILE).write_text("# only a comment\n", encoding="utf-8")
    curation = load_curation(corpus)
    assert (curation.edits, curation.merges, curation.disagreements) == ({}, (), ())


def test_an_id_that_no_longer_exists_names_the_id_and_the_fix(tmp_path):
    corpus = _corpus(tmp_path)
    programme, _ = _ids(corpus)
    text = f"facts:\n  {programme}:\n    title: Signed\n  f-a-ffffff:\n    title: Gone\n"
    with pytest.raises(CurationError) as caught:
        _curated(corpus, text)
    error = caught.value
    assert (error.file, error.line) == ("corpus/curation.yml", 4)
    assert "f-a-ffffff" in error.problem and "does not exist" in error.problem
    assert "natokorea-kb extract --out" in error.hint and "update or delete" in error.hint


def test_an_unknown_id_in_a_merge_is_an_error_too(tmp_path):
    corpus = _corpus(tmp_path)
    programme, _ = _ids(corpus)
    with pytest.raises(CurationError, match="f-b-123456 does not exist") as caught:
        _curated(corpus, f"merges:\n  - [{programme}, f-b-123456]\n")
    assert caught.value.line == 2


def test_title_and_summary_replace_the_rule_wording_and_mark_the_fact_curated(tmp_path):
    corpus = _corpus(tmp_path)
    programme, visit = _ids(corpus)
    kb = _curated(
        corpus,
        f"facts:\n  {visit}:\n    title: Stoltenberg visits South Korea\n"
        "    summary: >-\n      The NATO Secretary General\n      visited South Korea.\n",
    )
    facts = {f.id: f for f in kb.facts}
    assert facts[visit].title == "Stoltenberg visits South Korea"
    assert facts[visit].summary == "The NATO Secretary General visited South Korea."
    assert facts[visit].curated and facts[visit].to_dict()["curated"] is True
    assert not facts[programme].curated and facts[programme].summary is None


def test_suppress_removes_the_fact_and_keeps_the_reason(tmp_path):
    corpus = _corpus(tmp_path)
    programme, visit = _ids(corpus)
    kb = _curated(corpus, f"facts:\n  {programme}:\n    suppress: 'the date is  wrong'\n")
    assert [f.id for f in kb.facts] == [visit]
    assert kb.consolidated.suppressed == {programme: "the date is wrong"}


def test_a_merge_or_disagreement_cannot_name_a_suppressed_fact(tmp_path):
    corpus = _corpus(tmp_path)
    programme, visit = _ids(corpus)
    text = f"facts:\n  {programme}:\n    suppress: wrong\nmerges:\n  - [{visit}, {programme}]\n"
    with pytest.raises(CurationError, match=f"names {programme}, which this file suppresses"):
        _curated(corpus, text)


def test_a_merge_joins_two_facts_in_one_cluster(tmp_path):
    corpus = _corpus(tmp_path)
    programme, visit = _ids(corpus)
    plain = build(corpus).consolidated.canonical
    assert plain[programme] != plain[visit]
    kb = _curated(corpus, f"merges:\n  - [{visit}, {programme}]\n")
    assert kb.consolidated.canonical[programme] == kb.consolidated.canonical[visit]
    facts = {f.id: f for f in kb.facts}
    assert facts[programme].corroborated_by == [visit]
    assert facts[visit].corroborated_by == [programme]
    assert facts[programme].corroborated_by_count == facts[visit].corroborated_by_count == 1
    assert facts[programme].cluster == facts[visit].cluster == kb.consolidated.canonical[visit]


def test_a_declared_disagreement_is_listed_as_curated_and_disputes_both_facts(tmp_path):
    corpus = _corpus(tmp_path)
    programme, visit = _ids(corpus)
    assert not build(corpus).consolidated.disagreements
    kb = _curated(
        corpus,
        f"disagreements:\n  - facts: [{visit}, {programme}]\n    note: They cannot both hold.\n",
    )
    (declared,) = kb.consolidated.disagreements
    assert declared.curated and declared.note == "They cannot both hold."
    assert declared.facts == (programme, visit)  # in date order
    facts = {f.id: f for f in kb.facts}
    assert facts[programme].disputed_by == [visit]
    assert facts[visit].disputed_by == [programme]


def test_a_fact_in_a_found_and_a_declared_disagreement_is_disputed_by_both(tmp_path):
    """Found disagreements leave out the fact's own source; declared ones do not."""
    other_date = (
        "Moğolistan ile NATO, Bireysel Ortaklık ve İş Birliği Programı’nı 2014’te imzaladı.\n"
    )
    english_visit = "Jens Stoltenberg visited South Korea in January 2023.\n"
    corpus = write_corpus(
        tmp_path,
        [
            source_entry("a", language="en", published="2024-01-01"),
            source_entry("b", language="tr", published="2024-01-01"),
        ],
        {"a.txt": PROGRAMME + english_visit, "b.txt": other_date},
    )
    plain = {(f.source, f.kind): f.id for f in build(corpus).facts}
    mine, theirs, visit = plain["a", "programme"], plain["b", "programme"], plain["a", "event"]
    kb = _curated(
        corpus, f"disagreements:\n  - facts: [{visit}, {mine}]\n    note: Not the same year.\n"
    )
    assert [d.curated for d in kb.consolidated.disagreements] == [False, True]
    facts = {f.id: f for f in kb.facts}
    assert facts[mine].disputed_by == [theirs, visit]  # by date: 2014, then 2023
    assert facts[theirs].disputed_by == [mine]
    assert facts[visit].disputed_by == [mine]  # same source, but declared
    assert [facts[i].disputed_by_count for i in (mine, theirs, visit)] == [2, 1, 1]


def test_the_real_corpus_builds_the_same_facts_without_curation(tmp_path, kb):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / CURATION_FILE).unlink()
    bare = build(corpus)
    assert [f.id for f in bare.facts] == [f.id for f in kb.facts]
    assert not any(f.curated for f in bare.facts) and not bare.consolidated.suppressed
    rule_found = [d.id for d in kb.consolidated.disagreements if not d.curated]
    assert [d.id for d in bare.consolidated.disagreements] == rule_found


def test_every_turkish_fact_of_the_corpus_has_an_english_title(kb):
    """A reader without Turkish still learns what each Turkish fact says: its frame gives
    an English title, or a curator wrote one."""
    missing = [
        f"{f.id} ({f.source} {f.sentence}: {f.quote[:60]}…)"
        for f in kb.facts
        if f.language == "tr" and not (f.titles.get("en") or f.curated)
    ]
    assert not missing, (
        "Turkish facts without an English title; give their predicate English title words "
        "in corpus/lexicon.yml, or add to corpus/curation.yml under 'facts:' an entry "
        "'<id>: {title: …, summary: …}' (ids from 'natokorea-kb extract --out DIR'):\n"
        + "\n".join(missing)
    )
