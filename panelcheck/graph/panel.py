"""The panel graph (SPEC section 4): the records of one layout, and the queries every check uses.

Nodes are the physical and electrical things of the panel: rails, modules, terminals,
jumpers, wires, ferrules, end plates, end stops, loads and nets (the records of
:mod:`panelcheck.graph.records`). Edges say what relates them:

============ =================================================================
``next``     physical neighbours on a rail (item -> item to its right)
``has``      module -> terminal, and rail -> item (containment)
``commons``  jumper -> terminal it sits in
``segment``  terminal <-> terminal: the piece of a jumper bar between neighbouring modules
``internal`` terminal <-> terminal commoned inside a module (with its rating)
``lands``    wire -> terminal
``crimped``  ferrule -> wire
``draws``    load -> terminal
``on``       terminal -> the net the layout maps it to
============ =================================================================

Conductive parts (terminals joined by jumper bars and ``internal`` links) form the
electrical components the short-circuit and current checks reason about. A bar appears
twice on purpose: ``commons`` says which terminals a jumper touches (what it *is*), and
``segment`` edges say how current flows along it from module to module (where each
piece can be overloaded). ``on`` is not conductive: it records what the designer
*intends* a terminal to carry.

The records hold the edges themselves; :meth:`PanelGraph.edges` lists them, and
:attr:`PanelGraph.g` gives the same graph as a networkx ``Graph`` (see
:mod:`panelcheck.graph.view`). What several checks work out from the finished graph
is kept once, in the typed :class:`Analyses` of the graph.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, cast, overload

from panelcheck.catalog import Catalog
from panelcheck.graph.records import (
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

if TYPE_CHECKING:
    import networkx as nx

    from panelcheck.catalog import ModulePart
    from panelcheck.graph.currents import CurrentModel
    from panelcheck.graph.problems import Problem
    from panelcheck.graph.relays import ContactCircuit
    from panelcheck.units import Quantity


class Analyses:
    """What is worked out from the finished graph once and then shared by the checks.

    Each starts empty and is filled on first use by the function named with it, which
    every reader goes through, and nowhere else (but that the builder fills
    ``conductors`` from what it joined, and empties ``kinds`` of lists made while it
    built). A graph is built and checked in one process (a panel shared over processes
    has a graph per share, built in its own process), so none of this crosses
    processes. (A plain class: every start-up defines it, and defining a dataclass costs
    a good part of a millisecond.)
    """

    __slots__ = ("conductors", "contacts", "currents", "kinds", "landed", "view")

    def __init__(self) -> None:
        self.kinds: dict[str, list[Any]] = {}
        """Records by kind, in file order: :meth:`PanelGraph.of_kind`."""
        self.conductors: list[list[str]] | None = None
        """Terminals joined by bar segments and links: :meth:`PanelGraph.conductors`
        (the builder fills it, from the terminals it joined)."""
        self.currents: CurrentModel | None = None
        """The current model: :func:`panelcheck.graph.currents.current_model`."""
        self.contacts: dict[str, list[ContactCircuit]] = {}
        """Contact circuits by module key: :func:`panelcheck.graph.relays.contact_circuits`."""
        self.landed: list[tuple[WireNode, ModuleNode, ModulePart]] | None = None
        """Wires landed on a module whose part is known: ``_landed`` in
        :mod:`panelcheck.checks.wiring`."""
        self.view: nx.Graph[str] | None = None
        """The networkx view: :attr:`PanelGraph.g`."""


@dataclass
class PanelGraph:
    """The panel's nodes as typed records, their relations, and indexes for the checks."""

    layout: dict[str, Any]
    catalog: Catalog
    nodes: dict[str, Node] = field(default_factory=dict)
    by_kind: dict[str, list[str]] = field(default_factory=dict)
    """Node keys by kind, in file order (ferrules are on their wires)."""
    ids: dict[str, str] = field(default_factory=dict)
    """Node key by id, for the first element with each id."""
    problems: list[Problem] = field(default_factory=list)
    """What did not resolve, for the LAY checks (see :mod:`panelcheck.graph.problems`)."""
    nets: dict[str, NetNode] = field(default_factory=dict)
    """Net records by name."""
    analyses: Analyses = field(default_factory=Analyses, repr=False, compare=False)
    """Results computed from the graph once and shared by several checks."""
    terminal_at: Mapping[str, TerminalNode] = field(init=False, repr=False, compare=False)
    """:attr:`nodes` itself, typed for reading a key known to name a terminal (a
    terminal's own key, a wire's or load's ``terminal``, a module's ``terminals``). The
    hot loops read terminals by key hundreds of thousands of times; this says once what
    a check or cast per read would say each time."""
    load_at: Mapping[str, LoadNode] = field(init=False, repr=False, compare=False)
    """:attr:`nodes` itself, typed for reading a key known to name a load (a terminal's
    ``loads``), likewise."""

    def __post_init__(self) -> None:
        self.terminal_at = cast("Mapping[str, TerminalNode]", self.nodes)
        self.load_at = cast("Mapping[str, LoadNode]", self.nodes)

    # -- building blocks -------------------------------------------------------------
    def add(self, node: Node) -> None:
        node.seq = len(self.nodes)
        self.nodes[node.key] = node
        self.by_kind.setdefault(node.kind, []).append(node.key)

    # -- reading -----------------------------------------------------------------------
    @overload
    def of_kind(self, kind: Literal["rail"]) -> list[RailNode]: ...
    @overload
    def of_kind(self, kind: Literal["module"]) -> list[ModuleNode]: ...
    @overload
    def of_kind(self, kind: Literal["end_plate", "end_stop"]) -> list[ItemNode]: ...
    @overload
    def of_kind(self, kind: Literal["device"]) -> list[DeviceNode]: ...
    @overload
    def of_kind(self, kind: Literal["terminal"]) -> list[TerminalNode]: ...
    @overload
    def of_kind(self, kind: Literal["jumper"]) -> list[JumperNode]: ...
    @overload
    def of_kind(self, kind: Literal["wire"]) -> list[WireNode]: ...
    @overload
    def of_kind(self, kind: Literal["load"]) -> list[LoadNode]: ...
    @overload
    def of_kind(self, kind: Literal["net"]) -> list[NetNode]: ...
    @overload
    def of_kind(self, kind: str) -> list[Any]: ...
    def of_kind(self, kind: str) -> list[Any]:
        """Nodes of one kind, in file order (a list made once: the graph is complete when
        checks read it, and a dozen rules walk the same kinds). Typed by the kind when it
        is written out; a kind chosen at run time gives records the caller knows."""
        lists = self.analyses.kinds
        found = lists.get(kind)
        if found is None:
            nodes = self.nodes
            found = lists[kind] = [nodes[k] for k in self.by_kind.get(kind, ())]
        return found

    def module(self, key: str) -> ModuleNode:
        node = self.nodes[key]
        assert isinstance(node, ModuleNode)
        return node

    def terminal(self, key: str) -> TerminalNode:
        return self.terminal_at[key]

    def net(self, name: str | None) -> NetNode | None:
        return self.nets.get(name) if name is not None else None

    def terminal_title(self, key: str) -> str:
        """``K1:A1``, the way designers write a clamping point."""
        t = self.nodes.get(key)
        if t is None:  # a feed on another share's rails, keyed by its module's id
            return key.partition(":")[2]
        assert isinstance(t, TerminalNode)
        return f"{self.nodes[t.module].label}:{t.name}"

    def voltage_at(self, terminal_key: str) -> Quantity | None:
        """Voltage of the net a terminal carries (mapped or inherited), if any."""
        net = self.net(self.terminal(terminal_key).potential)
        return net.voltage if net is not None else None

    def load_current(self, load: LoadNode) -> float | None:
        """Current a load draws, in A: as declared, or its net's voltage over its
        impedance; the larger of the two when both are given (LAY007 says when they
        disagree, and the rules then take the worse case)."""
        declared = None if load.current is None else load.current.magnitude
        if load.impedance is None:
            return declared
        drawn = self.impedance_current(load)
        if drawn is None:
            return declared
        return drawn if declared is None else max(declared, drawn)

    def impedance_current(self, load: LoadNode) -> float | None:
        """The current a load given by impedance draws at its net's voltage, in A."""
        if load.impedance is None or load.terminal is None or load.impedance.magnitude <= 0:
            return None
        voltage = self.voltage_at(load.terminal)
        return abs(voltage.magnitude) / load.impedance.magnitude if voltage else None

    def rail_items(self, rail_key: str) -> list[ItemNode]:
        rail = self.nodes[rail_key]
        assert isinstance(rail, RailNode)
        nodes = self.nodes
        return cast("list[ItemNode]", [nodes[k] for k in rail.items])  # a rail holds items

    def loads_at(self, terminal_key: str) -> list[LoadNode]:
        loads = self.load_at
        return [loads[k] for k in self.terminal_at[terminal_key].loads]

    def wires_at(self, terminal_key: str) -> list[WireNode]:
        """Wires landing in a terminal, in file order."""
        nodes = self.nodes
        return cast("list[WireNode]", [nodes[k] for k in self.terminal(terminal_key).wires])

    def conductors(self) -> list[list[str]]:
        """Terminals joined by jumper segments and internal links, computed once.

        Each conductor lists its terminals breadth-first from the one that comes first in
        the file, so everything derived from it is in a stable order.
        """
        found = self.analyses.conductors
        if found is None:
            found = self.analyses.conductors = find_conductors(self)
        return found

    # -- the graph as edges, and as networkx ----------------------------------------------
    def all_nodes(self) -> Iterator[Node]:
        """Every node of the graph view: the records, and a ferrule node per ferrule.

        Ferrules are kept on their wires while checking (a large panel has tens of
        thousands and nothing else points at them); the view shows them as SPEC section 4
        has them, after their wire.
        """
        for node in self.nodes.values():
            yield node
            if isinstance(node, WireNode) and node.ferrule is not None:
                yield FerruleNode(
                    key=ferrule_key(node),
                    kind="ferrule",
                    id=None,
                    pointer=f"{node.pointer}/ferrule",
                    seq=node.seq,
                    wire=node.key,
                    part_number=node.ferrule,
                    part=node.ferrule_part,
                )

    def edges(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """Every edge with its attributes, in a stable order (SPEC section 4)."""
        terminals = self.terminal_at
        for rail in self.of_kind("rail"):
            for k in rail.items:
                yield rail.key, k, {"kind": "has"}
            for a, b in zip(rail.items, rail.items[1:], strict=False):
                yield a, b, {"kind": "next"}
        holders: list[ModuleNode | DeviceNode] = [*self.of_kind("module"), *self.of_kind("device")]
        for module in holders:
            for key in module.terminals.values():
                yield module.key, key, {"kind": "has"}
                terminal = terminals[key]
                for other, rating in terminal.links:
                    if key < other:
                        yield key, other, {"kind": "internal", "rating": rating}
                if terminal.net is not None:
                    yield key, f"net:{terminal.net}", {"kind": "on"}
        for jumper in self.of_kind("jumper"):
            for key in jumper.terminals:
                yield jumper.key, key, {"kind": "commons"}
            for a, b in zip(jumper.terminals, jumper.terminals[1:], strict=False):
                yield a, b, {"kind": "segment", "jumper": jumper.key}
        for wire in self.of_kind("wire"):
            if wire.terminal is not None:
                yield wire.key, wire.terminal, {"kind": "lands"}
            if wire.ferrule is not None:
                yield ferrule_key(wire), wire.key, {"kind": "crimped"}
        for load in self.of_kind("load"):
            if load.terminal is not None:
                yield load.key, load.terminal, {"kind": "draws"}

    @property
    def g(self) -> nx.Graph[str]:
        """The graph as a networkx ``Graph``: ``kind`` on nodes and edges, and the
        currents on conductive edges once the current model has run (built on first use;
        see :mod:`panelcheck.graph.view`)."""
        view = self.analyses.view
        if view is None:
            from panelcheck.graph.view import networkx_view

            view = self.analyses.view = networkx_view(self)
        return view

    def annotate_currents(self, graph: nx.Graph[str]) -> None:
        """Put the current model's results (once computed) on a graph's conductive edges."""
        from panelcheck.graph.view import annotate_currents

        annotate_currents(self, graph)

    def neighbours(self, key: str, edge_kind: str) -> list[str]:
        """Neighbours along edges of one kind (through :attr:`g`; for tools and tests)."""
        return [n for n, d in self.g.adj[key].items() if d["kind"] == edge_kind]


def find_conductors(
    pg: PanelGraph, joined: Iterable[TerminalNode] | None = None
) -> list[list[str]]:
    """Terminals joined by links and bar segments, each conductor breadth-first from the
    terminal that comes first in the file. ``joined`` are the terminals that have such
    edges, if known (the builder records them); else all terminals are looked at."""
    if joined is None:
        joined = (t for t in pg.of_kind("terminal") if t.links or t.segments)
    starts = sorted(set(joined), key=lambda t: t.seq)
    seen: set[str] = set()
    conductors = []
    terminals = pg.terminal_at
    for start in starts:
        if start.key in seen:
            continue
        order, queue = [start.key], deque([start])
        seen.add(start.key)
        while queue:
            terminal = queue.popleft()
            for links in (terminal.links, terminal.segments):
                for other, _ in links:
                    if other not in seen:
                        seen.add(other)
                        order.append(other)
                        queue.append(terminals[other])
        conductors.append(order)
    return conductors
