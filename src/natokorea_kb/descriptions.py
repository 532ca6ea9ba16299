"""Events named again by a description: "the war" after "the Korean War".

English refers back to a war, a conflict or a summit the text named by its head noun
after "the", "this" or "that" (``event_descriptions`` in ``resources/<lang>/extract.yml``);
the phrase names the last meeting or operation the document named whose name, or an alias
in the text's language, has that noun. With none named yet, a text published while a
meeting was held (the lexicon's ``held``) means that meeting: "the summit" in a speech of
11 July 2023 is the Vilnius Summit. So is a generic name ("NATO Summit", "NATO Zirvesi": the
lexicon's ``generic``) in such a text; elsewhere it stays the generic entity. Turkish has
no article, so a bare "savaş" names nothing (its list is empty).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

from .lexicon import Lexicon
from .records import DateValue, Mention
from .resources import language_resource
from .text import phrase_pattern

EVENT_TYPES = ("meeting", "operation")


@cache
def _descriptions(language: str) -> re.Pattern[str]:
    return phrase_pattern(language_resource("extract", language)["event_descriptions"])


@dataclass
class Events:
    """The meetings and operations a document has named so far, in order."""

    named: list[str] = field(default_factory=list)
    published: str = ""  # the text's publication date (ISO), for a meeting held then

    def read(
        self, text: str, language: str, mentions: list[Mention], lexicon: Lexicon
    ) -> list[Mention]:
        """Mentions of named events by a description, outside ``mentions``; then the
        events ``mentions`` name are the latest named."""
        found = []
        for match in _descriptions(language).finditer(text):
            start, end = match.span()
            if any(
                m.start < end and start < m.end and lexicon.entities[m.id].type in EVENT_TYPES
                for m in mentions
            ):
                continue  # "the Vilnius Summit" names itself
            noun = match.group().split()[-1].casefold()
            named = (e for e in reversed(self.named) if _has(e, noun, language, lexicon))
            event = next(named, None) or self._held_then(noun, lexicon)
            if event is not None:
                found.append(Mention(event, start, end, match.group()))
        for mention in mentions:
            if lexicon.entities[mention.id].type in EVENT_TYPES:
                self.named = [*(e for e in self.named if e != mention.id), mention.id]
        return found

    def specific(self, mentions: list[Mention], lexicon: Lexicon) -> list[Mention]:
        """The mentions with a generic name ("NATO Summit") given as the meeting of that
        kind held on the publication date, when one was."""
        return [
            replace(m, id=held)
            if lexicon.entities[m.id].generic
            and (held := _held(_noun(m.id, lexicon), self.published, self.published, lexicon))
            else m
            for m in mentions
        ]

    def _held_then(self, noun: str, lexicon: Lexicon) -> str | None:
        """The meeting of that noun held on the publication date, if one was."""
        return _held(noun, self.published, self.published, lexicon) if self.published else None


def held_in(entity_id: str, value: DateValue, lexicon: Lexicon) -> str:
    """A generic meeting name ("NATO Zirvesi") dated by its statement: the one meeting of
    that kind held within the date ("geçen yıl … düzenlenen NATO Zirvesi" in 2025 is the
    Washington Summit of 2024); else the generic name itself."""
    if not lexicon.entities[entity_id].generic:
        return entity_id
    return _held(_noun(entity_id, lexicon), value.start, value.end, lexicon) or entity_id


def _held(noun: str, start: str, end: str, lexicon: Lexicon) -> str | None:
    """The one specific meeting whose English name has ``noun`` and whose days meet the
    span ``start``..``end`` (ISO, at any precision); None when none or several do."""
    held = [
        e.id
        for e in lexicon.entities.values()
        if e.held
        and not e.generic
        and e.held[0][: len(end)] <= end
        and start <= e.held[1][: len(start)]
        and noun in e.name.casefold().split()
    ]
    return held[0] if len(held) == 1 else None


def _noun(entity_id: str, lexicon: Lexicon) -> str:
    """The head noun of an entity's English name: "summit" of "NATO summit"."""
    return lexicon.entities[entity_id].name.split()[-1].casefold()


def _has(entity_id: str, noun: str, language: str, lexicon: Lexicon) -> bool:
    entity = lexicon.entities[entity_id]
    names = (entity.name, *entity.aliases.get(language, ()))
    return any(noun in name.casefold().split() for name in names)
