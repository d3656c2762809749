"""The bill of materials: what a panel builder must order to build the layouts.

Counted from the graphs of one or more layouts, summed: every module, end plate and end
stop on the rails, every jumper bar (the part number carries its colour:
859-402/000-005 is the red 2-way bar), one ferrule per wire that names one, the devices
(power supplies, breakers) with the part and description the layout gives them, since
they are ordered too, and the DIN rails as cut lengths per profile (a rail without a
profile is the 35 x 7.5 rail, as the checks assume). Sorted by part number, as an
order list is; the manufacturer comes from the catalog where a part states it.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from panelcheck.graph import PanelGraph
from panelcheck.read.fieldtypes import DEFAULT_PROFILE
from panelcheck.units import Kind, format_quantity

FORMATS = ("text", "csv", "json")


@dataclass(frozen=True)
class BomLine:
    part: str
    description: str
    quantity: int
    manufacturer: str = ""


def bill_of_materials(graphs: PanelGraph | Iterable[PanelGraph]) -> list[BomLine]:
    """The lines to order for one layout's graph, or the sum over several."""
    every = [graphs] if isinstance(graphs, PanelGraph) else list(graphs)
    counts: Counter[str] = Counter()
    devices: Counter[tuple[str, str]] = Counter()
    rails: Counter[tuple[str, float]] = Counter()
    catalog = every[0].catalog if every else None
    for graph in every:
        for kind in ("module", "end_plate", "end_stop", "jumper"):
            counts.update(node.part_number for node in graph.of_kind(kind))
        counts.update(w.ferrule for w in graph.of_kind("wire") if w.ferrule is not None)
        devices.update(
            (d.part_number or "-", d.description or f"device {d.label} (no description)")
            for d in graph.of_kind("device")
        )
        rails.update(
            (r.profile or DEFAULT_PROFILE, r.length.magnitude) for r in graph.of_kind("rail")
        )
    lines = []
    for number, quantity in counts.items():
        part = catalog.get(number) if catalog is not None else None
        description = part.description if part else "not in the catalog (check the number)"
        maker = (part.manufacturer or "") if part else ""
        lines.append(BomLine(number, description, quantity, maker))
    lines += [BomLine(n, f"{d} (device, not checked)", q) for (n, d), q in devices.items()]
    lines += [
        BomLine(
            f"DIN rail {profile}",
            f"cut to {format_quantity(Kind.LENGTH, length)}",
            quantity,
        )
        for (profile, length), quantity in rails.items()
    ]
    return sorted(lines, key=lambda line: (line.part, line.description))


def render_bom(lines: list[BomLine], output_format: str) -> str:
    if output_format == "json":
        rows = [
            {
                "part": b.part,
                "description": b.description,
                "quantity": b.quantity,
                "manufacturer": b.manufacturer,
            }
            for b in lines
        ]
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if output_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["part", "description", "quantity", "manufacturer"])
        writer.writerows((b.part, b.description, b.quantity, b.manufacturer) for b in lines)
        return buffer.getvalue()
    width = max((len(b.part) for b in lines), default=4)
    qty = max((len(str(b.quantity)) for b in lines), default=3)
    maker = max((len(b.manufacturer) for b in lines), default=0)
    maker = max(maker, len("MANUFACTURER"))
    table = [f"{'QTY':>{qty}}  {'PART':<{width}}  {'MANUFACTURER':<{maker}}  DESCRIPTION"]
    table += [
        f"{b.quantity:>{qty}}  {b.part:<{width}}  {b.manufacturer:<{maker}}  {b.description}"
        for b in lines
    ]
    total = sum(b.quantity for b in lines)
    table.append(f"{len(lines)} part numbers, {total} pieces.")
    return "\n".join(table) + "\n"
