"""APR001, APR002: approval marks and hazardous-area certificates the panel requires.

A module's approvals are what its sheet's approval tables show, under one canonical
mark each (the 859-390 sheet's "DNV GL" is DNV); a sheet that shows none gives an empty
list, and the module then lacks every mark. A mark the layout asks for that no part in
the catalog carries is a typo or a mark panelcheck cannot judge: LAY003, not APR001.
"""

from __future__ import annotations

from collections.abc import Iterator

from panelcheck.checks import Context, rule
from panelcheck.findings import Report, few
from panelcheck.graph import PanelGraph


def _required_marks(pg: PanelGraph) -> list[str]:
    """The canonical marks the panel requires, known ones only, each once."""
    known = pg.catalog.approval_marks()
    marks: list[str] = []
    for mark in pg.layout.get("panel", {}).get("approvals", ()):
        canonical = known.get(mark.casefold())
        if canonical is not None and canonical not in marks:
            marks.append(canonical)
    return marks


@rule("APR001")
def missing_approval(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    required = _required_marks(pg)
    if not required:
        return
    for module in pg.of_kind("module"):
        part = module.part
        if part is None or part.approvals is None:
            continue
        has = {a.mark.casefold() for a in part.approvals.marks}
        missing = [m for m in required if m.casefold() not in has]
        if not missing:
            continue
        carried = (
            f"its data sheet shows {few([a.mark for a in part.approvals.marks], last=' and ')}"
            if part.approvals.marks
            else "its data sheet shows no approval"
        )
        noun = "approval" if len(missing) == 1 else "approvals"
        yield Report(
            module.id,
            module.pointer,
            f"{module.title}: lacks the {few(missing, last=' and ')} {noun} the panel "
            f"requires; {carried} ({part.approvals.cite()})",
        )


@rule("APR002")
def hazardous_area(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    area = pg.layout.get("panel", {}).get("hazardous_area")
    if area is None:
        return
    for module in pg.of_kind("module"):
        part = module.part
        if part is None or part.hazardous_areas is None:
            continue
        certificates = part.hazardous_areas.certificates
        if any(c.area == area for c in certificates):
            continue
        if certificates:
            held = "its certificates are for " + few(
                sorted({c.area for c in certificates}), last=" and "
            )
        else:
            held = "its data sheet shows no hazardous-area certificate"
        yield Report(
            module.id,
            module.pointer,
            f"{module.title}: the panel is in a hazardous area ({area}) and the module "
            f"has no certificate for it; {held} ({part.hazardous_areas.cite()})",
        )
