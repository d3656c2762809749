"""Report formats: each module renders a whole run to one string.

Rendering to a string (rather than printing as findings arrive) is what lets an output
be written whole or not at all, and keeps every format deterministic: the same results
give the same bytes.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from panelcheck.findings import FileResult

FORMATS = {
    "text": "panelcheck.reporters.text",
    "json": "panelcheck.reporters.json_report",
}


@dataclass(frozen=True)
class ReportOptions:
    show_waived: bool = False


Renderer = Callable[[Sequence[FileResult], ReportOptions], str]


def renderer(name: str) -> Renderer:
    return importlib.import_module(FORMATS[name]).render  # type: ignore[no-any-return]


def summary_counts(results: Sequence[FileResult]) -> dict[str, int]:
    """Counts for the summary: waived findings are counted apart, never as problems."""
    counts = {"files": len(results), "errors": 0, "warnings": 0, "infos": 0, "waived": 0}
    for result in results:
        for finding in result.findings:
            if finding.waived:
                counts["waived"] += 1
            else:
                counts[finding.severity + "s"] += 1
    return counts
