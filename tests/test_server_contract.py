"""``panelcheck server`` against its contract (SPEC section 13), end to end through a real
LSP client (pytest-lsp), written from the contract and the command line's behaviour: the
diagnostics, positions, hovers, completions and code actions a user of an editor sees are
compared with what ``panelcheck validate``, ``--fix``, ``catalog``, ``rule`` and ``rules``
print for the same text."""

from __future__ import annotations

import asyncio
import copy
import json
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SAMPLES

pytest.importorskip("pygls")
pytest_lsp = pytest.importorskip("pytest_lsp")

from lsp_session import TIMEOUT, until  # noqa: E402
from lsprotocol import types  # noqa: E402
from pytest_lsp import LanguageClient  # noqa: E402

FAILING = SAMPLES / "failing"
RULES_URL = "https://panelcheck.invalid/rules/"
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}

# One relay whose open right-hand side faces an end stop: exactly one fixable finding
# (IPX001, safe: insert 859-525 after K1).
ONE_FIX = """{
  "format": "panelcheck/1",
  "panel": {"name": "CP-10 one fix", "ambient": "40 degC"},
  "nets": {"DO-1": {"voltage": "24 V DC"}, "0V": {"voltage": "0 V DC"}},
  "rails": [
    {
      "id": "X1",
      "length": "100 mm",
      "items": [
        {"type": "end_stop", "part": "249-116"},
        {"type": "module", "id": "K1", "part": "859-390", "terminals": {"A1": "DO-1", "A2": "0V"}},
        {"type": "end_stop", "part": "249-116"}
      ]
    }
  ]
}
"""

# The rail's right end is an end plate, not an end stop: IPX003 (a warning) on X1 only.
NO_RIGHT_STOP = ONE_FIX.replace(
    '  "panel": {"name": "CP-10 one fix", "ambient": "40 degC"},\n', ""
).replace(
    '"0V"}},\n        {"type": "end_stop", "part": "249-116"}',
    '"0V"}},\n        {"type": "end_plate", "part": "859-525"}',
)

# A relay at the rail's right end: IPX001 and IPX003 edit the same place (--fix makes
# them in two rounds: the end plate, then the end stop after it).
TWO_ROUNDS = """{
  "format": "panelcheck/1",
  "nets": {"0V": {"voltage": "0 V DC"}},
  "rails": [
    {
      "id": "X1",
      "length": "100 mm",
      "items": [
        {"type": "end_stop", "part": "249-116"},
        {"type": "module", "id": "K1", "part": "859-390", "terminals": {"A2": "0V"}}
      ]
    }
  ]
}
"""

# A layout to complete in: two relays, a jumper, a wire, a load, a waiver.
COMPLETION_BASE = """{
  "format": "panelcheck/1",
  "panel": {"name": "CP-11 completion", "pollution_degree": 2},
  "nets": {
    "DO-1": {"voltage": "24 V DC"}, "0V": {"voltage": "0 V DC"}, "L1": {"voltage": "230 V AC"}
  },
  "rails": [
    {
      "id": "X1",
      "length": "200 mm",
      "profile": "35x7.5",
      "items": [
        {"type": "end_stop", "part": "249-116"},
        {"type": "module", "id": "K1", "part": "859-390", "terminals": {"A1": "DO-1", "A2": "0V"}},
        {"type": "module", "id": "K2", "part": "859-386", "terminals": {"A2": "0V"}},
        {"type": "end_plate", "part": "859-525"},
        {"type": "end_stop", "part": "249-116"}
      ],
      "jumpers": [
        {"id": "JB1", "part": "859-402/000-006", "slot": "A2", "from": "K1"}
      ]
    }
  ],
  "wires": [
    {"id": "W1", "terminal": "K1:A1", "cross_section": "0.75 mm^2",
     "conductor": "fine_stranded", "ferrule": "216-222"}
  ],
  "loads": [
    {"id": "Q1-coil", "terminal": "K1:14", "current": "80 mA",
     "kind": "inductive", "suppression": "rc"}
  ],
  "waivers": [
    {"rule": "IPX004", "subject": "K2", "reason": "tested"}
  ]
}
"""


# --------------------------------------------------------------------------- the client


def open_document(client: LanguageClient, uri: str, text: str) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="json", version=1, text=text)
        )
    )


def change_document(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def save_document(client: LanguageClient, uri: str, text: str) -> None:
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri), text=text
        )
    )


async def opened(client: LanguageClient, uri: str, text: str) -> list[types.Diagnostic]:
    client.diagnostics.pop(uri, None)
    open_document(client, uri, text)
    await until(lambda: uri in client.diagnostics, f"diagnostics of {uri}")
    return list(client.diagnostics[uri])


def codes(client: LanguageClient, uri: str) -> list[str]:
    return sorted(str(d.code) for d in client.diagnostics.get(uri, []))


# --------------------------------------------------------------------------- positions


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def position(text: str, needle: str, delta: int = 0, nth: int = 0) -> types.Position:
    """The LSP position (UTF-16) of the ``nth`` occurrence of ``needle`` plus ``delta``
    code points."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    index += delta
    line = text.count("\n", 0, index)
    start = text.rfind("\n", 0, index) + 1
    return types.Position(line=line, character=utf16_len(text[start:index]))


def offset(text: str, pos: types.Position) -> int:
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: pos.line])
    line = lines[pos.line] if pos.line < len(lines) else ""
    units = 0
    for i, char in enumerate(line):
        if units >= pos.character:
            return start + i
        units += utf16_len(char)
    return start + len(line)


def apply_edits(text: str, edits: Sequence[types.TextEdit]) -> str:
    spans = sorted(
        ((offset(text, e.range.start), offset(text, e.range.end), e.new_text) for e in edits),
        key=lambda s: (s[0], s[1]),
        reverse=True,
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def apply_workspace_edit(edit: types.WorkspaceEdit | None, uri: str, text: str) -> str:
    assert edit is not None, "the action carries no edit"
    edits: list[types.TextEdit] = []
    if edit.changes:
        assert set(edit.changes) <= {uri}, f"edits another document: {set(edit.changes)}"
        edits.extend(edit.changes.get(uri, []))
    for change in edit.document_changes or []:
        assert isinstance(change, types.TextDocumentEdit), change
        assert change.text_document.uri == uri
        edits.extend(e for e in change.edits if isinstance(e, types.TextEdit))
    assert edits, "the workspace edit changes nothing"
    return apply_edits(text, edits)


# --------------------------------------------------------------------------- the command line


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "panelcheck", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        cwd=cwd,
    )


def cli_findings(path: Path) -> list[dict[str, Any]]:
    done = cli("validate", "--format", "json", "--no-cache", "--exit-zero", str(path))
    report = json.loads(done.stdout)
    return [f for file in report["files"] for f in file["findings"]]


def cli_fixed(path: Path, text: str, *options: str) -> str:
    """What ``panelcheck validate --fix`` makes of ``text``, written to ``path``."""
    path.write_bytes(text.encode("utf-8"))
    cli("validate", "--fix", "--no-cache", "--exit-zero", *options, str(path), cwd=path.parent)
    return path.read_bytes().decode("utf-8")


def rule_summaries() -> dict[str, str]:
    done = cli("rules")
    pattern = re.compile(r"^([A-Z]{3}\d{3})\s+\S+\s+(?:error|warning|info)(?: \(off\))?\s+(.*)$")
    found = {m[1]: m[2].strip() for m in map(pattern.match, done.stdout.splitlines()) if m}
    assert "IPX003" in found
    return found


def catalog_kinds() -> dict[str, str]:
    kinds: dict[str, str] = {}
    for path in sorted((ROOT / "rules" / "parts").glob("*.toml")):
        for number, entry in tomllib.loads(path.read_text(encoding="utf-8")).items():
            if isinstance(entry, dict) and "kind" in entry:
                kinds[number] = entry["kind"]
    assert {"module", "jumper", "end_plate", "end_stop", "ferrule"} <= set(kinds.values())
    return kinds


def parts_of(kind: str) -> set[str]:
    return {number for number, k in catalog_kinds().items() if k == kind}


def apply_patch(document: Any, patch: list[dict[str, Any]]) -> Any:
    """RFC 6902 add/remove/replace, enough for the fixes' patches."""
    document = copy.deepcopy(document)
    for op in patch:
        *parents, last = [
            p.replace("~1", "/").replace("~0", "~") for p in op["path"].split("/")[1:]
        ]
        target = document
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if isinstance(target, list):
            index = len(target) if last == "-" else int(last)
            if op["op"] == "add":
                target.insert(index, op["value"])
            elif op["op"] == "remove":
                del target[index]
            else:
                target[index] = op["value"]
        elif op["op"] == "remove":
            del target[last]
        else:
            target[last] = op["value"]
    return document


# --------------------------------------------------------------------------- requests


def hover_text(result: types.Hover | None) -> str:
    assert result is not None, "no hover"
    contents = result.contents
    assert isinstance(contents, types.MarkupContent), f"not Markup content: {contents!r}"
    assert contents.kind == types.MarkupKind.Markdown
    return contents.value


async def hover(client: LanguageClient, uri: str, pos: types.Position) -> types.Hover | None:
    return await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos)
    )


async def complete(
    client: LanguageClient, uri: str, pos: types.Position
) -> list[types.CompletionItem]:
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos)
    )
    if result is None:
        return []
    return list(result.items if isinstance(result, types.CompletionList) else result)


def labels(items: list[types.CompletionItem]) -> set[str]:
    return {item.label for item in items}


def accept(text: str, items: list[types.CompletionItem], label: str) -> str:
    """The text after accepting the completion item ``label`` (its textEdit)."""
    item = next((i for i in items if i.label == label), None)
    assert item is not None, f"{label} not offered: {sorted(labels(items))}"
    edit = item.text_edit
    assert edit is not None, f"{label} has no textEdit"
    if isinstance(edit, types.InsertReplaceEdit):
        edit = types.TextEdit(range=edit.replace, new_text=edit.new_text)
    return apply_edits(text, [edit, *(item.additional_text_edits or [])])


async def code_actions(
    client: LanguageClient,
    uri: str,
    diagnostics: list[types.Diagnostic],
    rng: types.Range,
    only: list[str] | None = None,
) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=rng,
            context=types.CodeActionContext(diagnostics=diagnostics, only=only),
        )
    )
    return [a for a in result or [] if isinstance(a, types.CodeAction)]


def is_waiver_action(action: types.CodeAction) -> bool:
    return action.title.startswith("Add a waiver")


def quick_fixes(actions: list[types.CodeAction]) -> list[types.CodeAction]:
    """The quick fixes among ``actions`` other than "Add a waiver"."""
    return [
        a
        for a in actions
        if a.kind is not None
        and a.kind.startswith(types.CodeActionKind.QuickFix)
        and not is_waiver_action(a)
    ]


def whole(text: str) -> types.Range:
    last = text.split("\n")[-1]
    end = types.Position(line=text.count("\n"), character=utf16_len(last))
    return types.Range(start=types.Position(line=0, character=0), end=end)


# =========================================================================== diagnostics


@pytest.mark.asyncio
async def test_diagnostics_match_the_command_line_for_every_failing_sample(
    client: LanguageClient,
) -> None:
    """Code, severity, start, message and link of every unwaived finding, as
    ``validate --format json`` reports them (1-based there, 0-based here)."""
    samples = sorted(FAILING.glob("*.json"))
    for path in samples:
        open_document(client, path.as_uri(), path.read_text(encoding="utf-8"))
    await until(lambda: all(p.as_uri() in client.diagnostics for p in samples))
    seen_severities = set()
    for path in samples:
        want = sorted(
            (f["code"], SEVERITY[f["severity"]], f["line"] - 1, f["column"] - 1, f["message"])
            for f in cli_findings(path)
            if not f["waived"]
        )
        got = sorted(
            (str(d.code), d.severity, d.range.start.line, d.range.start.character, d.message)
            for d in client.diagnostics[path.as_uri()]
        )
        assert got == want, path.name
        for d in client.diagnostics[path.as_uri()]:
            assert d.code_description is not None, (path.name, d.code)
            assert d.code_description.href == f"{RULES_URL}{d.code}"
            seen_severities.add(d.severity)
    assert seen_severities == set(SEVERITY.values())


@pytest.mark.asyncio
async def test_columns_are_utf16_code_units_after_non_ascii(
    client: LanguageClient, tmp_path: Path
) -> None:
    """A "µ" (one UTF-16 unit) and an emoji (two) before the finding on its line: the
    command line counts code points, the protocol UTF-16 units."""
    text = ONE_FIX.replace(
        '{"type": "end_stop", "part": "249-116"},\n        {"type": "module"',
        '{"type": "end_stop", "part": "249-116", "x-note": "µ 😀 ²"}, {"type": "module"',
    )
    assert text != ONE_FIX
    path = tmp_path / "unicode.json"
    path.write_text(text, encoding="utf-8")
    finding = next(f for f in cli_findings(path) if f["code"] == "IPX001")
    line = text.split("\n")[finding["line"] - 1]
    code_points = line.index('{"type": "module"')
    assert finding["column"] == code_points + 1
    units = utf16_len(line[:code_points])
    assert units == code_points + 1  # the emoji is two UTF-16 units

    diagnostics = await opened(client, path.as_uri(), text)
    ipx001 = [d for d in diagnostics if d.code == "IPX001"]
    assert len(ipx001) == 1
    assert ipx001[0].range.start == types.Position(line=finding["line"] - 1, character=units)


@pytest.mark.asyncio
async def test_waived_findings_are_not_shown(client: LanguageClient, tmp_path: Path) -> None:
    # IPX003 waived with a reason; IPX001 of the same layout still shown
    text = TWO_ROUNDS.replace(
        "  ]\n}\n",
        '  ],\n  "waivers": [{"rule": "IPX003", "subject": "X1", "reason": "duct clamp"}]\n}\n',
    )
    path = tmp_path / "waived.json"
    path.write_text(text, encoding="utf-8")
    cli_view = {(f["code"], f["waived"]) for f in cli_findings(path)}
    assert cli_view == {("IPX001", False), ("IPX003", True)}
    diagnostics = await opened(client, path.as_uri(), text)
    assert sorted(str(d.code) for d in diagnostics) == ["IPX001"]

    # a layout whose only finding is waived: an empty list, not nothing
    spec = SAMPLES / "spec-example.json"
    assert [f["waived"] for f in cli_findings(spec)] == [True]
    assert await opened(client, spec.as_uri(), spec.read_text(encoding="utf-8")) == []


@pytest.mark.asyncio
async def test_only_a_top_level_format_makes_a_layout(
    client: LanguageClient, tmp_path: Path
) -> None:
    others = {
        "nested": '{"x": {"format": "panelcheck/1"}}\n',
        "nested-with-rails": '{"x": {"format": "panelcheck/1"}, "rails": []}\n',
        "in-a-string": '{"x-a": "\\"format\\": \\"panelcheck/1\\"", "nets": {}}\n',
        "another-format": '{"format": "eslint/9", "rules": {}}\n',
        "package": '{"name": "package", "rails": "no"}\n',
    }
    shown = {}
    for name, text in others.items():
        diagnostics = await opened(client, (tmp_path / f"{name}.json").as_uri(), text)
        if diagnostics:
            shown[name] = [f"{d.code}: {d.message}" for d in diagnostics]
    assert shown == {}
    # "format" last among the keys is still the top level's
    last = '{"rails": [{"id": "X1"}], "format": "panelcheck/1"}\n'
    assert "LAY000" in {
        str(d.code) for d in await opened(client, (tmp_path / "l.json").as_uri(), last)
    }


@pytest.mark.asyncio
async def test_becoming_and_ceasing_to_be_a_layout(client: LanguageClient, tmp_path: Path) -> None:
    uri = (tmp_path / "rail.json").as_uri()
    assert await opened(client, uri, '{"name": "draft"}\n') == []

    client.diagnostics.pop(uri)
    change_document(client, uri, 2, TWO_ROUNDS)
    await until(lambda: codes(client, uri) == ["IPX001", "IPX003"])

    # the format line is deleted: no longer a layout, its diagnostics are cleared
    change_document(client, uri, 3, TWO_ROUNDS.replace('"format": "panelcheck/1",', ""))
    await until(lambda: codes(client, uri) == [], "the diagnostics to be cleared")
    await asyncio.sleep(0.3)
    assert codes(client, uri) == []


@pytest.mark.asyncio
async def test_a_burst_of_changes_ends_on_the_last_text(client: LanguageClient) -> None:
    uri = (ROOT / "burst-layout.json").as_uri()
    assert [d.code for d in await opened(client, uri, ONE_FIX)] == ["IPX001"]
    for version in range(2, 12):
        # every intermediate text keeps IPX001 (a different panel name each time)
        change_document(client, uri, version, ONE_FIX.replace("one fix", f"edit {version}"))
        await asyncio.sleep(0.005)
    fixed = ONE_FIX.replace(
        '"A2": "0V"}},\n', '"A2": "0V"}},\n        {"type": "end_plate", "part": "859-525"},\n'
    )
    change_document(client, uri, 12, fixed)
    await until(lambda: codes(client, uri) == [], "the last text's (empty) diagnostics")
    # no stale result of an earlier version arrives afterwards
    await asyncio.sleep(0.5)
    assert codes(client, uri) == []


@pytest.mark.asyncio
async def test_save_checks_the_document_again(client: LanguageClient) -> None:
    uri = (FAILING / "gold.json").as_uri()
    text = (FAILING / "gold.json").read_text(encoding="utf-8")
    first = await opened(client, uri, text)
    assert first
    client.diagnostics.pop(uri)
    save_document(client, uri, text)
    await until(lambda: uri in client.diagnostics, "diagnostics after didSave")
    assert sorted(map(str, (d.code for d in client.diagnostics[uri]))) == sorted(
        str(d.code) for d in first
    )


# =========================================================================== hover


@pytest.mark.asyncio
async def test_hover_on_a_part_number_shows_its_catalog_entry(client: LanguageClient) -> None:
    path = FAILING / "gold.json"
    text = path.read_text(encoding="utf-8")
    uri = path.as_uri()
    await opened(client, uri, text)
    shown = hover_text(await hover(client, uri, position(text, '"859-386"', 4)))

    printed = cli("catalog", "859-386").stdout.splitlines()
    title = printed[0]
    assert title.startswith("859-386")
    description = title.split(None, 1)[1]
    width_at = next(i for i, line in enumerate(printed) if line.startswith("width"))
    width = printed[width_at].split(None, 1)[1].strip()
    width_source = printed[width_at + 1].strip().strip("()")
    gold_at = next(i for i, line in enumerate(printed) if line.startswith("contacts.gold"))
    gold_source = printed[gold_at + 1].strip().strip("()")
    assert (width, width_source) == ("6 mm", "859-386 data sheet, line 82")

    flat = " ".join(shown.replace("\\", "").split())
    assert "859-386" in flat
    assert description.split(";")[0] in flat  # "Relay module"
    assert "36 V DC coil" in flat
    assert width in flat
    assert width_source in flat
    assert gold_source in flat  # the gold layer's 30 V / 50 mA limit, line 29 (note)
    assert "30 V DC" in flat


@pytest.mark.asyncio
async def test_hover_on_a_jumper_and_a_ferrule_part(client: LanguageClient) -> None:
    path = SAMPLES / "spec-example.json"
    text = path.read_text(encoding="utf-8")
    uri = path.as_uri()
    await opened(client, uri, text)
    jumper = hover_text(await hover(client, uri, position(text, '"859-402/000-006"', 5)))
    assert "859-402/000-006" in jumper
    assert "blue" in jumper
    ferrule = hover_text(await hover(client, uri, position(text, '"216-222"', 3)))
    assert "216-222" in ferrule
    assert "0.75 mm" in ferrule


@pytest.mark.asyncio
async def test_hover_on_a_terminal_reference_shows_the_module(client: LanguageClient) -> None:
    path = SAMPLES / "spec-example.json"
    text = path.read_text(encoding="utf-8")
    uri = path.as_uri()
    await opened(client, uri, text)

    # a wire's terminal: K1 is a 859-390 with terminals A1, A2, 11, 12, 14
    wire = hover_text(await hover(client, uri, position(text, '"terminal": "K1:A1"', 15)))
    assert "K1" in wire
    assert "859-390" in wire
    for name in ("A1", "A2", "11", "12", "14"):
        assert re.search(rf"(?<![\w-]){name}(?![\w-])", wire), (name, wire)

    # a load's terminal: K2 is a 859-386
    load = hover_text(await hover(client, uri, position(text, '"terminal": "K2:14"', 14)))
    assert "K2" in load
    assert "859-386" in load
    assert "859-390" not in load


@pytest.mark.asyncio
async def test_hover_on_a_waivers_rule_shows_its_summary(client: LanguageClient) -> None:
    path = SAMPLES / "spec-example.json"
    text = path.read_text(encoding="utf-8")
    uri = path.as_uri()
    await opened(client, uri, text)
    shown = hover_text(await hover(client, uri, position(text, '"rule": "IPX003"', 12)))
    summary = rule_summaries()["IPX003"]
    assert summary == "A rail's first or last item is not an end stop."
    assert "IPX003" in shown
    assert " ".join(summary.split()) in " ".join(shown.replace("\\", "").split())


# =========================================================================== completion


async def completion_at(
    client: LanguageClient, tmp_path: Path, text: str, marker: str, delta: int
) -> tuple[str, str, list[types.CompletionItem]]:
    uri = (tmp_path / "complete.json").as_uri()
    await opened(client, uri, text)
    return uri, text, await complete(client, uri, position(text, marker, delta))


@pytest.mark.asyncio
async def test_complete_an_end_plates_part_offers_end_plates_only(
    client: LanguageClient, tmp_path: Path
) -> None:
    text = COMPLETION_BASE.replace(
        '"type": "end_plate", "part": "859-525"', '"type": "end_plate", "part": "85"'
    )
    marker = '"type": "end_plate", "part": "85"'
    _, text, items = await completion_at(client, tmp_path, text, marker, len(marker) - 1)
    plates = parts_of("end_plate")
    assert plates == {"859-525"}
    assert labels(items) == plates
    assert '{"type": "end_plate", "part": "859-525"}' in accept(text, items, "859-525")


@pytest.mark.asyncio
async def test_complete_a_modules_and_a_stops_part_by_the_items_type(
    client: LanguageClient, tmp_path: Path
) -> None:
    text = COMPLETION_BASE.replace('"id": "K2", "part": "859-386"', '"id": "K2", "part": "859-3"')
    uri = (tmp_path / "complete.json").as_uri()
    await opened(client, uri, text)
    marker = '"id": "K2", "part": "859-3'
    modules = await complete(client, uri, position(text, marker, len(marker)))
    assert labels(modules) and labels(modules) <= parts_of("module")
    assert "859-386" in labels(modules)
    assert '"id": "K2", "part": "859-386",' in accept(text, modules, "859-386")

    marker = '"type": "end_stop", "part": "249-1'
    stops = await complete(client, uri, position(text, marker, len(marker)))
    assert labels(stops) and labels(stops) <= parts_of("end_stop")
    assert "249-117" in labels(stops)


@pytest.mark.asyncio
async def test_complete_a_jumpers_part_offers_jumpers_only(
    client: LanguageClient, tmp_path: Path
) -> None:
    text = COMPLETION_BASE.replace('"part": "859-402/000-006"', '"part": "859-40"')
    marker = '"id": "JB1", "part": "859-40'
    _, text, items = await completion_at(client, tmp_path, text, marker, len(marker))
    jumpers = parts_of("jumper")
    assert labels(items) and labels(items) <= jumpers
    assert {"859-402", "859-402/000-006", "859-403"} <= labels(items)
    after = accept(text, items, "859-402/000-006")
    assert '{"id": "JB1", "part": "859-402/000-006", "slot": "A2", "from": "K1"}' in after


@pytest.mark.asyncio
async def test_complete_a_wires_ferrule_offers_ferrules_only(
    client: LanguageClient, tmp_path: Path
) -> None:
    text = COMPLETION_BASE.replace('"ferrule": "216-222"', '"ferrule": "216-"')
    marker = '"ferrule": "216-'
    _, text, items = await completion_at(client, tmp_path, text, marker, len(marker))
    ferrules = parts_of("ferrule")
    assert labels(items) and labels(items) <= ferrules
    assert "216-224" in labels(items)
    assert '"ferrule": "216-224"}' in accept(text, items, "216-224")


@pytest.mark.asyncio
async def test_complete_terminal_names_in_terminals_keys_and_references(
    client: LanguageClient, tmp_path: Path
) -> None:
    # a key being typed in K1's terminals map (a 859-390: A1, A2, 11, 12, 14)
    text = COMPLETION_BASE.replace(
        '"terminals": {"A1": "DO-1", "A2": "0V"}', '"terminals": {"A1": "DO-1", "1": "L1"}'
    )
    uri = (tmp_path / "complete.json").as_uri()
    await opened(client, uri, text)
    keys = await complete(client, uri, position(text, '"1": "L1"', 2))
    assert {"11", "12", "14"} <= labels(keys) <= {"A1", "A2", "11", "12", "14"}
    assert '"terminals": {"A1": "DO-1", "14": "L1"}' in accept(text, keys, "14")

    # after "K1:" in a wire's terminal
    text2 = COMPLETION_BASE.replace('"terminal": "K1:A1"', '"terminal": "K1:"')
    change_document(client, uri, 2, text2)
    refs = await complete(client, uri, position(text2, '"terminal": "K1:"', 16))
    assert {"K1:A1", "K1:A2", "K1:11", "K1:12", "K1:14"} <= labels(refs)
    assert all(label.startswith("K1:") for label in labels(refs))
    assert '{"id": "W1", "terminal": "K1:14", "cross_section"' in accept(text2, refs, "K1:14")


@pytest.mark.asyncio
async def test_complete_net_names_in_a_terminals_value(
    client: LanguageClient, tmp_path: Path
) -> None:
    text = COMPLETION_BASE.replace('"A1": "DO-1", "A2": "0V"}', '"A1": "DO-1", "A2": ""}')
    marker = '"A1": "DO-1", "A2": "'
    _, text, items = await completion_at(client, tmp_path, text, marker, len(marker))
    assert labels(items) == {"DO-1", "0V", "L1"}
    assert '"terminals": {"A1": "DO-1", "A2": "0V"}}' in accept(text, items, "0V")


@pytest.mark.asyncio
async def test_complete_ids_in_a_jumpers_from_and_codes_in_a_waivers_rule(
    client: LanguageClient, tmp_path: Path
) -> None:
    text = COMPLETION_BASE.replace('"from": "K1"', '"from": "K"').replace(
        '"rule": "IPX004"', '"rule": "IPX"'
    )
    uri = (tmp_path / "complete.json").as_uri()
    await opened(client, uri, text)
    ids = await complete(client, uri, position(text, '"from": "K', 10))
    assert {"K1", "K2"} <= labels(ids)
    assert not {"DO-1", "0V", "L1"} & labels(ids)  # net names are not ids
    assert '"slot": "A2", "from": "K2"}' in accept(text, ids, "K2")

    rules = await complete(client, uri, position(text, '"rule": "IPX"', 12))
    known = set(rule_summaries())
    assert {"IPX001", "IPX003", "IPX004"} <= labels(rules) <= known
    assert '{"rule": "IPX003", "subject": "K2"' in accept(text, rules, "IPX003")


@pytest.mark.asyncio
async def test_complete_the_values_of_enumerated_fields(
    client: LanguageClient, tmp_path: Path
) -> None:
    text = COMPLETION_BASE.replace('"kind": "inductive"', '"kind": "in"').replace(
        '"profile": "35x7.5"', '"profile": "35"'
    )
    uri = (tmp_path / "complete.json").as_uri()
    await opened(client, uri, text)

    kinds = await complete(client, uri, position(text, '"kind": "in', 11))
    assert labels(kinds) == {"resistive", "inductive", "lamp", "capacitive", "signal"}
    assert '"kind": "lamp", "suppression"' in accept(text, kinds, "lamp")

    profiles = await complete(client, uri, position(text, '"profile": "35', 14))
    assert labels(profiles) == {"35x7.5", "35x15", "15x5.5", "G32"}
    assert '"profile": "35x15",' in accept(text, profiles, "35x15")

    # an integer, not a string: the cursor on the value 2
    degrees = await complete(client, uri, position(text, '"pollution_degree": 2', 21))
    assert labels(degrees) == {"1", "2", "3", "4"}
    assert '"pollution_degree": 3}' in accept(text, degrees, "3")


@pytest.mark.asyncio
async def test_complete_in_a_document_broken_halfway_through_typing(
    client: LanguageClient, tmp_path: Path
) -> None:
    """The designer has just typed ``"part": "85`` in an end plate: the rest of the file
    is gone for the parser, the completion is still the end plates."""
    cut = COMPLETION_BASE.index('"type": "end_plate", "part": "') + len(
        '"type": "end_plate", "part": "85'
    )
    text = COMPLETION_BASE[:cut]
    uri = (tmp_path / "typing.json").as_uri()
    diagnostics = await opened(client, uri, text)
    assert "LAY000" in {str(d.code) for d in diagnostics}
    last = text.count('"part": "85') - 1  # the end plate's, on the last line typed
    items = await complete(client, uri, position(text, '"part": "85', 11, nth=last))
    assert labels(items) == {"859-525"}


# =========================================================================== code actions


@pytest.mark.asyncio
async def test_the_quick_fix_gives_the_bytes_of_validate_fix(
    client: LanguageClient, tmp_path: Path
) -> None:
    path = tmp_path / "one-fix.json"
    want = cli_fixed(tmp_path / "copy.json", ONE_FIX)
    assert want != ONE_FIX
    uri = path.as_uri()
    diagnostics = await opened(client, uri, ONE_FIX)
    assert [d.code for d in diagnostics] == ["IPX001"]
    actions = await code_actions(client, uri, diagnostics, diagnostics[0].range)
    fixes = quick_fixes(actions)
    assert len(fixes) == 1, [a.title for a in actions]
    fix = fixes[0]
    assert fix.kind is not None and fix.kind.startswith(types.CodeActionKind.QuickFix)
    assert fix.is_preferred is True  # a safe fix
    assert fix.diagnostics and [d.code for d in fix.diagnostics] == ["IPX001"]
    assert apply_workspace_edit(fix.edit, uri, ONE_FIX) == want


@pytest.mark.asyncio
async def test_a_finding_without_fix_offers_no_edit_but_the_waiver(
    client: LanguageClient,
) -> None:
    path = FAILING / "gold.json"
    text = path.read_text(encoding="utf-8")
    uri = path.as_uri()
    diagnostics = await opened(client, uri, text)
    gld001 = next(d for d in diagnostics if d.code == "GLD001")
    actions = await code_actions(client, uri, [gld001], gld001.range)
    assert [a.title for a in quick_fixes(actions)] == []
    waivers = [a for a in actions if a.title.startswith("Add a waiver for GLD001 on K1")]
    assert len(waivers) == 1, [a.title for a in actions]


@pytest.mark.asyncio
async def test_an_unsafe_fix_is_offered_but_not_preferred(client: LanguageClient) -> None:
    path = FAILING / "jumpers.json"
    text = path.read_text(encoding="utf-8")
    uri = path.as_uri()
    finding = next(f for f in cli_findings(path) if f["code"] == "JMP002")
    assert finding["fix"]["safe"] is False
    diagnostics = await opened(client, uri, text)
    jmp002 = [d for d in diagnostics if d.code == "JMP002"]
    assert len(jmp002) == 1
    actions = await code_actions(client, uri, jmp002, jmp002[0].range)
    fixes = quick_fixes(actions)
    assert len(fixes) == 1, [a.title for a in actions]
    assert not fixes[0].is_preferred
    # the edit makes the document the fix's JSON Patch makes
    after = json.loads(apply_workspace_edit(fixes[0].edit, uri, text))
    assert after == apply_patch(json.loads(text), finding["fix"]["patch"])


@pytest.mark.parametrize(
    "name",
    ["enclosure.json", "wiring.json", "jumpers.json", "two-rounds"],
)
@pytest.mark.asyncio
async def test_fix_all_gives_the_bytes_of_validate_fix(
    client: LanguageClient, tmp_path: Path, name: str
) -> None:
    text = TWO_ROUNDS if name == "two-rounds" else (FAILING / name).read_text(encoding="utf-8")
    path = tmp_path / (name if name.endswith(".json") else f"{name}.json")
    want = cli_fixed(tmp_path / "copy.json", text)
    assert want != text
    uri = path.as_uri()
    diagnostics = await opened(client, uri, text)
    actions = await code_actions(client, uri, diagnostics, whole(text), only=["source.fixAll"])
    fix_all = [a for a in actions if a.kind == "source.fixAll.panelcheck"]
    assert len(fix_all) == 1, [(a.title, a.kind) for a in actions]
    assert apply_workspace_edit(fix_all[0].edit, uri, text) == want


@pytest.mark.asyncio
async def test_add_a_waiver_then_write_its_reason(client: LanguageClient, tmp_path: Path) -> None:
    uri = (tmp_path / "waive.json").as_uri()
    diagnostics = await opened(client, uri, NO_RIGHT_STOP)
    assert [d.code for d in diagnostics] == ["IPX003"]
    actions = await code_actions(client, uri, diagnostics, diagnostics[0].range)
    waiver = [a for a in actions if a.title.startswith("Add a waiver for IPX003 on X1")]
    assert len(waiver) == 1, [a.title for a in actions]
    text = apply_workspace_edit(waiver[0].edit, uri, NO_RIGHT_STOP)
    assert json.loads(text)["waivers"] == [{"rule": "IPX003", "subject": "X1", "reason": ""}]
    assert json.loads(text)["rails"] == json.loads(NO_RIGHT_STOP)["rails"]

    # sent as the editor would: the waiver without reason is not applied, LAY006 says why
    change_document(client, uri, 2, text)
    await until(lambda: "LAY006" in codes(client, uri), "LAY006 on the new waiver")
    assert codes(client, uri) == ["IPX003", "LAY006"]
    lay006 = next(d for d in client.diagnostics[uri] if d.code == "LAY006")
    assert "reason" in lay006.message
    assert lay006.range.start.line == position(text, '"rule": "IPX003"').line

    reasoned, count = re.subn(r'("reason"\s*:\s*)""', r'\1"held by the duct cover"', text)
    assert count == 1
    change_document(client, uri, 3, reasoned)
    await until(lambda: codes(client, uri) == [], "the waived finding to go")


# =========================================================================== robustness


def broken_documents() -> dict[str, str]:
    gold = (FAILING / "gold.json").read_text(encoding="utf-8")
    garbage = "".join(chr(c) for c in range(0, 0xD000, 37)) + "\x00\x1b[31m\ufffd\ufeff"
    return {
        "not-json": '{"format": "panelcheck/1", "rails": [ this is not JSON ] }\n',
        "truncated": gold[: len(gold) // 2],
        "garbage": '{"format": "panelcheck/1", "rails": [' + garbage,
        "nested": '{"format": "panelcheck/1", "x-deep": ' + "[" * 1000 + "]" * 1000 + "}\n",
        "unclosed": '{"format": "panelcheck/1", "x-deep": ' + "[{" * 1000,
    }


@pytest.mark.asyncio
async def test_broken_documents_give_lay000_and_the_server_keeps_answering(
    client: LanguageClient, tmp_path: Path
) -> None:
    documents = broken_documents()
    for name, text in documents.items():
        open_document(client, (tmp_path / f"{name}.json").as_uri(), text)
    await until(
        lambda: all((tmp_path / f"{n}.json").as_uri() in client.diagnostics for n in documents)
    )
    for name in documents:
        got = codes(client, (tmp_path / f"{name}.json").as_uri())
        assert "LAY000" in got, (name, got)

    # hover and completion all over the broken documents: a result or null, never an error
    requests = []
    for name, text in documents.items():
        uri = (tmp_path / f"{name}.json").as_uri()
        lines = text.split("\n")
        for line_no, line in enumerate(lines[:40]):
            for char in range(0, min(utf16_len(line), 400) + 1, 7):
                pos = types.Position(line=line_no, character=char)
                requests.append(hover(client, uri, pos))
                requests.append(complete(client, uri, pos))
        # beyond the end of the document
        requests.append(hover(client, uri, types.Position(line=len(lines) + 5, character=3)))
        requests.append(complete(client, uri, types.Position(line=0, character=10**6)))
    await asyncio.wait_for(asyncio.gather(*requests), TIMEOUT)

    # and a good layout is still checked and hovered
    gold = FAILING / "gold.json"
    gold_text = gold.read_text(encoding="utf-8")
    assert await opened(client, gold.as_uri(), gold_text)
    shown = hover_text(await hover(client, gold.as_uri(), position(gold_text, '"859-386"', 4)))
    assert "859-386" in shown


@pytest.mark.parametrize("shape", ["balanced", "unclosed"])
@pytest.mark.asyncio
async def test_hover_and_completion_are_answered_on_deep_nesting(
    client: LanguageClient, tmp_path: Path, shape: str
) -> None:
    """An 80 KB document of brackets is LAY000 (nesting depth); a hover or a completion
    on it is answered. (That the work stays linear in the depth is asserted, without a
    clock, in tests/test_server_context.py.)"""
    depth = 40_000
    deep = "[" * depth + "]" * depth if shape == "balanced" else "[{" * depth
    text = '{"format": "panelcheck/1", "x-deep": ' + deep + "}\n"
    uri = (tmp_path / "deep.json").as_uri()
    assert "LAY000" in {str(d.code) for d in await opened(client, uri, text)}
    for request in (hover, complete):
        await asyncio.wait_for(request(client, uri, types.Position(line=0, character=30)), TIMEOUT)


@pytest.mark.asyncio
async def test_a_five_megabyte_layout(client: LanguageClient, tmp_path: Path) -> None:
    rails = []
    number = 0
    for r in range(600):
        items: list[dict[str, Any]] = [{"type": "end_stop", "part": "249-116"}]
        for _ in range(20):
            number += 1
            items.append(
                {
                    "type": "module",
                    "id": f"K{number}",
                    "part": "859-390",
                    "terminals": {"A1": "DO-1", "A2": "0V"},
                    "x-note": "µ" * 150,
                }
            )
        if r % 100:
            items.append({"type": "end_plate", "part": "859-525"})
        items.append({"type": "end_stop", "part": "249-116"})
        rails.append({"id": f"X{r}", "length": "200 mm", "items": items})
    layout = {
        "format": "panelcheck/1",
        "nets": {"DO-1": {"voltage": "24 V DC"}, "0V": {"voltage": "0 V DC"}},
        "rails": rails,
    }
    text = json.dumps(layout, indent=1, ensure_ascii=False) + "\n"
    assert len(text.encode("utf-8")) > 5_000_000
    uri = (tmp_path / "big.json").as_uri()
    diagnostics = await opened(client, uri, text)
    # rails X0, X100, ... X500 lack their end plate
    assert sorted(str(d.code) for d in diagnostics) == ["IPX001"] * 6
    shown = hover_text(await hover(client, uri, position(text, '"859-390"', 3, nth=11_000)))
    assert "859-390" in shown
    items = await complete(client, uri, position(text, '"0V"', 2, nth=3))
    assert {"DO-1", "0V"} <= labels(items)


# =========================================================================== configuration


@pytest.mark.asyncio
async def test_the_configuration_beside_the_layout_applies_and_is_read_again(
    client: LanguageClient, tmp_path: Path
) -> None:
    gold = (FAILING / "gold.json").read_text(encoding="utf-8")
    layout = tmp_path / "panels" / "gold.json"
    layout.parent.mkdir()
    layout.write_text(gold, encoding="utf-8")
    config = tmp_path / ".panelcheck.toml"
    stamp = [1_700_000_000]

    def write_config(text: str) -> None:
        config.write_text(text, encoding="utf-8")
        stamp[0] += 10  # each edit a distinct modification time, as a person's would be
        os.utime(config, (stamp[0], stamp[0]))

    write_config('ignore = ["GLD001"]\n')
    uri = layout.as_uri()
    cli_codes = sorted(
        f["code"]
        for f in json.loads(
            cli(
                "validate",
                "--format",
                "json",
                "--no-cache",
                "--exit-zero",
                str(layout),
                cwd=tmp_path,
            ).stdout
        )["files"][0]["findings"]
    )
    assert cli_codes == ["GLD002", "GLD003"]
    await opened(client, uri, gold)
    assert codes(client, uri) == cli_codes

    # edited on disk, then the document saved: GLD002 ignored instead of GLD001
    write_config('ignore = ["GLD002", "GLD003"]\n')
    client.diagnostics.pop(uri)
    save_document(client, uri, gold)
    await until(lambda: codes(client, uri) == ["GLD001", "GLD001"], "GLD001 back, GLD002 gone")

    # edited again, then the document changed: a severity override
    write_config(
        '[tool.panelcheck]\nignore = ["GLD002", "GLD003"]\n\n'
        '[tool.panelcheck.severity]\nGLD001 = "warning"\n'
    )
    change_document(client, uri, 2, gold + "\n")
    await until(
        lambda: (
            {d.severity for d in client.diagnostics.get(uri, [])}
            == {types.DiagnosticSeverity.Warning}
        ),
        "GLD001 as a warning",
    )
    assert codes(client, uri) == ["GLD001", "GLD001"]

    # the configuration deleted: the defaults again
    config.unlink()
    change_document(client, uri, 3, gold)
    await until(
        lambda: codes(client, uri) == ["GLD001", "GLD001", "GLD002", "GLD003"], "the defaults"
    )
