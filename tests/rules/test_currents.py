"""The current model (SPEC section 5) and JMP004, the jumper bar that carries too much.

Every terminal draws: the module's own consumption on its coil/input/supply terminal and
the same back on its return terminal (859-390: 12 mA on A1 and on A2; 857-411: 25 mA on 3
and on 4), the loads connected at it (by impedance: net voltage over impedance), and a
relay's COM the larger of its NO and NC loads. The current through a jumper segment or an
internal link is the sum of the draws beyond it from the net's feed; without a feed on the
conductor every edge carries all its draws (worst case).

859-402...859-410 bars are rated 18 A (859-390 data sheet, lines 294-341; 859-408 on line
326); 281-482 has no rating. Jumper slots on the relays: A1, A2, 11 (COM).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import ROOT, STOP, amplifier_row, jumper, load, module, only, pairs, panel, row
from conftest import run_checked as run

from panelcheck.catalog import load_catalog
from panelcheck.graph import PanelGraph, build_graph
from panelcheck.graph.currents import CurrentModel, current_model
from panelcheck.read.format import validate

COMB8_CITE = "859-390 data sheet, line 326"  # 859-408, 8-way, 18 A
COMB2_CITE = "859-390 data sheet, line 294"  # 859-402, 2-way, 18 A
CATALOG = load_catalog()


def key(ref: str) -> str:
    """``"K1:11"`` -> the graph's terminal key ``"terminal:K1:11"``."""
    return f"terminal:{ref}"


def model_of(layout: dict[str, Any]) -> tuple[PanelGraph, CurrentModel]:
    pg = build_graph(validate(layout), CATALOG)
    return pg, current_model(pg)


def through(model: CurrentModel, a: str, b: str) -> float:
    edge = model.through(key(a), key(b))
    assert edge is not None, (a, b)
    return edge.current


def segments(model: CurrentModel, n: int, slot: str = "11", prefix: str = "K") -> list[float]:
    """Currents through the segments of a bar over modules 1..n, left to right."""
    return [through(model, f"{prefix}{i}:{slot}", f"{prefix}{i + 1}:{slot}") for i in range(1, n)]


def comb(
    feed: str | None = None,
    n: int = 8,
    amps: str = "3 A",
    part: str = "859-408",
    extra: tuple[dict[str, Any], ...] = (),
) -> dict[str, Any]:
    """n 859-390 relays, COM (11) on L1 commoned by one bar, a load of ``amps`` on each NO."""
    nets: dict[str, Any] = {"L1": {"voltage": "230 V AC"}}
    if feed is not None:
        nets["L1"]["feed"] = feed
    nets.update({f"E{i}": {"voltage": "230 V AC"} for i in range(1, n + 1)})
    relays = [module(f"K{i}", _11="L1", _14=f"E{i}") for i in range(1, n + 1)]
    return panel(
        *row(*relays, *extra),
        nets=nets,
        jumpers=[jumper("JB1", part, "11", "K1")],
        loads=[load(f"E{i}-heater", f"K{i}:14", amps) for i in range(1, n + 1)],
    )


# --- segment currents along a comb --------------------------------------------------------


def test_comb_fed_at_its_end_carries_everything_beyond_each_segment() -> None:
    _, model = model_of(comb(feed="K1:11"))
    assert segments(model, 8) == pytest.approx([21, 18, 15, 12, 9, 6, 3])


@pytest.mark.parametrize("feed", ["K4:11", "K5:11"])
def test_comb_fed_in_the_middle_carries_about_half_each_way(feed: str) -> None:
    _, model = model_of(comb(feed=feed))
    assert segments(model, 8) == pytest.approx([3, 6, 9, 12, 9, 6, 3])


def test_comb_fed_at_the_right_end_mirrors_the_left_end() -> None:
    _, model = model_of(comb(feed="K8:11"))
    assert segments(model, 8) == pytest.approx([3, 6, 9, 12, 15, 18, 21])


def test_segment_runs_from_the_feed_side_to_the_far_side() -> None:
    _, model = model_of(comb(feed="K4:11"))
    left = model.through(key("K1:11"), key("K2:11"))
    right = model.through(key("K6:11"), key("K7:11"))
    assert left is not None and right is not None
    assert (left.near, left.far, left.kind) == (key("K2:11"), key("K1:11"), "segment")
    assert (right.near, right.far) == (key("K6:11"), key("K7:11"))
    assert not left.worst_case
    assert left.beyond == 1
    assert right.beyond == 2
    assert "fed at K4:11" in left.basis


def test_segment_currents_are_written_on_the_graph_edges() -> None:
    pg, _ = model_of(comb(feed="K1:11"))
    edge = pg.g.edges[key("K1:11"), key("K2:11")]
    assert edge["kind"] == "segment"
    assert edge["current"] == pytest.approx(21)
    assert edge["worst_case"] is False
    assert pg.g.edges[key("K7:11"), key("K8:11")]["current"] == pytest.approx(3)


def test_without_a_feed_every_segment_carries_all_draws_of_the_conductor() -> None:
    pg, model = model_of(comb(feed=None))
    assert segments(model, 8) == pytest.approx([24] * 7)
    edge = model.through(key("K3:11"), key("K4:11"))
    assert edge is not None
    assert edge.worst_case
    assert edge.beyond == 8
    assert "worst case" in edge.basis
    assert pg.g.edges[key("K3:11"), key("K4:11")]["worst_case"] is True


def test_net_fed_on_another_conductor_is_worst_case_on_this_one() -> None:
    # K9 is on L1 too but not on the bar; the net is fed there.
    layout = comb(feed="K9:11", extra=(module("K9", _11="L1"),))
    _, model = model_of(layout)
    assert segments(model, 8) == pytest.approx([24] * 7)
    edge = model.through(key("K1:11"), key("K2:11"))
    assert edge is not None and edge.worst_case


def test_feed_terminal_draws_nothing_through_the_bar() -> None:
    # Fed at K1:11: K1's own 3 A enters and leaves at K1, the bar carries the other seven.
    _, model = model_of(comb(feed="K1:11"))
    assert model.draws[key("K1:11")] == pytest.approx(3)
    assert through(model, "K1:11", "K2:11") == pytest.approx(21)


# --- JMP004 ---------------------------------------------------------------------------------


def test_jumper_overcurrent_fires_on_a_comb_fed_at_its_end() -> None:
    result = run(comb(feed="K1:11"))
    assert pairs(result, "JMP004") == {("JMP004", "JB1")}
    (finding,) = only(result, "JMP004")
    assert finding.severity == "error"
    assert "JB1" in finding.message
    assert "21 A" in finding.message
    assert "K1:11" in finding.message and "K2:11" in finding.message
    assert "18 A" in finding.message
    assert COMB8_CITE in finding.message
    assert "worst case" not in finding.message


@pytest.mark.parametrize("feed", ["K4:11", "K5:11"])
def test_jumper_overcurrent_is_silent_on_the_same_comb_fed_in_the_middle(feed: str) -> None:
    assert pairs(run(comb(feed=feed)), "JMP004") == set()


def test_jumper_overcurrent_without_feed_says_worst_case_and_no_feed() -> None:
    (finding,) = only(run(comb(feed=None)), "JMP004")
    assert finding.subject == "JB1"
    assert "24 A" in finding.message
    assert "worst case" in finding.message
    assert "no feed" in finding.message
    assert COMB8_CITE in finding.message


def test_jumper_overcurrent_with_the_net_fed_elsewhere_says_so() -> None:
    layout = comb(feed="K9:11", extra=(module("K9", _11="L1"),))
    (finding,) = only(run(layout), "JMP004")
    assert finding.subject == "JB1"
    assert "worst case" in finding.message
    assert "K9:11" in finding.message
    assert "not on this conductor" in finding.message
    assert "no feed" not in finding.message


def test_comb_within_rating_fed_at_its_end_fails_in_the_worst_case_without_feed() -> None:
    # Four relays at 5 A: 15 A beyond the end feed passes; without a feed 20 A does not.
    assert pairs(run(comb(feed="K1:11", n=4, amps="5 A", part="859-404")), "JMP004") == set()
    no_feed = run(comb(feed=None, n=4, amps="5 A", part="859-404"))
    assert pairs(no_feed, "JMP004") == {("JMP004", "JB1")}


def _two_relays(amps: str, part: str = "859-402") -> dict[str, Any]:
    """K1 fed at its COM, a load of ``amps`` drawn straight at K2's COM through the bar."""
    return panel(
        *row(module("K1", _11="L1"), module("K2", _11="L1")),
        nets={"L1": {"voltage": "230 V AC", "feed": "K1:11"}},
        jumpers=[jumper("JB1", part, "11", "K1")],
        loads=[load("LD1", "K2:11", amps)],
    )


def test_jumper_at_exactly_its_rating_passes() -> None:
    layout = _two_relays("18 A")
    _, model = model_of(layout)
    assert through(model, "K1:11", "K2:11") == pytest.approx(18)
    assert pairs(run(layout), "JMP004") == set()


def test_jumper_just_above_its_rating_fails() -> None:
    (finding,) = only(run(_two_relays("18.5 A")), "JMP004")
    assert finding.subject == "JB1"
    assert "18.5 A" in finding.message
    assert COMB2_CITE in finding.message


def test_six_contacts_of_3_amps_sum_to_exactly_the_rating() -> None:
    # 7-way bar fed at K1: the first segment carries 6 x 3 A = 18 A, on the limit.
    layout = comb(feed="K1:11", n=7, part="859-407")
    _, model = model_of(layout)
    assert through(model, "K1:11", "K2:11") == pytest.approx(18)
    assert pairs(run(layout), "JMP004") == set()


def _unrated(load_amps: str | None) -> dict[str, Any]:
    """Two 857-411 with a 281-482 on the supply terminal 3."""
    return panel(
        STOP,
        module("A1", "857-411", _3="+24V", _4="0V"),
        module("A2", "857-411", _3="+24V", _4="0V"),
        STOP,
        nets={"+24V": {"voltage": "24 V DC", "feed": "A1:3"}, "0V": {"voltage": "0 V DC"}},
        jumpers=[jumper("JB1", "281-482", "3", "A1")],
        loads=[load("LD1", "A2:3", load_amps)] if load_amps else [],
    )


def test_unrated_jumper_carrying_current_is_reported_as_info() -> None:
    result = run(_unrated("0.5 A"))
    assert pairs(result, "JMP004") == {("JMP004", "JB1")}
    (finding,) = only(result, "JMP004")
    assert finding.severity == "info"
    assert "281-482" in finding.message
    assert "525 mA" in finding.message  # 0.5 A load + A2's 25 mA supply
    assert "no current rating" in finding.message
    assert "not checked" in finding.message


def test_unrated_jumper_carrying_nothing_is_not_reported() -> None:
    # Nothing draws on the relays' COM terminals: the bar carries 0 A (JMP001 complains
    # about 281-482 on 859 relays, which is not this rule's business).
    layout = panel(
        *row(module("K1", _11="L1"), module("K2", _11="L1")),
        nets={"L1": {"voltage": "230 V AC"}},
        jumpers=[jumper("JB1", "281-482", "11", "K1")],
    )
    _, model = model_of(layout)
    assert through(model, "K1:11", "K2:11") == 0
    assert pairs(run(layout), "JMP004") == set()


def test_rated_jumper_below_its_rating_is_silent() -> None:
    assert pairs(run(_two_relays("3 A")), "JMP004") == set()


def test_jumper_overcurrent_points_at_the_jumper_part() -> None:
    layout = comb(feed="K1:11")
    text = json.dumps(layout, indent=2)
    (finding,) = only(run(layout), "JMP004")
    lines = text.splitlines()
    (n,) = [i for i, line in enumerate(lines) if '"part": "859-408"' in line]
    assert (finding.line, finding.column) == (n + 1, lines[n].index('"859-408"') + 1)


# --- draws ------------------------------------------------------------------------------------


def _changeover(no: str | None, nc: str | None) -> dict[str, Any]:
    loads = []
    if no:
        loads.append(load("LNO", "K1:14", no))
    if nc:
        loads.append(load("LNC", "K1:12", nc))
    return panel(
        *row(module("K1", _11="L1", _12="E2", _14="E1")),
        nets={
            "L1": {"voltage": "230 V AC"},
            "E1": {"voltage": "230 V AC"},
            "E2": {"voltage": "230 V AC"},
        },
        loads=loads,
    )


@pytest.mark.parametrize(
    ("no", "nc", "com"),
    [("2 A", "3 A", 3.0), ("3 A", "2 A", 3.0), ("1 A", None, 1.0), (None, "1.5 A", 1.5)],
)
def test_relay_com_draws_the_larger_of_no_and_nc_not_the_sum(
    no: str | None, nc: str | None, com: float
) -> None:
    _, model = model_of(_changeover(no, nc))
    assert model.draws[key("K1:11")] == pytest.approx(com)


def test_no_and_nc_terminals_draw_their_own_loads() -> None:
    _, model = model_of(_changeover("2 A", "3 A"))
    assert model.draws[key("K1:14")] == pytest.approx(2)
    assert model.draws[key("K1:12")] == pytest.approx(3)


def test_relay_coil_draws_its_consumption_on_a1_and_the_same_back_on_a2() -> None:
    _, model = model_of(panel(*row(module("K1", A1="+24V", A2="0V"))))
    assert model.draws[key("K1:A1")] == pytest.approx(0.012)
    assert model.draws[key("K1:A2")] == pytest.approx(0.012)
    assert model.draws.get(key("K1:11"), 0.0) == 0.0


@pytest.mark.parametrize(("part", "amps"), [("859-386", 0.0101), ("859-353", 0.015)])
def test_coil_consumption_comes_from_the_catalog(part: str, amps: float) -> None:
    _, model = model_of(panel(*row(module("K1", part, A1="C", A2="0V"))))
    assert model.draws[key("K1:A1")] == pytest.approx(amps)
    assert model.draws[key("K1:A2")] == pytest.approx(amps)


@pytest.mark.parametrize("slot", ["A1", "A2"])
def test_coil_comb_carries_the_coil_currents_beyond_each_segment(slot: str) -> None:
    relays = [module(f"K{i}", A1="+24V", A2="0V") for i in range(1, 9)]
    net = "+24V" if slot == "A1" else "0V"
    nets = {
        "+24V": {"voltage": "24 V DC"},
        "0V": {"voltage": "0 V DC"},
    }
    nets[net]["feed"] = f"K1:{slot}"
    layout = panel(*row(*relays), nets=nets, jumpers=[jumper("JB1", "859-408", slot, "K1")])
    _, model = model_of(layout)
    assert segments(model, 8, slot) == pytest.approx([0.012 * k for k in range(7, 0, -1)])


def test_isolation_amplifier_supply_draws_25_milliamps_on_3_and_on_4() -> None:
    _, model = model_of(panel(STOP, module("A1", "857-411", _3="+24V", _4="0V"), STOP))
    assert model.draws[key("A1:3")] == pytest.approx(0.025)
    assert model.draws[key("A1:4")] == pytest.approx(0.025)


@pytest.mark.parametrize(
    ("voltage", "impedance", "amps"),
    [("24 V DC", "400 ohm", 0.06), ("230 V AC", "460 ohm", 0.5), ("24 V DC", "1.2 kohm", 0.02)],
)
def test_load_given_by_impedance_draws_net_voltage_over_impedance(
    voltage: str, impedance: str, amps: float
) -> None:
    layout = panel(
        *row(module("K1", _11="S", _14="Y")),
        nets={"S": {"voltage": voltage}, "Y": {"voltage": voltage}},
        loads=[load("LD1", "K1:14", impedance=impedance)],
    )
    _, model = model_of(layout)
    assert model.draws[key("K1:14")] == pytest.approx(amps)
    assert model.draws[key("K1:11")] == pytest.approx(amps)


def test_two_loads_on_one_terminal_add() -> None:
    layout = panel(
        *row(module("K1", _11="S", _14="Y")),
        nets={"S": {"voltage": "24 V DC"}, "Y": {"voltage": "24 V DC"}},
        loads=[load("LD1", "K1:14", "1 A"), load("LD2", "K1:14", impedance="48 ohm")],
    )
    _, model = model_of(layout)
    assert model.draws[key("K1:14")] == pytest.approx(1.5)
    assert model.draws[key("K1:11")] == pytest.approx(1.5)


def test_solid_state_relay_supply_terminal_carries_its_output_loads() -> None:
    layout = panel(
        *row(module("K1", "859-753", _13="+24V", _14="H1", _15="0V")),
        nets={
            "+24V": {"voltage": "24 V DC"},
            "0V": {"voltage": "0 V DC"},
            "H1": {"voltage": "24 V DC"},
        },
        loads=[load("LD1", "K1:14", "40 mA")],
    )
    _, model = model_of(layout)
    assert model.draws[key("K1:13")] == pytest.approx(0.04)
    assert model.draws[key("K1:A1")] == pytest.approx(0.0165)


# --- internal links (857-411: 3-7 and 4-8) ------------------------------------------------------


def test_internal_link_next_to_the_feed_carries_the_whole_row() -> None:
    pg, model = model_of(amplifier_row("A1:7"))
    link = model.through(key("A1:3"), key("A1:7"))
    assert link is not None
    assert link.kind == "internal"
    assert (link.near, link.far) == (key("A1:7"), key("A1:3"))
    # 1.4 A load + 4 x 25 mA supply current.
    assert link.current == pytest.approx(1.5)
    assert pg.g.edges[key("A1:3"), key("A1:7")]["current"] == pytest.approx(1.5)
    assert segments(model, 4, "3", "A") == pytest.approx([1.475, 1.45, 1.425])
    # The other modules' links lead to nothing that draws.
    assert through(model, "A2:3", "A2:7") == 0


def test_internal_link_away_from_the_feed_carries_nothing() -> None:
    _, model = model_of(amplifier_row("A1:3"))
    assert through(model, "A1:3", "A1:7") == 0
    assert segments(model, 4, "3", "A") == pytest.approx([1.475, 1.45, 1.425])


def test_internal_link_without_a_feed_is_worst_case() -> None:
    _, model = model_of(amplifier_row(None))
    link = model.through(key("A3:3"), key("A3:7"))
    assert link is not None and link.worst_case
    assert link.current == pytest.approx(1.5)


def test_return_link_4_8_carries_its_own_module_supply_current() -> None:
    # No jumper on 4: each 4-8 link is a conductor of its own with 25 mA on 4.
    _, model = model_of(amplifier_row("A1:7"))
    assert through(model, "A2:4", "A2:8") == pytest.approx(0.025)


def test_comb_on_unmapped_terminals_is_worst_case_and_says_why() -> None:
    # No net on the COM terminals: no feed can be known; the NO loads still count.
    relays = [module(f"K{i}") for i in range(1, 9)]
    layout = panel(
        *row(*relays),
        jumpers=[jumper("JB1", "859-408", "11", "K1")],
        loads=[load(f"LD{i}", f"K{i}:14", "3 A") for i in range(1, 9)],
    )
    (finding,) = only(run(layout), "JMP004")
    assert "24 A" in finding.message
    assert "worst case" in finding.message
    assert "no net" in finding.message


def test_a_conductor_with_a_loop_is_taken_at_its_worst_case(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A user part whose internal link joins two slotted terminals lets two jumpers close
    a loop; the split between the paths is unknown, so every edge gets all the draws."""
    text = (ROOT / "rules/parts/857-411.toml").read_text(encoding="utf-8")
    text = text.replace('"857-411"', '"XL-411"').replace('names = ["3", "4"]', 'names = ["3", "7"]')
    (tmp_path / "xl.toml").write_text(text, encoding="utf-8")
    layout = panel(
        STOP,
        module("A1", "XL-411", _3="+24V"),
        module("A2", "XL-411"),
        STOP,
        nets={"+24V": {"voltage": "24 V DC", "feed": "A1:3"}},
        jumpers=[jumper("J3", "859-402", "3", "A1"), jumper("J7", "859-402", "7", "A1")],
        loads=[load("LD1", "A2:7", "2 A")],
    )
    pg = build_graph(validate(layout), load_catalog([tmp_path]))
    model = current_model(pg)
    edge = model.through(key("A1:3"), key("A2:3"))
    assert edge is not None and edge.worst_case and "loop" in edge.basis
    assert edge.current == pytest.approx(2 + 2 * 0.025)  # the load and both supplies on 3
