"""JMP005: jumper colour against the colour convention (off by default).

Default convention: blue on 0 V nets (0 V DC and N at 0 V AC), red on positive DC nets; AC
phases and negative DC nets have none. 859-402 is light gray, /000-005 red, /000-006 blue,
/000-029 yellow; 281-482 is gray. Parameters zero_volt and positive_dc list the accepted
colours.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import STOP, jumper, module, only, pairs, panel, row
from conftest import run_checked as run

from panelcheck.engine.core import Engine, Options

GRAY = "859-402"
RED = "859-402/000-005"
BLUE = "859-402/000-006"
YELLOW = "859-402/000-029"


def bar(part: str, net: str, voltage: str, slot: str = "11") -> dict[str, Any]:
    """Two relays with ``slot`` on ``net`` commoned by a 2-way ``part``."""
    terminals = {f"_{slot}": net}
    return panel(
        *row(module("K1", **terminals), module("K2", **terminals)),
        nets={net: {"voltage": voltage}},
        jumpers=[jumper("JB1", part, slot, "K1")],
    )


def test_blue_jumper_on_a_positive_dc_net_warns_red_expected() -> None:
    result = run(bar(BLUE, "+24V", "24 V DC"))
    assert pairs(result, "JMP005") == {("JMP005", "JB1")}
    (finding,) = only(result, "JMP005")
    assert finding.severity == "warning"
    assert "blue" in finding.message
    assert "+24V" in finding.message
    assert "red" in finding.message


def test_red_jumper_on_0_volts_warns_blue_expected() -> None:
    result = run(bar(RED, "0V", "0 V DC", slot="A2"))
    assert pairs(result, "JMP005") == {("JMP005", "JB1")}
    (finding,) = only(result, "JMP005")
    assert "red" in finding.message
    assert "0V" in finding.message
    assert "blue" in finding.message


@pytest.mark.parametrize(
    ("part", "net", "voltage"),
    [
        (BLUE, "0V", "0 V DC"),
        (BLUE, "N", "0 V AC"),
        (RED, "+24V", "24 V DC"),
        (RED, "+5V", "5 V DC"),
    ],
)
def test_jumper_of_the_convention_colour_passes(part: str, net: str, voltage: str) -> None:
    assert pairs(run(bar(part, net, voltage)), "JMP005") == set()


@pytest.mark.parametrize(
    ("part", "net", "voltage"),
    [(GRAY, "0V", "0 V DC"), (YELLOW, "N", "0 V AC"), (GRAY, "+24V", "24 V DC")],
)
def test_other_colours_on_convention_nets_warn(part: str, net: str, voltage: str) -> None:
    assert pairs(run(bar(part, net, voltage)), "JMP005") == {("JMP005", "JB1")}


@pytest.mark.parametrize(
    ("part", "net", "voltage"),
    [
        (GRAY, "L1", "230 V AC"),
        (BLUE, "L1", "230 V AC"),
        (RED, "L1", "230 V AC"),
        (GRAY, "-24V", "-24 V DC"),
    ],
)
def test_ac_phases_and_negative_dc_have_no_convention(part: str, net: str, voltage: str) -> None:
    assert pairs(run(bar(part, net, voltage)), "JMP005") == set()


def test_jumper_across_two_nets_is_left_to_net001() -> None:
    layout = panel(
        *row(module("K1", _11="+24V"), module("K2", _11="0V")),
        nets={"+24V": {"voltage": "24 V DC"}, "0V": {"voltage": "0 V DC"}},
        jumpers=[jumper("JB1", BLUE, "11", "K1")],
    )
    result = run(layout)
    assert pairs(result, "JMP005") == set()
    assert ("NET001", "JB1") in pairs(result)


def test_jumper_with_one_mapped_terminal_is_judged_by_that_net() -> None:
    layout = panel(
        *row(module("K1", _11="+24V"), module("K2")),
        nets={"+24V": {"voltage": "24 V DC"}},
        jumpers=[jumper("JB1", BLUE, "11", "K1")],
    )
    assert pairs(run(layout), "JMP005") == {("JMP005", "JB1")}


def test_jumper_on_unmapped_terminals_is_not_judged() -> None:
    layout = panel(*row(module("K1"), module("K2")), jumpers=[jumper("JB1", BLUE, "11", "K1")])
    assert pairs(run(layout), "JMP005") == set()


def test_jumper_colour_is_off_in_the_default_selection() -> None:
    layout = bar(BLUE, "+24V", "24 V DC")
    assert pairs(run(layout, select=None), "JMP005") == set()
    assert pairs(run(layout, select=("JMP005",)), "JMP005") == {("JMP005", "JB1")}


def test_jumper_colour_runs_when_selected_by_family() -> None:
    assert pairs(run(bar(BLUE, "+24V", "24 V DC"), select=("JMP",)), "JMP005") == {
        ("JMP005", "JB1")
    }


def _check(layout: dict[str, Any], params: dict[str, Any]) -> set[tuple[str, str | None]]:
    engine = Engine(Options(select=("JMP005",), params={"JMP005": params}))
    result = engine.check_text("layout.json", json.dumps(layout, indent=2))
    assert not result.invalid, [f.message for f in result.findings]
    return pairs(result, "JMP005")


def _gray_on_zero_volts() -> dict[str, Any]:
    """Two 857-411 with a gray 281-482 on their GND terminal 4."""
    return panel(
        STOP,
        module("A1", "857-411", _4="0V"),
        module("A2", "857-411", _4="0V"),
        STOP,
        nets={"0V": {"voltage": "0 V DC"}},
        jumpers=[jumper("JB1", "281-482", "4", "A1")],
    )


def test_zero_volt_parameter_changes_the_expected_colour() -> None:
    gray = _gray_on_zero_volts()
    blue = bar(BLUE, "0V", "0 V DC", slot="A2")
    # Default convention: blue wanted on 0 V.
    assert _check(gray, {}) == {("JMP005", "JB1")}
    assert _check(blue, {}) == set()
    # Gray wanted on 0 V instead.
    assert _check(gray, {"zero_volt": ["gray"]}) == set()
    assert _check(blue, {"zero_volt": ["gray"]}) == {("JMP005", "JB1")}


def test_zero_volt_parameter_message_names_the_configured_colour() -> None:
    engine = Engine(Options(select=("JMP005",), params={"JMP005": {"zero_volt": ["gray"]}}))
    layout = bar(BLUE, "0V", "0 V DC", slot="A2")
    result = engine.check_text("layout.json", json.dumps(layout, indent=2))
    (finding,) = only(result, "JMP005")
    assert "gray" in finding.message
    assert "blue" in finding.message


def test_zero_volt_parameter_leaves_the_positive_dc_convention_alone() -> None:
    assert _check(bar(RED, "+24V", "24 V DC"), {"zero_volt": ["gray"]}) == set()
    assert _check(bar(BLUE, "+24V", "24 V DC"), {"zero_volt": ["gray"]}) == {("JMP005", "JB1")}


def test_positive_dc_parameter_accepts_a_list_of_colours() -> None:
    params = {"positive_dc": ["red", "light gray"]}
    assert _check(bar(GRAY, "+24V", "24 V DC"), params) == set()
    assert _check(bar(RED, "+24V", "24 V DC"), params) == set()
    assert _check(bar(YELLOW, "+24V", "24 V DC"), params) == {("JMP005", "JB1")}


def test_jumper_colour_points_at_the_jumper_part() -> None:
    layout = bar(BLUE, "+24V", "24 V DC")
    text = json.dumps(layout, indent=2)
    (finding,) = only(run(layout), "JMP005")
    lines = text.splitlines()
    (n,) = [i for i, line in enumerate(lines) if f'"part": "{BLUE}"' in line]
    assert (finding.line, finding.column) == (n + 1, lines[n].index(f'"{BLUE}"') + 1)
