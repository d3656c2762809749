"""The panel graph as a networkx ``Graph``, for tools and tests that want graph algorithms.

The checks never need it: they follow the records' own fields, which is what keeps a
20,000-module panel fast, and the export writes straight from the records (see
:mod:`panelcheck.graph.export`). So this module, and networkx with it, is imported only
when :attr:`PanelGraph.g <panelcheck.graph.panel.PanelGraph.g>` is first read; a plain
check run never loads it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

if TYPE_CHECKING:
    from panelcheck.graph.panel import PanelGraph


def networkx_view(pg: PanelGraph) -> nx.Graph[str]:
    """The graph view: a node per record and ferrule with its ``kind``, every edge with
    its attributes, and the currents on conductive edges if the model has run."""
    graph: nx.Graph[str] = nx.Graph()
    for node in pg.all_nodes():
        graph.add_node(node.key, kind=node.kind)
    for a, b, attrs in pg.edges():
        graph.add_edge(a, b, **attrs)
    annotate_currents(pg, graph)
    return graph


def annotate_currents(pg: PanelGraph, graph: nx.Graph[str]) -> None:
    """Put the current model's results (once computed) on a graph's conductive edges."""
    model = pg.analyses.currents
    if model is None:
        return
    for edge in model.edges.values():
        attrs = graph.edges[edge.near, edge.far]
        attrs["current"] = round(edge.current, 9)
        attrs["worst_case"] = edge.worst_case
