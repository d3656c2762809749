"""Positions in the editor's units: lines and columns as the client counts them.

The command line counts columns in characters (code points); LSP counts them in UTF-16
code units unless client and server agreed on UTF-8 or UTF-32 at initialisation. On an
ASCII line they are the same; a line with "µ", "²" or an emoji in a description is
where they part, and a diagnostic or an edit placed in the wrong unit lands a few
columns off or splits a character. Fixes carry byte offsets of the UTF-8 text (as the
file holds them), so those are converted too.

Lines are the editor's: LSP ends a line at ``\r\n``, ``\r`` or ``\n``, where the command
line (and JSON's own positions) count ``\n`` only; a finding's line and column are read
the command line's way and sent the editor's way.

One :class:`Lines` is built per text (one pass over it) and answers every conversion of
a request by a binary search plus work on one line, done by the codec rather than
character by character in Python (pygls's own codec splits the whole text on every
call, which a 2,000-module layout with hundreds of diagnostics cannot afford).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from lsprotocol import types

_UNITS = {
    str(types.PositionEncodingKind.Utf8.value): "utf-8",
    str(types.PositionEncodingKind.Utf16.value): "utf-16-le",
    str(types.PositionEncodingKind.Utf32.value): "utf-32-le",
}
_WIDTH = {"utf-8": 1, "utf-16-le": 2, "utf-32-le": 4}


_BREAK = re.compile(r"\r\n|\r|\n")


class Lines:
    """Line starts of one text, and conversions between its offsets (characters or
    UTF-8 bytes) and LSP positions in the negotiated encoding."""

    def __init__(self, text: str, encoding: str | None = None) -> None:
        self.text = text
        self._codec = _UNITS.get(str(encoding), "utf-16-le")
        self._starts = [0] + [match.end() for match in _BREAK.finditer(text)]
        self._cli_starts = (
            self._starts
            if "\r" not in text or len(self._starts) == text.count("\n") + 1
            else [0] + [match.end() for match in re.finditer("\n", text)]
        )
        self._ascii = text.isascii()
        self._byte_starts: list[int] | None = None

    # -- characters <-> positions ---------------------------------------------------------
    def _units(self, chunk: str) -> int:
        if self._ascii or self._codec == "utf-32-le":
            return len(chunk)
        return len(chunk.encode(self._codec, errors="surrogatepass")) // _WIDTH[self._codec]

    def _line_of(self, offset: int) -> int:
        return bisect_right(self._starts, offset) - 1

    def position(self, offset: int) -> types.Position:
        """The LSP position of character ``offset`` (clamped to the text)."""
        offset = min(max(offset, 0), len(self.text))
        line = self._line_of(offset)
        start = self._starts[line]
        return types.Position(line=line, character=self._units(self.text[start:offset]))

    def line_end(self, line: int) -> int:
        """The character offset of the end of ``line`` (before its line break)."""
        if line + 1 < len(self._starts):
            end = self._starts[line + 1] - 1
            if end > self._starts[line] and self.text[end - 1 : end + 1] == "\r\n":
                end -= 1
            return end
        return len(self.text)

    def end_of_line_at(self, offset: int) -> int:
        """The end of the (editor's) line ``offset`` is on."""
        return self.line_end(self._line_of(min(max(offset, 0), len(self.text))))

    def cli_offset(self, line: int, column: int) -> int:
        """The character offset of a line and column as the command line reports them
        (1-based, lines ended by ``\n``), clamped to that line."""
        starts = self._cli_starts
        if line > len(starts):
            return len(self.text)
        start = starts[max(line, 1) - 1]
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        if end > start and self.text[end - 1] == "\r":
            end -= 1
        return min(start + max(column - 1, 0), end)

    def offset(self, position: types.Position) -> int:
        """The character offset of an LSP position; a column past the line's end is its
        end, a line past the text's end is the text's end (clients do send those). A
        column inside a character (half a surrogate pair) is the character's start."""
        if position.line >= len(self._starts):
            return len(self.text)
        start, end = self._starts[max(position.line, 0)], self.line_end(position.line)
        wanted = max(position.character, 0)
        if self._ascii or self._codec == "utf-32-le":
            return min(start + wanted, end)
        width = _WIDTH[self._codec]
        encoded = self.text[start:end].encode(self._codec, errors="surrogatepass")
        taken = encoded[: wanted * width].decode(self._codec, errors="ignore")
        return start + len(taken)

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(end))

    # -- UTF-8 bytes -> characters --------------------------------------------------------
    def from_bytes(self, offset: int) -> int:
        """The character offset of a byte offset of the text's UTF-8 encoding."""
        if self._ascii:
            return offset
        if self._byte_starts is None:
            self._byte_starts = [0]
            for i in range(1, len(self._starts)):
                chunk = self.text[self._starts[i - 1] : self._starts[i]]
                self._byte_starts.append(self._byte_starts[-1] + len(chunk.encode("utf-8")))
        line = bisect_right(self._byte_starts, offset) - 1
        start = self._starts[line]
        following = self._starts[line + 1] if line + 1 < len(self._starts) else len(self.text)
        taken = self.text[start:following].encode("utf-8")[: offset - self._byte_starts[line]]
        return start + len(taken.decode("utf-8", errors="ignore"))
