"""What a relay contact switches, read off the graph.

A contact's circuit voltage is the largest voltage among the nets on its COM, NO and NC
terminals (the potential it connects or breaks); the current of each switched path (NO,
NC) is the sum of the loads connected at that terminal. The gold-layer, minimum-load and
contact-rating rules all reason about these same numbers, so they are computed here once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from panelcheck.catalog import Contact
from panelcheck.findings import few
from panelcheck.graph.panel import PanelGraph
from panelcheck.graph.records import LoadNode, ModuleNode, TerminalNode
from panelcheck.units import Quantity


@dataclass
class SwitchedPath:
    """One side of a changeover contact (COM-NO or COM-NC) and what it carries."""

    terminal: str
    name: str
    module: str
    current: float
    loads: list[str] = field(default_factory=list)
    nodes: list[LoadNode] = field(default_factory=list)
    """The loads themselves, in file order."""
    inductive_current: float = 0.0
    """What the inductive loads and those of unknown kind draw: the current a
    utilisation-category rating (AC-15, DC-13) is for."""

    @property
    def where(self) -> str:
        """``K1:14``: the clamping point, for messages."""
        return f"{self.module}:{self.name}"

    def describe(self) -> str:
        """``load Q1-coil at K1:14``: what the side switches, for finding messages (a
        long list of loads cut short by :func:`~panelcheck.findings.few`)."""
        noun = "load" if len(self.loads) == 1 else "loads"
        return f"{noun} {few(self.loads)} at {self.where}"


@dataclass
class ContactCircuit:
    """One contact set of a module: its circuit voltage (and the terminal it comes from)
    and the paths it switches that carry loads."""

    contact: Contact
    voltage: Quantity | None
    voltage_from: TerminalNode | None
    paths: list[SwitchedPath]

    @property
    def voltage_where(self) -> str:
        """``11 on net +24V``: where the circuit voltage comes from, for messages."""
        t = self.voltage_from
        return f"{t.name} {t.on_net()}" if t is not None else ""

    @property
    def current(self) -> float:
        """The larger path current: only one side of a changeover is closed at a time."""
        return max((p.current for p in self.paths), default=0.0)

    def path_with_current(self) -> SwitchedPath | None:
        return max(self.paths, key=lambda p: p.current, default=None)


def contact_circuits(pg: PanelGraph, module: ModuleNode) -> list[ContactCircuit]:
    """The module's contacts with their circuit voltage and loaded paths.

    Worked out once per module and kept on the graph: four rules and the current model
    read them.
    """
    cache = pg.analyses.contacts
    found = cache.get(module.key)
    if found is None:
        found = cache[module.key] = _circuits(pg, module)
    return found


def _circuits(pg: PanelGraph, module: ModuleNode) -> list[ContactCircuit]:
    part = module.part
    if part is None or part.contacts is None:
        return []
    terminals, load_at, keys = pg.terminal_at, pg.load_at, module.terminals
    circuits = []
    for contact in part.contacts.terminals.sets:
        voltage: Quantity | None = None
        source: TerminalNode | None = None
        for name in (contact.com, contact.no, contact.nc):
            if name is None:
                continue
            terminal = terminals[keys[name]]
            net = pg.net(terminal.potential)
            if net is not None and (
                voltage is None or abs(net.voltage.magnitude) > abs(voltage.magnitude)
            ):
                voltage, source = net.voltage, terminal
        paths = []
        for name in (contact.no, contact.nc):
            if name is None:
                continue
            key = keys[name]
            terminal = terminals[key]
            if not terminal.loads:
                continue
            loads = [load_at[k] for k in terminal.loads]
            currents = [pg.load_current(load) for load in loads]
            known = [c for c in currents if c is not None]
            if known:
                inductive = sum(
                    c for c, load in zip(currents, loads, strict=True) if c and load.inductive
                )
                paths.append(
                    SwitchedPath(
                        key,
                        name,
                        module.label,
                        sum(known),
                        [load.label for load in loads],
                        loads,
                        inductive,
                    )
                )
        circuits.append(ContactCircuit(contact, voltage, source, paths))
    return circuits
