"""Findings as LSP diagnostics, and which documents get them.

Kept apart from the server so the mapping (lines and columns from 1-based to 0-based,
severities, the rule link) is one small, pure function that is easy to read and test.
"""

from __future__ import annotations

from collections.abc import Iterable

from lsprotocol import types

from panelcheck.findings import Finding
from panelcheck.run.discovery import DECLARES_FORMAT
from panelcheck.server import RULE_URL

SOURCE = "panelcheck"

_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


def is_layout(text: str) -> bool:
    """Whether ``text`` declares a top-level ``"format": "panelcheck/…"``: recognised in
    the text, as the command line's discovery does, so a broken layout still counts."""
    return DECLARES_FORMAT.search(text.encode("utf-8", errors="replace")) is not None


def rule_href(code: str) -> str:
    """The rule's stable anchor (see :data:`panelcheck.server.RULE_URL`)."""
    return RULE_URL.format(code=code)


def to_diagnostics(findings: Iterable[Finding], text: str) -> list[types.Diagnostic]:
    """The findings that are not waived, each from its line and column (the command
    line's, 1-based) to the end of that line. Columns are counted in characters as the
    command line counts them."""
    lines = text.splitlines()
    out: list[types.Diagnostic] = []
    for finding in findings:
        if finding.waived:
            continue
        line = max(finding.line - 1, 0)
        length = len(lines[line]) if line < len(lines) else 0
        column = min(max(finding.column - 1, 0), length)
        out.append(
            types.Diagnostic(
                range=types.Range(
                    start=types.Position(line=line, character=column),
                    end=types.Position(line=line, character=length),
                ),
                message=finding.message,
                severity=_SEVERITY.get(finding.severity, types.DiagnosticSeverity.Error),
                code=finding.code,
                code_description=types.CodeDescription(href=rule_href(finding.code)),
                source=SOURCE,
            )
        )
    return out
