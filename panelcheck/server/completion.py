"""Completion: what may go where the cursor is, in the layout's terms.

What is offered depends on the field, as a designer would expect:

- an item's ``part``: parts of the item's type (a module, an end plate, an end stop;
  any of the three before the type is written), from the catalog the document is
  checked with (the shipped parts and the configuration's catalog folders);
- a jumper's ``part``: jumpers, those the ``from`` module lists first; a wire's
  ``ferrule``: ferrules, those the module it lands on lists first;
- a key of a ``terminals`` map: the item's terminal names not mapped yet; its value, a
  jumper's ``slot`` (the ``from`` module's jumper slots first): as fits;
- ``"MODULE:TERMINAL"`` (a wire's or load's ``terminal``, a net's ``feed``): the module
  ids followed by a colon, and after the colon that module's terminals;
- net names where a net is meant; ids in a jumper's ``from`` (the rail's own modules)
  and a waiver's ``subject`` (with nets, part numbers and approval marks); rule codes in
  a waiver's ``rule``; approval marks in ``panel.approvals``;
- anywhere else, the values the JSON Schema enumerates (``panel.pollution_degree``,
  ``loads[].kind``, ``rails[].profile``, an item's ``type``) and, on a key, the
  properties the object may still take.

Items replace the whole string under the cursor (or insert a quoted one where there is
none), so accepting one never leaves half of the old text behind.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from lsprotocol import types

from panelcheck.catalog import Catalog, ModulePart
from panelcheck.engine.ruleset import RuleInfo
from panelcheck.server.columns import Lines
from panelcheck.server.context import Path, Spot
from panelcheck.server.names import Names

_ITEM_KINDS = ("module", "end_plate", "end_stop")
"""Item types whose ``part`` is a catalog part of that kind."""


@dataclass(frozen=True)
class Choice:
    """One thing to offer: the value, a short label beside it, and whether it comes
    first (listed by the part it belongs to)."""

    value: str | int
    detail: str = ""
    first: bool = False
    kind: types.CompletionItemKind = types.CompletionItemKind.Value


def choices(
    spot: Spot, names: Names, catalog: Catalog, rules: Mapping[str, RuleInfo]
) -> list[Choice]:
    """What may go at the spot (the prefix is left to the editor's own filtering)."""
    path = spot.path
    if spot.role == "key":
        if _is(path[:-1], "rails", int, "items", int, "terminals"):
            return _terminal_keys(spot, names, catalog)
        return _properties(path[:-1], spot)
    field = path[-1] if path else None
    if _is(path, "rails", int, "items", int, "part"):
        if spot.siblings.get("type") == "device":
            return []  # a device's part is the maker's number, not a catalog part
        kinds = (
            [spot.siblings["type"]]
            if spot.siblings.get("type") in _ITEM_KINDS
            else list(_ITEM_KINDS)
        )
        return _parts(catalog, kinds)
    if _is(path, "rails", int, "jumpers", int, "part"):
        return _parts(
            catalog, ["jumper"], _listed(names, catalog, spot.siblings.get("from"), "jumpers")
        )
    if _is(path, "wires", int, "ferrule"):
        module = spot.siblings.get("terminal", "").partition(":")[0]
        return _parts(catalog, ["ferrule"], _listed(names, catalog, module, "ferrules"))
    if _is(path, "rails", int, "jumpers", int, "from"):
        rail = spot.outer.get("id")
        return [
            Choice(
                c.id,
                f"{c.part or c.type} on rail {c.rail}",
                c.rail == rail,
                types.CompletionItemKind.Reference,
            )
            for c in names.carriers.values()
        ]
    if _is(path, "rails", int, "jumpers", int, "slot"):
        return _slots(names, catalog, spot.siblings.get("from"))
    if _is(path, "rails", int, "items", int, "terminals", str):
        return [Choice(net, "net", kind=types.CompletionItemKind.Constant) for net in names.nets]
    if field in ("terminal", "feed") and (
        _is(path, "wires", int, str) or _is(path, "loads", int, str) or _is(path, "nets", str, str)
    ):
        return _terminal_references(spot, names, catalog)
    if _is(path, "waivers", int, "rule"):
        return [
            Choice(code, info.summary, kind=types.CompletionItemKind.Keyword)
            for code, info in rules.items()
        ]
    if _is(path, "waivers", int, "subject"):
        return [
            Choice(subject, kind=types.CompletionItemKind.Reference) for subject in names.subjects()
        ]
    if _is(path, "panel", "approvals", int):
        return [
            Choice(mark, "approval mark", kind=types.CompletionItemKind.EnumMember)
            for mark in sorted(set(catalog.approval_marks().values()))
        ]
    return [
        Choice(value, "", kind=types.CompletionItemKind.EnumMember)
        for value in _enumerated(path, spot)
    ]


def _is(path: Path, *pattern: object) -> bool:
    """Whether ``path`` matches ``pattern``: literal keys, or ``int``/``str`` for any
    index or key."""
    if len(path) != len(pattern):
        return False
    for token, want in zip(path, pattern, strict=True):
        if isinstance(want, type):
            if not isinstance(token, want):
                return False
        elif token != want:
            return False
    return True


def _parts(catalog: Catalog, kinds: list[str], first: Iterable[str] = ()) -> list[Choice]:
    preferred = set(first)
    return [
        Choice(
            part.number, part.description, part.number in preferred, types.CompletionItemKind.Module
        )
        for part in catalog
        if part.kind in kinds
    ]


def _listed(names: Names, catalog: Catalog, module: str | None, section: str) -> list[str]:
    """The parts of ``section`` (jumpers, ferrules) the module's part lists."""
    carrier = names.carriers.get(module or "")
    part = catalog.get(carrier.part) if carrier and carrier.part else None
    listed = getattr(part, section, None) if isinstance(part, ModulePart) else None
    return list(getattr(listed, "parts", None) or ())


def _slots(names: Names, catalog: Catalog, module: str | None) -> list[Choice]:
    carrier = names.carriers.get(module or "")
    if carrier is None:
        return []
    part = catalog.get(carrier.part) if carrier.part else None
    slots = part.jumper_slots.names if isinstance(part, ModulePart) and part.jumper_slots else []
    return [
        Choice(
            name,
            "jumper slot" if name in slots else "terminal",
            name in slots,
            types.CompletionItemKind.Field,
        )
        for name in carrier.terminals(catalog)
    ]


def _terminal_keys(spot: Spot, names: Names, catalog: Catalog) -> list[Choice]:
    carrier = names.carriers.get(spot.outer.get("id", ""))
    if carrier is None:
        return []
    taken = set(spot.siblings) - {spot.text}
    return [
        Choice(name, f"terminal of {carrier.id}", kind=types.CompletionItemKind.Field)
        for name in carrier.terminals(catalog, typing=spot.text)
        if name not in taken
    ]


def _terminal_references(spot: Spot, names: Names, catalog: Catalog) -> list[Choice]:
    module, colon, _ = spot.prefix.rpartition(":")
    if colon and module in names.carriers:
        carrier = names.carriers[module]
        return [
            Choice(
                f"{module}:{name}",
                carrier.mapped.get(name) or "terminal",
                kind=types.CompletionItemKind.Field,
            )
            for name in carrier.terminals(catalog)
        ]
    return [
        Choice(
            f"{c.id}:", f"{c.part or c.type} on rail {c.rail}", kind=types.CompletionItemKind.Module
        )
        for c in names.carriers.values()
    ]


# -- from the JSON Schema ---------------------------------------------------------------
@cache
def _schema() -> dict[str, Any]:
    from panelcheck.read.format import json_schema

    return json_schema()


def _resolve(path: Path, item_type: str | None) -> list[dict[str, Any]]:
    """The schemas that describe the value at ``path`` (several where the format has a
    choice: an item before its type is known)."""
    root = _schema()
    found = [root]
    for token in path:
        following: list[dict[str, Any]] = []
        for schema in _branches(root, found, item_type):
            if isinstance(token, int):
                if isinstance(schema.get("items"), dict):
                    following.append(schema["items"])
            elif token in schema.get("properties", {}):
                following.append(schema["properties"][token])
            elif isinstance(schema.get("additionalProperties"), dict):
                following.append(schema["additionalProperties"])
            else:
                following += [
                    inner
                    for pattern, inner in schema.get("patternProperties", {}).items()
                    if pattern != "^x-"
                ]
        found = following
    return list(_branches(root, found, item_type))


def _branches(
    root: dict[str, Any], schemas: list[dict[str, Any]], item_type: str | None
) -> Iterable[dict[str, Any]]:
    """Each schema with its references followed and its choices spread out."""
    pending = list(schemas)
    while pending:
        schema = pending.pop(0)
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            pending.insert(0, root["$defs"][ref.removeprefix("#/$defs/")])
            continue
        mapping = schema.get("discriminator", {}).get("mapping", {})
        if item_type in mapping:
            pending.insert(0, {"$ref": mapping[item_type]})
            continue
        choices = [*schema.get("oneOf", ()), *schema.get("anyOf", ())]
        if choices:
            pending[:0] = choices
            continue
        yield schema


def _enumerated(path: Path, spot: Spot) -> list[str | int]:
    values: list[str | int] = []
    for schema in _resolve(path, spot.siblings.get("type")):
        for value in [*schema.get("enum", ()), *([schema["const"]] if "const" in schema else ())]:
            if isinstance(value, str | int) and value not in values:
                values.append(value)
    return values


def _properties(path: Path, spot: Spot) -> list[Choice]:
    taken = set(spot.siblings)
    out: list[Choice] = []
    for schema in _resolve(path, spot.siblings.get("type")):
        for name, inner in schema.get("properties", {}).items():
            if name not in taken and name != spot.text and all(c.value != name for c in out):
                detail = inner.get("description", "") if isinstance(inner, dict) else ""
                out.append(Choice(name, detail, kind=types.CompletionItemKind.Property))
    return out


# -- as LSP items ----------------------------------------------------------------------
def completion_items(spot: Spot, found: list[Choice], lines: Lines) -> list[types.CompletionItem]:
    """The choices as items that replace the string under the cursor: its content
    between the quotes, or the whole token (quoted as JSON) outside them and for a
    number (``"pollution_degree": 2``, never ``"2"``)."""
    inner_end, closing = spot.end, '"'  # a string still open is closed by the choice
    if spot.quoted and spot.end - spot.start >= 2 and lines.text[spot.end - 1] == '"':
        inner_end, closing = spot.end - 1, ""
    inside = lines.range(spot.start + 1, inner_end) if spot.quoted else None
    whole = lines.range(spot.start, spot.end)
    items = []
    for rank, choice in enumerate(sorted(found, key=lambda c: not c.first)):
        shown = str(choice.value)
        if inside is not None and isinstance(choice.value, str):
            where, written = inside, json.dumps(shown, ensure_ascii=False)[1:-1] + closing
        else:
            where, written = whole, json.dumps(choice.value, ensure_ascii=False)
        items.append(
            types.CompletionItem(
                label=shown,
                kind=choice.kind,
                detail=choice.detail or None,
                sort_text=f"{rank:06d}",
                filter_text=shown,
                text_edit=types.TextEdit(range=where, new_text=written),
            )
        )
    return items
