"""Positions are what a user follows from a finding to the file, so they must be exact."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from panelcheck.read import positions
from panelcheck.read.positions import (
    PositionIndex,
    escape_token,
    find_bare_literal,
    find_too_deep,
    parent,
    pointer,
    unescape_tokens,
)

LAYOUT = """{
  "panel": "pump-station",
  "rails": [
    {
      "id": "R1",
      "items": [
        {"part": "PN-1000", "pos_mm": 0},
        {"part": "PN-2000", "pos_mm": 17.5}
      ]
    }
  ]
}
"""

DECODER = json.JSONDecoder()

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(), children, max_size=5)
    ),
    max_leaves=25,
)
INDENTS = st.sampled_from([None, 0, 1, 2, 4])
# Text rich in JSON punctuation reaches the scanner's structural states far more often
# than arbitrary Unicode does.
JSONISH_TEXT = st.text(alphabet='{}[]:,"\\ \n\r\tab1-e.~/NaItyfrulse') | st.text()
POINTERS = st.text() | st.lists(st.text() | st.integers(0, 5), max_size=4).map(
    lambda tokens: pointer(*tokens)
)


def walk(
    value: Any, tokens: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Every (tokens, value) pair reachable in a decoded document, root first."""
    yield tokens, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from walk(child, (*tokens, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from walk(child, (*tokens, index))


def to_offset(text: str, line_col: tuple[int, int]) -> int:
    """Character offset of a 1-based position, computed independently of the module."""
    line, column = line_col
    return sum(len(row) + 1 for row in text.split("\n")[: line - 1]) + column - 1


def same_json(left: Any, right: Any) -> bool:
    """Equality that also tells True from 1 and 1.0 from 1."""
    return json.dumps(left) == json.dumps(right)


# --- pointer helpers -------------------------------------------------------------------


def test_pointer_joins_and_escapes_tokens() -> None:
    assert pointer("rails", 0, "items", 2) == "/rails/0/items/2"
    assert pointer() == ""
    assert pointer("a/b", "m~n", "") == "/a~1b/m~0n/"
    assert escape_token("~/") == "~0~1"
    assert escape_token(7) == "7"


def test_unescape_tokens_inverts_pointer() -> None:
    assert unescape_tokens(pointer("a/b", "~1", "", "x")) == ["a/b", "~1", "", "x"]
    assert unescape_tokens("") == []
    with pytest.raises(ValueError):
        unescape_tokens("no-slash")


def test_parent_walks_up_to_root() -> None:
    assert parent("/a/b") == "/a"
    assert parent("/a") == ""
    assert parent("") is None
    assert parent("/a~1b/c") == "/a~1b"


# --- locate on hand-written documents --------------------------------------------------


def test_locate_value_and_key_in_layout() -> None:
    index = PositionIndex(LAYOUT)
    assert index.locate("/rails/0/items/1/part") == (8, 18)
    assert index.locate("/rails/0/items/1/part", key=True) == (8, 10)
    assert index.locate("/rails/0/items/1/pos_mm") == (8, 39)
    assert index.locate("/rails/0/items/1") == (8, 9)
    assert index.locate("/rails/0/items") == (6, 16)
    assert index.locate("/rails/0") == (4, 5)
    assert index.locate("/panel", key=True) == (2, 3)


def test_key_flag_is_ignored_for_array_elements_and_root() -> None:
    index = PositionIndex(LAYOUT)
    assert index.locate("/rails/0", key=True) == index.locate("/rails/0")
    assert index.locate("", key=True) == (1, 1)


def test_root_is_first_non_whitespace_character() -> None:
    assert PositionIndex("\n\n   [1]").locate("") == (3, 4)
    assert PositionIndex("").locate("") == (1, 1)
    assert PositionIndex("").locate("/a/b", key=True) == (1, 1)


def test_keys_with_slash_and_tilde() -> None:
    text = '{"a/b": {"~c": 1, "~1": 2}}'
    index = PositionIndex(text)
    assert index.locate(pointer("a/b", "~c")) == (1, 16)
    assert index.locate("/a~1b/~0c") == (1, 16)
    assert index.locate(pointer("a/b", "~1")) == (1, 25)
    assert index.locate(pointer("a/b", "~1"), key=True) == (1, 19)


def test_escaped_key_is_decoded() -> None:
    index = PositionIndex('{"\\u00fcber\\/x": 5}')
    assert index.locate(pointer("über/x")) == (1, 18)


def test_columns_count_code_points() -> None:
    text = '{"name": "Ω€😀", "x": 1}'
    assert PositionIndex(text).locate("/x") == (1, 22)


def test_crlf_line_endings() -> None:
    text = '{\r\n  "a": 1,\r\n  "b": [true]\r\n}'
    index = PositionIndex(text)
    assert index.locate("/a") == (2, 8)
    assert index.locate("/b/0") == (3, 9)


def test_missing_pointer_falls_back_to_nearest_ancestor() -> None:
    index = PositionIndex(LAYOUT)
    assert index.locate("/rails/0/items/7/part") == index.locate("/rails/0/items")
    assert index.locate("/rails/0/items/1/colour", key=True) == (8, 9)
    assert index.locate("/nope") == (1, 1)
    assert index.locate("not a pointer") == (1, 1)


def test_duplicate_keys_reported_and_first_occurrence_located() -> None:
    index = PositionIndex('{"a":1,"a":2}')
    assert index.duplicate_keys == [("/a", 7)]
    assert index.locate("/a") == (1, 6)


def test_duplicate_keys_in_nested_objects_in_text_order() -> None:
    text = '{"r": [{"k": 1, "k": 2}], "x": {"a/b": 0, "a/b": 1}, "r": null}'
    assert PositionIndex(text).duplicate_keys == [
        ("/r/0/k", text.index('"k": 2')),
        ("/x/a~1b", text.index('"a/b": 1')),
        ("/r", text.rindex('"r"')),
    ]


def test_same_key_in_sibling_objects_is_not_duplicate() -> None:
    assert PositionIndex('[{"a": 1}, {"a": 2}]').duplicate_keys == []


def test_truncated_document_still_locates_what_was_written() -> None:
    text = LAYOUT[: LAYOUT.index('"PN-2000"') + 4]
    index = PositionIndex(text)
    assert index.locate("/rails/0/items/0/pos_mm") == (7, 39)
    assert index.locate("/rails/0/items/1/part") == (8, 18)
    assert index.locate("/rails/0/items/1/pos_mm") == (8, 9)


def test_stray_characters_do_not_derail_later_members() -> None:
    text = '{"a": 1 oops, "b": [2, ?, 3]}'
    index = PositionIndex(text)
    assert index.locate("/b/2") == (1, 27)
    assert index.locate("/b/1") == (1, 24)


def test_unterminated_string() -> None:
    index = PositionIndex('{"a": [1, "abc')
    assert index.locate("/a/1") == (1, 11)
    assert index.locate("/a/2") == (1, 7)


def test_deep_nesting_does_not_recurse() -> None:
    depth = 100_000
    index = PositionIndex("[" * depth + "]" * depth)
    assert index.locate(pointer(*[0] * (depth - 1))) == (1, depth)


def test_index_is_not_built_until_a_position_is_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str) -> None:
        raise AssertionError("scanned eagerly")

    monkeypatch.setattr(positions, "_scan", refuse)
    PositionIndex(LAYOUT)


def test_line_col_clamps_out_of_range_offsets() -> None:
    index = PositionIndex("ab\ncd")
    assert index.line_col(0) == (1, 1)
    assert index.line_col(2) == (1, 3)
    assert index.line_col(3) == (2, 1)
    assert index.line_col(-5) == (1, 1)
    assert index.line_col(99) == (2, 3)


# --- properties ------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(doc=JSON_VALUES, indent=INDENTS, ensure_ascii=st.booleans())
def test_every_pointer_locates_its_value(doc: Any, indent: int | None, ensure_ascii: bool) -> None:
    text = json.dumps(doc, indent=indent, ensure_ascii=ensure_ascii)
    index = PositionIndex(text)
    for tokens, expected in walk(doc):
        ptr = pointer(*tokens)
        assert unescape_tokens(ptr) == [str(token) for token in tokens]
        value, _end = DECODER.raw_decode(text, to_offset(text, index.locate(ptr)))
        assert same_json(value, expected), ptr
        if tokens and isinstance(tokens[-1], str):
            key, _end = DECODER.raw_decode(text, to_offset(text, index.locate(ptr, key=True)))
            assert key == tokens[-1], ptr
    assert index.duplicate_keys == []


@settings(max_examples=200, deadline=None)
@given(doc=JSON_VALUES, indent=INDENTS, data=st.data())
def test_truncated_text_locates_nearest_value_that_survived(
    doc: Any, indent: int | None, data: st.DataObject
) -> None:
    text = json.dumps(doc, indent=indent, ensure_ascii=False)
    cut = data.draw(st.integers(0, len(text)), label="cut")
    full, truncated = PositionIndex(text), PositionIndex(text[:cut])
    for tokens, _value in walk(doc):
        survivor = next(
            (
                pointer(*tokens[:size])
                for size in range(len(tokens), -1, -1)
                if to_offset(text, full.locate(pointer(*tokens[:size]))) < cut
            ),
            "",
        )
        expected = full.locate(survivor) if cut else (1, 1)
        assert truncated.locate(pointer(*tokens)) == expected


@settings(max_examples=200, deadline=None)
@given(text=JSONISH_TEXT, ptr=POINTERS, key=st.booleans())
def test_arbitrary_text_never_raises(text: str, ptr: str, key: bool) -> None:
    index = PositionIndex(text)
    line, column = index.locate(ptr, key=key)
    assert 0 <= to_offset(text, (line, column)) <= len(text)
    assert isinstance(index.duplicate_keys, list)
    find_too_deep(text, 2)
    find_bare_literal(text)


# --- pre-parse scans -------------------------------------------------------------------


def test_find_too_deep_on_huge_nesting() -> None:
    assert find_too_deep("[" * 100_000, 64) == 64
    assert find_too_deep("[" * 100_000, 99_999) == 99_999
    assert find_too_deep("[" * 100_000, 100_000) is None


def test_find_too_deep_counts_root_as_one() -> None:
    assert find_too_deep("[]", 1) is None
    assert find_too_deep("[]", 0) == 0
    text = '{"a": [{"b": []}]}'
    assert find_too_deep(text, 3) == text.index("[]")
    assert find_too_deep(text, 4) is None


def test_find_too_deep_ignores_brackets_in_strings() -> None:
    text = '["[[[[", {"k{": "]]]\\"[["}, [1]]'
    assert find_too_deep(text, 2) is None
    assert find_too_deep(text, 1) == text.index("{")


def test_find_too_deep_closing_brackets_reduce_depth() -> None:
    assert find_too_deep("[[], [], [[]]]", 2) == 10
    assert find_too_deep(json.dumps({"rails": [[{"a": 1}] for _ in range(50)]}), 4) is None


def test_find_bare_literal_outside_strings() -> None:
    for text, literal in [
        ('{"x": NaN}', "NaN"),
        ("[1, -Infinity]", "-Infinity"),
        ('["NaN", Infinity]', "Infinity"),
    ]:
        json.loads(text)  # Python accepts it, which is why the checker must look itself.
        assert find_bare_literal(text) == text.rindex(literal)


def test_find_bare_literal_ignores_strings_and_lookalikes() -> None:
    assert find_bare_literal('{"NaN": "Infinity", "s": "\\"NaN"}') is None
    assert find_bare_literal('{"x": 1}') is None
    assert find_bare_literal('{"NaNa": 1}') is None


def test_find_bare_literal_custom_names() -> None:
    assert find_bare_literal('[true, "null", null]', ("null",)) == 15


# --- the first duplicate key, found without indexing everything ---------------------------


@settings(max_examples=200, deadline=None)
@given(
    doc=st.dictionaries(st.text(max_size=4), JSON_VALUES, min_size=1, max_size=4),
    indent=INDENTS,
    ensure_ascii=st.booleans(),
    data=st.data(),
)
def test_the_first_duplicate_is_the_one_the_full_scan_finds_first(
    doc: dict[str, Any], indent: int | None, ensure_ascii: bool, data: st.DataObject
) -> None:
    """A key is repeated somewhere in an object of the document (by editing the text)."""
    objects = [tokens for tokens, value in walk(doc) if isinstance(value, dict) and value]
    tokens = data.draw(st.sampled_from(objects))
    target: Any = doc
    for token in tokens:
        target = target[token]
    key = data.draw(st.sampled_from(sorted(target)))
    target["\0marker"] = 0  # a member to turn into the duplicate, found by its unique key
    text = json.dumps(doc, indent=indent, ensure_ascii=ensure_ascii)
    text = text.replace(
        json.dumps("\0marker", ensure_ascii=ensure_ascii),
        json.dumps(key, ensure_ascii=ensure_ascii),
        1,
    )
    full = PositionIndex(text).duplicate_keys
    assert full and PositionIndex(text).first_duplicate_key() == full[:1]


def test_a_duplicate_in_a_large_file_is_located_without_a_full_scan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(text: str) -> None:
        raise AssertionError("indexed the whole text")

    monkeypatch.setattr(positions, "_scan", refuse)
    text = '{"format": "x", "x-big": [' + ", ".join(["0"] * 600_000) + '],\n "x-big": 1}'
    assert PositionIndex(text).first_duplicate_key() == [("/x-big", text.rindex('"x-big"'))]
