"""Sharing one large panel between processes: each builds and checks a run of rails.

Building the graph and running the checks are most of a large panel's run, and both are
local to a rail: a jumper bar, an internal link, a conductor, a rail's fill and its end
plates never leave their rail, and a wire, a load or a net's feed lands in one terminal
of one module. So the rails can be cut into contiguous shares, each built and checked by
a process of its own (forked, so the parsed and validated layout is shared, not copied),
and the findings merged. Every element is built in exactly one share: a rail's items and
jumpers with the rail, a wire or a load with the module it lands on. Nets are built in
every share (a share's terminals may be on any net); a net's feed is resolved in the
share that holds its module and known to the others by its terminal key.

Only a layout whose references all resolve in that simple way is shared: ids unique,
every jumper's ``from`` a module on its own rail, every wire and load landing on a
module, every feed naming a terminal its module has. Anything else (a layout with
reference problems, whose messages name elements across the panel) is checked whole in
one process. The findings are the same either way; the tests hold the two ways to that
on every sample, rule example and on generated panels.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from panelcheck.catalog import Catalog, ModulePart


@dataclass(frozen=True)
class Share:
    """The rails one process builds and checks, and what it needs to know of the rest."""

    rails: range
    modules: frozenset[str]
    """Ids of the modules on these rails."""
    landing: Mapping[str, list[int]]
    """Indexes of the wires and of the loads that land on these rails (built here)."""
    feeds: Mapping[str, str]
    """Every net's feed as a terminal key, for nets fed on another share's rails."""

    def holds(self, reference: str) -> bool:
        """Whether ``MODULE:TERMINAL`` lands on this share's rails."""
        return reference.partition(":")[0] in self.modules


@dataclass(frozen=True)
class Plan:
    shares: list[Share]
    ids: frozenset[str]
    """Every id in the layout (for waiver subjects, which may name any element)."""


def plan(layout: Mapping[str, Any], catalog: Catalog, processes: int) -> Plan | None:
    """How to share a validated layout over up to ``processes`` processes, or None when
    it is not worth it or its references do not allow it (see the module docstring).

    One pass over the layout, in comprehensions: it runs before any work is shared.
    """
    rails = layout.get("rails", [])
    if processes < 2 or len(rails) < 2:
        return None
    ids: list[str] = [rail["id"] for rail in rails]
    module_rail: dict[str, int] = {}
    landing_rail: dict[str, int] = {}
    """Devices, which wires, loads and feeds may land on but jumpers may not start at."""
    modules: dict[str, Mapping[str, Any]] = {}
    weights = []
    for i, rail in enumerate(rails):
        items = rail.get("items", ())
        weights.append(len(items))
        named = [item for item in items if "id" in item]
        ids += [item["id"] for item in named]
        for item in named:
            if item["type"] == "module":
                module_rail[item["id"]] = i
                modules[item["id"]] = item
            elif item["type"] == "device":
                landing_rail[item["id"]] = i
                modules[item["id"]] = item
        jumpers = rail.get("jumpers", ())
        ids += [jumper["id"] for jumper in jumpers]
        if any(module_rail.get(jumper["from"]) != i for jumper in jumpers):
            return None  # a jumper starting off its rail, or not at a module
    targets: dict[str, list[int]] = {}
    for section in ("wires", "loads"):
        elements = layout.get(section, ())
        ids += [element["id"] for element in elements]
        found = [
            module_rail.get(target, landing_rail.get(target, -1))
            for target in (e["terminal"].partition(":")[0] for e in elements)
        ]
        if -1 in found:
            return None  # landing on something that is not a module
        for rail_index, count in Counter(found).items():
            weights[rail_index] += count
        targets[section] = found
    unique = set(ids)
    if len(unique) != len(ids):
        return None
    feeds: dict[str, str] = {}
    for name, net in layout.get("nets", {}).items():
        feed = net.get("feed")
        if feed is None:
            continue
        module, _, terminal = feed.partition(":")
        if module not in modules or terminal not in _terminal_names(modules[module], catalog):
            return None
        feeds[name] = f"terminal:{module}:{terminal}"
    cuts = _cuts(weights, processes)
    if len(cuts) < 2:
        return None
    by_rail: dict[int, list[str]] = {}
    for module, rail_index in [*module_rail.items(), *landing_rail.items()]:
        by_rail.setdefault(rail_index, []).append(module)
    shares = [
        Share(
            rails=span,
            modules=frozenset(m for i in span for m in by_rail.get(i, ())),
            landing={
                section: [n for n, rail_index in enumerate(found) if rail_index in span]
                for section, found in targets.items()
            },
            feeds=feeds,
        )
        for span in cuts
    ]
    return Plan(shares, frozenset(unique))


def _terminal_names(item: Mapping[str, Any], catalog: Catalog) -> Collection[str]:
    """The terminals the graph gives a module or device item: its part's, or if the item
    is a device or its part is not a known module naming terminals, the ones the layout
    maps."""
    part = catalog.parts.get(item["part"]) if item["type"] == "module" else None
    if isinstance(part, ModulePart) and part.terminals is not None:
        return part.terminals.names
    mapped: Collection[str] = item.get("terminals", {})
    return mapped


def _cuts(weights: list[int], parts: int) -> list[range]:
    """Contiguous runs of rails of about equal weight (no empty run)."""
    total = sum(weights)
    spans: list[range] = []
    start, running = 0, 0
    for i, weight in enumerate(weights):
        running += weight
        left = len(weights) - i - 1
        wanted = total * (len(spans) + 1) / parts
        if len(spans) < parts - 1 and left > 0 and running >= wanted:
            spans.append(range(start, i + 1))
            start = i + 1
    spans.append(range(start, len(weights)))
    return [span for span in spans if len(span)]
