"""No stage, no rule and no output grows faster than the panel: counted, not timed.

Time is measured in benchmarks/, never asserted here. What can be asserted exactly is
the work: the number of lines of panelcheck's own code executed (a tracing hook counts
them, and the calls it makes into other Python code) for a panel four times larger must
be about four times as many, for parsing, validation, graph building, every rule and
every output (report formats, drawings, bill of materials, graph export) separately. A
rule that compares every wire with every other would be sixteen times, and fail. Three
shapes of panel are measured: clean, with mistakes in proportion to its size, and
"crowded" (every wire, load and jumper on one clamping point). Work done inside C
(copying a growing tuple, say) is not counted; the benchmarks measure time.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, make_panel

import panelcheck
from panelcheck.checks import Context
from panelcheck.engine.core import Engine, Options
from panelcheck.graph import build_graph
from panelcheck.graph.export import render_graph
from panelcheck.pictures.bom import bill_of_materials, render_bom
from panelcheck.pictures.drawing import render_svg
from panelcheck.pictures.page import render_html
from panelcheck.read.document import parse_text
from panelcheck.read.schema_errors import validate_layout
from panelcheck.reporters import FORMATS, ReportOptions, renderer

PACKAGE = str(Path(panelcheck.__file__).parent)
ENGINE = Engine(Options(select=("ALL",)))
SMALL, LARGE = 120, 480  # modules; LARGE is 4 x SMALL
LIMIT = 4.6  # lines(LARGE) / lines(SMALL); linear work gives about 4


def lines_run(action: Callable[[], Any]) -> int:
    """Lines of panelcheck's code executed by ``action``, plus one for each call of a
    Python function outside it: a generated ``__eq__`` run by ``x in a_list`` in a
    loop, or a library's encoder called once per item, is work too."""
    count = 0

    def in_our_code(frame: Any, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return in_our_code

    def calls(frame: Any, event: str, arg: Any) -> Any:
        nonlocal count
        if frame.f_code.co_filename.startswith(PACKAGE):
            return in_our_code
        count += 1
        return None

    sys.settrace(calls)
    try:
        action()
    finally:
        sys.settrace(None)
    return count


def with_mistakes(layout: dict[str, Any]) -> dict[str, Any]:
    """Mistakes in proportion to the panel, so that reporting is measured too: overloads,
    thick wires, unknown parts, undeclared nets, repeated ids, far feeds."""
    modules = [i for rail in layout["rails"] for i in rail["items"] if i["type"] == "module"]
    for n, load in enumerate(layout["loads"]):
        if n % 7 == 0:
            load["current"] = "9 A"
    for n, wire in enumerate(layout["wires"]):
        if n % 5 == 0:
            wire["cross_section"] = "10 mm^2"
        if n % 17 == 3:
            wire["id"] = modules[n % len(modules)]["id"]
    for n, module in enumerate(modules):
        if n % 11 == 5:
            module["part"] = "859-399"
        if n % 13 == 2:
            module["terminals"]["A1" if "A1" in module["terminals"] else "3"] = "NOWHERE"
    for n, name in enumerate(sorted(layout["nets"])):
        if n % 9 == 0 and "feed" in layout["nets"][name]:
            layout["nets"][name]["feed"] = f"{modules[-1]['id']}:99"
    return layout


def crowded(layout: dict[str, Any]) -> dict[str, Any]:
    """Everything on one clamping point: every wire and load on the first relay's 14,
    every jumper bar starting at it. Nonsense, but a file may say it."""
    first = layout["rails"][0]["items"][1]["id"]
    for element in layout["wires"] + layout["loads"]:
        element["terminal"] = f"{first}:14"
    bars = layout["rails"][0]["jumpers"]
    for n in range(len(layout["wires"]) // 4):
        bars.append({"id": f"JX{n}", "part": "859-402", "slot": "A2", "from": first})
    return layout


SHAPES = {"clean": lambda layout: layout, "with-mistakes": with_mistakes, "crowded": crowded}


def stages(modules: int, shape: str = "clean") -> dict[str, int]:
    text = json.dumps(SHAPES[shape](make_panel(modules)), indent=1)
    found: dict[str, int] = {}
    doc: Any = None
    layout: Any = None
    graph: Any = None

    def parse() -> None:
        nonlocal doc
        doc = parse_text("panel.json", text)

    def validate() -> None:
        nonlocal layout
        layout = validate_layout(doc)

    def build() -> None:
        nonlocal graph
        graph = build_graph(layout, ENGINE.catalog, doc.positions.locate)

    found["parse"] = lines_run(parse)
    found["validate"] = lines_run(validate)
    found["graph"] = lines_run(build)
    for code, check in ENGINE.checks.items():
        context = Context(graph=graph, params=ENGINE.params(code))
        found[code] = lines_run(lambda check=check, context=context: list(check(context)))
    results: list[Any] = []
    found["whole run"] = lines_run(lambda: results.append(ENGINE.check_text("panel.json", text)))
    result = results[0]
    options = ReportOptions(rules=ENGINE.rules, enabled=frozenset(ENGINE.enabled), root=ROOT)
    for name in FORMATS:
        found[f"report {name}"] = lines_run(lambda name=name: renderer(name)([result], options))
    found["render svg"] = lines_run(lambda: render_svg(graph, result.findings))
    found["render html"] = lines_run(lambda: render_html(graph, result, "panel"))
    found["bom"] = lines_run(lambda: render_bom(bill_of_materials(graph), "csv"))
    found["graph export"] = lines_run(lambda: "".join(render_graph(graph, "json")))
    return found


OUTPUTS = [*(f"report {name}" for name in FORMATS), "render svg", "render html", "bom"]
OUTPUTS += ["graph export"]


@pytest.fixture(scope="module", params=sorted(SHAPES))
def measured(request: pytest.FixtureRequest) -> tuple[dict[str, int], dict[str, int]]:
    stages(20, request.param)  # warm the caches (units, parts) that a first run fills
    return stages(SMALL, request.param), stages(LARGE, request.param)


def test_the_whole_run_grows_linearly(measured: tuple[dict[str, int], dict[str, int]]) -> None:
    small, large = measured
    assert large["whole run"] / small["whole run"] <= LIMIT


@pytest.mark.parametrize("stage", ["parse", "validate", "graph", *sorted(ENGINE.checks), *OUTPUTS])
def test_each_stage_and_rule_grows_linearly(
    measured: tuple[dict[str, int], dict[str, int]], stage: str
) -> None:
    small, large = measured
    ratio = large[stage] / max(small[stage], 1)
    assert ratio <= LIMIT, f"{stage}: {small[stage]} -> {large[stage]} lines ({ratio:.1f}x)"


def test_the_mistakes_are_reported() -> None:
    """The mistaken panels really exercise the reporting of every kind of mistake."""
    text = json.dumps(with_mistakes(make_panel(SMALL)))
    codes = {f.code for f in ENGINE.check_text("panel.json", text).findings}
    assert {"LAY001", "LAY002", "LAY003", "LAY005", "WIR001", "ELE002"} <= codes, codes
    text = json.dumps(crowded(make_panel(SMALL)))
    codes = {f.code for f in ENGINE.check_text("panel.json", text).findings}
    assert {"WIR006", "JMP003", "ELE002"} <= codes, codes


def test_the_counter_sees_quadratic_work() -> None:
    """The measure itself can fail: pairwise work on 4x the items is 16x the lines."""

    def pairs(n: int) -> None:
        from panelcheck.read.positions import escape_token

        items = [str(i) for i in range(n)]
        for a in items:
            for b in items:
                escape_token(a + b)

    assert lines_run(lambda: pairs(80)) / lines_run(lambda: pairs(20)) > 10
