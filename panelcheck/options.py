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

from panelcheck.config import Config
from panelcheck.ruleset import Selection


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
    """Processes a large panel's checks may be shared over (see Engine._reports)."""
    today: datetime.date = field(default_factory=datetime.date.today)

    def layers(self) -> list[Selection]:
        cli = Selection(self.select, self.extend_select, self.ignore)
        if self.config is None:
            return [cli]
        c = self.config
        return [Selection(c.select, c.extend_select, c.ignore), cli]
