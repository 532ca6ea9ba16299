"""Who "I" and "you" are in a speech: the one speaking and the one spoken to.

A name the speaker addresses ("Mr. Park, it is a great honour …", "… the introduction,
Ambassador Park.") is spoken to, not a doer: it names no party of the sentence.

A speech or a statement (``first_person`` kinds in ``resources/common/sources.yml``) is
given by someone: its first author the lexicon knows, else the first person its title
names ("Remarks by NATO Secretary General Jens Stoltenberg with … Park Jin"). In its
text, "I", "my" and the unnamed subject of a courtesy ("It is a great honour to be here",
"Great to meet you") are that speaker; "you" and "your" are the next person the title
names, when it names one. The words are language data (``speaker``, ``addressee`` and
``speaker_openings`` in ``resources/<lang>/frames.yml``); a "we" is the publisher's
(:mod:`natokorea_kb.references`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .lexicon import Lexicon
from .records import Mention, SourceMeta
from .resources import language_resource
from .text import phrase_pattern


@dataclass(frozen=True)
class Voices:
    """The speaker and the addressee of a source, when it speaks in the first person."""

    speaker: str | None = None
    addressee: str | None = None


def voices_of(source: SourceMeta, lexicon: Lexicon) -> Voices:
    """The people a speech's authors and title name: the first speaks, the next is spoken to."""
    if source.kind not in language_resource("sources")["first_person"]:
        return Voices()
    named = [
        m.id
        for text in (*source.authors, source.title)
        for m in lexicon.find_entities(text, source.language)
        if lexicon.entities[m.id].type == "person"
    ]
    people = list(dict.fromkeys(named))
    return Voices(*people[:2])


@dataclass(frozen=True)
class _Words:
    speaker: re.Pattern[str]
    addressee: re.Pattern[str]
    openings: tuple[re.Pattern[str], ...]


@cache
def _words(language: str) -> _Words:
    data = language_resource("frames", language)
    return _Words(
        speaker=phrase_pattern(_both_cases(data["speaker"]), flags=0),
        addressee=phrase_pattern(_both_cases(data["addressee"]), flags=0),
        openings=tuple(
            re.compile(rf"(?<!\w)(?:{p.pattern})(?!\w)", re.IGNORECASE)
            for p in data["speaker_openings"]
        ),
    )


def _both_cases(words: list[str]) -> list[str]:
    """Each word as written and with a capital: "I" stays "I", "my" is also "My"."""
    return [form for word in words for form in (word, word[:1].upper() + word[1:])]


def voice_mentions(
    text: str, language: str, voices: Voices, mentions: list[Mention]
) -> list[Mention]:
    """Mentions of the speaker and the addressee in ``text``, outside ``mentions``."""
    if voices.speaker is None:
        return []
    words = _words(language)
    found = [Mention(voices.speaker, m.start(), m.end(), m.group()) for m in _spans(words, text)]
    if voices.addressee:
        found += [
            Mention(voices.addressee, m.start(), m.end(), m.group())
            for m in words.addressee.finditer(text)
        ]
    return [f for f in found if not any(m.start < f.end and f.start < m.end for m in mentions)]


VOCATIVE_BEFORE = re.compile(r"(?:^|,)\s*(?:[^\W\d_]+\.?\s+)?$")  # start or ", ", a title
VOCATIVE_AFTER = re.compile(r"^\s*(?:,|[.!?]\s*$)")  # then a comma, or the sentence's end


def without_vocatives(
    text: str, voices: Voices, mentions: list[Mention], lexicon: Lexicon
) -> list[Mention]:
    """``mentions`` less the people a speech addresses by name."""
    if voices.speaker is None:
        return mentions
    return [m for m in mentions if not _vocative(text, m, lexicon)]


def _vocative(text: str, mention: Mention, lexicon: Lexicon) -> bool:
    if lexicon.entities[mention.id].type != "person":
        return False
    before, after = text[: mention.start], text[mention.end :]
    if not VOCATIVE_BEFORE.search(before) or not VOCATIVE_AFTER.match(after):
        return False
    return before.strip() != "" or after.lstrip().startswith(",")


def _spans(words: _Words, text: str) -> list[re.Match[str]]:
    """Where the speaker is: the first-person words, and the first courtesy phrase."""
    found = list(words.speaker.finditer(text))
    opening = next((m for p in words.openings if (m := p.search(text))), None)
    return [opening, *found] if opening else found
