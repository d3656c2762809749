"""A real rail: relays, terminal blocks from a user catalog, and devices (SPEC v2).

The terminal blocks are modules of tests/catalogs/terminal-blocks/2002.toml (not shipped:
no data sheet here, so every value is marked assumed): a 2-conductor and a 4-conductor
through block, their push-in jumpers and end plates. With clamps joined by internal
links rated at the block's rated current, every jumper, wiring, enclosure, short-circuit
and current rule applies to them; a device (the power supply) takes rail length,
interrupts jumpers and rows, and closes no open side. The README's "Your own parts"
shows this catalog.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ROOT, pairs

from panelcheck.catalog import load_catalog
from panelcheck.cli import main
from panelcheck.engine.core import Engine, Options
from panelcheck.findings import FileResult

BLOCKS = ROOT / "tests" / "catalogs" / "terminal-blocks"
ENGINE = Engine(Options(select=("ALL",)), catalog=load_catalog([BLOCKS]))

CLEAN: dict[str, Any] = {
    "format": "panelcheck/1",
    "panel": {"name": "CP-12 mixed rail", "ambient": "40 degC"},
    "nets": {
        "+24V": {"voltage": "24 V DC", "feed": "PS1:+"},
        "0V": {"voltage": "0 V DC"},
        "L1": {"voltage": "230 V AC"},
        "M1": {"voltage": "230 V AC"},
    },
    "rails": [
        {
            "id": "X1",
            "length": "300 mm",
            "items": [
                {"type": "end_stop", "part": "249-116"},
                {
                    "type": "module",
                    "id": "K1",
                    "part": "859-390",
                    "terminals": {"A1": "+24V", "A2": "0V", "11": "L1", "14": "M1"},
                },
                {"type": "end_plate", "part": "859-525"},
                {"type": "module", "id": "T1", "part": "2002-1201", "terminals": {"1": "+24V"}},
                {"type": "module", "id": "T2", "part": "2002-1201"},
                {"type": "module", "id": "T3", "part": "2002-1401", "terminals": {"1": "0V"}},
                {"type": "end_plate", "id": "P3", "part": "2002-1491"},
                {
                    "type": "device",
                    "id": "PS1",
                    "width": "22.5 mm",
                    "description": "power supply 24 V DC, 5 A",
                    "part": "787-1602",
                    "terminals": {"+": "+24V", "-": "0V"},
                },
                {"type": "end_stop", "part": "249-116"},
            ],
            "jumpers": [{"id": "JB1", "part": "2002-402", "slot": "1", "from": "T1"}],
        }
    ],
    "wires": [
        {
            "id": "W1",
            "terminal": "T1:2",
            "cross_section": "1.5 mm^2",
            "conductor": "fine_stranded",
            "ferrule": "216-224",
            "strip_length": "11 mm",
        },
        {
            "id": "W2",
            "terminal": "T3:2",
            "cross_section": "0.75 mm^2",
            "conductor": "fine_stranded",
        },
        {"id": "W3", "terminal": "PS1:-", "cross_section": "2.5 mm^2", "conductor": "solid"},
    ],
    "loads": [
        {
            "id": "M1-contactor",
            "terminal": "K1:14",
            "current": "0.4 A",
            "kind": "inductive",
            "suppression": "rc",
        },
        {"id": "Y1-valves", "terminal": "T2:2", "current": "2 A"},
    ],
}


def run(layout: dict[str, Any]) -> FileResult:
    result = ENGINE.check_text("rail.json", json.dumps(layout, indent=2))
    assert not result.invalid, [f.message for f in result.findings]
    return result


def changed(**what: Any) -> dict[str, Any]:
    layout = copy.deepcopy(CLEAN)
    rail = layout["rails"][0]
    for key, value in what.items():
        if key == "items":
            rail["items"] = value(rail["items"])
        elif key == "jumper":
            rail["jumpers"][0].update(value)
        elif key == "wire":
            layout["wires"][0].update(value)
        else:
            layout[key] = value(layout[key])
    return layout


def item(layout: dict[str, Any], ident: str) -> dict[str, Any]:
    return next(i for i in layout["rails"][0]["items"] if i.get("id") == ident)


def test_the_mixed_rail_is_clean() -> None:
    assert pairs(run(CLEAN)) == set()


# --- jumpers on terminal blocks ----------------------------------------------------------


def test_a_relay_jumper_on_terminal_blocks_is_not_listed() -> None:
    result = run(changed(jumper={"part": "859-402"}))
    assert ("JMP001", "JB1") in pairs(result)


def test_a_device_interrupts_a_jumper_and_so_does_a_plate() -> None:
    layout = changed(jumper={"part": "2002-403", "from": "T2"})
    assert ("JMP002", "JB1") in pairs(run(layout))


def test_a_jumper_in_a_slot_the_block_does_not_have() -> None:
    assert ("JMP003", "JB1") in pairs(run(changed(jumper={"slot": "2"})))


def test_current_through_the_jumper_and_the_blocks_current_bar() -> None:
    layout = changed(loads=lambda loads: [*loads[:1], {**loads[1], "current": "30 A"}])
    layout["nets"]["+24V"]["feed"] = "T1:1"
    found = pairs(run(layout))
    assert ("JMP004", "JB1") in found  # 30 A through the 25 A bar from T1 to T2
    assert ("ELE004", "T2") in found  # and through T2's 24 A link from 1 to 2


def test_a_short_through_the_blocks_internal_link() -> None:
    layout = copy.deepcopy(CLEAN)
    item(layout, "T3")["terminals"] = {"1": "0V", "4": "+24V"}
    assert ("NET001", "T3") in pairs(run(layout))


# --- wiring on terminal blocks -----------------------------------------------------------


@pytest.mark.parametrize(
    ("wire", "code"),
    [
        ({"cross_section": "4 mm^2", "ferrule": None}, "WIR001"),
        ({"ferrule": "216-222"}, "WIR002"),
        ({"cross_section": "0.25 mm^2", "ferrule": "216-321"}, "WIR003"),
        ({"conductor": "solid"}, "WIR004"),
        ({"strip_length": "6 mm"}, "WIR007"),
    ],
)
def test_wiring_rules_judge_terminal_blocks(wire: dict[str, Any], code: str) -> None:
    layout = changed(wire=wire)
    layout["wires"][0] = {k: v for k, v in layout["wires"][0].items() if v is not None}
    assert (code, "W1") in pairs(run(layout))


def test_a_conductor_class_the_block_is_not_rated_for() -> None:
    layout = copy.deepcopy(CLEAN)
    layout["wires"][1]["conductor"] = "solid"
    assert ("WIR008", "W2") in pairs(run(layout))


def test_two_wires_in_one_clamp_of_a_block() -> None:
    layout = copy.deepcopy(CLEAN)
    layout["wires"].append({**layout["wires"][0], "id": "W9"})
    assert ("WIR006", "T1:2") in pairs(run(layout))


# --- end plates, series, devices ---------------------------------------------------------


def test_a_block_whose_open_side_faces_a_device_needs_its_end_plate() -> None:
    layout = changed(items=lambda items: [i for i in items if i.get("id") != "P3"])
    result = run(layout)
    assert ("IPX001", "T3") in pairs(result)
    (finding,) = [f for f in result.findings if f.code == "IPX001"]
    assert "device PS1 (power supply 24 V DC, 5 A)" in finding.message


def test_a_relay_plate_next_to_a_block_is_not_listed() -> None:
    layout = copy.deepcopy(CLEAN)
    item(layout, "P3")["part"] = "859-525"
    assert ("IPX002", "P3") in pairs(run(layout))


def test_relays_and_blocks_side_by_side_are_different_series() -> None:
    layout = changed(items=lambda items: [i for i in items if i.get("part") != "859-525"])
    found = pairs(run(layout))
    assert ("IPX004", "T1") in found and ("IPX001", "K1") in found


def test_a_device_is_counted_for_rail_fill() -> None:
    layout = copy.deepcopy(CLEAN)
    layout["rails"][0]["length"] = "50 mm"
    result = run(layout)
    (finding,) = [f for f in result.findings if f.code == "MEC001"]
    assert "PS1 (device) at 22.5 mm" in finding.message


def test_a_device_is_never_the_subject_of_ipx004() -> None:
    layout = changed(items=lambda items: [i for i in items if i.get("id") != "P3"])
    assert not [s for c, s in pairs(run(layout)) if c == "IPX004"]


def test_a_wire_to_a_terminal_the_device_does_not_map_is_lay005() -> None:
    layout = copy.deepcopy(CLEAN)
    layout["wires"][2]["terminal"] = "PS1:L"
    assert ("LAY005", "W3") in pairs(run(layout))


def test_a_module_cannot_be_jumpered_from_a_device() -> None:
    layout = changed(jumper={"from": "PS1"})
    assert ("LAY003", "JB1") in pairs(run(layout))


def test_a_block_without_a_temperature_range_is_not_judged_on_the_ambient() -> None:
    layout = copy.deepcopy(CLEAN)
    layout["panel"]["ambient"] = "70 degC"  # the 859-390 is rated to 70 °C
    assert pairs(run(layout)) == set()


# --- the command line ------------------------------------------------------------------------


def test_validate_bom_and_render_take_the_catalog(tmp_path: Path) -> None:
    rail = tmp_path / "rail.json"
    rail.write_text(json.dumps(CLEAN, indent=2), encoding="utf-8")
    runner = CliRunner()
    checked = runner.invoke(main, ["validate", "--catalog", str(BLOCKS), str(rail)])
    assert checked.exit_code == 0, checked.output
    bom = runner.invoke(main, ["bom", "--catalog", str(BLOCKS), str(rail)])
    assert "787-1602" in bom.output and "(device, not checked)" in bom.output
    assert "2002-1201" in bom.output
    drawn = runner.invoke(
        main, ["render", "--catalog", str(BLOCKS), str(rail), "-o", str(tmp_path / "r.svg")]
    )
    assert drawn.exit_code == 0, drawn.output
    svg = (tmp_path / "r.svg").read_text(encoding="utf-8")
    assert "power supply 24 V DC, 5 A" in svg and "device (not checked)" in svg


def test_catalog_shows_what_a_block_cannot_be_judged_on() -> None:
    result = CliRunner().invoke(main, ["catalog", "--catalog", str(BLOCKS), "2002-1401"])
    assert result.exit_code == 0
    assert "temperature: ELE005" in result.output and "strip length: WIR007" in result.output


def test_the_graph_export_has_the_device_and_its_terminals(tmp_path: Path) -> None:
    rail = tmp_path / "rail.json"
    rail.write_text(json.dumps(CLEAN, indent=2), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["graph", "--catalog", str(BLOCKS), str(rail), "--format", "json"]
    )
    graph = json.loads(result.output)
    kinds = {n["id"]: n["kind"] for n in graph["nodes"]}
    assert kinds["device:PS1"] == "device"
    has = {(e["source"], e["target"]) for e in graph["edges"] if e["kind"] == "has"}
    assert ("device:PS1", "terminal:PS1:+") in has
