"""Consolidate stage: many sources, one account.

* **Corroboration**: facts from different sources that state the same thing (same year,
  compatible dates, same kind, mostly the same entities) form a cluster with one
  canonical member, so timelines list an event once with all its sources.
* **Disagreement**: facts about the same *matter* (a lexicon relation such as being
  named a global partner, plus the country it concerns) whose dates cannot both be
  true are flagged. Nothing here names an expected conflict; matters come from data.
* **Aggregates**: one partnership per NATO–partner pair and one record per programme,
  built from the facts.
* **Curation** from ``corpus/curation.yml`` is applied last and only adds.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from itertools import combinations
from pathlib import Path

from .curation import Curation, apply_edits, load_curation
from .lexicon import Lexicon
from .records import Fact

HUB_ENTITY = "nato"  # the organisation every partnership is with
PARTNER_TYPES = ("country", "organisation")
MIN_ENTITY_OVERLAP = 0.5  # Jaccard overlap of entity sets for "the same thing"


@dataclass(frozen=True)
class Disagreement:
    """Sources that date one matter differently."""

    id: str
    relation: str
    label: str
    subject: str | None  # the entity the matter concerns, e.g. south-korea
    facts: tuple[str, ...]
    curated: bool = False
    note: str | None = None


@dataclass(frozen=True)
class Partnership:
    """NATO and one partner over time."""

    id: str
    partner: str
    facts: tuple[str, ...]
    milestones: tuple[str, ...]  # partnership and programme facts
    labels: tuple[tuple[str, str, tuple[str, ...]], ...]  # (relation id, label, fact ids)
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


def _year_range(fact: Fact) -> range:
    first, last = int(fact.date.start[:4]), int(fact.date.end[:4])
    return range(first, min(last, first + 10) + 1)


def dates_overlap(a: Fact, b: Fact) -> bool:
    """Whether two dates can name the same time, compared at the coarser precision."""
    width = min(len(a.date.start), len(b.date.start))
    a_start, a_end = a.date.start[:width], a.date.end[:width]
    b_start, b_end = b.date.start[:width], b.date.end[:width]
    return a_start <= b_end and b_start <= a_end


def same_statement(a: Fact, b: Fact) -> bool:
    """Whether two facts from different sources state the same thing."""
    return a.source != b.source and _compatible(a, b)


def _compatible(a: Fact, b: Fact) -> bool:
    """Whether two facts state the same thing, were they from different sources.

    Depends only on :func:`_signature`, so facts sharing one are compared once.
    """
    if a.kind != b.kind:
        return False
    if a.date.start[:4] != b.date.start[:4] or not dates_overlap(a, b):
        return False
    ea, eb = set(a.entities), set(b.entities)
    return len(ea & eb) / len(ea | eb) >= MIN_ENTITY_OVERLAP and bool((ea & eb) - {HUB_ENTITY})


def _signature(fact: Fact) -> tuple[str, str, str, frozenset[str]]:
    """Everything :func:`_compatible` looks at: kind, dates and the set of entities."""
    return (fact.kind, fact.date.start, fact.date.end, frozenset(fact.entities))


def _candidate_pairs(facts: list[Fact], groups: list[list[int]]) -> set[tuple[int, int]]:
    """Pairs of groups worth comparing: same kind and year, a shared rare entity.

    Blocking on the two rarest non-hub entities keeps this near linear; every member of
    a group lands in the same blocks, so groups are paired instead of facts.
    """
    frequency = Counter(e for f in facts for e in set(f.entities))
    buckets: dict[tuple[str, int, str], list[int]] = defaultdict(list)
    for number, members in enumerate(groups):
        fact = facts[members[0]]
        rare = sorted(set(fact.entities) - {HUB_ENTITY}, key=lambda e: (frequency[e], e))[:2]
        for entity in rare:
            buckets[(fact.kind, int(fact.date.start[:4]), entity)].append(number)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        pairs.update(combinations(members, 2))
    return pairs


class _UnionFind:
    def __init__(self, items: list[str]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: str) -> str:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _precision_rank(fact: Fact) -> tuple[int, str, str]:
    """Canonical member: the most precise date, then the earliest source, then id."""
    return (-len(fact.date.start), fact.source, fact.id)


def cluster(facts: list[Fact], merges: tuple[tuple[str, ...], ...] = ()) -> dict[str, str]:
    """Map every fact id to the id of its cluster's canonical fact.

    Facts are linked when they state the same thing from different sources. Facts with
    one signature are linked to each other as soon as they come from two sources, and
    two compatible signatures link all their facts unless both come from one source,
    so a statement repeated by a thousand sources costs one comparison, not a million.
    """
    groups = _UnionFind([f.id for f in facts])
    by_signature: dict[tuple[str, str, str, frozenset[str]], list[int]] = defaultdict(list)
    for index, fact in enumerate(facts):
        by_signature[_signature(fact)].append(index)
    members = list(by_signature.values())
    sources = [{facts[i].source for i in group} for group in members]
    joined = [False] * len(members)

    def join(number: int) -> None:
        if not joined[number]:
            head = facts[members[number][0]].id
            for index in members[number][1:]:
                groups.union(head, facts[index].id)
            joined[number] = True

    for number, group in enumerate(members):
        if len(sources[number]) > 1 and _compatible(facts[group[0]], facts[group[0]]):
            join(number)
    for a, b in sorted(_candidate_pairs(facts, members)):
        if len(sources[a] | sources[b]) > 1 and _compatible(
            facts[members[a][0]], facts[members[b][0]]
        ):
            join(a)
            join(b)
            groups.union(facts[members[a][0]].id, facts[members[b][0]].id)
    for merge in merges:
        for other in merge[1:]:
            groups.union(merge[0], other)
    clusters: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        clusters[groups.find(fact.id)].append(fact)
    canonical = {}
    for group in clusters.values():
        best = min(group, key=_precision_rank).id
        for fact in group:
            canonical[fact.id] = best
    return canonical


def _matters(fact: Fact, lexicon: Lexicon) -> set[tuple[str, str, str]]:
    """(relation, subject, object) triples a fact dates.

    The subject is a country written near the relation term; the object is the
    programme or document the relation needs, if any, so signing the IPCP and signing a
    defence treaty are different matters. A relation that implies a kind counts only
    for facts of that kind.
    """
    matters = set()
    for relation_id, subject in fact.matters:
        relation = lexicon.relations[relation_id]
        if not relation.once or (relation.kind and relation.kind != fact.kind):
            continue
        objects = [
            e for e in fact.entities if lexicon.entities[e].type in relation.requires_types
        ] or [""]
        matters.update((relation_id, subject, obj) for obj in objects)
    return matters


def find_disagreements(facts: list[Fact], lexicon: Lexicon) -> list[Disagreement]:
    """Matters that different sources date in ways that cannot both hold."""
    by_matter: dict[tuple[str, str, str], list[Fact]] = defaultdict(list)
    for fact in facts:
        for matter in _matters(fact, lexicon):
            by_matter[matter].append(fact)
    found: dict[frozenset[str], Disagreement] = {}
    for (relation, subject, obj), group in sorted(by_matter.items()):
        conflicting = _conflicting(group)
        if not conflicting:
            continue
        involved = frozenset(f.id for f in group if f.id in conflicting)
        if involved in found and _prominence(found[involved].subject, group) <= _prominence(
            subject, group
        ):
            continue
        by_id = _by_id(group)
        found[involved] = Disagreement(
            id="-".join(part for part in (relation, subject, obj) if part),
            relation=relation,
            label=lexicon.relations[relation].label,
            subject=subject,
            facts=tuple(sorted(involved, key=lambda i: by_id[i].sort_key)),
        )
    return sorted(found.values(), key=lambda d: d.id)


def _conflicting(group: list[Fact]) -> set[str]:
    """Ids of facts whose date cannot hold together with that of a fact of another source.

    Facts are compared by distinct date (start, end), not pair by pair: a matter many
    sources date alike costs a few comparisons however many facts it has.
    """
    by_date: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for fact in group:
        by_date[(fact.date.start, fact.date.end)].append(fact)
    dated = list(by_date.values())
    sources = [{f.source for f in facts} for facts in dated]
    found: set[str] = set()
    for a, b in combinations(range(len(dated)), 2):
        if dates_overlap(dated[a][0], dated[b][0]):
            continue
        for mine, theirs in ((a, b), (b, a)):
            found.update(f.id for f in dated[mine] if sources[theirs] - {f.source})
    for number, facts in enumerate(dated):  # a date that does not overlap itself
        if len(sources[number]) > 1 and not dates_overlap(facts[0], facts[0]):
            found.update(f.id for f in facts)
    return found


def _prominence(subject: str | None, facts: list[Fact]) -> int:
    """How early a subject is named across facts (lower: more likely what they are about)."""
    return sum(f.entities.index(subject) if subject in f.entities else 99 for f in facts)


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
            for relation in fact.relations:
                labels[relation].append(fact.id)
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
                    (rel, lexicon.relations[rel].label, tuple(ids))
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


def _declared(curation: Curation, facts: dict[str, Fact]) -> list[Disagreement]:
    return [
        Disagreement(
            id=f"curated-{index}",
            relation="curated",
            label="declared by a curator",
            subject=None,
            facts=tuple(sorted(d.facts, key=lambda i: facts[i].sort_key)),
            curated=True,
            note=d.note,
        )
        for index, d in enumerate(curation.disagreements, start=1)
    ]


def _others_by_source(ids: list[str], by_id: dict[str, Fact]) -> dict[str, list[str]]:
    """For each source among ``ids``, the ids of the other sources, in the order given.

    Cut out by slicing around a source's own positions, so a cluster repeated by a
    thousand sources costs a thousand list copies, not a million comparisons.
    """
    positions: dict[str, list[int]] = defaultdict(list)
    for position, fact_id in enumerate(ids):
        positions[by_id[fact_id].source].append(position)
    others: dict[str, list[str]] = {}
    for source, own in positions.items():
        kept: list[str] = []
        start = 0
        for position in own:
            kept += ids[start:position]
            start = position + 1
        others[source] = kept + ids[start:]
    return others


def _disputes(
    disagreements: list[Disagreement], by_id: dict[str, Fact], rank: dict[str, int]
) -> dict[str, list[str]]:
    """Fact id -> ids it disagrees with, in date order.

    These are the other sources' facts of each disagreement the fact is part of, or
    every other fact of a curated one. The facts of one source share one list until
    the end, and sets are made only for facts in several disagreements: the lists are
    quadratic in a disagreement's size, the work and memory need be no more so.
    """
    parts: dict[str, list[tuple[list[str], bool]]] = defaultdict(list)  # (ids, sorted & unique)
    for disagreement in disagreements:
        ids = disagreement.facts
        if disagreement.curated:
            for position, fact_id in enumerate(ids):
                parts[fact_id].append(([*ids[:position], *ids[position + 1 :]], False))
            continue
        others = _others_by_source(sorted(ids, key=rank.__getitem__), by_id)
        for fact_id in ids:
            parts[fact_id].append((others[by_id[fact_id].source], True))
    return {
        fact_id: list(found[0][0])
        if len(found) == 1 and found[0][1]
        else sorted(set().union(*(ids for ids, _ in found)), key=rank.__getitem__)
        for fact_id, found in parts.items()
    }


def consolidate(facts: list[Fact], lexicon: Lexicon, corpus: Path) -> Consolidated:
    """Apply curation, cluster, flag disagreements, build aggregates; sort by date then id."""
    curation = load_curation(corpus)
    kept, suppressed = apply_edits(curation, sorted(facts, key=lambda f: f.sort_key))
    by_id = _by_id(kept)
    canonical = cluster(kept, tuple(m for m in curation.merges if all(i in by_id for i in m)))
    disagreements = find_disagreements(kept, lexicon) + _declared(curation, by_id)

    rank = {f.id: n for n, f in enumerate(sorted(by_id.values(), key=lambda f: f.sort_key))}
    members: dict[str, list[str]] = defaultdict(list)
    for fact_id, head in canonical.items():
        members[head].append(fact_id)
    corroborating = {  # cluster -> source -> the cluster's facts from other sources
        head: _others_by_source(sorted(group, key=rank.__getitem__), by_id)
        for head, group in members.items()
    }
    disputes = _disputes(disagreements, by_id, rank)
    final = []
    for fact in kept:
        # a fact id starts with its source id, so the facts of other sources are all
        # the cluster's facts but this one and those of its own source
        others = corroborating[canonical[fact.id]][by_id[fact.id].source]
        final.append(
            replace(fact, corroborated_by=list(others), disputed_by=disputes.get(fact.id, []))
        )
    return Consolidated(
        facts=tuple(final),
        canonical=canonical,
        disagreements=tuple(disagreements),
        partnerships=tuple(build_partnerships(final, lexicon)),
        programmes=tuple(build_programmes(final, lexicon)),
        suppressed=suppressed,
    )
