"""Finding layout files: named files as given, folders searched for layouts.

A file named on the command line is always checked (if it is not a layout, the user
should hear so). In a folder, only ``*.json`` files that declare a ``panelcheck/``
format are layouts; other JSON (package.json, editor settings) is skipped. Folders
that never hold layouts (``.git``, ``.venv``, ``node_modules``) are not entered, and
symbolic links to folders are not followed, so a link loop cannot hang a run.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "node_modules",
        "__pycache__",
        ".tox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
    }
)
_SNIFF_BYTES = 1024 * 1024
DECLARES_FORMAT = re.compile(rb'"format"\s*:\s*"panelcheck/')
"""A layout says so near its top; output.py refuses to write over such a file too."""


def discover(paths: Iterable[str]) -> list[str]:
    """Layout files to check, sorted, each once."""
    found: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.update(_search(path))
        else:
            found.add(raw)
    return sorted(found)


def _search(folder: Path) -> Iterable[str]:
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
        for name in sorted(files):
            if name.endswith(".json"):
                candidate = os.path.join(root, name)
                if _declares_layout(candidate):
                    yield os.path.normpath(candidate)  # "panels/a.json", not "./panels/a.json"


def _declares_layout(path: str) -> bool:
    """Cheap sniff: does the file say it is a panelcheck layout?

    An unreadable file is reported rather than skipped: it may well be a layout. So is a
    ``*.json`` that is not a regular file, which is never opened here.
    """
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return True  # a pipe or device named *.json: reading it could block; say so
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return True
    return bool(DECLARES_FORMAT.search(head))
