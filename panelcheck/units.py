"""Physical quantities as written in panel files and manufacturers' data sheets.

Every electrical limit panelcheck compares (a terminal's wire range, a relay coil's voltage,
a fuse's rating) arrives as text typed by a person or copied from a data sheet. This module
is the single place that turns such text into a number in a fixed unit, so that every check
compares like with like and every mistake in the text is reported the same way.

The text is untrusted: it is matched by regular expressions first and only a validated unit
word ever reaches pint, never pint's expression evaluator, so no input can make the parse
slow or evaluate anything. pint itself is imported on first use only, because most runs of
the command line interface (``--help``, schema errors) never need it.

One module of about 550 lines because it is one thing: what a quantity is, how its text
is read, written and compared; every stage imports it, and splitting the unit table from
the parser would only make both harder to check against each other.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import pint

__all__ = [
    "EXAMPLES",
    "LIMIT_TOLERANCE",
    "Kind",
    "Quantity",
    "QuantityError",
    "as_written",
    "at_least",
    "at_most",
    "awg_gauge",
    "awg_to_mm2",
    "format_quantity",
    "format_range",
    "format_span",
    "parse_quantity",
    "within",
]


class Kind(enum.StrEnum):
    """What a quantity measures; the value is the word used for it in messages."""

    AREA = "cross-section"
    CURRENT = "current"
    VOLTAGE = "voltage"
    TEMPERATURE = "temperature"
    LENGTH = "length"
    RESISTANCE = "resistance"
    ALTITUDE = "altitude"
    DURATION = "duration"
    RATE = "switching rate"


EXAMPLES: dict[Kind, str] = {
    Kind.AREA: "0.75 mm^2",
    Kind.CURRENT: "0.5 A",
    Kind.VOLTAGE: "24 V DC",
    Kind.TEMPERATURE: "40 degC",
    Kind.LENGTH: "300 mm",
    Kind.RESISTANCE: "500 ohm",
    Kind.ALTITUDE: "1500 m",
    Kind.DURATION: "40000 h",
    Kind.RATE: "2 /min",
}


class QuantityError(ValueError):
    """A quantity's text is not usable; the message says what was wrong and what was expected.

    A ValueError so that callers validating a whole document (pydantic validators, for one)
    turn it into a located error without knowing about this module.
    """


@dataclasses.dataclass(frozen=True, slots=True)
class Quantity:
    """A parsed quantity, always in its kind's canonical unit so checks compare plain floats.

    ``text`` keeps the spelling from the file for messages; it does not take part in equality,
    so "24 VDC" and "24 V DC" are the same voltage.
    """

    kind: Kind
    magnitude: float
    ac: bool = False
    text: str = dataclasses.field(default="", compare=False)

    def __str__(self) -> str:
        """Shows AWG sizes with their metric area, since limits are compared in mm²."""
        shown = format_quantity(self.kind, self.magnitude, self.ac)
        if self.kind is Kind.AREA:
            gauge = _awg_gauge_token(self.text.strip())
            if gauge is not None:
                return f"{gauge} AWG ({shown})"
        return shown


class _KindInfo(NamedTuple):
    """What the parser and the messages need to know about one kind."""

    canonical: str
    symbol: str
    accepted: str
    low: float
    high: float
    low_inclusive: bool


_INFO: dict[Kind, _KindInfo] = {
    Kind.AREA: _KindInfo("mm^2", "mm²", "mm², mm^2, mm2 or AWG", 0.0, 1000.0, False),
    Kind.CURRENT: _KindInfo("A", "A", "A, mA, µA or kA", 0.0, 10_000.0, True),
    Kind.VOLTAGE: _KindInfo(
        "V", "V", "V, mV or kV, with AC or DC (DC if omitted)", -100_000.0, 100_000.0, True
    ),
    Kind.TEMPERATURE: _KindInfo("degC", "°C", "°C or degC", -273.15, 1000.0, True),
    Kind.LENGTH: _KindInfo("mm", "mm", "mm, cm or m", 0.0, 100_000.0, False),
    Kind.RESISTANCE: _KindInfo("ohm", "Ω", "Ω, ohm, kΩ or kohm", 0.0, 1e9, False),
    # Below sea level is allowed (the shore of the Dead Sea is at -430 m).
    Kind.ALTITUDE: _KindInfo("m", "m", "m or km", -500.0, 10_000.0, True),
    Kind.DURATION: _KindInfo("h", "h", "h, min or s", 0.0, 10_000_000.0, False),
    Kind.RATE: _KindInfo(
        "1/min", "/min", "/min, /h or /s (also min^-1, min⁻¹, Hz)", 0.0, 1e9, False
    ),
}

# How often a contact switches: data sheets write "6 min⁻¹" or "6 min-1", designers
# "2 /min" or "120 /h". These spellings only, each with its factor to operations per
# minute; a rate never reaches pint (whose grammar has no unit word starting with "/").
RATE_UNITS: dict[str, float] = {
    **{f"/{word}": factor for word, factor in (("min", 1.0), ("h", 1 / 60), ("s", 60.0))},
    **{
        f"{word}{power}": factor
        for word, factor in (("min", 1.0), ("h", 1 / 60), ("s", 60.0))
        for power in ("^-1", "-1", "⁻¹", "**-1")
    },
    "Hz": 60.0,
}

_MAX_LENGTH = 64
# Conversions such as 0.1 km -> 100000.00000000001 mm must not push a value written exactly
# at a limit outside it.
_BOUND_TOLERANCE = 1e-9

_NUMBER = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?"
_AC_DC = r"(?i:AC|DC)"
_QUANTITY_RE = re.compile(
    rf"(?:(?P<prefix>{_AC_DC})\s*)?"
    rf"(?P<number>{_NUMBER})\s*"
    r"(?P<unit>[^\s0-9.,+\-]\S*?)"
    rf"(?:\s*(?P<suffix>{_AC_DC}))?"
)
_BARE_NUMBER_RE = re.compile(rf"(?:{_AC_DC}\s*)?{_NUMBER}(?:\s*{_AC_DC})?")
_DECIMAL_COMMA_RE = re.compile(r"[0-9],[0-9]")
_GAUGE = r"0{1,4}|[1-9][0-9]?|[1-4]/0"
_AWG_RE = re.compile(rf"(?i:AWG)\s*(?P<before>{_GAUGE})|(?P<after>{_GAUGE})\s*(?i:AWG)")
_UNIT_WORD_RE = re.compile(r"[A-Za-zµμΩ°]+(?:\^[23])?")
_SQUARED_LENGTH_RE = re.compile(r"(mm|cm|m)2")
_UNIT_TRANSLATION = str.maketrans({"²": "^2", "³": "^3", "\u2126": "Ω", "℃": "°C"})

_AWG_SMALLEST = 40
_AWG_LARGEST = -3  # 4/0, also written 0000


class _Registry(NamedTuple):
    """The pint registry with each kind's canonical unit parsed once."""

    ureg: pint.UnitRegistry[float]
    canonical: dict[Kind, pint.Unit]


@functools.cache
def _registry() -> _Registry:
    """Builds the registry on first use; importing pint costs more than most runs can spare."""
    import pint

    path = Path(__file__).with_name("units.txt")
    ureg: pint.UnitRegistry[float] = pint.UnitRegistry(
        str(path), cache_folder=None, autoconvert_offset_to_baseunit=True
    )
    canonical: dict[Kind, pint.Unit] = {
        kind: ureg.parse_units(info.canonical)
        for kind, info in _INFO.items()
        if kind is not Kind.RATE  # rates never reach pint (see RATE_UNITS)
    }
    return _Registry(ureg, canonical)


def awg_to_mm2(gauge: int) -> float:
    """Converts an AWG size (0 for 1/0, -1 for 2/0, ... -3 for 4/0) to mm² per ASTM B258.

    US parts state wire ranges in AWG while the rest of the catalog is metric; one formula
    keeps the two comparable.
    """
    if isinstance(gauge, bool) or not isinstance(gauge, int):
        raise QuantityError(f"an AWG gauge must be a whole number, got {gauge!r}")
    if not _AWG_LARGEST <= gauge <= _AWG_SMALLEST:
        raise QuantityError(
            f"AWG {gauge} is not a wire size: expected 40 down to 0, then 1/0 to 4/0 "
            f"(given as 0 to -3)"
        )
    return float(0.012668 * 92 ** ((36 - gauge) / 19.5))  # float: typeshed's ** gives Any


def format_quantity(kind: Kind, magnitude: float, ac: bool = False) -> str:
    """Displays a canonical magnitude the way a data sheet would print it."""
    scale, unit = _display_unit(kind, magnitude)
    return f"{_format_number(magnitude * scale)} {unit}{_ac_dc_suffix(kind, ac)}"


def format_range(kind: Kind, low: float, high: float, ac: bool = False) -> str:
    """Displays a catalog range with the unit once, scaled to suit the larger end.

    An en dash reads as a minus next to a negative number ("-40–70 °C"), so a range
    with a negative end is written with "to".
    """
    scale, unit = _display_unit(kind, max(abs(low), abs(high)))
    dash = " to " if low < 0 or high < 0 else "–"
    numbers = f"{_format_number(low * scale)}{dash}{_format_number(high * scale)}"
    return f"{numbers} {unit}{_ac_dc_suffix(kind, ac)}"


def format_span(low: Quantity, high: Quantity) -> str:
    """:func:`format_range` of two quantities of one kind, as a data sheet's min and max.

    The ends are shown as DC whatever they are: a message names AC or DC separately.
    """
    return format_range(low.kind, low.magnitude, high.magnitude)


LIMIT_TOLERANCE = 1e-9
"""How far past a limit a value may be and still count as on it, in the limit's
canonical unit (A, V, mm², mm, °C, Ω; or a plain ratio).

A value a layout or a data sheet states exactly on a limit must pass, but it arrives
with floating-point error: unit conversion (0.007 cm² is 0.7000000000000001 mm²), AWG
sizes, currents summed along a jumper bar (6 x 3 A), a voltage over an impedance. That
error is a few parts in 1e16 of the value, under 1e-12 for the values a panel compares
(up to a few thousand in their units). What a data sheet or a layout states is far
coarser: three or four significant digits, 1 mA or 0.01 mm² at the finest. 1e-9 lies
between the two, so it absorbs the rounding and lets no real excess through.

The checks compare only through :func:`at_most`, :func:`at_least` and :func:`within`
(and the catalog ranges' ``contains``), so the tolerance is written once; the GLD rules
pass a smaller one, for the reason given in :mod:`panelcheck.checks.gold`."""

Number = float | Quantity
"""A compared value: a quantity, or a magnitude in its kind's canonical unit.

The helpers below unwrap quantities inline rather than in a shared function: they run
a few times per wire and module, and a call more each would show in a large panel's run."""


def at_most(value: Number, limit: Number, tolerance: float = LIMIT_TOLERANCE) -> bool:
    """Is ``value`` at or below ``limit``, allowing :data:`LIMIT_TOLERANCE` above it?"""
    if isinstance(value, Quantity):
        value = value.magnitude
    if isinstance(limit, Quantity):
        limit = limit.magnitude
    return value <= limit + tolerance


def at_least(value: Number, limit: Number, tolerance: float = LIMIT_TOLERANCE) -> bool:
    """Is ``value`` at or above ``limit``, allowing :data:`LIMIT_TOLERANCE` below it?"""
    if isinstance(value, Quantity):
        value = value.magnitude
    if isinstance(limit, Quantity):
        limit = limit.magnitude
    return value + tolerance >= limit


def within(value: Number, low: Number, high: Number, tolerance: float = LIMIT_TOLERANCE) -> bool:
    """Is ``value`` in the range ``low``..``high``, both ends included (with the tolerance)?

    Data sheets state ranges with both ends allowed: "0.08–2.5 mm²" takes 2.5 mm².
    """
    if isinstance(value, Quantity):
        value = value.magnitude
    if isinstance(low, Quantity):
        low = low.magnitude
    if isinstance(high, Quantity):
        high = high.magnitude
    return low - tolerance <= value <= high + tolerance


def parse_quantity(text: object, kind: Kind) -> Quantity:
    """Parses a quantity from a panel file; any unusable input is a QuantityError.

    Values come straight from JSON, so a number or null must be reported as a mistake in the
    file rather than crash the checker.
    """
    kind = Kind(kind)
    if isinstance(text, bool | int | float):
        raise QuantityError(
            f"{_describe_number(text)} has no unit: unit required, "
            f"write the {kind.value} as a string like {EXAMPLES[kind]!r}"
        )
    if not isinstance(text, str):
        raise QuantityError(
            f"expected {_a(kind)} as a string like {EXAMPLES[kind]!r}, got {_describe_object(text)}"
        )
    if len(text) > _MAX_LENGTH:
        raise QuantityError(
            f"{_a(kind)} of {len(text)} characters is too long (at most {_MAX_LENGTH}): "
            f"expected a number followed by a unit, like {EXAMPLES[kind]!r}"
        )
    # A plain str copy: a str subclass could override hashing or printing in the cache.
    return _parse_text(str.__str__(text), kind)


@functools.lru_cache(maxsize=4096)
def _parse_text(text: str, kind: Kind) -> Quantity:
    """Cached because a panel repeats the same few spellings on hundreds of terminals."""
    stripped = text.strip()
    awg = _AWG_RE.fullmatch(stripped)
    if awg is not None:
        return _parse_awg(text, awg["before"] or awg["after"], kind)
    match = _QUANTITY_RE.fullmatch(stripped)
    if match is None:
        raise _shape_error(text, stripped, kind)
    return _parse_match(text, match, kind)


def _parse_awg(text: str, gauge_token: str, kind: Kind) -> Quantity:
    """AWG is a wire size, not a pint unit: its scale is logarithmic."""
    if kind is not Kind.AREA:
        raise _wrong_unit(text, kind, "AWG is a wire size")
    try:
        area = awg_to_mm2(_gauge_number(gauge_token))
    except QuantityError:
        raise QuantityError(
            f"{text!r} is not a wire size: AWG gauges run from 40 down to 4/0"
        ) from None
    return Quantity(Kind.AREA, area, text=text)


def _gauge_number(token: str) -> int:
    """Maps the written gauge to ASTM B258's n: 1/0 (or 0) is 0, 4/0 (or 0000) is -3."""
    if token.endswith("/0"):
        return 1 - int(token[0])
    if set(token) == {"0"}:
        return 1 - len(token)
    return int(token)


def as_written(quantity: Quantity) -> str:
    """``420 /h (7 /min)``: a quantity as the layout wrote it, with its canonical form
    when that reads differently (a rate is compared per minute, as the sheets state)."""
    shown = str(quantity)
    written = quantity.text.strip()
    if not written or written.replace(" ", "") == shown.replace(" ", ""):
        return shown
    return f"{written} ({shown})"


def awg_gauge(quantity: Quantity) -> int | None:
    """The AWG gauge a cross-section was written in (ASTM B258's n: 1/0 is 0), or None
    when it was written in mm²."""
    if quantity.kind is not Kind.AREA:
        return None
    token = _awg_gauge_token(quantity.text.strip())
    return None if token is None else _gauge_number(token)


def _awg_gauge_token(text: str) -> str | None:
    """The gauge as the user wrote it, so "0000 AWG" is not shown back as "4/0 AWG"."""
    match = _AWG_RE.fullmatch(text)
    return None if match is None else match["before"] or match["after"]


def _parse_match(text: str, match: re.Match[str], kind: Kind) -> Quantity:
    """Checks the parts of a number-unit match in the order a user would fix them."""
    prefix, suffix, word = match["prefix"], match["suffix"], match["unit"]
    if word.upper() in ("AC", "DC"):
        raise _unit_required(text, kind)
    if prefix and suffix:
        raise QuantityError(
            f"{text!r} says AC or DC twice: write it once, like {EXAMPLES[Kind.VOLTAGE]!r}"
        )
    ac_dc = prefix or suffix
    if ac_dc and kind is not Kind.VOLTAGE:
        raise _wrong_unit(text, kind, "AC and DC only mark voltages")
    if word.upper() == "AWG":
        if kind is not Kind.AREA:
            raise _wrong_unit(text, kind, "AWG is a wire size")
        raise QuantityError(
            f"{text!r} is not a wire size: an AWG gauge is a whole number from 40 down to 0 "
            f"or 1/0 to 4/0, like '18 AWG'"
        )
    if kind is Kind.RATE or word in RATE_UNITS or word.startswith("/"):
        return _parse_rate(text, match, word, kind)
    unit = _normalise_unit(word)
    if _UNIT_WORD_RE.fullmatch(unit) is None:
        raise _generic_error(text, kind)
    number = float(match["number"])
    if not math.isfinite(number):
        raise QuantityError(
            f"{text!r} is not a finite number: expected a number followed by a unit, "
            f"like {EXAMPLES[kind]!r}"
        )
    ac = ac_dc is not None and ac_dc.upper() == "AC"
    magnitude = _check_range(text, _convert(text, number, unit, kind), kind, ac)
    return Quantity(kind, magnitude, ac, text)


def _parse_rate(text: str, match: re.Match[str], word: str, kind: Kind) -> Quantity:
    """A switching rate, from the spellings of :data:`RATE_UNITS` only."""
    factor = RATE_UNITS.get(word)
    if kind is not Kind.RATE:
        if factor is not None:
            raise _wrong_unit(text, kind, "that is a rate")
        raise _generic_error(text, kind)
    if factor is None:
        raise _wrong_unit(text, kind)
    number = float(match["number"])
    if not math.isfinite(number):
        raise _generic_error(text, kind)
    return Quantity(kind, _check_range(text, number * factor, kind, False), text=text)


def _normalise_unit(word: str) -> str:
    """Rewrites the spellings data sheets use into the form the registry knows.

    A bare lower-case "v" is taken as volt ("230 vac" is common and means nothing else);
    other units stay case-sensitive because the case carries the prefix (mA is not MA).
    """
    word = word.translate(_UNIT_TRANSLATION).replace("**", "^")
    word = _SQUARED_LENGTH_RE.sub(r"\1^2", word) if _SQUARED_LENGTH_RE.fullmatch(word) else word
    return "V" if word == "v" else word


# The unit words layouts and data sheets actually use, with the factor pint computes from
# units.txt to each kind's canonical unit (canonical = number x factor). Written out so
# that a run does not import pint (about 150 ms, more than a whole check of a small
# panel) for them; tests/test_units.py checks every entry against pint, and any other
# word the grammar allows still goes to pint.
FAST_UNITS: dict[tuple[Kind, str], float] = {
    (Kind.AREA, "mm^2"): 1.0,
    (Kind.AREA, "cm^2"): 100.0,
    (Kind.AREA, "m^2"): 1e6,
    (Kind.CURRENT, "A"): 1.0,
    (Kind.CURRENT, "mA"): 1e-3,
    (Kind.CURRENT, "kA"): 1e3,
    (Kind.CURRENT, "µA"): 1e-6,
    (Kind.CURRENT, "uA"): 1e-6,
    (Kind.VOLTAGE, "V"): 1.0,
    (Kind.VOLTAGE, "mV"): 1e-3,
    (Kind.VOLTAGE, "kV"): 1e3,
    (Kind.TEMPERATURE, "degC"): 1.0,
    (Kind.TEMPERATURE, "°C"): 1.0,
    (Kind.LENGTH, "mm"): 1.0,
    (Kind.LENGTH, "cm"): 10.0,
    (Kind.LENGTH, "m"): 1000.0,
    (Kind.RESISTANCE, "ohm"): 1.0,
    (Kind.RESISTANCE, "Ω"): 1.0,
    (Kind.RESISTANCE, "kohm"): 1e3,
    (Kind.RESISTANCE, "kΩ"): 1e3,
    (Kind.RESISTANCE, "Mohm"): 1e6,
    (Kind.RESISTANCE, "MΩ"): 1e6,
    (Kind.ALTITUDE, "m"): 1.0,
    (Kind.ALTITUDE, "km"): 1e3,
    (Kind.DURATION, "h"): 1.0,
    (Kind.DURATION, "min"): 1 / 60,
    (Kind.DURATION, "s"): 1 / 3600,
}


def _convert(text: str, number: float, unit: str, kind: Kind) -> float:
    """Converts from a validated unit word; pint never sees the whole text."""
    factor = FAST_UNITS.get((kind, unit))
    if factor is not None:
        return number * factor
    return _convert_with_pint(text, number, unit, kind)


def _convert_with_pint(text: str, number: float, unit: str, kind: Kind) -> float:
    registry = _registry()
    canonical = registry.canonical[kind]
    try:
        units = registry.ureg.parse_units(unit)
    except Exception:
        # The word already passed _UNIT_WORD_RE; whatever pint raises for it (undefined,
        # a prefixed offset unit such as "mdegC") means it is not a unit we accept.
        raise _wrong_unit(text, kind) from None
    if not _unit_fits(units, canonical, kind):
        raise _wrong_unit(text, kind)
    try:
        return float(registry.ureg.Quantity(number, units).to(canonical).magnitude)
    except OverflowError:
        return math.inf


def _unit_fits(units: pint.Unit, canonical: pint.Unit, kind: Kind) -> bool:
    """Temperatures must be in °C: a kelvin figure in a data sheet is usually a difference."""
    if kind is Kind.TEMPERATURE:
        return units == canonical
    return units.dimensionality == canonical.dimensionality


def _check_range(text: str, magnitude: float, kind: Kind, ac: bool) -> float:
    """Rejects magnitudes no panel part can have; a typo in a prefix usually causes them."""
    info = _INFO[kind]
    low = 0.0 if ac else info.low
    magnitude = _snap_to_bounds(magnitude, low, info.high)
    if magnitude < low or (magnitude == low and not info.low_inclusive):
        raise _out_of_range(text, kind, ac, _too_low_reason(kind, low, ac))
    if not magnitude <= info.high:
        reason = f"must be at most {format_quantity(kind, info.high, ac)}"
        raise _out_of_range(text, kind, ac, reason)
    return magnitude + 0.0  # turns -0.0 into 0.0 so "-0 V" displays as "0 V DC"


def _snap_to_bounds(magnitude: float, low: float, high: float) -> float:
    """Moves a value that only exceeds a bound by conversion rounding onto the bound."""
    if high < magnitude <= high * (1 + _BOUND_TOLERANCE):
        return high
    if low != 0 and low * (1 + _BOUND_TOLERANCE) <= magnitude < low:
        return low
    return magnitude


def _too_low_reason(kind: Kind, low: float, ac: bool) -> str:
    """Says what the lower limit is in words, since zero limits read better as words."""
    if kind is Kind.TEMPERATURE:
        return "must not be below absolute zero, -273.15 °C"
    if low != 0:
        return f"must be at least {format_quantity(kind, low, ac)}"
    if not _INFO[kind].low_inclusive:
        return "must be greater than zero"
    if ac:
        return "must not be negative (an AC voltage is an rms value)"
    return "must not be negative"


def _out_of_range(text: str, kind: Kind, ac: bool, reason: str) -> QuantityError:
    """Builds the out-of-range message with the whole allowed range, so one fix suffices."""
    info = _INFO[kind]
    low = 0.0 if ac else info.low
    if kind is Kind.TEMPERATURE:
        # Three significant digits would print absolute zero as -273 °C, which is allowed.
        allowed = f"-273.15 °C to {format_quantity(kind, info.high)}"
    elif info.low_inclusive:
        allowed = format_range(kind, low, info.high, ac)
    else:
        allowed = f"greater than 0 and at most {format_quantity(kind, info.high, ac)}"
    return QuantityError(f"{text!r} is out of range: {_a(kind)} {reason} (allowed: {allowed})")


def _shape_error(text: str, stripped: str, kind: Kind) -> QuantityError:
    """Explains the commonest shapes that are not a number and a unit."""
    if _BARE_NUMBER_RE.fullmatch(stripped):
        return _unit_required(text, kind)
    if _DECIMAL_COMMA_RE.search(stripped):
        return QuantityError(
            f"{text!r} has a comma in the number: use a decimal point and no thousands "
            f"separator, like {EXAMPLES[kind]!r}"
        )
    return _generic_error(text, kind)


def _unit_required(text: str, kind: Kind) -> QuantityError:
    """A missing unit is the commonest mistake; the example shows the fix."""
    return QuantityError(
        f"{text!r} has no unit: unit required, write the {kind.value} like {EXAMPLES[kind]!r}"
    )


def _generic_error(text: str, kind: Kind) -> QuantityError:
    """For text that is not even shaped like a quantity (expressions, hex, words)."""
    return QuantityError(
        f"{text!r} is not {_a(kind)}: expected a number followed by a unit, like {EXAMPLES[kind]!r}"
    )


def _wrong_unit(text: str, kind: Kind, why: str = "") -> QuantityError:
    """Names the kind and its accepted units, since the unit is what needs changing."""
    because = f" ({why})" if why else ""
    info = _INFO[kind]
    return QuantityError(
        f"{text!r} is not {_a(kind)}{because}: expected {info.accepted}, like {EXAMPLES[kind]!r}"
    )


def _a(kind: Kind) -> str:
    """``a current``, ``an altitude``: the kind with its article, for messages."""
    return f"{'an' if kind.value[0] in 'aeiou' else 'a'} {kind.value}"


def _describe_number(value: bool | int | float) -> str:
    """Shows a JSON number the way the file spells it, without printing a huge integer."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and value.bit_length() > 64:
        return "a number"
    return repr(value)


def _describe_object(value: object) -> str:
    """Names a non-string JSON value in JSON's words."""
    if value is None:
        return "null"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


def _display_unit(kind: Kind, magnitude: float) -> tuple[float, str]:
    """Picks the unit a data sheet would print this magnitude in, and the factor to it."""
    size = abs(magnitude)
    if kind is Kind.CURRENT and 0 < size < 1:
        return 1e3, "mA"
    if kind is Kind.RESISTANCE and size >= 1e6:
        return 1e-6, "MΩ"
    if kind is Kind.RESISTANCE and size >= 1e3:
        return 1e-3, "kΩ"
    return 1.0, _INFO[kind].symbol


def _ac_dc_suffix(kind: Kind, ac: bool) -> str:
    """Voltages always show AC or DC: a coil rated 24 V DC must not look like 24 V AC."""
    if kind is not Kind.VOLTAGE:
        return ""
    return " AC" if ac else " DC"


def _format_number(value: float) -> str:
    """Three significant digits, or four when that shows a data-sheet value exactly.

    So 0.0126680 (from AWG) prints as 0.0127 while 16.75 stays 16.75; plain decimals are
    used between 1e-4 and 1e7 because "1.2e+03 mm" is not how anyone writes a length.
    """
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    four = float(f"{value:.4g}")
    digits = 4 if math.isclose(four, value, rel_tol=_BOUND_TOLERANCE) else 3
    rounded = float(f"{value:.{digits}g}")
    if not 1e-4 <= abs(rounded) < 1e7:
        return f"{rounded:.{digits}g}"
    exponent = int(f"{rounded:e}".partition("e")[2])
    shown = f"{rounded:.{max(digits - 1 - exponent, 0)}f}"
    return shown.rstrip("0").rstrip(".") if "." in shown else shown
