"""What a sheet leaves to convention: the kind of module, its terminal names, its jumper
slots, its open side, its series, and which facts a module of its kind usually states.

Data sheets rarely draw the terminal names, and never say where a jumper lands or which
side of a housing is open. The checks need those, so the draft supplies the usual
convention for the kind of module the sheet describes (EN 50005 names for relays, the
clamps numbered from 1 for a terminal block) and marks every one ``assumed`` with a note
saying what the sheet does and does not state, for the reviewer to confirm. Where the
sheet does name terminals (the 857-411 note "The 3 (Us+), 7 (Us+), 4 (GND 3) and 8
(GND 3) connections are internally commoned"), those names are used and cited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from panelcheck.catalog.drafting.rows import Row
from panelcheck.catalog.drafting.sections import Found, Section, TomlValue
from panelcheck.catalog.drafting.sheet import DraftError, Labelled, Sheet, description, matches

RELAY, SSR, CONDITIONER, TERMINAL_BLOCK, MODULE = (
    "relay",
    "solid-state relay",
    "signal conditioner",
    "terminal block",
    "module",
)

_ACCESSORY_TITLE = re.compile(r"jumper|ferrule|end plate|end stop|marker|marking")
_NAMED_TERMINAL = re.compile(r"(?<![\w.])(\d{1,2})\s{0,2}\(([^()]{1,20})\)")
_COMMONED = re.compile(r"internally\s(?:commoned|connected|jumpered|bridged)|commoned\sinternally")
_CONDUCTORS = re.compile(r"(\d{1,2})-conductor")
_IP = re.compile(r"\bIP\s?[2-6][0-9X]\b")
_CONDITION = re.compile(r"\b(?:when|if|only|connected|end\splate|using|with)\b")
_SUPPLY_PLUS = re.compile(r"(?i)^(?:U_?s\s?\+|\+\s?U_?s|\+\s?24\s?V|V\+|L\+|supply\s?\+)")
_SUPPLY_MINUS = re.compile(r"(?i)^(?:GND|0\s?V|U_?s\s?-|-\s?U_?s|M|V-|supply\s?-)")

_SIDE_NOTE = "the right-hand side in rail order is assumed"
_CHANGEOVER = "the sheet does not name the terminals; A1/A2 coil, {com} COM, {nc} NC, {no} NO as "
_CHANGEOVER += "usual for a changeover relay (EN 50005)"


def module_kind(sheet: Sheet) -> str:
    """What the sheet describes, from its rows first and its title second; a sheet of an
    accessory is refused (the draft writes modules; accessories are a few lines by hand)."""
    title = description(sheet).lower()
    first = title.split(";")[0]
    if _ACCESSORY_TITLE.search(first) and "module" not in first and "terminal block" not in first:
        raise DraftError(
            f"{sheet.name}: {sheet.number} is an accessory ({first.strip()}); "
            "panelcheck drafts modules only (see rules/parts/accessories.toml for the form)"
        )
    if changeover_row(sheet) or sheet.first(lambda label: label.startswith("contact material")):
        return RELAY
    if "solid-state" in title or "solid state" in title or three_wire_row(sheet) is not None:
        return SSR
    if "terminal block" in first:
        return TERMINAL_BLOCK
    if "amplifier" in first or "signal conditioner" in first or "isolat" in first:
        return CONDITIONER
    return MODULE


def changeover_row(sheet: Sheet) -> Labelled | None:
    """ "Number of changeover/switchover contacts 1", or of normally open ones."""
    return sheet.first(
        lambda label: (
            label.startswith("number of")
            and ("changeover" in label or "change-over" in label or "normally open" in label)
        )
    )


def three_wire_row(sheet: Sheet) -> Labelled | None:
    """ "Circuit type 3-wire connection High-side switching": an SSR output the catalog
    models (supply, output, reference)."""
    row = sheet.first(matches(r"circuit\stype.{0,30}"))
    if row is None:
        return None
    value = row.value.lower()
    return row if "3-wire" in value and "high-side" in value else None


@dataclass
class Terminals:
    """The module's terminal names and what each is for (``roles``), with where the sheet
    names them (``rows``) and the note on what is assumed."""

    names: list[str]
    roles: dict[str, str] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    note: str | None = None
    named: set[str] = field(default_factory=set)
    links: list[tuple[str, str, Row]] = field(default_factory=list)

    def assumed(self, *names: str) -> bool:
        """Is any of ``names`` a name the sheet does not give?"""
        return any(name not in self.named for name in names)


def terminals(sheet: Sheet, kind: str) -> Terminals | None:
    """The terminals by the convention of ``kind``, or as the sheet names them."""
    if kind == RELAY:
        row = changeover_row(sheet)
        count = _count(row)
        if row is None or count is None:
            return None
        normally_open = "normally open" in row.label
        names, roles = ["A1", "A2"], {"plus": "A1", "minus": "A2"}
        for n in range(1, count + 1):
            contact = [f"{n}3", f"{n}4"] if normally_open else [f"{n}1", f"{n}2", f"{n}4"]
            names += contact
        first = names[2:5] if not normally_open else names[2:4]
        roles["common"] = first[0]
        if normally_open:
            note = "the sheet does not name the terminals; A1/A2 coil, 13/14 NO as usual (EN 50005)"
        else:
            note = _CHANGEOVER.format(com=first[0], nc=first[1], no=first[2])
        return Terminals(names, roles, note=note)
    if kind == SSR and three_wire_row(sheet) is not None:
        row = three_wire_row(sheet)
        assert row is not None
        names = ["A1", "A2", "13", "14", "15"]
        note = (
            "the sheet does not name the terminals; A1/A2 input, 13 load supply +, 14 output, "
            f"15 load 0 V assumed for its 3-wire high-side output (line {row.row.line})"
        )
        roles = {"plus": "A1", "minus": "A2", "supply": "13", "output": "14", "reference": "15"}
        return Terminals(names, roles, note=note)
    if kind == TERMINAL_BLOCK:
        return _clamps(sheet)
    return _named(sheet)


def _count(row: Labelled | None) -> int | None:
    if row is None:
        return None
    match = re.match(r"\s{0,3}(\d{1,2})\b", row.value)
    return int(match.group(1)) if match and 0 < int(match.group(1)) <= 8 else None


def _clamps(sheet: Sheet) -> Terminals | None:
    """A terminal block's clamps, numbered from 1: as many as its connection points."""
    row = sheet.first(matches(r"(?:number\sof\s)?(?:connection\spoints|clamping\sunits).{0,20}"))
    count = _count(row)
    if count is None:
        conductors = _CONDUCTORS.search(description(sheet).lower())
        count = int(conductors.group(1)) if conductors and int(conductors.group(1)) > 0 else None
    if count is None or count > 16:
        return None
    names = [str(n) for n in range(1, count + 1)]
    note = f"the sheet does not name the clamps; numbered 1 to {count} from the top, as usual"
    return Terminals(names, {}, note=note)


def _named(sheet: Sheet) -> Terminals | None:
    """Terminals the sheet names in a note ("The 3 (Us+), 7 (Us+), 4 (GND 3) and 8 (GND
    3) connections are internally commoned"): numbered 1 to the highest named, the
    commoned ones linked, the supply on the first of each pair."""
    for row in sheet.rows:
        text = row.text
        if not _COMMONED.search(text.lower()):
            continue
        named = [(m.group(1), m.group(2).strip()) for m in _NAMED_TERMINAL.finditer(text)]
        if len(named) < 2:
            continue
        highest = max(int(n) for n, _ in named)
        if highest > 48:
            continue
        names = [str(n) for n in range(1, highest + 1)]
        roles: dict[str, str] = {}
        by_signal: dict[str, list[str]] = {}
        for number, signal in named:
            by_signal.setdefault(signal.split()[0].lower(), []).append(number)
            if _SUPPLY_PLUS.match(signal):
                roles.setdefault("plus", number)
            elif _SUPPLY_MINUS.match(signal):
                roles.setdefault("minus", number)
        links = [(g[0], other, row) for g in by_signal.values() for other in g[1:]]
        unnamed = [n for n in names if n not in {number for number, _ in named}]
        terminals = Terminals(names, roles, [row], named={n for n, _ in named}, links=links)
        terminals.roles.update(zip(("in+", "in-", "out+", "out-"), unnamed, strict=False))
        return terminals
    return None


def unnamed_note(terminals: Terminals, kind: str) -> str:
    """Why the terminal names the sheet does not give are what they are."""
    given = sorted(terminals.named, key=int)
    roles = {"in+": "input +", "in-": "input -", "out+": "output +", "out-": "output -"}
    guessed = [
        f"{terminals.roles[r]} {label}" for r, label in roles.items() if r in terminals.roles
    ]
    return f"the sheet names {', '.join(given[:-1])} and {given[-1]} only; " + (
        ", ".join(guessed) + " assumed" if guessed else f"the rest assumed for a {kind}"
    )


def terminal_section(terminals: Terminals, kind: str) -> Section:
    """The ``terminals`` section: cited where the sheet names them, assumed where (and
    as far as) it does not."""
    names: list[TomlValue] = list(terminals.names)
    if terminals.named:
        note = unnamed_note(terminals, kind) if terminals.assumed(*terminals.names) else None
        return Section("terminals", {"names": names}, terminals.rows, note)
    return Section("terminals", {"names": names}, [], terminals.note)


def jumper_slots(sheet: Sheet, found: Found, kind: str, terminals: Terminals | None) -> None:
    """Where a jumper lands: the sheets show jumpers but never name the slots."""
    listed = found.get("jumpers")
    if terminals is None or listed is None or not listed.values.get("parts"):
        return
    roles = terminals.roles
    if kind == RELAY:
        slots = [roles["plus"], roles["minus"], roles["common"]]
        why = f"{slots[0]}, {slots[1]} and {slots[2]} assumed (the coil and the first common)"
    elif kind == SSR:
        slots = [roles["plus"], roles["minus"], roles["supply"]]
        why = f"{slots[0]}, {slots[1]} and {slots[2]} assumed (the input and the load supply)"
    elif kind == TERMINAL_BLOCK:
        row = sheet.first(matches(r"(?:number\sof\s)?jumper\sslots.{0,20}"))
        count = min(_count(row) or 1, len(terminals.names))
        slots = terminals.names[:count]
        why = f"{' and '.join(slots)} assumed (one slot per clamp from the top)"
    elif "plus" in roles and "minus" in roles:
        slots = [roles["plus"], roles["minus"]]
        why = f"the supply terminals {slots[0]} and {slots[1]} assumed"
    else:
        return
    commoning = sheet.prose(lambda text: "commoning" in text or "jumpered" in text)
    shown = (
        f"shows '{commoning[-1].wording}' (line {commoning[-1].line})"
        if commoning
        else f"lists jumpers ({_lines(listed)})"
    )
    note = f"the sheet {shown} but does not name the slots; {why}"
    found.add(Section("jumper_slots", {"names": list[TomlValue](slots)}, [], note))


def _lines(section: Section) -> str:
    span = section.span()
    if span is None:
        return "no line"
    return f"line {span[0]}" if span[0] == span[1] else f"lines {span[0]}-{span[1]}"


def protection(sheet: Sheet) -> tuple[Labelled, bool] | None:
    """The protection row ("IP20"), and whether the sheet makes it conditional ("IP20;
    in connected state or when using 859-525 end plate")."""
    row = sheet.first(matches(r"(?:protection\s(?:type|class)|degree\sof\sprotection).{0,20}"))
    if row is None or not _IP.search(row.value):
        return None
    rest = _IP.split(row.value, maxsplit=1)[1].lower()
    return row, _CONDITION.search(rest) is not None


def open_side(sheet: Sheet, found: Found) -> None:
    """An open housing side: where the sheet makes IP20 depend on a neighbour or an end
    plate, or lists an end plate to close it. No sheet says which side."""
    guarded = protection(sheet)
    if guarded is not None and guarded[1]:
        note = f"the sheet does not say which side of the housing is open; {_SIDE_NOTE}"
        found.add(Section("open_side", {"side": "right"}, [guarded[0].row], note))
        return
    plates = found.get("end_plates")
    if plates is not None and plates.values.get("parts"):
        note = (
            f"the sheet lists an end plate ({_lines(plates)}): the housing is open on one "
            f"side, closed by the plate or a neighbour; no sheet says which, {_SIDE_NOTE}"
        )
        found.add(Section("open_side", {"side": "right"}, plates.rows, note, quote=plates.quote))


def series(number: str) -> str | None:
    """The series a part number belongs to: the digits before its first dash."""
    match = re.match(r"(\d{2,5})-", number)
    return match.group(1) if match else None


_COMMON = (
    ("width", "width"),
    ("height", "height above the rail"),
    ("mounting", "mounting"),
    ("temperature", "operating temperature"),
    ("clamp", "clamp ranges"),
    ("insulated_ferrule", "insulated-ferrule range"),
    ("strip_length", "strip length"),
    ("rated_voltage", "rated voltage"),
    ("pollution_degree", "pollution degree"),
    ("overvoltage_category", "overvoltage category"),
    ("altitude", "altitude"),
    ("condensation", "condensation"),
    ("approvals", "approvals"),
    ("terminals", "terminal names"),
    ("jumpers", "jumpers"),
    ("ferrules", "ferrules"),
    ("end_plates", "end plates"),
)
_BY_KIND = {
    RELAY: (
        ("input", "coil"),
        ("contacts.continuous_current", "limiting continuous current"),
        ("contacts.max_switching_voltage", "maximum switching voltage"),
        ("contacts.ratings", "utilisation categories (AC-15, DC-13)"),
        ("contacts.minimum_load", "minimum load"),
        ("contacts.inrush", "inrush current"),
        ("contacts.switching_rate", "switching frequency with load"),
        ("contacts.electrical_life", "electrical life"),
    ),
    SSR: (("input", "control input"), ("ssr_output", "output circuit")),
    CONDITIONER: (
        ("input", "supply"),
        ("current_input", "current input"),
        ("analog_output", "analog output burden"),
        ("emc_emission", "EMC emission"),
    ),
    TERMINAL_BLOCK: (("internal_links", "rated current"), ("end_stops", "end stops")),
    MODULE: (),
}


def not_stated(found: Found, kind: str) -> list[str]:
    """The facts a module of ``kind`` usually has that the draft could not state."""
    return [label for key, label in (*_COMMON, *_BY_KIND[kind]) if not found.has(key)]
