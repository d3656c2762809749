"""The graph of a layout for other tools: GraphML and node-link JSON (SPEC section 4).

Nodes carry ``kind`` (rail, module, terminal, jumper, wire, ferrule, end_plate,
end_stop, load, net), ``label`` and ``pointer`` (the JSON Pointer of the element in the
layout) and what else describes them (part number, net, voltage, cross-section...).
Edges carry ``kind`` (next, has, commons, segment, internal, lands, crimped, draws, on);
conductive edges (``segment``, ``internal``) also carry ``current`` in A from the
current model and ``worst_case`` when no feed fixes the direction. Every value is a
string, number or boolean, so both files read back into networkx unchanged.
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

import networkx as nx

from panelcheck.currents import current_model
from panelcheck.graph import ItemNode, Node, PanelGraph, WireNode, ferrule_key
from panelcheck.units import Quantity

FORMATS = ("graphml", "json")
# Record fields that are structure (already edges) or internal bookkeeping.
_SKIP = {
    "key",
    "seq",
    "items",
    "terminals",
    "covered",
    "without_slot",
    "part",
    "id",
    "wires",
    "loads",
    "jumpers",
    "links",
    "segments",
    "rail_label",
    "ferrule",
    "ferrule_part",
}


def _value(value: Any) -> str | int | float | bool | None:
    if isinstance(value, Quantity):
        return str(value)
    if isinstance(value, (str, int, float, bool)):
        return value
    return None


def _node_attrs(node: Node) -> dict[str, Any]:
    attrs: dict[str, Any] = {"kind": node.kind, "label": node.label, "pointer": node.pointer}
    if isinstance(node, ItemNode):
        attrs["place"] = node.place  # derived on the record, an attribute in the export
    if isinstance(node, WireNode) and node.ferrule is not None:
        attrs["ferrule"] = ferrule_key(node)  # the ferrule node, as the edge "crimped" has it
    for f in fields(node):
        if f.name in _SKIP or f.name in attrs:
            continue
        value = _value(getattr(node, f.name))
        if value is not None:
            attrs[f.name] = value
    return attrs


def export_graph(graph: PanelGraph) -> nx.Graph:
    """The graph with plain attributes and the currents on conductive edges."""
    current_model(graph)
    exported = nx.Graph()
    for node in graph.all_nodes():
        exported.add_node(node.key, **_node_attrs(node))
    for a, b, attrs in graph.edges():
        exported.add_edge(a, b, **attrs)
    graph.annotate_currents(exported)
    return exported


def render_graph(graph: PanelGraph, output_format: str) -> str:
    exported = export_graph(graph)
    if output_format == "graphml":
        return "\n".join(nx.generate_graphml(exported, prettyprint=True)) + "\n"
    data = nx.node_link_data(exported, edges="edges")
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
