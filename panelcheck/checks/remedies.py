"""The fixes the rules propose, and the parts they choose from the catalog (SPEC 12).

A rule that knows how its finding is removed says so with a :class:`~panelcheck.findings.Fix`
on its report: the change as RFC 6902 operations on the parsed layout, with the part it
puts in chosen here from the catalog, as an engineer would: the end plate the module
lists, the end stop a neighbouring module lists (249-116 where none is listed), the
listed ferrule whose size fits, a jumper compatible with every module it covers with
the same ways and colour. Where the choice is not clear (no listed part, two parts
that fit equally), no fix is proposed: a fix never guesses.

The engine then locates the change in the text and checks the fixed file again
(:mod:`panelcheck.engine.offers`); ``panelcheck validate --fix`` applies what survives
(:mod:`panelcheck.fixes`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from panelcheck.catalog import Catalog, EndStopPart, FerrulePart, JumperPart, ModulePart
from panelcheck.findings import Fix
from panelcheck.units import at_most

DEFAULT_END_STOP = "249-116"
"""The end stop SPEC 12 puts in where the neighbouring module lists none."""


def insert(path: str, value: dict[str, Any], description: str, safe: bool = True) -> Fix:
    return Fix(description, safe, ({"op": "add", "path": path, "value": value},))


def replace(path: str, value: str, description: str, safe: bool = True) -> Fix:
    return Fix(description, safe, ({"op": "replace", "path": path, "value": value},))


def remove(path: str, description: str, safe: bool = True) -> Fix:
    return Fix(description, safe, ({"op": "remove", "path": path},))


def listed(parts: Iterable[str] | None, catalog: Catalog, kind: type[Any]) -> str | None:
    """The first of ``parts`` the catalog knows as a ``kind`` (a listed accessory may be
    unknown: a drafted part lists its accessories before they are drafted)."""
    for number in parts or ():
        if isinstance(catalog.parts.get(number), kind):
            return number
    return None


def end_stop(neighbour: ModulePart | None, catalog: Catalog) -> str | None:
    """The end stop the module nearest the rail's end lists, else 249-116 (when the
    catalog has it as an end stop)."""
    if neighbour is not None and neighbour.end_stops is not None:
        found = listed(neighbour.end_stops.parts, catalog, EndStopPart)
        if found is not None:
            return found
    return listed([DEFAULT_END_STOP], catalog, EndStopPart)


def fitting_ferrule(
    part: ModulePart, cross_section: float, tolerance: float, catalog: Catalog
) -> str | None:
    """The ferrule the module lists whose size is nearest the conductor's and within
    the tolerance WIR002 allows; None when none fits, or two fit equally well."""
    if part.ferrules is None:
        return None
    fits: list[tuple[float, str]] = []
    for number in part.ferrules.parts:
        ferrule = catalog.parts.get(number)
        if not isinstance(ferrule, FerrulePart) or ferrule.cross_section.magnitude <= 0:
            continue
        deviation = abs(cross_section / ferrule.cross_section.magnitude - 1)
        if at_most(deviation, tolerance):
            fits.append((deviation, number))
    fits.sort()
    if not fits or (len(fits) > 1 and fits[0][0] == fits[1][0]):
        return None
    return fits[0][1]


def colour(name: str) -> str:
    """A jumper colour for comparison: case, "grey" and hyphens aside, and the gray
    281-482 and the light gray 859-4xx bars as one colour (SPEC 12)."""
    spelled = name.casefold().replace("grey", "gray").replace("-", " ").strip()
    return "gray" if spelled in ("gray", "light gray") else spelled


def jumper_like(
    catalog: Catalog,
    current: JumperPart,
    modules: Iterable[ModulePart | None],
    *,
    ways: int | None = None,
    colours: Iterable[str] | None = None,
    same_series: bool = False,
) -> str | None:
    """A jumper part every one of ``modules`` lists (a module whose sheet lists none is
    not asked), with ``ways`` (default: the current part's) and of the first of
    ``colours`` one exists in (default: the current part's colour); with
    ``same_series``, only the current part in another colour (the number before its
    ``/`` suffix the same). Of several, the one whose number is most like the current
    one's, then the lowest number."""
    wanted_ways = current.ways if ways is None else ways
    wanted = [colour(c) for c in (colours if colours is not None else [current.colour])]
    lists = [p.jumpers.parts for p in modules if p is not None and p.jumpers is not None]
    base = current.number.partition("/")[0]
    for want in wanted:
        found = [
            part.number
            for part in catalog
            if isinstance(part, JumperPart)
            and part.number != current.number
            and part.ways == wanted_ways
            and colour(part.colour) == want
            and all(part.number in numbers for numbers in lists)
            and (not same_series or part.number.partition("/")[0] == base)
        ]
        if found:
            return min(found, key=lambda n: (-_common_prefix(n, current.number), n))
    return None


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n
