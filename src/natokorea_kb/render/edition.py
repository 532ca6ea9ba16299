"""What changes with the reader's language: interface strings, dates, names and titles.

The site is rendered once per language of :data:`~.links.EDITIONS`. An :class:`Edition`
answers every question whose answer depends on the language: a message of its catalog
(:mod:`natokorea_kb.messages`), a date as its readers write it, an entity's, topic's or
matter's name, and a fact's title and summary. Text that exists only in another
language (a quote, an English title where the frame gives no Turkish one) is shown as it
is, marked with its own ``lang``, never translated by a machine.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from markupsafe import Markup

from ..datetext import date_label
from ..disagreements import RELATIONSHIP
from ..lexicon import Entity, Lexicon
from ..messages import Catalog, catalog
from ..records import DateValue, Fact, PartialDate
from .markup import escaped


def title_in(fact: Fact, language: str) -> tuple[str, str]:
    """A fact's title for a reader of ``language`` and the language it is written in.

    A curator's title, in that language or else in English: a curator titles a fact when
    the frame's title was wrong, so the frame's title in another language is no better;
    else the frame's (which, for a source in that language, falls back on its own clause),
    in that language or else in English; else the fact's title, its source's own clause.
    """
    curated = {"tr": fact.title_tr}
    if fact.curated and fact.title not in fact.titles.values():
        curated["en"] = fact.title  # the record's title is the curator's
    for titles in (curated, fact.titles):
        for choice in dict.fromkeys((language, "en")):
            if titles.get(choice):
                return titles[choice], choice
    return fact.title, fact.language


def summary_in(fact: Fact, language: str) -> tuple[str, str] | None:
    """A curator's summary for a reader of ``language``, else the English one, if any."""
    own = fact.summaries.get(language)
    if own:
        return own, language
    english = fact.summaries.get("en")
    return (english, "en") if english else None


def foreign(html: str, language: str, reader: str) -> Markup:
    """``html`` (already escaped) marked with its language when the reader's differs."""
    if language == reader:
        return Markup(html)
    return Markup('<span lang="{}">').format(language) + Markup(html) + Markup("</span>")


@dataclass(frozen=True)
class Edition:
    """The site in one language: its messages and how it writes dates and names."""

    language: str
    lexicon: Lexicon

    @cached_property
    def catalog(self) -> Catalog:
        return catalog(self.language)

    def t(self, key: str, /, **values: object) -> Markup:
        """Message ``key`` as markup, each slot's value escaped unless it is markup."""
        if values:
            return self.catalog.markup(key, escaped, **values)
        found = self._fixed.get(key)
        if found is None:
            found = self._fixed[key] = self.catalog.markup(key, escaped)
        return found

    @cached_property
    def _fixed(self) -> dict[str, Markup]:
        """Messages without slots as :meth:`t` gave them: a fact card asks for the same
        labels (cite box, badges) every time."""
        return {}

    def text(self, key: str, /, **values: object) -> str:
        """Message ``key`` as plain text (page titles and tags, escaped where printed)."""
        return self.catalog.text(key, **values)

    def percent(self, share: float) -> str:
        """A share as a percentage the way this language writes it: "95.3 %", "%95,3"."""
        number = f"{100 * share:.1f}".replace(".", self.text("numbers.decimal"))
        return self.text("numbers.percent", value=number)

    # ------------------------------------------------------------------ dates

    def date(self, value: DateValue) -> str:
        key = (value.start, value.end, value.precision)  # all that a label depends on
        found = self._dates.get(key)
        if found is None:
            found = self._dates[key] = date_label(value, self.language)
        return found

    @cached_property
    def _dates(self) -> dict[tuple[str, str, str], str]:
        """Dates as :meth:`date` wrote them: cards and lines write the same few hundred
        dates, and each publication date, again and again."""
        return {}

    def dates(self, facts: Iterable[Fact]) -> str:
        """The distinct dates of these facts, as written, in their order."""
        return ", ".join(dict.fromkeys(self.date(fact.date) for fact in facts))

    def written(self, iso: str) -> str:
        """An ISO date, whole or partial, as written: "16 Şubat 2023", "February 2023"."""
        precision = ("year", "month", "day")[iso.count("-")]
        return self.date(DateValue(iso, iso, precision, iso, "explicit"))

    def day(self, value: PartialDate) -> str:
        """A source's publication date."""
        return self.written(value.iso())

    def period(self, period: str) -> str:
        """A year page's period: "2012", "1950s" / "1950'ler", "21st century" / "21. yüzyıl"."""
        if period.startswith("century-"):
            number = int(period.removeprefix("century-"))
            first, last = f"{(number - 1) * 100 + 1:04d}", f"{number * 100:04d}"
            return self.date(DateValue(first, last, "century", "", "explicit"))
        if period.endswith("s"):
            return self.decade(period[:-1])
        return period

    def decade(self, first_year: str) -> str:
        last = str(int(first_year) + 9)
        return self.date(DateValue(first_year, last, "decade", "", "explicit"))

    # ------------------------------------------------------------------ labels and names

    def kind(self, kind: str) -> str:
        return self.text(f"kinds.{kind}")

    def source_kind(self, kind: str) -> str:
        key = f"source_kinds.{kind.replace('-', '_')}"
        return self.text(key) if key in self.catalog.messages else kind

    def language_name(self, code: str) -> str:
        key = f"languages.{code}"
        return self.text(key) if key in self.catalog.messages else code

    def entity_type(self, entity_type: str, plural: bool = False) -> str:
        return self.text(f"entity_types.{'plural' if plural else 'one'}.{entity_type}")

    def entity(self, entity: Entity) -> str:
        """An entity's name in this language: its first alias here, else its name; one
        known by its acronym ("NATO", "EU") keeps it, or takes this language's ("AB")."""
        local = entity.aliases.get(self.language, ()) if self.language != "en" else ()
        if entity.abbreviation and entity.name == entity.abbreviation:
            return next((a for a in local if a.isupper() and " " not in a), entity.name)
        return local[0] if local else entity.name

    def name(self, entity_id: str) -> str:
        entity = self.lexicon.entities.get(entity_id)
        return self.entity(entity) if entity else entity_id

    def entity_title(self, entity: Entity) -> str:
        """An entity's page title: its name, and its abbreviation when that differs."""
        name, short = self.entity(entity), entity.abbreviation
        return f"{name} ({short})" if short and short != name else name

    def topic(self, topic_id: str) -> str:
        topic = self.lexicon.topics.get(topic_id)
        if topic is None:
            return topic_id
        return topic.names.get(self.language, topic.name)

    def matter(self, predicate_id: str, label: str) -> str:
        """A predicate's label (a disagreement's matter, a partnership's label)."""
        if predicate_id == RELATIONSHIP:
            return self.text("disagreements.relationship")
        predicate = self.lexicon.predicates.get(predicate_id)
        if predicate is None:
            return label
        return predicate.labels.get(self.language, predicate.label)

    def by_name(self, entities: Iterable[Entity]) -> list[Entity]:
        """Entities in the order of their names in this language."""
        return sorted(entities, key=lambda e: (self.entity(e).casefold(), e.id))

    def entity_names(self, ids: Iterable[str]) -> str:
        """The names of these entities in this language, as a comma-separated list."""
        return ", ".join(self.name(i) for i in ids)

    def topics_by_name(self, ids: Iterable[str]) -> list[str]:
        """Topic ids in the order of their names in this language."""
        return sorted(ids, key=lambda t: (self.topic(t).casefold(), t))

    def topic_names(self, ids: Iterable[str]) -> list[str]:
        """The names of these topics in this language, in their order."""
        return [self.topic(t) for t in self.topics_by_name(ids)]

    def names(self, ids: list[str] | tuple[str, ...]) -> str:
        """Entity names joined as a list reads: "South Korea and NATO"."""
        named = [self.name(i) for i in ids if i in self.lexicon.entities]
        if len(named) < 2:
            return "".join(named)
        return self.text("list.and", first=", ".join(named[:-1]), last=named[-1])
