"""Extract stage: turn dated sentences into fact records.

One record per (sentence, distinct date) that states something happening or holding at
that time. The part of the sentence that belongs to a date (its *scope*) decides the
kind and the entities, so "signed X in 2012 and renewed X in 2017" gives two records
and a "respectively" list gives one record per name. Every dated sentence that yields
nothing is reported with a reason, so nothing is dropped silently.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass
from functools import cache

from .dates import find_temporals, in_citation
from .lexicon import Lexicon
from .records import DateValue, Document, Fact, Mention, PartialDate, Sentence, Temporal
from .resources import load_resource, phrase_pattern, string_list

SCOPE_PUNCTUATION = re.compile(r"[,;:]\s|\s[–—-]\s|\(")
KIND_LABELS = {"event": "Event", "partnership": "Partnership", "programme": "Programme"}


@dataclass(frozen=True)
class Cues:
    """Per-language extraction cues, compiled from ``resources/<lang>/extract.yml``."""

    respectively: re.Pattern[str]
    clause_breaks: re.Pattern[str]
    not_factual: re.Pattern[str]


@dataclass(frozen=True)
class Skipped:
    """A dated sentence (or date) that gave no fact, and why: the coverage report."""

    source: str
    sentence: str
    date_text: str
    reason: str


@dataclass(frozen=True)
class Extraction:
    facts: tuple[Fact, ...]
    skipped: tuple[Skipped, ...]


@cache
def cues_for(language: str) -> Cues:
    """Load and compile the cues of one language (English ones for unknown languages)."""
    relpath = f"{language if language in ('en', 'tr') else 'en'}/extract.yml"
    symbols = ("respectively", "clause_breaks", "not_factual")
    data = load_resource(relpath, symbols)
    compiled = {key: phrase_pattern(string_list(data, key, relpath)) for key in symbols}
    return Cues(**compiled)


def fact_id(source: str, sentence_text: str, date_text: str, occurrence: int) -> str:
    """A kind-independent id that survives edits elsewhere in the source."""
    digest = hashlib.sha1(
        f"{sentence_text}\x00{date_text}\x00{occurrence}".encode(), usedforsecurity=False
    ).hexdigest()
    return f"f-{source}-{digest[:6]}"


def scopes(sentence: str, temporals: list[Temporal], cues: Cues) -> list[tuple[int, int]]:
    """Split a sentence into one ``[start, end)`` stretch per date.

    Between two consecutive dates the cut falls on the clause break (punctuation or a
    conjunction) nearest to the second date, so each date keeps the words that lead up
    to it ("and renewed the IPCP | in 2017").
    """
    if len(temporals) == 1:
        return [(0, len(sentence))]
    breaks = sorted(
        {m.start() for m in SCOPE_PUNCTUATION.finditer(sentence)}
        | {m.start() for m in cues.clause_breaks.finditer(sentence)}
    )
    cuts = [0]
    for previous, current in itertools.pairwise(temporals):
        between = [b for b in breaks if previous.end <= b <= current.start]
        cuts.append(between[-1] if between else current.start)
    cuts.append(len(sentence))
    return list(itertools.pairwise(cuts))


def _within(mentions: list[Mention], start: int, end: int) -> list[Mention]:
    return [m for m in mentions if m.start >= start and m.end <= end]


def _unique(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def choose_kind(lexicon: Lexicon, text: str, language: str) -> str | None:
    """The kind of the highest-priority trigger in ``text``, if any."""
    return lexicon.kind_of(lexicon.find_triggers(text, language))


def make_title(kind: str, entity_names: list[str], scope_text: str, language: str) -> str:
    """A short English title: the clause itself for English, a label for other languages."""
    if language == "en":
        words = scope_text.strip(" ,;:.").split()
        clause = " ".join(words[:18]) + (" …" if len(words) > 18 else "")
        return clause[:1].upper() + clause[1:]
    names = entity_names[:4]
    joined = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)
    return f"{KIND_LABELS[kind]} involving {joined}" if joined else KIND_LABELS[kind]


def _respectively_pairs(
    sentence: Sentence, temporals: list[Temporal], mentions: list[Mention], lexicon: Lexicon
) -> list[tuple[Temporal, list[Mention]]] | None:
    """Pair dates with countries in order when the sentence says "respectively"."""
    cues = cues_for(sentence.language)
    if len(temporals) < 2 or not cues.respectively.search(sentence.text):
        return None
    after_dates = temporals[-1].end
    listed = [
        m
        for m in mentions
        if m.start >= after_dates and lexicon.entities[m.id].type in ("country", "organisation")
    ]
    listed = [m for i, m in enumerate(listed) if m.id not in {x.id for x in listed[:i]}]
    if len(listed) != len(temporals):
        return None
    return [(t, [m]) for t, m in zip(temporals, listed, strict=True)]


def extract_sentence(
    sentence: Sentence,
    source: str,
    lexicon: Lexicon,
    anchor: PartialDate,
    context: PartialDate | None,
) -> tuple[list[Fact], list[Skipped]]:
    """Facts stated by one sentence, and the dates in it that gave none."""
    text = sentence.text
    language = sentence.language
    found = find_temporals(text, language, anchor=anchor, context=context)
    if not found:
        return [], []
    skipped: list[Skipped] = []
    temporals: list[Temporal] = []
    for temporal in found:
        if in_citation(text, temporal.start, temporal.end, language):
            skipped.append(Skipped(source, sentence.anchor, temporal.value.text, "citation"))
        else:
            temporals.append(temporal)
    if not temporals:
        return [], skipped
    if sentence.heading:
        return [], skipped + [
            Skipped(source, sentence.anchor, t.value.text, "heading") for t in temporals
        ]
    cues = cues_for(language)
    if cues.not_factual.search(text):
        return [], skipped + [
            Skipped(source, sentence.anchor, t.value.text, "not a statement of fact")
            for t in temporals
        ]
    mentions = lexicon.find_entities(text, language)
    topics = _unique([m.id for m in lexicon.find_topics(text, language)])
    sentence_kind = choose_kind(lexicon, text, language)

    pairs = _respectively_pairs(sentence, temporals, mentions, lexicon)
    aligned = pairs is not None
    if pairs is None:
        pairs = _scoped_pairs(text, temporals, mentions, cues)

    facts: list[Fact] = []
    occurrences: dict[tuple[str, str], int] = {}
    for temporal, scoped in pairs:
        date_key = (temporal.value.start, temporal.value.end)
        if date_key in occurrences and not aligned:
            continue  # the same date written twice in one sentence is one statement
        entity_ids = _unique([m.id for m in scoped])
        if not entity_ids:
            skipped.append(Skipped(source, sentence.anchor, temporal.value.text, "no entity"))
            continue
        occurrence = occurrences.get(date_key, 0)
        occurrences[date_key] = occurrence + 1
        clause = text if len(pairs) == 1 else _clause_around(text, temporal)
        kind = choose_kind(lexicon, clause, language) or sentence_kind or "event"
        names = [lexicon.entities[e].name for e in entity_ids]
        facts.append(
            Fact(
                id=fact_id(source, text, temporal.value.text, occurrence),
                kind=kind,
                date=temporal.value,
                title=make_title(kind, names, clause, language),
                entities=entity_ids,
                topics=topics,
                source=source,
                sentence=sentence.anchor,
                span=sentence.span,
                quote=text,
                language=language,
            )
        )
    return facts, skipped


def _scoped_pairs(
    text: str, temporals: list[Temporal], mentions: list[Mention], cues: Cues
) -> list[tuple[Temporal, list[Mention]]]:
    """Give each date the entities of its scope plus the sentence's opening subject."""
    stretches = scopes(text, temporals, cues)
    head_end = stretches[0][1]
    pairs = []
    for temporal, (start, end) in zip(temporals, stretches, strict=True):
        own = _within(mentions, start, end)
        subject = _within(mentions, 0, head_end) if start > 0 else []
        pairs.append((temporal, own + subject))
    if len(temporals) == 1 or all(scoped for _, scoped in pairs):
        return pairs
    return [(t, scoped or mentions) for t, scoped in pairs]


def _clause_around(text: str, temporal: Temporal) -> str:
    """The clause holding a date: from the previous clause break to the next one."""
    breaks = [0] + [m.start() for m in SCOPE_PUNCTUATION.finditer(text)] + [len(text)]
    start = max(b for b in breaks if b <= temporal.start)
    end = min(b for b in breaks if b >= temporal.end)
    return text[start:end]


def extract_document(document: Document, lexicon: Lexicon) -> Extraction:
    """Facts from every sentence of a document, in reading order."""
    anchor = document.source.published
    context: PartialDate | None = None
    facts: list[Fact] = []
    skipped: list[Skipped] = []
    for sentence in document.sentences:
        found, missed = extract_sentence(sentence, document.source.id, lexicon, anchor, context)
        facts.extend(found)
        skipped.extend(missed)
        context = _last_explicit(found) or context
    return Extraction(tuple(facts), tuple(skipped))


def _last_explicit(facts: list[Fact]) -> PartialDate | None:
    """The last explicitly written full date, which later day/month-only dates inherit."""
    for fact in reversed(facts):
        value: DateValue = fact.date
        if value.basis == "explicit" and value.precision in ("day", "month", "year"):
            parts = [int(p) for p in value.start.split("-")]
            return PartialDate(*parts)
    return None
