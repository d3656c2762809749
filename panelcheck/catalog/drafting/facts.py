"""The facts a data sheet states in one row each: sizes, clamps, environment, insulation.

Each recogniser knows a fact by its label's words (in the spellings the sheets use:
"Height from upper-edge ..." and "Depth from upper-edge ...", "Overtoltage category")
and by its value's unit, and states it with the row it comes from. A row that is
labelled like the fact but whose value cannot be read is listed, never guessed. Where a
sheet states a fact twice (859-386 gives its pollution degree in two places) the first
row is cited.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from panelcheck.catalog.drafting.quantities import (
    awg_span,
    checked,
    integer,
    quantity,
    span,
    written,
)
from panelcheck.catalog.drafting.sections import Found, Section, TomlValue
from panelcheck.catalog.drafting.sheet import Labelled, Sheet, matches
from panelcheck.units import Kind

DIN_RAIL_NOTE = (
    "the sheet says only 'DIN-35 rail'; that is the 35 x 7.5 and 35 x 15 top-hat "
    "profiles of EN 60715"
)
_DIN_35 = re.compile(r"(?i)\b(?:DIN[- ]?35|TS[- ]?35|35\s?mm\s(?:DIN[- ]?)?rail|EN\s?60715)")
_PROFILE = re.compile(r"35\s?[x×]\s?(7[.,]5|15)")
_CONDUCTOR = re.compile(r"(fine[- ]?stranded|stranded|solid)\s(?:conductors?|wires?)(.{0,80})")
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
_CATEGORY = re.compile(r"(?<![A-Za-z])(IV|III|II|I|[1-4])(?![A-Za-z0-9])")
_MARGIN = re.compile(r"\+\s{0,3}(\d{1,3}(?:\.\d{1,3})?)\s{0,3}K\b")
_NO_CONDENSATION = re.compile(
    r"\b(?:no|non|not|without)[- ]?\s?condens|condensation\s(?:is\s)?not\s(?:permi|allow)"
)
_CONDENSATION_ALLOWED = re.compile(r"condensation\s(?:is\s)?(?:permissible|permitted|allowed)")
_EMC = re.compile(r"(?:EN|IEC)\s?61000-6-([34])")


def width(sheet: Sheet, found: Found) -> None:
    """The width on the rail: the value in mm (the inches beside it say the same)."""
    row = sheet.first(matches(r"(?:module\s)?width(?:\s\(.{0,20}\))?"))
    found.add(_length(found, row, "width", "width"))


def height(sheet: Sheet, found: Found) -> None:
    """The height above the rail, which the sheets call "Height from upper-edge of
    DIN-35 rail" or "Depth from upper-edge of DIN-rail" (the same measure; their plain
    "Height" and "Depth" are other dimensions)."""
    row = sheet.first(matches(r"(?:height|depth)\sfrom\s(?:the\s)?upper[- ]?edge\b.{0,60}"))
    found.add(_length(found, row, "height", "height above the rail"))


def _length(found: Found, row: Labelled | None, key: str, what: str) -> Section | None:
    if row is None:
        return None
    value = quantity(row.value, Kind.LENGTH)
    text = None if value is None else checked(f"{written(value[0])} {value[1]}", Kind.LENGTH)
    if text is None:
        found.not_read(what, [row.row], "no length in mm")
        return None
    return Section(key, {"value": text}, [row.row])


def mounting(sheet: Sheet, found: Found) -> None:
    """The rail profiles: named ones as stated, "DIN-35 rail" as both 35 mm profiles
    (marked assumed: the sheet does not say which)."""
    row = sheet.first(matches(r"(?:type\sof\smounting|mounting\stype|mounting(?:\smethod)?)"))
    if row is None:
        return
    named = sorted({"35x" + m.group(1).replace(",", ".") for m in _PROFILE.finditer(row.value)})
    if named:
        found.add(Section("mounting", {"profiles": list[TomlValue](reversed(named))}, [row.row]))
    elif _DIN_35.search(row.value):
        profiles: list[TomlValue] = ["35x7.5", "35x15"]
        found.add(Section("mounting", {"profiles": profiles}, [row.row], DIN_RAIL_NOTE))
    else:
        found.not_read("mounting", [row.row], "no DIN-rail profile named")


def _operating(label: str) -> bool:
    excluded = ("storage", "processing", "cable", "transport", "coefficient")
    return "temperature" in label and "operat" in label and not any(x in label for x in excluded)


def temperature(sheet: Sheet, found: Found) -> None:
    """The operating range ("Surrounding air (operating) temperature", "Ambient
    temperature (operation)"), not storage, processing or the cable's."""
    row = sheet.first(_operating)
    if row is None:
        return
    read = span(row.value, Kind.TEMPERATURE)
    if read is None or read[0] > read[1]:
        found.not_read("operating temperature", [row.row], "no range in °C")
        return
    low, high = (checked(f"{written(v)} degC", Kind.TEMPERATURE) for v in read[:2])
    if low is None or high is None:
        found.not_read("operating temperature", [row.row], "not a temperature")
        return
    found.add(Section("temperature", {"min": low, "max": high}, [row.row]))


def clamps(sheet: Sheet, found: Found) -> None:
    """The clamp range of each conductor class, and the range with insulated ferrules.

    A class qualified otherwise ("solid conductor; push-in termination", "with
    uninsulated ferrule") is a range the catalog does not model: listed, not carried.
    """
    for row in sheet.labelled:
        conductor = _CONDUCTOR.fullmatch(row.label)
        if conductor is None:
            continue
        kind = conductor.group(1).replace(" ", "-").replace("finestranded", "fine-stranded")
        qualifier = re.sub(r"[\s;,:()]|mm²|awg", "", conductor.group(2))
        if qualifier == "":
            key = "clamp." + kind.replace("-", "_")
        elif qualifier == "withinsulatedferrule" and kind == "fine-stranded":
            key = "insulated_ferrule"
        else:
            found.not_read(row.label, [row.row], "a range the catalog does not model")
            continue
        if found.get(key) is None:
            found.add(_area_range(found, row, key))


def _area_range(found: Found, row: Labelled, key: str) -> Section | None:
    read = span(row.value, Kind.AREA)
    if read is None or read[0] > read[1]:
        found.not_read(key.replace("_", " "), [row.row], "no range in mm²")
        return None
    low, high = (checked(f"{written(v)} mm^2", Kind.AREA) for v in read[:2])
    if low is None or high is None:
        found.not_read(key.replace("_", " "), [row.row], "not a cross-section")
        return None
    section = Section(key, {"min": low, "max": high}, [row.row])
    gauges = awg_span(row.value[read[3].end() :])
    if gauges is not None:
        section.values["awg"] = list[TomlValue](gauges)
    return section


def strip_length(sheet: Sheet, found: Found) -> None:
    """How much insulation to strip: the range in mm (the inches beside it say the same)."""
    row = sheet.first(matches(r"strip(?:ping)?\slength.{0,40}"))
    if row is None:
        return
    read = span(row.value, Kind.LENGTH)
    if read is None or read[0] > read[1]:
        found.not_read("strip length", [row.row], "no range in mm")
        return
    low, high = (checked(f"{written(v)} {read[2]}", Kind.LENGTH) for v in read[:2])
    if low is None or high is None:
        found.not_read("strip length", [row.row], "not a length")
        return
    found.add(Section("strip_length", {"min": low, "max": high}, [row.row]))


def rated_voltage(sheet: Sheet, found: Found) -> None:
    """The insulation's rated voltage (not "Rated impulse voltage", not a switching
    limit): written without AC or DC, since it holds for both."""
    row = sheet.first(matches(r"rated\svoltage(?:\s\(.{0,30}\))?"))
    if row is None:
        return
    value = quantity(row.value, Kind.VOLTAGE)
    text = None if value is None else checked(f"{written(value[0])} {value[1]}", Kind.VOLTAGE)
    if text is None:
        found.not_read("rated voltage", [row.row], "no voltage")
        return
    found.add(Section("rated_voltage", {"value": text}, [row.row]))


def pollution_degree(sheet: Sheet, found: Found) -> None:
    """Pollution degree 1 to 4 (IEC 60664-1); any other number is not read."""
    row = sheet.first(matches(r"pollution\sdegree.{0,30}"))
    if row is None:
        return
    degree = integer(row.value)
    if degree is None or not 1 <= degree <= 4:
        found.not_read("pollution degree", [row.row], "not 1, 2, 3 or 4")
        return
    found.add(Section("pollution_degree", {"value": degree}, [row.row]))


def overvoltage_category(sheet: Sheet, found: Found) -> None:
    """Overvoltage category I to IV (the 859-353 sheet spells it "Overtoltage")."""
    row = sheet.first(matches(r"over[- ]?\w{0,4}tage\scategory.{0,30}"))
    if row is None:
        return
    category = _CATEGORY.search(row.value)
    if category is None:
        found.not_read("overvoltage category", [row.row], "not I, II, III or IV")
        return
    value = _ROMAN.get(category.group(1), category.group(1))
    found.add(Section("overvoltage_category", {"value": value}, [row.row]))


def altitude(sheet: Sheet, found: Found) -> None:
    """The greatest operating altitude (the upper end where the sheet gives a range)."""
    row = sheet.first(lambda label: "altitude" in label)
    if row is None:
        return
    read = span(row.value, Kind.ALTITUDE)
    value = (read[1], read[2]) if read else quantity(row.value, Kind.ALTITUDE)
    text = None if value is None else checked(f"{written(value[0])} {value[1]}", Kind.ALTITUDE)
    if text is None:
        found.not_read("altitude", [row.row], "no height in m")
        return
    found.add(Section("altitude", {"max": text}, [row.row]))


def condensation(sheet: Sheet, found: Found) -> None:
    """Whether condensation is permitted, wherever the sheet says it ("Relative humidity
    5 ... 95 % (no condensation permissible)")."""
    rows = sheet.prose(lambda text: "condens" in text)
    if not rows:
        return
    text = rows[0].text.lower()
    if _NO_CONDENSATION.search(text):
        found.add(Section("condensation", {"permitted": False}, [rows[0]]))
    elif _CONDENSATION_ALLOWED.search(text):
        found.add(Section("condensation", {"permitted": True}, [rows[0]]))
    else:
        found.not_read("condensation", rows[:1], "neither permitted nor excluded")


def cable(sheet: Sheet, found: Found) -> None:
    """The connection cable's rating: "≥ (T_ambient + 20 K)" is the ambient plus 20 K."""
    row = sheet.first(lambda label: "cable" in label and "temperature" in label)
    if row is None:
        return
    margin = _MARGIN.search(row.value)
    if margin is None:
        found.not_read("connection cable rating", [row.row], "no margin in K")
        return
    found.add(Section("cable", {"margin_k": float(margin.group(1))}, [row.row]))


def emc_emission(sheet: Sheet, found: Found) -> None:
    """The emission standard: EN 61000-6-4 is industrial, EN 61000-6-3 residential (the
    stricter, when a sheet names both). A row about emission is read first, then the
    standards the sheet lists."""
    rows = sheet.find(lambda label: "emission" in label) or sheet.find(
        lambda label: "standard" in label
    )
    for row in rows:
        parts = {m.group(1) for m in _EMC.finditer(row.value)}
        if parts:
            environment, part = ("residential", "3") if "3" in parts else ("industrial", "4")
            values = {"environment": environment, "standard": f"EN 61000-6-{part}"}
            found.add(Section("emc_emission", dict(values), [row.row]))
            return


RECOGNISERS: tuple[Callable[[Sheet, Found], None], ...] = (
    width,
    height,
    mounting,
    temperature,
    altitude,
    condensation,
    cable,
    clamps,
    strip_length,
    rated_voltage,
    pollution_degree,
    overvoltage_category,
    emc_emission,
)
"""The one-row facts, in the order they are looked for."""
