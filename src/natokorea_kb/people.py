"""People named again by one word of their name: "Minister Yu", "Bakan Park", "Yoon".

Family names shared by millions (Yu, Park, Kim, Yoon) cannot be lexicon aliases. Within
one document, once a person is named in full ("Mr Yu Myung-hwan"), a title before one word
of that name (``person_titles`` in ``resources/<lang>/extract.yml``) names the same person
again, and so does the word standing alone between words that are not names ("Yoon will
stay in Vilnius", as news items write after the first mention; not "Olympic Park"); a
word two people of the document share names neither.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from .lexicon import Lexicon
from .records import Mention
from .resources import language_resource
from .text import phrase_pattern

NAME = r"[^\W\d_][\w-]*"
TITLE_CASE = 0.6  # a headline capitalises most words, so a capital says nothing there
CAPITALISED = re.compile(r"(?<![\w-])[^\W\d_][\w-]*")


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

    def learn(self, named: Iterable[str], lexicon: Lexicon) -> None:
        """Take in the entities a document names (ids); its people are named in full."""
        for entity_id in named:
            entity = lexicon.entities[entity_id]
            words = entity.name.split()
            if entity.type != "person" or len(words) < 2:
                continue
            for word in {words[0], words[-1]}:
                self.known[word] = (
                    entity_id if self.known.get(word, entity_id) == entity_id else None
                )

    def find(self, text: str, language: str, mentions: list[Mention]) -> list[Mention]:
        """Mentions of known people by one word of their name, outside ``mentions``."""
        titled = _titled(language)
        if titled is None or not self.known:
            return []
        found: list[Mention] = []
        spans = [match.span("name") for match in titled.finditer(text)]
        spans += _alone(text, self.known)
        for start, end in sorted(set(spans)):
            person = self.known.get(text[start:end])
            taken = [*mentions, *found]
            if person and not any(m.start < end and start < m.end for m in taken):
                found.append(Mention(person, start, end, text[start:end]))
        return found


def _alone(text: str, known: dict[str, str | None]) -> list[tuple[int, int]]:
    """Known name words standing between words that are not capitalised: a person named
    by one word, not a word of another name ("Olympic Park", "Park Geun-hye"); in a
    headline's title case, any known word ("Yoon Arrives in Lithuania")."""
    words = list(CAPITALISED.finditer(text))
    title_case = sum(w.group()[0].isupper() for w in words) > TITLE_CASE * len(words)
    found = []
    for index, word in enumerate(words):
        if word.group() not in known or not word.group()[0].isupper():
            continue
        around = words[max(index - 1, 0) : index] + words[index + 1 : index + 2]
        if title_case or not any(_capital(text, other, word) for other in around):
            found.append(word.span())
    return found


def _capital(text: str, other: re.Match[str], word: re.Match[str]) -> bool:
    """Whether a neighbouring word, right next to ``word``, is capitalised."""
    between = text[min(other.end(), word.end()) : max(other.start(), word.start())]
    return other.group()[0].isupper() and not between.strip()
