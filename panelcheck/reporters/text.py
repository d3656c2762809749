"""The text report: ``path:line:col: CODE severity: message`` and a summary line.

The same shape as ruff, gcc and most linters, so editors and CI logs turn each line
into a link to the spot in the file.
"""

from __future__ import annotations

from collections.abc import Sequence

from panelcheck.findings import FileResult, printable
from panelcheck.reporters import ReportOptions, statistics, summary_counts


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render(results: Sequence[FileResult], options: ReportOptions) -> str:
    lines = _statistics(results) if options.statistics else _findings(results, options)
    if not options.quiet:
        lines.append(summary(results))
    return "".join(f"{line}\n" for line in lines)


def _statistics(results: Sequence[FileResult]) -> list[str]:
    rows = statistics(results)
    width = max((len(str(n)) for *_, n in rows), default=1)
    levels = max((len(s) for _, _, s, _ in rows), default=5)
    return [f"{n:>{width}}  {code}  {s:<{levels}}  {name}" for code, name, s, n in rows]


def _findings(results: Sequence[FileResult], options: ReportOptions) -> list[str]:
    lines = []
    for result in results:
        path = printable(result.path)  # a file name may hold a newline too
        for f in result.findings:
            if f.waived and not options.show_waived:
                continue
            waived = " (waived)" if f.waived else ""
            lines.append(f"{path}:{f.line}:{f.column}: {f.code} {f.severity}{waived}: {f.message}")
    return lines


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
