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
from dataclasses import dataclass
from functools import cache, partial

from .dates import find_temporals, impossible_dates, in_citation
from .lexicon import Lexicon
from .records import DateValue, Document, Fact, Mention, PartialDate, Sentence, Temporal
from .resources import ANAPHORA_PICKS, language_resource
from .text import fold_key, phrase_pattern

SCOPE_PUNCTUATION = re.compile(r"[,;:]\s|\s[–—-]\s|\(")
MIN_TITLE_WORDS, MAX_TITLE_WORDS = 4, 18
LEADING_CONNECTIVES = re.compile(r"^[\s,;:()–—-]*(?:and|but|while|whereas|then)\b\s*", re.I)
PARTY_TYPES = ("country", "organisation")  # what "the two" or "these states" can refer to
MATTER_DISTANCE = 120  # characters between a relation term and the country it concerns
FRAME_DISTANCE = 30  # characters between a date and the coarser date that frames it
KIND_LABELS = {"event": "Event", "partnership": "Partnership", "programme": "Programme"}


@dataclass(frozen=True)
class Cues:
    """Per-language extraction cues, compiled from ``resources/<lang>/extract.yml``."""

    respectively: re.Pattern[str]
    clause_breaks: re.Pattern[str]
    not_factual: re.Pattern[str]
    subject_anaphora: re.Pattern[str]
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
    lists = ("respectively", "clause_breaks", "not_factual", "subject_anaphora")
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


def make_title(kind: str, entity_names: list[str], clause: str, language: str) -> str:
    """A short English title: the fact's own clause for English, else a label.

    Titles of Turkish facts are labels ("Event involving North Korea and NATO"); an
    English summary for them belongs in ``corpus/curation.yml``.
    """
    words = LEADING_CONNECTIVES.sub("", clause).strip(" ,;:.").split()
    if language == "en" and len(words) >= MIN_TITLE_WORDS:
        title = " ".join(words[:MAX_TITLE_WORDS]) + (" …" if len(words) > MAX_TITLE_WORDS else "")
        return title[:1].upper() + title[1:]
    names = entity_names[:4]
    joined = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)
    return f"{KIND_LABELS[kind]} involving {joined}" if joined else KIND_LABELS[kind]


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


def extract_sentence(
    sentence: Sentence,
    source: str,
    lexicon: Lexicon,
    anchor: PartialDate,
    context: PartialDate | None,
    recent: RecentDates | None = None,
    previous: Callable[[], tuple[str, ...]] | None = None,
) -> tuple[list[Fact], list[Skipped]]:
    """Facts stated by one sentence, and the dates in it that gave none.

    ``recent`` holds the dates the document gave before this sentence, which phrases
    such as "at the summit" refer back to; the sentence's own dates are added to it.
    ``previous`` gives the entities of the last sentence that named a country, which
    "the two" or "these states" refer to; it is called only for such a phrase, as
    finding that sentence costs entity scans of the sentences before.
    """
    recent = recent if recent is not None else RecentDates()
    text = sentence.text
    language = sentence.language
    found = find_temporals(text, language, anchor=anchor, context=context)
    if not found:
        referred = anaphoric_date(text, cues_for(language), recent)
        if referred is None:
            return [], []
        found = [referred]
    cues = cues_for(language)
    skipped: list[Skipped] = []
    temporals: list[Temporal] = []
    for temporal in found:
        reason = _not_a_fact_date(text, temporal, language, cues)
        if reason:
            skipped.append(Skipped(source, sentence.anchor, temporal.value.text, reason))
        else:
            temporals.append(temporal)
            recent.see(temporal.value)
    kept = drop_contained(temporals)
    kept_ids = {id(t) for t in kept}
    skipped.extend(
        Skipped(source, sentence.anchor, t.value.text, "contains a more precise date")
        for t in temporals
        if id(t) not in kept_ids
    )
    temporals = kept
    if not temporals:
        return [], skipped
    if sentence.heading:
        return [], skipped + [
            Skipped(source, sentence.anchor, t.value.text, "heading") for t in temporals
        ]
    if cues.not_factual.search(text):
        return [], skipped + [
            Skipped(source, sentence.anchor, t.value.text, "not a statement of fact")
            for t in temporals
        ]
    mentions = lexicon.find_entities(text, language)
    names_a_party = any(lexicon.entities[m.id].type in PARTY_TYPES for m in mentions)
    referring = cues.subject_anaphora.search(text) if previous and not names_a_party else None
    before = previous() if referring and previous else ()
    referred: set[str] = set()
    if referring and before:
        parties = [e for e in before if lexicon.entities[e].type in PARTY_TYPES]
        referred.update(parties)
        mentions = sorted(
            mentions
            + [Mention(e, referring.start(), referring.end(), referring.group()) for e in parties],
            key=lambda m: m.start,
        )
    topics = _unique([m.id for m in lexicon.find_topics(text, language)])

    pairs = _respectively_pairs(sentence, temporals, mentions, lexicon)
    aligned = pairs is not None
    if pairs is None:
        pairs, clauses = _scoped_pairs(text, temporals, mentions, cues)
    else:
        clauses = [text] * len(pairs)  # an aligned list shares one predicate

    facts: list[Fact] = []
    occurrences: dict[tuple[str, str], int] = {}
    for (temporal, scoped), clause in zip(pairs, clauses, strict=True):
        date_key = (temporal.value.start, temporal.value.end)
        if date_key in occurrences and not aligned:
            continue  # the same date written twice in one sentence is one statement
        entity_ids = _unique([m.id for m in scoped])
        if not entity_ids:
            skipped.append(Skipped(source, sentence.anchor, temporal.value.text, "no entity"))
            continue
        occurrence = occurrences.get(date_key, 0)
        occurrences[date_key] = occurrence + 1
        kind, relations = lexicon.classify(clause, language)
        offset = text.find(clause)
        stated = [
            Mention(m.id, m.start + offset, m.end + offset, m.text)
            for m in lexicon.find_relations(clause, language)
        ]
        if kind is None and clause is not text:
            kind = lexicon.classify(text, language)[0]
        kind = kind or "event"
        names = [lexicon.entities[e].abbreviation or lexicon.entities[e].name for e in entity_ids]
        facts.append(
            Fact(
                id=fact_id(source, text, temporal.value.text, occurrence),
                kind=kind,
                date=temporal.value,
                title=make_title(kind, names, clause if not aligned else "", language),
                entities=entity_ids,
                topics=topics,
                source=source,
                sentence=sentence.anchor,
                span=sentence.span,
                quote=text,
                language=language,
                page=sentence.page,
                relations=relations,
                matters=_matters_near(stated, scoped, lexicon, referred),
            )
        )
    return facts, skipped


def _matters_near(
    relations: list[Mention], mentions: list[Mention], lexicon: Lexicon, referred: set[str]
) -> tuple[tuple[str, str], ...]:
    """(relation, country) pairs written close together: what the fact dates.

    In a long sentence the relation ("global partners") concerns the countries near it,
    not every country the sentence names; countries the sentence refers to as its
    subject ("these states") go with every relation in it.
    """
    pairs = {
        (relation.id, mention.id)
        for relation in relations
        for mention in mentions
        if lexicon.entities[mention.id].type == "country"
        and (mention.id in referred or abs(relation.start - mention.start) <= MATTER_DISTANCE)
    }
    return tuple(sorted(pairs))


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
    stretches = scopes(text, temporals, cues)
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
    anchor = document.source.published
    context: PartialDate | None = None
    recent = RecentDates()
    facts: list[Fact] = []
    skipped: list[Skipped] = []
    parties = _Parties(document.sentences, lexicon)
    for index, sentence in enumerate(document.sentences):
        found, missed = extract_sentence(
            sentence,
            document.source.id,
            lexicon,
            anchor,
            context,
            recent,
            partial(parties.before, index),
        )
        facts.extend(found)
        skipped.extend(missed)
        context = _last_explicit(found) or context
    return Extraction(tuple(facts), tuple(skipped), impossible_dates_in(document))


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
