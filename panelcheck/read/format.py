"""Layout format 1 (SPEC section 2) as typed dictionaries, validated by pydantic.

These types are the single description of the file format: the loader validates with
them and ``panelcheck schema`` prints the JSON Schema generated from them, so the
editor's completion and the checker can never disagree. For the editor, every property
carries a description in a designer's words, every catalog part number the shipped parts
of its kind as examples (read from the catalog only when the schema is generated, see
:func:`json_schema`), and every quantity a pattern that refuses a bare number (see
:func:`panelcheck.read.fieldtypes.quantity_pattern`).

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
from typing import TYPE_CHECKING, Annotated, Any, Literal, NotRequired, TypeVar

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

if TYPE_CHECKING:
    from pydantic.config import JsonDict, JsonValue

FORMAT = "panelcheck/1"
ITEM_TYPES = ("module", "end_plate", "end_stop", "device")

_COUNT = Field(max_length=MAX_ITEMS)
"""Every list and map of the format is bounded (see panelcheck.read.limits)."""

_KEYS_BY_PATTERN = Field(json_schema_extra={"additionalProperties": False})
"""For a map keyed by names: pydantic puts the name pattern in ``patternProperties``,
which alone would leave a key that breaks it unchecked in the JSON Schema; refusing
other keys makes the editor flag such a key, as the checker does."""

_STRICT = ConfigDict(extra="forbid", json_schema_extra={"patternProperties": {"^x-": {}}})

SCHEMA_ID = "https://panelcheck.invalid/schema/layout-1.json"
"""The ``$id`` of the JSON Schema: a name for format 1's schema, not an address.

A schema's ``$id`` is an absolute URI that identifies it (and is the base its ``$ref``s
resolve against); it need not be downloadable. panelcheck has no web site of its own,
and a URL on a host we do not control could one day serve something else, so the name
is under ``.invalid``, the top-level domain reserved never to resolve (RFC 2606, RFC
6761): it stays the same for every release that reads format 1, and nobody is sent to
fetch it. Editors find the schema through the layout's ``"$schema"`` path, which is
where the file printed by ``panelcheck schema`` is saved."""


@cache
def _shipped_numbers() -> dict[str, list[str]]:
    """The shipped catalog's part numbers by kind (module, jumper, end_plate, end_stop,
    ferrule), in number order.

    Loaded only when the JSON Schema is generated: the catalog costs tens of
    milliseconds to read and validate, which a run that checks files pays once when it
    needs the parts and ``--help`` or a schema error should not pay at all.
    """
    from panelcheck.catalog import load_catalog

    numbers: dict[str, list[str]] = {}
    for part in load_catalog():
        numbers.setdefault(part.kind, []).append(part.number)
    return numbers


def _shipped(kind: str) -> Callable[[JsonDict], None]:
    """A ``json_schema_extra`` that offers the shipped parts of ``kind`` as ``examples``.

    Examples, not an ``enum``: a user's catalog (``--catalog DIR``) adds parts the
    schema cannot know, and an editor must not flag them. Of the right kind, because a
    completion that offers a relay where a ferrule is meant teaches the wrong thing.
    """

    def add(schema: JsonDict) -> None:
        examples: list[JsonValue] = [*_shipped_numbers().get(kind, [])]
        schema["examples"] = examples

    return add


def _part(kind: str, description: str) -> Any:
    """The ``Field`` of a part number that names a catalog part of ``kind``."""
    return Field(description=description, json_schema_extra=_shipped(kind))


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

    name: Annotated[
        Title, Field(description="the panel's name, which titles the drawing and the reports")
    ]
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

    voltage: Annotated[
        Voltage,
        Field(
            description="the net's potential against the circuit's reference: '0 V DC' for "
            "0 V, '0 V AC' for the neutral N"
        ),
    ]
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

    type: Annotated[
        Literal["module"],
        Field(
            description="a module from the catalog (relay, solid-state relay, isolation "
            "amplifier...), checked against its data sheet"
        ),
    ]
    id: Annotated[
        Id, Field(description="the module's device tag, unique in the whole file ('K1', '-K1')")
    ]
    part: Annotated[
        PartNumber,
        _part(
            "module",
            "the module's part number in the catalog ('panelcheck catalog' lists them; "
            "parts of your own come in with --catalog DIR)",
        ),
    ]
    terminals: NotRequired[
        Annotated[
            dict[TerminalName, NetName],
            Field(
                description="the net each terminal is wired to: terminal name -> net name, "
                "each net declared in 'nets'",
                max_length=200,
            ),
            _KEYS_BY_PATTERN,
        ]
    ]


@with_config(_STRICT)
class EndPlateItem(TypedDict):
    """An end or intermediate plate closing a module's open housing side."""

    type: Annotated[
        Literal["end_plate"],
        Field(description="an end or intermediate plate, closing the open side of a housing"),
    ]
    part: Annotated[PartNumber, _part("end_plate", "the plate's part number in the catalog")]
    id: NotRequired[
        Annotated[
            Id,
            Field(
                description="a tag for the plate, unique in the file (optional)", examples=["EP1"]
            ),
        ]
    ]


@with_config(_STRICT)
class EndStopItem(TypedDict):
    """A screwless end stop holding the row on the rail."""

    type: Annotated[
        Literal["end_stop"],
        Field(description="an end stop, holding the row in place on the rail"),
    ]
    part: Annotated[PartNumber, _part("end_stop", "the end stop's part number in the catalog")]
    id: NotRequired[
        Annotated[
            Id,
            Field(
                description="a tag for the end stop, unique in the file (optional)",
                examples=["ES1"],
            ),
        ]
    ]


@with_config(_STRICT)
class DeviceItem(TypedDict):
    """Something on the rail that panelcheck does not check: a power supply, a circuit
    breaker, a PLC. It takes rail length, interrupts jumper bars and rows, does not
    close a module's open housing side, and is drawn and listed; wires, loads and feeds
    may land on the terminals it maps (they are not judged there)."""

    type: Annotated[
        Literal["device"],
        Field(
            description="something on the rail that panelcheck does not check: a power "
            "supply, a circuit breaker, a PLC"
        ),
    ]
    id: Annotated[
        Id,
        Field(
            description="the device's tag, unique in the whole file ('G1', '-Q1')",
            examples=["G1"],
        ),
    ]
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
        "id": Annotated[
            Id, Field(description="the jumper's tag, unique in the file", examples=["JB1"])
        ],
        "part": Annotated[
            PartNumber,
            _part(
                "jumper",
                "the jumper bar's part number in the catalog, which gives its number of ways",
            ),
        ],
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

    id: Annotated[
        Id, Field(description="the rail's tag, unique in the whole file", examples=["X1"])
    ]
    length: Annotated[
        Length, Field(description="the rail's usable length, against which its items are fitted")
    ]
    profile: NotRequired[
        Annotated[
            Literal["35x7.5", "35x15", "15x5.5", "G32"],
            Field(
                description="the rail's profile (EN 60715); 35 x 7.5 when absent (MEC002, MEC003)"
            ),
        ]
    ]
    items: NotRequired[
        Annotated[
            list[Item],
            _COUNT,
            Field(
                description="what is mounted on the rail, in order from left to right seen "
                "from the front: modules, end plates, end stops and devices"
            ),
        ]
    ]
    jumpers: NotRequired[
        Annotated[
            list[Jumper],
            _COUNT,
            Field(description="the push-in jumper bars across the rail's modules"),
        ]
    ]


@with_config(_STRICT)
class Wire(TypedDict):
    """A conductor landing in one clamping point."""

    id: Annotated[
        Id, Field(description="the wire's number, unique in the whole file", examples=["W1"])
    ]
    terminal: Annotated[
        TerminalRef,
        Field(description="the clamping point it lands in, as MODULE:TERMINAL ('K1:A1')"),
    ]
    cross_section: Annotated[Area, Field(description="the conductor's cross-section")]
    conductor: Annotated[
        Literal["solid", "stranded", "fine_stranded"],
        Field(
            description="the conductor's class, as data sheets give clamping ranges: "
            "solid, stranded, or fine_stranded (flexible)"
        ),
    ]
    ferrule: NotRequired[
        Annotated[
            PartNumber,
            _part(
                "ferrule",
                "the part number of the ferrule crimped on the conductor; none for a bare "
                "conductor",
            ),
        ]
    ]
    strip_length: NotRequired[
        Annotated[Length, Field(description="how much insulation is stripped from the end")]
    ]
    insulation_rating: NotRequired[
        Annotated[
            Temperature,
            Field(description="the permitted conductor temperature of its insulation (WIR009)"),
        ]
    ]


@with_config(_STRICT)
class _Load(TypedDict):
    """A consumer outside the rail connected at a terminal."""

    id: Annotated[
        Id,
        Field(
            description="the load's tag, unique in the whole file ('Q1', 'Y1')",
            examples=["Q1"],
        ),
    ]
    terminal: Annotated[
        TerminalRef,
        Field(
            description="the terminal the load is connected at, as MODULE:TERMINAL",
            examples=["K1:14"],
        ),
    ]
    current: NotRequired[
        Annotated[
            Current,
            Field(
                description="the current the load draws in operation; with 'impedance' as "
                "well, the larger of the two counts"
            ),
        ]
    ]
    impedance: NotRequired[
        Annotated[
            Resistance,
            Field(
                description="the load's resistance: it draws its net's voltage divided by it; "
                "give this or 'current', or both"
            ),
        ]
    ]
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

    rule: Annotated[
        str,
        Field(
            pattern=r"^[A-Z]{3}[0-9]{3}$",
            examples=["IPX003"],
            description="the code of the rule whose finding is accepted",
        ),
    ]
    subject: Annotated[
        Subject,
        Field(
            description="what the finding is about, as the finding names it: an id, a net "
            "name or a rail id",
            examples=["X1"],
        ),
    ]
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
            Annotated[
                str,
                Field(
                    description="where an editor finds this JSON Schema (a path or a URL); "
                    "panelcheck ignores it",
                    max_length=2000,
                ),
            ]
        ],
        "format": Annotated[
            Literal["panelcheck/1"],
            Field(description="the layout format and its version: 'panelcheck/1'"),
        ],
        "panel": NotRequired[
            Annotated[
                Panel,
                Field(
                    description="the enclosure: its name, and the conditions inside it that "
                    "every module must suit"
                ),
            ]
        ],
        "nets": NotRequired[
            Annotated[
                dict[NetName, Net],
                _COUNT,
                _KEYS_BY_PATTERN,
                Field(
                    description="the panel's potentials by name ('+24V', '0V', 'L1'): each "
                    "one's voltage and where it is fed; every net a terminal names is "
                    "declared here"
                ),
            ]
        ],
        "rails": NotRequired[
            Annotated[
                list[Rail],
                _COUNT,
                Field(description="the DIN rails, each with what is mounted on it"),
            ]
        ],
        "wires": NotRequired[
            Annotated[
                list[Wire],
                _COUNT,
                Field(description="the conductors, each landing in one clamping point"),
            ]
        ],
        "loads": NotRequired[
            Annotated[
                list[Load],
                _COUNT,
                Field(
                    description="the consumers outside the rails (contactor coils, valves, "
                    "PLC inputs) and what they draw"
                ),
            ]
        ],
        "waivers": NotRequired[
            Annotated[
                list[Waiver],
                _COUNT,
                Field(description="findings accepted on purpose, each with its reason"),
            ]
        ],
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
    """The JSON Schema of format 1, as ``panelcheck schema`` prints it: named by
    :data:`SCHEMA_ID`, each property described, each catalog part number offered the
    shipped parts of its kind (read from the catalog now, not at import)."""
    schema = adapter().json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}
