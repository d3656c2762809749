"""ENV001-ENV005: the panel's environment against what each module's sheet permits.

The layout states the installation's conditions once, in ``panel`` (altitude,
condensation, pollution degree, overvoltage category, EMC environment); each module
whose sheet states the matching fact is judged against it. A module whose sheet is
silent is not judged: LAY008 names it, so a clean report never hides a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from panelcheck.checks import Context, rule
from panelcheck.findings import Report
from panelcheck.graph import PanelGraph
from panelcheck.read.fieldtypes import OvervoltageCategory
from panelcheck.units import at_most

OVERVOLTAGE_ORDER: dict[OvervoltageCategory, int] = {"I": 1, "II": 2, "III": 3, "IV": 4}


def _judge(
    pg: PanelGraph,
    key: str,
    section: str,
    fails: Callable[[Any, Any], bool],
    says: Callable[[Any, Any], str],
) -> Iterator[Report]:
    """Each module whose part states ``section`` and fails against ``panel.<key>``:
    ``fails(value, fact)`` decides, ``says(value, fact)`` words the message (after the
    module's title; the citation is added)."""
    value = pg.layout.get("panel", {}).get(key)
    if value is None:
        return
    for module in pg.of_kind("module"):
        fact = getattr(module.part, section, None) if module.part is not None else None
        if fact is None or not fails(value, fact):
            continue
        yield Report(
            module.id, module.pointer, f"{module.title}: {says(value, fact)} ({fact.cite()})"
        )


@rule("ENV001")
def altitude(ctx: Context) -> Iterator[Report]:
    return _judge(
        ctx.graph,
        "altitude",
        "altitude",
        lambda height, limit: not at_most(height, limit.max),
        lambda height, limit: (
            f"the panel is installed at {height}, above its maximum "
            f"operating altitude of {limit.max}"
        ),
    )


@rule("ENV002")
def condensation(ctx: Context) -> Iterator[Report]:
    return _judge(
        ctx.graph,
        "condensation",
        "condensation",
        lambda wet, rule_: wet is True and not rule_.permitted,
        lambda _, __: "condensation can occur in the panel, and its data sheet permits none",
    )


@rule("ENV003")
def pollution_degree(ctx: Context) -> Iterator[Report]:
    return _judge(
        ctx.graph,
        "pollution_degree",
        "pollution_degree",
        lambda degree, rated: degree > rated.value,
        lambda degree, rated: (
            f"the panel is pollution degree {degree}, above its pollution degree {rated.value}"
        ),
    )


@rule("ENV004")
def overvoltage_category(ctx: Context) -> Iterator[Report]:
    return _judge(
        ctx.graph,
        "overvoltage_category",
        "overvoltage_category",
        lambda category, rated: OVERVOLTAGE_ORDER[category] > OVERVOLTAGE_ORDER[rated.value],
        lambda category, rated: (
            f"the panel is overvoltage category {category}, above its "
            f"overvoltage category {rated.value}"
        ),
    )


@rule("ENV005")
def emc_environment(ctx: Context) -> Iterator[Report]:
    return _judge(
        ctx.graph,
        "emc_environment",
        "emc_emission",
        lambda where, emission: where == "residential" and emission.environment == "industrial",
        lambda _, emission: (
            "the panel is in a residential environment, and its emission "
            f"of interference is rated to {emission.standard}, for industrial environments only"
        ),
    )
