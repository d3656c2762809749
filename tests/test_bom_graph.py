"""panelcheck bom and panelcheck graph."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
from click.testing import CliRunner
from conftest import SAMPLES

from panelcheck.cli import main

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


def invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_bom_of_the_clean_sample_is_exactly_what_to_order() -> None:
    rows = json.loads(invoke("bom", PUMP, "--format", "json"))
    assert {r["part"]: r["quantity"] for r in rows} == PUMP_BOM
    assert [r["part"] for r in rows] == sorted(PUMP_BOM)
    assert set(rows[0]) == {"part", "description", "quantity"}
    red = next(r for r in rows if r["part"] == "859-402/000-005")
    assert red["description"].endswith("2-way; Nominal current 18 A; insulated; red")


def test_bom_csv_and_text() -> None:
    rows = list(csv.reader(io.StringIO(invoke("bom", PUMP, "--format", "csv"))))
    assert rows[0] == ["part", "description", "quantity"]
    assert {r[0]: int(r[2]) for r in rows[1:]} == PUMP_BOM
    text = invoke("bom", PUMP).splitlines()
    assert text[0].split() == ["QTY", "PART", "DESCRIPTION"]
    assert text[-1] == f"{len(PUMP_BOM)} part numbers, {sum(PUMP_BOM.values())} pieces."


def test_bom_lists_unknown_parts_so_they_are_not_forgotten() -> None:
    rows = json.loads(
        invoke("bom", str(SAMPLES / "failing" / "references.json"), "--format", "json")
    )
    unknown = next(r for r in rows if r["part"] == "859-930")
    assert unknown["quantity"] == 1 and "not in the catalog" in unknown["description"]


def test_bom_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "bom.csv"
    invoke("bom", PUMP, "--format", "csv", "-o", str(target))
    assert target.read_text().startswith("part,description,quantity\n")


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
