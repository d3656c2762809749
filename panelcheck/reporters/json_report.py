"""The JSON report of SPEC section 8, for scripts and dashboards."""

from __future__ import annotations

import json
from collections.abc import Sequence

from panelcheck import __version__
from panelcheck.findings import FileResult
from panelcheck.reporters import ReportOptions, statistics, summary_counts


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
                    }
                    for f in result.findings
                ],
            }
            for result in results
        ],
        "summary": summary_counts(results),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
