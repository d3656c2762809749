"""The draft as TOML text, in the form of the shipped part files.

A reviewer compares the draft with ``rules/parts/859-390.toml``, so it is written the
same way: a comment saying what the draft is and what the sheet does not state, the
part's table, then one table per fact in the shipped files' order, each with its
values, ``source``, ``quote`` and, where it is an assumption, ``assumed`` and ``note``.

Every string from the sheet is written as a TOML basic string with every quote,
backslash and control character escaped, and every comment is one printable line: a
sheet cannot add a key, a table or a line to the draft.
"""

from __future__ import annotations

from collections.abc import Iterator

from panelcheck.catalog.drafting.sections import Found, Section, TomlValue
from panelcheck.catalog.drafting.sheet import Sheet, description
from panelcheck.catalog.drafting.text import one_line

ORDER = (
    "width",
    "height",
    "mounting",
    "temperature",
    "altitude",
    "condensation",
    "cable",
    "terminals",
    "jumper_slots",
    "jumpers",
    "ferrules",
    "end_plates",
    "end_stops",
    "open_side",
    "clamp.solid",
    "clamp.stranded",
    "clamp.fine_stranded",
    "insulated_ferrule",
    "strip_length",
    "input",
    "input.low",
    "contacts",
    "contacts.terminals",
    "contacts.continuous_current",
    "contacts.max_switching_voltage",
    "contacts.ratings",
    "contacts.minimum_load",
    "contacts.gold",
    "contacts.damping",
    "contacts.inrush",
    "contacts.switching_rate",
    "contacts.electrical_life",
    "ssr_output",
    "internal_links",
    "analog_output",
    "current_input",
    "rated_voltage",
    "pollution_degree",
    "overvoltage_category",
    "emc_emission",
    "approvals",
    "hazardous_areas",
)
_WIDTH = 88


def part_text(
    sheet: Sheet, found: Found, kind: str, series: str | None, not_stated: list[str]
) -> str:
    """The whole draft (see the module's docstring)."""
    lines = list(_header(sheet, found, kind, not_stated))
    key = string(sheet.number)
    title = description(sheet) or f"{sheet.number} (the sheet has no title)"
    lines += ["", f"[{key}]", 'kind = "module"', f"description = {string(title)}"]
    lines.append(f"datasheet = {string(sheet.number)}")
    if series is not None:
        lines.append(f"series = {string(series)}")
    if sheet.title:
        lines += _provenance(sheet.number, Section("", {}, list(sheet.title)))
    rank = {name: index for index, name in enumerate(ORDER)}
    for section in sorted(found.sections, key=lambda s: rank.get(s.key, len(ORDER))):
        lines += ["", *_section(sheet.number, key, section)]
    return "\n".join(lines) + "\n"


def _header(sheet: Sheet, found: Found, kind: str, not_stated: list[str]) -> Iterator[str]:
    yield from _wrapped(
        f"{sheet.number} ({kind}), drafted by `panelcheck catalog draft` from "
        f"{one_line(sheet.name)}. Review every fact against the sheet: each cites it by line "
        "(source) and wording (quote); what the sheet does not say is marked assumed = true, "
        "with the reason in note."
    )
    if not found.has("width"):
        yield "# A module needs a width: add one (the sheet states none) before this part loads."
    for title, entries in (
        ("not stated by the sheet", not_stated),
        ("stated but not read (check the sheet)", found.unread),
        ("also seen", found.remarks),
    ):
        if entries:
            yield from _wrapped(f"{title}: " + "; ".join(one_line(e) for e in entries))


def _wrapped(text: str) -> Iterator[str]:
    """``text`` as comment lines of at most :data:`_WIDTH` characters (a list goes on
    indented)."""
    indent = "#  " if ": " in text[:48] and not text.startswith(("A ", "a ")) else "#"
    line = "#"
    for word in text.split():
        if len(line) + 1 + len(word) > _WIDTH and len(line) > 4:
            yield line
            line = indent
        line += " " + word
    yield line


def _section(number: str, key: str, section: Section) -> list[str]:
    lines = [f"# {one_line(section.comment)}"] if section.comment else []
    header = f"{key}.{section.key}"
    lines.append(f"[[{header}]]" if section.array else f"[{header}]")
    lines += [f"{name} = {value_text(value)}" for name, value in section.values.items()]
    if not section.bare:
        lines += _provenance(number, section)
    return lines


def _provenance(number: str, section: Section) -> list[str]:
    lines: list[str] = []
    span = section.span()
    if span is not None:
        where = f"line {span[0]}" if span[0] == span[1] else f"lines {span[0]}-{span[1]}"
        lines.append(f"source = {string(f'{number} data sheet, {where}')}")
        quotes = section.quotes()
        if quotes:
            quote: TomlValue = quotes[0] if len(quotes) == 1 else list[TomlValue](quotes)
            lines.append(f"quote = {value_text(quote)}")
    if section.note is not None:
        lines += ["assumed = true", f"note = {string(one_line(section.note, 600))}"]
    return lines


def value_text(value: TomlValue) -> str:
    """A TOML value: strings escaped, lists of plain values wrapped like the shipped
    files, tables inline."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return string(value)
    if isinstance(value, dict):
        inner = ", ".join(f"{name} = {value_text(v)}" for name, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    items = [value_text(v) for v in value]
    flat = "[" + ", ".join(items) + "]"
    if len(flat) <= _WIDTH - 10:
        return flat
    rows: list[str] = []
    for item in items:
        if rows and len(rows[-1]) + len(item) + 2 <= _WIDTH and not item.startswith("{"):
            rows[-1] += f" {item},"
        else:
            rows.append(f"    {item},")
    return "[\n" + "\n".join(rows) + "\n]"


def string(text: str) -> str:
    """``text`` as a TOML basic string, every character that needs it escaped."""
    out = ['"']
    for char in text:
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif ord(char) < 0x20 or ord(char) == 0x7F or 0xD800 <= ord(char) <= 0xDFFF:
            out.append(f"\\u{ord(char):04x}" if ord(char) < 0xD800 else "\\ufffd")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)
