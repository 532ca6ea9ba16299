"""Statements: a sentence that tells two things is read as two.

News prose in Turkish joins two things a speaker said around a reporting participle or
converb: "[toplantıda birçok konuyu ele alacağını aktaran] Stoltenberg, [toplantının
zirveye hazırlık olacağını söyledi]", "[... gündeme geleceğini belirterek] [“...”
ifadelerini kullandı]". Each half is a statement with its own date, written or borrowed
(the meeting it names, the publication date), and its own quote; the speaker named at the
joint, set off by a comma, belongs to both. Which word forms join is language data
(``statement_joints`` in ``resources/<lang>/frames.yml``); a language without them reads
each sentence whole.
"""

from __future__ import annotations

import re

from .frames import grammar
from .frames.grammar import WORD
from .frames.reported import said_clause_ends
from .lexicon import REPORTING, Lexicon
from .records import Sentence
from .text import fold

MIN_WORDS = 3  # a half shorter than this is a phrase, not a statement
SPEAKER_WORDS = 4  # words a speaker set off at the joint may take ("NATO Genel Sekreteri X,")


def statements(sentence: Sentence, lexicon: Lexicon) -> list[Sentence]:
    """The sentence's statements in reading order: the sentence itself when it has one."""
    g = grammar(sentence.language)
    if not g.statement_joints or sentence.heading:
        return [sentence]
    text = sentence.text
    parts: list[tuple[int, int]] = []
    begin = 0
    for joint in _joints(text, sentence.language, lexicon, g.statement_joints):
        following = list(WORD.finditer(text, joint))[:SPEAKER_WORDS]
        speaker_end = _speaker_end(text, joint, following)
        first = (begin, speaker_end if speaker_end is not None else joint)
        halves = (text[first[0] : first[1]], text[joint:])
        if not all(_states(half, sentence.language, lexicon) for half in halves):
            continue
        parts.append(first)
        begin = joint
    if not parts:
        return [sentence]
    parts.append((begin, len(text)))
    return [_part(sentence, start, end) for start, end in parts]


def said_clauses(sentence: Sentence, lexicon: Lexicon) -> list[Sentence]:
    """A statement's said clauses in a row, each a statement: "Stoltenberg, [ortaklarla iş
    birliğini artıracaklarını], [koalisyona destek vermeye devam edeceklerini] belirtti"
    tells two things said at once, which share the reporting verb and its date. A said
    clause closes with a nominalised verb (``said_clauses`` in ``frames.yml``) and a comma;
    a part naming nobody stays with the next."""
    g = grammar(sentence.language)
    text = sentence.text
    verb = _last_saying(text, sentence.language, lexicon)
    if verb is None or not g.said_clauses:
        return [sentence]
    closing = said_clause_ends(text, verb, g)
    joints = [word.end() for word in closing[:-1] if text[word.end() :].startswith(",")]
    parts: list[tuple[int, int]] = []
    begin = 0
    for joint in joints:
        if _states(text[begin:joint], sentence.language, lexicon) and _states(
            text[joint:], sentence.language, lexicon
        ):
            parts.append((begin, joint))
            begin = joint
    if not parts:
        return [sentence]
    parts.append((begin, len(text)))
    return [_part(sentence, start, end) for start, end in parts]


def _last_saying(text: str, language: str, lexicon: Lexicon) -> int | None:
    """Where the last reporting verb outside a quotation begins, or None."""
    starts = [
        mention.start
        for mention in lexicon.find_predicates(text, language)
        if mention.id == REPORTING and not _quotes_open(text[: mention.start])
    ]
    return max(starts, default=None)


def _joints(
    text: str, language: str, lexicon: Lexicon, forms: tuple[re.Pattern[str], ...]
) -> list[int]:
    """Where a reporting verb in a joining form ends: a stem of the lexicon's reporting
    predicate ("söyle", "belirt") and an ending of ``forms`` ("yen", "erek") make the
    whole word ("söyleyen", "belirterek"; not "açıklamasından"), or a term is such a form
    whole (an irregular stem: "diyen")."""
    found = []
    for mention in lexicon.find_predicates(text, language):
        if mention.id != REPORTING or _quotes_open(text[: mention.start]):
            continue
        ending = lexicon.ending(mention, language)
        if ending == "":  # a term that is a joining form itself ("diyen", from "demek")
            ending = fold(mention.text)
            joins = any(re.fullmatch(rf"\w*(?:{p.pattern})", ending, p.flags) for p in forms)
        else:
            joins = ending is not None and any(p.fullmatch(ending) for p in forms)
        if joins:
            found.append(mention.end)
    return sorted(set(found))


def _quotes_open(before: str) -> bool:
    """Whether a quotation opened before this point is still open: a speaker's own words
    are one statement however they are built."""
    straight = before.count('"') % 2 == 1
    return straight or before.count("“") > before.count("”")


def _speaker_end(text: str, at: int, following: list[re.Match[str]]) -> int | None:
    """Where a speaker named right after the joint ends: the words up to a comma."""
    for word in following:
        if text[word.end() :].lstrip().startswith(","):
            return word.end()
        if "," in text[at : word.start()]:
            return None
    return None


def _states(half: str, language: str, lexicon: Lexicon) -> bool:
    """Whether half a sentence can be a statement of its own: some words, and a name
    (a half naming nobody leaves its subject in the other: "..., iş birliğini
    artırdıklarını ifade etti")."""
    return len(WORD.findall(half)) >= MIN_WORDS and bool(lexicon.find_entities(half, language))


def _part(sentence: Sentence, start: int, end: int) -> Sentence:
    """The sentence's text from ``start`` to ``end``, trimmed, with its own offsets."""
    text = sentence.text
    while start < end and (text[start].isspace() or text[start] == ","):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return Sentence(
        sentence.anchor,
        text[start:end],
        sentence.offsets[start:end],
        sentence.paragraph,
        sentence.language,
        sentence.note_refs if end == len(sentence.text.rstrip()) else (),
        sentence.heading,
        sentence.page,
    )
