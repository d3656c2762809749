"""The pipeline stage "layout -> graph of typed records" (SPEC section 4).

A validated layout (from :mod:`panelcheck.read`) is built once into a
:class:`PanelGraph`, which every check (:mod:`panelcheck.checks`) reads. The modules,
in the order a newcomer reads them:

- :mod:`~panelcheck.graph.records`: the node records (rail, module, terminal, wire...)
  and how each holds its edges;
- :mod:`~panelcheck.graph.panel`: the graph: the records, their edges, the queries the
  checks use, and the analyses several checks share;
- :mod:`~panelcheck.graph.builder`: :func:`build_graph`, layout to records;
- :mod:`~panelcheck.graph.references` and :mod:`~panelcheck.graph.problems`: resolving
  ids, part numbers and terminals while building, and what did not resolve (reported
  by the LAY checks);
- :mod:`~panelcheck.graph.currents` and :mod:`~panelcheck.graph.relays`: the current
  model and the relay contact circuits, worked out from the graph;
- :mod:`~panelcheck.graph.shares`: building a large panel in shares of rails;
- :mod:`~panelcheck.graph.view` and :mod:`~panelcheck.graph.export`: the graph as
  networkx sees it, and written as GraphML or node-link JSON.
"""

from panelcheck.graph.builder import build_graph
from panelcheck.graph.panel import Analyses, PanelGraph
from panelcheck.graph.problems import Problem
from panelcheck.graph.records import (
    KIND_LABEL,
    DeviceNode,
    FerruleNode,
    ItemNode,
    JumperNode,
    LoadNode,
    ModuleNode,
    NetNode,
    Node,
    RailNode,
    TerminalNode,
    WireNode,
    ferrule_key,
)
from panelcheck.graph.references import Locate

__all__ = [
    "KIND_LABEL",
    "Analyses",
    "DeviceNode",
    "FerruleNode",
    "ItemNode",
    "JumperNode",
    "LoadNode",
    "Locate",
    "ModuleNode",
    "NetNode",
    "Node",
    "PanelGraph",
    "Problem",
    "RailNode",
    "TerminalNode",
    "WireNode",
    "build_graph",
    "ferrule_key",
]
