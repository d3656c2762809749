"""The graph of a layout for other tools: GraphML and node-link JSON (SPEC section 4).

Nodes carry ``kind`` (rail, module, terminal, jumper, wire, ferrule, end_plate,
end_stop, load, net), ``label`` and ``pointer`` (the JSON Pointer of the element in the
layout) and what else describes them (part number, net, voltage, cross-section...).
Edges carry ``kind`` (next, has, commons, segment, internal, lands, crimped, draws, on);
conductive edges (``segment``, ``internal``) also carry ``current`` in A from the
current model and ``worst_case`` when no feed fixes the direction. Every value is a
string, number or boolean, so both files read back into networkx unchanged.

How it is written: straight from the panel's records, as text pieces of a few hundred
nodes or edges each, which the command line writes as they come. Building a networkx
graph of a 20,000-module panel and letting networkx write it took 15 times as long as
checking the panel, and 2 GB. Here the graph is read into tables, a column per
attribute (every terminal's ``net``, say), so that reading, converting, escaping and
formatting run mostly inside C; the tables hold references to the records' own
strings, and no piece of text is longer than a few hundred lines. What networkx did
on the way is done on purpose, so that the files read back into the same graph:

- an undirected graph holds one edge per pair of nodes, the later attributes winning:
  two jumper bars over the same terminals, or a link a part lists twice, are one edge
  (see :func:`_edge_tables`);
- GraphML declares a ``<key>`` for each attribute name, value type and scope that
  occurs, before the graph;
- numbers and booleans keep their types (GraphML ``long``, ``double``, ``boolean``).

Text is escaped for each format. XML 1.0 cannot hold most control characters, lone
surrogates or U+FFFE and U+FFFF, not even as character references, so GraphML has
U+FFFD (the replacement character) in their place; JSON keeps them as ``\\u`` escapes.
Tabs, line feeds and carriage returns are character references in GraphML, so that
they read back as they were (an XML parser turns them into spaces in an ``id``).

One module of about 550 lines: the two formats share the column tables, the typing of
values and the streaming, and differ only in the small format classes at the end.
"""

from __future__ import annotations

import functools
import math
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields
from json.encoder import encode_basestring
from operator import attrgetter, itemgetter
from typing import Any, cast

from panelcheck.graph import ItemNode, Node, PanelGraph, WireNode, ferrule_key
from panelcheck.graph.currents import CurrentModel, current_model
from panelcheck.units import Quantity

FORMATS = ("graphml", "json")
SKIPPED_FIELDS = {
    "key",
    "seq",
    "items",
    "terminals",
    "covered",
    "without_slot",
    "part",
    "id",
    "wires",
    "loads",
    "jumpers",
    "links",
    "segments",
    "rail_label",
    "ferrule",
    "ferrule_part",
}
"""Record fields the export leaves out: structure (already edges) or bookkeeping."""
_CONDUCTIVE = frozenset({"internal", "segment"})
_PIECE = 500
"""Nodes or edges per piece of text: few writes, and no piece of more than some 100 kB."""

Text = str | None
"""A value as text, or None where a record has no value (the attribute is left out)."""
Key = tuple[str, str, type]
"""(scope, name, exported type) of an attribute, such as ``("edge", "current", float)``."""
Edge = tuple[str, str, dict[str, Any]]
"""Source, target and attributes, as :meth:`PanelGraph.edges` gives them."""


def render_graph(graph: PanelGraph, output_format: str) -> Iterator[str]:
    """The exported graph as pieces of text, in order; joined, they are the file.

    Nothing is read until the first piece is asked for."""
    if output_format == "graphml":
        return _write(graph, _GraphML())
    if output_format == "json":
        return _write(graph, _NodeLink())
    raise ValueError(f"unknown graph format {output_format!r}; known: {', '.join(FORMATS)}")


# -- values as text -------------------------------------------------------------------


@functools.cache
def _exported_type(value_type: type) -> type | None:
    """What a value of this type is exported as; None for what is left out (None,
    lists, catalog parts), as the export always did."""
    if issubclass(value_type, Quantity):
        return str
    for kept in (str, bool, int, float):  # bool first: a bool is an int
        if issubclass(value_type, kept):
            return kept
    return None


def _bool_text(value: bool) -> str:
    return "true" if value else "false"


def _float_text(value: float) -> str:
    """The shortest text that reads back as the same float (JSON's spelling of the
    non-finite ones, which ``float()`` reads too)."""
    if math.isfinite(value):
        return float.__repr__(float(value))
    if value != value:
        return "NaN"
    return "Infinity" if value > 0 else "-Infinity"


def _nothing(value: object) -> None:
    return None


_TEXT_OF: dict[type | None, Callable[[Any], Text]] = {
    str: str.__str__,
    bool: _bool_text,
    int: int.__repr__,
    float: _float_text,
    None: _nothing,
}
"""How a value becomes text, by its exported type (quantities are done apart)."""


@dataclass(slots=True)
class _Column:
    """One attribute of a table: each row's value as text (None where it has none),
    and the exported type of them all (``kind``) or, when they differ, of each."""

    name: str
    texts: list[Text]
    kind: type | None
    kinds: list[type | None] | None
    nullable: bool

    @property
    def fixed(self) -> bool:
        """Every row has it, with the same type: it is part of the table's template."""
        return self.kind is not None and not self.nullable


class _Texts:
    """Values as text, a column at a time.

    ``str`` of a quantity is worked out once per quantity object: a panel repeats a few
    spellings thousands of times, and the parser hands out one object per spelling."""

    LIMIT = 10_000

    def __init__(self) -> None:
        self._quantities: dict[int, tuple[Quantity, str]] = {}

    def quantity(self, quantity: Quantity) -> str:
        held = self._quantities.get(id(quantity))
        if held is not None:
            return held[1]
        text = str(quantity)
        if len(self._quantities) < self.LIMIT:  # the object is kept: its id stays its own
            self._quantities[id(quantity)] = (quantity, text)
        return text

    def column(self, name: str, values: list[Any]) -> _Column | None:
        """One attribute of many rows as text; None when it is never exported."""
        present = {t: _exported_type(t) for t in set(map(type, values))}
        kinds = {kind for kind in present.values() if kind is not None}
        if not kinds:
            return None
        nullable = None in present.values()
        if present.keys() <= {str, type(None)}:  # by far the most common: as they are
            return _Column(name, values, str, None, nullable)
        functions = {
            t: self.quantity if issubclass(t, Quantity) else _TEXT_OF[kind]
            for t, kind in present.items()
        }
        if len(functions) == 1:
            texts = list(map(functions.popitem()[1], values))
        else:
            texts = [functions[type(v)](v) for v in values]
        if len(kinds) == 1:
            return _Column(name, texts, kinds.pop(), None, nullable)
        return _Column(name, texts, None, [present[type(v)] for v in values], nullable)


# -- the graph as tables ----------------------------------------------------------------


@dataclass(slots=True)
class _Table:
    """Nodes of one record class, or edges with the same attribute names: their ends
    (a node's key; an edge's source and target) and a column per attribute."""

    scope: str
    """``node`` or ``edge``."""
    ends: list[list[str]]
    columns: list[_Column]


def _node_tables(graph: PanelGraph, texts: _Texts) -> list[_Table]:
    """Every node of the graph view, a table per record class (in the order met)."""
    groups: dict[type, list[Node]] = {}
    for node in graph.all_nodes():
        group = groups.get(type(node))
        if group is None:
            group = groups[type(node)] = []
        group.append(node)
    return [_node_table(cls, nodes, texts) for cls, nodes in groups.items()]


def _node_table(cls: type[Node], nodes: list[Node], texts: _Texts) -> _Table:
    """``kind``, ``label`` and ``pointer``; an item's ``place``; the record's fields but
    structure and bookkeeping; and a wire's ferrule node (as the edge ``crimped`` has
    it)."""
    names = ["kind", "label", "pointer"]
    if issubclass(cls, ItemNode):
        names.append("place")  # derived on the record, an attribute in the export
    names += [f.name for f in fields(cls) if f.name not in SKIPPED_FIELDS and f.name not in names]
    columns = [texts.column(name, list(map(attrgetter(name), nodes))) for name in names]
    if issubclass(cls, WireNode):
        wires = cast("list[WireNode]", nodes)  # the table of one record class
        ferrules = [ferrule_key(w) if w.ferrule is not None else None for w in wires]
        columns.append(texts.column("ferrule", ferrules))
    keys = list(map(attrgetter("key"), nodes))
    return _Table("node", [keys], [c for c in columns if c is not None])


def _edge_tables(graph: PanelGraph, model: CurrentModel, texts: _Texts) -> list[_Table]:
    """Every edge once, as an undirected networkx graph holds them: first those with a
    kind and nothing else, then the others, a table per list of attribute names.

    Such a graph has one edge per pair of nodes, the later attributes updating the
    earlier ones. The records give a pair twice between terminals (two jumper bars over
    the same terminals, a link a part lists twice): conductive edges, and any with more
    than a kind, are gathered by pair, and get the current model's results. Other edges
    repeat a pair only when a node key was made twice (see :func:`_keys_reused`); then
    every edge is gathered by pair.
    """
    (sources, targets, kinds), paired = _split_edges(graph, gather_all=_keys_reused(graph))
    tables = []
    kind = texts.column("kind", kinds)
    if kind is not None:
        tables.append(_Table("edge", [sources, targets], [kind]))
    by_names: dict[tuple[str, ...], list[Edge]] = {}
    for pair, edge in paired.items():
        attrs = edge[2]
        current = model.edges.get(pair)
        if current is not None:
            attrs["current"] = round(current.current, 9)
            attrs["worst_case"] = current.worst_case
        by_names.setdefault(tuple(attrs), []).append(edge)
    for names, edges in by_names.items():
        values = list(map(itemgetter(2), edges))
        columns = [texts.column(name, list(map(itemgetter(name), values))) for name in names]
        ends = [list(map(itemgetter(0), edges)), list(map(itemgetter(1), edges))]
        tables.append(_Table("edge", ends, [c for c in columns if c is not None]))
    return tables


def _split_edges(
    graph: PanelGraph, gather_all: bool
) -> tuple[tuple[list[str], list[str], list[str]], dict[tuple[str, str], Edge]]:
    """The edges with a kind and nothing else (not conductive) as three columns, and
    the others by pair of ends, merged (or all edges that way, with ``gather_all``).

    The hottest loop of the export (a 20,000-module panel has 400,000 edges): the
    methods it calls are looked up once."""
    sources: list[str] = []
    targets: list[str] = []
    kinds: list[str] = []
    add_source, add_target, add_kind = sources.append, targets.append, kinds.append
    conductive = _CONDUCTIVE
    paired: dict[tuple[str, str], Edge] = {}
    for a, b, attrs in graph.edges():
        kind = attrs.get("kind")
        if len(attrs) == 1 and type(kind) is str and kind not in conductive and not gather_all:
            add_source(a)
            add_target(b)
            add_kind(kind)
            continue
        pair = (a, b) if a < b else (b, a)
        held = paired.get(pair)
        if held is None:
            paired[pair] = (a, b, attrs)  # a dict of its own: edges() makes one an edge
        else:
            held[2].update(attrs)
    return (sources, targets, kinds), paired


def _keys_reused(graph: PanelGraph) -> bool:
    """Was a node key made for two elements? An element with an id repeated from an
    earlier one is keyed ``kind:id@pointer``, and a later element may have that very
    text as its id: the later record replaces the earlier one, and the rail, module or
    jumper that held both gives its edges twice. Every record is listed by kind once,
    so then there are more listed than there are records."""
    return sum(map(len, graph.by_kind.values())) != len(graph.nodes)


def _keys(tables: list[_Table]) -> list[Key]:
    """Every (scope, name, type) of an attribute in the graph, in the order met."""
    keys: dict[Key, None] = {}
    for table in tables:
        for column in table.columns:
            for kind in [column.kind] if column.kinds is None else dict.fromkeys(column.kinds):
                if kind is not None:
                    keys[table.scope, column.name, kind] = None
    return list(keys)


# -- writing ------------------------------------------------------------------------------


class _Format(ABC):
    """What differs between the formats: the frame, the templates, the escaping."""

    separator = ""
    """Between two nodes or two edges."""

    @abstractmethod
    def plain(self, text: str) -> bool:
        """Can ``text`` (the values of many rows, joined) be written as it is?"""

    @abstractmethod
    def escape(self, text: str) -> str:
        """``text`` as the format must write it."""

    @abstractmethod
    def start(self, keys: list[Key]) -> str:
        """The document up to the first node (GraphML declares its keys here)."""

    @abstractmethod
    def between(self) -> str:
        """After the nodes, before the edges."""

    @abstractmethod
    def end(self) -> str:
        """After the last edge."""

    node_row = ""
    """A node's row around its attributes (``{}``), ``%s`` for its id."""
    edge_row = ""
    """An edge's row around its attributes (``{}``), ``%s`` for each end."""

    def template(self, table: _Table) -> str:
        """A row of the table, ``%s`` for each end and each column (for a column that is
        not :attr:`~_Column.fixed`, the whole attribute or nothing: see :meth:`member`)."""
        members = "".join(
            self.member(table.scope, c.name, c.kind) if c.fixed and c.kind else "%s"
            for c in table.columns
        )
        row = self.node_row if table.scope == "node" else self.edge_row
        return row.replace("{}", members)

    @abstractmethod
    def member(self, scope: str, name: str, kind: type) -> str:
        """One attribute written whole, ``%s`` for its value."""


def _write(graph: PanelGraph, out: _Format) -> Iterator[str]:
    texts = _Texts()
    nodes = _node_tables(graph, texts)
    edges = _edge_tables(graph, current_model(graph), texts)
    yield out.start(_keys(nodes + edges))
    yield from _pieces(nodes, out)
    yield out.between()
    yield from _pieces(edges, out)
    yield out.end()


def _pieces(tables: list[_Table], out: _Format) -> Iterator[str]:
    """The rows of the tables, :data:`_PIECE` at a time, with separators between."""
    lead = ""
    for table in tables:
        template = out.template(table)
        ends = [_checked(end, out) for end in table.ends]
        columns = [_checked(column.texts, out) for column in table.columns]
        for start in range(0, len(ends[0]), _PIECE):
            end = start + _PIECE
            values = [
                texts[start:end] if column.fixed else _whole(table, column, texts, start, end, out)
                for column, texts in zip(table.columns, columns, strict=True)
            ]
            rows = zip(*(texts[start:end] for texts in ends), *values, strict=True)
            yield lead + out.separator.join(map(template.__mod__, rows))
            lead = out.separator


def _checked(column: Sequence[Text], out: _Format) -> Sequence[Text]:
    """``column`` escaped for ``out``: looked at whole, and value by value only when
    something in it needs escaping."""
    if out.plain("".join(filter(None, column))):
        return column
    escape = out.escape
    return [None if text is None else escape(text) for text in column]


def _whole(
    table: _Table, column: _Column, texts: Sequence[Text], start: int, end: int, out: _Format
) -> list[str]:
    """A column the template cannot hold (some rows lack it, or its type varies), as
    each row's whole attribute, or nothing."""
    if column.kinds is None:
        assert column.kind is not None  # no kind per row: one kind for every row
        member = out.member(table.scope, column.name, column.kind)
        return ["" if text is None else member % text for text in texts[start:end]]
    kinds = column.kinds[start:end]
    members = {
        kind: out.member(table.scope, column.name, kind) for kind in set(kinds) if kind is not None
    }
    return [
        "" if text is None or kind is None else members[kind] % text
        for text, kind in zip(texts[start:end], kinds, strict=True)
    ]


def _marks(special: str) -> bytes:
    """A byte table for :meth:`bytes.translate` marking control characters and
    ``special`` with a zero byte, and nothing else."""
    return bytes(0 if code < 0x20 or chr(code) in special else 1 for code in range(256))


def _plain(text: str, marked: bytes, special: str) -> bool:
    """Does ``text`` hold no control character and nothing of ``special``? ASCII text
    (nearly all) is looked at as bytes, which is faster than ``str.isprintable``;
    other text is left to ``isprintable``, false for every control character, lone
    surrogate and noncharacter (and for a few harmless ones, which are then escaped
    one by one)."""
    if text.isascii():
        return b"\x00" not in text.encode("ascii").translate(marked)
    return text.isprintable() and not any(char in text for char in special)


# -- GraphML ------------------------------------------------------------------------------

_NS = "http://graphml.graphdrawing.org/xmlns"
_XML_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}
_XML_SPECIAL = '&<>"'
_XML_MARKED = _marks(_XML_SPECIAL)
_XML_UNSAFE = re.compile('[&<>"\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')
_XML_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "\t": "&#9;",
    "\n": "&#10;",
    "\r": "&#13;",
}


def xml_text(text: str) -> str:
    """``text`` as XML character data or as a double-quoted attribute value."""
    if _plain(text, _XML_MARKED, _XML_SPECIAL):
        return text
    return _XML_UNSAFE.sub(_xml_char, text)


def _xml_char(match: re.Match[str]) -> str:
    return _XML_ESCAPES.get(match.group(), "\ufffd")


class _GraphML(_Format):
    """GraphML as networkx reads it: the keys, then the nodes and the edges, one a line."""

    node_row = '    <node id="%s">{}</node>\n'
    edge_row = '    <edge source="%s" target="%s">{}</edge>\n'

    def __init__(self) -> None:
        self.ids: dict[Key, str] = {}

    def plain(self, text: str) -> bool:
        return _plain(text, _XML_MARKED, _XML_SPECIAL)

    def escape(self, text: str) -> str:
        return xml_text(text)

    def start(self, keys: list[Key]) -> str:
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>\n',
            f'<graphml xmlns="{_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
            f' xsi:schemaLocation="{_NS} {_NS}/1.0/graphml.xsd">\n',
        ]
        for key in keys:
            scope, name, kind = key
            self.ids[key] = f"d{len(self.ids)}"
            lines.append(
                f'  <key id="{self.ids[key]}" for="{scope}" attr.name="{xml_text(name)}"'
                f' attr.type="{_XML_TYPES[kind]}"/>\n'
            )
        lines.append('  <graph edgedefault="undirected">\n')
        return "".join(lines)

    def between(self) -> str:
        return ""

    def end(self) -> str:
        return "  </graph>\n</graphml>\n"

    def member(self, scope: str, name: str, kind: type) -> str:
        return f'<data key="{self.ids[scope, name, kind]}">%s</data>'


# -- node-link JSON -------------------------------------------------------------------------

_JSON_SPECIAL = '"\\'
_JSON_MARKED = _marks(_JSON_SPECIAL)
_SURROGATE = re.compile("[\ud800-\udfff]")


def json_text(text: str) -> str:
    """``text`` as the inside of a JSON string. A lone surrogate (which no UTF-8 file
    can hold) is written as its ``\\u`` escape, which reads back as the same string."""
    if _plain(text, _JSON_MARKED, _JSON_SPECIAL):
        return text
    return _SURROGATE.sub(_json_char, encode_basestring(text)[1:-1])


def _json_char(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


class _NodeLink(_Format):
    """networkx's node-link layout (``edges="edges"``), one node or edge a line."""

    separator = ",\n"
    node_row = '    {"id": "%s"{}}'
    edge_row = '    {"source": "%s", "target": "%s"{}}'

    def plain(self, text: str) -> bool:
        return _plain(text, _JSON_MARKED, _JSON_SPECIAL)

    def escape(self, text: str) -> str:
        return json_text(text)

    def start(self, keys: list[Key]) -> str:
        return '{\n  "directed": false,\n  "multigraph": false,\n  "graph": {},\n  "nodes": [\n'

    def between(self) -> str:
        return '\n  ],\n  "edges": [\n'

    def end(self) -> str:
        return "\n  ]\n}\n"

    def member(self, scope: str, name: str, kind: type) -> str:
        quoted = '"%s"' if kind is str else "%s"
        return f', "{json_text(name).replace("%", "%%")}": {quoted}'
