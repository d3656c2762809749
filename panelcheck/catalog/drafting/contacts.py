"""A relay's load circuit: its contacts and every limit the sheet puts on them.

The catalog's ``contacts`` table needs the contact arrangement, the material, the
limiting continuous current and the greatest switching voltage; without all four the
table is not drafted (and the missing ones are listed). The other limits (utilisation
categories, minimum load, the gold layer, damping, inrush, switching frequency,
electrical life) are each drafted where the sheet states them, from a row or from a
note ("inductive loads must be dampened", "30 VDC switching voltages and 50 mA currents
shall not be exceeded").
"""

from __future__ import annotations

import re

from panelcheck.catalog.drafting.conventions import Terminals, changeover_row
from panelcheck.catalog.drafting.quantities import (
    NUMBER,
    checked,
    currents,
    decimal,
    operations,
    quantity,
    written,
)
from panelcheck.catalog.drafting.sections import Found, Section, TomlValue
from panelcheck.catalog.drafting.sheet import Labelled, Sheet, matches
from panelcheck.units import Kind

_RATING = re.compile(
    rf"\b(AC|DC)-(\d{{1,2}}[a-z]?)\s{{0,2}}:?\s{{0,3}}({NUMBER})\s{{0,2}}A\s{{0,3}}/\s{{0,3}}"
    rf"({NUMBER})\s{{0,2}}V\s?(AC|DC)?"
)
_RATE = re.compile(
    rf"({NUMBER})\s{{0,2}}(min\^-1|min-1|1/min|/min|ops?/min|h\^-1|h-1|1/h|/h)(?![\w])"
)
_DURATION = re.compile(rf"({NUMBER})\s{{0,2}}(ms|s)(?![A-Za-z])")
_POWER = re.compile(rf"({NUMBER})\s{{0,2}}mW\b")
_LOAD = re.compile(r"\((resistive|inductive|capacitive|lamp|motor)(?:\sload)?\)")
_CONDITION = re.compile(r"\(([^()]{1,80})\)")


def contacts(sheet: Sheet, found: Found, terminals: Terminals | None) -> None:
    """The ``contacts`` table and its sections (see the module's docstring)."""
    count = changeover_row(sheet)
    material = sheet.first(lambda label: label.startswith("contact material"))
    current = sheet.first(matches(r"(?:limiting\s)?continuous\scurrent.{0,30}"))
    voltage = sheet.first(lambda label: "switching voltage" in label and "max" in label)
    amps = _amps(current)
    volts = _switching_volts(voltage)
    parts = {
        "contact arrangement": count,
        "contact material": material,
        "limiting continuous current": amps,
        "maximum switching voltage": volts,
    }
    lacking = [name for name, value in parts.items() if value is None]
    if lacking or terminals is None or material is None or count is None:
        seen = [r.row for r in (count, material, current, voltage) if r is not None]
        if seen:
            why = f"{', '.join(lacking) or 'terminal names'} not read"
            found.not_read("contacts", seen, why)
        return
    assert amps is not None and volts is not None and current is not None and voltage is not None
    found.add(Section("contacts", {"material": material.value.strip()}, bare=True))
    sets: list[TomlValue] = []
    contact_names = terminals.names[2:]
    size = 2 if "normally open" in count.label else 3
    for start in range(0, len(contact_names), size):
        names = contact_names[start : start + size]
        sets.append(
            {"com": names[0], "no": names[1]}
            if size == 2
            else {"com": names[0], "nc": names[1], "no": names[2]}
        )
    shown = "/".join(contact_names[:size])
    note = f"terminal names {shown} are not on the sheet (see terminals)"
    found.add(Section("contacts.terminals", {"sets": sets}, [count.row], note))
    found.add(Section("contacts.continuous_current", {"value": amps}, [current.row]))
    found.add(Section("contacts.max_switching_voltage", {"value": volts}, [voltage.row]))
    for recognise in (_ratings, _minimum_load, _gold, _damping, _inrush, _rate, _life):
        recognise(sheet, found)


def _amps(row: Labelled | None) -> str | None:
    value = None if row is None else quantity(row.value, Kind.CURRENT)
    return None if value is None else checked(f"{written(value[0])} {value[1]}", Kind.CURRENT)


def _switching_volts(row: Labelled | None) -> str | None:
    value = None if row is None else quantity(row.value, Kind.VOLTAGE)
    if row is None or value is None:
        return None
    kinds = currents(row.value)
    suffix = f" {kinds[0]}" if len(kinds) == 1 else ""
    return checked(f"{written(value[0])} {value[1]}{suffix}", Kind.VOLTAGE)


def _ratings(sheet: Sheet, found: Found) -> None:
    """Utilisation categories: "AC-15: 3 A / 250 VAC; DC-13: 2 A / 24 VDC"."""
    for row in sheet.labelled:
        for match in _RATING.finditer(row.value or row.name):
            category, current, voltage = f"{match[1]}-{match[2]}", match[3], match[4]
            kind = match[5] or match[1]
            amps = checked(f"{written(decimal(current))} A", Kind.CURRENT)
            volts = checked(f"{written(decimal(voltage))} V {kind}", Kind.VOLTAGE)
            if amps is None or volts is None:
                found.not_read(category, [row.row])
                continue
            values: dict[str, TomlValue] = {"category": category, "current": amps}
            values["voltage"] = volts
            found.add(Section("contacts.ratings", values, [row.row], array=True))


def _minimum_load(sheet: Sheet, found: Found) -> None:
    """The recommended minimum load: "10 V / 10 mA; 24 V / 1 mA" or "1 V / 1 mA / 1 mW"."""
    row = sheet.first(matches(r"(?:recommended\s)?min(?:imum|\.)\s(?:switching\s)?load.{0,30}"))
    if row is None:
        return
    points: list[TomlValue] = []
    for piece in row.value.split(";"):
        volts = quantity(piece, Kind.VOLTAGE)
        amps = quantity(piece, Kind.CURRENT)
        if volts is None or amps is None:
            found.not_read(
                "minimum load", [row.row], f"no voltage and current in {piece.strip()!r}"
            )
            return
        point: dict[str, TomlValue] = {
            "voltage": f"{written(volts[0])} {volts[1]}",
            "current": f"{written(amps[0])} {amps[1]}",
        }
        power = _POWER.search(piece)
        if power is not None:
            milliwatts = decimal(power.group(1))
            point["power_mw"] = (
                int(milliwatts) if milliwatts == int(milliwatts) else float(milliwatts)
            )
        points.append(point)
    found.add(Section("contacts.minimum_load", {"points": points}, [row.row]))


def _gold(sheet: Sheet, found: Found) -> None:
    """A gold contact layer's limits, from the sheet's note about it."""
    for row in sheet.prose(lambda text: "gold" in text and "exceed" in text):
        volts = quantity(row.text, Kind.VOLTAGE)
        amps = quantity(row.text, Kind.CURRENT)
        if volts is None or amps is None:
            found.not_read("gold layer limits", [row], "no voltage and current")
            return
        kinds = currents(row.text[volts[2].start() : volts[2].end() + 4])
        suffix = f" {kinds[0]}" if len(kinds) == 1 else ""
        values: dict[str, TomlValue] = {
            "max_voltage": f"{written(volts[0])} {volts[1]}{suffix}",
            "max_current": f"{written(amps[0])} {amps[1]}",
        }
        found.add(Section("contacts.gold", values, [row]))
        return


def _damping(sheet: Sheet, found: Found) -> None:
    """The note that inductive loads must be damped (a suppression circuit)."""
    rows = sheet.prose(
        lambda text: "inductive load" in text and ("damp" in text or "suppress" in text)
    )
    if rows:
        found.add(Section("contacts.damping", {}, rows[:1]))


def _inrush(sheet: Sheet, found: Found) -> None:
    """ "Inrush current (resistive) max. (AC) 20 A / 0.02 s": current, duration, the
    load it is stated for, and the current type (not drafted when the sheet gives none)."""
    row = sheet.first(lambda label: label.startswith("inrush current"))
    if row is None:
        return
    amps = quantity(row.value, Kind.CURRENT)
    kinds = currents(row.value)
    if amps is None or not kinds:
        found.not_read("inrush current", [row.row], "no current, or AC or DC not stated")
        return
    values: dict[str, TomlValue] = {"current": f"{written(amps[0])} {amps[1]}"}
    duration = _DURATION.search(row.value[amps[2].end() :])
    if duration is not None:
        seconds = decimal(duration.group(1)) / (1000 if duration.group(2) == "ms" else 1)
        values["duration"] = f"{written(seconds)} s"
    values["accepts"] = list[TomlValue](kinds)
    load = _LOAD.search(row.label)
    if load is not None:
        values["load"] = load.group(1)
    found.add(Section("contacts.inrush", values, [row.row]))


def _rate(sheet: Sheet, found: Found) -> None:
    """The switching frequency with load (the first of "with/without load" values)."""
    row = sheet.first(
        lambda label: (
            "switching" in label
            and "load" in label
            and ("with load" in label or "with/" in label or label.endswith("with load"))
        )
    )
    if row is None:
        return
    match = _RATE.search(row.value)
    if match is None:
        found.not_read("switching frequency with load", [row.row], "no rate per minute or hour")
        return
    per = "/h" if "h" in match.group(2) else "/min"
    text = checked(f"{written(decimal(match.group(1)))} {per}", Kind.RATE)
    if text is None:
        found.not_read("switching frequency with load", [row.row])
        return
    found.add(Section("contacts.switching_rate", {"max": text}, [row.row]))


def _life(sheet: Sheet, found: Found) -> None:
    """Electrical life: operations, and the conditions in the label's parentheses."""
    row = sheet.first(lambda label: label.startswith("electrical life"))
    if row is None:
        return
    count = operations(row.value)
    if count is None or count <= 0:
        found.not_read("electrical life", [row.row], "no number of operations")
        return
    condition = _CONDITION.search(row.name)
    values: dict[str, TomlValue] = {
        "operations": count,
        "condition": condition.group(1).strip() if condition else "as stated",
    }
    found.add(Section("contacts.electrical_life", values, [row.row]))
