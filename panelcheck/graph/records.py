"""The node records of the panel graph: one typed record per physical or electrical thing.

Why records and not a general-purpose graph: a 20,000-module panel has well over
100,000 terminals, and the checks walk them a dozen times. Each node is a small slotted
dataclass, and each edge is held by the records it joins (a wire knows its terminal, a
terminal its wires, loads, jumpers, internal links and bar segments), so the checks
follow plain fields instead of looking edges up. :class:`~panelcheck.graph.panel.PanelGraph`
holds the records; :mod:`panelcheck.graph.builder` makes them from a layout.

Node keys are ``kind:label`` strings (``module:K1``, ``terminal:K1:A1``,
``net:+24V``); an element without an id, or one that repeats an earlier id, is labelled
by its JSON Pointer so that nothing on a rail is ever dropped from the picture.

Several records write their initialiser out instead of taking the generated one: the
generated keyword-only initialiser takes three times as long, and these run once per
terminal, wire and load of a large panel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from panelcheck.catalog import FerrulePart, JumperPart, ModulePart, PartModel
    from panelcheck.units import Quantity

KIND_LABEL = {
    "module": "module",
    "end_plate": "end plate",
    "end_stop": "end stop",
    "device": "device",
    "jumper": "jumper",
    "ferrule": "ferrule",
    "rail": "rail",
    "wire": "wire",
    "load": "load",
}
"""How messages name each kind of element (nets are named ``net``)."""

_T = TypeVar("_T")


@dataclass(slots=True, kw_only=True, eq=False)
class Node:
    """What every record has: its key, kind, id (None where the element has none), the
    JSON Pointer of the element, and its place in file order (``seq``)."""

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
    """A DIN rail, with the keys of its items from left to right."""

    length: Quantity
    items: list[str] = field(default_factory=list)
    profile: str | None = None
    """The profile the layout states (None: not given, and 35 x 7.5 is assumed)."""


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

    @property
    def extent(self) -> Quantity | None:
        """The width it takes on the rail, from its part; None when the part is unknown."""
        width = getattr(self.part, "width", None)
        return None if width is None else width.value


@dataclass(slots=True, kw_only=True, eq=False, init=False)
class ModuleNode(ItemNode):
    """A module: its part (when the catalog has it) and its terminals, name -> key."""

    part: ModulePart | None
    terminals: dict[str, str]

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
        part: ModulePart | None,
    ) -> None:
        """The arguments of :class:`ItemNode`; the terminals are added as they are built."""
        ItemNode.__init__(
            self, kind, key, ident, pointer, seq, rail, rail_label, index, part_number, part
        )
        self.terminals = {}


@dataclass(slots=True, kw_only=True, eq=False, init=False)
class DeviceNode(ItemNode):
    """Something on the rail that panelcheck does not check (a power supply, a circuit
    breaker, a PLC): its width and description from the layout, and the terminals the
    layout maps (name -> key), where wires, loads and feeds may land. ``part_number``
    is the free text the layout gives (never looked up), ``part`` always None."""

    width: Quantity
    description: str | None
    terminals: dict[str, str]

    def __init__(
        self,
        key: str,
        ident: str,
        pointer: str,
        seq: int,
        rail: str,
        rail_label: str,
        index: int,
        item: dict[str, object],
    ) -> None:
        ItemNode.__init__(
            self,
            "device",
            key,
            ident,
            pointer,
            seq,
            rail,
            rail_label,
            index,
            str(item.get("part", "")),
            None,
        )
        self.width = item["width"]  # type: ignore[assignment]  # validated as a Length
        description = item.get("description")
        self.description = description if isinstance(description, str) else None
        self.terminals = {}

    @property
    def title(self) -> str:
        """``PS1 (power supply 24 V, 2.5 A)``: its description or part, else "device"."""
        return f"{self.label} ({self.description or self.part_number or 'device'})"

    @property
    def extent(self) -> Quantity | None:
        return self.width


def add_edge(edges: Sequence[_T], edge: _T) -> list[_T]:
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
    so the many terminals nothing lands in cost no extra memory; see :func:`add_edge`).
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
    """A jumper bar: the modules it covers from ``start``, the terminals it sits in, and
    what cut it short (an item that is not a module, modules without its slot)."""

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
    insulation_rating: Quantity | None

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
        self.insulation_rating = None


@dataclass(slots=True, kw_only=True, eq=False)
class FerruleNode(Node):
    """A ferrule as a node of the graph view (see :meth:`PanelGraph.all_nodes`)."""

    wire: str
    part_number: str
    part: FerrulePart | None = None


def ferrule_key(wire: WireNode) -> str:
    """The key of a wire's ferrule in the graph view: ``ferrule:<the wire's label>``."""
    return f"ferrule:{wire.key.partition(':')[2]}"


@dataclass(slots=True, kw_only=True, eq=False, init=False)
class LoadNode(Node):
    """A consumer outside the rail, connected at a terminal: it draws its declared
    current, or its net's voltage over its impedance (the larger, when both are given).

    ``kind`` is None when the layout does not say: the rules then judge the load as
    inductive wherever a rating depends on the kind (see :attr:`inductive`)."""

    terminal: str | None
    current: Quantity | None
    impedance: Quantity | None
    load_kind: str | None
    suppression: str | None
    inrush_current: Quantity | None
    switching_rate: Quantity | None

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
        self.load_kind = self.suppression = None
        self.inrush_current = self.switching_rate = None

    @property
    def inductive(self) -> bool:
        """Is it judged as inductive: said to be, or of unknown kind?"""
        return self.load_kind is None or self.load_kind == "inductive"


@dataclass(slots=True, kw_only=True, eq=False, init=False)
class NetNode(Node):
    """A potential: its voltage, and the key of the terminal it is fed at."""

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
