"""What a relay contact switches, read off the graph.

A contact's circuit voltage is the largest voltage among the nets on its COM, NO and NC
terminals (the potential it connects or breaks); the current of each switched path (NO,
NC) is the sum of the loads connected at that terminal. The gold-layer, minimum-load and
contact-rating rules all reason about these same numbers, so they are computed here once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from panelcheck.catalog import Contact
from panelcheck.graph import ModuleNode, PanelGraph
from panelcheck.units import Quantity


@dataclass
class SwitchedPath:
    """One side of a changeover contact (COM-NO or COM-NC) and what it carries."""

    terminal: str
    name: str
    where: str
    current: float
    loads: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """``load Q1-coil at K1:14``: what the side switches, for finding messages."""
        noun = "load" if len(self.loads) == 1 else "loads"
        return f"{noun} {', '.join(self.loads)} at {self.where}"


@dataclass
class ContactCircuit:
    contact: Contact
    voltage: Quantity | None
    voltage_where: str
    paths: list[SwitchedPath]

    @property
    def current(self) -> float:
        """The larger path current: only one side of a changeover is closed at a time."""
        return max((p.current for p in self.paths), default=0.0)

    def path_with_current(self) -> SwitchedPath | None:
        return max(self.paths, key=lambda p: p.current, default=None)


def contact_circuits(pg: PanelGraph, module: ModuleNode) -> list[ContactCircuit]:
    """The module's contacts with their circuit voltage and loaded paths."""
    part = module.part
    if part is None or part.contacts is None:
        return []
    circuits = []
    for contact in part.contacts.terminals.sets:
        names = [n for n in (contact.com, contact.no, contact.nc) if n]
        voltage, where = None, ""
        for name in names:
            v = pg.voltage_at(module.terminals[name])
            if v is not None and (voltage is None or abs(v.magnitude) > abs(voltage.magnitude)):
                voltage = v
                where = f"{name} {pg.terminal(module.terminals[name]).on_net()}"
        paths = []
        for name in (contact.no, contact.nc):
            if name is None:
                continue
            key = module.terminals[name]
            loads = pg.loads_at(key)
            currents = [pg.load_current(load) for load in loads]
            known = [c for c in currents if c is not None]
            if known:
                paths.append(
                    SwitchedPath(
                        key,
                        name,
                        pg.terminal_title(key),
                        sum(known),
                        [load.label for load in loads],
                    )
                )
        circuits.append(ContactCircuit(contact, voltage, where, paths))
    return circuits
