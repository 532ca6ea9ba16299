"""Temporal expressions: find them in one sentence and normalise them to ISO partial dates.

Every language is a folder of small resource files (``resources/<lang>/dates/*.yml``:
months, forms, relative, parts, centuries, not_dates, citations), compiled once into one
combined regular expression of *shapes* (day-month-year, decade, relative phrase, ...)
plus small patterns tried only at the edges of a match (part words such as "early" or
"sonunda", range words such as "from ... to", cue words that make a number a quantity).
Language-neutral numeric forms (1949, 2017-12-05, 05.12.2017, 1950-1953) work in every
language, also in one without resource files.

The package, by job: ``resources`` loads the date files and their examples;
``patterns`` turns resource words into regex pieces; ``shapes`` is the table of shapes,
each one's pattern beside its reader; ``grammar`` compiles a language's resources into
the combined pattern and the edge patterns; ``resolution`` turns what the shapes read
into Temporals; ``citations`` tells citation dates apart.

Choices callers depend on:

- ``text`` is the expression as written with what changes its value or belongs to it
  grammatically: range words ("from 2011 to 2016", "1999 ile 2009 arasında"), part words
  ("early 1990’s", "2014 yılı sonunda"), Turkish endings and postposed nouns ("1949’da",
  "2012 yılında"). Prepositions and articles that leave the value alone ("in", "since",
  "the year", "itibaren", "bu yana") stay outside.
- ``precision`` is the unit the writer named. Start and end are narrower only when the
  writer named an exact fraction: "the first half of 2011" is 2011-01..2011-06 with
  precision year, "21. yüzyılın ikinci çeyreği" is 2026..2050 with precision century.
  Vague parts ("late 2005", "1950'lerin sonlarında") keep the whole unit, since
  narrowing them claims what nobody wrote. A week ("geçen hafta") is its Monday..Sunday
  with precision day. A range takes the coarser precision of its two ends.
- A day or month written without a year takes it from the next date of the same list
  or range ("20 September and 24 September 2012": basis explicit), else from the nearest
  earlier date of the sentence (basis context), else from ``context``, the last full
  date of the document (basis context), else from ``anchor``, the publication date
  (basis relative); with none it is left out. The year is taken as it is, also when the
  text speaks of the future.
- A weekday ("on Monday", "Çarşamba günü") is that day of the anchor's week, Monday to
  Sunday ("last Friday": the week before); "today", "bu sabah" are the anchor's day
  only with ``present`` (basis relative both).
- Relative phrases ("geçen hafta", "next July", "two years ago") count from ``anchor``
  (basis relative); "the following year" counts from the last date given (basis
  context). Without that date, or when it is coarser than the phrase's unit (a week
  needs a day), the phrase is left out.
- Impossible dates ("31 Şubat 2012", "2012-13-40") never become a Temporal;
  :func:`impossible_dates` lists them so that a caller can warn, and :func:`scan`
  gives both in one pass.
- Dates inside URLs, digit groups glued to more digit groups (ISBNs, phone numbers) and
  numbers that cue words mark as quantities, pages or volumes are not dates. Dates of
  bibliographic citations *are* returned; :func:`in_citation` tells them apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..records import PartialDate, Temporal
from .citations import cites_scholarship, in_citation, is_access_date
from .grammar import grammar_for
from .resolution import resolve, validate_date
from .resources import DATE_FILES, EXAMPLE_VALUE, load_resources, resource_examples

__all__ = [
    "DATE_FILES",
    "EXAMPLE_VALUE",
    "Scan",
    "cites_scholarship",
    "find_temporals",
    "impossible_dates",
    "in_citation",
    "is_access_date",
    "load_resources",
    "resource_examples",
    "scan",
    "validate_date",
]


@dataclass(frozen=True)
class Scan:
    """What one pass over a sentence finds."""

    temporals: tuple[Temporal, ...]  # as :func:`find_temporals` gives them
    impossible: tuple[str, ...]  # dates that name no real day, as written, in order


def scan(
    text: str,
    language: str,
    anchor: PartialDate | None = None,
    context: PartialDate | None = None,
    present: bool = False,
) -> Scan:
    """The temporals and the impossible dates of one sentence, read once.

    Extraction needs both: the dates to keep and the ones to warn about. ``anchor`` and
    ``context`` are as in :func:`find_temporals`. A day written without a year is
    impossible when the year it takes lacks it ("29 February" with context 2013), so
    with them ``impossible`` can hold more than :func:`impossible_dates`, which reads
    the sentence without them.
    """
    grammar = grammar_for(language)
    impossible: list[str] = []
    atoms = grammar.read(text, impossible)
    temporals = resolve(text, atoms, grammar, anchor, context, impossible, present)
    return Scan(tuple(temporals), tuple(impossible))


def find_temporals(
    text: str,
    language: str,
    anchor: PartialDate | None = None,
    context: PartialDate | None = None,
    present: bool = False,
) -> list[Temporal]:
    """Every temporal expression of one sentence, non-overlapping, by position.

    ``anchor`` is the source's publication date, for relative phrases; ``context`` the
    last full date seen earlier in the document, for days and months written without a
    year; ``present`` makes "today" and "now" the anchor's day (a news item, a speech;
    elsewhere they mean nowadays). See the module docstring for the rules; impossible
    dates are left out (ask :func:`impossible_dates` for them).
    """
    return list(scan(text, language, anchor, context, present).temporals)


def impossible_dates(text: str, language: str) -> list[str]:
    """Date-shaped expressions of a sentence that name no real day ("31 Şubat 2012")."""
    return list(scan(text, language).impossible)
