"""Who appears with whom: entity graphs drawn at build time as SVG.

Two entities are linked when one sentence (or note) of a source names both; the weight
of the link is the number of such sentences (``Views.mentions.together``). Each entity
page draws its ego graph (the entity and the :data:`MAX_NEIGHBOURS` entities named with
it most often, with the links among them); the graph page draws the
:data:`MAX_OVERVIEW` most connected entities. Both are bounded, so a graph weighs the
same at 5 or 5,000 sources.

An ego graph is a ring: the entity in the middle, its neighbours around it, each next to
the neighbour it is most linked with, so that few lines cross (no iterations: 160 entity
pages drew in a second with a force layout). The overview is networkx's force-directed
``spring_layout`` with a fixed seed, over nodes and edges in sorted order. Positions are
rounded to one decimal: the same data gives the same bytes.
Layout, line widths and dot sizes follow weights rounded down to a power of two
(:func:`drawn_weight`), so that an edit redraws few graphs. The SVG draws edges and
dots only; the names are HTML links laid over it at the dots' positions (percentages
of the drawing), so they keep their 12 px and their tap area on a phone and Material's
instant navigation handles them like any link (it cannot handle links inside SVG).
The list or table beside each graph says the same in text.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import networkx as nx
from markupsafe import Markup, escape

from .edition import Edition
from .links import Linker
from .views import Views

MAX_NEIGHBOURS = 12  # on an entity page
MAX_OVERVIEW = 30  # entities on the graph page
MAX_EDGES_PER_NODE = 6  # strongest links drawn per entity on the graph page
SEED = 17
WIDTH, HEIGHT, PAD = 640.0, 420.0, 48.0


@dataclass(frozen=True)
class Graph:
    """Nodes (entity ids, with their weight) and weighted edges, all in sorted order."""

    nodes: dict[str, int]
    edges: dict[tuple[str, str], int]
    centre: str | None = None

    def strongest(self, limit: int) -> list[tuple[tuple[str, str], int]]:
        return sorted(self.edges.items(), key=lambda item: (-item[1], item[0]))[:limit]


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def together(views: Views) -> dict[tuple[str, str], int]:
    """Every pair of entities with pages that some sentence names together."""
    pairs: dict[tuple[str, str], int] = {}
    for entity, others in views.mentions.together.items():
        if entity not in views.entity_pages:
            continue
        for other, count in others.items():
            if other in views.entity_pages and entity < other:
                pairs[(entity, other)] = count
    return pairs


Linked = dict[str, dict[str, int]]  # entity -> each entity linked with it -> the link's weight


def linked(pairs: dict[tuple[str, str], int]) -> Linked:
    """Each entity's links, for :func:`ego`: an ego graph reads the rows of its members
    rather than every pair (each of the seeds' 161 entity pages read all 1,290 pairs)."""
    found: Linked = defaultdict(dict)
    for (a, b), count in pairs.items():
        found[a][b] = found[b][a] = count
    return dict(found)


def ego(entity_id: str, links: Linked) -> Graph:
    """The entity, its strongest neighbours, and the links among them."""
    weights = Counter(links.get(entity_id, {}))
    neighbours = sorted(weights, key=lambda e: (-weights[e], e))[:MAX_NEIGHBOURS]
    members = {entity_id, *neighbours}
    edges = {
        (a, b): n for a in members for b, n in links.get(a, {}).items() if a < b and b in members
    }
    nodes = {e: weights[e] for e in neighbours}
    nodes[entity_id] = sum(weights.values())
    return Graph(dict(sorted(nodes.items())), dict(sorted(edges.items())), entity_id)


def overview(pairs: dict[tuple[str, str], int]) -> Graph:
    """The most connected entities, each with its strongest links among them."""
    degree: Counter[str] = Counter()
    for (a, b), count in pairs.items():
        degree[a] += count
        degree[b] += count
    kept = set(sorted(degree, key=lambda e: (-degree[e], e))[:MAX_OVERVIEW])
    inside = {p: n for p, n in pairs.items() if p[0] in kept and p[1] in kept}
    edges: dict[tuple[str, str], int] = {}
    for entity in sorted(kept):
        own = sorted(
            ((p, n) for p, n in inside.items() if entity in p), key=lambda item: (-item[1], item[0])
        )
        edges.update(own[:MAX_EDGES_PER_NODE])
    nodes = {e: degree[e] for e in sorted(kept)}
    return Graph(nodes, dict(sorted(edges.items())))


def drawn_weight(count: int) -> int:
    """The power of two at or below ``count``: the weight the drawing shows.

    Drawn from exact counts, one more sentence naming two hubs (NATO, South Korea)
    moved every graph they stand in, so an edit under ``mkdocs serve`` rendered most
    entity pages again; now a graph changes when a count crosses a power of two. The
    tables beside the graphs give the exact counts.
    """
    return 1 << (max(count, 1).bit_length() - 1)


def layout(graph: Graph) -> dict[str, tuple[float, float]]:
    """Positions in the drawing's pixels, seeded; the centre of an ego graph in the middle."""
    edges = tuple((pair, drawn_weight(count)) for pair, count in graph.edges.items())
    return _layout(tuple(graph.nodes), edges, graph.centre)


# A layout is 200 iterations over every node: remembered, `mkdocs serve` lays out again
# only the graphs an edit changed.
@lru_cache(maxsize=4096)
def _layout(
    nodes: tuple[str, ...], edges: tuple[tuple[tuple[str, str], int], ...], centre: str | None
) -> dict[str, tuple[float, float]]:
    if centre is not None and len(nodes) > 1:
        return _ring(nodes, edges, centre)
    network = nx.Graph()
    network.add_nodes_from(nodes)
    for (a, b), count in edges:
        network.add_edge(a, b, weight=float(count))
    if len(network) == 1:
        return {nodes[0]: (WIDTH / 2, HEIGHT / 2)}
    fixed = None
    start = None
    if centre is not None:
        fixed, start = [centre], {centre: (0.0, 0.0)}
    # log-like weights keep one heavy pair from pulling everything into a knot
    for _, _, data in network.edges(data=True):
        data["weight"] = 1.0 + data["weight"] ** 0.5
    raw = nx.spring_layout(network, pos=start, fixed=fixed, seed=SEED, iterations=200)
    xs = [float(p[0]) for p in raw.values()]
    ys = [float(p[1]) for p in raw.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    return {
        node: (
            round(PAD + (float(x) - min(xs)) / span_x * (WIDTH - 2 * PAD), 1),
            round(PAD / 2 + (float(y) - min(ys)) / span_y * (HEIGHT - 1.5 * PAD), 1),
        )
        for node, (x, y) in sorted(raw.items())
    }


def _ring(
    nodes: tuple[str, ...], edges: tuple[tuple[tuple[str, str], int], ...], centre: str
) -> dict[str, tuple[float, float]]:
    """The centre in the middle, the others on an ellipse from the top, clockwise: first
    the one most linked with the centre, then each time the one most linked with the
    last placed (else with the centre)."""
    weight = dict(edges)

    def link(a: str, b: str) -> int:
        return weight.get(_pair(a, b), 0)

    left = sorted((n for n in nodes if n != centre), key=lambda n: (-link(n, centre), n))
    ring = [left.pop(0)]
    while left:
        last = ring[-1]
        left.sort(key=lambda n: (-link(n, last), -link(n, centre), n))
        ring.append(left.pop(0))
    placed = {centre: (WIDTH / 2, HEIGHT / 2)}
    for index, node in enumerate(ring):
        angle = -math.pi / 2 + 2 * math.pi * index / len(ring)
        x = WIDTH / 2 + (WIDTH / 2 - PAD) * math.cos(angle)
        y = HEIGHT / 2 + (HEIGHT / 2 - PAD) * math.sin(angle)
        placed[node] = (round(x, 1), round(y, 1))
    return dict(sorted(placed.items()))


@lru_cache(maxsize=4096)  # rings of the same size put their dots at the same places
def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def draw(graph: Graph, edition: Edition, pages: dict[str, str], link: Linker, label: str) -> Markup:
    """The graph as an SVG of edges and dots under HTML links naming each entity."""
    if len(graph.nodes) < 2:
        return Markup("")
    position = layout(graph)
    peak_edge = drawn_weight(max(graph.edges.values(), default=1))
    peak_node = drawn_weight(max(graph.nodes.values(), default=1))
    body = []
    for (a, b), count in graph.edges.items():
        (x1, y1), (x2, y2) = position[a], position[b]
        width = 1 + 3 * drawn_weight(count) / peak_edge
        body.append(
            f'<line class="kb-edge" x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
            f'stroke-width="{_n(width)}"/>'
        )
    labels = []
    for entity, weight in graph.nodes.items():
        x, y = position[entity]
        radius = 5 + 7 * (drawn_weight(weight) / peak_node) ** 0.5
        css = "kb-node kb-ego" if entity == graph.centre else "kb-node"
        body.append(f'<circle class="{css}" cx="{_n(x)}" cy="{_n(y)}" r="{_n(radius)}"/>')
        full = edition.name(entity)
        name = edition.lexicon.entities[entity].abbreviation or full
        left, top = 100 * x / WIDTH, 100 * y / HEIGHT
        labels.append(
            f'<a class="kb-node-label" href="{link.url(pages[entity])}" '
            f'style="left:{_n(left)}%;top:{_n(top)}%" '
            f'title="{escape(full)}">{escape(name)}</a>'
        )
    description = edition.text(
        "graph.description",
        entities=edition.text("counts.entities", count=len(graph.nodes)),
        links=edition.text("counts.links", count=len(graph.edges)),
    )
    svg = (
        f'<svg viewBox="0 0 {_n(WIDTH)} {_n(HEIGHT)}" role="img" '
        f'aria-label="{escape(label)}: {escape(description)}" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(body)}</svg>'
    )
    return Markup(f'<div class="kb-graph-canvas">{svg}{"".join(labels)}</div>')


def edge_rows(graph: Graph, limit: int) -> Sequence[tuple[str, str, int]]:
    """The strongest links, for the table beside the overview."""
    return [(a, b, count) for (a, b), count in graph.strongest(limit)]


def node_ids(graph: Graph) -> Iterable[str]:
    return graph.nodes
