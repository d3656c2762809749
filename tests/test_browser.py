"""The HTML report in a real browser: headless Chromium renders it, a screenshot is read.

Chromium is Debian's ``chromium`` package; ``make test`` installs it when it is missing.
This test is skipped only when no Chromium is on the machine, and the skip says so.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLES, STOP, module, panel
from PIL import Image

from panelcheck.cli import main
from panelcheck.pictures.drawing import SEVERITY_COLOURS
from panelcheck.pictures.page import HEADER_HEIGHT, PANEL_BACKGROUND, PANEL_MIN_WIDTH

SVG = "{http://www.w3.org/2000/svg}"
CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium on this machine: `make test` could not install Debian's chromium "
    "package (no apt or no root), so the real-browser test did not run",
)
WIDTH, HEIGHT = 1400, 1000


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def _screenshot(
    page: Path, tmp_path: Path, width: int = WIDTH, height: int = HEIGHT
) -> Image.Image:
    shot = tmp_path / "shot.png"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            f"--window-size={width},{height}",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return Image.open(shot).convert("RGB")


def _svg(page_text: str) -> ET.Element:
    """The drawing embedded in a page."""
    svg = re.search(r"<svg .*?</svg>", page_text, re.S)
    assert svg is not None
    return ET.fromstring(svg.group(0))


def _outline(page_text: str, element: str) -> tuple[float, float, float, float]:
    """Box of an element's finding outline (or of its body, if it has no finding)."""
    root = _svg(page_text)
    outline = next(
        (r for r in root.iter(f"{SVG}rect") if r.get("id") == f"{element}-finding"), None
    )
    group = next(g for g in root.iter(f"{SVG}g") if g.get("id") == element)
    body = next(r for r in group.iter(f"{SVG}rect") if r.get("class") == "body")
    rect = outline if outline is not None else body
    return tuple(float(rect.get(k)) for k in ("x", "y", "width", "height"))  # type: ignore[return-value]


def _near(pixel: tuple[int, int, int], colour: tuple[int, int, int], slack: int = 24) -> bool:
    return all(abs(a - b) <= slack for a, b in zip(pixel, colour, strict=True))


def _edge_hits(
    image: Image.Image,
    box: tuple[float, float, float, float],
    colour: tuple[int, int, int],
    drawing_top: float = HEADER_HEIGHT,
) -> int:
    """How many points along the box's left and right edges show ``colour`` (the drawing
    starting ``drawing_top`` pixels down the window)."""
    x, y, w, h = box
    top = drawing_top + y
    hits = 0
    for step in range(1, 10):
        row = round(top + h * step / 10)
        for column in (round(x), round(x + w)):
            hits += _near(image.getpixel((column, row)), colour)
    return hits


def test_the_report_page_renders_with_findings_where_they_were_drawn(tmp_path: Path) -> None:
    page = tmp_path / "cp09.html"
    result = CliRunner().invoke(
        main, ["render", str(SAMPLES / "failing" / "electrical.json"), "-o", str(page)]
    )
    assert result.exit_code == 0, result.output
    image = _screenshot(page, tmp_path)
    assert image.size == (WIDTH, HEIGHT)
    # The page rendered: the dark header across the top, white drawing below it.
    assert _near(image.getpixel((WIDTH // 2, HEADER_HEIGHT // 2)), _rgb("#1f2937"), 8)
    assert _near(image.getpixel((10, HEADER_HEIGHT + 10)), (255, 255, 255), 8)
    text = page.read_text(encoding="utf-8")
    error = _rgb(SEVERITY_COLOURS["error"])
    # K9 (12 V relay on 24 V) has findings: its outline shows in the error colour...
    assert _edge_hits(image, _outline(text, "el-item-0-9"), error) >= 12
    # ...and A3, which has none, shows no error colour along its edges.
    assert _edge_hits(image, _outline(text, "el-item-1-3"), error) == 0
    colours = image.getcolors(maxcolors=WIDTH * HEIGHT)
    assert colours is not None and len(colours) > 20  # text, items, jumpers: a real page


def _render_page(layout: dict[str, object] | Path, tmp_path: Path) -> tuple[Path, str]:
    if isinstance(layout, dict):
        source = tmp_path / "layout.json"
        source.write_text(json.dumps(layout), encoding="utf-8")
    else:
        source = layout
    page = tmp_path / "page.html"
    result = CliRunner().invoke(main, ["render", str(source), "-o", str(page)])
    assert result.exit_code == 0, result.output
    return page, page.read_text(encoding="utf-8")


def _count(
    image: Image.Image,
    region: tuple[float, float, float, float],
    colour: tuple[int, int, int],
    slack: int = 24,
) -> int:
    """How many pixels of ``region`` (left, top, right, bottom) show ``colour``."""
    left, top, right, bottom = (round(v) for v in region)
    inside = (max(left, 0), max(top, 0), min(right, image.width), min(bottom, image.height))
    area = image.crop(inside)
    colours = area.getcolors(maxcolors=area.width * area.height) or []
    return sum(count for count, pixel in colours if _near(pixel, colour, slack))


def _text_rows(
    image: Image.Image, region: tuple[float, float, float, float], colour: tuple[int, int, int]
) -> int:
    """How many separate bands of rows of ``region`` hold ``colour``: lines of text."""
    left, top, right, bottom = (round(v) for v in region)
    bands, inside = 0, False
    for y in range(top, min(bottom, image.height)):
        hit = any(_near(image.getpixel((x, y)), colour) for x in range(left, right, 2))
        bands += hit and not inside
        inside = hit
    return bands


# Relays K2, K4 and K5 have a 12 V coil on 24 V (ELE001): outlined, between and beside
# relays without findings (K1, K3, K6).
_NEIGHBOURS = panel(
    STOP,
    module("K1"),
    module("K2", "859-353", A1="+24V", A2="0V"),
    module("K3"),
    module("K4", "859-353", A1="+24V", A2="0V"),
    module("K5", "859-353", A1="+24V", A2="0V"),
    module("K6"),
    STOP,
    length="100 mm",
)


def test_an_outline_leaves_the_neighbours_tags_readable(tmp_path: Path) -> None:
    """No pixel of any relay's tag or part number shows the error colour: an outline
    stays inside its own relay, and a relay's own texts are drawn over its outline."""
    page, text = _render_page(_NEIGHBOURS, tmp_path)
    image = _screenshot(page, tmp_path)
    error = _rgb(SEVERITY_COLOURS["error"])
    for index in (2, 4, 5):  # the outlines are drawn, so the check below can fail
        assert _edge_hits(image, _outline(text, f"el-item-0-{index}"), error) >= 12
    root = _svg(text)
    for index in range(1, 7):
        group = next(g for g in root.iter(f"{SVG}g") if g.get("id") == f"el-item-0-{index}")
        texts = [t for t in group.iter(f"{SVG}text") if t.get("class") != "codes"]
        assert [t.text for t in texts] == [
            f"K{index}",
            "859-353" if index in (2, 4, 5) else "859-390",
        ]
        for label in texts:  # written bottom to top: the glyphs stand left of the baseline
            x, y = float(label.get("x")), HEADER_HEIGHT + float(label.get("y"))
            region = (x - 6, y - 8, x, y + 8)  # the middle of the text, not its ends
            assert _count(image, region, error) == 0, (label.text, region)


def test_the_findings_are_beside_the_drawing_on_a_wide_page(tmp_path: Path) -> None:
    """A 1,400 px window holds the CP-09 drawing (648 px) and the findings panel: the
    table is on the first screen, right of the drawing, not below its 1,000 px."""
    page, text = _render_page(SAMPLES / "failing" / "electrical.json", tmp_path)
    image = _screenshot(page, tmp_path)
    width = float(_svg(text).get("width"))
    assert width + PANEL_MIN_WIDTH <= WIDTH
    panel_area = (width + 2, HEADER_HEIGHT, WIDTH, HEIGHT)
    size = (WIDTH - width - 2) * (HEIGHT - HEADER_HEIGHT)
    assert _count(image, panel_area, _rgb(PANEL_BACKGROUND), slack=1) > size / 4
    # The severities of the findings, in their colour: one line of text a finding (all
    # nine fit here; six leave room for a font that wraps the messages more).
    error = _rgb(SEVERITY_COLOURS["error"])
    assert 6 <= _text_rows(image, panel_area, error) <= 9
    # The drawing keeps its place, K9's outline where it is drawn.
    assert _edge_hits(image, _outline(text, "el-item-0-9"), error) >= 12


def test_the_findings_come_above_the_drawing_in_a_narrow_window(tmp_path: Path) -> None:
    """Narrower than drawing and panel side by side, the findings come first, at most
    40% of the window high, and the drawing starts on the first screen below them."""
    page, text = _render_page(SAMPLES / "failing" / "electrical.json", tmp_path)
    narrow = 1000
    image = _screenshot(page, tmp_path, width=narrow)
    assert float(_svg(text).get("width")) + PANEL_MIN_WIDTH > narrow
    background = _rgb(PANEL_BACKGROUND)
    column = narrow - 6  # the panel's right margin
    bottom = HEADER_HEIGHT
    while bottom < image.height - 1 and _near(image.getpixel((column, bottom)), background, 1):
        bottom += 1
    assert HEADER_HEIGHT + 100 < bottom <= HEADER_HEIGHT + 0.4 * HEIGHT + 1
    error = _rgb(SEVERITY_COLOURS["error"])
    assert _text_rows(image, (0, HEADER_HEIGHT, narrow, bottom), error) >= 3
    # Below the panel and its 1 px border: the drawing, K9's outline in place.
    outline = _outline(text, "el-item-0-9")
    assert _edge_hits(image, outline, error, drawing_top=bottom + 1) >= 12
