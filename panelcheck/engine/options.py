"""What a run checks: the command line's choices on top of the configuration's.

Kept apart from the engine so that the command line can build it (and key the cache on
it) without importing the engine and everything the engine needs.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from panelcheck.engine.ruleset import Selection
from panelcheck.read.limits import MAX_BYTES
from panelcheck.run.config import Config


@dataclass
class Options:
    """What a run checks: the command line's choices on top of the configuration's."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    catalogs: tuple[Path, ...] = ()
    config: Config | None = None
    jobs: int = 1
    """Processes a large panel's checks may be shared over (see
    :mod:`panelcheck.engine.sharing`)."""
    today: datetime.date = field(default_factory=datetime.date.today)
    unsafe_fixes: bool = False
    """Whether unsafe fixes are applied with the safe ones, so are re-checked together
    with them (see :mod:`panelcheck.engine.offers`); they are offered either way."""

    def catalog_folders(self) -> list[Path]:
        """The configuration's catalog folders, then the command line's (later parts
        replace earlier ones)."""
        return [*(self.config.catalogs if self.config else ()), *self.catalogs]

    def max_bytes(self) -> int:
        """The file size limit: the configuration's ``max-file-size`` or the default."""
        return (self.config.max_file_size if self.config else None) or MAX_BYTES

    def layers(self) -> list[Selection]:
        """The selections in the order they apply: the configuration's, then the command
        line's (see :func:`~panelcheck.engine.ruleset.enabled_codes`)."""
        cli = Selection(self.select, self.extend_select, self.ignore)
        if self.config is None:
            return [cli]
        c = self.config
        return [Selection(c.select, c.extend_select, c.ignore), cli]
