"""The language server itself: which messages it answers, when it checks, and how it
stays alive.

A document is checked on open and on save at once, and on change after a pause of
:data:`DEBOUNCE` seconds without another change (so a burst of keystrokes is checked
once; SPEC section 13 allows a pause of up to 50 ms). Checks run in one worker thread,
one at a time and at most one per document: changes that arrive while a document is
checked are checked together, once, when that check ends, and a check whose document
changed or closed meanwhile is not published. Hover, completion and code actions are
answered on the event loop meanwhile, from the text itself (a scan linear in the text,
see :mod:`panelcheck.server.context`) and the last check; "Fix all" runs in the worker.

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
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument

from panelcheck import __version__
from panelcheck.engine.core import Engine
from panelcheck.server import actions, completion, hover
from panelcheck.server.actions import Checked, Target
from panelcheck.server.columns import Lines
from panelcheck.server.context import Spot, spot_at
from panelcheck.server.diagnostics import is_layout, to_diagnostics
from panelcheck.server.engines import Engines
from panelcheck.server.names import Names

DEBOUNCE = 0.03
"""Seconds without a change before a changed document is checked (at most 0.05, SPEC 13)."""

WATCHED = ("**/*.toml",)
"""Files whose change may change a check: configurations (``.panelcheck.toml``,
``pyproject.toml``) and catalog parts."""


class PanelServer(LanguageServer):
    """A pygls server holding the engines, the last check of each document and the
    checks pending or running."""

    def __init__(self) -> None:
        super().__init__(
            "panelcheck", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full
        )
        self.engines = Engines(self.warn)
        self.lock = threading.Lock()  # the engines are shared by the worker and the loop
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="panelcheck-check")
        self.loop: asyncio.AbstractEventLoop | None = None
        self.pending: dict[str, asyncio.Task[None]] = {}
        """Changed documents waiting for the pause to end."""
        self.running: set[str] = set()
        self.again: set[str] = set()
        """Documents being checked, and those of them that changed meanwhile."""
        self.checked: dict[str, Checked] = {}
        self.quiet: set[str] = set()
        """Documents that are no layout and were told so (an empty list, sent once)."""
        self.names: dict[str, tuple[str, Names]] = {}
        """Per document, the last text that parsed and its names (made when hover or
        completion first asks, never by a check: a check on each keystroke of a large
        layout should not pay for them)."""
        self.parsed: dict[str, str] = {}
        """Per document, the last checked text that was a valid layout."""
        self.fixed: dict[str, tuple[str, Engine, str]] = {}
        """Per document, a text, the engine and what ``--fix`` makes of it (made once)."""

    # -- talking to the client -------------------------------------------------------------
    def log(self, kind: types.MessageType, message: str) -> None:
        """Send a log message; from the worker thread, by way of the event loop (pygls
        writes to the client from the loop only)."""
        params = types.LogMessageParams(type=kind, message=message)
        loop = self.loop
        if loop is not None and threading.current_thread() is not threading.main_thread():
            loop.call_soon_threadsafe(self.window_log_message, params)
        else:
            self.window_log_message(params)

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

    def publish(
        self, uri: str, diagnostics: list[types.Diagnostic], version: int | None = None
    ) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or types.PositionEncodingKind.Utf16.value)

    def target(self, uri: str, version: int | None) -> Target:
        """Where edits go, versioned where the client takes versioned edits."""
        capability = self.client_capabilities.workspace
        workspace_edit = capability.workspace_edit if capability else None
        versioned = bool(workspace_edit and workspace_edit.document_changes)
        return Target(uri, version, versioned)

    def open_document(self, uri: str) -> TextDocument | None:
        """The document while the client has it open (pygls would read a closed one
        from disk)."""
        document: TextDocument | None = self.workspace.text_documents.get(unquote(uri))
        return document

    # -- checking ----------------------------------------------------------------------------
    def engine_for(self, document: TextDocument) -> Engine:
        """The document's engine. An untitled document is checked with the
        configuration of the current folder."""
        path = str(Path(document.path).resolve()) if document.path else None
        with self.lock:
            return self.engines.for_document(path)

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

    def _check(
        self, document: TextDocument, text: str, version: int | None
    ) -> tuple[Checked, bool]:
        """The text's findings and diagnostics, and whether it is a valid layout (in
        the worker thread)."""
        engine = self.engine_for(document)
        path = document.path or document.uri
        bom = text.startswith("\ufeff")
        if bom and len(raw := text.encode("utf-8")) <= engine.max_bytes:
            # A client that keeps the byte-order mark in the text: read as the file's
            # bytes, as the command line reads them (its columns leave the mark out).
            result = engine.analyse_bytes(path, raw).result
        else:
            result = engine.check_text(path, text)
        lines = Lines(text, self.encoding)
        findings = [finding for finding in result.findings if not finding.waived]
        diagnostics = to_diagnostics(findings, lines, bom=bom)
        return Checked(text, version, findings, diagnostics, lines), not result.invalid

    async def check(self, uri: str) -> None:
        """Check the document now, or, while it is being checked, once more when that
        check ends; an internal error is logged and the previous diagnostics stay."""
        self.loop = asyncio.get_running_loop()
        if uri in self.running:
            self.again.add(uri)
            return
        self.running.add(uri)
        try:
            while True:
                self.again.discard(uri)
                await self._check_once(uri)
                if uri not in self.again:
                    return
        except Exception as exc:
            self.report_server_error(exc, None)
        finally:
            self.running.discard(uri)

    async def _check_once(self, uri: str) -> None:
        document = self.open_document(uri)
        if document is None:
            return
        text, version = document.source, document.version
        if not is_layout(text):
            self.checked.pop(uri, None)
            if uri not in self.quiet:
                self.quiet.add(uri)
                self.publish(uri, [], version)
            return
        loop = asyncio.get_running_loop()
        checked, valid = await loop.run_in_executor(
            self.worker, self._check, document, text, version
        )
        now = self.open_document(uri)
        if now is None or now.source != text:
            return  # closed, or changed: the check of the new text follows
        if valid:
            self.parsed[uri] = text
        self.checked[uri] = checked
        self.quiet.discard(uri)
        self.publish(uri, checked.diagnostics, version)

    def check_soon(self, uri: str) -> None:
        """Check after :data:`DEBOUNCE` seconds unless another change comes first."""
        self.cancel(uri)

        async def later() -> None:
            await asyncio.sleep(DEBOUNCE)
            self.pending.pop(uri, None)
            await self.check(uri)

        self.pending[uri] = asyncio.ensure_future(later())

    async def check_now(self, uri: str) -> None:
        """Check at once (an open or a save), dropping a change's pending check."""
        self.cancel(uri)
        await self.check(uri)

    def cancel(self, uri: str) -> None:
        previous = self.pending.pop(uri, None)
        if previous is not None:
            previous.cancel()

    def forget(self, uri: str) -> None:
        """Drop what is kept of a closed document."""
        self.cancel(uri)
        for kept in (self.checked, self.names, self.parsed, self.fixed):
            kept.pop(uri, None)
        self.quiet.discard(uri)

    # -- answering -------------------------------------------------------------------------
    def _at(
        self, params: types.HoverParams | types.CompletionParams
    ) -> tuple[Lines, Spot, Engine, Names] | None:
        """What hover and completion need of the position asked about (None outside a
        layout, or where nothing may be written)."""
        document = self.workspace.get_text_document(params.text_document.uri)
        text = document.source
        if not is_layout(text):
            return None
        lines = Lines(text, self.encoding)
        spot = spot_at(text, lines.offset(params.position))
        if spot is None:
            return None
        engine = self.engine_for(document)
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
        """The quick fixes and waivers under the range, and "Fix all" where asked for
        (by kind, or by the user: the lightbulb's automatic requests do not make the
        editor wait for a round of fixing)."""
        uri = params.text_document.uri
        document = self.open_document(uri)
        checked = self.checked.get(uri)
        if document is None or checked is None or checked.text != document.source:
            return []  # not checked yet, or changed since: the next check brings them
        target = self.target(uri, checked.version)
        only = params.context.only
        found: list[types.CodeAction] = []
        if only is None or any(types.CodeActionKind.QuickFix.value.startswith(k) for k in only):
            waived = self.names_for(uri, checked.text).waivers
            found += actions.quick_fixes(target, checked, params.range, waived)
        asked = params.context.trigger_kind == types.CodeActionTriggerKind.Invoked
        if (only is None and asked) or any(actions.FIX_ALL.startswith(k) for k in only or ()):
            fixed = await self.fix_all(document, checked)
            now = self.open_document(uri)
            if now is None or now.source != checked.text:
                return []  # changed while fixing: an edit of the old text would break it
            action = actions.fix_all(target, checked, fixed)
            if action is not None:
                found.append(action)
        return found

    async def fix_all(self, document: TextDocument, checked: Checked) -> str:
        """What ``panelcheck validate --fix`` makes of the text (made once per text and
        engine, in the worker)."""
        engine = self.engine_for(document)
        unsafe = engine.options.unsafe_fixes
        known = self.fixed.get(document.uri)
        if known is not None and known[0] == checked.text and known[1] is engine:
            return known[2]
        if not any(finding.fixable(unsafe) for finding in checked.findings):
            return checked.text
        from panelcheck.fixes.rounds import fix_file

        raw = checked.text.encode("utf-8")
        path = document.path or document.uri
        loop = asyncio.get_running_loop()
        done = await loop.run_in_executor(self.worker, fix_file, engine, path, raw, unsafe)
        fixed = done.after.decode("utf-8")
        if self.open_document(document.uri) is not None:
            self.fixed[document.uri] = (checked.text, engine, fixed)
        return fixed

    def recheck_open(self) -> None:
        """Check every open layout again soon (a configuration or catalog file changed:
        each engine sees for itself whether the files it was built from did)."""
        for uri in list(self.checked):
            self.check_soon(uri)

    def watch(self) -> None:
        """Ask the client to tell about configuration and catalog files (where it can)."""
        capability = self.client_capabilities.workspace
        watched = capability.did_change_watched_files if capability else None
        if not (watched and watched.dynamic_registration):
            return  # each check still looks at the files its engine was built from
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
        await ls.check_now(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: PanelServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.check_soon(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: PanelServer, params: types.DidSaveTextDocumentParams) -> None:
        await ls.check_now(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PanelServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.forget(params.text_document.uri)
        ls.publish(params.text_document.uri, [])

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_changed(ls: PanelServer, params: types.DidChangeWatchedFilesParams) -> None:
        ls.recheck_open()

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
