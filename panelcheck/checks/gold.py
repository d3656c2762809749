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
from panelcheck.units import Kind, at_least, at_most, format_quantity

_GOLD_TOLERANCE = 1e-12
"""Tolerance of the GLD comparisons: smaller than panelcheck.units.LIMIT_TOLERANCE (1e-9).

The two differ since the first version, and unifying them would change findings: with
1e-9 a current up to 1 nA short of a minimum-load point (24 V at "0.9999995 mA" on
an 859-390) would pass GLD003 where it is reported now, and a value up to 1 nV or 1 nA
over a gold-layer limit would pass GLD001/GLD002. No shipped example, sample or test
sits between the two, so the difference is only there for such inputs; it is kept so
that no finding changes (tests/test_tolerance.py holds both). Either is far below
what a data sheet states (1 mA, 1 mW) and far above floating-point rounding."""


def _relays(pg: PanelGraph) -> Iterator[tuple[ModuleNode, ModulePart, ContactCircuit]]:
    for module in pg.of_kind("module"):
        if module.part is None:
            continue  # an unknown part (LAY001) has no contacts to judge
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
        if at_most(abs(voltage.magnitude), gold.max_voltage, _GOLD_TOLERANCE):
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
        if gold is None or path is None or at_most(path.current, gold.max_current, _GOLD_TOLERANCE):
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
                at_least(volts, p.voltage, _GOLD_TOLERANCE)
                and at_least(path.current, p.current, _GOLD_TOLERANCE)
                and (p.power_mw is None or at_least(watts * 1000, p.power_mw, _GOLD_TOLERANCE))
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
