"""The publication date as the time of what a text tells (DESIGN.md §2, basis
``document``).

A news item, a speech, a press release tells of its day: its present and future, and its
past while it still tells recent events, happen on the date it was published
(``resources/common/sources.yml`` says which kinds speak from their date). Which
statements take that date is grammar: the tense of the main verb, the past before the
past, a byline, a title standing at the top.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING

from .datetext import date_label
from .frames import grammar as frame_grammar
from .records import DateValue, PartialDate, Sentence, SourceMeta, Temporal
from .resources import language_resource
from .text import fold

if TYPE_CHECKING:
    from .dating import Timeline

RECENT_DAYS = 31  # a text still tells recent events while its last date is this close
WORD = re.compile(r"[^\W\d_]+")


@cache
def speaks_from_its_date(kind: str) -> bool:
    """Whether a source of this kind tells of its publication date's present."""
    return kind in language_resource("sources")["document_time"]


def told_today(
    sentence: Sentence, written: list[Temporal], source: SourceMeta, timeline: Timeline
) -> Temporal | None:
    """The publication date for what a sentence tells in the past beside the plans it
    dates: "Stoltenberg spoke to the press about the meeting to be held on 5-6
    December", "5-6 Aralık'ta düzenlenecek toplantı hakkında açıklamalarda bulundu"
    states the meeting's date and, in a text that speaks from its date, the day's news:
    the telling. None when a date it writes is not after publication, or when what was
    said is a clause of its own ("said that ministers will meet on 5 December"): the
    plan is the news then, not the saying."""
    text, language = sentence.text, sentence.language
    if not written or not _past(text, language, beside_plans=True):
        return None
    if any(p.search(fold(text)) for p in frame_grammar(language).said_clauses):
        return None  # "toplantının zirveye hazırlık olacağını söyledi" reports the plan
    published = source.published.iso()
    if any(t.value.start[: len(published)] <= published for t in written):
        return None
    found = document_time(sentence, source, timeline)
    if found is None:
        return None
    at = _telling_verb(text, language)  # the frame reads the predicate nearest its date
    return replace(found, start=at, end=at)


def _telling_verb(text: str, language: str) -> int:
    """Where a sentence's main past verb stands: the last one in a language that puts
    its verb last (and drops subjects), the first otherwise."""
    g = frame_grammar(language)
    past = [
        m.start()
        for m in WORD.finditer(text)
        if any(v.fullmatch(fold(m.group())) for v in g.past_verbs)
    ]
    return (past[-1] if g.drops_subjects else past[0]) if past else 0


def document_time(sentence: Sentence, source: SourceMeta, timeline: Timeline) -> Temporal | None:
    """The publication date, for a source that speaks from it: a statement in the
    present or the future, or in the past while the text still tells recent events: no
    date yet in this paragraph or the one before, or the last one within
    :data:`RECENT_DAYS` of publication. The past before the past ("had signed",
    "imzalamıştı") is background, never the day's news."""
    published = source.published
    if not speaks_from_its_date(source.kind):
        return None
    if sentence.heading and not is_headline(sentence, source, timeline):
        return None
    if any(
        b.search(sentence.text) for b in language_resource("extract", sentence.language)["bylines"]
    ):
        return None  # "by NATO Secretary General …" credits the text, states nothing
    text = sentence.text
    if any(p.search(fold(text)) for p in frame_grammar(sentence.language).background):
        return None
    near = timeline.last if timeline.last_body >= timeline.body - 1 else None
    if _past(text, sentence.language) and not _recent(near, published):
        return None
    iso = published.iso()
    precision = "day" if published.day else "month" if published.month else "year"
    label = date_label(DateValue(iso, iso, precision, "", "document"), "en")
    value = DateValue(iso, iso, precision, "", "document", f"the publication date, {label}")
    return Temporal(value, 0, 0)


def is_headline(sentence: Sentence, source: SourceMeta, timeline: Timeline) -> bool:
    """Whether a heading is the source's title standing at its top (before any body
    paragraph), in a kind whose title states its central event."""
    if source.kind not in language_resource("sources")["headlines"] or timeline.body > 0:
        return False
    return _bare(sentence.text) == _bare(source.title)


def _bare(text: str) -> str:
    return " ".join(WORD.findall(fold(text).casefold()))


def _past(text: str, language: str, beside_plans: bool = False) -> bool:
    """Whether a statement's main verb is a past tense ("addressed", "bildirdi") and no
    present or future form stands beside it ("has provided", "will meet"); a plan it
    names (``beside_plans``: "the meeting to be held", "düzenlenecek toplantı") aside."""
    g = frame_grammar(language)
    words = [fold(w) for w in WORD.findall(text)]
    if not words or g.states.search(text) or (g.planned.search(text) and not beside_plans):
        return False
    plans = () if beside_plans else g.planned_verbs
    if any(v.fullmatch(w) for v in (*plans, *g.state_verbs) for w in words):
        return False
    main = words[-1:] if g.drops_subjects else words
    if not g.drops_subjects and any(v.fullmatch(w) for v in g.present_verbs for w in words):
        return False
    return any(v.fullmatch(w) for v in g.past_verbs for w in main)


def tells(text: str, language: str) -> bool:
    """Whether a text has a verb form the language marks (a statement, not a bare
    reference such as "Kuzey Atlantik Antlaşması, Washington, 1949.")."""
    g = frame_grammar(language)
    verbs = (*g.past_verbs, *g.present_verbs, *g.planned_verbs, *g.state_verbs, *g.possible_verbs)
    return any(v.fullmatch(w) for v in verbs for w in (fold(w) for w in WORD.findall(text)))


def _recent(last: DateValue | None, published: PartialDate) -> bool:
    """Whether the text's last date is near its publication date (or it gave none)."""
    if last is None:
        return True
    end = _as_day(last.end, last=True)
    stated = _as_day(published.iso(), last=True)
    return abs((stated - end).days) <= RECENT_DAYS


def _as_day(iso: str, last: bool = False) -> datetime.date:
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 1:
        return datetime.date(parts[0], 12 if last else 1, 31 if last else 1)
    if len(parts) == 2:
        day = 28 if last else 1
        return datetime.date(parts[0], parts[1], day)
    return datetime.date(*parts)
