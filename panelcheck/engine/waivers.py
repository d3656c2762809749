"""Waivers (SPEC section 2): accepted findings, reported as waived and not counted.

A waiver must say why (``reason``) and may lapse (``expires``). One that does neither
properly, or that matches nothing any more, is itself reported (LAY006), so stale
waivers do not pile up and hide the next real problem.
"""

from __future__ import annotations

import datetime
from collections.abc import Container, Iterable, Mapping
from typing import Any

from panelcheck.engine.ruleset import RuleInfo, most_specific
from panelcheck.findings import Finding, Fix, printable
from panelcheck.read.positions import unescape_tokens
from panelcheck.read.recovery import LeftOut

NOT_WAIVABLE = frozenset({"LAY000", "LAY006"})
"""Findings a waiver cannot accept: a file that is no layout, and a waiver's own
problem (the editor's "add a waiver" offers neither)."""


def apply_waivers(
    findings: list[Finding],
    layout: Mapping[str, Any],
    ids: Container[str],
    nets: Container[str],
    data: object,
    rules: dict[str, RuleInfo],
    enabled: Iterable[str],
    today: datetime.date,
    severity: dict[str, str] | None = None,
    left_out: LeftOut | None = None,
) -> list[Finding]:
    """Mark waived findings in place; return the waivers' own findings.

    A waiver's subject must name one of the layout's ``ids`` or ``nets``, a terminal of
    an element (``K1:A1``), or a JSON Pointer into ``data``. A waiver left out for a
    schema error (None) is skipped, and so is one about an element or net left out: the
    LAY000 there says what is wrong, and nothing could match the waiver. When anything
    was left out, a waiver that matches no finding is not reported either: the file was
    not checked whole.
    """
    enabled = set(enabled)
    own: list[Finding] = []

    def report(code: str, subject: str, pointer: str, message: str, fix: Fix | None = None) -> None:
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
                    fix=fix,
                )
            )

    named = _other_subjects(layout)
    by_subject: dict[tuple[str, str | None], list[Finding]] = {}
    for finding in findings:
        by_subject.setdefault((finding.code, finding.subject), []).append(finding)
    for i, waiver in enumerate(layout.get("waivers", ())):
        if waiver is None:
            continue
        pointer = f"/waivers/{i}"
        rule, subject = waiver["rule"], waiver["subject"]
        if left_out is not None and (left_out.names(subject) or subject in left_out.nets):
            continue
        reason, expires = waiver.get("reason"), waiver.get("expires")
        what = f"waiver for {rule} on {subject!r}"
        if rule not in rules:
            report(
                "LAY003",
                subject,
                f"{pointer}/rule",
                f"{what}: there is no rule {rule} ('panelcheck rules' lists them)",
            )
            continue
        if rule in NOT_WAIVABLE:
            report(
                "LAY006",
                subject,
                f"{pointer}/rule",
                f"{what}: {rule} cannot be waived",
            )
            continue
        if not _subject_exists(subject, ids, nets, data) and subject not in named:
            report(
                "LAY003",
                subject,
                f"{pointer}/subject",
                f"{what}: the subject names no id, net, terminal, part number, approval "
                "mark or JSON Pointer in this layout",
            )
            continue
        if not (reason or "").strip():
            report(
                "LAY006",
                subject,
                pointer,
                f"{what} has no reason and is not applied: a waiver must say why the "
                "finding is accepted",
            )
            continue
        if expires is not None and expires < today:
            report(
                "LAY006",
                subject,
                f"{pointer}/expires",
                f"{what} expired on {expires.isoformat()} and is not applied",
            )
            continue
        matched = by_subject.get((rule, subject), [])
        for finding in matched:
            finding.waived = True
            finding.justification = printable(reason)  # shown in reports, like messages
        if not matched and rule in enabled and left_out is None:  # a partial check proves nothing
            report(
                "LAY006",
                subject,
                pointer,
                f"{what} matches no finding; remove it if the problem is fixed",
                Fix(
                    f"remove the {what}, which matches no finding",
                    True,
                    ({"op": "remove", "path": pointer},),
                ),
            )
    return own


def _other_subjects(layout: Mapping[str, Any]) -> set[str]:
    """The subjects that are neither ids nor nets: the part numbers on the rails (LAY008
    is about a part number) and the approval marks the panel names (the LAY003 of a
    mark no part carries)."""
    named = set(layout.get("panel", {}).get("approvals", ()))
    for rail in layout.get("rails", ()):
        for item in rail.get("items", ()) if rail else ():
            if item is not None and "part" in item:
                named.add(item["part"])
    return named


def _subject_exists(subject: str, ids: Container[str], nets: Container[str], data: object) -> bool:
    if subject in ids or subject in nets:
        return True
    module, sep, _ = subject.partition(":")
    if sep and module in ids:
        return True
    return subject.startswith("/") and pointer_exists(data, subject)


def pointer_exists(data: object, pointer: str) -> bool:
    """Whether a JSON Pointer that starts with '/' names a value in ``data``."""
    node = data
    for token in unescape_tokens(pointer):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False
    return True
