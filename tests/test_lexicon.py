"""Lexicon loading and matching, driven by the golden files in tests/cases/lexicon/."""

from __future__ import annotations

import itertools
import re
import time
from pathlib import Path

import pytest
from tests.golden import golden_cases

from natokorea_kb.errors import LexiconError
from natokorea_kb.lexicon import (
    ENTITY_TYPES,
    Lexicon,
    Topic,
    _matchable,
    load_lexicon,
)
from natokorea_kb.text import trie_pattern

ROOT = Path(__file__).resolve().parent.parent
MATCH_CASES = golden_cases("lexicon", skip=["errors"])


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon(ROOT / "corpus" / "lexicon.yml")


MATCH_FIELDS = {"name", "language", "text", "entities", "mentions", "topics", "predicates"}


@pytest.mark.parametrize("case", MATCH_CASES)
def test_matching(case: dict, lexicon: Lexicon) -> None:
    assert set(case) <= MATCH_FIELDS, f"unknown fields: {set(case) - MATCH_FIELDS}"
    text, language = case["text"], case["language"]
    mentions = lexicon.find_entities(text, language)
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
    if "entities" in case:
        assert [m.id for m in mentions] == case["entities"]
    if "mentions" in case:
        assert [[m.id, m.text] for m in mentions] == case["mentions"]
    if "topics" in case:
        assert sorted({m.id for m in lexicon.find_topics(text, language)}) == case["topics"]
    if "predicates" in case:
        found = [m.id for m in lexicon.find_predicates(text, language)]
        assert list(dict.fromkeys(found)) == case["predicates"]


@pytest.mark.parametrize("case", golden_cases("lexicon", only=["errors"]))
def test_load_errors(case: dict, tmp_path: Path) -> None:
    path = tmp_path / "lexicon.yml"
    path.write_text(case["lexicon"], encoding="utf-8")
    with pytest.raises(LexiconError) as caught:
        load_lexicon(path)
    error = caught.value
    assert error.file == str(path)
    assert error.line == case["line"], str(error)
    assert case["problem"] in error.problem, str(error)
    assert error.hint


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="cannot read"):
        load_lexicon(tmp_path / "absent.yml")


def test_matchable_text_keeps_every_offset() -> None:
    text = "".join(map(chr, range(0x20, 0x30000)))
    assert len(_matchable(text)) == len(text)
    assert _matchable("Kuzey\u00a0Atlantik–Antlaşması\tNATO’nun") == (
        "kuzey atlantik antlaşmasi nato'nun"
    )


@pytest.mark.parametrize(
    ("keys", "text", "found"),
    [
        (
            ["nato", "nato summit", "natural"],
            "the nato summit, natural",
            ["nato summit", "natural"],
        ),
        (["a", "ab", "abc", "b"], "abcab b", ["abc", "ab", "b"]),
        (["u.s.", "u.k", "uk"], "u.s. u.k uk u-s", ["u.s.", "u.k", "uk"]),
        (["x", "y", "z"], "zyx", ["z", "y", "x"]),
    ],
)
def test_trie_pattern_matches_exactly_the_keys_longest_first(
    keys: list[str], text: str, found: list[str]
) -> None:
    pattern = re.compile(trie_pattern([re.escape(c) for c in key] for key in keys))
    assert pattern.findall(text) == found
    assert all(pattern.fullmatch(key) for key in keys)
    assert not pattern.fullmatch("")


def test_every_mention_in_the_sources_is_exact(lexicon: Lexicon) -> None:
    for source, language in [("000", "tr"), ("001", "en"), ("002", "en"), ("003", "en")]:
        text = (ROOT / "corpus" / "sources" / f"{source}.txt").read_text(encoding="utf-8")
        mentions = lexicon.find_entities(text, language)
        assert mentions == sorted(mentions, key=lambda m: m.start)
        for before, after in itertools.pairwise(mentions):
            assert before.end <= after.start
        assert all(text[m.start : m.end] == m.text for m in mentions)
        assert {"nato", "south-korea"} <= {m.id for m in mentions}


def test_required_abbreviations_have_expansions(lexicon: Lexicon) -> None:
    expansions = lexicon.abbreviations()
    expected = {
        "ISAF": "International Security Assistance Force",
        "PfP": "Partnership for Peace",
        "MD": "Mediterranean Dialogue",
        "ICI": "Istanbul Cooperation Initiative",
        "IPCP": "Individual Partnership and Cooperation Programme",
        "ITPP": "Individually Tailored Partnership Programme",
        "TCP": "Tailored Cooperation Package",
        "IPAP": "Individual Partnership Action Plan",
        "PARP": "Planning and Review Process",
        "PAP-T": "Partnership Action Plan against Terrorism",
        "PAP-DIB": "Partnership Action Plan on Defence Institution Building",
        "ANA TF": "Afghan National Army Trust Fund",
        "PRT": "Provincial Reconstruction Team",
        "SFOR": "Stabilisation Force",
        "NAC": "North Atlantic Council",
        "CPG": "Comprehensive Political Guidance",
        "PPC": "Political and Partnerships Committee",
        "CCDCOE": "NATO Cooperative Cyber Defence Centre of Excellence",
        "NPT": "Treaty on the Non-Proliferation of Nuclear Weapons",
        "EDA": "European Defence Agency",
        "ROK": "Republic of Korea",
        "NATO": "North Atlantic Treaty Organization",
    }
    assert {k: expansions.get(k) for k in expected} == expected


def test_lexicon_shape(lexicon: Lexicon) -> None:
    assert set(ENTITY_TYPES) == {e.type for e in lexicon.entities.values()}
    assert len(lexicon.topics) >= 12
    assert {"sign", "join", "visit", "global-partner", "measure"} <= set(lexicon.predicates)
    assert lexicon.predicates["sign"].kind_for("programme") == "programme"
    assert lexicon.predicates["visit"].kind_for(None) == "event"
    nato = lexicon.entities["nato"]
    assert nato.aliases["en"][0] == "NATO"
    assert "İttifak" in nato.aliases["tr"]
    assert lexicon.entities["rok-mission-to-nato"].implies == ("south-korea", "nato")


def test_megabyte_is_scanned_well_under_a_second(lexicon: Lexicon) -> None:
    sample = "\n".join(
        (ROOT / "corpus" / "sources" / f"{i:03d}.txt").read_text(encoding="utf-8") for i in range(5)
    )
    text = (sample * (1_000_000 // len(sample) + 1))[:1_000_000]
    started = time.perf_counter()
    mentions = lexicon.find_entities(text, "en")
    elapsed = time.perf_counter() - started
    assert len(mentions) > 10_000
    assert elapsed < 1.0, f"find_entities took {elapsed:.2f} s for 1 MB"


def test_sentence_language_breaks_ties() -> None:
    """One spelling may mean different things in two languages; the sentence decides."""
    lexicon = Lexicon(
        entities={},
        topics={
            "software": Topic("software", "Software", {"en": ("program",)}),
            "plans": Topic("plans", "Plans", {"tr": ("program",)}),
        },
        predicates={},
    )
    assert [m.id for m in lexicon.find_topics("program", "tr")] == ["plans"]
    assert [m.id for m in lexicon.find_topics("program", "en")] == ["software"]
    assert [m.id for m in lexicon.find_topics("program", "ko")] == ["software"]


@pytest.mark.parametrize(
    ("language", "text", "glued"),
    [
        ("tr", "DEAŞ'a karşı uluslararası koalisyona destek verdi.", "a"),  # a case ending
        ("tr", "Japonya, NATO'ya katıldı.", ""),  # after an apostrophe: not inside the word
        ("en", "Japan joined NATO.", ""),
    ],
)
def test_a_mention_says_what_its_word_adds_after_the_name(lexicon, language, text, glued) -> None:
    last = lexicon.find_entities(text, language)[-1]
    assert last.glue == glued
    assert last.text.endswith(glued)
