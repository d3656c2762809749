"""Writing a report to a file whole or not at all, and never onto what it must not touch.

A CI job that uploads ``panelcheck.sarif`` must never upload half a file: the report is
written to a temporary file in the same folder and renamed over the target, which is
atomic on the same file system. If anything fails (disk full, Ctrl-C, SIGTERM), the
temporary file is removed and the previous report, if any, is left as it was.

Where the target already exists and is not a regular file (``/dev/null``,
``/dev/stdout``, a named pipe), renaming over it would replace the device or pipe itself
(as root, ``-o /dev/null`` would delete the real one): such a target is written to
directly, as a shell redirection would. A folder is refused.

A layout file is never written: a target that is one of the files being read (the same
file by device and inode, whatever the path says) or that declares a ``panelcheck/``
format is refused with :class:`RefusedOutput`, so ``-o b.json`` cannot replace another
layout that happens to sit beside the report.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from panelcheck.run.discovery import DECLARES_FORMAT

Text = str | Iterable[str]
"""A whole report, or its pieces in order (exports are streamed, not joined first)."""

_SNIFF_BYTES = 64 * 1024


class RefusedOutput(Exception):
    """The target is a layout, or something that can be neither replaced nor written."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _pieces(text: Text) -> Iterable[str]:
    return (text,) if isinstance(text, str) else text


def check_target(path: Path, sources: Iterable[str | Path] = ()) -> None:
    """Refuse a target that is a layout file: one of ``sources`` or one that declares
    a panelcheck format. Called before any work, so a refused run costs nothing."""
    try:
        target = os.stat(path)
    except OSError:
        return  # nothing there yet (or nothing we may look at): it will be created
    if stat.S_ISDIR(target.st_mode):
        raise RefusedOutput(f"{path} is a folder")
    for source in sources:
        with contextlib.suppress(OSError):
            other = os.stat(source)
            if (other.st_dev, other.st_ino) == (target.st_dev, target.st_ino):
                raise RefusedOutput(
                    f"{path} is a layout being read; panelcheck never writes a layout file"
                )
    if stat.S_ISREG(target.st_mode) and _declares_layout(path):
        raise RefusedOutput(f"{path} is a layout file; panelcheck never writes a layout file")


def _declares_layout(path: Path) -> bool:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return False  # a link (replaced, not followed, by the rename) or unreadable
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            return False
        return bool(DECLARES_FORMAT.search(stream.read(_SNIFF_BYTES)))


def write_atomically(path: Path, text: Text, sources: Iterable[str | Path] = ()) -> None:
    """Write ``text`` to ``path`` whole or not at all (see the module's docstring).

    Raises :class:`RefusedOutput` for a layout target and ``OSError`` when writing fails.
    """
    sources = list(sources)
    check_target(path, sources)
    try:
        existing: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        _write_through(path, text)  # its failure is the run's: never a rename over it
        return
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        # mkstemp makes the file private (0600); a report is an ordinary file.
        os.chmod(temporary, 0o666 & ~_umask())
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            for piece in _pieces(text):
                stream.write(piece)
            stream.flush()
            os.fsync(stream.fileno())
        check_target(path, sources)  # a layout put there while the report was written
        _still_replaceable(path)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _still_replaceable(path: Path) -> None:
    """Refuse the rename when a device, pipe or socket took the target's place while
    the report was written (a link is replaced, never followed)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        raise RefusedOutput(f"{path} is no longer a regular file; nothing was written")


def _write_through(path: Path, text: Text) -> None:
    """A device or pipe: written to as it is (there is nothing to replace atomically)."""
    with open(path, "w", encoding="utf-8", newline="") as stream:
        for piece in _pieces(text):
            stream.write(piece)
