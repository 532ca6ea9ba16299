"""What dates a statement (DESIGN.md §2 ``date.basis``).

A sentence's own dates come first: written out (explicit), counted from the publication
date (relative), or completed by what the text said before (context: "in May" after a
year) or by its note (note: "in February" with a note on a 4 February speech).

A statement that writes no date may still have one. In order:

1. an anaphor ("at the summit", "toplantının ikinci gününde", "bu dönemde"): the last
   date the text gave (context);
2. a named event the text dated ("during the Riga Summit", "Kore Savaşı’nda" after
   "Kore Savaşı (1950-1953)"): that date (context);
3. an opening that carries on the paragraph ("Bu durum sonucunda", "As a result"): the
   last date of the paragraph (context);
4. a note on the sentence that dates what it cites: the note's date (note);
5. the time its source speaks from: a news item's, speech's or press release's present
   and future, and its past while the text tells recent events, take the publication
   date (document; ``resources/common/sources.yml`` says which kinds); so does its
   headline, when the text opens with its title.

A borrowed date dates only a statement of what happened: one dated by a name or an
opening (2, 3) needs a predicate, one dated by nothing it writes (4, 5) also an actor;
a time phrase (1) is as good as a date (extraction checks :attr:`Dated.needs`). A
borrowed date says where it came from (``derivation``), which the card shows. The
phrase that dated it is the date's text; a document date has none and an empty span at
the sentence's start.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache

from .dates import cites_scholarship, find_temporals, is_access_date
from .datetext import date_label
from .frames import FrameContext, read_frame
from .lexicon import Lexicon
from .newsday import document_time, speaks_from_its_date
from .offsets import counted_from_event
from .records import (
    DateValue,
    Fact,
    Mention,
    Note,
    PartialDate,
    Sentence,
    SourceMeta,
    Temporal,
)
from .resources import ANAPHORA_PICKS, language_resource
from .text import fold, fold_key, phrase_pattern

EVENT_TYPES = ("meeting", "operation")  # what a statement can be dated by naming
ENDED_REACH = 40  # characters from an event's name to the word saying it ended
ANNIVERSARY_REACH = 40  # characters after "the 70th anniversary" its owner may stand
APOSTROPHE_SUFFIX = re.compile(r"['’]([^\W\d_]+)")
WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class TimeCues:
    """Per-language cues of borrowed time, from ``resources/<lang>/extract.yml``."""

    anaphora: re.Pattern[str]
    anaphora_picks: dict[str, str]  # folded phrase -> same | first | second
    continuations: tuple[re.Pattern[str], ...]
    event_before: re.Pattern[str]
    event_after: re.Pattern[str]
    event_endings: tuple[re.Pattern[str], ...]
    meeting_before: re.Pattern[str]
    meeting_endings: tuple[re.Pattern[str], ...]
    bylines: tuple[re.Pattern[str], ...]
    anniversaries: tuple[re.Pattern[str], ...]  # with a group "count": "70th anniversary"


@cache
def time_cues(language: str) -> TimeCues:
    data = language_resource("extract", language)
    picks = data["anaphora"]
    return TimeCues(
        anaphora=phrase_pattern(picks),
        anaphora_picks={fold_key(p): v for p, v in picks.items()},
        continuations=data["continuations"],
        event_before=phrase_pattern(data["event_words_before"]),
        event_after=phrase_pattern(data["event_words_after"]),
        event_endings=data["event_endings"],
        meeting_before=phrase_pattern(data["meeting_words_before"]),
        meeting_endings=data["meeting_endings"],
        bylines=data["bylines"],
        anniversaries=data["anniversaries"],
    )


@dataclass
class Timeline:
    """The dates a document gave so far, which later statements refer back to."""

    last: DateValue | None = None  # the last date of any statement
    last_paragraph: int = -1  # the paragraph it stood in
    last_body: int = -1  # the body paragraph (headings not counted) it stood in
    last_days: DateValue | None = None  # the last span of several days ("5-6 Aralık")
    written: PartialDate | None = None  # the last full date written out
    events: dict[str, DateValue] = field(default_factory=dict)  # meeting or war -> its date
    meeting: DateValue | None = None  # the date of the last meeting a statement dated
    meeting_id: str | None = None  # and that meeting
    document: DateValue | None = None  # the date of the last document a statement dated
    paragraph: int = -1  # the paragraph being read
    body: int = -1  # how many body paragraphs were read, less one

    def enter(self, sentence: Sentence) -> None:
        """Follow the reading into a sentence; headings are no paragraphs of the body."""
        if sentence.paragraph != self.paragraph:
            self.paragraph = sentence.paragraph
            self.body += not sentence.heading

    def see(self, value: DateValue, paragraph: int) -> None:
        self.last, self.last_paragraph, self.last_body = value, paragraph, self.body
        written_days = any(c.isdigit() for c in value.text)  # "5-6 Aralık", not "last week"
        if value.precision == "day" and value.start != value.end and written_days:
            self.last_days = value

    def learn(self, facts: Iterable[Fact], lexicon: Lexicon) -> None:
        """Take in what a sentence's facts dated: the last full date written out, and the
        events (meetings, wars) a written date was given to, first date kept; a generic
        name ("NATO Summit") is no event to refer back to."""
        for fact in facts:
            value = fact.date
            if value.basis not in ("explicit", "relative"):
                continue
            if value.basis == "explicit" and value.precision in ("day", "month", "year"):
                self.written = _partial(value.start)
            for entity in fact.entities:
                if lexicon.entities[entity].generic:
                    continue  # "NATO Zirvesi" dated once is no one meeting to refer back to
                if lexicon.entities[entity].type in EVENT_TYPES:
                    self.events.setdefault(entity, value)
                if lexicon.entities[entity].type == "meeting":
                    self.meeting, self.meeting_id = value, entity
            if fact.frame.object and lexicon.entities[fact.frame.object].type == "document":
                self.document = value


@dataclass(frozen=True)
class Surroundings:
    """What a sentence that writes no date may borrow one from."""

    sentence: Sentence
    mentions: list[Mention]  # its entity mentions
    source: SourceMeta
    lexicon: Lexicon
    timeline: Timeline
    notes: dict[int, Note]


@dataclass(frozen=True)
class Dated:
    """The dates of one sentence, and what its frame needs to take them: nothing for the
    dates it writes or a time phrase gave ("at the summit"), a predicate for a date it
    borrowed from a name ("during the Riga Summit", "this new policy"), a predicate and
    an actor for one it borrowed with no phrase (a note, the publication)."""

    temporals: list[Temporal]
    about: tuple[str, ...] = ()  # what a borrowed date belongs to: the meeting announced
    how: str = ""  # "" (written) | anaphor | reference | event | anniversary | continuation
    #                | note | announced | document

    @property
    def borrowed(self) -> bool:
        return bool(self.how)

    @property
    def needs(self) -> str:
        """What the frame needs: "predicate", "actor" (a predicate and an actor) or ""
        (a date written, or named by a time phrase: "at that time", "at the summit")."""
        if self.how in ("", "anaphor"):
            return ""
        return "actor" if self.how in ("note", "document") else "predicate"


def own_dates(
    sentence: Sentence,
    source: SourceMeta,
    lexicon: Lexicon,
    timeline: Timeline,
    notes: dict[int, Note],
    next_notes: tuple[int, ...],
) -> list[Temporal]:
    """The dates a sentence writes, a count from an event it names ("five years after the
    Korean War") among them; a day or month without a year takes it from, in turn:
    a note on this sentence or the next of its paragraph that dates the same month (basis
    note), the date the text gave the event the sentence names ("the Chicago Summit in
    May"), or the last full date written before (basis context)."""
    text, language, anchor = sentence.text, sentence.language, source.published
    present = speaks_from_its_date(source.kind)
    for number in (*sentence.note_refs, *next_notes):
        note = notes.get(number)
        for dated in _note_days(note) if note else ():
            found = find_temporals(text, language, anchor, dated, present)
            borrowed = [t for t in found if t.value.basis == "context"]
            if borrowed and all(t.value.start[:7] == dated.iso()[:7] for t in borrowed):
                return [_rebased(t, "note") if t in borrowed else t for t in found]
    mentions = lexicon.find_entities(text, language)
    named = [m.id for m in mentions]
    event = next((timeline.events[e] for e in named if e in timeline.events), None)
    context = _partial(event.start) if event else timeline.written
    found = find_temporals(text, language, anchor, context, present)
    counted = counted_from_event(text, language, mentions, timeline.events, lexicon)
    if counted is not None:  # "Kore Savaşı'ndan beş yıl sonra" counts from the war
        found = [t for t in found if t.end <= counted.start or t.start >= counted.end]
        found = sorted([*found, counted], key=lambda t: t.start)
    if any(t.value.basis == "relative" for t in found) and lexicon.reports(text, language):
        cited = _cited(sentence, notes, next_notes)
        if cited is not None:
            number, value = cited
            again = find_temporals(text, language, _partial(value.start), context, True)
            how = f"counted from the date of note {number}, {date_label(value, 'en')}"
            return [
                replace(t, value=replace(t.value, basis="note", derivation=how))
                if t.value.basis == "relative"
                else t
                for t in again
            ]
    return found


def _cited(
    sentence: Sentence, notes: dict[int, Note], next_notes: tuple[int, ...]
) -> tuple[int, DateValue] | None:
    """The first date the notes of a sentence (or of the next in its paragraph) give to
    what they cite: a reported "a decade ago" counts from the cited text's time."""
    for number in (*sentence.note_refs, *next_notes):
        note = notes.get(number)
        for t in find_temporals(note.text, note.language) if note else ():
            if t.value.basis == "explicit" and not is_access_date(
                note.text, t.start, t.end, note.language
            ):
                return number, t.value
    return None


def borrowed_date(
    sentence: Sentence,
    mentions: list[Mention],
    source: SourceMeta,
    lexicon: Lexicon,
    timeline: Timeline,
    notes: dict[int, Note],
    main: bool = True,
) -> Dated:
    """The date of a sentence that writes none, by the first rule of the module's list
    that gives one; no temporals when none does. The publication date dates only a
    sentence's ``main`` statement: one act of speaking on one day is one fact, and the
    statement joined to it (:mod:`natokorea_kb.statements`) needs a date of its own."""
    text, language = sentence.text, sentence.language
    referred = _anaphor(text, time_cues(language), timeline)
    if referred is not None:
        # "this new policy" names the thing, not the time: what it did needs a predicate
        how = "reference" if referred.value.derivation else "anaphor"
        return Dated([referred], how=how)
    at = Surroundings(sentence, mentions, source, lexicon, timeline, notes)
    for how, find in (
        ("event", _named_event),
        ("anniversary", _anniversary),
        ("continuation", _continuation),
        ("note", _noted),
        ("announced", _announced_meeting),
        ("document", _document_time if main else _nothing),
    ):
        found = find(at)
        if found is not None:
            return Dated([found], _about(how, timeline, lexicon), how=how)
    return Dated([])


def _about(how: str, timeline: Timeline, lexicon: Lexicon) -> tuple[str, ...]:
    """The meeting a statement of what it will do is about, and whose it is ("they will
    discuss …": the Foreign Ministers' Meeting, NATO's)."""
    if how != "announced" or timeline.meeting_id is None:
        return ()
    return (timeline.meeting_id, *lexicon.entities[timeline.meeting_id].implies)


def _nothing(at: Surroundings) -> Temporal | None:
    """The publication date's rule for a statement joined to its sentence's main one."""
    return None


def _anaphor(text: str, cues: TimeCues, timeline: Timeline) -> Temporal | None:
    """A phrase such as "at the summit" dated by the last date the text gave, in its
    paragraph or the one before, headings aside (further back, "this period" is one the
    text has left).

    "same" takes the last date; "first"/"second" take a day of the last span of several
    days (a two-day meeting), which may lie a few sentences back; "meeting" ("at the
    meeting", "toplantıda") the last meeting the text dated, however far back, else the
    last date; "document" ("this new policy", "bu yeni strateji") the last document a
    statement dated (adopted, signed), however far back, else nothing.
    """
    match = cues.anaphora.search(text)
    if match is None:
        return None
    pick = cues.anaphora_picks.get(fold_key(match.group()), "same")
    if pick == "meeting" and timeline.meeting is not None:
        referred: DateValue | None = timeline.meeting
    elif pick == "document":
        if timeline.document is None:
            return None
        label = date_label(timeline.document, "en")
        how = f"the date the source gives the document it calls {match.group()!r}: {label}"
        value = replace(timeline.document, text=match.group(), basis="context", derivation=how)
        return Temporal(value, match.start(), match.end())
    elif timeline.body - timeline.last_body > 1:
        return None
    else:
        referred = timeline.last if pick in ("same", "meeting") else timeline.last_days
    if referred is None:
        return None
    start, end = referred.start, referred.end
    if pick in ("first", "second"):
        chosen = datetime.date.fromisoformat(start) + datetime.timedelta(
            days=ANAPHORA_PICKS.index(pick) - 1
        )
        if chosen.isoformat() > end:
            return None
        start = end = chosen.isoformat()
    value = DateValue(start, end, referred.precision, match.group(), "context")
    return Temporal(value, match.start(), match.end())


def _named_event(at: Surroundings) -> Temporal | None:
    """A meeting or war the text dated, named as the time of the statement: "at the
    Lisbon Summit", "Kore Savaşı’nda", "Riga Zirvesi sırasında", or as what ended."""
    cues = time_cues(at.sentence.language)
    for mention in at.mentions:
        value = at.timeline.events.get(mention.id)
        entity = at.lexicon.entities[mention.id]
        text = at.sentence.text
        timed = _governed_as_time(text, mention, cues, entity.type == "meeting")
        if value is None or not (timed or _ended(text, mention, at.lexicon, at.sentence.language)):
            continue
        name = entity.name
        derivation = f"the date the source gives the {name}: {date_label(value, 'en')}"
        dated = replace(value, text=mention.text, basis="context", derivation=derivation)
        return Temporal(dated, mention.start, mention.end)
    return None


def _anniversary(at: Surroundings) -> Temporal | None:
    """ "NATO's 70th anniversary", "NATO'nun 60. yıl dönümü": the year it falls in, counted
    from the date the text gave the name it belongs to, else from the lexicon's
    ``founded``; the nearest name with such a date, before the phrase or right after it
    ("the 70th anniversary of the North Atlantic Treaty")."""
    text = at.sentence.text
    for pattern in time_cues(at.sentence.language).anniversaries:
        match = pattern.search(text)
        if match is None:
            continue
        dated = [
            (abs(m.start - match.start()), m)
            for m in at.mentions
            if m.end <= match.start() or m.start - match.end() < ANNIVERSARY_REACH
        ]
        for _, mention in sorted(dated, key=lambda pair: pair[0]):
            origin = _origin(mention.id, at)
            if origin is None:
                continue
            year = str(int(origin[:4]) + int(match.group("count")))
            derivation = f"{origin[:4]} + {match.group('count')}"
            value = DateValue(year, year, "year", match.group(), "context", derivation)
            return Temporal(value, match.start(), match.end())
    return None


def _origin(entity_id: str, at: Surroundings) -> str | None:
    """When a name began, as the text dated it or the lexicon records it."""
    told = at.timeline.events.get(entity_id)
    return told.start if told is not None else at.lexicon.entities[entity_id].founded


def _ended(text: str, mention: Mention, lexicon: Lexicon, language: str) -> bool:
    """Whether a clause says the named event ended ("the Korean War ended with an
    armistice", "Kore Savaşı ateşkesle sona erdi"): a predicate of an end after it."""
    return any(
        lexicon.predicates[p.id].at_end and 0 <= p.start - mention.end <= ENDED_REACH
        for p in lexicon.find_predicates(text, language)
    )


def _governed_as_time(text: str, mention: Mention, cues: TimeCues, meeting: bool) -> bool:
    """Whether a name stands as a time: after a word such as "during", before one such as
    "sırasında", or with a locative ending ("Kore Savaşı’nda"); a meeting also as where
    one went ("invited to the Chicago Summit", "Madrid Zirvesi’ne katıldı")."""
    before = WORD.findall(text[max(0, mention.start - 30) : mention.start])
    before = [w for w in before if fold(w) not in ("the", "a", "an")][-1:]
    words = (cues.event_before, cues.meeting_before) if meeting else (cues.event_before,)
    if before and any(w.fullmatch(before[0]) for w in words):
        return True
    endings = (*cues.event_endings, *cues.meeting_endings) if meeting else cues.event_endings
    suffix = APOSTROPHE_SUFFIX.match(text, mention.end)
    if suffix and any(p.search(fold(suffix.group(1))) for p in endings):
        return True
    after = WORD.findall(text[suffix.end() if suffix else mention.end :][:30])[:1]
    return bool(after) and bool(cues.event_after.fullmatch(after[0]))


def _continuation(at: Surroundings) -> Temporal | None:
    """An opening that carries on the paragraph's last dated statement ("Bu durum
    sonucunda", "As a result"): its date, never across a paragraph break."""
    last = at.timeline.last
    if last is None or at.timeline.last_paragraph != at.sentence.paragraph:
        return None
    for pattern in time_cues(at.sentence.language).continuations:
        found = pattern.search(at.sentence.text)
        if found:
            derivation = f"carries on the paragraph's last date, {date_label(last, 'en')}"
            value = replace(last, text=found.group().strip(), basis="context")
            value = replace(value, derivation=derivation)
            return Temporal(value, found.end() - len(found.group().lstrip()), found.end())
    return None


def _noted(at: Surroundings) -> Temporal | None:
    """The date of what the sentence's own note cites (a speech, a statement, an official
    text): the most precise day or month the note writes out, never the day a web page
    was read. A year alone, or a journal's or a brief's date, is that of a publication,
    which dates an argument, not an event."""
    for number in at.sentence.note_refs:
        note = at.notes.get(number)
        if note is None or cites_scholarship(note.text, note.language):
            continue  # a journal's or a brief's date is that of an argument
        written = [
            t.value
            for t in find_temporals(note.text, note.language)
            if t.value.basis == "explicit"
            and t.value.precision in ("day", "month")
            and not is_access_date(note.text, t.start, t.end, note.language)
        ]
        if not written:
            continue
        best = max(written, key=lambda v: len(v.start))  # the first of the most precise
        derivation = f"the date note {number} gives: {date_label(best, 'en')}"
        value = replace(best, text="", basis="note", derivation=derivation)
        return Temporal(value, 0, 0)
    return None


def _announced_meeting(at: Surroundings) -> Temporal | None:
    """The meeting a text that speaks from its date announced (dated after publication),
    for a plan of what meetings do ("they will discuss North Korea", "ele alacaklarını"):
    the statement tells what that meeting will do."""
    meeting, source = at.timeline.meeting, at.source
    if meeting is None or not speaks_from_its_date(source.kind):
        return None
    if meeting.end <= source.published.iso():
        return None
    sentence, lexicon = at.sentence, at.lexicon
    frame = read_frame(sentence.text, at.mentions, sentence.language, lexicon, FrameContext())
    rule = lexicon.predicates.get(frame.predicate or "")
    if rule is None or not rule.at_meetings or frame.modality != "planned":
        return None
    label = date_label(meeting, "en")
    derivation = f"the date the source gives the meeting it announces: {label}"
    return Temporal(replace(meeting, text="", basis="context", derivation=derivation), 0, 0)


def _document_time(at: Surroundings) -> Temporal | None:
    return document_time(at.sentence, at.source, at.timeline)


def _note_days(note: Note) -> list[PartialDate]:
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
