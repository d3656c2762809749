"""How long the language server keeps an editor waiting (goal 6 of ``benchmarks/run.py``).

    python benchmarks/editor.py 55 2000 --changes 20

``panelcheck server`` is started as a subprocess (``python -m panelcheck server``) and
driven over stdio by pygls's own language client, as an editor would drive it, through
the protocol alone: initialize, open a clean generated layout, then change it again and
again. Each change sends the whole text (the server asks for full synchronisation) and
alternates between two versions: the clean layout, and the same layout with one wire
made too thick for its clamp (10 mm² on a relay's coil input: WIR001, WIR002). So every
change really changes the diagnostics: one adds findings, the next removes them. A
change is timed from the moment the client sends ``textDocument/didChange`` to the
moment it has read the ``textDocument/publishDiagnostics`` for that version (a
notification for the document whose diagnostics are those of the new text: none for
the clean one, some for the other). That time includes everything the user waits for:
sending the text through the pipe, the server's pause after a change (it checks once
typing stops: 30 ms at the time of writing), the check, and the diagnostics coming back.

The first open of a new server is timed on its own (from ``didOpen`` to the first
diagnostics): it loads the rules and the catalog before it checks. So is the server's
start (from starting its process to its answer to ``initialize``). Then a few changes
are made unmeasured, so the measured ones find the server warm. After the diagnostics
of each change the client waits a tenth of a second before the next, as a user pausing
between edits.

The layout lives in a temporary folder of its own, named by a file URI: the server looks
for a configuration file above the document's folder, and a temporary folder has none,
so the defaults apply, as for ``benchmarks/run.py``'s other goals.

Needs pygls and lsprotocol (the ``server`` extra; the ``bench`` extra pulls them in).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import make_panel  # noqa: E402

TIMEOUT = 120.0
"""Seconds to wait for any one answer before giving up (the first open of a large
layout on a slow machine takes a few)."""

PAUSE = 0.1
"""Seconds between receiving a change's diagnostics and sending the next change."""

WARM_UP = 4
"""Unmeasured changes after the first open (two of each kind)."""

CLEAN_WIRE = '"cross_section": "0.75 mm^2"'
THICK_WIRE = '"cross_section": "10 mm^2"'


@dataclass
class Latency:
    """One server session: a layout opened, then changed."""

    modules: int
    size: int
    """The layout's size in bytes (UTF-8)."""
    ready: float
    """Seconds from starting the server's process to its answer to ``initialize``."""
    first_open: float
    """Seconds from ``didOpen`` on a new server to its first diagnostics."""
    adding: list[float] = field(default_factory=list)
    """Seconds from each measured change that adds findings to its diagnostics."""
    removing: list[float] = field(default_factory=list)
    """Seconds from each measured change that removes them to its diagnostics."""

    @property
    def changes(self) -> list[float]:
        return self.adding + self.removing

    @property
    def median(self) -> float:
        """The median change, of both kinds together."""
        return statistics.median(self.changes)


def texts(modules: int) -> tuple[str, str]:
    """The clean layout's text, and the same with one wire too thick for its clamp."""
    clean = json.dumps(make_panel(modules), indent=1) + "\n"
    failing = clean.replace(CLEAN_WIRE, THICK_WIRE, 1)
    if failing == clean:
        raise ValueError(f"no {CLEAN_WIRE} wire in the generated panel to change")
    return clean, failing


class _Client(LanguageClient):
    """pygls's client, keeping every diagnostics notification with the time it was read,
    the errors the server logs, and what the server writes to stderr."""

    def __init__(self) -> None:
        super().__init__("panelcheck-benchmark", "1")
        self.published: asyncio.Queue[tuple[float, types.PublishDiagnosticsParams]]
        self.published = asyncio.Queue()
        self.errors: list[str] = []
        self.stderr = bytearray()
        self._drain: asyncio.Task[None] | None = None

        @self.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
            self.published.put_nowait((time.perf_counter(), params))

        @self.feature(types.WINDOW_LOG_MESSAGE)
        def on_log(params: types.LogMessageParams) -> None:
            if params.type == types.MessageType.Error:
                self.errors.append(params.message)

    async def start(self, env: dict[str, str], cwd: Path) -> None:
        await self.start_io(sys.executable, "-m", "panelcheck", "server", env=env, cwd=cwd)
        server = self._server  # pygls keeps the process here; its stderr is a pipe
        if server is not None and server.stderr is not None:
            self._drain = asyncio.create_task(self._read_stderr(server.stderr))

    async def _read_stderr(self, stream: asyncio.StreamReader) -> None:
        while chunk := await stream.read(65536):
            self.stderr += chunk

    async def diagnostics(self, uri: str, version: int, findings: bool) -> float:
        """When the diagnostics of ``version`` of ``uri`` were read: the first
        notification for ``uri`` with findings (or with none, if ``findings`` is false)
        and not marked as being for an older version."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + TIMEOUT
        while True:
            try:
                when, params = await asyncio.wait_for(
                    self.published.get(), max(deadline - loop.time(), 0)
                )
            except TimeoutError:
                self.fail(f"no diagnostics for version {version} in {TIMEOUT:g} s")
            if params.uri != uri or (params.version is not None and params.version < version):
                continue
            if bool(params.diagnostics) == findings:
                return when

    def fail(self, reason: str) -> None:
        logged = "\n".join(self.errors)
        stderr = self.stderr.decode(errors="replace")
        sys.exit(f"panelcheck server: {reason}\n{logged}\n{stderr}".rstrip())

    async def close(self) -> None:
        await asyncio.wait_for(self.shutdown_async(None), TIMEOUT)
        self.exit(None)
        await asyncio.wait_for(self.stop(), TIMEOUT)
        if self._drain is not None:
            await self._drain


async def _session(
    modules: int, measured: int, folder: Path, env: dict[str, str] | None
) -> Latency:
    clean, failing = texts(modules)
    path = folder / f"panel-{modules}.json"
    path.write_text(clean, encoding="utf-8")
    uri = path.as_uri()
    client = _Client()
    start = time.perf_counter()
    await client.start({**os.environ} if env is None else env, folder)
    await asyncio.wait_for(
        client.initialize_async(
            types.InitializeParams(
                process_id=os.getpid(),
                root_uri=folder.as_uri(),
                capabilities=types.ClientCapabilities(),
            )
        ),
        TIMEOUT,
    )
    ready = time.perf_counter() - start
    client.initialized(types.InitializedParams())

    start = time.perf_counter()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="json", version=1, text=clean)
        )
    )
    first_open = await client.diagnostics(uri, 1, False) - start
    result = Latency(modules, len(clean.encode()), ready, first_open)
    if client.errors:
        client.fail("the server logged an error")

    for version in range(2, 2 + WARM_UP + 2 * measured):
        adding = version % 2 == 0  # version 1 is the clean text, 2 adds the thick wire
        text = failing if adding else clean
        await asyncio.sleep(PAUSE)
        start = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        took = await client.diagnostics(uri, version, adding) - start
        if version >= 2 + WARM_UP:
            (result.adding if adding else result.removing).append(took)
    if client.errors:
        client.fail("the server logged an error")
    await client.close()
    return result


def measure(modules: int, measured: int, env: dict[str, str] | None = None) -> Latency:
    """A new server, a ``modules``-module layout opened, then changed ``2 * measured``
    times after :data:`WARM_UP` unmeasured changes (``measured`` of each kind)."""
    with tempfile.TemporaryDirectory(prefix="panelcheck-editor-") as folder:
        return asyncio.run(_session(modules, measured, Path(folder).resolve(), env))


def describe(latency: Latency) -> str:
    return (
        f"{latency.modules:,} modules ({latency.size / 1e6:.2f} MB): server ready "
        f"{latency.ready:.3f} s, first open "
        f"{latency.first_open:.3f} s; change {latency.median:.3f} s (adding a finding "
        f"{statistics.median(latency.adding):.3f} s, removing it "
        f"{statistics.median(latency.removing):.3f} s; fastest {min(latency.changes):.3f} s, "
        f"slowest {max(latency.changes):.3f} s)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", type=int, nargs="*", default=[55, 2000])
    parser.add_argument("--changes", type=int, default=10, help="measured changes of each kind")
    args = parser.parse_args()
    for modules in args.modules:
        print(describe(measure(modules, args.changes)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
