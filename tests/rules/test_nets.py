"""NET001: a jumper or an internal link that joins terminals of different nets.

Terminals joined by jumpers and by the links inside 857-411 (3 with 7, 4 with 8, rated
1 A) are one conductor; two nets on it are a short circuit.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import STOP, jumper, module, only, pairs, panel, row, run

BLUE2 = "859-402/000-006"
BLUE3 = "859-403/000-006"
NETS: dict[str, Any] = {
    "+24V": {"voltage": "24 V DC"},
    "+24V-B": {"voltage": "24 V DC"},
    "0V": {"voltage": "0 V DC"},
}


def amplifier(mid: str, **terminals: str) -> dict[str, Any]:
    return module(mid, "857-411", **{f"_{k.lstrip('_')}": v for k, v in terminals.items()})


def test_jumper_across_0v_and_24v_is_a_short_circuit_on_the_jumper() -> None:
    layout = panel(
        *row(module("K1", A2="0V"), module("K2", A2="+24V")),
        nets=NETS,
        jumpers=[jumper("JB1", BLUE2, "A2", "K1")],
    )
    assert pairs(run(layout), "NET001") == {("NET001", "JB1")}


def test_short_circuit_message_names_the_jumper_both_nets_and_terminals() -> None:
    layout = panel(
        *row(module("K1", A2="0V"), module("K2", A2="+24V")),
        nets=NETS,
        jumpers=[jumper("JB1", BLUE2, "A2", "K1")],
    )
    (finding,) = only(run(layout), "NET001")
    for text in ("JB1", "0V", "+24V", "K1:A2", "K2:A2", "short circuit"):
        assert text in finding.message


def test_two_nets_at_the_same_voltage_are_still_different_nets() -> None:
    layout = panel(
        *row(module("K1", A1="+24V"), module("K2", A1="+24V-B")),
        nets=NETS,
        jumpers=[jumper("JB1", BLUE2, "A1", "K1")],
    )
    assert pairs(run(layout), "NET001") == {("NET001", "JB1")}


def test_jumper_commoning_one_net_is_silent() -> None:
    layout = panel(
        *row(module("K1", A2="0V"), module("K2", A2="0V"), module("K3", A2="0V")),
        nets=NETS,
        jumpers=[jumper("JB1", BLUE3, "A2", "K1")],
    )
    assert pairs(run(layout), "NET001") == set()


def test_jumper_through_an_unmapped_terminal_still_shorts_the_nets_at_its_ends() -> None:
    # K2:A2 is left unmapped: the bar is still one conductor from K1 to K3.
    layout = panel(
        *row(module("K1", A2="0V"), module("K2"), module("K3", A2="+24V")),
        nets=NETS,
        jumpers=[jumper("JB1", BLUE3, "A2", "K1")],
    )
    assert pairs(run(layout), "NET001") == {("NET001", "JB1")}


def test_jumper_with_unmapped_terminals_and_one_net_is_silent() -> None:
    layout = panel(
        *row(module("K1", A2="0V"), module("K2"), module("K3")),
        nets=NETS,
        jumpers=[jumper("JB1", BLUE3, "A2", "K1")],
    )
    assert pairs(run(layout), "NET001") == set()


def test_jumper_into_857_411_terminal_3_shorts_through_its_internal_link_to_7() -> None:
    # JB1 commons A1:3 (+24V) with A2:3 (unmapped); inside A2, 3 is linked to 7 (+24V-B).
    layout = panel(
        STOP,
        amplifier("A1", _3="+24V"),
        amplifier("A2", _7="+24V-B"),
        STOP,
        nets=NETS,
        jumpers=[jumper("JB1", BLUE2, "3", "A1")],
    )
    result = run(layout)
    assert pairs(result, "NET001") == {("NET001", "JB1")}
    (finding,) = only(result, "NET001")
    assert "A1:3" in finding.message
    assert "A2:7" in finding.message


def test_jumper_into_857_411_terminal_4_shorts_through_its_internal_link_to_8() -> None:
    layout = panel(
        STOP,
        amplifier("A1", _4="0V"),
        amplifier("A2", _8="+24V"),
        STOP,
        nets=NETS,
        jumpers=[jumper("JB1", BLUE2, "4", "A1")],
    )
    assert pairs(run(layout), "NET001") == {("NET001", "JB1")}


def test_supply_jumpered_through_857_411_internal_links_on_one_net_is_silent() -> None:
    layout = panel(
        STOP,
        amplifier("A1", _3="+24V", _4="0V"),
        amplifier("A2", _7="+24V", _8="0V"),
        STOP,
        nets=NETS,
        jumpers=[jumper("JB1", BLUE2, "3", "A1"), jumper("JB2", BLUE2, "4", "A1")],
    )
    assert pairs(run(layout), "NET001") == set()


@pytest.mark.parametrize(("a", "b"), [("3", "7"), ("4", "8")])
def test_internal_link_alone_joining_two_nets_is_reported_on_the_module(a: str, b: str) -> None:
    layout = panel(STOP, amplifier("A1", **{a: "+24V", b: "0V"}), STOP, nets=NETS)
    result = run(layout)
    assert pairs(result, "NET001") == {("NET001", "A1")}
    (finding,) = only(result, "NET001")
    for text in ("A1", "857-411", f"A1:{a}", f"A1:{b}", "+24V", "0V", "1 A"):
        assert text in finding.message


def test_internal_link_alone_points_at_the_module() -> None:
    layout = panel(STOP, amplifier("A1", _3="+24V", _7="0V"), STOP, nets=NETS)
    (finding,) = only(run(layout), "NET001")
    lines = json.dumps(layout, indent=2).splitlines()
    id_line = next(i for i, line in enumerate(lines) if '"id": "A1"' in line)
    start = max(i for i in range(id_line) if lines[i].strip() == "{")
    assert (finding.line, finding.column) == (start + 1, lines[start].index("{") + 1)


def test_857_411_supply_and_ground_on_their_own_nets_is_silent() -> None:
    # 3 and 4 are not linked to each other: +24V on 3/7 and 0V on 4/8 is the normal wiring.
    layout = panel(STOP, amplifier("A1", _3="+24V", _7="+24V", _4="0V", _8="0V"), STOP, nets=NETS)
    assert pairs(run(layout), "NET001") == set()


def test_relay_terminals_on_different_nets_are_not_linked_inside() -> None:
    # A relay's coil and contact terminals are not commoned: different nets are normal.
    layout = panel(*row(module("K1", A1="+24V", A2="0V", _11="+24V-B")), nets=NETS)
    assert pairs(run(layout), "NET001") == set()


def test_short_circuit_points_at_the_jumper_slot() -> None:
    layout = panel(
        *row(module("K1", A2="0V"), module("K2", A2="+24V")),
        nets=NETS,
        jumpers=[jumper("JB1", BLUE2, "A2", "K1")],
    )
    (finding,) = only(run(layout), "NET001")
    text = json.dumps(layout, indent=2)
    lines = text.splitlines()
    id_line = next(i for i, line in enumerate(lines) if '"id": "JB1"' in line)
    slot_line = next(i for i in range(id_line, len(lines)) if '"slot": "A2"' in lines[i])
    column = lines[slot_line].index('"A2"') + 1
    assert (finding.line, finding.column) == (slot_line + 1, column)


def test_a_long_comb_names_the_first_five_terminals_of_a_net_and_counts_the_rest() -> None:
    modules = [module(f"K{n}", A2="0V") for n in range(1, 51)] + [module("K51", A2="+24V")]
    layout = panel(
        *row(*modules),
        nets=NETS,
        jumpers=[jumper(f"JB{n}", BLUE2, "A2", f"K{n}") for n in range(1, 51)],
        length="1000 mm",
    )
    (finding,) = only(run(layout), "NET001")
    assert (
        "joins net 0V (K1:A2, K2:A2, K3:A2, K4:A2, K5:A2 and 45 more) and net +24V (K51:A2)"
        in finding.message
    )
    assert "K6:A2" not in finding.message and len(finding.message) < 300
