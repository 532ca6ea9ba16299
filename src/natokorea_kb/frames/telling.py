"""How a clause tells its predicate: whether it happened (polarity), whether it is
actual, planned or only possible (modality), and whether it is an event or a state
(aspect), from the words around the predicate and the endings of its verbs (the
language's ``frames.yml``)."""

from __future__ import annotations

import re

from ..lexicon import Predicate
from ..records import Mention
from ..text import fold
from .grammar import WORD, FrameGrammar, grammar

GOVERNING_WORDS = 2  # a verbal noun's governing verb, and a noun it may take ("devam et")


def how_told(
    clause: str,
    predicate: Mention | None,
    rule: Predicate | None,
    hidden: list[tuple[int, int]],
    anchor: int,
    language: str,
) -> tuple[str, str, str, bool]:
    """Polarity, modality, aspect and whether it begins, from the words around the
    predicate; a beginning is a change at a time, even when told as the state it began."""
    g = grammar(language)
    words = told_words(clause, predicate, hidden, language)
    near = _near(clause, anchor)
    begins = bool(rule and rule.begins) or bool(g.starts.search(clause))
    aspect = rule.aspect if rule else "event"
    if aspect == "event" and not begins and any_told(words, g.state_verbs, g.states, near):
        aspect = "state"
    polarity = "negated" if _negated(near, words, g) else "affirmed"
    # the words of the predicate itself say what it is, not whether it happened: a call
    # ("called on", "çağrısı yaptı") happened, what it calls for did not
    unsaid = near
    if predicate is not None:
        start, end = _near_span(clause, anchor)
        own = clause[start : predicate.start] + " " * len(predicate.text)
        unsaid = own + clause[predicate.end : end]
    return polarity, _modality(unsaid, words, g), aspect, begins and aspect == "event"


def told_words(
    clause: str, predicate: Mention | None, hidden: list[tuple[int, int]], language: str
) -> list[str]:
    """The folded words whose endings say whether, and how, the predicate happened: its
    own words (all of a term of several: "ele al|acaklarını"; in Turkish the light verb
    after a bare noun: "ziyaret edeceğini", and the verb that carries on a verbal noun:
    "desteklemeye devam edeceğini") and the clause's last word (where a Turkish main
    verb stands)."""
    words = [
        m
        for m in WORD.finditer(clause)
        if not any(start <= m.start() < end for start, end in hidden)
    ]
    chosen = [words[-1]] if words else []
    if predicate is not None:
        own = [
            i
            for i, m in enumerate(words)
            if m.start() <= predicate.end and predicate.start < m.end() + 1
        ]
        chosen += [words[i] for i in own]
        g = grammar(language)
        light = own and words[own[-1]].end() == predicate.end and own[-1] + 1 < len(words)
        if own and any(p.fullmatch(fold(words[own[-1]].group())) for p in g.governed_nouns):
            chosen += words[own[-1] + 1 : own[-1] + 1 + GOVERNING_WORDS]
        elif light and g.drops_subjects:  # "ziyaret edeceğini": the verb after
            chosen.append(words[own[-1] + 1])
    return [fold(m.group()) for m in chosen]


def _near(clause: str, anchor: int) -> str:
    """The words around the predicate that modals and negations belong to: the six words
    before it and the three after it."""
    start, end = _near_span(clause, anchor)
    return clause[start:end]


def _near_span(clause: str, anchor: int) -> tuple[int, int]:
    before = clause[:anchor]
    start = min((m.start() for m in list(WORD.finditer(before))[-6:]), default=anchor)
    after = list(WORD.finditer(clause, anchor))[:4]
    return start, after[-1].end() if after else len(clause)


def any_told(
    words: list[str], verbs: tuple[re.Pattern[str], ...], phrases: re.Pattern[str], clause: str
) -> bool:
    return bool(phrases.search(clause)) or any(v.fullmatch(w) for v in verbs for w in words)


def _negated(near: str, words: list[str], g: FrameGrammar) -> bool:
    """A negation word near the predicate, or a negative verb."""
    if any(v.fullmatch(w) for v in g.negative_verbs for w in words):
        return True
    return bool(g.negation.search(near))


def _modality(near: str, words: list[str], g: FrameGrammar) -> str:
    """Planned, hypothetical or actual; a predicate told as a verbal noun another verb
    takes ("silah göndermeyi zorlaştırdı": made sending arms harder) is not asserted."""
    if any_told(words, g.planned_verbs, g.planned, near):
        return "planned"
    if any_told(words, g.possible_verbs, g.possible, near):
        return "hypothetical"
    if any(v.fullmatch(w) for v in g.unasserted_verbs for w in words[1:]):
        return "hypothetical"
    return "actual"
