"""Disagreements: where sources date the same matter in ways that cannot all hold.

Only frames that say something happened take part: affirmed, actual, and an event or
the beginning of a state. A denial, a plan, a possibility, a statistic or a list of
who is a partner today dates nothing, nor do broad words (weak predicates: "cooperate",
"support", "said"), which name no one thing. A matter is a predicate, a party other than the
hub (the frame's actors, object or partner) and, for predicates that take one, the
object: "South Korea named a global partner", "South Korea signs the IPCP". Two rules,
both between different sources, never within one:

* **once**: a predicate that happens once per party and object (``once`` in the
  lexicon) dated by two sources so that the dates cannot overlap;
* **start**: a statement dating when something began ("since April 2010", "initiated a
  dialogue in 2005"), and another source's statement of the same matter dated wholly
  before that beginning. For the beginning of a relationship with the hub, any stage
  of it (an agreement, a label, a mission: ``stage`` in the lexicon) counts as the
  same matter: a first agreement dated before another source's start of relations
  contradicts it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations

from .lexicon import Lexicon
from .records import Fact, spans_overlap

RELATIONSHIP = "relationship"  # the matter of a relationship's beginning and its stages
RELATIONSHIP_LABEL = "Start of the relationship"


@dataclass(frozen=True)
class Disagreement:
    """Sources that date one matter differently, and by which rule that cannot hold."""

    id: str
    predicate: str
    label: str
    subject: str | None  # the party the matter concerns, e.g. south-korea
    facts: tuple[str, ...]
    object: str | None = None  # what the matter is about, when its predicate takes one
    rules: tuple[str, ...] = ()  # once | start | curated
    curated: bool = False
    note: str | None = None


def dates_overlap(a: Fact, b: Fact) -> bool:
    """Whether two facts' dates can name the same time, compared at the coarser precision."""
    return spans_overlap(a.date.start, a.date.end, b.date.start, b.date.end)


def wholly_before(earlier: Fact, later: Fact) -> bool:
    """Whether ``earlier`` ends before ``later`` begins, at the coarser precision."""
    width = min(len(earlier.date.end), len(later.date.start))
    return earlier.date.end[:width] < later.date.start[:width]


def matters(fact: Fact, lexicon: Lexicon, hub: str) -> Iterator[tuple[str, str, str]]:
    """(predicate, party, object) of every matter a fact dates; none when it dates nothing."""
    frame = fact.frame
    predicate = lexicon.predicates.get(frame.predicate or "")
    if predicate is None or predicate.strength == "weak" or not frame.happened:
        return  # broad words ("cooperate", "support", "said") date no one matter
    obj = frame.object if predicate.objects and frame.object else ""
    for party in frame.parties:
        if party != hub and party != obj and lexicon.entities[party].type == "country":
            yield predicate.id, party, obj


def find_disagreements(facts: list[Fact], lexicon: Lexicon, hub: str) -> list[Disagreement]:
    """Matters that different sources date in ways that cannot all hold, by both rules."""
    by_matter: dict[tuple[str, str, str], list[Fact]] = defaultdict(list)
    for fact in facts:
        for matter in matters(fact, lexicon, hub):
            by_matter[matter].append(fact)
            predicate = lexicon.predicates[matter[0]]
            if predicate.stage and hub in fact.entities:
                by_matter[(RELATIONSHIP, matter[1], "")].append(fact)
    found: dict[tuple[str, str, str], tuple[set[str], set[str]]] = {}
    for matter, group in by_matter.items():
        once = lexicon.predicates.get(matter[0])
        rules: set[str] = set()
        involved: set[str] = set()
        if once is not None and once.once:
            conflicting = _conflicting(group)
            if conflicting:
                rules.add("once")
                involved |= conflicting
        started = _before_the_start(group, lexicon, matter[0] == RELATIONSHIP)
        if started:
            rules.add("start")
            involved |= started
        if involved:
            found[matter] = (involved, rules)
    return _distinct(found, facts, lexicon)


def _distinct(
    found: dict[tuple[str, str, str], tuple[set[str], set[str]]],
    facts: list[Fact],
    lexicon: Lexicon,
) -> list[Disagreement]:
    """One disagreement per set of facts: a matter whose facts another matter already
    covers (the signing that is also the relationship's first stage) is not repeated."""
    order = {f.id: f.sort_key for f in facts}
    result: list[Disagreement] = []
    seen: list[frozenset[str]] = []
    # the relationship's beginning first: it covers the stages that contradict it
    for (predicate, party, obj), (involved, rules) in sorted(
        found.items(), key=lambda item: (item[0][0] != RELATIONSHIP, -len(item[1][0]), item[0])
    ):
        ids = frozenset(involved)
        if any(ids <= other for other in seen):
            continue
        seen.append(ids)
        label = (
            RELATIONSHIP_LABEL
            if predicate == RELATIONSHIP
            else (lexicon.predicates[predicate].label)
        )
        result.append(
            Disagreement(
                id="-".join(part for part in (predicate, party, obj) if part),
                predicate=predicate,
                label=label,
                subject=party,
                facts=tuple(sorted(ids, key=order.__getitem__)),
                object=obj or None,
                rules=tuple(sorted(rules)),
            )
        )
    return sorted(result, key=lambda d: d.id)


def _before_the_start(group: list[Fact], lexicon: Lexicon, relationship: bool) -> set[str]:
    """Ids of beginnings and of other sources' statements of the matter dated before them.

    In a relationship's matter only statements of its beginning count as beginnings
    (a label given "since 2008" begins the label, not the relationship). Linear: each
    fact is compared with the latest beginnings of two sources, each beginning with the
    earliest statements of two sources.
    """
    starts = [
        f
        for f in group
        if f.frame.begins
        and (not relationship or lexicon.predicates[f.frame.predicate or ""].begins)
    ]
    if not starts:
        return set()
    latest = _two_sources(sorted(starts, key=lambda f: f.date.start, reverse=True))
    earliest = _two_sources(sorted(group, key=lambda f: f.date.end))
    involved: set[str] = set()
    for fact in group:
        start = next((s for s in latest if s.source != fact.source), None)
        if start is not None and wholly_before(fact, start):
            involved.add(fact.id)
    for start in starts:
        first = next((f for f in earliest if f.source != start.source), None)
        if first is not None and wholly_before(first, start):
            involved.add(start.id)
    return involved


def _two_sources(ordered: list[Fact]) -> list[Fact]:
    """The first fact of ``ordered`` and the first of another source (if any)."""
    picked: list[Fact] = []
    for fact in ordered:
        if not picked or fact.source != picked[0].source:
            picked.append(fact)
            if len(picked) == 2:
                break
    return picked


def _conflicting(group: list[Fact]) -> set[str]:
    """Ids of facts whose date cannot hold together with that of a fact of another source.

    Facts are compared by distinct date (start, end), not pair by pair, and each date
    keeps at most two of the sources dating the matter otherwise (two are enough to
    know that every fact of the date has one from another source): a matter many
    sources date alike costs a few comparisons however many facts it has.
    """
    by_date: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for fact in group:
        by_date[(fact.date.start, fact.date.end)].append(fact)
    dated = list(by_date.values())
    sources = [{f.source for f in facts} for facts in dated]
    against: list[set[str]] = [set() for _ in dated]
    for a, b in combinations(range(len(dated)), 2):
        if not dates_overlap(dated[a][0], dated[b][0]):
            _keep_two(against[a], sources[b])
            _keep_two(against[b], sources[a])
    for number, facts in enumerate(dated):  # a date that does not overlap itself
        if len(sources[number]) > 1 and not dates_overlap(facts[0], facts[0]):
            _keep_two(against[number], sources[number])
    return {
        f.id
        for others, facts in zip(against, dated, strict=True)
        for f in facts
        if len(others) > 1 or (others and f.source not in others)
    }


def _keep_two(kept: set[str], more: set[str]) -> None:
    """Add sources of ``more`` to ``kept`` until it holds two."""
    for source in more:
        if len(kept) > 1:
            return
        kept.add(source)
