"""Events named again by a description: "the war" after "the Korean War".

English refers back to a war or a conflict the text named by its head noun after "the",
"this" or "that" (``event_descriptions`` in ``resources/<lang>/extract.yml``); the phrase
names the last meeting or operation the document named whose name, or an alias in the
text's language, has that noun. Turkish has no article, so a bare "savaş" names nothing
(its list is empty).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from .lexicon import Lexicon
from .records import Mention
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

    def read(
        self, text: str, language: str, mentions: list[Mention], lexicon: Lexicon
    ) -> list[Mention]:
        """Mentions of named events by a description, outside ``mentions``; then the
        events ``mentions`` name are the latest named."""
        found = []
        for match in _descriptions(language).finditer(text) if self.named else ():
            start, end = match.span()
            if any(m.start < end and start < m.end for m in mentions):
                continue
            noun = match.group().split()[-1].casefold()
            named = (e for e in reversed(self.named) if _has(e, noun, language, lexicon))
            event = next(named, None)
            if event is not None:
                found.append(Mention(event, start, end, match.group()))
        for mention in mentions:
            if lexicon.entities[mention.id].type in EVENT_TYPES:
                self.named = [*(e for e in self.named if e != mention.id), mention.id]
        return found


def _has(entity_id: str, noun: str, language: str, lexicon: Lexicon) -> bool:
    entity = lexicon.entities[entity_id]
    names = (entity.name, *entity.aliases.get(language, ()))
    return any(noun in name.casefold().split() for name in names)
