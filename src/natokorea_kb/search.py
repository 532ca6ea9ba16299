"""What the site search finds: one record per fact card and per page worth finding.

The search is Pagefind (:mod:`natokorea_kb.searchindex` writes its bundle). Every record
is made here from the knowledge base, not read back from the built HTML: the indexer
then sees content only (no navigation, furniture, listings or copies of a fact on every
page naming it), each record carries the language of its own text (so Turkish is stemmed
as Turkish, English as English, and Hangul is kept as written), and its filters and
display fields come from the data. Records are plain data; nothing here does I/O.

- **Facts**: one record per corroboration cluster, addressed to its card on its year
  page (``years/2012/#f-002-3c9e1a``): the quote and any curated summary as content,
  the title in every language the frame gives as weighted fields, and date, kind,
  sources and entities to show and to filter by.
- **Entities, topics, partnerships, sources, disagreements and periods**: one record per
  page (per disagreement: its place on the disagreements page), holding the names and
  words the page stands for; an entity's names in every language are one weighted field,
  so ``Güney Kore`` and ``대한민국`` find South Korea while no fact carries them.

**Folding.** Pagefind lower-cases, decomposes and drops combining marks both when it
indexes and when it searches, so ``kuresel`` finds ``küresel`` and ``ITTIFAK`` finds
``İttifak``; letters that do not decompose (Turkish ``ı``, ``ß``…, listed in
``resources/common/search.yml``) would still miss. Each record gets a ``fold`` field
with the plain spelling of its words holding such a letter (``ortaklık`` → ``ortaklik``).
Pagefind indexes every metadata field but builds excerpts from the content alone, so the
folded copies are found and never shown.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache

from .disagreements import Disagreement
from .knowledge import KnowledgeBase
from .lexicon import Entity
from .records import Fact, Page, SourceMeta
from .render import links
from .render.edition import Edition, title_in
from .render.markup import anchor_id
from .render.views import Views, partnership_title
from .resources import language_resource, resource_languages

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class SearchRecord:
    """One search result: where it leads, its text, what it shows and how it filters.

    ``url`` is relative to the site root (``years/2012/#f-002-3c9e1a``); ``meta`` holds
    the fields a result shows and the weighted fields it is found by (every field is
    searched; weights are in ``resources/common/search.yml``); ``filters`` maps a filter
    to the values the record has.
    """

    url: str
    language: str
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]] = field(default_factory=dict)


@cache
def search_rules() -> dict:
    """The search's rules as data: foldings, ranking weights, filter names."""
    return dict(language_resource("search"))


@cache
def _unfolded() -> dict[str, str]:
    return dict(search_rules()["unfolded"])


@lru_cache(maxsize=1 << 16)  # a corpus repeats its words
def plain_spelling(word: str) -> str:
    """``word`` lower-cased with every letter folded as Pagefind would, and the letters
    it leaves alone spelled plainly: ``Ortaklığı`` → ``ortakligi``."""
    lowered = "".join(_unfolded().get(c, c) for c in word.lower())
    decomposed = unicodedata.normalize("NFD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_terms(*texts: str | None) -> str:
    """The plain spellings of the words that Pagefind's own folding would miss, in order,
    each once: ``"Savaşı ortaklık"`` → ``"savasi ortaklik"``."""
    letters = _unfolded().keys()
    found: dict[str, None] = {}
    for text in texts:
        for word in _WORD.findall(text or ""):
            if any(c in letters for c in word.lower()):
                found[plain_spelling(word)] = None
    return " ".join(found)


@cache  # read for every record
def browser_settings(language: str = "en") -> dict:
    """What the search script needs, as plain data: where the index and the search page
    are (from the site root), the words to show, the query folding, the ranking and the
    filters of the search page."""
    rules = search_rules()
    return {
        "bundle": links.SEARCH_INDEX + "/",
        "page": links.page_url(links.SEARCH),
        "strings": {
            **language_resource("search_ui", "en")["strings"],
            **language_resource("search_ui", language)["strings"],
        },
        "ignored": sorted(
            {
                w
                for code in resource_languages("search_ui")
                for w in language_resource("search_ui", code)["ignored"]
            }
        ),
        "queryFolds": dict(rules["query_folds"]),
        "metaWeights": dict(rules["meta_weights"]),
        "ranking": dict(rules["ranking"]),
        "filters": list(rules["filters"]),
    }


@cache
def _joiners() -> re.Pattern[str]:
    return re.compile(f"(?<=\\w)[{re.escape(search_rules()['joiners'])}]+(?=\\w)")


def separated(text: str) -> str:
    """``text`` with the punctuation that joins two words made a space:
    ``NATO’s``, ``NATO–Australia`` → ``NATO s``, ``NATO Australia``.

    Pagefind indexes words joined so as the whole and as each part, and counts every
    form a query word matches: "NATO–Australia partnership" outranked NATO's own page
    for "NATO" six times over. Weighted fields are indexed separated; a title is shown
    as written from ``label``, which does not count in the ranking.
    """
    return _joiners().sub(" ", text)


def settings_file(language: str = "en") -> Page:
    """:func:`browser_settings` as the JSON file the search script reads."""
    text = json.dumps(browser_settings(language), ensure_ascii=False, sort_keys=True, indent=1)
    return Page.of(links.SEARCH_SETTINGS, text + "\n")


def _record(
    url: str,
    language: str,
    content: str,
    meta: dict[str, str],
    filters: dict[str, list[str]],
) -> SearchRecord:
    """A record with its folded spellings added, its weighted fields separated (see
    :func:`separated`) and empty fields left out."""
    folded = fold_terms(content, *meta.values())
    shown = {k: " ".join(v.split()) for k, v in meta.items() if v and v.strip()}
    weighted = search_rules()["meta_weights"]
    for key in [k for k in shown if weighted.get(k, 1) > 0]:
        spaced = separated(shown[key])
        if key == "title" and spaced != shown[key]:
            shown["label"] = shown[key]
        shown[key] = spaced
    if folded:
        shown["fold"] = folded
    kept = {k: sorted(set(v)) for k, v in filters.items() if v}
    return SearchRecord(url, language, " ".join(content.split()) or shown["title"], shown, kept)


def decade(year: str) -> str:
    return f"{year[:3]}0s"


@dataclass(frozen=True)
class _Site:
    """What every record builder reads: the knowledge base, its views, the edition whose
    words the records show, and each source by id."""

    kb: KnowledgeBase
    views: Views
    edition: Edition
    sources: dict[str, SourceMeta]

    def source_label(self, source: SourceMeta) -> str:
        """How a source is named in filters: its id and title, short."""
        title = " ".join(source.title.split())
        return f"{source.id} · {title[:60]}{'…' if len(title) > 60 else ''}"

    def type(self, name: str) -> str:
        """A kind of result as the edition names it (a filter value)."""
        return browser_settings(self.edition.language)["strings"][f"type.{name}"]


def fact_record(fact: Fact, site: _Site) -> SearchRecord:
    """A fact card as a result: its title, date, kind and sources, found by its quote and
    its titles in every language, and by the names of its entities that these do not
    spell out ("Partnership for Peace" where the quote says "PfP"). Its kind and sources
    are filters, shown and not searched: a word indexed once more in every record makes
    the index chunks of common words, which each query downloads, larger."""
    edition, lexicon = site.edition, site.kb.lexicon
    members = site.views.members[fact.id]
    page, anchor = site.views.home_of(fact)
    year = fact.date.start[:4]
    names = [edition.name(e) for e in dict.fromkeys(fact.entities) if e in lexicon.entities]
    title, _ = title_in(fact, edition.language)
    other_titles = [t for t in dict.fromkeys((fact.title, *fact.titles.values())) if t != title]
    content = " ".join(x for x in (fact.summary, fact.quote) if x)
    written = " ".join((title, *other_titles, content)).casefold()
    return _record(
        url=links.page_url(page) + "#" + anchor,
        language=fact.language,
        content=content,
        meta={
            "title": title,
            "titles": " · ".join(other_titles),
            "date": edition.date(fact.date),
            "entities": ", ".join(n for n in names if n.casefold() not in written),
        },
        filters={
            "type": [site.type("fact")],
            "kind": [edition.kind(fact.kind)],
            "year": [year],
            "decade": [decade(year)],
            "entity": names,
            "topic": [edition.topic(t) for m in members for t in m.topics if t in lexicon.topics],
            "source": [site.source_label(site.sources[m.source]) for m in members],
            "source kind": [edition.source_kind(site.sources[m.source].kind) for m in members],
            "language": [edition.language_name(m.language) for m in members],
        },
    )


def _names(entity: Entity) -> str:
    """Every name of an entity, in every language, each once."""
    written = [entity.name, entity.abbreviation, entity.expansion]
    written += [name for names in entity.aliases.values() for name in names]
    return " · ".join(dict.fromkeys(n for n in written if n))


def entity_records(site: _Site) -> Iterator[SearchRecord]:
    edition = site.edition
    for entity_id, path in site.views.entity_pages.items():
        entity = site.kb.lexicon.entities[entity_id]
        label = edition.entity_type(entity.type)
        yield _record(
            url=links.page_url(path),
            language=edition.language,
            content=entity.description or f"{label}: {edition.entity(entity)}",
            meta={"title": edition.entity_title(entity), "names": _names(entity)},
            filters={"type": [label], "entity": [edition.entity(entity)]},
        )


def topic_records(site: _Site) -> Iterator[SearchRecord]:
    for topic_id, path in site.views.topic_pages.items():
        topic = site.kb.lexicon.topics[topic_id]
        name = site.edition.topic(topic_id)
        words = " · ".join(w for words in topic.keywords.values() for w in words)
        yield _record(
            url=links.page_url(path),
            language=site.edition.language,
            content=name,
            meta={"title": name, "names": f"{topic.name} · {words}"},
            filters={"type": [site.type("topic")], "topic": [name]},
        )


def partnership_records(site: _Site) -> Iterator[SearchRecord]:
    edition = site.edition
    for partnership in site.kb.consolidated.partnerships:
        partner = site.kb.lexicon.entities[partnership.partner]
        labels = " · ".join(
            dict.fromkeys(edition.matter(p, label) for p, label, _ in partnership.labels)
        )
        yield _record(
            url=links.page_url(links.partnership(partnership.id)),
            language=edition.language,
            content=labels or partnership_title(partnership, edition),
            meta={"title": partnership_title(partnership, edition), "names": _names(partner)},
            filters={"type": [site.type("partnership")], "entity": [edition.entity(partner)]},
        )


def source_records(site: _Site) -> Iterator[SearchRecord]:
    edition = site.edition
    for document in site.kb.documents:
        source = document.source
        year = source.published.iso()[:4]
        about = [source.venue, source.publisher, ", ".join(source.authors)]
        yield _record(
            url=links.page_url(links.source(source.id)),
            language=source.language,
            content=" · ".join(x for x in about if x) or source.title,
            meta={
                "title": edition.text("titles.source", id=source.id, title=source.title),
                "date": edition.day(source.published),
            },
            filters={
                "type": [site.type("source")],
                "source": [site.source_label(source)],
                "source kind": [edition.source_kind(source.kind)],
                "language": [edition.language_name(source.language)],
                "year": [year],
                "decade": [decade(year)],
            },
        )


def disagreement_record(disagreement: Disagreement, site: _Site) -> SearchRecord:
    """A disagreement as a result: what is disputed, and which source says what."""
    edition, views = site.edition, site.views
    facts = [views.by_id[i] for i in disagreement.facts if i in views.by_id]
    said = dict.fromkeys(f"{edition.date(f.date)} · {f.source}" for f in facts)
    subject = edition.name(disagreement.subject) if disagreement.subject else ""
    matter = edition.matter(disagreement.predicate, disagreement.label)
    names = [subject, *(edition.name(e) for f in facts for e in f.entities)]
    return _record(
        url=links.page_url(views.disagreement_page[disagreement.id])
        + "#"
        + anchor_id(disagreement.id),
        language=edition.language,
        content=f"{matter}: {subject}. " + "; ".join(said),
        meta={
            "title": f"{matter}: {subject}",
            "titles": " · ".join(dict.fromkeys(t for f in facts for t in f.titles.values())),
        },
        filters={
            "type": [site.type("disagreement")],
            "entity": [n for n in names if n],
            "source": [site.source_label(site.sources[f.source]) for f in facts],
        },
    )


def period_records(site: _Site) -> Iterator[SearchRecord]:
    for period in site.views.years:
        title = site.edition.period(period)
        filters = {"type": [site.type("year")]}
        if period.isdigit():
            filters |= {"year": [period], "decade": [decade(period)]}
        elif period.endswith("s"):
            filters["decade"] = [period]
        yield _record(
            url=links.page_url(links.year(period)),
            language=site.edition.language,
            content=title,
            meta={"title": title},
            filters=filters,
        )


def search_records(kb: KnowledgeBase, views: Views, edition: Edition) -> Iterator[SearchRecord]:
    """Every record of the site search of ``edition``, in a stable order, made one at a
    time. Facts and sources are in their own language; pages in the edition's."""
    site = _Site(kb, views, edition, {d.source.id: d.source for d in kb.documents})
    for fact in views.canonical:
        yield fact_record(fact, site)
    yield from entity_records(site)
    yield from topic_records(site)
    yield from partnership_records(site)
    yield from source_records(site)
    for disagreement in kb.consolidated.disagreements:
        yield disagreement_record(disagreement, site)
    yield from period_records(site)
