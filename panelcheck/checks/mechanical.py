"""MEC001-MEC003: does everything fit on the rail, in the enclosure, on the profile?"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from panelcheck.catalog import ModulePart
from panelcheck.checks import Context, rule
from panelcheck.findings import Report, few
from panelcheck.graph import DeviceNode, RailNode
from panelcheck.read.fieldtypes import DEFAULT_PROFILE
from panelcheck.units import Kind, at_most, format_quantity


@rule("MEC001")
def rail_overfull(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    for rail in pg.of_kind("rail"):
        widths: Counter[tuple[str, float]] = Counter()
        unknown = 0
        for item in pg.rail_items(rail.key):
            width = item.extent
            if width is None:
                unknown += 1
                continue
            name = f"{item.label} (device)" if isinstance(item, DeviceNode) else item.part_number
            widths[(name, width.magnitude)] += 1
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
            f"({breakdown}; widths from the data sheets and the layout's devices){skipped}",
        )


PROFILE_HEIGHTS: dict[str, float] = {"35x7.5": 7.5, "35x15": 15.0, "15x5.5": 5.5, "G32": 15.0}
"""How far each rail profile stands off the mounting plate, in mm (EN 60715; the
G-section rail, 32 mm wide, is 15 mm deep)."""


def _profile(rail: RailNode) -> tuple[str, str]:
    """The rail's profile, and how a message says it (``35x7.5, assumed: not given``)."""
    if rail.profile is not None:
        return rail.profile, f"profile {rail.profile}"
    return DEFAULT_PROFILE, f"profile {DEFAULT_PROFILE} (assumed: the rail gives no profile)"


@rule("MEC002")
def enclosure_depth(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    depth = pg.layout.get("panel", {}).get("depth")
    if depth is None:
        return
    for rail in pg.of_kind("rail"):
        profile, said = _profile(rail)
        below = PROFILE_HEIGHTS[profile]
        for item in pg.rail_items(rail.key):
            part = item.part
            height = getattr(part, "height", None) if isinstance(part, ModulePart) else None
            if height is None:
                continue
            needed = below + height.value.magnitude
            if at_most(needed, depth):
                continue
            yield Report(
                item.id,
                item.pointer,
                f"{item.title}: needs {format_quantity(Kind.LENGTH, needed)} of depth "
                f"({format_quantity(Kind.LENGTH, below)} rail, {said}, + "
                f"{height.value} above the rail), the panel has {depth} "
                f"({height.cite()})",
            )


@rule("MEC003")
def rail_profile(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    for rail in pg.of_kind("rail"):
        profile, said = _profile(rail)
        for item in pg.rail_items(rail.key):
            mounting = getattr(item.part, "mounting", None)
            if mounting is None or profile in mounting.profiles:
                continue
            yield Report(
                item.id if item.id is not None else item.pointer,
                item.pointer,
                f"{item.title}: rail {rail.label} is {said}; the part mounts on "
                f"{few(mounting.profiles, last=' and ')} only ({mounting.cite()})",
            )
