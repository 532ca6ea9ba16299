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
from .render.markup import anchor_id
from .render.views import (
    KIND_LABELS,
    LANGUAGE_NAMES,
    SOURCE_KIND_LABELS,
    Views,
    date_label,
    entity_title,
    partnership_title,
    period_title,
)
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


def browser_settings(language: str = "en") -> dict:
    """What the search script needs, as plain data: where the index and the search page
    are (from the site root), the words to show, the query folding, the ranking and the
    filters of the search page."""
    rules = search_rules()
    return {
        "bundle": links.SEARCH_INDEX + "/",
        "page": links.page_url(links.SEARCH),
        "strings": dict(language_resource("search_ui", language)["strings"]),
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


def _source_label(source: SourceMeta) -> str:
    """How a source is named in filters: its id and title, short."""
    title = " ".join(source.title.split())
    return f"{source.id} · {title[:60]}{'…' if len(title) > 60 else ''}"


def _kind_label(kind: str) -> str:
    return SOURCE_KIND_LABELS.get(kind, kind)


def _language(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def fact_record(
    fact: Fact, kb: KnowledgeBase, views: Views, sources: dict[str, SourceMeta]
) -> SearchRecord:
    """A fact card as a result: its title, date, kind and sources, found by its quote and
    its titles in every language, and by the names of its entities that these do not
    spell out ("Partnership for Peace" where the quote says "PfP"). Its kind and sources
    are filters, shown and not searched: a word indexed once more in every record makes
    the index chunks of common words, which each query downloads, larger."""
    entities = kb.lexicon.entities
    topics = kb.lexicon.topics
    members = views.members[fact.id]
    page, anchor = views.home_of(fact)
    year = fact.date.start[:4]
    names = [entities[e].name for e in dict.fromkeys(fact.entities) if e in entities]
    other_titles = [t for t in dict.fromkeys(fact.titles.values()) if t != fact.title]
    content = " ".join(x for x in (fact.summary, fact.quote) if x)
    written = " ".join((fact.title, *other_titles, content)).casefold()
    return _record(
        url=links.page_url(page) + "#" + anchor,
        language=fact.language,
        content=content,
        meta={
            "title": fact.title,
            "titles": " · ".join(other_titles),
            "date": date_label(fact),
            "entities": ", ".join(n for n in names if n.casefold() not in written),
        },
        filters={
            "type": ["Fact"],
            "kind": [KIND_LABELS[fact.kind]],
            "year": [year],
            "decade": [decade(year)],
            "entity": names,
            "topic": [topics[t].name for m in members for t in m.topics if t in topics],
            "source": [_source_label(sources[m.source]) for m in members],
            "source kind": [_kind_label(sources[m.source].kind) for m in members],
            "language": [_language(m.language) for m in members],
        },
    )


def _names(entity: Entity) -> str:
    """Every name of an entity, in every language, each once."""
    written = [entity.name, entity.abbreviation, entity.expansion]
    written += [name for names in entity.aliases.values() for name in names]
    return " · ".join(dict.fromkeys(n for n in written if n))


def entity_records(kb: KnowledgeBase, views: Views) -> Iterator[SearchRecord]:
    for entity_id, path in views.entity_pages.items():
        entity = kb.lexicon.entities[entity_id]
        label = entity.type.capitalize()
        yield _record(
            url=links.page_url(path),
            language="en",
            content=entity.description or f"{label}: {entity.name}",
            meta={"title": entity_title(entity), "names": _names(entity)},
            filters={"type": [label], "entity": [entity.name]},
        )


def topic_records(kb: KnowledgeBase, views: Views) -> Iterator[SearchRecord]:
    for topic_id, path in views.topic_pages.items():
        topic = kb.lexicon.topics[topic_id]
        words = " · ".join(w for words in topic.keywords.values() for w in words)
        yield _record(
            url=links.page_url(path),
            language="en",
            content=f"Facts about {topic.name}",
            meta={"title": topic.name, "names": words},
            filters={"type": ["Topic"], "topic": [topic.name]},
        )


def partnership_records(kb: KnowledgeBase) -> Iterator[SearchRecord]:
    entities = kb.lexicon.entities
    for partnership in kb.consolidated.partnerships:
        title = partnership_title(partnership, kb.lexicon)
        partner = entities[partnership.partner]
        labels = " · ".join(dict.fromkeys(label for _, label, _ in partnership.labels))
        yield _record(
            url=links.page_url(links.partnership(partnership.id)),
            language="en",
            content=f"Relations between NATO and {partner.name}. {labels}",
            meta={"title": f"{title} partnership", "names": _names(partner)},
            filters={"type": ["Partnership"], "entity": [partner.name]},
        )


def source_records(kb: KnowledgeBase) -> Iterator[SearchRecord]:
    for document in kb.documents:
        source = document.source
        year = source.published.iso()[:4]
        about = [source.venue, source.publisher, ", ".join(source.authors)]
        yield _record(
            url=links.page_url(links.source(source.id)),
            language=source.language,
            content=" · ".join(x for x in about if x) or source.title,
            meta={
                "title": f"Source {source.id}: {source.title}",
                "date": source.published.iso(),
            },
            filters={
                "type": ["Source"],
                "source": [_source_label(source)],
                "source kind": [_kind_label(source.kind)],
                "language": [_language(source.language)],
                "year": [year],
                "decade": [decade(year)],
            },
        )


def disagreement_record(
    disagreement: Disagreement, kb: KnowledgeBase, views: Views, sources: dict[str, SourceMeta]
) -> SearchRecord:
    """A disagreement as a result: what is disputed, and which source says what."""
    entities = kb.lexicon.entities
    facts = [views.by_id[i] for i in disagreement.facts if i in views.by_id]
    said = dict.fromkeys(f"{date_label(f)} in source {f.source}" for f in facts)
    subject = entities[disagreement.subject].name if disagreement.subject in entities else ""
    names = [subject, *(entities[e].name for f in facts for e in f.entities if e in entities)]
    return _record(
        url=links.page_url(views.disagreement_page[disagreement.id])
        + "#"
        + anchor_id(disagreement.id),
        language="en",
        content=f"{disagreement.label}: {subject}. Sources differ: " + "; ".join(said),
        meta={
            "title": f"{disagreement.label}: {subject}",
            "titles": " · ".join(dict.fromkeys(t for f in facts for t in f.titles.values())),
        },
        filters={
            "type": ["Disagreement"],
            "entity": [n for n in names if n],
            "source": [_source_label(sources[f.source]) for f in facts],
        },
    )


def period_records(views: Views) -> Iterator[SearchRecord]:
    for period in views.years:
        title = period_title(period)
        filters = {"type": ["Year"]}
        if period.isdigit():
            filters |= {"year": [period], "decade": [decade(period)]}
        elif period.endswith("s"):
            filters["decade"] = [period]
        yield _record(
            url=links.page_url(links.year(period)),
            language="en",
            content=f"Facts of {title}",
            meta={"title": title},
            filters=filters,
        )


def search_records(kb: KnowledgeBase, views: Views) -> Iterator[SearchRecord]:
    """Every record of the site search, in a stable order, made one at a time."""
    sources = {d.source.id: d.source for d in kb.documents}
    for fact in views.canonical:
        yield fact_record(fact, kb, views, sources)
    yield from entity_records(kb, views)
    yield from topic_records(kb, views)
    yield from partnership_records(kb)
    yield from source_records(kb)
    for disagreement in kb.consolidated.disagreements:
        yield disagreement_record(disagreement, kb, views, sources)
    yield from period_records(views)
