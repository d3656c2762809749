"""The sheet being drafted: its rows, its item number, its title, and lookups by label.

The recognisers ask the sheet questions ("which rows are labelled like a width?") and
never walk the text themselves, so there is one place that knows how a label is told
from its value: by the table's cells where the sheet has a table, and otherwise (a line
of text from a PDF, "Width 6 mm") where the first value-like word starts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from panelcheck.catalog.drafting.rows import Row, read_rows
from panelcheck.catalog.drafting.text import one_line


class DraftError(Exception):
    """A sheet that cannot be drafted at all; the message is one line naming the file."""


_VALUE_START = re.compile(r"[≤≥±<>]|(?:AC|DC)\s?\d|[+-]?\d")
_URL = re.compile(r"\b(?:https?://|www\.)\S{0,600}")
_ACCESSORIES = re.compile(r"compatible\sproducts|accessories")
_SAFE_NUMBER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9./-]{0,38}[A-Za-z0-9])?")


@dataclass(frozen=True, slots=True)
class Labelled:
    """A row read as label and value: ``label`` in lower case, for matching; ``name``
    as the sheet writes it."""

    row: Row
    label: str
    value: str
    name: str


@dataclass
class Sheet:
    """The rows of one sheet and what identifies it."""

    name: str
    rows: list[Row]
    number: str
    title: list[Row]
    lines: list[str] = field(default_factory=list)
    labelled: list[Labelled] = field(default_factory=list)

    @classmethod
    def read(cls, name: str, text: str) -> Sheet:
        """The sheet, or :class:`DraftError` when it names no item number: a draft is
        filed under its number, and a sheet without one cannot be cited. The number is
        the first one named before the list of accessories (whose items have numbers of
        their own)."""
        rows = read_rows(text)
        for index, row in enumerate(rows):
            if row.heading is not None and _ACCESSORIES.search(row.heading.lower()):
                break
            number = row.item_number()
            if number is None:
                continue
            if _SAFE_NUMBER.fullmatch(number) is None or ".." in number:
                raise DraftError(f"{name}: the item number {number!r} is not a part number")
            sheet = cls(name, rows, number, _title(rows, index), text.split("\n"))
            sheet.labelled = [_labelled(r) for r in rows if r.heading is None]
            return sheet
        raise DraftError(
            f"{name}: no item number found (a data sheet names its part, as in "
            "'Item number: 859-390'); nothing was drafted"
        )

    def find(self, test: Callable[[str], bool]) -> list[Labelled]:
        """The rows whose label passes ``test`` (given in lower case), in sheet order."""
        return [row for row in self.labelled if test(row.label)]

    def first(self, test: Callable[[str], bool]) -> Labelled | None:
        """The first row whose label passes ``test``."""
        return next((row for row in self.labelled if test(row.label)), None)

    def prose(self, test: Callable[[str], bool]) -> list[Row]:
        """The rows whose whole text (in lower case) passes ``test``: notes and prose."""
        return [row for row in self.rows if test(row.text.lower())]


def matches(pattern: str) -> Callable[[str], bool]:
    """A label test: the whole (lower-case) label matches ``pattern``."""
    compiled = re.compile(pattern)
    return lambda label: compiled.fullmatch(label) is not None


def _labelled(row: Row) -> Labelled:
    if len(row.cells) > 1:
        return Labelled(row, row.label.lower(), row.value, row.label)
    label, value = _split(row.text)
    return Labelled(row, label.lower(), value, label)


def _split(text: str) -> tuple[str, str]:
    """A line of text as label and value: the value starts at the first number (or
    AC/DC before one, or ≤, ≥, ±) outside parentheses, as in "Electrical life (N.O.;
    23 °C) 50 x 10^3"."""
    depth = 0
    for position, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif (
            depth == 0
            and position
            and text[position - 1] == " "
            and _VALUE_START.match(text, position)
        ):
            return text[:position].rstrip(), text[position:]
    return text, ""


def _title(rows: list[Row], index: int) -> list[Row]:
    """The title: the first paragraph of prose after the item number (not a link, a
    heading or a table row), at most three lines."""
    paragraph: list[Row] = []
    for row in rows[index + 1 : index + 12]:
        if paragraph and row.line != paragraph[-1].end + 1:
            break
        words = _URL.sub("", row.text).strip()
        prose = len(row.cells) == 1 and row.heading is None and row.item_number() is None
        if not prose or len(words) < 3:
            if paragraph:
                break
            continue
        paragraph.append(row)
        if len(paragraph) == 3:
            break
    return paragraph


def description(sheet: Sheet) -> str:
    """The part's description: the title as one line, markup and links removed (empty
    when the sheet has no title)."""
    return one_line(" ".join(_URL.sub("", row.wording) for row in sheet.title), 600)
