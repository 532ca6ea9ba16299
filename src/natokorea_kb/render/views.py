"""Facts arranged the ways pages need them: indexes, clusters, pages of a listing.

Every list on a page is bounded, so a page weighs the same at 5 or 5,000 sources: long
listings continue on numbered pages (see :class:`PageSizes`), and cross-reference
lists show their first entries and a count (:class:`Shown`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

from ..consolidate import Partnership, central_partnership
from ..disagreements import Disagreement
from ..knowledge import KnowledgeBase
from ..lexicon import Lexicon
from ..mentions import Mentions, Named, gather, scan
from ..records import KINDS, Fact, SourceMeta
from . import links
from .edition import Edition
from .heap import settled

MILESTONE_KINDS = ("partnership", "programme")
# Every list on a page is bounded, so a page weighs the same at 5 or 5,000 sources:
# long listings continue on numbered pages (see PageSizes), and cross-reference lists
# show their first entries and a count.
MAX_LISTED = 20  # statements of a partnership label
MAX_ON_CARD = 10  # sources listed on a cluster's card
MAX_REFERENCES = 5  # 'also stated by' and 'disputed by' entries on a statement's card
MAX_ROWS = 50  # sources naming an entity, sources of a topic
MAX_LINKING_HERE = 100
MAX_SIDES_PER_DATE = 3  # statements shown for each date a disagreement's sources give
MAX_DATES_PER_DISAGREEMENT = 8  # dates shown side by side on one disagreement
MAX_MILESTONES_LISTED = 30  # milestones listed on the home page


def year_of(fact: Fact) -> str:
    """The period a fact is listed under: its year, or its decade ("1950s") or century
    ("century-21") when the source gave no closer date: a decade is not its first year."""
    start = fact.date.start[:4]
    if fact.date.precision == "decade":
        return f"{start[:3]}0s"
    if fact.date.precision == "century":
        return f"century-{(int(start) - 1) // 100 + 1}"
    return start


def period_order(period: str) -> tuple[int, int]:
    """Periods in time order, a decade or century just before its first year."""
    if period.startswith("century-"):
        return ((int(period.removeprefix("century-")) - 1) * 100 + 1, 0)
    if period.endswith("s"):
        return (int(period[:-1]), 0)
    return (int(period), 1)


def group(facts: Iterable[Fact], key: Callable[[Fact], str]) -> dict[str, list[Fact]]:
    groups: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        groups[key(fact)].append(fact)
    return dict(sorted(groups.items()))


@dataclass(frozen=True)
class PageSizes:
    """How many entries one page of a listing holds before it continues on the next."""

    cards: int = 50  # fact cards (year pages)
    lines: int = 200  # one-line facts (timeline, entity, topic and partnership pages)
    rows: int = 100  # table rows (sources index)
    disagreements: int = 20


DEFAULT_SIZES = PageSizes()


@dataclass(frozen=True)
class Chunk:
    """One page of a listing too long for one page: its items, its number, its siblings."""

    first: str  # the listing's first page, e.g. ``years/2012.md``
    number: int  # 1-based
    total: int
    items: list[Any]

    @property
    def path(self) -> str:
        return self.path_of(self.number)

    def path_of(self, number: int) -> str:
        """The path of page ``number`` of this listing (see :func:`links.numbered`)."""
        return links.numbered(self.first, number)

    def title(self, title: str, edition: Edition) -> str:
        if self.total == 1:
            return title
        return edition.text("pager.title", title=title, number=self.number, total=self.total)


def paginate(first: str, items: Sequence[Any], per_page: int) -> list[Chunk]:
    """Split ``items`` into pages of at most ``per_page``; one empty page when none."""
    pieces = [list(items[i : i + per_page]) for i in range(0, len(items), per_page)] or [[]]
    return [Chunk(first, n, len(pieces), piece) for n, piece in enumerate(pieces, 1)]


def runs(items: Iterable[Fact], key: Callable[[Fact], str]) -> list[tuple[str, list[Fact]]]:
    """Consecutive items with the same key, in order: headings of an ordered listing."""
    groups: list[tuple[str, list[Fact]]] = []
    for item in items:
        value = key(item)
        if not groups or groups[-1][0] != value:
            groups.append((value, []))
        groups[-1][1].append(item)
    return groups


def first_pages(chunks: Sequence[Chunk], key: Callable[[Fact], str]) -> dict[str, str]:
    """Key value -> the page where its first item is listed (year links of an entity)."""
    found: dict[str, str] = {}
    for chunk in chunks:
        for item in chunk.items:
            found.setdefault(key(item), chunk.path)
    return found


@dataclass(frozen=True)
class Shown:
    """The first entries of a list that may be long, and how many there are in all."""

    items: list[Any]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.items)


def shown(items: Iterable[Any], limit: int = MAX_LISTED, total: int | None = None) -> Shown:
    listed = list(items)
    return Shown(listed[:limit], max(len(listed), total or 0))


@dataclass(frozen=True)
class Card:
    """The cross-references of one fact card."""

    statements: Shown  # the fact, or its whole cluster on year pages
    others: Shown  # other sources stating the same thing (corroborated_by)
    against: Shown  # statements that date or state it differently (disputed_by)
    disputes: list[Disagreement]  # the disagreements it is part of
    home: tuple[str, str]  # year page and anchor of its cluster
    home_year: str


def _by_kind(fact: Fact) -> tuple[int, tuple[str, str, str]]:
    return KINDS.index(fact.kind), fact.sort_key


@dataclass(frozen=True)
class Views:
    """Facts arranged the ways several pages need them."""

    by_id: dict[str, Fact]
    canonical: list[Fact]  # one per corroboration cluster, by date
    head: dict[str, str]  # fact id -> id of its cluster's canonical fact
    members: dict[str, list[Fact]]  # canonical id -> every statement of its cluster
    entity_facts: dict[str, list[Fact]]  # every statement naming the entity
    topic_facts: dict[str, list[Fact]]  # canonical facts of the topic
    source_facts: dict[str, list[Fact]]  # every statement of the source
    disputes: dict[str, list[Disagreement]]  # fact id -> disagreements it is part of
    mentions: Mentions
    entity_pages: dict[str, str]  # entity id -> page path, for entities with a page
    topic_pages: dict[str, str]
    years: list[str]
    by_year: dict[str, list[Fact]]  # canonical facts per year
    statements_by_year: dict[str, list[Fact]]
    year_chunks: dict[str, list[Chunk]]  # the pages of each year, cards by kind then date
    home_page: dict[str, str]  # canonical id -> the year page (of several) listing it
    disagreement_chunks: list[Chunk]
    timeline_chunks: list[Chunk]
    source_kinds: dict[str, str]  # source id -> its kind
    timeline_page: dict[str, str]  # year -> the timeline page where the year begins
    disagreement_page: dict[str, str]  # disagreement id -> the page listing it

    def home_of(self, fact: Fact) -> tuple[str, str]:
        """The page and anchor where a fact's cluster is shown by date: its year page."""
        head = self.head[fact.id]
        return self.home_page[head], head

    def canonical_of(self, fact_ids: Iterable[str]) -> list[Fact]:
        """The canonical facts of the clusters that ``fact_ids`` belong to, by date."""
        heads = {self.head[i] for i in fact_ids if i in self.head}
        return sorted((self.by_id[h] for h in heads), key=lambda f: f.sort_key)

    def card(self, fact: Fact, cluster: bool) -> Card:
        """What a fact card shows besides the fact itself."""
        statements = self.members[self.head[fact.id]] if cluster else [fact]
        own = {s.id for s in statements}
        against = dict.fromkeys(i for s in statements for i in s.disputed_by if i not in own)
        disputes = {d.id: d for s in statements for d in self.disputes.get(s.id, ())}
        home = self.home_of(fact)
        others = [] if cluster else [self.by_id[i] for i in fact.corroborated_by if i in self.by_id]
        opposing = [self.by_id[i] for i in against if i in self.by_id]
        # A record lists at most CROSS_REFERENCES ids but counts them all; a single
        # statement's card says how many there are, a cluster's counts what it lists.
        return Card(
            statements=shown(statements, MAX_ON_CARD),
            others=shown(
                others, MAX_REFERENCES, total=None if cluster else fact.corroborated_by_count
            ),
            against=shown(
                opposing, MAX_REFERENCES, total=None if cluster else fact.disputed_by_count
            ),
            disputes=list(disputes.values()),
            home=home,
            home_year=year_of(self.by_id[home[1]]),
        )


def _scans(kb: KnowledgeBase) -> Iterator[tuple[str, Named]]:
    """Each document's entity scan, made by the per-source stage or else here."""
    for document in kb.documents:
        found = kb.mentions.get(document.source.id)
        yield document.source.id, scan(document, kb.lexicon) if found is None else found


@settled()
def build_views(kb: KnowledgeBase, sizes: PageSizes = DEFAULT_SIZES) -> Views:
    """Compute the arrangements of the facts that pages share."""
    facts = list(kb.facts)
    by_id = {f.id: f for f in facts}
    head = {f.id: kb.consolidated.canonical.get(f.id, f.id) for f in facts}
    head = {i: (h if h in by_id else i) for i, h in head.items()}
    members: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        members[head[fact.id]].append(fact)
    canonical = [f for f in facts if head[f.id] == f.id]
    entity_facts: dict[str, list[Fact]] = defaultdict(list)
    source_facts: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        source_facts[fact.source].append(fact)
        for entity in dict.fromkeys(fact.entities):
            entity_facts[entity].append(fact)
    topic_facts: dict[str, list[Fact]] = defaultdict(list)
    for fact in canonical:
        for topic in dict.fromkeys(t for m in members[fact.id] for t in m.topics):
            topic_facts[topic].append(fact)
    disputes: dict[str, list[Disagreement]] = defaultdict(list)
    for disagreement in kb.consolidated.disagreements:
        for fact_id in disagreement.facts:
            disputes[fact_id].append(disagreement)
    mentions = gather(_scans(kb))
    with_page = sorted(
        e for e in set(entity_facts) | set(mentions.units) if e in kb.lexicon.entities
    )
    entity_pages = {e: links.entity(e, kb.lexicon.entities[e].type) for e in with_page}
    topic_pages = {t: links.topic(t) for t in sorted(topic_facts) if t in kb.lexicon.topics}
    by_year = group(canonical, year_of)
    year_chunks = {
        year: paginate(links.year(year), sorted(listed, key=_by_kind), sizes.cards)
        for year, listed in by_year.items()
    }
    home_page = {f.id: c.path for chunks in year_chunks.values() for c in chunks for f in c.items}
    disagreement_chunks = paginate(
        links.DISAGREEMENTS, kb.consolidated.disagreements, sizes.disagreements
    )
    timeline_chunks = paginate(links.TIMELINE, canonical, sizes.lines)
    return Views(
        by_id=by_id,
        canonical=canonical,
        head=head,
        members=dict(members),
        entity_facts=dict(entity_facts),
        topic_facts=dict(topic_facts),
        source_facts=dict(source_facts),
        disputes=dict(disputes),
        mentions=mentions,
        entity_pages=entity_pages,
        topic_pages=topic_pages,
        years=sorted(by_year, key=period_order),
        by_year=by_year,
        statements_by_year=group(facts, year_of),
        year_chunks=year_chunks,
        home_page=home_page,
        disagreement_chunks=disagreement_chunks,
        disagreement_page={d.id: c.path for c in disagreement_chunks for d in c.items},
        timeline_chunks=timeline_chunks,
        source_kinds={d.source.id: d.source.kind for d in kb.documents},
        timeline_page=first_pages(timeline_chunks, year_of),
    )


@dataclass(frozen=True)
class SourceRow:
    """A line of the sources index: a source and how its statements fare."""

    source: SourceMeta
    facts: int
    corroborated: int
    disputed: int


def source_rows(kb: KnowledgeBase, views: Views) -> list[SourceRow]:
    rows = []
    for document in kb.documents:
        own = views.source_facts.get(document.source.id, [])
        rows.append(
            SourceRow(
                source=document.source,
                facts=len(own),
                corroborated=sum(1 for f in own if f.corroborated_by),
                disputed=sum(1 for f in own if f.disputed_by),
            )
        )
    return rows


def sides(disagreement: Disagreement, views: Views, edition: Edition) -> Shown:
    """A disagreement's statements by the date they give, a few shown for each date.

    With many dates, the ones most statements give are shown, in their order;
    ``Shown.total`` counts every date.
    """
    by_date: dict[str, list[Fact]] = {}
    for fact_id in disagreement.facts:
        if fact_id in views.by_id:
            fact = views.by_id[fact_id]
            by_date.setdefault(edition.date(fact.date), []).append(fact)
    position = {date: index for index, date in enumerate(by_date)}
    kept = sorted(by_date, key=lambda date: (-len(by_date[date]), position[date]))
    kept = sorted(kept[:MAX_DATES_PER_DISAGREEMENT], key=position.__getitem__)
    return shown(
        [(date, shown(by_date[date], MAX_SIDES_PER_DATE)) for date in kept],
        MAX_DATES_PER_DISAGREEMENT,
        total=len(by_date),
    )


def ranked(counts: Counter[str]) -> Shown:
    """The largest counts first (ties by key), the first :data:`MAX_ROWS` of them."""
    return shown(sorted(counts.items(), key=lambda item: (-item[1], item[0])), MAX_ROWS)


def labels(partnership: Partnership, views: Views) -> list[tuple[str, list[Fact]]]:
    """The labels of a partnership with the statements giving them, in order of first date."""
    labels = [
        (label, sorted((views.by_id[i] for i in ids if i in views.by_id), key=lambda f: f.sort_key))
        for _, label, ids in partnership.labels
    ]
    return sorted((item for item in labels if item[1]), key=lambda i: (i[1][0].sort_key, i[0]))


def partnership_title(partnership: Partnership, edition: Edition) -> str:
    hub = partnership.id.removesuffix(f"-{partnership.partner}")
    hub_name = edition.name(hub) if hub in edition.lexicon.entities else hub.upper()
    return f"{hub_name}–{edition.name(partnership.partner)}"


def focus(kb: KnowledgeBase, views: Views, edition: Edition) -> dict[str, Any] | None:
    """The partnership the corpus says most about, shown 'at a glance' on the home page."""
    partnership = central_partnership(kb.consolidated.partnerships)
    if partnership is None:
        return None
    return {
        "partnership": partnership,
        "title": partnership_title(partnership, edition),
        "milestones": views.canonical_of(partnership.milestones),
    }


def core_clusters(kb: KnowledgeBase, views: Views) -> frozenset[str]:
    """Canonical ids of the facts about the focus partnership (NATO and its partner).

    The focus is the partnership the corpus says most about (:func:`focus`); a fact is
    about it when a statement of its cluster names both parties. These are the site's
    core facts; every other fact is context.
    """
    partnership = central_partnership(kb.consolidated.partnerships)
    if partnership is None:
        return frozenset()
    return frozenset(views.head[i] for i in partnership.facts if i in views.head)


def related(
    facts: Iterable[Fact],
    lexicon: Lexicon,
    views: Views,
    exclude: Sequence[str],
    entity: str | None = None,
) -> list[tuple[str, int, int]]:
    """Entities named with these facts: (id, facts together, sentences together), by count."""
    # counted in one pass over every fact's distinct entities, the excluded ones dropped after
    in_facts = Counter(chain.from_iterable(dict.fromkeys(f.entities) for f in facts))
    for entity_id in exclude:
        del in_facts[entity_id]
    in_text = views.mentions.together.get(entity, Counter()) if entity else Counter()
    ids = {e for e in (*in_facts, *in_text) if e in views.entity_pages and e not in exclude}
    rows = [(e, in_facts[e], in_text[e]) for e in ids]
    return sorted(rows, key=lambda r: (-r[1], -r[2], lexicon.entities[r[0]].name.casefold()))


def who_says(
    disagreement: Disagreement, views: Views, edition: Edition
) -> list[tuple[str, str, str]]:
    """(source kind, source id, date) of each source of a disagreement, by date: who says what."""
    first: dict[str, Fact] = {}
    for fact_id in disagreement.facts:
        fact = views.by_id.get(fact_id)
        if fact is not None and fact.source not in first:
            first[fact.source] = fact
    ordered = sorted(first.values(), key=lambda f: f.sort_key)
    kinds = views.source_kinds
    return [(kinds.get(f.source, ""), f.source, edition.date(f.date)) for f in ordered]
