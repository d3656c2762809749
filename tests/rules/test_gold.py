"""GLD001-GLD003: what a relay contact may switch (gold layer limits, minimum load).

859-386 has a gold layer rated 30 V DC and 50 mA (859-386 data sheet, line 29, note) and a
recommended minimum load of 1 V / 1 mA / 1 mW (line 48); 859-390 and 859-353 have plain
AgSnO2 contacts with a minimum load of 10 V / 10 mA or 24 V / 1 mA (859-390 line 59).
Terminals: 11 COM, 12 NC, 14 NO.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import load, module, nets, only, pairs, panel, row, run

GOLD = "859-386"
PLAIN = "859-390"
GOLD_CITE = "859-386 data sheet, line 29"
PLAIN_MIN_LOAD_CITE = "859-390 data sheet, line 59"
GOLD_MIN_LOAD_CITE = "859-386 data sheet, line 48"


def relay(part: str, com: str, no: str, *loads: dict[str, Any], **voltages: str):
    """One relay K1 with COM on net ``com`` and NO on net ``no``; loads as given."""
    return panel(
        *row(module("K1", part, _11=com, _14=no)),
        nets=nets(**voltages),
        loads=loads,
    )


def gold_circuit(voltage: str, current: str = "5 mA", part: str = GOLD):
    """K1 switching one load of ``current`` in a circuit of ``voltage``."""
    return relay(part, "S", "DI", load("LD1", "K1:14", current), S=voltage, DI=voltage)


# --- GLD001: gold contact voltage ----------------------------------------------------------


def test_gold_contact_rejects_48_volts_dc() -> None:
    result = run(gold_circuit("48 V DC"))
    assert pairs(result, "GLD001") == {("GLD001", "K1")}


@pytest.mark.parametrize("voltage", ["24 V DC", "30 V DC", "30 VDC", "5 V DC"])
def test_gold_contact_accepts_voltages_up_to_and_including_30_volts_dc(voltage: str) -> None:
    assert pairs(run(gold_circuit(voltage)), "GLD001") == set()


def test_gold_contact_rejects_31_volts_just_above_the_limit() -> None:
    assert pairs(run(gold_circuit("31 V DC")), "GLD001") == {("GLD001", "K1")}


def test_gold_contact_voltage_message_names_module_value_limit_and_source() -> None:
    (finding,) = only(run(gold_circuit("48 V DC")), "GLD001")
    assert "K1" in finding.message
    assert GOLD in finding.message
    assert "48 V" in finding.message
    assert "30 V DC" in finding.message
    assert GOLD_CITE in finding.message


def test_gold_contact_rejects_48_volts_ac_compared_as_rms_against_the_dc_limit() -> None:
    (finding,) = only(run(gold_circuit("48 V AC")), "GLD001")
    assert finding.subject == "K1"
    assert "48 V AC" in finding.message
    assert "rms" in finding.message
    assert "DC" in finding.message.split("rms", 1)[1]  # "...the sheet states the limit for DC"
    assert GOLD_CITE in finding.message


def test_gold_contact_dc_message_does_not_talk_about_rms() -> None:
    (finding,) = only(run(gold_circuit("48 V DC")), "GLD001")
    assert "rms" not in finding.message


@pytest.mark.parametrize("voltage", ["24 V AC", "30 V AC"])
def test_gold_contact_accepts_ac_voltages_whose_rms_is_within_30_volts(voltage: str) -> None:
    assert pairs(run(gold_circuit(voltage)), "GLD001") == set()


def test_gold_contact_voltage_is_the_largest_among_com_no_and_nc() -> None:
    # COM on 24 V, but the NO side reaches a 48 V net: the contact switches 48 V.
    layout = relay(GOLD, "S", "DI", load("LD1", "K1:14", "5 mA"), S="24 V DC", DI="48 V DC")
    (finding,) = only(run(layout), "GLD001")
    assert "48 V DC" in finding.message


def test_gold_contact_voltage_on_the_nc_terminal_alone_counts() -> None:
    layout = panel(*row(module("K1", GOLD, _12="HI")), nets=nets(HI="48 V DC"))
    assert pairs(run(layout), "GLD001") == {("GLD001", "K1")}


def test_gold_contact_negative_voltage_is_compared_by_magnitude() -> None:
    assert pairs(run(gold_circuit("-48 V DC")), "GLD001") == {("GLD001", "K1")}


def test_gold_contact_voltage_ignores_the_coil_voltage() -> None:
    # The 859-386 coil runs on 36 V DC: that is not what the contact switches.
    layout = panel(
        *row(module("K1", GOLD, A1="C36", A2="0V", _11="S", _14="DI")),
        nets=nets(C36="36 V DC", **{"0V": "0 V DC"}, S="24 V DC", DI="24 V DC"),
        loads=[load("LD1", "K1:14", "5 mA")],
    )
    assert pairs(run(layout), "GLD001") == set()


def test_plain_contact_relay_is_not_held_to_the_gold_voltage_limit() -> None:
    assert pairs(run(gold_circuit("230 V AC", "100 mA", part=PLAIN)), "GLD001") == set()


def test_gold_contact_voltage_finding_points_at_the_module() -> None:
    layout = gold_circuit("48 V DC")
    text = json.dumps(layout, indent=2)
    (finding,) = only(run(layout), "GLD001")
    lines = text.splitlines()
    id_line = next(i for i, line in enumerate(lines) if '"id": "K1"' in line)
    start = max(i for i in range(id_line) if lines[i].strip() == "{")
    assert (finding.line, finding.column) == (start + 1, lines[start].index("{") + 1)


# --- GLD002: gold contact current ------------------------------------------------------------


def test_gold_contact_rejects_120_milliamps() -> None:
    assert pairs(run(gold_circuit("24 V DC", "120 mA")), "GLD002") == {("GLD002", "K1")}


@pytest.mark.parametrize("current", ["50 mA", "0.05 A", "49 mA", "5 mA"])
def test_gold_contact_accepts_currents_up_to_and_including_50_milliamps(current: str) -> None:
    assert pairs(run(gold_circuit("24 V DC", current)), "GLD002") == set()


def test_gold_contact_rejects_51_milliamps_just_above_the_limit() -> None:
    assert pairs(run(gold_circuit("24 V DC", "51 mA")), "GLD002") == {("GLD002", "K1")}


def test_gold_contact_current_message_names_module_load_value_limit_and_source() -> None:
    (finding,) = only(run(gold_circuit("24 V DC", "120 mA")), "GLD002")
    assert "K1" in finding.message
    assert "LD1" in finding.message
    assert "120 mA" in finding.message
    assert "50 mA" in finding.message
    assert GOLD_CITE in finding.message


def test_gold_contact_sums_two_loads_on_one_no_terminal() -> None:
    # 30 mA + 30 mA = 60 mA: each alone is fine, together they burn the gold layer.
    layout = relay(
        GOLD,
        "S",
        "DI",
        load("LD1", "K1:14", "30 mA"),
        load("LD2", "K1:14", "30 mA"),
        S="24 V DC",
        DI="24 V DC",
    )
    (finding,) = only(run(layout), "GLD002")
    assert finding.subject == "K1"
    assert "60 mA" in finding.message
    assert "LD1" in finding.message and "LD2" in finding.message


def test_gold_contact_current_from_impedance_is_net_voltage_over_impedance() -> None:
    # 24 V / 400 ohm = 60 mA.
    layout = relay(
        GOLD, "S", "DI", load("LD1", "K1:14", impedance="400 ohm"), S="24 V DC", DI="24 V DC"
    )
    (finding,) = only(run(layout), "GLD002")
    assert finding.subject == "K1"
    assert "60 mA" in finding.message


@pytest.mark.parametrize("impedance", ["480 ohm", "480 Ω", "1000 ohm"])
def test_gold_contact_accepts_impedance_load_at_or_below_50_milliamps(impedance: str) -> None:
    # 24 V / 480 ohm = 50 mA exactly, on the limit.
    layout = relay(
        GOLD, "S", "DI", load("LD1", "K1:14", impedance=impedance), S="24 V DC", DI="24 V DC"
    )
    assert pairs(run(layout), "GLD002") == set()


def _no_and_nc(no_current: str, nc_current: str):
    return panel(
        *row(module("K1", GOLD, _11="S", _12="DI", _14="DI")),
        nets=nets(S="24 V DC", DI="24 V DC"),
        loads=[load("LNO", "K1:14", no_current), load("LNC", "K1:12", nc_current)],
    )


@pytest.mark.parametrize(
    ("no_current", "nc_current", "where"),
    [("60 mA", "40 mA", "K1:14"), ("40 mA", "60 mA", "K1:12")],
)
def test_gold_contact_current_is_the_larger_of_no_and_nc(
    no_current: str, nc_current: str, where: str
) -> None:
    (finding,) = only(run(_no_and_nc(no_current, nc_current)), "GLD002")
    assert finding.subject == "K1"
    assert "60 mA" in finding.message
    assert where in finding.message


def test_gold_contact_does_not_add_no_and_nc_currents() -> None:
    # Only one side of a changeover is closed at a time: 40 mA each is 40 mA, not 80 mA.
    assert pairs(run(_no_and_nc("40 mA", "40 mA")), "GLD002") == set()


def test_plain_contact_relay_is_not_held_to_the_gold_current_limit() -> None:
    assert pairs(run(gold_circuit("24 V DC", "2 A", part=PLAIN)), "GLD002") == set()


# --- GLD003: below minimum load --------------------------------------------------------------


def test_plain_relay_below_minimum_load_warns_and_suggests_the_gold_variant() -> None:
    result = run(gold_circuit("5 V DC", "5 mA", part=PLAIN))
    assert pairs(result, "GLD003") == {("GLD003", "K1")}
    (finding,) = only(result, "GLD003")
    assert finding.severity == "warning"
    assert "5 mA" in finding.message
    assert "5 V DC" in finding.message
    assert "10 V / 10 mA" in finding.message
    assert "24 V / 1 mA" in finding.message
    assert PLAIN_MIN_LOAD_CITE in finding.message
    assert GOLD in finding.message  # "use a gold-contact relay (859-386)"


@pytest.mark.parametrize(
    ("voltage", "current"),
    [("10 V DC", "10 mA"), ("24 V DC", "1 mA"), ("24 V DC", "5 mA"), ("230 V AC", "100 mA")],
)
def test_plain_relay_at_or_above_a_minimum_load_point_is_silent(voltage: str, current: str) -> None:
    assert pairs(run(gold_circuit(voltage, current, part=PLAIN)), "GLD003") == set()


@pytest.mark.parametrize(
    ("voltage", "current"),
    [("10 V DC", "9 mA"), ("5 V DC", "10 mA"), ("24 V DC", "0.5 mA"), ("12 V DC", "5 mA")],
)
def test_plain_relay_missing_every_minimum_load_point_warns(voltage: str, current: str) -> None:
    assert pairs(run(gold_circuit(voltage, current, part=PLAIN)), "GLD003") == {("GLD003", "K1")}


def test_gold_relay_below_its_minimum_load_warns_without_suggesting_itself() -> None:
    (finding,) = only(run(gold_circuit("0.5 V DC", "5 mA")), "GLD003")
    assert finding.subject == "K1"
    assert "1 V / 1 mA / 1 mW" in finding.message
    assert GOLD_MIN_LOAD_CITE in finding.message
    assert "gold-contact relay" not in finding.message


def test_gold_relay_exactly_at_its_minimum_load_is_silent() -> None:
    # 1 V, 1 mA, 1 mW: on every limit of the point.
    assert pairs(run(gold_circuit("1 V DC", "1 mA")), "GLD003") == set()


def test_gold_relay_switching_a_plc_input_is_silent() -> None:
    assert pairs(run(gold_circuit("24 V DC", "5 mA"), select=("GLD",))) == set()


def test_relay_without_loads_is_not_judged_on_minimum_load() -> None:
    layout = panel(*row(module("K1", PLAIN, _11="S")), nets=nets(S="5 V DC"))
    assert pairs(run(layout), "GLD003") == set()
