"""``panelcheck server`` end to end: a real LSP client (pytest-lsp) talking to
``python -m panelcheck server`` over stdio (SPEC section 13, first slice: diagnostics)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES

pytest.importorskip("pygls")
pytest_lsp = pytest.importorskip("pytest_lsp")

from lsp_session import TIMEOUT, until  # noqa: E402
from lsprotocol import types  # noqa: E402
from pytest_lsp import LanguageClient  # noqa: E402

from panelcheck.engine.core import Engine  # noqa: E402

GOLD = SAMPLES / "failing" / "gold.json"


def expected(path: Path, text: str) -> list[tuple[str, int]]:
    result = Engine().check_text(str(path), text)
    return sorted((f.code, f.line - 1) for f in result.findings if not f.waived)


def received(client: LanguageClient, uri: str) -> list[tuple[str, int]]:
    return sorted((str(d.code), d.range.start.line) for d in client.diagnostics[uri])


def open_document(client: LanguageClient, uri: str, text: str) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="json", version=1, text=text)
        )
    )


@pytest.mark.asyncio
async def test_diagnostics_follow_the_text(client: LanguageClient) -> None:
    uri = GOLD.as_uri()
    text = GOLD.read_text(encoding="utf-8")
    want = expected(GOLD, text)
    assert ("GLD001", 24) in want

    open_document(client, uri, text)
    await until(lambda: uri in client.diagnostics)
    assert received(client, uri) == want
    first = next(d for d in client.diagnostics[uri] if d.range.start.line == 24)
    assert first.source == "panelcheck"
    assert first.severity == types.DiagnosticSeverity.Error
    assert first.range.start.character == 8  # column 9, 0-based
    assert first.range.end.line == 24
    assert first.code_description is not None
    assert first.code_description.href == "https://panelcheck.invalid/rules/GLD001"
    assert "K1" in first.message

    # K1's contact switches +48V onto DI-1: at 24 V its gold layer is within its rating
    fixed = text.replace('"+48V": {"voltage": "48 V DC"}', '"+48V": {"voltage": "24 V DC"}')
    fixed = fixed.replace('"DI-1": {"voltage": "48 V DC"}', '"DI-1": {"voltage": "24 V DC"}')
    assert fixed != text
    want_fixed = expected(GOLD, fixed)
    assert want_fixed == [f for f in want if f != ("GLD001", 24)]
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
        )
    )
    await until(lambda: ("GLD001", 24) not in received(client, uri))
    assert received(client, uri) == want_fixed


@pytest.mark.asyncio
async def test_other_json_gets_no_diagnostics(client: LanguageClient) -> None:
    uri = (ROOT / "not-a-layout.json").as_uri()
    open_document(client, uri, '{"name": "package", "rails": "no"}\n')
    await until(lambda: uri in client.diagnostics)
    assert list(client.diagnostics[uri]) == []


@pytest.mark.asyncio
async def test_broken_document_gives_lay000(client: LanguageClient) -> None:
    uri = (ROOT / "broken-layout.json").as_uri()
    open_document(client, uri, '{"format": "panelcheck/1", "rails": [ this is not JSON\n')
    await until(lambda: uri in client.diagnostics)
    codes = {str(d.code) for d in client.diagnostics[uri]}
    assert codes == {"LAY000"}
    # the server is still there: a good layout after it is checked as usual
    uri2 = GOLD.as_uri()
    open_document(client, uri2, GOLD.read_text(encoding="utf-8"))
    await until(lambda: uri2 in client.diagnostics)
    assert received(client, uri2)


def test_without_pygls_the_command_says_how_to_install() -> None:
    code = (
        "import sys; sys.modules['pygls'] = None; sys.modules['lsprotocol'] = None\n"
        "from panelcheck.cli import run; sys.argv = ['panelcheck', 'server']; run()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=TIMEOUT, cwd=ROOT
    )
    assert done.returncode == 2
    assert 'pip install "panelcheck[server]"' in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_the_command_line_does_not_import_pygls() -> None:
    code = (
        "import sys, panelcheck.cli\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=TIMEOUT, cwd=ROOT
    )
    assert done.stdout.strip() == "[]"


def test_ranges_start_at_the_reported_column_in_utf16_units() -> None:
    from panelcheck.findings import Finding
    from panelcheck.server.columns import Lines
    from panelcheck.server.diagnostics import to_diagnostics

    text = '{\n  "a": 1\n}\n'
    shown = Finding("GLD001", "warning", "shown", None, "/a", line=2, column=3)
    beyond = Finding("LAY000", "info", "past the end", None, "", line=9, column=40)
    out = to_diagnostics([shown, beyond], Lines(text))
    assert [d.code for d in out] == ["GLD001", "LAY000"]
    assert (out[0].range.start.line, out[0].range.start.character) == (1, 2)
    assert (out[0].range.end.line, out[0].range.end.character) == (1, 8)
    assert out[0].severity == types.DiagnosticSeverity.Warning
    assert out[1].severity == types.DiagnosticSeverity.Information
    assert out[1].range.start == out[1].range.end

    # "µ" is one UTF-16 unit, the emoji two: column 12 (characters) is unit 13
    wide = '{"d": "µ😀", "x": 1}\n'
    at = Finding("GLD001", "warning", "x", None, "/x", line=1, column=wide.index('"x"') + 1)
    [diagnostic] = to_diagnostics([at], Lines(wide))
    assert diagnostic.range.start.character == wide.index('"x"') + 1
    assert diagnostic.range.end.character == len(wide.rstrip("\n")) + 1
    [utf32] = to_diagnostics([at], Lines(wide, "utf-32"))
    assert utf32.range.start.character == wide.index('"x"')
