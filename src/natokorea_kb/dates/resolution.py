"""From atoms to Temporals: what happens to the dates a sentence holds once they are read.

Around each atom the words that belong to it are taken in (part words, year nouns),
numbers that count things are dropped, neighbours are linked into ranges and lists, a
day or month without a year borrows one, relative phrases are shifted from their base,
named fractions narrow the dates, and impossible days are reported instead of kept.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..records import PRECISIONS, DateValue, PartialDate, Temporal
from .patterns import DASH_GAP

if TYPE_CHECKING:
    from .grammar import Grammar

RANK = {precision: index for index, precision in enumerate(PRECISIONS)}
LOWER_WORD_BEFORE = re.compile(r"(?<!\w)[^\W\d_A-ZÇĞİÖŞÜ][^\W\d_]*\s+\Z")  # "held 2000 ..."
Link = tuple[str, int, int] | None  # ("range", start, end), ("list" | "year", 0, 0) or none


@dataclass
class Atom:
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
    shift: tuple[str, str, int] | None = None  # (anchor | context | present, unit, offset)
    weekday: tuple[int, int] | None = None  # (1 Monday .. 7, weeks from the anchor's)
    recent: int | None = None  # "recently": this many months up to the anchor
    nearest: int | None = None  # "next July": direction of the nearest such month
    fraction: tuple[int, int] | None = None
    narrowed: tuple[int, int] | None = None  # a vague part's years of a decade (7, 9)
    numeric: bool = False  # a bare number, open to the quantity cues
    later: bool = False  # "two years later": may count from the date right before it
    through: bool = False  # "over the past two decades": the period up to its base
    offset: tuple[str, int] | None = None  # (unit, count): shift once resolved
    derivation: str | None = None  # how a shifted date was reached: "2010-11 − 6 months"

    @property
    def pending_year(self) -> bool:
        """A day or month still waiting for a year (not relative, not dated)."""
        return (
            self.first is None
            and self.shift is None
            and self.nearest is None
            and self.weekday is None
            and self.recent is None
        )


def validate_date(year: int, month: int | None = None, day: int | None = None) -> bool:
    """Whether a (partial) date exists on the Gregorian calendar."""
    if not 1 <= year <= 9999 or (month is not None and not 1 <= month <= 12):
        return False
    if day is None:
        return True
    return month is not None and 1 <= day <= calendar.monthrange(year, month)[1]


def resolve(
    text: str,
    atoms: list[Atom],
    g: Grammar,
    anchor: PartialDate | None,
    context: PartialDate | None,
    impossible: list[str],
    present: bool = False,
) -> list[Temporal]:
    """The Temporals of a sentence's atoms, in order; impossible days go to ``impossible``.

    ``previous``, the last explicit day, month or year kept, is the base of year-less
    dates and context phrases that follow it in the sentence. ``present`` says whether
    "today" is the anchor's day (the source speaks from its own time).
    """
    _extend(text, atoms, g)
    atoms = _join_offsets(text, _drop_quantities(text, atoms, g), g)
    links = _links(text, atoms, g)
    _borrow_years(atoms, links)
    kept: list[Atom] = []
    kept_links: list[Link] = []
    previous: PartialDate | None = None
    for atom, link in zip(atoms, links, strict=True):
        resolved = _resolve(atom, previous, context, anchor, present)
        if resolved and _finish(atom, text, impossible) and _shifted(atom):
            kept.append(atom)
            kept_links.append(link)
            if atom.basis == "explicit" and atom.precision in ("day", "month", "year"):
                previous = atom.first
        elif kept_links:
            kept_links[-1] = None  # a range or list cannot run through a dropped date
    return _temporals(text, kept, kept_links)


def _join_offsets(text: str, atoms: list[Atom], g: Grammar) -> list[Atom]:
    """Give a counted shift to the date it counts from, as one expression: "six months
    prior to | November 2010", "1953’ten | beş yıl sonra". A shift with no date next to
    it is no date ("five years after the war": the war's date is not written here)."""
    joined: list[Atom] = []
    index = 0
    while index < len(atoms):
        atom = atoms[index]
        following = atoms[index + 1] if index + 1 < len(atoms) else None
        adjacent = following is not None and not text[atom.end : following.start].strip()
        if atom.offset is not None:  # a shift alone: given to the date right after it
            if following is not None and adjacent and following.offset is None:
                following.offset, following.start = atom.offset, atom.start
                joined.append(following)
                index += 1
            index += 1
            continue
        if (
            following is not None
            and adjacent
            and following.later
            and following.shift is not None
            and g.offset_ending.search(text, atom.start, atom.end)
        ):
            _, unit, count = following.shift
            atom.offset, atom.end = (unit, count), following.end
            index += 1
        joined.append(atom)
        index += 1
    return joined


def _shifted(atom: Atom) -> bool:
    """Apply a counted shift to a resolved date; False when the date is too coarse for
    the unit counted ("six months before 2010" names no month)."""
    if atom.offset is None:
        return True
    unit, count = atom.offset
    first, last = atom.first, atom.last
    assert first is not None and last is not None
    if (unit != "year" and first.month is None) or (unit in ("week", "day") and first.day is None):
        return False
    days = 7 * count if unit == "week" else count
    step = "day" if unit == "week" else unit
    moved_first, moved_last = shift(first, step, days), shift(last, step, days)
    if moved_first is None or moved_last is None:
        return False
    atom.derivation = counted(first, unit, count)
    atom.first, atom.last = moved_first[0], moved_last[1]
    return True


def _extend(text: str, atoms: list[Atom], g: Grammar) -> None:
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
        elif part["vague"]:
            atom.narrowed = g.parts.get(g.narrowing.get(part["vague"]) or 0)
        if after:
            atom.end = after.end()
        else:
            atom.start = part.start()


def _drop_quantities(text: str, atoms: list[Atom], g: Grammar) -> list[Atom]:
    """Leave out numbers that cue words mark as money, pages, volumes or counts."""
    kept: list[Atom] = []
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


def _counts(text: str, atom: Atom, g: Grammar) -> bool:
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


def _links(text: str, atoms: list[Atom], g: Grammar) -> list[Link]:
    """How each atom joins the next: ("range", start, end), ("list" | "year", 0, 0), None."""
    links: list[Link] = []
    for index, a in enumerate(atoms):
        b = atoms[index + 1] if index + 1 < len(atoms) else None
        floor = atoms[index - 1].end if index else 0
        links.append(_link(text, a, b, floor, g) if b else None)
    return links


def _link(text: str, a: Atom, b: Atom, floor: int, g: Grammar) -> Link:
    """How ``a`` joins ``b``: a dash, a range rule, Turkish case endings, a list or a year."""
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


def _year_of(atom: Atom) -> int | None:
    """The year a date can lend the date before it: the one written, or one it borrowed."""
    if atom.first is not None and atom.basis == "explicit":
        return atom.first.year
    return atom.year


def _borrow_years(atoms: list[Atom], links: list[Link]) -> None:
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


def _at_precision(date: PartialDate, precision: str) -> PartialDate:
    """A date cut to a precision: 2017-12-04 as a year is 2017."""
    if precision == "year":
        return PartialDate(date.year)
    return PartialDate(date.year, date.month) if precision == "month" else date


def counted(base: PartialDate, unit: str, count: int) -> str:
    """How a counted date was reached, as its card shows it: "2010-11 − 6 months"."""
    plural = "" if abs(count) == 1 else "s"
    sign = "+" if count > 0 else "−"
    return f"{base.iso()} {sign} {abs(count)} {unit}{plural}"


def shift(base: PartialDate, unit: str, offset: int) -> tuple[PartialDate, PartialDate] | None:
    """The period ``offset`` units away from ``base``; None when base is too coarse.
    A count of years keeps the year only."""
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
    atom: Atom,
    previous: PartialDate | None,
    context: PartialDate | None,
    anchor: PartialDate | None,
    present: bool = False,
) -> bool:
    """Give a relative or year-less atom its dates; False when nothing can."""
    if atom.first is not None:
        return True
    if atom.recent is not None:
        if anchor is None or anchor.month is None:
            return False
        month = PartialDate(anchor.year, anchor.month)
        back = shift(month, "month", -atom.recent)
        atom.first, atom.last = (back[0] if back else month), month
        return True
    if atom.weekday is not None:
        if anchor is None or anchor.month is None or anchor.day is None:
            return False
        number, weeks = atom.weekday
        day = dt.date(anchor.year, anchor.month, anchor.day)
        day += dt.timedelta(days=number - 1 - day.weekday(), weeks=weeks)
        atom.first = atom.last = _day(day)
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
        bases = {"anchor": anchor, "present": anchor if present else None}
        base = bases.get(kind, previous or context)
        span = shift(base, unit, offset) if base is not None else None
        if span is None:
            return False
        atom.first, atom.last = span
        if atom.through:  # a period between its base and the shifted date
            now = _at_precision(base, atom.precision)
            atom.first, atom.last = (span[0], now) if offset < 0 else (now, span[1])
            atom.derivation = counted(now, unit, offset)
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


def _finish(atom: Atom, text: str, impossible: list[str]) -> bool:
    """Apply a named fraction and check that the resolved days exist."""
    first, last = atom.first, atom.last
    assert first is not None and last is not None
    for date in (first, last):
        if not validate_date(date.year, date.month, date.day):
            impossible.append(text[atom.start : atom.end])
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
    elif atom.narrowed is not None and atom.precision in ("decade", "century"):
        low, high = atom.narrowed
        if atom.precision == "decade":  # 1950..1959: years 0..9
            lo, hi = first.year + low, first.year + high
        else:  # 1901..2000: ten years for each, counted from the century's first year
            lo, hi = first.year + low * 10, first.year - 1 + (high + 1) * 10
        atom.first, atom.last = PartialDate(lo), PartialDate(min(hi, last.year))
    return True


def _temporals(text: str, atoms: list[Atom], links: list[Link]) -> list[Temporal]:
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
        value = DateValue(first.iso(), last.iso(), precision, written, basis, a.derivation)
        found.append(Temporal(value, start, end))
        index += 1
    return found
