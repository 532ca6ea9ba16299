"""Whether a clause's date and frame state a fact (DESIGN.md §2, the guard).

A date the clause does not write dates only a statement of what happened: a predicate
for a date borrowed from a name or an opening, an actor too for one borrowed with no
phrase (a note, the publication date). A ceasefire dated by its war takes the war's end;
a date after the source is a plan or no fact.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from .dating import Dated
from .frames import PARTY_TYPES, Frame, future_reading
from .lexicon import REPORTING, Lexicon
from .records import SourceMeta, Temporal
from .resources import language_resource
from .text import fold


def weigh(
    temporal: Temporal,
    frame: Frame,
    clause: str,
    dated: Dated,
    language: str,
    source: SourceMeta,
    lexicon: Lexicon,
) -> tuple[tuple[Temporal, Frame] | None, str]:
    """A clause's date and frame once weighed, or None and why it states nothing: a
    borrowed date needs a statement of an event; a ceasefire dated by its war takes the
    war's end; a date after the source is a plan, or a misdated past (no fact)."""
    needs = dated.needs or ("predicate" if _today(temporal, language) else "")
    if needs == "actor" and not frame.actors and _speaker_named(clause, frame, language, lexicon):
        needs = "predicate"  # "Stoltenberg, asker gönderileceğini hatırlattı": he said it then
    if dated.how == "note" and frame.actors:
        needs = "predicate"  # a state the cited text dates: "currently ranking 10th" then
    if needs == "actor" and _pledged(clause, frame, language, lexicon):
        needs = "predicate"  # "NATO will continue to support Ukraine", he said: a pledge
    if needs and not states_an_event(frame, lexicon, needs == "actor"):
        return None, "no event" if temporal.value.text else ""
    if dated.how == "event" and _ends(clause, language, lexicon):
        temporal = _at_the_end(temporal)  # "ateşkes, Kore Savaşı’nda": the war's end
    if _after(temporal, source):
        told = future_reading(frame, clause, language, lexicon)
        if told is None:
            return None, "after the source"
        frame = told
    return (temporal, frame), ""


def _speaker_named(clause: str, frame: Frame, language: str, lexicon: Lexicon) -> bool:
    """Whether a clause with no doer reports what a party it names said: the saying is
    the event of its day ("troops will be sent", Stoltenberg recalled)."""
    if not lexicon.reports(clause, language) or frame.predicate == REPORTING:
        return False
    return any(
        lexicon.entities[m.id].type in PARTY_TYPES for m in lexicon.find_entities(clause, language)
    )


def _pledged(clause: str, frame: Frame, language: str, lexicon: Lexicon) -> bool:
    """Whether a clause reports what a party will do: a plan or pledge made when it was
    said is that day's event, even when what it plans goes on ("will continue to support",
    "desteklemeye devam edeceklerini belirtti")."""
    return (
        frame.modality == "planned"
        and frame.predicate not in (None, REPORTING)
        and lexicon.reports(clause, language)
    )


def _today(temporal: Temporal, language: str) -> bool:
    """Whether a date is the source's own day ("today", "bugün"): it dates only a
    statement of an event ("today our security is linked to East Asia" states none)."""
    return fold(temporal.value.text).casefold() in _present_words(language)


@cache
def _present_words(language: str) -> frozenset[str]:
    present = language_resource("dates/relative", language)["present_words"]
    return frozenset(fold(w).casefold() for w in present)


def _ends(clause: str, language: str, lexicon: Lexicon) -> bool:
    """Whether a clause tells how something ended (a ceasefire signed, a war ended)."""
    return any(lexicon.predicates[p.id].at_end for p in lexicon.find_predicates(clause, language))


def _at_the_end(temporal: Temporal) -> Temporal:
    """A statement of how an event it names ended, dated by that event: its last date."""
    value = temporal.value
    end = replace(value, start=value.end, precision=_precision_of(value.end))
    return replace(temporal, value=end)


def _precision_of(iso: str) -> str:
    return {4: "year", 7: "month", 10: "day"}[len(iso)]


def states_an_event(frame: Frame, lexicon: Lexicon, with_actor: bool) -> bool:
    """Whether a frame states what happened, so that it may take a date it does not
    write: a predicate (an evaluation or a generic remark has none) that is no mere
    possibility and, ``with_actor``, someone who did it in an event (not a figure, nor a
    state such as "we value the partnership")."""
    rule = lexicon.predicates.get(frame.predicate or "")
    if rule is None or frame.modality == "hypothetical":
        return False
    event = rule.aspect == "event" and frame.aspect == "event"
    return not with_actor or (event and bool(frame.actors))


def _after(temporal: Temporal, source: SourceMeta) -> bool:
    """Whether a date begins after the source was published (at the source date's precision)."""
    published = source.published.iso()
    return temporal.value.start[: len(published)] > published
