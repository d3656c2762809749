"""Any data sheet as rows: (line number, label, value), whatever the layout.

A fact is recognised from its label and its value, never from where it stands, so the
layout is taken apart here once: a row may be tab-separated (as the shipped sheets'
tables are), a Markdown pipe row, an HTML ``<tr>`` (on one line or spread over several),
text from a PDF with the columns set apart by runs of spaces, or a line of prose. A
heading (``#``, a line that is bold and nothing else, ``<h2>``, a numbered ``1.1.3
Jumper``) is marked as such, because the accessory lists and approval tables are read
by the headings they stand under.

Every row keeps the number of the line it came from (the first and the last, for an
HTML row spread over lines): that is what the draft cites. A line longer than
:data:`MAX_LINE` is not read for facts (no data-sheet row is that long, and the
recognisers' patterns then never run over megabytes); it still counts for the numbering.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from panelcheck.catalog.drafting.text import plain, wording

MAX_LINE = 4000
"""Longest line (or HTML segment) read for facts, in characters."""

_HTML_BREAK = re.compile(r"(?=<(?:tr|h[1-6]|li|div|br)\b)", re.IGNORECASE)
_HTML_CELL = re.compile(r"</?t[dh]\b[^<>]{0,400}>|</?tr\b[^<>]{0,400}>", re.IGNORECASE)
_ROW_OPEN = re.compile(r"<tr\b", re.IGNORECASE)
_ROW_CLOSE = re.compile(r"</tr>", re.IGNORECASE)
_WIDE_GAP = re.compile(r"\s{2,}")
_RULE = re.compile(r"[\s:|=-]{0,400}")
_MD_HEADING = re.compile(r"\s{0,3}(#{1,6})\s{1,8}(.{1,400}?)[\s#]{0,20}")
_HTML_HEADING = re.compile(r"\s{0,20}<h([1-6])\b[^<>]{0,200}>(.{1,400}?)</h[1-6]>.{0,400}", re.I)
_BOLD = re.compile(r"(?:\*\*|<b>|<strong>)(.{1,200})(?:\*\*|</b>|</strong>)", re.IGNORECASE)
_NUMBERED = re.compile(r"(\d{1,2}(?:\.\d{1,2}){0,6})\.?\s{1,4}([A-Za-z][\w /&,()-]{0,80})")
_ITEM = re.compile(
    r"\b(?:item|article|part|order|catalog(?:ue)?)\s?(?:number|no\.?|nr\.?|#)\s?[:.]?\s{0,3}"
    r"([A-Za-z0-9][A-Za-z0-9./-]{0,38}[A-Za-z0-9])",
    re.IGNORECASE,
)
_TR_SPREAD = 30
"""Most lines an HTML row spread over lines may take (a real one takes a few)."""


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the sheet: its cells as written and as read, and where it stands."""

    line: int
    end: int
    raw: tuple[str, ...]
    cells: tuple[str, ...]
    wording: str
    heading: str | None = None
    level: int = 0

    @property
    def label(self) -> str:
        """The first cell: what a table row names (or the whole text of a prose line)."""
        return self.cells[0] if self.cells else ""

    @property
    def value(self) -> str:
        """The other cells, joined: what a table row states."""
        return " ".join(self.cells[1:])

    @property
    def text(self) -> str:
        """The whole row as read."""
        return " ".join(self.cells)

    def item_number(self) -> str | None:
        """The part number an "Item no.: 859-525" row names, if it names one."""
        match = _ITEM.search(self.text)
        if match is None or not any(c.isdigit() for c in match.group(1)):
            return None
        return match.group(1).rstrip(".")


def read_rows(text: str) -> list[Row]:
    """The rows of a whole sheet, in order (blank lines and table rules left out)."""
    return list(_rows(text.split("\n")))


def _rows(lines: list[str]) -> Iterator[Row]:
    pending: list[str] = []
    start = 0
    for number, line in enumerate(lines, start=1):
        for segment in _HTML_BREAK.split(line) if "<" in line else (line,):
            if len(segment) > MAX_LINE:
                continue
            if pending:
                pending.append(segment)
                if _ROW_CLOSE.search(segment) or len(pending) > _TR_SPREAD:
                    yield from _row(start, number, " ".join(pending))
                    pending = []
                continue
            if _ROW_OPEN.match(segment.lstrip()) and not _ROW_CLOSE.search(segment):
                pending, start = [segment], number
                continue
            yield from _row(number, number, segment)
    if pending:
        yield from _row(start, len(lines), " ".join(pending))


def _row(first: int, last: int, segment: str) -> Iterator[Row]:
    heading = _heading(segment)
    if heading is not None:
        level, title = heading
        cell = plain(title)
        if cell:
            yield Row(first, last, (title,), (cell,), wording(title), cell, level)
        return
    raw = [c for c in _cells(segment) if c.strip()]
    if not raw or all(_RULE.fullmatch(c) for c in raw):
        return
    kept = [(r, c) for r, c in ((r, plain(r)) for r in raw) if c]
    if not kept:
        return
    words = " ".join(w for w in (wording(r) for r, _ in kept) if w)
    row = Row(first, last, tuple(r for r, _ in kept), tuple(c for _, c in kept), words)
    level = _bare_heading_level(row)
    if level:
        row = Row(first, last, row.raw, row.cells, words, row.text, level)
    yield row


def _bare_heading_level(row: Row) -> int:
    """A heading written without ``#``: a line that is bold and nothing else (level 7,
    below any Markdown heading) or a numbered title like ``1.1.3 Jumper`` (its depth);
    0 when the row is not one. An "Item no." line in bold is an item, not a heading."""
    if len(row.cells) != 1 or row.item_number() is not None:
        return 0
    if _BOLD.fullmatch(row.raw[0].strip()) is not None:
        return 7
    numbered = _NUMBERED.fullmatch(row.cells[0])
    return 0 if numbered is None else numbered.group(1).count(".") + 2


def _heading(segment: str) -> tuple[int, str] | None:
    markdown = _MD_HEADING.fullmatch(segment)
    if markdown is not None:
        return len(markdown.group(1)), markdown.group(2)
    tagged = _HTML_HEADING.fullmatch(segment)
    if tagged is not None:
        return int(tagged.group(1)), tagged.group(2)
    return None


def _cells(segment: str) -> list[str]:
    """The cells of a table row in any of the layouts the module's docstring names."""
    lowered = segment.lower()
    if "<td" in lowered or "<th" in lowered:
        return _HTML_CELL.split(segment)
    stripped = segment.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        return stripped.strip("|").split("|")
    if "\t" in segment:
        return segment.split("\t")
    return _WIDE_GAP.split(stripped)


def headings_above(rows: list[Row], index: int) -> Iterator[Row]:
    """The headings directly above ``rows[index]``, nearest first: only headings (and
    the blank lines, which are not rows) stand between them."""
    for row in reversed(rows[:index]):
        if row.heading is None:
            return
        yield row
