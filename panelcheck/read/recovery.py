"""Checking the rest of a file whose schema errors sit inside single elements.

One mistyped value (a current without its unit) used to hide every other finding of the
file. Now a schema error inside one element (a net, a rail item, a jumper, a wire, a
load, a waiver) is LAY000 at its position and that element is left out; a schema error
in a ``panel`` field leaves that field out, one in a rail's own ``id``, ``length`` or
``profile`` leaves the rail and what stands on it out, an unknown key outside the
elements is dropped. The rest of the file is validated again and checked, and the
file's exit status stays 2.

Left-out list elements are put back as ``None`` in the validated layout, so that every
other element keeps its index and its findings point at the right place; the graph
builder, the sharing plan and the waivers skip them. What the left-out elements were
called (their ids, the names of left-out nets) is kept in :class:`LeftOut`, so that a
reference to one of them is not reported again as unresolved: the LAY000 already says
what is wrong there.

Recovery needs every schema error of the file, so it is tried only for files whose
errors were all listed (see :data:`panelcheck.read.schema_errors.COMPLETE_REPORT_OBJECTS`);
a larger file with schema errors is checked no further, as before.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from panelcheck.findings import Finding
from panelcheck.read.document import DocumentError
from panelcheck.read.format import validate_extended

_LISTS = ("wires", "loads", "waivers")
_RAIL_OWN = ("id", "length", "profile")


@dataclass(frozen=True)
class LeftOut:
    """What recovery left out: the ids of the elements and the names of the nets."""

    ids: frozenset[str] = frozenset()
    nets: frozenset[str] = frozenset()

    def names(self, reference: str) -> bool:
        """Does ``reference`` (an id, or the id part of ``MODULE:TERMINAL``) name a
        left-out element?"""
        return reference.partition(":")[0] in self.ids


class PartlyInvalid(DocumentError):
    """The file has schema errors inside elements: ``findings`` are their LAY000s, and
    ``layout`` is the rest of the file, validated, with ``left_out`` saying what is
    missing from it."""

    def __init__(self, findings: list[Finding], layout: dict[str, Any], left_out: LeftOut) -> None:
        super().__init__(findings)
        self.layout = layout
        self.left_out = left_out


@dataclass
class _Cut:
    """The parts of a file that recovery removes, by where they are."""

    keys: set[tuple[str | int, ...]] = field(default_factory=set)
    """Dictionary keys to drop: ("panel", key), ("nets", name), (key,), ("rails", i, key)."""
    elements: set[tuple[str | int, ...]] = field(default_factory=set)
    """List elements to leave out: ("rails", i), ("rails", i, "items", j), ("wires", i)."""


def recover(data: Any, errors: Sequence[ErrorDetails]) -> tuple[dict[str, Any], LeftOut] | None:
    """The validated rest of ``data`` without the elements ``errors`` are in, with
    ``None`` where a list element was left out; None when what remains is still not
    format 1 (an error outside any element: the top level, ``format``)."""
    if not isinstance(data, dict):
        return None
    cut = _Cut()
    for error in errors:
        if not _place(data, tuple(error["loc"]), cut):
            return None
    pruned = _pruned(data, cut)
    try:
        layout, _ = validate_extended(pruned)
    except ValidationError:
        return None
    _put_back(layout, cut)
    return layout, _left_out(data, cut)


def _place(data: dict[str, Any], loc: tuple[int | str, ...], cut: _Cut) -> bool:
    """Record what ``loc`` leaves out; False for an error no element holds."""
    if not loc or loc[0] == "format":
        return False
    top = loc[0]
    if top in ("panel", "nets") and len(loc) > 1:
        cut.keys.add((top, loc[1]))
    elif top in _LISTS and len(loc) > 1 and isinstance(loc[1], int):
        cut.elements.add((top, loc[1]))
    elif top == "rails" and len(loc) > 1 and isinstance(loc[1], int):
        _place_in_rail(data, loc, cut)
    else:  # a whole section of the wrong type, or an unknown key at the top
        cut.keys.add((top,))
    return True


def _place_in_rail(data: dict[str, Any], loc: tuple[int | str, ...], cut: _Cut) -> None:
    i = loc[1]
    if len(loc) > 3 and loc[2] in ("items", "jumpers") and isinstance(loc[3], int):
        cut.elements.add(("rails", i, loc[2], loc[3]))
    elif len(loc) > 2 and loc[2] in ("items", "jumpers"):
        cut.keys.add(("rails", i, loc[2]))  # the list itself is of the wrong type
    elif len(loc) > 2 and loc[2] not in _RAIL_OWN and _is_key_of(data, "rails", i, loc[2]):
        cut.keys.add(("rails", i, loc[2]))  # an unknown key on the rail
    else:
        cut.elements.add(("rails", i))  # its id, length or profile: the whole rail


def _is_key_of(data: dict[str, Any], section: str, index: int | str, key: int | str) -> bool:
    rails = data.get(section)
    if not isinstance(rails, list) or not isinstance(index, int) or index >= len(rails):
        return False
    rail = rails[index]
    return isinstance(rail, dict) and key in rail


def _pruned(data: dict[str, Any], cut: _Cut) -> dict[str, Any]:
    """A copy of ``data`` without what ``cut`` names (list elements removed)."""
    pruned = copy.copy(data)
    for key in cut.keys:
        if len(key) == 1:
            pruned.pop(str(key[0]), None)
    for section in ("panel", "nets"):
        drop = {k[1] for k in cut.keys if len(k) == 2 and k[0] == section}
        if drop and isinstance(pruned.get(section), dict):
            pruned[section] = {k: v for k, v in pruned[section].items() if k not in drop}
    for section in _LISTS:
        drop = {k[1] for k in cut.elements if len(k) == 2 and k[0] == section}
        if drop and isinstance(pruned.get(section), list):
            pruned[section] = [e for n, e in enumerate(pruned[section]) if n not in drop]
    rails = pruned.get("rails")
    if isinstance(rails, list):
        pruned["rails"] = [
            _pruned_rail(i, rail, cut)
            for i, rail in enumerate(rails)
            if ("rails", i) not in cut.elements
        ]
    return pruned


def _pruned_rail(i: int, rail: Any, cut: _Cut) -> Any:
    if not isinstance(rail, dict):
        return rail
    rail = {k: v for k, v in rail.items() if ("rails", i, k) not in cut.keys}
    for section in ("items", "jumpers"):
        drop = {k[3] for k in cut.elements if len(k) == 4 and k[:3] == ("rails", i, section)}
        if drop and isinstance(rail.get(section), list):
            rail[section] = [e for n, e in enumerate(rail[section]) if n not in drop]
    return rail


def _put_back(layout: dict[str, Any], cut: _Cut) -> None:
    """``None`` at each left-out list element's index, so the others keep theirs."""
    for section in _LISTS:
        _insert_none(layout, section, {k[1] for k in cut.elements if k[:1] == (section,)})
    rails = layout.get("rails")
    gone = sorted(int(k[1]) for k in cut.elements if len(k) == 2 and k[0] == "rails")
    if rails is None and not gone:
        return
    rails = layout.setdefault("rails", [])
    for i in gone:
        rails.insert(i, None)
    for i, rail in enumerate(rails):
        if rail is None:
            continue
        for section in ("items", "jumpers"):
            at = {k[3] for k in cut.elements if len(k) == 4 and k[:3] == ("rails", i, section)}
            _insert_none(rail, section, at)


def _insert_none(holder: dict[str, Any], section: str, at: set[int | str]) -> None:
    if not at:
        return
    elements = holder.setdefault(section, [])
    for index in sorted(int(i) for i in at):
        elements.insert(index, None)


def _left_out(data: dict[str, Any], cut: _Cut) -> LeftOut:
    """The ids of the left-out elements (a left-out rail's items and jumpers too) and
    the names of the left-out nets, read from the file as it is."""
    ids: set[str] = set()

    def take(element: Any) -> None:
        if isinstance(element, dict) and isinstance(element.get("id"), str):
            ids.add(element["id"])

    for where in cut.elements:
        element = _at(data, where)
        take(element)
        if len(where) == 2 and where[0] == "rails" and isinstance(element, dict):
            for section in ("items", "jumpers"):
                for inner in (
                    element.get(section, ()) if isinstance(element.get(section), list) else ()
                ):
                    take(inner)
    nets = {str(k[1]) for k in cut.keys if len(k) == 2 and k[0] == "nets"}
    return LeftOut(frozenset(ids), frozenset(nets))


def _at(data: Any, where: tuple[str | int, ...]) -> Any:
    node = data
    for step in where:
        if isinstance(node, dict) and isinstance(step, str):
            node = node.get(step)
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
        else:
            return None
    return node
