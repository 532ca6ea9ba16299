"""Extract stage: turn dated sentences into fact records.

One record per (sentence, distinct date) that states something happening or holding at
that time. The part of the sentence that belongs to a date (its *scope*) decides the
kind and the entities, so "signed X in 2012 and renewed X in 2017" gives two records
and a "respectively" list gives one record per name. Every dated sentence that yields
nothing is reported with a reason, so nothing is dropped silently.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial

from .dates import cites_scholarship, impossible_dates
from .dating import Dated, Timeline, borrowed_date, own_dates
from .descriptions import Events, held_in
from .frames import (
    PARTY_TYPES,
    FrameContext,
    owners,
    read_frame,
    sentence_subject,
)
from .frames import grammar as frame_grammar
from .lexicon import Lexicon
from .mentions import Named
from .newsday import tells, told_today
from .people import People
from .records import (
    DateValue,
    Document,
    Fact,
    Frame,
    Mention,
    Note,
    Sentence,
    SourceMeta,
    Temporal,
)
from .references import publisher_party
from .scoping import (
    cues_for,
    drop_contained,
    not_a_fact_date,
    respectively_pairs,
    scoped_pairs,
)
from .segment import sentence_spans
from .statements import said_clauses, statements
from .titles import frame_title
from .voices import Voices, voice_mentions, voices_of, without_vocatives
from .weighing import weigh

PREPOSITION_BEFORE = re.compile(r"(?<!\w)(\w+)\s+$")
ARTICLED = re.compile(r"(?<!\w)(\w+)\s+the\s+$", re.IGNORECASE)
TITLE_LANGUAGES = ("en", "tr")  # the languages titles are built in, where the frame allows
ANAPHORA_TYPES = ("country", "organisation")  # what "the two" or "both sides" can mean


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


def fact_id(source: str, sentence_text: str, date_text: str, occurrence: int) -> str:
    """A kind-independent id that survives edits elsewhere in the source."""
    digest = hashlib.sha1(
        f"{sentence_text}\x00{date_text}\x00{occurrence}".encode(), usedforsecurity=False
    ).hexdigest()
    return f"f-{source}-{digest[:6]}"


@dataclass
class Reading:
    """What a document gives each of its sentences while it is read in order."""

    source: SourceMeta
    lexicon: Lexicon
    timeline: Timeline = field(default_factory=Timeline)  # the dates it gave so far
    previous: Callable[[], tuple[str, ...]] | None = None  # parties of "these states"
    salient: tuple[str, ...] = ()  # the subject of the sentences before
    speaker: tuple[str, ...] = ()  # the person the last sentence reporting speech named
    publisher: str | None = None  # the party the source's "we" is
    notes: dict[int, Note] = field(default_factory=dict)  # footnotes by number
    next_notes: tuple[int, ...] = ()  # notes of the next sentence of the same paragraph
    main: bool = True  # whether the statement read is its sentence's main one
    people: People = field(default_factory=People)  # named in full so far: "Minister Yu"
    voices: Voices = field(default_factory=Voices)  # who "I" and "you" are in a speech
    events: Events = field(default_factory=Events)  # meetings and wars named: "the war"


# a caption ends with no full stop ("Minister Yun (2016)"); without a predicate, no fact
CAPTION_END = re.compile(r"[.!?…:;][\"'”’»)\]]*\s*$")


def _unique(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def extract_sentence(sentence: Sentence, reading: Reading) -> tuple[list[Fact], list[Skipped]]:
    """Facts stated by one sentence, and the dates in it that gave none.

    ``reading.timeline`` holds the dates the document gave before this sentence, which a
    statement writing none may borrow (:mod:`natokorea_kb.dating`: "at the summit", a
    note, the publication date of a news item); the sentence's own dates are added to
    it. A borrowed date dates only a statement of an event (:mod:`natokorea_kb.weighing`).
    ``reading.previous`` gives the entities of the last sentence that named a country,
    which "the two" or "these states" refer to; it is called only for such a phrase, as
    finding that sentence costs entity scans of the sentences before.
    """
    mentions, referred = _mentions(sentence, reading)
    dated, skipped = _fact_dates(sentence, mentions, reading)
    facts = _facts_dated(sentence, dated, mentions, referred, reading, skipped)
    reading.speaker = _speaker(sentence, mentions, reading.lexicon) or reading.speaker
    written = [] if dated.borrowed or not reading.main else dated.temporals
    today = told_today(sentence, written, reading.source, reading.timeline)
    if today is not None:  # "… düzenlenecek toplantı hakkında açıklamalarda bulundu"
        told = Dated([today], how="document")
        facts.extend(_facts_dated(sentence, told, mentions, referred, reading, skipped))
    return facts, skipped


def _meetings_held(
    frame: Frame, entities: list[str], value: DateValue, lexicon: Lexicon
) -> tuple[Frame, list[str]]:
    """A statement's generic meetings ("NATO Summit") as the one held at its date."""
    entities = _unique([held_in(e, value, lexicon) for e in entities])
    place = held_in(frame.place, value, lexicon) if frame.place else None
    obj = held_in(frame.object, value, lexicon) if frame.object else None
    return replace(frame, place=place, object=obj), entities


def _speaker(sentence: Sentence, mentions: list[Mention], lexicon: Lexicon) -> tuple[str, ...]:
    """The person a sentence reporting speech names first: who a later "dedi" with no
    subject is."""
    if not lexicon.reports(sentence.text, sentence.language):
        return ()
    people = [m.id for m in mentions if lexicon.entities[m.id].type == "person"]
    return tuple(people[:1])


def _facts_dated(
    sentence: Sentence,
    dated: Dated,
    mentions: list[Mention],
    referred: set[str],
    reading: Reading,
    skipped: list[Skipped],
) -> list[Fact]:
    """The facts a sentence states at its dates; the dates that date none go to
    ``skipped`` with the reason."""
    temporals = dated.temporals
    if not temporals:
        return []
    text, language, lexicon = sentence.text, sentence.language, reading.lexicon
    topics = _unique([m.id for m in lexicon.find_topics(text, language)])
    pairs = respectively_pairs(sentence, temporals, mentions, lexicon)
    aligned = pairs is not None
    if pairs is None:
        pairs, clauses = scoped_pairs(text, temporals, mentions, cues_for(language))
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
        context = FrameContext(
            opening,
            reading.salient,
            reading.speaker,
            publisher=reading.publisher,
            asserted_only=dated.how == "document",
        )
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
        if frame.predicate is None and not CAPTION_END.search(text):
            skipped.append(
                Skipped(reading.source.id, sentence.anchor, temporal.value.text, "caption")
            )
            continue
        told, reason = weigh(temporal, frame, clause, dated, language, reading.source, lexicon)
        if told is None:
            if reason:
                skipped.append(
                    Skipped(reading.source.id, sentence.anchor, temporal.value.text, reason)
                )
            continue
        temporal, frame = told
        opening = opening or frame.actors
        occurrence = occurrences.get(date_key, 0)
        occurrences[date_key] = occurrence + 1
        entities = _unique([*entity_ids, *(p for p in frame.actors if p not in referred)])
        frame, entities = _meetings_held(frame, entities, temporal.value, lexicon)
        facts.append(
            _fact(
                sentence,
                reading,
                temporal,
                frame,
                clause,
                _unique([*entities, *referred, *dated.about]),
                topics,
                occurrence,
                written=not dated.borrowed,
            )
        )
    return facts


def _fact_dates(
    sentence: Sentence, mentions: list[Mention], reading: Reading
) -> tuple[Dated, list[Skipped]]:
    """The dates of a sentence that date a statement, written or borrowed; the written
    ones that date none with the reason why not."""
    text, language, source = sentence.text, sentence.language, reading.source
    lexicon, timeline = reading.lexicon, reading.timeline
    found = own_dates(sentence, source, lexicon, timeline, reading.notes, reading.next_notes)
    dated = (
        Dated(found)
        if found
        else borrowed_date(
            sentence, mentions, source, lexicon, timeline, reading.notes, reading.main
        )
    )
    cues = cues_for(language)
    skipped: list[Skipped] = []
    temporals: list[Temporal] = []
    for temporal in dated.temporals:
        reason = not_a_fact_date(text, temporal, language, cues)
        if reason:
            skipped.append(Skipped(source.id, sentence.anchor, temporal.value.text, reason))
            continue
        temporals.append(temporal)
        if dated.needs != "actor":  # later anaphors refer to dates the text gave
            timeline.see(temporal.value, sentence.paragraph)
    kept = drop_contained(temporals)
    kept_ids = {id(t) for t in kept}
    skipped.extend(
        Skipped(source.id, sentence.anchor, t.value.text, "contains a more precise date")
        for t in temporals
        if id(t) not in kept_ids
    )
    headline = dated.how == "document" and sentence.heading  # a title dated as its news
    reason = "heading" if sentence.heading and not headline else None
    if kept and reason is None and cues.not_factual.search(text):
        reason = "not a statement of fact"
    if reason:
        if not dated.borrowed:
            skipped.extend(Skipped(source.id, sentence.anchor, t.value.text, reason) for t in kept)
        return Dated([]), skipped
    return Dated(kept, dated.about, how=dated.how), skipped


def _mentions(sentence: Sentence, reading: Reading) -> tuple[list[Mention], set[str]]:
    """The sentence's entity mentions, with the parties "these states" refers to."""
    lexicon, text = reading.lexicon, sentence.text
    mentions = reading.events.specific(lexicon.find_entities(text, sentence.language), lexicon)
    again = reading.people.find(text, sentence.language, mentions)
    again += reading.events.read(text, sentence.language, mentions, lexicon)
    again += voice_mentions(text, sentence.language, reading.voices, mentions + again)
    mentions = sorted(mentions + again, key=lambda m: m.start) if again else mentions
    mentions = without_vocatives(text, reading.voices, mentions, lexicon)
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
    if len(parties) < 2 and not cues.singular_anaphora.fullmatch(referring.group()):
        return mentions, set()  # "these countries" cannot mean the one a sentence named
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
        replace(m, start=m.start - offset, end=m.end - offset)
        for m in mentions
        if offset <= m.start and m.end <= offset + len(clause)
    ]
    # a date written, or one read on a verb (the day it was said); none elsewhere
    when = temporal.start - offset if temporal.end > temporal.start or temporal.start else -1
    # the date's own words state nothing: "one year after the Alliance was founded"
    start, end = temporal.start - offset, temporal.end - offset
    named = frozenset(m.id for m in local)
    stated = [
        p for p in lexicon.find_predicates(clause, language, named) if not start <= p.start < end
    ]
    return read_frame(clause, local, language, lexicon, context, when, stated)


def _fact(
    sentence: Sentence,
    reading: Reading,
    temporal: Temporal,
    frame: Frame,
    clause: str,
    entities: list[str],
    topics: list[str],
    occurrence: int,
    written: bool = True,
) -> Fact:
    """The record; ``written`` when the sentence writes its date, which the title then
    leaves to the brackets."""
    lexicon, language = reading.lexicon, sentence.language
    bare = _without_date(clause, sentence.text, temporal, language) if written else clause
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
        _without_date(sentence.text, sentence.text, temporal, language)
        if written
        else sentence.text,
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


def extract_document(document: Document, lexicon: Lexicon, named: Named) -> Extraction:
    """Facts from every sentence of a document, in reading order, then from its notes (a
    note's own statements; not what it cites). ``named``: what its units name
    (:func:`.mentions.scan`), whose people a headline's "Yoon" may be."""
    meta = document.source
    reading = Reading(
        source=meta,
        lexicon=lexicon,
        publisher=publisher_party(meta.publisher, meta.language, lexicon),
        notes={note.number: note for note in document.notes},
        voices=voices_of(meta, lexicon),
        events=Events(published=meta.published.iso()),
    )
    facts: list[Fact] = []
    skipped: list[Skipped] = []
    parties = _Parties(document.sentences, lexicon)
    for _, ids in named:
        reading.people.learn(ids, lexicon)
    for index, sentence in enumerate(document.sentences):
        reading.timeline.enter(sentence)
        reading.previous = partial(parties.before, index)
        following = document.sentences[index + 1 : index + 2]
        reading.next_notes = tuple(
            n for s in following if s.paragraph == sentence.paragraph for n in s.note_refs
        )
        said: list[Fact] = []
        told = statements(sentence, lexicon)
        for number, statement in enumerate(told, start=1):
            main = number == len(told)
            # the main statement's said clauses share its verb, so its date too
            for part in said_clauses(statement, lexicon) if main else [statement]:
                reading.main = main
                found, missed = extract_sentence(part, reading)
                said.extend(found)
                skipped.extend(missed)
                reading.timeline.learn(found, lexicon)
        facts.extend(said)
        reading.salient = _subject(sentence, said, lexicon) or reading.salient
    for note in document.notes:
        if cites_scholarship(note.text, note.language):
            continue  # a reference, not a statement
        told = Reading(source=meta, lexicon=lexicon, publisher=reading.publisher)
        for sentence in _note_sentences(note):
            if not tells(sentence.text, sentence.language):
                continue
            found, missed = extract_sentence(sentence, told)
            facts.extend(f for f in found if f.frame.predicate)
            skipped.extend(missed)
    return Extraction(tuple(facts), tuple(skipped), impossible_dates_in(document))


def _note_sentences(note: Note) -> list[Sentence]:
    """A note's sentences, each a paragraph of the note's own addressed by its anchor:
    a fact quotes the sentence that states it, not the whole note."""
    return [
        Sentence(
            note.anchor,
            note.text[start:end],
            note.offsets[start:end],
            -note.number,
            note.language,
            page=note.page,
        )
        for start, end in sentence_spans(note.text, note.language)
    ]


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
        """The entities of sentence ``index`` if it names a country other than as the
        owner of something ("France and Germany's opposition"), else ()."""
        sentence = self.sentences[index]
        text, language = sentence.text, sentence.language
        named = [m.id for m in self.lexicon.find_entities(text, language)]
        if not any(self.lexicon.entities[e].type == "country" for e in named):
            return ()
        named = [e for e in named if e not in owners(text, language, self.lexicon)]
        if any(self.lexicon.entities[e].type == "country" for e in named):
            return tuple(dict.fromkeys(named))
        return ()
