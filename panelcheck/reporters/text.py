"""The text report: ``path:line:col: CODE severity: message`` and a summary line.

The same shape as ruff, gcc and most linters, so editors and CI logs turn each line
into a link to the spot in the file.

What makes it readable on a terminal, and only there (a report written to a file or
read by a program keeps the plain shape):

- colour (``--color``), with the severity coloured as ruff and gcc do;
- ``--show-source``: the file's line under each finding with a caret under its column;
- an assumption the catalog states for many findings (the 859 housing's open side, a
  terminal name the sheet does not give) is said once at the end of the report, as a
  numbered note, and each finding refers to it: an IPX001 line was about 400
  characters, most of them the same note repeated.
"""

from __future__ import annotations

from collections.abc import Sequence

from panelcheck.findings import FileResult, Finding, printable
from panelcheck.reporters import ReportOptions, statistics, summary_counts

_COLOURS = {"error": "31", "warning": "33", "info": "36"}
"""ANSI colours by severity: red, yellow, cyan."""
_ASSUMED = "assumed: "
_FIXABLE = " [*]"
"""After the code of a finding that ``--fix`` would fix, as ruff marks it."""
_SHARED_NOTE = 2
"""An assumption said by at least this many findings is written once, as a note."""


def _paint(text: str, code: str, on: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if on else text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render(results: Sequence[FileResult], options: ReportOptions) -> str:
    lines = _statistics(results) if options.statistics else _findings(results, options)
    if not options.quiet:
        lines.append(summary(results))
        fixable = fixable_line(results, options.unsafe_fixes)
        if fixable:
            lines.append(fixable)
    return "".join(f"{line}\n" for line in lines)


def fixable_line(results: Sequence[FileResult], unsafe: bool) -> str | None:
    """``2 fixable with --fix (1 more with --unsafe-fixes)``, as ruff says it; None when
    nothing is fixable."""
    findings = [f for result in results for f in result.findings]
    safe = sum(f.fixable(unsafe) for f in findings)
    more = 0 if unsafe else sum(f.fixable(True) for f in findings) - safe
    if not safe and not more:
        return None
    extra = f" ({more} more with --unsafe-fixes)" if more else ""
    return f"{safe} fixable with --fix{extra}"


def assumptions(message: str) -> list[str]:
    """The assumption notes a message carries (``assumed: ...`` up to the end of the
    parenthesis it stands in), in order."""
    notes = []
    start = message.find(_ASSUMED)
    while start != -1:
        depth, end = 0, len(message)
        for i in range(start, len(message)):
            if message[i] == "(":
                depth += 1
            elif message[i] == ")":
                if depth == 0:
                    end = i
                    break
                depth -= 1
        notes.append(message[start + len(_ASSUMED) : end])
        start = message.find(_ASSUMED, end)
    return notes


def _shared_notes(findings: Sequence[Finding]) -> dict[str, int]:
    """Assumption notes said by several findings, numbered in order of first use."""
    counts: dict[str, int] = {}
    for f in findings:
        for note in dict.fromkeys(assumptions(f.message)):
            counts[note] = counts.get(note, 0) + 1
    shared = [note for note, n in counts.items() if n >= _SHARED_NOTE]
    return {note: i for i, note in enumerate(shared, 1)}


def _statistics(results: Sequence[FileResult]) -> list[str]:
    rows = statistics(results)
    width = max((len(str(n)) for *_, n in rows), default=1)
    levels = max((len(s) for _, _, s, _ in rows), default=5)
    return [f"{n:>{width}}  {code}  {s:<{levels}}  {name}" for code, name, s, n in rows]


def _findings(results: Sequence[FileResult], options: ReportOptions) -> list[str]:
    shown = [
        (result, f)
        for result in results
        for f in result.findings
        if options.show_waived or not f.waived
    ]
    notes = _shared_notes([f for _, f in shown])
    lines = []
    on = options.color
    for result, f in shown:
        path = printable(result.path)  # a file name may hold a newline too
        waived = " (waived)" if f.waived else ""
        message = f.message
        for note, number in notes.items():
            message = message.replace(_ASSUMED + note, f"{_ASSUMED}see note {number}")
        where = _paint(f"{path}:{f.line}:{f.column}:", "1", on)
        level = _paint(f"{f.severity}{waived}", _COLOURS.get(f.severity, "0"), on)
        mark = _FIXABLE if f.fixable(options.unsafe_fixes) else ""
        lines.append(f"{where} {_paint(f.code, '1', on)}{mark} {level}: {message}")
        if options.show_source and options.sources is not None:
            lines += _source(options.sources(result.path), f, on)
    lines += [f"note {number}: assumed: {note}" for note, number in notes.items()]
    return lines


def _source(text: list[str] | None, f: Finding, on: bool) -> list[str]:
    """The finding's line of the file, and a caret under its column."""
    if text is None or not 1 <= f.line <= len(text):
        return []
    line = printable(text[f.line - 1].expandtabs(1))
    gutter = f"{f.line} | "
    caret = " " * (len(gutter) + f.column - 1) + _paint("^", _COLOURS.get(f.severity, "0"), on)
    return [f"{gutter}{line}", caret]


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
