"""Fixing one file: round by round, until nothing more can be fixed.

Each round checks the file, takes the first group of fixes that can be made together
(the first in file order wins where two would edit the same text; the engine has
checked that group again as a whole, see :mod:`panelcheck.engine.offers`), and makes
them. The next round checks the result, which both reports what remains and offers the
fixes that had to wait (an end stop that goes after the end plate another fix puts in).
A file with a LAY000 is never edited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from panelcheck.engine.offers import groups
from panelcheck.findings import FileResult, Finding, TextEdit
from panelcheck.read.edits import apply_edits

if TYPE_CHECKING:
    from panelcheck.engine.core import Engine

MAX_ROUNDS = 10
"""Rounds per file: each makes at least one fix, and a fix that had to wait rarely
waits for more than one other (an end plate, then the end stop after it)."""


@dataclass
class FileFix:
    """What fixing one file did: its bytes before and after, the findings whose fixes
    were made (as they were found), those whose fixes were refused on the re-check
    (in the final file), and the findings that remain."""

    path: str
    before: bytes
    after: bytes
    result: FileResult
    fixed: list[Finding] = field(default_factory=list)
    refused: list[Finding] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.after != self.before


def fix_file(engine: Engine, path: str, raw: bytes, unsafe: bool) -> FileFix:
    """Fix ``raw`` (the bytes of ``path``) as far as the offered fixes go."""
    analysis = engine.analyse_bytes(path, raw)
    fixed: list[Finding] = []
    current = raw
    for _ in range(MAX_ROUNDS):
        if analysis.result.invalid:
            break
        chosen = _next_group(analysis.result.findings, unsafe)
        if not chosen:
            break
        edited = apply_edits(current, [edit for f in chosen for edit in _edits(f)])
        after = engine.analyse_bytes(path, edited)
        if after.result.invalid:  # the re-check passed this group: never expected
            break
        fixed += chosen
        current, analysis = edited, after
    refused = [f for f in analysis.result.findings if refused_fix(f, unsafe)]
    return FileFix(path, raw, current, analysis.result, fixed, refused)


def _next_group(findings: list[Finding], unsafe: bool) -> list[Finding]:
    """The fixable findings of the first group that has any (each group was checked
    again as a whole; one whose every fix was refused is passed over)."""
    for group in groups(findings, unsafe):
        chosen = [f for f in group if f.fixable(unsafe)]
        if chosen:
            return chosen
    return []


def _edits(finding: Finding) -> tuple[TextEdit, ...]:
    assert finding.fix is not None
    return finding.fix.edits


def refused_fix(finding: Finding, unsafe: bool) -> bool:
    """Whether the finding has a fix the run would make but the re-check refused."""
    fix = finding.fix
    return (
        fix is not None and fix.refused is not None and not finding.waived and (fix.safe or unsafe)
    )
