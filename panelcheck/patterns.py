"""Path patterns of the configuration: ``per-file-ignores`` and ``exclude`` globs.

One way of matching for both, as ruff does it: a pattern is taken relative to the
configuration file's folder and matched against the path from there, ``*`` also
crossing ``/``; a pattern without ``/`` also matches the file or folder name alone, so
``"legacy-*.json"`` or ``"drafts"`` works wherever the file lies. A folder that matches
excludes everything below it. A module of its own because the discovery of files (a
warm run, which must stay light) and the engine both need it.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from pathlib import Path


def path_matches(path: str, pattern: str, root: Path) -> bool:
    """Does the glob ``pattern`` match ``path`` (a file or a folder) itself?"""
    absolute = Path(path).resolve()
    try:
        relative = absolute.relative_to(root.resolve()).as_posix()
    except ValueError:
        relative = absolute.as_posix()
    pattern = pattern.rstrip("/") or pattern
    if fnmatch.fnmatchcase(relative, pattern):
        return True
    return "/" not in pattern and fnmatch.fnmatchcase(absolute.name, pattern)


def excluded(path: str, patterns: Iterable[str], root: Path) -> bool:
    """Is ``path``, or a folder it lies in below ``root``, matched by a pattern?"""
    patterns = list(patterns)
    if not patterns:
        return False
    here = Path(path).resolve()
    top = root.resolve()
    candidates = [here]
    for parent in here.parents:
        if parent == top or top not in parent.parents:
            break
        candidates.append(parent)
    return any(path_matches(str(c), p, root) for c in candidates for p in patterns)
