"""What the recognisers find: drafted sections, each with the rows it comes from.

A :class:`Section` is one TOML table of the part (``width``, ``clamp.solid``, one of the
``contacts.ratings``) as data: its values, the rows that state them (the draft's
``source`` runs from the first of those lines to the last, its ``quote`` is their
wording), and, where the sheet does not say, the assumption's note. :class:`Found`
collects them with what was seen but could not be read, so the draft can list it
instead of guessing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeAlias

from panelcheck.catalog.drafting.rows import Row

TomlValue: TypeAlias = str | int | float | bool | list["TomlValue"] | dict[str, "TomlValue"]
"""A value a drafted table holds: what the TOML writer can write."""


@dataclass
class Section:
    """One table of the drafted part (see the module's docstring).

    ``note`` makes it an assumption (``assumed = true`` with the note); ``bare`` is a
    table that holds no fact of its own (``contacts``, which holds the material beside
    its cited sections) and so carries no provenance; ``array`` is one table of an
    array (``[[...internal_links]]``).
    """

    key: str
    values: dict[str, TomlValue]
    rows: list[Row] = field(default_factory=list)
    note: str | None = None
    comment: str | None = None
    array: bool = False
    bare: bool = False
    quote: list[str] | None = None

    def span(self) -> tuple[int, int] | None:
        """The first and last line of the rows it comes from."""
        if not self.rows:
            return None
        return min(r.line for r in self.rows), max(r.end for r in self.rows)

    def quotes(self) -> list[str]:
        """What it quotes: ``quote`` where the recogniser chose the words (a list of
        accessories quotes what its items share), else the wording of its rows, each
        once, in sheet order."""
        if self.quote is not None:
            return self.quote
        seen: dict[str, None] = {}
        for row in sorted(self.rows, key=lambda r: r.line):
            if row.wording:
                seen.setdefault(row.wording, None)
        return list(seen)


@dataclass
class Found:
    """The sections recognised so far, and what was seen but not read."""

    sections: list[Section] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)

    def add(self, section: Section | None) -> Section | None:
        """Keep ``section`` (a recogniser's None is nothing found)."""
        if section is not None:
            self.sections.append(section)
        return section

    def get(self, key: str) -> Section | None:
        """The (first) section of ``key``."""
        return next((s for s in self.sections if s.key == key), None)

    def has(self, *keys: str) -> bool:
        """Is any of ``keys`` (or a table under one) drafted?"""
        return any(s.key == k or s.key.startswith(k + ".") for s in self.sections for k in keys)

    def not_read(self, what: str, rows: Iterable[Row], why: str = "") -> None:
        """Note a fact the sheet states that could not be read (never guessed)."""
        lines = sorted({r.line for r in rows})
        where = f"line {lines[0]}" if len(lines) == 1 else f"lines {', '.join(map(str, lines))}"
        self.unread.append(f"{what} ({where}{': ' + why if why else ''})")
