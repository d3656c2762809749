"""IPX001-IPX004: touch protection and mechanical hold along a rail.

The 859 housings are open on one side: a row of them is IP20 only when that side is
closed by the next module of the same housing family or by an 859-525 end plate. End
stops keep the row from sliding along the rail; a change of module series without a
plate between is flagged because the housings do not close each other.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from panelcheck.catalog import EndPlatePart, ModulePart
from panelcheck.checks import Context, remedies, rule
from panelcheck.findings import Fix, Report
from panelcheck.graph import DeviceNode, ItemNode, ModuleNode, PanelGraph, RailNode


def _neighbour(items: list[ItemNode], index: int, side: str) -> ItemNode | None:
    j = index + (1 if side == "right" else -1)
    return items[j] if 0 <= j < len(items) else None


def _describe(item: ItemNode | None, side: str) -> str:
    if item is None:
        return f"the rail's {'end' if side == 'right' else 'start'}"
    return f"{item.kind.replace('_', ' ')} {item.title}"


@rule("IPX001")
def missing_end_plate(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    for rail in pg.of_kind("rail"):
        items = pg.rail_items(rail.key)
        for i, module in enumerate(items):
            if not isinstance(module, ModuleNode) or module.part is None:
                continue
            open_side = module.part.open_side
            if open_side is None:
                continue
            neighbour = _neighbour(items, i, open_side.side)
            if neighbour is not None and (
                neighbour.kind == "end_plate"
                or (neighbour.part is None and not isinstance(neighbour, DeviceNode))
            ):
                continue  # closed, or a neighbour of unknown part (LAY001 reports it)
            if (
                isinstance(neighbour, ModuleNode)
                and isinstance(neighbour.part, ModulePart)
                and neighbour.part.housing() == module.part.housing()
            ):
                continue
            listed = module.part.end_plates.parts if module.part.end_plates else []
            plates = " or ".join(listed) or "an end plate"
            yield Report(
                module.id,
                module.pointer,
                f"{module.title}: its open {open_side.side}-hand side faces "
                f"{_describe(neighbour, open_side.side)}, which does not close it; "
                f"add {plates} there for IP20 ({open_side.cite()})",
                fix=_plate_fix(pg, rail, module, open_side.side, listed),
            )


def _plate_fix(
    pg: PanelGraph, rail: RailNode, module: ModuleNode, side: str, listed: list[str]
) -> Fix | None:
    """The end plate the module lists (the first the catalog knows), on its open side."""
    plate = remedies.listed(listed, pg.catalog, EndPlatePart)
    if plate is None:
        return None
    index = module.index + 1 if side == "right" else module.index
    return remedies.insert(
        f"{rail.pointer}/items/{index}",
        {"type": "end_plate", "part": plate},
        f"insert end plate {plate} on the {side}-hand side of {module.label}",
    )


@rule("IPX002")
def end_plate_not_listed(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    for rail in pg.of_kind("rail"):
        items = pg.rail_items(rail.key)
        for i, plate in enumerate(items):
            if plate.kind != "end_plate" or plate.part is None:
                continue
            report = _plate_report(pg, items, i, plate)
            if report is not None:
                yield report


def _plate_report(pg: PanelGraph, items: list[ItemNode], i: int, plate: ItemNode) -> Report | None:
    """A plate is judged by the module whose open side it closes, else by its neighbours."""
    neighbours = [
        (side, n, n.part)
        for side in ("left", "right")
        if isinstance(n := _neighbour(items, i, side), ModuleNode) and n.part is not None
    ]
    served = [
        (n, part)
        for side, n, part in neighbours
        if part.open_side is not None and part.open_side.side != side
    ]
    if served:
        refusing = [(m, p) for m, p in served if not _lists(p, plate.part_number)]
    elif any(_lists(part, plate.part_number) for _, _, part in neighbours):
        refusing = []
    else:
        refusing = [(n, part) for _, n, part in neighbours]
    refusing = [(m, p) for m, p in refusing if p.end_plates is not None]  # others: not judged
    if not refusing:
        return None
    module, part = refusing[0]
    assert part.end_plates is not None
    listed = part.end_plates.parts
    lists = f"it lists {', '.join(listed)}" if listed else "it lists no end plate"
    return Report(
        plate.id if plate.id else plate.pointer,
        f"{plate.pointer}/part",
        f"end plate {plate.title} next to {module.title}, "
        f"which does not list it; {lists} ({part.end_plates.cite()})",
    )


def _lists(part: ModulePart, plate: str) -> bool:
    return part.end_plates is not None and plate in part.end_plates.parts


@rule("IPX003")
def missing_end_stop(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    for rail in pg.of_kind("rail"):
        items = pg.rail_items(rail.key)
        if not items:
            continue
        for side, item in (("left", items[0]), ("right", items[-1])):
            if item.kind == "end_stop":
                continue
            yield Report(
                rail.id,
                item.pointer,
                f"rail {rail.label}: the {side} end is {_describe(item, side)}, not an "
                "end stop; without one the row can slide along the rail and open "
                "its joints",
                fix=_stop_fix(pg, rail, items, side),
            )


def _stop_fix(pg: PanelGraph, rail: RailNode, items: list[ItemNode], side: str) -> Fix | None:
    """An end stop at the rail's ``side`` end: the one the module nearest it lists."""
    from_end = items if side == "left" else items[::-1]
    nearest = next((m for m in from_end if isinstance(m, ModuleNode)), None)
    stop = remedies.end_stop(nearest.part if nearest is not None else None, pg.catalog)
    if stop is None:
        return None
    index = 0 if side == "left" else items[-1].index + 1
    return remedies.insert(
        f"{rail.pointer}/items/{index}",
        {"type": "end_stop", "part": stop},
        f"insert end stop {stop} at the {side} end of rail {rail.label}",
    )


@rule("IPX004")
def series_boundary(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    for rail in pg.of_kind("rail"):
        items = pg.rail_items(rail.key)
        for left, right in pairwise(items):
            if not (isinstance(left, ModuleNode) and isinstance(right, ModuleNode)):
                continue
            if left.part is None or right.part is None:
                continue
            if left.part.housing() == right.part.housing():
                continue
            yield Report(
                right.id,
                right.pointer,
                f"{right.label} ({right.part_number}, {right.part.housing()}) sits "
                f"directly next to {left.label} ({left.part_number}, "
                f"{left.part.housing()}); housings of different "
                "series do not close each other: put an end plate or end stop "
                "between them",
            )
