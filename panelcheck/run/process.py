"""The panelcheck process: how it stops on a signal, and how it exits without freeing.

These tricks only make sense for a short command-line process, so they live here rather
than in the engine, which a library caller runs in a process of its own that must be
left as it was found. The command line (:func:`panelcheck.cli.run`) calls
:func:`exit_after` with its click group; everything else here serves that.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Callable
from types import FrameType
from typing import TYPE_CHECKING, NoReturn

import click

EXIT_USAGE = 2
"""Exit status of a usage error, a broken catalog or configuration, an unreadable
layout, or a report that could not be written whole."""

_KEEP_UNTIL_EXIT: list[object] = []
"""The last run's engine, left to ``os._exit`` rather than to the unwinding of the
command's frames: freeing the large panel it retains costs a tenth of the run."""


def keep_until_exit(engine: object) -> None:
    """Hold ``engine`` (and what it retains) until ``os._exit``; replaces the last one."""
    _KEEP_UNTIL_EXIT[:] = [engine]


class Interrupted(BaseException):
    """Ctrl-C or SIGTERM. Not a KeyboardInterrupt, which click would turn into
    "Aborted!" and exit status 1: a CI script must be able to tell an interrupted run
    from findings. Raised as an exception so that every ``finally`` runs: worker
    processes are stopped and no temporary output file is left."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_SIGNALLED: list[int] = []
"""The signal that asked the run to stop, kept in case its exception was swallowed."""


def _interrupt(signum: int, frame: FrameType | None) -> None:
    _SIGNALLED.append(signum)
    raise Interrupted(signum)


def checkpoint() -> None:
    """Stop here if a signal came while Python could not raise its exception (inside a
    library's C or Rust code, which reports it as "unraisable" and carries on)."""
    if _SIGNALLED:
        raise Interrupted(_SIGNALLED[0])


if TYPE_CHECKING:  # sys.UnraisableHookArgs exists only in the type stubs
    UnraisableHook = Callable[[sys.UnraisableHookArgs], object]


def _unraisable(hook: UnraisableHook) -> UnraisableHook:
    """``hook``, quiet about an :class:`Interrupted` that a library could not raise."""

    def quiet(unraisable: sys.UnraisableHookArgs) -> None:
        if not isinstance(unraisable.exc_value, Interrupted):
            hook(unraisable)  # the signal itself is heard at the next checkpoint

    return quiet


def exit_after(command: Callable[[], object]) -> NoReturn:
    """Run the click group ``command``, then leave with ``os._exit`` once output is
    flushed: a process that has checked a large panel would otherwise spend a noticeable
    part of its run freeing objects one by one at exit, for nothing. Everything
    panelcheck writes is complete and closed before this point (an output file is
    renamed into place only when whole, so Ctrl-C leaves none; it exits with status 130).

    The cyclic garbage collector is off for the same reason: a run is short, its
    objects have no cycles worth finding, and the collector's passes over a large
    panel (during the checks, and after them while reports are written) free nothing.
    """
    gc.disable()
    sys.unraisablehook = _unraisable(sys.unraisablehook)
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)  # a CI job cancelled, a container stopped
    try:
        try:
            command()
        finally:
            checkpoint()  # a swallowed signal still ends the run as interrupted
        status = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            status = exc.code or 0
        else:
            click.echo(exc.code, err=True)
            status = 1
    except Interrupted as stop:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut this
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        word = "interrupted" if stop.signum == signal.SIGINT else "terminated"
        click.echo(f"\npanelcheck: {word}", err=True)
        status = 128 + stop.signum  # as shells report it: 130 for Ctrl-C, 143 for SIGTERM
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # the reader has gone: the report did not arrive whole
            status = max(status, EXIT_USAGE)
    os._exit(status)
