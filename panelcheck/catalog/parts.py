"""What a catalog part is: typed models of the TOML tables in ``rules/parts/``.

The classes mirror the TOML form one to one (a table is a class, a key is a field), so
the form users' catalogs are written in is defined here and nowhere else; a field added
must be optional, or existing catalogs stop loading. Every fact a rule relies on is a
:class:`Sourced` section: it says where it comes from (``source`` and ``quote``) or that
it is an assumption (``assumed = true`` with a ``note``). The models refuse a section
that does neither, so an unsourced limit cannot slip in.

The models also answer the questions the checks ask of them (is a value inside a range,
how is the range written), so that the checks compare quantities in one way: the
tolerance is :data:`panelcheck.units.LIMIT_TOLERANCE`. Reading files is
:mod:`panelcheck.catalog.loading`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Literal, TypeVar, get_args

from pydantic import ConfigDict

from panelcheck.read.fieldtypes import (
    Altitude,
    Area,
    Current,
    Duration,
    EmcEnvironment,
    HazardousArea,
    Length,
    OvervoltageCategory,
    Profile,
    Rate,
    Resistance,
    Temperature,
    Voltage,
)
from panelcheck.units import LIMIT_TOLERANCE, Quantity, awg_gauge, format_span

ConductorClass = Literal["solid", "stranded", "fine_stranded"]
"""The conductor classes a data sheet rates a clamp for: the catalog's ``clamp`` table
has a key for each (:class:`ConductorRanges`), messages name them with
:data:`CONDUCTOR_LABELS`, and a wire's ``conductor`` in a layout is one of them. The
layout format (:mod:`panelcheck.read`, read before the catalog) states the same list in
its schema; tests/test_catalog.py holds the two equal."""

CONDUCTOR_CLASSES: tuple[str, ...] = get_args(ConductorClass)

CONDUCTOR_LABELS: dict[str, str] = {c: c.replace("_", "-") for c in CONDUCTOR_CLASSES}
"""How a message writes a conductor class: "fine-stranded", as the data sheets do."""


_FORBID: ConfigDict = {"extra": "forbid"}

_T = TypeVar("_T")


def _strict(cls: type[_T]) -> type[_T]:
    """A keyword-only dataclass that pydantic validates with unknown keys refused.

    The config is set as the attribute pydantic reads rather than with ``with_config``,
    and the dataclasses are not frozen: both would cost about a millisecond per class
    at every start, for thirty classes.
    """
    made = dataclass(kw_only=True, eq=False)(cls)
    made.__pydantic_config__ = _FORBID  # type: ignore[attr-defined]  # pydantic's attribute
    return made


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


class _Range:
    """What the ``min``/``max`` ranges of a data sheet answer; both ends are included.

    A plain class, not a dataclass: its annotations only tell the type checker what the
    ranges below declare, so it adds no field to the TOML form.
    """

    min: Quantity
    max: Quantity

    def contains(self, value: Quantity | float) -> bool:
        """Is ``value`` in the range, ends included (see :func:`panelcheck.units.within`)?

        :func:`~panelcheck.units.within` written out: WIR001, WIR005 and WIR007 ask it
        for every wire, and a call less each keeps a large panel's run as fast as before.
        """
        if isinstance(value, Quantity):
            value = value.magnitude
        return self.min.magnitude - LIMIT_TOLERANCE <= value <= self.max.magnitude + LIMIT_TOLERANCE

    def span(self) -> str:
        """The range as a message writes it, with the unit once: "0.08–2.5 mm²"."""
        return format_span(self.min, self.max)


@_strict
class Width(Sourced):
    value: Length


@_strict
class TemperatureRange(Sourced, _Range):
    min: Temperature
    max: Temperature


@_strict
class AreaRange(Sourced, _Range):
    """A clamp range in mm², with the AWG range the sheet prints beside it, where it does.

    ``awg`` is [thinnest, thickest] gauge ("28 ... 14 AWG" is [28, 14]): the sheets
    round each scale on its own, so a wire given in AWG is judged against the AWG range
    (22 AWG is 0.326 mm², yet "0.34 ... 2.5 mm² / 22 ... 14 AWG" takes it).
    """

    min: Area
    max: Area
    awg: list[int] | None = None

    def __post_init__(self) -> None:
        Sourced.__post_init__(self)
        if self.awg is not None and (len(self.awg) != 2 or self.awg[0] < self.awg[1]):
            raise ValueError("awg must be [thinnest, thickest], like [28, 14]")

    def holds(self, area: Quantity) -> bool:
        """Is the cross-section in the range: a size written in AWG against the AWG
        range where the sheet prints one, else in mm² (:meth:`contains`)."""
        if self.awg is not None:
            gauge = awg_gauge(area)
            if gauge is not None:
                return self.awg[1] <= gauge <= self.awg[0]
        return self.contains(area)

    def span(self) -> str:
        """``0.08–2.5 mm² / 28–14 AWG``: the range as the sheet prints it."""
        metric = format_span(self.min, self.max)
        return metric if self.awg is None else f"{metric} / {self.awg[0]}–{self.awg[1]} AWG"

    def describe(self) -> str:
        return self.span()


@_strict
class LengthRange(Sourced, _Range):
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
class Height(Sourced):
    """How far the module stands above the rail's upper edge (the sheets say "Height
    from upper-edge" or "Depth from upper-edge of DIN-rail": the same measure)."""

    value: Length


@_strict
class Mounting(Sourced):
    """The rail profiles a part mounts on ("DIN-35 rail" is 35 x 7.5 and 35 x 15)."""

    profiles: list[Profile]


@_strict
class PollutionDegree(Sourced):
    """The pollution degree (IEC 60664-1) the module is designed for."""

    value: Literal[1, 2, 3, 4]


@_strict
class OvervoltageRating(Sourced):
    """The overvoltage category (IEC 60664-1) the module is designed for."""

    value: OvervoltageCategory


@_strict
class AltitudeLimit(Sourced):
    """The maximum operating altitude above sea level."""

    max: Altitude

    def describe(self) -> str:
        return f"at most {self.max}"


@_strict
class Condensation(Sourced):
    """Whether condensation is permissible ("no condensation permissible": false)."""

    permitted: bool

    def describe(self) -> str:
        return "permissible" if self.permitted else "not permissible"


@_strict
class EmcEmission(Sourced):
    """The environment the module's emission of interference is rated for."""

    environment: EmcEnvironment
    standard: str

    def describe(self) -> str:
        return f"{self.environment} ({self.standard})"


@_strict
class Approval:
    """One approval as the sheet lists it, under its canonical mark."""

    mark: str
    certificate: str | None = None
    listed_as: str | None = None
    """The sheet's own name for the mark, where it differs ("DNV GL")."""


@_strict
class Approvals(Sourced):
    """Every approval mark the sheet shows; an empty list when it shows none."""

    marks: list[Approval]

    def describe(self) -> str:
        if not self.marks:
            return "none shown"
        return ", ".join(
            f"{a.mark} ({'; '.join(x for x in (a.certificate, _listed(a.listed_as)) if x)})"
            if a.certificate or a.listed_as
            else a.mark
            for a in self.marks
        )


def _listed(name: str | None) -> str | None:
    """``listed as DNV GL``: the sheet's own name for a canonical mark, where it differs."""
    return None if name is None else f"listed as {name}"


@_strict
class HazardousCertificate:
    """A certificate for a hazardous area; an "X" certificate has special conditions."""

    area: HazardousArea
    scheme: str
    certificate: str
    marking: str | None = None
    standard: str | None = None
    special_conditions: bool = False


@_strict
class HazardousAreas(Sourced):
    """The hazardous-area certificates the sheet shows; an empty list when none."""

    certificates: list[HazardousCertificate]

    def describe(self) -> str:
        if not self.certificates:
            return "none shown"
        return "; ".join(
            f"{c.area}: {c.scheme} {c.certificate}"
            + (f" ({c.marking})" if c.marking else "")
            + (f" to {c.standard}" if c.standard else "")
            + (" with special conditions (X)" if c.special_conditions else "")
            for c in self.certificates
        )


@_strict
class CableRating(Sourced):
    """The temperature the connection cable must stand: ambient plus ``margin_k``."""

    margin_k: float

    def describe(self) -> str:
        return f"at least the ambient + {self.margin_k:g} K"


@_strict
class OpenSide(Sourced):
    """The housing side that is open and must be closed by a neighbour or an end plate."""

    side: Literal["left", "right"]


@_strict
class VoltageBand(Sourced):
    """A band of input voltage with a meaning of its own (859-753: 0 ... 1 V is off)."""

    min: Voltage
    max: Voltage


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
    low: VoltageBand | None = None
    """The input's low (off) level, where the sheet states one."""


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
class RatedVoltage(Sourced):
    """The insulation's rated voltage: it holds for AC (rms) and DC alike."""

    value: Voltage

    def describe(self) -> str:
        return str(self.value).removesuffix(" DC")


@_strict
class UtilisationRating(Sourced):
    """A rating for a utilisation category, e.g. DC-13 2 A at 24 V DC."""

    category: str
    current: Current
    voltage: Voltage


@_strict
class Damping(Sourced):
    """The sheet's demand that inductive loads be damped (a suppression circuit): the
    section's presence is the fact, its citation the wording."""

    def describe(self) -> str:
        return "inductive loads must be damped"


@_strict
class Inrush(Sourced):
    """The contact's inrush limit and the current types it is stated for."""

    current: Current
    duration: Duration | None = None
    accepts: list[Literal["AC", "DC"]]
    load: str | None = None
    """The load the limit is stated for, where the sheet says ("resistive")."""

    def describe(self) -> str:
        lasting = "" if self.duration is None else f" for {_seconds(self.duration)}"
        stated = " and ".join(self.accepts) + (f", {self.load} load" if self.load else "")
        return f"{self.current}{lasting}, stated for {stated}"


def _seconds(duration: Quantity) -> str:
    """``20 ms``: a short duration as a data sheet writes it (durations are held in h)."""
    seconds = duration.magnitude * 3600
    return f"{seconds * 1000:g} ms" if seconds < 1 else f"{seconds:g} s"


@_strict
class RateLimit(Sourced):
    """The maximum switching frequency with load."""

    max: Rate

    def describe(self) -> str:
        return f"at most {self.max}"


@_strict
class Life(Sourced):
    """Electrical life: operations, and the conditions they are stated for."""

    operations: int
    condition: str

    def describe(self) -> str:
        return f"{self.operations:,} operations ({self.condition})"


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
    damping: Damping | None = None
    inrush: Inrush | None = None
    switching_rate: RateLimit | None = None
    electrical_life: Life | None = None


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
class CurrentInput(Sourced):
    """An analog current input: its terminals and what it can take."""

    plus: str
    minus: str
    max_current: Current
    max_resistance: Resistance

    def describe(self) -> str:
        return (
            f"{self.plus} (+), {self.minus} (−): at most {self.max_current}, input "
            f"resistance at most {self.max_resistance}"
        )


@_strict
class AnalogOutput(Sourced):
    plus: str
    minus: str
    max_burden: Resistance


@_strict
class ConductorRanges:
    """Clamp ranges per conductor class; a class that is absent is not rated.

    One field per :data:`ConductorClass` (tests/test_catalog.py holds the two together):
    the TOML keys are the class names, so the fields cannot be made from the tuple
    without losing the type checker's and pydantic's view of them.
    """

    solid: AreaRange | None = None
    stranded: AreaRange | None = None
    fine_stranded: AreaRange | None = None


@_strict
class _Part:
    """What every part has: its number (the TOML table name) and where it is described."""

    number: str = ""
    description: str
    manufacturer: str | None = None
    """Who makes it, for the bill of materials (the maker's name on its data sheet)."""
    datasheet: str | None = None
    source: str | None = None
    quote: str | list[str] | None = None


@_strict
class ModulePart(_Part):
    """A module: only its width is required besides what every part has. Every other
    section is something its data sheet states; a part without one has no such limit
    known, and the rules that need it do not judge the part (LAY008 says so where the
    layout asks). An empty list is different: the sheet says there is none."""

    kind: Literal["module"]
    series: str | None = None
    width: Width
    temperature: TemperatureRange | None = None
    terminals: Names | None = None
    jumper_slots: Names | None = None
    jumpers: PartList | None = None
    ferrules: PartList | None = None
    end_plates: PartList | None = None
    end_stops: PartList | None = None
    open_side: OpenSide | None = None
    clamp: ConductorRanges | None = None
    insulated_ferrule: AreaRange | None = None
    strip_length: LengthRange | None = None
    input: ControlInput | None = None
    contacts: Contacts | None = None
    ssr_output: SsrOutput | None = None
    internal_links: list[InternalLink] = field(default_factory=list)
    analog_output: AnalogOutput | None = None
    current_input: CurrentInput | None = None
    rated_voltage: RatedVoltage | None = None
    pollution_degree: PollutionDegree | None = None
    overvoltage_category: OvervoltageRating | None = None
    altitude: AltitudeLimit | None = None
    condensation: Condensation | None = None
    mounting: Mounting | None = None
    height: Height | None = None
    emc_emission: EmcEmission | None = None
    approvals: Approvals | None = None
    hazardous_areas: HazardousAreas | None = None
    cable: CableRating | None = None

    def housing(self) -> str:
        """``series 859``, or ``no series`` plus the number for a part without one: a
        module closes or matches only housings of its series, and a part whose sheet
        names no series only modules of its own part number (IPX001, IPX004)."""
        return f"series {self.series}" if self.series is not None else f"part {self.number}"

    def __post_init__(self) -> None:
        known = set(self.terminals.names) if self.terminals is not None else set()
        used: list[str] = list(self.jumper_slots.names) if self.jumper_slots is not None else []
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
        if self.current_input:
            used += [self.current_input.plus, self.current_input.minus]
        unknown = sorted(set(used) - known)
        if unknown:
            raise ValueError(f"terminal(s) {', '.join(unknown)} not in terminals.names")


@_strict
class JumperPart(_Part):
    kind: Literal["jumper"]
    ways: int
    colour: str  # a colour name; panelcheck.pictures.drawing maps it to a drawn colour
    rating: CurrentLimit | None = None

    def __post_init__(self) -> None:
        if not 2 <= self.ways <= 64:
            raise ValueError("ways must be between 2 and 64")


@_strict
class EndPlatePart(_Part):
    kind: Literal["end_plate"]
    width: Width
    mounting: Mounting | None = None


@_strict
class EndStopPart(_Part):
    kind: Literal["end_stop"]
    width: Width
    mounting: Mounting | None = None


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
