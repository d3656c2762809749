"""What a contact switches, by kind of load (SPEC v2): ELE001 and ELE002 corrected,
ELE007-ELE012 and LAY007.

Each judgement the v1 rules got wrong has a test here that fails on v1:
- an 859-353 switching a 4.5 A contactor coil at 230 V AC gave nothing, although the
  sheet rates AC-15 at 3 A (859-353 data sheet, line 43);
- a 2.5 A resistive heater at 24 V DC on an 859-353 fired ELE002 (DC-13 applied to
  every DC load); an inductive load at 110 V DC gave nothing (DC-13 is rated at 24 V);
- an 859-753 input at 0 V, its stated low level (line 34), fired ELE001;
- an 857-411 current input across 24 V gave nothing (≤ 50 Ω, 50 mA max, lines 58-59).
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import STOP, module, nets, only, pairs, panel, row
from conftest import run_checked as run


def relay_353(*loads: dict[str, Any], circuit: str = "230 V AC", **extra: Any) -> dict[str, Any]:
    """K4, an 859-353 with its coil on 12 V, switching net M2 (at ``circuit``) on 14."""
    k4 = module("K4", "859-353", A1="12V", A2="0V", _11="L", _14="M2")
    voltages = {"12V": "12 V DC", "0V": "0 V DC", "L": circuit, "M2": circuit}
    return panel(*row(k4), nets=nets(**voltages), loads=list(loads), **extra)


def load(
    lid: str, current: str, kind: str | None = None, at: str = "K4:14", **more: str
) -> dict[str, Any]:
    d: dict[str, Any] = {"id": lid, "terminal": at, "current": current}
    if kind is not None:
        d["kind"] = kind
    return {**d, **more}


# --- ELE002 by load kind ---------------------------------------------------------------


def test_a_contactor_coil_above_the_ac15_rating_fires_with_the_sheets_line() -> None:
    result = run(relay_353(load("M2-contactor", "4.5 A", "inductive")))
    (finding,) = only(result, "ELE002")
    assert finding.subject == "K4"
    assert finding.message == (
        "K4 (859-353): switches 4.5 A to an inductive load (M2-contactor at K4:14), the "
        "AC-15 rating is 3 A at 250 V AC (859-353 data sheet, line 43)"
    )


@pytest.mark.parametrize("kind", ["resistive", "lamp", "capacitive", "signal"])
def test_other_kinds_up_to_the_continuous_current_pass_on_ac(kind: str) -> None:
    assert pairs(run(relay_353(load("H1", "4.5 A", kind))), "ELE002") == set()


def test_a_resistive_heater_on_24_volts_dc_is_not_held_to_dc13() -> None:
    result = run(relay_353(load("E1-heater", "2.5 A", "resistive"), circuit="24 V DC"))
    assert pairs(result, "ELE002") == set()


def test_an_inductive_load_above_dc13_on_24_volts_fires() -> None:
    result = run(relay_353(load("Y1-valve", "2.5 A", "inductive"), circuit="24 V DC"))
    (finding,) = only(result, "ELE002")
    assert "DC-13 rating is 2 A at 24 V DC" in finding.message


def test_an_inductive_load_at_110_volts_dc_has_no_rating_and_fires() -> None:
    result = run(relay_353(load("Y2-brake", "0.5 A", "inductive"), circuit="110 V DC"))
    (finding,) = only(result, "ELE002")
    assert "no rating for such a load at 110 V DC" in finding.message
    assert "DC-13 rating is 2 A at 24 V DC only" in finding.message


def test_a_load_of_unknown_kind_is_judged_as_inductive_and_says_so() -> None:
    result = run(relay_353(load("X9", "2.5 A"), circuit="24 V DC"))
    (finding,) = only(result, "ELE002")
    assert "kind not given for X9, judged as inductive" in finding.message


def test_the_category_rating_adds_the_inductive_and_unknown_loads_of_one_side() -> None:
    loads = [load("Q1", "2.5 A", "inductive"), load("Q2", "1 A"), load("H1", "1 A", "resistive")]
    (finding,) = only(run(relay_353(*loads)), "ELE002")
    assert "switches 3.5 A to inductive loads (Q1, Q2 at K4:14" in finding.message


def test_resistive_loads_on_ac_stay_held_to_the_continuous_current() -> None:
    result = run(relay_353(load("E1", "5.5 A", "resistive")))
    assert "limiting continuous current 5 A" in only(result, "ELE002")[0].message


# --- ELE001: the 859-753 low level --------------------------------------------------------


def ssr_input(volts: str) -> dict[str, Any]:
    k1 = module("K1", "859-753", A1="IN", A2="0V")
    return panel(*row(k1), nets=nets(IN=volts, **{"0V": "0 V DC"}))


@pytest.mark.parametrize("volts", ["0 V DC", "0.5 V DC", "1 V DC"])
def test_the_solid_state_relays_low_level_is_off_not_an_error(volts: str) -> None:
    assert pairs(run(ssr_input(volts)), "ELE001") == set()


@pytest.mark.parametrize("volts", ["1.5 V DC", "2.5 V DC", "3.9 V DC"])
def test_between_low_and_high_level_the_state_is_undefined_and_fires(volts: str) -> None:
    (finding,) = only(run(ssr_input(volts)), "ELE001")
    assert "undefined" in finding.message and "0–1 V DC" in finding.message
    assert "859-753 data sheet, line 34" in finding.message


def test_a_relay_coil_has_no_low_band_and_still_fires_at_zero_volts() -> None:
    k1 = module("K1", "859-390", A1="Z", A2="0V")
    layout = panel(*row(k1), nets=nets(Z="0 V DC", **{"0V": "0 V DC"}))
    assert pairs(run(layout), "ELE001") == {("ELE001", "K1")}


# --- ELE012: current input ----------------------------------------------------------------


def amplifier(plus: str, minus: str) -> dict[str, Any]:
    a1 = module("A1", "857-411", _1="IN+", _2="IN-", _3="+24V", _4="0V")
    voltages = {"IN+": plus, "IN-": minus, "+24V": "24 V DC", "0V": "0 V DC"}
    return panel(STOP, a1, STOP, nets=nets(**voltages))


def test_a_current_input_wired_across_24_volts_fires() -> None:
    (finding,) = only(run(amplifier("24 V DC", "0 V DC")), "ELE012")
    assert finding.subject == "A1"
    assert "2.5 V DC" in finding.message and "857-411 data sheet, lines 58-59" in finding.message


@pytest.mark.parametrize("plus", ["1 V DC", "2.5 V DC"])
def test_a_current_input_in_its_loop_passes(plus: str) -> None:
    assert pairs(run(amplifier(plus, "0 V DC")), "ELE012") == set()


def test_a_current_input_with_one_side_unmapped_is_not_judged() -> None:
    a1 = module("A1", "857-411", _1="IN+", _3="+24V", _4="0V")
    layout = panel(
        STOP, a1, STOP, nets=nets(**{"IN+": "24 V DC", "+24V": "24 V DC", "0V": "0 V DC"})
    )
    assert pairs(run(layout), "ELE012") == set()


# --- ELE011: rated voltage ----------------------------------------------------------------


def test_a_net_above_the_rated_voltage_fires_naming_the_terminal() -> None:
    k1 = module("K1", "859-753", A1="5V", A2="0V", _13="HV")
    layout = panel(*row(k1), nets=nets(**{"5V": "5 V DC", "0V": "0 V DC", "HV": "400 V AC"}))
    (finding,) = only(run(layout), "ELE011")
    assert "terminal 13 on net HV is at 400 V AC, above its rated voltage 300 V" in finding.message


def test_the_rated_voltage_itself_passes() -> None:
    k1 = module("K1", "859-390", A1="+24V", A2="0V", _11="L1")
    layout = panel(*row(k1), nets=nets(**{"+24V": "24 V DC", "0V": "0 V DC", "L1": "250 V AC"}))
    assert pairs(run(layout), "ELE011") == set()


# --- ELE007: suppression ------------------------------------------------------------------


def test_an_unsuppressed_contactor_coil_on_a_relay_that_demands_damping_warns() -> None:
    result = run(relay_353(load("Q1", "0.5 A", "inductive")))
    (finding,) = only(result, "ELE007")
    assert finding.subject == "Q1" and finding.severity == "warning"
    assert "859-353 data sheet" in finding.message


@pytest.mark.parametrize("suppression", ["diode", "rc", "varistor", "integrated"])
def test_a_suppressed_coil_passes(suppression: str) -> None:
    result = run(relay_353(load("Q1", "0.5 A", "inductive", suppression=suppression)))
    assert pairs(result, "ELE007") == set()


def test_suppression_none_warns_and_unknown_kind_does_not() -> None:
    said_none = run(relay_353(load("Q1", "0.5 A", "inductive", suppression="none")))
    assert pairs(said_none, "ELE007") == {("ELE007", "Q1")}
    assert pairs(run(relay_353(load("Q1", "0.5 A"))), "ELE007") == set()


def test_a_gold_relay_whose_sheet_says_nothing_of_damping_is_not_warned() -> None:
    k1 = module("K1", "859-386", A1="36V", A2="0V", _11="+24V", _14="Y")
    layout = panel(
        *row(k1),
        nets=nets(**{"36V": "36 V DC", "0V": "0 V DC", "+24V": "24 V DC", "Y": "24 V DC"}),
        loads=[{"id": "Y1", "terminal": "K1:14", "current": "20 mA", "kind": "inductive"}],
    )
    assert pairs(run(layout), "ELE007") == set()


# --- ELE008: inrush -----------------------------------------------------------------------


def test_a_lamp_inrush_above_20_amps_on_ac_fires() -> None:
    result = run(relay_353(load("H1", "0.5 A", "lamp", inrush_current="30 A")))
    (finding,) = only(result, "ELE008")
    assert "inrush of 30 A" in finding.message and "20 A" in finding.message


def test_an_inrush_within_20_amps_passes() -> None:
    result = run(relay_353(load("H1", "0.5 A", "lamp", inrush_current="20 A")))
    assert pairs(result, "ELE008") == set()


def test_a_dc_inrush_on_the_859_353_is_not_judged_but_said() -> None:
    result = run(relay_353(load("H1", "0.5 A", "lamp", inrush_current="30 A"), circuit="24 V DC"))
    assert pairs(result, "ELE008") == set()
    (said,) = only(result, "LAY008")
    assert "inrush limit for DC" in said.message and "load H1" in said.message


def test_a_solid_state_output_peak_above_0_8_amps_fires() -> None:
    k1 = module("K1", "859-753", A1="5V", A2="0V", _13="+24V", _15="0V")
    layout = panel(
        *row(k1),
        nets=nets(**{"5V": "5 V DC", "0V": "0 V DC", "+24V": "24 V DC"}),
        loads=[{"id": "H1", "terminal": "K1:14", "current": "50 mA", "inrush_current": "1.2 A"}],
    )
    (finding,) = only(run(layout), "ELE008")
    assert "peak output current of 800 mA" in finding.message


# --- ELE009, ELE010: switching rate and electrical life -------------------------------------


def test_switching_faster_than_6_per_minute_fires() -> None:
    result = run(relay_353(load("Q1", "0.5 A", "resistive", switching_rate="12 /min")))
    (finding,) = only(result, "ELE009")
    assert "12 /min" in finding.message and "6 /min" in finding.message


@pytest.mark.parametrize("rate", ["6 /min", "360 /h", "0.1 Hz"])
def test_switching_at_6_per_minute_passes(rate: str) -> None:
    result = run(relay_353(load("Q1", "0.5 A", "resistive", switching_rate=rate)))
    assert pairs(result, "ELE009") == set()


def test_electrical_life_is_exceeded_over_the_operating_time() -> None:
    layout = relay_353(load("Q1", "0.5 A", "resistive", switching_rate="2 /min"))
    layout["panel"] = {"operating_time": "40000 h"}
    (finding,) = only(run(layout), "ELE010")
    assert "4,800,000 operations" in finding.message and "50,000" in finding.message
    assert "resistive" in finding.message and finding.severity == "warning"


def test_electrical_life_within_the_operating_time_passes() -> None:
    layout = relay_353(load("Q1", "0.5 A", "resistive", switching_rate="1 /h"))
    layout["panel"] = {"operating_time": "40000 h"}
    assert pairs(run(layout), "ELE010") == set()


# --- LAY007: current and impedance -----------------------------------------------------------


def test_current_and_impedance_that_disagree_warn_and_the_larger_is_used() -> None:
    q1 = {
        "id": "Q1",
        "terminal": "K4:14",
        "current": "1 A",
        "impedance": "46 ohm",
        "kind": "inductive",
    }
    result = run(relay_353(q1))
    (finding,) = only(result, "LAY007")
    assert finding.subject == "Q1" and "5 A" in finding.message
    assert "5 A to an inductive load" in only(result, "ELE002")[0].message


def test_current_and_impedance_within_10_percent_pass() -> None:
    q1 = {"id": "Q1", "terminal": "K4:14", "current": "1 A", "impedance": "220 ohm"}
    assert pairs(run(relay_353(q1)), "LAY007") == set()
