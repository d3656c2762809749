"""Layout format 1 as the models define it, and the JSON Schema editors get from it."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import ROOT, SAMPLES, module, panel, row, run, wire
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from test_units import SPELLINGS

from panelcheck.catalog import load_catalog
from panelcheck.cli import main
from panelcheck.read.fieldtypes import quantity_pattern
from panelcheck.read.format import SCHEMA_ID, json_schema, validate
from panelcheck.units import Kind, QuantityError, parse_quantity


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


# --- the JSON Schema as an editor uses it (SPEC section 7, v2) ------------------------------


def _properties(node: object, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, schema) of every property of every object in a JSON Schema."""
    if isinstance(node, dict):
        properties = node.get("properties")
        if isinstance(properties, dict):
            for name, prop in properties.items():
                yield f"{path}/properties/{name}", prop
        for key, value in node.items():
            yield from _properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _properties(value, f"{path}/{index}")


def test_the_schema_is_named_by_an_id_that_sends_nobody_anywhere() -> None:
    """``$id`` names the schema; under the reserved ``.invalid`` domain it can never be
    fetched from, or served by, a host we do not control."""
    schema = json_schema()
    assert schema["$id"] == SCHEMA_ID
    where = urlsplit(SCHEMA_ID)
    assert where.scheme == "https" and (where.hostname or "").endswith(".invalid")
    jsonschema.Draft202012Validator.check_schema(schema)
    printed = CliRunner().invoke(main, ["schema"])
    assert printed.exit_code == 0 and json.loads(printed.output) == schema


def test_every_property_of_the_schema_is_described() -> None:
    properties = list(_properties(json_schema()))
    assert len(properties) >= 60, "the walk missed the schema's objects"
    undescribed = [where for where, prop in properties if not prop.get("description")]
    assert undescribed == []


def test_a_quantity_s_description_says_what_it_is_and_how_to_write_it() -> None:
    defs = json_schema()["$defs"]
    length = defs["Rail"]["properties"]["length"]["description"]
    assert length.startswith("the rail's usable length") and "'300 mm'" in length
    area = defs["Wire"]["properties"]["cross_section"]["description"]
    assert area.startswith("the conductor's cross-section") and "'18 AWG'" in area


PART_FIELDS = {
    ("ModuleItem", "part"): "module",
    ("EndPlateItem", "part"): "end_plate",
    ("EndStopItem", "part"): "end_stop",
    ("Jumper", "part"): "jumper",
    ("Wire", "ferrule"): "ferrule",
}


def test_each_part_field_offers_the_shipped_parts_of_its_kind() -> None:
    shipped: dict[str, list[str]] = {}
    for part in load_catalog():
        shipped.setdefault(part.kind, []).append(part.number)
    defs = json_schema()["$defs"]
    for (name, key), kind in PART_FIELDS.items():
        prop = defs[name]["properties"][key]
        assert prop["examples"] == sorted(shipped[kind]), (name, key)
        assert "enum" not in prop and "const" not in prop
    assert "216-222" in defs["Wire"]["properties"]["ferrule"]["examples"]
    assert "859-390" not in defs["Wire"]["properties"]["ferrule"]["examples"]
    assert "859-525" in defs["EndPlateItem"]["properties"]["part"]["examples"]
    assert "examples" not in defs["DeviceItem"]["properties"]["part"]  # never looked up


def test_a_part_of_a_user_catalog_is_not_refused_by_the_schema() -> None:
    """The examples are a completion list, not a closed one: --catalog adds parts."""
    validator = jsonschema.Draft202012Validator(json_schema())
    layout = panel(*row(module("K1", "ACME-RELAY-7")), wires=[wire("W1", "K1:A1", ferrule="X-1")])
    assert list(validator.iter_errors(layout)) == []


def test_the_catalog_is_read_for_the_schema_only_when_the_schema_is_made() -> None:
    """Every run imports the format; reading the catalog for the examples must not be
    part of that (a schema error or --help would pay for it)."""
    code = (
        "import sys\n"
        "from panelcheck.read import format\n"
        "format.validate({'format': 'panelcheck/1'})\n"
        "assert 'panelcheck.catalog' not in sys.modules, 'the catalog was imported'\n"
        "format.json_schema()\n"
        "assert 'panelcheck.catalog' in sys.modules\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr


# --- quantities: a pattern that refuses a bare number, never what the checker takes -------

QUANTITY_FIELDS: dict[str, Kind] = {
    "/panel/ambient": Kind.TEMPERATURE,
    "/panel/altitude": Kind.ALTITUDE,
    "/panel/depth": Kind.LENGTH,
    "/panel/operating_time": Kind.DURATION,
    "/nets/+24V/voltage": Kind.VOLTAGE,
    "/rails/0/length": Kind.LENGTH,
    "/rails/0/items/2/width": Kind.LENGTH,
    "/wires/0/cross_section": Kind.AREA,
    "/wires/0/strip_length": Kind.LENGTH,
    "/wires/0/insulation_rating": Kind.TEMPERATURE,
    "/loads/0/current": Kind.CURRENT,
    "/loads/0/impedance": Kind.RESISTANCE,
    "/loads/0/inrush_current": Kind.CURRENT,
    "/loads/0/switching_rate": Kind.RATE,
}
"""Every quantity of format 1, at its place in :func:`_every_quantity`."""


def _every_quantity() -> dict[str, Any]:
    """A layout with every quantity field of the format filled in."""
    device = {"type": "device", "id": "G1", "width": "45 mm"}
    return panel(
        *row(module("K1", _14="+24V"), device),
        wires=[wire("W1", "K1:A1", strip_length="8 mm", insulation_rating="90 degC")],
        loads=[
            {
                "id": "Q1",
                "terminal": "K1:14",
                "current": "0.5 A",
                "impedance": "48 ohm",
                "inrush_current": "2 A",
                "switching_rate": "2 /min",
            }
        ],
        panel={
            "name": "CP-01",
            "ambient": "40 degC",
            "altitude": "500 m",
            "depth": "120 mm",
            "operating_time": "40000 h",
        },
    )


def _put(layout: dict[str, Any], pointer: str, value: object) -> dict[str, Any]:
    layout = copy.deepcopy(layout)
    *path, last = [int(p) if p.isdigit() else p for p in pointer.split("/")[1:]]
    node: Any = layout
    for step in path:
        node = node[step]
    node[last] = value
    return layout


def test_every_quantity_field_has_the_pattern_of_its_kind() -> None:
    schema = json_schema()
    patterns = {quantity_pattern(kind) for kind in Kind}
    with_pattern = [w for w, p in _properties(schema) if p.get("pattern") in patterns]
    assert len(with_pattern) == len(QUANTITY_FIELDS)  # the list below misses none
    validator = jsonschema.Draft202012Validator(schema)
    layout = _every_quantity()
    assert list(validator.iter_errors(layout)) == []
    assert not run(layout).invalid


@pytest.mark.parametrize("pointer", QUANTITY_FIELDS)
@pytest.mark.parametrize("bare", ["0.75", "forty", 0.75])
def test_a_bare_number_is_refused_by_the_schema_and_the_checker(pointer: str, bare: object) -> None:
    validator = jsonschema.Draft202012Validator(json_schema())
    layout = _put(_every_quantity(), pointer, bare)
    errors = list(validator.iter_errors(layout))
    assert errors and all(pointer.startswith(_pointer(e)) for e in errors)
    assert pointer in _leaves(errors)  # through the item's oneOf, for a device's width
    found = [f for f in run(layout).findings if f.code == "LAY000"]
    assert [f.pointer for f in found] == [pointer]
    if bare != "forty":
        assert "unit required" in found[0].message


def _pointer(error: jsonschema.ValidationError) -> str:
    return "".join(f"/{step}" for step in error.absolute_path)


def _leaves(errors: list[jsonschema.ValidationError]) -> set[str]:
    """Where the innermost errors are (an item's oneOf holds one error per branch)."""
    found: set[str] = set()
    for error in errors:
        found |= _leaves(error.context) if error.context else {_pointer(error)}
    return found


def _parses(text: str, kind: Kind) -> bool:
    try:
        parse_quantity(text, kind)
    except QuantityError:
        return False
    return True


NUMBERS = ["0.75", "24", "1", "2.5e1", ".5", "5.", "+2", "0", "-5"]

OTHER_SPELLINGS: dict[Kind, list[str]] = {
    Kind.AREA: [
        "18 AWG",
        "AWG 18",
        "AWG18",
        "18AWG",
        "4/0 AWG",
        "0000 AWG",
        "AWG 1/0",
        "00 AWG",
        "awg 14",
    ],
    Kind.VOLTAGE: ["24 V DC", "24 VDC", "230 V AC", "230VAC", "DC 24 V", "ac 230 v", "24 V dc"],
    Kind.CURRENT: ["  5 A  ", "5 A\x1f", "\x855 mA", "1.2 kA", "2.5E-1 A"],
    Kind.RATE: ["6 min⁻¹", "6 min-1", "6 min**-1", "120 /h", "1 Hz"],
    Kind.TEMPERATURE: ["-25 °C", "45°C", "45 ℃"],
    Kind.RESISTANCE: ["500 Ω", "1.2 kΩ", "2 MΩ", "500 \u2126"],
}
"""Spellings beyond test_units.SPELLINGS' templates: AWG, AC/DC in front, padding with
the separators Python strips and ECMA's \\s lacks."""


def _accepted_spellings(kind: Kind) -> list[str]:
    texts = [t.format(n) for t, _, _ in SPELLINGS[kind] for n in NUMBERS]
    return [t for t in [*texts, *OTHER_SPELLINGS.get(kind, [])] if _parses(t, kind)]


@pytest.mark.parametrize("kind", list(Kind))
def test_the_quantity_pattern_accepts_every_spelling_the_parser_accepts(kind: Kind) -> None:
    pattern = re.compile(quantity_pattern(kind))
    accepted = _accepted_spellings(kind)
    assert len(accepted) >= 2 * len(SPELLINGS[kind]), "too few spellings parsed to be a test"
    for template, _, _ in SPELLINGS[kind]:
        assert any(_parses(template.format(n), kind) for n in NUMBERS), template
    assert [t for t in accepted if not pattern.search(t)] == []


BARE = ["0.75", "24", "-5", "1e3", " 0.75 ", ".5", "forty", "", "mm2", "24 DC", "DC 24", "0.75dc"]


@pytest.mark.parametrize("kind", list(Kind))
@pytest.mark.parametrize("text", BARE)
def test_the_quantity_pattern_refuses_a_bare_number_as_the_parser_does(
    kind: Kind, text: str
) -> None:
    assert not _parses(text, kind)
    assert not re.search(quantity_pattern(kind), text)


_PIECES = st.sampled_from(
    [" ", "\t", "\x1f", "\x85", "0", "1", "7", ".", ",", "+", "-", "e", "E", "/", "^", "²",
     "⁻¹", "A", "a", "C", "c", "D", "d", "V", "v", "W", "G", "g", "m", "k", "M", "µ", "Ω",
     "°", "h", "s", "i", "n", "o", "z", "H", "x", "*"]
)  # fmt: skip
_UNITS = st.sampled_from(
    ["mm^2", "mm²", "mm2", "mm**2", "AWG", "A", "mA", "kA", "µA", "uA", "V", "VDC", "VAC",
     "V DC", "V AC", "kV", "mV", "degC", "°C", "℃", "mm", "cm", "m", "km", "ohm", "Ω", "kohm",
     "h", "min", "s", "/min", "/h", "/s", "min^-1", "min⁻¹", "Hz", "DC", "ac", "in", "ft",
     "ampere", "volt", "K", "x", "/0 AWG"]
)  # fmt: skip


@st.composite
def _quantity_like(draw: st.DrawFn) -> str:
    """Text shaped like a quantity: a number, a unit word, AC/DC, padding; or pieces."""
    if draw(st.booleans()):
        return "".join(draw(st.lists(_PIECES, max_size=12)))
    pad = st.sampled_from(["", " ", "  ", "\t", "\x1c", "\x85", "\u00a0"])
    prefix = draw(st.sampled_from(["", "", "DC ", "AC", "dc "]))
    number = draw(st.sampled_from([*NUMBERS, "1/0", "4/0", "00", "40", "1e1234", "7E+2"]))
    suffix = draw(st.sampled_from(["", "", " DC", "AC", " ac"]))
    return f"{draw(pad)}{prefix}{number}{draw(pad)}{draw(_UNITS)}{suffix}{draw(pad)}"


@settings(max_examples=400, deadline=None)
@given(_quantity_like(), st.sampled_from(list(Kind)))
def test_the_quantity_pattern_never_refuses_what_the_parser_accepts(text: str, kind: Kind) -> None:
    if _parses(text, kind):
        assert re.search(quantity_pattern(kind), text), (text, kind)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node, an ECMA-262 engine")
def test_editors_read_the_patterns_as_python_does() -> None:
    """Editors run the schema's patterns with JavaScript's engine (Unicode mode): every
    pattern compiles there, and the quantity patterns accept and refuse the same texts."""
    schema = json_schema()
    patterns = sorted({p["pattern"] for _, p in _properties(schema) if "pattern" in p})
    cases = [
        (quantity_pattern(kind), text, bool(re.search(quantity_pattern(kind), text)))
        for kind in Kind
        for text in [*_accepted_spellings(kind), *BARE]
    ]
    script = (
        "const {patterns, cases} = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "for (const p of patterns) new RegExp(p, 'u');"
        "const wrong = cases.filter(([p, t, ok]) => new RegExp(p, 'u').test(t) !== ok);"
        "console.log(JSON.stringify(wrong));"
    )
    proc = subprocess.run(
        ["node", "-e", script],
        input=json.dumps({"patterns": patterns, "cases": cases}),
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []


# --- the schema and the checker agree on the shipped layouts ---------------------------------

LAYOUT_FILES = sorted(SAMPLES.rglob("*.json")) + sorted(
    (ROOT / "rules" / "examples").glob("*.json")
)


@pytest.mark.parametrize("path", LAYOUT_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_schema_accepts_every_shipped_layout_the_checker_accepts(path: Path) -> None:
    """Samples and rule examples: what the checker reads, an editor must not flag. The
    passing examples and the top-level samples must be readable, so the test is real."""
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        assert path.name == "merge-conflict.json"  # a sample of a file that is not JSON
        return
    try:
        validate(data)
    except ValidationError:
        readable = False
    else:
        readable = True
    if path.name.endswith(".pass.json") or path.parent == SAMPLES:
        assert readable
    if readable:
        validator = jsonschema.Draft202012Validator(json_schema())
        assert [e.message for e in validator.iter_errors(data)] == []


def test_the_schema_refuses_the_bare_numbers_of_the_schema_errors_sample() -> None:
    data = json.loads((SAMPLES / "failing" / "schema-errors.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(json_schema())
    flagged = {"/".join(str(p) for p in e.absolute_path) for e in validator.iter_errors(data)}
    assert {"panel/ambient", "wires/1/cross_section"} <= flagged  # "40" and 1.5
