"""The progress bar of a long validate run.

It appears only on a terminal, only for the text report, and only once a run has taken
about a second: a quick run or a pipe never sees it. It counts bytes, so one huge panel
moves it as well as many small ones.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

import click

if TYPE_CHECKING:  # click's bar class lives in a private module; only its type is used
    from click._termui_impl import ProgressBar


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
        file: TextIO | None = None,
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
        self.bar: ProgressBar[int] | None = None

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
