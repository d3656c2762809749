"""The layout as a graph (SPEC section 4), built once per file; every check reads it.

Nodes are the physical and electrical things of the panel: rails, modules, terminals,
jumpers, wires, ferrules, end plates, end stops, loads and nets. Edges say what
relates them:

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

How it is stored: each node is a typed record, and each edge is held by the records it
joins (a wire knows its terminal, a terminal its wires, loads, jumpers, links and bar
segments). The checks follow those fields directly, which is what keeps a
20,000-module panel fast. :attr:`PanelGraph.g` gives the same graph as a networkx
``Graph`` (built on first use, with ``kind`` on every node and edge) for exports and for
anything that wants graph algorithms; a plain check run never needs to import networkx.

Node keys are ``kind:label`` strings (``module:K1``, ``terminal:K1:A1``,
``net:+24V``); an element without an id, or one that repeats an earlier id, is labelled
by its JSON Pointer so that nothing on a rail is ever dropped from the picture.

Building the graph also resolves every reference. What cannot be resolved (an unknown
part number, a ``from`` naming nothing, a terminal the part does not have) is recorded
as a :class:`Problem` for the LAY checks to report, and the element is kept without the
edge it could not have, so the other checks still see the rest of the panel.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from panelcheck.catalog import (
    Catalog,
    EndPlatePart,
    EndStopPart,
    FerrulePart,
    JumperPart,
    ModulePart,
    PartModel,
)
from panelcheck.read.positions import escape_token

if TYPE_CHECKING:
    import networkx as nx

    from panelcheck.graph.shares import Share
    from panelcheck.units import Quantity

KIND_LABEL = {
    "module": "module",
    "end_plate": "end plate",
    "end_stop": "end stop",
    "jumper": "jumper",
    "ferrule": "ferrule",
    "rail": "rail",
    "wire": "wire",
    "load": "load",
}
_PART_CLASS: dict[str, type] = {
    "module": ModulePart,
    "end_plate": EndPlatePart,
    "end_stop": EndStopPart,
    "jumper": JumperPart,
    "ferrule": FerrulePart,
}
_T = TypeVar("_T")
Locate = Callable[[str], tuple[int, int]]


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


@dataclass(slots=True)
class Problem:
    """A reference the graph could not resolve, reported by a LAY check."""

    code: str
    subject: str | None
    pointer: str
    message: str
    at_key: bool = False


@dataclass(slots=True, kw_only=True, eq=False)
class Node:
    key: str
    kind: str
    id: str | None
    pointer: str
    seq: int = 0

    @property
    def label(self) -> str:
        """How messages name the element: its id, else where it is."""
        return self.id if self.id is not None else self.pointer


@dataclass(slots=True, kw_only=True, eq=False)
class RailNode(Node):
    length: Quantity
    items: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True, eq=False, init=False)
class ItemNode(Node):
    """Anything mounted on a rail: module, end plate or end stop."""

    rail: str
    rail_label: str
    index: int
    part_number: str
    part: PartModel | None

    def __init__(
        self,
        kind: str,
        key: str,
        ident: str | None,
        pointer: str,
        seq: int,
        rail: str,
        rail_label: str,
        index: int,
        part_number: str,
        part: PartModel | None,
    ) -> None:
        self.key, self.kind, self.id, self.pointer, self.seq = key, kind, ident, pointer, seq
        self.rail = rail
        self.rail_label = rail_label
        self.index = index
        self.part_number = part_number
        self.part = part

    @property
    def place(self) -> str:
        """``item 4 of rail X1``: where an item without id sits."""
        return f"item {self.index + 1} of rail {self.rail_label}"

    @property
    def label(self) -> str:
        return self.id if self.id is not None else self.place

    @property
    def title(self) -> str:
        """``K1 (859-390)`` or ``item 4 of rail X1 (859-525)``: how messages name it."""
        return f"{self.label} ({self.part_number})"


@dataclass(slots=True, kw_only=True, eq=False, init=False)
class ModuleNode(ItemNode):
    part: ModulePart | None
    terminals: dict[str, str]

    def __init__(self, *args: Any) -> None:
        """The arguments of :class:`ItemNode`; the terminals are added as they are built."""
        ItemNode.__init__(self, *args)
        self.terminals = {}


def _added(edges: Sequence[_T], edge: _T) -> list[_T]:
    """``edges`` with ``edge`` added. A terminal starts with the shared empty tuple (most
    have nothing landing) and gets a list at its first edge, which then grows in place:
    re-making a tuple per edge would be quadratic in a file that lands thousands of
    wires in one terminal."""
    if isinstance(edges, list):
        edges.append(edge)
        return edges
    return [*edges, edge]


@dataclass(slots=True, kw_only=True, eq=False, init=False)
class TerminalNode(Node):
    """A clamping point. ``net`` is what the layout maps it to; ``inherited`` is the net
    an unmapped terminal carries because a jumper bar or internal link joins it to
    terminals of exactly one net.

    The sequences hold the edges that meet here (the empty ones are one shared tuple,
    so the many terminals nothing lands in cost no extra memory; see :func:`_added`).
    The initialiser is written out: a large panel has over a hundred thousand
    terminals, and the generated keyword-only one takes three times as long."""

    module: str
    name: str
    net: str | None
    inherited: str | None
    wires: Sequence[str]
    loads: Sequence[str]
    jumpers: Sequence[str]
    links: Sequence[tuple[str, str]]
    """(other terminal, rating) of the internal links from here."""
    segments: Sequence[tuple[str, str]]
    """(other terminal, jumper) of the bar segments from here."""

    def __init__(
        self, key: str, pointer: str, seq: int, module: str, name: str, net: str | None = None
    ) -> None:
        self.key = key
        self.kind = "terminal"
        self.id = None
        self.pointer = pointer
        self.seq = seq
        self.module = module
        self.name = name
        self.net = net
        self.inherited = None
        self.wires = self.loads = self.jumpers = ()
        self.links = self.segments = ()

    @property
    def potential(self) -> str | None:
        """The net the terminal carries, mapped or inherited."""
        return self.net if self.net is not None else self.inherited

    def on_net(self) -> str:
        """``on net +24V`` or ``on net +24V through a jumper or internal link``."""
        if self.net is not None:
            return f"on net {self.net}"
        return f"on net {self.inherited} through a jumper or internal link"


@dataclass(slots=True, kw_only=True, eq=False)
class JumperNode(Node):
    rail: str
    part_number: str
    part: JumperPart | None = None
    slot: str
    start: str | None = None
    covered: list[str] = field(default_factory=list)
    terminals: list[str] = field(default_factory=list)
    """The terminals it sits in, in rail order."""
    stopped_by: str | None = None
    without_slot: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True, eq=False, init=False)
class WireNode(Node):
    """A conductor. Its ferrule is held here (``ferrule`` is the part number, ``ferrule_part``
    the catalog part when it resolved); the graph view shows it as a ferrule node."""

    terminal: str | None
    cross_section: Quantity
    conductor: str
    strip_length: Quantity | None
    ferrule: str | None
    ferrule_part: FerrulePart | None

    def __init__(
        self,
        key: str,
        ident: str,
        pointer: str,
        seq: int,
        terminal: str | None,
        cross_section: Quantity,
        conductor: str,
        strip_length: Quantity | None,
    ) -> None:
        self.key, self.kind, self.id, self.pointer, self.seq = key, "wire", ident, pointer, seq
        self.terminal = terminal
        self.cross_section = cross_section
        self.conductor = conductor
        self.strip_length = strip_length
        self.ferrule = None
        self.ferrule_part = None


@dataclass(slots=True, kw_only=True, eq=False)
class FerruleNode(Node):
    """A ferrule as a node of the graph view (see :meth:`PanelGraph.all_nodes`)."""

    wire: str
    part_number: str
    part: FerrulePart | None = None


def ferrule_key(wire: WireNode) -> str:
    return f"ferrule:{wire.key.partition(':')[2]}"


@dataclass(slots=True, kw_only=True, eq=False, init=False)
class LoadNode(Node):
    terminal: str | None
    current: Quantity | None
    impedance: Quantity | None

    def __init__(
        self,
        key: str,
        ident: str,
        pointer: str,
        seq: int,
        terminal: str | None,
        current: Quantity | None,
        impedance: Quantity | None,
    ) -> None:
        self.key, self.kind, self.id, self.pointer, self.seq = key, "load", ident, pointer, seq
        self.terminal = terminal
        self.current = current
        self.impedance = impedance


@dataclass(slots=True, kw_only=True, eq=False, init=False)
class NetNode(Node):
    voltage: Quantity
    feed: str | None

    def __init__(self, name: str, pointer: str, seq: int, voltage: Quantity) -> None:
        self.key, self.kind, self.id, self.pointer, self.seq = (
            f"net:{name}",
            "net",
            name,
            pointer,
            seq,
        )
        self.voltage = voltage
        self.feed = None


@dataclass
class PanelGraph:
    """The panel's nodes as typed records, their relations, and indexes for the checks."""

    layout: dict[str, Any]
    catalog: Catalog
    nodes: dict[str, Node] = field(default_factory=dict)
    by_kind: dict[str, list[str]] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    nets: dict[str, NetNode] = field(default_factory=dict)
    """Net records by name."""
    derived: dict[str, Any] = field(default_factory=dict)
    """Results computed from the graph once and shared by several checks (currents)."""

    # -- building blocks -------------------------------------------------------------
    def add(self, node: Node) -> None:
        node.seq = len(self.nodes)
        self.nodes[node.key] = node
        self.by_kind.setdefault(node.kind, []).append(node.key)

    # -- reading -----------------------------------------------------------------------
    def of_kind(self, kind: str) -> list[Any]:
        """Nodes of one kind, in file order (a list made once: the graph is complete when
        checks read it, and a dozen rules walk the same kinds)."""
        lists: dict[str, list[Any]] = self.derived.setdefault("of_kind", {})
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
        return self.nodes[key]  # type: ignore[return-value]

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
        """Current a load draws, in A: as declared, else its net's voltage over its impedance."""
        if load.current is not None:
            return load.current.magnitude
        if load.impedance is None or load.terminal is None or load.impedance.magnitude <= 0:
            return None
        voltage = self.voltage_at(load.terminal)
        return abs(voltage.magnitude) / load.impedance.magnitude if voltage else None

    def rail_items(self, rail_key: str) -> list[ItemNode]:
        rail = self.nodes[rail_key]
        assert isinstance(rail, RailNode)
        return [self.nodes[k] for k in rail.items]  # type: ignore[misc]

    def loads_at(self, terminal_key: str) -> list[LoadNode]:
        return [self.nodes[k] for k in self.terminal(terminal_key).loads]  # type: ignore[misc]

    def wires_at(self, terminal_key: str) -> list[WireNode]:
        """Wires landing in a terminal, in file order."""
        return [self.nodes[k] for k in self.terminal(terminal_key).wires]  # type: ignore[misc]

    def conductors(self) -> list[list[str]]:
        """Terminals joined by jumper segments and internal links, computed once.

        Each conductor lists its terminals breadth-first from the one that comes first in
        the file, so everything derived from it is in a stable order.
        """
        found = self.derived.get("conductors")
        if found is None:
            found = _conductors(self)
            self.derived["conductors"] = found
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
        nodes = self.nodes
        for rail in self.of_kind("rail"):
            for k in rail.items:
                yield rail.key, k, {"kind": "has"}
            for a, b in zip(rail.items, rail.items[1:], strict=False):
                yield a, b, {"kind": "next"}
        for module in self.of_kind("module"):
            for key in module.terminals.values():
                yield module.key, key, {"kind": "has"}
                terminal = nodes[key]
                assert isinstance(terminal, TerminalNode)
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
    def g(self) -> nx.Graph:
        """The graph as a networkx ``Graph``: ``kind`` on nodes and edges, and the
        currents on conductive edges once the current model has run."""
        graph = self.derived.get("networkx")
        if graph is None:
            import networkx as nx

            graph = nx.Graph()
            for node in self.all_nodes():
                graph.add_node(node.key, kind=node.kind)
            for a, b, attrs in self.edges():
                graph.add_edge(a, b, **attrs)
            self.derived["networkx"] = graph
            self.annotate_currents(graph)
        return graph

    def annotate_currents(self, graph: nx.Graph) -> None:
        """Put the current model's results (once computed) on a graph's conductive edges."""
        model = self.derived.get("currents")
        if model is None:
            return
        for edge in model.edges.values():
            attrs = graph.edges[edge.near, edge.far]
            attrs["current"] = round(edge.current, 9)
            attrs["worst_case"] = edge.worst_case

    def neighbours(self, key: str, edge_kind: str) -> list[str]:
        """Neighbours along edges of one kind (through :attr:`g`; for tools and tests)."""
        return [n for n, d in self.g.adj[key].items() if d["kind"] == edge_kind]


def build_graph(
    layout: dict[str, Any],
    catalog: Catalog,
    locate: Locate | None = None,
    share: Share | None = None,
) -> PanelGraph:
    """Turn a validated layout into its graph, recording what does not resolve.

    ``locate`` turns a JSON Pointer into (line, column); with it, a message about an
    element can say where the *other* element involved is (the first use of a
    duplicated id). With ``share``, only that share's rails are built, with the wires
    and loads landing on them (see :mod:`panelcheck.graph.shares`).
    """
    return _Builder(layout, catalog, locate, share).build()


def _conductors(pg: PanelGraph, joined: Iterable[TerminalNode] | None = None) -> list[list[str]]:
    """Terminals joined by links and bar segments, each conductor breadth-first from the
    terminal that comes first in the file. ``joined`` are the terminals that have such
    edges, if known (the builder records them); else all terminals are looked at."""
    if joined is None:
        joined = (t for t in pg.of_kind("terminal") if t.links or t.segments)
    starts = sorted(set(joined), key=lambda t: t.seq)
    seen: set[str] = set()
    conductors = []
    nodes = pg.nodes
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
                        queue.append(nodes[other])
        conductors.append(order)
    return conductors


class _Builder:
    def __init__(
        self,
        layout: dict[str, Any],
        catalog: Catalog,
        locate: Locate | None,
        share: Share | None = None,
    ) -> None:
        self.layout = layout
        self.catalog = catalog
        self.locate = locate
        self.share = share
        self.pg = PanelGraph(layout=layout, catalog=catalog)
        self._parts: dict[str, Any] = {}
        self._terminal_order = self.pg.by_kind.setdefault("terminal", [])
        self._wire_order = self.pg.by_kind.setdefault("wire", [])
        self._escapes: dict[str, str] = {}
        self._joined: list[TerminalNode] = []
        """Terminals an internal link or a bar segment touches: where conductors start."""
        self._load_order = self.pg.by_kind.setdefault("load", [])
        self._suggested: dict[str, list[str]] = {}
        self._lines: dict[str, int] = {}
        self._modules: dict[str, ModuleNode] = {}
        """Modules by id (the first element with each id, when that is a module)."""

    def build(self) -> PanelGraph:
        self._nets()
        rails = self.layout.get("rails", [])
        here = range(len(rails)) if self.share is None else self.share.rails
        rail_keys = [(i, self._rail(i, rails[i])) for i in here]
        for i, rail_key in rail_keys:
            for j, jumper in enumerate(rails[i].get("jumpers", ())):
                self._jumper(rail_key, f"/rails/{i}/jumpers/{j}", jumper)
        self._wires()
        self._loads()
        self._feeds()
        self._inherit_nets()
        self.pg.derived.pop("of_kind", None)  # lists made while building may be partial
        return self.pg

    def _inherit_nets(self) -> None:
        """An unmapped terminal on a conductor of exactly one net carries that net.

        A coil whose A1 is left unmapped but sits on the red +24V comb sees 24 V; so does
        857-411 terminal 3 when the supply is wired to 7. With two nets on one conductor
        (a short, NET001) nothing is inherited.
        """
        self.pg.derived["conductors"] = _conductors(self.pg, self._joined)
        for conductor in self.pg.conductors():
            terminals = [self.pg.terminal(k) for k in conductor]
            nets = {t.net for t in terminals if t.net is not None}
            if len(nets) != 1:
                continue
            (net,) = nets
            for terminal in terminals:
                if terminal.net is None:
                    terminal.inherited = net

    # -- helpers -----------------------------------------------------------------------
    def problem(
        self, code: str, subject: str | None, pointer: str, message: str, at_key: bool = False
    ) -> None:
        self.pg.problems.append(Problem(code, subject, pointer, message, at_key))

    def _line_of(self, pointer: str) -> int:
        """The line of an element, located once however often its id is reused."""
        line = self._lines.get(pointer)
        if line is None:
            line = self._lines[pointer] = self.locate(pointer)[0]  # type: ignore[misc]
        return line

    def claim_id(self, kind: str, ident: str | None, pointer: str) -> str:
        """Node key for an element; records LAY002 when the id is already taken."""
        if ident is None:
            return f"{kind}:{pointer}"
        ids = self.pg.ids
        if ident in ids:
            other = self.pg.nodes[ids[ident]]
            where = f"line {self._line_of(other.pointer)}" if self.locate else other.pointer
            self.problem(
                "LAY002",
                ident,
                f"{pointer}/id",
                f"id {ident!r} is used twice: the {KIND_LABEL.get(other.kind, other.kind)} at "
                f"{where} already has it; ids of rails, modules, plates, stops, jumpers, "
                "wires and loads share one namespace",
            )
            return f"{kind}:{ident}@{pointer}"
        key = f"{kind}:{ident}"
        ids[ident] = key
        return key

    def resolve_part(
        self, kind: str, number: str, subject: str | None, pointer: str, what: str
    ) -> Any:
        """The catalog part if it exists and is of ``kind``; else LAY001/LAY004."""
        part = self.catalog.parts.get(number)
        if part is not None and isinstance(part, _PART_CLASS[kind]):
            return part
        where = f"{pointer}/part" if kind != "ferrule" else pointer
        if part is None:
            near = self._close_matches(number)
            hint = (
                f"did you mean {' or '.join(near)}?"
                if near
                else "'panelcheck catalog' lists the known parts"
            )
            self.problem(
                "LAY001", subject, where, f"{what}: part {number!r} is not in the catalog; {hint}"
            )
            return None
        self.problem(
            "LAY004",
            subject,
            where,
            f"{what}: {number} is {_a(KIND_LABEL[part.kind])} ({part.description}), "
            f"not {_a(KIND_LABEL[kind])}",
        )
        return None

    def _close_matches(self, number: str) -> list[str]:
        """Known part numbers like an unknown one, for the first hundred different ones
        (each costs a fuzzy comparison with the whole catalog; a file of thousands of
        made-up numbers must not make a run take minutes)."""
        found = self._suggested.get(number)
        if found is None:
            if len(self._suggested) >= 100:
                return []
            found = self._suggested[number] = self.catalog.close_matches(number)
        return found

    # -- nets ------------------------------------------------------------------------
    def _nets(self) -> None:
        pg = self.pg
        nodes, nets, in_order = pg.nodes, pg.nets, pg.by_kind.setdefault("net", [])
        declared = self.layout.get("nets", {})
        if self.share is not None:  # only the nets this share's terminals are mapped to
            used: set[str] = set()
            rails = self.layout.get("rails", [])
            for i in self.share.rails:
                for item in rails[i].get("items", ()):
                    used.update(item.get("terminals", {}).values())
            declared = {name: net for name, net in declared.items() if name in used}
        for name, net in declared.items():
            node = NetNode(name, f"/nets/{escape_token(name)}", len(nodes), net["voltage"])
            nodes[node.key] = node
            in_order.append(node.key)
            nets[name] = node

    def _feeds(self) -> None:
        share = self.share
        for name, net in self.layout.get("nets", {}).items():
            feed = net.get("feed")
            if feed is None:
                continue
            node = self.pg.net(name)
            if share is not None:
                if node is None:  # no terminal of this share is on the net
                    continue
                if not share.holds(feed):
                    node.feed = share.feeds[name]  # on another share's rails
                    continue
            assert node is not None
            node.feed = self.resolve_terminal(
                feed, name, f"{node.pointer}/feed", f"net {name}: feed"
            )

    # -- rails and their items ---------------------------------------------------------
    def _rail(self, i: int, rail: dict[str, Any]) -> str:
        pointer = f"/rails/{i}"
        key = self.claim_id("rail", rail["id"], pointer)
        node = RailNode(key=key, kind="rail", id=rail["id"], pointer=pointer, length=rail["length"])
        self.pg.add(node)
        for j, item in enumerate(rail.get("items", ())):
            node.items.append(self._item(key, node.label, f"{pointer}/items/{j}", j, item))
        return key

    def _item(
        self, rail_key: str, rail_label: str, pointer: str, index: int, item: dict[str, Any]
    ) -> str:
        kind = item["type"]
        ident = item.get("id")
        key = self.claim_id(kind, ident, pointer)
        number = item["part"]
        part = self.catalog.parts.get(number)
        if part is None or not isinstance(part, _PART_CLASS[kind]):
            place = f"item {index + 1} of rail {rail_label}"
            subject = ident if ident is not None else pointer
            part = self.resolve_part(
                kind, number, subject, pointer, f"{KIND_LABEL[kind]} {ident or place}"
            )
        nodes = self.pg.nodes
        node_class = ModuleNode if kind == "module" else ItemNode
        node = node_class(
            kind, key, ident, pointer, len(nodes), rail_key, rail_label, index, number, part
        )
        nodes[key] = node
        self.pg.by_kind.setdefault(kind, []).append(key)
        if kind == "module":
            if ident is not None and key == f"module:{ident}":
                self._modules[ident] = node  # type: ignore[assignment]
            self._terminals(node, item.get("terminals", {}))  # type: ignore[arg-type]
        return key

    def _terminals(self, module: ModuleNode, mapping: dict[str, str]) -> None:
        """The module's terminals (all its part has, or those mapped if the part is
        unknown), each on the net the layout maps it to. The hottest loop of a build:
        a 20,000-module panel has well over 100,000 terminals."""
        part = module.part
        if part is None:
            names: list[str] | tuple[str, ...] = list(mapping)
            links: tuple[tuple[str, str, str], ...] = ()
        else:
            names, known, links = self._part_terminals(part)
            for name in mapping:
                if name not in known:
                    self.problem(
                        "LAY005",
                        module.label,
                        f"{module.pointer}/terminals/{escape_token(name)}",
                        f"{module.title} has no terminal {name!r}; its terminals are "
                        f"{', '.join(names)}",
                        at_key=True,
                    )
        pg = self.pg
        nodes, nets, in_order = pg.nodes, pg.nets, self._terminal_order
        owner, keys, base = module.key, module.terminals, module.pointer
        prefix = f"terminal:{owner[7:]}:"  # owner is "module:<label>"
        mapped_base = f"{base}/terminals/"
        for name in names:
            net = mapping.get(name)
            key = prefix + name
            if net is None:
                terminal = TerminalNode(key, base, len(nodes), owner, name)
            else:
                pointer = mapped_base + self._escaped(name)
                if net in nets:
                    terminal = TerminalNode(key, pointer, len(nodes), owner, name, net)
                else:
                    terminal = TerminalNode(key, pointer, len(nodes), owner, name)
                    self.problem(
                        "LAY003",
                        module.label,
                        pointer,
                        f"{module.title} terminal {name}: net {net!r} is not declared in 'nets'",
                    )
            nodes[key] = terminal
            in_order.append(key)
            keys[name] = key
        for a_name, b_name, rating in links:
            a, b = keys[a_name], keys[b_name]
            ta, tb = nodes[a], nodes[b]
            ta.links = _added(ta.links, (b, rating))  # type: ignore[attr-defined]
            tb.links = _added(tb.links, (a, rating))  # type: ignore[attr-defined]
            self._joined += (ta, tb)

    def _escaped(self, name: str) -> str:
        """A terminal name as a pointer token (names repeat: each is escaped once)."""
        found = self._escapes.get(name)
        if found is None:
            found = self._escapes[name] = escape_token(name)
        return found

    def _part_terminals(
        self, part: ModulePart
    ) -> tuple[tuple[str, ...], frozenset[str], tuple[tuple[str, str, str], ...]]:
        """A part's terminal names, as a set, and its internal links: once per part."""
        found = self._parts.get(part.number)
        if found is None:
            names = tuple(part.terminals.names)
            links = tuple((link.a, link.b, str(link.rating)) for link in part.internal_links)
            found = self._parts[part.number] = (names, frozenset(names), links)
        return found

    # -- jumpers -----------------------------------------------------------------------
    def _jumper(self, rail_key: str, pointer: str, jumper: dict[str, Any]) -> None:
        ident = jumper["id"]
        key = self.claim_id("jumper", ident, pointer)
        part = self.resolve_part("jumper", jumper["part"], ident, pointer, f"jumper {ident}")
        node = JumperNode(
            key=key,
            kind="jumper",
            id=ident,
            pointer=pointer,
            rail=rail_key,
            part_number=jumper["part"],
            part=part,
            slot=jumper["slot"],
        )
        self.pg.add(node)
        start = self._jumper_start(node, jumper["from"], rail_key)
        if start is None or part is None:
            return
        node.start = start
        rail = self.pg.nodes[rail_key]
        assert isinstance(rail, RailNode)
        first = self.pg.module(start).index
        slot = jumper["slot"]
        previous: TerminalNode | None = None
        for item in (self.pg.nodes[k] for k in rail.items[first : first + part.ways]):
            if not isinstance(item, ModuleNode):
                node.stopped_by = item.key
                break
            node.covered.append(item.key)
            if item.part is None:  # unknown part: LAY001 says so; nothing to check here
                continue
            if slot not in item.part.jumper_slots.names:
                node.without_slot.append(item.key)
                continue
            terminal = self.pg.terminal(item.terminals[slot])
            node.terminals.append(terminal.key)
            terminal.jumpers = _added(terminal.jumpers, key)
            if previous is not None:
                previous.segments = _added(previous.segments, (terminal.key, key))
                terminal.segments = _added(terminal.segments, (previous.key, key))
                self._joined += (previous, terminal)
            previous = terminal

    def _jumper_start(self, node: JumperNode, ident: str, rail_key: str) -> str | None:
        target = self.pg.ids.get(ident)
        pointer = f"{node.pointer}/from"
        if target is None:
            self.problem(
                "LAY003",
                node.id,
                pointer,
                f"jumper {node.id}: 'from' names {ident!r}, which does not exist",
            )
            return None
        found = self.pg.nodes[target]
        if not isinstance(found, ModuleNode):
            self.problem(
                "LAY003",
                node.id,
                pointer,
                f"jumper {node.id}: 'from' names {ident!r}, which is "
                f"{_a(KIND_LABEL.get(found.kind, found.kind))}, not a module",
            )
            return None
        if found.rail != rail_key:
            self.problem(
                "LAY003",
                node.id,
                pointer,
                f"jumper {node.id}: 'from' names module {ident}, which is on rail "
                f"{self.pg.nodes[found.rail].label}, not on this rail",
            )
            return None
        return target

    # -- wires, ferrules, loads --------------------------------------------------------
    def resolve_terminal(
        self, ref: str, subject: str | None, pointer: str, what: str
    ) -> str | None:
        """Terminal key for ``MODULE:TERMINAL``; LAY003/LAY005 when it does not resolve."""
        ident, _, name = ref.partition(":")
        target = self.pg.ids.get(ident)
        found = self.pg.nodes.get(target) if target else None
        if not isinstance(found, ModuleNode):
            why = (
                f"{ident!r} is {_a(KIND_LABEL.get(found.kind, found.kind))}, not a module"
                if found
                else f"there is no module {ident!r}"
            )
            self.problem("LAY003", subject, pointer, f"{what} {ref!r}: {why}")
            return None
        terminal = found.terminals.get(name)
        if terminal is None and found.part is not None:
            self.problem(
                "LAY005",
                subject,
                pointer,
                f"{what} {ref!r}: {found.title} has no terminal {name!r}; its "
                f"terminals are {', '.join(found.part.terminals.names)}",
            )
        return terminal

    def _landing(self, kind: str) -> Iterator[tuple[dict[str, Any], str, str, str | None]]:
        """The wires or loads (``kind``) of this build: each element with its node key (its
        id claimed), its pointer, and the terminal it lands in when that resolves (the
        long way, which reports why not, only when it does not).

        One loop with its lookups held locally: a large panel has tens of thousands."""
        section = self.layout.get(f"{kind}s", [])
        ids, modules = self.pg.ids, self._modules
        indexes = range(len(section)) if self.share is None else self.share.landing[f"{kind}s"]
        for i in indexes:
            element = section[i]
            pointer = f"/{kind}s/{i}"
            ident = element["id"]
            if ident in ids:
                key = self.claim_id(kind, ident, pointer)
            else:
                key = ids[ident] = f"{kind}:{ident}"
            ref = element["terminal"]
            module_id, _, name = ref.partition(":")
            module = modules.get(module_id)
            terminal = module.terminals.get(name) if module is not None else None
            if terminal is None:
                terminal = self.resolve_terminal(
                    ref, ident, f"{pointer}/terminal", f"{kind} {ident}: terminal"
                )
            yield element, key, pointer, terminal

    def _wires(self) -> None:
        """Wire records, each held by the terminal it lands in, its ferrule on it."""
        nodes, parts, order = self.pg.nodes, self.catalog.parts, self._wire_order
        for wire, key, pointer, terminal in self._landing("wire"):
            ident = wire["id"]
            node = nodes[key] = WireNode(
                key,
                ident,
                pointer,
                len(nodes),
                terminal,
                wire["cross_section"],
                wire["conductor"],
                wire.get("strip_length"),
            )
            order.append(key)
            if terminal is not None:
                t = nodes[terminal]
                t.wires = _added(t.wires, key)  # type: ignore[attr-defined]
            number = wire.get("ferrule")
            if number is not None:
                node.ferrule = number
                part = parts.get(number)
                node.ferrule_part = (
                    part
                    if isinstance(part, FerrulePart)
                    else self.resolve_part(
                        "ferrule", number, ident, f"{pointer}/ferrule", f"wire {ident}: ferrule"
                    )
                )

    def _loads(self) -> None:
        """Load records, each held by the terminal it is connected at."""
        nodes, order = self.pg.nodes, self._load_order
        for load, key, pointer, terminal in self._landing("load"):
            ident, current, impedance = load["id"], load.get("current"), load.get("impedance")
            nodes[key] = LoadNode(key, ident, pointer, len(nodes), terminal, current, impedance)
            order.append(key)
            if terminal is not None:
                t = nodes[terminal]
                t.loads = _added(t.loads, key)  # type: ignore[attr-defined]
