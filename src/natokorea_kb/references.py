"""Parties a clause refers to without naming them.

"The Korean government handed over …", "we contributed …" on a ministry's own page,
"the country has been participating …", a Turkish sentence whose subject is left out:
each refers to a party named elsewhere. The phrases are language rules
(``resources/<lang>/frames.yml``: ``we``, ``descriptions``, ``offices``) and domain
data (the lexicon's ``demonyms``); the referent comes from the source's publisher or
from the subject of the sentences before. A frame keeps the phrase, so a reader sees
how a party was found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from .lexicon import Lexicon
from .resources import language_resource
from .text import phrase_pattern

SALIENT = "the sentence before"  # how a subject left out (Turkish pro-drop) is found
SPEAKER = "the last speaker"  # how the unsaid subject of a verb of saying is found


class Referents(Protocol):
    """What references resolve to: the source's publisher and the last subject."""

    publisher: str | None
    salient: tuple[str, ...]


@dataclass(frozen=True)
class Reference:
    """Parties a phrase refers to, and the phrase as written."""

    parties: tuple[str, ...]
    phrase: str


@dataclass(frozen=True)
class _Phrases:
    we: re.Pattern[str]
    descriptions: re.Pattern[str]
    demonyms: re.Pattern[str]
    demonym_of: dict[str, str]  # folded demonym -> entity id


@cache
def _phrases(language: str, lexicon: Lexicon) -> _Phrases:
    data = language_resource("frames", language)
    demonym_of = {
        demonym.casefold(): entity.id
        for entity in lexicon.entities.values()
        for demonym in entity.demonyms.get(language, ())
    }
    heads = data["offices"]
    if demonym_of and heads:
        names = "|".join(re.escape(d) for d in sorted(demonym_of, key=len, reverse=True))
        nouns = phrase_pattern(heads, stems="offices" in data["stems"]).pattern
        demonyms = re.compile(rf"(?<!\w)(?P<name>{names})\s+{nouns}", re.IGNORECASE)
    else:
        demonyms = re.compile(r"(?!)")
    return _Phrases(
        we=phrase_pattern(data["we"], stems="we" in data["stems"]),
        descriptions=phrase_pattern(data["descriptions"], stems="descriptions" in data["stems"]),
        demonyms=demonyms,
        demonym_of=demonym_of,
    )


def find_reference(
    text: str, language: str, lexicon: Lexicon, referents: Referents
) -> Reference | None:
    """The first phrase of ``text`` (a clause up to its predicate) that refers to a party."""
    phrases = _phrases(language, lexicon)
    found: list[tuple[int, Reference]] = []
    if referents.publisher and (we := phrases.we.search(text)):
        found.append((we.start(), Reference((referents.publisher,), we.group())))
    if demonym := phrases.demonyms.search(text):
        entity = phrases.demonym_of[demonym["name"].casefold()]
        found.append((demonym.start(), Reference((entity,), demonym.group())))
    if referents.salient and (description := phrases.descriptions.search(text)):
        found.append((description.start(), Reference(referents.salient, description.group())))
    return min(found, key=lambda item: item[0])[1] if found else None


def publisher_party(publisher: str | None, language: str, lexicon: Lexicon) -> str | None:
    """The party a source's publisher speaks for: the country it names or implies."""
    if not publisher:
        return None
    named = [m.id for m in lexicon.find_entities(publisher, language)]
    return _first_country(named, lexicon) or (named[0] if named else None)


def _first_country(ids: Iterable[str], lexicon: Lexicon) -> str | None:
    for entity_id in ids:
        entity = lexicon.entities[entity_id]
        if entity.type == "country":
            return entity_id
        implied = next((i for i in entity.implies if lexicon.entities[i].type == "country"), None)
        if implied:
            return implied
    return None
