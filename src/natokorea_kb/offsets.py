"""Dates counted from an event a text names: "five years after the Korean War", "one year
after the Alliance was founded", "Kore Savaşı'ndan beş yıl sonra", "NATO'nun kuruluşundan bir
yıl sonra".

The anchor is the date the text gave that meeting or war (its end, counting forward; its
beginning, counting back), or, for a founding ("was founded", "kuruluşundan":
``founding_words`` in ``resources/<lang>/extract.yml``), the ``founded`` date the lexicon
records. The count, its unit and its direction are the language's relative-date words
(``numbers``, ``ago_units``, ``offset_words``, ``later_words``, ``ago_words`` in
``resources/<lang>/dates/relative.yml``); English writes them before the name, Turkish after
it, with the name in the ablative. The date keeps how it was reached (``1953 + 5 years``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .dates.patterns import alternation
from .dates.resolution import counted, shift
from .lexicon import Lexicon
from .records import DateValue, Mention, PartialDate, Temporal
from .resources import language_resource
from .text import fold, phrase_pattern

GAP_WORDS = 4  # words between a count and the name it counts from ("the founding of the")
UNITS = {"decade": ("year", 10), "year": ("year", 1), "month": ("month", 1)}  # counted here


@dataclass(frozen=True)
class _Grammar:
    before: re.Pattern[str]  # the count written before the name (English)
    after: re.Pattern[str]  # the count written after the name (Turkish)
    founding: re.Pattern[str]
    numbers: dict[str, int]
    units: dict[str, str]  # folded unit word -> unit
    directions: dict[str, int]  # folded direction word -> +1 | -1


@cache
def _grammar(language: str) -> _Grammar:
    relative = language_resource("dates/relative", language)
    founding = phrase_pattern(language_resource("extract", language)["founding_words"], stems=True)
    numbers = {fold(w).casefold(): n for w, n in relative["numbers"].items()}
    units = {
        fold(w).casefold(): unit
        for unit, words in relative["ago_units"].items()
        if unit in UNITS
        for w in words
    }
    directions = {fold(w).casefold(): d for w, d in relative["offset_words"].items()}
    directions |= {fold(w).casefold(): d for w, d in relative["later_words"].items()}
    directions |= {fold(w).casefold(): -1 for w in relative["ago_words"]}
    count = rf"(?P<count>\d{{1,3}}|{alternation(relative['numbers'])})"
    unit = alternation(w for u, words in relative["ago_units"].items() if u in UNITS for w in words)
    way = alternation([*relative["offset_words"], *relative["later_words"], *relative["ago_words"]])
    counted = rf"{count}\s+(?P<unit>{unit})\s+(?P<dir>{way})"
    if relative["offset_endings"]:  # Turkish: "Kore Savaşı'ndan beş yıl sonra"
        before = re.compile(r"(?!)")
        after = re.compile(rf"^(?:['’]?\w*)(?:\s+\w+)?\s+{counted}(?!\w)", re.IGNORECASE)
    else:  # "five years after [the founding of the] Alliance": a few words between
        before = re.compile(rf"(?<!\w){counted}(?:\s+[^\W\d_]+){{0,{GAP_WORDS}}}\s+$", re.I)
        after = re.compile(r"(?!)")
    return _Grammar(before, after, founding, numbers, units, directions)


def counted_from_event(
    text: str,
    language: str,
    mentions: list[Mention],
    events: dict[str, DateValue],
    lexicon: Lexicon,
) -> Temporal | None:
    """The first date a count from a named event gives, with its derivation."""
    g = _grammar(language)
    for mention in mentions:
        match = g.before.search(text, 0, mention.start) or g.after.match(text[mention.end :])
        if match is None:
            continue
        step = g.directions[fold(match["dir"]).casefold()]
        anchor = _anchor(text, mention, events, lexicon, g, step)
        if anchor is None:
            continue
        count = int(match["count"]) if match["count"].isdigit() else None
        count = count or g.numbers.get(fold(match["count"]).casefold(), 0)
        unit, size = UNITS[g.units[fold(match["unit"]).casefold()]]
        base = PartialDate(*(int(part) for part in anchor.split("-")))
        moved = shift(base, unit, step * count * size)
        if moved is None:
            continue  # "six months after 1953" says no month
        value, derivation = moved[0], counted(base, unit, step * count * size)
        start = match.start() if match.re is g.before else mention.start
        end = mention.end if match.re is g.before else mention.end + match.end()
        founding = g.founding.match(text, end + 1) if text[end : end + 1] == " " else None
        end = founding.end() if founding else end  # "… after the Alliance was founded"
        iso = value.iso()
        dated = DateValue(iso, iso, value.precision, text[start:end], "context", derivation)
        return Temporal(dated, start, end)
    return None


def _anchor(
    text: str,
    mention: Mention,
    events: dict[str, DateValue],
    lexicon: Lexicon,
    g: _Grammar,
    step: int,
) -> str | None:
    """The date counted from: the event as the text dated it, or a founding."""
    near = text[max(0, mention.start - 30) : mention.end + 30]
    founded = lexicon.entities[mention.id].founded
    if founded and g.founding.search(near):
        return founded
    told = events.get(mention.id)
    if told is None:
        return None
    return told.end if step > 0 else told.start
