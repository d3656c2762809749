"""From TOML files to a :class:`Catalog`: the shipped parts, then the user's folders.

A catalog file may come from a repository nobody checked, so it is read only through
:mod:`panelcheck.read.safe_files` (size limit, no links, pipes or devices, no nesting
deep enough to hurt the parser) and every failure is a :class:`CatalogError` naming the
file and the line, never a traceback. Validation is pydantic's, on the models of
:mod:`panelcheck.catalog.parts`; the validator is built only when TOML is parsed.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field, ValidationError

from panelcheck.catalog.parts import FerrulePart, ModulePart, PartList, PartModel
from panelcheck.read.safe_files import (
    RefusedFile,
    RefusedToml,
    first_assignment,
    load_toml,
    read_text,
    table_header,
)

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from panelcheck.units import Quantity


class CatalogError(Exception):
    """A catalog file that cannot be used; the message names the file and the part."""


@dataclass
class Catalog:
    """All known parts by number, and which numbers a later catalog replaced."""

    parts: dict[str, PartModel] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)
    replaced: dict[str, str] = field(default_factory=dict)

    def get(self, number: str) -> PartModel | None:
        return self.parts.get(number)

    def close_matches(
        self, number: str, n: int = 3, kind: str | None = None, size: Quantity | None = None
    ) -> list[str]:
        """Part numbers that look like ``number``: for "did you mean" in LAY001 and in
        ``panelcheck catalog PART``, the most alike first.

        With ``kind``, only parts of that kind (``module``, ``ferrule``...): a relay's
        number mistyped must not be answered with a jumper whose number happens to be
        closer, which the layout could not use there anyway (LAY004). With ``size``, the
        cross-section a ferrule is wanted for, the ferrules that look alike come nearest
        size first (equal sizes in order of likeness): ferrule numbers of one series
        differ in a digit or two, so likeness alone ranks a 0.25 mm² sleeve above the
        1.5 mm² one a 2.5 mm² conductor came closest to needing.
        """
        candidates = [k for k, part in self.parts.items() if kind is None or part.kind == kind]
        if not candidates:
            return []
        if size is None:
            return difflib.get_close_matches(number, candidates, n=n, cutoff=0.6)
        alike = difflib.get_close_matches(number, candidates, n=len(candidates), cutoff=0.6)
        return sorted(alike, key=lambda k: _size_distance(self.parts[k], size))[:n]

    def numbers(self) -> list[str]:
        return sorted(self.parts)

    def unknown_accessories(self, part: PartModel) -> list[str]:
        """The accessories a module lists that this catalog does not know."""
        unknown: list[str] = []
        for attr in _ACCESSORIES:
            listed: PartList | None = getattr(part, attr, None)
            unknown += [n for n in listed.parts if n not in self.parts] if listed else []
        return unknown

    def approval_marks(self) -> dict[str, str]:
        """The canonical approval marks the parts carry, by their case-folded form:
        what ``panel.approvals`` may name (SPEC: compared case-insensitively)."""
        marks: dict[str, str] = {}
        for part in self.parts.values():
            approvals = getattr(part, "approvals", None)
            for approval in approvals.marks if approvals is not None else ():
                marks.setdefault(approval.mark.casefold(), approval.mark)
        return marks

    def __iter__(self) -> Iterator[PartModel]:
        return iter(self.parts[n] for n in self.numbers())


def _size_distance(part: PartModel, size: Quantity) -> float:
    """How far a ferrule's size is from ``size``, as a ratio (1.5 and 2.5 mm² are as far
    apart as 0.15 and 0.25 mm²); a part without a size comes last."""
    if not isinstance(part, FerrulePart) or part.cross_section.magnitude <= 0:
        return math.inf
    if size.magnitude <= 0:
        return math.inf
    return abs(math.log(part.cross_section.magnitude / size.magnitude))


@cache
def _part_adapter() -> TypeAdapter[PartModel]:
    """pydantic's validator for a catalog part, built only when TOML is parsed."""
    from pydantic import TypeAdapter

    adapter: TypeAdapter[PartModel] = TypeAdapter(Annotated[PartModel, Field(discriminator="kind")])
    return adapter


def _validate_part(number: str, table: Any, where: str, text: str) -> PartModel:
    if not isinstance(table, dict):
        raise CatalogError(f"{where}:{_line_of(text, number, ())}: part {number!r} must be a table")
    try:
        part = _part_adapter().validate_python({**table, "number": number})
    except ValidationError as exc:
        first = exc.errors()[0]
        problems = "; ".join(
            f"{'.'.join(str(x) for x in e['loc'])}: {e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors()
        )
        line = _line_of(text, number, first["loc"])
        raise CatalogError(f"{where}:{line}: part {number!r}: {problems}") from None
    return part


def _line_of(text: str, number: str, loc: tuple[Any, ...]) -> int:
    """Line of the deepest table header or key of ``number`` that ``loc`` leads to.

    tomllib gives no positions for valid TOML, so the line is found in the text: the
    ``["859-390".clamp.solid]`` header, else the key inside the part's tables, else the
    part's own header. Good enough to put an editor on the right spot.

    At most two passes over the lines, with fixed patterns only (nothing from the file
    becomes a regular expression), so a hostile catalog file cannot make it slow: one
    pass notes the first header of each depth along ``loc``, the other looks for the
    key after the deepest one found.
    """
    lines = text.split("\n")
    names = [str(p) for p in loc if isinstance(p, str) and p not in _KINDS]
    path = [number, *names]
    first: dict[int, int] = {}  # depth (keys after the number) -> index of the header line
    for index, line in enumerate(lines):
        keys = table_header(line)
        if keys and len(keys) <= len(path) and keys == path[: len(keys)]:
            first.setdefault(len(keys) - 1, index)
            if len(keys) == len(path):
                break  # the deepest header there can be
    if not first:
        return 1
    depth = max(first)
    found = first[depth]
    if depth < len(names):
        after = first_assignment(lines, names[depth], start=found + 1)
        if after is not None:
            return after + 1
    return found + 1


_KINDS = ("module", "jumper", "end_plate", "end_stop", "ferrule")
"""The ``kind`` tags; pydantic puts the tag in an error's location, the TOML has none."""


def parse_parts(text: str, where: str) -> dict[str, PartModel]:
    """Parse one catalog TOML text: top-level tables keyed by part number.

    Nesting too deep for the parser is a :class:`CatalogError`, never a RecursionError.
    """
    try:
        data = load_toml(text)
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"at line (\d+)", str(exc))
        raise CatalogError(f"{where}:{at.group(1) if at else 1}: not valid TOML: {exc}") from None
    except RefusedToml as exc:
        raise CatalogError(f"{where}:{exc.line or 1}: {exc}") from None
    return {number: _validate_part(number, table, where, text) for number, table in data.items()}


def _shipped_files() -> Iterable[tuple[str, str]]:
    folder = resources.files("panelcheck.rules") / "parts"
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".toml"):
            yield f"rules/parts/{entry.name}", entry.read_text(encoding="utf-8")


CATALOG_FILE_LIMIT = 1024 * 1024
"""Largest user catalog file read. A real one is a few kilobytes (a part with every
citation is about 5 KB); a larger file is refused rather than parsed for seconds."""


def _folder_files(folder: Path) -> Iterable[tuple[str, str]]:
    """(name, text) of each ``*.toml`` in a user's catalog folder, in name order.

    The folder may come from a repository nobody checked: a file that is a link, a
    named pipe, a device or larger than :data:`CATALOG_FILE_LIMIT` is a CatalogError
    naming it, not something to follow, wait on or read without end.
    """
    if not folder.is_dir():
        raise CatalogError(f"{folder}: not a catalog folder")
    for path in sorted(folder.glob("*.toml")):
        try:
            text = read_text(path, CATALOG_FILE_LIMIT)
        except RefusedFile as exc:
            raise CatalogError(f"{path}: {exc}") from None
        yield str(path), text


def load_catalog(extra_folders: Iterable[Path] = ()) -> Catalog:
    """The shipped catalog, then each extra folder in order (later parts replace earlier).

    Compiled afresh on every run that checks a file (about 50 ms): a compiled catalog
    kept on disk would have to be trusted as code or validated again, which is the cost
    it saves.
    """
    return _compile(list(extra_folders))


def _compile(extra_folders: list[Path]) -> Catalog:
    catalog = Catalog()
    for where, text in _shipped_files():
        for number, part in parse_parts(text, where).items():
            if number in catalog.parts:
                raise CatalogError(
                    f"{where}: part {number!r} already defined in {catalog.origin[number]}"
                )
            catalog.parts[number] = part
            catalog.origin[number] = where
    for folder in extra_folders:
        for where, text in _folder_files(folder):
            for number, part in parse_parts(text, where).items():
                if number in catalog.parts:
                    catalog.replaced[number] = catalog.origin[number]
                catalog.parts[number] = part
                catalog.origin[number] = where
    _check_references(catalog)
    return catalog


_ACCESSORIES = {
    "jumpers": "jumper",
    "ferrules": "ferrule",
    "end_plates": "end_plate",
    "end_stops": "end_stop",
}
"""A module's accessory lists, and the kind of part each must name."""


def _check_references(catalog: Catalog) -> None:
    """Accessory lists must not name a known part of another kind (a jumper listed as a
    ferrule is a mistake in the file).

    A number the catalog does not know is allowed: a drafted part lists its accessories
    before they are drafted, and ``panelcheck catalog PART`` marks them unknown (a
    layout that uses one gets LAY001). Checked once all folders are read, so a user's
    module may list a user's jumper defined in a later file, and a replaced accessory is
    judged in its new form.
    """
    for part in catalog:
        if not isinstance(part, ModulePart):
            continue
        for attr, kind in _ACCESSORIES.items():
            listed: PartList | None = getattr(part, attr)
            for number in listed.parts if listed else []:
                other = catalog.get(number)
                if other is not None and other.kind != kind:
                    raise CatalogError(
                        f"{catalog.origin[part.number]}: part {part.number!r} lists "
                        f"{number!r} in {attr}, which is not a known {kind.replace('_', ' ')}"
                    )
