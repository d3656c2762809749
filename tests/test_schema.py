"""Layout format 1 as the models define it, and the JSON Schema editors get from it."""

from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import SAMPLES, module, panel, row, run, wire

from panelcheck.read.format import json_schema


def _lay000(layout: dict) -> list[tuple[str, str]]:
    result = run(layout)
    assert result.invalid
    return [(f.pointer, f.message) for f in result.findings]


def test_unknown_key_is_reported_at_the_key_with_the_allowed_keys() -> None:
    layout = panel(*row({**module("K1"), "colour": "grey"}))
    text = json.dumps(layout, indent=2)
    [finding] = run(text).findings
    assert finding.pointer == "/rails/0/items/1/colour"
    assert "unknown key 'colour'" in finding.message
    assert "allowed here: type, id, part, terminals" in finding.message
    line = text.split("\n")[finding.line - 1]
    assert line[finding.column - 1 :].startswith('"colour"')


def test_a_close_unknown_key_gets_a_suggestion() -> None:
    [(_, message)] = _lay000(
        panel(*row(module("K1")), wires=[{**wire("W1", "K1:A1"), "crossection": "1 mm^2"}])
    )
    assert "unknown key 'crossection' (did you mean 'cross_section'?)" in message


def test_x_keys_are_free_everywhere() -> None:
    layout = panel(*row({**module("K1"), "x-erp": {"order": 17}}), **{"x-rev": "C"})
    layout["rails"][0]["x-note"] = "spare"
    assert run(layout).findings == []


def test_schema_key_for_editors_is_allowed() -> None:
    layout = {"$schema": "./panelcheck.schema.json", **panel(*row(module("K1")))}
    assert run(layout).findings == []


def test_all_schema_errors_of_a_file_are_reported_together() -> None:
    layout = panel(
        *row({"type": "modul", "id": "K1", "part": "859-390"}),
        wires=[wire("W1", "K1:A1", "1.5"), wire("W2", "K1:A2", conductor="flexible")],
    )
    found = _lay000(layout)
    pointers = [p for p, _ in found]
    assert pointers == ["/rails/0/items/1", "/wires/0/cross_section", "/wires/1/conductor"]
    assert "item type 'modul' is not one of" in found[0][1]


def test_missing_required_key_names_it() -> None:
    layout = panel(*row({"type": "module", "part": "859-390"}))
    [(pointer, message)] = _lay000(layout)
    assert pointer == "/rails/0/items/1" and message == "missing required key 'id'"


def test_a_load_needs_current_or_impedance() -> None:
    layout = panel(*row(module("K1")), loads=[{"id": "L1", "terminal": "K1:14"}])
    [(pointer, message)] = _lay000(layout)
    assert pointer == "/loads/0" and "needs 'current' or 'impedance'" in message


@pytest.mark.parametrize("bad_id", ["K 1", "K1:2", "", 7])
def test_ids_are_device_tags(bad_id: object) -> None:
    [(pointer, message)] = _lay000(
        panel(*row(module("K1")), wires=[{**wire("W1", "K1:A1"), "id": bad_id}])
    )
    assert pointer == "/wires/0/id" and "valid id" in message


def test_the_json_schema_accepts_every_sample_and_refuses_typos() -> None:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in [SAMPLES / "pump-station.json", SAMPLES / "spec-example.json"]:
        assert list(validator.iter_errors(json.loads(path.read_text()))) == [], path
    typo = panel(*row({**module("K1"), "colour": "grey"}))
    assert list(validator.iter_errors(typo))


def test_the_json_schema_allows_x_keys_and_describes_quantities() -> None:
    schema = json_schema()
    validator = jsonschema.Draft202012Validator(schema)
    layout = panel(*row(module("K1")), **{"x-rev": "C"})
    assert list(validator.iter_errors(layout)) == []
    wire_schema = schema["$defs"]["Wire"]["properties"]["cross_section"]
    assert wire_schema["type"] == "string" and "AWG" in wire_schema["description"]
