"""Segment stage: paragraphs, sentences and notes with stable anchors and raw offsets.

Sentences are cut at ``. ! ? …`` (with any closing quotes or brackets) followed by a
word that can start a sentence. A period does not end a sentence after an abbreviation
or an initial (``Prof. Dr.``, ``Rebecca R. Moore``, ``pp. 232``), after a Turkish
ordinal (``21. yüzyıl``), or after a list number (``1. Bilateral Relations``); the
abbreviation lists are data (``resources/<lang>/abbreviations.yml``). Each paragraph's
language is told by function words and letters (``resources/<lang>/stopwords.yml``),
falling back to the source's language when the evidence is thin.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache

from .formats import PageMap
from .records import (
    LANGUAGES,
    Accounting,
    Artefact,
    Cleaned,
    Document,
    Note,
    Paragraph,
    Sentence,
    SourceMeta,
)
from .resources import language_resource
from .text import fold

# A sentence-final mark with the closing quotes and brackets that belong to it.
BOUNDARY = re.compile(r"[.!?…]+[”\"’'»)\]]*(?=\s|$)")
LAST_TOKEN = re.compile(r"(\S+)$")
NEXT_TOKEN = re.compile(r"\S+")
OPENERS = "“\"‘'«([{¿¡"
DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")  # U.S, e.g, T.C (final period excluded)
LIST_MARKER = re.compile(r"(?:\d{1,3}|[A-Za-z]|[ivxlcIVXLC]{1,6})[.)]")
WORD = re.compile(r"[^\W\d_]+")

LETTER_WEIGHT = 0.5  # a language's own letter counts half as much as a function word
MIN_EVIDENCE = 3.0  # below this score a paragraph keeps the source language
MARGIN = 2.0  # the winner must score this many times the runner-up
DETECT_SAMPLE = 2000  # characters of a paragraph enough to tell its language


@dataclass(frozen=True)
class LanguageProfile:
    """Function words and distinctive letters of one language."""

    language: str
    stopwords: frozenset[str]
    letters: frozenset[str]


@dataclass(frozen=True)
class Abbreviations:
    """Sentence-splitting exceptions of one language (see the resource header)."""

    no_split: frozenset[str]
    split_before_starter: frozenset[str]
    before_number: frozenset[str]
    ordinal_dot: bool


@cache
def language_profile(language: str) -> LanguageProfile | None:
    """The profile from ``<language>/stopwords.yml``, or None when there is none."""
    data = language_resource("stopwords", language)
    if not data.present:
        return None
    return LanguageProfile(
        language=language,
        stopwords=frozenset(fold(w) for w in data["stopwords"]),
        letters=frozenset(data["letters"]),
    )


@cache
def language_profiles() -> tuple[LanguageProfile, ...]:
    """Profiles of every known language that ships a stopword list."""
    return tuple(p for p in map(language_profile, LANGUAGES) if p is not None)


@cache
def abbreviations(language: str) -> Abbreviations:
    """Abbreviations of ``language`` (none for a language without the file)."""
    data = language_resource("abbreviations", language)

    def folded(key: str) -> frozenset[str]:
        return frozenset(fold(a) for a in data[key])

    return Abbreviations(
        no_split=folded("no_split"),
        split_before_starter=folded("split_before_starter"),
        before_number=folded("before_number"),
        ordinal_dot=data["ordinal_dot"],
    )


def detect_language(text: str, fallback: str) -> str:
    """The language whose function words and letters dominate ``text``, else ``fallback``."""
    sample = text[:DETECT_SAMPLE]
    words = WORD.findall(fold(sample))
    scores = []
    for profile in language_profiles():
        score = float(sum(map(profile.stopwords.__contains__, words)))
        if profile.letters:  # str.count beats a regex scan of the sample by far
            score += LETTER_WEIGHT * sum(map(sample.count, profile.letters))
        scores.append((score, profile.language))
    scores.sort(reverse=True)
    if not scores or scores[0][0] < MIN_EVIDENCE:
        return fallback
    if len(scores) > 1 and scores[0][0] < MARGIN * scores[1][0]:
        return fallback
    return scores[0][1]


def _is_starter(word: str, language: str) -> bool:
    """A capitalised function word, which starts a sentence rather than continuing one."""
    profile = language_profile(language)
    core = word.lstrip(OPENERS)
    return (
        profile is not None
        and core[:1].isupper()
        and fold(WORD.match(core).group() if WORD.match(core) else "") in profile.stopwords
    )


def _can_start(word: str) -> bool:
    core = word.lstrip(OPENERS)
    return not core or core[0].isupper() or core[0].isdigit()


def sentence_spans(text: str, language: str) -> list[tuple[int, int]]:
    """``[start, end)`` spans of the sentences of a paragraph, outer spaces excluded."""
    rules = abbreviations(language)
    cuts: list[int] = []
    start = 0
    for match in BOUNDARY.finditer(text):
        end = match.end()
        following = NEXT_TOKEN.search(text, end)
        if following is None:
            break
        next_word = following.group()
        if not _can_start(next_word):
            continue
        marks = match.group()
        if (
            marks[0] == "."
            and not marks.startswith("..")
            and not _period_ends(text, start, match.start(), next_word, language, rules)
        ):
            continue
        cuts.append(end)
        start = following.start()
    spans = []
    previous = 0
    for cut in [*cuts, len(text)]:
        chunk = text[previous:cut]
        left = previous + len(chunk) - len(chunk.lstrip())
        right = previous + len(chunk.rstrip())
        if right > left:
            spans.append((left, right))
        previous = cut
    return spans


def _period_ends(
    text: str, start: int, period: int, next_word: str, language: str, rules: Abbreviations
) -> bool:
    """Whether the period at ``period`` ends the sentence that began at ``start``."""
    token_match = LAST_TOKEN.search(text, max(start, period - 60), period)
    if token_match is None:
        return True
    token = token_match.group().lstrip(OPENERS)
    folded = fold(token)
    if LIST_MARKER.fullmatch(text[start : period + 1].strip()):
        return False
    if folded in rules.no_split:
        return False
    if folded in rules.before_number and next_word[:1].isdigit():
        return False
    if folded in rules.split_before_starter or DOTTED.fullmatch(token):
        return _is_starter(next_word, language)
    if len(token) == 1 and token.isalpha() and token.isupper():
        return False  # an initial: "Rebecca R. Moore"
    return not (token.isdigit() and rules.ordinal_dot)


def segment(cleaned: Cleaned, meta: SourceMeta, pages: PageMap | None = None) -> Document:
    """Cut the clean blocks of a source into anchored paragraphs, sentences and notes;
    with a PDF's page map, each sentence and note knows the page it starts on."""

    def page_of(offsets: tuple[int, ...]) -> int | None:
        return pages.page_at(offsets[0]) if pages is not None and offsets else None

    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    notes: list[Note] = []
    note_anchor_counts: Counter[int] = Counter()
    for block in cleaned.blocks:
        language = detect_language(block.text, meta.language)
        if block.kind == "note":
            number = block.number if block.number is not None else len(notes) + 1
            note_anchor_counts[number] += 1
            suffix = "" if note_anchor_counts[number] == 1 else f"-{note_anchor_counts[number]}"
            notes.append(
                Note(
                    anchor=f"n-{number}{suffix}",
                    number=number,
                    text=block.text,
                    offsets=block.offsets,
                    language=language,
                    page=page_of(block.offsets),
                )
            )
            continue
        heading = block.kind == "heading"
        spans = [(0, len(block.text))] if heading else sentence_spans(block.text, language)
        index = len(paragraphs)
        anchors = []
        for left, right in spans:
            anchor = f"s-{len(sentences) + 1}"
            anchors.append(anchor)
            offsets = block.offsets[left:right]
            sentences.append(
                Sentence(
                    anchor=anchor,
                    text=block.text[left:right],
                    offsets=offsets,
                    paragraph=index,
                    language=language,
                    heading=heading,
                    page=page_of(offsets),
                )
            )
        paragraphs.append(Paragraph(index, language, heading, tuple(anchors)))
    sentences = _attach_note_refs(cleaned, sentences, {n.number for n in notes})
    return Document(
        source=meta,
        raw=cleaned.raw,
        paragraphs=tuple(paragraphs),
        sentences=tuple(sentences),
        notes=tuple(notes),
        accounting=account(cleaned.raw, sentences, notes, cleaned.artefacts),
        metadata=dict(cleaned.metadata),
    )


def _ref_number(text: str) -> int | None:
    try:
        return int("".join(str(unicodedata.digit(ch)) for ch in text))
    except (TypeError, ValueError):
        return None


def _attach_note_refs(
    cleaned: Cleaned, sentences: list[Sentence], numbers: set[int]
) -> list[Sentence]:
    """Give each sentence the numbers of the notes referenced in it or right after it."""
    starts = [s.offsets[0] for s in sentences]
    refs: dict[int, list[int]] = {}
    for artefact in cleaned.artefacts:
        if artefact.rule != "footnote-ref":
            continue
        number = _ref_number(cleaned.raw[artefact.start : artefact.end])
        slot = bisect.bisect_right(starts, artefact.start) - 1
        if number in numbers and slot >= 0:
            found = refs.setdefault(slot, [])
            if number not in found:
                found.append(number)
    return [
        Sentence(
            anchor=s.anchor,
            text=s.text,
            offsets=s.offsets,
            paragraph=s.paragraph,
            language=s.language,
            note_refs=tuple(refs[i]),
            heading=s.heading,
            page=s.page,
        )
        if i in refs
        else s
        for i, s in enumerate(sentences)
    ]


def account(
    raw: str,
    sentences: list[Sentence] | tuple[Sentence, ...],
    notes: list[Note] | tuple[Note, ...],
    artefacts: tuple[Artefact, ...],
) -> Accounting:
    """Where the raw characters went: sentences, notes, artefacts per rule, layout space."""
    in_sentences = sum(len(s.text) for s in sentences)
    in_notes = sum(len(n.text) for n in notes)
    removed: Counter[str] = Counter()
    for artefact in artefacts:
        removed[artefact.rule] += artefact.end - artefact.start
    return Accounting(
        raw=len(raw),
        in_sentences=in_sentences,
        in_notes=in_notes,
        artefacts=dict(sorted(removed.items())),
        whitespace=len(raw) - in_sentences - in_notes - sum(removed.values()),
    )


def coverage_gaps(
    document: Document, artefacts: tuple[Artefact, ...]
) -> tuple[list[int], list[int]]:
    """Raw indices of non-space characters that nothing holds, and of those held twice.

    Both lists are empty when the accounting is exact: every visible raw character is
    in exactly one sentence, note or artefact.
    """
    counts = bytearray(len(document.raw))
    for unit in (*document.sentences, *document.notes):
        for offset in unit.offsets:
            counts[offset] += 1
    for artefact in artefacts:
        for offset in range(artefact.start, artefact.end):
            counts[offset] += 1
    missing = [i for i, n in enumerate(counts) if n == 0 and not document.raw[i].isspace()]
    doubled = [i for i, n in enumerate(counts) if n > 1]
    return missing, doubled
