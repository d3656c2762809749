"""LAY008: what the layout asked panelcheck to judge and a part's sheet cannot answer.

A v2 layout can ask for judgements the five seed sheets answer for some parts only: the
panel's altitude, depth, condensation, pollution degree, overvoltage category, EMC
environment, approvals and hazardous area, a rail's profile, a load's inrush current and
switching rate, a wire's insulation rating. A rule that lacks the fact for a part does
not judge it and does not guess; this rule says so, once per part number and file,
naming the rules and the elements not judged, so that a clean report never hides a
question nobody answered.

Only a value that could make a rule fire asks: ``condensation: true``, a residential
EMC environment, a non-empty list of approvals, any other field that is set. A load's
``kind`` alone asks nothing, and ELE011/ELE012 judge only parts that state their fact.

The check yields one report per element not judged (its ``detail`` is the rule, the
fact and the element); :func:`_combine` makes the findings from all of a file's
reports, so a panel checked in shares gets the same findings as one checked whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from panelcheck.catalog import ModulePart
from panelcheck.checks import Context, rule
from panelcheck.checks.switching import switched_terminals
from panelcheck.findings import Report, few
from panelcheck.graph import ModuleNode, PanelGraph
from panelcheck.graph.relays import contact_circuits

# The panel fields that ask for a judgement: (field, asks when its value is..., rule,
# what the part's sheet would have to state, the ModulePart section holding it).
_PANEL_ASKS: tuple[tuple[str, Any, str, str, str], ...] = (
    ("altitude", None, "ENV001", "its maximum operating altitude", "altitude"),
    ("condensation", True, "ENV002", "whether condensation is permitted", "condensation"),
    ("pollution_degree", None, "ENV003", "its pollution degree", "pollution_degree"),
    ("overvoltage_category", None, "ENV004", "its overvoltage category", "overvoltage_category"),
    ("emc_environment", "residential", "ENV005", "its EMC emission environment", "emc_emission"),
    ("depth", None, "MEC002", "its height above the rail", "height"),
    ("approvals", None, "APR001", "its approvals", "approvals"),
    ("hazardous_area", None, "APR002", "its hazardous-area certificates", "hazardous_areas"),
)


def _atom(number: str, rule_: str, fact: str, label: str, pointer: str) -> Report:
    """One element not judged: combined with the others of its part by :func:`_combine`."""
    return Report(number, pointer, f"{rule_} not judged for {label}", detail=(rule_, fact, label))


def _panel_asks(panel: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(rule, fact, section) for each panel field set to a value that can make it fire."""
    asks = []
    for key, value, rule_, fact, section in _PANEL_ASKS:
        given = panel.get(key)
        if given is None or given == [] or (value is not None and given != value):
            continue
        asks.append((rule_, fact, section))
    return asks


@rule("LAY008", combine=lambda reports: _combine(reports))
def part_not_judged(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    asks = _panel_asks(pg.layout.get("panel", {}))
    for rail in pg.of_kind("rail"):
        for item in pg.rail_items(rail.key):
            part = item.part
            if not isinstance(item, ModuleNode) or not isinstance(part, ModulePart):
                continue
            for rule_, fact, section in asks:
                if getattr(part, section) is None:
                    yield _atom(item.part_number, rule_, fact, item.label, item.pointer)
            if rail.profile is not None and part.mounting is None:
                fact = "the rail profiles it mounts on"
                yield _atom(item.part_number, "MEC003", fact, item.label, item.pointer)
    yield from _loads(pg)
    if pg.layout.get("panel", {}).get("ambient") is None:
        return  # WIR009 needs the ambient: without it an insulation rating asks nothing
    for wire in pg.of_kind("wire"):
        if wire.insulation_rating is None or wire.terminal is None:
            continue
        module = pg.nodes[pg.terminal_at[wire.terminal].module]
        if isinstance(module, ModuleNode) and module.part is not None and module.part.cable is None:
            fact = "the temperature its connection cable must stand"
            label = f"wire {wire.label}"
            yield _atom(module.part_number, "WIR009", fact, label, module.pointer)


def _loads(pg: PanelGraph) -> Iterator[Report]:
    """Loads whose inrush current or switching rate the switching module cannot judge."""
    operating_time = pg.layout.get("panel", {}).get("operating_time")
    for load in pg.of_kind("load"):
        if (load.inrush_current is None and load.switching_rate is None) or load.terminal is None:
            continue
        terminal = pg.terminal_at[load.terminal]
        module = pg.nodes[terminal.module]
        if not isinstance(module, ModuleNode) or module.part is None:
            continue
        part = module.part
        if terminal.name not in switched_terminals(part):
            continue
        number, label, where = module.part_number, f"load {load.label}", module.pointer
        contacts = part.contacts
        on_contact = contacts is not None and any(
            terminal.name in (c.no, c.nc) for c in contacts.terminals.sets
        )
        if load.inrush_current is not None:
            missing = _inrush_missing(pg, module, terminal.name, on_contact)
            if missing is not None:
                yield _atom(number, "ELE008", missing, label, where)
        if load.switching_rate is not None and on_contact and contacts is not None:
            # ELE009 and ELE010 are about relay contacts; a solid-state output has no
            # switching frequency with load or electrical life to judge
            if contacts.switching_rate is None:
                fact = "a maximum switching frequency with load"
                yield _atom(number, "ELE009", fact, label, where)
            if operating_time is not None and contacts.electrical_life is None:
                yield _atom(number, "ELE010", "an electrical life", label, where)


def _inrush_missing(pg: PanelGraph, module: ModuleNode, name: str, on_contact: bool) -> str | None:
    """What the module's sheet lacks to judge an inrush current at terminal ``name``."""
    part = module.part
    assert part is not None
    if not on_contact:
        output = part.ssr_output
        missing = output is None or output.peak_current is None
        return "a peak output current" if missing else None
    assert part.contacts is not None
    limit = part.contacts.inrush
    if limit is None:
        return "an inrush limit"
    for circuit in contact_circuits(pg, module):
        if name not in (circuit.contact.no, circuit.contact.nc):
            continue
        if circuit.voltage is None:  # no net on the contact: AC or DC is not known
            stated = " and ".join(limit.accepts)
            return f"an inrush limit for a circuit of unknown current type (only for {stated})"
        kind = "AC" if circuit.voltage.ac else "DC"
        if kind not in limit.accepts:
            return f"an inrush limit for {kind} (only for {' and '.join(limit.accepts)})"
    return None


def _order(pointer: str) -> tuple[Any, ...]:
    """File order of a JSON Pointer: ``/rails/2/items/10`` after ``/rails/2/items/9``."""
    return tuple(int(t) if t.isdigit() else t for t in pointer.split("/"))


def _combine(reports: list[Report]) -> list[Report]:
    """One finding per part number: the facts its sheet lacks, each with its rule and
    the elements not judged, in file order; at the first module of the part."""
    by_part: dict[str, dict[tuple[str, str], list[tuple[tuple[Any, ...], str]]]] = {}
    first: dict[str, str] = {}
    for report in reports:
        number = report.subject or ""
        rule_, fact, label = report.detail
        by_part.setdefault(number, {}).setdefault((rule_, fact), []).append(
            (_order(report.pointer), label)
        )
        if number not in first or _order(report.pointer) < _order(first[number]):
            first[number] = report.pointer
    findings = []
    for number in sorted(by_part):
        clauses = []
        for (rule_, fact), elements in sorted(by_part[number].items()):
            labels = list(dict.fromkeys(label for _, label in sorted(elements)))
            clauses.append(f"{fact} ({rule_} not judged for {few(labels, last=' and ')})")
        findings.append(
            Report(
                number,
                first[number],
                f"part {number}: its catalog entry does not state {'; '.join(clauses)}. "
                "A catalog of your own can add what another source states",
            )
        )
    return findings
