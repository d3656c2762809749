"""The JSON report of SPEC section 8, for scripts and dashboards."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from panelcheck import __version__
from panelcheck.findings import FileResult, Finding
from panelcheck.reporters import ReportOptions, statistics, summary_counts


def _fix(finding: Finding) -> dict[str, Any] | None:
    """The finding's fix as SPEC 12 gives it (None when there is none, or when the
    re-check refused it): what it does, whether it is safe, and its RFC 6902 patch."""
    fix = finding.fix
    if fix is None or finding.waived or not fix.offered:
        return None
    return {"description": fix.description, "safe": fix.safe, "patch": list(fix.patch)}


def render(results: Sequence[FileResult], options: ReportOptions) -> str:
    if options.statistics:
        rows = [
            {"code": code, "name": name, "severity": severity, "count": count}
            for code, name, severity, count in statistics(results)
        ]
        document = {"statistics": rows, "summary": summary_counts(results)}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    document = {
        "panelcheck": __version__,
        "files": [
            {
                "path": result.path,
                "findings": [
                    {
                        "code": f.code,
                        "name": f.name,
                        "severity": f.severity,
                        "message": f.message,
                        "subject": f.subject,
                        "pointer": f.pointer,
                        "line": f.line,
                        "column": f.column,
                        "waived": f.waived,
                        "fix": _fix(f),
                    }
                    for f in result.findings
                ],
            }
            for result in results
        ],
        "summary": summary_counts(results),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
