"""Running the rule set over layout files.

One file goes through fixed stages: read and parse (LAY000 on failure), validate
against format 1 (LAY000), build the graph (which records the LAY001-LAY005 problems),
run the selected checks, apply waivers (LAY006), then place each finding at its line
and column and sort. A file that fails never stops the others.
"""

from __future__ import annotations

import datetime
import fnmatch
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from panelcheck.catalog import Catalog, load_catalog
from panelcheck.checks import Context, checks_for
from panelcheck.config import Config
from panelcheck.document import MAX_BYTES, Document, DocumentError, parse_text, read_document
from panelcheck.findings import SEVERITY_RANK, FileResult, Finding
from panelcheck.graph import PanelGraph, build_graph
from panelcheck.ruleset import (
    RuleInfo,
    Selection,
    enabled_codes,
    load_rules,
    matching,
    most_specific,
)
from panelcheck.schema_errors import validate_layout
from panelcheck.waivers import apply_waivers


@dataclass
class Options:
    """What a run checks: the command line's choices on top of the configuration's."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    catalogs: tuple[Path, ...] = ()
    config: Config | None = None
    today: datetime.date = field(default_factory=datetime.date.today)

    def layers(self) -> list[Selection]:
        cli = Selection(self.select, self.extend_select, self.ignore)
        if self.config is None:
            return [cli]
        c = self.config
        return [Selection(c.select, c.extend_select, c.ignore), cli]


@dataclass
class Analysis:
    """A file's findings, and its graph for drawings and exports (None if unreadable)."""

    result: FileResult
    graph: PanelGraph | None = None


class Engine:
    """The loaded rule set, catalog and checks, reused for every file of a run."""

    def __init__(self, options: Options | None = None, catalog: Catalog | None = None) -> None:
        self.options = options or Options()
        self.config = self.options.config or Config()
        self.rules: dict[str, RuleInfo] = load_rules()
        if catalog is None:
            catalog = load_catalog([*self.config.catalogs, *self.options.catalogs])
        self.catalog = catalog
        self.enabled = enabled_codes(self.rules, self.options.layers())
        self.checks = checks_for(sorted(self.enabled))
        self.max_bytes = self.config.max_file_size or MAX_BYTES

    def params(self, code: str) -> dict[str, Any]:
        return {
            **self.rules[code].params,
            **self.config.params.get(code, {}),
            **self.options.params.get(code, {}),
        }

    def enabled_for(self, path: str) -> set[str]:
        """The run's rules minus the configuration's per-file ignores for ``path``."""
        ignored: list[str] = []
        for pattern, codes in self.config.per_file_ignores.items():
            if _path_matches(path, pattern, self.config.root):
                ignored.extend(codes)
        return self.enabled - (matching(self.enabled, ignored) - {"LAY000"})

    def check_path(self, path: str) -> FileResult:
        return self.analyse_path(path).result

    def check_text(self, path: str, text: str) -> FileResult:
        try:
            doc = parse_text(path, text)
        except DocumentError as exc:
            return FileResult(path, exc.findings, invalid=True)
        return self.analyse(doc).result

    def analyse_path(self, path: str) -> Analysis:
        """Findings of one file, with the graph they were found on (when it is a layout)."""
        try:
            doc = read_document(path, self.max_bytes)
        except DocumentError as exc:
            return Analysis(FileResult(path, exc.findings, invalid=True))
        return self.analyse(doc)

    def analyse(self, doc: Document) -> Analysis:
        try:
            layout = validate_layout(doc)
        except DocumentError as exc:
            findings = sorted(exc.findings, key=Finding.sort_key)
            return Analysis(FileResult(doc.path, findings, invalid=True))
        graph = build_graph(layout, self.catalog, doc.positions.locate)
        enabled = self.enabled_for(doc.path)
        findings: list[Finding] = []
        for code, check in self.checks.items():
            if code not in enabled:
                continue
            info = self.rules[code]
            severity = most_specific(code, self.config.severity) or info.severity
            ctx = Context(graph=graph, params=self.params(code))
            for report in check(ctx):
                findings.append(
                    Finding(
                        code=code,
                        severity=report.severity or severity,
                        message=report.message,
                        subject=report.subject,
                        pointer=report.pointer,
                        name=info.name,
                        at_key=report.at_key,
                    )
                )
        findings += apply_waivers(
            findings,
            graph,
            doc.data,
            self.rules,
            enabled,
            self.options.today,
            self.config.severity,
        )
        for finding in findings:
            finding.line, finding.column = doc.positions.locate(finding.pointer, key=finding.at_key)
        return Analysis(FileResult(doc.path, sorted(findings, key=Finding.sort_key)), graph)

    def check_paths(self, paths: Iterable[str]) -> list[FileResult]:
        return [self.check_path(p) for p in paths]


def _path_matches(path: str, pattern: str, root: Path) -> bool:
    """Does a per-file-ignores glob match ``path``?

    Patterns are taken relative to the configuration file's folder and matched against
    the path from there (``*`` also crosses ``/``); a pattern without ``/`` also matches
    the file name alone, so ``"legacy-*.json"`` works wherever the file lies.
    """
    absolute = Path(path).resolve()
    try:
        relative = absolute.relative_to(root.resolve()).as_posix()
    except ValueError:
        relative = absolute.as_posix()
    if fnmatch.fnmatchcase(relative, pattern):
        return True
    return "/" not in pattern and fnmatch.fnmatchcase(absolute.name, pattern)


def exit_code(results: Iterable[FileResult], fail_on: str = "error") -> int:
    """SPEC section 7: 2 for an unreadable or invalid file, 1 for findings at or above
    ``fail_on``, else 0."""
    results = list(results)
    if any(r.invalid for r in results):
        return 2
    threshold = SEVERITY_RANK[fail_on]
    counted = (f for r in results for f in r.counted())
    return 1 if any(SEVERITY_RANK[f.severity] >= threshold for f in counted) else 0
