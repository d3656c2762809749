"""What a check reports, and how findings are ordered and counted."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


class Report(NamedTuple):
    """What a check yields: the engine adds the code, the severity and the position.

    ``severity`` overrides the rule's severity for this one finding (a current check
    reports a jumper without a catalog rating as ``info`` rather than guessing);
    ``at_key`` places the finding on an object member's key rather than its value
    (an unknown terminal name *is* the key).
    """

    subject: str | None
    pointer: str
    message: str
    severity: str | None = None
    at_key: bool = False


@dataclass(slots=True)
class Finding:
    code: str
    severity: str
    message: str
    subject: str | None
    pointer: str
    name: str = ""
    line: int = 1
    column: int = 1
    waived: bool = False
    at_key: bool = False
    justification: str | None = None
    """The waiver's reason, for a waived finding."""

    def sort_key(self) -> tuple[int, int, str, str, str, str, str]:
        """SPEC order: by line, column, code; the other fields make the order total, so
        it never depends on the order the checks ran in."""
        return (
            self.line,
            self.column,
            self.code,
            self.subject or "",
            self.message,
            self.pointer,
            self.severity,
        )


@dataclass(slots=True)
class FileResult:
    """All findings for one file; ``invalid`` when it could not be read as a layout."""

    path: str
    findings: list[Finding]
    invalid: bool = False

    def counted(self) -> list[Finding]:
        return [f for f in self.findings if not f.waived]


def exit_code(results: Iterable[FileResult], fail_on: str = "error") -> int:
    """SPEC section 7: 2 for an unreadable or invalid file, 1 for findings at or above
    ``fail_on``, else 0."""
    results = list(results)
    if any(r.invalid for r in results):
        return 2
    threshold = SEVERITY_RANK[fail_on]
    counted = (f for r in results for f in r.counted())
    return 1 if any(SEVERITY_RANK[f.severity] >= threshold for f in counted) else 0
