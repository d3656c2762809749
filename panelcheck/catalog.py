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
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from panelcheck.fieldtypes import Area, Current, Length, Resistance, Temperature, Voltage

CONDUCTOR_LABELS = {
    "solid": "solid",
    "stranded": "stranded",
    "fine_stranded": "fine-stranded",
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(_Model):
    """Provenance of a catalog fact: a data-sheet citation, an assumption, or both."""

    source: str | None = None
    quote: str | list[str] | None = None
    assumed: bool = False
    note: str | None = None

    @model_validator(mode="after")
    def _must_say_where_it_comes_from(self) -> Sourced:
        if self.assumed and not self.note:
            raise ValueError("an assumed value needs a 'note' giving the reason")
        if not self.source and not self.assumed:
            raise ValueError(
                "needs a 'source' (data sheet and line) or 'assumed = true' with a note"
            )
        return self

    def cite(self) -> str:
        """Short citation for finding messages: the source, and the assumption if any."""
        parts = [self.source] if self.source else []
        if self.assumed:
            parts.append(f"assumed: {self.note}")
        return "; ".join(parts)


class Width(Sourced):
    value: Length


class TemperatureRange(Sourced):
    min: Temperature
    max: Temperature


class AreaRange(Sourced):
    min: Area
    max: Area


class LengthRange(Sourced):
    min: Length
    max: Length


class Names(Sourced):
    """A list of names (terminals, jumper slots) with its provenance."""

    names: list[str]


class PartList(Sourced):
    """Compatible accessories as listed on a data sheet (possibly none)."""

    parts: list[str]


class OpenSide(Sourced):
    """The housing side that is open and must be closed by a neighbour or an end plate."""

    side: Literal["left", "right"]


class ControlInput(Sourced):
    """A coil, control input or supply input: where it is wired and what it accepts."""

    name: str = Field("input", description="what the sheet calls it: coil, control input, supply")
    plus: str
    minus: str
    nominal: Voltage
    min: Voltage
    max: Voltage
    accepts: list[Literal["AC", "DC"]]
    current: Current | None = None


class Contact(_Model):
    """One changeover contact: common, normally closed, normally open."""

    com: str
    nc: str | None = None
    no: str | None = None


class ContactSets(Sourced):
    sets: list[Contact]


class CurrentLimit(Sourced):
    value: Current


class VoltageLimit(Sourced):
    value: Voltage


class UtilisationRating(Sourced):
    """A rating for a utilisation category, e.g. DC-13 2 A at 24 V DC."""

    category: str
    current: Current
    voltage: Voltage


class LoadPoint(_Model):
    """A point of the recommended minimum load: all given values must be reached."""

    voltage: Voltage
    current: Current
    power_mw: float | None = Field(None, gt=0, description="minimum power in mW, where stated")


class MinimumLoad(Sourced):
    points: list[LoadPoint]


class GoldLayer(Sourced):
    """Limits that protect a gold contact layer from evaporating."""

    max_voltage: Voltage
    max_current: Current


class Contacts(_Model):
    """A relay's load circuit."""

    terminals: ContactSets
    material: str
    continuous_current: CurrentLimit
    max_switching_voltage: VoltageLimit
    ratings: list[UtilisationRating] = Field(default_factory=list)
    minimum_load: MinimumLoad | None = None
    gold: GoldLayer | None = None


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


class InternalLink(Sourced):
    """Terminals commoned inside the module, with the current the link carries."""

    a: str
    b: str
    rating: Current


class AnalogOutput(Sourced):
    plus: str
    minus: str
    max_burden: Resistance


class ConductorRanges(_Model):
    """Clamp ranges per conductor class; a class that is absent is not rated."""

    solid: AreaRange | None = None
    stranded: AreaRange | None = None
    fine_stranded: AreaRange | None = None


class _Part(_Model):
    """What every part has: its number (the TOML table name) and where it is described."""

    number: str = ""
    description: str
    datasheet: str | None = None
    source: str | None = None
    quote: str | list[str] | None = None


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
    internal_links: list[InternalLink] = Field(default_factory=list)
    analog_output: AnalogOutput | None = None

    @model_validator(mode="after")
    def _terminal_names_exist(self) -> ModulePart:
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
        return self


class JumperPart(_Part):
    kind: Literal["jumper"]
    ways: int = Field(ge=2, le=64)
    colour: str
    rating: CurrentLimit | None = None


class EndPlatePart(_Part):
    kind: Literal["end_plate"]
    width: Width


class EndStopPart(_Part):
    kind: Literal["end_stop"]
    width: Width


class FerrulePart(_Part):
    kind: Literal["ferrule"]
    cross_section: Area
    insulated: bool
    colour: str | None = None


Part = Annotated[
    ModulePart | JumperPart | EndPlatePart | EndStopPart | FerrulePart,
    Field(discriminator="kind"),
]
PartModel = ModulePart | JumperPart | EndPlatePart | EndStopPart | FerrulePart


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


def _validate_part(number: str, table: Any, where: str, text: str) -> PartModel:
    from pydantic import TypeAdapter

    if not isinstance(table, dict):
        raise CatalogError(f"{where}:{_line_of(text, number, ())}: part {number!r} must be a table")
    try:
        part = TypeAdapter(Part).validate_python({**table, "number": number})
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
    """
    lines = text.split("\n")
    names = [str(p) for p in loc if isinstance(p, str) and p not in _KINDS]
    quoted = re.escape(f'"{number}"')
    best = 1
    for depth in range(len(names), -1, -1):
        header = quoted + "".join(rf"\s*\.\s*{re.escape(n)}" for n in names[:depth])
        pattern = re.compile(rf"^\s*\[\[?\s*{header}\s*\]")
        found = next((i for i, line in enumerate(lines, 1) if pattern.match(line)), None)
        if found is not None:
            best = found
            if depth < len(names):
                key = re.compile(rf"^\s*{re.escape(names[depth])}\s*=")
                after = next(
                    (i for i, line in enumerate(lines[found:], found + 1) if key.match(line)), None
                )
                best = after or found
            break
    return best


_KINDS = ("module", "jumper", "end_plate", "end_stop", "ferrule")


def parse_parts(text: str, where: str) -> dict[str, PartModel]:
    """Parse one catalog TOML text: top-level tables keyed by part number."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"at line (\d+)", str(exc))
        raise CatalogError(f"{where}:{at.group(1) if at else 1}: not valid TOML: {exc}") from None
    return {number: _validate_part(number, table, where, text) for number, table in data.items()}


def _shipped_files() -> Iterable[tuple[str, str]]:
    folder = resources.files("panelcheck.rules") / "parts"
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".toml"):
            yield f"rules/parts/{entry.name}", entry.read_text(encoding="utf-8")


def _folder_files(folder: Path) -> Iterable[tuple[str, str]]:
    if not folder.is_dir():
        raise CatalogError(f"{folder}: not a catalog folder")
    for path in sorted(folder.glob("*.toml")):
        try:
            yield str(path), path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CatalogError(f"{path}: cannot read: {exc}") from None


def load_catalog(extra_folders: Iterable[Path] = ()) -> Catalog:
    """The shipped catalog, then each extra folder in order (later parts replace earlier)."""
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
