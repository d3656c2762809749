"""The HTML report in a real browser: headless Chromium renders it, a screenshot is read.

Chromium is Debian's ``chromium`` package; ``make test`` installs it when it is missing.
This test is skipped only when no Chromium is on the machine, and the skip says so.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLES
from PIL import Image

from panelcheck.cli import main
from panelcheck.pictures.drawing import SEVERITY_COLOURS
from panelcheck.pictures.page import HEADER_HEIGHT

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


def _screenshot(page: Path, tmp_path: Path) -> Image.Image:
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
            f"--window-size={WIDTH},{HEIGHT}",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return Image.open(shot).convert("RGB")


def _outline(page_text: str, element: str) -> tuple[float, float, float, float]:
    """Box of an element's finding outline (or of its body, if it has no finding)."""
    svg = re.search(r"<svg .*?</svg>", page_text, re.S)
    assert svg is not None
    root = ET.fromstring(svg.group(0))
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
    image: Image.Image, box: tuple[float, float, float, float], colour: tuple[int, int, int]
) -> int:
    """How many points along the box's left and right edges show ``colour``."""
    x, y, w, h = box
    top = HEADER_HEIGHT + y
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
    assert _near(image.getpixel((WIDTH - 10, HEADER_HEIGHT + 10)), (255, 255, 255), 8)
    text = page.read_text(encoding="utf-8")
    error = _rgb(SEVERITY_COLOURS["error"])
    # K9 (12 V relay on 24 V) has findings: its outline shows in the error colour...
    assert _edge_hits(image, _outline(text, "el-item-0-9"), error) >= 12
    # ...and A3, which has none, shows no error colour along its edges.
    assert _edge_hits(image, _outline(text, "el-item-1-3"), error) == 0
    colours = image.getcolors(maxcolors=WIDTH * HEIGHT)
    assert colours is not None and len(colours) > 20  # text, items, jumpers: a real page
