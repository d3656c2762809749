"""Coverage feedback: which lines of panelcheck an input reached that none did before.

An input that reaches new lines joins the corpus and is mutated further, so the fuzzer
climbs into the checks instead of bouncing off the schema. Python 3.11 has no cheap
``sys.monitoring``, and ``sys.settrace`` slows a run several times over, so only every
N-th input is traced: the feedback is sampled, the speed mostly kept. Only frames of
panelcheck itself are traced (the tracer declines every other frame at its call).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from types import CodeType, FrameType
from typing import Any

import targets

TraceFunction = Any  # the recursive type of a trace function does not spell well


class LineFeedback:
    """The set of (code, line) pairs seen so far, and how many a traced run added."""

    def __init__(self) -> None:
        self.seen: set[tuple[CodeType, int]] = set()
        self.added = 0
        self._wanted: dict[CodeType, bool] = {}

    def _global(self, frame: FrameType, event: str, arg: Any) -> TraceFunction:
        code = frame.f_code
        wanted = self._wanted.get(code)
        if wanted is None:
            wanted = self._wanted[code] = code.co_filename.startswith(targets.PACKAGE)
        return self._local if wanted else None

    def _local(self, frame: FrameType, event: str, arg: Any) -> TraceFunction:
        if event == "line" or event == "exception":
            key = (frame.f_code, frame.f_lineno if event == "line" else -frame.f_lineno)
            if key not in self.seen:
                self.seen.add(key)
                self.added += 1
        return self._local

    @contextlib.contextmanager
    def tracing(self) -> Iterator[None]:
        """Trace the block; ``added`` then says how many new lines it reached."""
        self.added = 0
        previous = sys.gettrace()
        sys.settrace(self._global)
        try:
            yield
        finally:
            sys.settrace(previous)
