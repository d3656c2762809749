"""The graph of SPEC section 4: what nodes and edges a layout becomes."""

from __future__ import annotations

import json
from collections import Counter

from conftest import SAMPLES, jumper, module, panel, row

from panelcheck.catalog import load_catalog
from panelcheck.graph import build_graph
from panelcheck.read.format import validate

CATALOG = load_catalog()


def _graph(layout: dict):  # type: ignore[no-untyped-def]
    return build_graph(validate(layout), CATALOG)


def _spec_example():  # type: ignore[no-untyped-def]
    return _graph(json.loads((SAMPLES / "spec-example.json").read_text(encoding="utf-8")))


def test_spec_example_has_every_node_kind() -> None:
    kinds = Counter(kind for _, kind in _spec_example().g.nodes(data="kind"))
    assert kinds == {
        "rail": 1,
        "module": 2,
        "terminal": 10,
        "jumper": 1,
        "wire": 2,
        "ferrule": 1,
        "end_plate": 1,
        "end_stop": 1,
        "load": 2,
        "net": 7,
    }


def test_spec_example_edges_say_what_they_are() -> None:
    pg = _spec_example()
    kinds = Counter(kind for _, _, kind in pg.g.edges(data="kind"))
    assert kinds["next"] == 3  # four items in a row
    assert kinds["commons"] == 2  # JB1 in K1:A2 and K2:A2
    assert kinds["lands"] == 2 and kinds["crimped"] == 1 and kinds["draws"] == 2
    assert pg.g.edges["jumper:JB1", "terminal:K2:A2"]["kind"] == "commons"
    assert pg.g.edges["wire:W1", "terminal:K1:A1"]["kind"] == "lands"
    assert pg.g.edges["ferrule:W1", "wire:W1"]["kind"] == "crimped"
    assert pg.g.edges["module:K1", "terminal:K1:14"]["kind"] == "has"
    assert pg.g.edges["terminal:K1:A1", "net:DO-1"]["kind"] == "on"


def test_internal_links_carry_their_rating() -> None:
    pg = _graph(panel(*row(module("A1", "857-411"))))
    assert pg.g.edges["terminal:A1:3", "terminal:A1:7"] == {"kind": "internal", "rating": "1 A"}
    assert pg.g.edges["terminal:A1:4", "terminal:A1:8"]["kind"] == "internal"


def test_a_jumper_commons_only_what_it_really_reaches() -> None:
    layout = panel(*row(module("K1"), module("K2")), jumpers=[jumper("JB", "859-404", "A2", "K1")])
    pg = _graph(layout)
    node = pg.nodes["jumper:JB"]
    assert pg.neighbours("jumper:JB", "commons") == ["terminal:K1:A2", "terminal:K2:A2"]
    assert node.stopped_by == "end_plate:/rails/0/items/3"  # type: ignore[attr-defined]


def test_a_duplicate_id_keeps_both_elements_on_the_rail() -> None:
    pg = _graph(panel(*row(module("K1"), module("K1"))))
    rail = pg.nodes["rail:X1"]
    assert len(rail.items) == 5  # type: ignore[attr-defined]
    assert [p.code for p in pg.problems] == ["LAY002"]
