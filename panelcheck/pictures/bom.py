"""The bill of materials: what a panel builder must order to build the layout.

Counted from the graph: every module, end plate and end stop on the rails, every jumper
bar (the part number carries its colour: 859-402/000-005 is the red 2-way bar), one
ferrule per wire that names one, and the devices (power supplies, breakers) with the
part and description the layout gives them, since they are ordered too. Sorted by part
number, as an order list is.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass

from panelcheck.graph import PanelGraph

FORMATS = ("text", "csv", "json")


@dataclass(frozen=True)
class BomLine:
    part: str
    description: str
    quantity: int


def bill_of_materials(graph: PanelGraph) -> list[BomLine]:
    counts: Counter[str] = Counter()
    for kind in ("module", "end_plate", "end_stop", "jumper"):
        counts.update(node.part_number for node in graph.of_kind(kind))
    counts.update(wire.ferrule for wire in graph.of_kind("wire") if wire.ferrule is not None)
    lines = []
    for number, quantity in sorted(counts.items()):
        part = graph.catalog.get(number)
        description = part.description if part else "not in the catalog (check the number)"
        lines.append(BomLine(number, description, quantity))
    devices: Counter[tuple[str, str]] = Counter(
        (d.part_number or "-", d.description or f"device {d.label} (no description)")
        for d in graph.of_kind("device")
    )
    lines += [BomLine(n, f"{d} (device, not checked)", q) for (n, d), q in devices.items()]
    return sorted(lines, key=lambda line: (line.part, line.description))


def render_bom(lines: list[BomLine], output_format: str) -> str:
    if output_format == "json":
        rows = [
            {"part": b.part, "description": b.description, "quantity": b.quantity} for b in lines
        ]
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if output_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["part", "description", "quantity"])
        writer.writerows((b.part, b.description, b.quantity) for b in lines)
        return buffer.getvalue()
    width = max((len(b.part) for b in lines), default=4)
    qty = max((len(str(b.quantity)) for b in lines), default=3)
    table = [f"{'QTY':>{qty}}  {'PART':<{width}}  DESCRIPTION"]
    table += [f"{b.quantity:>{qty}}  {b.part:<{width}}  {b.description}" for b in lines]
    total = sum(b.quantity for b in lines)
    table.append(f"{len(lines)} part numbers, {total} pieces.")
    return "\n".join(table) + "\n"
