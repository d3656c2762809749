"""NET001: conductive parts that join different nets (a short circuit).

Terminals joined by jumpers (``commons``) and links inside a module (``internal``) are
one conductor. If the terminals of one such component are mapped to two or more nets,
the layout shorts them. The component view also catches shorts that run through a
terminal the layout left unmapped (a jumper into 857-411 terminal 3 whose internal link
reaches terminal 7 on another net).
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from panelcheck.checks import Context, rule
from panelcheck.findings import Report
from panelcheck.graph import JumperNode, PanelGraph, TerminalNode

_CONDUCTIVE = frozenset({"commons", "internal"})


def conductive_components(pg: PanelGraph) -> list[set[str]]:
    """Sets of node keys (terminals and jumpers) joined by conductive edges."""
    edges = [(a, b) for a, b, kind in pg.g.edges(data="kind") if kind in _CONDUCTIVE]
    return [set(c) for c in nx.connected_components(nx.Graph(edges))]


@rule("NET001")
def short_circuit(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    reports = []
    for component in conductive_components(pg):
        terminals = sorted(
            (n for n in map(pg.nodes.get, component) if isinstance(n, TerminalNode)),
            key=lambda t: t.seq,
        )
        nets: dict[str, list[str]] = {}
        for t in terminals:
            if t.net is not None:
                nets.setdefault(t.net, []).append(pg.terminal_title(t.key))
        if len(nets) > 1:
            reports.append(_blame(pg, component, terminals, nets))
    return iter(sorted(reports, key=lambda r: r.pointer))


def _blame(
    pg: PanelGraph, component: set[str], terminals: list[TerminalNode], nets: dict[str, list[str]]
) -> Report:
    joined = " and ".join(f"net {net} ({', '.join(where)})" for net, where in nets.items())
    jumpers = sorted(
        (n for n in map(pg.nodes.get, component) if isinstance(n, JumperNode)), key=lambda j: j.seq
    )
    for jumper in jumpers:
        own = {pg.terminal(t).net for t in pg.neighbours(jumper.key, "commons")} - {None}
        if len(own) > 1:
            return Report(
                jumper.id,
                f"{jumper.pointer}/slot",
                f"jumper {jumper.label} ({jumper.part_number}) joins {joined}: a short circuit",
            )
    for t in terminals:
        for other in pg.neighbours(t.key, "internal"):
            o = pg.terminal(other)
            if t.net is not None and o.net is not None and t.net != o.net:
                module = pg.module(t.module)
                link = pg.g.edges[t.key, other]
                return Report(
                    module.id,
                    module.pointer,
                    f"{module.title} links {t.name} and {o.name} inside the module "
                    f"(rated {link['rating']}), which joins {joined}: a short circuit",
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
