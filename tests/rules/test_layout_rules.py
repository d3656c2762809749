"""LAY001-LAY006: part numbers, ids, references, part kinds, terminal names and waivers."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from conftest import (
    NETS,
    PLATE,
    STOP,
    jumper,
    load,
    module,
    only,
    pairs,
    panel,
    row,
    run,
    value_position,
    wire,
)

BLUE2 = "859-402/000-006"


def key_position(text: str, key: str, value: str) -> tuple[int, int]:
    """Line and column of the key in the one line holding ``"key": "value"``."""
    needle = f'"{key}": {json.dumps(value)}'
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) == 1, hits
    return hits[0], text.splitlines()[hits[0] - 1].index(needle) + 1


def second_rail(layout: dict[str, Any], *items: dict[str, Any]) -> dict[str, Any]:
    layout["rails"].append({"id": "X2", "length": "100 mm", "items": list(items), "jumpers": []})
    return layout


# --- LAY001: unknown part --------------------------------------------------------------------


def test_unknown_module_part_is_reported_on_the_module() -> None:
    result = run(panel(*row(module("K1", "859-39"))))
    assert pairs(result, "LAY001") == {("LAY001", "K1")}


def test_unknown_part_message_suggests_the_close_match() -> None:
    (finding,) = only(run(panel(*row(module("K1", "859-39")))), "LAY001")
    assert "'859-39'" in finding.message
    assert "did you mean 859-390" in finding.message


@pytest.mark.parametrize("typo", ["895-390", "859 390"])
def test_unknown_part_with_transposed_or_spaced_digits_suggests_859_390(typo: str) -> None:
    (finding,) = only(run(panel(*row(module("K1", typo)))), "LAY001")
    assert "did you mean 859-390" in finding.message


def test_unknown_part_with_no_close_match_points_to_the_catalog() -> None:
    (finding,) = only(run(panel(*row(module("K1", "999-999")))), "LAY001")
    assert "did you mean" not in finding.message
    assert "'panelcheck catalog' lists the known parts" in finding.message
    assert finding.message.endswith(
        "if the number is right, add the part to a catalog of your own with --catalog DIR"
    )


def test_unknown_part_with_a_close_match_names_the_catalog_option_too() -> None:
    """The number may be right and the part simply not shipped: the message says how to
    add it rather than leave only the suggestions."""
    (finding,) = only(run(panel(*row(module("K1", "859-39")))), "LAY001")
    assert finding.message.startswith(
        "module K1: part '859-39' is not in the catalog; did you mean 859-390"
    )
    assert finding.message.endswith(
        "? If the number is right, add the part to a catalog of your own with --catalog DIR"
    )


def suggestions(message: str) -> list[str]:
    """The part numbers after "did you mean", without their sizes."""
    match = re.search(r"did you mean (.*?)\?", message)
    if match is None:
        return []
    listed = re.sub(r" \(for [^)]*\)", "", match[1]).split(", the size")[0]
    return re.split(r", | or ", listed)


@pytest.mark.parametrize("typo", ["859-310", "859-401", "859-400", "859-340"])
def test_a_relay_typo_is_answered_with_modules_never_a_jumper(typo: str) -> None:
    """859-310 is as close to the jumper 859-410 as to the relay 859-390; a jumper
    cannot stand where a module is meant, so only modules are suggested."""
    (finding,) = only(run(panel(*row(module("K1", typo)))), "LAY001")
    near = suggestions(finding.message)
    assert near and near[0] == "859-390", finding.message
    assert not set(near) & {"859-410", "859-409", "859-408", "281-482"}, finding.message
    assert set(near) <= {"859-390", "859-386", "859-353", "859-753", "857-411"}


def test_a_plate_typo_is_answered_with_plates_and_a_jumper_typo_with_jumpers() -> None:
    layout = panel(
        STOP,
        module("K1"),
        module("K2"),
        {"type": "end_plate", "part": "859-52"},
        STOP,
        jumpers=[jumper("JB1", "859-402/000-007", "A2", "K1")],
    )
    found = {f.subject: suggestions(f.message) for f in only(run(layout), "LAY001")}
    assert found["/rails/0/items/3"] == ["859-525"]
    assert found["JB1"] and all(n.startswith("859-4") for n in found["JB1"]), found


def test_a_ferrule_typo_suggests_the_sizes_nearest_the_conductor_first() -> None:
    """216-206 is a 2.5 mm² sleeve the catalog lacks; by likeness alone it would be
    answered with 0.34 and 0.25 mm² sleeves, the wrong end of the range."""
    layout = panel(
        *row(module("K1")), wires=[wire("W1", "K1:A1", "2.5 mm^2", "stranded", "216-206")]
    )
    (finding,) = only(run(layout), "LAY001")
    assert finding.message == (
        "wire W1: ferrule: part '216-206' is not in the catalog; did you mean 216-224 "
        "(for 1.5 mm²), 216-223 (for 1 mm²) or 216-222 (for 0.75 mm²), the sizes nearest "
        "the 2.5 mm² conductor? If the number is right, add the part to a catalog of your "
        "own with --catalog DIR"
    )


def test_ferrule_suggestions_follow_each_wire_s_own_size() -> None:
    """Including a wire whose id is repeated (LAY002): its ferrule is still judged
    against its own conductor, not the first wire's."""
    layout = panel(
        *row(module("K1")),
        wires=[
            wire("W1", "K1:A1", "0.5 mm^2", ferrule="216-206"),
            wire("W2", "K1:A2", "16 AWG", ferrule="216-206"),
            wire("W1", "K1:11", "0.25 mm^2", ferrule="216-206"),
        ],
    )
    found = {f.pointer: f.message for f in only(run(layout), "LAY001")}
    assert suggestions(found["/wires/0/ferrule"])[0] == "216-221"
    assert suggestions(found["/wires/1/ferrule"])[0] == "216-224"
    assert "16 AWG (1.31 mm²) conductor" in found["/wires/1/ferrule"]
    assert suggestions(found["/wires/2/ferrule"])[0] == "216-321"


def test_unknown_end_plate_without_id_is_reported_by_pointer() -> None:
    layout = panel(STOP, module("K1"), {"type": "end_plate", "part": "859-52"}, STOP)
    (finding,) = only(run(layout), "LAY001")
    assert finding.subject == "/rails/0/items/2"
    assert "did you mean 859-525" in finding.message


def test_unknown_jumper_colour_is_reported_on_the_jumper() -> None:
    layout = panel(
        *row(module("K1"), module("K2")), jumpers=[jumper("JB1", "859-402/000-007", "A2", "K1")]
    )
    assert pairs(run(layout), "LAY001") == {("LAY001", "JB1")}


def test_unknown_ferrule_is_reported_on_the_wire() -> None:
    layout = panel(*row(module("K1")), wires=[wire("W1", "K1:A1", ferrule="216-225")])
    assert pairs(run(layout), "LAY001") == {("LAY001", "W1")}


def test_known_parts_are_silent() -> None:
    layout = panel(
        *row(
            module("K1"), module("K2", "859-386"), module("K3", "859-353"), module("K4", "859-753")
        ),
        jumpers=[jumper("JB1", BLUE2, "A2", "K1")],
        wires=[wire("W1", "K1:A1", ferrule="216-222")],
    )
    assert pairs(run(layout), "LAY001") == set()


def test_unknown_part_points_at_the_part_number() -> None:
    layout = panel(*row(module("K1", "859-39")))
    (finding,) = only(run(layout), "LAY001")
    expected = value_position(json.dumps(layout, indent=2), "part", "859-39")
    assert (finding.line, finding.column) == expected


# --- LAY002: duplicate id --------------------------------------------------------------------

DUPLICATE_TEXT = """{
  "format": "panelcheck/1",
  "rails": [
    {
      "id": "X1",
      "length": "100 mm",
      "items": [
        {"type": "end_stop", "part": "249-116"},
        {"type": "module", "id": "K1", "part": "859-390"},
        {"type": "module", "id": "K2", "part": "859-390"},
        {"type": "module", "id": "K1", "part": "859-386"},
        {"type": "end_plate", "part": "859-525"},
        {"type": "end_stop", "part": "249-116"}
      ]
    }
  ]
}
"""


def test_duplicate_module_id_is_reported_once_at_the_second_use() -> None:
    result = run(DUPLICATE_TEXT)
    findings = only(result, "LAY002")
    assert [f.subject for f in findings] == ["K1"]
    lines = DUPLICATE_TEXT.splitlines()
    uses = [n for n, line in enumerate(lines, 1) if '"id": "K1"' in line]
    second = lines[uses[1] - 1]
    assert (findings[0].line, findings[0].column) == (uses[1], second.index('"K1"') + 1)


def test_duplicate_id_message_names_the_line_of_the_first_use() -> None:
    (finding,) = only(run(DUPLICATE_TEXT), "LAY002")
    first = next(n for n, line in enumerate(DUPLICATE_TEXT.splitlines(), 1) if '"K1"' in line)
    assert "'K1'" in finding.message
    assert f"line {first}" in finding.message
    assert "module" in finding.message


def test_every_later_use_of_an_id_is_reported() -> None:
    layout = panel(*row(module("K1"), module("K1", "859-386"), module("K1", "859-753")))
    findings = only(run(layout), "LAY002")
    assert [f.subject for f in findings] == ["K1", "K1"]
    assert findings[0].line < findings[1].line


def test_module_id_equal_to_the_rail_id_is_a_duplicate() -> None:
    assert pairs(run(panel(*row(module("X1")))), "LAY002") == {("LAY002", "X1")}


def test_wire_id_equal_to_a_module_id_is_a_duplicate() -> None:
    layout = panel(*row(module("K1")), wires=[wire("K1", "K1:A1")])
    assert pairs(run(layout), "LAY002") == {("LAY002", "K1")}


def test_two_wires_with_one_id_are_duplicates() -> None:
    layout = panel(*row(module("K1")), wires=[wire("W1", "K1:A1"), wire("W1", "K1:A2")])
    assert pairs(run(layout), "LAY002") == {("LAY002", "W1")}


def test_net_names_are_their_own_namespace() -> None:
    # A wire called "+24V" next to a net called "+24V" is no clash.
    layout = panel(*row(module("K1", A1="+24V")), wires=[wire("+24V", "K1:A2")])
    assert pairs(run(layout), "LAY002") == set()


def test_unique_ids_are_silent() -> None:
    layout = panel(
        *row(module("K1"), module("K2")),
        jumpers=[jumper("JB1", BLUE2, "A2", "K1")],
        wires=[wire("W1", "K1:A1")],
        loads=[load("LD1", "K1:14", "5 mA")],
    )
    assert pairs(run(layout), "LAY002") == set()


# --- LAY003: unresolved reference ------------------------------------------------------------


def test_jumper_from_a_missing_module_is_reported_on_the_jumper() -> None:
    layout = panel(*row(module("K1"), module("K2")), jumpers=[jumper("JB1", BLUE2, "A2", "K9")])
    result = run(layout)
    assert pairs(result, "LAY003") == {("LAY003", "JB1")}
    (finding,) = only(result, "LAY003")
    assert "K9" in finding.message


def test_jumper_from_a_module_on_another_rail_is_reported() -> None:
    layout = second_rail(
        panel(*row(module("K1"), module("K2")), jumpers=[jumper("JB1", BLUE2, "A2", "K3")]),
        *row(module("K3"), module("K4")),
    )
    result = run(layout)
    assert pairs(result, "LAY003") == {("LAY003", "JB1")}
    (finding,) = only(result, "LAY003")
    assert "K3" in finding.message
    assert "X2" in finding.message


# A row whose end plate has an id, so that references can name it.
PLATED_ROW = (
    STOP,
    module("K1"),
    module("K2"),
    {"type": "end_plate", "part": "859-525", "id": "EP1"},
    STOP,
)


def _jumper_from(target: str) -> dict[str, Any]:
    return panel(*PLATED_ROW, jumpers=[jumper("JB1", BLUE2, "A2", target)])


@pytest.mark.parametrize("target", ["EP1", "X1"], ids=["end-plate", "rail"])
def test_jumper_from_something_that_is_not_a_module_is_reported(target: str) -> None:
    result = run(_jumper_from(target))
    assert pairs(result, "LAY003") == {("LAY003", "JB1")}
    (finding,) = only(result, "LAY003")
    assert target in finding.message
    assert "not a module" in finding.message


@pytest.mark.parametrize(
    ("target", "what"), [("EP1", "an end plate"), ("X1", "a rail")], ids=["end-plate", "rail"]
)
def test_jumper_from_something_that_is_not_a_module_reads_correctly(target: str, what: str) -> None:
    (finding,) = only(run(_jumper_from(target)), "LAY003")
    assert f"which is {what}, not a module" in finding.message


def test_undeclared_net_in_a_terminal_map_is_reported_on_the_module() -> None:
    result = run(panel(*row(module("K1", A1="DO-9"))))
    assert pairs(result, "LAY003") == {("LAY003", "K1")}
    (finding,) = only(result, "LAY003")
    assert "DO-9" in finding.message
    assert "A1" in finding.message


def test_wire_to_a_missing_module_is_reported_on_the_wire() -> None:
    result = run(panel(*row(module("K1")), wires=[wire("W1", "K9:A1")]))
    assert pairs(result, "LAY003") == {("LAY003", "W1")}
    (finding,) = only(result, "LAY003")
    assert "K9" in finding.message


def test_wire_to_a_rail_is_reported_on_the_wire() -> None:
    result = run(panel(*row(module("K1")), wires=[wire("W1", "X1:A1")]))
    assert pairs(result, "LAY003") == {("LAY003", "W1")}


def test_wire_to_an_end_plate_is_reported_on_the_wire() -> None:
    layout = panel(*PLATED_ROW, wires=[wire("W1", "EP1:A1")])
    result = run(layout)
    assert pairs(result, "LAY003") == {("LAY003", "W1")}
    (finding,) = only(result, "LAY003")
    assert "EP1" in finding.message
    assert "not a module" in finding.message


def test_wire_to_an_end_plate_message_reads_correctly() -> None:
    layout = panel(*PLATED_ROW, wires=[wire("W1", "EP1:A1")])
    (finding,) = only(run(layout), "LAY003")
    assert "'EP1' is an end plate, not a module" in finding.message


def test_load_at_a_missing_module_is_reported_on_the_load() -> None:
    result = run(panel(*row(module("K1")), loads=[load("LD1", "K9:14", "5 mA")]))
    assert pairs(result, "LAY003") == {("LAY003", "LD1")}


def test_net_feed_at_a_missing_module_is_reported_on_the_net() -> None:
    nets = {**NETS, "+24V": {"voltage": "24 V DC", "feed": "K9:11"}}
    layout = panel(*row(module("K1")), nets=nets)
    result = run(layout)
    assert pairs(result, "LAY003") == {("LAY003", "+24V")}
    (finding,) = only(result, "LAY003")
    expected = value_position(json.dumps(layout, indent=2), "feed", "K9:11")
    assert (finding.line, finding.column) == expected


def test_waiver_for_an_unknown_rule_is_reported_on_its_subject() -> None:
    waiver = {"rule": "XYZ123", "subject": "K1", "reason": "typo in the code"}
    result = run(panel(*row(module("K1")), waivers=[waiver]))
    assert pairs(result, "LAY003") == {("LAY003", "K1")}
    (finding,) = only(result, "LAY003")
    assert "XYZ123" in finding.message


def test_waiver_for_an_unknown_subject_is_reported_on_its_subject() -> None:
    waiver = {"rule": "IPX001", "subject": "K9", "reason": "renamed module"}
    result = run(panel(*row(module("K1")), waivers=[waiver]))
    assert pairs(result, "LAY003") == {("LAY003", "K9")}


def test_resolved_references_are_silent() -> None:
    nets = {**NETS, "+24V": {"voltage": "24 V DC", "feed": "K1:11"}}
    layout = panel(
        *row(module("K1", _11="+24V", A2="0V"), module("K2", A2="0V")),
        nets=nets,
        jumpers=[jumper("JB1", BLUE2, "A2", "K1")],
        wires=[wire("W1", "K2:A1")],
        loads=[load("LD1", "K1:14", "5 mA")],
    )
    assert pairs(run(layout), "LAY003") == set()


# --- LAY004: part kind mismatch --------------------------------------------------------------


def test_jumper_part_placed_as_a_module_is_reported() -> None:
    result = run(panel(*row(module("K1", "859-402"))))
    assert pairs(result, "LAY004") == {("LAY004", "K1")}
    (finding,) = only(result, "LAY004")
    assert "859-402 is a jumper" in finding.message
    assert "not a module" in finding.message


def test_module_part_used_as_a_ferrule_is_reported_on_the_wire() -> None:
    layout = panel(*row(module("K1")), wires=[wire("W1", "K1:A1", ferrule="859-390")])
    result = run(layout)
    assert pairs(result, "LAY004") == {("LAY004", "W1")}
    (finding,) = only(result, "LAY004")
    assert "859-390 is a module" in finding.message
    assert "not a ferrule" in finding.message


def test_module_part_used_as_a_jumper_is_reported() -> None:
    layout = panel(*row(module("K1"), module("K2")), jumpers=[jumper("JB1", "859-390", "A2", "K1")])
    assert pairs(run(layout), "LAY004") == {("LAY004", "JB1")}


def test_end_stop_part_used_as_an_end_plate_is_reported() -> None:
    layout = panel(STOP, module("K1"), {"type": "end_plate", "part": "249-116", "id": "P1"}, STOP)
    assert pairs(run(layout), "LAY004") == {("LAY004", "P1")}


def test_end_plate_part_used_as_an_end_stop_without_id_is_reported_by_pointer() -> None:
    layout = panel(STOP, module("K1"), PLATE, {"type": "end_stop", "part": "859-525"})
    assert pairs(run(layout), "LAY004") == {("LAY004", "/rails/0/items/3")}


def test_parts_of_the_right_kind_are_silent() -> None:
    layout = panel(
        *row(module("K1"), module("K2")),
        jumpers=[jumper("JB1", BLUE2, "A2", "K1")],
        wires=[wire("W1", "K1:A1", ferrule="216-222")],
    )
    assert pairs(run(layout), "LAY004") == set()


# --- LAY005: unknown terminal ----------------------------------------------------------------


def test_unknown_terminal_in_a_terminal_map_is_reported_at_the_key() -> None:
    layout = panel(*row(module("K1", _13="+24V")))
    result = run(layout)
    assert pairs(result, "LAY005") == {("LAY005", "K1")}
    (finding,) = only(result, "LAY005")
    assert "'13'" in finding.message
    assert "A1, A2, 11, 12, 14" in finding.message
    expected = key_position(json.dumps(layout, indent=2), "13", "+24V")
    assert (finding.line, finding.column) == expected


def test_unknown_wire_terminal_is_reported_on_the_wire() -> None:
    layout = panel(*row(module("K1")), wires=[wire("W1", "K1:13")])
    result = run(layout)
    assert pairs(result, "LAY005") == {("LAY005", "W1")}
    (finding,) = only(result, "LAY005")
    expected = value_position(json.dumps(layout, indent=2), "terminal", "K1:13")
    assert (finding.line, finding.column) == expected


def test_relay_terminal_name_on_an_isolation_amplifier_is_unknown() -> None:
    layout = panel(STOP, module("A1", "857-411"), STOP, wires=[wire("W1", "A1:A1")])
    (finding,) = only(run(layout), "LAY005")
    assert finding.subject == "W1"
    assert "1, 2, 3, 4, 5, 6, 7, 8" in finding.message


def test_unknown_load_terminal_is_reported_on_the_load() -> None:
    layout = panel(*row(module("K1")), loads=[load("LD1", "K1:13", "5 mA")])
    assert pairs(run(layout), "LAY005") == {("LAY005", "LD1")}


def test_unknown_feed_terminal_is_reported_on_the_net() -> None:
    nets = {**NETS, "+24V": {"voltage": "24 V DC", "feed": "K1:13"}}
    assert pairs(run(panel(*row(module("K1")), nets=nets)), "LAY005") == {("LAY005", "+24V")}


def test_known_terminals_are_silent() -> None:
    nets = {**NETS, "+24V": {"voltage": "24 V DC", "feed": "K1:11"}}
    layout = panel(
        *row(module("K1", A1="+24V", A2="0V", _11="+24V", _12="+24V", _14="+24V")),
        nets=nets,
        wires=[wire("W1", "K1:A1")],
        loads=[load("LD1", "K1:14", "5 mA")],
    )
    assert pairs(run(layout), "LAY005") == set()


# --- LAY006: waiver problems -----------------------------------------------------------------

# K1 faces an end stop with its open side: IPX001 on K1, the finding the waivers aim at.
OPEN_ROW = (STOP, module("K1"), STOP)


def waived(**fields: str) -> dict[str, Any]:
    return panel(*OPEN_ROW, waivers=[{"rule": "IPX001", "subject": "K1", **fields}])


def test_valid_waiver_marks_the_finding_waived_and_not_counted() -> None:
    result = run(waived(reason="closed by the duct cover", expires="2999-12-31"))
    (finding,) = only(result, "IPX001")
    assert finding.waived
    assert pairs(result, "IPX001") == set()
    assert pairs(result, "LAY006") == set()


def test_valid_waiver_without_expiry_applies() -> None:
    result = run(waived(reason="closed by the duct cover"))
    assert [f.waived for f in only(result, "IPX001")] == [True]
    assert pairs(result, "LAY006") == set()


def test_waiver_by_json_pointer_waives_a_finding_on_an_item_without_id() -> None:
    waiver = {"rule": "IPX002", "subject": "/rails/0/items/2", "reason": "spare plate"}
    layout = panel(STOP, module("A1", "857-411"), PLATE, STOP, waivers=[waiver])
    result = run(layout)
    assert [f.waived for f in only(result, "IPX002")] == [True]
    assert pairs(result, "LAY006") == set()


@pytest.mark.parametrize(
    "fields", [{}, {"reason": ""}, {"reason": "   "}], ids=["missing", "empty", "blank"]
)
def test_waiver_without_a_reason_is_not_applied_and_reported(fields: dict[str, str]) -> None:
    result = run(waived(**fields))
    assert pairs(result, "LAY006") == {("LAY006", "K1")}
    assert pairs(result, "IPX001") == {("IPX001", "K1")}
    (finding,) = only(result, "LAY006")
    assert finding.severity == "warning"
    assert "reason" in finding.message


def test_expired_waiver_is_not_applied_and_reported() -> None:
    result = run(waived(reason="temporary until the plate arrives", expires="2020-01-01"))
    assert pairs(result, "LAY006") == {("LAY006", "K1")}
    assert pairs(result, "IPX001") == {("IPX001", "K1")}
    (finding,) = only(result, "LAY006")
    assert "2020-01-01" in finding.message
    assert "expired" in finding.message


def test_expired_waiver_points_at_its_date() -> None:
    layout = waived(reason="temporary", expires="2020-01-01")
    (finding,) = only(run(layout), "LAY006")
    expected = value_position(json.dumps(layout, indent=2), "expires", "2020-01-01")
    assert (finding.line, finding.column) == expected


def test_waiver_matching_no_finding_is_reported() -> None:
    waiver = {"rule": "IPX001", "subject": "K1", "reason": "was open once"}
    result = run(panel(*row(module("K1")), waivers=[waiver]))
    assert pairs(result, "LAY006") == {("LAY006", "K1")}
    (finding,) = only(result, "LAY006")
    assert "matches no finding" in finding.message


def test_lay006_itself_cannot_be_waived() -> None:
    waiver = {"rule": "LAY006", "subject": "K1", "reason": "please be quiet"}
    result = run(panel(*row(module("K1")), waivers=[waiver]))
    assert pairs(result, "LAY006") == {("LAY006", "K1")}
