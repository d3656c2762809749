"""Waivers (SPEC section 2): accepted findings, reported as waived and not counted.

A waiver must say why (``reason``) and may lapse (``expires``). One that does neither
properly, or that matches nothing any more, is itself reported (LAY006), so stale
waivers do not pile up and hide the next real problem.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from panelcheck.findings import Finding
from panelcheck.graph import PanelGraph
from panelcheck.ruleset import RuleInfo, most_specific

_NOT_WAIVABLE = frozenset({"LAY000", "LAY006"})


def apply_waivers(
    findings: list[Finding],
    graph: PanelGraph,
    data: object,
    rules: dict[str, RuleInfo],
    enabled: Iterable[str],
    today: datetime.date,
    severity: dict[str, str] | None = None,
) -> list[Finding]:
    """Mark waived findings in place; return the waivers' own findings."""
    enabled = set(enabled)
    own: list[Finding] = []

    def report(code: str, subject: str, pointer: str, message: str) -> None:
        if code in enabled:
            info = rules[code]
            own.append(
                Finding(
                    code=code,
                    severity=most_specific(code, severity or {}) or info.severity,
                    message=message,
                    subject=subject,
                    pointer=pointer,
                    name=info.name,
                )
            )

    for i, waiver in enumerate(graph.layout.waivers):
        pointer = f"/waivers/{i}"
        what = f"waiver for {waiver.rule} on {waiver.subject!r}"
        if waiver.rule not in rules:
            report(
                "LAY003",
                waiver.subject,
                f"{pointer}/rule",
                f"{what}: there is no rule {waiver.rule} ('panelcheck rules' lists them)",
            )
            continue
        if waiver.rule in _NOT_WAIVABLE:
            report(
                "LAY006",
                waiver.subject,
                f"{pointer}/rule",
                f"{what}: {waiver.rule} cannot be waived",
            )
            continue
        if not _subject_exists(waiver.subject, graph, data):
            report(
                "LAY003",
                waiver.subject,
                f"{pointer}/subject",
                f"{what}: the subject names no id, net, terminal or JSON Pointer in this layout",
            )
            continue
        if not (waiver.reason or "").strip():
            report(
                "LAY006",
                waiver.subject,
                pointer,
                f"{what} has no reason and is not applied: a waiver must say why the "
                "finding is accepted",
            )
            continue
        if waiver.expires is not None and waiver.expires < today:
            report(
                "LAY006",
                waiver.subject,
                f"{pointer}/expires",
                f"{what} expired on {waiver.expires.isoformat()} and is not applied",
            )
            continue
        matched = [f for f in findings if f.code == waiver.rule and f.subject == waiver.subject]
        for finding in matched:
            finding.waived = True
            finding.justification = waiver.reason
        if not matched and waiver.rule in enabled:
            report(
                "LAY006",
                waiver.subject,
                pointer,
                f"{what} matches no finding; remove it if the problem is fixed",
            )
    return own


def _subject_exists(subject: str, graph: PanelGraph, data: object) -> bool:
    if subject in graph.ids or graph.net(subject) is not None:
        return True
    module, sep, _ = subject.partition(":")
    if sep and module in graph.ids:
        return True
    return subject.startswith("/") and _pointer_exists(data, subject)


def _pointer_exists(data: object, pointer: str) -> bool:
    node = data
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False
    return True
