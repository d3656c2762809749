"""Code actions: the fixes of ``panelcheck validate --fix`` and a waiver, as edits.

For the diagnostics under the cursor:

- each finding's fix, as the check offered it (located in the text and checked again,
  see :mod:`panelcheck.engine.offers`): safe fixes are marked preferred, unsafe ones
  (those only ``--unsafe-fixes`` makes) are offered too, their title says "unsafe";
- "Add a waiver for CODE on SUBJECT": a waiver at the end of ``waivers`` (the list is
  made when there is none) with an empty reason. A waiver without a reason is not
  applied and LAY006 says so, so the designer has to write why before the finding goes:
  the editor makes the waiver quick to write, not the decision. Not offered where the
  layout has a waiver for that rule and subject already, nor for findings a waiver
  cannot accept, and at most :data:`MAX_WAIVERS` in one answer (a selection of the
  whole file does not need thousands).

And for the whole document, "Fix all" (``source.fixAll.panelcheck``): exactly what
``panelcheck validate --fix`` writes, round by round (:func:`panelcheck.fixes.rounds.fix_file`),
as one edit, so the bytes in the editor are the bytes the command line would write.

Every edit names the document version it was computed on where the client accepts
versioned edits, so a client refuses an edit of a text that has changed since.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lsprotocol import types

from panelcheck.engine.waivers import NOT_WAIVABLE
from panelcheck.findings import Finding, TextEdit
from panelcheck.read.edits import Unlocated, text_edits
from panelcheck.read.positions import PositionIndex
from panelcheck.server.columns import Lines

FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.panelcheck"
"""The kind of the "Fix all" action (editors run ``source.fixAll`` actions on save when
asked to)."""

MAX_WAIVERS = 20
""""Add a waiver" actions in one answer, at most."""


@dataclass(frozen=True)
class Checked:
    """A document's text and version, and the findings of its check, with their
    diagnostics in the same order (the code actions are found by range in them)."""

    text: str
    version: int | None
    findings: list[Finding]
    diagnostics: list[types.Diagnostic]
    lines: Lines


@dataclass(frozen=True)
class Target:
    """Where the edits of an answer go: the document, its version, and whether the
    client takes versioned edits (``workspace.workspaceEdit.documentChanges``)."""

    uri: str
    version: int | None
    versioned: bool

    def edit(self, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
        if self.versioned:
            document = types.OptionalVersionedTextDocumentIdentifier(
                uri=self.uri, version=self.version
            )
            return types.WorkspaceEdit(
                document_changes=[types.TextDocumentEdit(text_document=document, edits=edits)]
            )
        return types.WorkspaceEdit(changes={self.uri: edits})


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


def quick_fixes(
    target: Target, checked: Checked, wanted: types.Range, waived: set[tuple[str, str]]
) -> list[types.CodeAction]:
    """The fixes and waivers of the findings whose diagnostics touch ``wanted``;
    ``waived`` are the (rule, subject) pairs the layout has waivers for already."""
    fixes: list[types.CodeAction] = []
    waivers: list[types.CodeAction] = []
    place = _WaiverPlace(checked)
    offered = set(waived)
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
                    edit=target.edit(_edits(checked.lines, fix.edits)),
                )
            )
        key = (finding.code, finding.subject or "")
        if finding.code in NOT_WAIVABLE or not finding.subject or key in offered:
            continue
        if len(waivers) < MAX_WAIVERS and (edit := place.edit(finding)) is not None:
            offered.add(key)
            waivers.append(
                types.CodeAction(
                    title=f"Add a waiver for {finding.code} on {finding.subject} "
                    "(write its reason)",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=target.edit([edit]),
                )
            )
    return fixes + waivers


class _WaiverPlace:
    """Where a new waiver goes in one text: the end of ``waivers``, or a new
    ``waivers`` list at the end of the layout (the text is indexed once per answer)."""

    def __init__(self, checked: Checked) -> None:
        self.checked = checked
        self._positions: PositionIndex | None = None
        self._path: str | None = None

    def _where(self) -> tuple[PositionIndex, str] | None:
        """The index and the JSON Patch path of the insertion; None when the text
        cannot take one (its top level is not an object, or ``waivers`` no list)."""
        if self._positions is None:
            text = self.checked.text
            self._positions = PositionIndex(text)
            existing = self._positions.container("/waivers")
            if existing is not None and text[existing.start] == "[":
                self._path = "/waivers/-"
            elif existing is None and self._positions.container("") is not None:
                self._path = "/waivers"
        return (self._positions, self._path) if self._path is not None else None

    def edit(self, finding: Finding) -> types.TextEdit | None:
        where = self._where()
        if where is None:
            return None
        positions, path = where
        waiver = {"rule": finding.code, "subject": finding.subject, "reason": ""}
        value: object = waiver if path.endswith("-") else [waiver]
        try:
            [(start, end, written)] = text_edits(
                self.checked.text, positions, [{"op": "add", "path": path, "value": value}]
            )
        except Unlocated:
            return None
        return types.TextEdit(range=self.checked.lines.range(start, end), new_text=written)


def fix_all(target: Target, checked: Checked, fixed: str) -> types.CodeAction | None:
    """The whole document replaced by what ``--fix`` makes of it (None: nothing to fix)."""
    if fixed == checked.text:
        return None
    whole = checked.lines.range(0, len(checked.text))
    return types.CodeAction(
        title="Fix all panelcheck findings that can be fixed",
        kind=FIX_ALL,
        edit=target.edit([types.TextEdit(range=whole, new_text=fixed)]),
    )
