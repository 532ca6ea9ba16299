"""Whether a date stands in a bibliographic citation rather than in prose.

Dates of citations are found like any other (``find_temporals`` returns them); callers
ask :func:`in_citation` before taking one as the date of a statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from .patterns import URL, alternation, compile_pattern, phrases
from .resources import load_resources

WEB_ADDRESS = re.compile(r"https?://", re.IGNORECASE)
SET_OFF_LEFT = re.compile(r"(?:[,;:]|[”\"])\s*\Z")
SET_OFF_RIGHT = re.compile(r"\s*(?:[,.;)\]]|\Z)")
AUTHOR_RIGHT = re.compile(r"[a-z]?\s*(?:[,:;][^()]*)?\)")
NAME = r"[A-ZÇĞİÖŞÜ][^\W\d_]*(?:[-'’][^\W\d_]+)*\.?"


@dataclass(frozen=True)
class CitationCues:
    """A language's citation words, compiled once."""

    access_before: re.Pattern[str]  # "Access date:", "Erişim tarihi:"
    access_after: re.Pattern[str]
    author_left: re.Pattern[str]  # "(Rasmussen, " before an author-year date
    numbered: re.Pattern[str]  # "Vol. 85", "No. 5"
    markers: re.Pattern[str]
    publications: re.Pattern[str]  # "Journal", "Brief": scholarship or commentary


@cache
def citation_cues(language: str) -> CitationCues:
    citations = load_resources(language)["citations"]
    names = rf"{NAME}(?:\s*(?:,|{alternation(citations['author_joiners'])})\s*{NAME})*"
    return CitationCues(
        access_before=compile_pattern(rf"{phrases(citations['access'])}\W{{0,4}}\Z"),
        access_after=compile_pattern(rf"\W{{0,3}}{phrases(citations['access_after'])}"),
        author_left=re.compile(rf"[(;](?:[^()]*,|\s*{names})\s*\Z"),
        numbered=compile_pattern(rf"{phrases(citations['numbered'])}\s*[.:]?\s*\d"),
        markers=compile_pattern(phrases(citations["markers"])),
        publications=compile_pattern(phrases(citations["publications"])),
    )


@lru_cache(maxsize=64)
def _holds_web_address(text: str) -> bool:
    """Per sentence, not per date: a long sentence with many dates is scanned once."""
    return bool(WEB_ADDRESS.search(text))


def cites_scholarship(text: str, language: str) -> bool:
    """Whether a citation cites a journal, a press or a brief: what it dates is an
    argument, not an event its sentence tells."""
    return bool(citation_cues(language).publications.search(URL.sub(" ", text)))


def is_access_date(text: str, start: int, end: int, language: str) -> bool:
    """Whether a date is when a cited page was read ("accessed 5 May 2013"), not a date
    of what it cites."""
    cues = citation_cues(language)
    before = cues.access_before.search(text, max(0, start - 60), start)
    return bool(before or cues.access_after.match(text, end))


def in_citation(text: str, start: int, end: int, language: str) -> bool:
    """Whether ``text[start:end]`` sits in a bibliographic citation rather than prose.

    True in a sentence holding a web address, after an access cue ("Access date:",
    "Erişim tarihi:"), inside an author-year parenthesis ("(Rasmussen, 2011)"), or when
    the date is set off by commas with a reference marker nearby ("Foreign Affairs,
    Vol. 85, No. 5, 2006").
    """
    cues = citation_cues(language)
    if _holds_web_address(text):
        return True  # prose cites no web addresses; a sentence holding one is a reference
    if cues.access_before.search(text, max(0, start - 60), start):
        return True
    if cues.access_after.match(text, end):
        return True
    if cues.author_left.search(text, max(0, start - 80), start) and AUTHOR_RIGHT.match(text, end):
        return True
    set_off_left = SET_OFF_LEFT.search(text, max(0, start - 5), start)
    set_off_right = SET_OFF_RIGHT.match(text, end) or cues.numbered.match(
        text[end : end + 60].lstrip()
    )
    if not (set_off_left and set_off_right):
        return False
    window = text[max(0, start - 100) : end + 100]
    return bool(cues.numbered.search(window) or cues.markers.search(window) or URL.search(window))
