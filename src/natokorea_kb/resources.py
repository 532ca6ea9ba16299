"""The one loader of language resources: every rule file under ``natokorea_kb/resources/``.

Rules live in data (month names, date forms, abbreviations, cue words, page furniture),
one small file per job and language, as HeidelTime keeps them: ``<language>/<name>.yml``
(``en/extract.yml``, ``tr/dates/months.yml``) and ``common/<name>.yml`` for rules of no
language. :data:`SCHEMAS` declares every file: its symbols and the kind of value each
holds. Loading checks a file against its schema and fails early, naming the file, the
line and a fix, as HeidelTime's loader does: a file must open with a ``#`` header saying
its format, hold every symbol of its schema and no other, and every value must have its
symbol's kind.

**One rule for a missing language.** A language without a file (Korean has no date
rules yet; a new language has none at all) gets the file with every symbol empty: no
words, no patterns, ``false`` flags, the first choice. The stages then do what the
language-neutral rules allow (numeric dates, sentence marks) and nothing else; no
language silently borrows another's rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources as importlib_resources
from typing import Any

from .errors import LexiconError
from .text import fold_key
from .yamlio import LineDict, LineList, parse_yaml

PACKAGE = "natokorea_kb"
RESOURCE_DIR = "resources"
COMMON = "common"  # the folder of language-neutral rules
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")  # a language code, never a path
RELPATH = re.compile(r"^[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*\.ya?ml$")
UNITS = ("year", "month", "week", "day", "decade")
SUFFIX_PARTS = ("first", "second", "tail")
# what an anaphor refers to: the last date (same), a day of the last span (first: its
# index - 1 = days after the first), or the last meeting the text dated (meeting)
ANAPHORA_PICKS = ("same", "first", "second", "meeting", "document")
PRECISIONS = ("day", "month", "year", "decade", "century")
# The value of a date example: "none" or "START[..END] PRECISION BASIS [citation]".
DATE_EXAMPLE = re.compile(
    r"none|(?P<start>\d{4}(?:-\d\d){0,2})(?:\.\.(?P<end>\d{4}(?:-\d\d){0,2}))?"
    rf" (?P<precision>{'|'.join(PRECISIONS)}) (?P<basis>explicit|relative|context)"
    r"(?P<citation> citation)?"
)


class _Symbol:
    """Where a value stands, for error messages: the file, the line and the symbol."""

    def __init__(self, relpath: str, name: str, line: int | None) -> None:
        self.relpath, self.name, self.line = relpath, name, line

    def fail(self, problem: str, hint: str, line: int | None = None) -> LexiconError:
        return LexiconError(self.relpath, problem, hint, line=line or self.line, field=self.name)


# --------------------------------------------------------------------------- value kinds


def _words(value: Any, at: _Symbol) -> tuple[str, ...]:
    """A list of distinct non-empty strings (may be empty)."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise at.fail(f"{at.name!r} must be a list", "write '- entry' lines or []")
    seen: dict[str, int | None] = {}
    for index, item in enumerate(value):
        line = value.line_of(index) if isinstance(value, LineList) else at.line
        if not isinstance(item, str) or not item.strip():
            raise at.fail(
                f"entry {item!r} of {at.name!r} is not a non-empty string", "quote it", line
            )
        if item in seen:
            raise at.fail(
                f"duplicate entry {item!r} in {at.name!r} (first on line {seen[item]})",
                "remove one of them",
                line,
            )
        seen[item] = line
    return tuple(value)


def _regexes(value: Any, at: _Symbol) -> tuple[re.Pattern[str], ...]:
    """A list of Python regular expressions, compiled case-insensitively."""
    compiled = []
    for index, pattern in enumerate(_words(value, at)):
        try:
            compiled.append(re.compile(pattern, re.IGNORECASE))
        except re.error as exc:
            line = value.line_of(index) if isinstance(value, LineList) else at.line
            raise at.fail(
                f"entry {pattern!r} of {at.name!r} is not a valid pattern ({exc.msg})",
                "fix or escape the pattern",
                line,
            ) from exc
    return tuple(compiled)


def _flag(value: Any, at: _Symbol) -> bool:
    if not isinstance(value, bool):
        raise at.fail(f"{at.name!r} must be true or false", "write true or false")
    return value


def _text(value: Any, at: _Symbol) -> str:
    if not isinstance(value, str):
        raise at.fail(f"{at.name!r} must be a string", f'write {at.name}: "..."')
    return value


def _choice(*options: str) -> Callable[[Any, _Symbol], str]:
    def check(value: Any, at: _Symbol) -> str:
        if value not in options:
            raise at.fail(f"{at.name!r} must be one of {', '.join(options)}", "pick one of them")
        return value

    return check


def _mapping(value: Any, at: _Symbol) -> LineDict:
    if not isinstance(value, LineDict):
        raise at.fail(f"{at.name!r} must be a mapping", "write 'name: ...' entries under it")
    return value


def _numbers(value: Any, at: _Symbol) -> dict[str, int]:
    """Word -> whole number; a word may stand once, folded."""
    mapping = _mapping(value, at)
    seen: dict[str, str] = {}
    for word, number in mapping.items():
        line = mapping.line_of(str(word))
        if not isinstance(word, str) or not word.strip():
            raise at.fail(
                f"{word!r} in {at.name!r} is not a word (YAML reads on/no/yes as true/false)",
                "quote it",
                line,
            )
        if isinstance(number, bool) or not isinstance(number, int):
            raise at.fail(f"{word!r} in {at.name!r} needs a whole number", "write 'word: 2'", line)
        if fold_key(word) in seen:
            raise at.fail(f"{word!r} repeats {seen[fold_key(word)]!r} in {at.name!r}", "keep one")
        seen[fold_key(word)] = word
    return dict(mapping)


def _weights(value: Any, at: _Symbol) -> dict[str, float]:
    """Name -> a number not below zero (a weight)."""
    mapping = _mapping(value, at)
    for name, number in mapping.items():
        if isinstance(number, bool) or not isinstance(number, int | float) or number < 0:
            line = mapping.line_of(str(name))
            raise at.fail(f"{name!r} in {at.name!r} needs a number ≥ 0", "write 'name: 1.5'", line)
    return {str(name): float(number) for name, number in mapping.items()}


def _word_lists(value: Any, at: _Symbol) -> dict[str, tuple[str, ...]]:
    """Key -> list of words."""
    mapping = _mapping(value, at)
    return {
        str(key): _words(words, _Symbol(at.relpath, f"{at.name}.{key}", mapping.line_of(str(key))))
        for key, words in mapping.items()
    }


def _keyed_words(
    what: str, keys: tuple[str, ...], *, complete: bool
) -> Callable[[Any, _Symbol], Any]:
    """Key (a ``what``) -> list of words, for these keys only (each of them when ``complete``)."""

    def check(value: Any, at: _Symbol) -> dict[str, tuple[str, ...]]:
        lists = _word_lists(value, at)
        mapping = _mapping(value, at)
        for key in lists:
            if key not in keys:
                line = mapping.line_of(key)
                raise at.fail(f"unknown {what} {key!r}", f"use {', '.join(keys)}", line)
        if complete:
            return {key: lists.get(key, ()) for key in keys}
        return lists

    return check


def _months(value: Any, at: _Symbol) -> dict[int, tuple[str, ...]]:
    """Month number 1-12 -> spellings; a spelling names one month only."""
    mapping = _mapping(value, at)
    if sorted(mapping) != list(range(1, 13)):
        raise at.fail("'months' must have the keys 1 to 12", "give every month its spellings")
    owner: dict[str, int] = {}
    months = {}
    for number in range(1, 13):
        line = mapping.line_of(str(number))
        forms = _words(mapping[number], _Symbol(at.relpath, at.name, line))
        if not forms:
            raise at.fail(f"month {number} has no spelling", "add one", line)
        for form in forms:
            if owner.setdefault(fold_key(form), number) != number:
                raise at.fail(
                    f"{form!r} names both month {owner[fold_key(form)]} and month {number}",
                    "keep it under one month",
                    line,
                )
        months[number] = forms
    return months


def _ranges(value: Any, at: _Symbol) -> tuple[dict[str, str], ...]:
    """A list of {open, join, close} rules; ``join`` is required."""
    if not isinstance(value, list):
        raise at.fail("'ranges' must be a list of {open, join, close}", "write '- {join: and}'")
    for index, rule in enumerate(value):
        line = value.line_of(index) if isinstance(value, LineList) else at.line
        if not isinstance(rule, dict) or "join" not in rule:
            raise at.fail("a range rule needs 'join'", "write '- {open: from, join: to}'", line)
        for part, word in rule.items():
            if part not in ("open", "join", "close") or not isinstance(word, str) or not word:
                raise at.fail(f"bad range rule part {part!r}: {word!r}", "use open, join, close")
    return tuple(dict(rule) for rule in value)


def _patterns(value: Any, at: _Symbol) -> dict[str, str]:
    """Name -> text (a pattern with {slots}, a word)."""
    mapping = _mapping(value, at)
    for name, text in mapping.items():
        if not isinstance(text, str):
            raise at.fail(f"{name!r} must map to text", "quote it", mapping.line_of(str(name)))
    return {str(name): text for name, text in mapping.items()}


def _picks(value: Any, at: _Symbol) -> dict[str, str]:
    """Phrase -> what it refers to (same, first, second, meeting)."""
    mapping = _mapping(value, at)
    for phrase, pick in mapping.items():
        if pick not in ANAPHORA_PICKS:
            raise at.fail(
                f"anaphora {phrase!r}: unknown pick {pick!r}",
                f"use one of: {', '.join(ANAPHORA_PICKS)}",
                mapping.line_of(str(phrase)),
            )
    return {str(phrase): pick for phrase, pick in mapping.items()}


def _examples(value: Any, at: _Symbol) -> dict[str, tuple[str, int]]:
    """Date examples: phrase (one optional [expression]) -> expected value, with lines."""
    mapping = _mapping(value, at)
    examples = {}
    for phrase, expected in mapping.items():
        line = mapping.line_of(str(phrase))
        if not isinstance(phrase, str) or not isinstance(expected, str):
            raise at.fail(f"example {phrase!r} must map text to text", "quote both", line)
        if phrase.count("[") != phrase.count("]") or phrase.count("[") > 1:
            raise at.fail(f"example {phrase!r} needs at most one [expression]", "fix", line)
        if not DATE_EXAMPLE.fullmatch(expected):
            raise at.fail(
                f"example value {expected!r} is not 'none' or 'START[..END] PRECISION BASIS'",
                "write for example '2011..2016 year explicit'",
                line,
            )
        examples[phrase] = (expected, line)
    return examples


@dataclass(frozen=True)
class Kind:
    """How to check a value, and what a symbol holds when its file is missing."""

    check: Callable[[Any, _Symbol], Any]
    empty: Any


KINDS: dict[str, Kind] = {
    "words": Kind(_words, ()),
    "regexes": Kind(_regexes, ()),
    "flag": Kind(_flag, False),
    "text": Kind(_text, ""),
    "order": Kind(_choice("dmy", "mdy"), "dmy"),
    "placement": Kind(_choice("before", "after"), "before"),
    "numbers": Kind(_numbers, {}),
    "weights": Kind(_weights, {}),
    "word_lists": Kind(_word_lists, {}),
    "units": Kind(_keyed_words("unit", UNITS, complete=False), {}),
    "suffix_ranges": Kind(
        _keyed_words("part", SUFFIX_PARTS, complete=True), dict.fromkeys(SUFFIX_PARTS, ())
    ),
    "months": Kind(_months, {}),
    "ranges": Kind(_ranges, ()),
    "picks": Kind(_picks, {}),
    "patterns": Kind(_patterns, {}),
    "examples": Kind(_examples, {}),
}

# Every resource file: its name (its path without language and .yml) -> symbol -> kind.
# Each file's header documents its symbols for the people who edit it.
SCHEMAS: dict[str, dict[str, str]] = {
    "page": {
        "navigation": "words",
        "comment_footer": "regexes",
        "comment_near": "regexes",
        "date_labels": "word_lists",
        "note_headings": "words",
        "section_labels": "words",
    },
    "stopwords": {"stopwords": "words", "letters": "text"},
    "abbreviations": {
        "no_split": "words",
        "split_before_starter": "words",
        "before_number": "words",
        "ordinal_dot": "flag",
    },
    "extract": {
        "respectively": "words",
        "clause_breaks": "words",
        "not_factual": "words",
        "subject_anaphora": "words",
        "country_anaphora": "words",
        "singular_anaphora": "words",
        "baseline": "words",
        "baseline_after": "words",
        "anaphora": "picks",
        "continuations": "regexes",
        "event_words_before": "words",
        "event_words_after": "words",
        "event_endings": "regexes",
        "meeting_words_before": "words",
        "meeting_endings": "regexes",
        "bylines": "regexes",
        "anniversaries": "regexes",
        "founding_words": "words",
        "event_descriptions": "words",
        "person_titles": "words",
        "person_articles": "words",
    },
    "frames": {
        "negation": "words",
        "negative_verbs": "regexes",
        "planned": "words",
        "planned_verbs": "regexes",
        "possible": "words",
        "possible_verbs": "regexes",
        "states": "words",
        "state_verbs": "regexes",
        "past_verbs": "regexes",
        "present_verbs": "regexes",
        "participles": "regexes",
        "starts": "words",
        "agents": "words",
        "passive_marks": "words",
        "adverbials_before": "words",
        "adverbials_after": "words",
        "containers_before": "words",
        "containers_after": "words",
        "reciprocals": "words",
        "subordinates": "words",
        "examples_follow": "words",
        "examples_precede": "words",
        "obliques_before": "words",
        "obliques_after": "words",
        "joiners": "words",
        "oblique_endings": "regexes",
        "genitives": "regexes",
        "possessed_nouns": "regexes",
        "statement_joints": "regexes",
        "passive_endings": "regexes",
        "unasserted_verbs": "regexes",
        "governed_nouns": "regexes",
        "owner_links": "words",
        "complementizers": "words",
        "past_participles": "words",
        "drops_subjects": "flag",
        "stems": "words",
        "we": "words",
        "background": "regexes",
        "others_reported": "regexes",
        "said_clauses": "regexes",
        "speaker": "words",
        "addressee": "words",
        "speaker_openings": "regexes",
        "descriptions": "words",
        "offices": "words",
        "office_links": "words",
        "titles": "patterns",
        "articles": "patterns",
        "joiner": "patterns",
    },
    "dates/months": {"months": "months", "capitalised": "flag", "examples": "examples"},
    "dates/writing": {
        "day": "text",
        "month": "text",
        "year": "text",
        "day_range": "text",
        "decade": "text",
        "decade_suffixes": "patterns",
        "century": "text",
        "ordinals": "patterns",
        "range": "text",
    },
    "dates/forms": {
        "day_suffixes": "words",
        "joiners": "words",
        "month_day_order": "flag",
        "year_month_order": "flag",
        "numeric_order": "order",
        "year_nouns": "words",
        "month_nouns": "words",
        "decade_suffixes": "words",
        "bare_month_after": "words",
        "ranges": "ranges",
        "range_tails": "words",
        "suffix_ranges": "suffix_ranges",
        "list_joins": "words",
        "year_joins": "words",
        "articles": "words",
        "examples": "examples",
    },
    "dates/relative": {
        "modifiers": "numbers",
        "units": "units",
        "day_words": "numbers",
        "ago_words": "words",
        "ago_units": "units",
        "numbers": "numbers",
        "context_modifiers": "numbers",
        "later_words": "numbers",
        "offset_words": "numbers",
        "offset_endings": "words",
        "present_words": "words",
        "recent_words": "numbers",
        "duration_leads": "numbers",
        "duration_tails": "words",
        "running_ordinals": "numbers",
        "running_leads": "words",
        "running_articles": "words",
        "running_marks": "words",
        "running_tails": "words",
        "weekdays": "numbers",
        "weekday_nouns": "words",
        "examples": "examples",
    },
    "dates/parts": {
        "placement": "placement",
        "vague": "words",
        "fractions": "numbers",
        "ordinals": "numbers",
        "fraction_joiners": "words",
        "narrowing": "numbers",
        "parts": "patterns",
        "examples": "examples",
    },
    "dates/centuries": {
        "nouns": "words",
        "ordinal_suffixes": "words",
        "words": "numbers",
        "roman": "flag",
        "examples": "examples",
    },
    "dates/not_dates": {
        "before": "words",
        "after": "words",
        "date_words_before": "words",
        "count_endings": "words",
        "examples": "examples",
    },
    "dates/citations": {
        "access": "words",
        "access_after": "words",
        "numbered": "words",
        "markers": "words",
        "publications": "words",
        "author_joiners": "words",
        "examples": "examples",
    },
    "layout": {"page_numbers": "regexes", "note_separators": "regexes"},
    "search": {
        "unfolded": "patterns",
        "query_folds": "patterns",
        "joiners": "text",
        "meta_weights": "weights",
        "ranking": "weights",
        "filters": "words",
    },
    "search_ui": {"strings": "patterns", "ignored": "words"},
    "sources": {"document_time": "words", "headlines": "words", "first_person": "words"},
}
COMMON_FILES = ("layout", "search", "sources")  # files that live in common/, not per language


@dataclass(frozen=True)
class Resource(Mapping[str, Any]):
    """A checked resource file: symbol -> value, with the file and the line of each symbol."""

    relpath: str
    symbols: dict[str, Any]
    lines: dict[str, int]
    present: bool  # False: the language has no such file and every value is empty

    def __getitem__(self, symbol: str) -> Any:
        return self.symbols[symbol]

    def __iter__(self) -> Iterator[str]:
        return iter(self.symbols)

    def __len__(self) -> int:
        return len(self.symbols)

    def line_of(self, symbol: str) -> int | None:
        return self.lines.get(symbol)


def resource_path(name: str, language: str) -> str:
    """The path of a resource file under ``resources/``: ``tr/dates/months.yml``."""
    if name not in SCHEMAS:
        raise LexiconError(name, "unknown resource", f"use one of: {', '.join(SCHEMAS)}")
    folder = COMMON if name in COMMON_FILES else language
    return f"{folder}/{name}.yml"


def read_resource_text(relpath: str) -> str | None:
    """The text of ``resources/<relpath>``, or None when there is no such file."""
    if not RELPATH.match(relpath):
        raise LexiconError(relpath, "not a resource path", "use a path such as 'en/extract.yml'")
    target = importlib_resources.files(PACKAGE).joinpath(RESOURCE_DIR, *relpath.split("/"))
    if not target.is_file():
        return None
    try:
        return target.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise LexiconError(relpath, f"not UTF-8 ({exc.reason})", "save it as UTF-8") from exc


@cache
def language_resource(name: str, language: str = COMMON) -> Resource:
    """The checked resource ``name`` of ``language`` (see :data:`SCHEMAS`), loaded once.

    A language without the file gets every symbol empty (see the module doc).
    """
    if name not in COMMON_FILES and not LANGUAGE_CODE.fullmatch(language):
        raise LexiconError(language, "not a language code", "use a code such as en or tr")
    relpath = resource_path(name, language)
    text = read_resource_text(relpath)
    if text is None:
        empty = {symbol: KINDS[kind].empty for symbol, kind in SCHEMAS[name].items()}
        return Resource(relpath, empty, {}, present=False)
    return parse_resource(text, name, relpath)


def parse_resource(text: str, name: str, relpath: str) -> Resource:
    """Check resource text against the schema of ``name``: header, YAML, symbols, kinds."""
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    if not header or not any("format" in line.lower() for line in header):
        raise LexiconError(
            relpath,
            "missing comment header",
            "open the file with '# ...' lines saying its format ('Format: ...') and examples",
            line=1,
        )
    data = parse_yaml(text, LexiconError, relpath)
    if not isinstance(data, LineDict):
        raise LexiconError(
            relpath, "the top level must be a mapping of symbols", "write 'symbol: ...'", line=1
        )
    schema = SCHEMAS[name]
    for symbol in data:
        if symbol not in schema:
            raise LexiconError(
                relpath,
                f"unknown symbol {symbol!r}",
                f"use one of: {', '.join(schema)}",
                line=data.line_of(str(symbol)),
            )
    for symbol in schema:
        if symbol not in data:
            raise LexiconError(relpath, f"missing symbol {symbol!r}", f"add '{symbol}:'", line=1)
    values = {
        symbol: KINDS[kind].check(data[symbol], _Symbol(relpath, symbol, data.line_of(symbol)))
        for symbol, kind in schema.items()
    }
    lines = {symbol: data.line_of(symbol) for symbol in schema}
    return Resource(relpath, values, lines, present=True)


def resource_languages(name: str) -> tuple[str, ...]:
    """The languages that ship the resource ``name``, sorted."""
    root = importlib_resources.files(PACKAGE).joinpath(RESOURCE_DIR)
    return tuple(
        sorted(
            folder.name
            for folder in root.iterdir()
            if folder.is_dir()
            and LANGUAGE_CODE.fullmatch(folder.name)
            and folder.joinpath(*f"{name}.yml".split("/")).is_file()
        )
    )
