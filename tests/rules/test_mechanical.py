"""MEC001: the widths of a rail's items against its length.

Widths from the catalog: 6 mm per 859 or 857 module, 1 mm per 859-525 end plate, 6, 10
and 14 mm for the 249-116, 249-117 and 249-197 end stops.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import PLATE, STOP, module, only, pairs, panel
from conftest import run_checked as run


def four_relays(length: str, *, stop: str = "249-116") -> dict[str, Any]:
    """Stop, four 859-390, plate, stop: 2 x stop + 24 mm + 1 mm."""
    end = {"type": "end_stop", "part": stop}
    relays = [module(f"K{i}") for i in range(1, 5)]
    return panel(end, *relays, PLATE, end, length=length)


def test_overfull_rail_gives_the_overflow_in_mm() -> None:
    # 6 + 4 x 6 + 1 + 6 = 37 mm on a 30 mm rail.
    result = run(four_relays("30 mm"))
    assert pairs(result, "MEC001") == {("MEC001", "X1")}
    (finding,) = only(result, "MEC001")
    assert "X1" in finding.message
    assert "37 mm" in finding.message
    assert "30 mm" in finding.message
    assert "7 mm too long" in finding.message


def test_overflow_of_half_a_millimetre_is_exact() -> None:
    (finding,) = only(run(four_relays("36.5 mm")), "MEC001")
    assert "0.5 mm too long" in finding.message


def test_exactly_full_rail_passes() -> None:
    assert pairs(run(four_relays("37 mm")), "MEC001") == set()


def test_rail_length_in_other_units_is_compared_in_mm() -> None:
    assert pairs(run(four_relays("3.7 cm")), "MEC001") == set()
    (finding,) = only(run(four_relays("3 cm")), "MEC001")
    assert "7 mm too long" in finding.message


def test_one_millimetre_short_fires() -> None:
    (finding,) = only(run(four_relays("36 mm")), "MEC001")
    assert "1 mm too long" in finding.message


@pytest.mark.parametrize(("stop", "width"), [("249-116", 6), ("249-117", 10), ("249-197", 14)])
def test_each_end_stop_width_is_counted(stop: str, width: int) -> None:
    used = 2 * width + 4 * 6 + 1
    assert pairs(run(four_relays(f"{used} mm", stop=stop)), "MEC001") == set()
    (finding,) = only(run(four_relays(f"{used - 1} mm", stop=stop)), "MEC001")
    assert f"{used} mm" in finding.message
    assert "1 mm too long" in finding.message
    assert stop in finding.message


def test_isolation_amplifiers_are_6_mm_wide() -> None:
    items = [STOP, *[module(f"A{i}", "857-411") for i in range(1, 4)], STOP]
    assert pairs(run(panel(*items, length="30 mm")), "MEC001") == set()
    (finding,) = only(run(panel(*items, length="29 mm")), "MEC001")
    assert "1 mm too long" in finding.message


def test_items_of_unknown_part_are_not_counted_and_the_message_says_so() -> None:
    # 6 + 2 x 6 + 1 + 6 = 25 mm known, plus one unknown module.
    items = [STOP, module("K1"), module("K2"), module("K9", "999-999"), PLATE, STOP]
    result = run(panel(*items, length="20 mm"), unresolved=True)
    assert pairs(result, "MEC001") == {("MEC001", "X1")}
    assert ("LAY001", "K9") in pairs(result)
    (finding,) = only(result, "MEC001")
    assert "5 mm too long" in finding.message
    assert "unknown part" in finding.message
    assert "not counted" in finding.message


def test_unknown_part_does_not_push_a_full_rail_over() -> None:
    items = [STOP, module("K1"), module("K2"), module("K9", "999-999"), PLATE, STOP]
    assert pairs(run(panel(*items, length="25 mm"), unresolved=True), "MEC001") == set()


def test_message_without_unknown_parts_does_not_mention_them() -> None:
    (finding,) = only(run(four_relays("30 mm")), "MEC001")
    assert "unknown" not in finding.message


def test_each_rail_is_checked_on_its_own() -> None:
    layout = panel(STOP, module("K1"), PLATE, STOP, length="19 mm")
    second = {
        "id": "X2",
        "length": "10 mm",
        "items": [STOP, module("K2"), PLATE, STOP],
        "jumpers": [],
    }
    layout["rails"].append(second)
    result = run(layout)
    assert pairs(result, "MEC001") == {("MEC001", "X2")}
    (finding,) = only(result, "MEC001")
    assert "9 mm too long" in finding.message


def test_rail_overfull_points_at_the_rail_length() -> None:
    layout = four_relays("30 mm")
    text = json.dumps(layout, indent=2)
    (finding,) = only(run(layout), "MEC001")
    lines = text.splitlines()
    (n,) = [i for i, line in enumerate(lines) if '"length": "30 mm"' in line]
    assert (finding.line, finding.column) == (n + 1, lines[n].index('"30 mm"') + 1)
