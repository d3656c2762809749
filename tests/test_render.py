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
    SCALE,
    SEVERITY_COLOURS,
    UNKNOWN_COLOUR,
    render_svg,
)

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
    assert ">500 mm<" in svg and "Legend" in svg
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
    assert float(outline.get("x")) == float(k9.get("x")) - 3  # around the module
    assert float(outline.get("width")) == float(k9.get("width")) + 6
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
