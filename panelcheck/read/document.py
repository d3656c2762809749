"""Reading a layout file: bytes -> text -> JSON, with every failure a LAY000 finding.

Whatever the file holds, this module answers with data or with findings that say what
is wrong and where; it never lets an exception escape to the user. Limits are generous
for real panels and small enough that a hostile file cannot exhaust the machine.
"""

from __future__ import annotations

import json
import re
import stat
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, NoReturn

import jiter

from panelcheck.findings import Finding
from panelcheck.read.limits import MAX_BYTES, MAX_DEPTH
from panelcheck.read.positions import PositionIndex, find_bare_literal, find_too_deep

_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}
_UTF8_BOM = b"\xef\xbb\xbf"
# Up to this size, a file with duplicate keys has all of them located (a token-by-token
# scan, about a second per megabyte of dense JSON); beyond it, the first.
_FULL_SCAN_CHARS = 1_000_000
_LONG_NUMBER = re.compile(r"-?\d{4000,}")


@dataclass
class Document:
    """A layout file that is valid JSON, with its text kept for positions.

    ``text`` is given, or decoded from ``raw`` the first time a position is needed: a
    clean file never needs it.
    """

    path: str
    data: Any
    raw: bytes = b""
    duplicates: list[tuple[str, int]] = field(default_factory=list)
    _text: str | None = None

    def objects_at_most(self, limit: int) -> bool:
        """Whether the file has at most ``limit`` JSON objects (counted as ``{``
        characters, so strings holding braces can only make the count larger)."""
        if self._text is None:
            return self.raw.count(b"{") <= limit
        return self._text.count("{") <= limit

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self.raw.decode("utf-8")
        return self._text

    @cached_property
    def positions(self) -> PositionIndex:
        return PositionIndex(self.text)


class DocumentError(Exception):
    """The file cannot be read as JSON; carries the LAY000 findings to report."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(findings[0].message)
        self.findings = findings


def invalid(message: str, line: int = 1, column: int = 1, pointer: str = "") -> Finding:
    return Finding(
        code="LAY000",
        severity="error",
        message=message,
        subject=None,
        pointer=pointer,
        name="invalid-layout",
        line=line,
        column=column,
    )


def read_document(path: Path | str, max_bytes: int = MAX_BYTES) -> Document:
    """Read and parse one file; raise DocumentError with LAY000 findings when it fails."""
    return parse_bytes(str(path), read_bytes(path, max_bytes))


def read_bytes(path: Path | str, max_bytes: int = MAX_BYTES) -> bytes:
    """The file's bytes, or DocumentError (unreadable, a folder, over the size limit)."""
    return _read_bytes(Path(path), max_bytes)


def parse_bytes(path: str, raw: bytes) -> Document:
    """Parse bytes already read; DocumentError with LAY000 findings when they fail.

    jiter (pydantic's JSON parser) parses a valid UTF-8 file in one pass and refuses
    duplicate keys and NaN/Infinity itself, much faster than the standard library with
    a Python hook per object. Anything it refuses goes the careful way below, which
    decodes and parses with the standard library to say exactly what is wrong and where
    (an encoding, a merge conflict, a bare NaN, a duplicate key).
    """
    try:
        data = jiter.from_json(raw, catch_duplicate_keys=True, allow_inf_nan=False)
    except ValueError:
        return _parse(path, _decode(raw))
    return Document(path=path, data=data, raw=raw)


def parse_text(path: str, text: str) -> Document:
    """Parse text that is already decoded (tests, examples)."""
    return _parse(path, text)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """At most ``max_bytes`` + 1 bytes of a regular file (a named pipe or a device could
    block the run or never end, so they are refused before they are opened)."""
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise DocumentError([invalid("cannot read file: it is a directory")])
        if not stat.S_ISREG(mode):
            raise DocumentError(
                [invalid("cannot read file: it is not a regular file (a pipe, socket or device)")]
            )
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise DocumentError([invalid(f"cannot read file: {exc.strerror or exc}")]) from None
    if len(raw) > max_bytes:
        raise DocumentError([too_large(max_bytes)])
    return raw


def too_large(max_bytes: int) -> Finding:
    megabytes, rest = divmod(max_bytes, 1024 * 1024)
    limit = f"{megabytes} MB" if megabytes and not rest else f"{max_bytes:,} bytes"
    return invalid(
        f"file is larger than the limit of {limit}; "
        "a layout this large is almost certainly not a panel"
    )


def _decode(raw: bytes) -> str:
    for bom, name in _BOMS.items():
        if raw.startswith(bom) and not raw.startswith(_UTF8_BOM):
            raise DocumentError([invalid(f"file is {name} encoded; save it as UTF-8")])
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM) :]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8", errors="replace")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        byte = raw[exc.start]
        raise DocumentError(
            [
                invalid(
                    f"file is not UTF-8: byte 0x{byte:02x} cannot be decoded; save it as UTF-8",
                    line,
                    column,
                )
            ]
        ) from None


_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.MULTILINE)


def _json_error(text: str, exc: json.JSONDecodeError) -> Finding:
    """The decoder's complaint, or the likelier cause: an unresolved merge conflict."""
    marker = _CONFLICT.search(text)
    if marker is not None:
        before = text[: marker.start()]
        return invalid(
            "unresolved merge conflict: the file still holds git's conflict markers "
            f"({marker.group(1)[:3]}...); resolve the merge and keep one version",
            before.count("\n") + 1,
            1,
        )
    return invalid(f"not valid JSON: {exc.msg}", exc.lineno, exc.colno)


class _BareConstant(ValueError):
    pass


def _reject_constant(name: str) -> NoReturn:
    raise _BareConstant(name)


def _parse(path: str, text: str) -> Document:
    duplicates: list[bool] = []

    def pairs_hook(pairs: list[tuple[str, object]]) -> dict[str, object]:
        result = dict(pairs)
        if len(result) != len(pairs):
            duplicates.append(True)
        return result

    def at(offset: int | None) -> tuple[int, int]:
        return PositionIndex(text).line_col(offset) if offset is not None else (1, 1)

    try:
        data = json.loads(text, object_pairs_hook=pairs_hook, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise DocumentError([_json_error(text, exc)]) from None
    except _BareConstant as exc:
        raise DocumentError(
            [
                invalid(
                    f"{exc.args[0]} is not a JSON value (JSON has no NaN or Infinity)",
                    *at(find_bare_literal(text)),
                )
            ]
        ) from None
    except RecursionError:
        raise DocumentError(
            [
                invalid(
                    f"JSON nested deeper than {MAX_DEPTH} levels; a layout needs fewer than 10",
                    *at(find_too_deep(text, MAX_DEPTH)),
                )
            ]
        ) from None
    except ValueError as exc:  # e.g. an integer literal with more than 4300 digits
        match = _LONG_NUMBER.search(text)
        raise DocumentError(
            [invalid(f"number out of range: {exc}", *at(match.start() if match else None))]
        ) from None
    doc = Document(path=path, data=data, _text=text)
    if duplicates:  # every one in a file of ordinary size; the first in a huge one
        positions = doc.positions
        small = len(text) <= _FULL_SCAN_CHARS
        doc.duplicates = positions.duplicate_keys if small else positions.first_duplicate_key()
    return doc
