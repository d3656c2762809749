"""At most :data:`~panelcheck.read.limits.MAX_FINDINGS_PER_RULE` findings of one rule per
file, and a note (info, same code) counting the rest.

One mistake repeated over a generated panel, or a hostile file of a hundred thousand
copies of one jumper, would otherwise give a report nobody reads, and cost seconds to
locate and hundreds of megabytes to hold and write. The findings kept are chosen by
what they are, never by the order the checks ran in (which differs when a large panel
is shared over processes): unwaived before waived, then the most severe (so the exit
status is the one the whole list would give), then by pointer, shortest first, which
puts the elements early in the layout's lists first.

A rule no waiver names is capped on its reports, before they become findings; a rule a
waiver names is capped after the waivers are applied, so that a waived finding is not
listed in place of an unwaived one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from panelcheck.findings import SEVERITY_RANK, Finding, Report
from panelcheck.read.limits import MAX_FINDINGS_PER_RULE

_T = TypeVar("_T")


def cap(group: Sequence[_T], key: Callable[[_T], Any]) -> tuple[Sequence[_T], int]:
    """The first findings of one rule by ``key``, and how many were left out."""
    limit = MAX_FINDINGS_PER_RULE
    if len(group) <= limit:
        return group, 0
    return sorted(group, key=key)[:limit], len(group) - limit


def report_key(severity: str) -> Callable[[Report], tuple[int, int, str]]:
    """Order of reports of a rule whose default severity is ``severity``."""

    def key(report: Report) -> tuple[int, int, str]:
        pointer = report.pointer
        return (-SEVERITY_RANK[report.severity or severity], len(pointer), pointer)

    return key


def finding_key(finding: Finding) -> tuple[bool, int, int, str]:
    pointer = finding.pointer
    return (finding.waived, -SEVERITY_RANK[finding.severity], len(pointer), pointer)


def cap_findings(findings: list[Finding], left_out: dict[str, int]) -> list[Finding]:
    """``findings`` with each rule capped; adds what was left out to ``left_out``."""
    by_code: dict[str, list[Finding]] = {}
    for finding in findings:
        by_code.setdefault(finding.code, []).append(finding)
    if all(len(group) <= MAX_FINDINGS_PER_RULE for group in by_code.values()):
        return findings
    kept: list[Finding] = []
    for code, group in by_code.items():
        listed, dropped = cap(group, finding_key)
        kept += listed
        if dropped:
            left_out[code] = left_out.get(code, 0) + dropped
    return kept


def note(code: str, name: str, dropped: int) -> Finding:
    """The finding that counts what was left out of one rule."""
    return Finding(
        code=code,
        severity="info",
        message=(
            f"{dropped:,} more {code} findings in this file are not listed: at most "
            f"{MAX_FINDINGS_PER_RULE:,} of one rule are reported per file; fix these and "
            "run again"
        ),
        subject=None,
        pointer="",
        name=name,
    )
