"""Checking many files: in worker processes when that pays, with a progress bar.

Workers are forked from the process that has already loaded the engine (rules,
catalog, checks), so each inherits it instead of loading it again; files go to the
workers in small chunks and their results come back in input order, so the report is
byte-identical to a serial run. Where fork is not available (Windows), or the run is
too small to gain from it, files are checked in this process.

The progress bar appears only on a terminal, only for the text report, and only once a
run has taken about a second: a quick run or a pipe never sees it. It counts bytes, so
one huge panel moves it as well as many small ones.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any

import click

from panelcheck.findings import FileResult

# Below this much work the start of worker processes costs more than it saves.
_MIN_FILES = 8
_MIN_BYTES = 2_000_000

_ENGINE: Any = None  # set in the parent before forking; the workers inherit it


def default_jobs() -> int:
    return os.cpu_count() or 1


def _leave_interrupts() -> None:
    """Workers ignore Ctrl-C: the parent hears it and stops them (leaving the pool
    terminates it), so a stopped run prints one line, not a traceback per worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _check(item: tuple[str, bytes], engine: Any = None) -> FileResult:
    """One file's result, by ``engine`` or (in a worker) by the engine forked with it."""
    path, raw = item
    return (engine or _ENGINE).analyse_bytes(path, raw).result  # type: ignore[no-any-return]


def check_all(
    engine: Any, items: Sequence[tuple[str, bytes]], jobs: int, progress: Progress
) -> Iterator[FileResult]:
    """Results for ``items`` (path, bytes), in the order given.

    ``progress`` counts bytes: a file adds its size when done, and a file checked here
    moves the bar stage by stage while it is under way (one huge panel is a long run
    too).
    """
    global _ENGINE
    size = sum(len(raw) for _, raw in items)
    workers = min(jobs, len(items))
    parallel = (
        workers > 1
        and (len(items) >= _MIN_FILES or size >= _MIN_BYTES)
        and "fork" in multiprocessing.get_all_start_methods()
    )
    if not parallel:
        for item in items:
            engine.stage = progress.within_file(len(item[1]))
            try:
                yield _check(item, engine)
            finally:
                engine.stage = None
            progress.advance(len(item[1]))
        return
    _ENGINE = engine
    engine.options.jobs = 1  # each worker checks whole files; no forking inside a worker
    chunk = max(1, min(16, len(items) // (workers * 8)))
    with multiprocessing.get_context("fork").Pool(workers, initializer=_leave_interrupts) as pool:
        for item, result in zip(items, pool.imap(_check, items, chunksize=chunk), strict=True):
            yield result
            progress.advance(len(item[1]))


class Progress:
    """A click progress bar on stderr that shows itself only once it is worth it.

    It measures bytes of layout checked. Nothing is drawn until :attr:`DELAY` seconds
    have passed with work still left, so a quick run never flickers a bar; on a file
    that is not a terminal click would print only the label, so the caller enables the
    bar only for a terminal.
    """

    DELAY = 1.0

    def __init__(
        self,
        total: int,
        label: str,
        enabled: bool,
        clock: Callable[[], float] = time.monotonic,
        file: IO[str] | None = None,
    ) -> None:
        self.total = total
        self.label = label
        self.enabled = enabled
        self.clock = clock
        self.file = file
        self.started = clock()
        self.done = 0
        """Bytes of the files finished."""
        self.shown = 0
        self.bar: Any = None

    @classmethod
    def for_run(cls, total: int, label: str, output_format: str) -> Progress:
        """The bar of a validate run: only for the text report on a terminal."""
        wanted = output_format == "text" and sys.stderr.isatty()
        return cls(total, label, wanted)

    def advance(self, amount: int) -> None:
        """A file of ``amount`` bytes is done."""
        self.done += amount
        self._show(self.done)

    def within_file(self, size: int) -> Callable[[float], None] | None:
        """A callback for the engine's stages while a file of ``size`` bytes is checked:
        it takes the fraction of that file done."""
        if not self.enabled:
            return None
        return lambda fraction: self._show(self.done + int(size * fraction))

    def _show(self, value: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            if self.clock() - self.started < self.DELAY or value >= self.total:
                return
            self.bar = click.progressbar(
                length=self.total, label=self.label, file=self.file or sys.stderr
            )
            self.bar.__enter__()
        if value > self.shown:
            self.bar.update(value - self.shown)
            self.shown = value

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
