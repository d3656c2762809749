"""Building the panel graph from a validated layout: one pass, once per file.

This is the hot path of a run: a 20,000-module panel becomes well over 100,000
records here. So the builder walks the layout section by section (nets, rails with
their items and terminals, jumpers, wires, loads, feeds), makes each record with its
edges on it (see :mod:`panelcheck.graph.records`), and keeps the lookups of its inner
loops in local names. References are resolved as they are met; what does not resolve is
left to :mod:`panelcheck.graph.references`, which records why.

Last, terminals inherit the net of the conductor they are on, and the conductors found
on the way are kept on the graph for the checks.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

from panelcheck.catalog import (
    Catalog,
    EndPlatePart,
    EndStopPart,
    FerrulePart,
    JumperPart,
    ModulePart,
)
from panelcheck.graph.panel import PanelGraph, find_conductors
from panelcheck.graph.problems import Element, UnknownMark
from panelcheck.graph.records import (
    DeviceNode,
    ItemNode,
    JumperNode,
    LoadNode,
    ModuleNode,
    NetNode,
    RailNode,
    TerminalNode,
    WireNode,
    add_edge,
)
from panelcheck.graph.references import Locate, References
from panelcheck.read.positions import escape_token
from panelcheck.read.recovery import LeftOut

if TYPE_CHECKING:
    from panelcheck.graph.shares import Share
    from panelcheck.read.format import Item, Jumper, Layout, Load, Rail, Wire

_Landing = TypeVar("_Landing", "Wire", "Load")
_PartTerminals = tuple[tuple[str, ...], frozenset[str], tuple[tuple[str, str, str], ...]]
"""A module part's terminal names, as a set, and its internal links (a, b, rating)."""


def build_graph(
    layout: dict[str, Any],
    catalog: Catalog,
    locate: Locate | None = None,
    share: Share | None = None,
    left_out: LeftOut | None = None,
) -> PanelGraph:
    """Turn a validated layout into its graph, recording what does not resolve.

    ``locate`` turns a JSON Pointer into (line, column); with it, a message about an
    element can say where the *other* element involved is (the first use of a
    duplicated id). With ``share``, only that share's rails are built, with the wires
    and loads landing on them (see :mod:`panelcheck.graph.shares`). ``left_out`` says
    which elements a schema error left out (they are ``None`` in the layout's lists;
    see :mod:`panelcheck.read.recovery`): a reference to one is not reported again.
    """
    return _Builder(layout, catalog, locate, share, left_out).build()


class _Builder:
    def __init__(
        self,
        layout: dict[str, Any],
        catalog: Catalog,
        locate: Locate | None,
        share: Share | None = None,
        left_out: LeftOut | None = None,
    ) -> None:
        self.layout = cast("Layout", layout)  # validated against format 1 by the caller
        self.catalog = catalog
        self.share = share
        self.pg = PanelGraph(layout=layout, catalog=catalog)
        self.refs = References(self.pg, catalog, locate, left_out)
        self._parts: dict[str, _PartTerminals] = {}
        self._terminal_order = self.pg.by_kind.setdefault("terminal", [])
        self._wire_order = self.pg.by_kind.setdefault("wire", [])
        self._escapes: dict[str, str] = {}
        self._joined: list[TerminalNode] = []
        """Terminals an internal link or a bar segment touches: where conductors start."""
        self._load_order = self.pg.by_kind.setdefault("load", [])
        self._position: dict[str, int] = {}
        """Each item's place in its rail's ``items``: its index in the file, unless an
        item before it was left out for a schema error."""
        self._modules: dict[str, ModuleNode | DeviceNode] = {}
        """Modules and devices by id (the first element with each id, when it is one):
        what wires, loads and feeds land on."""

    def build(self) -> PanelGraph:
        if self.share is None or self.share.rails.start == 0:  # once for a shared panel
            self._approvals()
        self._nets()
        rails = self.layout.get("rails", [])
        here = range(len(rails)) if self.share is None else self.share.rails
        rail_keys = [(i, self._rail(i, rails[i])) for i in here if rails[i] is not None]
        for i, rail_key in rail_keys:
            for j, jumper in enumerate(rails[i].get("jumpers", ())):
                if jumper is not None:  # None: left out for a schema error
                    self._jumper(rail_key, f"/rails/{i}/jumpers/{j}", jumper)
        self._wires()
        self._loads()
        self._feeds()
        self._inherit_nets()
        self.pg.analyses.kinds.clear()  # lists made while building may be partial
        return self.pg

    def _inherit_nets(self) -> None:
        """An unmapped terminal on a conductor of exactly one net carries that net.

        A coil whose A1 is left unmapped but sits on the red +24V comb sees 24 V; so does
        857-411 terminal 3 when the supply is wired to 7. With two nets on one conductor
        (a short, NET001) nothing is inherited.
        """
        self.pg.analyses.conductors = find_conductors(self.pg, self._joined)
        for conductor in self.pg.conductors():
            terminals = [self.pg.terminal(k) for k in conductor]
            nets = {t.net for t in terminals if t.net is not None}
            if len(nets) != 1:
                continue
            (net,) = nets
            for terminal in terminals:
                if terminal.net is None:
                    terminal.inherited = net

    def _approvals(self) -> None:
        """LAY003 for a mark in ``panel.approvals`` that no part carries (a mark is
        compared case-insensitively; "DNV GL" is not "DNV")."""
        marks = self.layout.get("panel", {}).get("approvals", ())
        if not marks:
            return
        known = self.catalog.approval_marks()
        for i, mark in enumerate(marks):
            if mark.casefold() not in known:
                pointer = f"/panel/approvals/{i}"
                self.pg.problems.append(UnknownMark(pointer, mark, sorted(known.values())))

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
                    if item["type"] in ("module", "device"):
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
            module_id, _, terminal_name = feed.partition(":")
            module = self._modules.get(module_id)
            terminal = module.terminals.get(terminal_name) if module is not None else None
            if terminal is None:  # the long way, which records why not
                terminal = self.refs.terminal(
                    feed, Element("net", name, "feed"), name, f"{node.pointer}/feed"
                )
            node.feed = terminal

    # -- rails and their items ---------------------------------------------------------
    def _rail(self, i: int, rail: Rail) -> str:
        pointer = f"/rails/{i}"
        key = self.refs.claim_id("rail", rail["id"], pointer)
        node = RailNode(
            key=key,
            kind="rail",
            id=rail["id"],
            pointer=pointer,
            length=rail["length"],
            profile=rail.get("profile"),
        )
        self.pg.add(node)
        items: Sequence[Item | None] = rail.get("items", ())  # None: see read.recovery
        for j, item in enumerate(items):
            if item is None:  # left out for a schema error
                continue
            item_key = self._item(key, node.label, f"{pointer}/items/{j}", j, item)
            self._position[item_key] = len(node.items)
            node.items.append(item_key)
        return key

    def _item(self, rail_key: str, rail_label: str, pointer: str, index: int, item: Item) -> str:
        """A module, end plate or end stop, with its part when the catalog has it as that
        kind of part; a module with its terminals."""
        kind = item["type"]
        ident = item.get("id")
        key = self.refs.claim_id(kind, ident, pointer)
        nodes = self.pg.nodes
        if item["type"] == "device":
            assert ident is not None  # a device needs an id
            device = DeviceNode(
                key, ident, pointer, len(nodes), rail_key, rail_label, index, dict(item)
            )
            nodes[key] = device
            self.pg.by_kind.setdefault(kind, []).append(key)
            if key == f"device:{ident}":
                self._modules[ident] = device
            self._terminals(device, item.get("terminals", {}))
            return key
        number = item["part"]
        found = self.catalog.parts.get(number)
        if item["type"] == "module":
            part = (
                found
                if isinstance(found, ModulePart)
                else self.refs.item_part(ModulePart, item, pointer, index, rail_label)
            )
            module = ModuleNode(
                kind, key, ident, pointer, len(nodes), rail_key, rail_label, index, number, part
            )
            nodes[key] = module
            self.pg.by_kind.setdefault(kind, []).append(key)
            if ident is not None and key == f"module:{ident}":
                self._modules[ident] = module
            self._terminals(module, item.get("terminals", {}))
            return key
        wanted: type[EndPlatePart | EndStopPart] = (
            EndPlatePart if kind == "end_plate" else EndStopPart
        )
        other = (
            found
            if isinstance(found, wanted)
            else self.refs.item_part(wanted, item, pointer, index, rail_label)
        )
        nodes[key] = ItemNode(
            kind, key, ident, pointer, len(nodes), rail_key, rail_label, index, number, other
        )
        self.pg.by_kind.setdefault(kind, []).append(key)
        return key

    def _terminals(self, module: ModuleNode | DeviceNode, mapping: dict[str, str]) -> None:
        """The module's terminals (all its part has, or those mapped if the part is
        unknown or names none, or the item is a device), each on the net the layout
        maps it to. The hottest loop of a build: a 20,000-module panel has well over
        100,000 terminals."""
        part = module.part if isinstance(module, ModuleNode) else None
        if part is None or part.terminals is None:  # the part's sheet names none
            names: Sequence[str] = list(mapping)
            links: tuple[tuple[str, str, str], ...] = ()
        else:
            names, known, links = self._part_terminals(part)
            for name in mapping:
                if name not in known:
                    pointer = f"{module.pointer}/terminals/{escape_token(name)}"
                    self.refs.unknown_mapped_terminal(module, name, pointer, names)
        pg = self.pg
        nodes, nets, in_order = pg.nodes, pg.nets, self._terminal_order
        owner, keys, base = module.key, module.terminals, module.pointer
        prefix = f"terminal:{owner.partition(':')[2]}:"  # owner is "module:<label>"
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
                    self.refs.undeclared_net(module, name, pointer, net)
            nodes[key] = terminal
            in_order.append(key)
            keys[name] = key
        terminals = pg.terminal_at
        for a_name, b_name, rating in links:
            a, b = keys[a_name], keys[b_name]
            ta, tb = terminals[a], terminals[b]
            ta.links = add_edge(ta.links, (b, rating))
            tb.links = add_edge(tb.links, (a, rating))
            self._joined += (ta, tb)

    def _escaped(self, name: str) -> str:
        """A terminal name as a pointer token (names repeat: each is escaped once)."""
        found = self._escapes.get(name)
        if found is None:
            found = self._escapes[name] = escape_token(name)
        return found

    def _part_terminals(self, part: ModulePart) -> _PartTerminals:
        """A part's terminal names, as a set, and its internal links: once per part."""
        found = self._parts.get(part.number)
        if found is None:
            names = tuple(part.terminals.names) if part.terminals is not None else ()
            links = tuple((link.a, link.b, str(link.rating)) for link in part.internal_links)
            found = self._parts[part.number] = (names, frozenset(names), links)
        return found

    # -- jumpers -----------------------------------------------------------------------
    def _jumper(self, rail_key: str, pointer: str, jumper: Jumper) -> None:
        ident = jumper["id"]
        key = self.refs.claim_id("jumper", ident, pointer)
        part = self.catalog.parts.get(jumper["part"])
        if not isinstance(part, JumperPart):
            element = Element("jumper", ident)
            part = self.refs.part("jumper", JumperPart, jumper["part"], element, ident, pointer)
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
        start = self.refs.jumper_start(node, jumper["from"], rail_key)
        if start is None or part is None:
            return
        node.start = start
        pg = self.pg
        rail = pg.nodes[rail_key]
        assert isinstance(rail, RailNode)
        first = self._position[start]
        slot = jumper["slot"]
        previous: TerminalNode | None = None
        for item in (pg.nodes[k] for k in rail.items[first : first + part.ways]):
            if not isinstance(item, ModuleNode):
                node.stopped_by = item.key
                break
            node.covered.append(item.key)
            if item.part is None:  # unknown part: LAY001 says so; nothing to check here
                continue
            slots = item.part.jumper_slots
            at = item.terminals.get(slot)
            if slots is not None and slot not in slots.names:
                node.without_slot.append(item.key)
                continue
            if at is None:  # a part whose sheet names no slots: the bar is not judged here
                continue
            terminal = pg.terminal(at)
            node.terminals.append(terminal.key)
            terminal.jumpers = add_edge(terminal.jumpers, key)
            if previous is not None:
                previous.segments = add_edge(previous.segments, (terminal.key, key))
                terminal.segments = add_edge(terminal.segments, (previous.key, key))
                self._joined += (previous, terminal)
            previous = terminal

    # -- wires, ferrules, loads --------------------------------------------------------
    def _landing(
        self, kind: str, section: Sequence[_Landing], indexes: Sequence[int]
    ) -> Iterator[tuple[_Landing, str, str, str | None]]:
        """The wires or loads (``kind``) of this build, at ``indexes`` of their section:
        each element with its node key (its id claimed), its pointer, and the terminal it
        lands in when that resolves (the long way, which reports why not, only when it
        does not).

        One loop with its lookups held locally: a large panel has tens of thousands."""
        ids, modules, refs = self.pg.ids, self._modules, self.refs
        for i in indexes:
            element = section[i]
            if element is None:  # left out for a schema error
                continue
            pointer = f"/{kind}s/{i}"
            ident = element["id"]
            if ident in ids:
                key = refs.claim_id(kind, ident, pointer)
            else:
                key = ids[ident] = f"{kind}:{ident}"
            ref = element["terminal"]
            module_id, _, name = ref.partition(":")
            module = modules.get(module_id)
            terminal = module.terminals.get(name) if module is not None else None
            if terminal is None:
                terminal = refs.terminal(
                    ref, Element(kind, ident, "terminal"), ident, f"{pointer}/terminal"
                )
            yield element, key, pointer, terminal

    def _indexes(self, section: str, count: int) -> Sequence[int]:
        """Which elements of ``wires`` or ``loads`` this build makes: all, or its share's."""
        return range(count) if self.share is None else self.share.landing[section]

    def _wires(self) -> None:
        """Wire records, each held by the terminal it lands in, its ferrule on it."""
        nodes, parts, order = self.pg.nodes, self.catalog.parts, self._wire_order
        terminals = self.pg.terminal_at
        section = self.layout.get("wires", [])
        for wire, key, pointer, terminal in self._landing(
            "wire", section, self._indexes("wires", len(section))
        ):
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
            if "insulation_rating" in wire:
                node.insulation_rating = wire["insulation_rating"]
            if terminal is not None:
                t = terminals[terminal]
                t.wires = add_edge(t.wires, key)
            number = wire.get("ferrule")
            if number is not None:
                node.ferrule = number
                part = parts.get(number)
                node.ferrule_part = (
                    part
                    if isinstance(part, FerrulePart)
                    else self.refs.part(
                        "ferrule",
                        FerrulePart,
                        number,
                        Element("wire", ident, "ferrule"),
                        ident,
                        f"{pointer}/ferrule",
                    )
                )

    def _loads(self) -> None:
        """Load records, each held by the terminal it is connected at."""
        nodes, order = self.pg.nodes, self._load_order
        terminals = self.pg.terminal_at
        section = self.layout.get("loads", [])
        for load, key, pointer, terminal in self._landing(
            "load", section, self._indexes("loads", len(section))
        ):
            ident, current, impedance = load["id"], load.get("current"), load.get("impedance")
            node = nodes[key] = LoadNode(
                key, ident, pointer, len(nodes), terminal, current, impedance
            )
            node.load_kind = load.get("kind")
            node.suppression = load.get("suppression")
            node.inrush_current = load.get("inrush_current")
            node.switching_rate = load.get("switching_rate")
            order.append(key)
            if terminal is not None:
                t = terminals[terminal]
                t.loads = add_edge(t.loads, key)
