"""GLD001-GLD003: what a relay contact may switch without damage or unreliability.

A gold-plated contact (859-386) is made for small signals: above 30 V DC or 50 mA the
gold layer evaporates. Any contact needs a minimum load to switch reliably; below it
the contact film is not punctured and the signal is lost, which is why the message for
a plain contact suggests a gold-contact relay from the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from panelcheck.catalog import ModulePart
from panelcheck.checks import Context, rule
from panelcheck.findings import Report
from panelcheck.graph import ModuleNode, PanelGraph
from panelcheck.graph.relays import ContactCircuit, contact_circuits
from panelcheck.units import Kind, format_quantity

_EPS = 1e-12


def _relays(pg: PanelGraph) -> Iterator[tuple[ModuleNode, ModulePart, ContactCircuit]]:
    for module in pg.of_kind("module"):
        for circuit in contact_circuits(pg, module):
            yield module, module.part, circuit


def _amps(value: float) -> str:
    return format_quantity(Kind.CURRENT, value)


@rule("GLD001")
def gold_contact_voltage(ctx: Context) -> Iterator[Report]:
    for module, part, circuit in _relays(ctx.graph):
        gold = part.contacts.gold if part.contacts else None
        voltage = circuit.voltage
        if gold is None or voltage is None:
            continue
        limit = gold.max_voltage.magnitude
        if abs(voltage.magnitude) <= limit + _EPS:
            continue
        compared = " (compared as rms; the sheet states the limit for DC)" if voltage.ac else ""
        yield Report(
            module.id,
            module.pointer,
            f"{module.title}: gold contact switches {voltage} ({circuit.voltage_where}), "
            f"the gold layer is rated {gold.max_voltage}{compared} ({gold.cite()})",
        )


@rule("GLD002")
def gold_contact_current(ctx: Context) -> Iterator[Report]:
    for module, part, circuit in _relays(ctx.graph):
        gold = part.contacts.gold if part.contacts else None
        path = circuit.path_with_current()
        if gold is None or path is None or path.current <= gold.max_current.magnitude + _EPS:
            continue
        yield Report(
            module.id,
            module.pointer,
            f"{module.title}: gold contact switches {_amps(path.current)} "
            f"({path.describe()}), the gold layer is rated {gold.max_current} "
            f"({gold.cite()})",
        )


@rule("GLD003")
def below_minimum_load(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    gold_parts = sorted(
        p.number for p in pg.catalog if isinstance(p, ModulePart) and p.contacts and p.contacts.gold
    )
    for module, part, circuit in _relays(pg):
        minimum = part.contacts.minimum_load if part.contacts else None
        if minimum is None or circuit.voltage is None:
            continue
        volts = abs(circuit.voltage.magnitude)
        for path in circuit.paths:
            watts = volts * path.current
            if any(
                volts + _EPS >= p.voltage.magnitude
                and path.current + _EPS >= p.current.magnitude
                and (p.power_mw is None or watts * 1000 + _EPS >= p.power_mw)
                for p in minimum.points
            ):
                continue
            points = " or ".join(
                f"{format_quantity(Kind.VOLTAGE, p.voltage.magnitude).removesuffix(' DC')} / "
                f"{format_quantity(Kind.CURRENT, p.current.magnitude)}"
                + (f" / {p.power_mw:g} mW" if p.power_mw else "")
                for p in minimum.points
            )
            advice = ""
            if not (part.contacts and part.contacts.gold):
                others = [n for n in gold_parts if n != part.number]
                if others:
                    advice = (
                        f"; for signals this small use a gold-contact relay ({', '.join(others)})"
                    )
            yield Report(
                module.id,
                module.pointer,
                f"{module.title}: contact {circuit.contact.com}-{path.name} switches "
                f"{_amps(path.current)} at {circuit.voltage} ({path.describe()}), "
                f"below the recommended minimum load {points} ({minimum.cite()})"
                f"{advice}",
            )
