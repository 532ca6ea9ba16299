"""What a speaker says: where the said part of a clause begins, and which predicate is its
verb (``complementizers`` and ``said_clauses`` in the language's ``frames.yml``). What was
said is what a clause tells, not the saying: "said that NATO would support Ukraine" is
NATO's support; the speaker is not its doer."""

from __future__ import annotations

import re

from ..lexicon import REPORTING
from ..records import Mention
from ..text import fold
from .grammar import WORD, FrameGrammar
from .telling import GOVERNING_WORDS


def reported_from(
    clause: str, stated: list[Mention], predicate: Mention | None, g: FrameGrammar
) -> int:
    """Where the content a speaker reports begins, when the predicate stands in it: after
    "said that", "took note that" ("Cho took note that the ROK-NATO relations, which
    started in 2005 …": the relations began, not Cho's); else 0."""
    if predicate is None or predicate.id == REPORTING:
        return 0
    begins = 0
    for said in stated:
        if said.id != REPORTING or said.end > predicate.start:
            continue
        link = g.complementizers.search(clause, said.end, predicate.start)
        if link and len(WORD.findall(clause[said.end : link.start()])) <= 2:
            begins = link.end()
    return begins


def tells_content(clause: str, said: Mention, stated: list[Mention], g: FrameGrammar) -> bool:
    """Whether a reporting verb tells what was said as a clause of its own whose verb is
    a predicate ("said that NATO would support Ukraine", "desteklemeye devam edeceğini
    söyledi"): that predicate is what the clause tells, the saying only frames it."""
    if said.id != REPORTING:
        return False
    others = [found for found in stated if found.id != REPORTING]
    if g.drops_subjects:  # the content comes first, a nominalised verb closing it
        # two said clauses sharing the verb ("artıracaklarını, … edeceklerini belirtti")
        # are two statements, which one frame cannot tell: the saying stays the statement
        return len(said_clause_ends(clause, said.start, g)) == 1 and any(
            said_before(clause, found, said, g) for found in others
        )
    link = g.complementizers.search(clause, said.end)
    return bool(
        link
        and len(WORD.findall(clause[said.end : link.start()])) <= 2
        and any(found.start >= link.end() for found in others)
    )


def said_before(clause: str, found: Mention, said: Mention, g: FrameGrammar) -> bool:
    """Whether a predicate is the verb of what a later reporting verb says, a clause
    closed by a nominalised verb: the predicate's own word or one of the two after it
    ("tatbikatlara katılacağını", "desteklemeye devam edeceğini söyledi"; not "siber
    saldırılarla mücadelede iş birliğini artırdıklarını", whose verb is the cooperation)."""
    return found.end <= said.start and said_verb(clause, found, said.start, g)


def said_verb(clause: str, found: Mention, until: int, g: FrameGrammar) -> bool:
    """Whether a predicate's verb, before ``until``, is a nominalised one that closes a
    said clause (its own word or one of the two after it); such a clause's subject is in
    the genitive ("NATO'nun … desteklemeye devam edeceğini")."""
    words = [w for w in WORD.finditer(clause, found.start, until) if w.end() >= found.end]
    return any(
        p.fullmatch(fold(word.group()))
        for word in words[: GOVERNING_WORDS + 1]
        for p in g.said_clauses
    )


def said_clause_ends(text: str, until: int, g: FrameGrammar) -> list[re.Match[str]]:
    """The nominalised verbs before ``until`` that close a said clause ("artıracaklarını")."""
    return [
        word
        for word in WORD.finditer(text, 0, until)
        if any(p.fullmatch(fold(word.group())) for p in g.said_clauses)
    ]
