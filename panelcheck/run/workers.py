"""Checking many files: in forked worker processes when that pays, else here.

Workers are forked from the process that has already loaded the engine (rules,
catalog, checks), so each inherits it instead of loading it again; files go to the
workers in small chunks and their results come back in input order, so the report is
byte-identical to a serial run. Where fork is not available (Windows), or the run is
too small to gain from it, files are checked in this process.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import selectors
import signal
import struct
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, NoReturn

from panelcheck.findings import FileResult
from panelcheck.run.progress import Progress

if TYPE_CHECKING:  # the engine is imported by whoever made it, only when it is needed
    from panelcheck.engine.core import Engine

# Below this much work the start of worker processes costs more than it saves.
_MIN_FILES = 8
_MIN_BYTES = 2_000_000
_HEADER = struct.Struct("!Q")


class WorkerDied(Exception):
    """A worker process ended without answering (killed by the OOM killer, SIGKILL,
    SIGTERM): the run stops with this one-line message rather than wait forever or
    print a report that lacks files."""


def default_jobs() -> int:
    """``--jobs`` when not given: one process per core."""
    if hasattr(os, "sched_getaffinity"):  # the cores this process may use, not the host's
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def can_fork() -> bool:
    """Workers are forked (to inherit the loaded engine); without fork, no workers."""
    return hasattr(os, "fork")


def check_all(
    engine: Engine, items: Sequence[tuple[str, bytes]], jobs: int, progress: Progress
) -> Iterator[FileResult]:
    """Results for ``items`` (path, bytes), in the order given.

    ``progress`` counts bytes: a file adds its size when done, and a file checked here
    moves the bar stage by stage while it is under way (one huge panel is a long run
    too).
    """
    size = sum(len(raw) for _, raw in items)
    workers = min(jobs, len(items))
    parallel = workers > 1 and (len(items) >= _MIN_FILES or size >= _MIN_BYTES) and can_fork()
    if not parallel:
        for path, raw in items:
            engine.stage = progress.within_file(len(raw))
            try:
                yield engine.analyse_bytes(path, raw).result
            finally:
                engine.stage = None
            progress.advance(len(raw))
        return
    engine.options.jobs = 1  # each worker checks whole files; no forking inside a worker
    chunk = max(1, min(16, len(items) // (workers * 8)))
    chunks = [range(start, min(start + chunk, len(items))) for start in range(0, len(items), chunk)]
    pool = _Pool(engine, items, chunks)
    try:
        pool.start(workers)
        for done in pool.results():
            for index in done:
                progress.advance(len(items[index][1]))
            yield from done.values()
    finally:
        pool.stop()


class _Worker:
    """One forked worker: chunk numbers go down ``tasks``, pickled results come back."""

    def __init__(self, pid: int, tasks: int, answers: int) -> None:
        self.pid = pid
        self.tasks = tasks
        self.answers = answers
        self.buffer = bytearray()
        self.busy: int | None = None  # the chunk it is checking


class _Pool:
    """Worker processes forked from this one, so each inherits the loaded engine and the
    files' bytes, and is handed chunk numbers one at a time (a slow file does not hold
    up the others). Results come back in chunk order whatever order they finish in.

    Written out rather than taken from ``multiprocessing``: its pool waits forever for
    a worker that was killed, and its workers print tracebacks when their parent has
    gone. Here a worker that ends without answering stops the run with
    :class:`WorkerDied`, and a worker whose parent has gone sees its pipes close and
    leaves without a word.
    """

    def __init__(
        self, engine: Engine, items: Sequence[tuple[str, bytes]], chunks: list[range]
    ) -> None:
        self.engine = engine
        self.items = items
        self.chunks = chunks
        self.workers: list[_Worker] = []
        self.next_chunk = 0
        self.selector = selectors.DefaultSelector()

    def start(self, count: int) -> None:
        for _ in range(count):
            task_read, task_write = os.pipe()
            answer_read, answer_write = os.pipe()
            try:
                pid = os.fork()
            except OSError:  # no process to be had: close this worker's pipes, say so
                for descriptor in (task_read, task_write, answer_read, answer_write):
                    os.close(descriptor)
                raise
            if pid == 0:  # the worker: never returns
                os.close(task_write)
                os.close(answer_read)
                self._serve(task_read, answer_write)
            worker = _Worker(pid, task_write, answer_read)
            self.workers.append(worker)  # tracked at once, so stop() ends it whatever comes
            os.close(task_read)
            os.close(answer_write)
            self.selector.register(answer_read, selectors.EVENT_READ, worker)
            self._hand_out(worker)

    def _serve(self, tasks: int, answers: int) -> NoReturn:
        """A worker's life: check the chunks it is handed until its task pipe closes."""
        status = 0
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent hears Ctrl-C
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            for other in self.workers:  # the pipes of the workers forked before this one
                os.close(other.tasks)
                os.close(other.answers)
            while True:
                header = _read_exactly(tasks, _HEADER.size)
                if header is None:
                    break  # no more work, or the parent has gone
                (number,) = _HEADER.unpack(header)
                try:
                    answer = ("ok", self._check(number))
                    payload = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
                except Exception as exc:  # a bug: the parent raises it as a serial run would
                    payload = _pickled_failure(exc)
                _write_all(answers, _HEADER.pack(len(payload)) + payload)
        except BaseException:  # the parent sees a worker that died and says so
            status = 1
        finally:
            os._exit(status)

    def _check(self, number: int) -> dict[int, FileResult]:
        return {
            index: self.engine.analyse_bytes(*self.items[index]).result
            for index in self.chunks[number]
        }

    def _hand_out(self, worker: _Worker) -> None:
        if self.next_chunk < len(self.chunks):
            worker.busy = self.next_chunk
            self.next_chunk += 1
            # A worker that died after its last answer: its closed pipe says so next.
            with contextlib.suppress(OSError):
                _write_all(worker.tasks, _HEADER.pack(worker.busy))
        elif worker.tasks >= 0:
            os.close(worker.tasks)  # nothing left: the worker leaves
            worker.tasks = -1

    def results(self) -> Iterator[dict[int, FileResult]]:
        """Each chunk's results ({index: result}), in chunk order."""
        finished: dict[int, dict[int, FileResult]] = {}
        wanted = 0
        while wanted < len(self.chunks):
            while wanted in finished:
                yield finished.pop(wanted)
                wanted += 1
            if wanted == len(self.chunks):
                break
            for key, _ in self.selector.select():
                worker: _Worker = key.data
                data = os.read(worker.answers, 1 << 20)
                if not data:
                    self._ended(worker)
                    continue
                worker.buffer += data
                while len(worker.buffer) >= _HEADER.size:
                    (length,) = _HEADER.unpack_from(worker.buffer)
                    if len(worker.buffer) < _HEADER.size + length:
                        break
                    payload = bytes(worker.buffer[_HEADER.size : _HEADER.size + length])
                    del worker.buffer[: _HEADER.size + length]
                    assert worker.busy is not None
                    status, answer = pickle.loads(payload)  # our own child's answer
                    if status != "ok":
                        raise answer
                    finished[worker.busy] = answer
                    worker.busy = None
                    self._hand_out(worker)

    def _ended(self, worker: _Worker) -> None:
        """A worker closed its end: done when it had no chunk, else it died."""
        self.selector.unregister(worker.answers)
        _, status = os.waitpid(worker.pid, 0)
        worker.pid = 0
        if worker.busy is None and not worker.buffer:
            return
        how = _how_it_ended(status)
        chunk = self.chunks[worker.busy] if worker.busy is not None else range(0)
        paths = [self.items[index][0] for index in chunk]
        where = f" while checking {paths[0]}" + (
            f" (or one of {len(paths) - 1} more)" if len(paths) > 1 else ""
        )
        raise WorkerDied(
            f"a worker process {how}{where}; the run was stopped "
            "(run again, or with --jobs 1 to check in one process)"
        )

    def stop(self) -> None:
        """Close the pipes and end every worker still running (the run is over, or it
        was interrupted or failed)."""
        self.selector.close()
        for worker in self.workers:
            for descriptor in (worker.tasks, worker.answers):
                if descriptor >= 0:
                    with contextlib.suppress(OSError):
                        os.close(descriptor)
            if worker.pid:
                with contextlib.suppress(OSError):
                    os.kill(worker.pid, signal.SIGKILL)
                with contextlib.suppress(OSError):
                    os.waitpid(worker.pid, 0)
        self.workers = []


def _how_it_ended(status: int) -> str:
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        hint = " (perhaps by the out-of-memory killer)" if name == "SIGKILL" else ""
        return f"was killed by {name}{hint}"
    return f"ended with status {os.WEXITSTATUS(status)}"


def _pickled_failure(exc: Exception) -> bytes:
    """The exception for the parent to raise, if it survives the trip (many exception
    classes pickle but cannot be rebuilt from their arguments); else its words."""
    try:
        payload = pickle.dumps(("failed", exc))
        pickle.loads(payload)
        return payload
    except Exception:
        return pickle.dumps(("failed", RuntimeError(f"in a worker process: {exc!r}")))


def _read_exactly(descriptor: int, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        piece = os.read(descriptor, size - len(data))
        if not piece:
            return None
        data += piece
    return data


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]
