"""pydantic field types shared by the layout model and the catalog model.

Quantities are strings with a unit in both the layout files and the catalog TOML; these
annotated types run them through :func:`panelcheck.units.parse_quantity` so that a model
holds parsed :class:`~panelcheck.units.Quantity` values, while the generated JSON Schema
still says "a string with a unit" (that is what an editor should offer).

Errors are raised as ``PydanticCustomError`` so that the layout loader can show our own
one-line message ("unit required ...") rather than pydantic's generic wording.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import PlainValidator, WithJsonSchema
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
    def validate(value: object) -> Quantity:
        try:
            return parse_quantity(value, kind)
        except QuantityError as exc:
            raise custom_error("quantity", str(exc)) from None

    schema = {"type": "string", "description": _DESCRIPTIONS[kind], "examples": [EXAMPLES[kind]]}
    return Annotated[Quantity, PlainValidator(validate), WithJsonSchema(schema)]


Area = _quantity(Kind.AREA)
Current = _quantity(Kind.CURRENT)
Voltage = _quantity(Kind.VOLTAGE)
Temperature = _quantity(Kind.TEMPERATURE)
Length = _quantity(Kind.LENGTH)
Resistance = _quantity(Kind.RESISTANCE)

# Ids are device tags (IEC 81346 style "-K1", "=A1+B2-K3" are fine). A colon would make
# "MODULE:TERMINAL" references ambiguous and whitespace is almost always a typo.
_ID = re.compile(r"[^\s:]{1,100}")
_TERMINAL_REF = re.compile(r"([^\s:]{1,100}):([^\s:]{1,100})")
_MAX_NAME = 200


def _text(what: str, example: str) -> Any:
    def validate(value: object) -> str:
        if not isinstance(value, str):
            raise custom_error("text", f"{what} must be a string, like '{example}'")
        if not value.strip() or len(value) > _MAX_NAME:
            raise custom_error(
                "text", f"{what} must be 1 to {_MAX_NAME} characters, like '{example}'"
            )
        return value

    schema = {"type": "string", "minLength": 1, "maxLength": _MAX_NAME, "examples": [example]}
    return Annotated[str, PlainValidator(validate), WithJsonSchema(schema)]


def _validate_id(value: object) -> str:
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise custom_error(
            "id",
            f"{value!r} is not a valid id: 1 to 100 characters without spaces or ':', "
            "like 'K1' or '-X1'",
        )
    return value


def _validate_terminal_ref(value: object) -> str:
    if not isinstance(value, str) or not _TERMINAL_REF.fullmatch(value):
        raise custom_error(
            "terminal_ref",
            f"{value!r} is not a terminal reference: expected MODULE:TERMINAL, like 'K1:A1'",
        )
    return value


Id = Annotated[
    str,
    PlainValidator(_validate_id),
    WithJsonSchema({"type": "string", "pattern": r"^[^\s:]{1,100}$", "examples": ["K1"]}),
]
TerminalRef = Annotated[
    str,
    PlainValidator(_validate_terminal_ref),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^[^\s:]{1,100}:[^\s:]{1,100}$",
            "description": "MODULE:TERMINAL",
            "examples": ["K1:A1"],
        }
    ),
]
NetName = _text("a net name", "+24V")
PartNumber = _text("a part number", "859-390")
