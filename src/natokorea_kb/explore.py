"""The explorer's data: every fact as a compact row, in chunks fetched on demand.

The explorer page (``/explore/``, ``assets/explore.js``) filters facts in the browser,
with no server. So that it stays light however large the corpus grows, the rows are
published several times, each time grouped by one facet and cut into chunks of at most
:data:`CHUNK_ROWS` rows in date order:

- ``data/explore/all/<n>.json``: every fact;
- ``data/explore/entity/<id>/<n>.json``, ``data/explore/topic/<id>/<n>.json``: the
  facts naming an entity, carrying a topic;
- ``data/explore/source/<id>.json``: the facts of one source (one file: a source
  states few facts).

``data/explore/index.json`` holds the facets' values with their counts and, for every
group, its chunks with their first and last year and their number of rows. The script
reads the index, takes the group among the active filters with the fewest rows in the
chosen years (the facts naming South Korea, not every fact), fetches its chunks a few
at a time and applies every other filter to the rows it has. A row is a list (field
order in :data:`ROW_FIELDS`); entities and topics are numbers indexing the index's lists.
The data serves every edition of the site: a row holds its date as written and its
title (with the title's language) once per edition language.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TypeVar

from .datetext import date_label
from .knowledge import KnowledgeBase
from .records import KINDS, Fact, Page
from .render import links
from .render.edition import Edition, title_in
from .render.views import Views, core_clusters, focus

Key = TypeVar("Key", int, str)
CHUNK_ROWS = 500
ROW_FIELDS = (
    "id",
    "cluster",
    "kind",  # index into KINDS
    "start",
    "end",
    "entities",  # indexes into index.json's entities
    "topics",  # indexes into index.json's topics
    "source",
    "sentence",
    "language",
    "flags",  # 1 disputed, 2 corroborated, 4 about the focus partnership
    "card",  # path of the year page holding the fact's card (anchor: the cluster id)
    *(
        f"{name}_{language}"
        for language in links.EDITIONS
        for name in ("date", "title", "title_lang")
    ),
)
DISPUTED, CORROBORATED, CORE = 1, 2, 4
SOURCE = ROW_FIELDS.index("source")


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def _row(
    fact: Fact,
    views: Views,
    entity_index: dict[str, int],
    topic_index: dict[str, int],
    core: frozenset[str],
) -> list:
    head = views.head[fact.id]
    flags = (DISPUTED if fact.disputed_by_count else 0) | (
        CORROBORATED if fact.corroborated_by_count else 0
    )
    flags |= CORE if head in core else 0
    page, _ = views.home_of(fact)
    per_edition = []
    for language in links.EDITIONS:
        per_edition += [date_label(fact.date, language), *title_in(fact, language)]
    return [
        fact.id,
        head,
        KINDS.index(fact.kind),
        fact.date.start,
        fact.date.end,
        [entity_index[e] for e in dict.fromkeys(fact.entities) if e in entity_index],
        [topic_index[t] for t in dict.fromkeys(fact.topics) if t in topic_index],
        fact.source,
        fact.sentence,
        fact.language,
        flags,
        links.page_url(page),
        *per_edition,
    ]


def _chunks(rows: Sequence[list], sources: dict[str, list]) -> list[tuple[list, str]]:
    """Rows cut into chunk files, each with its summary [first year, last year, rows]."""
    found = []
    for start in range(0, len(rows), CHUNK_ROWS):
        piece = rows[start : start + CHUNK_ROWS]
        used = {row[SOURCE] for row in piece}
        body = _json({"rows": piece, "sources": {s: sources[s] for s in sorted(used)}})
        found.append(([int(piece[0][3][:4]), int(piece[-1][3][:4]), len(piece)], body))
    return found


def explorer_files(kb: KnowledgeBase, views: Views) -> list[Page]:
    """The index and every chunk of the explorer's data (see the module's docstring)."""
    lexicon = kb.lexicon
    facts = sorted(kb.facts, key=lambda f: f.sort_key)
    entity_ids = sorted(
        {e for f in facts for e in f.entities if e in lexicon.entities},
        key=lambda e: (lexicon.entities[e].name.casefold(), e),
    )
    topic_ids = sorted({t for f in facts for t in f.topics if t in lexicon.topics})
    entity_index = {e: i for i, e in enumerate(entity_ids)}
    topic_index = {t: i for i, t in enumerate(topic_ids)}
    core = core_clusters(kb, views)
    sources = {
        d.source.id: [d.source.title, d.source.kind, d.source.language] for d in kb.documents
    }
    groups: dict[str, list[list]] = defaultdict(list)
    for fact in facts:
        row = _row(fact, views, entity_index, topic_index, core)
        groups["all"].append(row)
        for entity in dict.fromkeys(fact.entities):
            if entity in entity_index:
                groups[f"entity/{entity}"].append(row)
        for topic in dict.fromkeys(fact.topics):
            if topic in topic_index:
                groups[f"topic/{topic}"].append(row)
    pages: list[Page] = []
    chunk_index: dict[str, list[list[int]]] = {}
    for name, rows in sorted(groups.items()):
        chunk_index[name] = []
        for number, (summary, body) in enumerate(_chunks(rows, sources), 1):
            chunk_index[name].append(summary)
            pages.append(Page.of(links.data_file(f"explore/{name}/{number}.json"), body))
    by_source: dict[str, list[list]] = defaultdict(list)
    for row in groups["all"]:
        by_source[row[SOURCE]].append(row)
    for source_id, rows in sorted(by_source.items()):
        body = _json({"rows": rows, "sources": {source_id: sources[source_id]}})
        pages.append(Page.of(links.data_file(f"explore/source/{source_id}.json"), body))
    index = _index(kb, views, facts, entity_ids, topic_ids, chunk_index)
    return [Page.of(links.data_file("explore/index.json"), _json(index)), *pages]


def _counts(values: Iterable[Key]) -> dict[Key, int]:
    counts: dict[Key, int] = defaultdict(int)
    for value in values:
        counts[value] += 1
    return counts


def _index(
    kb: KnowledgeBase,
    views: Views,
    facts: Sequence[Fact],
    entity_ids: Sequence[str],
    topic_ids: Sequence[str],
    chunks: dict[str, list[list[int]]],
) -> dict:
    lexicon = kb.lexicon
    entity_counts = _counts(e for f in facts for e in dict.fromkeys(f.entities))
    topic_counts = _counts(t for f in facts for t in dict.fromkeys(f.topics))
    year_counts = _counts(int(f.date.start[:4]) for f in facts)  # the year range filters on
    found = focus(kb, views, Edition(links.EDITIONS[0], lexicon))
    partnership = found["partnership"] if found else None
    hub = partnership.id.removesuffix(f"-{partnership.partner}") if partnership else None
    return {
        "chunkRows": CHUNK_ROWS,
        "fields": list(ROW_FIELDS),
        "total": len(facts),
        "sources": len(kb.documents),
        "kinds": list(KINDS),
        "sourceKinds": sorted({d.source.kind for d in kb.documents}),
        "entities": [
            [e, lexicon.entities[e].name, lexicon.entities[e].type, entity_counts[e]]
            for e in entity_ids
        ],
        "topics": [[t, lexicon.topics[t].name, topic_counts[t]] for t in topic_ids],
        "years": [[y, n] for y, n in sorted(year_counts.items())],
        "focus": [e for e in (hub, partnership.partner if partnership else None) if e],
        "focusTitle": found["title"] if found else "",
        "chunks": chunks,
        "urls": links.explorer_urls(),
    }
