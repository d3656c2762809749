"""Writing a fixed layout in place: whole or not at all, and only over what was read.

The fixed bytes go to a temporary file in the same folder, which is flushed to disk and
renamed over the layout (atomic on one file system), as reports are written (see
:mod:`panelcheck.run.output`). A layout reached through a symbolic link is written
where the link points, and the link stays. The file keeps its permissions. Just before
the rename the file is read again: if it no longer holds the bytes that were checked
(an editor saved it meanwhile), nothing is written and the run says so, rather than
overwrite the newer version with a fix of the older one.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


class NotWritten(Exception):
    """The fixed layout was not written; the message says why, for the user."""


def replace_layout(path: str, before: bytes, after: bytes) -> None:
    """Write ``after`` over the layout at ``path``, which must still hold ``before``."""
    real = Path(os.path.realpath(path))
    try:
        mode = os.stat(real).st_mode
    except OSError as exc:
        raise NotWritten(f"cannot write {path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(mode):
        raise NotWritten(f"{path} is not a regular file")
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{real.name}.", suffix=".fix.tmp", dir=real.parent
        )
    except OSError as exc:
        raise NotWritten(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(after)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, stat.S_IMODE(mode))
        if _current(real) != before:
            raise NotWritten(f"{path} changed while it was checked; it was not fixed")
        os.replace(temporary, real)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise NotWritten(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
