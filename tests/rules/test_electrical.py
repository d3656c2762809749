"""ELE001-ELE006: electrical ratings of the modules, read off the nets and loads.

Catalog facts used here (datasheets/):
- 859-390 coil 24 V DC -30/+25 % (16.8-30 V), DC only; contacts 5 A, 250 V AC; -40...70 °C.
- 859-386 coil 36 V DC (25.2-45 V).
- 859-353 coil 12 V AC or DC -15/+10 % (10.2-13.2 V); DC-13 2 A at 24 V DC (line 43);
  -40...50 °C.
- 859-753 input high level 4-6.25 V DC; output 13 supply +, 14 output, 15 load 0 V,
  20-28.8 V DC, 0.1 A; not for circuits fed from the low-voltage supply network;
  -25...55 °C.
- 857-411 supply 3 (+) / 4 (-) 16.8-31.2 V DC, 25 mA; 3-7 and 4-8 commoned inside,
  rated 1 A (line 44); output 5/6 burden <= 600 ohm (line 65).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import (
    STOP,
    amplifier_row,
    jumper,
    load,
    module,
    nets,
    object_start,
    only,
    pairs,
    panel,
    row,
)
from conftest import run_checked as run


def coil(part: str, a1: str | None, a2: str | None, **voltages: str) -> dict[str, Any]:
    """One module K1 (AMP A1 for 857-411) with its input terminals on the given nets."""
    terminals = {}
    if part == "857-411":
        if a1:
            terminals["_3"] = a1
        if a2:
            terminals["_4"] = a2
        return panel(STOP, module("A1", part, **terminals), STOP, nets=nets(**voltages))
    if a1:
        terminals["A1"] = a1
    if a2:
        terminals["A2"] = a2
    return panel(*row(module("K1", part, **terminals)), nets=nets(**voltages))


def dc_coil(part: str, voltage: str) -> dict[str, Any]:
    return coil(part, "C", "Z", C=voltage, Z="0 V DC")


# --- ELE001: control voltage --------------------------------------------------------------


def test_12_volt_coil_on_24_volts_dc_fires_with_its_range() -> None:
    result = run(dc_coil("859-353", "24 V DC"))
    assert pairs(result, "ELE001") == {("ELE001", "K1")}
    (finding,) = only(result, "ELE001")
    assert "K1" in finding.message and "859-353" in finding.message
    assert "24 V DC" in finding.message
    assert "10.2–13.2 V" in finding.message
    assert "859-353 data sheet, lines 31-33" in finding.message


@pytest.mark.parametrize("voltage", ["12 V AC", "12 V DC", "10.2 V DC", "13.2 V AC"])
def test_ac_dc_coil_accepts_ac_or_dc_within_its_range(voltage: str) -> None:
    layout = coil("859-353", "C", "N", C=voltage, N="0 V AC" if "AC" in voltage else "0 V DC")
    assert pairs(run(layout), "ELE001") == set()


def test_dc_only_coil_on_ac_fires_and_says_ac() -> None:
    layout = coil("859-390", "C", "N", C="24 V AC", N="0 V AC")
    (finding,) = only(run(layout), "ELE001")
    assert finding.subject == "K1"
    assert "24 V AC" in finding.message
    assert "AC on a DC-only" in finding.message
    assert "859-390 data sheet, lines 48-50" in finding.message


@pytest.mark.parametrize("voltage", ["16.8 V DC", "24 V DC", "30 V DC", "30 VDC"])
def test_24_volt_coil_accepts_its_range_including_the_limits(voltage: str) -> None:
    assert pairs(run(dc_coil("859-390", voltage)), "ELE001") == set()


@pytest.mark.parametrize("voltage", ["31 V DC", "16.7 V DC", "12 V DC"])
def test_24_volt_coil_outside_its_range_fires(voltage: str) -> None:
    (finding,) = only(run(dc_coil("859-390", voltage)), "ELE001")
    assert finding.subject == "K1"
    assert voltage in finding.message
    assert "16.8–30 V" in finding.message


@pytest.mark.parametrize(("voltage", "fires"), [("24 V DC", True), ("36 V DC", False)])
def test_36_volt_coil_range(voltage: str, fires: bool) -> None:
    expected = {("ELE001", "K1")} if fires else set()
    assert pairs(run(dc_coil("859-386", voltage)), "ELE001") == expected


def test_coil_voltage_is_the_difference_of_a1_and_a2() -> None:
    # A1 on +24V, A2 on +12V: the coil sees 12 V, too little for 859-390, right for 859-353.
    for part, expected in [("859-390", {("ELE001", "K1")}), ("859-353", set())]:
        layout = coil(part, "P24", "P12", P24="24 V DC", P12="12 V DC")
        assert pairs(run(layout), "ELE001") == expected, part


def test_reverse_polarity_fires_and_says_so() -> None:
    layout = coil("859-390", "0V", "+24V", **{"0V": "0 V DC", "+24V": "24 V DC"})
    (finding,) = only(run(layout), "ELE001")
    assert finding.subject == "K1"
    assert "reverse polarity" in finding.message


def test_unmapped_a2_is_taken_as_zero_volts_and_the_message_says_so() -> None:
    layout = coil("859-353", "+24V", None, **{"+24V": "24 V DC"})
    (finding,) = only(run(layout), "ELE001")
    assert finding.subject == "K1"
    assert "24 V DC" in finding.message
    assert "taken as 0 V" in finding.message


def test_unmapped_a2_taken_as_zero_volts_passes_a_matching_coil() -> None:
    layout = coil("859-390", "+24V", None, **{"+24V": "24 V DC"})
    assert pairs(run(layout), "ELE001") == set()


@pytest.mark.parametrize("a2", ["0V", "+48V"])
def test_unmapped_a1_is_not_checked(a2: str) -> None:
    layout = coil("859-353", None, a2, **{"0V": "0 V DC", "+48V": "48 V DC"})
    assert pairs(run(layout), "ELE001") == set()


def test_coil_jumpered_to_a_mapped_net_sees_that_net() -> None:
    # K1 (24 V) and K2 (12 V) share an A1 comb and an A2 comb; only K1's terminals are
    # mapped. The bars put +24V on K2:A1 and 0V on K2:A2 all the same: the 12 V coil
    # sees 24 V (SPEC 4: terminals joined by jumpers form one conductor).
    layout = panel(
        *row(module("K1", A1="+24V", A2="0V"), module("K2", "859-353")),
        jumpers=[
            jumper("JB1", "859-402/000-005", "A1", "K1"),
            jumper("JB2", "859-402/000-006", "A2", "K1"),
        ],
    )
    assert pairs(run(layout), "ELE001") == {("ELE001", "K2")}


def test_isolation_amplifier_supplied_on_7_sees_it_on_3() -> None:
    # 3 and 7 are commoned inside (857-411 data sheet, line 44): 36 V brought in on 7
    # is 36 V on the supply input 3.
    layout = panel(
        STOP,
        module("A1", "857-411", _7="P36", _4="0V"),
        STOP,
        nets={"P36": {"voltage": "36 V DC", "feed": "A1:7"}, "0V": {"voltage": "0 V DC"}},
    )
    assert pairs(run(layout), "ELE001") == {("ELE001", "A1")}


@pytest.mark.parametrize(
    ("voltage", "fires"),
    [
        ("5 V DC", False),
        ("4 V DC", False),
        ("6.25 V DC", False),
        ("12 V DC", True),
        ("3.9 V DC", True),
    ],
)
def test_solid_state_relay_input_high_level_range(voltage: str, fires: bool) -> None:
    result = run(dc_coil("859-753", voltage))
    assert pairs(result, "ELE001") == ({("ELE001", "K1")} if fires else set())
    if fires:
        (finding,) = only(result, "ELE001")
        assert "4–6.25 V" in finding.message


@pytest.mark.parametrize(
    ("voltage", "fires"), [("24 V DC", False), ("31.2 V DC", False), ("36 V DC", True)]
)
def test_isolation_amplifier_supply_range(voltage: str, fires: bool) -> None:
    result = run(dc_coil("857-411", voltage))
    assert pairs(result, "ELE001") == ({("ELE001", "A1")} if fires else set())
    if fires:
        (finding,) = only(result, "ELE001")
        assert "16.8–31.2 V" in finding.message
        assert "857-411 data sheet" in finding.message


def test_control_voltage_finding_points_at_the_module() -> None:
    layout = dc_coil("859-353", "24 V DC")
    (finding,) = only(run(layout), "ELE001")
    assert (finding.line, finding.column) == object_start(json.dumps(layout, indent=2), "K1")


# --- ELE002: contact rating ---------------------------------------------------------------


def switching(part: str, voltage: str, *loads: dict[str, Any]) -> dict[str, Any]:
    """K1 with COM on S, NO on Y and NC on Z, all at ``voltage``, and the given loads."""
    return panel(
        *row(module("K1", part, _11="S", _12="Z", _14="Y")),
        nets=nets(S=voltage, Y=voltage, Z=voltage),
        loads=loads,
    )


def test_6_amps_on_a_no_contact_fires_the_5_amp_limit() -> None:
    result = run(switching("859-390", "24 V DC", load("LD1", "K1:14", "6 A")))
    assert pairs(result, "ELE002") == {("ELE002", "K1")}
    (finding,) = only(result, "ELE002")
    assert "6 A" in finding.message
    assert "5 A" in finding.message
    assert "LD1" in finding.message
    assert "859-390 data sheet, line 56" in finding.message


@pytest.mark.parametrize("current", ["5 A", "4.9 A", "5000 mA"])
def test_contact_at_or_below_5_amps_passes(current: str) -> None:
    layout = switching("859-390", "230 V AC", load("LD1", "K1:14", current))
    assert pairs(run(layout), "ELE002") == set()


def test_contact_current_is_the_larger_of_no_and_nc_not_their_sum() -> None:
    layout = switching(
        "859-390", "230 V AC", load("LNO", "K1:14", "4 A"), load("LNC", "K1:12", "4 A")
    )
    assert pairs(run(layout), "ELE002") == set()


def test_two_loads_on_one_contact_side_add_up() -> None:
    layout = switching(
        "859-390", "230 V AC", load("LD1", "K1:14", "3 A"), load("LD2", "K1:14", "3 A")
    )
    (finding,) = only(run(layout), "ELE002")
    assert "6 A" in finding.message


def test_dc_load_above_the_stated_dc13_rating_fires() -> None:
    result = run(switching("859-353", "24 V DC", load("LD1", "K1:14", "3 A")))
    assert pairs(result, "ELE002") == {("ELE002", "K1")}
    (finding,) = only(result, "ELE002")
    assert "3 A" in finding.message
    assert "DC-13" in finding.message
    assert "2 A" in finding.message
    assert "859-353 data sheet, line 43" in finding.message


def test_dc_load_at_the_dc13_rating_passes() -> None:
    layout = switching("859-353", "24 V DC", load("LD1", "K1:14", "2 A"))
    assert pairs(run(layout), "ELE002") == set()


def test_same_3_amps_on_ac_does_not_fire_the_dc_rating() -> None:
    layout = switching("859-353", "230 V AC", load("LD1", "K1:14", "3 A"))
    assert pairs(run(layout), "ELE002") == set()


def test_relay_without_a_dc_rating_is_only_held_to_its_continuous_current() -> None:
    layout = switching("859-390", "24 V DC", load("LD1", "K1:14", "3 A"))
    assert pairs(run(layout), "ELE002") == set()


def test_400_volts_ac_fires_the_maximum_switching_voltage() -> None:
    result = run(switching("859-390", "400 V AC", load("LD1", "K1:14", "1 A")))
    assert pairs(result, "ELE002") == {("ELE002", "K1")}
    (finding,) = only(result, "ELE002")
    assert "400 V AC" in finding.message
    assert "250 V AC" in finding.message
    assert "859-390 data sheet, line 57" in finding.message


def test_250_volts_ac_is_within_the_maximum_switching_voltage() -> None:
    layout = switching("859-390", "250 V AC", load("LD1", "K1:14", "1 A"))
    assert pairs(run(layout), "ELE002") == set()


def test_switching_voltage_counts_even_without_loads() -> None:
    layout = panel(*row(module("K1", _11="L")), nets=nets(L="400 V AC"))
    assert pairs(run(layout), "ELE002") == {("ELE002", "K1")}


def test_a_contact_names_up_to_five_loads_then_the_first_five_and_how_many_more() -> None:
    five = [load(f"LD{n}", "K1:14", "2 A") for n in range(1, 6)]
    (finding,) = only(run(switching("859-390", "230 V AC", *five)), "ELE002")
    assert "(loads LD1, LD2, LD3, LD4, LD5 at K1:14)" in finding.message  # as it always read
    loads = [load(f"LD{n}", "K1:14", "1 A") for n in range(1, 51)]
    (finding,) = only(run(switching("859-390", "230 V AC", *loads)), "ELE002")
    assert "50 A (loads LD1, LD2, LD3, LD4, LD5 and 45 more at K1:14)" in finding.message
    assert "LD6" not in finding.message and "LD50" not in finding.message


def test_a_contact_message_stays_short_however_many_loads_it_switches() -> None:
    loads = [load(f"LD{n}", "K1:14", "10 mA") for n in range(1, 2001)]
    (finding,) = only(run(switching("859-390", "230 V AC", *loads)), "ELE002")
    assert "loads LD1, LD2, LD3, LD4, LD5 and 1995 more at K1:14" in finding.message
    assert len(finding.message) < 300


# --- ELE003: solid-state relay load circuit -----------------------------------------------


def ssr(voltage: str, current: str = "40 mA", reference: str = "0 V DC") -> dict[str, Any]:
    return panel(
        *row(module("K1", "859-753", _13="S", _14="H1", _15="R")),
        nets=nets(S=voltage, H1=voltage, R=reference),
        loads=[load("H1-lamp", "K1:14", current)],
    )


def test_solid_state_relay_on_mains_fires_and_quotes_the_data_sheet() -> None:
    result = run(ssr("230 V AC", reference="0 V AC"))
    assert pairs(result, "ELE003") == {("ELE003", "K1")}
    (finding,) = only(result, "ELE003")
    assert "AC" in finding.message
    assert "not supplied by the low-voltage power supply networks" in finding.message
    assert "859-753 data sheet" in finding.message


@pytest.mark.parametrize("voltage", ["24 V DC", "20 V DC", "28.8 V DC"])
def test_solid_state_relay_output_within_20_to_28_8_volts_passes(voltage: str) -> None:
    assert pairs(run(ssr(voltage)), "ELE003") == set()


@pytest.mark.parametrize("voltage", ["12 V DC", "19.9 V DC", "30 V DC"])
def test_solid_state_relay_output_outside_its_range_fires(voltage: str) -> None:
    (finding,) = only(run(ssr(voltage)), "ELE003")
    assert finding.subject == "K1"
    assert voltage in finding.message
    assert "20–28.8 V" in finding.message


def test_solid_state_relay_output_above_0_1_amps_fires() -> None:
    (finding,) = only(run(ssr("24 V DC", "0.15 A")), "ELE003")
    assert finding.subject == "K1"
    assert "150 mA" in finding.message or "0.15 A" in finding.message
    assert "100 mA" in finding.message or "0.1 A" in finding.message
    assert "H1-lamp" in finding.message


def test_a_solid_state_relay_output_names_five_loads_and_counts_the_rest() -> None:
    layout = ssr("24 V DC")
    layout["loads"] = [load(f"H{n}", "K1:14", "50 mA") for n in range(1, 4)]
    (finding,) = only(run(layout), "ELE003")
    assert "(loads H1, H2 and H3 at K1:14)" in finding.message  # as it always read
    layout["loads"] = [load(f"H{n}", "K1:14", "10 mA") for n in range(1, 51)]
    (finding,) = only(run(layout), "ELE003")
    assert "(loads H1, H2, H3, H4, H5 and 45 more at K1:14)" in finding.message
    assert "H6" not in finding.message and len(finding.message) < 300


def test_solid_state_relay_output_at_exactly_0_1_amps_passes() -> None:
    assert pairs(run(ssr("24 V DC", "0.1 A")), "ELE003") == set()


def test_relay_contacts_are_not_held_to_the_solid_state_relay_output_rules() -> None:
    layout = switching("859-390", "230 V AC", load("LD1", "K1:14", "40 mA"))
    assert pairs(run(layout), "ELE003") == set()


# --- ELE004: internal link overcurrent ------------------------------------------------------


def test_row_fed_through_the_first_internal_link_overloads_it() -> None:
    result = run(amplifier_row("A1:7"))
    assert pairs(result, "ELE004") == {("ELE004", "A1")}
    (finding,) = only(result, "ELE004")
    assert "1.5 A" in finding.message  # 1.4 A load + 4 x 25 mA supply
    assert "3-7" in finding.message
    assert "1 A" in finding.message
    assert "857-411 data sheet, line 44" in finding.message
    assert "fed at A1:7" in finding.message


def test_row_fed_at_terminal_3_keeps_the_links_out_of_the_path() -> None:
    assert pairs(run(amplifier_row("A1:3")), "ELE004") == set()


def test_link_carrying_0_9_amps_passes() -> None:
    assert pairs(run(amplifier_row("A1:7", "0.8 A")), "ELE004") == set()


def test_link_carrying_exactly_1_amp_passes() -> None:
    # 0.9 A load + 4 x 25 mA = 1 A through A1's link.
    assert pairs(run(amplifier_row("A1:7", "0.9 A")), "ELE004") == set()


def test_row_without_feed_is_worst_case_on_every_link() -> None:
    result = run(amplifier_row(None))
    assert pairs(result, "ELE004") == {("ELE004", f"A{i}") for i in range(1, 5)}
    for finding in only(result, "ELE004"):
        assert "worst case" in finding.message


def test_internal_link_finding_points_at_the_module() -> None:
    layout = amplifier_row("A1:7")
    (finding,) = only(run(layout), "ELE004")
    assert (finding.line, finding.column) == object_start(json.dumps(layout, indent=2), "A1")


# --- ELE005: ambient temperature ------------------------------------------------------------


def ambient(value: str | None, *parts: str) -> dict[str, Any]:
    modules = [module(f"K{i}", part) for i, part in enumerate(parts, 1)]
    top: dict[str, Any] = {} if value is None else {"panel": {"name": "CP", "ambient": value}}
    return panel(*row(*modules), **top)


def test_60_degrees_fires_on_the_50_degree_relay_only() -> None:
    result = run(ambient("60 degC", "859-353", "859-390"))
    assert pairs(result, "ELE005") == {("ELE005", "K1")}
    (finding,) = only(result, "ELE005")
    assert "60 °C" in finding.message
    assert "50 °C" in finding.message
    assert "859-353 data sheet, line 103" in finding.message


@pytest.mark.parametrize("value", ["50 degC", "50 °C", "-40 degC", "20 degC"])
def test_ambient_within_the_range_including_its_limits_passes(value: str) -> None:
    assert pairs(run(ambient(value, "859-353")), "ELE005") == set()


def test_minus_30_degrees_fires_on_the_solid_state_relay() -> None:
    result = run(ambient("-30 degC", "859-753", "859-390"))
    assert pairs(result, "ELE005") == {("ELE005", "K1")}
    (finding,) = only(result, "ELE005")
    assert "-25" in finding.message


def test_isolation_amplifier_ambient_range() -> None:
    layout = panel(STOP, module("A1", "857-411"), STOP, panel={"name": "CP", "ambient": "-30 degC"})
    assert pairs(run(layout), "ELE005") == {("ELE005", "A1")}


def test_no_panel_means_no_ambient_finding() -> None:
    assert pairs(run(ambient(None, "859-353", "859-753")), "ELE005") == set()


def test_panel_without_ambient_means_no_ambient_finding() -> None:
    layout = panel(*row(module("K1", "859-353")), panel={"name": "CP"})
    assert pairs(run(layout), "ELE005") == set()


# --- ELE006: output burden -------------------------------------------------------------------


def burden(*loads: dict[str, Any]) -> dict[str, Any]:
    return panel(
        STOP, module("A1", "857-411", _5="AI-1"), STOP, nets=nets(**{"AI-1": "5 V DC"}), loads=loads
    )


def test_two_loads_in_series_above_600_ohms_fire() -> None:
    result = run(
        burden(
            load("AI-1-in1", "A1:5", impedance="250 ohm"),
            load("AI-1-in2", "A1:5", impedance="500 ohm"),
        )
    )
    assert pairs(result, "ELE006") == {("ELE006", "A1")}
    (finding,) = only(result, "ELE006")
    assert "750 Ω" in finding.message
    assert "600 Ω" in finding.message
    assert "AI-1-in1" in finding.message and "AI-1-in2" in finding.message
    assert "857-411 data sheet, line 65" in finding.message


@pytest.mark.parametrize("impedance", ["600 ohm", "600 Ω", "0.6 kohm", "250 ohm"])
def test_burden_up_to_600_ohms_passes(impedance: str) -> None:
    assert pairs(run(burden(load("AI", "A1:5", impedance=impedance))), "ELE006") == set()


def test_single_load_above_600_ohms_fires() -> None:
    assert pairs(run(burden(load("AI", "A1:5", impedance="601 ohm"))), "ELE006") == {
        ("ELE006", "A1")
    }


def test_load_given_only_by_current_does_not_count_as_burden() -> None:
    layout = burden(load("AI", "A1:5", impedance="500 ohm"), load("PLC", "A1:5", "20 mA"))
    assert pairs(run(layout), "ELE006") == set()


def test_burden_finding_points_at_the_module() -> None:
    layout = burden(load("AI", "A1:5", impedance="1000 ohm"))
    (finding,) = only(run(layout), "ELE006")
    assert (finding.line, finding.column) == object_start(json.dumps(layout, indent=2), "A1")


# --- rules run by default -------------------------------------------------------------------


def test_electrical_rules_run_in_the_default_selection() -> None:
    layout = dc_coil("859-353", "24 V DC")
    assert pairs(run(layout, select=None), "ELE001") == {("ELE001", "K1")}
