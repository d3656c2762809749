"""Hostile input: the limits, references that cannot loop, Ctrl-C, folders, determinism.

panelcheck reads files from pull requests it did not write. Whatever they hold, it
answers with findings or a one-line error and exit status 0, 1, 2 (or 130 when
interrupted), quickly and in bounded memory, and the same bytes every time.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import (
    ROOT,
    SAMPLES,
    STOP,
    jumper,
    load,
    make_panel,
    module,
    only,
    panel,
    row,
    run,
    wire,
)

import panelcheck.engine.capping
from panelcheck.cli import main
from panelcheck.findings import exit_code
from panelcheck.read.limits import MAX_DEPTH, MAX_ITEMS, MAX_STRING


def lay000(result: Any) -> list[str]:
    return [f.message for f in result.findings if f.code == "LAY000"]


# -- limits --------------------------------------------------------------------------------


def with_extension(value: Any) -> dict[str, Any]:
    return {**panel(*row(module("K1"))), "x-tool": value}


def nested(levels: int) -> Any:
    value: Any = []
    for _ in range(levels - 1):
        value = [value]
    return value


def test_nesting_up_to_the_limit_is_accepted_and_one_level_more_is_not() -> None:
    # the layout object is level 1, its "x-tool" value level 2
    assert lay000(run(with_extension(nested(MAX_DEPTH - 1)))) == []
    result = run(with_extension(nested(MAX_DEPTH)))
    assert lay000(result) == [
        f"JSON nested deeper than {MAX_DEPTH} levels; a layout needs fewer than 10"
    ]
    assert result.findings[0].line > 1  # at the offending bracket, not at the top


def test_nesting_a_parser_would_choke_on_is_the_same_finding() -> None:
    text = '{"format": "panelcheck/1", "x-tool": ' + "[" * 100_000 + "]" * 100_000 + "}"
    assert lay000(run(text)) == [
        f"JSON nested deeper than {MAX_DEPTH} levels; a layout needs fewer than 10"
    ]


def test_strings_up_to_the_limit_are_accepted_and_longer_ones_are_not() -> None:
    assert lay000(run(with_extension("x" * MAX_STRING))) == []
    message = lay000(run(with_extension("x" * (MAX_STRING + 1))))
    assert message == [
        f"a string of {MAX_STRING + 1:,} characters: longer than the limit of {MAX_STRING:,} "
        "characters"
    ]


def test_a_long_key_is_reported_at_the_key() -> None:
    layout = {"format": "panelcheck/1", "k" * (MAX_STRING + 1): 1}
    result = run(layout)
    assert lay000(result) == [
        f"a key of {MAX_STRING + 1:,} characters: longer than the limit of {MAX_STRING:,} "
        "characters"
    ]


def test_lists_up_to_the_limit_are_accepted_and_longer_ones_are_not() -> None:
    assert lay000(run(with_extension([0] * MAX_ITEMS))) == []
    assert lay000(run(with_extension([0] * (MAX_ITEMS + 1)))) == [
        f"a list of {MAX_ITEMS + 1:,} items: more than the limit of {MAX_ITEMS:,} in one list "
        "or object"
    ]


def test_a_million_empty_wires_are_one_finding_not_millions() -> None:
    """Every empty object misses four keys: listing them all took gigabytes."""
    text = '{"format": "panelcheck/1", "wires": [' + ",".join(["{}"] * 1_000_000) + "]}"
    assert lay000(run(text)) == [
        f"a list of 1,000,000 items: more than the limit of {MAX_ITEMS:,} in one list or object"
    ]


def test_a_large_invalid_file_reports_the_first_error_of_each_list_with_a_note() -> None:
    layout = make_panel(3000)
    for wire_ in layout["wires"][::100]:
        wire_["cross_section"] = "0.75 mm"  # a length where an area belongs
    result = run(layout)
    errors = [f for f in result.findings if f.severity == "error"]
    notes = [f for f in result.findings if f.severity == "info"]
    assert len(errors) == 1 and "cross_section" in errors[0].message
    assert len(notes) == 1 and "only the first schema error in each list" in notes[0].message


def test_a_small_invalid_file_reports_every_error() -> None:
    layout = make_panel(30)
    for wire_ in layout["wires"][:3]:
        wire_["cross_section"] = "0.75 mm"
    result = run(layout)
    assert len(lay000(result)) == 3
    assert all(f.severity == "error" for f in result.findings)


@pytest.mark.parametrize(
    "layout",
    [
        {"format": "panelcheck/1", "q" * 5000: 1},
        {"format": "panelcheck/1", "rails": "r" * 5000},
        {"format": "panelcheck/1", "nets": {"n" * 5000: {"voltage": "1 V"}}},
        {"format": "f" * 5000},
        {"format": "panelcheck/1", "rails": [{"id": "i" * 5000, "length": "1 m"}]},
    ],
    ids=["key", "value", "map-key", "format", "id"],
)
def test_messages_quote_user_input_briefly(layout: dict[str, Any]) -> None:
    messages = [f.message for f in run(layout).findings]
    assert messages and all(len(m) < 300 for m in messages), messages


def test_the_file_size_limit_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "panel.json"
    path.write_text(json.dumps(make_panel(30), indent=1))
    (tmp_path / ".panelcheck.toml").write_text("max-file-size = 1000\n")
    result = CliRunner().invoke(
        main, ["validate", "--no-cache", "--config", str(tmp_path / ".panelcheck.toml"), str(path)]
    )
    assert result.exit_code == 2 and "larger than the limit" in result.output


def test_a_zero_ohm_load_is_refused_not_ignored() -> None:
    layout = panel(*row(module("K1", _14="+24V")), loads=[load("Q1", "K1:14", impedance="0 ohm")])
    assert any("must be greater than zero" in m for m in lay000(run(layout)))


def test_part_suggestions_stop_after_a_hundred_unknown_numbers() -> None:
    """Each suggestion is a fuzzy search of the catalog; thousands would take minutes."""
    layout = panel(*row(*(module(f"K{i}", f"859-39{i}X") for i in range(130))), length="2 m")
    messages = [f.message for f in sorted(only(run(layout), "LAY001"), key=lambda f: f.line)]
    assert len(messages) == 130
    assert all("did you mean" in m for m in messages[:100])
    assert not any("did you mean" in m for m in messages[100:])
    assert all("'panelcheck catalog' lists the known parts" in m for m in messages[100:])


def test_blank_names_are_refused() -> None:
    """A net name or part number of spaces names nothing a designer could find."""
    layout = panel(*row(module("K1", " ", A1="  ")), nets={"  ": {"voltage": "24 V DC"}})
    assert sorted(lay000(run(layout))) == [
        "A1: '  ' is blank; a name needs a visible character",
        "a name '  ' is blank; a name needs a visible character",
        "part: ' ' is blank; a name needs a visible character",
    ]


def test_a_waiver_reason_cannot_break_a_junit_report(tmp_path: Path) -> None:
    waiver = {"rule": "LAY002", "subject": "K1", "reason": "renamed\nsoon \x1b[31m"}
    path = tmp_path / "panel.json"
    path.write_text(json.dumps(panel(*row(module("K1"), module("K1")), waivers=[waiver])))
    args = ["validate", "--no-cache", "--show-waived", "--format", "junit", str(path)]
    report = CliRunner().invoke(main, args).output
    assert "(waived: renamed\\nsoon \\x1b[31m)" in report and "\x1b" not in report


def test_names_cannot_break_a_report_line_or_colour_a_terminal(tmp_path: Path) -> None:
    """An id with an escape sequence, a part number with a newline, a net name with a
    right-to-left override: each is shown escaped, and every finding stays one line."""
    layout = panel(
        STOP,
        module("K\x1b[31m1", "859-390", A1="N\u202eet", _11="N\u202eet"),
        {"type": "end_stop", "part": "249\n116"},
        nets={"N\u202eet": {"voltage": "24 V DC"}},
        rail_id="X\x1b]0;title\x07",
        loads=[load("Q1", "K\x1b[31m1:14", "9 A")],
    )
    path = tmp_path / "bad\nname.json"
    path.write_text(json.dumps(layout))
    result = CliRunner().invoke(main, ["validate", "--no-cache", str(path)])
    lines = result.output.splitlines()
    assert len(lines) >= 3
    assert all(line.startswith(f"{tmp_path}/bad\\nname.json:") for line in lines[:-1])
    assert not any(ch in result.output for ch in "\x1b\x07\u202e")
    assert "K\\x1b[31m1" in result.output and "249\\n116" in result.output


def test_one_rule_lists_at_most_its_cap_of_findings_and_counts_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Eleven reuses of one id with a cap of four: the four earliest are listed, a note
    counts the other seven, and the exit status is what the whole list would give."""
    monkeypatch.setattr(panelcheck.engine.capping, "MAX_FINDINGS_PER_RULE", 4)
    result = run(panel(*row(*(module("K1") for _ in range(12)))))
    listed = [f for f in only(result, "LAY002") if f.severity != "info"]
    notes = [f for f in only(result, "LAY002") if f.severity == "info"]
    assert [f.pointer for f in listed] == [f"/rails/0/items/{i}/id" for i in (2, 3, 4, 5)]
    assert [n.message for n in notes] == [
        "7 more LAY002 findings in this file are not listed: at most 4 of one rule are "
        "reported per file; fix these and run again"
    ]
    assert (notes[0].line, notes[0].column, notes[0].subject) == (1, 1, None)
    assert exit_code([result]) == 1
    uncapped = run(panel(*row(*(module("K1") for _ in range(5)))))
    assert [f.severity for f in only(uncapped, "LAY002")] == ["error"] * 4


def test_the_cap_keeps_unwaived_findings_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """The earliest reused id is waived, the next is not: with room for one finding the
    unwaived one is listed, so the run still fails as the whole list would make it."""
    monkeypatch.setattr(panelcheck.engine.capping, "MAX_FINDINGS_PER_RULE", 1)
    waiver = {"rule": "LAY002", "subject": "K1", "reason": "being renamed in the next revision"}
    layout = panel(*row(module("K1"), module("K1"), module("K2"), module("K2")), waivers=[waiver])
    result = run(layout)
    listed = [f for f in only(result, "LAY002") if f.severity != "info"]
    assert [(f.subject, f.waived) for f in listed] == [("K2", False)]
    assert exit_code([result]) == 1


# -- references that cannot loop -----------------------------------------------------------


def _self_reference(layout: dict[str, Any], kind: str) -> str:
    """Point one reference of ``layout`` at its own element; return the pointer."""
    if kind == "jumper":
        layout["rails"][0]["jumpers"][0]["from"] = "JB1"
        return "/rails/0/jumpers/0/from"
    if kind == "wire":
        layout["wires"][0]["terminal"] = "W1:1"
        return "/wires/0/terminal"
    if kind == "load":
        layout["loads"][0]["terminal"] = "Q1:1"
        return "/loads/0/terminal"
    if kind == "feed":
        layout["nets"]["+24V"]["feed"] = "X1:1"  # the rail the net's terminals sit on
        return "/nets/+24V/feed"
    layout["waivers"] = [{"rule": "WIR001", "subject": "/waivers/0", "reason": "itself"}]
    return "/waivers/0"


@pytest.mark.parametrize("kind", ["jumper", "wire", "load", "feed", "waiver"])
def test_self_references_are_findings(kind: str) -> None:
    layout = panel(
        *row(module("K1", A1="+24V"), module("K2", A1="+24V")),
        jumpers=[jumper("JB1", "859-402", "A1", "K1")],
        wires=[wire("W1", "K1:A1")],
        loads=[load("Q1", "K1:14", "10 mA")],
    )
    where = _self_reference(layout, kind)
    found = [(f.code, f.pointer) for f in run(layout).findings if f.code.startswith("LAY")]
    assert found == [("LAY006" if kind == "waiver" else "LAY003", where)]


# -- Ctrl-C -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_panel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "plant.json"
    path.write_text(json.dumps(make_panel(20_000), indent=1))
    return path


@functools.cache
def _start_up() -> float:
    """How long the command takes to start here (imports included): Ctrl-C must come
    after it has set its handler, however slow the machine."""
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "panelcheck", "rules"], capture_output=True, check=True)
    return time.monotonic() - started


def _interrupt(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    wait = _start_up() + 0.3  # then well into the run: a 20,000-module panel takes seconds
    process = subprocess.Popen(
        [sys.executable, "-m", "panelcheck", "validate", "--no-cache", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
    )
    time.sleep(wait)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_exits_130_and_leaves_no_output_file(big_panel: Path, jobs: str) -> None:
    out = big_panel.parent / "report.sarif"
    done = _interrupt(["-j", jobs, "--format", "sarif", "-o", str(out), str(big_panel)], ROOT)
    assert done.returncode == 130, done.stderr
    assert done.stderr.strip() == "panelcheck: interrupted"
    assert sorted(os.listdir(big_panel.parent)) == ["plant.json"]


def test_ctrl_c_with_worker_processes(tmp_path: Path) -> None:
    for n in range(300):
        (tmp_path / f"p{n:03d}.json").write_text(json.dumps(make_panel(40, f"p{n}")))
    done = _interrupt(["-j", "2", str(tmp_path)], ROOT)
    assert done.returncode == 130, done.stderr
    assert "Traceback" not in done.stderr


# -- folders ------------------------------------------------------------------------------


def test_folders_skip_tool_folders_and_survive_links_pipes_and_loops(tmp_path: Path) -> None:
    layout = (SAMPLES / "pump-station.json").read_text()
    (tmp_path / "panels").mkdir()
    (tmp_path / "panels" / "good.json").write_text(layout)
    for skipped in (".git", ".venv", "node_modules"):
        (tmp_path / skipped).mkdir()
        (tmp_path / skipped / "copy.json").write_text(layout)
    (tmp_path / "panels" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "panels" / "dangling.json").symlink_to(tmp_path / "nowhere.json")
    (tmp_path / "panels" / "a.json").symlink_to(tmp_path / "panels" / "b.json")
    (tmp_path / "panels" / "b.json").symlink_to(tmp_path / "panels" / "a.json")
    os.mkfifo(tmp_path / "panels" / "pipe.json")
    done = subprocess.run(
        [sys.executable, "-m", "panelcheck", "validate", "--no-cache", "."],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 2
    lines = done.stdout.splitlines()
    assert [line.split(":")[0] for line in lines[:-1]] == [
        "panels/a.json",
        "panels/b.json",
        "panels/dangling.json",
        "panels/pipe.json",
    ]
    assert "not a regular file" in lines[3]
    assert lines[-1] == "5 files checked: 4 errors."


# -- determinism --------------------------------------------------------------------------


def test_the_same_bytes_whatever_the_hash_seed_jobs_or_argument_order(tmp_path: Path) -> None:
    files = sorted(SAMPLES.rglob("*.json"))
    for n, code in enumerate(["ELE002", "JMP001", "NET001", "WIR001", "LAY002", "LAY006"]):
        example = (ROOT / "rules" / "examples" / f"{code}.fail.json").read_text()
        (tmp_path / f"example-{n}.json").write_text(example)
    mistakes = make_panel(300)
    for load_ in mistakes["loads"][::7]:
        load_["current"] = "9 A"
    (tmp_path / "plant.json").write_text(json.dumps(mistakes))
    files += sorted(tmp_path.glob("*.json"))
    outputs = set()
    for seed, jobs, order in [("0", "1", 1), ("1", "2", -1), ("4242", "2", 1), ("7", "1", -1)]:
        for fmt in ("text", "json", "sarif"):
            command = ["validate", "--no-cache", "-j", jobs, "--format", fmt]
            done = subprocess.run(
                [sys.executable, "-m", "panelcheck", *command, *map(str, files[::order])],
                capture_output=True,
                cwd=ROOT,
                env={**os.environ, "PYTHONHASHSEED": seed},
            )
            outputs.add((fmt, done.returncode, done.stdout))
    assert len(outputs) == 3  # one per format


def test_render_bom_and_graph_are_the_same_bytes_whatever_the_hash_seed(tmp_path: Path) -> None:
    layout = str(SAMPLES / "failing" / "electrical.json")
    seen = set()
    for seed in ("0", "99"):
        folder = tmp_path / seed
        folder.mkdir()
        commands = [
            ["render", layout, "-o", str(folder / "r.svg")],
            ["render", layout, "-o", str(folder / "r.html")],
            ["bom", layout, "--format", "json", "-o", str(folder / "bom.json")],
            ["graph", layout, "--format", "graphml", "-o", str(folder / "g.graphml")],
        ]
        for command in commands:
            subprocess.run(
                [sys.executable, "-m", "panelcheck", *command],
                check=True,
                env={**os.environ, "PYTHONHASHSEED": seed},
            )
        seen.add(tuple((folder / name).read_bytes() for name in sorted(os.listdir(folder))))
    assert len(seen) == 1


def test_a_layout_file_is_never_written(tmp_path: Path) -> None:
    """Checked across every command that writes: the layout's bytes and time stay."""
    path = tmp_path / "panel.json"
    shutil.copy(SAMPLES / "failing" / "electrical.json", path)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    runner = CliRunner()
    for command in (
        ["validate", "-o", str(path), str(path)],
        ["render", str(path), "-o", str(path)],
        ["bom", str(path), "-o", str(path)],
        ["graph", str(path), "-o", str(path)],
    ):
        assert runner.invoke(main, command).exit_code == 2
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
