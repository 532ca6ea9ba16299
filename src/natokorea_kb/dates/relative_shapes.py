"""The shapes of relative and counted dates: "geçen hafta", "next July", "two years
later", "six months prior to", "today", "Çarşamba günü", "recently" (see
:mod:`natokorea_kb.dates.shapes` for what a shape is)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .patterns import LETTER, SUF, Words, alternation
from .resolution import Atom
from .shape_kit import DAY, Groups, Reading, Span, precision_of, unit_groups

if TYPE_CHECKING:
    from .grammar import Grammar


def _count(w: Words, group: Groups) -> str:
    """A count in digits or in the language's number words: "two", "20", "yirmi"."""
    return group("count", f"{DAY}|{w.any_of('relative', 'numbers')}")


def _counted(w: Words, group: Groups, words: str) -> str:
    """ "<number> <unit> <word>": "two years later", "six months prior to"."""
    count = _count(w, group)
    units = unit_groups(group, w.get("relative", "ago_units"))
    return rf"(?<!\w){count}\s+{units}\s+{group('word', w.any_of('relative', words))}(?!\w)"


def ago_pattern(w: Words, group: Groups) -> str:
    return _counted(w, group, "ago_words")


def later_pattern(w: Words, group: Groups) -> str:
    return _counted(w, group, "later_words")


def offset_pattern(w: Words, group: Groups) -> str:
    return rf"{_counted(w, group, 'offset_words')}(?:\s+the)?(?=\s)"


def _not_counted_from(w: Words) -> str:
    """No word after "<number> <unit>" that counts it from another time ("ago", "later",
    "after"): that is a point, not a period."""
    words = [*w.get("relative", "ago_words"), *w.get("relative", "later_words")]
    return rf"(?!\s+{alternation([*words, *w.get('relative', 'offset_words')])}(?!\w))"


def duration_pattern(w: Words, group: Groups) -> str:
    """ "over the past two decades", "in the next ten years", "son 20 yılda": a lead word,
    a count and its unit (which may take an ending)."""
    count = _count(w, group)
    units = unit_groups(group, w.get("relative", "ago_units"), then=f"{LETTER}*(?!{LETTER})")
    lead = group("lead", w.any_of("relative", "duration_leads"))
    return rf"(?<!\w){lead}\s+{count}\s+{units}{_not_counted_from(w)}"


def duration_tail_pattern(w: Words, group: Groups) -> str:
    """ "30 yılı aşkın", "10 yıldır": a count and its unit with an ending that makes it the
    period up to the publication date."""
    count = _count(w, group)
    units = unit_groups(group, w.get("relative", "ago_units"), then="")
    tail = w.any_of("relative", "duration_tails")
    return rf"(?<!\w){count}\s+{units}{tail}(?!{LETTER})"


def running_pattern(w: Words, group: Groups) -> str:
    """ "for the second year running", "the third consecutive year", "üst üste ikinci
    yıl": an ordinal count of units in a row, with a word that says so."""
    units = unit_groups(group, w.get("relative", "ago_units"), then=f"{LETTER}*(?!{LETTER})")
    article = rf"(?:{w.any_of('relative', 'running_articles')}\s+)?"
    lead = group("lead", w.any_of("relative", "running_leads"))
    ordinal = group("ordinal", w.any_of("relative", "running_ordinals"))
    mark = group("mark", w.any_of("relative", "running_marks"))
    tail = group("tail", w.any_of("relative", "running_tails"))
    return (
        rf"(?<!\w){article}(?:{lead}\s+)?{ordinal}\s+(?:{mark}\s+)?{units}"
        rf"(?:\s+{tail}(?!\w))?"
    )


def read_running(
    g: Grammar,
    at: Span,
    *,
    lead: str | None,
    ordinal: str,
    mark: str | None,
    unit: str,
    tail: str | None,
) -> Reading:
    """The units in a row up to the publication date: the second year running is this
    year and the one before. None without a word saying "in a row"."""
    if not (lead or mark or tail):
        return None
    count = g.running_ordinals.get(ordinal) or 1
    return _period(g, at, str(count - 1), unit, -1)


def read_duration(g: Grammar, at: Span, *, lead: str, count: str, unit: str) -> Reading:
    """A period reaching to the publication date ("more than twenty years", -1) or from
    it ("in the coming two decades", 1), counted from that date (basis relative)."""
    return _period(g, at, count, unit, g.duration_leads.get(lead) or -1)


def read_duration_tail(g: Grammar, at: Span, *, count: str, unit: str) -> Reading:
    return _period(g, at, count, unit, -1)


def _period(g: Grammar, at: Span, count: str, unit: str, direction: int) -> Reading:
    number = int(count) if count.isdigit() else g.numbers.get(count) or 0
    if unit == "decade":
        unit, number = "year", number * 10
    shift = ("anchor", unit, direction * number)
    atom = Atom(at.start, at.end, precision_of(unit), basis="relative", shift=shift)
    atom.through = True
    return atom


def read_counted(g: Grammar, at: Span, *, count: str, unit: str, word: str) -> Reading:
    """ "Two years ago" counts back from the publication date (basis relative), "two
    years later" from the last date the text gave (basis context); "six months prior to"
    is no date itself but a shift of the date right after it."""
    number = int(count) if count.isdigit() else g.numbers.get(count) or 0
    if unit == "decade":  # counted in years: "a decade ago" is ten years back
        unit, number = "year", number * 10
    if g.ago_words.get(word) is not None:
        shift = ("anchor", unit, -number)
        return Atom(at.start, at.end, precision_of(unit), basis="relative", shift=shift)
    later = g.later_words.get(word)
    if later is None:
        atom = Atom(at.start, at.end, "year")
        atom.offset = (unit, number * (g.offset_words.get(word) or 1))
        return atom
    atom = Atom(
        at.start,
        at.end,
        precision_of(unit),
        basis="context",
        shift=("context", unit, number * later),
    )
    atom.later = True
    return atom


def modified_month_pattern(w: Words, group: Groups) -> str:
    year_unit = rf"(?:{group('year_unit', w.year_unit)}\s+)?"
    month_noun = group("month_noun", rf"\s+{w.month_noun}")
    modifier = group("modifier", w.modifier)
    return rf"(?<!\w){modifier}\s+{year_unit}{group('month', w.month)}{SUF}{month_noun}?"


def read_modified_month(
    g: Grammar,
    at: Span,
    *,
    modifier: str,
    year_unit: str | None,
    month: str,
    month_noun: str | None,
) -> Reading:
    """A month after a modifier: "next July" is the nearest July ahead, "gelecek yıl
    temmuzda" July of next year, "bu aralıkta" (a lower-case month alone) no date."""
    offset = g.modifiers.get(modifier) or 0
    atom = Atom(
        at.start, at.end, "month", basis="relative", month=g.months.get(month), parts="vague"
    )
    if year_unit:
        atom.shift = ("anchor", "year", offset)
    elif g.capitalised or month_noun or month[:1].isupper():
        atom.nearest = offset
    else:
        return None  # "bu aralıkta": a gap, not December
    return atom


def month_of_modified_year_pattern(w: Words, group: Groups) -> str:
    month, modifier = group("month", w.month), group("modifier", w.modifier)
    return rf"(?<!\w){month}{w.joiner}\s+{modifier}\s+{w.year_unit}{SUF}"


def read_month_of_modified_year(g: Grammar, at: Span, *, month: str, modifier: str) -> Reading:
    shift = ("anchor", "year", g.modifiers.get(modifier) or 0)
    month_number = g.months.get(month)
    return Atom(
        at.start, at.end, "month", basis="relative", month=month_number, parts="vague", shift=shift
    )


def context_pattern(w: Words, group: Groups) -> str:
    modifier = group("modifier", w.any_of("relative", "context_modifiers"))
    return rf"(?<!\w){modifier}\s+{unit_groups(group, w.get('relative', 'units'))}{SUF}"


def relative_pattern(w: Words, group: Groups) -> str:
    modifier = group("modifier", w.modifier)
    return rf"(?<!\w){modifier}\s+{unit_groups(group, w.get('relative', 'units'))}{SUF}"


def read_modified(g: Grammar, at: Span, *, modifier: str, unit: str) -> Reading:
    """A relative phrase ("geçen hafta") counts from the publication date (basis
    relative); a context phrase ("the following year") from the last date given (basis
    context)."""
    parts = "all" if unit == "year" else ""
    following = g.context_modifiers.get(modifier)
    if following is not None:
        shift = ("context", unit, following)
        return Atom(at.start, at.end, precision_of(unit), basis="context", parts=parts, shift=shift)
    shift = ("anchor", unit, g.modifiers.get(modifier) or 0)
    return Atom(at.start, at.end, precision_of(unit), basis="relative", parts=parts, shift=shift)


def day_word_pattern(w: Words, group: Groups) -> str:
    return rf"(?<!\w){group('word', w.any_of('relative', 'day_words'))}(?!{LETTER}){SUF}"


def read_day_word(g: Grammar, at: Span, *, word: str) -> Reading:
    shift = ("anchor", "day", g.day_words.get(word) or 0)
    return Atom(at.start, at.end, "day", basis="relative", shift=shift)


def present_pattern(w: Words, group: Groups) -> str:
    return rf"(?<!\w){group('word', w.any_of('relative', 'present_words'))}(?!{LETTER}){SUF}"


def read_present(g: Grammar, at: Span, *, word: str) -> Reading:
    """ "Today", "bu sabah": the publication day, where the source speaks from its time."""
    return Atom(at.start, at.end, "day", basis="relative", shift=("present", "day", 0))


def recent_pattern(w: Words, group: Groups) -> str:
    """ "Recently", "recent", but not "recent years": a time of years has no bounds to give."""
    units = w.get("relative", "ago_units")
    years = alternation([*units.get("year", ()), *units.get("decade", ())])
    not_years = rf"(?!\s+{years}(?!{LETTER}))" if years else ""
    word = group("word", w.any_of("relative", "recent_words"))
    return rf"(?<!\w){word}(?!{LETTER}){not_years}{SUF}"


def read_recent(g: Grammar, at: Span, *, word: str) -> Reading:
    """ "Recently", "yakın zamanda": the months before the publication date, as many as
    the word gives, at month precision."""
    return Atom(at.start, at.end, "month", basis="relative", recent=g.recent_words.get(word) or 6)


def weekday_pattern(w: Words, group: Groups) -> str:
    modifier = rf"(?:{group('modifier', w.modifier)}\s+)?"
    name = group("name", w.any_of("relative", "weekdays"))
    noun = group("noun", rf"\s+{w.any_of('relative', 'weekday_nouns')}(?!{LETTER})")
    return rf"(?<!\w){modifier}{name}(?!{LETTER}){SUF}{noun}?"


def read_weekday(
    g: Grammar, at: Span, *, modifier: str | None, name: str, noun: str | None
) -> Reading:
    """A weekday is the day of that name in the publication date's week; "last Friday"
    a week earlier. Lower case names a day only before a day noun ("pazar" is a market)."""
    if not (name[:1].isupper() or noun):
        return None
    offset = (g.modifiers.get(modifier) or 0) if modifier else 0
    return Atom(
        at.start, at.end, "day", basis="relative", weekday=(g.weekdays.get(name) or 1, offset)
    )
