"""pydantic field types shared by the layout model and the catalog model.

Quantities are strings with a unit in both the layout files and the catalog TOML; these
annotated types run them through :func:`panelcheck.units.parse_quantity` so that a model
holds parsed :class:`~panelcheck.units.Quantity` values, while the generated JSON Schema
still says "a string with a unit" (that is what an editor should offer).

Errors are raised as ``PydanticCustomError`` so that the layout loader can show our own
one-line message ("unit required ...") rather than pydantic's generic wording.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, PlainValidator, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError, SchemaValidator, core_schema

from panelcheck.units import EXAMPLES, Kind, Quantity, QuantityError, parse_quantity

if TYPE_CHECKING:
    from pydantic.config import JsonDict
    from pydantic.fields import FieldInfo

__all__ = [
    "Altitude",
    "Area",
    "Current",
    "Duration",
    "Id",
    "Length",
    "NetName",
    "PartNumber",
    "Rate",
    "Resistance",
    "Subject",
    "Temperature",
    "TerminalName",
    "TerminalRef",
    "Title",
    "Voltage",
    "custom_error",
    "describe_character",
    "quantity_pattern",
    "refused_character",
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
    Kind.ALTITUDE: "height above sea level with its unit: '1500 m' or '1.5 km'",
    Kind.DURATION: "time with its unit: '40000 h'",
    Kind.RATE: "how often, per time: '2 /min', '120 /h' or '6 min^-1'",
}


# The words of the v2 fields that the layout and the catalog share (a rail's profile in
# a layout, the profiles a part mounts on in the catalog): here, so that neither model
# depends on the other.
Profile = Literal["35x7.5", "35x15", "15x5.5", "G32"]
"""The DIN rail profiles a layout may name (EN 60715): top-hat 35 x 7.5 and 35 x 15,
miniature 15 x 5.5, and the G-section rail."""
DEFAULT_PROFILE: Profile = "35x7.5"
LoadKind = Literal["resistive", "inductive", "lamp", "capacitive", "signal"]
Suppression = Literal["none", "diode", "diode_zener", "rc", "varistor", "tvs", "integrated"]
HazardousArea = Literal["zone 2", "class I division 2"]
OvervoltageCategory = Literal["I", "II", "III", "IV"]
EmcEnvironment = Literal["industrial", "residential"]


def custom_error(kind: str, message: str) -> PydanticCustomError:
    """A pydantic error carrying our message verbatim.

    pydantic formats ``message_template`` with ``str.format``-style placeholders, so
    braces in user text (which we quote back in messages) are escaped first.
    """
    return PydanticCustomError(kind, message.replace("{", "{{").replace("}", "}}"))


# The shape of a quantity for the JSON Schema's ``pattern``: what an editor can check
# as the designer types, so that "0.75" (no unit) or "forty" is underlined at once.
# It is a superset of what panelcheck.units.parse_quantity accepts, never a subset: an
# editor must not flag a value the checker takes (tests/test_schema.py holds the two
# together with the parser's own spellings and with generated text), while the checker
# stays the authority on the unit itself (a pint unit of the right dimension, which no
# pattern can list). The dialect is the common ground of ECMA-262 (editors) and Python's
# re (the jsonschema library): no inline flags, no \p{...}. The parser strips Python's
# whitespace, which has the separators U+001C-U+001F and U+0085 that ECMA's \s lacks.
_WS = r"[\s\x1c-\x1f\x85]"
_NUMBER = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?"
_AC_DC = "(?:[Aa][Cc]|[Dd][Cc])"
# A unit starts with no digit, sign or point (else it is part of the number), is not AC
# or DC alone ("24 DC" has no unit, as the parser says) and is not the rest of a number's
# exponent ("1e3"; no unit the parser takes begins with an e and a digit or sign).
_UNIT = rf"(?!{_AC_DC}{_WS}*$|[eE][+-]?[0-9])[^\s0-9.,+\-]\S*"
_GAUGE = r"(?:0{1,4}|[1-9][0-9]?|[1-4]/0)"
_AWG = "[Aa][Ww][Gg]"


def quantity_pattern(kind: Kind) -> str:
    """The JSON Schema ``pattern`` of a quantity of ``kind``: a number followed by a
    unit, AC or DC before or after a voltage, and the AWG sizes for a cross-section."""
    if kind is Kind.VOLTAGE:
        shape = rf"(?:{_AC_DC}{_WS}*)?{_NUMBER}{_WS}*{_UNIT}(?:{_WS}*{_AC_DC})?"
    else:
        shape = rf"{_NUMBER}{_WS}*{_UNIT}"
    if kind is Kind.AREA:
        shape = rf"{shape}|{_AWG}{_WS}*{_GAUGE}|{_GAUGE}{_WS}*{_AWG}"
    return rf"^{_WS}*(?:{shape}){_WS}*$"


def _spelling(hint: str) -> Callable[[JsonDict], None]:
    """Adds how a quantity is written to the description of the field holding it.

    A field's own ``description`` (what the value is: "usable mounting depth...")
    replaces its type's in pydantic's JSON Schema; this runs after that, only when the
    schema is generated, so an editor shows both what to write and how to write it.
    """

    def add(schema: JsonDict) -> None:
        said = schema.get("description")
        if not isinstance(said, str):
            schema["description"] = hint
        elif hint not in said:
            schema["description"] = f"{said}; {hint}"

    return add


def _quantity(kind: Kind) -> tuple[PlainValidator, WithJsonSchema, FieldInfo]:
    """The metadata that makes ``Annotated[Quantity, ...]`` a quantity of ``kind``."""
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

    schema = {
        "type": "string",
        "description": _DESCRIPTIONS[kind],
        "pattern": quantity_pattern(kind),
        "examples": [EXAMPLES[kind]],
    }
    spelling = Field(json_schema_extra=_spelling(_DESCRIPTIONS[kind]))
    return PlainValidator(validate), WithJsonSchema(schema), spelling


Area = Annotated[Quantity, *_quantity(Kind.AREA)]
Current = Annotated[Quantity, *_quantity(Kind.CURRENT)]
Voltage = Annotated[Quantity, *_quantity(Kind.VOLTAGE)]
Temperature = Annotated[Quantity, *_quantity(Kind.TEMPERATURE)]
Length = Annotated[Quantity, *_quantity(Kind.LENGTH)]
Resistance = Annotated[Quantity, *_quantity(Kind.RESISTANCE)]
Altitude = Annotated[Quantity, *_quantity(Kind.ALTITUDE)]
Duration = Annotated[Quantity, *_quantity(Kind.DURATION)]
Rate = Annotated[Quantity, *_quantity(Kind.RATE)]

# What may not appear in an id or a name, as a class for pydantic-core's regex engine
# (Rust): these patterns run inside pydantic's compiled validation, so a valid file pays
# no Python call for them (see refused_character for the reasoning and the choice).
REFUSED_CLASS = r"\p{Cc}\p{Cf}\p{Cn}\u2028\u2029"
# The same for the JSON Schema, whose regex dialect (ECMA-262, and Python's re in
# jsonschema) has no \p{...}: the C0/C1 controls, the line and paragraph separators and
# the common invisible format characters (soft hyphen, zero-width and bidi controls, word
# joiners, BOM) and noncharacters. A subset of REFUSED_CLASS, so an editor never flags
# what the checker accepts; the checker stays the authority on the rest.
SCHEMA_REFUSED_CLASS = (
    r"\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    r"\ufeff\ufff9-\ufffb\ufffe\uffff"
)

# Ids are device tags (IEC 81346 style "-K1", "=A1+B2-K3" are fine). A colon would make
# "MODULE:TERMINAL" references ambiguous and whitespace is almost always a typo. These are
# checked by pydantic's own (compiled) pattern matching, and schema_errors turns its
# generic "should match pattern" into the messages below. The length is a separate
# max_length rather than {1,100} in the pattern: a bounded repeat of a Unicode class as
# large as \p{Cn} compiles to a hundred copies of it (tens of ms at every start, and
# slower matching), while "+" keeps the automaton small.
ID_MAX_LENGTH = 100
ID_PATTERN = rf"^[^\s:{REFUSED_CLASS}]+$"
TERMINAL_REF_MAX_LENGTH = 2 * ID_MAX_LENGTH + 1
TERMINAL_REF_PATTERN = rf"^[^\s:{REFUSED_CLASS}]+:[^\s:{REFUSED_CLASS}]+$"
ID_MESSAGE = "is not a valid id: 1 to 100 characters without spaces or ':', like 'K1' or '-X1'"
TERMINAL_REF_MESSAGE = "is not a terminal reference: expected MODULE:TERMINAL, like 'K1:A1'"
ID_FIELDS = ("id", "from")
"""Keys whose value is an :data:`Id` (for messages about a value too long)."""
TERMINAL_REF_FIELDS = ("terminal", "feed")
"""Keys whose value is a :data:`TerminalRef`."""

_SCHEMA_ID = rf"[^\s:{SCHEMA_REFUSED_CLASS}]{{1,{ID_MAX_LENGTH}}}"

Id = Annotated[
    str,
    StringConstraints(max_length=ID_MAX_LENGTH, pattern=ID_PATTERN),
    WithJsonSchema({"type": "string", "pattern": f"^{_SCHEMA_ID}$", "examples": ["K1"]}),
]
# Each side of the colon is bounded by the total only: a module side longer than any id
# names no module, which the graph reports as an unresolved reference (the JSON Schema
# keeps the stricter 100 a side).
TerminalRef = Annotated[
    str,
    StringConstraints(max_length=TERMINAL_REF_MAX_LENGTH, pattern=TERMINAL_REF_PATTERN),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": f"^{_SCHEMA_ID}:{_SCHEMA_ID}$",
            "description": "MODULE:TERMINAL",
            "examples": ["K1:A1"],
        }
    ),
]

CLEAN_PATTERN = rf"^[^{REFUSED_CLASS}]*$"
"""A string without refused characters (terminal names, the panel's name, subjects)."""
_SCHEMA_CLEAN = rf"^[^{SCHEMA_REFUSED_CLASS}]*$"


def _clean(
    min_length: int, max_length: int, example: str | None = None
) -> tuple[StringConstraints, WithJsonSchema]:
    """The metadata of ``Annotated[str, ...]`` for a string without refused characters."""
    schema: dict[str, Any] = {"type": "string", "pattern": _SCHEMA_CLEAN, "maxLength": max_length}
    if min_length:
        schema["minLength"] = min_length
    if example is not None:
        schema["examples"] = [example]
    return (
        StringConstraints(min_length=min_length, max_length=max_length, pattern=CLEAN_PATTERN),
        WithJsonSchema(schema),
    )


TerminalName = Annotated[str, *_clean(1, 20, "A1")]
Title = Annotated[str, *_clean(0, 200)]
"""A free name that is drawn or reported verbatim (the panel's name titles the drawing)."""
Subject = Annotated[str, *_clean(1, 200)]
"""What a waiver names: an id, a net, a terminal or a JSON Pointer."""

VISIBLE_PATTERN = rf"^[^{REFUSED_CLASS}]*[^\s{REFUSED_CLASS}][^{REFUSED_CLASS}]*$"
"""A name needs one visible character ("  " is not a net or a part number) and no
refused character; schema_errors tells the two apart for its message."""
_SCHEMA_VISIBLE = (
    rf"^[^{SCHEMA_REFUSED_CLASS}]*[^\s{SCHEMA_REFUSED_CLASS}][^{SCHEMA_REFUSED_CLASS}]*$"
)


def _name(example: str) -> tuple[StringConstraints, WithJsonSchema]:
    """The metadata of ``Annotated[str, ...]`` for a name (see VISIBLE_PATTERN)."""
    schema = {"type": "string", "minLength": 1, "maxLength": 200, "pattern": _SCHEMA_VISIBLE}
    return (
        StringConstraints(min_length=1, max_length=200, pattern=VISIBLE_PATTERN),
        WithJsonSchema({**schema, "examples": [example]}),
    )


NetName = Annotated[str, *_name("+24V")]
PartNumber = Annotated[str, *_name("859-390")]

REFUSED_PATTERNS = frozenset({ID_PATTERN, TERMINAL_REF_PATTERN, CLEAN_PATTERN, VISIBLE_PATTERN})
"""Every pattern that refuses the characters of REFUSED_CLASS."""

_KINDS = {
    "Cc": "control character",
    "Cf": "invisible format character",
    "Cs": "surrogate",
    "Zl": "line separator",
    "Zp": "paragraph separator",
}


@cache
def _one_character() -> SchemaValidator:
    return SchemaValidator(core_schema.str_schema(pattern=CLEAN_PATTERN))


def refused_character(text: str) -> str | None:
    """The first character of ``text`` that an id or a name may not hold, or None.

    Refused, because they make a name that cannot be shown or trusted:

    * control characters (Unicode category Cc: C0, DEL, C1, which includes tab and
      newline): they break one-line messages and are not allowed in XML 1.0, so an id
      holding one made ``panelcheck render`` and the GraphML export write invalid files;
    * format characters (Cf: bidi controls, zero-width spaces and joiners, soft hyphen,
      BOM): they are invisible, so "K1" and "K1" plus a zero-width space would be two
      modules that print alike, and bidi controls make text read in another order than
      it is stored (the "Trojan Source" trick), in a tool that reviews untrusted pull
      requests;
    * surrogates (Cs): half of a UTF-16 pair, not a character (a JSON ``"\\ud800"``
      escape without its partner); they cannot even be written out as UTF-8;
    * unassigned code points (Cn, which includes the noncharacters U+FFFE, U+FFFF,
      U+FDD0...): no glyph, no meaning yet, and some are invalid in XML;
    * the line and paragraph separators U+2028 and U+2029, which are line breaks.

    Private-use characters (Co) are allowed: they are assigned for a vendor's or a
    plant's own symbols (a symbol font in the CAD tool), are valid XML and do not change
    how the text around them reads. Names may hold spaces; ids, as before, may not.

    "Unassigned" is as the validator's regex engine (pydantic-core's) knows Unicode,
    which may be a newer version than this Python's ``unicodedata``; so the character
    is looked for with that same engine, one character at a time, and a message always
    names the character the validator refused. Only called for a value that already
    failed validation, so its cost is no concern: a valid file never reaches it.
    """
    if text.isascii() and text.isprintable():  # the common case, exactly: no Cc in it
        return None
    accepts = _one_character().isinstance_python
    for char in text:
        if not accepts(char):  # a lone surrogate is refused as well: not a str to Rust
            return char
    return None


def describe_character(char: str) -> str:
    """``the control character U+0001``: a refused character named by its code point,
    so that the message itself stays printable."""
    kind = _KINDS.get(unicodedata.category(char), "unassigned code point")
    return f"the {kind} U+{ord(char):04X}"
