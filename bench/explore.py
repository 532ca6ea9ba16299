"""Bytes the explorer fetches per filter, from the data files a build published.

Follows the plan of ``docs_templates/static/assets/explore.js``: the index, then the
chunks of the group with the fewest rows in the chosen years (one source's file when a
source is chosen), fetched until :data:`BUDGET` rows are in; "all" counts every chunk
the filter could need (what "load more" would fetch to the end).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

BUDGET = 2000  # rows per step, as in explore.js
PREFIX = "data/explore/"


def _plan(index: dict, groups: list[str], years: tuple[int, int]) -> tuple[str, list[int]]:
    best: tuple[int, str, list[int]] | None = None
    for name in groups or ["all"]:
        wanted = [
            number
            for number, (first, last, _) in enumerate(index["chunks"].get(name, []), 1)
            if last >= years[0] and first <= years[1]
        ]
        rows = sum(index["chunks"][name][n - 1][2] for n in wanted)
        if best is None or rows < best[0]:
            best = (rows, name, wanted)
    assert best is not None
    return best[1], best[2]


def fetched(files: Mapping[str, bytes], index: dict, filters: dict) -> tuple[int, int]:
    """(bytes of the first view, bytes of every chunk) for one set of filters."""
    first = total = len(files[PREFIX + "index.json"])
    if filters.get("source"):
        size = len(files[f"{PREFIX}source/{filters['source']}.json"])
        return first + size, total + size
    years = filters.get("years") or (index["years"][0][0], index["years"][-1][0])
    groups = [f"entity/{e}" for e in filters.get("entity", ())]
    groups += [f"topic/{t}" for t in filters.get("topic", ())]
    name, chunks = _plan(index, groups, years)
    rows = 0
    for number in chunks:
        size = len(files[f"{PREFIX}{name}/{number}.json"])
        if rows < BUDGET:
            first += size
            rows += index["chunks"][name][number - 1][2]
        total += size
    return first, total


def payloads(files: Mapping[str, bytes]) -> dict[str, list[int]]:
    """Bytes fetched for the explorer's typical filters: first view and to the end."""
    index = json.loads(files[PREFIX + "index.json"])
    topics = sorted(index["topics"], key=lambda t: -t[2])
    source = min(p for p in files if p.startswith(PREFIX + "source/"))
    cases = {
        "opening view (NATO and South Korea, all years)": {"entity": index["focus"]},
        "South Korea, programme, 2012": {"entity": ["south-korea"], "years": (2012, 2012)},
        "years 2010-2012 only": {"years": (2010, 2012)},
        "largest topic": {"topic": [topics[0][0]]} if topics else {},
        "kind only (every fact)": {},
        "one source": {"source": source.removeprefix(PREFIX + "source/").removesuffix(".json")},
    }
    found = {name: list(fetched(files, index, f)) for name, f in cases.items()}
    found["explorer data on disk"] = [
        sum(len(d) for p, d in files.items() if p.startswith(PREFIX)),
        sum(1 for p in files if p.startswith(PREFIX)),
    ]
    return found
