"""Running the rule set over layout files.

One file goes through fixed stages: read and parse (LAY000 on failure), validate
against format 1 (LAY000), build the graph (which records the LAY001-LAY005 problems),
run the selected checks, apply waivers (LAY006), then place each finding at its line
and column and sort. A file that fails never stops the others.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from panelcheck.catalog import Catalog, load_catalog
from panelcheck.checks import Context, checks_for
from panelcheck.document import Document, DocumentError, parse_text, read_document
from panelcheck.findings import SEVERITY_RANK, FileResult, Finding
from panelcheck.graph import build_graph
from panelcheck.ruleset import RuleInfo, enabled_codes, load_rules
from panelcheck.schema_errors import validate_layout
from panelcheck.waivers import apply_waivers


@dataclass
class Options:
    """What a run checks; the command line and (later) configuration fill it in."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    catalogs: tuple[Path, ...] = ()
    today: datetime.date = field(default_factory=datetime.date.today)


class Engine:
    """The loaded rule set, catalog and checks, reused for every file of a run."""

    def __init__(self, options: Options | None = None, catalog: Catalog | None = None) -> None:
        self.options = options or Options()
        self.rules: dict[str, RuleInfo] = load_rules()
        self.catalog = catalog if catalog is not None else load_catalog(self.options.catalogs)
        self.enabled = enabled_codes(
            self.rules, self.options.select, self.options.ignore, self.options.extend_select
        )
        self.checks = checks_for(sorted(self.enabled))

    def params(self, code: str) -> dict[str, Any]:
        return {**self.rules[code].params, **self.options.params.get(code, {})}

    def check_path(self, path: str) -> FileResult:
        try:
            doc = read_document(path)
        except DocumentError as exc:
            return FileResult(path, exc.findings, invalid=True)
        return self.check_document(doc)

    def check_text(self, path: str, text: str) -> FileResult:
        try:
            doc = parse_text(path, text)
        except DocumentError as exc:
            return FileResult(path, exc.findings, invalid=True)
        return self.check_document(doc)

    def check_document(self, doc: Document) -> FileResult:
        try:
            layout = validate_layout(doc)
        except DocumentError as exc:
            return FileResult(doc.path, sorted(exc.findings, key=Finding.sort_key), invalid=True)
        graph = build_graph(layout, self.catalog, doc.positions.locate)
        findings: list[Finding] = []
        for code, check in self.checks.items():
            info = self.rules[code]
            ctx = Context(graph=graph, params=self.params(code))
            for report in check(ctx):
                findings.append(
                    Finding(
                        code=code,
                        severity=report.severity or info.severity,
                        message=report.message,
                        subject=report.subject,
                        pointer=report.pointer,
                        name=info.name,
                        at_key=report.at_key,
                    )
                )
        findings += apply_waivers(
            findings, graph, doc.data, self.rules, self.enabled, self.options.today
        )
        for finding in findings:
            finding.line, finding.column = doc.positions.locate(finding.pointer, key=finding.at_key)
        return FileResult(doc.path, sorted(findings, key=Finding.sort_key))

    def check_paths(self, paths: Iterable[str]) -> list[FileResult]:
        return [self.check_path(p) for p in paths]


def exit_code(results: Iterable[FileResult], fail_on: str = "error") -> int:
    """SPEC section 7: 2 for an unreadable or invalid file, 1 for findings at or above
    ``fail_on``, else 0."""
    results = list(results)
    if any(r.invalid for r in results):
        return 2
    threshold = SEVERITY_RANK[fail_on]
    counted = (f for r in results for f in r.counted())
    return 1 if any(SEVERITY_RANK[f.severity] >= threshold for f in counted) else 0
