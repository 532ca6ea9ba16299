"""Where the sources name each entity, sentence by sentence (notes included).

Entity pages list the sources naming an entity and the graphs count the units naming
two entities together. Scanning a document depends on that document and the lexicon
only, so it is part of the per-source stage (:mod:`.per_source`), in parallel and
cached with the rest; :func:`gather` puts the documents' scans together.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from .lexicon import Lexicon
from .records import Document

# Each sentence or note of a document that names an entity: its anchor and the ids of
# the entities it names, an implied entity counting as named, in sorted order.
Named = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Mentions:
    """Where the sources name each entity, and which entities they name together."""

    units: dict[str, dict[str, list[str]]]  # entity -> source id -> anchors naming it
    together: dict[str, Counter[str]]  # entity -> other entity -> units naming both


def scan(document: Document, lexicon: Lexicon) -> Named:
    """The entities each sentence and note of ``document`` names."""
    named_units = []
    for unit in (*document.sentences, *document.notes):
        named = {m.id for m in lexicon.find_entities(unit.text, unit.language)}
        named |= {i for e in list(named) for i in lexicon.entities[e].implies}
        if named:
            named_units.append((unit.anchor, tuple(sorted(named))))
    return tuple(named_units)


def gather(scans: Iterable[tuple[str, Named]]) -> Mentions:
    """The mentions of every document, from (source id, its scan) in corpus order."""
    units: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    pairs: Counter[tuple[str, str]] = Counter()
    for source_id, named_units in scans:
        for anchor, named in named_units:
            for entity in named:
                units[entity][source_id].append(anchor)
            if len(named) > 1:
                pairs.update(combinations(named, 2))
    return Mentions(
        units={e: dict(sorted(by_source.items())) for e, by_source in units.items()},
        together=_together(pairs),
    )


def _together(pairs: Counter[tuple[str, str]]) -> dict[str, Counter[str]]:
    """Each entity's count of units naming it with each other, from the counts of pairs.

    Counting each unit's pairs once, rather than each entity's others, was half the
    views' time at 5,000 sources. A unit's ids are sorted, so its pairs come in order
    and each entity's others in the order they were first named with it, as before.
    """
    together: dict[str, Counter[str]] = defaultdict(Counter)
    for (a, b), count in pairs.items():
        together[a][b] = together[b][a] = count
    return dict(together)
