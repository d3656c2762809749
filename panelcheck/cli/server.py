"""``panelcheck server``: the Language Server over stdio (see :mod:`panelcheck.server`).

pygls is an optional extra, imported only here inside the command, so the rest of the
command line starts without it; when it is missing the command says how to install it
in one line and exits 2, like any other usage error.
"""

from __future__ import annotations

import gc
import os
import sys

import click

from panelcheck.cli.common import fail


@click.command("server")
def server_command() -> None:
    """Start the Language Server (LSP over stdio) for editors: findings as diagnostics."""
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        fail('the language server needs pygls: pip install "panelcheck[server]"')
    from panelcheck.server.app import serve

    gc.enable()  # a long-lived process, unlike a check run (see run.process.exit_after)
    try:
        serve()
        status = 0
    except SystemExit as exc:  # pygls ends the process this way on the client's exit
        status = exc.code if isinstance(exc.code, int) else 0
    # pygls has closed stdout (the protocol's stream), which panelcheck.run.process's
    # final flush would trip over: end here, with the status the protocol asks for.
    sys.stderr.flush()
    os._exit(status)
