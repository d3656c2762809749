"""NET001: conductive parts that join different nets (a short circuit).

Terminals joined by jumper bars and links inside a module are one conductor (see
:meth:`PanelGraph.conductors`). If the terminals of one conductor are mapped to two or
more nets, the layout shorts them. Reasoning per conductor also catches shorts that run
through a terminal the layout left unmapped (a jumper into 857-411 terminal 3 whose
internal link reaches terminal 7 on another net).
"""

from __future__ import annotations

from collections.abc import Iterator

from panelcheck.checks import Context, rule
from panelcheck.findings import Report, few
from panelcheck.graph import JumperNode, PanelGraph, TerminalNode


@rule("NET001")
def short_circuit(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    reports = []
    for conductor in pg.conductors():
        terminals = [pg.terminal(k) for k in sorted(conductor, key=lambda k: pg.nodes[k].seq)]
        nets: dict[str, list[str]] = {}
        for t in terminals:
            if t.net is not None:
                nets.setdefault(t.net, []).append(pg.terminal_title(t.key))
        if len(nets) > 1:
            reports.append(_blame(pg, terminals, nets))
    return iter(sorted(reports, key=lambda r: r.pointer))


def _blame(pg: PanelGraph, terminals: list[TerminalNode], nets: dict[str, list[str]]) -> Report:
    joined = few(
        [f"net {net} ({few(where)})" for net, where in nets.items()], " and ", last=" and "
    )
    on_conductor = {j for t in terminals for j in t.jumpers}
    jumpers = sorted(
        (node for k in on_conductor if isinstance(node := pg.nodes[k], JumperNode)),
        key=lambda j: j.seq,
    )
    for jumper in jumpers:
        own = {pg.terminal(t).net for t in jumper.terminals} - {None}
        if len(own) > 1:
            return Report(
                jumper.id,
                f"{jumper.pointer}/slot",
                f"jumper {jumper.label} ({jumper.part_number}) joins {joined}: a short circuit",
            )
    for t in terminals:
        for other, rating in t.links:
            o = pg.terminal(other)
            if t.net is not None and o.net is not None and t.net != o.net:
                module = pg.module(t.module)
                return Report(
                    module.id,
                    module.pointer,
                    f"{module.title} links {t.name} and {o.name} inside the module "
                    f"(rated {rating}), which joins {joined}: a short circuit",
                )
    if jumpers:
        first = jumpers[0]
        return Report(
            first.id,
            f"{first.pointer}/slot",
            f"jumper {first.label} ({first.part_number}) is part of a conductor "
            f"that joins {joined} through links inside the modules: a short circuit",
        )
    module = pg.module(terminals[0].module)
    return Report(
        module.id,
        module.pointer,
        f"{module.title}: its internal links join {joined}: a short circuit",
    )
