"""ELE001-ELE006, ELE011, ELE012: electrical ratings of the modules, read off the nets
and loads. (What a contact switches over time, ELE007-ELE010, is in
:mod:`panelcheck.checks.switching`.)

Voltages come from the nets a module's terminals are mapped to (each net's voltage is
against the circuit's reference, so a coil between "+24V" and "0V" sees 24 V); currents
come from the loads and from the current model (:mod:`panelcheck.graph.currents`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from panelcheck.catalog import ModulePart, UtilisationRating
from panelcheck.checks import Context, rule
from panelcheck.findings import Report, few
from panelcheck.graph import LoadNode, ModuleNode, PanelGraph, TerminalNode
from panelcheck.graph.currents import current_model
from panelcheck.graph.relays import SwitchedPath, contact_circuits
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
        low = spec.low
        if low is not None and low.min.ac == seen.ac and within(seen.volts, low.min, low.max):
            continue  # the stated low level: the input is off
        span = format_span(spec.min, spec.max)
        allowed = f"{span.removesuffix(' DC')} {' or '.join(spec.accepts)}"
        cited = spec.cite()
        if kind not in spec.accepts:
            why = f"{kind} on a {'/'.join(spec.accepts)}-only {spec.name}"
        elif seen.volts < 0:
            why = f"reverse polarity; the range is {allowed}"
        elif low is not None and low.max.magnitude < seen.volts < spec.min.magnitude:
            low_span = f"{format_span(low.min, low.max).removesuffix(' DC')} {kind}"
            why = (
                f"between its low level {low_span} and its high level {allowed}, where "
                "the state is undefined"
            )
            cited = f"{spec.cite()}; low level: {low.cite()}"
        else:
            why = f"outside its range {allowed}"
        yield Report(
            module.id,
            module.pointer,
            f"{module.title}: {spec.name} sees {seen.text}: {why} ({cited})",
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
            if voltage is None:
                continue
            report = _category_rating(module, contacts.ratings, circuit.paths, voltage)
            if report is not None:
                yield report


def _category_rating(
    module: ModuleNode,
    ratings: list[UtilisationRating],
    paths: list[SwitchedPath],
    voltage: Quantity,
) -> Report | None:
    """ELE002 for a utilisation-category rating (AC-15, DC-13): it rates the contact for
    inductive loads on circuits of its current type, up to its voltage. Loads of unknown
    kind count as inductive; resistive, lamp, capacitive and signal loads do not."""
    mine = [r for r in ratings if r.voltage.ac == voltage.ac]
    path = max(paths, key=lambda p: p.inductive_current, default=None)
    if not mine or path is None or path.inductive_current <= 0:
        return None
    amps = path.inductive_current
    volts = abs(voltage.magnitude)
    usable = [r for r in mine if at_most(volts, r.voltage)]
    switched = f"switches {format_quantity(Kind.CURRENT, amps)} to {_inductive(path)}"
    if not usable:
        best = max(mine, key=lambda r: r.voltage.magnitude)
        return Report(
            module.id,
            module.pointer,
            f"{module.title}: {switched} at {voltage}; the {best.category} rating is "
            f"{best.current} at {best.voltage} only, so the contact has no rating for "
            f"such a load at {voltage} ({best.cite()})",
        )
    if any(at_most(amps, r.current) for r in usable):
        return None
    best = max(usable, key=lambda r: r.current.magnitude)
    return Report(
        module.id,
        module.pointer,
        f"{module.title}: {switched}, the {best.category} rating is {best.current} at "
        f"{best.voltage} ({best.cite()})",
    )


def _inductive(path: SwitchedPath) -> str:
    """``an inductive load (M2 at K4:14)``, saying when a kind was not given."""
    loads = [load for load in path.nodes if load.inductive]
    unknown = [load.label for load in loads if load.load_kind is None]
    noun = "an inductive load" if len(loads) == 1 else "inductive loads"
    names = few([load.label for load in loads])
    said = ""
    if unknown:
        said = f"; kind not given for {few(unknown)}, judged as inductive"
    return f"{noun} ({names} at {path.where}{said})"


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
        if limits is None or limits.contains(ambient):
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


@rule("ELE011")
def rated_voltage(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    for module, part in _modules(pg):
        rated = part.rated_voltage
        if rated is None:
            continue
        worst: tuple[float, TerminalNode, Quantity] | None = None
        for key in module.terminals.values():
            terminal = pg.terminal_at[key]
            net = pg.net(terminal.potential)
            if net is None:
                continue
            volts = abs(net.voltage.magnitude)
            if worst is None or volts > worst[0]:
                worst = (volts, terminal, net.voltage)
        if worst is None or at_most(worst[0], rated.value):
            continue
        _, terminal, voltage = worst
        yield Report(
            module.id,
            module.pointer,
            f"{module.title}: terminal {terminal.name} {terminal.on_net()} is at {voltage}"
            f"{' (magnitude)' if voltage.magnitude < 0 else ''}, above its rated voltage "
            f"{_plain(rated.value)} ({rated.cite()})",
        )


def _plain(voltage: Quantity) -> str:
    """``250 V``: a rated (insulation) voltage, which holds for AC rms and DC alike."""
    return format_quantity(Kind.VOLTAGE, voltage.magnitude).removesuffix(" DC")


@rule("ELE012")
def input_overload(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    for module, part in _modules(pg):
        spec = part.current_input
        if spec is None:
            continue
        plus = pg.terminal_at[module.terminals[spec.plus]]
        minus = pg.terminal_at[module.terminals[spec.minus]]
        if plus.potential is None or minus.potential is None:
            continue  # a current input is judged only where both sides are on nets
        seen = _across(pg, module, spec.plus, spec.minus)
        if seen is None:
            continue
        limit = spec.max_current.magnitude * spec.max_resistance.magnitude
        if at_most(abs(seen.volts), limit):
            continue
        yield Report(
            module.id,
            module.pointer,
            f"{module.title}: current input {spec.plus}-{spec.minus} sees {seen.text}, more "
            f"than the {format_quantity(Kind.VOLTAGE, limit)} its maximum input current "
            f"{spec.max_current} drops across its input resistance of at most "
            f"{spec.max_resistance}: wired across a voltage, it would draw far more (in a "
            f"current loop, give the input's nets its own drop) ({spec.cite()})",
        )
