"""Ids and names refuse control, format, surrogate and unassigned characters (LAY000).

An id is drawn into the SVG and the GraphML export and quoted in one-line findings; a
control character in it made ``panelcheck render`` write a file that is not XML. The
layouts are written with ``json.dumps``, so the characters reach the file as JSON
escapes (``"K\\u0001"``, ``"K\\ud800"``), as a hostile pull request would write them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import jumper, load, module, panel, row, run, value_position, wire

from panelcheck.cli import main
from panelcheck.read.fieldtypes import SCHEMA_REFUSED_CLASS, refused_character
from panelcheck.read.format import json_schema


def invoke(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def relay(mid: str) -> dict[str, Any]:
    """A clean one-relay panel whose relay has the id ``mid``."""
    return panel(*row(module(mid)), wires=[wire("W1", f"{mid}:A1")])


REFUSED = [
    ("K\x01", "the control character U+0001"),
    ("K\ud800", "the surrogate U+D800"),
    ("K\u0378", "the unassigned code point U+0378"),
    ("K\u2028", "the line separator U+2028"),
]


@pytest.mark.parametrize(("mid", "named"), REFUSED)
def test_validate_refuses_the_id_at_its_position_naming_the_character(
    tmp_layout: Any, mid: str, named: str
) -> None:
    layout = panel(*row(module(mid)))
    path = tmp_layout(layout)
    line, column = value_position(path.read_text(), "id", mid)
    result = invoke("validate", str(path))
    assert result.exit_code == 2
    [report] = [text for text in result.output.splitlines() if "LAY000" in text]
    assert report == (
        f"{path}:{line}:{column}: LAY000 error: id: {mid!r} has {named}; "
        "ids may not hold control, format, surrogate or unassigned characters"
    )
    assert report.isprintable()


@pytest.mark.parametrize(("mid", "named"), REFUSED)
def test_render_exits_2_and_writes_no_drawing(
    tmp_layout: Any, tmp_path: Path, mid: str, named: str
) -> None:
    out = tmp_path / "x.svg"
    result = invoke("render", str(tmp_layout(relay(mid))), "-o", str(out))
    assert result.exit_code == 2 and named in result.output
    assert not out.exists()


def test_graph_export_exits_2_instead_of_writing_graphml(tmp_layout: Any, tmp_path: Path) -> None:
    out = tmp_path / "x.graphml"
    result = invoke("graph", str(tmp_layout(relay("K\x1b"))), "--format", "graphml", "-o", str(out))
    assert result.exit_code == 2 and "U+001B" in result.output
    assert not out.exists()


@pytest.mark.parametrize("mid", ["Relais-Ä1", "K1→", "=A1+B2-K3", "K\ue000"])
def test_printable_unicode_stays_valid_and_a_refused_character_is_the_one_named(
    tmp_layout: Any, tmp_path: Path, mid: str
) -> None:
    out = tmp_path / "x.svg"
    assert invoke("render", str(tmp_layout(relay(mid))), "-o", str(out)).exit_code == 0
    assert mid in "".join(ET.parse(out).getroot().itertext())  # private use (Co) included
    hidden = mid + "\u200b"  # a zero-width space: prints like ``mid``, a different id
    result = invoke("validate", str(tmp_layout(relay(hidden))))
    assert result.exit_code == 2
    assert f"{hidden!r} has the invisible format character U+200B;" in result.output


def _at(layout: dict[str, Any], where: str, bad: str) -> None:
    """Put ``bad`` into the place of the layout that ``where`` names."""
    rail = layout["rails"][0]
    item = rail["items"][1]
    if where == "net name":
        layout["nets"][bad] = {"voltage": "24 V DC"}
    elif where == "terminal name":
        item["terminals"][bad] = "+24V"
    elif where == "net of a terminal":
        item["terminals"]["A1"] = bad
    elif where == "part":
        item["part"] = bad
    elif where == "ferrule":
        layout["wires"][0]["ferrule"] = bad
    elif where == "jumper slot":
        rail["jumpers"][0]["slot"] = bad
    elif where == "jumper from":
        rail["jumpers"][0]["from"] = bad
    elif where == "wire terminal":
        layout["wires"][0]["terminal"] = "K1:" + bad
    elif where == "net feed":
        layout["nets"]["+24V"]["feed"] = bad + ":A1"
    elif where == "load id":
        layout["loads"][0]["id"] = bad
    elif where == "rail id":
        rail["id"] = bad
    elif where == "panel name":
        layout["panel"] = {"name": bad}
    elif where == "waiver subject":
        layout["waivers"] = [{"rule": "IPX003", "subject": bad, "reason": "spare"}]


PLACES = {
    "net name": ("/nets/N\x07", "a name 'N\\x07'", "names"),
    "terminal name": ("/rails/0/items/1/terminals/N\x07", "a name 'N\\x07'", "names"),
    "net of a terminal": ("/rails/0/items/1/terminals/A1", "A1: 'N\\x07'", "names"),
    "part": ("/rails/0/items/1/part", "part: 'N\\x07'", "names"),
    "ferrule": ("/wires/0/ferrule", "ferrule: 'N\\x07'", "names"),
    "jumper slot": ("/rails/0/jumpers/0/slot", "slot: 'N\\x07'", "names"),
    "jumper from": ("/rails/0/jumpers/0/from", "from: 'N\\x07'", "ids"),
    "wire terminal": ("/wires/0/terminal", "terminal: 'K1:N\\x07'", "ids"),
    "net feed": ("/nets/+24V/feed", "feed: 'N\\x07:A1'", "ids"),
    "load id": ("/loads/0/id", "id: 'N\\x07'", "ids"),
    "rail id": ("/rails/0/id", "id: 'N\\x07'", "ids"),
    "panel name": ("/panel/name", "name: 'N\\x07'", "names"),
    "waiver subject": ("/waivers/0/subject", "subject: 'N\\x07'", "names"),
}


@pytest.mark.parametrize("where", PLACES)
def test_every_id_and_name_refuses_the_same_characters(where: str) -> None:
    layout = panel(
        *row(module("K1", A1="+24V")),
        jumpers=[jumper("JB1", "859-402/000-006", "A1", "K1")],
        wires=[wire("W1", "K1:A2")],
        loads=[load("LD1", "K1:14", "1 A")],
    )
    _at(layout, where, "N\x07")
    [finding] = [f for f in run(layout).findings if f.code == "LAY000"]
    pointer, quoted, noun = PLACES[where]
    assert (finding.code, finding.pointer) == ("LAY000", pointer)
    assert finding.message == (
        f"{quoted} has the control character U+0007; {noun} may not hold control, "
        "format, surrogate or unassigned characters"
    )


def test_an_id_names_the_refused_character_before_its_other_faults() -> None:
    [finding] = run(panel(*row(module("K 1\x00")))).findings
    assert "has the control character U+0000;" in finding.message
    # the length of an id is checked apart from its characters; the message is the id's
    [finding] = run(panel(*row(module("K" * 101)))).findings
    assert "(101 characters) is not a valid id: 1 to 100 characters" in finding.message
    [finding] = run(panel(*row(module("K1")), wires=[wire("W1", "K" * 250 + ":A1")])).findings
    assert "is not a terminal reference: expected MODULE:TERMINAL" in finding.message


def test_a_surrogate_in_free_text_is_named_too() -> None:
    waiver = {"rule": "IPX003", "subject": "K1", "reason": "spare\udc00"}
    [finding] = run(panel(*row(module("K1")), waivers=[waiver])).findings
    assert finding.pointer == "/waivers/0/reason"
    assert "has the surrogate U+DC00; a surrogate is half of a UTF-16 pair" in finding.message


def _schema_refused() -> list[str]:
    """Every character SCHEMA_REFUSED_CLASS (a regex class body) stands for."""
    pattern = re.compile(f"[{SCHEMA_REFUSED_CLASS}]")
    return [chr(c) for c in range(0x10000) if pattern.match(chr(c))]


def test_the_json_schema_refuses_control_characters_in_ids_and_names() -> None:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors(relay("Relais-Ä1"))) == []
    assert list(validator.iter_errors(relay("K\x01")))
    assert list(validator.iter_errors(relay("K\u202e1")))
    named = panel(*row(module("K1")), nets={"+24V\x1b": {"voltage": "24 V DC"}})
    assert list(validator.iter_errors(named))
    # the schema is a portable subset: an editor never flags what the checker accepts
    refused = _schema_refused()
    assert len(refused) > 100
    assert [c for c in refused if refused_character(c) != c] == []
