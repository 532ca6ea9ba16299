"""The shapes of a written date, in the order they are tried: each one's pattern and reader.

A *shape* is one way of writing a date ("4 Nisan 1949", "1990'lı yıllar", "geçen hafta").
Its pattern is built from a language's :class:`Words`; the grammar joins the patterns of
:data:`SHAPES` into one regular expression, each inside a group named after its shape, so
a match says which shape found it, and that shape's reader turns the match into an
:class:`Atom`. A new way of writing dates is a resource-file line when a shape below
covers it, else one row of :data:`SHAPES`: a pattern and a reader.

Group names are made in one place, :meth:`Shape.group`. A pattern names its groups
through the ``group`` it is given; a reader receives the groups it reads as keyword
arguments of the same names, so it cannot ask for a group by a name its pattern lacks
(``tests/test_dates.py`` checks every reader's arguments against its pattern).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..records import PartialDate
from ..resources import UNITS
from .patterns import DASH, LB, LETTER, NEVER, RB, SUF, URL, YEAR, Words, alternation
from .relative_shapes import (
    ago_pattern,
    context_pattern,
    day_word_pattern,
    duration_pattern,
    duration_tail_pattern,
    later_pattern,
    modified_month_pattern,
    month_of_modified_year_pattern,
    offset_pattern,
    present_pattern,
    read_counted,
    read_day_word,
    read_duration,
    read_duration_tail,
    read_modified,
    read_modified_month,
    read_month_of_modified_year,
    read_present,
    read_recent,
    read_running,
    read_weekday,
    recent_pattern,
    relative_pattern,
    running_pattern,
    weekday_pattern,
)
from .resolution import Atom, validate_date
from .shape_kit import (
    DAY,
    IMPOSSIBLE,
    UNIT,
    Groups,
    Reading,
    Span,
)

if TYPE_CHECKING:
    from .grammar import Grammar

BARE_YEARS = (1800, 2100)  # a number alone is a year only inside this span
DATE_YEARS = (1000, 2100)  # inside a written day or month date
ROMAN = {"I": 1, "V": 5, "X": 10}
FOUR_DIGITS = r"\d{4}"
DECADE_YEAR = r"\d{3}0"  # 1990
TWO_DIGITS = r"\d\d"


@dataclass(frozen=True)
class Shape:
    """One way of writing a date: an example, its pattern and its reader.

    ``pattern`` builds the regex from a language's words, or gives None when the
    language does not write dates this way. ``read`` gets the grammar, the span of the
    match and, as keyword arguments, the text of each group it names (and for ``unit``,
    which unit's group of :func:`~natokorea_kb.dates.shape_kit.unit_groups` matched); it
    gives an atom, None (no date) or IMPOSSIBLE. ``begins`` names the resource words a
    match can begin with ("months" or "file.symbol"); a digit, an apostrophe, a plus
    sign, a web address and a roman numeral may begin any shape. The combined pattern
    tries the shapes only where one of these begins.
    """

    name: str
    example: str
    pattern: Callable[[Words, Groups], str | None]
    read: Callable[..., Reading]
    begins: tuple[str, ...] = ()
    reads: tuple[tuple[str, str], ...] = field(init=False)  # (argument, group name)
    counts_units: bool = field(init=False)  # the reader takes the unit that matched

    def __post_init__(self) -> None:
        arguments = inspect.signature(self.read).parameters.values()
        names = [a.name for a in arguments if a.kind is a.KEYWORD_ONLY]
        reads = tuple((name, self.group(name)) for name in names if name != UNIT)
        object.__setattr__(self, "reads", reads)
        object.__setattr__(self, "counts_units", UNIT in names)

    def group(self, name: str) -> str:
        """The regex name of this shape's group ``name``, so shapes never share one."""
        return f"{self.name}_{name}"

    def build(self, words: Words) -> str | None:
        """This shape's pattern for a language, its groups named; None: not written so."""
        return self.pattern(words, Groups(self))

    def reading(self, match: re.Match[str], grammar: Grammar) -> Reading:
        """What one match of this shape says."""
        groups = {argument: match[group] for argument, group in self.reads}
        if self.counts_units:
            groups[UNIT] = next(unit for unit in UNITS if match[self.group(unit)])
        return self.read(grammar, Span(match.string, match.start(), match.end()), **groups)


def _url_pattern(w: Words, group: Groups) -> str:
    return URL.pattern


def _consumed(g: Grammar, at: Span) -> Reading:
    """Nothing inside a web address or a digit chain is a date; matching hides it."""
    return None


# ------------------------------------------------------------------------- day dates


def _day_date(at: Span, year: str | None, month: int, day: int, last_day: int | None) -> Reading:
    """A day date, or a day range in one month; a year-less day must exist in a leap year."""
    end_day = last_day if last_day is not None else day
    if year is None:
        if not _days_exist(2000, month, day, end_day):
            return IMPOSSIBLE
        return Atom(at.start, at.end, "day", month=month, day=day, day_end=end_day)
    number = int(year)
    if not DATE_YEARS[0] <= number <= DATE_YEARS[1]:
        return None
    if not _days_exist(number, month, day, end_day):
        return IMPOSSIBLE
    first, last = PartialDate(number, month, day), PartialDate(number, month, end_day)
    return Atom(at.start, at.end, "day", first, last)


def _days_exist(year: int, month: int, day: int, end_day: int) -> bool:
    return (
        validate_date(year, month, day) and validate_date(year, month, end_day) and day <= end_day
    )


def _iso_pattern(w: Words, group: Groups) -> str:
    year, month, day = group("year", FOUR_DIGITS), group("month", DAY), group("day", DAY)
    return rf"{LB}{year}-{month}-{day}(?![.,/]?\d){SUF}"


def _read_iso(g: Grammar, at: Span, *, year: str, month: str, day: str) -> Reading:
    return _day_date(at, year, int(month), int(day), None)


def _numeric_pattern(w: Words, group: Groups) -> str:
    first, second, year = group("first", DAY), group("second", DAY), group("year", FOUR_DIGITS)
    sign = group("sign", "[./-]")
    return rf"{LB}{first}{sign}{second}{group.same('sign')}{year}(?![.,/]?\d){SUF}"


def _read_numeric(g: Grammar, at: Span, *, first: str, second: str, year: str) -> Reading:
    """The language's order decides day and month; a date impossible in it is tried the
    other way round."""
    a, b = int(first), int(second)
    orders = [(a, b), (b, a)] if g.numeric_order == "dmy" else [(b, a), (a, b)]
    for day, month in orders:
        if validate_date(int(year), month, day):
            return _day_date(at, year, month, day, None)
    return IMPOSSIBLE


def _chain_pattern(w: Words, group: Groups) -> str:
    return rf"{LB}\+?\d+(?:[-./]\d+){{2,}}|{LB}\+?\d+(?:[ \u00a0]\d+){{3,}}"


def _day_span(w: Words, group: Groups) -> str:
    """A day, or two joined by a dash or a range's joining word ("11 to 14"; not a list's
    "and": "September 11 and 12 countries")."""
    lists = set(w.get("forms", "list_joins"))
    joins = {r["join"] for r in w.get("forms", "ranges") if not r.get("close")} - lists
    between = rf"(?:{DASH}|\s+{alternation(joins)}\s+)" if joins else DASH
    last = rf"(?:{between}{group('last_day', DAY)}(?!\d){w.day_suffix})?"
    return rf"{group('day', DAY)}{w.day_suffix}{last}"


def _day_month_pattern(w: Words, group: Groups) -> str:
    days = _day_span(w, group)
    year = rf"(?:\s*,?\s+{group('year', YEAR)}{RB})?"
    return rf"{LB}{days}{w.joiner}\s+{group('month', w.month)}{year}{SUF}"


def _month_day_pattern(w: Words, group: Groups) -> str | None:
    if not w.get("forms", "month_day_order"):
        return None
    days = _day_span(w, group)
    year = rf"(?:(?:\s*,\s*|\s+){group('year', YEAR)}{RB})?"
    return rf"(?<!\w){group('month', w.month)}\s+{days}(?!\d){year}{SUF}"


def _read_day_month(
    g: Grammar, at: Span, *, day: str, last_day: str | None, month: str, year: str | None
) -> Reading:
    """A day and a month, in either order; a capital or a year tells a month from a word."""
    if not year and not month[:1].isupper():
        return None  # "3 ocak" with neither capital nor year: a word, not a month
    last = int(last_day) if last_day else None
    return _day_date(at, year, g.months.get(month) or 0, int(day), last)


# ----------------------------------------------------------------------- month dates


def _month_year_pattern(w: Words, group: Groups) -> str:
    return rf"(?<!\w){group('month', w.month)}\s*,?{w.joiner}\s+{group('year', YEAR)}{RB}{SUF}"


def _year_month_pattern(w: Words, group: Groups) -> str | None:
    if not w.get("forms", "year_month_order"):
        return None
    year, month = group("year", YEAR), group("month", w.month)
    return rf"{LB}{year}{RB}{SUF}\s+(?:{w.year_noun}\s+)?{month}{SUF}(?:\s+{w.month_noun})?"


def _read_month_year(g: Grammar, at: Span, *, month: str, year: str) -> Reading:
    number = int(year)
    if not DATE_YEARS[0] <= number <= DATE_YEARS[1]:
        return None
    date = PartialDate(number, g.months.get(month) or 0)
    return Atom(at.start, at.end, "month", date, date, parts="vague")


# ---------------------------------------------------------------- centuries, decades


def _century_pattern(w: Words, group: Groups) -> str:
    number = group("number", DAY) + w.any_of("centuries", "ordinal_suffixes")
    if w.get("centuries", "roman"):
        roman = rf"(?-i:{group('roman', '[IVX]{1,5}')})\."
    else:
        roman = group("roman", NEVER)
    word = group("word", w.any_of("centuries", "words"))
    noun = w.any_of("centuries", "nouns")
    return rf"(?<!\w)(?:{number}|{roman}|{word})[\s-]+{noun}(?!{LETTER})"


def _read_century(
    g: Grammar, at: Span, *, number: str | None, roman: str | None, word: str | None
) -> Reading:
    if number:
        nth = int(number)
    elif roman:
        nth = _roman(roman)
    else:
        nth = g.century_words.get(word) or 0
    if not 1 <= nth <= 21:
        return None
    first, last = PartialDate((nth - 1) * 100 + 1), PartialDate(nth * 100)
    return Atom(at.start, at.end, "century", first, last, parts="all")


def _roman(numeral: str) -> int:
    values = [ROMAN[c] for c in numeral.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _decade(at: Span, year: int) -> Reading:
    if not BARE_YEARS[0] <= year <= BARE_YEARS[1]:
        return None
    first, last = PartialDate(year), PartialDate(year + 9)
    return Atom(at.start, at.end, "decade", first, last, parts="all", numeric=True)


def _decade_pattern(w: Words, group: Groups) -> str:
    return rf"{LB}{group('year', DECADE_YEAR)}{w.decade}"


def _read_decade(g: Grammar, at: Span, *, year: str) -> Reading:
    return _decade(at, int(year))


def _short_decade_pattern(w: Words, group: Groups) -> str:
    apostrophe, tens = group("apostrophe", "['’]"), group("tens", "[3-9]0")
    return rf"(?<![\w'’]){apostrophe}?{tens}{w.decade}"


def _read_short_decade(g: Grammar, at: Span, *, apostrophe: str | None, tens: str) -> Reading:
    """A decade of the 1900s needs an apostrophe or a year noun: "'90s" and "90'lı yıllar"
    are decades, "30'lu yaşlar" is an age."""
    if not (apostrophe or g.year_noun.match(at.sentence, at.end)):
        return None
    return _decade(at, 1900 + int(tens))


# --------------------------------------------------------------------------- years


def _year_pair_pattern(w: Words, group: Groups) -> str:
    first, last = group("first", YEAR), group("last", TWO_DIGITS)
    return rf"{LB}{first}[-–/]{last}(?![.,]?\d){SUF}"


def _read_year_pair(g: Grammar, at: Span, *, first: str, last: str) -> Reading:
    """1950-53; "2019-05" is no range of years, only its year is read."""
    year = int(first)
    if not BARE_YEARS[0] <= year <= BARE_YEARS[1]:
        return None
    end_year = year // 100 * 100 + int(last)
    if end_year <= year:
        date = PartialDate(year)
        return Atom(at.start, at.start + len(first), "year", date, date, numeric=True)
    first_date, last_date = PartialDate(year), PartialDate(end_year)
    return Atom(at.start, at.end, "year", first_date, last_date, parts="all", numeric=True)


def _year_pattern(w: Words, group: Groups) -> str:
    return rf"{LB}{group('year', YEAR)}{RB}{SUF}"


def _read_year(g: Grammar, at: Span, *, year: str) -> Reading:
    number = int(year)
    if not BARE_YEARS[0] <= number <= BARE_YEARS[1]:
        return None
    date = PartialDate(number)
    return Atom(at.start, at.end, "year", date, date, parts="all", numeric=True)


# ------------------------------------------------------------ months without a year


def _bare_month_pattern(w: Words, group: Groups) -> str:
    part = rf"(?:{w.any_of('parts', 'vague')}[\s-]+)?"
    written = group("written", rf"{part}{group('month', w.month)}{SUF}")
    modified_year = rf"\s+{w.modifier}\s+{w.year_unit}"  # "in July last year"
    return (
        rf"(?<!\w){w.any_of('forms', 'bare_month_after')}\s+{written}"
        rf"(?!\s*,?\s*\d)(?!{modified_year})"
    )


def _read_bare_month(g: Grammar, at: Span, *, written: str, month: str) -> Reading:
    """A capitalised month after a word such as "in": the month and any part word before
    it, without that word."""
    if not month[:1].isupper():
        return None
    return Atom(at.end - len(written), at.end, "month", month=g.months.get(month))


def _named_month_pattern(w: Words, group: Groups) -> str:
    return rf"(?<!\w){group('month', w.month)}{SUF}\s+{w.month_noun}"


def _read_named_month(g: Grammar, at: Span, *, month: str) -> Reading:
    return Atom(at.start, at.end, "month", month=g.months.get(month), parts="vague")


def _month_pair_pattern(w: Words, group: Groups) -> str:
    return rf"(?<!\w){group('month', w.month)}{DASH}(?={w.month}\s*,?\s+{YEAR})"


def _read_month_pair(g: Grammar, at: Span, *, month: str) -> Reading:
    """The first month of "June-July 2012"; the dash makes the range."""
    return Atom(at.start, at.start + len(month), "month", month=g.months.get(month))


# The shapes in the order they are tried: at one position the first that matches wins.
SHAPES: tuple[Shape, ...] = (
    Shape("url", "https://www.nato.int/", _url_pattern, _consumed),
    Shape("iso", "2017-12-05", _iso_pattern, _read_iso),
    Shape("num", "05.12.2017", _numeric_pattern, _read_numeric),
    Shape("chain", "978-0-19-289287-3", _chain_pattern, _consumed),
    Shape("ago", "iki yıl önce", ago_pattern, read_counted, ("relative.numbers",)),
    Shape("later", "two years later", later_pattern, read_counted, ("relative.numbers",)),
    Shape(
        "offset", "six months prior to 2010", offset_pattern, read_counted, ("relative.numbers",)
    ),
    Shape(
        "duration",
        "over the past two decades",
        duration_pattern,
        read_duration,
        ("relative.duration_leads",),
    ),
    Shape(
        "running",
        "second year running",
        running_pattern,
        read_running,
        ("relative.running_articles", "relative.running_leads", "relative.running_ordinals"),
    ),
    Shape(
        "durationtail",
        "30 yılı aşkın",
        duration_tail_pattern,
        read_duration_tail,
        ("relative.numbers",),
    ),
    Shape("dmy", "4 Nisan 1949", _day_month_pattern, _read_day_month),
    Shape("mdy", "July 13, 2022", _month_day_pattern, _read_day_month, ("months",)),
    Shape("myear", "June 2022", _month_year_pattern, _read_month_year, ("months",)),
    Shape("ym", "2017 Aralık", _year_month_pattern, _read_month_year),
    Shape("century", "21. yüzyıl", _century_pattern, _read_century, ("centuries.words",)),
    Shape("decade", "1990'lı", _decade_pattern, _read_decade),
    Shape("decade2", "'90s", _short_decade_pattern, _read_short_decade),
    Shape("years2", "1950-53", _year_pair_pattern, _read_year_pair),
    Shape("year", "1949", _year_pattern, _read_year),
    Shape(
        "relmonth",
        "next July",
        modified_month_pattern,
        read_modified_month,
        ("relative.modifiers",),
    ),
    Shape(
        "monthrel",
        "July next year",
        month_of_modified_year_pattern,
        read_month_of_modified_year,
        ("months",),
    ),
    Shape("context", "ertesi yıl", context_pattern, read_modified, ("relative.context_modifiers",)),
    Shape("relative", "geçen hafta", relative_pattern, read_modified, ("relative.modifiers",)),
    Shape("dayword", "yesterday", day_word_pattern, read_day_word, ("relative.day_words",)),
    Shape("present", "today", present_pattern, read_present, ("relative.present_words",)),
    Shape("recent", "recently", recent_pattern, read_recent, ("relative.recent_words",)),
    Shape(
        "weekday",
        "Çarşamba günü",
        weekday_pattern,
        read_weekday,
        ("relative.weekdays", "relative.modifiers"),
    ),
    Shape("bare", "in July", _bare_month_pattern, _read_bare_month, ("forms.bare_month_after",)),
    Shape("named", "Ekim ayında", _named_month_pattern, _read_named_month, ("months",)),
    Shape("pair", "Haziran-Temmuz 2012", _month_pair_pattern, _read_month_pair, ("months",)),
)
