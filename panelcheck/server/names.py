"""What a layout names, for hover and completion: its modules (and devices) with their
parts and terminals, its nets, its ids and the subjects a waiver can name.

Read from the parsed JSON as it stands, without validation: hover and completion are
wanted exactly while the layout is incomplete. A value of the wrong type is skipped,
never trusted. The server keeps the names of the last text that parsed, so completion
still knows the modules while the line being typed breaks the JSON.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from panelcheck.catalog import Catalog, ModulePart


@dataclass(frozen=True)
class Carrier:
    """A module or device on a rail: its id, type, part number (if any), the terminals
    the layout maps (name -> net) and where it is (rail id, position on the rail)."""

    id: str
    type: str
    part: str | None
    mapped: dict[str, str]
    rail: str
    position: int

    def terminals(self, catalog: Catalog, typing: str | None = None) -> list[str]:
        """Its terminal names: the part's, in the catalog's order, then any other the
        layout maps (a device's, or a part whose sheet names none) except ``typing``,
        the key being typed, which is no terminal yet."""
        names: list[str] = []
        part = catalog.get(self.part) if self.part else None
        if isinstance(part, ModulePart) and part.terminals is not None:
            names += part.terminals.names
        names += [name for name in self.mapped if name and name not in names and name != typing]
        return names


@dataclass
class Names:
    """The names of one layout."""

    carriers: dict[str, Carrier] = field(default_factory=dict)
    nets: list[str] = field(default_factory=list)
    ids: dict[str, None] = field(default_factory=dict)
    """Every id, in file order: items, rails, jumpers, wires, loads (a dict: ordered,
    and a layout of thousands of ids is read in linear time)."""
    parts: dict[str, None] = field(default_factory=dict)
    marks: list[str] = field(default_factory=list)
    waivers: set[tuple[str, str]] = field(default_factory=set)
    """The (rule, subject) pairs the layout's waivers name."""

    @classmethod
    def of(cls, data: object) -> Names:
        names = cls()
        if not isinstance(data, dict):
            return names
        nets = data.get("nets")
        if isinstance(nets, dict):
            names.nets = [name for name in nets if isinstance(name, str)]
        panel = data.get("panel")
        if isinstance(panel, dict) and isinstance(panel.get("approvals"), list):
            names.marks = [mark for mark in panel["approvals"] if isinstance(mark, str)]
        for rail in _dicts(data.get("rails")):
            rail_id = _text(rail.get("id")) or ""
            names._add_id(rail_id)
            for position, item in enumerate(_dicts(rail.get("items"))):
                names._add_item(item, rail_id, position)
            for jumper in _dicts(rail.get("jumpers")):
                names._add_id(_text(jumper.get("id")))
                names._add_part(_text(jumper.get("part")))
        for waiver in _dicts(data.get("waivers")):
            rule, subject = _text(waiver.get("rule")), _text(waiver.get("subject"))
            if rule and subject:
                names.waivers.add((rule, subject))
        for key in ("wires", "loads"):
            for element in _dicts(data.get(key)):
                names._add_id(_text(element.get("id")))
                names._add_part(_text(element.get("ferrule")))
        return names

    def _add_item(self, item: dict[str, Any], rail: str, position: int) -> None:
        item_id, part, kind = _text(item.get("id")), _text(item.get("part")), item.get("type")
        self._add_id(item_id)
        self._add_part(part)
        if item_id and kind in ("module", "device") and item_id not in self.carriers:
            terminals = item.get("terminals")
            mapped = {
                str(name): net if isinstance(net, str) else ""
                for name, net in (terminals.items() if isinstance(terminals, dict) else ())
            }
            self.carriers[item_id] = Carrier(item_id, str(kind), part, mapped, rail, position)

    def _add_id(self, value: str | None) -> None:
        if value:
            self.ids.setdefault(value)

    def _add_part(self, value: str | None) -> None:
        if value:
            self.parts.setdefault(value)

    def subjects(self) -> list[str]:
        """What a waiver's subject can name: ids, nets, part numbers, approval marks."""
        seen = dict.fromkeys([*self.ids, *self.nets, *self.parts, *self.marks])
        return list(seen)


def _dicts(value: object) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        yield from (element for element in value if isinstance(element, dict))


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
