"""``--diff``: the fixes of a file as a unified diff that ``patch -p1`` applies.

The diff compares the file's lines with their line endings kept, so a CRLF file's
diff carries its CRs and gives the same bytes back; a last line without a newline is
marked as diff marks it (``\\ No newline at end of file``), without which ``patch``
would add one. Paths are given as ``a/PATH`` and ``b/PATH``, relative to the working
folder where the file lies in it, as git writes them.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterator
from pathlib import Path

_NO_NEWLINE = "\\ No newline at end of file\n"


def unified_diff(path: str, before: bytes, after: bytes) -> str:
    """The diff of one file (empty when nothing changed)."""
    if before == after:
        return ""
    name = diff_path(path)
    old = before.decode("utf-8", "surrogateescape").splitlines(keepends=True)
    new = after.decode("utf-8", "surrogateescape").splitlines(keepends=True)
    lines = difflib.unified_diff(old, new, f"a/{name}", f"b/{name}", lineterm="\n")
    return "".join(_marked(lines))


def _marked(lines: Iterator[str]) -> Iterator[str]:
    for line in lines:
        if line.endswith("\n"):
            yield line
        else:  # the file's last line, which has no newline
            yield line + "\n" + _NO_NEWLINE


def diff_path(path: str) -> str:
    """The file's path as the diff names it: relative to the working folder, with
    forward slashes, where it lies in it; else as given."""
    try:
        relative = Path(os.path.abspath(path)).relative_to(Path.cwd())
    except ValueError:
        return Path(path).as_posix()
    return relative.as_posix()
