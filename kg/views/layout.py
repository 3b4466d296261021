"""Where each node of a map sits: computed once, with fixed seeds, so the same data draws the same picture.

Positions are in the page's canvas units, scaled with the square root of the node count
so a bigger map spreads wider instead of crowding.
"""

from __future__ import annotations

import math

import networkx as nx


def layout(graph: nx.Graph, centre: str | None) -> dict[str, tuple[float, float]]:
    """Fixed positions, so the same data always gives the same picture.

    Around a paper its concepts sit on an inner ring and other papers outside; around a
    concept the centre is pinned at the origin and the rest spread by a seeded spring
    layout, so hubs stay off it; a map without a centre packs its connected parts.
    """
    n = graph.number_of_nodes()
    if n == 0:
        return {}
    radius = 90 * math.sqrt(n)
    if centre is not None and graph.nodes[centre].get("type") == "Paper":
        concepts = sorted(v for v in graph if v != centre and graph.nodes[v].get("type") != "Paper")
        papers = sorted(v for v in graph if v != centre and graph.nodes[v].get("type") == "Paper")
        shells = [[centre]] + [shell for shell in (concepts, papers) if shell]
        positions = nx.shell_layout(graph, shells, scale=radius)
    elif centre is not None:
        positions = nx.spring_layout(graph, pos={centre: (0.0, 0.0)}, fixed=[centre] if n > 1 else None,
                                     weight=None, seed=7, iterations=100)
    else:
        positions = _packed_components(graph)
    far = max((math.hypot(x, y) for x, y in positions.values()), default=0.0) or 1.0
    stretch = radius / far
    return {v: (round(float(x) * stretch, 1), round(float(y) * stretch, 1)) for v, (x, y) in positions.items()}


def _packed_components(graph: nx.Graph) -> dict:
    """The biggest connected part in the middle, the small ones on a ring just outside it.

    Laid out together, a spring layout flings unconnected pieces far away and squeezes the
    part that matters into the middle of the page.
    """
    parts = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    positions = _unit_spring(graph.subgraph(parts[0]))
    for i, part in enumerate(parts[1:]):
        angle = 2 * math.pi * i / (len(parts) - 1)
        cx, cy = 1.2 * math.cos(angle), 1.2 * math.sin(angle)
        for node, (x, y) in _unit_spring(graph.subgraph(part)).items():
            positions[node] = (cx + 0.08 * x * math.sqrt(len(part)), cy + 0.08 * y * math.sqrt(len(part)))
    return positions


def _unit_spring(graph: nx.Graph) -> dict:
    if graph.number_of_nodes() == 1:
        return {next(iter(graph)): (0.0, 0.0)}
    positions = nx.spring_layout(graph, weight="weight", seed=7, iterations=100)
    far = max(math.hypot(x, y) for x, y in positions.values()) or 1.0
    return {v: (x / far, y / far) for v, (x, y) in positions.items()}
