"""Fixes (SPEC 12): ``validate --fix``, ``--diff``, ``--unsafe-fixes``, and fixes in reports.

Per fix, a failing layout in several formatting styles (tests/fixes/CODE/STYLE.json)
and the bytes ``--fix`` makes of it (STYLE.fixed.json): the golden files show, byte by
byte, that a fix changes what it must and nothing else. Set PANELCHECK_UPDATE_GOLDEN=1
to write them again from the cases below (then read the diff before keeping it).
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import ROOT, SAMPLES, STOP, jumper, module, panel, row, wire
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import layouts

from panelcheck.cli import main
from panelcheck.engine.core import Engine, Options
from panelcheck.engine.offers import moved
from panelcheck.findings import Finding
from panelcheck.fixes.rounds import fix_file
from panelcheck.fixes.writing import NotWritten, replace_layout
from panelcheck.read.edits import apply_edits, text_edits, to_bytes
from panelcheck.read.positions import PositionIndex, parent, unescape_tokens

GOLDEN = ROOT / "tests" / "fixes"
UPDATE = os.environ.get("PANELCHECK_UPDATE_GOLDEN") == "1"
SARIF_SCHEMA = ROOT / "tests" / "vendor" / "sarif-schema-2.1.0.json"
PLATE = {"type": "end_plate", "part": "859-525"}
_ENGINES: dict[tuple[tuple[str, ...], bool], Engine] = {}


def engine(extend: tuple[str, ...] = (), unsafe: bool = False) -> Engine:
    key = (extend, unsafe)
    if key not in _ENGINES:
        _ENGINES[key] = Engine(Options(extend_select=extend, unsafe_fixes=unsafe))
    return _ENGINES[key]


def invoke(*args: str, **kwargs: Any):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["validate", *args], catch_exceptions=False, **kwargs)


# -- an RFC 6902 applier, independent of panelcheck ------------------------------------------
def _walk(document: Any, path: str) -> tuple[Any, str]:
    tokens = unescape_tokens(path)
    node = document
    for token in tokens[:-1]:
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node, tokens[-1]


def apply_patch(document: Any, patch: list[dict[str, Any]]) -> Any:
    """RFC 6902 add, remove and replace (what panelcheck's fixes use), on a copy."""
    document = copy.deepcopy(document)
    for op in patch:
        owner, last = _walk(document, op["path"])
        if op["op"] == "add":
            if isinstance(owner, list):
                owner.insert(len(owner) if last == "-" else int(last), op["value"])
            else:
                owner[last] = op["value"]
        elif op["op"] == "remove":
            del owner[int(last) if isinstance(owner, list) else last]
        elif op["op"] == "replace":
            if isinstance(owner, list):
                owner[int(last)] = op["value"]
            else:
                assert last in owner, op
                owner[last] = op["value"]
        else:
            raise AssertionError(f"unexpected operation {op}")
    return document


# -- the cases: one failing layout per fix ---------------------------------------------------
def _own(layout: dict[str, Any]) -> dict[str, Any]:
    """A case as a designer keeps it: a name in German, an editor's ``x-`` key first."""
    return {
        "format": "panelcheck/1",
        "x-editor": {"zoom": 2, "author": "Jürgen Weiß"},
        "panel": {"name": "Schaltschrank Süd – CP-07"},
        **{k: v for k, v in layout.items() if k != "format"},
    }


def _zero_volt_row() -> dict[str, Any]:
    k1, k2 = module("K1", A2="0V"), module("K2", A2="0V")
    return panel(*row(k1, k2), jumpers=[jumper("JB1", "859-402", "A2", "K1")])


CASES: dict[str, tuple[dict[str, Any], tuple[str, ...], bool]] = {
    # code: (layout, rules selected besides the default, unsafe)
    "IPX001": (panel(STOP, module("K1"), STOP), (), False),
    "IPX003": (panel(module("K1", "857-411"), module("K2"), PLATE), (), False),
    "WIR002": (
        panel(*row(module("K1")), wires=[wire("W1", "K1:A1", ferrule="216-221")]),
        (),
        False,
    ),
    "WIR004": (
        panel(
            *row(module("K1")),
            wires=[
                {
                    "id": "W1",
                    "terminal": "K1:A1",
                    "ferrule": "216-222",
                    "cross_section": "1 mm^2",
                    "conductor": "solid",
                }
            ],
        ),
        (),
        False,
    ),
    "JMP001": (
        panel(*row(module("K1"), module("K2")), jumpers=[jumper("JB1", "281-482", "A2", "K1")]),
        (),
        False,
    ),
    "JMP005": (_zero_volt_row(), ("JMP005",), False),
    "LAY006": (
        panel(
            *row(module("K1")),
            waivers=[
                {"rule": "GLD001", "subject": "K1", "reason": "checked with the maker"},
                {"rule": "IPX003", "subject": "X1", "reason": "duct clamp holds it"},
            ],
        ),
        (),
        False,
    ),
    "JMP002": (
        panel(
            STOP,
            module("K1"),
            module("K2"),
            PLATE,
            module("K3"),
            PLATE,
            STOP,
            jumpers=[jumper("JB1", "859-403", "A2", "K1")],
        ),
        (),
        True,
    ),
    "LAY001": (
        panel(STOP, module("K1"), {"type": "end_plate", "part": "859-52"}, STOP),
        (),
        True,
    ),
}


def _styled(layout: dict[str, Any], style: str) -> bytes:
    text = {
        "indent2": lambda: json.dumps(layout, indent=2, ensure_ascii=False) + "\n",
        "tabs": lambda: json.dumps(layout, indent="\t", ensure_ascii=False) + "\n",
        "crlf": lambda: (
            json.dumps(layout, indent=4, ensure_ascii=False).replace("\n", "\r\n") + "\r\n"
        ),
        "compact": lambda: json.dumps(layout, separators=(",", ":"), ensure_ascii=False),
        "oneline": lambda: json.dumps(layout, ensure_ascii=True) + "\n",
    }[style]()
    return text.encode("utf-8")


STYLES = ("indent2", "tabs", "crlf", "compact", "oneline")
HAND = {
    # The way people write layouts by hand: items one a line in a pretty file, a space
    # before colons, keys in their own order, no final newline, CRLF.
    "IPX003": (
        "{\r\n"
        '  "format" : "panelcheck/1",\r\n'
        '  "x-notes" : ["right end clamped by the duct cover?"],\r\n'
        '  "rails" : [\r\n'
        '    { "id" : "X1", "length" : "200 mm",\r\n'
        '      "items" : [\r\n'
        '        { "part" : "859-390", "type" : "module", "id" : "K1" },\r\n'
        '        { "part" : "859-525", "type" : "end_plate" }\r\n'
        "      ] }\r\n"
        "  ]\r\n"
        "}"
    ),
    "WIR004": (
        '{"format": "panelcheck/1", "rails": [{"id": "X1", "length": "100 mm", "items": [\n'
        '\t{"type": "end_stop", "part": "249-116"},\n'
        '\t{"type": "module", "id": "K1", "part": "859-390"},\n'
        '\t{"type": "end_plate", "part": "859-525"},\n'
        '\t{"type": "end_stop", "part": "249-116"}]}],\n'
        ' "wires": [{"id": "W1", "terminal": "K1:A1", "ferrule": "216-222",   '
        '"conductor": "solid", "cross_section": "1 mm²"}]}\n'
    ),
    "LAY006": (
        "{\n"
        '\t"format": "panelcheck/1",\n'
        '\t"rails": [{"id": "X1", "length": "100 mm", "items": [\n'
        '\t\t{"type": "end_stop", "part": "249-116"},\n'
        '\t\t{"type": "module", "id": "K1", "part": "859-390"},\n'
        '\t\t{"type": "end_plate", "part": "859-525"},\n'
        '\t\t{"type": "end_stop", "part": "249-116"}\n'
        "\t]}],\n"
        '\t"waivers": [{"rule": "WIR001", "subject": "K1", "reason": "Prüfung bestanden"}]\n'
        "}\n"
    ),
}
GOLDEN_FILES = [(code, style) for code in CASES for style in STYLES] + [
    (code, "hand") for code in HAND
]


def _before(code: str, style: str) -> Path:
    path = GOLDEN / code / f"{style}.json"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        raw = HAND[code].encode() if style == "hand" else _styled(_own(CASES[code][0]), style)
        path.write_bytes(raw)
    return path


@pytest.mark.parametrize(("code", "style"), GOLDEN_FILES)
def test_each_fix_gives_the_golden_bytes_and_the_rule_is_clean_again(code: str, style: str) -> None:
    source = _before(code, style)
    raw = source.read_bytes()
    _, extend, unsafe = CASES[code]
    checker = engine(extend, unsafe)
    before = checker.analyse_bytes(str(source), raw).result
    assert any(f.code == code and f.fixable(unsafe) for f in before.findings), before.findings
    done = fix_file(checker, str(source), raw, unsafe)
    golden = source.with_name(f"{style}.fixed.json")
    if UPDATE:
        golden.write_bytes(done.after)
    assert done.after == golden.read_bytes()
    assert code not in {f.code for f in done.result.findings}
    assert not done.refused
    # What the file keeps whatever the fix: its line endings, its end, its keys.
    if b"\r\n" in raw:
        assert done.after.count(b"\n") == done.after.count(b"\r\n")
    else:
        assert b"\r" not in done.after
    assert done.after.endswith(b"\n") == raw.endswith(b"\n")
    fixed = json.loads(done.after)
    assert list(fixed) == list(json.loads(raw))  # the keys in their order, x- keys kept
    if "x-editor" in fixed:
        assert fixed["x-editor"]["author"] == "Jürgen Weiß"


def test_the_golden_files_are_all_used() -> None:
    on_disk = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.json")}
    used = {f"{c}/{s}.json" for c, s in GOLDEN_FILES} | {
        f"{c}/{s}.fixed.json" for c, s in GOLDEN_FILES
    }
    assert on_disk == used


@pytest.mark.parametrize(("code", "style"), GOLDEN_FILES)
def test_json_patch_and_text_edit_agree(code: str, style: str) -> None:
    raw = _before(code, style).read_bytes()
    _, extend, unsafe = CASES[code]
    result = engine(extend, unsafe).analyse_bytes("case.json", raw).result
    offered = [f for f in result.findings if f.fix is not None and f.fix.offered]
    assert offered
    for finding in offered:
        assert finding.fix is not None
        by_patch = apply_patch(json.loads(raw), list(finding.fix.patch))
        by_text = json.loads(apply_edits(raw, finding.fix.edits))
        assert by_patch == by_text, finding.fix


# -- what the edits keep -------------------------------------------------------------------
def _edit(text: str, patch: list[dict[str, Any]]) -> str:
    edits = text_edits(text, PositionIndex(text), patch)
    return apply_edits(text.encode(), to_bytes(text, edits)).decode()


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        ('{"a": [1, 2, 3]}', "/a/0", '{"a": [2, 3]}'),
        ('{"a": [1, 2, 3]}', "/a/1", '{"a": [1, 3]}'),
        ('{"a": [1, 2, 3]}', "/a/2", '{"a": [1, 2]}'),
        ('{"a": [1]}', "/a/0", '{"a": []}'),
        ('{"a": [\n  1,\n  2\n]}', "/a/1", '{"a": [\n  1\n]}'),
        ('{"a": [\n  1,\n  2\n]}', "/a/0", '{"a": [\n  2\n]}'),
        (
            '{"w": {"id": "W1" , "f": "x", "c": "solid"}}',
            "/w/f",
            '{"w": {"id": "W1" , "c": "solid"}}',
        ),
        ('{"w": {"id": "W1",\r\n\t"f": "x"\r\n}}', "/w/f", '{"w": {"id": "W1"\r\n}}'),
    ],
)
def test_a_removal_takes_its_member_and_one_comma(text: str, path: str, expected: str) -> None:
    assert _edit(text, [{"op": "remove", "path": path}]) == expected


@pytest.mark.parametrize(
    ("text", "index", "expected"),
    [
        ('{"i": [{"t": "a"}]}', "1", '{"i": [{"t": "a"}, {"t": "new"}]}'),
        ('{"i":[{"t":"a"}]}', "0", '{"i":[{"t":"new"},{"t":"a"}]}'),
        (
            '{"i": [{ "t" : "a" },\n       { "t" : "b" }]}',
            "1",
            '{"i": [{ "t" : "a" },\n       { "t" : "new" },\n       { "t" : "b" }]}',
        ),
        (
            '{"i": [\n\t{\n\t\t"t": "a"\n\t}\n]}',
            "1",
            '{"i": [\n\t{\n\t\t"t": "a"\n\t},\n\t{\n\t\t"t": "new"\n\t}\n]}',
        ),
        ('{"i": []}', "0", '{"i": [{"t": "new"}]}'),
    ],
)
def test_an_insertion_copies_its_neighbours(text: str, index: str, expected: str) -> None:
    patch = [{"op": "add", "path": f"/i/{index}", "value": {"t": "new"}}]
    assert _edit(text, patch) == expected
    assert json.loads(_edit(text, patch)) == apply_patch(json.loads(text), patch)


def test_a_replaced_string_keeps_its_quotes_and_unicode_moves_byte_offsets() -> None:
    text = '{"name": "Ölpumpe ü", "part": "859-402"}'
    patch = [{"op": "replace", "path": "/part", "value": "859-402/000-006"}]
    edits = text_edits(text, PositionIndex(text), patch)
    [edit] = to_bytes(text, edits)
    assert text.encode()[edit.start - 1 : edit.end + 1] == b'"859-402"'
    assert _edit(text, patch) == '{"name": "Ölpumpe ü", "part": "859-402/000-006"}'


def test_pointers_move_past_what_a_fix_inserts_or_removes() -> None:
    add = [{"op": "add", "path": "/rails/0/items/2", "value": {}}]
    assert moved("/rails/0/items/3/part", add) == "/rails/0/items/4/part"
    assert moved("/rails/0/items/1", add) == "/rails/0/items/1"
    assert moved("/rails/1/items/3", add) == "/rails/1/items/3"
    remove = [{"op": "remove", "path": "/waivers/1"}]
    assert moved("/waivers/2", remove) == "/waivers/1"
    assert moved("/waivers/1", remove) is None


# -- the re-check ------------------------------------------------------------------------------
def _offered(layout: dict[str, Any], code: str, unsafe: bool = False) -> Finding:
    result = engine((), unsafe).check_text("layout.json", json.dumps(layout, indent=2))
    [finding] = [f for f in result.findings if f.code == code]
    return finding


def test_a_fix_that_would_overfill_the_rail_is_refused_and_said() -> None:
    full = panel(STOP, *[module(f"K{i}") for i in range(1, 10)], STOP, length="66 mm")
    finding = _offered(full, "IPX001")
    assert finding.fix is not None and not finding.fixable()
    assert finding.fix.refused == "it would add MEC001 on X1"


def test_a_plate_that_would_break_a_jumper_is_refused(tmp_path: Path) -> None:
    layout = panel(
        STOP,
        module("K1"),
        module("K2", "857-411"),
        STOP,
        jumpers=[jumper("JB1", "859-402", "A2", "K1")],
    )
    finding = _offered(layout, "IPX001")
    assert finding.fix is not None and finding.fix.refused == "it would add JMP002 on JB1"


def test_a_waived_finding_gets_no_fix() -> None:
    layout = panel(STOP, module("K1"), STOP)
    layout["waivers"] = [{"rule": "IPX001", "subject": "K1", "reason": "cover plate"}]
    result = engine().check_text("layout.json", json.dumps(layout))
    [waived] = [f for f in result.findings if f.code == "IPX001"]
    assert waived.waived and waived.fix is None


def test_a_file_with_a_lay000_gets_no_fix() -> None:
    layout = panel(STOP, module("K1"), STOP)
    layout["x-fine"] = True
    layout["wires"] = [{"id": "W1"}]  # a schema error in one element: LAY000
    result = engine().check_text("layout.json", json.dumps(layout))
    assert result.invalid and "IPX001" in {f.code for f in result.findings}
    assert all(f.fix is None for f in result.findings)


def test_no_fix_where_the_choice_is_not_clear() -> None:
    far = panel(*row(module("K1")), wires=[wire("W1", "K1:A1", "2.5 mm^2", ferrule="216-224")])
    assert _offered(far, "WIR002").fix is None  # no listed ferrule fits 2.5 mm²
    several = panel(*row(module("K1", "859-39")))
    assert _offered(several, "LAY001").fix is None  # three modules look like it
    reaches_one = panel(
        STOP, module("K1"), PLATE, STOP, jumpers=[jumper("JB1", "859-402", "A2", "K1")]
    )
    assert _offered(reaches_one, "JMP002").fix is None


def test_overlapping_fixes_wait_for_the_next_round() -> None:
    # The row ends with an open 859 module: the end plate goes there first, then the
    # end stop after it (both would insert at the same place).
    layout = panel(STOP, module("K1"))
    raw = (json.dumps(layout, indent=2) + "\n").encode()
    done = fix_file(engine(), "layout.json", raw, unsafe=False)
    items = json.loads(done.after)["rails"][0]["items"]
    assert [i["type"] for i in items] == ["end_stop", "module", "end_plate", "end_stop"]
    assert sorted(f.code for f in done.fixed) == ["IPX001", "IPX003"]
    assert not {f.code for f in done.result.findings} & {"IPX001", "IPX003"}


def test_gray_and_light_gray_are_one_colour() -> None:
    # 281-482 (gray) on two 859 relays, which list the 859-4xx bars only: the light gray
    # 859-402 replaces it, not a coloured one.
    layout = CASES["JMP001"][0]
    finding = _offered(layout, "JMP001")
    assert finding.fix is not None and finding.fix.patch[0]["value"] == "859-402"


# -- the property ------------------------------------------------------------------------------
def _dumped(layout: dict[str, Any], style: int) -> bytes:
    text = [
        lambda: json.dumps(layout),
        lambda: json.dumps(layout, indent=2) + "\n",
        lambda: json.dumps(layout, indent="\t", ensure_ascii=False),
        lambda: json.dumps(layout, indent=1).replace("\n", "\r\n") + "\r\n",
    ][style]()
    return text.encode()


def _lite(findings: list[Finding]) -> Counter[tuple[str, str, str, bool]]:
    """Findings as counts of rule, subject (pointers counted alike: they move), severity."""
    return Counter(
        (
            f.code,
            "<pointer>" if (f.subject or "").startswith("/") else f.subject or "",
            f.severity,
            f.waived,
        )
        for f in findings
    )


def _differences(a: Any, b: Any, path: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict) and list(a) == list(b):
        return [d for k in a for d in _differences(a[k], b[k], f"{path}/{k}")]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in _differences(x, y, f"{path}/{i}")
        ]
    return [] if a == b else [path]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layout=layouts(), style=st.integers(0, 3), unsafe=st.booleans())
def test_fixing_any_generated_layout_keeps_it_valid_and_changes_only_the_fixed_elements(
    layout: dict[str, Any], style: int, unsafe: bool
) -> None:
    raw = _dumped(layout, style)
    checker = engine((), unsafe)
    before = checker.analyse_bytes("generated.json", raw).result
    done = fix_file(checker, "generated.json", raw, unsafe)
    fixed = json.loads(done.after)  # it parses
    assert not done.result.invalid
    added = _lite(done.result.findings) - _lite(before.findings)
    assert not added, (added, json.dumps(layout))
    touched = {parent(op["path"]) for f in done.fixed if f.fix for op in f.fix.patch}
    for path in _differences(layout, fixed):
        assert any(path == t or path.startswith(f"{t}/") for t in touched), (path, touched)
    if not done.fixed:
        assert done.after == raw
    for finding in before.findings:  # every fix offered: its patch and its edits agree
        if finding.fix is not None and finding.fix.offered:
            by_text = json.loads(apply_edits(raw, finding.fix.edits))
            assert apply_patch(layout, list(finding.fix.patch)) == by_text
    # The first round's edits change the original bytes only inside the elements fixed.
    first = [f for f in before.findings if f.fixable(unsafe)]
    if first:
        text = raw.decode()
        positions = PositionIndex(text)
        spans = []  # in bytes, as edits are
        for f in first:
            assert f.fix is not None
            for op in f.fix.patch:
                found = positions.container(parent(op["path"]) or "")
                assert found is not None
                spans.append((len(text[: found.start].encode()), len(text[: found.end].encode())))
        for f in first:
            assert f.fix is not None
            for edit in f.fix.edits:
                assert any(start < edit.start <= edit.end < end for start, end in spans), edit


# -- the command line --------------------------------------------------------------------------
def _files(folder: Path) -> dict[str, bytes]:
    """Three layouts to fix, in three styles, and one with nothing to fix."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {
        "crlf.json": _styled(_own(CASES["IPX003"][0]), "crlf"),
        "compact.json": _styled(_own(CASES["WIR002"][0]), "compact"),
        "sub/tabs.json": _styled(_own(CASES["LAY006"][0]), "tabs"),
        "clean.json": _styled(panel(*row(module("K1"))), "indent2"),
    }
    for name, raw in made.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(raw)
    return made


def _contents(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.json"))
    }


@pytest.mark.skipif(shutil.which("patch") is None, reason="needs the patch program")
def test_diff_applied_with_patch_gives_the_bytes_fix_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = _files(tmp_path / "diffed")
    _files(tmp_path / "fixed")
    monkeypatch.chdir(tmp_path / "diffed")
    diff = invoke("--diff", ".")
    assert diff.exit_code == 1
    assert _contents(tmp_path / "diffed") == original  # --diff writes nothing
    assert "--- a/crlf.json\n+++ b/crlf.json\n" in diff.stdout
    assert "\\ No newline at end of file" in diff.stdout  # compact.json has none
    assert "clean.json" not in diff.stdout
    assert "would fix 5 findings in 3 files" in diff.stderr
    patched = subprocess.run(
        ["patch", "-p1", "--batch", "--no-backup-if-mismatch"],
        input=diff.stdout_bytes,
        cwd=tmp_path / "diffed",
        capture_output=True,
    )
    assert patched.returncode == 0, patched.stderr
    monkeypatch.chdir(tmp_path / "fixed")
    fixed = invoke("--fix", ".")
    assert fixed.exit_code == 0, fixed.output
    assert "fixed 5 findings in 3 files" in fixed.stderr
    assert _contents(tmp_path / "diffed") == _contents(tmp_path / "fixed")
    assert _contents(tmp_path / "fixed") != original
    assert invoke("--diff", ".").exit_code == 0  # nothing left to fix


def test_diff_exit_status(tmp_path: Path, tmp_layout) -> None:  # type: ignore[no-untyped-def]
    clean = str(tmp_layout(panel(*row(module("K1"))), "clean.json"))
    broken = str(tmp_layout("{not json", "broken.json"))
    fixable = str(tmp_layout(panel(STOP, module("K1"), STOP), "fixable.json"))
    assert invoke("--diff", clean).exit_code == 0
    assert invoke("--diff", fixable).exit_code == 1
    assert invoke("--diff", fixable, broken).exit_code == 2
    assert Path(broken).read_text() == "{not json"


def test_fix_writes_reports_what_remains_and_exits_on_it(tmp_layout) -> None:  # type: ignore[no-untyped-def]
    layout = panel(
        STOP, module("K1"), STOP, wires=[wire("W1", "K1:A1", "10 mm^2", ferrule="216-222")]
    )
    path = tmp_layout(layout)
    result = invoke("--fix", str(path))
    assert result.exit_code == 1  # the wire is too thick for the clamp: no fix for that
    assert "IPX001" not in result.stdout and "WIR001 error" in result.stdout
    assert "panelcheck: fixed 1 finding in 1 file" in result.stderr
    items = json.loads(path.read_text())["rails"][0]["items"]
    assert items[2] == {"type": "end_plate", "part": "859-525"}
    again = invoke("--fix", str(path))
    assert "fixed 0 findings in 0 files" in again.stderr


def test_unsafe_fixes_only_on_request(tmp_layout) -> None:  # type: ignore[no-untyped-def]
    path = tmp_layout(CASES["JMP002"][0])
    before = path.read_bytes()
    plain = invoke(str(path))
    assert "JMP002 error" in plain.stdout  # unsafe: not marked
    assert plain.stdout.endswith("0 fixable with --fix (1 more with --unsafe-fixes)\n")
    assert invoke("--fix", str(path)).exit_code == 1
    assert path.read_bytes() == before
    marked = invoke("--unsafe-fixes", str(path))
    assert "JMP002 [*] error" in marked.stdout
    assert marked.stdout.endswith("1 fixable with --fix\n")
    assert invoke("--fix", "--unsafe-fixes", str(path)).exit_code == 0
    assert json.loads(path.read_text())["rails"][0]["jumpers"][0]["part"] == "859-402"


def test_configuration_keys_fix_and_unsafe_fixes(tmp_path: Path, tmp_layout) -> None:  # type: ignore[no-untyped-def]
    path = tmp_layout(CASES["JMP002"][0])
    config = tmp_path / "panelcheck.toml"
    config.write_text("fix = true\nunsafe-fixes = true\n")
    assert invoke("--config", str(config), "--no-fix", str(path)).exit_code == 1
    result = invoke("--config", str(config), str(path))
    assert result.exit_code == 0 and "fixed 1 finding in 1 file" in result.stderr
    config.write_text('fix = "yes"\n')
    bad = invoke("--config", str(config), str(path))
    assert bad.exit_code == 2 and "fix: expected true or false" in bad.stderr


def test_a_file_with_a_lay000_is_never_touched(tmp_layout) -> None:  # type: ignore[no-untyped-def]
    layout = panel(STOP, module("K1"), STOP)
    layout["wires"] = [{"id": "W1"}]
    path = tmp_layout(layout)
    before = path.read_bytes()
    result = invoke("--fix", str(path))
    assert result.exit_code == 2 and path.read_bytes() == before
    assert invoke("--diff", str(path)).exit_code == 2


def test_a_refused_fix_is_said_and_the_file_left_alone(tmp_layout) -> None:  # type: ignore[no-untyped-def]
    path = tmp_layout(panel(STOP, *[module(f"K{i}") for i in range(1, 10)], STOP, length="66 mm"))
    before = path.read_bytes()
    result = invoke("--fix", str(path))
    assert "IPX001 not fixed: insert end plate 859-525" in result.stderr
    assert "it would add MEC001 on X1" in result.stderr
    assert path.read_bytes() == before


def test_stdin_can_be_diffed_not_fixed(tmp_path: Path) -> None:
    raw = _styled(CASES["IPX001"][0], "indent2")
    diff = invoke("--diff", "-", "--stdin-filename", "rail.json", input=raw)
    assert diff.exit_code == 1 and diff.stdout.startswith("--- a/rail.json\n+++ b/rail.json\n")
    refused = invoke("--fix", "-", input=raw)
    assert refused.exit_code == 2 and "use --diff" in refused.output


def test_fixing_checks_with_the_engine_but_the_cache_serves_files_with_nothing_to_fix(
    tmp_path: Path,
    tmp_layout,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    cache = tmp_path / "cache"
    clean = str(tmp_layout(panel(*row(module("K1"))), "clean.json"))
    fixable = tmp_layout(panel(STOP, module("K1"), STOP), "fixable.json")
    cold = invoke("--cache-dir", str(cache), "--format", "json", clean, str(fixable))
    warm = invoke("--cache-dir", str(cache), "--format", "json", clean, str(fixable))
    assert cold.stdout == warm.stdout  # the fixes survive the cache
    assert json.loads(warm.stdout)["files"][1]["findings"][0]["fix"]["safe"] is True
    analysed: list[str] = []
    real = Engine.analyse_bytes

    def counted(self: Engine, path: str, raw: bytes):  # type: ignore[no-untyped-def]
        analysed.append(Path(path).name)
        return real(self, path, raw)

    monkeypatch.setattr(Engine, "analyse_bytes", counted)
    fixed = invoke("--cache-dir", str(cache), "--fix", clean, str(fixable))
    assert fixed.exit_code == 0
    assert set(analysed) == {"fixable.json"}  # the clean file came from the cache
    assert json.loads(fixable.read_text())["rails"][0]["items"][2]["type"] == "end_plate"


def test_writing_is_whole_keeps_links_and_modes_and_refuses_a_changed_file(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_bytes(b"old")
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real.name)
    replace_layout(str(link), b"old", b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert real.stat().st_mode & 0o777 == 0o640
    with pytest.raises(NotWritten, match="changed while it was checked"):
        replace_layout(str(real), b"old", b"newer")
    assert real.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real.json"]


# -- reports -------------------------------------------------------------------------------------
def test_text_report_marks_fixable_findings_and_counts_them(tmp_layout) -> None:  # type: ignore[no-untyped-def]
    path = tmp_layout(
        panel(module("K1"), wires=[wire("W1", "K1:A1", conductor="solid", ferrule="216-222")])
    )
    out = invoke(str(path)).stdout
    assert "IPX001 [*] error" in out and "WIR004 [*] error" in out and "IPX003 [*] warning" in out
    assert out.endswith("4 fixable with --fix\n")
    assert invoke("-q", str(path)).stdout.count("[*]") == 4


def test_json_report_gives_each_fix_with_a_patch_that_gives_the_fixed_layout(tmp_layout) -> None:  # type: ignore[no-untyped-def]
    layout = CASES["WIR002"][0]
    path = tmp_layout(layout)
    report = json.loads(invoke("--format", "json", str(path)).stdout)
    [finding] = [f for f in report["files"][0]["findings"] if f["code"] == "WIR002"]
    assert set(finding["fix"]) == {"description", "safe", "patch"}
    assert finding["fix"]["patch"] == [
        {"op": "replace", "path": "/wires/0/ferrule", "value": "216-222"}
    ]
    invoke("--fix", str(path))
    assert apply_patch(layout, finding["fix"]["patch"]) == json.loads(path.read_text())
    clean = json.loads(invoke("--format", "json", str(SAMPLES / "pump-station.json")).stdout)
    assert all(f["fix"] is None for f in clean["files"][0]["findings"])


def test_sarif_carries_fixes_valid_against_the_schema(tmp_layout) -> None:  # type: ignore[no-untyped-def]
    path = tmp_layout(_own(CASES["IPX003"][0]))
    raw = path.read_bytes()
    sarif = json.loads(invoke("--format", "sarif", str(path)).stdout)
    schema = json.loads(SARIF_SCHEMA.read_text())
    assert not list(jsonschema.Draft7Validator(schema).iter_errors(sarif))
    results = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "IPX003"]
    assert len(results) == 2
    for result in results:
        [fix] = result["fixes"]
        assert fix["properties"]["safe"] is True
        [change] = fix["artifactChanges"]
        assert (
            change["artifactLocation"]
            == result["locations"][0]["physicalLocation"]["artifactLocation"]
        )
        [replacement] = change["replacements"]
        region = replacement["deletedRegion"]
        start, end = region["byteOffset"], region["byteOffset"] + region["byteLength"]
        edited = raw[:start] + replacement["insertedContent"]["text"].encode() + raw[end:]
        items = json.loads(edited)["rails"][0]["items"]
        assert "end_stop" in (items[0]["type"], items[-1]["type"])


def test_rule_says_whether_and_how_it_is_fixed() -> None:
    runner = CliRunner()
    assert "Fix: safe, made by 'panelcheck validate --fix': insert the end plate" in (
        runner.invoke(main, ["rule", "IPX001"]).output
    )
    assert "Fix: unsafe" in runner.invoke(main, ["rule", "LAY001"]).output
    assert "Fix: none" in runner.invoke(main, ["rule", "GLD001"]).output


def _imported(args: list[str], cwd: Path) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "panelcheck", "validate", "--no-cache", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
    )
    assert done.returncode in (0, 1), done.stderr
    return {
        line.split("|")[-1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }


def test_a_run_that_does_not_fix_does_not_import_the_fixes(tmp_path: Path) -> None:
    path = tmp_path / "layout.json"
    path.write_bytes(_styled(CASES["IPX001"][0], "indent2"))
    for form in ("text", "json", "sarif"):
        assert not any(
            m.startswith("panelcheck.fixes")
            for m in _imported(["--format", form, str(path)], tmp_path)
        )
    assert "panelcheck.fixes.rounds" in _imported(["--diff", str(path)], tmp_path)


def test_fix_in_a_real_process(tmp_path: Path) -> None:
    path = tmp_path / "layout.json"
    path.write_bytes(_styled(_own(CASES["IPX001"][0]), "crlf"))
    done = subprocess.run(
        [sys.executable, "-m", "panelcheck", "validate", "--no-cache", "--fix", path.name],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "1 file checked: no findings.\n"
    assert done.stderr == "panelcheck: fixed 1 finding in 1 file\n"
    assert path.read_bytes() == (GOLDEN / "IPX001" / "crlf.fixed.json").read_bytes()


@pytest.mark.parametrize(
    ("text", "after"),
    [
        (
            '{\n  "format": "panelcheck/1",\n  "rails": []\n}\n',
            '{\n  "format": "panelcheck/1",\n  "rails": [],\n'
            '  "waivers": [{"rule": "IPX001"}]\n}\n',
        ),
        (
            '{"format":"panelcheck/1"}',
            '{"format":"panelcheck/1","waivers":[{"rule":"IPX001"}]}',
        ),
        (
            '{\r\n\t"format": "panelcheck/1"\r\n}',
            '{\r\n\t"format": "panelcheck/1",\r\n\t"waivers": [{"rule": "IPX001"}]\r\n}',
        ),
        ("{}", '{"waivers":[{"rule":"IPX001"}]}'),
    ],
)
def test_a_new_member_is_written_like_the_last_one(text: str, after: str) -> None:
    """An object takes a member it does not have (the editor's "add a waiver" makes the
    waivers list so) in the style of its last member."""
    patch = [{"op": "add", "path": "/waivers", "value": [{"rule": "IPX001"}]}]
    [(start, end, replacement)] = text_edits(text, PositionIndex(text), patch)
    edited = text[:start] + replacement + text[end:]
    assert edited == after
    assert json.loads(edited)["waivers"] == [{"rule": "IPX001"}]


def test_a_new_member_after_a_single_one_takes_its_spacing() -> None:
    text = '{"format": "panelcheck/1"}'
    patch = [{"op": "add", "path": "/waivers", "value": []}]
    [(start, end, replacement)] = text_edits(text, PositionIndex(text), patch)
    assert text[:start] + replacement + text[end:] == '{"format": "panelcheck/1", "waivers": []}'
