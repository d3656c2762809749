"""IPX001-IPX004: touch protection and mechanical hold along a rail.

The 859 housings are open on their right-hand side (assumed, catalog ``open_side``) and are
IP20 only next to another 859 housing or an 859-525 end plate (859-353 data sheet, line 70).
857-411 is IP20 on its own and lists no end plate (857-411 data sheet, line 97).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import PLATE, STOP, module, object_start, only, pairs, panel, row, run

OPEN_SIDE_CITE = "859-353 data sheet, line 70"


def plate(pid: str | None = None, part: str = "859-525") -> dict[str, Any]:
    item: dict[str, Any] = {"type": "end_plate", "part": part}
    if pid:
        item["id"] = pid
    return item


def stop(sid: str | None = None, part: str = "249-116") -> dict[str, Any]:
    item: dict[str, Any] = {"type": "end_stop", "part": part}
    if sid:
        item["id"] = sid
    return item


# --- IPX001: missing end plate ---------------------------------------------------------------


def test_open_side_facing_an_end_stop_is_reported_on_the_module() -> None:
    result = run(panel(STOP, module("K1"), STOP))
    assert pairs(result, "IPX001") == {("IPX001", "K1")}


def test_open_side_facing_the_rail_end_is_reported() -> None:
    result = run(panel(STOP, module("K1")))
    assert pairs(result, "IPX001") == {("IPX001", "K1")}
    (finding,) = only(result, "IPX001")
    assert "rail" in finding.message
    assert "end stop" not in finding.message


def test_open_side_facing_an_isolation_amplifier_is_reported() -> None:
    # 857-411 is another housing family: it does not close the 859's open side.
    result = run(panel(STOP, module("K1"), module("A1", "857-411"), STOP))
    assert pairs(result, "IPX001") == {("IPX001", "K1")}
    (finding,) = only(result, "IPX001")
    assert "A1" in finding.message


@pytest.mark.parametrize("part", ["859-390", "859-386", "859-353", "859-753"])
def test_open_side_closed_by_a_neighbouring_859_module(part: str) -> None:
    layout = panel(*row(module("K1"), module("K2", part)))
    assert pairs(run(layout), "IPX001") == set()


def test_open_side_closed_by_an_end_plate() -> None:
    assert pairs(run(panel(*row(module("K1")))), "IPX001") == set()


def test_only_the_last_module_of_an_open_row_is_reported() -> None:
    layout = panel(STOP, module("K1"), module("K2", "859-386"), module("K3", "859-753"), STOP)
    assert pairs(run(layout), "IPX001") == {("IPX001", "K3")}


def test_isolation_amplifier_needs_no_end_plate() -> None:
    layout = panel(STOP, module("A1", "857-411"), STOP)
    assert pairs(run(layout), "IPX001") == set()


def test_plate_at_the_left_of_a_module_does_not_close_its_right_side() -> None:
    layout = panel(STOP, PLATE, module("K1"), STOP)
    assert pairs(run(layout), "IPX001") == {("IPX001", "K1")}


def test_missing_end_plate_message_names_module_neighbour_fix_and_source() -> None:
    (finding,) = only(run(panel(STOP, module("K1"), stop("ES9"), STOP)), "IPX001")
    assert "K1 (859-390)" in finding.message
    assert "ES9" in finding.message
    assert "859-525" in finding.message
    assert OPEN_SIDE_CITE in finding.message


def test_missing_end_plate_points_at_the_module() -> None:
    layout = panel(STOP, module("K0"), module("K1"), STOP)
    (finding,) = only(run(layout), "IPX001")
    assert finding.subject == "K1"
    assert (finding.line, finding.column) == object_start(json.dumps(layout, indent=2), "K1")


# --- IPX002: end plate not listed ------------------------------------------------------------


def test_end_plate_next_to_an_isolation_amplifier_only_is_reported_by_pointer() -> None:
    result = run(panel(STOP, module("A1", "857-411"), PLATE, STOP))
    assert pairs(result, "IPX002") == {("IPX002", "/rails/0/items/2")}


def test_end_plate_with_an_id_is_reported_by_its_id() -> None:
    result = run(panel(STOP, module("A1", "857-411"), plate("EP1"), STOP))
    assert pairs(result, "IPX002") == {("IPX002", "EP1")}


def test_end_plate_not_listed_message_names_plate_module_and_source() -> None:
    (finding,) = only(run(panel(STOP, module("A1", "857-411"), plate("EP1"), STOP)), "IPX002")
    assert "EP1" in finding.message
    assert "859-525" in finding.message
    assert "A1 (857-411)" in finding.message
    assert "857-411 data sheet, line 97" in finding.message


def test_end_plate_not_listed_points_at_the_plate_part() -> None:
    layout = panel(STOP, module("A1", "857-411"), plate("EP1"), STOP)
    text = json.dumps(layout, indent=2)
    (finding,) = only(run(layout), "IPX002")
    lines = text.splitlines()
    id_line = next(i for i, line in enumerate(lines) if '"id": "EP1"' in line)
    part_line = next(i for i in range(id_line - 3, id_line + 3) if '"part": "859-525"' in lines[i])
    column = lines[part_line].index('"859-525"') + 1
    assert (finding.line, finding.column) == (part_line + 1, column)


def test_end_plate_closing_an_859_module_is_listed() -> None:
    assert pairs(run(panel(*row(module("K1")))), "IPX002") == set()


def test_end_plate_between_859_and_857_serves_the_859_module() -> None:
    layout = panel(STOP, module("K1"), PLATE, module("A1", "857-411"), STOP)
    assert pairs(run(layout), "IPX002") == set()


def test_end_plate_before_an_859_module_is_listed_by_it() -> None:
    layout = panel(STOP, PLATE, module("K1"), PLATE, STOP)
    assert pairs(run(layout), "IPX002") == set()


# --- IPX003: missing end stop ----------------------------------------------------------------


def test_rail_without_end_stops_is_reported_once_per_end() -> None:
    result = run(panel(module("A1", "857-411")))
    findings = only(result, "IPX003")
    assert [f.subject for f in findings] == ["X1", "X1"]
    assert pairs(result, "IPX003") == {("IPX003", "X1")}
    messages = " / ".join(f.message for f in findings)
    assert "left" in messages and "right" in messages


def test_rail_missing_only_its_right_end_stop_is_reported_once() -> None:
    result = run(panel(STOP, module("K1"), PLATE))
    findings = only(result, "IPX003")
    assert len(findings) == 1
    assert findings[0].subject == "X1"
    assert "right" in findings[0].message
    assert "859-525" in findings[0].message


def test_rail_missing_only_its_left_end_stop_is_reported_once() -> None:
    findings = only(run(panel(module("K1"), PLATE, STOP)), "IPX003")
    assert [f.subject for f in findings] == ["X1"]
    assert "left" in findings[0].message


def test_empty_rail_needs_no_end_stops() -> None:
    assert only(run(panel()), "IPX003") == []


@pytest.mark.parametrize("part", ["249-116", "249-117", "249-197"])
def test_rail_with_end_stops_at_both_ends_is_silent(part: str) -> None:
    layout = panel(stop(part=part), module("K1"), PLATE, stop(part=part))
    assert pairs(run(layout), "IPX003") == set()


def test_missing_end_stop_uses_the_rail_id_as_subject() -> None:
    result = run(panel(module("A1", "857-411"), STOP, rail_id="RAIL-7"))
    assert pairs(result, "IPX003") == {("IPX003", "RAIL-7")}


# --- IPX004: series boundary -----------------------------------------------------------------


def test_859_then_857_is_reported_on_the_right_hand_module() -> None:
    result = run(panel(STOP, module("K1"), module("A1", "857-411"), STOP))
    assert pairs(result, "IPX004") == {("IPX004", "A1")}


def test_857_then_859_is_reported_on_the_right_hand_module() -> None:
    result = run(panel(*row(module("A1", "857-411"), module("K1"))))
    assert pairs(result, "IPX004") == {("IPX004", "K1")}


def test_series_boundary_message_names_both_modules_and_their_series() -> None:
    (finding,) = only(run(panel(STOP, module("K1"), module("A1", "857-411"), STOP)), "IPX004")
    assert finding.severity == "warning"
    for text in ("A1", "857-411", "K1", "859-390", "857", "859"):
        assert text in finding.message


def test_series_boundary_points_at_the_right_hand_module() -> None:
    layout = panel(STOP, module("K1"), module("A1", "857-411"), STOP)
    (finding,) = only(run(layout), "IPX004")
    assert (finding.line, finding.column) == object_start(json.dumps(layout, indent=2), "A1")


@pytest.mark.parametrize("between", [PLATE, STOP], ids=["end-plate", "end-stop"])
def test_plate_or_stop_between_series_is_silent(between: dict[str, Any]) -> None:
    layout = panel(STOP, module("K1"), between, module("A1", "857-411"), STOP)
    assert pairs(run(layout), "IPX004") == set()


def test_modules_of_one_series_are_no_boundary() -> None:
    layout = panel(*row(module("K1"), module("K2", "859-386"), module("K3", "859-753")))
    assert pairs(run(layout), "IPX004") == set()
    layout = panel(STOP, module("A1", "857-411"), module("A2", "857-411"), STOP)
    assert pairs(run(layout), "IPX004") == set()
