"""Running the rule set over layout files.

One file goes through fixed stages: read and parse (LAY000 on failure), validate
against format 1 (LAY000), build the graph (which records the LAY001-LAY005 problems),
run the selected checks, apply waivers (LAY006), then place each finding at its line
and column and sort, and offer the fixes the rules propose that survive a re-check
(:mod:`panelcheck.engine.offers`). A file that fails never stops the others. A large panel may have
its graph building and checks shared over processes by rail (planned in
:mod:`panelcheck.graph.shares`, done in :mod:`panelcheck.engine.sharing`), with the
same findings.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Container, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from panelcheck.catalog import Catalog, load_catalog
from panelcheck.checks import Context, checks_for, combined
from panelcheck.engine.capping import cap, cap_findings, note, report_key
from panelcheck.engine.options import Options
from panelcheck.engine.ruleset import (
    RuleInfo,
    enabled_codes,
    load_rules,
    matching,
    most_specific,
)
from panelcheck.engine.sharing import Reports, check_in_shares, plan_shares
from panelcheck.engine.waivers import apply_waivers
from panelcheck.findings import FileResult, Finding, Report, exit_code
from panelcheck.graph import PanelGraph, build_graph
from panelcheck.patterns import path_matches
from panelcheck.read.document import (
    Document,
    DocumentError,
    parse_bytes,
    parse_text,
    read_bytes,
    too_large,
)
from panelcheck.read.recovery import LeftOut, PartlyInvalid
from panelcheck.read.schema_errors import validate_layout
from panelcheck.run.config import Config

__all__ = ["Analysis", "Engine", "Options", "exit_code"]


@dataclass
class Analysis:
    """A file's findings, and its graph for drawings and exports.

    ``graph`` is None when the file is not a readable layout, and when a large panel was
    checked in shares (``Options.jobs`` of 2 or more): no process then holds it whole.
    """

    result: FileResult
    graph: PanelGraph | None = None


# A panel with this many rail items is large: on a machine with cores to spare its
# rails are shared out over processes (below it, forking costs more than it saves), and
# the command line keeps its objects alive until exit (see Engine.retain_last).
LARGE_ITEMS = 2_000


# How far through a large file each stage is (measured shares of a 20,000-module run),
# for the progress bar.
_PARSED, _VALIDATED, _BUILT = 0.1, 0.2, 0.65


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file is parsed and checked.

    A large panel becomes hundreds of thousands of small objects without reference
    cycles; the collector's repeated passes over them cost a fifth of the run and free
    nothing. The command line goes further and keeps it off for its whole (short) life
    (see :mod:`panelcheck.run.process`); a library caller gets it back as it was.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


class Engine:
    """The loaded rule set, catalog and checks, reused for every file of a run."""

    def __init__(self, options: Options | None = None, catalog: Catalog | None = None) -> None:
        self.options = options or Options()
        self.config = self.options.config or Config()
        self.rules: dict[str, RuleInfo] = load_rules()
        self.catalog = catalog or load_catalog(self.options.catalog_folders())
        self.enabled = enabled_codes(self.rules, self.options.layers())
        self.checks = checks_for(sorted(self.enabled))
        self.max_bytes = self.options.max_bytes()
        self.retain_last = False
        """Keep the last large file's objects alive (the command line sets it: freeing a
        large panel's graph object by object costs a tenth of its run, and a process
        about to exit need not pay it)."""
        self._retained: tuple[Document, PanelGraph] | None = None
        self.stage: Callable[[float], None] | None = None
        """Told the fraction of the current file done after each stage (for a progress
        bar); the fractions are the stages' shares of a large panel's run."""

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
            if path_matches(path, pattern, self.config.root):
                ignored.extend(codes)
        return self.enabled - (matching(self.enabled, ignored) - {"LAY000"})

    def check_path(self, path: str) -> FileResult:
        return self.analyse_path(path).result

    def check_text(self, path: str, text: str) -> FileResult:
        """Findings of text already in memory, held to the same size limit as a file."""
        try:
            if (
                len(text) > self.max_bytes // 4
                and len(text.encode(errors="replace")) > self.max_bytes
            ):
                raise DocumentError([too_large(self.max_bytes)])
            doc = parse_text(path, text)
        except DocumentError as exc:
            return FileResult(path, exc.findings, invalid=True)
        return self.analyse(doc).result

    def analyse_path(self, path: str) -> Analysis:
        """Findings of one file, with the graph they were found on (when it is a layout)."""
        try:
            raw = read_bytes(path, self.max_bytes)
        except DocumentError as exc:
            return Analysis(FileResult(path, exc.findings, invalid=True))
        return self.analyse_bytes(path, raw)

    def analyse_bytes(self, path: str, raw: bytes) -> Analysis:
        """Findings of a file whose bytes were already read (for the cache key)."""
        with _collector_paused():
            try:
                doc = parse_bytes(path, raw)
            except DocumentError as exc:
                return Analysis(FileResult(path, exc.findings, invalid=True))
            doc.raw = raw  # the bytes fixes are edits of (a careful parse keeps only text)
            self._reached(_PARSED)
            return self._analyse(doc)

    def analyse(self, doc: Document) -> Analysis:
        with _collector_paused():
            return self._analyse(doc)

    def _recheck(self, path: str, raw: bytes) -> list[Finding] | None:
        """The findings of ``raw`` checked as the file ``path``, without fixes of their
        own (see :mod:`panelcheck.engine.offers`); None when it is not a valid layout."""
        stage, retain = self.stage, self.retain_last
        self.stage, self.retain_last = None, False
        try:
            doc = parse_bytes(path, raw)
            result = self._analyse(doc, offer=False).result
        except DocumentError:
            return None
        finally:
            self.stage, self.retain_last = stage, retain
        return None if result.invalid else result.findings

    def _offer_fixes(self, doc: Document, findings: list[Finding]) -> None:
        """Locate the rules' fixes in the text and keep those the re-check allows."""
        from panelcheck.engine.offers import settle

        raw = doc.raw or doc.text.encode("utf-8")
        settle(
            doc,
            raw,
            findings,
            lambda edited: self._recheck(doc.path, edited),
            self.options.unsafe_fixes,
        )

    def _analyse(self, doc: Document, offer: bool = True) -> Analysis:
        missing: LeftOut | None = None
        unreadable: list[Finding] = []
        try:
            layout = validate_layout(doc)
        except PartlyInvalid as exc:  # checked without the elements the LAY000s are in
            layout, missing, unreadable = exc.layout, exc.left_out, exc.findings
        except DocumentError as exc:
            problems = sorted(exc.findings, key=Finding.sort_key)
            return Analysis(FileResult(doc.path, problems, invalid=True))
        self._reached(_VALIDATED)
        enabled = self.enabled_for(doc.path)
        codes = [code for code in self.checks if code in enabled]
        items = sum(len(rail.get("items", ())) for rail in layout.get("rails", ()) if rail)
        large = items >= LARGE_ITEMS
        shared = large and missing is None  # a file with elements left out is built whole
        shares = plan_shares(layout, self.catalog, self.options.jobs) if shared else None

        def check(graph: PanelGraph, tell: bool) -> Reports:
            return self._check_graph(graph, codes, tell)

        if shares is None:
            graph = build_graph(layout, self.catalog, doc.positions.locate, left_out=missing)
            reports = check(graph, True)
            ids: Container[str] = graph.ids
            whole: PanelGraph | None = graph
        else:
            locate = doc.positions.locate
            graph, reports = check_in_shares(layout, locate, self.catalog, shares, check)
            ids = shares.ids
            whole = None
        findings: list[Finding] = []
        waived_rules = {waiver.get("rule") for waiver in layout.get("waivers", ()) if waiver}
        left_out: dict[str, int] = {}
        for code, reported in reports:
            reported = combined(code, reported)
            info = self.rules[code]
            severity = most_specific(code, self.config.severity) or info.severity
            found: Sequence[Report] = reported
            if code not in waived_rules:
                found, left_out[code] = cap(reported, report_key(severity))
            for report in found:
                findings.append(
                    Finding(
                        code=code,
                        severity=report.severity or severity,
                        message=report.message,
                        subject=report.subject,
                        pointer=report.pointer,
                        name=info.name,
                        at_key=report.at_key,
                        fix=report.fix,
                    )
                )
        findings += apply_waivers(
            findings,
            layout,
            ids,
            layout.get("nets", {}),
            doc.data,
            self.rules,
            enabled,
            self.options.today,
            self.config.severity,
            missing,
        )
        findings = cap_findings(findings, left_out)
        findings += [note(code, self.rules[code].name, n) for code, n in left_out.items() if n]
        for finding in findings:
            finding.line, finding.column = doc.positions.locate(finding.pointer, key=finding.at_key)
        findings.sort(key=Finding.sort_key)
        if unreadable or not offer:  # a file with a LAY000 is never edited
            for finding in findings:
                finding.fix = None
        elif any(f.fix is not None for f in findings):
            self._offer_fixes(doc, findings)
        findings += unreadable  # located already
        result = FileResult(
            doc.path, sorted(findings, key=Finding.sort_key), invalid=bool(unreadable)
        )
        if self.retain_last and large:  # the graph here, whole or this process's share
            self._retained = (doc, graph)
        return Analysis(result, whole)

    def _reached(self, fraction: float) -> None:
        if self.stage is not None:
            self.stage(fraction)

    def _check_graph(self, graph: PanelGraph, codes: list[str], tell: bool = False) -> Reports:
        """Each check's reports on ``graph`` (the whole panel, or one share of it); with
        ``tell``, the stage callback hears that the graph is built and of each check."""
        if tell:
            self._reached(_BUILT)
        done = []
        for i, code in enumerate(codes, 1):
            done.append(
                (code, list(self.checks[code](Context(graph=graph, params=self.params(code)))))
            )
            if tell:
                self._reached(_BUILT + (1 - _BUILT) * i / len(codes))
        return done
