"""``panelcheck server`` while a layout is edited: hover, completion, code actions,
configuration reloads, large and broken documents (SPEC section 13), through a real
LSP client (pytest-lsp) talking to ``python -m panelcheck server``."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from conftest import SAMPLES, make_panel
from generate import make_failing_panel

from panelcheck.catalog import load_catalog

pytest.importorskip("pygls")
pytest_lsp = pytest.importorskip("pytest_lsp")

from lsp_session import SERVER, TIMEOUT, start, until  # noqa: E402
from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402

# A server whose hover breaks: the internal-error path, as a bug would take it.
BROKEN_HOVER = [
    sys.executable,
    "-c",
    "from panelcheck.server import app\n"
    "def broken(self, params): raise RuntimeError('hover broke')\n"
    "app.PanelServer.hover = broken\n"
    "app.serve()",
]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=BROKEN_HOVER))
async def broken_client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    await start(lsp_client)
    yield
    await lsp_client.shutdown_session()


def codes(client: LanguageClient, uri: str) -> list[str]:
    return sorted(str(d.code) for d in client.diagnostics.get(uri, []))


def position(text: str, marker: str, shift: int = 0) -> types.Position:
    """The position ``shift`` characters after the start of ``marker`` (ASCII text)."""
    at = text.index(marker) + shift
    line = text.count("\n", 0, at)
    return types.Position(line=line, character=at - (text.rfind("\n", 0, at) + 1))


async def opened(client: LanguageClient, path: Path, text: str | None = None) -> str:
    """Open ``path`` (with ``text`` instead of its content) and wait for its diagnostics."""
    uri = path.as_uri()
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri,
                language_id="json",
                version=1,
                text=path.read_text(encoding="utf-8") if text is None else text,
            )
        )
    )
    await until(lambda: uri in client.diagnostics)
    return uri


def change(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """The text with LSP edits made (ASCII text: characters are UTF-16 units)."""
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))

    def offset(p: types.Position) -> int:
        return starts[p.line] + p.character if p.line < len(starts) else len(text)

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


def cli_fix(path: Path, tmp_path: Path, unsafe: bool = False) -> str:
    copy = tmp_path / "cli" / path.name
    copy.parent.mkdir(exist_ok=True)
    shutil.copy(path, copy)
    argv = [sys.executable, "-m", "panelcheck", "validate", "--fix", "--no-cache", str(copy)]
    subprocess.run([*argv, *(["--unsafe-fixes"] if unsafe else [])], cwd=tmp_path, timeout=TIMEOUT)
    return copy.read_text(encoding="utf-8")


async def hover_at(client: LanguageClient, uri: str, at: types.Position) -> str | None:
    found = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=at)
    )
    if found is None:
        return None
    assert isinstance(found.contents, types.MarkupContent)
    assert found.contents.kind == types.MarkupKind.Markdown
    return found.contents.value


async def labels_at(client: LanguageClient, uri: str, at: types.Position) -> list[str]:
    found = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=at)
    )
    assert isinstance(found, types.CompletionList)
    return [item.label for item in found.items]


async def actions_for(
    client: LanguageClient,
    uri: str,
    code: str,
    only: list[str] | None = None,
    trigger: types.CodeActionTriggerKind | None = None,
) -> list[types.CodeAction]:
    diagnostic = next(d for d in client.diagnostics[uri] if d.code == code)
    found = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=types.CodeActionContext(
                diagnostics=[diagnostic], only=only, trigger_kind=trigger
            ),
        )
    )
    return [a for a in found or [] if isinstance(a, types.CodeAction)]


# -- hover -----------------------------------------------------------------------------------
@pytest.mark.asyncio
async def test_hover_shows_parts_terminals_and_rules(client: LanguageClient) -> None:
    path = SAMPLES / "failing" / "gold.json"
    text = path.read_text(encoding="utf-8")
    uri = await opened(client, path)

    part = await hover_at(client, uri, position(text, '"859-386"', 3))
    assert part is not None
    assert "859-386" in part and "Relay module; 36 V DC coil" in part
    assert "859-386 data sheet, line 82" in part  # the width's source, as `catalog` prints it

    terminal = await hover_at(client, uri, position(text, '"K1:14"', 2))
    assert terminal is not None
    assert "K1" in terminal and "859-386" in terminal
    assert "| **14** | DI-1 |" in terminal  # the terminal hovered, with its net
    assert "| A1 | LS-1 |" in terminal

    assert await hover_at(client, uri, position(text, '"CP-04', 2)) is None

    waived = SAMPLES / "spec-example.json"
    waived_text = waived.read_text(encoding="utf-8")
    waived_uri = await opened(client, waived)
    rule = await hover_at(client, waived_uri, position(waived_text, '"IPX003"', 2))
    assert rule is not None and "**IPX003**" in rule and "end stop" in rule.lower()


# -- completion ------------------------------------------------------------------------------
@pytest.mark.asyncio
async def test_completion_offers_what_the_field_expects(
    client: LanguageClient, tmp_path: Path
) -> None:
    layout = {
        "format": "panelcheck/1",
        "nets": {"+24V": {"voltage": "24 V DC"}, "0V": {"voltage": "0 V DC"}},
        "rails": [
            {
                "id": "X1",
                "length": "100 mm",
                "items": [
                    {
                        "type": "module",
                        "id": "K1",
                        "part": "859-390",
                        "terminals": {"A1": "+24V", "A2": "0V"},
                    },
                    {"type": "end_plate", "id": "P1", "part": "859-5"},
                ],
                "jumpers": [
                    {"id": "J1", "part": "859-4", "slot": "A", "from": "K1"},
                    {"id": "J2", "part": "859-402", "slot": "A1", "from": "K"},
                ],
            }
        ],
        "wires": [{"id": "W1", "terminal": "K1:", "cross_section": "1 mm^2", "ferrule": "216"}],
        "loads": [{"id": "L1", "terminal": "K1:14", "current": "1 A", "kind": ""}],
        "waivers": [{"rule": "IPX", "subject": "", "reason": "r"}],
    }
    text = json.dumps(layout, indent=2)
    path = tmp_path / "layout.json"
    path.write_text(text, encoding="utf-8")
    uri = await opened(client, path)

    plates = await labels_at(client, uri, position(text, '"859-5"', 6))
    assert "859-525" in plates and "859-390" not in plates and "249-116" not in plates
    jumpers = await labels_at(client, uri, position(text, '"859-4"', 6))
    assert "859-402" in jumpers and "859-525" not in jumpers and "859-390" not in jumpers
    ferrules = await labels_at(client, uri, position(text, '"216"', 4))
    assert "216-221" in ferrules and "859-402" not in ferrules
    terminals = await labels_at(client, uri, position(text, '"K1:"', 4))
    assert {"K1:A1", "K1:A2", "K1:11", "K1:14"} <= set(terminals)
    modules = await labels_at(client, uri, position(text, '"K"', 2))
    assert modules == ["K1"]
    slots = await labels_at(client, uri, position(text, '"A"', 2))
    assert slots[:3] == ["A1", "A2", "11"]  # the part's jumper slots first
    kinds = await labels_at(client, uri, position(text, '"kind": ""', 9))
    assert kinds == ["resistive", "inductive", "lamp", "capacitive", "signal"]
    rules = await labels_at(client, uri, position(text, '"IPX"', 4))
    assert {"IPX001", "IPX003", "GLD001", "LAY000"} <= set(rules)
    subjects = await labels_at(client, uri, position(text, '"subject": ""', 12))
    assert {"K1", "X1", "P1", "W1", "+24V"} <= set(subjects)
    nets = await labels_at(client, uri, position(text, '"A1": "+24V"', 9))
    assert nets == ["+24V", "0V"]
    keys = await labels_at(client, uri, position(text, '"A1": "+24V"', 2))
    assert "A1" in keys and "14" in keys and "A2" not in keys  # A2 is mapped already


@pytest.mark.asyncio
async def test_completion_replaces_the_whole_string(client: LanguageClient, tmp_path: Path) -> None:
    text = (
        '{"format": "panelcheck/1",\n'
        ' "rails": [{"id": "X1", "length": "100 mm", "items": [\n'
        '   {"type": "end_stop", "part": "24x"}]}]}\n'
    )
    path = tmp_path / "stop.json"
    uri = await opened(client, path, text)
    at = position(text, '"24x"', 3)  # after "24", before "x"
    found = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=at)
    )
    assert isinstance(found, types.CompletionList)
    [stop] = [item for item in found.items if item.label == "249-116"]
    stops = {part.number for part in load_catalog() if part.kind == "end_stop"}
    assert {item.label for item in found.items} == stops  # end stops only
    assert isinstance(stop.text_edit, types.TextEdit)
    assert apply(text, [stop.text_edit]) == text.replace('"24x"', '"249-116"')


# -- code actions ----------------------------------------------------------------------------
@pytest.mark.asyncio
async def test_a_quick_fix_gives_the_bytes_of_fix(client: LanguageClient, tmp_path: Path) -> None:
    text = (SAMPLES / "spec-example.json").read_text(encoding="utf-8")
    waiver_start = text.index('  "waivers"')
    unwaived = text[:waiver_start].rstrip().rstrip(",") + "\n}\n"  # its end stop now missing
    path = tmp_path / "one-fix.json"
    path.write_text(unwaived, encoding="utf-8")
    uri = await opened(client, path)
    assert codes(client, uri) == ["IPX003"]

    # the lightbulb's automatic request: no "Fix all" (it would run a round of fixing)
    [fix, waiver] = await actions_for(client, uri, "IPX003")
    invoked = await actions_for(client, uri, "IPX003", trigger=types.CodeActionTriggerKind.Invoked)
    assert [a.kind for a in invoked] == ["quickfix", "quickfix", "source.fixAll.panelcheck"]
    assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
    assert "end stop" in fix.title
    assert fix.edit is not None and fix.edit.changes is not None
    assert apply(unwaived, list(fix.edit.changes[uri])) == cli_fix(path, tmp_path)

    assert waiver.title.startswith("Add a waiver for IPX003 on X1")
    assert waiver.edit is not None and waiver.edit.changes is not None
    waived = apply(unwaived, list(waiver.edit.changes[uri]))
    assert json.loads(waived)["waivers"] == [{"rule": "IPX003", "subject": "X1", "reason": ""}]
    change(client, uri, waived, 2)
    await until(lambda: uri in client.diagnostics)
    assert codes(client, uri) == ["IPX003", "LAY006"]  # not applied until it says why
    titles = [a.title for a in await actions_for(client, uri, "IPX003")]
    assert not any(t.startswith("Add a waiver") for t in titles)  # there is one already
    titles = [a.title for a in await actions_for(client, uri, "LAY006")]
    assert not any(t.startswith("Add a waiver") for t in titles)  # LAY006 is not waivable
    change(client, uri, waived.replace('"reason": ""', '"reason": "held by the duct"'), 3)
    await until(lambda: uri in client.diagnostics)
    assert codes(client, uri) == []


@pytest.mark.asyncio
async def test_fix_all_gives_the_bytes_of_fix(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "enclosure.json"
    shutil.copy(SAMPLES / "failing" / "enclosure.json", path)
    text = path.read_text(encoding="utf-8")
    uri = await opened(client, path)
    assert {"IPX001", "IPX003"} <= set(codes(client, uri))

    [fix_all] = await actions_for(client, uri, "IPX001", only=["source.fixAll"])
    assert fix_all.kind == "source.fixAll.panelcheck"
    assert fix_all.edit is not None and fix_all.edit.changes is not None
    fixed = apply(text, list(fix_all.edit.changes[uri]))
    assert fixed == cli_fix(path, tmp_path)
    assert fixed != text


@pytest.mark.asyncio
async def test_actions_wait_for_the_check_of_the_current_text(
    client: LanguageClient, tmp_path: Path
) -> None:
    path = tmp_path / "enclosure.json"
    shutil.copy(SAMPLES / "failing" / "enclosure.json", path)
    uri = await opened(client, path)
    diagnostic = next(d for d in client.diagnostics[uri] if d.code == "IPX001")
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangeWholeDocument(text=path.read_text() + " ")
            ],
        )
    )
    found = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    assert not found  # edits computed on the old text would land in the wrong place


# -- configuration ---------------------------------------------------------------------------
@pytest.mark.asyncio
async def test_an_edited_configuration_applies_at_the_next_check(
    client: LanguageClient, tmp_path: Path
) -> None:
    path = tmp_path / "gold.json"
    shutil.copy(SAMPLES / "failing" / "gold.json", path)
    text = path.read_text(encoding="utf-8")
    uri = await opened(client, path)
    assert "GLD001" in codes(client, uri)

    (tmp_path / ".panelcheck.toml").write_text('ignore = ["GLD001"]\n', encoding="utf-8")
    change(client, uri, text + "\n", 2)
    await until(lambda: uri in client.diagnostics)
    assert "GLD001" not in codes(client, uri) and codes(client, uri)

    (tmp_path / ".panelcheck.toml").write_text('ignore = ["GLD002"]\n', encoding="utf-8")
    change(client, uri, text, 3)
    await until(lambda: uri in client.diagnostics)
    assert "GLD001" in codes(client, uri)


@pytest.mark.asyncio
async def test_a_catalog_part_added_on_disk_is_known_at_the_next_check(
    client: LanguageClient, tmp_path: Path
) -> None:
    parts = tmp_path / "parts"
    parts.mkdir()
    (tmp_path / ".panelcheck.toml").write_text('catalogs = ["parts"]\n', encoding="utf-8")
    layout = {
        "format": "panelcheck/1",
        "rails": [
            {
                "id": "X1",
                "length": "100 mm",
                "items": [{"type": "module", "id": "A1", "part": "MY-100"}],
            }
        ],
    }
    text = json.dumps(layout, indent=2)
    uri = await opened(client, tmp_path / "own.json", text)
    assert "LAY001" in codes(client, uri)  # no such part yet

    (parts / "my.toml").write_text(
        '["MY-100"]\nkind = "module"\ndescription = "Our own interface"\n'
        'width = { value = "12 mm", source = "our sheet" }\n',
        encoding="utf-8",
    )
    change(client, uri, text + "\n", 2)
    await until(lambda: uri in client.diagnostics)
    assert "LAY001" not in codes(client, uri)


# -- never a dead server ---------------------------------------------------------------------
@pytest.mark.asyncio
async def test_broken_and_huge_documents_are_answered(
    client: LanguageClient, tmp_path: Path
) -> None:
    broken = '{"format": "panelcheck/1", "rails": [{"id": "X1", "items": [{"part": "859-'
    uri = await opened(client, tmp_path / "broken.json", broken)
    assert codes(client, uri) == ["LAY000"]
    assert await labels_at(client, uri, position(broken, '"859-', 5))  # still completes
    deep = '{"format": "panelcheck/1", "rails": ' + "[" * 50_000
    deep_uri = await opened(client, tmp_path / "deep.json", deep)
    assert codes(client, deep_uri) == ["LAY000"]
    await hover_at(client, deep_uri, types.Position(line=0, character=60))

    huge = json.dumps(make_panel(2_000), indent=2)
    huge_uri = await opened(client, tmp_path / "huge.json", huge)
    assert codes(client, huge_uri) == []
    # a hover is answered while the huge layout is checked again after a change
    change(client, huge_uri, huge.replace('"ambient"', '"ambient" ', 1), 2)
    text = (SAMPLES / "failing" / "gold.json").read_text(encoding="utf-8")
    gold = await opened(client, SAMPLES / "failing" / "gold.json")
    assert await hover_at(client, gold, position(text, '"859-386"', 3))
    await until(lambda: huge_uri in client.diagnostics)
    assert codes(client, huge_uri) == []


@pytest.mark.asyncio
async def test_an_internal_error_is_logged_and_answered(broken_client: LanguageClient) -> None:
    client = broken_client
    path = SAMPLES / "failing" / "gold.json"
    text = path.read_text(encoding="utf-8")
    uri = await opened(client, path)
    with pytest.raises(Exception, match="hover broke"):
        await hover_at(client, uri, position(text, '"859-386"', 3))
    await until(
        lambda: any("hover broke" in m.message for m in client.log_messages), "the log message"
    )
    logged = next(m for m in client.log_messages if "hover broke" in m.message)
    assert logged.type == types.MessageType.Error and "Traceback" in logged.message
    # the server carries on
    assert await labels_at(client, uri, position(text, '"859-386"', 3))


@pytest.mark.asyncio
async def test_a_closed_document_keeps_no_diagnostics(
    client: LanguageClient, tmp_path: Path
) -> None:
    """Saved and closed at once (``:wq``): the check of the saved text, still running,
    must not bring its diagnostics back after the close."""
    path = tmp_path / "big.json"
    text = json.dumps(make_failing_panel(2_000), indent=1)
    path.write_text(text, encoding="utf-8")
    uri = await opened(client, path)
    assert codes(client, uri)
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    await until(lambda: not client.diagnostics[uri], "the close's empty list")
    # a hover on another document is answered after the save's check has finished
    gold = SAMPLES / "failing" / "gold.json"
    gold_uri = await opened(client, gold)
    gold_text = gold.read_text(encoding="utf-8")
    assert await hover_at(client, gold_uri, position(gold_text, '"859-386"', 3))
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=gold_uri))
    )
    await until(lambda: bool(client.diagnostics.get(gold_uri)))
    assert not client.diagnostics[uri]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def utf8_client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    """A client that prefers positions in UTF-8 bytes (as Neovim and Helix do)."""
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(
                general=types.GeneralClientCapabilities(position_encodings=["utf-8"])
            )
        )
    )
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_edits_are_in_the_negotiated_units(
    utf8_client: LanguageClient, tmp_path: Path
) -> None:
    """A client that prefers UTF-8 positions gets them, in diagnostics and in the
    "Fix all" edit, which then gives the bytes of ``--fix`` on a line with "µΩ"."""
    lsp = utf8_client
    path = tmp_path / "utf8.json"
    original = (SAMPLES / "failing" / "enclosure.json").read_text(encoding="utf-8")
    text = original.replace('"name": "', '"name": "Süd µΩ ', 1)
    assert text != original
    path.write_text(text, encoding="utf-8")
    uri = await opened(lsp, path)
    [fix_all] = await actions_for(lsp, uri, "IPX001", only=["source.fixAll"])
    assert fix_all.edit is not None and fix_all.edit.changes is not None
    [edit] = fix_all.edit.changes[uri]
    lines = text.encode("utf-8").split(b"\n")
    assert edit.range.start == types.Position(line=0, character=0)
    assert edit.range.end == types.Position(line=len(lines) - 1, character=len(lines[-1]))
    assert edit.new_text == cli_fix(path, tmp_path)


@pytest.mark.asyncio
async def test_a_byte_order_mark_is_read_as_the_command_line_reads_it(
    client: LanguageClient, tmp_path: Path
) -> None:
    """Some clients keep a file's byte-order mark in the text: the findings are the
    command line's, on the same values, and the fixes land on the same bytes."""
    path = tmp_path / "bom.json"
    shutil.copy(SAMPLES / "failing" / "enclosure.json", path)
    plain = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + plain.encode("utf-8"))
    uri = await opened(client, path, "\ufeff" + plain)
    with_mark = sorted(
        (str(d.code), d.range.start.line, d.range.start.character) for d in client.diagnostics[uri]
    )
    plain_uri = await opened(client, tmp_path / "plain.json", plain)
    without = sorted(
        (str(d.code), d.range.start.line, d.range.start.character)
        for d in client.diagnostics[plain_uri]
    )
    assert "LAY000" not in {code for code, _, _ in with_mark}
    assert with_mark == without
    [fix_all] = await actions_for(client, uri, "IPX001", only=["source.fixAll"])
    assert fix_all.edit is not None and fix_all.edit.changes is not None
    [edit] = fix_all.edit.changes[uri]
    assert edit.new_text == cli_fix(path, tmp_path)  # the mark kept, as --fix keeps it
    assert edit.new_text.startswith("\ufeff")
