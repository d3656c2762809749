"""The panel's environment and approvals (SPEC v2): ENV001-ENV005, MEC002, MEC003,
WIR009, APR001, APR002, LAY008, and the bad input of the new fields.

Catalog facts used here (datasheets/): 859-353 and 857-411 operate up to 2000 m
and permit no condensation; the four 859 modules are pollution degree 2, 859-353
overvoltage category III, 859-753 II; 857-411 emits to EN 61000-6-4 (industrial); the
859 modules stand 56 mm above the rail, 857-411 97.8 mm; all five mount on DIN-35
rail (35 x 7.5, 35 x 15); 859-353 wants its cable rated ambient + 20 K; 859-390 carries
UL 508, DNV, NK, PRS; 859-386 no approval; 857-411 has zone 2 and class I division 2.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from conftest import STOP, module, only, pairs, panel, row, run, run_checked, wire

RELAYS = {
    "+24V": {"voltage": "24 V DC"},
    "0V": {"voltage": "0 V DC"},
    "12V": {"voltage": "12 V DC"},
}


def rail(*modules: dict[str, Any], **top: Any) -> dict[str, Any]:
    return panel(*row(*modules), nets=copy.deepcopy(RELAYS), **top)


def k(mid: str, part: str) -> dict[str, Any]:
    coil = {"859-390": "+24V", "859-353": "12V", "859-386": "+24V"}.get(part)
    return module(mid, part, A1=coil, A2="0V") if coil else module(mid, part)


def amplifiers(*ids: str, **top: Any) -> dict[str, Any]:
    items = [module(i, "857-411", _3="+24V", _4="0V") for i in ids]
    return panel(STOP, *items, STOP, nets=copy.deepcopy(RELAYS), **top)


# --- ENV001-ENV005 ------------------------------------------------------------------------


def test_3500_metres_fires_on_the_parts_rated_to_2000_and_asks_about_the_others() -> None:
    layout = rail(k("K1", "859-353"), k("K2", "859-390"), panel={"altitude": "3500 m"})
    result = run_checked(layout)
    (finding,) = only(result, "ENV001")
    assert finding.subject == "K1" and "3500 m" in finding.message and "2000 m" in finding.message
    (said,) = only(result, "LAY008")
    assert said.subject == "859-390" and said.severity == "info"
    assert "maximum operating altitude (ENV001 not judged for K2)" in said.message


def test_2000_metres_passes() -> None:
    layout = amplifiers("A1", panel={"altitude": "2000 m"})
    assert pairs(run_checked(layout)) == set()


def test_condensation_fires_only_when_true() -> None:
    wet = amplifiers("A1", panel={"condensation": True})
    assert pairs(run_checked(wet), "ENV002") == {("ENV002", "A1")}
    dry = amplifiers("A1", panel={"condensation": False})
    assert pairs(run_checked(dry)) == set()


def test_pollution_degree_3_fires_on_a_degree_2_module() -> None:
    layout = rail(k("K1", "859-390"), panel={"pollution_degree": 3})
    assert pairs(run_checked(layout), "ENV003") == {("ENV003", "K1")}
    layout["panel"]["pollution_degree"] = 2
    assert pairs(run_checked(layout)) == set()


def test_overvoltage_category_is_compared_in_order() -> None:
    ssr = module("K1", "859-753")
    assert pairs(run_checked(rail(ssr, panel={"overvoltage_category": "III"})), "ENV004") == {
        ("ENV004", "K1")
    }
    assert pairs(run_checked(rail(ssr, panel={"overvoltage_category": "II"})), "ENV004") == set()


def test_a_residential_panel_warns_about_industrial_emission() -> None:
    result = run_checked(amplifiers("A1", panel={"emc_environment": "residential"}))
    (finding,) = only(result, "ENV005")
    assert finding.severity == "warning" and "EN 61000-6-4" in finding.message
    assert pairs(run_checked(amplifiers("A1", panel={"emc_environment": "industrial"}))) == set()


# --- MEC002, MEC003 -----------------------------------------------------------------------


def test_an_enclosure_too_shallow_for_the_isolation_amplifier_fires() -> None:
    result = run_checked(amplifiers("A1", panel={"depth": "100 mm"}))
    (finding,) = only(result, "MEC002")
    assert "105.3 mm" in finding.message and "assumed" in finding.message


def test_depth_counts_the_rails_profile() -> None:
    layout = amplifiers("A1", panel={"depth": "110 mm"})
    assert pairs(run_checked(layout), "MEC002") == set()
    layout["rails"][0]["profile"] = "35x15"
    (finding,) = only(run_checked(layout), "MEC002")
    assert "assumed" not in finding.message and "112.8 mm" in finding.message


@pytest.mark.parametrize("profile", ["15x5.5", "G32"])
def test_modules_and_end_stops_do_not_mount_on_other_profiles(profile: str) -> None:
    layout = amplifiers("A1")
    layout["rails"][0]["profile"] = profile
    subjects = {s for _, s in pairs(run_checked(layout), "MEC003")}
    assert subjects == {"A1", "/rails/0/items/0", "/rails/0/items/2"}


def test_the_end_plate_states_no_mounting_and_is_not_judged() -> None:
    layout = rail(k("K1", "859-390"))
    layout["rails"][0]["profile"] = "G32"
    subjects = {s for _, s in pairs(run_checked(layout), "MEC003")}
    assert "/rails/0/items/2" not in subjects and "K1" in subjects


def test_35x15_takes_every_part() -> None:
    layout = amplifiers("A1")
    layout["rails"][0]["profile"] = "35x15"
    assert pairs(run_checked(layout)) == set()


# --- WIR009 -------------------------------------------------------------------------------


def test_insulation_below_ambient_plus_20_kelvin_fires_on_the_859_353() -> None:
    layout = rail(
        k("K1", "859-353"),
        panel={"ambient": "45 degC"},
        wires=[wire("W1", "K1:A1", insulation_rating="60 degC")],
    )
    (finding,) = only(run_checked(layout), "WIR009")
    assert finding.subject == "W1" and "65 °C" in finding.message


def test_insulation_at_ambient_plus_20_kelvin_passes_and_others_are_not_judged() -> None:
    layout = rail(
        k("K1", "859-353"),
        k("K2", "859-390"),
        panel={"ambient": "45 degC"},
        wires=[
            wire("W1", "K1:A1", insulation_rating="65 degC"),
            wire("W2", "K2:A1", insulation_rating="50 degC"),
        ],
    )
    result = run_checked(layout)
    assert pairs(result, "WIR009") == set()
    (said,) = only(result, "LAY008")
    assert said.subject == "859-390" and "WIR009 not judged for wire W2" in said.message


# --- APR001, APR002 -----------------------------------------------------------------------


def test_a_ship_panel_needs_dnv_on_every_module() -> None:
    layout = rail(k("K1", "859-390"), k("K2", "859-386"), panel={"approvals": ["dnv"]})
    result = run_checked(layout)
    (finding,) = only(result, "APR001")
    assert finding.subject == "K2" and "shows no approval" in finding.message


def test_an_approval_no_part_carries_is_lay003_listing_the_known_marks() -> None:
    layout = rail(k("K2", "859-386"), panel={"approvals": ["DNV GL"]})
    result = run(layout)
    (finding,) = only(result, "LAY003")
    assert finding.subject == "DNV GL" and finding.pointer == "/panel/approvals/0"
    assert "'DNV'" in finding.message and "'UL 508'" in finding.message
    assert pairs(result, "APR001") == set()


def test_zone_2_fires_on_the_relays_and_passes_the_isolation_amplifier() -> None:
    layout = rail(k("K1", "859-390"), panel={"hazardous_area": "zone 2"})
    (finding,) = only(run_checked(layout), "APR002")
    assert "no hazardous-area certificate" in finding.message
    assert pairs(run_checked(amplifiers("A1", panel={"hazardous_area": "zone 2"}))) == set()


# --- LAY008 -------------------------------------------------------------------------------


def test_lay008_is_once_per_part_naming_every_rule_and_module() -> None:
    layout = rail(
        k("K1", "859-390"),
        k("K2", "859-390"),
        panel={"altitude": "1000 m", "condensation": True},
    )
    (said,) = only(run_checked(layout), "LAY008")
    assert said.subject == "859-390"
    assert "ENV001 not judged for K1 and K2" in said.message
    assert "ENV002 not judged for K1 and K2" in said.message


def test_a_field_that_cannot_make_a_rule_fire_asks_nothing() -> None:
    layout = rail(
        k("K1", "859-390"),
        panel={"condensation": False, "emc_environment": "industrial", "approvals": []},
        loads=[{"id": "Q1", "terminal": "K1:14", "current": "1 A", "kind": "resistive"}],
    )
    assert pairs(run_checked(layout), "LAY008") == set()


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "value", "accepted"),
    [
        ("load_kind", "motor", "'resistive', 'inductive', 'lamp', 'capacitive' or 'signal'"),
        ("suppression", "zener", "'none', 'diode'"),
        ("profile", "35x7", "'35x7.5', '35x15', '15x5.5' or 'G32'"),
        ("hazardous_area", "zone 1", "'zone 2' or 'class I division 2'"),
        ("pollution_degree", 5, "1, 2, 3 or 4"),
        ("overvoltage_category", "3", "'I', 'II', 'III' or 'IV'"),
    ],
)
def test_unknown_values_are_lay000_listing_the_accepted_ones(
    where: str, value: Any, accepted: str
) -> None:
    layout = rail(k("K1", "859-390"), loads=[{"id": "Q1", "terminal": "K1:14", "current": "1 A"}])
    if where == "load_kind":
        layout["loads"][0]["kind"] = value
    elif where == "suppression":
        layout["loads"][0]["suppression"] = value
    elif where == "profile":
        layout["rails"][0]["profile"] = value
    else:
        layout["panel"] = {where: value}
    result = run(layout)
    assert result.invalid
    (finding,) = result.findings
    assert finding.code == "LAY000" and accepted in finding.message


@pytest.mark.parametrize(
    ("key", "value"),
    [("switching_rate", "5 A"), ("inrush_current", "12 /min"), ("switching_rate", "2")],
)
def test_a_quantity_of_the_wrong_dimension_is_lay000(key: str, value: str) -> None:
    layout = rail(k("K1", "859-390"), loads=[{"id": "Q1", "terminal": "K1:14", "current": "1 A"}])
    layout["loads"][0][key] = value
    result = run(layout)
    assert result.invalid and result.findings[0].code == "LAY000"
    assert result.findings[0].pointer == f"/loads/0/{key}"


def test_condensation_must_be_true_or_false() -> None:
    result = run(rail(k("K1", "859-390"), panel={"condensation": "yes"}))
    assert result.invalid and "true or false" in result.findings[0].message


def test_a_v1_layout_is_judged_as_before() -> None:
    assert pairs(run_checked(rail(k("K1", "859-390")))) == set()


def test_lay008_and_an_unknown_mark_can_be_waived_by_part_number_and_mark() -> None:
    layout = rail(
        k("K1", "859-390"),
        panel={"altitude": "1000 m", "approvals": ["DNV GL"]},
        waivers=[
            {"rule": "LAY008", "subject": "859-390", "reason": "rated to 2000 m by the maker"},
            {"rule": "LAY003", "subject": "DNV GL", "reason": "the yard writes it so"},
        ],
    )
    result = run(layout)
    assert pairs(result) == set()
    assert {f.code for f in result.findings if f.waived} == {"LAY008", "LAY003"}
