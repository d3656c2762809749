"""A large panel shared over processes gives exactly the findings of a single process.

The engine cuts a large panel's rails into shares, each built and checked in a forked
process (see panelcheck.graph.shares). These tests force that on small layouts (the size
threshold set to 0) and hold every finding, its position and order to the serial run:
on every rule example and sample panel set beside synthetic rails (before and after
them, so the example lands in either share), on generated panels with mistakes mixed
in (hypothesis), and when a child process fails.
"""

from __future__ import annotations

import copy
import json
import os
from dataclasses import asdict
from typing import Any

import pytest
from conftest import SAMPLES, make_panel
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from panelcheck.engine import core as engine_module
from panelcheck.engine import sharing as sharing_module
from panelcheck.engine.core import Engine, Options
from panelcheck.engine.ruleset import example, load_rules
from panelcheck.graph.shares import _cuts, plan
from panelcheck.read.document import DocumentError

SERIAL = Engine(Options(select=("ALL",), jobs=1))
SHARED = {n: Engine(Options(select=("ALL",), jobs=n), catalog=SERIAL.catalog) for n in (2, 3)}


@pytest.fixture(autouse=True)
def _share_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_module, "LARGE_ITEMS", 0)


def findings(engine: Engine, layout: dict[str, Any] | str) -> list[dict[str, Any]]:
    text = layout if isinstance(layout, str) else json.dumps(layout, indent=2)
    return [asdict(f) for f in engine.check_text("layout.json", text).findings]


def shared_at_all(layout: dict[str, Any], processes: int = 2) -> bool:
    """Whether the engine will really share this layout (else the test proves nothing)."""
    try:
        validated = engine_module.validate_layout(
            engine_module.parse_text("layout.json", json.dumps(layout))
        )
    except DocumentError:
        return False
    return plan(validated, SERIAL.catalog, processes) is not None


def beside_synthetic(layout: dict[str, Any], before: bool) -> dict[str, Any]:
    """The layout with two synthetic rails (and their nets, wires and loads) added."""
    extra = make_panel(40, "extra", prefix="Z")
    combined = copy.deepcopy(layout)
    for net, value in extra["nets"].items():
        combined.setdefault("nets", {}).setdefault(net, value)
    for key in ("rails", "wires", "loads"):
        mine, theirs = combined.get(key, []), extra[key]
        combined[key] = theirs + mine if before else mine + theirs
    return combined


def _examples() -> list[tuple[str, str]]:
    found = []
    for code in sorted(load_rules()):
        for kind in ("fail", "pass"):
            if example(code, kind) is not None:
                found.append((code, kind))
    return found


def _valid_samples() -> list[str]:
    names = []
    for path in sorted(SAMPLES.rglob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        if isinstance(data, dict) and isinstance(data.get("rails"), list):
            names.append(str(path.relative_to(SAMPLES)))
    return names


@pytest.mark.parametrize("before", [False, True], ids=["example-first", "example-last"])
@pytest.mark.parametrize(("code", "kind"), _examples())
def test_rule_examples_beside_other_rails(code: str, kind: str, before: bool) -> None:
    text = example(code, kind)
    assert text is not None
    layout = json.loads(text)
    if not isinstance(layout.get("rails"), list):
        pytest.skip("not a layout with rails (a schema example)")
    combined = beside_synthetic(layout, before)
    expected = findings(SERIAL, combined)
    assert findings(SHARED[2], combined) == expected
    assert findings(SHARED[3], combined) == expected


@pytest.mark.parametrize("name", _valid_samples())
def test_sample_panels_beside_other_rails(name: str) -> None:
    layout = json.loads((SAMPLES / name).read_text(encoding="utf-8"))
    for before in (False, True):
        combined = beside_synthetic(layout, before)
        assert findings(SHARED[2], combined) == findings(SERIAL, combined)


def test_most_combined_examples_are_really_shared() -> None:
    """Guard against the tests above passing because nothing was shared."""
    layouts = []
    for code, kind in _examples():
        layout = json.loads(example(code, kind) or "{}")
        if isinstance(layout.get("rails"), list):
            layouts.append(beside_synthetic(layout, before=False))
    shared = sum(shared_at_all(layout) for layout in layouts)
    assert shared >= 0.8 * len(layouts), f"{shared} of {len(layouts)}"


# -- generated panels with mistakes ------------------------------------------------------


def _mutate(layout: dict[str, Any], choice: str, n: int) -> None:
    """One realistic mistake (or waiver) at a place chosen by ``n``."""
    rails, wires, loads = layout["rails"], layout["wires"], layout["loads"]
    modules = [item for rail in rails for item in rail["items"] if item["type"] == "module"]
    module = modules[n % len(modules)]
    if choice == "overload":
        loads[n % len(loads)]["current"] = "9 A"
    elif choice == "thick-wire":
        wires[n % len(wires)]["cross_section"] = "6 mm^2"
    elif choice == "no-ferrule":
        wires[n % len(wires)].pop("ferrule", None)
    elif choice == "unknown-part":
        module["part"] = "859-999"
    elif choice == "undeclared-net":
        module["terminals"] = {**module.get("terminals", {}), "A1": "NOT-DECLARED"}
    elif choice == "unknown-terminal":
        wires[n % len(wires)]["terminal"] = f"{module['id']}:99"
    elif choice == "far-feed":  # a net fed at a module on another rail
        relay = next(m for m in reversed(modules) if m["part"] == "859-390")
        layout["nets"]["0V"]["feed"] = f"{relay['id']}:A2"
    elif choice == "no-end-plate":
        rail = rails[n % len(rails)]
        rail["items"] = [i for i in rail["items"] if i["type"] != "end_plate"]
    elif choice == "short":
        module["terminals"] = {**module.get("terminals", {}), "A2": "+24V-1"}
    elif choice == "duplicate-id":
        wires[n % len(wires)]["id"] = module["id"]
    elif choice == "foreign-jumper":
        jumpers = [j for rail in rails for j in rail.get("jumpers", ())]
        jumpers[n % len(jumpers)]["from"] = modules[-1 - n % len(modules)]["id"]
    elif choice == "waiver":
        layout.setdefault("waivers", []).append(
            {"rule": "WIR001", "subject": wires[n % len(wires)]["id"], "reason": "tested"}
        )
    elif choice == "full-rail":
        rails[n % len(rails)]["length"] = "50 mm"


MISTAKES = [
    "overload",
    "thick-wire",
    "no-ferrule",
    "unknown-part",
    "undeclared-net",
    "unknown-terminal",
    "far-feed",
    "no-end-plate",
    "short",
    "duplicate-id",
    "foreign-jumper",
    "waiver",
    "full-rail",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    size=st.integers(min_value=29, max_value=120),
    mistakes=st.lists(
        st.tuples(st.sampled_from(MISTAKES), st.integers(min_value=0, max_value=10_000)),
        max_size=5,
    ),
    processes=st.sampled_from([2, 3]),
)
def test_generated_panels_with_mistakes(
    size: int, mistakes: list[tuple[str, int]], processes: int
) -> None:
    layout = make_panel(size)
    for choice, n in mistakes:
        _mutate(layout, choice, n)
    assert findings(SHARED[processes], layout) == findings(SERIAL, layout)


def test_a_feed_on_another_share_is_named_the_same() -> None:
    """Rail 1's supply comb is declared fed at an amplifier on rail 2 (another share):
    the worst-case current message names that feed in both runs."""
    layout = make_panel(60)
    layout["nets"]["+24V-1"]["feed"] = "A2-1:7"
    layout["loads"].append({"id": "valve-island", "terminal": "A1-4:3", "current": "1.4 A"})
    assert shared_at_all(layout)
    expected = findings(SERIAL, layout)
    assert any("fed at A2-1:7, not on this conductor" in f["message"] for f in expected)
    assert findings(SHARED[2], layout) == expected


def test_a_failing_child_has_its_share_redone(monkeypatch: pytest.MonkeyPatch) -> None:
    layout = make_panel(60)
    _mutate(layout, "overload", 5)
    _mutate(layout, "thick-wire", 40)
    expected = findings(SERIAL, layout)
    parent = os.getpid()
    real = sharing_module.build_graph

    def failing_in_children(*args: Any, **kwargs: Any) -> Any:
        if os.getpid() != parent:
            raise RuntimeError("a child that breaks")
        return real(*args, **kwargs)

    monkeypatch.setattr(sharing_module, "build_graph", failing_in_children)
    assert shared_at_all(layout)
    assert findings(SHARED[2], layout) == expected


def test_a_shared_analysis_has_no_whole_graph_and_a_serial_one_has() -> None:
    text = json.dumps(make_panel(60))
    assert SHARED[2].check_text("a.json", text).findings == []
    assert SERIAL.analyse(engine_module.parse_text("a.json", text)).graph is not None
    assert SHARED[2].analyse(engine_module.parse_text("a.json", text)).graph is None


# -- the pieces ---------------------------------------------------------------------------


@pytest.mark.parametrize("modules", [1, 2, 7, 28, 29, 55, 300])
def test_generated_panels_are_clean_and_of_the_asked_size(modules: int) -> None:
    """The benchmark's panels: a benchmark full of findings would measure the reporting."""
    layout = make_panel(modules)
    count = sum(i["type"] == "module" for r in layout["rails"] for i in r["items"])
    assert count == modules
    assert findings(SERIAL, layout) == []


@given(
    weights=st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=30),
    parts=st.integers(min_value=2, max_value=5),
)
def test_rails_are_cut_into_contiguous_runs_that_cover_them(weights: list[int], parts: int) -> None:
    cuts = _cuts(weights, parts)
    assert [i for span in cuts for i in span] == list(range(len(weights)))
    assert all(len(span) for span in cuts)
    assert len(cuts) <= parts
    if len(weights) >= parts and min(weights) > 0:
        heaviest = max(sum(weights[i] for i in span) for span in cuts)
        assert heaviest <= sum(weights) / parts + max(weights)  # about equal shares
