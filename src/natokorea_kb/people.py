"""People named again by a title and one word of their name: "Minister Yu", "Bakan Park".

Family names shared by millions (Yu, Park, Kim, Yoon) cannot be lexicon aliases. Within
one document, once a person is named in full ("Mr Yu Myung-hwan"), a title before one word
of that name (``person_titles`` in ``resources/<lang>/extract.yml``) names the same person
again; a word two people of the document share names neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from .lexicon import Lexicon
from .records import Mention
from .resources import language_resource
from .text import phrase_pattern

NAME = r"[^\W\d_][\w-]*"


@cache
def _titled(language: str) -> re.Pattern[str] | None:
    """A title followed by a capitalised word: the word is group "name"."""
    titles = language_resource("extract", language)["person_titles"]
    if not titles:
        return None
    return re.compile(rf"{phrase_pattern(titles).pattern}\s+(?P<name>{NAME})")


@dataclass
class People:
    """The people a document has named in full so far, by the words of their names."""

    known: dict[str, str | None] = field(default_factory=dict)  # word -> person (None: shared)

    def learn(self, mentions: list[Mention], lexicon: Lexicon) -> None:
        for mention in mentions:
            entity = lexicon.entities[mention.id]
            words = entity.name.split()
            if entity.type != "person" or len(words) < 2:
                continue
            for word in {words[0], words[-1]}:
                self.known[word] = (
                    mention.id if self.known.get(word, mention.id) == mention.id else None
                )

    def find(self, text: str, language: str, mentions: list[Mention]) -> list[Mention]:
        """Mentions of known people by a title and a word of their name, outside ``mentions``."""
        titled = _titled(language)
        if titled is None or not self.known:
            return []
        found = []
        for match in titled.finditer(text):
            person = self.known.get(match.group("name"))
            start, end = match.span("name")
            if person and not any(m.start < end and start < m.end for m in mentions):
                found.append(Mention(person, start, end, match.group("name")))
        return found
