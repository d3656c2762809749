"""The text report: ``path:line:col: CODE severity: message`` and a summary line.

The same shape as ruff, gcc and most linters, so editors and CI logs turn each line
into a link to the spot in the file.
"""

from __future__ import annotations

from collections.abc import Sequence

from panelcheck.findings import FileResult
from panelcheck.reporters import ReportOptions, summary_counts


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render(results: Sequence[FileResult], options: ReportOptions) -> str:
    lines = []
    for result in results:
        for f in result.findings:
            if f.waived and not options.show_waived:
                continue
            waived = " (waived)" if f.waived else ""
            lines.append(
                f"{result.path}:{f.line}:{f.column}: {f.code} {f.severity}{waived}: {f.message}"
            )
    lines.append(summary(results))
    return "\n".join(lines) + "\n"


def summary(results: Sequence[FileResult]) -> str:
    c = summary_counts(results)
    checked = f"{_plural(c['files'], 'file')} checked"
    counted = [
        (c["errors"], _plural(c["errors"], "error")),
        (c["warnings"], _plural(c["warnings"], "warning")),
        (c["infos"], f"{c['infos']} info"),
    ]
    found = [text for n, text in counted if n]
    waived = f" ({c['waived']} waived)" if c["waived"] else ""
    if not found:
        return f"{checked}: no findings{waived}."
    return f"{checked}: {', '.join(found)}{waived}."
