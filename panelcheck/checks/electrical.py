"""ELE001-ELE006: electrical ratings of the modules, read off the nets and loads.

Voltages come from the nets a module's terminals are mapped to (each net's voltage is
against the circuit's reference, so a coil between "+24V" and "0V" sees 24 V); currents
come from the loads and from the current model (:mod:`panelcheck.graph.currents`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from panelcheck.catalog import ModulePart
from panelcheck.checks import Context, rule
from panelcheck.findings import Report, few
from panelcheck.graph import LoadNode, ModuleNode, PanelGraph, TerminalNode
from panelcheck.graph.currents import current_model
from panelcheck.graph.relays import contact_circuits
from panelcheck.units import Kind, Quantity, at_most, format_quantity, format_span, within


def _modules(pg: PanelGraph) -> Iterator[tuple[ModuleNode, ModulePart]]:
    for module in pg.of_kind("module"):
        if module.part is not None:
            yield module, module.part


def _loads(loads: list[LoadNode]) -> str:
    names = [load.label for load in loads]
    if len(names) == 1:
        return f"load {names[0]}"
    return f"loads {few(names, last=' and ')}"


class _Across(NamedTuple):
    """The voltage between two terminals; the message text is made only when needed."""

    volts: float
    ac: bool
    plus: TerminalNode
    minus: TerminalNode
    minus_mapped: bool

    @property
    def text(self) -> str:
        plus = f"{self.plus.name} {self.plus.on_net()}"
        minus = (
            f"{self.minus.name} {self.minus.on_net()}"
            if self.minus_mapped
            else f"{self.minus.name} not mapped and taken as 0 V"
        )
        return f"{format_quantity(Kind.VOLTAGE, self.volts, self.ac)} ({plus}, {minus})"


_ZERO = Quantity(Kind.VOLTAGE, 0.0)


def _across(pg: PanelGraph, module: ModuleNode, plus: str, minus: str) -> _Across | None:
    """Voltage from ``plus`` to ``minus``; an unmapped ``minus`` is taken as the reference.

    None when ``plus`` is not mapped: the layout does not say what the input sees.
    """
    high_terminal = pg.terminal_at[module.terminals[plus]]
    high_net = pg.net(high_terminal.potential)
    if high_net is None:
        return None
    low_terminal = pg.terminal_at[module.terminals[minus]]
    low_net = pg.net(low_terminal.potential)
    high, low = high_net.voltage, low_net.voltage if low_net is not None else _ZERO
    ac = high.ac or (low.ac and low.magnitude != 0)
    volts = high.magnitude - low.magnitude
    return _Across(
        abs(volts) if ac else volts, ac, high_terminal, low_terminal, low_net is not None
    )


@rule("ELE001")
def control_voltage(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    for module, part in _modules(pg):
        spec = part.input
        if spec is None:
            continue
        seen = _across(pg, module, spec.plus, spec.minus)
        if seen is None:
            continue
        kind = "AC" if seen.ac else "DC"
        if kind in spec.accepts and within(seen.volts, spec.min, spec.max):
            continue
        span = format_span(spec.min, spec.max)
        allowed = f"{span.removesuffix(' DC')} {' or '.join(spec.accepts)}"
        if kind not in spec.accepts:
            why = f"{kind} on a {'/'.join(spec.accepts)}-only {spec.name}"
        elif seen.volts < 0:
            why = f"reverse polarity; the range is {allowed}"
        else:
            why = f"outside its range {allowed}"
        yield Report(
            module.id,
            module.pointer,
            f"{module.title}: {spec.name} sees {seen.text}: {why} ({spec.cite()})",
        )


@rule("ELE002")
def contact_rating(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    for module, part in _modules(pg):
        contacts = part.contacts
        if contacts is None:
            continue
        for circuit in contact_circuits(pg, module):
            path = circuit.path_with_current()
            amps = path.current if path else 0.0
            limit = contacts.continuous_current
            if path is not None and not at_most(amps, limit.value):
                yield Report(
                    module.id,
                    module.pointer,
                    f"{module.title}: contact carries "
                    f"{format_quantity(Kind.CURRENT, amps)} ({path.describe()}), above its "
                    f"limiting continuous current {limit.value} ({limit.cite()})",
                )
            voltage = circuit.voltage
            ceiling = contacts.max_switching_voltage
            if voltage is not None and not at_most(abs(voltage.magnitude), ceiling.value):
                note = (
                    "" if voltage.ac else "; for DC the sheet's load limit curve allows even less"
                )
                yield Report(
                    module.id,
                    module.pointer,
                    f"{module.title}: contact switches {voltage} "
                    f"({circuit.voltage_where}), above its maximum switching voltage "
                    f"{ceiling.value}{note} ({ceiling.cite()})",
                )
            if voltage is None or voltage.ac:
                continue
            for rating in contacts.ratings:
                if path is None or rating.voltage.ac or at_most(amps, rating.current):
                    continue
                yield Report(
                    module.id,
                    module.pointer,
                    f"{module.title}: contact switches "
                    f"{format_quantity(Kind.CURRENT, amps)} DC ({path.describe()}) at "
                    f"{voltage}, above its stated {rating.category} rating "
                    f"{rating.current} at {rating.voltage} ({rating.cite()})",
                )


@rule("ELE003")
def ssr_load_circuit(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    for module, part in _modules(pg):
        output = part.ssr_output
        if output is None:
            continue
        seen = _across(pg, module, output.supply, output.reference)
        allowed = format_span(output.min_voltage, output.max_voltage)
        note = f'the data sheet notes: "{output.mains_note}"'
        if seen is not None and seen.ac:
            yield Report(
                module.id,
                module.pointer,
                f"{module.title}: output circuit on AC, {seen.text}; the output is "
                f"rated {allowed} only, and {note} ({output.cite()})",
            )
        elif seen is not None and not within(seen.volts, output.min_voltage, output.max_voltage):
            mains = f"; {note}" if seen.volts > output.max_voltage.magnitude else ""
            yield Report(
                module.id,
                module.pointer,
                f"{module.title}: output circuit at {seen.text}, outside its range "
                f"{allowed}{mains} ({output.cite()})",
            )
        out_key = module.terminals[output.output]
        loads = pg.loads_at(out_key)
        amps = sum(c for c in map(pg.load_current, loads) if c is not None)
        if not at_most(amps, output.continuous_current):
            yield Report(
                module.id,
                module.pointer,
                f"{module.title}: output carries {format_quantity(Kind.CURRENT, amps)} "
                f"({_loads(loads)} at "
                f"{pg.terminal_title(out_key)}), above its limiting continuous current "
                f"{output.continuous_current} ({output.cite()})",
            )


@rule("ELE004")
def internal_link_overcurrent(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    model = current_model(pg)
    for module, part in _modules(pg):
        for link in part.internal_links:
            edge = model.through(module.terminals[link.a], module.terminals[link.b])
            if edge is None or at_most(edge.current, link.rating):
                continue
            yield Report(
                module.id,
                module.pointer,
                f"{module.title}: {format_quantity(Kind.CURRENT, edge.current)} flows "
                f"through the internal link {link.a}-{link.b} ({edge.explain()}), above "
                f"its rating of {link.rating} ({link.cite()})",
            )


@rule("ELE005")
def ambient_temperature(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    ambient = pg.layout.get("panel", {}).get("ambient")
    if ambient is None:
        return
    for module, part in _modules(pg):
        limits = part.temperature
        if limits.contains(ambient):
            continue
        yield Report(
            module.id,
            module.pointer,
            f"{module.title}: panel ambient {ambient} is outside its operating range "
            f"{limits.span()} ({limits.cite()})",
        )


@rule("ELE006")
def output_burden(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    for module, part in _modules(pg):
        output = part.analog_output
        if output is None:
            continue
        key = module.terminals[output.plus]
        loads = [load for load in pg.loads_at(key) if load.impedance is not None]
        burden = sum(load.impedance.magnitude for load in loads if load.impedance is not None)
        if at_most(burden, output.max_burden):
            continue
        series = " in series" if len(loads) > 1 else ""
        yield Report(
            module.id,
            module.pointer,
            f"{module.title}: output {output.plus} drives "
            f"{format_quantity(Kind.RESISTANCE, burden)} "
            f"({_loads(loads)}{series}), above its maximum "
            f"burden {output.max_burden} ({output.cite()})",
        )
