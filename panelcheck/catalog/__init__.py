"""The part catalog: typed parts loaded from the TOML files in ``rules/parts/``.

A part is data, not code: adding one from a new data sheet means writing a TOML table,
never Python. Every fact a rule relies on is a *section* that says where it comes from
(``source``, the data sheet and line, and ``quote``, the sheet's wording) or that it is
an assumption (``assumed = true`` with a ``note`` giving the reason). The loader refuses
a section that does neither, so an unsourced limit cannot slip in.

Users add their own parts with further catalog folders; a part number that is already
known replaces the earlier one and the replacement is remembered so that
``panelcheck catalog`` can say so.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import ConfigDict, Field, ValidationError

from panelcheck.read.fieldtypes import Area, Current, Length, Resistance, Temperature, Voltage
from panelcheck.read.safe_files import (
    RefusedFile,
    RefusedToml,
    first_assignment,
    load_toml,
    read_text,
    table_header,
)
from panelcheck.units import Quantity

CONDUCTOR_LABELS = {
    "solid": "solid",
    "stranded": "stranded",
    "fine_stranded": "fine-stranded",
}


_FORBID: ConfigDict = {"extra": "forbid"}


def _strict(cls: type[_T]) -> type[_T]:
    """A keyword-only dataclass that pydantic validates with unknown keys refused.

    The config is set as the attribute pydantic reads rather than with ``with_config``,
    and the dataclasses are not frozen: both would cost about a millisecond per class
    at every start, for thirty classes.
    """
    made = dataclass(kw_only=True, eq=False)(cls)
    made.__pydantic_config__ = _FORBID  # type: ignore[attr-defined]
    return made


_T = TypeVar("_T")


@_strict
class Sourced:
    """Provenance of a catalog fact: a data-sheet citation, an assumption, or both."""

    source: str | None = None
    quote: str | list[str] | None = None
    assumed: bool = False
    note: str | None = None

    def __post_init__(self) -> None:
        if self.assumed and not self.note:
            raise ValueError("an assumed value needs a 'note' giving the reason")
        if not self.source and not self.assumed:
            raise ValueError(
                "needs a 'source' (data sheet and line) or 'assumed = true' with a note"
            )

    def cite(self) -> str:
        """Short citation for finding messages: the source, and the assumption if any."""
        parts = [self.source] if self.source else []
        if self.assumed:
            parts.append(f"assumed: {self.note}")
        return "; ".join(parts)


@_strict
class Width(Sourced):
    value: Length


@_strict
class TemperatureRange(Sourced):
    min: Temperature
    max: Temperature


@_strict
class AreaRange(Sourced):
    min: Area
    max: Area


@_strict
class LengthRange(Sourced):
    min: Length
    max: Length


@_strict
class Names(Sourced):
    """A list of names (terminals, jumper slots) with its provenance."""

    names: list[str]


@_strict
class PartList(Sourced):
    """Compatible accessories as listed on a data sheet (possibly none)."""

    parts: list[str]


@_strict
class OpenSide(Sourced):
    """The housing side that is open and must be closed by a neighbour or an end plate."""

    side: Literal["left", "right"]


@_strict
class ControlInput(Sourced):
    """A coil, control input or supply input: where it is wired and what it accepts."""

    name: str = "input"  # what the sheet calls it: coil, control input, supply
    plus: str
    minus: str
    nominal: Voltage
    min: Voltage
    max: Voltage
    accepts: list[Literal["AC", "DC"]]
    current: Current | None = None


@_strict
class Contact:
    """One changeover contact: common, normally closed, normally open."""

    com: str
    nc: str | None = None
    no: str | None = None


@_strict
class ContactSets(Sourced):
    sets: list[Contact]


@_strict
class CurrentLimit(Sourced):
    value: Current


@_strict
class VoltageLimit(Sourced):
    value: Voltage


@_strict
class UtilisationRating(Sourced):
    """A rating for a utilisation category, e.g. DC-13 2 A at 24 V DC."""

    category: str
    current: Current
    voltage: Voltage


@_strict
class LoadPoint:
    """A point of the recommended minimum load: all given values must be reached."""

    voltage: Voltage
    current: Current
    power_mw: float | None = None  # minimum power in mW, where stated

    def __post_init__(self) -> None:
        if self.power_mw is not None and self.power_mw <= 0:
            raise ValueError("power_mw must be greater than zero")


@_strict
class MinimumLoad(Sourced):
    points: list[LoadPoint]


@_strict
class GoldLayer(Sourced):
    """Limits that protect a gold contact layer from evaporating."""

    max_voltage: Voltage
    max_current: Current


@_strict
class Contacts:
    """A relay's load circuit."""

    terminals: ContactSets
    material: str
    continuous_current: CurrentLimit
    max_switching_voltage: VoltageLimit
    ratings: list[UtilisationRating] = field(default_factory=list)
    minimum_load: MinimumLoad | None = None
    gold: GoldLayer | None = None


@_strict
class SsrOutput(Sourced):
    """A solid-state relay's load circuit (3-wire, high-side switching)."""

    supply: str
    output: str
    reference: str
    min_voltage: Voltage
    max_voltage: Voltage
    accepts: list[Literal["AC", "DC"]]
    continuous_current: Current
    peak_current: Current | None = None
    mains_note: str


@_strict
class InternalLink(Sourced):
    """Terminals commoned inside the module, with the current the link carries."""

    a: str
    b: str
    rating: Current


@_strict
class AnalogOutput(Sourced):
    plus: str
    minus: str
    max_burden: Resistance


@_strict
class ConductorRanges:
    """Clamp ranges per conductor class; a class that is absent is not rated."""

    solid: AreaRange | None = None
    stranded: AreaRange | None = None
    fine_stranded: AreaRange | None = None


@_strict
class _Part:
    """What every part has: its number (the TOML table name) and where it is described."""

    number: str = ""
    description: str
    datasheet: str | None = None
    source: str | None = None
    quote: str | list[str] | None = None


@_strict
class ModulePart(_Part):
    kind: Literal["module"]
    series: str
    width: Width
    temperature: TemperatureRange
    terminals: Names
    jumper_slots: Names
    jumpers: PartList
    ferrules: PartList
    end_plates: PartList
    end_stops: PartList | None = None
    open_side: OpenSide | None = None
    clamp: ConductorRanges
    insulated_ferrule: AreaRange | None = None
    strip_length: LengthRange
    input: ControlInput | None = None
    contacts: Contacts | None = None
    ssr_output: SsrOutput | None = None
    internal_links: list[InternalLink] = field(default_factory=list)
    analog_output: AnalogOutput | None = None

    def __post_init__(self) -> None:
        known = set(self.terminals.names)
        used: list[str] = list(self.jumper_slots.names)
        if self.input:
            used += [self.input.plus, self.input.minus]
        if self.contacts:
            for c in self.contacts.terminals.sets:
                used += [t for t in (c.com, c.nc, c.no) if t]
        if self.ssr_output:
            used += [self.ssr_output.supply, self.ssr_output.output, self.ssr_output.reference]
        for link in self.internal_links:
            used += [link.a, link.b]
        if self.analog_output:
            used += [self.analog_output.plus, self.analog_output.minus]
        unknown = sorted(set(used) - known)
        if unknown:
            raise ValueError(f"terminal(s) {', '.join(unknown)} not in terminals.names")


@_strict
class JumperPart(_Part):
    kind: Literal["jumper"]
    ways: int
    colour: str
    rating: CurrentLimit | None = None

    def __post_init__(self) -> None:
        if not 2 <= self.ways <= 64:
            raise ValueError("ways must be between 2 and 64")


@_strict
class EndPlatePart(_Part):
    kind: Literal["end_plate"]
    width: Width


@_strict
class EndStopPart(_Part):
    kind: Literal["end_stop"]
    width: Width


@_strict
class FerrulePart(_Part):
    kind: Literal["ferrule"]
    cross_section: Area
    insulated: bool
    colour: str | None = None


PartModel = ModulePart | JumperPart | EndPlatePart | EndStopPart | FerrulePart


def sections(value: Any) -> Iterator[tuple[str, Any]]:
    """(name, value) of a catalog dataclass's fields, in declaration order."""
    return ((f.name, getattr(value, f.name)) for f in fields(value))


def is_section(value: Any) -> bool:
    """Is ``value`` one of the catalog's dataclasses (a part or a part of one)?"""
    return is_dataclass(value) and not isinstance(value, (type, Quantity))


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

    def close_matches(self, number: str, n: int = 3) -> list[str]:
        """Part numbers that look like ``number``: for "did you mean" in LAY001."""
        return difflib.get_close_matches(number, self.parts, n=n, cutoff=0.6)

    def numbers(self) -> list[str]:
        return sorted(self.parts)

    def __iter__(self) -> Iterator[PartModel]:
        return iter(self.parts[n] for n in self.numbers())


@cache
def _part_adapter() -> Any:
    """pydantic's validator for a catalog part, built only when TOML is parsed."""
    from pydantic import TypeAdapter

    return TypeAdapter(Annotated[PartModel, Field(discriminator="kind")])


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


def _check_references(catalog: Catalog) -> None:
    """Accessory lists must name parts of the right kind that the catalog knows."""
    wanted = {
        "jumpers": "jumper",
        "ferrules": "ferrule",
        "end_plates": "end_plate",
        "end_stops": "end_stop",
    }
    for part in catalog:
        if not isinstance(part, ModulePart):
            continue
        for attr, kind in wanted.items():
            listed: PartList | None = getattr(part, attr)
            for number in listed.parts if listed else []:
                other = catalog.get(number)
                if other is None or other.kind != kind:
                    raise CatalogError(
                        f"{catalog.origin[part.number]}: part {part.number!r} lists "
                        f"{number!r} in {attr}, which is not a known {kind.replace('_', ' ')}"
                    )
