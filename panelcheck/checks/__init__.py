"""The checks, one module per rule family, registered by code.

A check is a function that takes a :class:`Context` and yields
:class:`~panelcheck.findings.Report` values; the ``@rule("JMP001")`` decorator files it
under its code. Rule metadata (name, severity, explanation) lives in ``rules/rules.toml``,
not here. Family modules are imported only when one of their rules is selected, so a
run that checks one family does not pay for the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
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
