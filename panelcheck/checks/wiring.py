"""WIR001-WIR008: conductors, ferrules and clamping points.

Each wire is checked against the module it lands in: the clamp range for its
conductor class, the strip length, and the ferrule (listed, the right size, not on a
solid conductor, within the insulated-ferrule range where a sheet states one).
"""

from __future__ import annotations

from collections.abc import Iterator

from panelcheck.catalog import CONDUCTOR_LABELS, AreaRange, ModulePart, sections
from panelcheck.checks import Context, remedies, rule
from panelcheck.findings import Fix, Report, few
from panelcheck.graph import ModuleNode, PanelGraph, WireNode
from panelcheck.units import Kind, at_least, at_most, format_quantity


def _landed(pg: PanelGraph) -> list[tuple[WireNode, ModuleNode, ModulePart]]:
    """Wires whose terminal resolved on a module whose part is known (computed once;
    five rules walk it)."""
    found = pg.analyses.landed
    if found is None:
        nodes, terminals = pg.nodes, pg.terminal_at
        found = []
        for wire in pg.of_kind("wire"):
            if wire.terminal is None:
                continue
            module = nodes[terminals[wire.terminal].module]  # a terminal's module
            if isinstance(module, ModuleNode) and module.part is not None:
                found.append((wire, module, module.part))
        pg.analyses.landed = found
    return found


def _where(pg: PanelGraph, wire: WireNode, module: ModuleNode) -> str:
    assert wire.terminal is not None
    return f"wire {wire.label} at {pg.terminal_title(wire.terminal)} ({module.part_number})"


@rule("WIR001")
def cross_section_range(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    for wire, module, part in _landed(pg):
        if part.clamp is None:  # the sheet states no clamp range: not judged
            continue
        limits: AreaRange | None = getattr(part.clamp, wire.conductor)
        if limits is None or limits.holds(wire.cross_section):
            continue
        label = CONDUCTOR_LABELS[wire.conductor]
        yield Report(
            wire.id,
            f"{wire.pointer}/cross_section",
            f"{_where(pg, wire, module)}: {wire.cross_section} {label} is outside the "
            f"clamp range {limits.span()} for {label} conductors ({limits.cite()})",
        )


@rule("WIR002")
def ferrule_size(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    tolerance = float(ctx.params.get("tolerance", 0.2))
    for wire in pg.of_kind("wire"):
        ferrule = wire.ferrule_part
        if ferrule is None or wire.conductor == "solid":  # WIR004 says: no ferrule at all
            continue
        nominal = ferrule.cross_section.magnitude
        deviation = wire.cross_section.magnitude / nominal - 1
        if at_most(abs(deviation), tolerance):
            continue
        yield Report(
            wire.id,
            f"{wire.pointer}/ferrule",
            f"wire {wire.label}: ferrule {wire.ferrule} is a sleeve for "
            f"{format_quantity(Kind.AREA, nominal)}, the conductor is "
            f"{wire.cross_section} ({deviation:+.0%}; tolerance ±{tolerance:.0%}) "
            f"({ferrule.source or ferrule.description})",
            fix=_ferrule_fix(pg, wire, tolerance),
        )


def _ferrule_fix(pg: PanelGraph, wire: WireNode, tolerance: float) -> Fix | None:
    """The ferrule the wire's module lists whose size fits the conductor."""
    if wire.terminal is None:
        return None
    module = pg.nodes[pg.terminal_at[wire.terminal].module]
    if not isinstance(module, ModuleNode) or module.part is None:
        return None
    number = remedies.fitting_ferrule(
        module.part, wire.cross_section.magnitude, tolerance, pg.catalog
    )
    if number is None or number == wire.ferrule:
        return None
    return remedies.replace(
        f"{wire.pointer}/ferrule",
        number,
        f"replace ferrule {wire.ferrule} of wire {wire.label} by {number}, "
        f"the one {module.part_number} lists for {wire.cross_section}",
    )


@rule("WIR003")
def ferrule_not_listed(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    for wire, module, part in _landed(pg):
        ferrule = wire.ferrule_part
        if ferrule is None or part.ferrules is None or wire.ferrule in part.ferrules.parts:
            continue
        listed = (
            f"it lists {', '.join(part.ferrules.parts)}"
            if part.ferrules.parts
            else "its data sheet lists no ferrules"
        )
        yield Report(
            wire.id,
            f"{wire.pointer}/ferrule",
            f"{_where(pg, wire, module)}: ferrule {wire.ferrule} is not among "
            f"the module's compatible ferrules; {listed} ({part.ferrules.cite()})",
        )


@rule("WIR004")
def ferrule_on_solid(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    for wire in pg.of_kind("wire"):
        if wire.ferrule is None or wire.conductor != "solid":
            continue
        yield Report(
            wire.id,
            f"{wire.pointer}/ferrule",
            f"wire {wire.label}: ferrule {wire.ferrule} on a solid conductor; "
            "ferrules are made for stranded conductors (DIN 46228) and a crimped "
            "solid wire is not held reliably: clamp the solid conductor bare",
            fix=remedies.remove(
                f"{wire.pointer}/ferrule",
                f"remove ferrule {wire.ferrule} from the solid conductor of wire {wire.label}",
            ),
        )


@rule("WIR005")
def insulated_ferrule_range(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    for wire, module, part in _landed(pg):
        ferrule = wire.ferrule_part
        limits = part.insulated_ferrule
        if ferrule is None or limits is None:
            continue
        if not ferrule.insulated or limits.holds(wire.cross_section):
            continue
        yield Report(
            wire.id,
            f"{wire.pointer}/cross_section",
            f"{_where(pg, wire, module)}: {wire.cross_section} with insulated ferrule "
            f"{wire.ferrule} is outside the module's range for conductors "
            f"with insulated ferrule, "
            f"{limits.span()} ({limits.cite()})",
        )


@rule("WIR006")
def one_conductor_per_clamp(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    for wire in pg.of_kind("wire"):
        key = wire.terminal
        if key is None:
            continue
        terminal = pg.terminal(key)
        if len(terminal.wires) < 2 or terminal.wires[0] != wire.key:  # once, at its first
            continue
        wires = pg.wires_at(key)
        where = pg.terminal_title(key)
        module = pg.module(terminal.module)
        yield Report(
            where,
            wires[1].pointer,
            f"{len(wires)} wires land in {where} ({module.part_number}): "
            f"{few([w.label for w in wires])}; a clamping point takes one "
            "conductor (the data sheet rates each clamp for a single conductor): "
            "common them with a jumper or a second terminal",
        )


@rule("WIR007")
def strip_length(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    for wire, module, part in _landed(pg):
        limits = part.strip_length
        length = wire.strip_length
        if length is None or limits is None:
            continue
        if limits.contains(length):
            continue
        yield Report(
            wire.id,
            f"{wire.pointer}/strip_length",
            f"{_where(pg, wire, module)}: strip length {length} is outside "
            f"{limits.span()} ({limits.cite()}); too short clamps the insulation, too long leaves "
            "bare conductor exposed",
        )


@rule("WIR008")
def conductor_class_unrated(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    for wire, module, part in _landed(pg):
        if part.clamp is None or getattr(part.clamp, wire.conductor) is not None:
            continue
        rated = [
            f"{CONDUCTOR_LABELS[c]} {r.span()} ({r.cite()})"
            for c, r in sections(part.clamp)
            if r is not None
        ]
        yield Report(
            wire.id,
            f"{wire.pointer}/conductor",
            f"{_where(pg, wire, module)}: the data sheet gives no clamp range for "
            f"{CONDUCTOR_LABELS[wire.conductor]} conductors, only "
            f"{' and '.join(rated)}; use one of those or confirm with the manufacturer",
        )


@rule("WIR009")
def insulation_temperature(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    ambient = pg.layout.get("panel", {}).get("ambient")
    if ambient is None:
        return
    for wire, module, part in _landed(pg):
        rating = wire.insulation_rating
        cable = part.cable
        if rating is None or cable is None:
            continue
        needed = ambient.magnitude + cable.margin_k
        if at_least(rating, needed):
            continue
        yield Report(
            wire.id,
            f"{wire.pointer}/insulation_rating",
            f"{_where(pg, wire, module)}: insulation rated {rating}, below the "
            f"{format_quantity(Kind.TEMPERATURE, needed)} its data sheet demands of the "
            f"connection cable (panel ambient {ambient} + {cable.margin_k:g} K) "
            f"({cable.cite()})",
        )
