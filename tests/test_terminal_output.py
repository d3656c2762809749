"""What a designer sees on a terminal and how files are chosen (SPEC v2, section 7).

No path checks the current folder; ``-`` reads a layout from stdin, named by
``--stdin-filename``; colour on a terminal (``--color``, ``NO_COLOR``);
``--show-source`` prints the line with a caret under the column; an assumption note
shared by many findings is said once; ``--layouts-only`` skips other JSON unless it
looks like a layout; the configuration's ``exclude`` applies to folders and, with
``--force-exclude``, to named files.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import SAMPLES

from panelcheck.cli import main

GOLD = SAMPLES / "failing" / "gold.json"
ENCLOSURE = SAMPLES / "failing" / "enclosure.json"


def invoke(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin, env=env, catch_exceptions=False)


@pytest.fixture
def in_folder(tmp_path: Path):  # type: ignore[no-untyped-def]
    before = Path.cwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(before)


def test_validate_without_a_path_checks_the_current_folder(in_folder: Path) -> None:
    (in_folder / "panels").mkdir()
    shutil.copy(GOLD, in_folder / "panels" / "cp04.json")
    (in_folder / "package.json").write_text('{"name": "x"}')
    result = invoke("validate")
    assert result.exit_code == 1
    assert "panels/cp04.json:31:9: GLD002 error" in result.output


def test_a_layout_on_stdin_is_named_by_stdin_filename() -> None:
    result = invoke(
        "validate", "-", "--stdin-filename", "cabinet/cp04.json", stdin=GOLD.read_text()
    )
    assert result.exit_code == 1
    assert "cabinet/cp04.json:31:9: GLD002 error" in result.output


def test_stdin_that_is_not_json_is_lay000_and_exit_2() -> None:
    result = invoke("validate", "-", stdin="<html>")
    assert result.exit_code == 2 and "stdin.json:1:1: LAY000" in result.output


def test_stdin_through_a_real_pipe() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "panelcheck", "validate", "-", "--stdin-filename", "x.json"],
        input=GOLD.read_bytes(),
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert b"x.json:31:9: GLD002" in proc.stdout


def test_colour_is_asked_for_or_off() -> None:
    coloured = invoke("validate", str(GOLD), "--color", "always").output
    assert "\x1b[31merror\x1b[0m" in coloured
    plain = invoke("validate", str(GOLD)).output  # not a terminal
    assert "\x1b[" not in plain
    honoured = invoke("validate", str(GOLD), env={"NO_COLOR": "1"}).output
    assert "\x1b[" not in honoured


def test_show_source_prints_the_line_with_a_caret_under_the_column() -> None:
    lines = invoke("validate", str(GOLD), "--show-source").output.splitlines()
    at = next(i for i, line in enumerate(lines) if ":31:9: GLD002" in line)
    source = GOLD.read_text(encoding="utf-8").splitlines()[30]
    assert lines[at + 1] == f"31 | {source}"
    assert lines[at + 2].index("^") == len("31 | ") + 8


def test_a_shared_assumption_is_said_once_as_a_note() -> None:
    output = invoke("validate", str(ENCLOSURE)).output
    ipx001 = [line for line in output.splitlines() if " IPX001 " in line]
    assert len(ipx001) >= 2
    assert all("assumed: see note 1" in line for line in ipx001)
    notes = [line for line in output.splitlines() if line.startswith("note 1: assumed: ")]
    assert len(notes) == 1 and "right-hand side" in notes[0]
    assert max(len(line) for line in ipx001) < 300
    assert "see note" not in invoke("validate", str(ENCLOSURE), "--format", "json").output


def test_layouts_only_skips_other_json_but_reports_a_layout_without_its_format(
    tmp_path: Path,
) -> None:
    other = tmp_path / "package.json"
    other.write_text('{"name": "x"}')
    assert invoke("validate", "--layouts-only", str(other)).exit_code == 0
    assert invoke("validate", str(other)).exit_code == 2  # named without the flag: LAY000
    forgot = tmp_path / "rail.json"
    data = json.loads(GOLD.read_text())
    del data["format"]
    forgot.write_text(json.dumps(data))
    result = invoke("validate", "--layouts-only", str(other), str(forgot))
    assert result.exit_code == 2
    assert "looks like a layout but declares no panelcheck format" in result.output
    assert "package.json" not in result.output


def test_exclude_applies_to_folders_and_with_force_exclude_to_named_files(
    in_folder: Path,
) -> None:
    (in_folder / "archive").mkdir()
    shutil.copy(GOLD, in_folder / "archive" / "old.json")
    shutil.copy(GOLD, in_folder / "cp04.json")
    (in_folder / ".panelcheck.toml").write_text('extend-exclude = ["archive"]\n')
    searched = invoke("validate", ".").output
    assert "cp04.json" in searched and "archive" not in searched
    named = invoke("validate", "archive/old.json").output
    assert "archive/old.json:31:9" in named  # named without --force-exclude: checked
    forced = invoke("validate", "--force-exclude", "archive/old.json", "cp04.json")
    assert "archive" not in forced.output and "cp04.json" in forced.output


def test_an_exclude_that_is_not_a_list_of_strings_is_a_configuration_error(
    in_folder: Path,
) -> None:
    shutil.copy(GOLD, in_folder / "cp04.json")
    (in_folder / ".panelcheck.toml").write_text('exclude = "archive"\n')
    result = invoke("validate", "cp04.json")
    assert result.exit_code == 2 and "exclude" in result.output
