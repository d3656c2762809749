"""ELE007-ELE010: what a relay contact or a solid-state output switches, and how often.

These rules read what v2 layouts may say about a load beyond its current: its kind
(an inductive load needs the damping the 859-390 and 859-353 sheets demand), its inrush
current and how often it is switched. A load lands on a switched terminal (a contact's
NO or NC, a solid-state relay's output) and the module's sheet states the limit; where
the sheet does not, the rule does not judge the module (LAY008 says so).
"""

from __future__ import annotations

from collections.abc import Iterator

from panelcheck.catalog import ModulePart
from panelcheck.checks import Context, rule
from panelcheck.findings import Report, few
from panelcheck.graph import LoadNode, ModuleNode, PanelGraph
from panelcheck.graph.relays import contact_circuits
from panelcheck.units import Kind, as_written, at_most, format_quantity

_LIFE_NOTE = "a figure for resistive loads: inductive loads wear a contact faster"


def switched_terminals(part: ModulePart) -> list[str]:
    """The terminals where a module switches a load: each contact's NO and NC, and a
    solid-state relay's output."""
    names: list[str] = []
    if part.contacts is not None:
        for contact in part.contacts.terminals.sets:
            names += [t for t in (contact.no, contact.nc) if t is not None]
    if part.ssr_output is not None:
        names.append(part.ssr_output.output)
    return names


def _switched(pg: PanelGraph) -> Iterator[tuple[ModuleNode, ModulePart, list[LoadNode]]]:
    """Each module of known part with the loads on its switched terminals (in the order
    of its terminals, then the file), where there are any."""
    for module in pg.of_kind("module"):
        part = module.part
        if part is None:
            continue
        loads = [
            load
            for name in switched_terminals(part)
            for load in pg.loads_at(module.terminals[name])
        ]
        if loads:
            yield module, part, loads


def _at(pg: PanelGraph, load: LoadNode) -> str:
    return pg.terminal_title(load.terminal) if load.terminal is not None else "?"


@rule("ELE007")
def inductive_load_unsuppressed(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    for module, part, loads in _switched(pg):
        contacts = part.contacts
        if contacts is None or contacts.damping is None:
            continue
        for load in loads:
            if load.load_kind != "inductive" or load.suppression not in (None, "none"):
                continue
            said = "none" if load.suppression == "none" else "not given"
            yield Report(
                load.id,
                load.pointer,
                f"load {load.label} (inductive, suppression {said}) is switched by "
                f"{module.title} at {_at(pg, load)}; its data sheet says inductive loads "
                f"must be damped with an effective protection circuit: add a diode, RC, "
                f"varistor or TVS across the load ({contacts.damping.cite()})",
            )


@rule("ELE008")
def inrush_current(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    for module, part, loads in _switched(pg):
        with_inrush = [load for load in loads if load.inrush_current is not None]
        if not with_inrush:
            continue
        if part.contacts is not None and part.contacts.inrush is not None:
            limit = part.contacts.inrush
            for circuit in contact_circuits(pg, module):
                voltage = circuit.voltage
                if voltage is None or ("AC" if voltage.ac else "DC") not in limit.accepts:
                    continue  # stated for another current type: not judged (LAY008)
                for name in (circuit.contact.no, circuit.contact.nc):
                    if name is None:
                        continue
                    side = pg.loads_at(module.terminals[name])
                    what = "inrush limit" + (f" ({limit.load} load)" if limit.load else "")
                    report = _inrush(pg, module, side, limit.current.magnitude, what, limit.cite())
                    if report is not None:
                        yield report
        output = part.ssr_output
        if output is not None and output.peak_current is not None:
            side = pg.loads_at(module.terminals[output.output])
            report = _inrush(
                pg,
                module,
                side,
                output.peak_current.magnitude,
                "peak output current",
                output.cite(),
            )
            if report is not None:
                yield report


def _inrush(
    pg: PanelGraph,
    module: ModuleNode,
    side: list[LoadNode],
    limit: float,
    what: str,
    cite: str,
) -> Report | None:
    """ELE008 for the loads switched on together at one terminal: their inrush currents
    add up (a load without one counts with its steady current)."""
    stated = [load for load in side if load.inrush_current is not None]
    if not stated:
        return None
    peak = 0.0
    for load in side:
        if load.inrush_current is not None:
            peak += load.inrush_current.magnitude
        else:
            peak += pg.load_current(load) or 0.0
    if at_most(peak, limit):
        return None
    names = few([load.label for load in side])
    added = " together" if len(side) > 1 else ""
    return Report(
        module.id,
        module.pointer,
        f"{module.title}: switches on an inrush of {format_quantity(Kind.CURRENT, peak)}"
        f"{added} (load{'s' if len(side) > 1 else ''} {names} at {_at(pg, side[0])}), "
        f"above its {what} of {format_quantity(Kind.CURRENT, limit)} ({cite})",
    )


def _fastest(loads: list[LoadNode]) -> LoadNode | None:
    """The load switched most often (the first of equals, in file order)."""
    rated = [load for load in loads if load.switching_rate is not None]
    return max(
        rated,
        key=lambda load: load.switching_rate.magnitude if load.switching_rate else 0.0,
        default=None,
    )


def _contact_loads(pg: PanelGraph) -> Iterator[tuple[ModuleNode, ModulePart, LoadNode]]:
    """Each relay module with the load switched most often on each of its contacts."""
    for module in pg.of_kind("module"):
        part = module.part
        if part is None or part.contacts is None:
            continue
        for contact in part.contacts.terminals.sets:
            loads = [
                load
                for name in (contact.no, contact.nc)
                if name is not None
                for load in pg.loads_at(module.terminals[name])
            ]
            fastest = _fastest(loads)
            if fastest is not None:
                yield module, part, fastest


@rule("ELE009")
def switching_rate(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    for module, part, load in _contact_loads(pg):
        assert part.contacts is not None and load.switching_rate is not None
        limit = part.contacts.switching_rate
        if limit is None or at_most(load.switching_rate, limit.max):
            continue
        yield Report(
            module.id,
            module.pointer,
            f"{module.title}: switches load {load.label} at {_at(pg, load)} "
            f"at a rate of {as_written(load.switching_rate)}, above its maximum switching "
            "frequency with load of "
            f"{limit.max} ({limit.cite()})",
        )


@rule("ELE010")
def electrical_life(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    hours = pg.layout.get("panel", {}).get("operating_time")
    if hours is None:
        return
    for module, part, load in _contact_loads(pg):
        assert part.contacts is not None and load.switching_rate is not None
        life = part.contacts.electrical_life
        if life is None:
            continue
        operations = load.switching_rate.magnitude * 60 * hours.magnitude
        if at_most(operations, life.operations):
            continue
        yield Report(
            module.id,
            module.pointer,
            f"{module.title}: switching load {load.label} at {as_written(load.switching_rate)} "
            f"for {hours} is "
            f"{_count(operations)} operations, above its electrical life of "
            f"{_count(life.operations)} operations (stated for {life.condition}, "
            f"{_LIFE_NOTE}) ({life.cite()})",
        )


def _count(operations: float) -> str:
    """``4,800,000``: a number of operations as a designer reads it."""
    return f"{round(operations):,}"
