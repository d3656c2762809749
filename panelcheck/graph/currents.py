"""The current model (SPEC section 5), computed over the graph.

Every terminal *draws* a current:

- a module's own consumption from the catalog (coil, control input, supply) on its
  ``plus`` terminal, and the same back on its ``minus`` (return) terminal, as if every
  coil were energised;
- the loads connected at the terminal (a load given by impedance draws its net's voltage
  over it);
- a relay's COM terminal the larger of the load currents on its NO and NC terminals, as
  if every contact were closed; likewise a solid-state relay's load-supply terminal
  carries the loads on its output.

Terminals joined by jumper bar segments and internal links form conductors. Within a
conductor the current through an edge is the sum of the draws on the side of the edge
away from the net's ``feed``: a bar fed at one end carries nearly everything through its
first segment, the same bar fed in the middle carries about half each way. Without a
feed on the conductor the direction is unknown, so every edge is taken to carry all the
draws of the conductor (the worst case), and :attr:`EdgeCurrent.basis` says so.

The result is kept on the graph (``analyses.currents``), so the checks and
``panelcheck graph`` (which writes it onto the conductive edges) share one computation.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from panelcheck.graph.panel import PanelGraph
from panelcheck.graph.records import NetNode, TerminalNode


class EdgeCurrent(NamedTuple):
    """The current through one conductive edge, and what it is based on."""

    near: str
    far: str
    kind: str
    current: float
    basis: str
    worst_case: bool
    beyond: int

    def explain(self) -> str:
        """Where the current comes from, for a finding message."""
        if self.worst_case:
            counted = f"all draws of the {self.beyond} terminals on the conductor counted"
        else:
            plural = "s" if self.beyond != 1 else ""
            counted = f"the draws of {self.beyond} terminal{plural} beyond it"
        return f"{self.basis}; {counted}"


@dataclass
class CurrentModel:
    """The current each terminal draws, and through each conductive edge."""

    draws: dict[str, float] = field(default_factory=dict)
    edges: dict[tuple[str, str], EdgeCurrent] = field(default_factory=dict)
    """By (a, b) with a < b."""

    def through(self, a: str, b: str) -> EdgeCurrent | None:
        return self.edges.get((a, b) if a < b else (b, a))


def current_model(pg: PanelGraph) -> CurrentModel:
    """The current model of a panel, computed once per graph."""
    analyses = pg.analyses
    model = analyses.currents
    if model is None:
        model = CurrentModel(draws=terminal_draws(pg))
        for component in pg.conductors():
            _solve(pg, model, component)
        analyses.currents = model
        if analyses.view is not None:
            pg.annotate_currents(analyses.view)
    return model


def terminal_draws(pg: PanelGraph) -> dict[str, float]:
    """Current drawn at each terminal, in A (only terminals that draw anything)."""
    draws: dict[str, float] = {}

    def add(terminal: str, amps: float) -> None:
        if amps > 0:
            draws[terminal] = draws.get(terminal, 0.0) + amps

    load_at = pg.load_at

    def loads(terminal: str) -> float:
        keys = pg.terminal(terminal).loads
        if not keys:
            return 0.0
        currents = (pg.load_current(load_at[k]) for k in keys)
        return sum(c for c in currents if c is not None)

    for load in pg.of_kind("load"):
        if load.terminal is not None:
            add(load.terminal, pg.load_current(load) or 0.0)
    for module in pg.of_kind("module"):
        part = module.part
        if part is None:
            continue
        if part.input is not None and part.input.current is not None:
            add(module.terminals[part.input.plus], part.input.current.magnitude)
            add(module.terminals[part.input.minus], part.input.current.magnitude)
        if part.contacts is not None:
            for contact in part.contacts.terminals.sets:
                sides = [loads(module.terminals[t]) for t in (contact.no, contact.nc) if t]
                add(module.terminals[contact.com], max(sides, default=0.0))
        if part.ssr_output is not None:
            output = part.ssr_output
            add(module.terminals[output.supply], loads(module.terminals[output.output]))
    return draws


def _feed_of(pg: PanelGraph, terminals: list[str]) -> tuple[str | None, str]:
    """The feed terminal on this conductor, and a phrase for messages."""
    nodes, nets = pg.terminal_at, pg.nets
    found: dict[str, NetNode] = {}
    for key in terminals:
        name = nodes[key].potential
        if name is not None and name not in found and name in nets:
            found[name] = nets[name]
    if not found:
        return None, "worst case: no net mapped on this conductor, so no feed is known"
    members = set(terminals) if len(found) > 1 else terminals  # one test: a scan will do
    for net in found.values():
        if net.feed is not None and net.feed in members:
            return net.feed, f"fed at {pg.terminal_title(net.feed)}"
    for net in found.values():
        if net.feed is not None:
            return None, (
                f"worst case: net {net.id} is fed at {pg.terminal_title(net.feed)}, "
                "not on this conductor"
            )
    return None, f"worst case: net {next(iter(found))} has no feed"


def _solve(pg: PanelGraph, model: CurrentModel, terminals: list[str]) -> None:
    nodes, draws, result = pg.terminal_at, model.draws, model.edges
    feed, basis = _feed_of(pg, terminals)
    edges: dict[tuple[str, str], str] = {}
    for a in terminals:
        terminal = nodes[a]
        for b, _ in terminal.links:
            edges.setdefault((a, b) if a < b else (b, a), "internal")
        for b, _ in terminal.segments:
            edges.setdefault((a, b) if a < b else (b, a), "segment")
    if feed is not None and len(edges) >= len(terminals):
        # More edges than a tree has: parallel paths whose split is unknown.
        feed, basis = None, f"{basis}; worst case: the conductor forms a loop"
    if feed is None:
        total = sum(draws.get(t, 0.0) for t in terminals)
        size = len(terminals)
        for (a, b), kind in edges.items():
            result[(a, b)] = EdgeCurrent(a, b, kind, total, basis, True, size)
        return
    parent, order = _tree(nodes, feed)
    below = {t: draws.get(t, 0.0) for t in terminals}
    count = dict.fromkeys(terminals, 1)
    for node in reversed(order):
        up = parent.get(node)
        if up is not None:
            below[up] += below[node]
            count[up] += count[node]
    for (a, b), kind in edges.items():
        near, far = (a, b) if parent.get(b) == a else (b, a)
        result[(a, b)] = EdgeCurrent(near, far, kind, below[far], basis, False, count[far])


def _tree(nodes: Mapping[str, TerminalNode], root: str) -> tuple[dict[str, str], list[str]]:
    """Breadth-first tree of the conductor from its feed: parent links and visit order."""
    parent: dict[str, str] = {}
    order, queue = [root], deque([root])
    seen = {root}
    while queue:
        key = queue.popleft()
        terminal = nodes[key]
        for links in (terminal.links, terminal.segments):
            for other, _ in links:
                if other not in seen:
                    seen.add(other)
                    parent[other] = key
                    order.append(other)
                    queue.append(other)
    return parent, order
