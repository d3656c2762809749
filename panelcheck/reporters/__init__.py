"""Report formats: each module renders a whole run to one string.

Rendering to a string (rather than printing as findings arrive) is what lets an output
be written whole or not at all, and keeps every format deterministic: the same results
give the same bytes.

This package's own module is the registry of the formats, which the command line reads
for ``--format`` while it builds its help: so it imports no report module (each is
imported when its format is asked for) and only the light panelcheck modules.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from panelcheck.findings import SEVERITY_RANK, FileResult, Finding

if TYPE_CHECKING:  # the rule data (TOML, package resources) is not needed for ``--help``
    from panelcheck.engine.ruleset import RuleInfo

FORMATS = {
    "text": "panelcheck.reporters.text",
    "json": "panelcheck.reporters.json_report",
    "sarif": "panelcheck.reporters.sarif",
    "junit": "panelcheck.reporters.junit",
    "github": "panelcheck.reporters.github",
}
"""Every report format: its ``--format`` name and the module that renders it."""
FORMAT_NAMES = tuple(FORMATS)
STATISTICS_FORMATS = ("text", "json")
"""The formats that can count findings per rule instead of listing them (``--statistics``)."""
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


@dataclass(frozen=True)
class ReportOptions:
    """What a format may need besides the results.

    ``rules`` is the metadata of every rule (SARIF describes them), ``enabled`` the rules
    that ran (JUnit has one test case per rule), ``fail_on`` the severity that fails the
    run, ``root`` the folder paths are made relative to (SARIF URIs).
    """

    show_waived: bool = False
    quiet: bool = False
    statistics: bool = False
    fail_on: str = "error"
    rules: Mapping[str, RuleInfo] = field(default_factory=dict)
    enabled: frozenset[str] = frozenset()
    root: Path = field(default_factory=Path.cwd)
    color: bool = False
    """Colour the text report (a terminal that asked for it)."""
    show_source: bool = False
    """Print each finding's line of the file with a caret under its column (text)."""
    sources: Callable[[str], list[str] | None] | None = None
    """The lines of a checked file, for ``show_source``."""
    unsafe_fixes: bool = False
    """Whether the run makes unsafe fixes too (the text report marks them fixable)."""


Renderer = Callable[[Sequence[FileResult], ReportOptions], str]
ChunkRenderer = Callable[[Sequence[FileResult], ReportOptions], Iterable[str]]


def renderer(name: str) -> Renderer:
    """The format's ``render``: the whole report as one string."""
    render: Renderer = importlib.import_module(FORMATS[name]).render
    return render


def report_chunks(name: str) -> ChunkRenderer:
    """The format's report as pieces in order, for writing without joining them first.

    A format whose reports can be large (SARIF) defines ``render_chunks``; the others
    give their whole string as one piece. Joined, the pieces are ``render``'s string.
    """
    module = importlib.import_module(FORMATS[name])
    chunks: ChunkRenderer | None = getattr(module, "render_chunks", None)
    if chunks is not None:
        return chunks
    whole: Renderer = module.render
    return lambda results, options: (whole(results, options),)


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


def relative_path(path: str, root: Path) -> str | None:
    """``path`` relative to ``root`` in POSIX form, or None when it lies outside it."""
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def fails(finding: Finding, options: ReportOptions) -> bool:
    """Does this finding fail the run (not waived, at or above ``--fail-on``)?"""
    return not finding.waived and SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[options.fail_on]


def statistics(results: Sequence[FileResult]) -> list[tuple[str, str, str, int]]:
    """(code, name, severities, count) per rule of the counted findings, most first.

    A rule that reported at two severities (JMP004: error, and info for an unrated
    jumper) shows both, most severe first: ``error/info``.
    """
    rows: dict[str, tuple[str, set[str], int]] = {}
    for result in results:
        for f in result.counted():
            name, severities, count = rows.get(f.code, (f.name, set(), 0))
            rows[f.code] = (name, severities | {f.severity}, count + 1)
    table = [
        (code, name, "/".join(sorted(sev, key=lambda s: -SEVERITY_RANK[s])), count)
        for code, (name, sev, count) in rows.items()
    ]
    return sorted(table, key=lambda r: (-r[3], r[0]))
