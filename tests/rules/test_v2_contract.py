"""The v2 contract, read from SPEC sections 2, 3 and 6 alone (not from the implementation).

Facts used (datasheets/, SPEC section 3 "Catalog in v2"):
- 859-390: coil 24 V DC; contacts 5 A, 250 V AC; rated voltage 250 V; damping demanded;
  6 /min with load; electrical life 50 x 10^3; approvals UL 508, DNV, NK, PRS; no
  altitude, condensation, inrush or cable margin stated.
- 859-386: coil 36 V DC; no approvals at all (empty list); no damping note.
- 859-353: coil 12 V AC/DC; AC-15 3 A / 250 V AC, DC-13 2 A / 24 V DC; inrush 20 A (AC);
  rated 300 V; overvoltage category III; 2000 m; no condensation; cable >= ambient + 20 K.
- 859-753: input low 0...1 V, high 4...6.25 V DC; peak output 0.8 A; overvoltage
  category II; emission EN 61000-6-3 (residential); approvals UL 508.
- 857-411: current input <= 50 ohm, 50 mA max; 2000 m; no condensation; emission
  EN 61000-6-4 (industrial only); zone 2 and class I division 2; height 97.8 mm; fine-
  stranded 0.34...2.5 mm^2 / 22...14 AWG; no rated voltage, no pollution degree stated.
- All modules mount on DIN-35 (35x7.5, 35x15) and are 56 mm (859) above the rail; the
  249 end stops fit 35x15 and 35x7.5; the 859-525 plate states no mounting.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import PLATE, STOP, load, module, nets, only, pairs, panel, row, run
from conftest import run_checked as checked

COIL = {"859-390": "24 V DC", "859-386": "36 V DC", "859-353": "12 V DC"}


def ld(lid: str, terminal: str, current: str | None = None, **extra: Any) -> dict[str, Any]:
    """A load with v2 fields (kind, suppression, inrush_current, switching_rate...)."""
    return {**load(lid, terminal, current), **extra}


def relay(
    part: str,
    voltage: str,
    *loads: dict[str, Any],
    wires: tuple[dict[str, Any], ...] = (),
    **panel_fields: Any,
) -> dict[str, Any]:
    """K1 with its coil on its nominal voltage, COM on S, NC on Z and NO on Y (all at
    ``voltage``), closed by an end plate and end stops; ``panel_fields`` form `panel`."""
    layout = panel(
        *row(module("K1", part, A1="C", A2="0V", _11="S", _12="Z", _14="Y")),
        nets=nets(**{"C": COIL[part], "0V": "0 V DC", "S": voltage, "Y": voltage, "Z": voltage}),
        loads=loads,
        wires=wires,
    )
    if panel_fields:
        layout["panel"] = dict(panel_fields)
    return layout


def ssr(input_voltage: str, *loads: dict[str, Any], **panel_fields: Any) -> dict[str, Any]:
    """A 859-753 K1: input A1 on IN (A2 on 0V), output 13/14/15 on a 24 V DC circuit."""
    layout = panel(
        *row(module("K1", "859-753", A1="IN", A2="0V", _13="+24V", _14="H1", _15="0V")),
        nets=nets(**{"IN": input_voltage, "0V": "0 V DC", "+24V": "24 V DC", "H1": "24 V DC"}),
        loads=loads,
    )
    if panel_fields:
        layout["panel"] = dict(panel_fields)
    return layout


def amp(
    in_plus: str | None = None,
    in_minus: str | None = None,
    wires: tuple[dict[str, Any], ...] = (),
    **panel_fields: Any,
) -> dict[str, Any]:
    """A 857-411 A1 supplied on 3/4 (24 V DC), its current input 1/2 at the given
    voltages (unmapped when None). It needs no end plate: stop, module, stop."""
    terminals = {"_3": "+24V", "_4": "0V"}
    table = {"+24V": "24 V DC", "0V": "0 V DC"}
    if in_plus is not None:
        terminals["_1"] = "IN+"
        table["IN+"] = in_plus
    if in_minus is not None:
        terminals["_2"] = "IN-"
        table["IN-"] = in_minus
    layout = panel(
        STOP, module("A1", "857-411", **terminals), STOP, nets=nets(**table), wires=wires
    )
    if panel_fields:
        layout["panel"] = dict(panel_fields)
    return layout


# --- v1 layouts stay valid --------------------------------------------------------------

SPEC_EXAMPLE = """
{
  "format": "panelcheck/1",
  "panel": {"name": "CP-01 pump station", "ambient": "40 degC"},
  "nets": {
    "+24V": {"voltage": "24 V DC", "feed": "K2:11"},
    "0V":   {"voltage": "0 V DC"},
    "DO-1": {"voltage": "24 V DC"},
    "DO-2": {"voltage": "36 V DC"},
    "DI-1": {"voltage": "24 V DC"},
    "L1":   {"voltage": "230 V AC"},
    "M1":   {"voltage": "230 V AC"}
  },
  "rails": [
    {
      "id": "X1",
      "length": "300 mm",
      "items": [
        {"type": "end_stop", "part": "249-116"},
        {"type": "module", "id": "K1", "part": "859-390",
         "terminals": {"A1": "DO-1", "A2": "0V", "11": "L1", "14": "M1"}},
        {"type": "module", "id": "K2", "part": "859-386",
         "terminals": {"A1": "DO-2", "A2": "0V", "11": "+24V", "14": "DI-1"}},
        {"type": "end_plate", "part": "859-525"}
      ],
      "jumpers": [
        {"id": "JB1", "part": "859-402/000-006", "slot": "A2", "from": "K1"}
      ]
    }
  ],
  "wires": [
    {"id": "W1", "terminal": "K1:A1", "cross_section": "0.75 mm^2",
     "conductor": "fine_stranded", "ferrule": "216-222"},
    {"id": "W2", "terminal": "K1:14", "cross_section": "16 AWG",
     "conductor": "solid", "strip_length": "6 mm"}
  ],
  "loads": [
    {"id": "M1-contactor", "terminal": "K1:14", "current": "0.4 A"},
    {"id": "PLC-DI1", "terminal": "K2:14", "current": "5 mA"}
  ],
  "waivers": [
    {"rule": "IPX003", "subject": "X1", "reason": "right end is held by the duct cover clamp"}
  ]
}
"""


def test_the_spec_v1_example_still_has_no_finding_but_the_waived_one() -> None:
    result = run(SPEC_EXAMPLE)
    assert not result.invalid
    assert pairs(result) == set()
    assert {(f.code, f.subject) for f in result.findings if f.waived} == {("IPX003", "X1")}


def test_a_v1_layout_asks_for_no_judgement() -> None:
    # 857-411 states no rated voltage and 859-390 no altitude: nothing is asked, no LAY008.
    layout = panel(
        STOP,
        module("A1", "857-411", _3="+24V", _4="0V"),
        STOP,
        *row(module("K1", A1="+24V", A2="0V", _11="L1")),
    )
    assert pairs(checked(layout), "LAY008") == set()


# --- ELE001: the 859-753 low level ----------------------------------------------------------


@pytest.mark.parametrize("voltage", ["0 V DC", "0.5 V DC", "1 V DC"])
def test_ssr_input_in_the_low_band_is_off_and_accepted(voltage: str) -> None:
    assert pairs(checked(ssr(voltage)), "ELE001") == set()


@pytest.mark.parametrize("voltage", ["1.5 V DC", "2.5 V DC", "3.9 V DC"])
def test_ssr_input_between_low_and_high_band_is_undefined_and_fires(voltage: str) -> None:
    assert pairs(checked(ssr(voltage)), "ELE001") == {("ELE001", "K1")}


# --- ELE002 by load kind (859-353) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("voltage", "current", "fires"),
    [
        ("230 V AC", "3 A", False),  # AC-15 3 A / 250 V AC
        ("230 V AC", "3.5 A", True),
        ("24 V DC", "2 A", False),  # DC-13 2 A / 24 V DC
        ("24 V DC", "2.5 A", True),
    ],
)
def test_inductive_load_is_held_to_the_category_rating(
    voltage: str, current: str, fires: bool
) -> None:
    load_ = ld("Q1", "K1:14", current, kind="inductive", suppression="rc")
    result = checked(relay("859-353", voltage, load_))
    assert pairs(result, "ELE002") == ({("ELE002", "K1")} if fires else set())


@pytest.mark.parametrize("kind", ["resistive", "lamp", "capacitive", "signal"])
@pytest.mark.parametrize(("voltage", "current"), [("230 V AC", "4.5 A"), ("24 V DC", "4.5 A")])
def test_non_inductive_kinds_are_held_to_the_continuous_current_only(
    kind: str, voltage: str, current: str
) -> None:
    result = checked(relay("859-353", voltage, ld("E1", "K1:14", current, kind=kind)))
    assert pairs(result, "ELE002") == set()


@pytest.mark.parametrize("kind", ["resistive", "inductive"])
def test_any_kind_above_the_continuous_current_fires(kind: str) -> None:
    load_ = ld("E1", "K1:14", "6 A", kind=kind, suppression="rc")
    assert pairs(checked(relay("859-353", "230 V AC", load_)), "ELE002") == {("ELE002", "K1")}


def test_unknown_kind_is_judged_as_inductive_and_says_kind_not_given() -> None:
    result = checked(relay("859-353", "230 V AC", ld("LD1", "K1:14", "3.5 A")))
    assert pairs(result, "ELE002") == {("ELE002", "K1")}
    (finding,) = only(result, "ELE002")
    assert "kind not given" in finding.message


def test_inductive_load_above_the_ratings_voltage_has_no_rating_and_fires() -> None:
    # DC-13 is stated at 24 V DC: an inductive load at 48 V DC has no rating at all.
    load_ = ld("Q1", "K1:14", "0.5 A", kind="inductive", suppression="diode")
    assert pairs(checked(relay("859-353", "48 V DC", load_)), "ELE002") == {("ELE002", "K1")}


def test_resistive_load_above_the_ratings_voltage_is_judged_on_current_and_voltage() -> None:
    load_ = ld("E1", "K1:14", "0.5 A", kind="resistive")
    assert pairs(checked(relay("859-353", "48 V DC", load_)), "ELE002") == set()


def test_category_rating_applies_to_inductive_plus_unknown_loads_on_one_side() -> None:
    loads = (
        ld("Q1", "K1:14", "1.5 A", kind="inductive", suppression="diode"),
        ld("Q2", "K1:14", "1 A"),
    )
    assert pairs(checked(relay("859-353", "24 V DC", *loads)), "ELE002") == {("ELE002", "K1")}


def test_resistive_loads_do_not_count_towards_the_category_rating() -> None:
    loads = (
        ld("Q1", "K1:14", "1.5 A", kind="inductive", suppression="diode"),
        ld("E1", "K1:14", "1 A", kind="resistive"),
    )
    assert pairs(checked(relay("859-353", "24 V DC", *loads)), "ELE002") == set()


def test_category_rating_takes_one_side_of_the_contact_not_no_plus_nc() -> None:
    loads = (
        ld("Q1", "K1:14", "1.5 A", kind="inductive", suppression="diode"),
        ld("Q2", "K1:12", "1.5 A", kind="inductive", suppression="diode"),
    )
    assert pairs(checked(relay("859-353", "24 V DC", *loads)), "ELE002") == set()


# --- LAY007 -----------------------------------------------------------------------------


def test_current_and_impedance_that_disagree_fire_on_the_load() -> None:
    load_ = ld("E1", "K1:14", "2 A", impedance="53 ohm", kind="resistive")
    result = checked(relay("859-390", "230 V AC", load_))
    assert pairs(result, "LAY007") == {("LAY007", "E1")}
    (finding,) = only(result, "LAY007")
    assert finding.severity == "warning"


def test_current_and_impedance_that_agree_pass() -> None:
    load_ = ld("E1", "K1:14", "2 A", impedance="115 ohm", kind="resistive")
    assert pairs(checked(relay("859-390", "230 V AC", load_)), "LAY007") == set()


@pytest.mark.parametrize(
    ("voltage", "fires"),
    [
        ("10.9 V DC", False),  # 1.09 A against 1 A: 9 %
        ("9.1 V DC", False),  # 0.91 A: 9 %
        ("11.2 V DC", True),  # 1.12 A: 12 %
        ("8.8 V DC", True),  # 0.88 A: 12 %
    ],
)
def test_lay007_threshold_is_10_percent_of_the_given_current(voltage: str, fires: bool) -> None:
    load_ = ld("E1", "K1:14", "1 A", impedance="10 ohm", kind="resistive")
    result = checked(relay("859-390", voltage, load_))
    assert pairs(result, "LAY007") == ({("LAY007", "E1")} if fires else set())


def test_other_rules_use_the_larger_of_the_two_currents() -> None:
    # 2 A given, 23 ohm at 230 V AC draws 10 A: the 5 A contact is judged at 10 A.
    load_ = ld("E1", "K1:14", "2 A", impedance="23 ohm", kind="resistive")
    result = checked(relay("859-390", "230 V AC", load_))
    assert pairs(result, "LAY007") == {("LAY007", "E1")}
    assert pairs(result, "ELE002") == {("ELE002", "K1")}
    assert pairs(checked(relay("859-390", "230 V AC", ld("E1", "K1:14", "2 A"))), "ELE002") == set()


# --- LAY008 ----------------------------------------------------------------------------


def test_a_fact_the_sheet_does_not_state_gives_lay008_once_per_part_naming_rules_and_modules() -> (
    None
):
    layout = panel(
        *row(
            module("K1", A1="+24V", A2="0V"),
            module("K2", A1="+24V", A2="0V"),
        ),
        panel={"altitude": "1800 m", "condensation": True},
    )
    result = checked(layout)
    assert pairs(result, "LAY008") == {("LAY008", "859-390")}
    (finding,) = only(result, "LAY008")
    assert finding.severity == "info"
    for word in ("ENV001", "ENV002", "K1", "K2"):
        assert word in finding.message
    assert pairs(result, "ENV001") == set() and pairs(result, "ENV002") == set()


def test_lay008_concerns_modules_only_not_plates_stops_or_devices() -> None:
    # 859-353 states its altitude; the plate, the stops and the device state none.
    device = {"type": "device", "id": "PS1", "width": "40 mm", "part": "787-2852"}
    layout = panel(
        STOP,
        module("K1", "859-353", A1="+12V", A2="0V"),
        PLATE,
        device,
        STOP,
        nets=nets(**{"+12V": "12 V DC", "0V": "0 V DC"}),
        panel={"altitude": "1000 m", "depth": "200 mm"},
    )
    result = checked(layout)
    assert pairs(result, "LAY008") == set()
    assert pairs(result, "ENV001") == set()


@pytest.mark.parametrize(
    "fields",
    [
        {"condensation": False},
        {"emc_environment": "industrial"},
        {"approvals": []},
        {"name": "CP-01", "ambient": "40 degC"},
    ],
)
def test_a_field_that_cannot_make_a_rule_fire_asks_nothing(fields: dict[str, Any]) -> None:
    # 859-390 states no condensation and no emission environment.
    layout = relay("859-390", "230 V AC", ld("E1", "K1:14", "1 A", kind="resistive"), **fields)
    assert pairs(checked(layout), "LAY008") == set()


def test_a_loads_kind_alone_asks_nothing() -> None:
    loads = [
        ld("Q1", "K1:14", "80 mA", kind="inductive", suppression="rc"),
        ld("PLC-DI", "K1:12", "5 mA", kind="signal"),
    ]
    assert pairs(checked(relay("859-390", "24 V DC", *loads)), "LAY008") == set()


@pytest.mark.parametrize(
    ("fields", "part"),
    [
        ({"pollution_degree": 3}, "857-411"),
        ({"overvoltage_category": "III"}, "857-411"),
    ],
)
def test_environment_field_on_an_amplifier_without_the_fact_gives_lay008(
    fields: dict[str, Any], part: str
) -> None:
    result = checked(amp(**fields))
    assert pairs(result, "LAY008") == {("LAY008", part)}
    assert pairs(result, "ENV003") == set() and pairs(result, "ENV004") == set()


def test_ele011_and_ele012_never_give_lay008() -> None:
    # 857-411 states no rated voltage, the 859 relays no current input; nothing v2 is set.
    layout = amp("1 V DC", "0 V DC")
    layout["rails"][0]["items"][2:2] = list(row(module("K1", A1="+24V", A2="0V", _11="+24V")))
    result = checked(layout)
    assert pairs(result, "LAY008") == set()
    assert pairs(result, "ELE011") == set()


# --- approvals ------------------------------------------------------------------------


@pytest.mark.parametrize("mark", ["UL 508", "ul 508", "Ul 508", "dnv"])
def test_approvals_are_compared_case_insensitively(mark: str) -> None:
    result = checked(relay("859-390", "230 V AC", approvals=[mark]))
    assert pairs(result, "APR001") == set()
    assert pairs(result, "LAY008") == set()


def test_a_module_whose_sheet_shows_no_approval_lacks_every_mark() -> None:
    result = checked(relay("859-386", "24 V DC", approvals=["DNV"]))
    assert pairs(result, "APR001") == {("APR001", "K1")}


def test_a_mark_one_module_lacks_fires_on_that_module_only() -> None:
    # 859-753 carries UL 508 only; 859-390 carries DNV.
    layout = panel(
        *row(
            module("K1", A1="+24V", A2="0V"),
            module("K2", "859-753", A1="TTL", A2="0V"),
        ),
        nets=nets(**{"+24V": "24 V DC", "0V": "0 V DC", "TTL": "5 V DC"}),
        panel={"approvals": ["DNV", "UL 508"]},
    )
    assert pairs(checked(layout), "APR001") == {("APR001", "K2")}


@pytest.mark.parametrize("mark", ["DNV GL", "VDE"])
def test_an_unknown_mark_is_lay003_with_the_mark_as_subject_not_apr001(mark: str) -> None:
    layout = relay("859-386", "24 V DC", approvals=[mark])
    text = json.dumps(layout, indent=2)
    result = run(text)
    assert pairs(result, "LAY003") == {("LAY003", mark)}
    assert pairs(result, "APR001") == set()
    (finding,) = only(result, "LAY003")
    mark_line = next(n for n, line in enumerate(text.splitlines(), 1) if f'"{mark}"' in line)
    assert finding.line == mark_line
    for known in ["UL 508", "DNV", "NK", "PRS", "BV", "EAC", "CCC"]:  # the known marks
        assert known in finding.message, known


@pytest.mark.parametrize("area", ["zone 2", "class I division 2"])
def test_hazardous_area_fires_on_859_modules_not_on_the_certified_amplifier(area: str) -> None:
    layout = amp("1 V DC", "0 V DC", hazardous_area=area)
    layout["rails"][0]["items"][2:2] = list(row(module("K1", A1="+24V", A2="0V")))
    result = checked(layout)
    assert pairs(result, "APR002") == {("APR002", "K1")}
    assert pairs(result, "LAY008") == set()


# --- ELE007 ---------------------------------------------------------------------------


@pytest.mark.parametrize("part", ["859-390", "859-353"])
@pytest.mark.parametrize("suppression", [None, "none"])
def test_unsuppressed_inductive_load_on_a_relay_demanding_damping_warns_on_the_load(
    part: str, suppression: str | None
) -> None:
    extra = {"suppression": suppression} if suppression else {}
    load_ = ld("Q1-coil", "K1:14", "80 mA", kind="inductive", **extra)
    result = checked(relay(part, "230 V AC", load_))
    assert pairs(result, "ELE007") == {("ELE007", "Q1-coil")}
    (finding,) = only(result, "ELE007")
    assert finding.severity == "warning"


@pytest.mark.parametrize(
    "suppression", ["diode", "diode_zener", "rc", "varistor", "tvs", "integrated"]
)
def test_suppressed_inductive_load_passes(suppression: str) -> None:
    load_ = ld("Q1-coil", "K1:14", "80 mA", kind="inductive", suppression=suppression)
    assert pairs(checked(relay("859-390", "230 V AC", load_)), "ELE007") == set()


@pytest.mark.parametrize("kind", [None, "resistive", "lamp", "capacitive", "signal"])
def test_ele007_concerns_kind_inductive_only(kind: str | None) -> None:
    extra = {"kind": kind} if kind else {}
    load_ = ld("Q1-coil", "K1:14", "80 mA", **extra)
    assert pairs(checked(relay("859-390", "230 V AC", load_)), "ELE007") == set()


def test_ele007_not_for_a_relay_whose_sheet_demands_no_damping() -> None:
    load_ = ld("Q1-coil", "K1:14", "20 mA", kind="inductive")
    assert pairs(checked(relay("859-386", "24 V DC", load_)), "ELE007") == set()


# --- ELE008 ---------------------------------------------------------------------------


@pytest.mark.parametrize(("inrush", "fires"), [("25 A", True), ("20 A", False), ("15 A", False)])
def test_inrush_on_ac_against_the_859_353_limit(inrush: str, fires: bool) -> None:
    load_ = ld("G1", "K1:14", "0.6 A", kind="capacitive", inrush_current=inrush)
    result = checked(relay("859-353", "230 V AC", load_))
    assert pairs(result, "ELE008") == ({("ELE008", "K1")} if fires else set())
    assert pairs(result, "LAY008") == set()


def test_inrush_on_dc_on_the_859_353_is_not_judged_but_lay008() -> None:
    load_ = ld("G1", "K1:14", "0.6 A", kind="capacitive", inrush_current="25 A")
    result = checked(relay("859-353", "24 V DC", load_))
    assert pairs(result, "ELE008") == set()
    assert pairs(result, "LAY008") == {("LAY008", "859-353")}


def test_inrush_on_a_relay_stating_none_is_lay008() -> None:
    load_ = ld("G1", "K1:14", "0.6 A", kind="capacitive", inrush_current="25 A")
    result = checked(relay("859-390", "230 V AC", load_))
    assert pairs(result, "ELE008") == set()
    assert pairs(result, "LAY008") == {("LAY008", "859-390")}


@pytest.mark.parametrize(("inrush", "fires"), [("1 A", True), ("0.5 A", False)])
def test_inrush_on_the_ssr_output_against_its_peak_current(inrush: str, fires: bool) -> None:
    load_ = ld("H1-lamp", "K1:14", "50 mA", kind="lamp", inrush_current=inrush)
    result = checked(ssr("5 V DC", load_))
    assert pairs(result, "ELE008") == ({("ELE008", "K1")} if fires else set())


# --- ELE009 / ELE010 ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "fires"),
    [("12 /min", True), ("400 /h", True), ("6 /min", False), ("360 /h", False), ("2 /min", False)],
)
def test_switching_rate_against_6_per_minute(rate: str, fires: bool) -> None:
    load_ = ld("E1", "K1:14", "1.5 A", kind="resistive", switching_rate=rate)
    result = checked(relay("859-390", "230 V AC", load_))
    assert pairs(result, "ELE009") == ({("ELE009", "K1")} if fires else set())
    assert pairs(result, "LAY008") == set()


@pytest.mark.parametrize("terminal", ["K1:14", "K1:12"])
def test_ele009_takes_the_highest_rate_on_a_contact(terminal: str) -> None:
    loads = (
        ld("E1", "K1:14", "1 A", kind="resistive", switching_rate="2 /min"),
        ld("E2", terminal, "1 A", kind="resistive", switching_rate="10 /min"),
    )
    assert pairs(checked(relay("859-390", "230 V AC", *loads)), "ELE009") == {("ELE009", "K1")}


def test_electrical_life_exceeded_warns_and_notes_resistive() -> None:
    load_ = ld("Q1", "K1:14", "80 mA", kind="inductive", suppression="rc", switching_rate="2 /min")
    result = checked(relay("859-390", "230 V AC", load_, operating_time="40000 h"))
    assert pairs(result, "ELE010") == {("ELE010", "K1")}
    (finding,) = only(result, "ELE010")
    assert finding.severity == "warning"
    assert "resistive" in finding.message


def test_electrical_life_within_passes_and_no_operating_time_asks_nothing() -> None:
    load_ = ld("Q1", "K1:14", "80 mA", kind="inductive", suppression="rc", switching_rate="1 /h")
    assert pairs(checked(relay("859-390", "230 V AC", load_, operating_time="40000 h"))) == set()
    fast = ld("Q1", "K1:14", "80 mA", kind="inductive", suppression="rc", switching_rate="2 /min")
    assert pairs(checked(relay("859-390", "230 V AC", fast)), "ELE010") == set()


def test_ele010_takes_the_highest_rate_not_the_sum() -> None:
    # 1 /h x 40000 h = 40,000 <= 50,000; summed, the two loads would make 80,000.
    loads = (
        ld("E1", "K1:14", "1 A", kind="resistive", switching_rate="1 /h"),
        ld("E2", "K1:14", "1 A", kind="resistive", switching_rate="1 /h"),
    )
    result = checked(relay("859-390", "230 V AC", *loads, operating_time="40000 h"))
    assert pairs(result, "ELE010") == set()


# --- ELE011 / ELE012 ------------------------------------------------------------------


def test_net_above_the_rated_voltage_fires_without_any_new_field() -> None:
    result = checked(relay("859-390", "400 V AC"))
    assert pairs(result, "ELE011") == {("ELE011", "K1")}


@pytest.mark.parametrize(("part", "voltage"), [("859-390", "250 V AC"), ("859-353", "277 V AC")])
def test_net_at_or_below_the_rated_voltage_passes(part: str, voltage: str) -> None:
    assert pairs(checked(relay(part, voltage)), "ELE011") == set()


@pytest.mark.parametrize(
    ("plus", "fires"), [("24 V DC", True), ("3 V DC", True), ("2.5 V DC", False), ("1 V DC", False)]
)
def test_current_input_across_more_than_2_5_volts_fires(plus: str, fires: bool) -> None:
    result = checked(amp(plus, "0 V DC"))
    assert pairs(result, "ELE012") == ({("ELE012", "A1")} if fires else set())
    assert pairs(result, "LAY008") == set()


# --- ENV001-ENV005 --------------------------------------------------------------------


@pytest.mark.parametrize(("altitude", "fires"), [("2850 m", True), ("1.5 km", False)])
def test_altitude_against_2000_m(altitude: str, fires: bool) -> None:
    result = checked(relay("859-353", "24 V DC", altitude=altitude))
    assert pairs(result, "ENV001") == ({("ENV001", "K1")} if fires else set())
    assert pairs(result, "LAY008") == set()


@pytest.mark.parametrize(("condensation", "fires"), [(True, True), (False, False)])
def test_condensation_on_modules_that_permit_none(condensation: bool, fires: bool) -> None:
    result = checked(amp("1 V DC", "0 V DC", condensation=condensation))
    assert pairs(result, "ENV002") == ({("ENV002", "A1")} if fires else set())


@pytest.mark.parametrize(("degree", "fires"), [(3, True), (4, True), (2, False), (1, False)])
def test_pollution_degree_is_an_integer_compared_with_the_modules(degree: int, fires: bool) -> None:
    result = checked(relay("859-390", "230 V AC", pollution_degree=degree))
    assert pairs(result, "ENV003") == ({("ENV003", "K1")} if fires else set())


@pytest.mark.parametrize(
    ("category", "fires"), [("I", False), ("II", False), ("III", True), ("IV", True)]
)
def test_overvoltage_category_is_a_roman_numeral_compared_with_the_modules(
    category: str, fires: bool
) -> None:
    result = checked(ssr("5 V DC", overvoltage_category=category))
    assert pairs(result, "ENV004") == ({("ENV004", "K1")} if fires else set())


def test_overvoltage_category_iv_above_the_859_353s_iii() -> None:
    assert pairs(checked(relay("859-353", "230 V AC", overvoltage_category="IV")), "ENV004") == {
        ("ENV004", "K1")
    }
    assert pairs(checked(relay("859-353", "230 V AC", overvoltage_category="III"))) == set()


def test_residential_panel_warns_on_the_industrial_only_amplifier_not_on_the_ssr() -> None:
    result = checked(amp("1 V DC", "0 V DC", emc_environment="residential"))
    assert pairs(result, "ENV005") == {("ENV005", "A1")}
    assert pairs(checked(ssr("5 V DC", emc_environment="residential")), "ENV005") == set()
    assert pairs(checked(amp("1 V DC", "0 V DC", emc_environment="industrial"))) == set()


# --- MEC002 / MEC003 ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "depth", "fires"),
    [
        (None, "60 mm", True),  # 7.5 + 56 = 63.5 mm
        (None, "64 mm", False),
        ("35x15", "70 mm", True),  # 15 + 56 = 71 mm
        ("35x15", "72 mm", False),
    ],
)
def test_profile_height_plus_module_height_against_the_depth(
    profile: str | None, depth: str, fires: bool
) -> None:
    layout = relay("859-390", "230 V AC", depth=depth)
    if profile:
        layout["rails"][0]["profile"] = profile
    result = checked(layout)
    assert pairs(result, "MEC002") == ({("MEC002", "K1")} if fires else set())
    if fires and profile is None:
        (finding,) = only(result, "MEC002")
        assert "assumed" in finding.message


def test_the_amplifier_is_taller() -> None:
    # 857-411: 7.5 + 97.8 = 105.3 mm.
    assert pairs(checked(amp("1 V DC", "0 V DC", depth="100 mm")), "MEC002") == {("MEC002", "A1")}
    assert pairs(checked(amp("1 V DC", "0 V DC", depth="110 mm")), "MEC002") == set()


def _profiled(profile: str) -> dict[str, Any]:
    layout = panel(
        {"type": "end_stop", "part": "249-116", "id": "S1"},
        module("K1", A1="+24V", A2="0V"),
        {"type": "end_plate", "part": "859-525", "id": "P1"},
        {"type": "end_stop", "part": "249-116", "id": "S2"},
    )
    layout["rails"][0]["profile"] = profile
    return layout


@pytest.mark.parametrize("profile", ["15x5.5", "G32"])
def test_a_profile_the_parts_do_not_fit_fires_on_modules_and_stops_not_the_plate(
    profile: str,
) -> None:
    result = checked(_profiled(profile))
    assert pairs(result, "MEC003") == {("MEC003", "K1"), ("MEC003", "S1"), ("MEC003", "S2")}


def test_a_stop_without_id_is_named_by_its_pointer() -> None:
    layout = _profiled("15x5.5")
    del layout["rails"][0]["items"][0]["id"]
    result = checked(layout)
    assert ("MEC003", "/rails/0/items/0") in pairs(result, "MEC003")


@pytest.mark.parametrize("profile", ["35x7.5", "35x15"])
def test_a_din_35_profile_fits_and_asks_nothing_more(profile: str) -> None:
    result = checked(_profiled(profile))
    assert pairs(result, "MEC003") == set()
    assert pairs(result, "LAY008") == set()


# --- WIR009 / AWG ---------------------------------------------------------------------


def _wire(rating: str) -> tuple[dict[str, Any], ...]:
    return (
        {
            "id": "W1",
            "terminal": "K1:14",
            "cross_section": "0.75 mm^2",
            "conductor": "fine_stranded",
            "insulation_rating": rating,
        },
    )


@pytest.mark.parametrize(("rating", "fires"), [("55 degC", True), ("60 degC", False)])
def test_cable_rating_at_least_ambient_plus_20_k_on_the_859_353(rating: str, fires: bool) -> None:
    result = checked(relay("859-353", "24 V DC", wires=_wire(rating), ambient="40 degC"))
    assert pairs(result, "WIR009") == ({("WIR009", "W1")} if fires else set())
    assert pairs(result, "LAY008") == set()


def test_wir009_only_for_the_859_353_others_are_lay008() -> None:
    result = checked(relay("859-390", "24 V DC", wires=_wire("45 degC"), ambient="40 degC"))
    assert pairs(result, "WIR009") == set()
    assert pairs(result, "LAY008") == {("LAY008", "859-390")}


@pytest.mark.parametrize(
    ("cross_section", "fires"),
    [
        ("22 AWG", False),
        ("AWG 22", False),
        ("24 AWG", True),
        ("0.34 mm^2", False),
        ("0.3 mm^2", True),
    ],
)
def test_amplifier_fine_stranded_range_in_awg_and_in_mm2(cross_section: str, fires: bool) -> None:
    wire_ = {
        "id": "W1",
        "terminal": "A1:1",
        "cross_section": cross_section,
        "conductor": "fine_stranded",
    }
    result = checked(amp("1 V DC", "0 V DC", wires=(wire_,)))
    assert pairs(result, "WIR001") == ({("WIR001", "W1")} if fires else set())


# --- bad input --------------------------------------------------------------------------


def _lay000(layout: dict[str, Any]) -> list[str]:
    result = run(layout)
    assert result.invalid
    messages = [f.message for f in only(result, "LAY000")]
    assert messages
    return messages


@pytest.mark.parametrize(
    ("field", "value", "accepted"),
    [
        ("kind", "motor", ["resistive", "inductive", "lamp", "capacitive", "signal"]),
        (
            "suppression",
            "snubber",
            ["none", "diode", "diode_zener", "rc", "varistor", "tvs", "integrated"],
        ),
    ],
)
def test_unknown_load_value_is_lay000_listing_the_accepted_ones(
    field: str, value: str, accepted: list[str]
) -> None:
    layout = relay("859-390", "230 V AC", ld("Q1", "K1:14", "80 mA", **{field: value}))
    (message,) = _lay000(layout)
    for word in accepted:
        assert word in message, word


def test_unknown_profile_is_lay000_listing_the_accepted_ones() -> None:
    layout = _profiled("35x10")
    (message,) = _lay000(layout)
    for word in ["35x7.5", "35x15", "15x5.5", "G32"]:
        assert word in message, word


@pytest.mark.parametrize(
    ("field", "value", "accepted"),
    [
        ("hazardous_area", "zone 1", ["zone 2", "class I division 2"]),
        ("overvoltage_category", "V", ["I", "II", "III", "IV"]),
        ("overvoltage_category", "3", ["I", "II", "III", "IV"]),
        ("emc_environment", "domestic", ["industrial", "residential"]),
    ],
)
def test_unknown_panel_value_is_lay000_listing_the_accepted_ones(
    field: str, value: str, accepted: list[str]
) -> None:
    layout = relay("859-390", "230 V AC")
    layout["panel"] = {field: value}
    (message,) = _lay000(layout)
    for word in accepted:
        assert word in message, word


@pytest.mark.parametrize("value", [0, 5, 2.5, "2", "II"])
def test_pollution_degree_outside_1_to_4_or_not_an_integer_is_lay000(value: Any) -> None:
    _lay000(relay("859-390", "230 V AC", pollution_degree=value))


@pytest.mark.parametrize("value", [3, "iii", "3"])
def test_overvoltage_category_not_a_roman_numeral_string_is_lay000(value: Any) -> None:
    _lay000(relay("859-390", "230 V AC", overvoltage_category=value))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("switching_rate", "5 A"),
        ("switching_rate", "5"),
        ("inrush_current", "12 V"),
    ],
)
def test_load_quantity_of_the_wrong_dimension_is_lay000(field: str, value: str) -> None:
    layout = relay("859-390", "230 V AC", ld("E1", "K1:14", "1 A", **{field: value}))
    _lay000(layout)


@pytest.mark.parametrize(
    ("field", "value"),
    [("altitude", "20 degC"), ("depth", "5 A"), ("operating_time", "100 m")],
)
def test_panel_quantity_of_the_wrong_dimension_is_lay000(field: str, value: str) -> None:
    layout = relay("859-390", "230 V AC")
    layout["panel"] = {field: value}
    _lay000(layout)


def test_insulation_rating_of_the_wrong_dimension_is_lay000() -> None:
    _lay000(relay("859-353", "24 V DC", wires=_wire("90 mm")))


def test_a_load_left_out_for_a_bad_kind_leaves_the_rest_checked() -> None:
    # SPEC 10 (v2): the element with the schema error is left out, the rest still checked.
    layout = relay("859-390", "400 V AC", ld("Q1", "K1:14", "80 mA", kind="motor"))
    result = run(layout)
    assert result.invalid
    assert "LAY000" in {f.code for f in result.findings}
    assert pairs(result, "ELE011") == {("ELE011", "K1")}
