"""People named again by one word of their name ("Minister Yu", "Bakan Park", "Yoon") or
by their title ("the president").

Family names shared by millions (Yu, Park, Kim, Yoon) cannot be lexicon aliases. Within
one document, once a person is named in full ("Mr Yu Myung-hwan"), a title before one word
of that name (``person_titles`` in ``resources/<lang>/extract.yml``) names the same person
again, and so does the word standing alone between words that are not names ("Yoon will
stay in Vilnius", as news items write after the first mention; not "Olympic Park"); a
word two people of the document share names neither. An article and a title alone ("the
president", "the Secretary General": ``person_articles``) name the last person the
document named with that title ("President Yoon Suk Yeol"), unless a name or "of"
follows ("the President of Lithuania" is someone else).
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


def _with_titles(language: str, form: str) -> re.Pattern[str] | None:
    """``form`` with the language's person titles in place of ``TITLES``; None when it
    has none."""
    titles = language_resource("extract", language)["person_titles"]
    if not titles:
        return None
    return re.compile(form.replace("TITLES", phrase_pattern(titles).pattern))


@cache
def _titled(language: str) -> re.Pattern[str] | None:
    """A title followed by a capitalised word: the word is group "name"."""
    return _with_titles(language, rf"TITLES\s+(?P<name>{NAME})")


@cache
def _title_before(language: str) -> re.Pattern[str] | None:
    """A title right before a name: the text before a mention ends with it."""
    return _with_titles(language, r"(?<!\w)(?P<title>TITLES)\s+\Z")


@cache
def _described(language: str) -> re.Pattern[str] | None:
    """An article and a title with no name after it: "the president", "the Secretary
    General" (not "the President of Lithuania", "the President Yoon")."""
    data = language_resource("extract", language)
    if not data["person_articles"] or not data["person_titles"]:
        return None
    articles = phrase_pattern(data["person_articles"]).pattern
    titles = phrase_pattern(data["person_titles"]).pattern
    after = r"(?!\w)(?!\s+(?:of\b|[A-Z]))"  # no name and no "of" after the title
    return re.compile(rf"(?<!\w)(?i:{articles})\s+(?P<title>(?i:{titles})){after}")


@dataclass
class People:
    """The people a document has named in full so far, by the words of their names."""

    known: dict[str, str | None] = field(default_factory=dict)  # word -> person (None: shared)
    titled: dict[str, str] = field(default_factory=dict)  # title (folded) -> last person
    people: set[str] = field(default_factory=set)  # the persons the document names

    def learn(self, named: Iterable[str], lexicon: Lexicon) -> None:
        """Take in the entities a document names (ids); its people are named in full."""
        for entity_id in named:
            entity = lexicon.entities[entity_id]
            words = entity.name.split()
            if entity.type == "person":
                self.people.add(entity_id)
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
        found += self._described(text, language, [*mentions, *found])
        return found

    def _described(self, text: str, language: str, mentions: list[Mention]) -> list[Mention]:
        """ "The president": the last person named with that title; then the titles
        this text gives the people it names, for the sentences after it."""
        described, before = _described(language), _title_before(language)
        found = []
        for match in described.finditer(text) if described and self.titled else ():
            person = self.titled.get(match.group("title").casefold())
            if person and not any(
                m.start < match.end() and match.start() < m.end for m in mentions
            ):
                found.append(Mention(person, match.start(), match.end(), match.group()))
        for mention in mentions if before else ():
            title = before.search(text[: mention.start])
            if title and mention.id in self.people:
                self.titled[title.group("title").casefold()] = mention.id
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
