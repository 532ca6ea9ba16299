"""Extract stage: turn dated sentences into fact records.

One record per (sentence, distinct date) that states something happening or holding at
that time. The part of the sentence that belongs to a date (its *scope*) decides the
kind and the entities, so "signed X in 2012 and renewed X in 2017" gives two records
and a "respectively" list gives one record per name. Every dated sentence that yields
nothing is reported with a reason, so nothing is dropped silently.
"""

from __future__ import annotations

import bisect
import datetime
import hashlib
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache, partial

from .dates import find_temporals, impossible_dates, in_citation
from .frames import PARTY_TYPES, FrameContext, future_reading, read_frame, sentence_subject
from .frames import grammar as frame_grammar
from .lexicon import Lexicon
from .records import (
    DateValue,
    Document,
    Fact,
    Frame,
    Mention,
    Note,
    PartialDate,
    Sentence,
    SourceMeta,
    Temporal,
)
from .references import publisher_party
from .resources import ANAPHORA_PICKS, language_resource
from .text import fold_key, phrase_pattern
from .titles import frame_title

SCOPE_PUNCTUATION = re.compile(r"[,;:]\s|\s[–—-]\s|\(")
FRAME_DISTANCE = 30  # characters between a date and the coarser date that frames it
PREPOSITION_BEFORE = re.compile(r"(?<!\w)(\w+)\s+$")
ARTICLED = re.compile(r"(?<!\w)(\w+)\s+the\s+$", re.IGNORECASE)
TITLE_LANGUAGES = ("en", "tr")  # the languages titles are built in, where the frame allows
ANAPHORA_TYPES = ("country", "organisation")  # what "the two" or "both sides" can mean


@dataclass(frozen=True)
class Cues:
    """Per-language extraction cues, compiled from ``resources/<lang>/extract.yml``."""

    respectively: re.Pattern[str]
    clause_breaks: re.Pattern[str]
    not_factual: re.Pattern[str]
    subject_anaphora: re.Pattern[str]
    country_anaphora: re.Pattern[str]
    baseline: re.Pattern[str]  # matches at the end of the text before a date
    baseline_after: re.Pattern[str]  # matches at the start of the text after a date
    anaphora: re.Pattern[str]
    anaphora_picks: dict[str, str]  # folded phrase -> same | first | second


@dataclass(frozen=True)
class Skipped:
    """A dated sentence (or date) that gave no fact, and why: the coverage report."""

    source: str
    sentence: str
    date_text: str
    reason: str


@dataclass(frozen=True)
class DateWarning:
    """A date in a source text that names no real day: left out of the facts, not an error.

    ``file`` is the source file as the reader knows it (the pipeline names it by its
    place in the corpus), ``line`` the line of the raw text the date stands on.
    """

    file: str
    line: int
    text: str

    def __str__(self) -> str:
        return (
            f"{self.file}:{self.line}: the date {self.text!r} does not exist, so it gives no fact "
            "(nothing to fix: sources are quoted as published; correct the file only if it "
            "was copied wrongly)"
        )


@dataclass(frozen=True)
class Extraction:
    facts: tuple[Fact, ...]
    skipped: tuple[Skipped, ...]
    warnings: tuple[DateWarning, ...] = ()


@cache
def cues_for(language: str) -> Cues:
    """The compiled extraction cues of one language (none for a language without them)."""
    data = language_resource("extract", language)
    lists = ("respectively", "clause_breaks", "not_factual", "subject_anaphora", "country_anaphora")
    compiled = {key: phrase_pattern(data[key]) for key in lists}
    before = _alternation(data["baseline"])
    after = _alternation(data["baseline_after"])
    picks = data["anaphora"]
    return Cues(
        **compiled,
        baseline=re.compile(rf"(?<!\w)(?:{before})(?:\s+the)?\s*$", re.IGNORECASE),
        baseline_after=re.compile(rf"^[^\w\s]*\w*\s+(?:{after})(?!\w)", re.IGNORECASE),
        anaphora=phrase_pattern(picks),
        anaphora_picks={fold_key(p): v for p, v in picks.items()},
    )


def _alternation(phrases: tuple[str, ...]) -> str:
    """Phrases as one regex alternation, longest first; never matches when empty."""
    if not phrases:
        return "(?!)"
    ordered = sorted(phrases, key=lambda p: (-len(p), p))
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered)


def is_baseline(text: str, temporal: Temporal, cues: Cues) -> bool:
    """Whether a date is only a point of comparison ("compared to 2010")."""
    before = text[max(0, temporal.start - 40) : temporal.start]
    after = text[temporal.end : temporal.end + 30]
    return bool(cues.baseline.search(before) or cues.baseline_after.match(after))


def in_quoted_title(text: str, temporal: Temporal) -> bool:
    """Whether a date sits inside a quoted title (“NATO 2020: …”), naming, not dating."""
    opened = text.rfind("“", 0, temporal.start)
    return opened >= 0 and text.find("”", opened) >= temporal.end


def drop_contained(temporals: list[Temporal]) -> list[Temporal]:
    """Drop a coarse date that only frames a more precise one in the same sentence.

    "2001 yılında … 11 Eylül" and "in May in 2012" state one time; a century next to a
    precise date is a backdrop. Two dates far apart ("in January 2003 … the 2003
    invasion") are two statements and both stay. Only neighbouring dates are compared
    (and centuries with all), so a sentence listing thousands of dates stays linear.
    """

    def frames(outer: Temporal, inner: Temporal) -> bool:
        a, b = outer.value, inner.value
        if len(a.start) >= len(b.start):
            return False
        if not (a.start <= b.start[: len(a.start)] and b.end[: len(a.end)] <= a.end):
            return False
        near = min(abs(outer.start - inner.end), abs(inner.start - outer.end)) <= FRAME_DISTANCE
        return near or b.basis == "context" or a.precision == "century"

    framed = set()
    for index, temporal in enumerate(temporals):
        others = (
            temporals if temporal.value.precision == "century" else temporals[index - 1 : index + 2]
        )
        if any(other is not temporal and frames(temporal, other) for other in others):
            framed.add(index)
    return [t for index, t in enumerate(temporals) if index not in framed]


def anaphoric_date(text: str, cues: Cues, recent: RecentDates) -> Temporal | None:
    """A phrase such as "at the summit" dated by a date the text gave before.

    "same" takes the last date; "first"/"second" take a day of the last span of
    several days (a two-day meeting), which may lie a few sentences back.
    """
    match = cues.anaphora.search(text)
    if match is None:
        return None
    pick = cues.anaphora_picks.get(fold_key(match.group()), "same")
    referred = recent.last if pick == "same" else recent.last_days
    if referred is None:
        return None
    start, end = referred.start, referred.end
    if pick != "same":
        chosen = datetime.date.fromisoformat(start) + datetime.timedelta(
            days=ANAPHORA_PICKS.index(pick) - 1
        )
        if chosen.isoformat() > end:
            return None
        start = end = chosen.isoformat()
    value = DateValue(start, end, referred.precision, match.group(), "context")
    return Temporal(value, match.start(), match.end())


@dataclass
class RecentDates:
    """Dates a document gave so far, for phrases that refer back to them."""

    last: DateValue | None = None
    last_days: DateValue | None = None  # last span of several days

    def see(self, value: DateValue) -> None:
        self.last = value
        written_days = any(c.isdigit() for c in value.text)  # "5-6 Aralık", not "last week"
        if value.precision == "day" and value.start != value.end and written_days:
            self.last_days = value


def fact_id(source: str, sentence_text: str, date_text: str, occurrence: int) -> str:
    """A kind-independent id that survives edits elsewhere in the source."""
    digest = hashlib.sha1(
        f"{sentence_text}\x00{date_text}\x00{occurrence}".encode(), usedforsecurity=False
    ).hexdigest()
    return f"f-{source}-{digest[:6]}"


def scopes(
    sentence: str, temporals: list[Temporal], cues: Cues, names: list[Mention] = ()
) -> list[tuple[int, int]]:
    """Split a sentence into one ``[start, end)`` stretch per date.

    Between two consecutive dates the cut falls on the clause break (punctuation or a
    conjunction) nearest to the second date, so each date keeps the words that lead up
    to it ("and renewed the IPCP | in 2017"); never inside a name ("Bosnia and
    Herzegovina").
    """
    if len(temporals) == 1:
        return [(0, len(sentence))]
    breaks = sorted(
        at
        for at in {m.start() for m in SCOPE_PUNCTUATION.finditer(sentence)}
        | {m.start() for m in cues.clause_breaks.finditer(sentence)}
        if not any(name.start < at < name.end for name in names)
    )
    cuts = [0]
    for previous, current in itertools.pairwise(temporals):
        last = bisect.bisect_right(breaks, current.start) - 1  # last break before the date
        found = last >= 0 and breaks[last] >= previous.end
        cuts.append(breaks[last] if found else current.start)
    cuts.append(len(sentence))
    return list(itertools.pairwise(cuts))


def _within(mentions: list[Mention], start: int, end: int) -> list[Mention]:
    """Mentions inside ``[start, end)``; ``mentions`` are sorted by start."""
    first = bisect.bisect_left(mentions, start, key=lambda m: m.start)
    last = bisect.bisect_left(mentions, end, lo=first, key=lambda m: m.start)
    return [mentions[i] for i in range(first, last) if mentions[i].end <= end]


def _unique(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def _respectively_pairs(
    sentence: Sentence, temporals: list[Temporal], mentions: list[Mention], lexicon: Lexicon
) -> list[tuple[Temporal, list[Mention]]] | None:
    """Pair dates with the countries (or parties) after them when the sentence says
    "respectively"; the other entities of the sentence go with every date."""
    cues = cues_for(sentence.language)
    if len(temporals) < 2 or not cues.respectively.search(sentence.text):
        return None
    after_dates = temporals[-1].end
    for types in (("country",), ("country", "organisation")):
        listed = [
            m for m in mentions if m.start >= after_dates and lexicon.entities[m.id].type in types
        ]
        listed = [m for i, m in enumerate(listed) if m.id not in {x.id for x in listed[:i]}]
        if len(listed) == len(temporals):
            break
    else:
        return None
    listed_ids = {m.id for m in listed}
    shared = [m for m in mentions if m.id not in listed_ids]
    return [(t, [m, *shared]) for t, m in zip(temporals, listed, strict=True)]


@dataclass
class Reading:
    """What a document gives each of its sentences while it is read in order."""

    source: SourceMeta
    lexicon: Lexicon
    context: PartialDate | None = None  # the last full date written before
    recent: RecentDates = field(default_factory=RecentDates)
    previous: Callable[[], tuple[str, ...]] | None = None  # parties of "these states"
    salient: tuple[str, ...] = ()  # the subject of the sentences before
    publisher: str | None = None  # the party the source's "we" is
    notes: dict[int, Note] = field(default_factory=dict)  # footnotes by number
    next_notes: tuple[int, ...] = ()  # notes of the next sentence of the same paragraph
    events: dict[str, PartialDate] = field(default_factory=dict)  # meeting -> its written date


def extract_sentence(sentence: Sentence, reading: Reading) -> tuple[list[Fact], list[Skipped]]:
    """Facts stated by one sentence, and the dates in it that gave none.

    ``reading.recent`` holds the dates the document gave before this sentence, which
    phrases such as "at the summit" refer back to; the sentence's own dates are added
    to it. ``reading.previous`` gives the entities of the last sentence that named a
    country, which "the two" or "these states" refer to; it is called only for such a
    phrase, as finding that sentence costs entity scans of the sentences before.
    """
    temporals, skipped = _fact_dates(sentence, reading)
    if not temporals:
        return [], skipped
    text, language, lexicon = sentence.text, sentence.language, reading.lexicon
    mentions, referred = _mentions(sentence, reading)
    topics = _unique([m.id for m in lexicon.find_topics(text, language)])
    pairs = _respectively_pairs(sentence, temporals, mentions, lexicon)
    aligned = pairs is not None
    if pairs is None:
        pairs, clauses = _scoped_pairs(text, temporals, mentions, cues_for(language))
    else:
        clauses = [text] * len(pairs)  # an aligned list shares one predicate
    facts: list[Fact] = []
    occurrences: dict[tuple[str, str], int] = {}
    opening: tuple[str, ...] = ()
    for (temporal, scoped), clause in zip(pairs, clauses, strict=True):
        date_key = (temporal.value.start, temporal.value.end)
        if date_key in occurrences and not aligned:
            continue  # the same date written twice in one sentence is one statement
        entity_ids = _unique([m.id for m in scoped])
        if not entity_ids:
            skipped.append(
                Skipped(reading.source.id, sentence.anchor, temporal.value.text, "no entity")
            )
            continue
        context = FrameContext(opening, reading.salient, reading.publisher)
        frame = _frame(
            clause,
            text,
            temporal,
            mentions,
            language,
            lexicon,
            context,
            scoped if aligned else None,
        )
        opening = opening or frame.actors
        if _after_the_source(temporal, reading):
            told = future_reading(frame, clause, language, lexicon)
            if told is None:
                skipped.append(
                    Skipped(
                        reading.source.id, sentence.anchor, temporal.value.text, "after the source"
                    )
                )
                continue
            frame = told
        occurrence = occurrences.get(date_key, 0)
        occurrences[date_key] = occurrence + 1
        entities = _unique([*entity_ids, *(p for p in frame.actors if p not in referred)])
        facts.append(
            _fact(
                sentence,
                reading,
                temporal,
                frame,
                clause,
                _unique([*entities, *referred]),
                topics,
                occurrence,
            )
        )
    return facts, skipped


def _fact_dates(sentence: Sentence, reading: Reading) -> tuple[list[Temporal], list[Skipped]]:
    """The dates of a sentence that date a statement; the others with the reason why not."""
    text, language, source = sentence.text, sentence.language, reading.source.id
    found = _dated(sentence, reading)
    cues = cues_for(language)
    if not found:
        referred = anaphoric_date(text, cues, reading.recent)
        if referred is None:
            return [], []
        found = [referred]
    skipped: list[Skipped] = []
    temporals: list[Temporal] = []
    for temporal in found:
        reason = _not_a_fact_date(text, temporal, language, cues)
        if reason:
            skipped.append(Skipped(source, sentence.anchor, temporal.value.text, reason))
        else:
            temporals.append(temporal)
            reading.recent.see(temporal.value)
    kept = drop_contained(temporals)
    kept_ids = {id(t) for t in kept}
    skipped.extend(
        Skipped(source, sentence.anchor, t.value.text, "contains a more precise date")
        for t in temporals
        if id(t) not in kept_ids
    )
    reason = "heading" if sentence.heading else None
    if kept and reason is None and cues.not_factual.search(text):
        reason = "not a statement of fact"
    if reason:
        skipped.extend(Skipped(source, sentence.anchor, t.value.text, reason) for t in kept)
        return [], skipped
    return kept, skipped


def _dated(sentence: Sentence, reading: Reading) -> list[Temporal]:
    """The temporal expressions of a sentence; a day or month written without a year takes
    it from, in turn: a note on this sentence or the next of its paragraph that dates the
    same month ("in February" with a note on the 4 February 2011 speech; basis note), the
    date the text gave the meeting the sentence names ("the Chicago Summit in May"), or
    the last full date written before (basis context)."""
    text, language, anchor = sentence.text, sentence.language, reading.source.published
    for number in (*sentence.note_refs, *reading.next_notes):
        note = reading.notes.get(number)
        for dated in _note_dates(note) if note else ():
            found = find_temporals(text, language, anchor=anchor, context=dated)
            borrowed = [t for t in found if t.value.basis == "context"]
            if borrowed and all(t.value.start[:7] == dated.iso()[:7] for t in borrowed):
                return [_rebased(t, "note") if t in borrowed else t for t in found]
    named = [m.id for m in reading.lexicon.find_entities(text, language)]
    event = next((reading.events[e] for e in named if e in reading.events), None)
    return find_temporals(text, language, anchor=anchor, context=event or reading.context)


def _note_dates(note: Note) -> list[PartialDate]:
    """The full dates a note writes out (a speech's date in its citation counts)."""
    return [
        _partial(t.value.start)
        for t in find_temporals(note.text, note.language)
        if t.value.basis == "explicit" and t.value.precision == "day"
    ]


def _rebased(temporal: Temporal, basis: str) -> Temporal:
    return replace(temporal, value=replace(temporal.value, basis=basis))


def _partial(iso: str) -> PartialDate:
    return PartialDate(*(int(part) for part in iso.split("-")))


def _mentions(sentence: Sentence, reading: Reading) -> tuple[list[Mention], set[str]]:
    """The sentence's entity mentions, with the parties "these states" refers to."""
    lexicon, text = reading.lexicon, sentence.text
    mentions = lexicon.find_entities(text, sentence.language)
    names_a_party = any(lexicon.entities[m.id].type in PARTY_TYPES for m in mentions)
    if names_a_party or not reading.previous:
        return mentions, set()
    cues = cues_for(sentence.language)
    countries = cues.country_anaphora.search(text)
    referring = countries or cues.subject_anaphora.search(text)
    before = reading.previous() if referring else ()
    if not (referring and before):
        return mentions, set()
    types = ("country",) if countries else ANAPHORA_TYPES
    parties = [e for e in before if lexicon.entities[e].type in types]
    added = [Mention(e, referring.start(), referring.end(), referring.group()) for e in parties]
    return sorted(mentions + added, key=lambda m: m.start), set(parties)


def _frame(
    clause: str,
    text: str,
    temporal: Temporal,
    mentions: list[Mention],
    language: str,
    lexicon: Lexicon,
    context: FrameContext,
    aligned: list[Mention] | None,
) -> Frame:
    """The frame of a date's clause; in an aligned list, its own name is the actor.

    A clause that states no predicate of its own ("1950'lerin sonlarında | ve 1960'larda
    ABD … konuşlandırarak") shares the sentence's, with its own actors where it names them.
    """
    frame = _read(clause, text, temporal, mentions, language, lexicon, context)
    if frame.predicate is None and clause != text:
        whole = _read(text, text, temporal, mentions, language, lexicon, context)
        frame = replace(whole, actors=frame.actors or whole.actors)
    if aligned:
        own = aligned[0].id
        if own in frame.parties or not frame.actors:
            others = tuple(p for p in frame.actors if p != own)
            kept = tuple(p for p in others if lexicon.entities[p].type != "country")
            frame = replace(frame, actors=(own, *kept), actor_via=None)
    return frame


def _read(
    clause: str,
    text: str,
    temporal: Temporal,
    mentions: list[Mention],
    language: str,
    lexicon: Lexicon,
    context: FrameContext,
) -> Frame:
    offset = text.find(clause)
    local = [
        Mention(m.id, m.start - offset, m.end - offset, m.text)
        for m in mentions
        if offset <= m.start and m.end <= offset + len(clause)
    ]
    return read_frame(clause, local, language, lexicon, context, temporal.start - offset)


def _after_the_source(temporal: Temporal, reading: Reading) -> bool:
    """Whether a date begins after the source was published (at the source date's precision)."""
    published = reading.source.published.iso()
    return temporal.value.start[: len(published)] > published


def _fact(
    sentence: Sentence,
    reading: Reading,
    temporal: Temporal,
    frame: Frame,
    clause: str,
    entities: list[str],
    topics: list[str],
    occurrence: int,
) -> Fact:
    lexicon, language = reading.lexicon, sentence.language
    bare = _without_date(clause, sentence.text, temporal, language)
    built = {
        lang: frame_title(frame, temporal.value, lang, lexicon, bare if lang == language else "")
        for lang in dict.fromkeys((*TITLE_LANGUAGES, language))
    }
    titles = {lang: title for lang, title in built.items() if title}
    fallback = frame_title(
        frame,
        temporal.value,
        language,
        lexicon,
        _without_date(sentence.text, sentence.text, temporal, language),
    )
    return Fact(
        id=fact_id(reading.source.id, sentence.text, temporal.value.text, occurrence),
        kind=kind_of(frame, lexicon),
        date=temporal.value,
        title=titles.get("en") or titles.get(language) or fallback or sentence.text,
        entities=entities,
        topics=topics,
        source=reading.source.id,
        sentence=sentence.anchor,
        span=sentence.span,
        quote=sentence.text,
        language=language,
        page=sentence.page,
        frame=frame,
        titles=titles,
    )


def _without_date(clause: str, text: str, temporal: Temporal, language: str) -> str:
    """The clause without its date expression and the preposition before it: a title
    gives the date in brackets of its own ("… was formed (1949)")."""
    offset = text.find(clause)
    start, end = temporal.start - offset, temporal.end - offset
    if not (0 <= start <= end <= len(clause)):
        return clause
    before = clause[:start]
    prepositions = frame_grammar(language).obliques_before
    governing = PREPOSITION_BEFORE.search(before)
    if governing and prepositions.fullmatch(governing.group(1)):
        before = before[: governing.start()]
    elif temporal.value.precision in ("decade", "century"):  # "in the 1990s"
        governing = ARTICLED.search(before)
        if governing and prepositions.fullmatch(governing.group(1)):
            before = before[: governing.start()]
    return " ".join(f"{before} {clause[end:]}".split()).replace(" ,", ",").strip(" ,")


def kind_of(frame: Frame, lexicon: Lexicon) -> str:
    """The fact kind a frame makes: its predicate's kind for an affirmed, actual change
    (programme or partnership by its object's type), an event for everything else."""
    predicate = lexicon.predicates.get(frame.predicate or "")
    if predicate is None or not frame.happened:
        return "event"
    object_type = lexicon.entities[frame.object].type if frame.object else None
    return predicate.kind_for(object_type)


def _not_a_fact_date(text: str, temporal: Temporal, language: str, cues: Cues) -> str | None:
    """Why a date in a sentence dates no statement, or None when it may."""
    if in_citation(text, temporal.start, temporal.end, language):
        return "citation"
    if in_quoted_title(text, temporal):
        return "inside a quoted title"
    if is_baseline(text, temporal, cues):
        return "comparison baseline"
    return None


def _scoped_pairs(
    text: str, temporals: list[Temporal], mentions: list[Mention], cues: Cues
) -> tuple[list[tuple[Temporal, list[Mention]]], list[str]]:
    """Give each date the entities of its scope plus the sentence's opening subject.

    Also return each date's clause: the whole sentence when it holds one date.
    """
    stretches = scopes(text, temporals, cues, mentions)
    opening = _within(mentions, 0, stretches[0][1])  # the sentence's opening subject
    pairs = []
    for temporal, (start, end) in zip(temporals, stretches, strict=True):
        own = _within(mentions, start, end)
        pairs.append((temporal, own + opening if start > 0 else own))
    clauses = [text[start:end] for start, end in stretches]
    if len(temporals) == 1 or all(scoped for _, scoped in pairs):
        return pairs, clauses
    return [(t, scoped or mentions) for t, scoped in pairs], clauses


def extract_document(document: Document, lexicon: Lexicon) -> Extraction:
    """Facts from every sentence of a document, in reading order."""
    meta = document.source
    reading = Reading(
        source=meta,
        lexicon=lexicon,
        publisher=publisher_party(meta.publisher, meta.language, lexicon),
        notes={note.number: note for note in document.notes},
    )
    facts: list[Fact] = []
    skipped: list[Skipped] = []
    parties = _Parties(document.sentences, lexicon)
    for index, sentence in enumerate(document.sentences):
        reading.previous = partial(parties.before, index)
        following = document.sentences[index + 1 : index + 2]
        reading.next_notes = tuple(
            n for s in following if s.paragraph == sentence.paragraph for n in s.note_refs
        )
        found, missed = extract_sentence(sentence, reading)
        facts.extend(found)
        skipped.extend(missed)
        reading.context = _last_explicit(found) or reading.context
        reading.salient = _subject(sentence, found, lexicon) or reading.salient
        reading.events.update(_dated_meetings(found, lexicon))
    return Extraction(tuple(facts), tuple(skipped), impossible_dates_in(document))


def _dated_meetings(facts: list[Fact], lexicon: Lexicon) -> dict[str, PartialDate]:
    """Meetings the facts give a written date, which later mentions of them without a year
    ("the Chicago Summit in May") take."""
    return {
        entity: _partial(fact.date.start)
        for fact in facts
        if fact.date.basis == "explicit" and fact.date.precision in ("day", "month", "year")
        for entity in fact.entities
        if lexicon.entities[entity].type == "meeting"
    }


def _subject(sentence: Sentence, facts: list[Fact], lexicon: Lexicon) -> tuple[str, ...]:
    """The parties a sentence names as its subject, which the next may leave out."""
    for fact in facts:
        if fact.frame.actors and fact.frame.actor_via is None:
            return fact.frame.actors
    return sentence_subject(sentence.text, sentence.language, lexicon)


def impossible_dates_in(document: Document) -> tuple[DateWarning, ...]:
    """Every impossible date (``31 Şubat 2012``) in a document's sentences and notes."""
    found = []
    for unit in (*document.sentences, *document.notes):
        for text in impossible_dates(unit.text, unit.language):
            start = max(unit.text.find(text), 0)
            line = document.raw.count("\n", 0, unit.offsets[start]) + 1
            found.append(DateWarning(document.source.file, line, text))
    return tuple(sorted(found, key=lambda warning: warning.line))


class _Parties:
    """The parties "these states" can mean: the entities of the last sentence before a
    given one that named a country. Worked out on demand, as few sentences ask, and
    each sentence is scanned at most once however many ask."""

    def __init__(self, sentences: tuple[Sentence, ...], lexicon: Lexicon) -> None:
        self.sentences = sentences
        self.lexicon = lexicon
        self.known: dict[int, tuple[str, ...]] = {0: ()}  # sentence index -> its answer

    def before(self, index: int) -> tuple[str, ...]:
        waiting = []
        while index not in self.known:
            own = self._named_countries(index - 1)
            if own:
                self.known[index] = own
                break
            waiting.append(index)  # same answer as the sentence before
            index -= 1
        for pending in waiting:
            self.known[pending] = self.known[index]
        return self.known[index]

    def _named_countries(self, index: int) -> tuple[str, ...]:
        """The entities of sentence ``index`` if it names a country, else ()."""
        sentence = self.sentences[index]
        named = [m.id for m in self.lexicon.find_entities(sentence.text, sentence.language)]
        if any(self.lexicon.entities[e].type == "country" for e in named):
            return tuple(dict.fromkeys(named))
        return ()


def _last_explicit(facts: list[Fact]) -> PartialDate | None:
    """The last explicitly written full date, which later day/month-only dates inherit."""
    for fact in reversed(facts):
        value: DateValue = fact.date
        if value.basis == "explicit" and value.precision in ("day", "month", "year"):
            parts = [int(p) for p in value.start.split("-")]
            return PartialDate(*parts)
    return None
