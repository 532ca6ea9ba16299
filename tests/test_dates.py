"""Temporal expressions: golden cases, the examples inside the resource files, the shape
table, resource errors, calendar properties and speed."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.golden import golden_cases

from natokorea_kb import dates
from natokorea_kb.dates.grammar import grammar_for
from natokorea_kb.dates.patterns import Words
from natokorea_kb.dates.shapes import SHAPES
from natokorea_kb.errors import LexiconError
from natokorea_kb.records import PartialDate
from natokorea_kb.resources import parse_resource

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_ANCHOR = PartialDate(2017, 12, 4)  # the anchor the resource headers promise


def _partial(value: Any) -> PartialDate | None:
    if value is None:
        return None
    return PartialDate(*(int(part) for part in str(value).split("-")))


GOLDEN = golden_cases("dates")


@pytest.mark.parametrize("case", GOLDEN)
def test_golden_case(case: dict) -> None:
    sentence, language = case["sentence"], case["language"]
    found = dates.find_temporals(
        sentence,
        language,
        _partial(case.get("anchor")),
        _partial(case.get("context")),
        present=case.get("present", False),
    )
    got = []
    for temporal in found:
        value = temporal.value
        assert sentence[temporal.start : temporal.end] == value.text
        item = {
            "text": value.text,
            "start": value.start,
            "end": value.end,
            "precision": value.precision,
            "basis": value.basis,
        }
        if dates.in_citation(sentence, temporal.start, temporal.end, language):
            item["citation"] = True
        got.append((temporal.start, item))
    expected, seen = [], {}
    for item in case["expect"]:
        occurrence = seen.get(item["text"], 0)
        seen[item["text"]] = occurrence + 1
        offset = -1
        for _ in range(occurrence + 1):
            offset = sentence.index(item["text"], offset + 1)
        want = {key: str(item[key]) for key in ("text", "start", "end", "precision", "basis")}
        if item.get("citation"):
            want["citation"] = True
        expected.append((offset, want))
    assert got == expected
    assert dates.impossible_dates(sentence, language) == case.get("impossible", [])


@pytest.mark.parametrize("case", GOLDEN)
def test_scan_gives_temporals_and_impossible_dates_at_once(case: dict) -> None:
    sentence, language = case["sentence"], case["language"]
    anchor, context = _partial(case.get("anchor")), _partial(case.get("context"))
    found = dates.scan(sentence, language, anchor, context)
    assert list(found.temporals) == dates.find_temporals(sentence, language, anchor, context)
    assert list(found.impossible) == dates.impossible_dates(sentence, language)


def test_golden_cases_cover_both_languages() -> None:
    cases = [param.values[0] for param in GOLDEN]
    assert len(cases) >= 60
    assert {case["language"] for case in cases} == {"en", "tr"}


def _examples() -> list[Any]:
    return [
        pytest.param(language, phrase, expected, id=f"{file}:{line}")
        for language in ("en", "tr")
        for file, line, phrase, expected in dates.resource_examples(language)
    ]


@pytest.mark.parametrize(("language", "phrase", "expected"), _examples())
def test_resource_example(language: str, phrase: str, expected: str) -> None:
    """The examples written in the resource files hold (anchor 2017-12-04)."""
    marked = re.fullmatch(r"(.*?)\[(.*?)\](.*)", phrase)
    sentence = "".join(marked.groups()) if marked else phrase
    offset, text = (len(marked[1]), marked[2]) if marked else (0, phrase)
    found = dates.find_temporals(sentence, language, anchor=EXAMPLE_ANCHOR, present=True)
    if expected == "none":
        assert found == []
        return
    value = dates.EXAMPLE_VALUE.fullmatch(expected)
    assert value is not None
    hits = [t for t in found if t.start == offset and t.value.text == text]
    assert len(hits) == 1, [t.value for t in found]
    got = hits[0].value
    assert (got.start, got.end, got.precision, got.basis) == (
        value["start"],
        value["end"] or value["start"],
        value["precision"],
        value["basis"],
    )
    cited = dates.in_citation(sentence, hits[0].start, hits[0].end, language)
    assert cited == bool(value["citation"])


def test_every_resource_file_has_examples() -> None:
    for language in ("en", "tr"):
        files = {file for file, *_ in dates.resource_examples(language)}
        assert len(files) == len(dates.DATE_FILES), files


# ------------------------------------------------------------------------- shape table

LANGUAGES = ("en", "tr", "ko")  # ko has no date files: every word list empty


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_group_a_reader_reads_is_in_its_pattern(language: str) -> None:
    words = Words.of(dates.load_resources(language))
    for shape in SHAPES:
        pattern = shape.build(words)
        if pattern is None:
            continue  # the language does not write dates this way
        groups = re.compile(pattern).groupindex
        for argument, group in shape.reads:
            assert group in groups, f"{shape.name}: reader reads {argument!r}, pattern lacks it"


def test_every_shape_is_built_for_some_language() -> None:
    words = [Words.of(dates.load_resources(language)) for language in LANGUAGES]
    for shape in SHAPES:
        assert any(shape.build(w) is not None for w in words), shape.name
    assert len({shape.name for shape in SHAPES}) == len(SHAPES)


@pytest.mark.parametrize("shape", SHAPES, ids=lambda shape: shape.name)
def test_shape_example_is_found_by_its_shape(shape: Any) -> None:
    """Each row's example starts a match of that row, in English or in Turkish."""
    found = set()
    for language in ("en", "tr"):
        match = grammar_for(language).core.match(shape.example)
        found.add(match.lastgroup if match else None)
    assert shape.name in found, found


# --------------------------------------------------------------------- resource errors


def _resource(language: str, name: str) -> str:
    path = ROOT / "src" / "natokorea_kb" / "resources" / language / "dates" / f"{name}.yml"
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "old", "new", "problem"),
    [
        ("relative", "  two: 2", "  no: 2", "quote it"),
        ("months", "  12: [December, Dec, Dec.]\n", "", "keys 1 to 12"),
        ("months", "  2: [February, Feb, Feb.]", "  2: [February, Feb, Jan.]", "names both"),
        ("forms", "month_day_order: true", "month_day_order: sometimes", "true or false"),
        ("forms", "numeric_order: dmy", "numeric_order: ymd", "dmy, mdy"),
        ("forms", "  - {open: from, join: to}", "  - {open: from, to: to}", "needs 'join'"),
        ("parts", "placement: before", "placement: before\nweird: []", "unknown symbol"),
        ("relative", "  week: [week]", "  fortnight: [fortnight]", "unknown unit"),
        ("months", '"3 Jan 2012": 2012-01-03 day explicit', '"3 Jan 2012": soon', "not 'none'"),
        ("citations", "numbered: [Vol.,", "numbered: [Vol., Vol.,", "duplicate entry"),
    ],
)
def test_malformed_resource_names_file_and_line(
    name: str, old: str, new: str, problem: str
) -> None:
    text = _resource("en", name)
    assert old in text
    broken = text.replace(old, new, 1)
    with pytest.raises(LexiconError) as error:
        parse_resource(broken, f"dates/{name}", f"en/dates/{name}.yml")
    message = str(error.value)
    assert message.startswith(f"en/dates/{name}.yml")
    assert problem in message
    if new:
        last = new.splitlines()[-1]
        assert error.value.line == broken[: broken.index(last)].count("\n") + 1, message


def test_resource_without_header_is_refused() -> None:
    text = "\n".join(line for line in _resource("en", "parts").splitlines() if line[:1] != "#")
    with pytest.raises(LexiconError, match="header"):
        parse_resource(text, "dates/parts", "en/dates/parts.yml")


# ------------------------------------------------------------------ calendar properties

MONTHS = {language: dates.load_resources(language)["months"]["months"] for language in ("en", "tr")}


@given(st.dates(dt.date(1801, 1, 1), dt.date(2099, 12, 31)), st.sampled_from(["en", "tr"]))
def test_any_real_day_is_read_back(day: dt.date, language: str) -> None:
    name = MONTHS[language][day.month][0].rstrip("*")
    for written in (
        f"{day.day} {name} {day.year}",
        day.isoformat(),
        f"{day.day:02d}.{day.month:02d}.{day.year}",
    ):
        found = dates.find_temporals(f"Bu tarih {written} idi.", language)
        assert [(t.value.start, t.value.end, t.value.precision) for t in found] == [
            (day.isoformat(), day.isoformat(), "day")
        ], written


@given(st.integers(1800, 2100), st.integers(1, 12), st.integers(29, 35))
def test_impossible_days_are_reported_not_returned(year: int, month: int, day: int) -> None:
    name = MONTHS["en"][month][0]
    written = f"{day} {name} {year}"
    real = dates.validate_date(year, month, day)
    assert bool(dates.find_temporals(written, "en")) == real
    assert dates.impossible_dates(written, "en") == ([] if real else [written])


def test_validate_date() -> None:
    assert dates.validate_date(2012, 2, 29)
    assert not dates.validate_date(2013, 2, 29)
    assert not dates.validate_date(2012, 13)
    assert dates.validate_date(2012)


def test_language_without_resources_reads_numeric_forms() -> None:
    found = dates.find_temporals("회의 2017-12-05, 전쟁 1950-1953, 05.12.2017.", "ko")
    assert [(t.value.text, t.value.start, t.value.end) for t in found] == [
        ("2017-12-05", "2017-12-05", "2017-12-05"),
        ("1950-1953", "1950", "1953"),
        ("05.12.2017", "2017-12-05", "2017-12-05"),
    ]


# --------------------------------------------------------------------- corpus and speed


def _corpus_sentences() -> list[tuple[str, str]]:
    sentences = []
    for path in sorted((ROOT / "corpus" / "sources").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        language = "tr" if path.stem in ("000", "004") else "en"
        sentences += [(s, language) for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    return sentences


def test_corpus_temporals_are_ordered_and_disjoint() -> None:
    for sentence, language in _corpus_sentences():
        found = dates.find_temporals(sentence, language, anchor=EXAMPLE_ANCHOR)
        for temporal in found:
            assert sentence[temporal.start : temporal.end] == temporal.value.text
            assert temporal.value.start <= temporal.value.end
        for earlier, later in itertools.pairwise(found):
            assert earlier.end <= later.start


def test_one_megabyte_takes_under_a_second() -> None:
    sentences = _corpus_sentences()
    size = sum(len(s) for s, _ in sentences)
    work = sentences * (1_000_000 // size + 1)
    for language in ("en", "tr"):
        dates.find_temporals("2010", language)  # compile outside the clock
    began = time.perf_counter()
    for sentence, language in work:
        dates.find_temporals(sentence, language, anchor=EXAMPLE_ANCHOR)
    elapsed = time.perf_counter() - began
    assert sum(len(s) for s, _ in work) >= 1_000_000
    assert elapsed < 1.0, f"{elapsed:.2f} s for 1 MB"
