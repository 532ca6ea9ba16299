"""Dates as readers write them, per language: "20 September 2012", "1990'lar".

The patterns are data (``resources/<lang>/dates/writing.yml``); month names are the
first spelling of each month in ``<lang>/dates/months.yml``. A language without them
writes ISO dates.
"""

from __future__ import annotations

from functools import cache

from .records import DateValue
from .resources import language_resource


@cache
def _month_names(language: str) -> dict[int, str]:
    months = language_resource("dates/months", language)["months"]
    return {number: spellings[0].rstrip("*") for number, spellings in months.items()}


def date_label(value: DateValue, language: str) -> str:
    """The date of a fact as a reader writes it, at the precision the source gave."""
    writing = language_resource("dates/writing", language)
    if not writing.present:
        return value.start if value.end == value.start else f"{value.start} – {value.end}"
    if value.precision == "decade" and value.start[3:4] == "0" and value.end[3:4] == "9":
        return _decade(int(value.start[:4]), language)
    if value.precision == "century":
        return _century(value, language)
    start, end = _point(value.start, language), _point(value.end, language)
    if start == end:
        return start
    if len(value.start) == len(value.end) == 10 and value.start[:7] == value.end[:7]:
        year, month, first = (int(p) for p in value.start.split("-"))
        return writing["day_range"].format(
            first=first, day=int(value.end[8:]), month=_month_names(language)[month], year=year
        )
    return writing["range"].format(start=start, end=end)


def _point(iso: str, language: str) -> str:
    writing = language_resource("dates/writing", language)
    parts = [int(p) for p in iso.split("-")]
    months = _month_names(language)
    if len(parts) == 3:
        return writing["day"].format(day=parts[2], month=months[parts[1]], year=parts[0])
    if len(parts) == 2:
        return writing["month"].format(month=months[parts[1]], year=parts[0])
    return writing["year"].format(year=parts[0])


def _decade(year: int, language: str) -> str:
    writing = language_resource("dates/writing", language)
    suffixes = writing["decade_suffixes"]
    suffix = suffixes.get(f"{year % 100:02d}", suffixes.get("other", ""))
    return writing["decade"].format(year=year, suffix=suffix)


def _century(value: DateValue, language: str) -> str:
    writing = language_resource("dates/writing", language)
    first, last = int(value.start[:4]), int(value.end[:4])
    number = (first - 1) // 100 + 1
    if last - first < 99:  # a part of a century ("its second quarter"): the years
        return writing["range"].format(start=first, end=last)
    ordinals = writing["ordinals"]
    ordinal = ordinals.get(str(number % 100), ordinals.get(str(number % 10), ordinals["other"]))
    return writing["century"].format(number=number, ordinal=ordinal)
