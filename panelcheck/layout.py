"""pydantic models of layout format 1 (SPEC section 2).

These models are the single description of the file format: the loader validates
with them and ``panelcheck schema`` prints the JSON Schema generated from them, so the
editor's completion and the checker can never disagree.

Unknown keys are errors (they are usually typos: ``"colour"`` for a key we do not
have), except keys starting with ``x-``, which are left for the user's own tooling and
dropped before validation.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from panelcheck.fieldtypes import (
    Area,
    Current,
    Id,
    Length,
    NetName,
    PartNumber,
    Resistance,
    Temperature,
    TerminalRef,
    Voltage,
    custom_error,
)

FORMAT = "panelcheck/1"
CONDUCTOR_CLASSES = ("solid", "stranded", "fine_stranded")


def _drop_extension_keys(value: Any) -> Any:
    if isinstance(value, dict) and any(isinstance(k, str) and k.startswith("x-") for k in value):
        return {k: v for k, v in value.items() if not (isinstance(k, str) and k.startswith("x-"))}
    return value


class Strict(BaseModel):
    """Base of every object in the file: unknown keys rejected, ``x-`` keys free."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=True,
        json_schema_extra={"patternProperties": {"^x-": {}}},
    )

    @model_validator(mode="before")
    @classmethod
    def _free_extension_keys(cls, value: Any) -> Any:
        return _drop_extension_keys(value)


class Panel(Strict):
    """The enclosure as a whole."""

    name: str | None = Field(None, max_length=200)
    ambient: Temperature | None = Field(
        None, description="surrounding air temperature inside the enclosure"
    )


class Net(Strict):
    """A potential: its voltage against the circuit's reference, and where it is fed."""

    voltage: Voltage
    feed: TerminalRef | None = Field(
        None,
        description="terminal where the supply enters the net; without it the current "
        "model assumes the worst case",
    )


class ModuleItem(Strict):
    """A module on the rail (relay, solid-state relay, isolation amplifier...)."""

    type: Literal["module"]
    id: Id
    part: PartNumber
    terminals: dict[Annotated[str, Field(min_length=1, max_length=20)], NetName] = Field(
        default_factory=dict, description="terminal name -> net name"
    )


class EndPlateItem(Strict):
    """An end or intermediate plate closing a module's open housing side."""

    type: Literal["end_plate"]
    part: PartNumber
    id: Id | None = None


class EndStopItem(Strict):
    """A screwless end stop holding the row on the rail."""

    type: Literal["end_stop"]
    part: PartNumber
    id: Id | None = None


Item = Annotated[ModuleItem | EndPlateItem | EndStopItem, Field(discriminator="type")]
ITEM_TYPES = ("module", "end_plate", "end_stop")


class Jumper(Strict):
    """A push-in jumper bar: N ways, covering ``from`` and the N-1 items after it."""

    id: Id
    part: PartNumber
    slot: Annotated[str, Field(min_length=1, max_length=20)] = Field(
        description="terminal name whose jumper slot it sits in"
    )
    from_: Id = Field(alias="from", description="id of the first module it covers")


class Rail(Strict):
    """A DIN rail with its items in mounting order, left to right seen from the front."""

    id: Id
    length: Length
    items: list[Item] = Field(default_factory=list)
    jumpers: list[Jumper] = Field(default_factory=list)


class Wire(Strict):
    """A conductor landing in one clamping point."""

    id: Id
    terminal: TerminalRef
    cross_section: Area
    conductor: Literal["solid", "stranded", "fine_stranded"]
    ferrule: PartNumber | None = None
    strip_length: Length | None = None


class Load(Strict):
    """A consumer outside the rail connected at a terminal."""

    id: Id
    terminal: TerminalRef
    current: Current | None = None
    impedance: Resistance | None = None

    @model_validator(mode="after")
    def _needs_current_or_impedance(self) -> Load:
        if self.current is None and self.impedance is None:
            raise custom_error("load", "a load needs 'current' or 'impedance' (or both)")
        return self


class Waiver(Strict):
    """An accepted finding: reported as waived, not counted."""

    rule: Annotated[str, Field(pattern=r"^[A-Z]{3}[0-9]{3}$", examples=["IPX003"])]
    subject: Annotated[str, Field(min_length=1, max_length=200)]
    reason: str | None = Field(None, description="why the finding is accepted (required)")
    expires: datetime.date | None = Field(None, description="ISO date after which it lapses")


class Layout(Strict):
    """A panelcheck layout file, format 1."""

    model_config = ConfigDict(title="panelcheck layout, format 1")

    schema_: str | None = Field(
        None, alias="$schema", description="JSON Schema for editors; ignored by panelcheck"
    )
    format: Literal["panelcheck/1"]
    panel: Panel | None = None
    nets: dict[NetName, Net] = Field(default_factory=dict)
    rails: list[Rail] = Field(default_factory=list)
    wires: list[Wire] = Field(default_factory=list)
    loads: list[Load] = Field(default_factory=list)
    waivers: list[Waiver] = Field(default_factory=list)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of format 1, as ``panelcheck schema`` prints it."""
    schema = Layout.model_json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
