"""Code actions: the fixes of ``panelcheck validate --fix`` and a waiver, as edits.

For the diagnostics under the cursor:

- each finding's fix, as the check offered it (located in the text and checked again,
  see :mod:`panelcheck.engine.offers`): safe fixes are marked preferred, unsafe ones
  (those only ``--unsafe-fixes`` makes) are offered too, their title says "unsafe";
- "Add a waiver for CODE on SUBJECT": a waiver at the end of ``waivers`` (the list is
  made when there is none) with an empty reason. A waiver without a reason is not
  applied and LAY006 says so, so the designer has to write why before the finding goes:
  the editor makes the waiver quick to write, not the decision.

And for the whole document, "Fix all" (``source.fixAll.panelcheck``): exactly what
``panelcheck validate --fix`` writes, round by round (:func:`panelcheck.fixes.rounds.fix_file`),
as one edit, so the bytes in the editor are the bytes the command line would write.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lsprotocol import types

from panelcheck.findings import Finding, TextEdit
from panelcheck.read.edits import Unlocated, text_edits
from panelcheck.read.positions import PositionIndex
from panelcheck.server.columns import Lines

FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.panelcheck"
"""The kind of the "Fix all" action (editors run ``source.fixAll`` actions on save when
asked to)."""

NOT_WAIVABLE = frozenset({"LAY000"})
"""Findings a waiver cannot accept (a file that does not parse is not a layout)."""


@dataclass(frozen=True)
class Checked:
    """A document's text and the findings of its last check, with their diagnostics in
    the same order (the code actions are found by range in them)."""

    text: str
    findings: list[Finding]
    diagnostics: list[types.Diagnostic]
    lines: Lines


def _overlaps(a: types.Range, b: types.Range) -> bool:
    def key(p: types.Position) -> tuple[int, int]:
        return (p.line, p.character)

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def _edits(lines: Lines, edits: Iterable[TextEdit]) -> list[types.TextEdit]:
    """Byte-offset edits of the UTF-8 text as LSP edits."""
    return [
        types.TextEdit(
            range=lines.range(lines.from_bytes(e.start), lines.from_bytes(e.end)),
            new_text=e.replacement,
        )
        for e in edits
    ]


def quick_fixes(uri: str, checked: Checked, wanted: types.Range) -> list[types.CodeAction]:
    """The fixes and waivers of the findings whose diagnostics touch ``wanted``."""
    fixes: list[types.CodeAction] = []
    waivers: list[types.CodeAction] = []
    offered_waivers: set[tuple[str, str]] = set()
    for finding, diagnostic in zip(checked.findings, checked.diagnostics, strict=True):
        if not _overlaps(diagnostic.range, wanted):
            continue
        fix = finding.fix
        if fix is not None and fix.offered:
            fixes.append(
                types.CodeAction(
                    title=f"{finding.code}: {fix.description}" + ("" if fix.safe else " (unsafe)"),
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    is_preferred=fix.safe,
                    edit=types.WorkspaceEdit(changes={uri: _edits(checked.lines, fix.edits)}),
                )
            )
        key = (finding.code, finding.subject or "")
        if finding.code not in NOT_WAIVABLE and finding.subject and key not in offered_waivers:
            action = waiver_action(uri, checked, finding, diagnostic)
            if action is not None:
                offered_waivers.add(key)
                waivers.append(action)
    return fixes + waivers


def waiver_action(
    uri: str, checked: Checked, finding: Finding, diagnostic: types.Diagnostic
) -> types.CodeAction | None:
    """ "Add a waiver for CODE on SUBJECT" (None when the text cannot take one: the
    layout's top level is not an object, or ``waivers`` is not a list)."""
    text = checked.text
    positions = PositionIndex(text)
    waiver: dict[str, object] = {"rule": finding.code, "subject": finding.subject, "reason": ""}
    existing = positions.container("/waivers")
    op: dict[str, object]
    if existing is not None and text[existing.start] == "[":
        op = {"op": "add", "path": "/waivers/-", "value": waiver}
    elif existing is None and positions.container("") is not None:
        op = {"op": "add", "path": "/waivers", "value": [waiver]}
    else:
        return None
    try:
        [(start, end, replacement)] = text_edits(text, positions, [op])
    except Unlocated:
        return None
    edit = types.TextEdit(range=checked.lines.range(start, end), new_text=replacement)
    return types.CodeAction(
        title=f"Add a waiver for {finding.code} on {finding.subject} (write its reason)",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=types.WorkspaceEdit(changes={uri: [edit]}),
    )


def fix_all(uri: str, text: str, fixed: str) -> types.CodeAction | None:
    """The whole document replaced by what ``--fix`` makes of it (None: nothing to fix)."""
    if fixed == text:
        return None
    lines = Lines(text)
    return types.CodeAction(
        title="Fix all panelcheck findings that can be fixed",
        kind=FIX_ALL,
        edit=types.WorkspaceEdit(
            changes={uri: [types.TextEdit(range=lines.range(0, len(text)), new_text=fixed)]}
        ),
    )
