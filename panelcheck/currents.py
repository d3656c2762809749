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

The result is stored on the graph (``derived["currents"]``) and as ``current`` edge
attributes, so the checks and ``panelcheck graph`` share one computation.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from panelcheck.graph import CONDUCTIVE, ModuleNode, PanelGraph


@dataclass(frozen=True)
class EdgeCurrent:
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
    draws: dict[str, float] = field(default_factory=dict)
    edges: dict[frozenset[str], EdgeCurrent] = field(default_factory=dict)

    def through(self, a: str, b: str) -> EdgeCurrent | None:
        return self.edges.get(frozenset((a, b)))


def current_model(pg: PanelGraph) -> CurrentModel:
    """The current model of a panel, computed once per graph."""
    model = pg.derived.get("currents")
    if model is None:
        model = CurrentModel(draws=terminal_draws(pg))
        for component in pg.conductors():
            _solve(pg, model, component)
        for edge in model.edges.values():
            attrs = pg.g.edges[edge.near, edge.far]
            attrs["current"] = round(edge.current, 9)
            attrs["worst_case"] = edge.worst_case
        pg.derived["currents"] = model
    return model


def terminal_draws(pg: PanelGraph) -> dict[str, float]:
    """Current drawn at each terminal, in A (only terminals that draw anything)."""
    draws: dict[str, float] = {}

    def add(terminal: str, amps: float) -> None:
        if amps > 0:
            draws[terminal] = draws.get(terminal, 0.0) + amps

    def loads(terminal: str) -> float:
        return sum(c for c in map(pg.load_current, pg.loads_at(terminal)) if c is not None)

    for terminal in pg.of_kind("terminal"):
        add(terminal.key, loads(terminal.key))
    for module in pg.of_kind("module"):
        assert isinstance(module, ModuleNode)
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
    members = set(terminals)
    nets = []
    for key in terminals:
        net = pg.net(pg.terminal(key).potential)
        if net is not None and net not in nets:
            nets.append(net)
    for net in nets:
        if net.feed in members:
            return net.feed, f"fed at {pg.terminal_title(net.feed)}"
    if not nets:
        return None, "worst case: no net mapped on this conductor, so no feed is known"
    fed_elsewhere = [n for n in nets if n.feed is not None]
    if fed_elsewhere:
        net = fed_elsewhere[0]
        assert net.feed is not None
        return None, (
            f"worst case: net {net.id} is fed at {pg.terminal_title(net.feed)}, "
            "not on this conductor"
        )
    return None, f"worst case: net {nets[0].id} has no feed"


def _solve(pg: PanelGraph, model: CurrentModel, terminals: list[str]) -> None:
    feed, basis = _feed_of(pg, terminals)
    members = set(terminals)
    edges = [
        (a, b, kind)
        for a in terminals
        for b, d in pg.g.adj[a].items()
        if (kind := d["kind"]) in CONDUCTIVE and b in members and a < b
    ]
    if feed is not None and len(edges) >= len(terminals):
        # More edges than a tree has: parallel paths whose split is unknown.
        feed, basis = None, f"{basis}; worst case: the conductor forms a loop"
    if feed is None:
        total = sum(model.draws.get(t, 0.0) for t in terminals)
        for a, b, kind in edges:
            model.edges[frozenset((a, b))] = EdgeCurrent(
                a, b, kind, total, basis, True, len(terminals)
            )
        return
    parent, order = _tree(pg, feed, members)
    below = {t: model.draws.get(t, 0.0) for t in terminals}
    count = dict.fromkeys(terminals, 1)
    for node in reversed(order):
        up = parent.get(node)
        if up is not None:
            below[up] += below[node]
            count[up] += count[node]
    for a, b, kind in edges:
        near, far = (a, b) if parent.get(b) == a else (b, a)
        model.edges[frozenset((a, b))] = EdgeCurrent(
            near, far, kind, below[far], basis, False, count[far]
        )


def _tree(pg: PanelGraph, root: str, members: set[str]) -> tuple[dict[str, str], list[str]]:
    """Breadth-first tree of the conductor from its feed: parent links and visit order."""
    parent: dict[str, str] = {}
    order, queue = [root], deque([root])
    seen = {root}
    while queue:
        node = queue.popleft()
        for other, data in pg.g.adj[node].items():
            if data["kind"] in CONDUCTIVE and other in members and other not in seen:
                seen.add(other)
                parent[other] = node
                order.append(other)
                queue.append(other)
    return parent, order
