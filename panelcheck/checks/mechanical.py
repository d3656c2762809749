"""MEC001: does everything fit on the rail?"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from panelcheck.checks import Context, rule
from panelcheck.findings import Report
from panelcheck.units import Kind, at_most, format_quantity


@rule("MEC001")
def rail_overfull(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    for rail in pg.of_kind("rail"):
        widths: Counter[tuple[str, float]] = Counter()
        unknown = 0
        for item in pg.rail_items(rail.key):
            width = getattr(item.part, "width", None)
            if width is None:
                unknown += 1
                continue
            widths[(item.part_number, width.value.magnitude)] += 1
        used = sum(w * n for (_, w), n in widths.items())
        if at_most(used, rail.length):
            continue
        breakdown = ", ".join(
            f"{n} x {number} at {format_quantity(Kind.LENGTH, w)}"
            for (number, w), n in sorted(widths.items())
        )
        skipped = f"; {unknown} item(s) of unknown part not counted" if unknown else ""
        yield Report(
            rail.id,
            f"{rail.pointer}/length",
            f"rail {rail.label}: the items take "
            f"{format_quantity(Kind.LENGTH, used)}, the rail is {rail.length}: "
            f"{format_quantity(Kind.LENGTH, used - rail.length.magnitude)} too long "
            f"({breakdown}; widths from the data sheets){skipped}",
        )
