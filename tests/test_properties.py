"""Generated layouts: every valid one is read without complaint, every broken one is
answered with findings, never an exception.

The strategy builds layouts the way a designer would, from the catalog: nets with
voltages in any accepted spelling, rails of modules (any family) with their terminals
mapped to declared nets, end plates and stops with or without ids, jumper bars starting
at a module of their rail, wires and loads landing on existing terminals, nets fed at
existing terminals, waivers naming existing subjects. Such a layout may well break
design rules (that is what panelcheck is for) but must never give LAY000 (not format
1) or LAY001-LAY005 (a reference that does not resolve). Mutations of it (a key
dropped, a value replaced by something of the wrong type, a reference pointed
elsewhere, a list emptied or doubled) must give findings or LAY000, never a traceback,
and every finding must have a position.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from conftest import UNRESOLVED as RESOLVED_BY_GRAPH
from conftest import engine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from panelcheck.catalog import EndPlatePart, EndStopPart, FerrulePart, JumperPart, ModulePart
from panelcheck.engine.ruleset import load_rules

CATALOG = engine().catalog
MODULES = sorted(n for n, p in CATALOG.parts.items() if isinstance(p, ModulePart))
PLATES = sorted(n for n, p in CATALOG.parts.items() if isinstance(p, EndPlatePart))
STOPS = sorted(n for n, p in CATALOG.parts.items() if isinstance(p, EndStopPart))
JUMPERS = sorted(n for n, p in CATALOG.parts.items() if isinstance(p, JumperPart))
FERRULES = sorted(n for n, p in CATALOG.parts.items() if isinstance(p, FerrulePart))
RULES = sorted(load_rules())
UNRESOLVED = RESOLVED_BY_GRAPH | {"LAY000"}

VOLTAGES = st.sampled_from(
    ["24 V DC", "24 VDC", "24VDC", "0 V DC", "230 V AC", "230VAC", "12 V", "-24 V DC", "5 V DC"]
)
AREAS = st.sampled_from(["0.5 mm^2", "0.75 mm²", "1.5 mm2", "2.5 mm^2", "18 AWG", "AWG 20"])
CURRENTS = st.sampled_from(["10 mA", "0.5 A", "80 mA", "2 A", "6 A", "0 A"])
IMPEDANCES = st.sampled_from(["250 ohm", "1 kΩ", "600 Ω", "10 kohm"])
NAMES = st.text(  # what an id may be: no whitespace of any script, no ':'
    alphabet=st.characters(
        codec="utf-8",
        exclude_characters=":",
        exclude_categories=["Cs", "Cc", "Cf", "Cn", "Zs", "Zl", "Zp"],
    ),
    min_size=1,
    max_size=12,
)


@st.composite
def layouts(draw: st.DrawFn) -> dict[str, Any]:
    used: set[str] = set()

    def fresh(prefix: str) -> str:
        name = draw(NAMES.filter(lambda n: n not in used).map(lambda n: f"{prefix}{n}"))
        if name in used:
            name = f"{name}-{len(used)}"
        used.add(name)
        return name

    nets = {fresh("N"): {"voltage": draw(VOLTAGES)} for _ in range(draw(st.integers(1, 5)))}
    net_names = sorted(nets)
    rails, terminals, ids = [], [], []
    for _ in range(draw(st.integers(1, 3))):
        rail_id = fresh("X")
        ids.append(rail_id)
        items, modules = [], []
        for _ in range(draw(st.integers(0, 8))):
            kind = draw(st.sampled_from(["module", "module", "module", "end_plate", "end_stop"]))
            if kind == "module":
                part = draw(st.sampled_from(MODULES))
                names = CATALOG.parts[part].terminals.names
                mid = fresh("K")
                mapped = draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
                item: dict[str, Any] = {"type": "module", "id": mid, "part": part}
                if mapped or draw(st.booleans()):
                    item["terminals"] = {t: draw(st.sampled_from(net_names)) for t in mapped}
                modules.append((len(items), mid, part))
                terminals += [f"{mid}:{t}" for t in names]
                ids.append(mid)
            else:
                part = draw(st.sampled_from(PLATES if kind == "end_plate" else STOPS))
                item = {"type": kind, "part": part}
                if draw(st.booleans()):
                    item["id"] = fresh("P")
                    ids.append(item["id"])
            items.append(item)
        jumpers = []
        for _ in range(draw(st.integers(0, 2)) if modules else 0):
            _, start, part = draw(st.sampled_from(modules))
            slots = CATALOG.parts[part].jumper_slots.names
            jumper = {
                "id": fresh("JB"),
                "part": draw(st.sampled_from(JUMPERS)),
                "slot": draw(st.sampled_from(slots)) if slots else "A1",
                "from": start,
            }
            ids.append(jumper["id"])
            jumpers.append(jumper)
        rail: dict[str, Any] = {"id": rail_id, "length": draw(st.sampled_from(["300 mm", "1 m"]))}
        if items or draw(st.booleans()):
            rail["items"] = items
        if jumpers:
            rail["jumpers"] = jumpers
        rails.append(rail)
    layout: dict[str, Any] = {"format": "panelcheck/1", "nets": nets, "rails": rails}
    if draw(st.booleans()):
        layout["panel"] = {"name": draw(NAMES), "ambient": draw(st.sampled_from(["40 degC"]))}
    if terminals:
        for name in draw(st.lists(st.sampled_from(net_names), unique=True, max_size=2)):
            nets[name]["feed"] = draw(st.sampled_from(terminals))
        wires = []
        for _ in range(draw(st.integers(0, 4))):
            wire = {
                "id": fresh("W"),
                "terminal": draw(st.sampled_from(terminals)),
                "cross_section": draw(AREAS),
                "conductor": draw(st.sampled_from(["solid", "stranded", "fine_stranded"])),
            }
            if draw(st.booleans()):
                wire["ferrule"] = draw(st.sampled_from(FERRULES))
            if draw(st.booleans()):
                wire["strip_length"] = draw(st.sampled_from(["6 mm", "10 mm", "15 mm"]))
            ids.append(wire["id"])
            wires.append(wire)
        loads = []
        for _ in range(draw(st.integers(0, 3))):
            load: dict[str, Any] = {"id": fresh("Q"), "terminal": draw(st.sampled_from(terminals))}
            if draw(st.booleans()):
                load["current"] = draw(CURRENTS)
            else:
                load["impedance"] = draw(IMPEDANCES)
            ids.append(load["id"])
            loads.append(load)
        layout["wires"], layout["loads"] = wires, loads
    if draw(st.booleans()):
        layout["waivers"] = [
            {
                "rule": draw(st.sampled_from(RULES)),
                "subject": draw(st.sampled_from(ids + net_names)),
                "reason": "accepted in review",
            }
        ]
    if draw(st.booleans()):
        layout["x-editor"] = {"zoom": draw(st.integers(1, 4))}
    return layout


def check(layout: Any, indent: int | None = 2) -> Any:
    result = engine().check_text("generated.json", json.dumps(layout, indent=indent))
    assert all(f.line >= 1 and f.column >= 1 for f in result.findings)
    return result


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layout=layouts(), indent=st.sampled_from([None, 1, 2, 4]))
def test_a_valid_layout_is_read_without_complaint(layout: dict[str, Any], indent: int) -> None:
    result = check(layout, indent)
    unexpected = [f"{f.code}: {f.message}" for f in result.findings if f.code in UNRESOLVED]
    assert not unexpected, json.dumps(layout, indent=1)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


REPLACEMENTS = st.sampled_from(
    [
        *(None, True, 0, -1, 1e308, "", "x", "K1:A1", "-5 A", "1e999 mm^2", "10**10**10 A"),
        *([], {}, [{}], {"id": "K1"}, "🙂" * 3, "a" * 300),
    ]
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layout=layouts(), data=st.data())
def test_a_mutated_layout_gives_findings_never_an_exception(
    layout: dict[str, Any], data: st.DataObject
) -> None:
    mutated = copy.deepcopy(layout)
    for _ in range(data.draw(st.integers(1, 3))):
        paths = [p for p in _paths(mutated) if p]
        if not paths:
            break
        path = data.draw(st.sampled_from(paths))
        parent: Any = mutated
        for step in path[:-1]:
            parent = parent[step]
        action = data.draw(st.sampled_from(["drop", "replace", "double", "borrow"]))
        last = path[-1]
        if action == "drop":
            del parent[last]
        elif action == "replace":
            # a copy: the lists and objects among them are shared by every draw, and one
            # placed twice and then changed would contain itself
            parent[last] = copy.deepcopy(data.draw(REPLACEMENTS))
        elif action == "double" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))  # repeats its id too
        else:  # a value from elsewhere in the layout: a reference pointed at anything
            donor = data.draw(st.sampled_from(paths))
            value: Any = mutated
            for step in donor:
                value = value[step] if isinstance(value, (dict, list)) else value
            parent[last] = copy.deepcopy(value)
    check(mutated)
