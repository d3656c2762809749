"""Bad input (SPEC section 10): a LAY000 with a position and exit 2, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import module, panel, row, run
from hypothesis import given, settings
from hypothesis import strategies as st

from panelcheck.engine.core import Engine, exit_code


def _lay000(path: Path) -> list[tuple[int, int, str]]:
    result = Engine().check_path(str(path))
    assert result.invalid
    assert {f.code for f in result.findings} == {"LAY000"}
    assert exit_code([result]) == 2
    return [(f.line, f.column, f.message) for f in result.findings]


def test_not_json_points_at_the_error(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{\n  "format": "panelcheck/1",\n  "rails": [,]\n}\n')
    [(line, column, message)] = _lay000(path)
    assert (line, column) == (3, 13)
    assert message.startswith("not valid JSON")


def test_merge_conflict_markers_are_named(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{\n<<<<<<< HEAD\n  "format": "panelcheck/1"\n=======\n>>>>>>> b\n}\n')
    [(line, _, message)] = _lay000(path)
    assert line == 2 and "merge conflict" in message


def test_utf16_file_is_refused_with_the_encoding_named(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_bytes('{"format": "panelcheck/1"}'.encode("utf-16"))
    [(_, _, message)] = _lay000(path)
    assert "UTF-16" in message and "UTF-8" in message


def test_a_non_utf8_byte_is_located(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(b'{\n  "format": "panelcheck/1",\n  "panel": {"name": "Pumpen\xe4"}\n}')
    [(line, column, message)] = _lay000(path)
    assert (line, column) == (3, 28)
    assert "0xe4" in message


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(panel(*row(module("K1")))).encode())
    assert Engine().check_path(str(path)).findings == []


def test_duplicate_keys_are_reported_not_merged() -> None:
    text = (
        '{"format": "panelcheck/1",\n "nets": {"0V": {"voltage": "0 V DC"},\n'
        '          "0V": {"voltage": "24 V DC"}}}'
    )
    result = run(text)
    [finding] = result.findings
    assert finding.code == "LAY000" and "duplicate key '0V'" in finding.message
    assert (finding.line, finding.column) == (3, 11)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_literals_are_rejected(literal: str) -> None:
    result = run('{"format": "panelcheck/1", "x-a": ' + literal + "}")
    [finding] = result.findings
    assert finding.code == "LAY000" and literal.lstrip("-") in finding.message
    assert finding.column == len('{"format": "panelcheck/1", "x-a": ') + 1


def test_deep_nesting_is_rejected_with_its_position() -> None:
    text = '{"format": "panelcheck/1", "x-deep": ' + "[" * 100_000 + "]" * 100_000 + "}"
    [finding] = run(text).findings
    assert finding.code == "LAY000" and "nested deeper" in finding.message
    assert finding.line == 1 and finding.column > 38


def test_a_huge_integer_is_rejected() -> None:
    [finding] = run('{"format": "panelcheck/1", "x-n": ' + "9" * 5000 + "}").findings
    assert finding.code == "LAY000" and "number" in finding.message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"1e999 mm^2"', "not a finite number"),
        ('"10**10**10 A"', "expected a number followed by a unit"),
        ('"-1.5 mm^2"', "cross-section"),
        ("1.5", "unit required"),
    ],
)
def test_quantities_that_cannot_be_meant(value: str, expected: str) -> None:
    layout = json.dumps(panel(*row(module("K1")), wires=[]), indent=2)
    layout = layout.replace(
        '"wires": []',
        '"wires": [{"id": "W1", "terminal": "K1:A1", '
        f'"cross_section": {value}, "conductor": "solid"}}]',
    )
    [finding] = run(layout).findings
    assert finding.code == "LAY000" and expected in finding.message
    assert finding.pointer == "/wires/0/cross_section"


def test_wrong_format_is_unsupported() -> None:
    [finding] = run('{"format": "panelcheck/2"}').findings
    assert "unsupported format 'panelcheck/2'" in finding.message
    assert (finding.line, finding.column, finding.pointer) == (1, 12, "/format")


@pytest.mark.parametrize("text", ["[]", '"panel"', "null", "{}"])
def test_top_level_must_be_a_layout_object(text: str) -> None:
    [finding] = run(text).findings
    assert finding.code == "LAY000" and "format" in finding.message


def test_a_missing_file_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    [(_, _, message)] = _lay000(tmp_path / "nope.json")
    assert "cannot read file" in message


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    from panelcheck.read.document import DocumentError, read_document

    path = tmp_path / "big.json"
    path.write_text('{"format": "panelcheck/1", "x-pad": "' + "x" * 2048 + '"}')
    with pytest.raises(DocumentError, match="larger than the limit"):
        read_document(path, max_bytes=1024)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_findings_never_an_exception(text: str) -> None:
    result = run(text)
    assert all(f.line >= 1 and f.column >= 1 for f in result.findings)


_JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["panel", "nets", "rails", "wires", "loads", "waivers", "x-a"]),
        _JSONISH,
        max_size=4,
    )
)
def test_any_json_under_format_1_gives_findings_never_an_exception(data: dict) -> None:
    result = run({"format": "panelcheck/1", **data})
    assert all(f.code == "LAY000" for f in result.findings) or not result.invalid
