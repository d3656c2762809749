"""The module's circuits: its input (coil, control input or supply), a solid-state
relay's output, an analog current input and output, and terminals commoned inside.

An input is read from its nominal voltage, its range and its current wherever they
stand; the range may be given in % of the nominal ("-30 ... +25 %", "±30 %"), as a
multiple of it ("0.8 ... 1.1 x U_N") or in volts ("10.2 ... 13.2 V"), and the draft
states it in volts either way. An input whose sheet does not say AC or DC, or whose
terminals are not known, is not drafted: that would be a guess.
"""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import pairwise

from panelcheck.catalog.drafting.conventions import RELAY, Terminals
from panelcheck.catalog.drafting.quantities import (
    checked,
    currents,
    factor_span,
    percent_span,
    quantity,
    span,
    written,
)
from panelcheck.catalog.drafting.sections import Found, Section, TomlValue
from panelcheck.catalog.drafting.sheet import Labelled, Sheet, matches
from panelcheck.units import Kind

_NOMINAL = matches(
    r"(?:nominal|rated)\s(?:input|control|coil|supply|control\ssupply)\s(?:supply\s)?voltage.{0,40}"
    r"|power\ssupply\stype.{0,20}"
)
_RANGE = matches(r"(?:input|control|coil|supply|operating)\s(?:supply\s)?voltage\srange.{0,40}")
_CURRENT = matches(
    r"(?:nominal\s)?(?:input|coil|control)\scurrent\s(?:at|with)\s.{0,30}"
    r"|nominal\s(?:input|coil|control)\scurrent.{0,30}|(?:nominal\s)?current\sconsumption.{0,60}"
)


def _volts(number: Decimal, accepts: list[str]) -> str | None:
    suffix = " AC" if accepts == ["AC"] else " DC"
    return checked(f"{written(number)} V{suffix}", Kind.VOLTAGE)


def _amps(row: Labelled | None) -> str | None:
    value = None if row is None else quantity(row.value, Kind.CURRENT)
    return None if value is None else checked(f"{written(value[0])} {value[1]}", Kind.CURRENT)


def control_input(sheet: Sheet, found: Found, kind: str, terminals: Terminals | None) -> None:
    """The coil, control input or supply (see the module's docstring)."""
    nominals = [row for row in sheet.find(_NOMINAL) if quantity(row.value, Kind.VOLTAGE)]
    if not nominals:
        return
    nominal = next((r for r in nominals if "nominal" in r.label or "rated" in r.label), nominals[0])
    accepts = currents(" ".join(row.value for row in nominals))
    name = "supply" if "supply" in nominal.label else "coil" if kind == RELAY else "control input"
    rows = [row.row for row in nominals]
    if not accepts:
        found.not_read(name, rows, "AC or DC not stated")
        return
    if terminals is None or not {"plus", "minus"} <= terminals.roles.keys():
        found.not_read(name, rows, "its terminals are not named")
        return
    volts = quantity(nominal.value, Kind.VOLTAGE)
    assert volts is not None
    ranges = sheet.find(_RANGE)
    high = next((r for r in ranges if "low" not in r.label), None)
    band = _band(volts[0], high)
    if band is None:
        found.not_read(name, rows + [r.row for r in ranges], "no voltage range")
        return
    values: dict[str, TomlValue] = {
        "name": name,
        "plus": terminals.roles["plus"],
        "minus": terminals.roles["minus"],
        "nominal": _volts(volts[0], accepts) or "",
        "min": _volts(band[0], accepts) or "",
        "max": _volts(band[1], accepts) or "",
        "accepts": list[TomlValue](accepts),
    }
    if "" in values.values():
        found.not_read(name, rows, "not a voltage")
        return
    current_row = sheet.first(_CURRENT)
    current = _amps(current_row)
    if current is not None and current_row is not None:
        values["current"] = current
        rows.append(current_row.row)
    assert high is not None
    found.add(Section("input", values, [*rows, high.row], comment=_how(volts[0], high, band)))
    _low_level(found, next((r for r in ranges if "low" in r.label), None), accepts)


def _band(nominal: Decimal, row: Labelled | None) -> tuple[Decimal, Decimal] | None:
    if row is None:
        return None
    percent = percent_span(row.value)
    if percent is not None:
        low, high = (nominal * (1 + p / 100) for p in percent)
        return (low, high) if low <= high else None
    factor = factor_span(row.value)
    if factor is not None:
        return nominal * factor[0], nominal * factor[1]
    absolute = span(row.value, Kind.VOLTAGE)
    if absolute is None or absolute[2] != "V" or absolute[0] > absolute[1]:
        return None
    return absolute[0], absolute[1]


def _how(nominal: Decimal, row: Labelled, band: tuple[Decimal, Decimal]) -> str | None:
    if percent_span(row.value) is None and factor_span(row.value) is None:
        return None
    return (
        f"{written(nominal)} V {row.value.strip()} gives {written(band[0])} ... "
        f"{written(band[1])} V."
    )


def _low_level(found: Found, row: Labelled | None, accepts: list[str]) -> None:
    """The input's low (off) level, where the sheet states one ("DC 0 ... 1 V")."""
    if row is None:
        return
    read = span(row.value, Kind.VOLTAGE)
    low, high = (None, None) if read is None else (_volts(v, accepts) for v in read[:2])
    if low is None or high is None:
        found.not_read("input low level", [row.row], "no voltage range")
        return
    found.add(Section("input.low", {"min": low, "max": high}, [row.row]))


def ssr_output(sheet: Sheet, found: Found, terminals: Terminals | None, circuit: Labelled) -> None:
    """A 3-wire high-side output: its supply range, its currents and the sheet's note
    that it is not for circuits fed from the mains."""
    if terminals is None or not {"supply", "output", "reference"} <= terminals.roles.keys():
        return
    current = sheet.first(
        matches(r"(?:limiting\s)?continuous\scurrent.{0,30}|output\scurrent.{0,20}")
    )
    peak = sheet.first(lambda label: "peak" in label and "current" in label)
    voltage = sheet.first(matches(r"output\svoltage\srange.{0,30}"))
    notes = sheet.prose(lambda t: "low-voltage power supply network" in t or "mains" in t)
    read = None if voltage is None else span(voltage.value, Kind.VOLTAGE)
    accepts = [] if voltage is None else currents(voltage.value)
    amps = _amps(current)
    if read is None or voltage is None or not accepts or amps is None or current is None:
        rows = [r.row for r in (circuit, current, voltage) if r is not None]
        found.not_read("output circuit", rows, "its voltage range or current is missing")
        return
    values: dict[str, TomlValue] = {
        "supply": terminals.roles["supply"],
        "output": terminals.roles["output"],
        "reference": terminals.roles["reference"],
        "min_voltage": _volts(read[0], accepts) or "",
        "max_voltage": _volts(read[1], accepts) or "",
        "accepts": list[TomlValue](accepts),
        "continuous_current": amps,
    }
    rows = [circuit.row, current.row, voltage.row]
    peak_amps = _amps(peak)
    if peak_amps is not None and peak is not None:
        values["peak_current"] = peak_amps
        rows.append(peak.row)
    values["mains_note"] = notes[0].wording if notes else ""
    rows += notes[:1]
    if not notes:
        found.unread.append("output circuit: the sheet has no note on mains supply (mains_note)")
    note = "terminal names 13/14/15 are not on the sheet (see terminals)"
    found.add(Section("ssr_output", values, rows, note if terminals.assumed("13") else None))


def analog_current(sheet: Sheet, found: Found, terminals: Terminals | None) -> None:
    """An analog current input (its resistance and greatest current) and a current
    output (its greatest burden), on the terminals the conventions give them."""
    resistance = sheet.first(matches(r"input\s(?:resistance|impedance).{0,40}"))
    most = sheet.first(
        matches(r"input\scurrent\s\(max\.?\)|max(?:imum|\.)?\sinput\scurrent.{0,20}")
    )
    burden = sheet.first(
        matches(
            r"(?:load\s(?:impedance|resistance)|burden).{0,10}\(current\soutput\)|burden.{0,20}"
        )
    )
    roles = {} if terminals is None else terminals.roles
    if resistance is not None and most is not None and {"in+", "in-"} <= roles.keys():
        ohms = _ohms(resistance)
        amps = _amps(most)
        if ohms is None or amps is None:
            found.not_read("current input", [resistance.row, most.row])
        else:
            values: dict[str, TomlValue] = {"plus": roles["in+"], "minus": roles["in-"]}
            values |= {"max_current": amps, "max_resistance": ohms}
            note = _unnamed(terminals, "input", roles["in+"], roles["in-"])
            found.add(Section("current_input", values, [resistance.row, most.row], note))
    if burden is not None and {"out+", "out-"} <= roles.keys():
        ohms = _ohms(burden)
        if ohms is None:
            found.not_read("analog output burden", [burden.row])
            return
        values = {"plus": roles["out+"], "minus": roles["out-"], "max_burden": ohms}
        note = _unnamed(terminals, "output", roles["out+"], roles["out-"])
        found.add(Section("analog_output", values, [burden.row], note))


def _count(value: str) -> int | None:
    match = re.match(r"\s{0,3}(\d{1,3})\b", value)
    return None if match is None else int(match.group(1))


def _ohms(row: Labelled) -> str | None:
    value = quantity(row.value, Kind.RESISTANCE)
    return None if value is None else checked(f"{written(value[0])} {value[1]}", Kind.RESISTANCE)


def _unnamed(terminals: Terminals | None, what: str, plus: str, minus: str) -> str | None:
    if terminals is None or not terminals.assumed(plus, minus):
        return None
    return f"{what} terminal names {plus} and {minus} are not on the sheet (see terminals)"


def internal_links(sheet: Sheet, found: Found, terminals: Terminals | None, block: bool) -> None:
    """Terminals joined inside the module, each link rated as the sheet says: the ones
    a note names (with its "current carrying capacity"), or a terminal block's clamps,
    joined by its current bar and rated at the block's rated current."""
    if terminals is None:
        return
    if terminals.links:
        for a, b, row in terminals.links:
            tail = row.text[row.text.lower().find("capacity") :] if "capacity" in row.text else ""
            amps = quantity(tail, Kind.CURRENT) if tail else None
            rating = (
                None if amps is None else checked(f"{written(amps[0])} {amps[1]}", Kind.CURRENT)
            )
            if rating is None:
                found.not_read("internal links", [row], "no current rating")
                return
            values: dict[str, TomlValue] = {"a": a, "b": b, "rating": rating}
            found.add(Section("internal_links", values, [row], array=True))
        return
    if not block:
        return
    rated = sheet.first(matches(r"(?:rated|nominal)\scurrent.{0,30}"))
    potentials = sheet.first(matches(r"(?:total\s)?(?:number\sof\s)?potentials.{0,20}"))
    count = None if potentials is None else _count(potentials.value)
    rating = _amps(rated)
    if rated is None or rating is None or (count or 1) != 1:
        return
    rows = [rated.row, *([potentials.row] if potentials else [])]
    note = (
        f"the clamps are joined by the block's current bar (one potential), rated at its "
        f"rated current (line {rated.row.line}); clamp names assumed (see terminals)"
    )
    for a, b in pairwise(terminals.names):
        values = {"a": a, "b": b, "rating": rating}
        found.add(Section("internal_links", values, rows, note, array=True))
