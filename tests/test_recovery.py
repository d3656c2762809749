"""One schema error no longer hides the rest of the file (SPEC v2, section 10).

A schema error inside one element (a net, an item, a jumper, a wire, a load, a waiver)
is LAY000 at its position, that element is left out, and the rest of the file is still
checked; the exit status stays 2. References to a left-out element are not reported
again. Only a file that is not JSON, not an object or not format 1 is checked no
further.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from conftest import STOP, jumper, load, module, nets, pairs, panel, row, run, wire

from panelcheck.cli import main

NETS = nets(**{"+24V": "24 V DC", "0V": "0 V DC", "L1": "230 V AC", "M1": "230 V AC"})


def layout() -> dict[str, Any]:
    """K1 switching 7 A (ELE002) beside K2, a wire and a load on each."""
    k1 = module("K1", A1="+24V", A2="0V", _11="L1", _14="M1")
    k2 = module("K2", A1="+24V", A2="0V")
    return panel(
        *row(k1, k2),
        nets=copy.deepcopy(NETS),
        jumpers=[jumper("JB1", "859-402/000-006", "A2", "K1")],
        wires=[wire("W1", "K2:A1"), wire("W2", "K1:A1", cross_section="10 mm^2")],
        loads=[load("Q1", "K1:14", "7 A")],
    )


def codes(result: Any) -> set[str]:
    return {f.code for f in result.findings}


def test_a_bare_number_in_one_load_leaves_the_other_findings_in_place() -> None:
    data = layout()
    data["loads"].append(load("Q2", "K2:14", "100"))
    result = run(data)
    assert result.invalid
    assert {"LAY000", "ELE002", "WIR001"} <= codes(result)
    (lay000,) = [f for f in result.findings if f.code == "LAY000"]
    assert lay000.pointer == "/loads/1/current" and "unit required" in lay000.message


def test_the_command_exits_2_and_reports_everything(tmp_path: Path) -> None:
    data = layout()
    data["wires"][0]["conductor"] = "flexible"
    path = tmp_path / "rail.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert "LAY000" in result.output and "ELE002" in result.output and "WIR001" in result.output


def test_a_left_out_module_is_not_reported_again_by_its_wires_and_jumpers() -> None:
    data = layout()
    data["rails"][0]["items"][1]["colour"] = "grey"  # an unknown key: K1 is left out
    result = run(data)
    assert {f.pointer for f in result.findings if f.code == "LAY000"} == {"/rails/0/items/1/colour"}
    assert not [f for f in result.findings if f.code == "LAY003"]  # W2, Q1, JB1 name K1
    assert "ELE002" not in codes(result)


def test_a_left_out_net_is_not_reported_as_undeclared() -> None:
    data = layout()
    data["nets"]["M1"] = {"voltage": "230"}
    result = run(data)
    assert result.invalid and "LAY003" not in codes(result)
    assert "WIR001" in codes(result)


def test_a_bad_rail_length_leaves_the_rail_and_what_stands_on_it_out() -> None:
    data = layout()
    extra = panel(STOP, module("K9", A1="+24V", A2="0V"), STOP, rail_id="X2")["rails"][0]
    extra["length"] = "40"
    data["rails"].append(extra)
    data["wires"].append(wire("W9", "K9:A1", cross_section="10 mm^2"))
    result = run(data)
    assert [f.pointer for f in result.findings if f.code == "LAY000"] == ["/rails/1/length"]
    assert ("WIR001", "W9") not in pairs(result)  # nothing lands on a left-out rail
    assert "LAY003" not in codes(result)
    assert ("WIR001", "W2") in pairs(result)


def test_items_after_a_left_out_one_keep_their_positions_and_jumpers() -> None:
    data = layout()
    data["rails"][0]["items"].insert(1, {"type": "module", "id": "K0", "part": 859})
    data["rails"][0]["jumpers"] = [jumper("JB1", "859-402/000-006", "A2", "K1")]
    result = run(data)
    lay000 = [f for f in result.findings if f.code == "LAY000"]
    assert [f.pointer for f in lay000] == ["/rails/0/items/1/part"]
    ele002 = [f for f in result.findings if f.code == "ELE002"]
    assert [f.pointer for f in ele002] == ["/rails/0/items/2"]  # K1, after the left-out K0
    assert "JMP002" not in codes(result)  # JB1 covers K1 and K2


def test_a_bad_panel_field_leaves_only_that_field_out() -> None:
    data = layout()
    data["panel"] = {"ambient": "80 degC", "altitude": "high"}
    result = run(data)
    assert result.invalid
    assert ("ELE005", "K1") in pairs(result)  # the ambient still counts


def test_a_waiver_with_a_schema_error_is_left_out_and_unmatched_waivers_are_not_blamed() -> None:
    data = layout()
    data["waivers"] = [
        {"rule": "ELE002", "subject": "K1", "reason": "replaced by a contactor", "expires": "x"},
        {"rule": "IPX003", "subject": "X1", "reason": "a finding the check could have hidden"},
    ]
    result = run(data)
    assert ("ELE002", "K1") in pairs(result)  # the broken waiver does not apply
    assert "LAY006" not in codes(result)


def test_a_file_that_is_not_format_1_is_checked_no_further() -> None:
    data = layout()
    data["format"] = "panelcheck/9"
    result = run(data)
    assert codes(result) == {"LAY000"}


def test_render_refuses_a_partly_invalid_layout(tmp_path: Path) -> None:
    data = layout()
    data["loads"][0]["current"] = "7"
    path = tmp_path / "rail.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "rail.svg"
    result = CliRunner().invoke(main, ["render", str(path), "-o", str(out)])
    assert result.exit_code == 2 and "LAY000" in result.output and "ELE002" not in result.output
    assert not out.exists()
