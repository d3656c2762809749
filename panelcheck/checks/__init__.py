"""The checks, one module per rule family, registered by code.

A check is a function that takes a :class:`Context` and yields
:class:`~panelcheck.findings.Report` values; the ``@rule("JMP001")`` decorator files it
under its code. Rule metadata (name, severity, explanation) lives in ``rules/rules.toml``,
not here. Family modules are imported only when one of their rules is selected, so a
run that checks one family does not pay for the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from panelcheck.findings import Report

if TYPE_CHECKING:
    from panelcheck.graph import PanelGraph

FAMILY_MODULES = {
    "LAY": "panelcheck.checks.layout",
    "JMP": "panelcheck.checks.jumpers",
    "NET": "panelcheck.checks.nets",
    "WIR": "panelcheck.checks.wiring",
    "GLD": "panelcheck.checks.gold",
    "IPX": "panelcheck.checks.enclosure",
    "ELE": "panelcheck.checks.electrical",
    "MEC": "panelcheck.checks.mechanical",
}
# Produced by the engine itself rather than by a check over the graph: LAY000 when the
# file cannot be read as format 1, LAY006 when waivers are applied.
ENGINE_CODES = frozenset({"LAY000", "LAY006"})


@dataclass
class Context:
    """What a check gets: the panel's graph and the rule's parameters."""

    graph: PanelGraph
    params: Mapping[str, Any] = field(default_factory=dict)


Check = Callable[[Context], Iterable[Report]]
_REGISTRY: dict[str, Check] = {}


def rule(code: str) -> Callable[[Check], Check]:
    """Register a check function under its rule code."""

    def register(fn: Check) -> Check:
        if code in _REGISTRY:
            raise RuntimeError(f"rule {code} registered twice")
        _REGISTRY[code] = fn
        return fn

    return register


def checks_for(codes: Iterable[str]) -> dict[str, Check]:
    """The check functions for ``codes``, importing only the families needed."""
    wanted = [c for c in codes if c not in ENGINE_CODES]
    for family in sorted({c[:3] for c in wanted}):
        module = FAMILY_MODULES.get(family)
        if module:
            importlib.import_module(module)
    return {c: _REGISTRY[c] for c in wanted if c in _REGISTRY}


def all_checks() -> dict[str, Check]:
    """Every registered check (imports every family)."""
    for module in FAMILY_MODULES.values():
        importlib.import_module(module)
    return dict(_REGISTRY)


NAMED_IN_MESSAGE = 5
"""Ids or terminals a message names from a list before it says "and N more"."""


def few(names: Sequence[str], separator: str = ", ", last: str = ", ") -> str:
    """``names`` for a finding message: all of them when there are at most
    :data:`NAMED_IN_MESSAGE`, else the first ones and how many more.

    A list comes from the layout, which can put 300,000 wires in one terminal or loads
    on one contact; a message naming them all would be megabytes long, in every report
    format, once per finding. The caller gives the names in a deterministic order (file
    order, as the graph keeps them), so the same layout always names the same few.
    ``last`` joins the last two of a short list (``" and "`` for "K1, K2 and K3"); a
    short list reads exactly as it did before lists were cut.
    """
    if len(names) > NAMED_IN_MESSAGE:
        shown = separator.join(names[:NAMED_IN_MESSAGE])
        return f"{shown} and {len(names) - NAMED_IN_MESSAGE} more"
    if len(names) < 2:
        return "".join(names)
    return f"{separator.join(names[:-1])}{last}{names[-1]}"
