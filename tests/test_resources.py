"""The language layer: one loader for every resource file, one rule for a missing
language, one month list, and the one fold that decides Turkish casing."""

from __future__ import annotations

from importlib import resources as importlib_resources

import pytest

from natokorea_kb.errors import LexiconError
from natokorea_kb.messages import CATALOG
from natokorea_kb.records import LANGUAGES
from natokorea_kb.resources import (
    COMMON_FILES,
    KINDS,
    SCHEMAS,
    language_resource,
    parse_resource,
    resource_languages,
)
from natokorea_kb.text import fold, fold_key

RESOURCES = importlib_resources.files("natokorea_kb").joinpath("resources")


def _shipped() -> list[tuple[str, str]]:
    """(name, language) of every rule file the package ships (the message catalogs,
    ``ui.yml``, have their own loader and tests: test_messages.py)."""
    found = []
    for folder in RESOURCES.iterdir():
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            items = path.iterdir() if path.is_dir() else [path]
            for item in items:
                if item.name.endswith(".yml") and item.name != CATALOG:
                    prefix = f"{path.name}/" if path.is_dir() else ""
                    found.append((prefix + item.name[:-4], folder.name))
    return sorted(found)


@pytest.mark.parametrize(("name", "language"), _shipped())
def test_every_shipped_file_has_a_schema_and_loads(name: str, language: str) -> None:
    assert name in SCHEMAS, f"{language}/{name}.yml has no schema in resources.SCHEMAS"
    resource = language_resource(name, language)
    assert resource.present
    assert set(resource) == set(SCHEMAS[name])


def test_every_schema_is_shipped_for_english_or_common() -> None:
    for name in SCHEMAS:
        language = "common" if name in COMMON_FILES else "en"
        assert language_resource(name, language).present, name


@pytest.mark.parametrize("name", [n for n in SCHEMAS if n not in COMMON_FILES])
def test_a_language_without_the_file_gets_every_symbol_empty(name: str) -> None:
    resource = language_resource(name, "xx")
    assert not resource.present
    for symbol, kind in SCHEMAS[name].items():
        assert resource[symbol] == KINDS[kind].empty


def test_korean_has_page_rules_but_no_date_rules() -> None:
    assert language_resource("page", "ko").present
    assert not language_resource("dates/months", "ko").present
    assert resource_languages("dates/months") == ("en", "tr")


def test_month_names_are_listed_once_per_language() -> None:
    """Page furniture reads the months of the date rules; no file lists them again."""
    for name, schema in SCHEMAS.items():
        if name != "dates/months":
            assert "months" not in schema, name
    assert {language for language in LANGUAGES if language_resource("page", language).present} == {
        "en",
        "tr",
        "ko",
    }


def test_language_codes_never_become_paths() -> None:
    with pytest.raises(LexiconError, match="not a language code"):
        language_resource("page", "../en")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("stopwords: [a]\n", "missing comment header"),
        ("# Format: x\n- a\n", "the top level must be a mapping"),
        ("# Format: x\nstopwords: [a\n", "invalid YAML"),
        ("# Format: x\nstopwords: [a]\nextra: 1\nletters: ''\n", "unknown symbol 'extra'"),
        ("# Format: x\nstopwords: [a]\n", "missing symbol 'letters'"),
        ("# Format: x\nstopwords: a\nletters: ''\n", "must be a list"),
        ("# Format: x\nstopwords: [a]\nletters: 3\n", "must be a string"),
    ],
)
def test_resource_files_are_checked_against_their_schema(text: str, problem: str) -> None:
    with pytest.raises(LexiconError) as error:
        parse_resource(text, "stopwords", "xx/stopwords.yml")
    assert problem in str(error.value)
    assert error.value.file == "xx/stopwords.yml"


@pytest.mark.parametrize(
    ("entries", "line"),
    [("  - a\n  - b\n  - a\n", 5), ("  - a\n  - on\n", 4), ("  - a\n  - ''\n", 4)],
)
def test_bad_list_entries_name_their_line(entries: str, line: int) -> None:
    """Duplicates, YAML booleans ("on") and empty entries point at their own line."""
    with pytest.raises(LexiconError) as error:
        parse_resource(f"# Format: x\nstopwords:\n{entries}letters: ''\n", "stopwords", "x.yml")
    assert error.value.line == line


def test_bad_regex_and_bad_pick_name_their_line() -> None:
    text = "# Format: x\npage_numbers:\n  - '\\d+'\n  - '(unclosed'\nnote_separators: []\n"
    with pytest.raises(LexiconError, match="not a valid pattern") as error:
        parse_resource(text, "layout", "common/layout.yml")
    assert error.value.line == 4
    extract = language_resource("extract", "en")
    broken = "# Format: x\n" + "".join(f"{s}: []\n" for s in extract if s != "anaphora")
    text = broken + "anaphora:\n  at the summit: third\n"
    with pytest.raises(LexiconError, match="unknown pick 'third'") as error:
        parse_resource(text, "extract", "en/extract.yml")
    assert error.value.line == text.count("\n")


# ----------------------------------------------------------------------- the one fold


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("İSTANBUL", "istanbul"),  # dotted capital İ
        ("Istanbul", "istanbul"),  # English capital I
        ("ITTIFAK", "ittifak"),  # Turkish typed without its letters
        ("İttifak", "ittifak"),
        ("ılımlı", "ilimli"),  # dotless ı
        ("Işık", "işik"),  # capital I of a dotless word; ş keeps its cedilla
        ("IŞIK", "işik"),
        ("askerî hâlâ", "askeri hala"),  # circumflexes go
        ("Güney Kore", "güney kore"),  # other accents stay
    ],
)
def test_fold_makes_the_four_turkish_i_letters_one(written: str, folded: str) -> None:
    assert fold(written) == folded


def test_fold_both_ways_meets_in_the_middle() -> None:
    """Dotted and dotless spellings of one word meet, whichever way a text wrote them."""
    assert fold("İTTİFAK") == fold("ittifak") == fold("ITTIFAK") == fold("ıttıfak")
    assert fold("IŞIK") == fold("ışık") == fold("işik")


def test_fold_keeps_every_offset() -> None:
    text = "".join(map(chr, range(0x20, 0x30000)))
    assert len(fold(text)) == len(text)


def test_fold_key_collapses_whitespace() -> None:
    assert fold_key("  At   the\nSummit ") == "at the summit"
