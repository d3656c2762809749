"""Turning seed layouts into hostile inputs: byte-level and structure-aware mutations.

Two families, because they find different bugs. Byte-level mutations (bit flips, odd
bytes, truncation, splicing, re-encoding) attack the reader: decoding, the JSON parsers,
the position index. Structure-aware mutations parse a seed, change values, types, keys
and references, and serialize it again (in varied whitespace, sometimes with duplicate
keys written by hand), so that most inputs stay valid JSON and reach the schema, the
graph, the checks and the waivers, where a byte flip would only ever meet the parser.

Everything here is driven by one ``random.Random`` so that a run is reproducible from its
seed.
"""

from __future__ import annotations

import json
import random
import tomllib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# --- interesting values ---------------------------------------------------------------

QUANTITIES: tuple[str, ...] = (
    "1e999 mm^2",
    "10**10**10 A",
    "-5 A",
    "nan V",
    "NaN mA",
    "inf V DC",
    "-inf degC",
    "",
    " ",
    "0",
    "0 mm^2",
    "-0 mm^2",
    "-0.75 mm^2",
    "0.75",
    "0.75 mm^3",
    "0.75 mm^^2",
    "0.75 mm²²",
    "1e-999 A",
    "1e308 A",
    "1.7976931348623157e308 V DC",
    "4.9e-324 mA",
    "9" * 400 + " mA",
    "0." + "0" * 400 + "1 A",
    "1_000 mA",
    "0x10 A",
    "1/2 A",
    "(1) A",
    "2 * 3 A",
    "A",
    "mm",
    "24 V AC DC",
    "24 VDCAC",
    "24 V dc",
    "24 v",
    "24 kV",
    "24 MV DC",
    "24 µV",
    "24 uV",
    "24 μV",
    "230VAC",
    "18 AWG",
    "AWG 18",
    "AWG 0",
    "AWG -1",
    "AWG 1000",
    "99999 AWG",
    "4/0 AWG",
    "0000 AWG",
    "AWG",
    "-273.15 degC",
    "-300 degC",
    "-500 K",
    "1e30 degC",
    "0 K",
    "45 °C",
    "45 °F",
    "45 degF",
    "45 kelvin",
    "300 mm",
    "0 mm",
    "-300 mm",
    "1e6 km",
    "3 ft",
    "500 Ω",
    "500 ohm",
    "0 ohm",
    "-1 kohm",
    "4.6 kohm",
    "1e999 ohm",
    "50 mA",
    "0.05 A",
    "5 mA mA",
    "5 m A",
    "5\u00a0mA",
    "5\tmA",
    "5\nmA",
    "５ mA",
    "٥ mA",
    "5 ｍA",
    "5 mA\u0000",
    "\u202e5 mA",
    "5 mA" + " " * 1000,
    "1" * 5000 + " A",
    "0.75 mm^2 " * 50,
    "__import__('os') A",
    "1e1e1 V",
    "1.2.3 V",
    "+5 A",
    "++5 A",
    ".5 A",
    "5. A",
    "5e A",
    "5 meter",
    "5 A/s",
    "5 A*s",
    "5 dimensionless",
    "5 percent",
    "5 %",
)

STRINGS: tuple[str, ...] = (
    "",
    " ",
    "K1",
    "K1:",
    ":A1",
    "K1:A1:B",
    "K1::A1",
    "::",
    ":",
    "K1 A1",
    "X1",
    "/",
    "~",
    "~0",
    "~1",
    "/rails/0",
    "a/b~c",
    "\u0000",
    "\ud800",
    "\udfff",
    "\ud83d\ude00",
    "😀",
    "é",
    "e\u0301",
    "\u2028",
    "\u202e",
    "\ufeff",
    "\x1b[31mred",
    "null",
    "None",
    "true",
    "__proto__",
    "constructor",
    "$ref",
    "x-",
    "%s%s%n",
    "{0}",
    "{}",
    "[]",
    "<script>alert(1)</script>",
    "]]></x>",
    "&amp;",
    '"',
    "\\",
    "\n",
    "\r\n",
    "\t",
    "A" * 100,
    "A" * 101,
    "A" * 201,
    "B" * 20_000,
    "ü" * 3000,
)

PARTS: tuple[str, ...] = (
    "859-390",
    "859-386",
    "859-353",
    "857-411",
    "859-753",
    "859-525",
    "249-116",
    "249-117",
    "249-197",
    "281-482",
    "859-402",
    "859-402/000-006",
    "859-403/000-005",
    "859-404",
    "859-405/000-029",
    "859-410",
    "216-221",
    "216-222",
    "216-224",
    "216-321",
    "000-000",
    "859-390 ",
    "859-",
    "",
)

RULES: tuple[str, ...] = (
    *tomllib.loads((Path(__file__).parent.parent / "rules" / "rules.toml").read_text("utf-8")),
    "ABC123",  # codes no rule has, and ones of the wrong shape
    "ZZZ999",
    "lay000",
    "LAY0000",
)
"""Every rule of the rule set (read from its data, so a new rule is waived too), then
codes that are wrong."""

DATES: tuple[str, ...] = (
    "2024-06-30",
    "2999-12-31",
    "9999-12-31",
    "0001-01-01",
    "0000-01-01",
    "2024-02-30",
    "2023-02-29",
    "2024-02-29",
    "2024-13-01",
    "2024-6-3",
    "20240630",
    "2024-06-30T00:00:00",
    "2024-06-30Z",
    "-2024-06-30",
    "+10000-01-01",
    "2024-W26",
    "tomorrow",
    "",
)

CONDUCTORS = ("solid", "stranded", "fine_stranded", "Solid", "", "aluminium")
ITEM_TYPES = ("module", "end_plate", "end_stop", "jumper", "Module", "", "wire")
SLOTS = ("A1", "A2", "11", "12", "14", "1", "2", "+", "-", "", "A1 ", "Z9")
NETS = ("+24V", "0V", "L1", "N", "PE", "+5V", "DO-1", "missing", "")

# Values of any type, for replacing a subtree; RawToken emits text json cannot produce.


@dataclass(frozen=True)
class RawToken:
    """Literal JSON text emitted as is by :func:`serialize` (huge numbers, deep nesting)."""

    text: str


def _deep(rng: random.Random) -> RawToken:
    depth = rng.choice((63, 64, 65, 100, 199, 200, 201, 1000, 5000, 100_000))
    opener = rng.choice(("[", '{"x-a":', "[{}, ["))
    closer = {"[": "]", '{"x-a":': "}", "[{}, [": "]]"}[opener]
    return RawToken(opener * depth + "0" + closer * depth)


def _odd_value(rng: random.Random) -> Any:
    choice = rng.randrange(14)
    if choice == 0:
        return rng.choice((None, True, False))
    if choice == 1:
        return rng.choice((0, -1, 1, 2**31, 2**63, 2**64, -(2**63) - 1))
    if choice == 2:
        return rng.choice((1e308, -1e308, 5e-324, 0.0, -0.0, 0.5))
    if choice == 3:
        return RawToken(rng.choice(("1e999", "-1e999", "1" + "0" * 5000, "-0", "1E400", "0e0")))
    if choice == 4:
        return RawToken(rng.choice(("NaN", "Infinity", "-Infinity")))
    if choice == 5:
        return []
    if choice == 6:
        return {}
    if choice == 7:
        return rng.choice(QUANTITIES)
    if choice == 8:
        return rng.choice(STRINGS)
    if choice == 9:
        return [rng.choice(STRINGS)]
    if choice == 10:
        return {"x-a": rng.choice(STRINGS)}
    if choice == 11:
        return _deep(rng)
    if choice == 12:
        return rng.choice(PARTS)
    return rng.choice(RULES + DATES + CONDUCTORS + ITEM_TYPES + SLOTS + NETS)


# --- walking a parsed document ---------------------------------------------------------

Slot = tuple[Any, Any]  # (container, key or index)


def _slots(doc: Any, limit: int = 4000) -> list[Slot]:
    """Every (container, key) in the document, breadth first, up to ``limit``."""
    out: list[Slot] = []
    queue = deque([doc])
    while queue and len(out) < limit:
        node = queue.popleft()
        if isinstance(node, dict):
            for key, value in node.items():
                out.append((node, key))
                queue.append(value)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                out.append((node, index))
                queue.append(value)
    return out


def _objects(doc: Any) -> list[dict[str, Any]]:
    return [c[k] for c, k in _slots(doc) if isinstance(c[k], dict)] + (
        [doc] if isinstance(doc, dict) else []
    )


def _lists(doc: Any) -> list[list[Any]]:
    found = [c[k] for c, k in _slots(doc) if isinstance(c[k], list)]
    return found + ([doc] if isinstance(doc, list) else [])


def _ids(doc: Any) -> list[str]:
    return [o["id"] for o in _objects(doc) if isinstance(o.get("id"), str)]


def _net_names(doc: Any) -> list[str]:
    nets = doc.get("nets") if isinstance(doc, dict) else None
    return [n for n in nets if isinstance(n, str)] if isinstance(nets, dict) else []


def _modules(doc: Any) -> list[dict[str, Any]]:
    return [o for o in _objects(doc) if o.get("type") == "module"]


def _terminal_refs(doc: Any, rng: random.Random) -> list[str]:
    """MODULE:TERMINAL strings: real ones, a missing module, a missing terminal."""
    refs = ["K404:A1", "K1:ZZ", ":", "K1:", ":A1"]
    for module in _modules(doc):
        mid = module.get("id")
        terminals = module.get("terminals")
        if isinstance(mid, str):
            refs.append(f"{mid}:{rng.choice(SLOTS)}")
            if isinstance(terminals, dict) and terminals:
                refs.append(f"{mid}:{rng.choice(list(terminals))}")
    return refs


# --- structure-aware mutations ----------------------------------------------------------

Mutation = Callable[[Any, random.Random], Any]


QUANTITY_KEYS = frozenset(
    ("voltage", "current", "impedance", "cross_section", "length", "strip_length", "ambient")
)


def m_quantity(doc: Any, rng: random.Random) -> Any:
    """Swap a value for an odd quantity (every quantity is a string with a unit), mostly
    where the format expects a quantity, so that the unit parser sees it."""
    slots = _slots(doc)
    strings = [(c, k) for c, k in slots if k in QUANTITY_KEYS and isinstance(c, dict)]
    if not strings or rng.random() < 0.3:
        strings = [(c, k) for c, k in slots if isinstance(c[k], str)]
    if strings:
        c, k = rng.choice(strings)
        c[k] = rng.choice(QUANTITIES)
    return doc


def m_odd_value(doc: Any, rng: random.Random) -> Any:
    """Replace any value with one of another type or an extreme one."""
    slots = _slots(doc)
    if not slots:
        return _odd_value(rng)
    c, k = rng.choice(slots)
    c[k] = _odd_value(rng)
    return doc


def m_string(doc: Any, rng: random.Random) -> Any:
    """Replace a string with an odd one (pointer characters, unicode, very long)."""
    strings = [(c, k) for c, k in _slots(doc) if isinstance(c[k], str)]
    if strings:
        c, k = rng.choice(strings)
        c[k] = rng.choice(STRINGS) if rng.random() < 0.8 else c[k] + rng.choice(STRINGS)
    return doc


def m_delete_key(doc: Any, rng: random.Random) -> Any:
    """Delete a key or a list element (required keys included)."""
    slots = _slots(doc)
    if slots:
        c, k = rng.choice(slots)
        del c[k]
    return doc


def m_add_key(doc: Any, rng: random.Random) -> Any:
    """Add an unknown key, an ``x-`` key (free for tools, any value) or an odd key."""
    objects = _objects(doc)
    if not objects:
        return doc
    target = rng.choice(objects)
    key = rng.choice(
        (
            "x-" + rng.choice(STRINGS),
            "x-",
            "X-a",
            "unknown",
            "",
            "/",
            "~1",
            "a~0b/c",
            "id",
            "type",
            "\ud800",
            "😀",
            "k" * 300,
        )
    )
    target[key] = _deep(rng) if rng.random() < 0.3 else _odd_value(rng)
    return doc


def m_rename_key(doc: Any, rng: random.Random) -> Any:
    """Rename a key to a pointer-hostile or unicode one, keeping its value."""
    objects = [o for o in _objects(doc) if o]
    if objects:
        target = rng.choice(objects)
        old = rng.choice(list(target))
        target[rng.choice(STRINGS[:30]) + rng.choice(("", old))] = target.pop(old)
    return doc


def m_duplicate_id(doc: Any, rng: random.Random) -> Any:
    """Give an element the id of another (or its own rail's, or a net's name)."""
    holders = [o for o in _objects(doc) if "id" in o]
    ids = _ids(doc)
    nets = _net_names(doc)
    if holders and (ids or nets):
        rng.choice(holders)["id"] = rng.choice(ids + nets)
    return doc


def m_reference(doc: Any, rng: random.Random) -> Any:
    """Point a reference (jumper from, wire/load terminal, net feed, waiver subject, a
    terminal's net) at a missing, self or other element."""
    ids = [*_ids(doc), "K404", "", "X1", "JB1"]
    refs = _terminal_refs(doc, rng)
    nets = _net_names(doc)
    choices: list[Callable[[], None]] = []
    for obj in _objects(doc):
        if "from" in obj:
            choices.append(lambda o=obj: o.__setitem__("from", rng.choice(ids)))
        if "terminal" in obj:
            choices.append(lambda o=obj: o.__setitem__("terminal", rng.choice(refs)))
        if "voltage" in obj:
            choices.append(lambda o=obj: o.__setitem__("feed", rng.choice(refs)))
        if "rule" in obj:
            choices.append(lambda o=obj: o.__setitem__("subject", rng.choice(ids + nets)))
        if obj.get("type") == "module" and isinstance(obj.get("terminals"), dict):
            terms = obj["terminals"]
            pool = [*nets, *NETS]
            choices.append(
                lambda t=terms, p=pool: t.__setitem__(rng.choice(SLOTS), rng.choice(p) or "x")
            )
    if choices:
        rng.choice(choices)()
    return doc


def m_part(doc: Any, rng: random.Random) -> Any:
    """Change a part number to another known (possibly wrong-kind) or unknown part."""
    holders = [o for o in _objects(doc) if "part" in o or "ferrule" in o]
    if holders:
        target = rng.choice(holders)
        target["ferrule" if "ferrule" in target and rng.random() < 0.5 else "part"] = rng.choice(
            PARTS
        )
    return doc


def m_enum(doc: Any, rng: random.Random) -> Any:
    """Change a type, conductor, slot, format, rule or date to another or invalid one."""
    objects = _objects(doc)
    if not objects:
        return doc
    target = rng.choice(objects)
    field, pool = rng.choice(
        (
            ("type", ITEM_TYPES),
            ("conductor", CONDUCTORS),
            ("slot", SLOTS),
            ("rule", RULES),
            ("expires", DATES),
            ("reason", ("", " ", None, "ok", "x" * 5000)),
        )
    )
    target[field] = rng.choice(pool)
    if isinstance(doc, dict) and rng.random() < 0.1:
        doc["format"] = rng.choice(("panelcheck/2", "panelcheck/1 ", "PANELCHECK/1", "", 1))
    return doc


def m_grow_list(doc: Any, rng: random.Random) -> Any:
    """Repeat a list's elements: many items on a rail (sometimes past the large-panel
    threshold of 2,000), many wires, many waivers. The growth is capped in bytes
    (usually 300 kB, rarely 8 MB): a few hundred megabytes would only meet the 20 MB
    limit, and would take the fuzzer longer to write than panelcheck to refuse."""
    lists = [x for x in _lists(doc) if x]
    if not lists:
        return doc
    target = rng.choice(lists)
    size = rng.choice((2, 3, 10, 100, 500, 2100, 20_000))
    copies = [clone(rng.choice(target)) for _ in range(min(size, 50))]
    budget = 8_000_000 if rng.random() < 0.01 else 300_000
    each = max(len(json.dumps(c, default=lambda raw: raw.text)) for c in copies) + 2
    size = min(size, max(1, budget // each))
    target.extend(copies[i % len(copies)] for i in range(size))
    return doc


def m_empty(doc: Any, rng: random.Random) -> Any:
    """Empty a list or object (empty rails, no nets, no items, no terminals)."""
    containers = [x for x in _lists(doc) + _objects(doc) if x and x is not doc]
    if containers:
        rng.choice(containers).clear()
    elif isinstance(doc, dict) and rng.random() < 0.5:
        doc["rails"] = [{"id": "X1", "length": "0 mm", "items": []}]
    return doc


def m_shuffle(doc: Any, rng: random.Random) -> Any:
    """Reorder a list (mounting order matters: end plates, end stops, jumper reach)."""
    lists = [x for x in _lists(doc) if len(x) > 1]
    if lists:
        target = rng.choice(lists)
        if rng.random() < 0.5:
            rng.shuffle(target)
        else:
            target.reverse()
    return doc


def m_swap_subtrees(doc: Any, rng: random.Random) -> Any:
    """Copy one subtree over another (a rail where an item belongs, a net in a wire)."""
    slots = _slots(doc)
    if len(slots) > 1:
        (c1, k1), (c2, k2) = rng.sample(slots, 2)
        value = c1[k1]
        if not _contains(value, c2):
            c2[k2] = clone(value)
    return doc


def clone(value: Any) -> Any:
    """A deep copy (raw tokens are immutable and shared); faster than copy.deepcopy. A
    value nested too deep to copy recursively is shared instead."""
    try:
        return _clone(value)
    except RecursionError:
        return value


def _clone(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _clone(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clone(v) for v in value]
    return value


def _contains(tree: Any, node: Any) -> bool:
    """True when ``node`` is ``tree`` or inside it (copying would make a cycle). Without
    recursion: a corpus entry may be nested as deep as the JSON parser allows."""
    stack = [tree]
    while stack:
        current = stack.pop()
        if current is node:
            return True
        if isinstance(current, dict):
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return False


def m_new_element(doc: Any, rng: random.Random) -> Any:
    """Add a freshly made module, jumper, wire, load, net or waiver referring to what the
    document already holds."""
    if not isinstance(doc, dict):
        return doc
    ids = _ids(doc) or ["K1"]
    refs = _terminal_refs(doc, rng)
    nets = _net_names(doc)
    kind = rng.randrange(6)
    rails = doc.get("rails")
    rail = rng.choice(rails) if isinstance(rails, list) and rails else None
    if kind == 0 and isinstance(rail, dict) and isinstance(rail.get("items"), list):
        terminals = {rng.choice(SLOTS) or "A1": rng.choice(nets or list(NETS)) or "x"}
        module = {"type": "module", "id": rng.choice([*ids, "K9"]), "part": rng.choice(PARTS)}
        module["terminals"] = terminals
        rail["items"].insert(rng.randint(0, len(rail["items"])), module)
    elif kind == 1 and isinstance(rail, dict):
        jumper = {"id": f"JB{rng.randrange(9)}", "part": rng.choice(PARTS)}
        jumper.update(slot=rng.choice(SLOTS), **{"from": rng.choice(ids)})
        _append(rail, "jumpers", jumper)
    elif kind == 2:
        wire = {"id": f"W{rng.randrange(9)}", "terminal": rng.choice(refs)}
        wire.update(cross_section=rng.choice(QUANTITIES[30:60]), conductor="fine_stranded")
        if rng.random() < 0.5:
            wire["ferrule"] = rng.choice(PARTS)
        _append(doc, "wires", wire)
    elif kind == 3:
        load = {"id": f"L{rng.randrange(9)}", "terminal": rng.choice(refs)}
        load[rng.choice(("current", "impedance"))] = rng.choice(QUANTITIES)
        _append(doc, "loads", load)
    elif kind == 4 and isinstance(doc.get("nets"), dict):
        net = {"voltage": rng.choice(QUANTITIES[20:45])}
        if rng.random() < 0.5:
            net["feed"] = rng.choice(refs)
        doc["nets"][rng.choice(NETS + STRINGS[:20]) or "n"] = net
    else:
        waiver = {"rule": rng.choice(RULES), "subject": rng.choice(ids + nets)}
        waiver.update(reason=rng.choice(("ok", "", None)), expires=rng.choice(DATES))
        _append(doc, "waivers", waiver)
    return doc


def _append(doc: dict[str, Any], key: str, value: Any) -> None:
    if not isinstance(doc.get(key), list):
        doc[key] = []
    doc[key].append(value)


def m_replace_root(doc: Any, rng: random.Random) -> Any:
    """The whole document becomes something that is not a layout object."""
    return rng.choice(([doc], "panelcheck/1", 0, None, [], {}, {"format": "panelcheck/1"}))


def big_panel(doc: Any, rng: random.Random, items: int = 2100) -> Any:
    """The panel's rails copied until it has ``items`` rail items or more, every id made
    unique and every reference renamed with it: a large panel the command line shares
    over processes rail by rail (a panel with duplicate ids or dangling references is
    checked whole, so copying alone would never reach that code)."""
    if not isinstance(doc, dict) or not isinstance(doc.get("rails"), list) or not doc["rails"]:
        return doc
    rails = [r for r in doc["rails"] if isinstance(r, dict) and isinstance(r.get("items"), list)]
    per_copy = sum(len(r["items"]) for r in rails)
    if not per_copy:
        return doc
    copies = -(-items // per_copy)
    doc["rails"] = [_renamed(r, n) for n in range(copies) for r in rails]
    for section in ("wires", "loads"):
        elements = [e for e in doc.get(section, ()) if isinstance(e, dict)]
        if elements:
            doc[section] = [_renamed(e, n) for n in range(copies) for e in elements]
    nets = doc.get("nets")
    if isinstance(nets, dict):
        for net in nets.values():
            if isinstance(net, dict) and isinstance(net.get("feed"), str):
                net["feed"] = _suffix_module(net["feed"], rng.randrange(copies))
    return doc


def _renamed(element: dict[str, Any], n: int) -> dict[str, Any]:
    """A copy of a rail, wire or load with every id and reference given suffix ``n``."""
    copy = clone(element)
    inside = [
        x for key in ("items", "jumpers") if isinstance(copy.get(key), list) for x in copy[key]
    ]
    for obj in [copy, *inside]:
        if not isinstance(obj, dict):
            continue
        for key in ("id", "from"):
            if isinstance(obj.get(key), str):
                obj[key] = f"{obj[key]}-{n}"
    if isinstance(copy.get("terminal"), str):
        copy["terminal"] = _suffix_module(copy["terminal"], n)
    return copy


def _suffix_module(reference: str, n: int) -> str:
    module, colon, terminal = reference.partition(":")
    return f"{module}-{n}{colon}{terminal}"


STRUCTURE_MUTATIONS: tuple[tuple[Mutation, int], ...] = (
    (m_quantity, 10),
    (m_odd_value, 8),
    (m_string, 6),
    (m_delete_key, 6),
    (m_add_key, 5),
    (m_rename_key, 3),
    (m_duplicate_id, 5),
    (m_reference, 10),
    (m_part, 6),
    (m_enum, 5),
    (m_grow_list, 2),
    (m_empty, 3),
    (m_shuffle, 4),
    (m_swap_subtrees, 3),
    (m_new_element, 8),
    (m_replace_root, 1),
)


LIGHT_MUTATIONS: tuple[Mutation, ...] = (m_quantity, m_reference, m_part, m_delete_key, m_enum)
"""Mutations cheap on a large document and unlikely to make it small again."""


def mutate_structure(doc: Any, rng: random.Random) -> Any:
    """Apply one to four structure-aware mutations to a parsed document (in place)."""
    functions = [m for m, _ in STRUCTURE_MUTATIONS]
    weights = [w for _, w in STRUCTURE_MUTATIONS]
    for mutation in rng.choices(functions, weights, k=rng.choice((1, 1, 2, 3, 4))):
        doc = mutation(doc, rng)
    return doc


# --- serialization ---------------------------------------------------------------------


@dataclass
class Style:
    """How a document is written back: whitespace, escaping, duplicate keys."""

    indent: str | None
    colon: str
    ensure_ascii: bool
    newline: str
    duplicate_rate: float
    escape_rate: float

    @classmethod
    def random(cls, rng: random.Random) -> Style:
        return cls(
            indent=rng.choice((None, None, "", "  ", "    ", "\t", " \t ")),
            colon=rng.choice((": ", ":", " : ", ":\n")),
            ensure_ascii=rng.random() < 0.3,
            newline=rng.choice(("\n", "\n", "\r\n", "\r")),
            duplicate_rate=rng.choice((0.0, 0.0, 0.0, 0.02, 0.2)),
            escape_rate=rng.choice((0.0, 0.0, 0.0, 0.0, 0.1, 1.0)),
        )


def serialize(doc: Any, rng: random.Random, style: Style | None = None) -> str:
    """JSON text for ``doc``; raw tokens verbatim, with ``duplicate_rate`` some members
    written twice (json.dumps cannot write a duplicate key), and with ``escape_rate``
    some characters of strings and keys written as \\u escapes (positions are found by
    scanning the text, where ``"id"`` and ``"\\u0069d"`` differ)."""
    style = style or Style.random(rng)
    try:  # the C encoder when there is nothing json cannot write itself
        text = json.dumps(
            doc,
            indent=style.indent,
            separators=(",", style.colon),
            ensure_ascii=style.ensure_ascii,
            default=_refuse,
        )
    except TypeError:
        pass
    else:
        # Escapes and duplicates only on small documents: escaping every character of
        # a megabyte panel makes six, and it is the small ones that get mutated most.
        if len(text) > 200_000 or not (style.duplicate_rate or style.escape_rate):
            return text if style.newline == "\n" else text.replace("\n", style.newline)
    out: list[str] = []
    _write(doc, out, style, rng, 0)
    return "".join(out)


def _refuse(value: Any) -> Any:
    raise TypeError(f"not JSON: {type(value).__name__}")


def _write(value: Any, out: list[str], style: Style, rng: random.Random, level: int) -> None:
    if isinstance(value, RawToken):
        out.append(value.text)
    elif isinstance(value, dict):
        members = list(value.items())
        if members and style.duplicate_rate and rng.random() < style.duplicate_rate:
            key, _ = rng.choice(members)
            members.insert(rng.randint(0, len(members)), (key, _odd_value(rng)))
        _write_container("{", "}", members, out, style, rng, level)
    elif isinstance(value, list):
        _write_container("[", "]", [(None, v) for v in value], out, style, rng, level)
    elif isinstance(value, str):
        out.append(_string(value, style, rng))
    else:
        out.append(json.dumps(value, ensure_ascii=style.ensure_ascii))


def _string(text: str, style: Style, rng: random.Random) -> str:
    if not style.escape_rate:
        return json.dumps(text, ensure_ascii=style.ensure_ascii)
    parts = ['"']
    for char in text:
        if rng.random() < style.escape_rate:
            units = char.encode("utf-16-le", "surrogatepass")
            for i in range(0, len(units), 2):
                parts.append(f"\\u{int.from_bytes(units[i : i + 2], 'little'):04x}")
        else:
            parts.append(json.dumps(char, ensure_ascii=style.ensure_ascii)[1:-1])
    parts.append('"')
    return "".join(parts)


def _write_container(
    opener: str,
    closer: str,
    members: list[tuple[Any, Any]],
    out: list[str],
    style: Style,
    rng: random.Random,
    level: int,
) -> None:
    out.append(opener)
    pad = "" if style.indent is None else style.newline + style.indent * (level + 1)
    for index, (key, value) in enumerate(members):
        if index:
            out.append(",")
        out.append(pad)
        if key is not None:
            out.append(_string(key, style, rng) + style.colon)
        _write(value, out, style, rng, level + 1)
    if members and style.indent is not None:
        out.append(style.newline + style.indent * level)
    out.append(closer)


# --- byte-level mutations ---------------------------------------------------------------

INTERESTING_BYTES = b'\x00\xff\x7f\x80\xc0\xc1\xed\xf4\xf5\xfe"\\{}[],:\n\r\t '

TOKENS: tuple[bytes, ...] = (
    b"\x00",
    b"\xff",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xff\xfe\x00\x00",
    b"\xed\xa0\x80",
    b"\xed\xbf\xbf",
    b"\xc0\x80",
    b"\xe2\x82",
    b"\xf0\x9f\x98\x80",
    b"\xe2\x80\xa8",
    b'"\\ud800"',
    b"\\ud800",
    b"\\udc00\\ud800",
    b"\\u0000",
    b"\\x41",
    b"\\",
    b'"',
    b"9" * 5000,
    b"1" * 4301,
    b"-" + b"1" * 4000,
    b"1e999",
    b"-1e-999",
    b"0." + b"0" * 3000 + b"1",
    b"[" * 10_000,
    b"{" * 5000,
    b'{"a":' * 3000,
    b"]" * 100,
    b"<<<<<<< HEAD\n",
    b"=======\n",
    b">>>>>>> feature/x\n",
    b"<<<<<<<",
    b"NaN",
    b"Infinity",
    b"-Infinity",
    b"null",
    b"true",
    b"//",
    b"/*",
    b",",
    b",]",
    b",}",
    b'"x-dup": 1, "x-dup": 2,',
    b'"format": "panelcheck/1",',
    b"\r",
    b"\r\n",
    b"\x1b[2J",
    b"\t",
    b"\x0c",
    b"\xa0",
    b"\xc2\xa0",
)


def _flip(data: bytearray, rng: random.Random) -> None:
    for _ in range(rng.randint(1, 8)):
        pos = rng.randrange(len(data))
        data[pos] ^= 1 << rng.randrange(8)


def _set_byte(data: bytearray, rng: random.Random) -> None:
    data[rng.randrange(len(data))] = rng.choice(INTERESTING_BYTES)


def _insert(data: bytearray, rng: random.Random) -> None:
    pos = rng.randint(0, len(data))
    data[pos:pos] = rng.choice(TOKENS)


def _delete(data: bytearray, rng: random.Random) -> None:
    start = rng.randrange(len(data))
    del data[start : start + rng.choice((1, 1, 2, 4, 16, 128))]


def _duplicate_chunk(data: bytearray, rng: random.Random) -> None:
    start = rng.randrange(len(data))
    chunk = data[start : start + rng.choice((1, 8, 64, 512))]
    pos = rng.randint(0, len(data))
    data[pos:pos] = chunk * rng.choice((1, 1, 2, 50))


def _truncate(data: bytearray, rng: random.Random) -> None:
    del data[rng.randrange(len(data)) :]


def _number(data: bytearray, rng: random.Random) -> None:
    """Replace the digits in a random spot with an extreme literal."""
    digits = [i for i in range(len(data)) if 48 <= data[i] <= 57]
    if digits:
        pos = rng.choice(digits)
        data[pos : pos + 1] = rng.choice((b"1e999", b"9" * 4400, b"-0", b"0.0000", b"1E+308"))


MUTATORS: tuple[Callable[[bytearray, random.Random], None], ...] = (
    _flip,
    _set_byte,
    _insert,
    _insert,
    _delete,
    _duplicate_chunk,
    _truncate,
    _number,
)


def reencode(data: bytes, rng: random.Random) -> bytes:
    """The same text in another encoding or with a BOM (UTF-16/32 files are common from
    Windows editors)."""
    text = data.decode("utf-8", errors="surrogateescape")
    encoding = rng.choice(("utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "bom"))
    if encoding == "bom":
        return b"\xef\xbb\xbf" + data
    return text.encode(encoding, errors="replace")


def splice(first: bytes, second: bytes, rng: random.Random) -> bytes:
    """A prefix of one seed followed by a suffix of another."""
    return first[: rng.randint(0, len(first))] + second[rng.randint(0, len(second)) :]


def mutate_bytes(data: bytes, rng: random.Random, other: bytes) -> bytes:
    """Apply one to six byte-level mutations; sometimes splice or re-encode first."""
    roll = rng.random()
    if roll < 0.08:
        data = splice(data, other, rng)
    elif roll < 0.12:
        return reencode(data, rng)
    buffer = bytearray(data or b"{}")
    for _ in range(rng.choice((1, 1, 2, 3, 6))):
        if not buffer:
            buffer.extend(b"{")
        rng.choice(MUTATORS)(buffer, rng)
    return bytes(buffer)
