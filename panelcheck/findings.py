"""What a check reports, and how findings are ordered and counted."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

SEVERITIES = ("error", "warning", "info")

# Characters that would break a one-line message or act on the terminal showing it:
# C0 and C1 controls (newline, escape...), DEL, the Unicode line and paragraph
# separators, and the bidirectional controls that can make text read differently from
# what it says.
# Lone surrogates too: they are what Python makes of a file name's bytes that are not
# UTF-8 (``os.fsdecode``), and no UTF-8 report may hold them.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    r"""``text`` with the characters above written as escapes (``\n``, ``\x1b``,
    ``\u202e``): names from a layout file reach messages and paths reach reports, and
    neither may start a new line or colour a CI log."""
    if _UNPRINTABLE.search(text) is None:
        return text
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char)
    if named is not None:
        return named
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as backslashreplace says it
        code -= 0xDC00
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def display_path(path: str) -> str:
    r"""A file name as reports show it: bytes that are not UTF-8 written as ``\xe9``
    (as ``backslashreplace`` does), so every report stays valid UTF-8 whatever the
    name. Other characters are kept; each format escapes what it must."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return path


SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


class TextEdit(NamedTuple):
    """One change to a layout file's original bytes: ``replacement`` in place of the
    bytes from ``start`` to ``end`` (an insertion when they are equal). Offsets count
    bytes, as the file holds them, so that SARIF and a patch tool agree with them."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A change that removes a finding, as the rule that found it proposes it.

    ``patch`` is the change as RFC 6902 JSON Patch operations on the parsed layout;
    ``edits`` the same change as text edits on the file's original bytes, which keep
    every byte they do not need to touch (see :mod:`panelcheck.read.edits`); the engine
    adds them to what the rule proposed. ``safe`` fixes keep what the designer meant;
    the others (a guessed part number, a shorter jumper) are applied only with
    ``--unsafe-fixes``. ``refused`` says why a fix is not offered: checked again, the
    fixed file had a finding the original had not (an end plate that overfills its
    rail). Plain data, so that a finding with its fix is cached as JSON and sent between
    processes as it is.
    """

    description: str
    safe: bool
    patch: tuple[dict[str, Any], ...]
    edits: tuple[TextEdit, ...] = ()
    refused: str | None = None

    @property
    def offered(self) -> bool:
        """Whether the fix is offered: located in the text and not refused."""
        return bool(self.edits) and self.refused is None

    def plain(self) -> dict[str, Any]:
        """The fix as JSON data (the cache stores it so)."""
        return {
            "description": self.description,
            "safe": self.safe,
            "patch": list(self.patch),
            "edits": [list(edit) for edit in self.edits],
            "refused": self.refused,
        }

    @classmethod
    def from_plain(cls, data: dict[str, Any]) -> Fix:
        """The fix :meth:`plain` gave (a cache entry)."""
        return cls(
            description=data["description"],
            safe=data["safe"],
            patch=tuple(data["patch"]),
            edits=tuple(TextEdit(*edit) for edit in data["edits"]),
            refused=data["refused"],
        )


class Report(NamedTuple):
    """What a check yields: the engine adds the code, the severity and the position.

    ``severity`` overrides the rule's severity for this one finding (a current check
    reports a jumper without a catalog rating as ``info`` rather than guessing);
    ``at_key`` places the finding on an object member's key rather than its value
    (an unknown terminal name *is* the key). ``detail`` is for a rule whose reports
    are combined into findings once per file (see ``combine`` in
    :func:`panelcheck.checks.rule`): what it needs of each report, as plain strings.
    ``fix`` is the change the rule proposes (its patch; the engine locates it in the
    text and checks it again).
    """

    subject: str | None
    pointer: str
    message: str
    severity: str | None = None
    at_key: bool = False
    detail: tuple[str, ...] = ()
    fix: Fix | None = None


@dataclass(slots=True)
class Finding:
    code: str
    severity: str
    message: str
    subject: str | None
    pointer: str
    name: str = ""
    line: int = 1
    column: int = 1
    waived: bool = False
    at_key: bool = False
    justification: str | None = None
    """The waiver's reason, for a waived finding."""
    fix: Fix | None = None
    """The change that removes it, where its rule has one (never on a waived finding)."""

    def __post_init__(self) -> None:
        self.message = printable(self.message)
        stored: object = self.fix
        if isinstance(stored, dict):  # read back from a cache entry
            self.fix = Fix.from_plain(stored)

    def fixable(self, unsafe: bool = False) -> bool:
        """Whether ``--fix`` (with ``unsafe``: ``--fix --unsafe-fixes``) would apply its fix."""
        fix = self.fix
        return fix is not None and not self.waived and fix.offered and (fix.safe or unsafe)

    def sort_key(self) -> tuple[int, int, str, str, str, str, str]:
        """SPEC order: by line, column, code; the other fields make the order total, so
        it never depends on the order the checks ran in."""
        return (
            self.line,
            self.column,
            self.code,
            self.subject or "",
            self.message,
            self.pointer,
            self.severity,
        )


@dataclass(slots=True)
class FileResult:
    """All findings for one file; ``invalid`` when it could not be read as a layout."""

    path: str
    findings: list[Finding]
    invalid: bool = False

    def __post_init__(self) -> None:
        self.path = display_path(self.path)  # reports are UTF-8 whatever the file name

    def counted(self) -> list[Finding]:
        return [f for f in self.findings if not f.waived]


def exit_code(results: Iterable[FileResult], fail_on: str = "error") -> int:
    """SPEC section 7: 2 for an unreadable or invalid file, 1 for findings at or above
    ``fail_on``, else 0."""
    results = list(results)
    if any(r.invalid for r in results):
        return 2
    threshold = SEVERITY_RANK[fail_on]
    counted = (f for r in results for f in r.counted())
    return 1 if any(SEVERITY_RANK[f.severity] >= threshold for f in counted) else 0


NAMED_IN_MESSAGE = 5
"""Ids or terminals a message names from a list before it says "and N more"."""


def few(names: Sequence[str], separator: str = ", ", last: str = ", ") -> str:
    """``names`` for a finding message: all of them when there are at most
    :data:`NAMED_IN_MESSAGE`, else the first ones and how many more.

    A list comes from the layout, which can put 300,000 wires in one terminal or loads
    on one contact; a message naming them all would be megabytes long, in every report
    format, once per finding. The caller gives the names in a deterministic order (file
    order, as the graph keeps them), so the same layout always names the same few.
    ``last`` joins the last two of a short list (``" and "`` for "K1, K2 and K3"); a
    short list reads exactly as it did before lists were cut.
    """
    if len(names) > NAMED_IN_MESSAGE:
        shown = separator.join(names[:NAMED_IN_MESSAGE])
        return f"{shown} and {len(names) - NAMED_IN_MESSAGE} more"
    if len(names) < 2:
        return "".join(names)
    return f"{separator.join(names[:-1])}{last}{names[-1]}"
