"""The fixes of a validate run: the files that have any, fixed one by one.

A file whose result (from the cache or the engine) offers no fix the run would make is
left as it was checked; a file that does is checked again by the engine and fixed
there (:mod:`~panelcheck.fixes.rounds`), never from a cached result. Then each is
written in place (``--fix``) or shown as a diff (``--diff``), and the run says what it
fixed, what it would have fixed, and which fixes the re-check refused, and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from panelcheck.findings import FileResult, Finding, printable
from panelcheck.fixes.diff import unified_diff
from panelcheck.fixes.rounds import FileFix, fix_file, refused_fix
from panelcheck.fixes.writing import NotWritten, replace_layout
from panelcheck.read.document import DocumentError, read_bytes

if TYPE_CHECKING:
    from panelcheck.run.checking import ValidateRun


@dataclass
class FixRun:
    """What fixing the files of a run did, in the order of the files."""

    results: list[FileResult]
    """Each file's findings after its fixes (as checked, for a file not fixed)."""
    fixes: list[FileFix] = field(default_factory=list)
    """The files that had fixes to make."""
    refused: list[tuple[str, Finding]] = field(default_factory=list)
    """(path, finding) of each fix the re-check refused."""
    problems: list[str] = field(default_factory=list)
    """Files that could not be written, and why."""

    @property
    def fixed(self) -> int:
        return sum(len(f.fixed) for f in self.fixes if f.changed)

    @property
    def changed(self) -> list[FileFix]:
        return [f for f in self.fixes if f.changed]

    def diff(self) -> str:
        """The unified diff of every changed file, in the order of the files."""
        return "".join(unified_diff(f.path, f.before, f.after) for f in self.changed)

    def notes(self, written: bool) -> list[str]:
        """What to tell the user: refused fixes, files not written, and the count."""
        lines = [
            f"{printable(path)}:{f.line}:{f.column}: {f.code} not fixed: "
            f"{f.fix.description}: {f.fix.refused}"
            for path, f in self.refused
            if f.fix is not None
        ]
        lines += self.problems
        done = "fixed" if written else "would fix"
        files = len(self.changed)
        lines.append(f"{done} {_count(self.fixed, 'finding')} in {_count(files, 'file')}")
        return lines


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def fix_files(
    run: ValidateRun,
    files: list[str],
    results: list[FileResult],
    given: dict[str, bytes],
    unsafe: bool,
    write: bool,
) -> FixRun:
    """Fix each of ``files`` (``results`` are their findings as checked) that has a fix
    to make; write it in place when ``write``. ``given`` holds the bytes of a layout
    read from stdin, which is never written."""
    outcome = FixRun(results=[])
    max_bytes = run.options.max_bytes()
    for path, result in zip(files, results, strict=True):
        if result.invalid or not any(f.fixable(unsafe) for f in result.findings):
            outcome.results.append(result)
            outcome.refused += [(result.path, f) for f in result.findings if refused_fix(f, unsafe)]
            continue
        try:
            raw = given[path] if path in given else read_bytes(path, max_bytes)
        except DocumentError as exc:  # gone since it was checked
            outcome.results.append(FileResult(path, exc.findings, invalid=True))
            continue
        done = fix_file(run.engine(), path, raw, unsafe)
        if write and done.changed and path not in given:
            try:
                replace_layout(path, done.before, done.after)
            except NotWritten as exc:
                outcome.problems.append(printable(str(exc)))
                outcome.results.append(result)
                continue
        outcome.fixes.append(done)
        outcome.results.append(done.result)
        outcome.refused += [(done.result.path, f) for f in done.refused]
    return outcome
