"""Finding layout files: named files as given, folders searched for layouts.

A file named on the command line is checked (if it is not a layout, the user should
hear so), unless ``layouts_only`` is set, as the pre-commit hook does when it passes
every JSON file of a repository: then a named file that does not declare a
``panelcheck/`` format is skipped, unless it looks like a layout (a top-level ``rails``
or ``nets`` key), which is checked and so reported ("declares no panelcheck format").

In a folder, ``*.json`` files that declare a ``panelcheck/`` format or look like a
layout are found; other JSON (package.json, editor settings) is skipped. Folders that
never hold layouts (``.git``, ``.venv``, ``node_modules``) are not entered, and
symbolic links to folders are not followed, so a link loop cannot hang a run. The
configuration's ``exclude`` patterns apply to what a folder search finds, and to named
files too with ``force_exclude`` (a hook names files one by one).
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

from panelcheck.patterns import excluded

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
_LOOKS_BYTES = 8 * 1024 * 1024
"""A file this large that does not declare a format is not parsed to see whether it
looks like a layout (a layout says its format at its top)."""
DECLARES_FORMAT = re.compile(rb'"format"\s*:\s*"panelcheck/')
"""A layout says so near its top; output.py refuses to write over such a file too."""
_LAYOUT_KEYS = re.compile(rb'"(?:rails|nets)"\s*:')


def discover(
    paths: Iterable[str],
    *,
    layouts_only: bool = False,
    exclude: Sequence[str] = (),
    root: Path | None = None,
    force_exclude: bool = False,
) -> list[str]:
    """Layout files to check, sorted, each once."""
    found: set[str] = set()
    top = root or Path.cwd()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.update(p for p in _search(path) if not excluded(p, exclude, top))
        elif force_exclude and excluded(raw, exclude, top):
            continue
        elif not layouts_only or _is_layout(raw):
            found.add(raw)
    return sorted(found)


def _search(folder: Path) -> Iterable[str]:
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
        for name in sorted(files):
            if name.endswith(".json"):
                candidate = os.path.join(root, name)
                if _is_layout(candidate):
                    yield os.path.normpath(candidate)  # "panels/a.json", not "./panels/a.json"


def _is_layout(path: str) -> bool:
    """Cheap sniff: does the file say it is a panelcheck layout, or look like one?

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
    if DECLARES_FORMAT.search(head):
        return True
    return _LAYOUT_KEYS.search(head) is not None and _looks_like_layout(path)


def _looks_like_layout(path: str) -> bool:
    """A JSON object with a top-level ``rails`` or ``nets`` key: a layout that forgot its
    ``format``, to be reported rather than silently skipped."""
    try:
        if os.stat(path).st_size > _LOOKS_BYTES:
            return False
        with open(path, "rb") as handle:
            data = json.loads(handle.read())
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(data, dict) and ("rails" in data or "nets" in data)
