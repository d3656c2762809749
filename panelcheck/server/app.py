"""The language server itself: which notifications it listens to, when it checks, and
how it stays alive.

A document is checked on open and on save at once, and on change after a short pause
(:data:`DEBOUNCE` seconds, so a burst of keystrokes is checked once, within the 50 ms
SPEC section 13 allows). Any error while checking is logged to the client
(``window/logMessage``) and the server carries on: a broken document gives LAY000
diagnostics through the engine, and a bug must never leave the editor without a server.
"""

from __future__ import annotations

import asyncio
import traceback

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from panelcheck import __version__
from panelcheck.server.diagnostics import is_layout, to_diagnostics
from panelcheck.server.engines import Engines

DEBOUNCE = 0.03
"""Seconds of quiet after a change before it is checked (at most 0.05, SPEC 13)."""


class PanelServer(LanguageServer):
    """A pygls server holding the engines and the pending (debounced) checks."""

    def __init__(self) -> None:
        super().__init__(
            "panelcheck", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full
        )
        self.engines = Engines(self.warn)
        self.pending: dict[str, asyncio.Task[None]] = {}

    def log(self, kind: types.MessageType, message: str) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def warn(self, message: str) -> None:
        self.log(types.MessageType.Warning, f"panelcheck: {message}")

    def publish(self, uri: str, diagnostics: list[types.Diagnostic]) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics)
        )

    def check(self, uri: str) -> None:
        """Publish the document's diagnostics now (none for a document that is not a
        layout); an internal error is logged and the previous diagnostics stay."""
        try:
            document = self.workspace.get_text_document(uri)
            text = document.source
            if not is_layout(text):
                self.publish(uri, [])
                return
            engine = self.engines.for_document(document.path)
            result = engine.check_text(document.path or uri, text)
            self.publish(uri, to_diagnostics(result.findings, text))
        except Exception:
            self.log(
                types.MessageType.Error,
                f"panelcheck: internal error checking {uri}:\n{traceback.format_exc()}",
            )

    def check_soon(self, uri: str) -> None:
        """Check after :data:`DEBOUNCE` seconds unless another change comes first."""
        previous = self.pending.pop(uri, None)
        if previous is not None:
            previous.cancel()

        async def later() -> None:
            await asyncio.sleep(DEBOUNCE)
            self.pending.pop(uri, None)
            self.check(uri)

        self.pending[uri] = asyncio.ensure_future(later())

    def check_now(self, uri: str) -> None:
        previous = self.pending.pop(uri, None)
        if previous is not None:
            previous.cancel()
        self.check(uri)


def make_server() -> PanelServer:
    """A server with its features registered."""
    server = PanelServer()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: PanelServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.check_now(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: PanelServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.check_soon(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: PanelServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.check_now(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PanelServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        previous = ls.pending.pop(uri, None)
        if previous is not None:
            previous.cancel()
        ls.publish(uri, [])

    return server


def serve() -> None:
    """Speak LSP over stdin and stdout until the client says exit."""
    make_server().start_io()
