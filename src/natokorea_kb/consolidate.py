"""Consolidate stage: many sources, one account.

* **Corroboration**: facts from different sources that state the same thing (same year,
  compatible dates, same kind, mostly the same entities: :class:`ClusterRule`, the one
  place that says so) form a cluster with one canonical member, so timelines list an
  event once with all its sources.
* **Disagreement**: frames about the same *matter* (a predicate such as being named a
  global partner, plus the country it concerns) whose dates cannot all be true are
  flagged (:mod:`natokorea_kb.disagreements`). Nothing names an expected conflict.
* **Aggregates**: one partnership per NATO–partner pair and one record per programme,
  built from the facts.
* **Cross-references**: each fact names its cluster, and lists the first
  :data:`CROSS_REFERENCES` facts corroborating and disputing it with the full counts,
  so a record's size stays bounded however many sources repeat a statement.
* **Curation** (``corpus/curation.yml``, read by the read stage) only adds: titles and
  summaries, merges, suppressions and declared disagreements.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import reduce
from itertools import combinations, islice, product
from operator import or_
from typing import Generic, NamedTuple, TypeVar

from .curation import Curation, apply_edits
from .disagreements import Disagreement, find_disagreements
from .lexicon import Lexicon, Predicate
from .records import Fact, spans_overlap

HUB_ENTITY = "nato"  # the organisation every partnership is with
PARTNER_TYPES = ("country", "organisation")
# ids listed in a fact's corroborated_by and disputed_by, the first in date order; the
# counts beside them give the totals. Keeps a record's size bounded when a thousand
# sources repeat a statement (see the README's departures from DESIGN.md).
CROSS_REFERENCES = 20

Item = TypeVar("Item", int, str)
Rarity = tuple[int, str]  # (facts naming an entity, its id): sorts rarest first


@dataclass(frozen=True, slots=True)
class _References:
    """One of a fact's cross-references: the first ids in date order, and how many in all."""

    ids: tuple[str, ...]
    count: int


_NO_REFERENCES = _References((), 0)


@dataclass(frozen=True)
class Partnership:
    """NATO and one partner over time."""

    id: str
    partner: str
    facts: tuple[str, ...]
    milestones: tuple[str, ...]  # partnership and programme facts
    labels: tuple[tuple[str, str, tuple[str, ...]], ...]  # (predicate id, label, fact ids)
    programmes: tuple[str, ...]


@dataclass(frozen=True)
class Programme:
    """A named programme with its facts, parties and dates."""

    id: str
    facts: tuple[str, ...]
    parties: tuple[str, ...]
    first: str
    last: str


@dataclass(frozen=True)
class Consolidated:
    facts: tuple[Fact, ...]
    canonical: dict[str, str]  # fact id -> id of its cluster's canonical fact
    disagreements: tuple[Disagreement, ...]
    partnerships: tuple[Partnership, ...]
    programmes: tuple[Programme, ...]
    suppressed: dict[str, str]  # fact id -> reason, from curation

    def is_canonical(self, fact: Fact) -> bool:
        return self.canonical.get(fact.id, fact.id) == fact.id


# --------------------------------------------------------------------- the clustering rule


class Signature(NamedTuple):
    """Exactly the fields of a fact that :meth:`ClusterRule.compatible` reads."""

    kind: str
    start: str
    end: str
    entities: frozenset[str]
    predicate: str | None = None  # what the frame says happened; None: no frame


BlockKey = tuple[str, str, str]  # (kind, start year, entity)


@dataclass(frozen=True)
class ClusterRule:
    """When two facts state the same thing: the one place that says so.

    Facts from different sources state the same thing when they have the same kind and
    start year, dates that overlap at the coarser precision, entity sets whose Jaccard
    overlap reaches ``min_overlap`` sharing an entity besides the ``hub`` (NATO alone is
    no common subject), and no two different predicates (a war fought and nuclear
    weapons deployed in the same years, by the same parties, are two statements).
    Clustering does not compare every pair; it relies on four promises kept here, so
    whoever changes the rule changes them with it:

    * :meth:`compatible` reads nothing but a :class:`Signature`, so facts sharing a
      signature are compared once;
    * it is symmetric, and a signature compatible with another is compatible with
      itself (dates run from start to end), so signatures are linked, not facts;
    * **any two compatible signatures share at least one of their** :meth:`block_keys`,
      so comparing only signatures that share a key misses no pair;
    * :meth:`enough_overlap` holds for a compatible pair's overlap and union, rises with
      the overlap and falls with the union, so pairs failing it on bounds are dropped.

    ``tests/test_cluster_property.py`` checks the block keys on random pairs and
    :func:`cluster` against this rule applied to every pair of random facts.
    """

    min_overlap: Fraction = Fraction(1, 2)  # Jaccard overlap of entity sets
    hub: str = HUB_ENTITY

    def signature(self, fact: Fact) -> Signature:
        return Signature(
            fact.kind,
            fact.date.start,
            fact.date.end,
            frozenset(fact.entities),
            fact.frame.predicate,
        )

    def compatible(self, a: Signature, b: Signature) -> bool:
        """Whether facts with these signatures state the same thing, were they from two sources."""
        if a.kind != b.kind or a.start[:4] != b.start[:4]:
            return False
        if a.predicate and b.predicate and a.predicate != b.predicate:
            return False  # a war fought and weapons deployed are two statements
        if not spans_overlap(a.start, a.end, b.start, b.end):
            return False
        shared = a.entities & b.entities
        union = len(a.entities | b.entities)
        return bool(shared - {self.hub}) and self.enough_overlap(len(shared), union)

    def enough_overlap(self, shared: int, union: int) -> bool:
        """Whether ``shared`` entities of ``union`` are overlap enough (exact, no floats)."""
        return shared * self.min_overlap.denominator >= self.min_overlap.numerator * union

    def block_keys(self, signature: Signature, rarity: Callable[[str], Rarity]) -> list[BlockKey]:
        """The blocks a signature is compared in: its kind, start year and rarest entities.

        Prefix filtering keeps the invariant. Every set is ordered alike (rarest first by
        ``rarity``, the hub last); a compatible partner shares at least ``needed`` =
        ⌈min_overlap × size⌉ of this set's entities, so the first entity the two share is
        among this set's first ``size − needed + 1``, and among the partner's by the same
        argument. It is never the hub, which comes last while another entity is shared.
        """
        ordered = sorted(signature.entities, key=lambda e: (e == self.hub, rarity(e)))
        needed = max(1, math.ceil(self.min_overlap * len(ordered)))
        prefix = ordered[: len(ordered) - needed + 1]
        return [(signature.kind, signature.start[:4], e) for e in prefix if e != self.hub]


CLUSTER_RULE = ClusterRule()


def same_statement(a: Fact, b: Fact, rule: ClusterRule = CLUSTER_RULE) -> bool:
    """Whether two facts from different sources state the same thing."""
    return a.source != b.source and rule.compatible(rule.signature(a), rule.signature(b))


def _candidate_pairs(
    signatures: list[Signature], counts: list[int], rule: ClusterRule
) -> Iterator[tuple[int, int]]:
    """Pairs of signatures that may be compatible, by the rule's promises; never all pairs.

    Signatures are paired within the blocks the rule names (rarity counts facts: a
    signature stands for ``counts`` of them), which keeps this near linear. Within a
    block, signatures with one entity set are paired by set, so the overlap of two sets
    (as bitmasks) is measured once however many dates they come with, and sets too
    different in size are never compared. A pair sharing two blocks may come twice.
    """
    frequency: Counter[str] = Counter()
    for signature, count in zip(signatures, counts, strict=True):
        for entity in signature.entities:
            frequency[entity] += count
    bit = {entity: 1 << number for number, entity in enumerate(sorted(frequency))}
    buckets: dict[BlockKey, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for number, signature in enumerate(signatures):
        mask = reduce(or_, (bit[e] for e in signature.entities), 0)
        for key in rule.block_keys(signature, lambda e: (frequency[e], e)):
            buckets[key][mask].append(number)
    least = _least_shared(rule, max((len(s.entities) for s in signatures), default=0))
    for by_entities in buckets.values():
        sets = sorted((mask.bit_count(), mask) for mask in by_entities)
        for index, (size, mine) in enumerate(sets):
            yield from combinations(by_entities[mine], 2)
            needed = least[size]
            for other, theirs in sets[index + 1 :]:
                if needed[other] is None:  # nor will any larger set do
                    break
                if (mine & theirs).bit_count() >= needed[other]:
                    yield from product(by_entities[mine], by_entities[theirs])


def _least_shared(rule: ClusterRule, largest: int) -> list[list[int | None]]:
    """``[size][other]``: the fewest shared entities the rule accepts between sets of these
    sizes, or None when none will do; a table, as the blocking asks it for every pair."""

    def least(size: int, other: int) -> int | None:
        shares = range(min(size, other) + 1)
        return next((s for s in shares if rule.enough_overlap(s, size + other - s)), None)

    return [[least(size, other) for other in range(largest + 1)] for size in range(largest + 1)]


class _UnionFind(Generic[Item]):
    """Disjoint sets of items, each named by its smallest member."""

    def __init__(self, items: Iterable[Item]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: Item) -> Item:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: Item, b: Item) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _linked_facts(facts: list[Fact], rule: ClusterRule) -> list[list[str]]:
    """Ids of facts the rule links, directly or through others, one list per group.

    Facts with one signature are linked to each other as soon as they come from two
    sources, and two compatible signatures link all their facts unless both come from
    one source, so a statement repeated by a thousand sources costs one comparison, not
    a million. Signatures are linked first, then their facts.
    """
    by_signature: dict[Signature, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_signature[rule.signature(fact)].append(fact)
    signatures = list(by_signature)
    sources = [{f.source for f in by_signature[s]} for s in signatures]
    counts = [len(by_signature[s]) for s in signatures]
    linked = _UnionFind(range(len(signatures)))
    joined = [
        len(own) > 1 and rule.compatible(signature, signature)
        for own, signature in zip(sources, signatures, strict=True)
    ]
    # the partition does not depend on the order pairs are linked in, and a pair already
    # linked has both its signatures joined, so it need not be compared
    for a, b in _candidate_pairs(signatures, counts, rule):
        if (
            (sources[a] != sources[b] or len(sources[a]) > 1)
            and linked.find(a) != linked.find(b)
            and rule.compatible(signatures[a], signatures[b])
        ):
            joined[a] = joined[b] = True
            linked.union(a, b)
    groups: dict[int, list[str]] = defaultdict(list)
    for number, signature in enumerate(signatures):
        if joined[number]:
            groups[linked.find(number)].extend(f.id for f in by_signature[signature])
    return list(groups.values())


def _precision_rank(fact: Fact) -> tuple[int, str, str]:
    """Canonical member: the most precise date, then the earliest source, then id."""
    return (-len(fact.date.start), fact.source, fact.id)


def cluster(
    facts: list[Fact],
    merges: tuple[tuple[str, ...], ...] = (),
    rule: ClusterRule = CLUSTER_RULE,
) -> dict[str, str]:
    """Map every fact id to the id of its cluster's canonical fact.

    A cluster is a group of facts linked by :meth:`ClusterRule.compatible` across
    sources (transitively), joined further by curated ``merges``.
    """
    groups = _UnionFind(f.id for f in facts)
    for linked in (*_linked_facts(facts, rule), *merges):
        for other in linked[1:]:
            groups.union(linked[0], other)
    clusters: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        clusters[groups.find(fact.id)].append(fact)
    canonical = {}
    for group in clusters.values():
        best = min(group, key=_precision_rank).id
        for fact in group:
            canonical[fact.id] = best
    return canonical


def _by_id(facts: list[Fact]) -> dict[str, Fact]:
    return {f.id: f for f in facts}


def build_partnerships(facts: list[Fact], lexicon: Lexicon) -> list[Partnership]:
    """One record per partner that shares partnership or programme facts with NATO."""
    by_partner: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        if HUB_ENTITY not in fact.entities:
            continue
        for entity in fact.entities:
            if entity != HUB_ENTITY and lexicon.entities[entity].type == "country":
                by_partner[entity].append(fact)
    partnerships = []
    for partner, group in sorted(by_partner.items()):
        milestones = [f for f in group if f.kind in ("partnership", "programme")]
        if not milestones:
            continue
        labels: dict[str, list[str]] = defaultdict(list)
        for fact in group:
            predicate = lexicon.predicates.get(fact.frame.predicate or "")
            if predicate and _is_label(predicate) and fact.frame.happened:
                labels[predicate.id].append(fact.id)
        programmes = sorted(
            {e for f in group for e in f.entities if lexicon.entities[e].type == "programme"}
        )
        partnerships.append(
            Partnership(
                id=f"{HUB_ENTITY}-{partner}",
                partner=partner,
                facts=tuple(f.id for f in group),
                milestones=tuple(f.id for f in milestones),
                labels=tuple(
                    (rel, lexicon.predicates[rel].label, tuple(ids))
                    for rel, ids in sorted(labels.items(), key=lambda kv: kv[1][0])
                ),
                programmes=tuple(programmes),
            )
        )
    return partnerships


def build_programmes(facts: list[Fact], lexicon: Lexicon) -> list[Programme]:
    """One record per programme entity the facts mention."""
    by_programme: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        for entity in fact.entities:
            if lexicon.entities[entity].type == "programme":
                by_programme[entity].append(fact)
    programmes = []
    for programme, group in sorted(by_programme.items()):
        parties = sorted(
            {
                e
                for f in group
                for e in f.entities
                if lexicon.entities[e].type in PARTNER_TYPES and e != programme
            }
        )
        programmes.append(
            Programme(
                id=programme,
                facts=tuple(f.id for f in group),
                parties=tuple(parties),
                first=min(f.date.start for f in group),
                last=max(f.date.end for f in group),
            )
        )
    return programmes


def _is_label(predicate: Predicate) -> bool:
    """A status a partnership has over time: a partnership predicate that names no object
    ("global partner", "contact country", relations begun)."""
    return predicate.kind == "partnership" and predicate.once and not predicate.objects


def central_partnership(partnerships: Iterable[Partnership]) -> Partnership | None:
    """The partnership the corpus says most about (most facts naming both sides): the
    site's focus, whose disagreements come first."""
    return min(partnerships, key=lambda p: (-len(p.facts), p.id), default=None)


def _central_first(
    disagreements: list[Disagreement], central: Partnership | None
) -> list[Disagreement]:
    """The disagreements about the central partner first, then the others by id."""
    partner = central.partner if central else None
    return sorted(disagreements, key=lambda d: (d.subject != partner, d.curated, d.id))


def _declared(curation: Curation, facts: dict[str, Fact]) -> list[Disagreement]:
    return [
        Disagreement(
            id=f"curated-{index}",
            predicate="curated",
            label="declared by a curator",
            subject=None,
            facts=tuple(sorted(d.facts, key=lambda i: facts[i].sort_key)),
            rules=("curated",),
            curated=True,
            note=d.note,
        )
        for index, d in enumerate(curation.disagreements, start=1)
    ]


def _corroboration(kept: list[Fact], canonical: dict[str, str]) -> dict[str, _References]:
    """Fact id -> the other sources' facts of its cluster: the first few and how many.

    ``kept`` is in date-then-id order, so each cluster's members are too. The facts of one
    source share one scan, which stops at the cap: the work is linear in cluster size
    however many sources repeat a statement.
    """
    members: dict[str, list[Fact]] = defaultdict(list)
    for fact in kept:
        members[canonical[fact.id]].append(fact)
    found: dict[str, _References] = {}
    for group in members.values():
        by_source: dict[str, list[str]] = defaultdict(list)
        for fact in group:
            by_source[fact.source].append(fact.id)
        for source, own in by_source.items():
            others = (f.id for f in group if f.source != source)
            references = _References(tuple(islice(others, CROSS_REFERENCES)), len(group) - len(own))
            found.update(dict.fromkeys(own, references))
    return found


def _disputes(disagreements: list[Disagreement], kept: list[Fact]) -> dict[str, _References]:
    """Fact id -> the facts it disagrees with: the first few in date order and how many.

    A fact disagrees with the other sources' facts of each computed disagreement it is
    part of, and with every other fact of a curated one. Facts in the same disagreements
    share one answer per source. A fact in several disagreements disagrees with their
    union: its size is a popcount over bitsets (a bit per fact in any disagreement, so
    64 facts to a machine word) and its first ids come from merging the date-ordered
    disagreements, stopped once enough are found. No fact's full list is ever built.
    """
    part_of: dict[str, list[int]] = defaultdict(list)
    for number, disagreement in enumerate(disagreements):
        for fact_id in disagreement.facts:
            part_of[fact_id].append(number)
    involved = [f for f in kept if f.id in part_of]
    position = {f.id: n for n, f in enumerate(involved)}  # date-then-id order
    ordered = [sorted(d.facts, key=position.__getitem__) for d in disagreements]
    masks: dict[int, int] = {}  # only for disagreements that share facts with others

    def mask(number: int) -> int:
        if number not in masks:
            masks[number] = _bitset((position[i] for i in ordered[number]), len(involved))
        return masks[number]

    curated = {n for n, d in enumerate(disagreements) if d.curated}
    by_key: dict[tuple[int, ...], list[Fact]] = defaultdict(list)
    by_source: dict[str, list[Fact]] = defaultdict(list)
    for fact in involved:
        by_key[tuple(part_of[fact.id])].append(fact)
        by_source[fact.source].append(fact)
    found: dict[str, _References] = {}
    for key, group in by_key.items():
        if len(key) == 1:
            total = len(ordered[key[0]])
        else:
            total = reduce(or_, (mask(n) for n in key)).bit_count()
        reached, by_curated = set(key), curated.intersection(key)
        # the facts of a source left out of its list: the union's own-source facts,
        # unless a curated disagreement reaches them
        left_out = {
            source: {
                g.id
                for g in by_source[source]
                if not reached.isdisjoint(part_of[g.id]) and by_curated.isdisjoint(part_of[g.id])
            }
            for source in {f.source for f in group}
        }
        longest = max(len(ids) for ids in left_out.values())
        head = _first_distinct(
            heapq.merge(*(ordered[n] for n in key), key=position.__getitem__),
            CROSS_REFERENCES + 1 + longest,
        )
        for fact in group:
            skip = left_out[fact.source]
            ids = [i for i in head if i not in skip and i != fact.id][:CROSS_REFERENCES]
            found[fact.id] = _References(tuple(ids), total - len(skip) - (fact.id not in skip))
    return found


def _bitset(positions: Iterable[int], size: int) -> int:
    """An integer whose set bits are ``positions``, built in one pass over a byte array."""
    bits = bytearray((size + 7) // 8)
    for at in positions:
        bits[at >> 3] |= 1 << (at & 7)
    return int.from_bytes(bits, "little")


def _first_distinct(ids: Iterable[str], limit: int) -> list[str]:
    """The first ``limit`` distinct ids of a sorted stream (copies of an id are adjacent)."""
    found: list[str] = []
    for fact_id in ids:
        if not found or found[-1] != fact_id:
            found.append(fact_id)
            if len(found) == limit:
                break
    return found


def consolidate(facts: list[Fact], lexicon: Lexicon, curation: Curation) -> Consolidated:
    """Apply curation, cluster, flag disagreements, build aggregates; sort by date then id.

    ``curation`` is ``corpus/curation.yml`` as the read stage loaded it (empty when absent).
    """
    kept, suppressed = apply_edits(curation, sorted(facts, key=lambda f: f.sort_key))
    by_id = _by_id(kept)
    canonical = cluster(kept, tuple(m for m in curation.merges if all(i in by_id for i in m)))
    found = find_disagreements(kept, lexicon, HUB_ENTITY) + _declared(curation, by_id)
    corroboration = _corroboration(kept, canonical)
    disputes = _disputes(found, kept)
    final = []
    for fact in kept:
        others, against = corroboration[fact.id], disputes.get(fact.id, _NO_REFERENCES)
        final.append(
            replace(
                fact,
                cluster=canonical[fact.id],
                corroborated_by=list(others.ids),
                corroborated_by_count=others.count,
                disputed_by=list(against.ids),
                disputed_by_count=against.count,
            )
        )
    partnerships = build_partnerships(final, lexicon)
    return Consolidated(
        facts=tuple(final),
        canonical=canonical,
        disagreements=tuple(_central_first(found, central_partnership(partnerships))),
        partnerships=tuple(partnerships),
        programmes=tuple(build_programmes(final, lexicon)),
        suppressed=suppressed,
    )
