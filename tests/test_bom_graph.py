"""panelcheck bom and panelcheck graph."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import networkx as nx
import pytest
from click.testing import CliRunner
from conftest import SAMPLES, jumper, load, make_panel, module, panel, row, wire

from panelcheck.cli import main
from panelcheck.engine.core import Engine, Options
from panelcheck.graph import ItemNode, PanelGraph, WireNode, build_graph, ferrule_key
from panelcheck.graph.currents import current_model
from panelcheck.graph.export import SKIPPED_FIELDS, render_graph, xml_text
from panelcheck.read.document import parse_text
from panelcheck.read.schema_errors import validate_layout
from panelcheck.units import Quantity

PUMP = str(SAMPLES / "pump-station.json")

# What a panel builder orders for CP-01, counted by hand from the layout.
PUMP_BOM = {
    "216-221": 10,  # 0.5 mm² ferrules: K11-K14 A1 and 14, K31/K32 A1
    "216-222": 11,  # 0.75 mm²: K1-K6 A1, K21/K22 A1, K31/K32 14, +24V to K31
    "216-223": 2,  # 1 mm²: +24V to K11, 0V-FIELD at K14
    "216-224": 10,  # 1.5 mm²: K1-K6 14, 0V at K6, K21/K22 14, +24V to K21
    "249-116": 4,  # end stops, two per rail
    "857-411": 4,
    "859-353": 2,
    "859-386": 4,
    "859-390": 6,
    "859-402/000-005": 2,
    "859-402/000-006": 2,
    "859-404/000-005": 2,
    "859-404/000-006": 2,
    "859-406": 1,
    "859-406/000-006": 1,
    "859-525": 4,
    "859-753": 2,
}


def _parts(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """The rows of parts with a number (the rails are cut lengths, tested apart)."""
    return [r for r in rows if not str(r["part"]).startswith("DIN rail")]


def invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_bom_of_the_clean_sample_is_exactly_what_to_order() -> None:
    rows = _parts(json.loads(invoke("bom", PUMP, "--format", "json")))
    assert {r["part"]: r["quantity"] for r in rows} == PUMP_BOM
    assert [r["part"] for r in rows] == sorted(PUMP_BOM)
    assert set(rows[0]) == {"part", "description", "quantity", "manufacturer"}
    red = next(r for r in rows if r["part"] == "859-402/000-005")
    assert red["description"].endswith("2-way; Nominal current 18 A; insulated; red")


def test_bom_csv_and_text() -> None:
    rows = list(csv.reader(io.StringIO(invoke("bom", PUMP, "--format", "csv"))))
    assert rows[0] == ["part", "description", "quantity", "manufacturer"]
    assert {r[0]: int(r[2]) for r in rows[1:] if not r[0].startswith("DIN rail")} == PUMP_BOM
    text = invoke("bom", PUMP).splitlines()
    assert text[0].split() == ["QTY", "PART", "MANUFACTURER", "DESCRIPTION"]
    lines, pieces = len(PUMP_BOM) + 2, sum(PUMP_BOM.values()) + 2  # and two rails
    assert text[-1] == f"{lines} part numbers, {pieces} pieces."


def test_bom_lists_unknown_parts_so_they_are_not_forgotten() -> None:
    rows = json.loads(
        invoke("bom", str(SAMPLES / "failing" / "references.json"), "--format", "json")
    )
    unknown = next(r for r in rows if r["part"] == "859-930")
    assert unknown["quantity"] == 1 and "not in the catalog" in unknown["description"]


def test_bom_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "bom.csv"
    invoke("bom", PUMP, "--format", "csv", "-o", str(target))
    assert target.read_text().startswith("part,description,quantity,manufacturer\n")


def test_graphml_round_trips_through_networkx() -> None:
    graph = nx.read_graphml(io.StringIO(invoke("graph", PUMP)))
    kinds = {data["kind"] for _, data in graph.nodes(data=True)}
    assert kinds == {
        "rail",
        "module",
        "terminal",
        "jumper",
        "wire",
        "ferrule",
        "end_plate",
        "end_stop",
        "load",
        "net",
    }
    edge_kinds = {data["kind"] for _, _, data in graph.edges(data=True)}
    assert edge_kinds == {
        "next",
        "has",
        "commons",
        "segment",
        "internal",
        "lands",
        "crimped",
        "draws",
        "on",
    }
    link = graph.edges["terminal:A1:7", "terminal:A1:3"]
    assert link["kind"] == "internal" and link["current"] == 0.1 and link["worst_case"] is False
    assert graph.nodes["module:K1"]["part_number"] == "859-390"
    assert graph.nodes["module:K1"]["pointer"] == "/rails/0/items/1"


def test_node_link_json_round_trips_and_carries_currents() -> None:
    data = json.loads(invoke("graph", PUMP, "--format", "json"))
    graph = nx.node_link_graph(data, edges="edges")
    segment = graph.edges["terminal:K1:11", "terminal:K2:11"]
    assert segment["kind"] == "segment" and segment["jumper"] == "jumper:JB2"
    assert segment["current"] == 0.4  # five 80 mA contactor coils beyond K1, fed at K1:11
    assert graph.nodes["net:+24V"]["voltage"] == "24 V DC"


def test_exported_nodes_carry_their_place_and_ferrule_but_no_bookkeeping() -> None:
    graph = nx.read_graphml(io.StringIO(invoke("graph", PUMP)))
    k1 = graph.nodes["module:K1"]
    assert k1["place"] == "item 2 of rail X1" and "rail_label" not in k1
    wire = graph.nodes["wire:W-K1-A1"]
    assert wire["ferrule"] == "ferrule:W-K1-A1"
    assert graph.has_edge("wire:W-K1-A1", wire["ferrule"])


# --- the export against the graph networkx built ------------------------------------------
#
# The export used to build a networkx Graph from the records and let networkx write it.
# It is now written straight from the records; what it writes must read back into the
# very graph the old way built: same nodes, attributes (names, values and types), edges.

BOOKKEEPING = SKIPPED_FIELDS  # the same fields, as the old way left them out


def reference(graph: PanelGraph) -> nx.Graph:
    """The graph as the export built it with networkx before it was streamed."""
    current_model(graph)
    built = nx.Graph()
    for node in graph.all_nodes():
        built.add_node(node.key, **_old_attributes(node))
    for a, b, attrs in graph.edges():
        built.add_edge(a, b, **attrs)
    graph.annotate_currents(built)
    return built


def _old_attributes(node: Any) -> dict[str, Any]:
    attrs: dict[str, Any] = {"kind": node.kind, "label": node.label, "pointer": node.pointer}
    if isinstance(node, ItemNode):
        attrs["place"] = node.place
    if isinstance(node, WireNode) and node.ferrule is not None:
        attrs["ferrule"] = ferrule_key(node)
    for f in fields(node):
        value = getattr(node, f.name)
        if f.name in BOOKKEEPING or f.name in attrs:
            continue
        if isinstance(value, Quantity):
            value = str(value)
        if isinstance(value, (str, int, float, bool)):
            attrs[f.name] = value
    return attrs


def read_back(graph: PanelGraph, output_format: str) -> nx.Graph:
    text = "".join(render_graph(graph, output_format))
    if output_format == "graphml":
        return nx.read_graphml(io.StringIO(text))
    return nx.node_link_graph(json.loads(text), edges="edges")


def typed(graph: nx.Graph) -> tuple[dict[str, Any], dict[frozenset[str], Any]]:
    """Nodes and edges with every value's type beside it (1 == 1.0 == True in Python)."""

    def values(data: dict[str, Any]) -> dict[str, tuple[type, Any]]:
        return {name: (type(value), value) for name, value in data.items()}

    nodes = {node: values(data) for node, data in graph.nodes(data=True)}
    edges = {frozenset((a, b)): values(data) for a, b, data in graph.edges(data=True)}
    return nodes, edges


def graph_of(layout: dict[str, Any] | Path) -> PanelGraph:
    """The graph of a layout, built without running the checks."""
    text = layout.read_text("utf-8") if isinstance(layout, Path) else json.dumps(layout)
    doc = parse_text("layout.json", text)
    return build_graph(validate_layout(doc), CATALOG, doc.positions.locate)


CATALOG = Engine(Options()).catalog


def crowded() -> dict[str, Any]:
    """Every wire and load on one clamping point and two bars over the same terminals:
    parallel segments, which a networkx Graph holds as one edge (the later bar's)."""
    layout = make_panel(40)
    first = layout["rails"][0]["items"][1]["id"]
    for element in layout["wires"] + layout["loads"]:
        element["terminal"] = f"{first}:14"
    for n in range(3):
        bar = {"id": f"JX{n}", "part": "859-402", "slot": "A2", "from": first}
        layout["rails"][0]["jumpers"].append(bar)
    return layout


def key_made_twice() -> dict[str, Any]:
    """A repeated id is keyed ``module:K1@/rails/0/items/2``; a later module with that
    very id takes the key over, and the rail lists the key twice."""
    return panel(
        *row(
            module("K1", A1="+24V"),
            module("K1", A2="0V"),
            module("K1@/rails/0/items/2", A1="0V", _11="L1"),
            module("K2", _11="L1"),
        ),
        jumpers=[jumper("J1", "859-402", "11", "K1@/rails/0/items/2")],
        loads=[load("M1", "K2:14", current="2 A")],
    )


def odd_text() -> dict[str, Any]:
    """Ids, net names and part numbers with characters XML and JSON must escape."""
    return panel(
        *row(
            module("K<1>&\"x'", "859-390", A1="+24V <&\"'>", _11="L1", _14="Q&1"),
            module("K2", "859-39<0>", A1="0V"),
        ),
        nets={
            "+24V <&\"'>": {"voltage": "24 V DC"},
            "0V": {"voltage": "0 V DC"},
            "L1": {"voltage": "230 V AC", "feed": "K<1>&\"x':11"},
            "Q&1": {"voltage": "230 V AC"},
        },
        wires=[wire("W&1", "K<1>&\"x':A1", ferrule="216-222")],
        loads=[load("Q<1>", "K<1>&\"x':14", current="80 mA")],
    )


PANELS: dict[str, Callable[[], dict[str, Any] | Path]] = {
    **{
        path.name: (lambda path=path: path)
        for path in sorted(SAMPLES.glob("*.json")) + sorted(SAMPLES.glob("failing/*.json"))
        if path.stem not in {"merge-conflict", "schema-errors"}
    },
    "generated, 60 modules": lambda: make_panel(60),
    "crowded": crowded,
    "a key made twice": key_made_twice,
    "odd text": odd_text,
}


@pytest.mark.parametrize("output_format", ["graphml", "json"])
@pytest.mark.parametrize("name", list(PANELS))
def test_the_export_reads_back_as_the_graph_networkx_built(name: str, output_format: str) -> None:
    graph = graph_of(PANELS[name]())
    found = read_back(graph, output_format)
    assert type(found) is nx.Graph  # one edge per pair: no parallel edges written
    assert typed(found) == typed(reference(graph))


def test_parallel_bars_are_one_edge_with_the_later_bars_attributes() -> None:
    graph = graph_of(crowded())
    first = graph.rail_items(graph.of_kind("rail")[0].key)[1].label
    segment = read_back(graph, "graphml").edges[f"terminal:{first}:A2", "terminal:K1-1-2:A2"]
    assert segment["kind"] == "segment" and segment["jumper"] == "jumper:JX2"
    assert isinstance(segment["current"], float) and isinstance(segment["worst_case"], bool)


NOT_XML = "\x00\x01\x08\x0b\x0c\x1f\ud800\ufffe\uffff"
"""Characters XML 1.0 cannot hold, even as character references."""
CONTROL = "".join(f"{letter}{char}" for letter, char in zip("abcdefghi", NOT_XML, strict=True))
KEPT = "tab\there, line\nfeed, return\r, <&>\"' and é²Ω"
"""Characters it can, some only as references."""


def _odd_graph() -> PanelGraph:
    graph = graph_of(odd_text())
    k2 = graph.nodes["module:K2"]
    k2.part_number = CONTROL  # type: ignore[attr-defined]  # no layout would pass, a record may
    graph.nodes["wire:W&1"].conductor = KEPT  # type: ignore[attr-defined]
    return graph


def test_graphml_is_well_formed_xml_whatever_the_labels_hold() -> None:
    text = "".join(render_graph(_odd_graph(), "graphml"))
    ElementTree.fromstring(text.encode("utf-8"))  # UTF-8 all through, and well formed
    read = nx.read_graphml(io.StringIO(text))
    assert read.nodes["module:K2"]["part_number"] == "".join(
        f"{letter}\ufffd" for letter in "abcdefghi"
    )
    assert read.nodes["wire:W&1"]["conductor"] == KEPT
    assert read.nodes["module:K<1>&\"x'"]["label"] == "K<1>&\"x'"
    assert read.has_edge("terminal:K<1>&\"x':A1", "net:+24V <&\"'>")


def test_node_link_json_keeps_every_character() -> None:
    text = "".join(render_graph(_odd_graph(), "json"))
    text.encode("utf-8")  # a lone surrogate is written as its escape
    read = nx.node_link_graph(json.loads(text), edges="edges")
    assert read.nodes["module:K2"]["part_number"] == CONTROL
    assert read.nodes["wire:W&1"]["conductor"] == KEPT


@pytest.mark.parametrize("text", [CONTROL, KEPT, "", "plain", "%s %% {}"])
def test_xml_text_reads_back_in_an_attribute_and_as_character_data(text: str) -> None:
    element = ElementTree.fromstring(f'<a b="{xml_text(text)}">{xml_text(text)}</a>')
    expected = "".join("\ufffd" if char in NOT_XML else char for char in text)
    assert element.get("b") == expected
    assert (element.text or "") == expected


@pytest.mark.parametrize("output_format", ["graphml", "json"])
def test_the_export_is_the_same_bytes_whatever_the_hash_seed(output_format: str) -> None:
    outputs = set()
    for seed in ("0", "4711"):
        done = subprocess.run(
            [sys.executable, "-m", "panelcheck", "graph", "--format", output_format, PUMP],
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert list(render_graph(graph_of(Path(PUMP)), output_format)) == list(
        render_graph(graph_of(Path(PUMP)), output_format)
    )


@pytest.mark.parametrize("output_format", ["graphml", "json"])
def test_the_export_comes_as_many_small_pieces(output_format: str) -> None:
    """Not one document-sized string: a large panel is written piece by piece."""
    pieces = render_graph(graph_of(make_panel(400)), output_format)
    assert isinstance(pieces, Iterator)
    sizes = [len(piece) for piece in pieces]
    assert len(sizes) > 20
    assert max(sizes) < sum(sizes) / 10


def test_bom_sums_several_layouts_and_folders(tmp_path: Path) -> None:
    one = json.loads(invoke("bom", PUMP, "--format", "json"))
    (tmp_path / "a").mkdir()
    shutil.copy(PUMP, tmp_path / "a" / "cp01.json")
    shutil.copy(PUMP, tmp_path / "cp01-copy.json")
    (tmp_path / "a" / "package.json").write_text('{"name": "x"}')
    both = json.loads(
        invoke("bom", str(tmp_path / "a"), str(tmp_path / "cp01-copy.json"), "--format", "json")
    )
    single = {r["part"]: r["quantity"] for r in _parts(one)}
    summed = {r["part"]: r["quantity"] for r in _parts(both)}
    assert summed == {p: 2 * q for p, q in single.items()}


def test_bom_lists_rails_as_cut_lengths_per_profile() -> None:
    rows = json.loads(invoke("bom", PUMP, "--format", "json"))
    rails = {
        (r["part"], r["description"]): r["quantity"]
        for r in rows
        if r["part"].startswith("DIN rail")
    }
    assert rails == {
        ("DIN rail 35x7.5", "cut to 500 mm"): 1,
        ("DIN rail 35x7.5", "cut to 300 mm"): 1,
    }


def test_bom_names_the_manufacturer() -> None:
    rows = json.loads(invoke("bom", PUMP, "--format", "json"))
    makers = {r["part"]: r["manufacturer"] for r in rows}
    assert makers["859-390"] == "WAGO" and makers["249-116"] == "WAGO"
    text = invoke("bom", PUMP)
    assert text.splitlines()[0].split() == ["QTY", "PART", "MANUFACTURER", "DESCRIPTION"]
