"""Clustering against its own blocking: ``cluster`` must equal the rule applied to every pair.

:func:`natokorea_kb.consolidate.cluster` compares only signatures that share a block key
(see ``ClusterRule``). Two properties guard that shortcut, on random data built to hit
the rule's edges (few sources, kinds and entities, NATO among them; dates of year, month
and day precision within three years, ranges included):

* any two compatible signatures share a block key, whatever order of rarity the
  blocking picks (the invariant ``ClusterRule`` declares);
* ``cluster`` gives the transitive closure of ``same_statement`` over every pair of a
  small set of facts (the invariant, the overlap bounds and the linking together).
"""

from __future__ import annotations

import datetime as dt
from itertools import combinations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from natokorea_kb.consolidate import (
    CLUSTER_RULE,
    HUB_ENTITY,
    Signature,
    cluster,
    same_statement,
)
from natokorea_kb.records import DateValue, Fact

SOURCES = ("s1", "s2", "s3")
KINDS = ("event", "partnership")
PARTIES = ("south-korea", "japan", "australia", "mongolia", "ipcp")  # and the hub
MORE = ("new-zealand", "isaf", "china")  # larger sets, for longer prefixes
PRECISIONS = {"year": 4, "month": 7, "day": 10}
EVERYONE = (HUB_ENTITY, *PARTIES, *MORE)
# which of two signatures names an entity; "both" twice, so that many pairs are compatible
SIDES = st.sampled_from(["both", "neither", "a", "b", "both"])


# Days from a small grid, so dates of every precision often meet, and sometimes only just.
DAYS = st.builds(
    dt.date, st.integers(2010, 2012), st.sampled_from([1, 6, 7, 12]), st.sampled_from([1, 30])
)


@st.composite
def spans(draw: st.DrawFn) -> tuple[str, str, str]:
    """(start, end, precision): one day, month or year, or a range of two."""
    precision = draw(st.sampled_from(sorted(PRECISIONS)))
    first = draw(DAYS)
    last = draw(DAYS) if draw(st.booleans()) else first
    width = PRECISIONS[precision]
    start, end = sorted((first.isoformat()[:width], last.isoformat()[:width]))
    return (start, end, precision)


def _signature(kind: str, span: tuple[str, str, str], entities: list[str]) -> Signature:
    return Signature(kind, span[0], span[1], frozenset(entities))


@settings(max_examples=1000, deadline=None, derandomize=True, database=None)
@given(
    st.lists(SIDES, min_size=len(EVERYONE), max_size=len(EVERYONE)),
    st.tuples(st.sampled_from(KINDS), spans()),
    st.none() | st.tuples(st.sampled_from(KINDS), spans()),
    st.permutations(EVERYONE),
)
def test_compatible_signatures_share_a_block_key(sides, first, second, rarest_first) -> None:
    """``second`` is None for a signature of the first's kind and dates."""
    side_of = dict(zip(EVERYONE, sides, strict=True))
    a = _signature(*first, [e for e in EVERYONE if side_of[e] in ("a", "both")])
    b = _signature(*(second or first), [e for e in EVERYONE if side_of[e] in ("b", "both")])
    rank = {entity: (number, entity) for number, entity in enumerate(rarest_first)}
    if CLUSTER_RULE.compatible(a, b):
        keys = set(CLUSTER_RULE.block_keys(a, rank.__getitem__))
        assert keys & set(CLUSTER_RULE.block_keys(b, rank.__getitem__)), (a, b, rarest_first)


# (source, kind, start, end, precision, entities): all a fact holds that clustering reads,
# so a falsifying example prints as a short list
Statement = tuple[str, str, str, str, str, list[str]]


@st.composite
def statements(draw: st.DrawFn) -> Statement:
    start, end, precision = draw(spans())
    return (
        draw(st.sampled_from(SOURCES)),
        draw(st.sampled_from(KINDS)),
        start,
        end,
        precision,
        draw(st.lists(st.sampled_from(PARTIES), max_size=4, unique=True))
        + ([HUB_ENTITY] if draw(st.booleans()) else []),
    )


def as_facts(found: list[Statement]) -> list[Fact]:
    return [
        Fact(
            id=f"f{number:02d}",
            kind=kind,
            date=DateValue(start, end, precision, start, "explicit"),
            title="",
            entities=list(entities),
            topics=[],
            source=source,
            sentence="s-1",
            span=(0, 1),
            quote="",
            language="en",
        )
        for number, (source, kind, start, end, precision, entities) in enumerate(found)
    ]


def closure_of_same_statement(facts: list[Fact]) -> set[frozenset[str]]:
    """Every fact compared with every other: the clusters the rule alone makes."""
    parent = {f.id: f.id for f in facts}

    def root(fact_id: str) -> str:
        while parent[fact_id] != fact_id:
            fact_id = parent[fact_id]
        return fact_id

    for a, b in combinations(facts, 2):
        if same_statement(a, b):
            parent[root(a.id)] = root(b.id)
    return _partition({f.id: root(f.id) for f in facts})


def _partition(label: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for fact_id, name in label.items():
        groups.setdefault(name, set()).add(fact_id)
    return {frozenset(group) for group in groups.values()}


# Two facts of the seeds (000 and 001, events from 1950): two of four entities shared,
# the two others rarer than either shared one. Blocking on each set's two rarest entities
# never compared them.
NUCLEAR = ["united-states", "south-korea"]
WAR = ["korean-war", "south-korea", "united-states", "china"]
SEEDS_1950 = [
    ("000", "event", "1950", "1959", "year", NUCLEAR),
    ("001", "event", "1950", "1953", "year", WAR),
]


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.lists(statements(), max_size=12))
@example(SEEDS_1950)
def test_cluster_is_the_closure_of_same_statement(found: list[Statement]) -> None:
    """Blocking, overlap bounds and signature linking lose no pair and invent none."""
    facts = as_facts(found)
    canonical = cluster(facts)
    assert _partition(canonical) == closure_of_same_statement(facts)
    assert all(canonical[head] == head for head in canonical.values())
