"""Numbers, ranges and units read from a data sheet's values, written as the catalog
writes them.

A value is recognised by its unit, not by where it stands: "0.08 ... 2.5 mm² / 28 ... 14
AWG" is an area range with an AWG range beside it wherever it appears. The values come
from :func:`panelcheck.catalog.drafting.text.plain`, so decimal commas, ``mm<sup>2</sup>``
and LaTeX are already one spelling here.

Arithmetic is decimal (:class:`~decimal.Decimal`): 24 V - 30 % must be written "16.8 V",
as the sheet's reader would, not 16.799999999999997. Each catalog string is checked
with :func:`panelcheck.units.parse_quantity` before it is used, so a value the catalog
would refuse (a temperature below absolute zero, a gauge that does not exist) is a fact
not read rather than a draft that does not load. Patterns are bounded: the text is
untrusted.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from panelcheck.units import Kind, QuantityError, parse_quantity

NUMBER = r"[+-]?\d{1,9}(?:\.\d{1,9})?"
_SEP = r"\s{0,3}(?:\.{2,3}|to)\s{0,3}"

UNITS: dict[Kind, str] = {
    Kind.LENGTH: r"(?:mm|cm)(?![\w²^])",
    Kind.AREA: r"mm²",
    Kind.TEMPERATURE: r"(?:°\s?C|degC)",
    Kind.CURRENT: r"(?:mA|µA|uA|kA|A)(?![A-Za-z])",
    Kind.VOLTAGE: r"(?:mV|kV|V)(?:\s?(?:AC|DC|UC|rms))?(?![A-Za-z])",
    Kind.RESISTANCE: r"(?:kΩ|MΩ|Ω|kohm|ohm)",
    Kind.ALTITUDE: r"(?:km|m)(?![\w²^])",
}
"""The unit words a value of each kind is written with (after :func:`plain`)."""

_SCALE = {"cm": Decimal(10), "km": Decimal(1000), "kΩ": Decimal(1000), "kohm": Decimal(1000)}
_SCALE |= {"MΩ": Decimal(1_000_000), "kV": Decimal(1000), "mV": Decimal("0.001")}
_CANONICAL = {"°C": "degC", "° C": "degC", "Ω": "ohm", "kΩ": "ohm", "MΩ": "ohm", "kohm": "ohm"}
_CANONICAL |= {"cm": "mm", "km": "m", "uA": "µA", "kV": "V", "mV": "V"}
"""Units written in the catalog's: a length in mm, a voltage in V, a resistance in ohm."""

_AC_DC = re.compile(r"(?<![A-Za-z])V?(AC|DC|UC)(?![A-Za-z])")
_PERCENT = re.compile(rf"({NUMBER})\s{{0,3}}%?{_SEP}({NUMBER})\s{{0,3}}%")
_PLUS_MINUS = re.compile(r"(?:±|\+/-|\+-)\s{0,3}(\d{1,9}(?:\.\d{1,9})?)\s{0,3}%")
_FACTOR = re.compile(rf"({NUMBER}){_SEP}({NUMBER})\s{{0,3}}[x×]\s{{0,3}}U_?N")
_AWG = re.compile(
    rf"AWG\s{{0,3}}(\d{{1,2}}){_SEP}(\d{{1,2}})|(\d{{1,2}}){_SEP}(\d{{1,2}})\s{{0,3}}AWG"
)


def decimal(text: str) -> Decimal:
    """A number as the sheet writes it ("+25", "0.08")."""
    return Decimal(text)


def written(number: Decimal) -> str:
    """A decimal as a data sheet prints it: "16.8", "2000", "-40" (no exponent, no
    trailing zeros)."""
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "+0") else text


def quantity(value: str, kind: Kind) -> tuple[Decimal, str, re.Match[str]] | None:
    """The first quantity of ``kind`` in ``value``: its number, its unit as the catalog
    writes it, and the match (whose end is where the text goes on)."""
    match = re.search(rf"(?<![\w.])({NUMBER})\s{{0,3}}({UNITS[kind]})", value)
    if match is None:
        return None
    number, unit = _scaled(decimal(match.group(1)), match.group(2))
    return number, unit, match


def span(value: str, kind: Kind) -> tuple[Decimal, Decimal, str, re.Match[str]] | None:
    """The first range of ``kind`` ("-40 ... 70 °C", "0.08 ... 2.5 mm²", "20 °C to 30
    °C"): both ends in one unit, and the match."""
    unit = UNITS[kind]
    match = re.search(
        rf"(?<![\w.])({NUMBER})\s{{0,3}}(?:{unit})?{_SEP}({NUMBER})\s{{0,3}}({unit})", value
    )
    if match is None:
        return None
    low, word = _scaled(decimal(match.group(1)), match.group(3))
    high, _ = _scaled(decimal(match.group(2)), match.group(3))
    return low, high, word, match


def _scaled(number: Decimal, unit: str) -> tuple[Decimal, str]:
    unit = unit.strip()
    core = re.sub(r"\s?(?:AC|DC|UC|rms)$", "", unit)
    return number * _SCALE.get(core, Decimal(1)), _CANONICAL.get(core, core)


def currents(value: str) -> list[str]:
    """The current types a value states: ["AC"], ["DC"] or ["AC", "DC"] (also for UC,
    universal current); [] when it states none."""
    found = {m.group(1) for m in _AC_DC.finditer(value)}
    if "UC" in found:
        found |= {"AC", "DC"}
    return [c for c in ("AC", "DC") if c in found]


def percent_span(value: str) -> tuple[Decimal, Decimal] | None:
    """A tolerance in % of the nominal: "-30 ... +25 %" or "±30 %"."""
    match = _PERCENT.search(value)
    if match is not None:
        return decimal(match.group(1)), decimal(match.group(2))
    symmetric = _PLUS_MINUS.search(value)
    if symmetric is not None:
        size = decimal(symmetric.group(1))
        return -size, size
    return None


def factor_span(value: str) -> tuple[Decimal, Decimal] | None:
    """A range in multiples of the nominal: "0.8 ... 1.1 x U_N"."""
    match = _FACTOR.search(value)
    return None if match is None else (decimal(match.group(1)), decimal(match.group(2)))


def awg_span(value: str) -> list[int] | None:
    """The AWG range beside a cross-section, thinnest first: "28 ... 14 AWG" is [28, 14]."""
    match = _AWG.search(value)
    if match is None:
        return None
    first, second = (int(g) for g in match.groups() if g is not None)
    return [max(first, second), min(first, second)]


def integer(value: str) -> int | None:
    """A whole number at the start of ``value`` ("2", "1 (one)")."""
    match = re.match(r"\s{0,3}(\d{1,6})(?![\d.])", value)
    return None if match is None else int(match.group(1))


def operations(value: str) -> int | None:
    """A count of operations: "50 x 10^3", "50 × 10^3", "5 x 10^4", "50000", "50 000"."""
    power = re.search(
        r"(\d{1,6}(?:\.\d{1,6})?)\s{0,3}[x×·]\s{0,3}10\s{0,3}\^\s{0,3}(\d{1,2})", value
    )
    if power is not None:
        count = decimal(power.group(1)) * Decimal(10) ** int(power.group(2))
        return int(count) if count == count.to_integral_value() else None
    plain = re.search(r"(?<![\d.])(\d{1,3}(?:[ ']\d{3}){1,4}|\d{1,12})(?![\d.])", value)
    return None if plain is None else int(re.sub(r"[ ']", "", plain.group(1)))


def checked(text: str, kind: Kind) -> str | None:
    """``text`` if the catalog accepts it as a quantity of ``kind``, else None."""
    try:
        parse_quantity(text, kind)
    except (QuantityError, InvalidOperation, ValueError):
        return None
    return text
