"""pydantic field types shared by the layout model and the catalog model.

Quantities are strings with a unit in both the layout files and the catalog TOML; these
annotated types run them through :func:`panelcheck.units.parse_quantity` so that a model
holds parsed :class:`~panelcheck.units.Quantity` values, while the generated JSON Schema
still says "a string with a unit" (that is what an editor should offer).

Errors are raised as ``PydanticCustomError`` so that the layout loader can show our own
one-line message ("unit required ...") rather than pydantic's generic wording.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import PlainValidator, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

from panelcheck.units import EXAMPLES, Kind, Quantity, QuantityError, parse_quantity

__all__ = [
    "Area",
    "Current",
    "Id",
    "Length",
    "NetName",
    "PartNumber",
    "Resistance",
    "Temperature",
    "TerminalName",
    "TerminalRef",
    "Voltage",
    "custom_error",
]

_DESCRIPTIONS = {
    Kind.AREA: "cross-section with its unit: '0.75 mm^2', '0.75 mm²', '0.75 mm2', '18 AWG' "
    "or 'AWG 18'",
    Kind.CURRENT: "current with its unit: '50 mA' or '0.05 A'",
    Kind.VOLTAGE: "voltage with its unit and optional AC/DC (DC when omitted): '24 V DC', "
    "'24 VDC', '230 V AC', '230VAC'",
    Kind.TEMPERATURE: "temperature with its unit: '40 degC' or '40 °C'",
    Kind.LENGTH: "length with its unit: '300 mm'",
    Kind.RESISTANCE: "resistance with its unit: '500 ohm' or '500 Ω'",
}


def custom_error(kind: str, message: str) -> PydanticCustomError:
    """A pydantic error carrying our message verbatim.

    pydantic formats ``message_template`` with ``str.format``-style placeholders, so
    braces in user text (which we quote back in messages) are escaped first.
    """
    return PydanticCustomError(kind, message.replace("{", "{{").replace("}", "}}"))


def _quantity(kind: Kind) -> Any:
    # One Python call per quantity in the file; a dictionary of what was already parsed
    # keeps it cheap, since a panel repeats the same few strings thousands of times.
    seen: dict[str, Quantity] = {}

    def validate(value: object) -> Quantity:
        if isinstance(value, str):
            known = seen.get(value)
            if known is not None:
                return known
        try:
            parsed = parse_quantity(value, kind)
        except QuantityError as exc:
            raise custom_error("quantity", str(exc)) from None
        if isinstance(value, str) and len(seen) < 4096:
            seen[value] = parsed
        return parsed

    schema = {"type": "string", "description": _DESCRIPTIONS[kind], "examples": [EXAMPLES[kind]]}
    return Annotated[Quantity, PlainValidator(validate), WithJsonSchema(schema)]


Area = _quantity(Kind.AREA)
Current = _quantity(Kind.CURRENT)
Voltage = _quantity(Kind.VOLTAGE)
Temperature = _quantity(Kind.TEMPERATURE)
Length = _quantity(Kind.LENGTH)
Resistance = _quantity(Kind.RESISTANCE)

# Ids are device tags (IEC 81346 style "-K1", "=A1+B2-K3" are fine). A colon would make
# "MODULE:TERMINAL" references ambiguous and whitespace is almost always a typo. These are
# checked by pydantic's own (compiled) pattern matching, and schema_errors turns its
# generic "should match pattern" into the messages below.
ID_PATTERN = r"^[^\s:]{1,100}$"
TERMINAL_REF_PATTERN = r"^[^\s:]{1,100}:[^\s:]{1,100}$"
ID_MESSAGE = "is not a valid id: 1 to 100 characters without spaces or ':', like 'K1' or '-X1'"
TERMINAL_REF_MESSAGE = "is not a terminal reference: expected MODULE:TERMINAL, like 'K1:A1'"

Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN),
    WithJsonSchema({"type": "string", "pattern": ID_PATTERN, "examples": ["K1"]}),
]
TerminalRef = Annotated[
    str,
    StringConstraints(pattern=TERMINAL_REF_PATTERN),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": TERMINAL_REF_PATTERN,
            "description": "MODULE:TERMINAL",
            "examples": ["K1:A1"],
        }
    ),
]
TerminalName = Annotated[str, StringConstraints(min_length=1, max_length=20)]
VISIBLE_PATTERN = r"\S"
"""A name needs one visible character: "  " is not a net or a part number."""


def _name(example: str) -> Any:
    schema = {"type": "string", "minLength": 1, "maxLength": 200, "pattern": VISIBLE_PATTERN}
    return Annotated[
        str,
        StringConstraints(min_length=1, max_length=200, pattern=VISIBLE_PATTERN),
        WithJsonSchema({**schema, "examples": [example]}),
    ]


NetName = _name("+24V")
PartNumber = _name("859-390")
