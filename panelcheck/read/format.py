"""Layout format 1 (SPEC section 2) as typed dictionaries, validated by pydantic.

These types are the single description of the file format: the loader validates with
them and ``panelcheck schema`` prints the JSON Schema generated from them, so the
editor's completion and the checker can never disagree.

They are ``TypedDict``s rather than pydantic models on purpose: validating into plain
dictionaries is about three times faster than building a model instance per object,
which matters for a 20,000-module panel, and the graph builder reads each value once
anyway. Quantities come out parsed (:class:`~panelcheck.units.Quantity`).

Every id and every name (net names, terminal names, part numbers, the panel's name,
a waiver's subject) refuses control, format, surrogate and unassigned characters (see
:func:`panelcheck.read.fieldtypes.refused_character`): they are drawn into SVG and GraphML,
which cannot hold them, and quoted in one-line findings. Free text (a waiver's reason)
and ``x-`` values are not drawn and keep any character but a surrogate (which no
string may hold); reports escape them.

Unknown keys are errors (they are usually typos: ``"colour"`` for a key we do not
have), except keys starting with ``x-``, which are left for the user's own tooling. They
are removed before validation only when a file has any (see :func:`validate`), so files
without them pay nothing for the feature.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable
from functools import cache
from typing import Annotated, Any, Literal, NotRequired, TypeVar

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
)
from pydantic_core import SchemaValidator
from typing_extensions import TypedDict

from panelcheck.read.fieldtypes import (
    VISIBLE_PATTERN,
    Altitude,
    Area,
    Current,
    Duration,
    EmcEnvironment,
    HazardousArea,
    Id,
    Length,
    LoadKind,
    NetName,
    OvervoltageCategory,
    PartNumber,
    Rate,
    Resistance,
    Subject,
    Suppression,
    Temperature,
    TerminalName,
    TerminalRef,
    Title,
    Voltage,
    custom_error,
)
from panelcheck.read.limits import MAX_ITEMS, MAX_STRING

FORMAT = "panelcheck/1"
ITEM_TYPES = ("module", "end_plate", "end_stop", "device")

_COUNT = Field(max_length=MAX_ITEMS)
"""Every list and map of the format is bounded (see panelcheck.read.limits)."""

_KEYS_BY_PATTERN = Field(json_schema_extra={"additionalProperties": False})
"""For a map keyed by names: pydantic puts the name pattern in ``patternProperties``,
which alone would leave a key that breaks it unchecked in the JSON Schema; refusing
other keys makes the editor flag such a key, as the checker does."""

_STRICT = ConfigDict(extra="forbid", json_schema_extra={"patternProperties": {"^x-": {}}})


_T = TypeVar("_T", bound=type)


def with_config(config: ConfigDict) -> Callable[[_T], _T]:
    """Attach a pydantic config the cheap way (pydantic's own decorator costs about a
    millisecond per class at start-up, which every run pays)."""

    def attach(cls: _T) -> _T:
        cls.__pydantic_config__ = config  # type: ignore[attr-defined]  # pydantic's own attribute
        return cls

    return attach


def _not_a_boolean(value: object) -> object:
    """JSON ``true`` is a Python 1: refused where a number is meant."""
    if isinstance(value, bool):
        raise custom_error(
            "literal", f"{'true' if value else 'false'} is not allowed; expected 1, 2, 3 or 4"
        )
    return value


ApprovalMark = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200, pattern=VISIBLE_PATTERN),
    WithJsonSchema(
        {"type": "string", "minLength": 1, "maxLength": 200, "examples": ["UL 508", "DNV"]}
    ),
]


@with_config(_STRICT)
class Panel(TypedDict, total=False):
    """The enclosure as a whole: its name, and the conditions every module must suit."""

    name: Title
    ambient: Annotated[Temperature, Field(description="air temperature inside the enclosure")]
    altitude: Annotated[
        Altitude, Field(description="installation altitude above sea level (ENV001)")
    ]
    depth: Annotated[
        Length,
        Field(
            description="usable mounting depth, from the mounting plate to the inside of "
            "the closed door or cover (MEC002)"
        ),
    ]
    condensation: Annotated[
        bool, Strict(), Field(description="whether condensation can occur inside (ENV002)")
    ]
    pollution_degree: Annotated[
        Literal[1, 2, 3, 4],
        BeforeValidator(_not_a_boolean),
        Field(description="pollution degree of the installation, IEC 60664-1 (ENV003)"),
    ]
    overvoltage_category: Annotated[
        OvervoltageCategory,
        Field(description="overvoltage category of the installation, IEC 60664-1 (ENV004)"),
    ]
    emc_environment: Annotated[
        EmcEnvironment,
        Field(
            description="EMC environment; residential includes commercial and light "
            "industry (ENV005)"
        ),
    ]
    approvals: Annotated[
        list[ApprovalMark],
        Field(
            description="approval marks every module must carry, compared "
            "case-insensitively; the marks the catalog's parts carry (APR001)",
            max_length=100,
        ),
    ]
    hazardous_area: Annotated[
        HazardousArea,
        Field(description="the hazardous area the panel is installed in (APR002)"),
    ]
    operating_time: Annotated[
        Duration,
        Field(
            description="the panel's running time over its service life, for the "
            "electrical-life estimate (ELE010)"
        ),
    ]


@with_config(_STRICT)
class Net(TypedDict):
    """A potential: its voltage against the circuit's reference, and where it is fed."""

    voltage: Voltage
    feed: NotRequired[
        Annotated[
            TerminalRef,
            Field(
                description="terminal where the supply enters the net; without it the "
                "current model assumes the worst case"
            ),
        ]
    ]


@with_config(_STRICT)
class ModuleItem(TypedDict):
    """A module on the rail (relay, solid-state relay, isolation amplifier...)."""

    type: Literal["module"]
    id: Id
    part: PartNumber
    terminals: NotRequired[
        Annotated[
            dict[TerminalName, NetName],
            Field(description="terminal name -> net name", max_length=200),
            _KEYS_BY_PATTERN,
        ]
    ]


@with_config(_STRICT)
class EndPlateItem(TypedDict):
    """An end or intermediate plate closing a module's open housing side."""

    type: Literal["end_plate"]
    part: PartNumber
    id: NotRequired[Id]


@with_config(_STRICT)
class EndStopItem(TypedDict):
    """A screwless end stop holding the row on the rail."""

    type: Literal["end_stop"]
    part: PartNumber
    id: NotRequired[Id]


@with_config(_STRICT)
class DeviceItem(TypedDict):
    """Something on the rail that panelcheck does not check: a power supply, a circuit
    breaker, a PLC. It takes rail length, interrupts jumper bars and rows, does not
    close a module's open housing side, and is drawn and listed; wires, loads and feeds
    may land on the terminals it maps (they are not judged there)."""

    type: Literal["device"]
    id: Id
    width: Annotated[Length, Field(description="the width it takes on the rail")]
    description: NotRequired[Annotated[Title, Field(description="what it is, for the drawing")]]
    part: NotRequired[
        Annotated[
            Title,
            Field(description="its part number, listed in the bill of materials, never looked up"),
        ]
    ]
    terminals: NotRequired[
        Annotated[
            dict[TerminalName, NetName],
            Field(
                description="terminal name -> net name, so that wires, loads and feeds can land",
                max_length=200,
            ),
            _KEYS_BY_PATTERN,
        ]
    ]


Item = Annotated[ModuleItem | EndPlateItem | EndStopItem | DeviceItem, Field(discriminator="type")]

# The functional form, for the key "from"; assigned directly, as type checkers need.
Jumper = TypedDict(
    "Jumper",
    {
        "id": Id,
        "part": PartNumber,
        "slot": Annotated[
            TerminalName, Field(description="terminal name whose jumper slot it sits in")
        ],
        "from": Annotated[Id, Field(description="id of the first module it covers")],
    },
)
with_config(_STRICT)(Jumper)
Jumper.__doc__ = "A push-in jumper bar: N ways, covering 'from' and the N-1 items after it."


@with_config(_STRICT)
class Rail(TypedDict):
    """A DIN rail with its items in mounting order, left to right seen from the front."""

    id: Id
    length: Length
    profile: NotRequired[
        Annotated[
            Literal["35x7.5", "35x15", "15x5.5", "G32"],
            Field(
                description="the rail's profile (EN 60715); 35 x 7.5 when absent (MEC002, MEC003)"
            ),
        ]
    ]
    items: NotRequired[Annotated[list[Item], _COUNT]]
    jumpers: NotRequired[Annotated[list[Jumper], _COUNT]]


@with_config(_STRICT)
class Wire(TypedDict):
    """A conductor landing in one clamping point."""

    id: Id
    terminal: TerminalRef
    cross_section: Area
    conductor: Literal["solid", "stranded", "fine_stranded"]
    ferrule: NotRequired[PartNumber]
    strip_length: NotRequired[Length]
    insulation_rating: NotRequired[
        Annotated[
            Temperature,
            Field(description="the permitted conductor temperature of its insulation (WIR009)"),
        ]
    ]


@with_config(_STRICT)
class _Load(TypedDict):
    """A consumer outside the rail connected at a terminal."""

    id: Id
    terminal: TerminalRef
    current: NotRequired[Current]
    impedance: NotRequired[Resistance]
    kind: NotRequired[
        Annotated[
            LoadKind,
            Field(
                description="what the load is: inductive for coils of contactors, valves, "
                "relays and brakes, capacitive for power supplies and LED drivers, signal "
                "for an electronic input; unknown when absent, and then judged as inductive "
                "wherever a rating depends on it"
            ),
        ]
    ]
    suppression: NotRequired[
        Annotated[
            Suppression,
            Field(description="the protection circuit across an inductive load (ELE007)"),
        ]
    ]
    inrush_current: NotRequired[
        Annotated[Current, Field(description="the peak current at switch-on (ELE008)")]
    ]
    switching_rate: NotRequired[
        Annotated[
            Rate, Field(description="how often the contact switches this load (ELE009, ELE010)")
        ]
    ]


def _needs_current_or_impedance(load: _Load) -> _Load:
    if "current" not in load and "impedance" not in load:
        raise custom_error("load", "a load needs 'current' or 'impedance' (or both)")
    return load


Load = Annotated[_Load, AfterValidator(_needs_current_or_impedance)]


@with_config(_STRICT)
class Waiver(TypedDict):
    """An accepted finding: reported as waived, not counted."""

    rule: Annotated[str, Field(pattern=r"^[A-Z]{3}[0-9]{3}$", examples=["IPX003"])]
    subject: Subject
    reason: NotRequired[
        Annotated[
            str | None,
            Field(description="why the finding is accepted (required)", max_length=MAX_STRING),
        ]
    ]
    expires: NotRequired[
        Annotated[datetime.date, Field(description="ISO date after which it lapses")]
    ]


Layout = TypedDict(
    "Layout",
    {
        "$schema": NotRequired[
            Annotated[str, Field(description="JSON Schema for editors; ignored", max_length=2000)]
        ],
        "format": Literal["panelcheck/1"],
        "panel": NotRequired[Panel],
        "nets": NotRequired[Annotated[dict[NetName, Net], _COUNT, _KEYS_BY_PATTERN]],
        "rails": NotRequired[Annotated[list[Rail], _COUNT]],
        "wires": NotRequired[Annotated[list[Wire], _COUNT]],
        "loads": NotRequired[Annotated[list[Load], _COUNT]],
        "waivers": NotRequired[Annotated[list[Waiver], _COUNT]],
    },
)
with_config(ConfigDict(title="panelcheck layout, format 1", **_STRICT))(Layout)
Layout.__doc__ = "A panelcheck layout file, format 1."


@cache
def adapter() -> TypeAdapter[Layout]:
    """The validator of format 1, built on first use (it costs a few tens of ms)."""
    return TypeAdapter(Layout)


@cache
def _fail_fast() -> SchemaValidator:
    """The same validator, stopping each list and object at its first error.

    pydantic otherwise reports every error, and a hostile file of a few megabytes
    (a list of a million empty objects, each missing four keys) would become millions
    of errors and gigabytes of memory. Made from the same core schema, so it accepts
    and returns exactly what :func:`adapter` does.
    """
    schema = copy.deepcopy(adapter().core_schema)
    stack: list[object] = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("type") in ("list", "dict"):
                node["fail_fast"] = True
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return SchemaValidator(schema)


def validate(data: object) -> dict[str, Any]:
    """The validated layout (pydantic's ValidationError when it is not format 1)."""
    return validate_extended(data)[0]


def validate_extended(data: object, every_error: bool = False) -> tuple[dict[str, Any], bool]:
    """The validated layout, and whether the file had ``x-`` keys (pydantic's
    ValidationError when it is not format 1).

    By default each list and object stops at its first error (see :func:`_fail_fast`);
    with ``every_error`` all errors are collected, for a file small enough to afford it.
    ``x-`` keys are removed first, but only from the objects of the format (a net may
    well be called ``x-ray``) and only when the file has any.
    """
    validator = adapter().validator if every_error else _fail_fast()
    try:
        return validator.validate_python(data), False
    except ValidationError as exc:
        if not _mentions_extension_keys(exc):
            raise
    return validator.validate_python(without_extension_keys(data)), True


def _mentions_extension_keys(exc: ValidationError) -> bool:
    return any(
        e["type"] == "extra_forbidden" and str(e["loc"][-1]).startswith("x-") for e in exc.errors()
    )


def _strip(obj: object) -> object:
    if not isinstance(obj, dict):
        return obj
    return {k: v for k, v in obj.items() if not (isinstance(k, str) and k.startswith("x-"))}


def _strip_each(items: object, inner: Callable[[object], object] | None = None) -> object:
    if not isinstance(items, list):
        return items
    stripped = [_strip(item) for item in items]
    return [inner(item) if inner else item for item in stripped]


def _strip_rail(rail: object) -> object:
    rail = _strip(rail)
    if isinstance(rail, dict):
        for key in ("items", "jumpers"):
            if key in rail:
                rail[key] = _strip_each(rail[key])
    return rail


def without_extension_keys(data: object) -> object:
    """A copy of a layout without ``x-`` keys in the objects of the format."""
    data = _strip(data)
    if not isinstance(data, dict):
        return data
    if "panel" in data:
        data["panel"] = _strip(data["panel"])
    if isinstance(data.get("nets"), dict):
        data["nets"] = {name: _strip(net) for name, net in data["nets"].items()}
    if "rails" in data:
        data["rails"] = _strip_each(data["rails"], _strip_rail)
    for key in ("wires", "loads", "waivers"):
        if key in data:
            data[key] = _strip_each(data[key])
    return data


def json_schema() -> dict[str, Any]:
    """The JSON Schema of format 1, as ``panelcheck schema`` prints it."""
    schema = adapter().json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
