"""Reading a data sheet and writing its draft, carefully.

A sheet is untrusted input: read only as a regular file of at most :data:`SHEET_LIMIT`
bytes (through :mod:`panelcheck.read.safe_files`, as catalog files are), and refused with
one line when it is empty, binary (a PDF, NUL bytes) or not UTF-8 text. A draft is
written whole or not at all: into a temporary file in the target folder, then linked or
renamed into place. Without ``force`` an existing file (even a dangling link) is never
replaced: the hard link that puts the draft in place fails if anything is there, so not
even a file created meanwhile is overwritten.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from panelcheck.catalog.drafting.sheet import DraftError
from panelcheck.read.safe_files import RefusedFile, read_bytes

SHEET_LIMIT = 10 * 1024 * 1024
"""Largest sheet read: a data sheet as text is tens of kilobytes."""

_NO_LINKS = {errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK}


def read_sheet(path: Path) -> str:
    """The text of the sheet at ``path`` (see the module's docstring)."""
    if os.path.islink(path):
        raise DraftError(f"{path}: is a symbolic link; name the sheet itself (read only as a file)")
    try:
        data = read_bytes(path, SHEET_LIMIT)
    except RefusedFile as exc:
        raise DraftError(f"{path}: {exc}") from None
    if data.startswith(b"%PDF"):
        raise DraftError(
            f"{path}: is a PDF file; draft from its text (for example "
            "'pdftotext -layout sheet.pdf sheet.txt')"
        )
    if b"\x00" in data:
        raise DraftError(f"{path}: is a binary file (it holds NUL bytes), not a sheet as text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DraftError(
            f"{path}: is not UTF-8 text (byte {exc.start}); save the sheet as UTF-8"
        ) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise DraftError(f"{path}: is empty; nothing was drafted")
    return text


def write_draft(path: Path, text: str, force: bool) -> bool:
    """Write ``text`` to ``path`` whole; True when it replaced a file (only with
    ``force``). :class:`DraftError` when the file exists and ``force`` is not given,
    or when it cannot be written."""
    folder = path.parent
    if not force and os.path.lexists(path):
        raise DraftError(f"{path}: already exists; not replaced (use --force to replace it)")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise DraftError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        existed = os.path.lexists(path)
        if force:
            os.replace(temporary, path)
            return existed
        _link_new(temporary, path)
        return False
    except OSError as exc:
        if isinstance(exc, FileExistsError):
            raise DraftError(
                f"{path}: already exists; not replaced (use --force to replace it)"
            ) from None
        raise DraftError(f"{path}: cannot write: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _link_new(temporary: str, path: Path) -> None:
    """Put the written file at ``path`` only if nothing is there: a hard link refuses
    an existing name atomically. A file system without hard links gets a check and a
    rename (a file created between the two would be replaced)."""
    try:
        os.link(temporary, path)
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, "exists", str(path)) from None
        os.replace(temporary, path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
