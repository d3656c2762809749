"""The command line, through click's runner and through real processes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SAMPLES, module, panel, row

from panelcheck import __version__
from panelcheck.cli import main

CLEAN = str(SAMPLES / "pump-station.json")
JUMPERS = str(SAMPLES / "failing" / "jumpers.json")
BROKEN = str(SAMPLES / "failing" / "merge-conflict.json")


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_clean_panel_exits_0_with_a_summary() -> None:
    result = invoke("validate", CLEAN)
    assert result.exit_code == 0
    assert result.output == "1 file checked: no findings.\n"


def test_findings_exit_1_in_ruff_style_lines() -> None:
    result = invoke("validate", JUMPERS)
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith(f"{JUMPERS}:72:64: JMP002 error: jumper JB3 (859-403, 3-way)")
    assert result.output.endswith(
        "1 file checked: 6 errors, 1 info.\n1 fixable with --fix (1 more with --unsafe-fixes)\n"
    )


def test_an_invalid_file_exits_2_and_the_others_are_still_checked() -> None:
    result = invoke("validate", BROKEN, JUMPERS, CLEAN)
    assert result.exit_code == 2
    assert "LAY000" in result.output and "JMP002" in result.output
    assert result.output.endswith(
        "3 files checked: 7 errors, 1 info.\n1 fixable with --fix (1 more with --unsafe-fixes)\n"
    )


def test_output_is_sorted_by_file_whatever_the_argument_order() -> None:
    forward = invoke("validate", JUMPERS, BROKEN).output
    backward = invoke("validate", BROKEN, JUMPERS).output
    assert forward == backward


def test_warnings_alone_exit_0(tmp_layout) -> None:  # type: ignore[no-untyped-def]
    path = tmp_layout(panel(module("A1", "857-411")))
    result = invoke("validate", str(path))
    assert result.exit_code == 0 and "IPX003 [*] warning" in result.output


def test_folders_are_searched_for_layouts_only(tmp_layout) -> None:  # type: ignore[no-untyped-def]
    good = tmp_layout(panel(*row(module("K1"))), "plant/hall-a/cp1.json")
    tmp_layout('{"name": "not a layout", "version": "1.0.0"}', "plant/package.json")
    tmp_layout(panel(module("K1", "859-39")), "plant/.git/stale.json")
    result = invoke("validate", str(good.parent.parent))
    assert result.exit_code == 0
    assert result.output == "1 file checked: no findings.\n"


def test_an_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 2 and "no layout files found" in result.output


@pytest.mark.parametrize(
    ("args", "codes"),
    [
        (("--select", "JMP"), {"JMP001", "JMP002", "JMP003", "JMP004", "JMP005"}),
        (("--select", "JMP002,NET001"), {"JMP002", "NET001"}),
        (("--select", "jmp002", "--select", "net"), {"JMP002", "NET001"}),
        (("--ignore", "JMP"), {"NET001"}),
        (
            ("--select", "ALL", "--ignore", "NET001,JMP003"),
            {"JMP001", "JMP002", "JMP004", "JMP005"},
        ),
        (("--ignore", "JMP001,JMP002,JMP003,NET001"), {"JMP004"}),
    ],
)
def test_select_and_ignore_by_code_or_prefix(args: tuple[str, ...], codes: set[str]) -> None:
    result = invoke("validate", "--format", "json", *args, JUMPERS)
    found = {f["code"] for f in json.loads(result.output)["files"][0]["findings"]}
    assert found == codes


def test_an_unknown_selector_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["validate", "--select", "JMX", CLEAN])
    assert result.exit_code == 2 and "no rule matches JMX" in result.output


def test_json_report_has_the_spec_shape() -> None:
    result = invoke("validate", "--format", "json", str(SAMPLES / "spec-example.json"), JUMPERS)
    report = json.loads(result.output)
    assert report["panelcheck"] == __version__
    assert [f["path"] for f in report["files"]] == sorted(
        [str(SAMPLES / "spec-example.json"), JUMPERS]
    )
    waived = report["files"][1]["findings"][0]
    assert set(waived) == {
        "code",
        "name",
        "severity",
        "message",
        "subject",
        "pointer",
        "line",
        "column",
        "waived",
        "fix",
    }
    assert (waived["code"], waived["subject"], waived["waived"]) == ("IPX003", "X1", True)
    assert report["summary"] == {"files": 2, "errors": 6, "warnings": 0, "infos": 1, "waived": 1}


def test_waived_findings_are_listed_only_on_request() -> None:
    spec = str(SAMPLES / "spec-example.json")
    assert "IPX003" not in invoke("validate", spec).output
    shown = invoke("validate", "--show-waived", spec).output
    assert "IPX003 warning (waived): rail X1" in shown


def test_rules_lists_every_rule() -> None:
    output = invoke("rules").output
    assert "JMP001  jumper-incompatible" in output
    assert output.count("\n") > 26


def test_rule_explains_with_examples_and_sources() -> None:
    result = invoke("rule", "wir001")
    assert result.exit_code == 0
    out = result.output
    for heading in (
        "WIR001 cross-section-range",
        "What it does",
        "Why it matters",
        "Example that fails",
        "panelcheck says:",
        "Use instead",
        "Data-sheet sources",
    ):
        assert heading in out
    assert "859-390 data sheet, line 89" in out
    assert "example.json:" in out and "WIR001 error: wire W1" in out


def test_unknown_rule_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["rule", "XYZ999"])
    assert result.exit_code == 2 and "no rule 'XYZ999'" in result.output


def test_catalog_lists_parts_and_shows_sources_and_assumptions() -> None:
    listing = invoke("catalog").output
    assert "859-390" in listing and "249-197" in listing
    part = invoke("catalog", "859-353").output
    assert re.search(r"\ninsulated ferrule +0\.08–1\.5 mm² / 28–16 AWG\n", part)
    assert "859-353 data sheet, line 77" in part
    assert "ASSUMED: the sheet does not name the terminals" in part


def test_catalog_unknown_part_suggests() -> None:
    result = CliRunner().invoke(main, ["catalog", "859-39"])
    assert result.exit_code == 2 and "did you mean 859-390" in result.output


def test_schema_prints_the_json_schema() -> None:
    schema = json.loads(invoke("schema").output)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "format" in schema["required"]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def test_python_dash_m_runs_like_the_command() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "panelcheck", "validate", JUMPERS],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=ROOT,
    )
    assert proc.returncode == 1
    assert proc.stdout == invoke("validate", JUMPERS).output
    assert proc.stderr == ""


def test_installed_console_script_reports_bad_input_without_traceback() -> None:
    script = Path(sys.executable).with_name("panelcheck")
    if not script.exists():
        pytest.skip("the panelcheck console script is not installed in this environment")
    proc = subprocess.run(
        [str(script), "validate", BROKEN, CLEAN], capture_output=True, text=True, cwd=ROOT
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "merge conflict" in proc.stdout
