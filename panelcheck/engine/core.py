"""Running the rule set over layout files.

One file goes through fixed stages: read and parse (LAY000 on failure), validate
against format 1 (LAY000), build the graph (which records the LAY001-LAY005 problems),
run the selected checks, apply waivers (LAY006), then place each finding at its line
and column and sort. A file that fails never stops the others. A large panel may have
its graph building and checks shared over processes by rail (see
:mod:`panelcheck.graph.shares`), with the same findings.
"""

from __future__ import annotations

import contextlib
import fnmatch
import gc
import os
import pickle
import signal
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from panelcheck.catalog import Catalog, load_catalog
from panelcheck.checks import Context, checks_for
from panelcheck.engine.capping import cap, cap_findings, note, report_key
from panelcheck.engine.options import Options
from panelcheck.engine.ruleset import (
    RuleInfo,
    enabled_codes,
    load_rules,
    matching,
    most_specific,
)
from panelcheck.engine.waivers import apply_waivers
from panelcheck.findings import FileResult, Finding, Report, exit_code
from panelcheck.graph import PanelGraph, build_graph
from panelcheck.graph.shares import Plan, Share, plan
from panelcheck.read.document import (
    Document,
    DocumentError,
    parse_bytes,
    parse_text,
    read_bytes,
    too_large,
)
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
    (see ``cli.run``); a library caller gets it back as it was.
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
        self._retained: Any = None
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
            if _path_matches(path, pattern, self.config.root):
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
            self._reached(_PARSED)
            return self._analyse(doc)

    def analyse(self, doc: Document) -> Analysis:
        with _collector_paused():
            return self._analyse(doc)

    def _analyse(self, doc: Document) -> Analysis:
        try:
            layout = validate_layout(doc)
        except DocumentError as exc:
            findings = sorted(exc.findings, key=Finding.sort_key)
            return Analysis(FileResult(doc.path, findings, invalid=True))
        self._reached(_VALIDATED)
        enabled = self.enabled_for(doc.path)
        codes = [code for code in self.checks if code in enabled]
        items = sum(len(rail.get("items", ())) for rail in layout.get("rails", ()))
        large = items >= LARGE_ITEMS
        shared = self._plan(layout) if large else None
        if shared is None:
            graph = build_graph(layout, self.catalog, doc.positions.locate)
            self._reached(_BUILT)
            reports = self._run(graph, codes, tell=True)
            ids: Container[str] = graph.ids
            whole: PanelGraph | None = graph
        else:
            graph, reports = self._shared(layout, doc, shared, codes)
            ids = shared.ids
            whole = None
        findings: list[Finding] = []
        waived_rules = {waiver.get("rule") for waiver in layout.get("waivers", ())}
        left_out: dict[str, int] = {}
        for code, found in reports:
            info = self.rules[code]
            severity = most_specific(code, self.config.severity) or info.severity
            if code not in waived_rules:
                found, left_out[code] = cap(found, report_key(severity))
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
        )
        findings = cap_findings(findings, left_out)
        findings += [note(code, self.rules[code].name, n) for code, n in left_out.items() if n]
        for finding in findings:
            finding.line, finding.column = doc.positions.locate(finding.pointer, key=finding.at_key)
        result = FileResult(doc.path, sorted(findings, key=Finding.sort_key))
        if self.retain_last and large:  # the graph here, whole or this process's share
            self._retained = (doc, graph)
        return Analysis(result, whole)

    def _reached(self, fraction: float) -> None:
        if self.stage is not None:
            self.stage(fraction)

    def _run(
        self, graph: PanelGraph, codes: list[str], tell: bool = False
    ) -> list[tuple[str, list[Report]]]:
        """Each check's reports; with ``tell``, the stage callback hears of each one."""
        done = []
        for i, code in enumerate(codes, 1):
            done.append(
                (code, list(self.checks[code](Context(graph=graph, params=self.params(code)))))
            )
            if tell:
                self._reached(_BUILT + (1 - _BUILT) * i / len(codes))
        return done

    def _plan(self, layout: dict[str, Any]) -> Plan | None:
        """How to share a large panel over processes, if there are cores and fork."""
        if self.options.jobs < 2 or not hasattr(os, "fork"):
            return None
        return plan(layout, self.catalog, self.options.jobs)

    def _shared(
        self, layout: dict[str, Any], doc: Document, shared: Plan, codes: list[str]
    ) -> tuple[PanelGraph, list[tuple[str, list[Report]]]]:
        """Build and check the first share here and the others in forked children
        (which see the layout without copying it); merge the reports rule by rule.

        A child that fails has its share redone here: the result never depends on how
        the work was shared (the findings are sorted the same way afterwards).
        """
        first, *others = shared.shares
        children = []
        for share in others:
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:
                self._child(write_end, read_end, layout, doc, share, codes)
            os.close(write_end)
            children.append((share, pid, read_end))
        try:
            graph = build_graph(layout, self.catalog, doc.positions.locate, first)
            self._reached(_BUILT)
            mine = self._run(graph, codes, tell=True)
            payloads = []
            for _, pid, read_end in children:
                with os.fdopen(read_end, "rb") as stream:
                    payloads.append(stream.read())
                os.waitpid(pid, 0)
        except BaseException:  # interrupted, or a check failed here: stop the children too
            for _, pid, _ in children:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
            raise
        merged = {code: list(reports) for code, reports in mine}
        for (share, _, _), payload in zip(children, payloads, strict=True):
            try:
                status, result = pickle.loads(payload)
            except Exception:
                status, result = "failed", None
            if status != "ok":
                other = build_graph(layout, self.catalog, doc.positions.locate, share)
                result = self._run(other, codes)
            for code, reports in result:
                merged[code] += reports
        return graph, [(code, merged[code]) for code in codes]

    def _child(
        self,
        write_end: int,
        read_end: int,
        layout: dict[str, Any],
        doc: Document,
        share: Share,
        codes: list[str],
    ) -> NoReturn:
        """A forked child's life: check its share, send the reports, leave at once
        (without the parent's exit handlers or buffered output, whatever happens)."""
        try:
            os.close(read_end)
            self.stage = None
            try:
                graph = build_graph(layout, self.catalog, doc.positions.locate, share)
                payload = pickle.dumps(("ok", self._run(graph, codes)))
            except BaseException as exc:  # the parent redoes this share and sees why
                payload = pickle.dumps(("failed", repr(exc)))
            with os.fdopen(write_end, "wb") as stream:
                stream.write(payload)
        finally:
            os._exit(0)

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
