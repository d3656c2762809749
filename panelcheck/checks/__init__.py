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

FAMILY_MODULES: dict[str, tuple[str, ...]] = {
    "LAY": ("panelcheck.checks.layout", "panelcheck.checks.not_judged"),
    "JMP": ("panelcheck.checks.jumpers",),
    "NET": ("panelcheck.checks.nets",),
    "WIR": ("panelcheck.checks.wiring",),
    "GLD": ("panelcheck.checks.gold",),
    "IPX": ("panelcheck.checks.enclosure",),
    "ELE": ("panelcheck.checks.electrical", "panelcheck.checks.switching"),
    "ENV": ("panelcheck.checks.environment",),
    "MEC": ("panelcheck.checks.mechanical",),
    "APR": ("panelcheck.checks.approvals",),
}
"""The modules holding each family's checks (a family may span several modules)."""
# Produced by the engine itself rather than by a check over the graph: LAY000 when the
# file cannot be read as format 1, LAY006 when waivers are applied.
ENGINE_CODES = frozenset({"LAY000", "LAY006"})


@dataclass
class Context:
    """What a check gets: the panel's graph and the rule's parameters."""

    graph: PanelGraph
    params: Mapping[str, Any] = field(default_factory=dict)


Check = Callable[[Context], Iterable[Report]]
Combine = Callable[[list[Report]], list[Report]]
_REGISTRY: dict[str, Check] = {}
_COMBINE: dict[str, Combine] = {}


def rule(code: str, combine: Combine | None = None) -> Callable[[Check], Check]:
    """Register a check function under its rule code.

    ``combine`` is for a rule whose findings speak of the file as a whole (LAY008: once
    per part number and file): its check yields one report per element, and the engine
    hands every report of the file to ``combine`` once, after the reports of a panel
    checked in shares are merged, so the findings do not depend on how it was shared.
    """

    def register(fn: Check) -> Check:
        if code in _REGISTRY:
            raise RuntimeError(f"rule {code} registered twice")
        _REGISTRY[code] = fn
        if combine is not None:
            _COMBINE[code] = combine
        return fn

    return register


def combined(code: str, reports: list[Report]) -> list[Report]:
    """The reports of a file for rule ``code``, combined where the rule asks for it."""
    combine = _COMBINE.get(code)
    return reports if combine is None else combine(reports)


def checks_for(codes: Iterable[str]) -> dict[str, Check]:
    """The check functions for ``codes``, importing only the families needed."""
    wanted = [c for c in codes if c not in ENGINE_CODES]
    for family in sorted({c[:3] for c in wanted}):
        for module in FAMILY_MODULES.get(family, ()):
            importlib.import_module(module)
    return {c: _REGISTRY[c] for c in wanted if c in _REGISTRY}


def all_checks() -> dict[str, Check]:
    """Every registered check (imports every family)."""
    for modules in FAMILY_MODULES.values():
        for module in modules:
            importlib.import_module(module)
    return dict(_REGISTRY)
