"""Which fixes are offered: each located in the text, and checked again (SPEC 12).

A rule proposes a fix as a JSON Patch (:mod:`panelcheck.checks.remedies`). Before any
report offers it, the engine here

1. makes it text edits of the original bytes (:mod:`panelcheck.read.edits`); a fix
   that cannot be located is not offered;
2. groups the fixes in file order so that no two in a group touch the same text (the
   first in file order wins, the others wait for a later group, as ``--fix`` applies
   them round by round);
3. checks each group again: its edits made, the file is checked as a whole, and a fix
   whose result has a finding the original had not (an end plate that overfills its
   rail, a jumper that breaks another rule) is refused, with the reason. The group is
   first checked whole, which is the usual answer; only when that adds a finding is it
   halved until the fixes responsible are found, so a file with hundreds of fixes
   costs a check or two more, not hundreds.

Safe fixes are grouped apart from unsafe ones unless the run applies unsafe fixes, so
that a fix ``--fix`` would not apply never makes a safe one wait. Waived findings get
no fix, and a file with a LAY000 gets none: it is never edited.

Findings are compared by rule, subject and severity, with subjects that are JSON
Pointers moved past the elements a fix inserts or removes (an end plate inserted
before ``/rails/0/items/3`` makes it ``/rails/0/items/4``).
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from panelcheck.findings import Finding, Fix, TextEdit, few, printable
from panelcheck.read.document import Document
from panelcheck.read.edits import Unlocated, apply_edits, overlap, text_edits, to_bytes
from panelcheck.read.positions import parent, unescape_tokens

Recheck = Callable[[bytes], list[Finding] | None]
"""The findings of the file with these bytes, or None when it is no longer a layout."""

_BOM = b"\xef\xbb\xbf"


def first_wins(findings: Iterable[Finding]) -> tuple[list[Finding], list[Finding]]:
    """The findings whose fixes can be made together, in file order, each kept unless
    its edits overlap one kept before it; and the others, which wait."""
    kept: list[Finding] = []
    taken: list[TextEdit] = []  # sorted, and no two overlap: only neighbours can clash
    waiting: list[Finding] = []
    for finding in findings:
        assert finding.fix is not None
        edits = finding.fix.edits
        if any(_clashes(edit, taken) for edit in edits):
            waiting.append(finding)
        else:
            kept.append(finding)
            for edit in edits:
                insort(taken, edit)
    return kept, waiting


def _clashes(edit: TextEdit, taken: list[TextEdit]) -> bool:
    """Whether ``edit`` overlaps one of ``taken`` (sorted, none overlapping another, so
    only the one before it and those starting within it can)."""
    at = bisect_left(taken, edit)
    if at > 0 and overlap(taken[at - 1], edit):
        return True
    while at < len(taken) and taken[at].start <= edit.end:
        if overlap(taken[at], edit):
            return True
        at += 1
    return False


def groups(findings: Sequence[Finding], unsafe: bool) -> list[list[Finding]]:
    """The findings with located fixes, in groups that can each be made at once: safe
    fixes first and apart from unsafe ones (unless ``unsafe``), each list grouped by
    :func:`first_wins`."""
    located = [f for f in findings if f.fix is not None and f.fix.edits]
    lists = [located] if unsafe else [[f for f in located if f.fix and f.fix.safe]]
    if not unsafe:
        lists.append([f for f in located if f.fix and not f.fix.safe])
    found: list[list[Finding]] = []
    for pending in lists:
        while pending:
            group, pending = first_wins(pending)
            found.append(group)
    return found


def settle(
    doc: Document, raw: bytes, findings: list[Finding], recheck: Recheck, unsafe: bool
) -> None:
    """Give the fixes of ``findings`` their text edits, and refuse those the re-check
    does not allow (in place). ``raw`` is the file's bytes; ``recheck`` checks other
    bytes as the file."""
    for finding in findings:
        if finding.fix is not None:
            finding.fix = _located(doc, raw, finding.fix) if not finding.waived else None
    for group in groups(findings, unsafe):
        _Checker(raw, findings, recheck).settle(group)


def _located(doc: Document, raw: bytes, fix: Fix) -> Fix | None:
    """The fix with its text edits (and its description printable: it may quote ids)."""
    try:
        edits = text_edits(doc.text, doc.positions, fix.patch)
    except Unlocated:
        return None
    skipped = len(_BOM) if raw.startswith(_BOM) and not doc.text.startswith("\ufeff") else 0
    located = to_bytes(doc.text, edits, skipped)
    return dataclasses.replace(fix, edits=tuple(located), description=printable(fix.description))


class _Checker:
    """The re-check of one group of fixes against the file's own findings."""

    def __init__(self, raw: bytes, findings: list[Finding], recheck: Recheck) -> None:
        self.raw = raw
        self.before = findings
        self.recheck = recheck

    def settle(self, group: list[Finding]) -> None:
        self._survivors(group, [])

    def _survivors(self, candidates: list[Finding], accepted: list[Finding]) -> list[Finding]:
        """The candidates that can join ``accepted`` without adding a finding, found by
        halving a set that does not pass (those that cannot are refused)."""
        if not candidates:
            return []
        added = self._added(accepted + candidates)
        if not added:
            return candidates
        if len(candidates) == 1:
            [finding] = candidates
            assert finding.fix is not None
            finding.fix = dataclasses.replace(finding.fix, refused=added)
            return []
        half = len(candidates) // 2
        left = self._survivors(candidates[:half], accepted)
        return left + self._survivors(candidates[half:], accepted + left)

    def _added(self, applied: list[Finding]) -> str | None:
        """What the file with these fixes made has that it had not (None: nothing)."""
        fixes = [f.fix for f in applied if f.fix is not None]
        edited = apply_edits(self.raw, [e for fix in fixes for e in fix.edits])
        after = self.recheck(edited)
        if after is None:
            return "the fixed file would not be a valid layout"
        ops = [op for fix in fixes for op in fix.patch]
        before = Counter(_identity(f, ops) for f in self.before)
        new = Counter(_identity(f, []) for f in after) - before
        if not new:
            return None
        named = [f"{code} on {subject}" if subject else code for code, subject, _, _ in new]
        return printable(f"it would add {few(sorted(named), last=' and ')}")


def _identity(finding: Finding, ops: Sequence[dict[str, Any]]) -> tuple[str, str, str, bool]:
    """What makes a finding the same one after a fix: rule, subject (a pointer moved
    past what the fix inserts or removes), severity and whether it is waived."""
    subject = finding.subject or ""
    if subject.startswith("/") and ops:
        subject = moved(subject, ops) or subject
    return (finding.code, subject, finding.severity, finding.waived)


def moved(pointer: str, ops: Sequence[dict[str, Any]]) -> str | None:
    """Where ``pointer`` (of the original layout) is after the operations, each given
    against the original: shifted past the elements added to or removed from an array
    before it; None when it was removed."""
    tokens = unescape_tokens(pointer)
    shifts: dict[tuple[str, int], int] = {}
    for op in ops:
        path = op.get("path", "")
        if op.get("op") not in ("add", "remove") or not isinstance(path, str):
            continue
        owner, index = parent(path), path.rsplit("/", 1)[-1]
        if owner is None or not index.isdigit():
            continue
        depth = len(unescape_tokens(owner))
        if len(tokens) <= depth or pointer[: len(owner) + 1] != owner + "/":
            continue
        mine = tokens[depth]
        if not mine.isdigit():
            continue
        at, here = int(index), int(mine)
        if op["op"] == "add" and at <= here:
            shifts[(owner, depth)] = shifts.get((owner, depth), 0) + 1
        elif op["op"] == "remove":
            if at == here:
                return None
            if at < here:
                shifts[(owner, depth)] = shifts.get((owner, depth), 0) - 1
    for (_, depth), shift in sorted(shifts.items(), key=lambda item: item[0][1]):
        tokens[depth] = str(int(tokens[depth]) + shift)
    return "".join("/" + t.replace("~", "~0").replace("/", "~1") for t in tokens)
