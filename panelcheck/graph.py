"""The layout as a graph (SPEC section 4), built once per file; every check reads it.

Nodes are the physical and electrical things of the panel: rails, modules, terminals,
jumpers, wires, ferrules, end plates, end stops, loads and nets. Edges say what
relates them:

========== ===================================================================
``next``     physical neighbours on a rail (item -> item to its right)
``has``      module -> terminal, and rail -> item (containment)
``commons``  jumper -> terminal it sits in
``segment``  terminal <-> terminal: the piece of a jumper bar between neighbouring modules
``internal`` terminal <-> terminal commoned inside a module (with its rating)
``lands``    wire -> terminal
``crimped``  ferrule -> wire
``draws``    load -> terminal
``on``       terminal -> the net the layout maps it to
========== ===================================================================

Conductive parts (terminals joined by jumper bars and ``internal`` links) form the
electrical components the short-circuit and current checks reason about. A bar appears
twice on purpose: ``commons`` says which terminals a jumper touches (what it *is*), and
``segment`` edges say how current flows along it from module to module (where each
piece can be overloaded). ``on`` is not conductive: it records what the designer
*intends* a terminal to carry.

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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx

from panelcheck.catalog import (
    Catalog,
    EndPlatePart,
    EndStopPart,
    FerrulePart,
    JumperPart,
    ModulePart,
    PartModel,
)
from panelcheck.positions import escape_token

if TYPE_CHECKING:
    from panelcheck.layout import Layout
    from panelcheck.units import Quantity

KIND_LABEL = {
    "module": "module",
    "end_plate": "end plate",
    "end_stop": "end stop",
    "jumper": "jumper",
    "ferrule": "ferrule",
}
_PART_CLASS: dict[str, type] = {
    "module": ModulePart,
    "end_plate": EndPlatePart,
    "end_stop": EndStopPart,
    "jumper": JumperPart,
    "ferrule": FerrulePart,
}


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


@dataclass(slots=True, kw_only=True, eq=False)
class ItemNode(Node):
    """Anything mounted on a rail: module, end plate or end stop."""

    rail: str
    index: int
    place: str
    part_number: str
    part: PartModel | None = None

    @property
    def label(self) -> str:
        return self.id if self.id is not None else self.place

    @property
    def title(self) -> str:
        """``K1 (859-390)`` or ``item 4 of rail X1 (859-525)``: how messages name it."""
        return f"{self.label} ({self.part_number})"


@dataclass(slots=True, kw_only=True, eq=False)
class ModuleNode(ItemNode):
    part: ModulePart | None = None
    terminals: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True, kw_only=True, eq=False)
class TerminalNode(Node):
    """A clamping point. ``net`` is what the layout maps it to; ``inherited`` is the net
    an unmapped terminal carries because a jumper bar or internal link joins it to
    terminals of exactly one net."""

    module: str
    name: str
    net: str | None = None
    inherited: str | None = None

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
    stopped_by: str | None = None
    without_slot: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True, eq=False)
class WireNode(Node):
    terminal: str | None
    cross_section: Quantity
    conductor: str
    strip_length: Quantity | None
    ferrule: str | None = None


@dataclass(slots=True, kw_only=True, eq=False)
class FerruleNode(Node):
    wire: str
    part_number: str
    part: FerrulePart | None = None


@dataclass(slots=True, kw_only=True, eq=False)
class LoadNode(Node):
    terminal: str | None
    current: Quantity | None
    impedance: Quantity | None


@dataclass(slots=True, kw_only=True, eq=False)
class NetNode(Node):
    voltage: Quantity
    feed: str | None = None


@dataclass
class PanelGraph:
    """The networkx graph plus typed node records and indexes the checks need."""

    layout: Layout
    catalog: Catalog
    g: nx.Graph = field(default_factory=nx.Graph)
    nodes: dict[str, Node] = field(default_factory=dict)
    by_kind: dict[str, list[str]] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    derived: dict[str, Any] = field(default_factory=dict)
    """Results computed from the graph once and shared by several checks (currents)."""

    # -- building blocks -------------------------------------------------------------
    def add(self, node: Node, **attrs: Any) -> None:
        node.seq = len(self.nodes)
        self.nodes[node.key] = node
        self.by_kind.setdefault(node.kind, []).append(node.key)
        self.g.add_node(node.key, kind=node.kind, **attrs)

    def link(self, a: str, b: str, kind: str, **attrs: Any) -> None:
        self.g.add_edge(a, b, kind=kind, **attrs)

    # -- reading -----------------------------------------------------------------------
    def of_kind(self, kind: str) -> Iterator[Any]:
        """Nodes of one kind, in file order."""
        return (self.nodes[k] for k in self.by_kind.get(kind, ()))

    def neighbours(self, key: str, edge_kind: str) -> list[str]:
        return [n for n, d in self.g.adj[key].items() if d["kind"] == edge_kind]

    def module(self, key: str) -> ModuleNode:
        node = self.nodes[key]
        assert isinstance(node, ModuleNode)
        return node

    def terminal(self, key: str) -> TerminalNode:
        node = self.nodes[key]
        assert isinstance(node, TerminalNode)
        return node

    def net(self, name: str | None) -> NetNode | None:
        node = self.nodes.get(f"net:{name}") if name is not None else None
        return node if isinstance(node, NetNode) else None

    def terminal_title(self, key: str) -> str:
        """``K1:A1``, the way designers write a clamping point."""
        t = self.terminal(key)
        return f"{self.nodes[t.module].label}:{t.name}"

    def voltage_at(self, terminal_key: str) -> Quantity | None:
        """Voltage of the net a terminal carries (mapped or inherited), if any."""
        net = self.net(self.terminal(terminal_key).potential)
        return net.voltage if net is not None else None

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
        return [self.nodes[k] for k in self.neighbours(terminal_key, "draws")]  # type: ignore[misc]

    def wires_at(self, terminal_key: str) -> list[WireNode]:
        """Wires landing in a terminal, in file order."""
        return self._in_file_order(self.neighbours(terminal_key, "lands"))

    def jumpers_at(self, terminal_key: str) -> list[JumperNode]:
        """Jumpers sitting in a terminal's slot, in file order."""
        return self._in_file_order(self.neighbours(terminal_key, "commons"))

    def _in_file_order(self, keys: list[str]) -> list[Any]:
        return sorted((self.nodes[k] for k in keys), key=lambda n: n.seq)


Locate = Callable[[str], tuple[int, int]]


def build_graph(layout: Layout, catalog: Catalog, locate: Locate | None = None) -> PanelGraph:
    """Turn a validated layout into its graph, recording what does not resolve.

    ``locate`` turns a JSON Pointer into (line, column); with it, a message about an
    element can say where the *other* element involved is (the first use of a
    duplicated id).
    """
    return _Builder(layout, catalog, locate).build()


CONDUCTIVE = frozenset({"segment", "internal"})


def _conductors(pg: PanelGraph) -> list[list[str]]:
    adjacency: dict[str, list[str]] = {}
    for a, b, kind in pg.g.edges(data="kind"):
        if kind in CONDUCTIVE:
            adjacency.setdefault(a, []).append(b)
            adjacency.setdefault(b, []).append(a)
    seen: set[str] = set()
    conductors = []
    for start in sorted(adjacency, key=lambda k: pg.nodes[k].seq):
        if start in seen:
            continue
        order, queue = [start], deque([start])
        seen.add(start)
        while queue:
            for other in adjacency[queue.popleft()]:
                if other not in seen:
                    seen.add(other)
                    order.append(other)
                    queue.append(other)
        conductors.append(order)
    return conductors


class _Builder:
    def __init__(self, layout: Layout, catalog: Catalog, locate: Locate | None) -> None:
        self.layout = layout
        self.catalog = catalog
        self.locate = locate
        self.pg = PanelGraph(layout=layout, catalog=catalog)

    def build(self) -> PanelGraph:
        self._nets()
        rail_keys = [self._rail(i, rail) for i, rail in enumerate(self.layout.rails)]
        for i, (rail, rail_key) in enumerate(zip(self.layout.rails, rail_keys, strict=True)):
            for j, jumper in enumerate(rail.jumpers):
                self._jumper(rail_key, f"/rails/{i}/jumpers/{j}", jumper)
        for i, wire in enumerate(self.layout.wires):
            self._wire(f"/wires/{i}", wire)
        for i, load in enumerate(self.layout.loads):
            self._load(f"/loads/{i}", load)
        self._feeds()
        self._inherit_nets()
        return self.pg

    def _inherit_nets(self) -> None:
        """An unmapped terminal on a conductor of exactly one net carries that net.

        A coil whose A1 is left unmapped but sits on the red +24V comb sees 24 V; so does
        857-411 terminal 3 when the supply is wired to 7. With two nets on one conductor
        (a short, NET001) nothing is inherited.
        """
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

    def claim_id(self, kind: str, ident: str | None, pointer: str) -> str:
        """Node key for an element; records LAY002 when the id is already taken."""
        if ident is None:
            return f"{kind}:{pointer}"
        if ident in self.pg.ids:
            other = self.pg.nodes[self.pg.ids[ident]]
            where = f"line {self.locate(other.pointer)[0]}" if self.locate else other.pointer
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
        self.pg.ids[ident] = key
        return key

    def resolve_part(
        self, kind: str, number: str, subject: str | None, pointer: str, what: str
    ) -> Any:
        """The catalog part if it exists and is of ``kind``; else LAY001/LAY004."""
        part = self.catalog.get(number)
        if part is None:
            near = self.catalog.close_matches(number)
            hint = (
                f"did you mean {' or '.join(near)}?"
                if near
                else "'panelcheck catalog' lists the known parts"
            )
            self.problem(
                "LAY001",
                subject,
                f"{pointer}/part" if kind != "ferrule" else pointer,
                f"{what}: part {number!r} is not in the catalog; {hint}",
            )
            return None
        if not isinstance(part, _PART_CLASS[kind]):
            self.problem(
                "LAY004",
                subject,
                f"{pointer}/part" if kind != "ferrule" else pointer,
                f"{what}: {number} is {_a(KIND_LABEL[part.kind])} ({part.description}), "
                f"not {_a(KIND_LABEL[kind])}",
            )
            return None
        return part

    # -- nets ------------------------------------------------------------------------
    def _nets(self) -> None:
        for name, net in self.layout.nets.items():
            node = NetNode(
                key=f"net:{name}",
                kind="net",
                id=name,
                pointer=f"/nets/{escape_token(name)}",
                voltage=net.voltage,
            )
            self.pg.add(node, voltage=str(net.voltage))

    def _feeds(self) -> None:
        for name, net in self.layout.nets.items():
            if net.feed is None:
                continue
            node = self.pg.net(name)
            assert node is not None
            node.feed = self.resolve_terminal(
                net.feed, name, f"{node.pointer}/feed", f"net {name}: feed"
            )

    # -- rails and their items ---------------------------------------------------------
    def _rail(self, i: int, rail: Any) -> str:
        pointer = f"/rails/{i}"
        key = self.claim_id("rail", rail.id, pointer)
        node = RailNode(key=key, kind="rail", id=rail.id, pointer=pointer, length=rail.length)
        self.pg.add(node, length=str(rail.length))
        previous: str | None = None
        for j, item in enumerate(rail.items):
            item_key = self._item(key, f"{pointer}/items/{j}", j, item)
            node.items.append(item_key)
            self.pg.link(key, item_key, "has")
            if previous is not None:
                self.pg.link(previous, item_key, "next")
            previous = item_key
        return key

    def _item(self, rail_key: str, pointer: str, index: int, item: Any) -> str:
        kind = item.type
        key = self.claim_id(kind, item.id, pointer)
        subject = item.id if item.id is not None else pointer
        place = f"item {index + 1} of rail {self.pg.nodes[rail_key].label}"
        what = f"{KIND_LABEL[kind]} {item.id or place}"
        part = self.resolve_part(kind, item.part, subject, pointer, what)
        common = dict(
            key=key,
            kind=kind,
            id=item.id,
            pointer=pointer,
            rail=rail_key,
            index=index,
            place=place,
            part_number=item.part,
            part=part,
        )
        if kind != "module":
            self.pg.add(ItemNode(**common), part=item.part)
            return key
        module = ModuleNode(**common)
        self.pg.add(module, part=item.part)
        self._terminals(module, item.terminals)
        return key

    def _terminals(self, module: ModuleNode, mapping: dict[str, str]) -> None:
        part = module.part
        names = list(part.terminals.names) if part else []
        for name in mapping:
            if part is not None and name not in part.terminals.names:
                self.problem(
                    "LAY005",
                    module.label,
                    f"{module.pointer}/terminals/{escape_token(name)}",
                    f"{module.title} has no terminal {name!r}; its terminals are "
                    f"{', '.join(part.terminals.names)}",
                    at_key=True,
                )
            elif part is None:
                names.append(name)
        for name in names:
            net = mapping.get(name)
            pointer = (
                f"{module.pointer}/terminals/{escape_token(name)}"
                if name in mapping
                else module.pointer
            )
            key = f"terminal:{module.key.partition(':')[2]}:{name}"
            terminal = TerminalNode(
                key=key, kind="terminal", id=None, pointer=pointer, module=module.key, name=name
            )
            self.pg.add(terminal, name=name)
            module.terminals[name] = key
            self.pg.link(module.key, key, "has")
            if net is None:
                continue
            net_node = self.pg.net(net)
            if net_node is None:
                self.problem(
                    "LAY003",
                    module.label,
                    pointer,
                    f"{module.title} terminal {name}: net {net!r} is not declared in 'nets'",
                )
                continue
            terminal.net = net
            self.pg.link(key, net_node.key, "on")
        if part is not None:
            for link in part.internal_links:
                self.pg.link(
                    module.terminals[link.a],
                    module.terminals[link.b],
                    "internal",
                    rating=str(link.rating),
                )

    # -- jumpers -----------------------------------------------------------------------
    def _jumper(self, rail_key: str, pointer: str, jumper: Any) -> None:
        key = self.claim_id("jumper", jumper.id, pointer)
        part = self.resolve_part("jumper", jumper.part, jumper.id, pointer, f"jumper {jumper.id}")
        node = JumperNode(
            key=key,
            kind="jumper",
            id=jumper.id,
            pointer=pointer,
            rail=rail_key,
            part_number=jumper.part,
            part=part,
            slot=jumper.slot,
        )
        self.pg.add(node, part=jumper.part, slot=jumper.slot)
        start = self._jumper_start(node, jumper.from_, rail_key)
        if start is None or part is None:
            return
        node.start = start
        rail = self.pg.nodes[rail_key]
        assert isinstance(rail, RailNode)
        first = self.pg.module(start).index
        previous: str | None = None
        for item in (self.pg.nodes[k] for k in rail.items[first : first + part.ways]):
            if not isinstance(item, ModuleNode):
                node.stopped_by = item.key
                break
            node.covered.append(item.key)
            if item.part is None:  # unknown part: LAY001 says so; nothing to check here
                continue
            if jumper.slot not in item.part.jumper_slots.names:
                node.without_slot.append(item.key)
                continue
            terminal = item.terminals[jumper.slot]
            self.pg.link(key, terminal, "commons")
            if previous is not None:
                self.pg.link(previous, terminal, "segment", jumper=key)
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

    def _wire(self, pointer: str, wire: Any) -> None:
        key = self.claim_id("wire", wire.id, pointer)
        terminal = self.resolve_terminal(
            wire.terminal, wire.id, f"{pointer}/terminal", f"wire {wire.id}: terminal"
        )
        node = WireNode(
            key=key,
            kind="wire",
            id=wire.id,
            pointer=pointer,
            terminal=terminal,
            cross_section=wire.cross_section,
            conductor=wire.conductor,
            strip_length=wire.strip_length,
        )
        self.pg.add(node, cross_section=str(wire.cross_section), conductor=wire.conductor)
        if terminal is not None:
            self.pg.link(key, terminal, "lands")
        if wire.ferrule is not None:
            part = self.resolve_part(
                "ferrule", wire.ferrule, wire.id, f"{pointer}/ferrule", f"wire {wire.id}: ferrule"
            )
            ferrule_key = f"ferrule:{key.partition(':')[2]}"
            ferrule = FerruleNode(
                key=ferrule_key,
                kind="ferrule",
                id=None,
                pointer=f"{pointer}/ferrule",
                wire=key,
                part_number=wire.ferrule,
                part=part,
            )
            self.pg.add(ferrule, part=wire.ferrule)
            self.pg.link(ferrule_key, key, "crimped")
            node.ferrule = ferrule_key

    def _load(self, pointer: str, load: Any) -> None:
        key = self.claim_id("load", load.id, pointer)
        terminal = self.resolve_terminal(
            load.terminal, load.id, f"{pointer}/terminal", f"load {load.id}: terminal"
        )
        node = LoadNode(
            key=key,
            kind="load",
            id=load.id,
            pointer=pointer,
            terminal=terminal,
            current=load.current,
            impedance=load.impedance,
        )
        self.pg.add(node)
        if terminal is not None:
            self.pg.link(key, terminal, "draws")
