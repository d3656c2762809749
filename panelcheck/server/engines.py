"""One :class:`~panelcheck.engine.core.Engine` per configuration, found for each
document as the command line finds it (the nearest ``.panelcheck.toml`` or
``pyproject.toml`` with a ``[tool.panelcheck]`` table above the document's folder, and
the catalog folders it names).

Loading the rules and the catalog is the slow part of a check; keeping the engine per
configuration file (in practice, per workspace) makes a check on each keystroke cheap.
An engine is built again when its configuration file or a catalog file it read has
changed (size, modification time or inode, looked at before each check: a few
``stat`` calls), so an edited configuration or a part added to a catalog folder shows
in the next diagnostics without restarting the editor. No result cache is used: the
text in the editor is not a file on disk.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from panelcheck.engine.core import Engine

Stamp = tuple[tuple[str, int, int, int], ...]
"""What the files an engine was built from looked like: path, size, mtime, inode."""


def _stamp(paths: Iterable[Path]) -> Stamp:
    seen = []
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            seen.append((str(path), -1, -1, -1))
            continue
        seen.append((str(path), info.st_size, info.st_mtime_ns, info.st_ino))
    return tuple(seen)


def _catalog_files(folders: Iterable[Path]) -> list[Path]:
    """The folders themselves (a file added or removed changes them) and their TOML
    files (one edited in place does not)."""
    found: list[Path] = []
    for folder in folders:
        found.append(folder)
        try:
            found += sorted(p for p in folder.iterdir() if p.suffix == ".toml")
        except OSError:
            continue
    return found


@dataclass
class _Built:
    engine: Engine
    folders: list[Path]
    stamp: Stamp


class Engines:
    """Engines by configuration file (``None``: no configuration, the defaults)."""

    def __init__(self, warn: Callable[[str], None]) -> None:
        self._warn = warn
        """Told, in a sentence, when a configuration or catalog is refused (the
        defaults are used instead: a broken configuration must not stop the server)."""
        self._built: dict[Path | None, _Built] = {}

    def for_document(self, path: str | None) -> Engine:
        """The engine for a document (its options say whether the configuration makes
        ``--fix`` apply unsafe fixes too)."""
        from panelcheck.run.config import find_config

        folder = Path(path).parent if path else Path.cwd()
        try:
            found = find_config(folder)
        except OSError:
            found = None
        built = self._built.get(found)
        if built is None or built.stamp != self._stamp_of(found, built.folders):
            built = self._built[found] = self._build(found)
        return built.engine

    @staticmethod
    def _stamp_of(found: Path | None, folders: list[Path]) -> Stamp:
        return _stamp([*([found] if found else []), *_catalog_files(folders)])

    def _build(self, found: Path | None) -> _Built:
        """An engine for the configuration ``found``. Each file is stamped before it is
        read, so that a change made while it is read shows at the next check."""
        from panelcheck.catalog import CatalogError, load_catalog
        from panelcheck.engine.options import Options
        from panelcheck.engine.ruleset import load_rules
        from panelcheck.run.config import ConfigError, load_config

        options = Options()
        stamp = _stamp([found] if found else [])
        if found is not None:
            try:
                config = load_config(found, load_rules())
                options = Options(config=config, unsafe_fixes=config.unsafe_fixes)
            except (ConfigError, OSError) as exc:
                self._warn(f"configuration error in {found}: {exc}; using the defaults")
        folders = options.catalog_folders()
        stamp += _stamp(_catalog_files(folders))
        try:
            catalog = load_catalog(folders)
        except CatalogError as exc:
            self._warn(f"broken catalog: {exc}; using the shipped catalog")
            catalog = load_catalog([])
        return _Built(Engine(options, catalog), folders, stamp)
