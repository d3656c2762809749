"""JMP001-JMP003: jumper bars that do not fit the modules they cover.

859-402...859-410 are 2- to 10-way bars (colour suffixes /000-005 red, /000-006 blue,
/000-029 yellow) listed by all 859 modules and by 857-411; 281-482 is a 2-way jumper listed
by 857-411 only. Jumper slots (assumed): A1, A2, 11 on the relays, A1, A2, 13 on 859-753,
3 and 4 on 857-411.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import PLATE, STOP, jumper, module, only, pairs, panel, row, run, value_position

BLUE2 = "859-402/000-006"
BLUE3 = "859-403/000-006"


def item(kind: str, ident: str | None = None, part: str | None = None) -> dict[str, Any]:
    d: dict[str, Any] = {
        "type": kind,
        "part": part or ("859-525" if kind == "end_plate" else "249-116"),
    }
    if ident:
        d["id"] = ident
    return d


# --- JMP001: jumper incompatible -------------------------------------------------------------


def test_jumper_281_482_on_859_relays_is_incompatible() -> None:
    layout = panel(*row(module("K1"), module("K2")), jumpers=[jumper("JB1", "281-482", "A2", "K1")])
    assert pairs(run(layout), "JMP001") == {("JMP001", "JB1")}


def test_jumper_281_482_on_isolation_amplifiers_is_compatible() -> None:
    layout = panel(
        STOP,
        module("A1", "857-411"),
        module("A2", "857-411"),
        STOP,
        jumpers=[jumper("JB1", "281-482", "3", "A1")],
    )
    assert pairs(run(layout), "JMP001") == set()


@pytest.mark.parametrize(
    "part", ["859-402", "859-402/000-005", "859-402/000-006", "859-402/000-029"]
)
def test_every_colour_of_the_859_jumper_fits_859_relays(part: str) -> None:
    layout = panel(
        *row(module("K1"), module("K2", "859-386")), jumpers=[jumper("JB1", part, "A2", "K1")]
    )
    assert pairs(run(layout), "JMP001") == set()


def test_859_jumper_is_listed_by_the_isolation_amplifier() -> None:
    layout = panel(
        STOP,
        module("A1", "857-411"),
        module("A2", "857-411"),
        STOP,
        jumpers=[jumper("JB1", BLUE2, "4", "A1")],
    )
    assert pairs(run(layout), "JMP001") == set()


def test_incompatible_jumper_message_names_only_the_refusing_module_and_its_source() -> None:
    layout = panel(
        *row(module("K1"), module("A1", "857-411")),
        jumpers=[jumper("JB1", "281-482", "3", "K1")],
    )
    (finding,) = only(run(layout), "JMP001")
    assert finding.subject == "JB1"
    assert "JB1" in finding.message
    assert "281-482" in finding.message
    assert "K1 (859-390)" in finding.message
    assert "A1" not in finding.message
    assert "859-390 data sheet, lines 293-365" in finding.message


def test_incompatible_jumper_points_at_its_part() -> None:
    layout = panel(*row(module("K1"), module("K2")), jumpers=[jumper("JB1", "281-482", "A2", "K1")])
    (finding,) = only(run(layout), "JMP001")
    expected = value_position(json.dumps(layout, indent=2), "part", "281-482")
    assert (finding.line, finding.column) == expected


# --- JMP002: jumper span ---------------------------------------------------------------------


def test_two_way_jumper_from_the_last_module_of_a_row_is_stopped_by_the_end_plate() -> None:
    layout = panel(*row(module("K1"), module("K2")), jumpers=[jumper("JB1", BLUE2, "A2", "K2")])
    result = run(layout)
    assert pairs(result, "JMP002") == {("JMP002", "JB1")}
    (finding,) = only(result, "JMP002")
    assert "end plate" in finding.message
    assert "859-525" in finding.message


def test_jumper_stopped_by_the_rail_end() -> None:
    layout = panel(STOP, module("K1"), module("K2"), jumpers=[jumper("JB1", BLUE2, "A2", "K2")])
    (finding,) = only(run(layout), "JMP002")
    assert finding.subject == "JB1"
    assert "rail ends" in finding.message
    assert "K2" in finding.message


def test_jumper_stopped_by_an_end_stop() -> None:
    layout = panel(
        STOP,
        module("K1"),
        module("K2"),
        item("end_stop", "ES2", "249-117"),
        jumpers=[jumper("JB1", BLUE2, "A2", "K2")],
    )
    (finding,) = only(run(layout), "JMP002")
    assert finding.subject == "JB1"
    assert "end stop ES2 (249-117)" in finding.message


def test_jumper_stopped_by_an_intermediate_plate_in_the_row() -> None:
    # A 1 mm plate between K1 and K2 breaks the 6 mm pitch.
    layout = panel(
        STOP,
        module("K1"),
        item("end_plate", "EP1"),
        module("K2"),
        PLATE,
        STOP,
        jumpers=[jumper("JB1", BLUE2, "A2", "K1")],
    )
    (finding,) = only(run(layout), "JMP002")
    assert finding.subject == "JB1"
    assert "end plate EP1 (859-525)" in finding.message


def test_jumper_span_message_names_ways_needed_and_found() -> None:
    layout = panel(*row(module("K1"), module("K2")), jumpers=[jumper("JB1", BLUE3, "A2", "K1")])
    (finding,) = only(run(layout), "JMP002")
    assert "JB1" in finding.message
    assert BLUE3 in finding.message
    assert "3-way" in finding.message
    assert "needs 3" in finding.message
    assert "finds 2" in finding.message


@pytest.mark.parametrize(("part", "count"), [(BLUE2, 2), (BLUE3, 3), ("859-410", 10)])
def test_jumper_spanning_exactly_its_ways_of_modules_fits(part: str, count: int) -> None:
    modules = [module(f"K{i}") for i in range(1, count + 1)]
    layout = panel(*row(*modules), jumpers=[jumper("JB1", part, "A2", "K1")])
    assert pairs(run(layout), "JMP002") == set()


def test_ten_way_jumper_over_nine_modules_is_too_long() -> None:
    modules = [module(f"K{i}") for i in range(1, 10)]
    layout = panel(*row(*modules), jumpers=[jumper("JB1", "859-410", "A2", "K1")])
    assert pairs(run(layout), "JMP002") == {("JMP002", "JB1")}


def test_jumper_span_points_at_from() -> None:
    layout = panel(*row(module("K1"), module("K2")), jumpers=[jumper("JB1", BLUE2, "A2", "K2")])
    (finding,) = only(run(layout), "JMP002")
    expected = value_position(json.dumps(layout, indent=2), "from", "K2")
    assert (finding.line, finding.column) == expected


# --- JMP003: jumper slot ---------------------------------------------------------------------


def test_jumper_in_a_terminal_without_a_slot_is_reported() -> None:
    layout = panel(*row(module("K1"), module("K2")), jumpers=[jumper("JB1", BLUE2, "14", "K1")])
    result = run(layout)
    assert pairs(result, "JMP003") == {("JMP003", "JB1")}
    (finding,) = only(result, "JMP003")
    assert "'14'" in finding.message
    assert "K1 and K2 (859-390)" in finding.message
    assert "A1, A2, 11" in finding.message


def test_jumper_slot_missing_on_one_module_names_only_that_module() -> None:
    # 859-753 has its slot on 13, not 11.
    layout = panel(
        *row(module("K1"), module("K2", "859-753")), jumpers=[jumper("JB1", BLUE2, "11", "K1")]
    )
    (finding,) = only(run(layout), "JMP003")
    assert finding.subject == "JB1"
    assert "K2 (859-753)" in finding.message
    assert "K1" not in finding.message.split("but", 1)[1]
    assert "A1, A2, 13" in finding.message


@pytest.mark.parametrize("slot", ["A1", "A2", "11"])
def test_jumper_in_a_relay_slot_is_silent(slot: str) -> None:
    layout = panel(*row(module("K1"), module("K2")), jumpers=[jumper("JB1", BLUE2, slot, "K1")])
    assert pairs(run(layout), "JMP003") == set()


@pytest.mark.parametrize("slot", ["3", "4"])
def test_jumper_in_an_isolation_amplifier_supply_slot_is_silent(slot: str) -> None:
    layout = panel(
        STOP,
        module("A1", "857-411"),
        module("A2", "857-411"),
        STOP,
        jumpers=[jumper("JB1", BLUE2, slot, "A1")],
    )
    assert pairs(run(layout), "JMP003") == set()


def _overlapping(first: str, second: str) -> dict[str, Any]:
    """JB1 covers K1-K2 and JB2 covers K2-K3, both in slot A2; listed in the given order."""
    bars = {"JB1": jumper("JB1", BLUE2, "A2", "K1"), "JB2": jumper("JB2", BLUE2, "A2", "K2")}
    return panel(
        *row(module("K1"), module("K2"), module("K3")), jumpers=[bars[first], bars[second]]
    )


@pytest.mark.parametrize(("first", "second"), [("JB1", "JB2"), ("JB2", "JB1")])
def test_two_jumpers_in_one_slot_are_reported_on_the_later_one_in_the_file(
    first: str, second: str
) -> None:
    result = run(_overlapping(first, second))
    assert pairs(result, "JMP003") == {("JMP003", second)}
    (finding,) = only(result, "JMP003")
    assert first in finding.message
    assert "K2:A2" in finding.message


def test_two_jumpers_in_different_slots_of_one_module_are_silent() -> None:
    layout = panel(
        *row(module("K1"), module("K2")),
        jumpers=[jumper("JB1", BLUE2, "A1", "K1"), jumper("JB2", BLUE2, "A2", "K1")],
    )
    assert pairs(run(layout), "JMP003") == set()


def test_two_jumpers_end_to_end_in_one_slot_are_silent() -> None:
    layout = panel(
        *row(module("K1"), module("K2"), module("K3"), module("K4")),
        jumpers=[jumper("JB1", BLUE2, "A2", "K1"), jumper("JB2", BLUE2, "A2", "K3")],
    )
    assert pairs(run(layout), "JMP003") == set()


def test_jumper_slot_points_at_the_slot() -> None:
    layout = panel(*row(module("K1"), module("K2")), jumpers=[jumper("JB1", BLUE2, "14", "K1")])
    (finding,) = only(run(layout), "JMP003")
    expected = value_position(json.dumps(layout, indent=2), "slot", "14")
    assert (finding.line, finding.column) == expected


def test_jumpers_overlapping_in_several_modules_are_one_finding_naming_each_module() -> None:
    layout = panel(
        *row(module("K1"), module("K2"), module("K3")),
        jumpers=[jumper("JB1", BLUE3, "A2", "K1"), jumper("JB2", BLUE2, "A2", "K2")],
    )
    findings = only(run(layout), "JMP003")
    assert [f.subject for f in findings] == ["JB2"]
    assert "K2:A2" in findings[0].message
    assert "K3:A2" in findings[0].message
