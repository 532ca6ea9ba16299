"""Frames and titles: golden sentences in, who did what to whom and how it is titled out.

The cases (``tests/cases/frames/*.yml``, format in their headers) run the extract stage
on one sentence, so clause splitting, dating and frames are checked together as a
reader meets them; unit tests below pin the parts a case cannot isolate.
"""

from __future__ import annotations

import pytest
from tests.conftest import CORPUS
from tests.golden import golden_cases

from natokorea_kb.datetext import date_label
from natokorea_kb.extract import Reading, extract_sentence
from natokorea_kb.frames import FrameContext, read_frame
from natokorea_kb.lexicon import Lexicon, load_lexicon
from natokorea_kb.records import DateValue, Frame, Sentence, SourceMeta
from natokorea_kb.references import publisher_party
from natokorea_kb.sources import parse_partial_date
from natokorea_kb.titles import MAX_TITLE, entity_name, frame_title, shortest_clause


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon(CORPUS / "lexicon.yml")


def _frame_fields(frame: Frame) -> dict:
    data = frame.to_dict()
    data["actors"] = list(frame.actors)
    return data


@pytest.mark.parametrize("case", golden_cases("frames"))
def test_frame_case(case: dict, lexicon: Lexicon) -> None:
    language, text = case["language"], case["text"]
    meta = SourceMeta(
        "t",
        "t.txt",
        "A test source",
        "news",
        language,
        parse_partial_date(case.get("published", "2023")),
        publisher=case.get("publisher"),
    )
    reading = Reading(
        meta,
        lexicon,
        publisher=publisher_party(case.get("publisher"), language, lexicon),
        salient=tuple(case.get("salient", ())),
    )
    sentence = Sentence("s-1", text, tuple(range(len(text))), 0, language)
    facts, skipped = extract_sentence(sentence, reading)
    assert [f.date.start for f in facts] == [str(f["date"]) for f in case["facts"]]
    for fact, expected in zip(facts, case["facts"], strict=True):
        if "kind" in expected:
            assert fact.kind == expected["kind"], fact.frame
        got = _frame_fields(fact.frame)
        for key, value in expected.get("frame", {}).items():
            assert got[key] == value, f"{key}: {got}"
        for title_language, title in expected.get("titles", {}).items():
            assert fact.titles.get(title_language) == title
    assert sorted(case.get("skipped", [])) == sorted({s.reason for s in skipped} - {"no entity"})


def test_polarity_and_modality_belong_to_the_predicate_they_stand_near(lexicon: Lexicon) -> None:
    """A negation far from the predicate, in another phrase, does not deny it."""
    clause = "Not long after the crisis, South Korea signed an agreement with NATO in 2019."
    frame = read_frame(
        clause, lexicon.find_entities(clause, "en"), "en", lexicon, FrameContext(), 70
    )
    assert frame.predicate == "sign" and frame.polarity == "affirmed"
    clause = "South Korea could sign an agreement with NATO in 2025."
    frame = read_frame(clause, lexicon.find_entities(clause, "en"), "en", lexicon, FrameContext())
    assert frame.modality == "hypothetical"


def test_a_title_never_exceeds_the_limit_nor_ends_inside_a_phrase() -> None:
    long_sentence = (
        "NATO has maintained a broad range of partnership frameworks which over time have "
        "served several functions in the Euro-Atlantic area and beyond"
    )
    title = shortest_clause(long_sentence, "en")
    assert len(title) <= MAX_TITLE
    assert title == "NATO has maintained a broad range of partnership frameworks"


def test_a_turkish_title_drops_participle_phrases_before_its_main_verb() -> None:
    sentence = (
        "Bu program, iki taraf arasında uzun süredir devam eden ve birçok alanda yürütülen "
        "siyasi diyalog ile pratik iş birliğini daha düzenli bir yapıya kavuşturmuştur"
    )
    title = shortest_clause(sentence, "tr")
    assert title == (
        "Bu program, siyasi diyalog ile pratik iş birliğini daha düzenli bir yapıya kavuşturmuştur"
    )


def test_titles_name_organisations_by_the_acronym_the_language_uses(lexicon: Lexicon) -> None:
    assert entity_name(lexicon.entities["nato"], "tr") == "NATO"
    assert entity_name(lexicon.entities["eu"], "tr") == "AB"
    assert entity_name(lexicon.entities["eu"], "en") == "EU"
    assert entity_name(lexicon.entities["south-korea"], "tr") == "Güney Kore"


def test_a_frame_without_title_words_is_titled_by_its_clause(lexicon: Lexicon) -> None:
    date = DateValue("2001", "2001", "year", "2001", "explicit")
    title = frame_title(Frame(), date, "en", lexicon, "NATO invoked Article 5 for the first time")
    assert title == "NATO invoked Article 5 for the first time (2001)"


@pytest.mark.parametrize(
    ("start", "end", "precision", "english", "turkish"),
    [
        ("2012", "2012", "year", "2012", "2012"),
        ("2012-09", "2012-09", "month", "September 2012", "Eylül 2012"),
        ("2012-09-20", "2012-09-20", "day", "20 September 2012", "20 Eylül 2012"),
        ("2011-04-14", "2011-04-15", "day", "14–15 April 2011", "14–15 Nisan 2011"),
        (
            "2011-03-30",
            "2011-04-02",
            "day",
            "30 March 2011–2 April 2011",
            "30 Mart 2011–2 Nisan 2011",
        ),
        ("2000", "2009", "decade", "2000s", "2000'ler"),
        ("1990", "1999", "decade", "1990s", "1990'lar"),
        ("1990", "1993", "year", "1990–1993", "1990–1993"),
        ("2001", "2100", "century", "21st century", "21. yüzyıl"),
    ],
)
def test_dates_are_written_as_each_language_writes_them(
    start: str, end: str, precision: str, english: str, turkish: str
) -> None:
    value = DateValue(start, end, precision, start, "explicit")
    assert (date_label(value, "en"), date_label(value, "tr")) == (english, turkish)
