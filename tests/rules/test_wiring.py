"""WIR001-WIR008: conductors, ferrules and clamping points.

859 modules: solid and fine-stranded 0.08-2.5 mm² (28-14 AWG), strip 5-6 mm, ferrules
216-321/322/221/222/223/224; 859-353 also limits conductors with an insulated ferrule to
0.08-1.5 mm² (859-353 data sheet, line 77). 857-411: solid 0.08-2.5, fine-stranded
0.34-2.5 mm², strip 9-10 mm, no ferrules listed.
"""

from __future__ import annotations

import json

import pytest
from conftest import module, only, pairs, panel, row, run, value_position, wire


def landed(*wires: dict, part: str = "859-390"):
    """One module K1 of ``part`` in a closed row, with the given wires."""
    return panel(*row(module("K1", part)), wires=wires)


# --- WIR001: cross-section range -------------------------------------------------------------


def test_4_mm2_solid_wire_is_too_thick_for_the_859_clamp() -> None:
    result = run(landed(wire("W1", "K1:A1", "4 mm^2", "solid")))
    assert pairs(result, "WIR001") == {("WIR001", "W1")}


@pytest.mark.parametrize(
    "cross_section",
    ["2.5 mm^2", "2.5 mm²", "2.5 mm2", "0.08 mm^2", "0.75 mm^2", "14 AWG", "AWG 14", "28 AWG"],
)
@pytest.mark.parametrize("conductor", ["solid", "fine_stranded"])
def test_cross_sections_within_and_on_the_limits_of_the_859_clamp_pass(
    cross_section: str, conductor: str
) -> None:
    result = run(landed(wire("W1", "K1:A1", cross_section, conductor)))
    assert pairs(result, "WIR001") == set()


@pytest.mark.parametrize("cross_section", ["2.6 mm^2", "0.07 mm^2", "12 AWG", "30 AWG", "4 mm^2"])
def test_cross_sections_outside_the_859_clamp_fail(cross_section: str) -> None:
    result = run(landed(wire("W1", "K1:A1", cross_section, "solid")))
    assert pairs(result, "WIR001") == {("WIR001", "W1")}


def test_cross_section_message_names_wire_value_range_and_source() -> None:
    (finding,) = only(run(landed(wire("W1", "K1:A1", "2.6 mm^2", "solid"))), "WIR001")
    assert "W1" in finding.message
    assert "K1:A1" in finding.message
    assert "2.6 mm²" in finding.message
    assert "0.08" in finding.message and "2.5 mm²" in finding.message
    assert "859-390 data sheet, line 88" in finding.message


def test_cross_section_message_cites_the_fine_stranded_line_for_fine_stranded_wire() -> None:
    (finding,) = only(run(landed(wire("W1", "K1:A1", "4 mm^2", "fine_stranded"))), "WIR001")
    assert "fine-stranded" in finding.message
    assert "859-390 data sheet, line 89" in finding.message


def test_awg_wire_message_gives_the_awg_size_and_its_mm2_equivalent() -> None:
    (finding,) = only(run(landed(wire("W1", "K1:A1", "12 AWG", "solid"))), "WIR001")
    assert "12 AWG" in finding.message
    assert "3.31 mm²" in finding.message


def test_isolation_amplifier_rejects_thin_fine_stranded_wire_but_not_thin_solid() -> None:
    thin_fine = landed(wire("W1", "K1:1", "0.2 mm^2", "fine_stranded"), part="857-411")
    thin_solid = landed(wire("W1", "K1:1", "0.2 mm^2", "solid"), part="857-411")
    (finding,) = only(run(thin_fine), "WIR001")
    assert finding.subject == "W1"
    assert "0.34" in finding.message
    assert "857-411 data sheet, line 109" in finding.message
    assert pairs(run(thin_solid), "WIR001") == set()


def test_cross_section_finding_points_at_the_cross_section() -> None:
    layout = landed(wire("W1", "K1:A1", "4 mm^2", "solid"))
    (finding,) = only(run(layout), "WIR001")
    expected = value_position(json.dumps(layout, indent=2), "cross_section", "4 mm^2")
    assert (finding.line, finding.column) == expected


# --- WIR002: ferrule size --------------------------------------------------------------------


def test_0_5_mm2_wire_in_a_0_75_mm2_ferrule_is_the_wrong_size() -> None:
    result = run(landed(wire("W1", "K1:A1", "0.5 mm^2", ferrule="216-222")))
    assert pairs(result, "WIR002") == {("WIR002", "W1")}


@pytest.mark.parametrize(
    ("ferrule", "cross_section"),
    [
        ("216-321", "0.25 mm^2"),
        ("216-322", "0.34 mm^2"),
        ("216-221", "0.5 mm^2"),
        ("216-222", "0.75 mm^2"),
        ("216-223", "1 mm^2"),
        ("216-224", "1.5 mm^2"),
        ("216-223", "18 AWG"),
    ],
)
def test_ferrule_of_the_conductors_size_passes(ferrule: str, cross_section: str) -> None:
    result = run(landed(wire("W1", "K1:A1", cross_section, ferrule=ferrule)))
    assert pairs(result, "WIR002") == set()


@pytest.mark.parametrize("cross_section", ["0.6 mm^2", "0.9 mm^2"])
def test_ferrule_within_20_percent_of_the_conductor_passes(cross_section: str) -> None:
    # 0.75 mm² -20 % = 0.6 mm², +20 % = 0.9 mm²: on the tolerance boundary.
    result = run(landed(wire("W1", "K1:A1", cross_section, ferrule="216-222")))
    assert pairs(result, "WIR002") == set()


@pytest.mark.parametrize("cross_section", ["0.59 mm^2", "0.91 mm^2"])
def test_ferrule_just_beyond_20_percent_of_the_conductor_fails(cross_section: str) -> None:
    result = run(landed(wire("W1", "K1:A1", cross_section, ferrule="216-222")))
    assert pairs(result, "WIR002") == {("WIR002", "W1")}


def test_ferrule_size_message_names_wire_ferrule_sizes_tolerance_and_source() -> None:
    (finding,) = only(run(landed(wire("W1", "K1:A1", "1 mm^2", ferrule="216-222"))), "WIR002")
    assert "W1" in finding.message
    assert "216-222" in finding.message
    assert "0.75 mm²" in finding.message
    assert "1 mm²" in finding.message
    assert "20%" in finding.message or "20 %" in finding.message
    assert "859-390 data sheet, line 165" in finding.message


def test_ferrule_size_finding_points_at_the_ferrule() -> None:
    layout = landed(wire("W1", "K1:A1", "1 mm^2", ferrule="216-222"))
    (finding,) = only(run(layout), "WIR002")
    expected = value_position(json.dumps(layout, indent=2), "ferrule", "216-222")
    assert (finding.line, finding.column) == expected


# --- WIR003: ferrule not listed --------------------------------------------------------------


def test_ferrule_on_an_isolation_amplifier_is_not_listed() -> None:
    layout = landed(wire("W1", "K1:1", "0.75 mm^2", ferrule="216-222"), part="857-411")
    result = run(layout)
    assert pairs(result, "WIR003") == {("WIR003", "W1")}
    (finding,) = only(result, "WIR003")
    assert finding.severity == "warning"
    assert "216-222" in finding.message
    assert "857-411 data sheet, lines 250-530" in finding.message


@pytest.mark.parametrize("part", ["859-390", "859-386", "859-353", "859-753"])
def test_listed_ferrule_on_an_859_module_is_silent(part: str) -> None:
    result = run(landed(wire("W1", "K1:A1", "0.75 mm^2", ferrule="216-222"), part=part))
    assert pairs(result, "WIR003") == set()


def test_isolation_amplifier_wire_without_ferrule_is_not_a_ferrule_problem() -> None:
    result = run(landed(wire("W1", "K1:1", "0.75 mm^2"), part="857-411"))
    assert pairs(result, "WIR003") == set()


# --- WIR004: ferrule on solid ----------------------------------------------------------------


def test_ferrule_on_a_solid_conductor_is_reported() -> None:
    result = run(landed(wire("W1", "K1:A1", "0.75 mm^2", "solid", "216-222")))
    assert pairs(result, "WIR004") == {("WIR004", "W1")}
    (finding,) = only(result, "WIR004")
    assert "216-222" in finding.message
    assert "solid" in finding.message


def test_solid_conductor_clamped_bare_is_silent() -> None:
    result = run(landed(wire("W1", "K1:A1", "0.75 mm^2", "solid")))
    assert pairs(result, "WIR004") == set()


def test_ferrule_on_a_fine_stranded_conductor_is_not_wir004() -> None:
    result = run(landed(wire("W1", "K1:A1", "0.75 mm^2", "fine_stranded", "216-222")))
    assert pairs(result, "WIR004") == set()


# --- WIR005: insulated-ferrule range ---------------------------------------------------------


def test_2_5_mm2_with_insulated_ferrule_exceeds_the_859_353_range() -> None:
    layout = landed(wire("W1", "K1:A1", "2.5 mm^2", ferrule="216-224"), part="859-353")
    result = run(layout)
    assert pairs(result, "WIR005") == {("WIR005", "W1")}
    (finding,) = only(result, "WIR005")
    assert "2.5 mm²" in finding.message
    assert "216-224" in finding.message
    assert "1.5 mm²" in finding.message
    assert "859-353 data sheet, line 77" in finding.message


def test_1_5_mm2_with_insulated_ferrule_is_on_the_859_353_limit() -> None:
    layout = landed(wire("W1", "K1:A1", "1.5 mm^2", ferrule="216-224"), part="859-353")
    assert pairs(run(layout), "WIR005") == set()


def test_1_6_mm2_with_insulated_ferrule_is_just_over_the_859_353_limit() -> None:
    layout = landed(wire("W1", "K1:A1", "1.6 mm^2", ferrule="216-224"), part="859-353")
    assert pairs(run(layout), "WIR005") == {("WIR005", "W1")}


def test_2_5_mm2_without_ferrule_is_fine_on_859_353() -> None:
    layout = landed(wire("W1", "K1:A1", "2.5 mm^2"), part="859-353")
    assert pairs(run(layout), "WIR005") == set()


def test_modules_without_an_insulated_ferrule_range_are_not_limited() -> None:
    layout = landed(wire("W1", "K1:A1", "1.6 mm^2", ferrule="216-224"), part="859-390")
    assert pairs(run(layout), "WIR005") == set()


# --- WIR006: one conductor per clamp ---------------------------------------------------------


def test_two_wires_in_one_clamp_are_reported_on_the_terminal() -> None:
    result = run(landed(wire("W1", "K1:A1"), wire("W2", "K1:A1")))
    assert pairs(result, "WIR006") == {("WIR006", "K1:A1")}
    (finding,) = only(result, "WIR006")
    assert "W1" in finding.message and "W2" in finding.message


def test_three_wires_in_one_clamp_are_one_finding() -> None:
    result = run(landed(wire("W1", "K1:A1"), wire("W2", "K1:A1"), wire("W3", "K1:A1")))
    findings = only(result, "WIR006")
    assert [f.subject for f in findings] == ["K1:A1"]
    assert "3 wires" in findings[0].message


def test_one_wire_per_clamp_is_silent() -> None:
    result = run(landed(wire("W1", "K1:A1"), wire("W2", "K1:A2"), wire("W3", "K1:14")))
    assert pairs(result, "WIR006") == set()


def test_two_wires_in_one_clamp_point_at_the_second_wire() -> None:
    layout = landed(wire("W1", "K1:A1"), wire("W2", "K1:A1"))
    (finding,) = only(run(layout), "WIR006")
    lines = json.dumps(layout, indent=2).splitlines()
    id_line = next(i for i, line in enumerate(lines) if '"id": "W2"' in line)
    start = max(i for i in range(id_line) if lines[i].strip() == "{")
    assert (finding.line, finding.column) == (start + 1, lines[start].index("{") + 1)


# --- WIR007: strip length --------------------------------------------------------------------


@pytest.mark.parametrize("length", ["4 mm", "4.9 mm", "6.1 mm", "7 mm"])
def test_strip_length_outside_5_to_6_mm_warns_on_859(length: str) -> None:
    result = run(landed(wire("W1", "K1:A1", "0.75 mm^2", "solid", strip_length=length)))
    assert pairs(result, "WIR007") == {("WIR007", "W1")}


@pytest.mark.parametrize("length", ["5 mm", "5.5 mm", "6 mm"])
def test_strip_length_within_and_on_5_to_6_mm_passes_on_859(length: str) -> None:
    result = run(landed(wire("W1", "K1:A1", "0.75 mm^2", "solid", strip_length=length)))
    assert pairs(result, "WIR007") == set()


@pytest.mark.parametrize(("length", "fires"), [("6 mm", True), ("9 mm", False), ("10 mm", False)])
def test_isolation_amplifier_strip_length_is_9_to_10_mm(length: str, fires: bool) -> None:
    layout = landed(wire("W1", "K1:1", "0.75 mm^2", "solid", strip_length=length), part="857-411")
    assert pairs(run(layout), "WIR007") == ({("WIR007", "W1")} if fires else set())


def test_strip_length_message_names_wire_value_range_and_source() -> None:
    layout = landed(wire("W1", "K1:A1", "0.75 mm^2", "solid", strip_length="4 mm"))
    (finding,) = only(run(layout), "WIR007")
    assert finding.severity == "warning"
    assert "W1" in finding.message
    assert "4 mm" in finding.message
    assert "5" in finding.message and "6 mm" in finding.message
    assert "859-390 data sheet, line 90" in finding.message


def test_strip_length_finding_points_at_the_strip_length() -> None:
    layout = landed(wire("W1", "K1:A1", "0.75 mm^2", "solid", strip_length="7 mm"))
    (finding,) = only(run(layout), "WIR007")
    expected = value_position(json.dumps(layout, indent=2), "strip_length", "7 mm")
    assert (finding.line, finding.column) == expected


def test_wire_without_strip_length_is_not_judged_on_it() -> None:
    assert pairs(run(landed(wire("W1", "K1:A1"))), "WIR007") == set()


# --- WIR008: conductor class unrated ---------------------------------------------------------


def test_stranded_conductor_has_no_clamp_range_on_the_859_sheet() -> None:
    result = run(landed(wire("W1", "K1:A1", "0.75 mm^2", "stranded")))
    assert pairs(result, "WIR008") == {("WIR008", "W1")}
    (finding,) = only(result, "WIR008")
    assert finding.severity == "warning"
    assert "stranded" in finding.message
    assert "859-390 data sheet, line 88" in finding.message
    assert "859-390 data sheet, line 89" in finding.message


def test_stranded_conductor_is_not_range_checked_by_wir001() -> None:
    result = run(landed(wire("W1", "K1:A1", "10 mm^2", "stranded")))
    assert pairs(result, "WIR001") == set()
    assert pairs(result, "WIR008") == {("WIR008", "W1")}


@pytest.mark.parametrize("conductor", ["solid", "fine_stranded"])
def test_rated_conductor_classes_are_silent(conductor: str) -> None:
    result = run(landed(wire("W1", "K1:A1", "0.75 mm^2", conductor)))
    assert pairs(result, "WIR008") == set()


def test_unrated_conductor_finding_points_at_the_conductor() -> None:
    layout = landed(wire("W1", "K1:A1", "0.75 mm^2", "stranded"))
    (finding,) = only(run(layout), "WIR008")
    expected = value_position(json.dumps(layout, indent=2), "conductor", "stranded")
    assert (finding.line, finding.column) == expected


def test_a_clamp_names_up_to_five_wires_then_the_first_five_and_how_many_more() -> None:
    (five,) = only(run(landed(*[wire(f"W{n}", "K1:A1") for n in range(1, 6)])), "WIR006")
    assert ": W1, W2, W3, W4, W5; a clamping point" in five.message  # as it always read
    wires = [wire(f"W{n}", "K1:A1") for n in range(1, 51)]
    (finding,) = only(run(landed(*wires)), "WIR006")
    assert "50 wires land in K1:A1" in finding.message
    assert ": W1, W2, W3, W4, W5 and 45 more; a clamping point" in finding.message
    assert "W6" not in finding.message and "W50" not in finding.message


def test_a_clamp_message_stays_short_however_many_wires_land_in_it() -> None:
    (fifty,) = only(run(landed(*[wire(f"W{n}", "K1:A1") for n in range(1, 51)])), "WIR006")
    (lots,) = only(run(landed(*[wire(f"W{n}", "K1:A1") for n in range(1, 2001)])), "WIR006")
    assert "W1, W2, W3, W4, W5 and 1995 more" in lots.message
    assert len(lots.message) == len(fifty.message) + 4  # "2000 wires", "1995 more"
    assert len(lots.message) < 300
