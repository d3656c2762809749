"""The cursor's place in a layout being typed, and positions in the editor's units:
the two parsers under hover, completion and every range the server sends."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("lsprotocol")

from lsprotocol import types

from panelcheck.read.positions import PositionIndex, pointer
from panelcheck.server.columns import Lines
from panelcheck.server.context import spot_at

TYPED = (
    '{"format": "panelcheck/1",\n'
    ' "rails": [{"id": "X1", "items": [\n'
    '   {"type": "module", "id": "K1", "part": "859-3", "terminals": {"A1": "+24V"}},\n'
    '   {"type": "end_plate", "part": "85\n'
    " ]}],\n"
    ' "wires": [{"id": "W1", "terminal": "K1:", "ferrule": }],\n'
    ' "panel": {"pollution_degree": 2, }\n'
    "}\n"
)


@pytest.mark.parametrize(
    ("marker", "path", "role", "prefix"),
    [
        ('"859-3', ("rails", 0, "items", 0, "part"), "value", "859-3"),
        ('"A1', ("rails", 0, "items", 0, "terminals", "A1"), "key", "A1"),
        ('"+2', ("rails", 0, "items", 0, "terminals", "A1"), "value", "+2"),
        # an open string ends at its line: the lines below keep their paths
        ('"85\n', ("rails", 0, "items", 1, "part"), "value", "85"),
        ('"K1:', ("wires", 0, "terminal"), "value", "K1:"),
        ('"ferrule": ', ("wires", 0, "ferrule"), "value", ""),
        ('"pollution_degree": 2, ', ("panel", ""), "key", ""),
        ('"wi', ("wires",), "key", "wi"),
    ],
)
def test_the_spot_under_the_cursor(
    marker: str, path: tuple[object, ...], role: str, prefix: str
) -> None:
    cursor = TYPED.index(marker) + len(marker.rstrip("\n"))
    spot = spot_at(TYPED, cursor)
    assert spot is not None
    assert (spot.path, spot.role, spot.prefix) == (path, role, prefix)


def test_siblings_include_what_follows_the_cursor() -> None:
    spot = spot_at(TYPED, TYPED.index('"A1"') + 2)
    assert spot is not None
    assert spot.outer == {"type": "module", "id": "K1", "part": "859-3"}
    wire = spot_at(TYPED, TYPED.index('"W1"') + 2)
    assert wire is not None and wire.siblings == {"id": "W1", "terminal": "K1:"}


def test_outside_the_top_level_value_there_is_no_spot() -> None:
    assert spot_at("", 0) is None
    assert spot_at('{"a": 1}\n', 9) is None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='{}[]:,"\\ \n abc1-µ😀', max_size=80), st.integers(0, 90))
def test_any_text_gives_a_spot_or_none(text: str, cursor: int) -> None:
    spot = spot_at(text, min(cursor, len(text)))
    if spot is not None:
        assert 0 <= spot.start <= spot.end <= len(text)
        assert spot.role in ("key", "value")


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
        ),
        max_leaves=12,
    ),
    st.sampled_from([None, 1, 2]),
)
def test_in_valid_json_every_string_is_found_at_its_path(data: object, indent: int | None) -> None:
    """The oracle is the command line's own position index: each string value's
    position, given to the scan, must give back that value's path and content."""
    text = json.dumps({"root": data}, indent=indent, ensure_ascii=False)
    index = PositionIndex(text)
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def walk(value: object, path: tuple[str | int, ...]) -> None:
        if isinstance(value, list):
            for i, element in enumerate(value):
                walk(element, (*path, i))
        elif isinstance(value, dict):
            for key, element in value.items():
                walk(element, (*path, key))
        elif isinstance(value, str):
            line, column = index.locate(pointer(*path))
            spot = spot_at(text, starts[line - 1] + column)  # just inside the quote
            assert spot is not None
            assert (spot.path, spot.role, spot.text) == (path, "value", value)

    walk({"root": data}, ())


@given(st.text(alphabet="ab\nµ😀\r", max_size=40))
def test_positions_and_offsets_round_trip(text: str) -> None:
    for encoding in ("utf-16", "utf-8", "utf-32"):
        lines = Lines(text, encoding)
        for offset in range(len(text) + 1):
            if offset and text[offset - 1 : offset + 1] == "\r\n":
                continue  # inside a line break: positions there name the line's end
            assert lines.offset(lines.position(offset)) == offset
        for offset in range(len(text) + 1):
            assert lines.from_bytes(len(text[:offset].encode("utf-8"))) == offset


def test_utf16_counts_surrogate_pairs() -> None:
    lines = Lines('{"d": "µ😀", "x": 1}')
    x = lines.text.index('"x"')
    assert lines.position(x).character == x + 1  # the emoji is two UTF-16 units
    assert Lines(lines.text, "utf-8").position(x).character == len(lines.text[:x].encode())
    assert Lines(lines.text, "utf-32").position(x).character == x


def _offered(text: str, marker: str, shift: int) -> list[str | int]:
    from panelcheck.catalog import load_catalog
    from panelcheck.engine.ruleset import load_rules
    from panelcheck.server.completion import choices
    from panelcheck.server.names import Names

    spot = spot_at(text, text.index(marker) + shift)
    assert spot is not None
    return [c.value for c in choices(spot, Names(), load_catalog(), load_rules())]


def test_keys_an_object_may_still_take_are_offered() -> None:
    text = '{"format": "panelcheck/1", "wires": [{"id": "W1",  }]}'
    keys = _offered(text, '"W1",  ', 6)
    assert "terminal" in keys and "ferrule" in keys and "cross_section" in keys
    assert "id" not in keys  # written already
    top = _offered('{"format": "panelcheck/1",  }', ",  ", 2)
    assert "rails" in top and "waivers" in top and "format" not in top


def test_enumerated_values_come_from_the_schema() -> None:
    text = (
        '{"format": "panelcheck/1", "panel": {"pollution_degree": },'
        ' "rails": [{"items": [{"type": ""}]}]}'
    )
    assert _offered(text, '"pollution_degree": ', 20) == [1, 2, 3, 4]
    assert set(_offered(text, '"type": ""', 9)) == {"module", "end_plate", "end_stop", "device"}


@pytest.mark.parametrize("deep", ["[" * 40_000 + "]" * 40_000, "[{" * 40_000])
def test_deep_nesting_is_read_a_bounded_number_of_times(
    deep: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Passing over a whole container reads the rest of it: tried at every level of a
    file of nested brackets, the work would grow with the square of the depth."""
    from panelcheck.server import context

    calls = []
    real = context._value_end

    def counted(text: str, start: int) -> int | None:
        calls.append(start)
        return real(text, start)

    monkeypatch.setattr(context, "_value_end", counted)
    text = '{"format": "panelcheck/1", "x-deep": ' + deep + "}\n"
    for cursor in (30, len(text) // 2, len(text) - 3):
        calls.clear()
        spot_at(text, cursor)
        assert len(calls) <= 2 * context._SKIP_DEPTH


def test_lines_end_where_the_editor_ends_them_and_findings_are_read_as_reported() -> None:
    """A lone CR ends a line for LSP; the command line counts lines by LF only."""
    from panelcheck.findings import Finding
    from panelcheck.server.diagnostics import to_diagnostics

    text = '{"a": 1,\r"b": 2,\r\n"c": 3}'
    lines = Lines(text)
    assert lines.position(text.index('"b"')) == types.Position(line=1, character=0)
    assert lines.position(text.index('"c"')) == types.Position(line=2, character=0)
    # the command line: "b" is on line 1, column 10; "c" on line 2, column 1
    b = Finding("GLD001", "warning", "b", None, "/b", line=1, column=10)
    c = Finding("GLD001", "warning", "c", None, "/c", line=2, column=1)
    [at_b, at_c] = to_diagnostics([b, c], lines)
    assert (at_b.range.start, at_b.range.end) == (
        types.Position(line=1, character=0),
        types.Position(line=1, character=7),
    )
    assert at_c.range.start == types.Position(line=2, character=0)


@pytest.mark.parametrize(
    ("text", "cursor"),
    [
        ('{"part": "859-3"}', 16),  # just after a value: only a comma or "}" may come
        ('["CE" ]', 6),
        ('{"pollution_degree" : 2}', 19),  # between a key and its colon
        ('{"a": 1} ', 9),  # after the top-level value
    ],
)
def test_where_nothing_may_be_written_there_is_no_spot(text: str, cursor: int) -> None:
    assert spot_at(text, cursor) is None


def test_an_open_string_ends_before_its_line_break() -> None:
    text = '{"p": "859-3\r\n}'
    spot = spot_at(text, 10)
    assert spot is not None and spot.text == "859-3" and spot.end == text.index("\r")


def test_checks_of_one_document_do_not_pile_up() -> None:
    """Changes that arrive while a document is checked are checked once, together,
    when that check ends (a large layout typed into must not queue a check a key)."""
    import asyncio

    pytest.importorskip("pygls")
    from panelcheck.server.app import PanelServer

    server = PanelServer()
    checked: list[str] = []

    async def slow(uri: str) -> None:
        checked.append(uri)
        await asyncio.sleep(0.05)

    server._check_once = slow  # type: ignore[method-assign]

    async def typing() -> None:
        first = asyncio.ensure_future(server.check("file:///a.json"))
        await asyncio.sleep(0)
        for _ in range(20):  # twenty changes while the first check runs
            await server.check("file:///a.json")
        await first

    asyncio.run(typing())
    assert checked == ["file:///a.json", "file:///a.json"]
