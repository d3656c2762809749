"""Shared helpers: tiny layouts built in a line or two, and a cached engine per selection.

Tests assert what a user sees: (code, subject) pairs, lines and columns, messages.
"""

from __future__ import annotations

import contextlib
import copy
import json
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from panelcheck.engine.core import Engine, Options
from panelcheck.findings import FileResult

ROOT = Path(__file__).resolve().parent.parent
DATASHEETS = ROOT / "datasheets"
"""The data sheets the catalog cites (``source = "859-390 data sheet, line 89"``)."""

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import make_panel  # noqa: E402, F401  (the benchmarks' panels, for size tests)

SAMPLES = ROOT / "sample_panels"

STOP: dict[str, Any] = {"type": "end_stop", "part": "249-116"}
PLATE: dict[str, Any] = {"type": "end_plate", "part": "859-525"}
COPY_IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "__pycache__",
    ".pytest_cache",
    ".hypothesis",
    ".ruff_cache",
    ".mypy_cache",
    "*.egg-info",
    "build",
    "dist",
)
"""What a copy of the working tree leaves out (the hook and install tests commit a copy,
so that what they test is exactly the code under test, committed or not)."""

NETS: dict[str, Any] = {
    "+24V": {"voltage": "24 V DC"},
    "0V": {"voltage": "0 V DC"},
    "L1": {"voltage": "230 V AC"},
}


def module(mid: str, part: str = "859-390", **terminals: str) -> dict[str, Any]:
    """A module item; terminal names that are not identifiers are passed with a leading
    underscore (``_11="L1"``)."""
    item: dict[str, Any] = {"type": "module", "id": mid, "part": part}
    if terminals:
        item["terminals"] = {k.lstrip("_"): v for k, v in terminals.items()}
    return item


def jumper(jid: str, part: str, slot: str, start: str) -> dict[str, Any]:
    return {"id": jid, "part": part, "slot": slot, "from": start}


def wire(
    wid: str,
    terminal: str,
    cross_section: str = "0.75 mm^2",
    conductor: str = "fine_stranded",
    ferrule: str | None = None,
    **extra: str,
) -> dict[str, Any]:
    w: dict[str, Any] = {
        "id": wid,
        "terminal": terminal,
        "cross_section": cross_section,
        "conductor": conductor,
    }
    if ferrule:
        w["ferrule"] = ferrule
    return {**w, **extra}


def load(
    lid: str, terminal: str, current: str | None = None, impedance: str | None = None
) -> dict[str, Any]:
    d: dict[str, Any] = {"id": lid, "terminal": terminal}
    if current:
        d["current"] = current
    if impedance:
        d["impedance"] = impedance
    return d


def panel(
    *items: dict[str, Any],
    jumpers: Iterable[dict[str, Any]] = (),
    nets: dict[str, Any] | None = None,
    wires: Iterable[dict[str, Any]] = (),
    loads: Iterable[dict[str, Any]] = (),
    waivers: Iterable[dict[str, Any]] = (),
    length: str = "300 mm",
    rail_id: str = "X1",
    **top: Any,
) -> dict[str, Any]:
    """A one-rail layout. Items are placed as given: add STOP/PLATE explicitly."""
    layout: dict[str, Any] = {
        "format": "panelcheck/1",
        "nets": copy.deepcopy(NETS if nets is None else nets),  # tests may change a net
        "rails": [
            {"id": rail_id, "length": length, "items": list(items), "jumpers": list(jumpers)}
        ],
        "wires": list(wires),
        "loads": list(loads),
        "waivers": list(waivers),
    }
    layout.update(top)
    return layout


def row(*modules: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    """End stop, the modules, an end plate, an end stop: a row that passes IPX."""
    return (STOP, *modules, PLATE, STOP)


_ENGINES: dict[tuple[Any, ...], Engine] = {}


def engine(select: tuple[str, ...] | None = ("ALL",), ignore: tuple[str, ...] = ()) -> Engine:
    key = (select, ignore)
    if key not in _ENGINES:
        _ENGINES[key] = Engine(Options(select=select, ignore=ignore))
    return _ENGINES[key]


def run(
    layout: dict[str, Any] | str,
    select: tuple[str, ...] | None = ("ALL",),
    ignore: tuple[str, ...] = (),
) -> FileResult:
    """Check a layout given as a dict (dumped with indent=2) or as text."""
    text = layout if isinstance(layout, str) else json.dumps(layout, indent=2)
    return engine(select, ignore).check_text("layout.json", text)


def pairs(result: FileResult, code: str | None = None) -> set[tuple[str, str | None]]:
    """(code, subject) of the counted findings, optionally of one rule."""
    return {(f.code, f.subject) for f in result.counted() if code is None or f.code == code}


def only(result: FileResult, code: str) -> list[Any]:
    return [f for f in result.findings if f.code == code]


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The suite's runs cache into a folder of their own, and keep the cache's key in a
    user cache folder of their own (XDG_CACHE_HOME), never the user's real ones."""
    import os

    folder = tmp_path_factory.mktemp("cache")
    home = tmp_path_factory.mktemp("xdg-cache")
    settings = {"PANELCHECK_CACHE_DIR": str(folder), "XDG_CACHE_HOME": str(home)}
    before = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    yield folder
    for name, value in before.items():
        if value is None:
            del os.environ[name]
        else:
            os.environ[name] = value


@pytest.fixture
def tmp_layout(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a layout (dict or text) to a file and return its path."""

    def write(layout: dict[str, Any] | str, name: str = "layout.json") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = layout if isinstance(layout, str) else json.dumps(layout, indent=2)
        path.write_text(text, encoding="utf-8")
        return path

    return write


UNRESOLVED = {"LAY001", "LAY002", "LAY003", "LAY004", "LAY005"}


def run_checked(
    layout: dict[str, Any], select: tuple[str, ...] | None = ("ALL",), unresolved: bool = False
) -> FileResult:
    """run(), refusing a layout that is invalid or has a reference that does not resolve
    (unless ``unresolved``): a check skipped because of a typo in the test layout would
    otherwise make every "no finding" assertion pass."""
    result = run(layout, select)
    assert not result.invalid, [f.message for f in result.findings]
    if not unresolved:
        bad = [f.message for f in result.findings if f.code in UNRESOLVED]
        assert not bad, bad
    return result


def nets(**voltages: str) -> dict[str, Any]:
    """``nets(L1="230 V AC")`` -> the ``nets`` table of a layout."""
    return {name: {"voltage": v} for name, v in voltages.items()}


def value_position(text: str, key: str, value: str) -> tuple[int, int]:
    """Line and column of the value in the one line holding ``"key": "value"``."""
    needle = f'"{key}": {json.dumps(value)}'
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) == 1, hits
    line = text.splitlines()[hits[0] - 1]
    return hits[0], line.index(needle) + len(f'"{key}": ') + 1


def object_start(text: str, ident: str) -> tuple[int, int]:
    """Line and column of the ``{`` opening the object whose id is ``ident``."""
    lines = text.splitlines()
    id_line = next(i for i, line in enumerate(lines) if f'"id": "{ident}"' in line)
    start = max(i for i in range(id_line) if lines[i].strip() == "{")
    return start + 1, lines[start].index("{") + 1


def amplifier_row(feed: str | None, current: str = "1.4 A") -> dict[str, Any]:
    """Four 857-411 with supply terminal 3 commoned by a red 4-way jumper and a load at
    the far end (A4:3); ``feed`` is where +24V enters, None for no feed."""
    plus: dict[str, Any] = {"voltage": "24 V DC"}
    if feed:
        plus["feed"] = feed
    return panel(
        STOP,
        *[module(f"A{i}", "857-411", _3="+24V", _4="0V") for i in range(1, 5)],
        STOP,
        nets={"+24V": plus, "0V": {"voltage": "0 V DC"}},
        jumpers=[jumper("JB1", "859-404/000-005", "3", "A1")],
        loads=[load("valve-island-supply", "A4:3", current)],
    )


# The language-server tests' client session (they skip themselves without pytest-lsp).
with contextlib.suppress(ImportError):
    from lsp_session import client  # noqa: F401  (a fixture)
