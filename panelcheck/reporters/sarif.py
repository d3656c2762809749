"""SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.

One run with the rules as ``tool.driver.rules`` (stable ids: the rule codes), results
with a region (1-based line and column; columns count Unicode code points, which the
run declares) and URIs relative to ``%SRCROOT%``, the folder panelcheck ran in, so that
code scanning can place them in the repository. Waived findings are kept as results
with an ``inSource`` suppression carrying the waiver's reason, which code scanning shows
as dismissed. ``partialFingerprints`` tie a result to its rule, file, subject and
pointer, so a finding keeps its identity when lines move.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from itertools import islice
from pathlib import Path
from urllib.parse import quote

from panelcheck import __version__
from panelcheck.engine.ruleset import RuleInfo
from panelcheck.findings import FileResult, Finding, Fix
from panelcheck.reporters import LEVELS, ReportOptions, relative_path

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


_PIECE = 200
"""Results per piece of text: few writes, and never the whole report in memory."""
_ENCODER = json.JSONEncoder(indent=2, ensure_ascii=False)
"""What ``json.dumps(..., indent=2, ensure_ascii=False)`` uses, made once."""
_SHIFT = " " * 6
"""From a list's items (indented 2) to the results' place in the document (8)."""


def render(results: Sequence[FileResult], options: ReportOptions) -> str:
    """The whole report as one string (the command line writes :func:`render_chunks`)."""
    return "".join(render_chunks(results, options))


def render_chunks(results: Sequence[FileResult], options: ReportOptions) -> Iterator[str]:
    """The report as pieces of text, a few hundred results each.

    Tens of thousands of findings make a SARIF document of tens of megabytes, and
    building it whole (every result as a dictionary, then one string) took more memory
    than checking the file had. Here the document around the results is made with a
    marker in their place, and the results are encoded a few hundred at a time,
    indented to where they sit: joined, the pieces are the very bytes ``json.dumps`` of
    the whole document gives.
    """
    codes = sorted(set(options.enabled) | {f.code for r in results for f in r.findings})
    index = {code: i for i, code in enumerate(codes)}
    head, tail = _frame(codes, options)
    found = (
        _result(result.path, f, index, artifact)
        for result in results
        for artifact in [_artifact(result.path, options.root)]  # resolved once a file
        for f in result.findings
    )
    batch = list(islice(found, _PIECE))
    if not batch:
        yield f"{head}[]{tail}"
        return
    yield f"{head}[\n"
    while batch:
        text = _encoded(batch)
        batch = list(islice(found, _PIECE))
        yield text + (",\n" if batch else "\n")
    yield f"{_SHIFT}]{tail}"


def _frame(codes: list[str], options: ReportOptions) -> tuple[str, str]:
    """The document before and after the list of results."""
    marker = "panelcheck: the results go here"
    run = {
        "tool": {
            "driver": {
                "name": "panelcheck",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule(options.rules[code]) for code in codes],
            }
        },
        "originalUriBaseIds": {"%SRCROOT%": {"uri": options.root.resolve().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": marker,
    }
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    text = _ENCODER.encode(document) + "\n"
    # The results are the last value written: a rule's text holding the marker comes first.
    head, _, tail = text.rpartition(json.dumps(marker))
    return head, tail


def _encoded(batch: list[dict[str, object]]) -> str:
    """Results as they stand in the document's list, without the commas around them."""
    items = _ENCODER.encode(batch)[2:-2]  # "[\n" and "\n]" off
    return _SHIFT + items.replace("\n", "\n" + _SHIFT)


def _rule(info: RuleInfo) -> dict[str, object]:
    help_text = f"{info.what}\n\nWhy it matters: {info.why}\n\nFix: {info.fix}"
    return {
        "id": info.code,
        "name": info.name,
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": info.what},
        "help": {
            "text": help_text,
            "markdown": f"{info.what}\n\n**Why it matters.** {info.why}\n\n**Fix.** {info.fix}"
            f"\n\n`panelcheck rule {info.code}` shows a failing and a passing example.",
        },
        "defaultConfiguration": {
            "level": LEVELS[info.severity],
            "enabled": info.enabled_by_default,
        },
        "properties": {"tags": ["panelcheck", info.family], "precision": "very-high"},
    }


def _result(
    path: str, f: Finding, index: dict[str, int], artifact: dict[str, str]
) -> dict[str, object]:
    result: dict[str, object] = {
        "ruleId": f.code,
        "ruleIndex": index[f.code],
        "level": LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact,
                    "region": {"startLine": f.line, "startColumn": f.column},
                }
            }
        ],
        "partialFingerprints": {"panelcheck/v1": _fingerprint(path, f)},
        "properties": {"subject": f.subject, "pointer": f.pointer},
    }
    if f.fix is not None and not f.waived and f.fix.offered:
        result["fixes"] = [_fix(f.fix, artifact)]
    if f.waived:
        result["suppressions"] = [
            {"kind": "inSource", "justification": f.justification or "waived in the layout"}
        ]
    return result


def _fix(fix: Fix, artifact: dict[str, str]) -> dict[str, object]:
    """The fix as SARIF has it: its text edits as replacements of byte regions of the
    file (the offsets a :class:`~panelcheck.findings.TextEdit` holds)."""
    return {
        "description": {"text": fix.description},
        "artifactChanges": [
            {
                "artifactLocation": artifact,
                "replacements": [
                    {
                        "deletedRegion": {
                            "byteOffset": edit.start,
                            "byteLength": edit.end - edit.start,
                        },
                        "insertedContent": {"text": edit.replacement},
                    }
                    for edit in fix.edits
                ],
            }
        ],
        "properties": {"safe": fix.safe},
    }


def _artifact(path: str, root: Path) -> dict[str, str]:
    """A URI relative to ``%SRCROOT%`` when the file is inside it, else an absolute one."""
    relative = relative_path(path, root)
    if relative is None:
        return {"uri": Path(path).resolve().as_uri()}
    return {"uri": quote(relative), "uriBaseId": "%SRCROOT%"}


def _fingerprint(path: str, f: Finding) -> str:
    key = "\x1f".join((f.code, Path(path).as_posix(), f.subject or "", f.pointer))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
