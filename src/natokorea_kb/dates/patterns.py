"""The regex vocabulary of the date grammar: resource words as alternations, the edges
every number shares, and a language's words as the pieces several shapes build on."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

LETTER = r"[^\W\d_]"
NEVER = r"(?!)"
LB = r"(?<!\w)(?<!\d[.,])"  # no digit, letter or decimal point before a number
RB = r"(?![.,]?\d)"  # no further digit (2010.5, 2,010) after it
SUF = r"(?:['’][^\W\d_]+)?"  # a Turkish ending or English 's after an apostrophe
DASH = r"\s*[-–—]\s*"
DASH_GAP = re.compile(DASH)
YEAR = r"(?:1\d{3}|20\d\d|2100)"
URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def _word_body(word: str) -> str:
    """Regex for one resource word: spaces match any whitespace, ``stem*`` any ending."""
    stem = word[:-1] if word.endswith("*") else word
    body = r"\s+".join(re.escape(part) for part in stem.split())
    return body + (LETTER + "*" if word.endswith("*") else "")


def alternation(words: Iterable[str], capitalised: bool = False) -> str:
    """An alternation of words, longest first (so "Sept." wins over "Sep")."""
    forms = set()
    for word in words:
        forms.update({word, word.upper()} if capitalised else {word})
    if not forms:
        return NEVER
    ordered = sorted(forms, key=lambda w: (-len(w.rstrip("*")), w))
    body = "|".join(_word_body(word) for word in ordered)
    return f"(?-i:{body})" if capitalised else f"(?:{body})"


def phrases(words: Iterable[str]) -> str:
    """Words or signs with word boundaries only where they begin or end with a letter."""
    parts = []
    for word in sorted(set(words), key=lambda w: (-len(w), w)):
        left = r"(?<!\w)" if word[0].isalnum() else ""
        right = r"(?!\w)" if word[-1].isalnum() else ""
        parts.append(left + _word_body(word) + right)
    return "(?:" + "|".join(parts) + ")" if parts else NEVER


def compile_pattern(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """Compile case-insensitively unless told otherwise: resource words match any case."""
    return re.compile(pattern, flags)


@dataclass(frozen=True)
class Words:
    """The date resources of one language, with the regex pieces several shapes share."""

    resources: Mapping[str, Mapping[str, Any]]
    month_forms: dict[str, int]  # every spelling of a month -> its number
    month: str  # a month name, whole
    day_suffix: str  # optional letters after a day ("15th")
    joiner: str  # optional word between day and month or month and year ("4th of July")
    year_noun: str  # "yılında" after a year
    month_noun: str  # "ayında" after a month
    decade: str  # the ending that makes a year ending in 0 a decade ("1990s", "1990'lı")
    modifier: str  # "next", "geçen"
    year_unit: str  # "year", "yıl" after a modifier

    @classmethod
    def of(cls, resources: Mapping[str, Mapping[str, Any]]) -> Words:
        """Pieces from checked resources (see :func:`natokorea_kb.dates.load_resources`)."""
        forms, relative = resources["forms"], resources["relative"]
        month_forms = {
            form: number
            for number, spellings in resources["months"]["months"].items()
            for form in spellings
        }
        joiners = forms["joiners"]
        return cls(
            resources=resources,
            month_forms=month_forms,
            month=rf"{alternation(month_forms, resources['months']['capitalised'])}(?!{LETTER})",
            day_suffix=rf"(?:{alternation(forms['day_suffixes'])}(?!{LETTER}))?",
            joiner=rf"(?:\s+{alternation(joiners)})?" if joiners else "",
            year_noun=alternation(forms["year_nouns"]),
            month_noun=rf"{alternation(forms['month_nouns'])}(?!{LETTER})",
            decade=rf"['’]?{alternation(forms['decade_suffixes'])}(?!{LETTER})",
            modifier=rf"{alternation(relative['modifiers'])}(?!{LETTER})",
            year_unit=rf"{alternation(relative['units'].get('year', ()))}(?!{LETTER})",
        )

    def get(self, file: str, symbol: str) -> Any:
        """One symbol of one resource file: ``get("relative", "ago_words")``."""
        return self.resources[file][symbol]

    def starting(self, source: str) -> list[str]:
        """The words of ``source``: "months" (every spelling) or "file.symbol"."""
        if source == "months":
            return [*self.month_forms]
        file, symbol = source.split(".")
        return [*self.get(file, symbol)]

    def any_of(self, file: str, symbol: str) -> str:
        """An alternation of the words of one symbol."""
        return alternation(self.get(file, symbol))
