"""Human-readable explanations: ``panelcheck rules``, ``rule CODE`` and ``catalog``.

Everything printed here is generated from the data (``rules/rules.toml``, the rule
examples and the catalog TOML), so what the tool explains is what it checks.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from panelcheck.catalog import Catalog, ModulePart, PartModel, Sourced, is_section, sections
from panelcheck.engine.ruleset import RuleInfo, example
from panelcheck.units import Quantity, format_range

_PROVENANCE = ("source", "quote", "assumed", "note")
# Section fields whose value speaks for itself: "6 mm", not "value 6 mm".
_BARE = ("value", "names", "parts", "side")
_WIDTH = 88


def rules_table(rules: dict[str, RuleInfo]) -> str:
    """One line per rule: code, name, default severity, summary."""
    rows = [("CODE", "NAME", "SEVERITY", "SUMMARY")]
    for info in rules.values():
        severity = info.severity if info.enabled_by_default else f"{info.severity} (off)"
        rows.append((info.code, info.name, severity, info.summary))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(r[:3], widths, strict=True)) + "  " + r[3]
        for r in rows
    ]
    lines.append("")
    lines.append(
        "'panelcheck rule CODE' explains a rule with a failing and a passing example; "
        "rules marked (off) run only when selected."
    )
    return "\n".join(lines) + "\n"


def _block(title: str, text: str) -> list[str]:
    body = [
        textwrap.fill(p, _WIDTH, initial_indent="  ", subsequent_indent="  ")
        for p in text.split("\n\n")
    ]
    return [title, *"\n\n".join(body).split("\n"), ""]


def _code(text: str) -> list[str]:
    return ["    " + line if line else "" for line in text.rstrip("\n").split("\n")] + [""]


def rule_text(info: RuleInfo, catalog: Catalog | None, said: list[str]) -> str:
    """The full explanation of one rule, ruff style, with its data-sheet sources.

    ``said`` holds what panelcheck reports on the failing example, so the reader sees
    the real message next to the layout that causes it.
    """
    default = "on by default" if info.enabled_by_default else "off by default; select it to run"
    lines = [
        f"{info.code} {info.name}",
        f"Severity: {info.severity} ({default}). Subject: {info.subject}.",
        *textwrap.wrap(_fixed(info), _WIDTH, break_on_hyphens=False),
        "",
        *textwrap.wrap(info.summary, _WIDTH),
        "",
    ]
    lines += _block("What it does", info.what)
    lines += _block("Why it matters", info.why)
    failing = example(info.code, "fail")
    if failing is not None:
        lines += ["Example that fails", *_code(failing)]
        if said:
            lines += ["  panelcheck says:", *("    " + s for s in said), ""]
    lines += _block("Use instead", info.fix)
    passing = example(info.code, "pass")
    if passing is not None:
        lines += _code(passing)
    if info.params:
        lines += ["Parameters", *(f"  {k} = {v!r}" for k, v in info.params.items()), ""]
    sources = list(_references(info, catalog)) if catalog is not None else []
    if sources:
        lines += ["Data-sheet sources", *("  " + s for s in sources), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _fixed(info: RuleInfo) -> str:
    """Whether and how ``validate --fix`` fixes the rule's findings."""
    if info.fix_description is None:
        return "Fix: none; edit the layout by hand (see 'Use instead')."
    if info.fix_safe:
        return f"Fix: safe, made by 'panelcheck validate --fix': {info.fix_description}."
    return (
        "Fix: unsafe (it may change what you meant), made by 'panelcheck validate --fix "
        f"--unsafe-fixes': {info.fix_description}."
    )


def _references(info: RuleInfo, catalog: Catalog) -> Iterator[str]:
    """For each catalog section the rule reads, the citation of every part that has it.

    Parts citing the same line are grouped; when many parts cite many lines of one sheet
    (36 jumper bars), they are summarised as one span of that sheet.
    """
    for reference in info.references:
        by_cite: dict[str, list[str]] = {}
        for part in catalog:
            for section in _sections_at(part, reference):
                numbers = by_cite.setdefault(section.cite(), [])
                if part.number not in numbers:
                    numbers.append(part.number)
        label = reference.replace("_", " ")
        for cite, numbers in _summarise(by_cite):
            yield f"{label}: {_numbers(numbers)}: {cite}"


_LINES = re.compile(r"^(?P<sheet>.+ data sheet), lines? (?P<a>\d+)(?:-(?P<b>\d+))?$")
_MANY = 6


def _summarise(by_cite: dict[str, list[str]]) -> list[tuple[str, list[str]]]:
    if len(by_cite) <= _MANY:
        return list(by_cite.items())
    spans: dict[str, tuple[int, int, list[str]]] = {}
    rest = []
    for cite, numbers in by_cite.items():
        match = _LINES.match(cite)
        if match is None:
            rest.append((cite, numbers))
            continue
        a, b = int(match["a"]), int(match["b"] or match["a"])
        low, high, parts = spans.get(match["sheet"], (a, b, []))
        spans[match["sheet"]] = (min(low, a), max(high, b), parts + numbers)
    summary = [
        (f"{sheet}, lines {low}-{high}", parts) for sheet, (low, high, parts) in spans.items()
    ]
    return summary + rest


def _numbers(numbers: list[str]) -> str:
    if len(numbers) <= 4:
        return ", ".join(numbers)
    return f"{numbers[0]} ... {numbers[-1]} ({len(numbers)} parts)"


def _sections_at(part: PartModel, dotted: str) -> Iterator[Sourced]:
    value: Any = part
    for name in dotted.split("."):
        value = getattr(value, name, None)
        if value is None:
            return
    values = value if isinstance(value, list) else [value]
    for item in values:
        if isinstance(item, Sourced):
            yield item
        elif is_section(item):
            yield from (v for _, v in sections(item) if isinstance(v, Sourced))


def catalog_table(catalog: Catalog) -> str:
    rows = [("PART", "KIND", "DESCRIPTION")]
    rows += [(p.number, p.kind.replace("_", " "), p.description) for p in catalog]
    widths = [max(len(r[i]) for r in rows) for i in range(2)]
    lines = [f"{r[0].ljust(widths[0])}  {r[1].ljust(widths[1])}  {r[2]}" for r in rows]
    lines += _replacement_notes(catalog, catalog.numbers())
    lines += [
        "",
        "'panelcheck catalog PART' shows a part's limits, their data-sheet sources and "
        "what is assumed.",
    ]
    return "\n".join(lines) + "\n"


def _replacement_notes(catalog: Catalog, numbers: Iterable[str]) -> list[str]:
    return [
        f"note: {n} from {catalog.origin[n]} replaces the part of the same number in "
        f"{catalog.replaced[n]}"
        for n in numbers
        if n in catalog.replaced
    ]


_HEADER_FIELDS = ("number", "kind", "description", "datasheet", "series", "source", "quote")


_GAP_SECTIONS = (
    "terminals",
    "jumper_slots",
    "jumpers",
    "ferrules",
    "end_plates",
    "clamp",
    "strip_length",
    "temperature",
    "rated_voltage",
    "altitude",
    "condensation",
    "pollution_degree",
    "overvoltage_category",
    "emc_emission",
    "height",
    "mounting",
    "approvals",
    "hazardous_areas",
)
"""The facts any module's sheet may state, whatever the module does: one a part lacks
means the rules that read it cannot judge the part. (A part without ``input``,
``contacts`` or ``ssr_output`` simply has no such function; without ``open_side`` it
needs no end plate.)"""


def part_text(catalog: Catalog, number: str, rules: Mapping[str, RuleInfo] | None = None) -> str:
    """Every fact of one part with its value and where it comes from; for a module, the
    rules that cannot judge it because its sheet does not state their fact."""
    part = catalog.parts[number]
    lines = [
        f"{part.number}  {part.description}",
        f"kind: {part.kind.replace('_', ' ')}"
        + (f"   series: {part.series}" if isinstance(part, ModulePart) and part.series else "")
        + (f"   data sheet: {part.datasheet}" if part.datasheet else "")
        + f"   defined in: {catalog.origin[number]}",
    ]
    lines += _replacement_notes(catalog, [number])
    lines.append("")
    own_cite = part.source or "the part's description"
    facts = [
        (name.replace("_", " "), _format(value), own_cite)
        for name, value in sections(part)
        if name not in _HEADER_FIELDS
        and not is_section(value)
        and not isinstance(value, list)
        and value is not None
    ]
    facts += list(_facts(part, ""))
    width = max((len(name) for name, _, _ in facts), default=0)
    indent = " " * (width + 2)
    for name, value, cite in facts:
        lines += textwrap.wrap(
            value,
            _WIDTH,
            initial_indent=f"{name.ljust(width)}  ",
            subsequent_indent=indent,
            break_on_hyphens=False,
        ) or [name]
        lines += textwrap.wrap(
            f"({cite})",
            _WIDTH,
            initial_indent=indent,
            subsequent_indent=indent + " ",
            break_on_hyphens=False,
        )
    lines += _unknown_accessories(catalog, part)
    if rules is not None and isinstance(part, ModulePart):
        lines += _not_judged(part, rules)
    return "\n".join(lines) + "\n"


def _unknown_accessories(catalog: Catalog, part: PartModel) -> list[str]:
    """Accessories a part lists that the catalog does not know (a drafted part lists
    them before they are drafted): a layout using one gets LAY001."""
    unknown = catalog.unknown_accessories(part)
    if not unknown:
        return []
    return [
        "",
        f"unknown accessories: {', '.join(unknown)} (not in the catalog: a layout using "
        "one gets LAY001)",
    ]


def _not_judged(part: ModulePart, rules: Mapping[str, RuleInfo]) -> list[str]:
    missing = [name for name in _GAP_SECTIONS if getattr(part, name) is None]
    if not missing:
        return []
    lines = ["", "not judged, as the data sheet does not state it (or the catalog lacks it):"]
    for name in missing:
        codes = sorted(code for code, info in rules.items() if name in info.references)
        lines.append(f"  {name.replace('_', ' ')}: {', '.join(codes) or 'no rule'}")
    return lines


def _facts(model: object, prefix: str) -> Iterator[tuple[str, str, str]]:
    for name, value in sections(model):
        label = f"{prefix}{name}".replace("_", " ")
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            numbered = f"{label} {index + 1}" if len(items) > 1 else label
            if isinstance(item, Sourced):
                cite = item.cite().replace("assumed:", "ASSUMED:")
                yield numbered, _summary(item), cite
                yield from _facts(item, f"{numbered}.")  # its own sourced parts
            elif is_section(item):
                yield from _facts(item, f"{numbered}.")


def _summary(section: object) -> str:
    describe = getattr(section, "describe", None)
    if describe is not None:
        return str(describe())
    values = {
        k: v
        for k, v in sections(section)
        if k not in _PROVENANCE and v is not None and not isinstance(v, Sourced)
    }
    parts = []
    low, high = values.pop("min", None), values.pop("max", None)
    if isinstance(low, Quantity) and isinstance(high, Quantity):
        parts.append(format_range(low.kind, low.magnitude, high.magnitude, low.ac))
    for key, value in values.items():
        text = _format(value)
        parts.append(text if key in _BARE else f"{key.replace('_', ' ')} {text}")
    return "; ".join(parts)


def _format(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_format(v) for v in value) if value else "none listed"
    if is_section(value):
        return " ".join(f"{k} {_format(v)}" for k, v in sections(value) if v is not None)
    return str(value)
