"""Which part of a sentence belongs to which date, and which dates date nothing.

A sentence with several dates is cut into one *scope* per date at the clause break
nearest to the next date ("signed X in 2012 | and renewed X in 2017"); a "respectively"
list pairs its dates with its names in order. Dates that only compare ("compared to
2010"), name a title ("NATO 2020: …") or sit in a citation date no statement.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import cache

from .dates import in_citation
from .lexicon import Lexicon
from .records import Mention, Sentence, Temporal
from .resources import language_resource
from .text import phrase_pattern

SCOPE_PUNCTUATION = re.compile(r"[,;:]\s|\s[–—-]\s|\(")
FRAME_DISTANCE = 30  # characters between a date and the coarser date that frames it


@dataclass(frozen=True)
class Cues:
    """Per-language extraction cues, compiled from ``resources/<lang>/extract.yml``."""

    respectively: re.Pattern[str]
    clause_breaks: re.Pattern[str]
    not_factual: re.Pattern[str]
    subject_anaphora: re.Pattern[str]
    country_anaphora: re.Pattern[str]
    singular_anaphora: re.Pattern[str]  # of the above, those that mean one party
    baseline: re.Pattern[str]  # matches at the end of the text before a date
    baseline_after: re.Pattern[str]  # matches at the start of the text after a date


@cache
def cues_for(language: str) -> Cues:
    """The compiled extraction cues of one language (none for a language without them)."""
    data = language_resource("extract", language)
    lists = (
        "respectively",
        "clause_breaks",
        "not_factual",
        "subject_anaphora",
        "country_anaphora",
        "singular_anaphora",
    )
    compiled = {key: phrase_pattern(data[key]) for key in lists}
    before = _alternation(data["baseline"])
    after = _alternation(data["baseline_after"])
    return Cues(
        **compiled,
        baseline=re.compile(rf"(?<!\w)(?:{before})(?:\s+the)?\s*$", re.IGNORECASE),
        baseline_after=re.compile(rf"^[^\w\s]*\w*\s+(?:{after})(?!\w)", re.IGNORECASE),
    )


def _alternation(phrases: tuple[str, ...]) -> str:
    """Phrases as one regex alternation, longest first; never matches when empty."""
    if not phrases:
        return "(?!)"
    ordered = sorted(phrases, key=lambda p: (-len(p), p))
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered)


def is_baseline(text: str, temporal: Temporal, cues: Cues) -> bool:
    """Whether a date is only a point of comparison ("compared to 2010")."""
    before = text[max(0, temporal.start - 40) : temporal.start]
    after = text[temporal.end : temporal.end + 30]
    return bool(cues.baseline.search(before) or cues.baseline_after.match(after))


def in_quoted_title(text: str, temporal: Temporal) -> bool:
    """Whether a date sits inside a quoted title (“NATO 2020: …”), naming, not dating."""
    opened = text.rfind("“", 0, temporal.start)
    return opened >= 0 and text.find("”", opened) >= temporal.end


def drop_contained(temporals: list[Temporal]) -> list[Temporal]:
    """Drop a coarse date that only frames a more precise one in the same sentence.

    "2001 yılında … 11 Eylül" and "in May in 2012" state one time; a century next to a
    precise date is a backdrop. Two dates far apart ("in January 2003 … the 2003
    invasion") are two statements and both stay. Only neighbouring dates are compared
    (and centuries with all), so a sentence listing thousands of dates stays linear.
    """

    def frames(outer: Temporal, inner: Temporal) -> bool:
        a, b = outer.value, inner.value
        if len(a.start) >= len(b.start):
            return False
        if not (a.start <= b.start[: len(a.start)] and b.end[: len(a.end)] <= a.end):
            return False
        near = min(abs(outer.start - inner.end), abs(inner.start - outer.end)) <= FRAME_DISTANCE
        return near or b.basis == "context" or a.precision == "century"

    framed = set()
    for index, temporal in enumerate(temporals):
        others = (
            temporals if temporal.value.precision == "century" else temporals[index - 1 : index + 2]
        )
        if any(other is not temporal and frames(temporal, other) for other in others):
            framed.add(index)
    return [t for index, t in enumerate(temporals) if index not in framed]


def scopes(
    sentence: str, temporals: list[Temporal], cues: Cues, names: list[Mention] = ()
) -> list[tuple[int, int]]:
    """Split a sentence into one ``[start, end)`` stretch per date.

    Between two consecutive dates the cut falls on the clause break (punctuation or a
    conjunction) nearest to the second date, so each date keeps the words that lead up
    to it ("and renewed the IPCP | in 2017"); never inside a name ("Bosnia and
    Herzegovina").
    """
    if len(temporals) == 1:
        return [(0, len(sentence))]
    breaks = sorted(
        at
        for at in {m.start() for m in SCOPE_PUNCTUATION.finditer(sentence)}
        | {m.start() for m in cues.clause_breaks.finditer(sentence)}
        if not any(name.start < at < name.end for name in names)
    )
    cuts = [0]
    for previous, current in itertools.pairwise(temporals):
        last = bisect.bisect_right(breaks, current.start) - 1  # last break before the date
        found = last >= 0 and breaks[last] >= previous.end
        cuts.append(breaks[last] if found else current.start)
    cuts.append(len(sentence))
    return list(itertools.pairwise(cuts))


def within(mentions: list[Mention], start: int, end: int) -> list[Mention]:
    """Mentions inside ``[start, end)``; ``mentions`` are sorted by start."""
    first = bisect.bisect_left(mentions, start, key=lambda m: m.start)
    last = bisect.bisect_left(mentions, end, lo=first, key=lambda m: m.start)
    return [mentions[i] for i in range(first, last) if mentions[i].end <= end]


def respectively_pairs(
    sentence: Sentence, temporals: list[Temporal], mentions: list[Mention], lexicon: Lexicon
) -> list[tuple[Temporal, list[Mention]]] | None:
    """Pair dates with the countries (or parties) after them when the sentence says
    "respectively"; the other entities of the sentence go with every date."""
    cues = cues_for(sentence.language)
    if len(temporals) < 2 or not cues.respectively.search(sentence.text):
        return None
    after_dates = temporals[-1].end
    for types in (("country",), ("country", "organisation")):
        listed = [
            m for m in mentions if m.start >= after_dates and lexicon.entities[m.id].type in types
        ]
        listed = [m for i, m in enumerate(listed) if m.id not in {x.id for x in listed[:i]}]
        if len(listed) == len(temporals):
            break
    else:
        return None
    listed_ids = {m.id for m in listed}
    shared = [m for m in mentions if m.id not in listed_ids]
    return [(t, [m, *shared]) for t, m in zip(temporals, listed, strict=True)]


def not_a_fact_date(text: str, temporal: Temporal, language: str, cues: Cues) -> str | None:
    """Why a date in a sentence dates no statement, or None when it may."""
    if in_citation(text, temporal.start, temporal.end, language):
        return "citation"
    if in_quoted_title(text, temporal):
        return "inside a quoted title"
    if is_baseline(text, temporal, cues):
        return "comparison baseline"
    return None


def scoped_pairs(
    text: str, temporals: list[Temporal], mentions: list[Mention], cues: Cues
) -> tuple[list[tuple[Temporal, list[Mention]]], list[str]]:
    """Give each date the entities of its scope plus the sentence's opening subject.

    Also return each date's clause: the whole sentence when it holds one date.
    """
    stretches = scopes(text, temporals, cues, mentions)
    opening = within(mentions, 0, stretches[0][1])  # the sentence's opening subject
    pairs = []
    for temporal, (start, end) in zip(temporals, stretches, strict=True):
        own = within(mentions, start, end)
        pairs.append((temporal, own + opening if start > 0 else own))
    clauses = [text[start:end] for start, end in stretches]
    if len(temporals) == 1 or all(scoped for _, scoped in pairs):
        return pairs, clauses
    return [(t, scoped or mentions) for t, scoped in pairs], clauses
