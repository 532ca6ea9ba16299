"""A language's date resources compiled once: the combined pattern of every shape, the
word tables the readers look numbers up in, and the small patterns tried only at the
edges of a match (part words, range words, cue words that make a number a quantity)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..text import WordTable, fold_key, trie_pattern
from .patterns import LETTER, NEVER, Words, alternation, compile_pattern, phrases
from .resolution import Atom
from .resources import load_resources
from .shapes import IMPOSSIBLE, SHAPES, Shape

RangeRule = tuple[re.Pattern[str] | None, re.Pattern[str], re.Pattern[str] | None]


@dataclass(frozen=True)
class Grammar:
    """Everything one language needs, compiled once."""

    core: re.Pattern[str]  # every shape, each in a group named after it
    shapes: dict[str, Shape]  # the shapes of ``core`` by name
    months: WordTable
    capitalised: bool
    numeric_order: str
    modifiers: WordTable
    context_modifiers: WordTable
    day_words: WordTable
    weekdays: WordTable
    recent_words: WordTable
    ago_words: WordTable
    duration_leads: WordTable
    running_ordinals: WordTable
    later_words: WordTable
    offset_words: WordTable
    offset_ending: re.Pattern[str]  # a date ending "'ten": the next "beş yıl sonra" counts from it
    numbers: WordTable
    ordinals: WordTable
    fractions: WordTable
    narrowing: WordTable  # vague part word -> 1 early, 2 middle, 3 late
    parts: dict[int, tuple[int, int]]  # part -> first and last year of a decade it covers
    century_words: WordTable
    year_noun: re.Pattern[str]
    part_before: re.Pattern[str]
    part_after: re.Pattern[str]
    ranges: tuple[RangeRule, ...]
    range_tail: re.Pattern[str]
    suffix_first: re.Pattern[str]
    suffix_second: re.Pattern[str]
    suffix_direct: re.Pattern[str]
    suffix_tail: re.Pattern[str]
    list_gap: re.Pattern[str]
    year_gap: re.Pattern[str]
    cue_before: re.Pattern[str]
    cue_after: re.Pattern[str]
    date_word_before: re.Pattern[str]
    count_after: re.Pattern[str]

    def read(self, text: str, impossible: list[str]) -> list[Atom]:
        """Every match of the combined pattern that its shape reads as a date, in order;
        a match naming no real day goes to ``impossible``."""
        atoms = []
        for match in self.core.finditer(text):
            reading = self.shapes[match.lastgroup].reading(match, self)
            if reading is IMPOSSIBLE:
                impossible.append(match.group())
            elif reading is not None:
                atoms.append(reading)
        return atoms


@cache
def grammar_for(language: str) -> Grammar:
    """The grammar of a language, compiled on first use: compiling is most of a small
    corpus's extraction time."""
    return build_grammar(load_resources(language))


def build_grammar(data: Mapping[str, Mapping[str, Any]]) -> Grammar:
    """Compile checked resources (see :func:`load_resources`) into a grammar."""
    words = Words.of(data)
    forms, relative, parts = data["forms"], data["relative"], data["parts"]
    not_dates, suffixes = data["not_dates"], forms["suffix_ranges"]
    patterns = {shape.name: pattern for shape in SHAPES if (pattern := shape.build(words))}
    shapes = {shape.name: shape for shape in SHAPES if shape.name in patterns}
    part_before, part_after = _part_patterns(parts, forms["articles"])
    list_joins = forms["list_joins"]
    return Grammar(
        core=compile_pattern(_guard(words, shapes.values()) + _alternatives(patterns)),
        shapes=shapes,
        months=WordTable.of(words.month_forms),
        capitalised=data["months"]["capitalised"],
        numeric_order=forms["numeric_order"],
        modifiers=WordTable.of(relative["modifiers"]),
        context_modifiers=WordTable.of(relative["context_modifiers"]),
        day_words=WordTable.of(relative["day_words"]),
        weekdays=WordTable.of(relative["weekdays"]),
        recent_words=WordTable.of(relative["recent_words"]),
        ago_words=WordTable.of(dict.fromkeys(relative["ago_words"], -1)),
        later_words=WordTable.of(relative["later_words"]),
        duration_leads=WordTable.of(relative["duration_leads"]),
        running_ordinals=WordTable.of(relative["running_ordinals"]),
        offset_words=WordTable.of(relative["offset_words"]),
        offset_ending=compile_pattern(rf"['’]{alternation(relative['offset_endings'])}\Z"),
        numbers=WordTable.of(relative["numbers"]),
        ordinals=WordTable.of(parts["ordinals"]),
        fractions=WordTable.of(parts["fractions"]),
        narrowing=WordTable.of(parts["narrowing"]),
        parts=_part_years(parts["parts"]),
        century_words=WordTable.of(data["centuries"]["words"]),
        year_noun=compile_pattern(rf"\s+{alternation(forms['year_nouns'])}(?!{LETTER})"),
        part_before=compile_pattern(part_before),
        part_after=compile_pattern(part_after),
        ranges=tuple(_range_rule(rule) for rule in forms["ranges"]),
        range_tail=compile_pattern(rf"\s+{alternation(forms['range_tails'])}(?!\w)"),
        suffix_first=compile_pattern(rf"{alternation(suffixes['first'])}\Z"),
        suffix_second=compile_pattern(rf"{alternation(suffixes['second'])}\Z"),
        suffix_direct=compile_pattern(rf"\d['’]{alternation(suffixes['second'])}\Z"),
        suffix_tail=compile_pattern(rf"\s+{alternation(suffixes['tail'])}(?!\w)"),
        list_gap=compile_pattern(
            r"\s*,\s*|\s*(?:,\s*)?" + (rf"{alternation(list_joins)}\s+" if list_joins else NEVER)
        ),
        year_gap=compile_pattern(rf"\s+{alternation(forms['year_joins'])}\s+"),
        cue_before=compile_pattern(rf"{phrases(not_dates['before'])}[\s.:#]*\Z"),
        cue_after=compile_pattern(rf"\s*{phrases(not_dates['after'])}"),
        date_word_before=compile_pattern(rf"{phrases(not_dates['date_words_before'])}\s+\Z"),
        count_after=re.compile(
            rf"\s+[^\W\d_A-ZÇĞİÖŞÜ]{LETTER}{{2,}}{alternation(not_dates['count_endings'])}(?!\w)"
        ),
    )


def _part_patterns(parts: Mapping[str, Any], articles: tuple[str, ...]) -> tuple[str, str]:
    """Part words before a date ("early 2005", "the first half of") or after it ("2005
    başında"), as the language places them; the other side never matches."""
    vague = alternation(parts["vague"])
    ordinals, fractions = alternation(parts["ordinals"]), alternation(parts["fractions"])
    if parts["placement"] != "before":
        fraction = rf"(?P<ord>{ordinals})\s+(?P<frac>{fractions})"
        return NEVER, rf"\s+(?:{fraction}|(?P<vague>{vague}))(?!{LETTER})"
    article = rf"(?:\s+{alternation(articles)})?" if articles else ""
    joiners = parts["fraction_joiners"]
    fraction = rf"(?P<ord>{ordinals})\s+(?P<frac>{fractions})" + (
        rf"\s+{alternation(joiners)}" if joiners else ""
    )
    return rf"(?<!\w)(?:{fraction}|(?P<vague>{vague})){article}(?:\s*-\s*|\s+)\Z", NEVER


def _range_rule(rule: Mapping[str, str]) -> RangeRule:
    """(opener before the first date, joiner between the two, closer after the second)."""
    opener = closer = None
    if "open" in rule:
        opener = compile_pattern(rf"(?<!\w){alternation([rule['open']])}\s+\Z")
    joiner = compile_pattern(rf"\s+{alternation([rule['join']])}\s+")
    if "close" in rule:
        closer = compile_pattern(rf"\s+{alternation([rule['close']])}(?!\w)")
    return opener, joiner, closer


def _alternatives(patterns: Mapping[str, str]) -> str:
    """One named alternative per shape, tried in the order of the table."""
    return "(?:" + "|".join(f"(?P<{name}>{pattern})" for name, pattern in patterns.items()) + ")"


def _guard(words: Words, shapes: Iterable[Shape]) -> str:
    """Where a date can begin: a digit, an apostrophe, a plus sign, a web address, a
    roman numeral or a word that begins one of the shapes.

    Trying the shapes only where one of them begins makes the scan several times faster:
    most positions of a text start no date.
    """
    starters = {
        word for shape in shapes for source in shape.begins for word in words.starting(source)
    }
    whole, begun = set(), set()
    for word in starters:
        pieces, is_whole = _starter(word)
        (whole if is_whole else begun).add(pieces)
    alternatives = [rf"(?:{trie_pattern(whole)})(?!{LETTER})"] if whole else []
    alternatives += [trie_pattern(begun)] if begun else []
    alternatives += ["(?-i:[IVX])"] if words.get("centuries", "roman") else []
    return rf"(?<!\w)(?=\d|['’+]|htt|www|{'|'.join(alternatives)})"


def _starter(word: str) -> tuple[tuple[str, ...], bool]:
    """How the text begins where a resource word does, as trie pieces; whether whole.

    A word is its first word, whole (so a non-letter follows) unless it is an open stem
    (``Ocak*``); a phrase is its first word, the space and the first letter of the next
    word. So "in" does not start "international", nor "the day before" every "the".
    """
    first, *rest = fold_key(word.rstrip("*")).split()
    pieces = tuple(map(re.escape, first))
    if rest:
        return (*pieces, r"\s+", re.escape(rest[0][0])), False
    return pieces, not word.endswith("*")


def _part_years(parts: dict[str, str]) -> dict[int, tuple[int, int]]:
    """``{"3": "7-9"}`` -> ``{3: (7, 9)}``: the years of a decade each vague part covers."""
    years = {}
    for part, span in parts.items():
        first, _, last = span.partition("-")
        if part.isdigit() and first.isdigit() and last.isdigit():
            years[int(part)] = (int(first), int(last))
    return years
