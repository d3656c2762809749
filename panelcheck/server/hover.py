"""Hover: what the string under the cursor names, in Markdown.

- a part number (anywhere: an item's part, a jumper, a ferrule, a waiver's subject):
  the catalog entry as ``panelcheck catalog PART`` prints it, every limit with its
  source, and the rules its sheet leaves unjudged;
- a terminal reference (``"K1:A1"``), a key of a ``terminals`` map, a jumper's
  ``slot``, or a module's id (a jumper's ``from``, a waiver's subject): the module, its
  part, and its terminals with the nets the layout puts on them;
- a rule code in a waiver: the rule's name, severity and summary.

The catalog text is shown as it is printed (a fenced block keeps its columns): the
designer reads the same words in the editor and in the terminal.
"""

from __future__ import annotations

from collections.abc import Mapping

from panelcheck.catalog import Catalog
from panelcheck.engine.ruleset import RuleInfo
from panelcheck.server.context import Spot
from panelcheck.server.names import Carrier, Names


def hover_text(
    spot: Spot, names: Names, catalog: Catalog, rules: Mapping[str, RuleInfo]
) -> str | None:
    """The Markdown for the spot; None when it names nothing panelcheck knows."""
    if not spot.quoted or not spot.text:
        return None
    value = spot.text
    if spot.role == "key":
        if len(spot.path) >= 2 and spot.path[-2] == "terminals" and spot.outer.get("id"):
            carrier = names.carriers.get(spot.outer["id"])
            return carrier_text(carrier, catalog, value) if carrier else None
        return None
    if len(spot.path) == 3 and spot.path[0] == "waivers" and spot.path[2] == "rule":
        info = rules.get(value)
        return rule_text(info) if info else None
    if catalog.get(value) is not None:
        return part_markdown(catalog, value, rules)
    if spot.path and spot.path[-1] == "slot" and spot.siblings.get("from") in names.carriers:
        return carrier_text(names.carriers[spot.siblings["from"]], catalog, value)
    module, colon, terminal = value.rpartition(":")
    if colon and module in names.carriers:
        return carrier_text(names.carriers[module], catalog, terminal)
    if value in names.carriers and spot.path and spot.path[-1] in ("from", "subject"):
        return carrier_text(names.carriers[value], catalog, None)
    return None


def part_markdown(catalog: Catalog, number: str, rules: Mapping[str, RuleInfo]) -> str:
    """``panelcheck catalog PART`` in Markdown: its first line as the title."""
    from panelcheck.cli.explain import part_text

    title, _, body = part_text(catalog, number, rules).partition("\n")
    return f"**{_escape(title)}**\n\n```text\n{body.rstrip()}\n```\n"


def carrier_text(carrier: Carrier, catalog: Catalog, terminal: str | None) -> str:
    """A module or device with its part and terminals; ``terminal`` is set in bold."""
    part = catalog.get(carrier.part) if carrier.part else None
    what = carrier.type
    if carrier.part:
        what += f" {carrier.part}"
        what += f" ({part.description})" if part is not None else " (not in the catalog)"
    lines = [
        f"**{_escape(carrier.id)}**: {_escape(what)}",
        "",
        f"rail {_escape(carrier.rail)}, item {carrier.position + 1}",
        "",
    ]
    terminals = carrier.terminals(catalog)
    if not terminals:
        return "\n".join([*lines, "no terminals named"]) + "\n"
    lines += ["| terminal | net |", "|---|---|"]
    for name in terminals:
        net = carrier.mapped.get(name) or "-"
        shown = f"**{_escape(name)}**" if name == terminal else _escape(name)
        lines.append(f"| {shown} | {_escape(net)} |")
    if terminal and terminal not in terminals:
        lines += ["", f"{_escape(carrier.id)} has no terminal {_escape(terminal)}"]
    return "\n".join(lines) + "\n"


def rule_text(info: RuleInfo) -> str:
    return (
        f"**{info.code}** {_escape(info.name)} ({info.severity})\n\n{_escape(info.summary)}\n\n"
        f"`panelcheck rule {info.code}` explains it.\n"
    )


def _escape(text: str) -> str:
    """Text from the layout or catalog shown literally, never as Markdown or HTML (a
    line break, which would end a table row, shown as a space)."""
    out = []
    for char in " ".join(text.splitlines()):
        if char in "\\`*_{}[]()<>#+!|~":
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)
