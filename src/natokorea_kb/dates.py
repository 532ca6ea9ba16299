"""Temporal expressions: find them in one sentence and normalise them to ISO partial dates.

Every language is a folder of small resource files (``resources/<lang>/dates/*.yml``:
months, forms, relative, parts, centuries, not_dates, citations), compiled once into one
combined regular expression of *shapes* (day-month-year, decade, relative phrase, ...)
plus small patterns tried only at the edges of a match (part words such as "early" or
"sonunda", range words such as "from ... to", cue words that make a number a quantity).
Language-neutral numeric forms (1949, 2017-12-05, 05.12.2017, 1950-1953) work in every
language, also in one without resource files.

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
- Relative phrases ("geçen hafta", "next July", "two years ago") count from ``anchor``
  (basis relative); "the following year" counts from the last date given (basis
  context). Without that date, or when it is coarser than the phrase's unit (a week
  needs a day), the phrase is left out.
- Impossible dates ("31 Şubat 2012", "2012-13-40") never become a Temporal;
  :func:`impossible_dates` lists them so that a caller can warn.
- Dates inside URLs, digit groups glued to more digit groups (ISBNs, phone numbers) and
  numbers that cue words mark as quantities, pages or volumes are not dates. Dates of
  bibliographic citations *are* returned; :func:`in_citation` tells them apart.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from .records import PRECISIONS, DateValue, PartialDate, Temporal
from .resources import DATE_EXAMPLE, UNITS, Resource, language_resource
from .text import WordTable, fold_key, trie_pattern

BARE_YEARS = (1800, 2100)  # a number alone is a year only inside this span
DATE_YEARS = (1000, 2100)  # inside a written day or month date
RANK = {precision: index for index, precision in enumerate(PRECISIONS)}
LETTER = r"[^\W\d_]"
NEVER = r"(?!)"
LB = r"(?<!\w)(?<!\d[.,])"  # no digit, letter or decimal point before a number
RB = r"(?![.,]?\d)"  # no further digit (2010.5, 2,010) after it
SUF = r"(?:['’][^\W\d_]+)?"  # a Turkish ending or English 's after an apostrophe
DASH = r"\s*[-–—]\s*"
DASH_GAP = re.compile(DASH)
YEAR = r"(?:1\d{3}|20\d\d|2100)"
URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
WEB_ADDRESS = re.compile(r"https?://", re.IGNORECASE)
ROMAN = {"I": 1, "V": 5, "X": 10}
SET_OFF_LEFT = re.compile(r"(?:[,;:]|[”\"])\s*\Z")
SET_OFF_RIGHT = re.compile(r"\s*(?:[,.;)\]]|\Z)")
LOWER_WORD_BEFORE = re.compile(r"(?<!\w)[^\W\d_A-ZÇĞİÖŞÜ][^\W\d_]*\s+\Z")  # "held 2000 ..."
AUTHOR_RIGHT = re.compile(r"[a-z]?\s*(?:[,:;][^()]*)?\)")


# --------------------------------------------------------------------------- resources

# The date resource files of a language (resources/<lang>/dates/<name>.yml).
DATE_FILES = ("months", "forms", "relative", "parts", "centuries", "not_dates", "citations")
EXAMPLE_VALUE = DATE_EXAMPLE


def load_resources(language: str) -> dict[str, Resource]:
    """The checked date resources of a language: ``{file: {symbol: value}}``.

    A language without date files gets empty ones, so only numeric forms are read.
    """
    return {name: language_resource(f"dates/{name}", language) for name in DATE_FILES}


def resource_examples(language: str) -> list[tuple[str, int, str, str]]:
    """Every example of the language's date resources: (file, line, phrase, expected)."""
    found = []
    for _, symbols in sorted(load_resources(language).items()):
        for phrase, (expected, line) in symbols["examples"].items():
            found.append((symbols.relpath, line, phrase, expected))
    return found


# ----------------------------------------------------------------------------- grammar


def _body(word: str) -> str:
    """Regex for one resource word: spaces match any whitespace, ``stem*`` any ending."""
    stem = word[:-1] if word.endswith("*") else word
    body = r"\s+".join(re.escape(part) for part in stem.split())
    return body + (LETTER + "*" if word.endswith("*") else "")


def _alt(words: Iterable[str], capitalised: bool = False) -> str:
    """An alternation of words, longest first (so "Sept." wins over "Sep")."""
    forms = set()
    for word in words:
        forms.update({word, word.upper()} if capitalised else {word})
    if not forms:
        return NEVER
    ordered = sorted(forms, key=lambda w: (-len(w.rstrip("*")), w))
    alternation = "|".join(_body(word) for word in ordered)
    return f"(?-i:{alternation})" if capitalised else f"(?:{alternation})"


def _phrases(words: Iterable[str]) -> str:
    """Words or signs with word boundaries only where they begin or end with a letter."""
    parts = []
    for word in sorted(set(words), key=lambda w: (-len(w), w)):
        left = r"(?<!\w)" if word[0].isalnum() else ""
        right = r"(?!\w)" if word[-1].isalnum() else ""
        parts.append(left + _body(word) + right)
    return "(?:" + "|".join(parts) + ")" if parts else NEVER


def _compile(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile(pattern, flags)


@dataclass(frozen=True)
class _Grammar:
    """Everything one language needs, compiled once."""

    core: re.Pattern[str]
    months: WordTable
    capitalised: bool
    numeric_order: str
    modifiers: WordTable
    context_modifiers: WordTable
    day_words: WordTable
    numbers: WordTable
    ordinals: WordTable
    fractions: WordTable
    century_words: WordTable
    year_noun: re.Pattern[str]
    part_before: re.Pattern[str]
    part_after: re.Pattern[str]
    ranges: tuple[tuple[re.Pattern[str] | None, re.Pattern[str], re.Pattern[str] | None], ...]
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
    access_before: re.Pattern[str]
    access_after: re.Pattern[str]
    author_left: re.Pattern[str]
    numbered: re.Pattern[str]
    markers: re.Pattern[str]


@cache
def _grammar(language: str) -> _Grammar:
    return _build_grammar(load_resources(language))


def _build_grammar(data: Mapping[str, Mapping[str, Any]]) -> _Grammar:
    """Compile checked resources (see :func:`load_resources`) into a grammar."""

    def get(name: str, symbol: str) -> Any:
        return data[name][symbol]

    month_forms = {form: n for n, forms in get("months", "months").items() for form in forms}
    capitalised = get("months", "capitalised")
    vague = _alt(get("parts", "vague"))
    ords, fracs = _alt(get("parts", "ordinals")), _alt(get("parts", "fractions"))
    articles = get("forms", "articles")
    article = rf"(?:\s+{_alt(articles)})?" if articles else ""
    placement = get("parts", "placement")
    if placement == "before":
        joiners = get("parts", "fraction_joiners")
        fraction = rf"(?P<ord>{ords})\s+(?P<frac>{fracs})" + (
            rf"\s+{_alt(joiners)}" if joiners else ""
        )
        part_before = rf"(?<!\w)(?:{fraction}|(?P<vague>{vague})){article}(?:\s*-\s*|\s+)\Z"
        part_after = NEVER
    else:
        part_before = NEVER
        part_after = rf"\s+(?:(?P<ord>{ords})\s+(?P<frac>{fracs})|(?P<vague>{vague}))(?!{LETTER})"
    ranges = []
    for rule in get("forms", "ranges"):
        opener = _compile(rf"(?<!\w){_alt([rule['open']])}\s+\Z") if "open" in rule else None
        joiner = _compile(rf"\s+{_alt([rule['join']])}\s+")
        closer = _compile(rf"\s+{_alt([rule['close']])}(?!\w)") if "close" in rule else None
        ranges.append((opener, joiner, closer))
    suffixes = get("forms", "suffix_ranges")
    citations = data["citations"]
    name = r"[A-ZÇĞİÖŞÜ][^\W\d_]*(?:[-'’][^\W\d_]+)*\.?"
    names = rf"{name}(?:\s*(?:,|{_alt(citations['author_joiners'])})\s*{name})*"
    list_joins = get("forms", "list_joins")
    return _Grammar(
        core=_compile(_core_pattern(get, month_forms, capitalised)),
        months=WordTable.of(month_forms),
        capitalised=capitalised,
        numeric_order=get("forms", "numeric_order"),
        modifiers=WordTable.of(get("relative", "modifiers")),
        context_modifiers=WordTable.of(get("relative", "context_modifiers")),
        day_words=WordTable.of(get("relative", "day_words")),
        numbers=WordTable.of(get("relative", "numbers")),
        ordinals=WordTable.of(get("parts", "ordinals")),
        fractions=WordTable.of(get("parts", "fractions")),
        century_words=WordTable.of(get("centuries", "words")),
        year_noun=_compile(rf"\s+{_alt(get('forms', 'year_nouns'))}(?!{LETTER})"),
        part_before=_compile(part_before),
        part_after=_compile(part_after),
        ranges=tuple(ranges),
        range_tail=_compile(rf"\s+{_alt(get('forms', 'range_tails'))}(?!\w)"),
        suffix_first=_compile(rf"{_alt(suffixes['first'])}\Z"),
        suffix_second=_compile(rf"{_alt(suffixes['second'])}\Z"),
        suffix_direct=_compile(rf"\d['’]{_alt(suffixes['second'])}\Z"),
        suffix_tail=_compile(rf"\s+{_alt(suffixes['tail'])}(?!\w)"),
        list_gap=_compile(
            r"\s*,\s*|\s*(?:,\s*)?" + (rf"{_alt(list_joins)}\s+" if list_joins else NEVER)
        ),
        year_gap=_compile(rf"\s+{_alt(get('forms', 'year_joins'))}\s+"),
        cue_before=_compile(rf"{_phrases(get('not_dates', 'before'))}[\s.:#]*\Z"),
        cue_after=_compile(rf"\s*{_phrases(get('not_dates', 'after'))}"),
        date_word_before=_compile(rf"{_phrases(get('not_dates', 'date_words_before'))}\s+\Z"),
        count_after=re.compile(
            rf"\s+[^\W\d_A-ZÇĞİÖŞÜ]{LETTER}{{2,}}{_alt(get('not_dates', 'count_endings'))}(?!\w)"
        ),
        access_before=_compile(rf"{_phrases(citations['access'])}\W{{0,4}}\Z"),
        access_after=_compile(rf"\W{{0,3}}{_phrases(citations['access_after'])}"),
        author_left=re.compile(rf"[(;](?:[^()]*,|\s*{names})\s*\Z"),
        numbered=_compile(rf"{_phrases(citations['numbered'])}\s*[.:]?\s*\d"),
        markers=_compile(_phrases(citations["markers"])),
    )


def _units(prefix: str, units: Mapping[str, tuple[str, ...]]) -> str:
    """One named group per unit, so a match says which unit it found."""
    groups = [f"(?P<{prefix}_{unit}>{_alt(words)})" for unit, words in units.items() if words]
    return f"(?:{'|'.join(groups)})(?!{LETTER})" if groups else NEVER


def _core_pattern(get: Any, month_forms: Mapping[str, int], capitalised: bool) -> str:
    """The combined pattern: one named alternative per shape, tried in this order."""
    month = rf"{_alt(month_forms, capitalised)}(?!{LETTER})"
    day_suffix = rf"(?:{_alt(get('forms', 'day_suffixes'))}(?!{LETTER}))?"
    joiners = get("forms", "joiners")
    joiner = rf"(?:\s+{_alt(joiners)})?" if joiners else ""
    year_noun = _alt(get("forms", "year_nouns"))
    month_noun = rf"{_alt(get('forms', 'month_nouns'))}(?!{LETTER})"
    decade = rf"['’]?{_alt(get('forms', 'decade_suffixes'))}(?!{LETTER})"
    modifiers = rf"{_alt(get('relative', 'modifiers'))}(?!{LETTER})"
    year_units = rf"{_alt(get('relative', 'units').get('year', ()))}(?!{LETTER})"
    century = get("centuries", "ordinal_suffixes")
    numeral = rf"(?P<cen_n>\d\d?){_alt(century)}"
    roman = r"(?-i:(?P<cen_r>[IVX]{1,5}))\." if get("centuries", "roman") else r"(?P<cen_r>(?!))"
    shapes = {
        "url": URL.pattern,
        "iso": rf"{LB}(?P<iso_y>\d{{4}})-(?P<iso_m>\d\d?)-(?P<iso_d>\d\d?)(?![.,/]?\d){SUF}",
        "num": rf"{LB}(?P<num_a>\d\d?)(?P<num_s>[./-])(?P<num_b>\d\d?)(?P=num_s)"
        rf"(?P<num_y>\d{{4}})(?![.,/]?\d){SUF}",
        "chain": rf"{LB}\+?\d+(?:[-./]\d+){{2,}}|{LB}\+?\d+(?:[ \u00a0]\d+){{3,}}",
        "ago": rf"(?<!\w)(?P<ago_n>\d\d?|{_alt(get('relative', 'numbers'))})\s+"
        rf"{_units('ago', get('relative', 'ago_units'))}\s+{_alt(get('relative', 'ago_words'))}"
        r"(?!\w)",
        "dmy": rf"{LB}(?P<dmy_d>\d\d?){day_suffix}(?:{DASH}(?P<dmy_e>\d\d?){day_suffix})?"
        rf"{joiner}\s+(?P<dmy_m>{month})"
        rf"(?:\s*,?\s+(?P<dmy_y>{YEAR}){RB})?{SUF}",
        "mdy": rf"(?<!\w)(?P<mdy_m>{month})\s+(?P<mdy_d>\d\d?){day_suffix}"
        rf"(?:{DASH}(?P<mdy_e>\d\d?){day_suffix})?(?!\d)"
        rf"(?:(?:\s*,\s*|\s+)(?P<mdy_y>{YEAR}){RB})?{SUF}"
        if get("forms", "month_day_order")
        else NEVER,
        "myear": rf"(?<!\w)(?P<my_m>{month})\s*,?{joiner}\s+(?P<my_y>{YEAR}){RB}{SUF}",
        "ym": rf"{LB}(?P<ym_y>{YEAR}){RB}{SUF}\s+(?:{year_noun}\s+)?(?P<ym_m>{month}){SUF}"
        rf"(?:\s+{month_noun})?"
        if get("forms", "year_month_order")
        else NEVER,
        "century": rf"(?<!\w)(?:{numeral}|{roman}|(?P<cen_w>{_alt(get('centuries', 'words'))}))"
        rf"[\s-]+{_alt(get('centuries', 'nouns'))}(?!{LETTER})",
        "decade": rf"{LB}(?P<dec_y>\d{{3}}0){decade}",
        "decade2": rf"(?<![\w'’])(?P<dec2_a>['’])?(?P<dec2_y>[3-9]0){decade}",
        "years2": rf"{LB}(?P<yr2_a>{YEAR})[-–/](?P<yr2_b>\d\d)(?![.,]?\d){SUF}",
        "year": rf"{LB}(?P<year_y>{YEAR}){RB}{SUF}",
        "relmonth": rf"(?<!\w)(?P<rm_mod>{modifiers})\s+(?:(?P<rm_unit>{year_units})\s+)?"
        rf"(?P<rm_m>{month}){SUF}(?P<rm_noun>\s+{month_noun})?",
        "monthrel": rf"(?<!\w)(?P<mr_m>{month}){joiner}\s+(?P<mr_mod>{modifiers})\s+{year_units}"
        rf"{SUF}",
        "context": rf"(?<!\w)(?P<ctx_mod>{_alt(get('relative', 'context_modifiers'))})\s+"
        rf"{_units('ctx', get('relative', 'units'))}{SUF}",
        "relative": rf"(?<!\w)(?P<rel_mod>{modifiers})\s+{_units('rel', get('relative', 'units'))}"
        rf"{SUF}",
        "dayword": rf"(?<!\w)(?P<dw>{_alt(get('relative', 'day_words'))})(?!{LETTER}){SUF}",
        "bare": rf"(?<!\w){_alt(get('forms', 'bare_month_after'))}\s+(?P<bare_x>(?:(?P<bare_part>"
        rf"{_alt(get('parts', 'vague'))})[\s-]+)?(?P<bare_m>{month}){SUF})(?!\s*,?\s*\d)",
        "named": rf"(?<!\w)(?P<named_m>{month}){SUF}\s+{month_noun}",
        "pair": rf"(?<!\w)(?P<pair_m>{month}){DASH}(?={month}\s*,?\s+{YEAR})",
    }
    # Every shape starts with a digit, an apostrophe, a plus sign, a web address, a roman
    # numeral or one of these words. Trying the shapes only where one of them begins
    # makes the scan several times faster: most positions of a text start no date.
    starters = [*month_forms]
    for name, symbol in (
        ("relative", "modifiers"),
        ("relative", "context_modifiers"),
        ("relative", "day_words"),
        ("relative", "numbers"),
        ("centuries", "words"),
        ("forms", "bare_month_after"),
    ):
        starters.extend(get(name, symbol))
    whole, begun = set(), set()
    for word in starters:
        pieces, is_whole = _starter(word)
        (whole if is_whole else begun).add(pieces)
    words = [rf"(?:{trie_pattern(whole)})(?!{LETTER})"] if whole else []
    words += [trie_pattern(begun)] if begun else []
    words += ["(?-i:[IVX])"] if get("centuries", "roman") else []
    guard = rf"(?<!\w)(?=\d|['’+]|htt|www|{'|'.join(words)})"
    return guard + "(?:" + "|".join(f"(?P<{n}>{p})" for n, p in shapes.items()) + ")"


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


# ------------------------------------------------------------------------------- atoms


@dataclass
class _Atom:
    """One expression while it is being built; ``first`` stays None until resolved."""

    start: int
    end: int
    precision: str
    first: PartialDate | None = None
    last: PartialDate | None = None
    basis: str = "explicit"
    parts: str = ""  # "all": may take part words and fractions; "vague": part words only
    year: int | None = None  # for a day or month written without a year
    month: int | None = None
    day: int | None = None
    day_end: int | None = None
    shift: tuple[str, str, int] | None = None  # (anchor | context, unit, offset)
    nearest: int | None = None  # "next July": direction of the nearest such month
    fraction: tuple[int, int] | None = None
    numeric: bool = False  # a bare number, open to the quantity cues

    @property
    def pending_year(self) -> bool:
        return self.first is None and self.shift is None and self.nearest is None


def validate_date(year: int, month: int | None = None, day: int | None = None) -> bool:
    """Whether a (partial) date exists on the Gregorian calendar."""
    if not 1 <= year <= 9999 or (month is not None and not 1 <= month <= 12):
        return False
    if day is None:
        return True
    return month is not None and 1 <= day <= calendar.monthrange(year, month)[1]


def _roman(text: str) -> int:
    values = [ROMAN[c] for c in text.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _date_atom(
    m: re.Match[str], y: str | None, mo: int, d: int, d2: int | None, bad: list[str]
) -> _Atom | None:
    """A day date, or a day range in one month; None (and noted) when impossible."""
    end_day = d2 if d2 is not None else d
    if y is None:
        if not validate_date(2000, mo, d) or not validate_date(2000, mo, end_day) or end_day < d:
            bad.append(m.group())
            return None
        return _Atom(m.start(), m.end(), "day", month=mo, day=d, day_end=end_day)
    year = int(y)
    if not DATE_YEARS[0] <= year <= DATE_YEARS[1]:
        return None
    if not validate_date(year, mo, d) or not validate_date(year, mo, end_day) or end_day < d:
        bad.append(m.group())
        return None
    return _Atom(
        m.start(), m.end(), "day", PartialDate(year, mo, d), PartialDate(year, mo, end_day)
    )


def _numeric_date(m: re.Match[str], g: _Grammar, bad: list[str]) -> _Atom | None:
    a, b, year = int(m["num_a"]), int(m["num_b"]), int(m["num_y"])
    orders = [(a, b), (b, a)] if g.numeric_order == "dmy" else [(b, a), (a, b)]
    for day, month in orders:
        if validate_date(year, month, day):
            return _date_atom(m, m["num_y"], month, day, None, bad)
    bad.append(m.group())
    return None


def _atom(m: re.Match[str], g: _Grammar, text: str, bad: list[str]) -> _Atom | None:
    """Turn one match of the combined pattern into an atom (None: not a date)."""
    shape = m.lastgroup
    s, e = m.start(), m.end()
    if shape == "iso":
        return _date_atom(m, m["iso_y"], int(m["iso_m"]), int(m["iso_d"]), None, bad)
    if shape == "num":
        return _numeric_date(m, g, bad)
    if shape in ("dmy", "mdy"):
        p = shape
        month = g.months.get(m[f"{p}_m"])
        day_end = int(m[f"{p}_e"]) if m[f"{p}_e"] else None
        day = int(m[f"{p}_d"])
        if not m[f"{p}_y"] and not m[f"{p}_m"][:1].isupper():
            return None  # "3 ocak" with neither capital nor year: a word, not a month
        return _date_atom(m, m[f"{p}_y"], month or 0, day, day_end, bad)
    if shape in ("myear", "ym"):
        p = "my" if shape == "myear" else "ym"
        year = int(m[f"{p}_y"])
        month = g.months.get(m[f"{p}_m"]) or 0
        if not DATE_YEARS[0] <= year <= DATE_YEARS[1]:
            return None
        date = PartialDate(year, month)
        return _Atom(s, e, "month", date, date, parts="vague")
    if shape == "century":
        if m["cen_n"]:
            number = int(m["cen_n"])
        elif m["cen_r"]:
            number = _roman(m["cen_r"])
        else:
            number = g.century_words.get(m["cen_w"]) or 0
        if not 1 <= number <= 21:
            return None
        first, last = PartialDate((number - 1) * 100 + 1), PartialDate(number * 100)
        return _Atom(s, e, "century", first, last, parts="all")
    if shape in ("decade", "decade2"):
        year = int(m["dec_y"]) if shape == "decade" else 1900 + int(m["dec2_y"])
        if shape == "decade2" and not (m["dec2_a"] or g.year_noun.match(text, e)):
            return None  # "30'lu yaşlar" is an age; "90'lı yıllar" and "'90s" are decades
        if not BARE_YEARS[0] <= year <= BARE_YEARS[1]:
            return None
        return _Atom(
            s, e, "decade", PartialDate(year), PartialDate(year + 9), parts="all", numeric=True
        )
    if shape in ("years2", "year"):
        first = int(m["yr2_a"] if shape == "years2" else m["year_y"])
        if not BARE_YEARS[0] <= first <= BARE_YEARS[1]:
            return None
        last = first
        if shape == "years2":
            last = first // 100 * 100 + int(m["yr2_b"])
            if last <= first:  # "2019-05" is no range of years
                return _Atom(
                    s, m.end("yr2_a"), "year", PartialDate(first), PartialDate(first), numeric=True
                )
        return _Atom(s, e, "year", PartialDate(first), PartialDate(last), parts="all", numeric=True)
    return _relative_atom(m, g, shape)


def _relative_atom(m: re.Match[str], g: _Grammar, shape: str | None) -> _Atom | None:
    s, e = m.start(), m.end()
    if shape in ("relmonth", "monthrel"):
        p = "rm" if shape == "relmonth" else "mr"
        month = g.months.get(m[f"{p}_m"])
        offset = g.modifiers.get(m[f"{p}_mod"]) or 0
        atom = _Atom(s, e, "month", basis="relative", month=month, parts="vague")
        if shape == "monthrel" or m["rm_unit"]:
            atom.shift = ("anchor", "year", offset)
        elif g.capitalised or m["rm_noun"] or m["rm_m"][:1].isupper():
            atom.nearest = offset
        else:
            return None  # "bu aralıkta": a gap, not December
        return atom
    if shape in ("context", "relative"):
        p = "ctx" if shape == "context" else "rel"
        table = g.context_modifiers if shape == "context" else g.modifiers
        unit = next(u for u in UNITS if m.groupdict().get(f"{p}_{u}"))
        offset = table.get(m[f"{p}_mod"]) or 0
        base, basis = ("context", "context") if shape == "context" else ("anchor", "relative")
        precision = {"week": "day"}.get(unit, unit)
        parts = "all" if unit == "year" else ""
        return _Atom(s, e, precision, basis=basis, parts=parts, shift=(base, unit, offset))
    if shape == "ago":
        count = int(m["ago_n"]) if m["ago_n"].isdigit() else g.numbers.get(m["ago_n"]) or 0
        unit = next(u for u in UNITS if m.groupdict().get(f"ago_{u}"))
        precision = {"week": "day"}.get(unit, unit)
        return _Atom(s, e, precision, basis="relative", shift=("anchor", unit, -count))
    if shape == "dayword":
        offset = g.day_words.get(m["dw"]) or 0
        return _Atom(s, e, "day", basis="relative", shift=("anchor", "day", offset))
    if shape == "bare":
        if not m["bare_m"][:1].isupper():
            return None
        return _Atom(m.start("bare_x"), e, "month", month=g.months.get(m["bare_m"]))
    if shape == "named":
        return _Atom(s, e, "month", month=g.months.get(m["named_m"]), parts="vague")
    if shape == "pair":  # "June" of "June-July 2012"; the dash makes the range
        return _Atom(s, m.end("pair_m"), "month", month=g.months.get(m["pair_m"]))
    return None  # url, chain: consumed so that nothing inside them is read as a date


# ---------------------------------------------------------------------- the scan itself


def _scan(
    text: str, language: str, anchor: PartialDate | None, context: PartialDate | None
) -> tuple[list[Temporal], list[str]]:
    g = _grammar(language)
    bad: list[str] = []
    atoms = [a for m in g.core.finditer(text) if (a := _atom(m, g, text, bad))]
    _extend(text, atoms, g)
    atoms = _drop_quantities(text, atoms, g)
    links = _links(text, atoms, g)
    _borrow_years(atoms, links)
    kept, kept_links = [], []
    previous: PartialDate | None = None
    for atom, link in zip(atoms, links, strict=True):
        if _resolve(atom, previous, context, anchor) and _finish(atom, text, bad):
            kept.append(atom)
            kept_links.append(link)
            if atom.basis == "explicit" and atom.precision in ("day", "month", "year"):
                previous = atom.first
        elif kept_links:
            kept_links[-1] = None  # a range or list cannot run through a dropped date
    return _temporals(text, kept, kept_links), bad


def _extend(text: str, atoms: list[_Atom], g: _Grammar) -> None:
    """Take in part words, postposed year nouns and Turkish endings around each atom."""
    for index, atom in enumerate(atoms):
        floor = atoms[index - 1].end if index else 0
        ceiling = atoms[index + 1].start if index + 1 < len(atoms) else len(text)
        if atom.numeric and (noun := g.year_noun.match(text, atom.end, ceiling)):
            atom.end = noun.end()
        if not atom.parts:
            continue
        after = g.part_after.match(text, atom.end, ceiling)
        before = g.part_before.search(text, max(floor, atom.start - 40), atom.start)
        part = after or before
        if part is None or (part["frac"] and atom.parts != "all"):
            continue
        if part["frac"]:
            order = g.ordinals.get(part["ord"]) or 0
            count = g.fractions.get(part["frac"]) or 0
            if count and (order == -1 or 1 <= order <= count):
                atom.fraction = (count if order == -1 else order, count)
        if after:
            atom.end = after.end()
        else:
            atom.start = part.start()


def _drop_quantities(text: str, atoms: list[_Atom], g: _Grammar) -> list[_Atom]:
    """Leave out numbers that cue words mark as money, pages, volumes or counts."""
    kept: list[_Atom] = []
    dropped_end = -1
    for atom in atoms:
        starts_digit = text[atom.start].isdigit()
        gap = text[dropped_end : atom.start] if dropped_end >= 0 else None
        if gap is not None and DASH_GAP.fullmatch(gap) and starts_digit:
            dropped_end = atom.end  # the second number of "pp. 1999-2005"
            continue
        if starts_digit and g.cue_before.search(text, max(0, atom.start - 25), atom.start):
            dropped_end = atom.end
            continue
        if atom.numeric and text[atom.end - 1].isdigit() and _counts(text, atom, g):
            continue
        kept.append(atom)
    return kept


def _counts(text: str, atom: _Atom, g: _Grammar) -> bool:
    """Whether a bare number counts things: "2000 troops", "held 2000 meetings".

    A plural after the number makes it a count only after a lower-case word that is no
    date word: "NATO 2030 aims" and "in 2003 troops" stay dates.
    """
    if g.date_word_before.search(text, max(0, atom.start - 20), atom.start):
        return False  # "In 2003 troops entered", "its 2010 reforms"
    if g.cue_after.match(text, atom.end):
        return True
    return bool(LOWER_WORD_BEFORE.search(text, max(0, atom.start - 30), atom.start)) and bool(
        g.count_after.match(text, atom.end)
    )


def _links(text: str, atoms: list[_Atom], g: _Grammar) -> list[tuple[str, int, int] | None]:
    """How each atom joins the next: ("range", start, end), ("list" | "year", 0, 0), None."""
    links: list[tuple[str, int, int] | None] = []
    for index, a in enumerate(atoms):
        b = atoms[index + 1] if index + 1 < len(atoms) else None
        floor = atoms[index - 1].end if index else 0
        links.append(_link(text, a, b, floor, g) if b else None)
    return links


def _link(text: str, a: _Atom, b: _Atom, floor: int, g: _Grammar) -> tuple[str, int, int] | None:
    gap = text[a.end : b.start]
    if DASH_GAP.fullmatch(gap):
        tail = g.range_tail.match(text, b.end)
        return ("range", a.start, tail.end() if tail else b.end)
    for opener, joiner, closer in g.ranges:
        if not joiner.fullmatch(gap):
            continue
        start, end = a.start, b.end
        if opener is not None:
            found = opener.search(text, max(floor, a.start - 30), a.start)
            if not found:
                continue
            start = found.start()
        if closer is not None:
            close = closer.match(text, b.end)
            if not close:
                continue
            end = close.end()
        return ("range", start, end)
    if gap.isspace() and g.suffix_first.search(text, a.start, a.end):
        tail = g.suffix_tail.match(text, b.end)
        if g.suffix_second.search(text, b.start, b.end) and (
            tail or g.suffix_direct.search(text, b.start, b.end)
        ):
            return ("range", a.start, tail.end() if tail else b.end)
    if g.list_gap.fullmatch(gap):
        return ("list", 0, 0)
    if g.year_gap.fullmatch(gap):
        return ("year", 0, 0)
    return None


def _year_of(atom: _Atom) -> int | None:
    if atom.first is not None and atom.basis == "explicit":
        return atom.first.year
    return atom.year


def _borrow_years(atoms: list[_Atom], links: list[tuple[str, int, int] | None]) -> None:
    """A day or month without a year takes the year of the next date of its list or range
    ("20 September and 24 September 2012"), or of a year right after it ("May in 2012")."""
    for index in range(len(atoms) - 2, -1, -1):
        atom, nxt, link = atoms[index], atoms[index + 1], links[index]
        year = _year_of(nxt)
        next_month = nxt.first.month if nxt.first else nxt.month
        if not (atom.pending_year and link and year is not None):
            continue
        if link[0] != "year" and next_month is None:
            continue  # "Temmuz ayında ve 2011'de": a list of a month and a year
        later = atom.month is not None and next_month is not None and atom.month > next_month
        atom.year = year - 1 if link[0] == "range" and later else year


def _shift(base: PartialDate, unit: str, offset: int) -> tuple[PartialDate, PartialDate] | None:
    """The period ``offset`` units away from ``base``; None when base is too coarse."""
    if unit == "year":
        year = PartialDate(base.year + offset)
        return year, year
    if base.month is None:
        return None
    if unit == "month":
        total = base.year * 12 + base.month - 1 + offset
        month = PartialDate(total // 12, total % 12 + 1)
        return month, month
    if base.day is None:
        return None
    day = dt.date(base.year, base.month, base.day)
    if unit == "day":
        day += dt.timedelta(days=offset)
        return _day(day), _day(day)
    monday = day - dt.timedelta(days=day.weekday()) + dt.timedelta(weeks=offset)
    return _day(monday), _day(monday + dt.timedelta(days=6))


def _day(day: dt.date) -> PartialDate:
    return PartialDate(day.year, day.month, day.day)


def _resolve(
    atom: _Atom,
    previous: PartialDate | None,
    context: PartialDate | None,
    anchor: PartialDate | None,
) -> bool:
    """Give a relative or year-less atom its dates; False when nothing can."""
    if atom.first is not None:
        return True
    if atom.nearest is not None:
        if anchor is None or atom.month is None:
            return False
        year = anchor.year + atom.nearest
        if anchor.month is not None and atom.nearest > 0 and atom.month > anchor.month:
            year = anchor.year
        if anchor.month is not None and atom.nearest < 0 and atom.month < anchor.month:
            year = anchor.year
        atom.first = atom.last = PartialDate(year, atom.month)
        return True
    if atom.shift is not None:
        kind, unit, offset = atom.shift
        base = anchor if kind == "anchor" else previous or context
        span = _shift(base, unit, offset) if base is not None else None
        if span is None:
            return False
        atom.first, atom.last = span
        if atom.month is not None:  # "gelecek yıl temmuzda": a month of the shifted year
            atom.first = atom.last = PartialDate(span[0].year, atom.month)
        return True
    if atom.year is None:
        for base, basis in ((previous, "context"), (context, "context"), (anchor, "relative")):
            if base is not None:
                atom.year, atom.basis = base.year, basis
                break
        else:
            return False
    atom.first = PartialDate(atom.year, atom.month, atom.day)
    atom.last = PartialDate(atom.year, atom.month, atom.day_end)
    return True


def _finish(atom: _Atom, text: str, bad: list[str]) -> bool:
    """Apply a named fraction and check that the resolved days exist."""
    first, last = atom.first, atom.last
    assert first is not None and last is not None
    for date in (first, last):
        if not validate_date(date.year, date.month, date.day):
            bad.append(text[atom.start : atom.end])
            return False
    if atom.fraction is not None:
        order, count = atom.fraction
        if atom.precision == "year" and first == last and first.month is None:
            lo, hi = (order - 1) * 12 // count + 1, order * 12 // count
            atom.first, atom.last = PartialDate(first.year, lo), PartialDate(first.year, hi)
        elif atom.precision in ("decade", "century"):
            size = last.year - first.year + 1
            lo, hi = first.year + (order - 1) * size // count, first.year + order * size // count
            atom.first, atom.last = PartialDate(lo), PartialDate(hi - 1)
    return True


def _temporals(
    text: str, atoms: list[_Atom], links: list[tuple[str, int, int] | None]
) -> list[Temporal]:
    """Join linked pairs into ranges and write out the values."""
    found: list[Temporal] = []
    index = 0
    while index < len(atoms):
        a = atoms[index]
        link = links[index]
        start, end, first, last, precision, basis = (
            a.start,
            a.end,
            a.first,
            a.last,
            a.precision,
            a.basis,
        )
        assert first is not None and last is not None
        if link and link[0] == "range" and index + 1 < len(atoms):
            b = atoms[index + 1]
            assert b.first is not None and b.last is not None
            if first.iso() <= b.first.iso() and last.iso() <= b.last.iso():
                start, end, last = link[1], link[2], b.last
                precision = max(precision, b.precision, key=RANK.__getitem__)
                basis = basis if basis != "explicit" else b.basis
                index += 1
        written = text[start:end]
        value = DateValue(first.iso(), last.iso(), precision, written, basis)
        found.append(Temporal(value, start, end))
        index += 1
    return found


# ---------------------------------------------------------------------------- the API


def find_temporals(
    text: str,
    language: str,
    anchor: PartialDate | None = None,
    context: PartialDate | None = None,
) -> list[Temporal]:
    """Every temporal expression of one sentence, non-overlapping, by position.

    ``anchor`` is the source's publication date, for relative phrases; ``context`` the
    last full date seen earlier in the document, for days and months written without a
    year. See the module docstring for the rules; impossible dates are left out (ask
    :func:`impossible_dates` for them).
    """
    return _scan(text, language, anchor, context)[0]


def impossible_dates(text: str, language: str) -> list[str]:
    """Date-shaped expressions of a sentence that name no real day ("31 Şubat 2012")."""
    return _scan(text, language, None, None)[1]


@lru_cache(maxsize=64)
def _holds_web_address(text: str) -> bool:
    """Per sentence, not per date: a long sentence with many dates is scanned once."""
    return bool(WEB_ADDRESS.search(text))


def in_citation(text: str, start: int, end: int, language: str) -> bool:
    """Whether ``text[start:end]`` sits in a bibliographic citation rather than prose.

    True in a sentence holding a web address, after an access cue ("Access date:",
    "Erişim tarihi:"), inside an author-year parenthesis ("(Rasmussen, 2011)"), or when
    the date is set off by commas with a reference marker nearby ("Foreign Affairs,
    Vol. 85, No. 5, 2006").
    """
    g = _grammar(language)
    if _holds_web_address(text):
        return True  # prose cites no web addresses; a sentence holding one is a reference
    if g.access_before.search(text, max(0, start - 60), start) or g.access_after.match(text, end):
        return True
    if g.author_left.search(text, max(0, start - 80), start) and AUTHOR_RIGHT.match(text, end):
        return True
    set_off_left = SET_OFF_LEFT.search(text, max(0, start - 5), start)
    set_off_right = SET_OFF_RIGHT.match(text, end) or g.numbered.match(
        text[end : end + 60].lstrip()
    )
    if not (set_off_left and set_off_right):
        return False
    window = text[max(0, start - 100) : end + 100]
    return bool(g.numbered.search(window) or g.markers.search(window) or URL.search(window))
