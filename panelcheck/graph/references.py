"""Resolving a layout's references while its graph is built: ids, part numbers, terminals.

A layout names things by reference: an element's ``part`` names a catalog part, a
jumper's ``from`` names a module, a wire's, a load's or a feed's ``terminal`` names
``MODULE:TERMINAL``, a module's ``terminals`` map names terminals and nets, and every id
must be new. :class:`References` answers each of those questions for the builder (see
:mod:`panelcheck.graph.builder`) against the catalog and the graph built so far; when
the answer is "nothing", it records a :mod:`~panelcheck.graph.problems` record saying
what was found instead and returns None, and the builder keeps the element without the
edge it could not have.

The builder resolves the common case (a reference that resolves) inline where that is
faster; it comes here for everything else, so every problem is recorded in this module.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from panelcheck.catalog import Catalog, FerrulePart, PartModel
from panelcheck.graph.problems import (
    DuplicateId,
    Element,
    JumperStart,
    NotAModule,
    Problem,
    UndeclaredNet,
    UnknownPart,
    UnknownTerminal,
    WrongKindOfPart,
)
from panelcheck.graph.records import DeviceNode, JumperNode, ModuleNode, WireNode
from panelcheck.read.recovery import LeftOut

if TYPE_CHECKING:
    from panelcheck.graph.panel import PanelGraph
    from panelcheck.read.format import Item
    from panelcheck.units import Quantity

Locate = Callable[[str], tuple[int, int]]
"""JSON Pointer -> (line, column) in the file."""

_P = TypeVar("_P", bound=PartModel)

_SUGGESTED_NUMBERS = 100
"""Unknown part numbers given "did you mean" candidates (counted as different numbers
of a kind, and for a ferrule of a conductor size): each costs a fuzzy comparison with
the catalog's parts of that kind, and a file of thousands of made-up numbers must not
make a run take minutes."""


class References:
    """The references of one build, resolved against ``catalog`` and the graph ``pg`` as
    far as it is built; what fails goes into ``pg.problems``."""

    def __init__(
        self,
        pg: PanelGraph,
        catalog: Catalog,
        locate: Locate | None,
        left_out: LeftOut | None = None,
    ) -> None:
        self.pg = pg
        self.catalog = catalog
        self.locate = locate
        self.left_out = left_out or LeftOut()
        """Elements a schema error left out: references to them are not reported."""
        self.problems: list[Problem] = pg.problems
        self._suggested: dict[tuple[str, str, float | None], list[str]] = {}
        self._lines: dict[str, int] = {}

    # -- ids ---------------------------------------------------------------------------
    def claim_id(self, kind: str, ident: str | None, pointer: str) -> str:
        """Node key for an element; records LAY002 when the id is already taken."""
        if ident is None:
            return f"{kind}:{pointer}"
        ids = self.pg.ids
        if ident in ids:
            first = self.pg.nodes[ids[ident]]
            self.problems.append(
                DuplicateId(
                    subject=ident,
                    pointer=f"{pointer}/id",
                    ident=ident,
                    first_kind=first.kind,
                    first_pointer=first.pointer,
                    first_line=self._line_of(first.pointer) if self.locate else None,
                )
            )
            return f"{kind}:{ident}@{pointer}"
        key = f"{kind}:{ident}"
        ids[ident] = key
        return key

    def _line_of(self, pointer: str) -> int:
        """The line of an element, located once however often its id is reused."""
        line = self._lines.get(pointer)
        if line is None:
            assert self.locate is not None
            line = self._lines[pointer] = self.locate(pointer)[0]
        return line

    # -- part numbers --------------------------------------------------------------------
    def part(
        self,
        kind: str,
        wanted: type[_P],
        number: str,
        element: Element,
        subject: str | None,
        pointer: str,
    ) -> _P | None:
        """The catalog part if it exists and is a ``wanted`` (a part of ``kind``); else
        LAY001 or LAY004, and None."""
        part = self.catalog.parts.get(number)
        if isinstance(part, wanted):
            return part
        where = f"{pointer}/part" if kind != "ferrule" else pointer
        if part is None:
            size = self._conductor_size(subject, pointer) if kind == "ferrule" else None
            near = self._close_matches(number, kind, size)
            self.problems.append(
                UnknownPart(
                    subject=subject,
                    pointer=where,
                    element=element,
                    number=number,
                    near=near,
                    wanted_kind=kind,
                    size=size,
                    near_sizes=self._ferrule_sizes(near) if size is not None else None,
                )
            )
            return None
        self.problems.append(
            WrongKindOfPart(
                subject=subject,
                pointer=where,
                element=element,
                number=number,
                wanted_kind=kind,
                part_kind=part.kind,
                description=part.description,
            )
        )
        return None

    def item_part(
        self, wanted: type[_P], item: Item, pointer: str, index: int, rail_label: str
    ) -> _P | None:
        """:meth:`part` for an item on a rail, named by its id, else its place there."""
        ident = item.get("id")
        element = Element(item["type"], ident or f"item {index + 1} of rail {rail_label}")
        subject = ident if ident is not None else pointer
        return self.part(item["type"], wanted, item["part"], element, subject, pointer)

    def _close_matches(self, number: str, kind: str, size: Quantity | None) -> list[str]:
        """Known part numbers of ``kind`` like an unknown one (for a ferrule, nearest
        ``size`` first), for the first hundred different questions."""
        question = (number, kind, None if size is None else size.magnitude)
        found = self._suggested.get(question)
        if found is None:
            if len(self._suggested) >= _SUGGESTED_NUMBERS:
                return []
            found = self.catalog.close_matches(number, kind=kind, size=size)
            self._suggested[question] = found
        return found

    def _conductor_size(self, ident: str | None, pointer: str) -> Quantity | None:
        """The cross-section of the wire whose ``ferrule`` is at ``pointer``: the size
        the ferrule is wanted for.

        The builder makes the wire's node before it resolves the ferrule, under the key
        :meth:`claim_id` gives it (``wire:W1``, or ``wire:W1@/wires/3`` for a repeated
        id), so the node is found by that key, and checked by its pointer."""
        wire_pointer = pointer.removesuffix("/ferrule")
        if ident is None or wire_pointer == pointer:
            return None
        for key in (f"wire:{ident}", f"wire:{ident}@{wire_pointer}"):
            node = self.pg.nodes.get(key)
            if isinstance(node, WireNode) and node.pointer == wire_pointer:
                return node.cross_section
        return None

    def _ferrule_sizes(self, numbers: list[str]) -> dict[str, Quantity]:
        """The cross-section each of the ferrules ``numbers`` is made for."""
        sizes: dict[str, Quantity] = {}
        for number in numbers:
            part = self.catalog.parts.get(number)
            if isinstance(part, FerrulePart):
                sizes[number] = part.cross_section
        return sizes

    # -- modules and terminals -------------------------------------------------------------
    def jumper_start(self, jumper: JumperNode, ident: str, rail_key: str) -> str | None:
        """Key of the module a jumper's ``from`` names, if it is on the jumper's rail;
        else LAY003 and None."""
        target = self.pg.ids.get(ident)
        assert jumper.id is not None
        pointer = f"{jumper.pointer}/from"
        if target is None and ident in self.left_out.ids:
            return None
        if target is None:
            self.problems.append(JumperStart(jumper.id, pointer, jumper.id, ident, None))
            return None
        found = self.pg.nodes[target]
        if not isinstance(found, ModuleNode):  # a device takes no jumper
            self.problems.append(JumperStart(jumper.id, pointer, jumper.id, ident, found.kind))
            return None
        if found.rail != rail_key:
            rail = self.pg.nodes[found.rail].label
            self.problems.append(
                JumperStart(jumper.id, pointer, jumper.id, ident, found.kind, rail=rail)
            )
            return None
        return target

    def terminal(
        self, reference: str, element: Element, subject: str | None, pointer: str
    ) -> str | None:
        """Terminal key for ``MODULE:TERMINAL``; LAY003/LAY005 when it does not resolve."""
        ident, _, name = reference.partition(":")
        target = self.pg.ids.get(ident)
        found = self.pg.nodes.get(target) if target else None
        if found is None and ident in self.left_out.ids:
            return None
        if not isinstance(found, ModuleNode | DeviceNode):
            self.problems.append(
                NotAModule(
                    subject=subject,
                    pointer=pointer,
                    element=element,
                    reference=reference,
                    module=ident,
                    found_kind=found.kind if found else None,
                )
            )
            return None
        terminal = found.terminals.get(name)
        if terminal is None and (isinstance(found, DeviceNode) or found.part is not None):
            self.problems.append(
                UnknownTerminal(
                    subject=subject,
                    pointer=pointer,
                    element=element,
                    reference=reference,
                    module=found.title,
                    terminal=name,
                    terminals=list(found.terminals),
                )
            )
        return terminal

    def unknown_mapped_terminal(
        self, module: ModuleNode | DeviceNode, name: str, pointer: str, names: Sequence[str]
    ) -> None:
        """LAY005: the module's ``terminals`` map names ``name``, which its part (with
        the terminals ``names``) does not have."""
        self.problems.append(
            UnknownTerminal(
                subject=module.label,
                pointer=pointer,
                module=module.title,
                terminal=name,
                terminals=names,
            )
        )

    def undeclared_net(
        self, module: ModuleNode | DeviceNode, name: str, pointer: str, net: str
    ) -> None:
        """LAY003: the module's terminal ``name`` is mapped to a net ``nets`` lacks."""
        if net in self.left_out.nets:
            return
        self.problems.append(
            UndeclaredNet(
                subject=module.label, pointer=pointer, module=module.title, terminal=name, net=net
            )
        )
