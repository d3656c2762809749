"""The language server itself: which messages it answers, when it checks, and how it
stays alive.

A document is checked on open and on save at once, and on change after a short pause
(:data:`DEBOUNCE` seconds, so a burst of keystrokes is checked once, within the 50 ms
SPEC section 13 allows). Checks run one at a time in a worker thread, so hover,
completion and code actions are answered while a large layout is being checked; a
check whose document changed meanwhile is not published (the newer one follows).

Never a dead server: a broken document gives LAY000 diagnostics through the engine; an
internal error is logged to the client (``window/logMessage``, with the traceback) and
the request it happened in is answered with an error, while the server carries on.
"""

from __future__ import annotations

import asyncio
import json
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument

from panelcheck import __version__
from panelcheck.engine.core import Engine
from panelcheck.server import actions, completion, hover
from panelcheck.server.actions import Checked
from panelcheck.server.columns import Lines
from panelcheck.server.context import Spot, spot_at
from panelcheck.server.diagnostics import is_layout, to_diagnostics
from panelcheck.server.engines import Engines
from panelcheck.server.names import Names

DEBOUNCE = 0.03
"""Seconds of quiet after a change before it is checked (at most 0.05, SPEC 13)."""

WATCHED = ("**/.panelcheck.toml", "**/pyproject.toml", "**/*.toml")
"""Files whose change may change a check: configurations and catalog parts."""


class PanelServer(LanguageServer):
    """A pygls server holding the engines, the last check of each document and the
    pending (debounced) checks."""

    def __init__(self) -> None:
        super().__init__(
            "panelcheck", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full
        )
        self.engines = Engines(self.warn)
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.checked: dict[str, Checked] = {}
        self.names: dict[str, tuple[str, Names]] = {}
        """Per document, the last text that parsed and its names (made when hover or
        completion first asks, never by a check: a check on each keystroke of a large
        layout should not pay for them)."""
        self.parsed: dict[str, str] = {}
        """Per document, the last checked text that was JSON."""
        self.fixed: dict[str, tuple[str, str]] = {}
        """Per document, its text and what ``--fix`` makes of it (computed once)."""
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="panelcheck-check")
        self.lock = threading.Lock()  # the engines are shared by the worker and the loop

    # -- talking to the client -------------------------------------------------------------
    def log(self, kind: types.MessageType, message: str) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def warn(self, message: str) -> None:
        self.log(types.MessageType.Warning, f"panelcheck: {message}")

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Every internal error, a request's too, goes to the client's log with its
        traceback (pygls answers the request with the error itself)."""
        data = getattr(error, "data", None)  # pygls wraps a handler's error, with its frames
        frames = data.get("traceback") if isinstance(data, dict) else None
        if isinstance(frames, list):
            trace = "Traceback (most recent call last):\n" + "".join(map(str, frames))
        else:
            trace = "".join(traceback.format_exception(error))
        self.log(types.MessageType.Error, f"panelcheck: internal error: {error}\n{trace}")

    def publish(self, uri: str, diagnostics: list[types.Diagnostic]) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics)
        )

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or types.PositionEncodingKind.Utf16.value)

    # -- checking ----------------------------------------------------------------------------
    def engine_for(self, document: TextDocument) -> tuple[Engine, bool]:
        with self.lock:
            return self.engines.for_document(document.path)

    def names_for(self, uri: str, text: str) -> Names:
        """The names of the document's text or, while it does not parse, of its last
        text that did."""
        for candidate in (text, self.parsed.get(uri)):
            if candidate is None:
                continue
            known = self.names.get(uri)
            if known is not None and known[0] == candidate:
                return known[1]
            try:
                data = json.loads(candidate)
            except (ValueError, RecursionError):
                continue
            names = Names.of(data)
            self.names[uri] = (candidate, names)
            return names
        return Names()

    def _check(self, document: TextDocument, text: str) -> Checked:
        """The document's findings and diagnostics (in the worker thread)."""
        engine, _ = self.engine_for(document)
        result = engine.check_text(document.path or document.uri, text)
        lines = Lines(text, self.encoding)
        findings = [finding for finding in result.findings if not finding.waived]
        if not result.invalid:  # a valid layout: what completion falls back on
            self.parsed[document.uri] = text
        return Checked(text, findings, to_diagnostics(findings, lines), lines)

    async def check(self, uri: str) -> None:
        """Publish the document's diagnostics (none for a document that is not a
        layout); an internal error is logged and the previous diagnostics stay."""
        try:
            document = self.workspace.get_text_document(uri)
            text = document.source
            if not is_layout(text):
                self.checked.pop(uri, None)
                self.publish(uri, [])
                return
            loop = asyncio.get_running_loop()
            checked = await loop.run_in_executor(self.worker, self._check, document, text)
            if self.workspace.get_text_document(uri).source != text:
                return  # changed meanwhile: the check of the new text follows
            self.checked[uri] = checked
            self.publish(uri, checked.diagnostics)
        except Exception as exc:
            self.report_server_error(exc, None)

    def check_soon(self, uri: str) -> None:
        """Check after :data:`DEBOUNCE` seconds unless another change comes first."""
        self.cancel(uri)

        async def later() -> None:
            await asyncio.sleep(DEBOUNCE)
            self.pending.pop(uri, None)
            await self.check(uri)

        self.pending[uri] = asyncio.ensure_future(later())

    def cancel(self, uri: str) -> None:
        previous = self.pending.pop(uri, None)
        if previous is not None:
            previous.cancel()

    async def check_open(self) -> None:
        """Check every open document again (a configuration or catalog changed)."""
        with self.lock:
            self.engines.forget()
        self.fixed.clear()
        for uri in list(self.workspace.text_documents):
            await self.check(uri)

    # -- answering -------------------------------------------------------------------------
    def _at(
        self, params: types.HoverParams | types.CompletionParams
    ) -> tuple[Lines, Spot, Engine, Names] | None:
        """What hover and completion need of the position asked about (None outside a
        layout, or outside its top-level value)."""
        document = self.workspace.get_text_document(params.text_document.uri)
        text = document.source
        if not is_layout(text):
            return None
        lines = Lines(text, self.encoding)
        spot = spot_at(text, lines.offset(params.position))
        if spot is None:
            return None
        engine, _ = self.engine_for(document)
        return lines, spot, engine, self.names_for(document.uri, text)

    def hover(self, params: types.HoverParams) -> types.Hover | None:
        found = self._at(params)
        if found is None:
            return None
        lines, spot, engine, names = found
        shown = hover.hover_text(spot, names, engine.catalog, engine.rules)
        if shown is None:
            return None
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=shown),
            range=lines.range(spot.start, spot.end),
        )

    def complete(self, params: types.CompletionParams) -> types.CompletionList | None:
        found = self._at(params)
        if found is None:
            return None
        lines, spot, engine, names = found
        offered = completion.choices(spot, names, engine.catalog, engine.rules)
        return types.CompletionList(
            is_incomplete=False, items=completion.completion_items(spot, offered, lines)
        )

    async def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        document = self.workspace.get_text_document(uri)
        checked = self.checked.get(uri)
        if checked is None or checked.text != document.source:
            return []  # not checked yet, or changed since: the next check brings them
        only = params.context.only
        found: list[types.CodeAction] = []
        if only is None or any(types.CodeActionKind.QuickFix.value.startswith(k) for k in only):
            found += actions.quick_fixes(uri, checked, params.range)
        if only is None or any(actions.FIX_ALL.startswith(k) for k in only):
            fixed = await self.fix_all(document, checked)
            action = actions.fix_all(uri, checked.text, fixed)
            if action is not None:
                found.append(action)
        return found

    async def fix_all(self, document: TextDocument, checked: Checked) -> str:
        """What ``panelcheck validate --fix`` makes of the text (computed once per text)."""
        known = self.fixed.get(document.uri)
        if known is not None and known[0] == checked.text:
            return known[1]
        engine, unsafe = self.engine_for(document)
        if not any(finding.fixable(unsafe) for finding in checked.findings):
            return checked.text
        from panelcheck.fixes.rounds import fix_file

        raw = checked.text.encode("utf-8")
        path = document.path or document.uri
        loop = asyncio.get_running_loop()
        done = await loop.run_in_executor(self.worker, fix_file, engine, path, raw, unsafe)
        fixed = done.after.decode("utf-8")
        self.fixed[document.uri] = (checked.text, fixed)
        return fixed

    def watch(self) -> None:
        """Ask the client to tell about configuration and catalog files (where it can)."""
        capability = self.client_capabilities.workspace
        watched = capability.did_change_watched_files if capability else None
        if not (watched and watched.dynamic_registration):
            return  # each check still looks at the files it was built from
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED]
        )
        self.client_register_capability(
            types.RegistrationParams(
                registrations=[
                    types.Registration(
                        id="panelcheck-watched-files",
                        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                        register_options=options,
                    )
                ]
            )
        )


def make_server() -> PanelServer:
    """A server with its features registered."""
    server = PanelServer()

    @server.feature(types.INITIALIZED)
    def initialized(ls: PanelServer, params: types.InitializedParams) -> None:
        ls.watch()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: PanelServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.cancel(params.text_document.uri)
        await ls.check(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: PanelServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.check_soon(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: PanelServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.cancel(params.text_document.uri)
        await ls.check(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PanelServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.cancel(uri)
        for kept in (ls.checked, ls.names, ls.parsed, ls.fixed):
            kept.pop(uri, None)
        ls.publish(uri, [])

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def watched_changed(ls: PanelServer, params: types.DidChangeWatchedFilesParams) -> None:
        await ls.check_open()

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: PanelServer, params: types.HoverParams) -> types.Hover | None:
        return ls.hover(params)

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=['"', ":"]),
    )
    def on_completion(
        ls: PanelServer, params: types.CompletionParams
    ) -> types.CompletionList | None:
        return ls.complete(params)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL]),
    )
    async def on_code_action(
        ls: PanelServer, params: types.CodeActionParams
    ) -> list[types.CodeAction]:
        return await ls.code_actions(params)

    return server


def serve() -> None:
    """Speak LSP over stdin and stdout until the client says exit."""
    make_server().start_io()
