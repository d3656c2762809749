"""panelcheck render: the rails drawn to scale, findings marked, and the HTML page."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SAMPLES, jumper, module, panel, row

from panelcheck.catalog import load_catalog
from panelcheck.cli import main
from panelcheck.engine.core import Engine, Options
from panelcheck.pictures.drawing import (
    JUMPER_COLOURS,
    MARGIN,
    PAGE_WIDTH,
    SCALE,
    SEVERITY_COLOURS,
    UNKNOWN_COLOUR,
    fold,
    render_svg,
)
from panelcheck.pictures.page import PANEL_MIN_WIDTH

SVG = "{http://www.w3.org/2000/svg}"
ELECTRICAL = SAMPLES / "failing" / "electrical.json"
JUMPERS = SAMPLES / "failing" / "jumpers.json"


def render(path: Path, out: Path) -> str:
    result = CliRunner().invoke(main, ["render", str(path), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def groups(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {g.get("id"): g for g in root.iter(f"{SVG}g") if g.get("id")}


def body(group: ET.Element) -> ET.Element:
    return next(r for r in group.iter(f"{SVG}rect") if r.get("class") == "body")


def test_items_are_drawn_to_scale_in_rail_order(tmp_path: Path) -> None:
    drawn = groups(render(SAMPLES / "pump-station.json", tmp_path / "p.svg"))
    stop, k1, k2 = (body(drawn[f"el-item-0-{i}"]) for i in range(3))
    assert float(stop.get("width")) == 6 * SCALE  # 249-116, 6 mm
    assert float(k1.get("width")) == 6 * SCALE  # 859-390, 6 mm
    assert float(k2.get("x")) == float(k1.get("x")) + 6 * SCALE
    plate = body(drawn["el-item-0-7"])  # the 859-525 after K6
    assert float(plate.get("width")) == 1 * SCALE
    assert "K1" in ET.tostring(drawn["el-item-0-1"], encoding="unicode")
    assert "859-390" in ET.tostring(drawn["el-item-0-1"], encoding="unicode")


def test_jumpers_are_drawn_in_their_colours_over_their_modules(tmp_path: Path) -> None:
    drawn = groups(render(SAMPLES / "pump-station.json", tmp_path / "p.svg"))
    blue = body(drawn["el-jumper-0-0"])  # JB1 859-406/000-006 from K1, 6-way
    assert blue.get("fill") == JUMPER_COLOURS["blue"]
    k1, k6 = body(drawn["el-item-0-1"]), body(drawn["el-item-0-6"])
    assert float(blue.get("x")) > float(k1.get("x"))
    end = float(blue.get("x")) + float(blue.get("width"))
    assert float(k6.get("x")) < end < float(k6.get("x")) + float(k6.get("width"))
    assert body(drawn["el-jumper-0-1"]).get("fill") == JUMPER_COLOURS["light gray"]


_USER_JUMPERS = """
["XJ-2"]
kind = "jumper"
description = "Jumper; 2-way; petrol"
ways = 2
colour = "{colour}"
source = "our sheet, p. 1"
"""


@pytest.mark.parametrize(
    ("colour", "fill"),
    [("petrol", UNKNOWN_COLOUR), ("Orange", JUMPER_COLOURS["orange"])],
)
def test_a_jumper_colour_from_a_user_catalog_renders_without_a_code_change(
    tmp_path: Path, colour: str, fill: str
) -> None:
    """The colour is data: a name the drawing does not know is drawn neutral and named."""
    parts = tmp_path / "parts"
    parts.mkdir()
    (parts / "jumpers.toml").write_text(_USER_JUMPERS.format(colour=colour), encoding="utf-8")
    layout = tmp_path / "cp.json"
    layout.write_text(
        json.dumps(
            panel(*row(module("K1"), module("K2")), jumpers=[jumper("JB1", "XJ-2", "A2", "K1")])
        ),
        encoding="utf-8",
    )
    engine = Engine(Options(select=("ALL",)), catalog=load_catalog([parts]))
    analysis = engine.analyse_path(str(layout))
    assert analysis.graph is not None
    svg = render_svg(analysis.graph, analysis.result.findings)
    drawn = body(groups(svg)["el-jumper-0-0"])
    assert drawn.get("fill") == fill
    assert f"{colour.lower()} jumper" in svg  # in the legend
    assert f"XJ-2, {colour})" in svg  # in the tooltip, as the catalog spells it


def test_rail_length_used_and_free_space_are_written(tmp_path: Path) -> None:
    svg = render(SAMPLES / "pump-station.json", tmp_path / "p.svg")
    assert "Rail X1: 500 mm, items 100 mm, 400 mm free" in svg  # 2 stops, 18 modules, 4 plates
    assert ">300 mm<" in svg and "Legend" in svg  # X2, in one row
    assert ">0–250 mm<" in svg and ">250–500 mm<" in svg  # X1, folded: each row's stretch
    over = render(ELECTRICAL, tmp_path / "e.svg")
    assert "Rail X1: 70 mm, items 79 mm, 9 mm over" in over


def outlines(svg: str) -> dict[str, ET.Element]:
    """Finding outlines by the element they surround (drawn on top of the rail)."""
    return {
        r.get("id").removesuffix("-finding"): r
        for r in ET.fromstring(svg).iter(f"{SVG}rect")
        if (r.get("class") or "").startswith("finding")
    }


def test_findings_outline_their_element_in_the_severity_colour(tmp_path: Path) -> None:
    svg = render(ELECTRICAL, tmp_path / "e.svg")
    drawn, marked = groups(svg), outlines(svg)
    k9, outline = body(drawn["el-item-0-9"]), marked["el-item-0-9"]
    assert outline.get("stroke") == SEVERITY_COLOURS["error"]
    assert float(outline.get("x")) == float(k9.get("x")) + 1.5  # just inside the module
    assert float(outline.get("width")) == float(k9.get("width")) - 3
    assert "ELE001 error" in ET.tostring(drawn["el-item-0-9"], encoding="unicode")  # tooltip
    assert "el-item-1-3" not in marked  # A3: no finding, no outline
    assert set(marked) == {
        "el-rail-0",
        "el-jumper-0-0",
        "el-item-0-9",
        "el-item-0-10",
        "el-item-0-11",
        "el-item-1-1",
    }


def test_codes_are_written_beside_the_elements(tmp_path: Path) -> None:
    svg = render(JUMPERS, tmp_path / "j.svg")
    codes = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text") if t.get("class") == "codes"]
    assert "JB6: NET001" in codes
    assert "JB5: JMP003  JB7: JMP003" in codes  # two jumpers starting on K3, merged


def test_a_wire_finding_is_drawn_on_its_module(tmp_path: Path) -> None:
    svg = render(SAMPLES / "failing" / "wiring.json", tmp_path / "w.svg")
    assert "WIR001" in ET.tostring(groups(svg)["el-item-0-1"], encoding="unicode")
    assert outlines(svg)["el-item-0-1"].get("class") == "finding error"


Box = tuple[float, float, float, float]
"""left, top, right, bottom"""


def box(rect: ET.Element) -> Box:
    x, y, w, h = (float(rect.get(k, 0)) for k in ("x", "y", "width", "height"))
    return x, y, x + w, y + h


def painted(rect: ET.Element) -> Box:
    """What a rectangle's stroke covers: its box grown by half the stroke each way."""
    half = float(rect.get("stroke-width", 0)) / 2
    left, top, right, bottom = box(rect)
    return left - half, top - half, right + half, bottom + half


def within(a: Box, b: Box) -> bool:
    """Is box ``a`` inside box ``b``?"""
    return b[0] <= a[0] and b[1] <= a[1] and a[2] <= b[2] and a[3] <= b[3]


def overlap(a: Box, b: Box) -> bool:
    """Do two boxes share some area (touching edges do not)?"""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("layout", [ELECTRICAL, JUMPERS], ids=["electrical", "jumpers"])
def test_finding_outlines_cover_no_neighbour(tmp_path: Path, layout: Path) -> None:
    """An item's outline is drawn inside its own box, a jumper's on the modules it covers,
    the rail's outside every item: no outline reaches into another item, where its tag
    and part number are. The item's own texts are drawn after its outline, on top."""
    svg = render(layout, tmp_path / "d.svg")
    drawn, marked = groups(svg), outlines(svg)
    items = {k: box(body(g)) for k, g in drawn.items() if k.startswith("el-item-")}
    for element, outline in marked.items():
        area = painted(outline)
        if element.startswith("el-item-"):
            assert within(area, items[element]), element  # inside its own box
            children = list(drawn[element])
            ids = [c.get("id") for c in children]
            at = ids.index(f"{element}-finding")  # the outline is in the item's group...
            texts = [i for i, c in enumerate(children) if c.tag == f"{SVG}text"]
            assert all(i > at for i in texts), element  # ...under the item's texts
            others = [k for k in items if k != element]
        elif element.startswith("el-jumper-"):
            bar = box(body(drawn[element]))
            others = [k for k, b in items.items() if not overlap(b, bar)]
        else:  # a frame: what it covers is its stroke, so the items are inside or outside it
            half = float(outline.get("stroke-width", 0)) / 2
            inner = (area[0] + 2 * half, area[1] + 2 * half, area[2] - 2 * half, area[3] - 2 * half)
            others = [k for k, b in items.items() if not within(b, inner)]
        assert [k for k in others if overlap(area, items[k])] == [], element


def labels(group: ET.Element) -> list[str | None]:
    return [t.text for t in group.iter(f"{SVG}text") if t.get("class") == "jumper-label"]


def test_each_jumper_bar_is_labelled_with_its_slot_and_net(tmp_path: Path) -> None:
    """Bars of one part have one colour whatever they carry: the label tells a 230 V AC
    bar from a 24 V DC one. The net is the terminals' (mapped or carried through)."""
    drawn = groups(render(ELECTRICAL, tmp_path / "e.svg"))
    jb1, jb2 = drawn["el-jumper-0-0"], drawn["el-jumper-1-0"]
    assert labels(jb1) == ["11 · L1"]  # K1-K8, 230 V AC
    assert labels(jb2) == ["3 · +24V"]  # A1-A4, 24 V DC
    assert "in slot 11, net L1 (230 V AC)" in ET.tostring(jb1, encoding="unicode")  # tooltip
    for group in (jb1, jb2):  # over the bar's left end, above it
        label = next(t for t in group.iter(f"{SVG}text") if t.get("class") == "jumper-label")
        bar = body(group)
        assert float(label.get("y")) < float(bar.get("y"))
        assert abs(float(label.get("x")) - float(bar.get("x"))) <= 2
    drawn = groups(render(JUMPERS, tmp_path / "j.svg"))
    assert labels(drawn["el-jumper-0-0"]) == ["A2 · 0V"]  # JB1
    assert labels(drawn["el-jumper-0-5"]) == ["A1 · DO-1 / DO-2"]  # JB6 shorts two nets
    assert labels(drawn["el-jumper-0-4"]) == ["14 · no net"]  # JB5, in no slot of K3, K4


def long_rail(tmp_path: Path) -> Path:
    """A 1 m rail with 70 relays (433 mm of items) and an 8-way bar from K54 to K61."""
    relays = [module(f"K{n}", A2="0V") for n in range(1, 71)]
    layout = panel(*row(*relays), length="1000 mm", jumpers=[jumper("JB1", "859-408", "A2", "K54")])
    path = tmp_path / "long.json"
    path.write_text(json.dumps(layout), encoding="utf-8")
    return path


def test_a_long_rail_is_folded_into_rows_that_fit_the_page(tmp_path: Path) -> None:
    """A 1 m rail is 4,048 px in one row; folded, it fits the page at the same scale."""
    svg = render(long_rail(tmp_path), tmp_path / "long.svg")
    width = float(ET.fromstring(svg).get("width"))
    assert width <= PAGE_WIDTH
    drawn = groups(svg)
    relays = [body(drawn[f"el-item-0-{i}"]) for i in range(1, 71)]
    assert all(float(r.get("width")) == 6 * SCALE for r in relays)  # still to scale
    assert all(box(r)[2] <= width - MARGIN for r in relays)
    assert len({r.get("y") for r in relays}) == 2  # K1-K55, K56-K70; then free rail
    reading = sorted(range(70), key=lambda i: (float(relays[i].get("y")), box(relays[i])[0]))
    assert reading == list(range(70))  # left to right, row after row
    assert "Rail X1: 1000 mm, items 433 mm, 567 mm free, drawn in 3 rows" in svg
    assert "Rail X1, continued: 336–676 mm" in svg
    assert all(f">{stretch} mm<" in svg for stretch in ("0–336", "336–676", "676–1000"))
    bar = drawn["el-jumper-0-0"]  # K54-K61 crosses the fold before K56
    pieces = [r for r in bar.iter(f"{SVG}rect") if "body" in (r.get("class") or "").split()]
    assert len({p.get("y") for p in pieces}) == 2
    assert labels(bar) == ["A2 · 0V", "A2 · 0V"]  # labelled in each row


def test_folds_fall_between_items_and_leave_no_sliver() -> None:
    def relays(count: int) -> list[tuple[float, float]]:
        return [(6.0 * n, 6.0) for n in range(count)]

    assert fold(relays(10), 300, 388) == [(0.0, 300)]  # fits: one row
    assert fold(relays(16), 500, 388) == [(0.0, 250.0), (250.0, 500)]  # free rail halved
    # 1002 mm packed: rows of about a third, each broken before the relay that would pass it
    assert fold(relays(167), 1000, 388) == [(0.0, 336.0), (336.0, 672.0), (672.0, 1002.0)]
    # 480 mm of relays on 500 mm: the 20 free mm stay with the second row
    assert fold(relays(80), 500, 388) == [(0.0, 246.0), (246.0, 500)]
    assert fold([(0.0, 500.0)], 500, 388) == [(0.0, 500)]  # an item is never cut


def test_the_html_page_lays_the_findings_beside_the_drawing_when_there_is_room(
    tmp_path: Path,
) -> None:
    """The breakpoint is the drawing's own width plus the panel's; the browser test shows
    both layouts."""
    page = render(ELECTRICAL, tmp_path / "e.html")
    svg = re.search(r"<svg .*?</svg>", page, re.S)
    assert svg is not None
    width = float(ET.fromstring(svg.group(0)).get("width"))
    assert f"@media (min-width: {width + PANEL_MIN_WIDTH:g}px)" in page
    assert '<aside id="findings">' in page and page.count('<tr id="finding-') == 9


def test_html_page_links_every_finding_to_its_element(tmp_path: Path) -> None:
    page = render(ELECTRICAL, tmp_path / "e.html")
    assert page.startswith("<!DOCTYPE html>") and "<svg " in page
    assert "<script" not in page and "http://" not in page.replace(
        "http://www.w3.org/2000/svg", ""
    )  # self-contained, nothing fetched
    links = re.findall(r'href="#(el-[^"]+)"', page)
    ids = set(re.findall(r' id="(el-[^"]+)"', page))
    assert len(links) == 9 and set(links) <= ids
    assert "ELE003" in page and "K11" in page


def test_render_refuses_other_extensions_and_unreadable_layouts(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["render", str(ELECTRICAL), "-o", str(tmp_path / "x.png")])
    assert result.exit_code == 2 and ".svg or .html" in result.output
    broken = SAMPLES / "failing" / "merge-conflict.json"
    result = CliRunner().invoke(main, ["render", str(broken), "-o", str(tmp_path / "x.svg")])
    assert result.exit_code == 2 and "LAY000" in result.output
    assert not (tmp_path / "x.svg").exists()


def test_render_never_writes_onto_the_layout(tmp_path: Path) -> None:
    layout = tmp_path / "cp.svg"
    layout.write_text((SAMPLES / "pump-station.json").read_text())
    result = CliRunner().invoke(main, ["render", str(layout), "-o", str(layout)])
    assert result.exit_code == 2 and "never writes a layout file" in result.output


@pytest.mark.parametrize("name", ["cp09-electrical.svg"])
def test_the_drawing_in_the_readme_is_current(name: str) -> None:
    """docs/ holds the rendered sample the README shows; it must match the code."""
    analysis = Engine().analyse_path(str(ELECTRICAL.relative_to(ROOT)))
    assert analysis.graph is not None
    fresh = render_svg(analysis.graph, analysis.result.findings, "CP-09 electrical ratings")
    assert (ROOT / "docs" / name).read_text(encoding="utf-8") == fresh
    assert f"docs/{name}" in (ROOT / "README.md").read_text(encoding="utf-8")
