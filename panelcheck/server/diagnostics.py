"""Findings as LSP diagnostics, and which documents get them.

Kept apart from the server so the mapping (lines and columns from 1-based to 0-based,
severities, the rule link) is one small, pure function that is easy to read and test.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lsprotocol import types

from panelcheck.findings import Finding
from panelcheck.server import RULE_URL
from panelcheck.server.columns import Lines
from panelcheck.server.context import spot_at

SOURCE = "panelcheck"

_DECLARES = re.compile(r'"format"\s*:\s*"panelcheck/')
_LOOKS = 20
"""Declarations looked at before a document is taken for something else: each costs a
scan up to it, and a layout declares its format once, near its top."""

_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


def is_layout(text: str) -> bool:
    """Whether ``text`` declares a top-level ``"format": "panelcheck/…"``: recognised in
    the text, as the command line's discovery does, so a broken layout still counts; a
    ``"format"`` inside another object (a package manifest quoting a layout) does not."""
    for seen, match in enumerate(_DECLARES.finditer(text)):
        if seen == _LOOKS:
            break
        spot = spot_at(text, match.start() + 1, siblings=False)
        if spot is not None and spot.role == "key" and spot.path == ("format",):
            return True
    return False


def rule_href(code: str) -> str:
    """The rule's stable anchor (see :data:`panelcheck.server.RULE_URL`)."""
    return RULE_URL.format(code=code)


def to_diagnostics(
    findings: Iterable[Finding], lines: Lines, bom: bool = False
) -> list[types.Diagnostic]:
    """The findings (the caller leaves out waived ones), each from its line and column
    (the command line's: 1-based, counted in characters, without a byte-order mark,
    which ``bom`` says the text starts with) to the end of that line, in the client's
    units (UTF-16 unless negotiated otherwise)."""
    out: list[types.Diagnostic] = []
    for finding in findings:
        column = finding.column + (1 if bom and finding.line == 1 else 0)
        start = lines.cli_offset(finding.line, column)
        end = lines.end_of_line_at(start)
        out.append(
            types.Diagnostic(
                range=lines.range(start, end),
                message=finding.message,
                severity=_SEVERITY.get(finding.severity, types.DiagnosticSeverity.Error),
                code=finding.code,
                code_description=types.CodeDescription(href=rule_href(finding.code)),
                source=SOURCE,
            )
        )
    return out
