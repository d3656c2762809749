"""One :class:`~panelcheck.engine.core.Engine` per configuration, found for each
document as the command line finds it (the nearest ``.panelcheck.toml`` or
``pyproject.toml`` above the document's folder, and its catalog folders).

Loading the rules and the catalog is the slow part of a check; keeping the engine per
configuration file (in practice, per workspace) makes a check on each keystroke cheap.
No result cache is used: the text in the editor is not a file on disk.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from panelcheck.engine.core import Engine


class Engines:
    """Engines by configuration file (``None``: no configuration, the defaults)."""

    def __init__(self, warn: Callable[[str], None]) -> None:
        self._warn = warn
        """Told, in a sentence, when a configuration or catalog is refused (the
        defaults are used instead: a broken configuration must not stop the server)."""
        self._engines: dict[Path | None, Engine] = {}

    def for_document(self, path: str | None) -> Engine:
        from panelcheck.run.config import find_config

        folder = Path(path).parent if path else Path.cwd()
        try:
            found = find_config(folder)
        except OSError:
            found = None
        engine = self._engines.get(found)
        if engine is None:
            engine = self._engines[found] = self._build(found)
        return engine

    def _build(self, found: Path | None) -> Engine:
        from panelcheck.catalog import CatalogError, load_catalog
        from panelcheck.engine.options import Options
        from panelcheck.engine.ruleset import load_rules
        from panelcheck.run.config import ConfigError, load_config

        options = Options()
        if found is not None:
            try:
                options = Options(config=load_config(found, load_rules()))
            except (ConfigError, OSError) as exc:
                self._warn(f"configuration error in {found}: {exc}; using the defaults")
        try:
            catalog = load_catalog(options.catalog_folders())
        except CatalogError as exc:
            self._warn(f"broken catalog: {exc}; using the shipped catalog")
            catalog = load_catalog([])
        return Engine(options, catalog)
