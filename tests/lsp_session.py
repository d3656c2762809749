"""What the language-server tests share: the server command, a pytest-lsp client
session against it, and waiting for what the server sends. Imported by the test modules
after they have skipped themselves where pygls or pytest-lsp is missing."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Callable

import pytest_lsp
from conftest import ROOT
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

TIMEOUT = 60.0
"""Generous: the first check of a session loads the rules and the catalog."""
SERVER = [sys.executable, "-m", "panelcheck", "server"]


async def start(client: LanguageClient) -> None:
    await client.initialize_session(
        types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=ROOT.as_uri())
    )


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    """A client with an initialized session against ``panelcheck server``."""
    await start(lsp_client)
    yield
    await lsp_client.shutdown_session()


async def until(condition: Callable[[], bool], what: str = "diagnostics") -> None:
    """Wait until ``condition`` holds (failing after :data:`TIMEOUT`)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + TIMEOUT
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)
