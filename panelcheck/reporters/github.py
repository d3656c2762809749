"""GitHub Actions workflow commands: each finding becomes an annotation on the file.

``::error file=…,line=…,col=…,title=CODE::message``, with ``notice`` for info findings.
The runner splits commands on ``::``, ``,`` and ``=`` and ends them at a newline, so
values are escaped as the Actions toolkit does: ``%``, CR and LF everywhere, and also
``:`` and ``,`` in property values. Paths are made relative to the folder panelcheck
runs in (the repository root in a workflow), which is what the annotations are placed
against. A summary line follows as plain log text.
"""

from __future__ import annotations

from collections.abc import Sequence

from panelcheck.findings import FileResult, printable
from panelcheck.reporters import ReportOptions, relative_path
from panelcheck.reporters.text import summary

_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render(results: Sequence[FileResult], options: ReportOptions) -> str:
    lines = []
    for result in results:
        path = printable(relative_path(result.path, options.root) or result.path)  # once a file
        for f in result.findings:
            if f.waived and not options.show_waived:
                continue
            command = "notice" if f.waived else _COMMAND[f.severity]
            properties = ",".join(
                f"{key}={escape_property(value)}"
                for key, value in (
                    ("file", path),
                    ("line", str(f.line)),
                    ("col", str(f.column)),
                    ("title", f.code),
                )
            )
            lines.append(f"::{command} {properties}::{escape_data(f.message)}")
    if not options.quiet:
        lines.append(summary(results))
    return "".join(f"{line}\n" for line in lines)
