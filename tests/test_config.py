"""Configuration from pyproject.toml or .panelcheck.toml changes what is reported."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLES

from panelcheck.cli import main
from panelcheck.engine.ruleset import load_rules
from panelcheck.run.config import ConfigError, find_config, load_config


@pytest.fixture
def plant(tmp_path: Path) -> Iterator[Path]:
    """A designer's repository: layouts in panels/, the working folder at its top."""
    (tmp_path / "panels").mkdir()
    for name in ("gold.json", "jumpers.json", "wiring.json"):
        shutil.copy(SAMPLES / "failing" / name, tmp_path / "panels" / name)
    before = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(before)


def codes(*args: str) -> dict[str, set[str]]:
    result = CliRunner().invoke(
        main, ["validate", "--format", "json", *args], catch_exceptions=False
    )
    report = json.loads(result.output)
    return {
        Path(f["path"]).name: {x["code"] for x in f["findings"] if not x["waived"]}
        for f in report["files"]
    }


def status(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", *args])
    return result.exit_code, result.output


def test_pyproject_tool_table_selects_rules(plant: Path) -> None:
    (plant / "pyproject.toml").write_text(
        '[project]\nname = "plant"\n\n[tool.panelcheck]\nselect = ["GLD"]\n'
    )
    assert codes("panels/gold.json") == {"gold.json": {"GLD001", "GLD002", "GLD003"}}


def test_config_is_found_upward_from_the_working_folder(plant: Path) -> None:
    (plant / ".panelcheck.toml").write_text('ignore = ["GLD003"]\n')
    os.chdir(plant / "panels")
    assert codes("gold.json") == {"gold.json": {"GLD001", "GLD002"}}
    assert find_config(Path.cwd()) == plant / ".panelcheck.toml"


def test_dot_panelcheck_toml_wins_over_pyproject_in_the_same_folder(plant: Path) -> None:
    (plant / "pyproject.toml").write_text('[tool.panelcheck]\nselect = ["GLD001"]\n')
    (plant / ".panelcheck.toml").write_text('[tool.panelcheck]\nselect = ["GLD002"]\n')
    assert codes("panels/gold.json") == {"gold.json": {"GLD002"}}


def test_a_pyproject_without_our_table_is_passed_over(plant: Path) -> None:
    (plant / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n")
    assert find_config(plant) is None


def test_command_line_wins_over_configuration(plant: Path) -> None:
    (plant / ".panelcheck.toml").write_text('select = ["GLD001"]\nfail-on = "info"\n')
    assert codes("--select", "GLD003", "panels/gold.json") == {"gold.json": {"GLD003"}}
    assert status("--select", "GLD003", "panels/gold.json")[0] == 1  # fail-on info
    assert status("--select", "GLD003", "--fail-on", "error", "panels/gold.json")[0] == 0


def test_command_line_ignore_and_extend_select_apply_on_top(plant: Path) -> None:
    (plant / ".panelcheck.toml").write_text('select = ["GLD"]\n')
    assert codes("--ignore", "GLD001", "panels/gold.json") == {"gold.json": {"GLD002", "GLD003"}}
    found = codes("--extend-select", "JMP001", "panels/gold.json", "panels/jumpers.json")
    assert found["jumpers.json"] == {"JMP001"}


def test_extend_select_in_configuration_turns_on_an_optional_rule(plant: Path) -> None:
    (plant / ".panelcheck.toml").write_text('extend-select = ["JMP005"]\n')
    assert "JMP005" in codes("panels/jumpers.json")["jumpers.json"]


def test_per_file_ignores(plant: Path) -> None:
    (plant / ".panelcheck.toml").write_text(
        '[per-file-ignores]\n"panels/gold.json" = ["GLD"]\n"jumpers.json" = ["NET001"]\n'
    )
    found = codes("panels/")
    assert not found["gold.json"] & {"GLD001", "GLD002", "GLD003"}
    assert "NET001" not in found["jumpers.json"] and "JMP001" in found["jumpers.json"]
    assert "WIR001" in found["wiring.json"]


def test_severity_overrides_change_the_exit_status(plant: Path) -> None:
    (plant / ".panelcheck.toml").write_text(
        'select = ["GLD"]\n[severity]\nGLD = "warning"\nGLD003 = "error"\n'
    )
    report = json.loads(
        CliRunner().invoke(main, ["validate", "--format", "json", "panels/gold.json"]).output
    )
    severities = {f["code"]: f["severity"] for f in report["files"][0]["findings"]}
    assert severities == {"GLD001": "warning", "GLD002": "warning", "GLD003": "error"}


def test_rule_parameters(plant: Path) -> None:
    (plant / ".panelcheck.toml").write_text(
        'select = ["WIR002", "JMP005"]\n'
        "[params.WIR002]\ntolerance = 2.0\n"
        '[params.JMP005]\nzero_volt = ["blue", "gray"]\n'
    )
    found = codes("panels/wiring.json", "panels/jumpers.json")
    assert found["wiring.json"] == set()  # +100 % and +67 % are within ±200 %
    assert "JMP005" not in found["jumpers.json"]  # the gray 281-482 on 0V is accepted


def test_catalogs_in_configuration_are_relative_to_the_file(plant: Path) -> None:
    (plant / "parts").mkdir()
    text = (SAMPLES.parent / "rules/parts/859-390.toml").read_text()
    (plant / "parts" / "acme.toml").write_text(text.replace('"859-390"', '"ACME-390"'))
    (plant / ".panelcheck.toml").write_text('catalogs = ["parts"]\n')
    layout = json.loads((SAMPLES / "spec-example.json").read_text())
    layout["rails"][0]["items"][1]["part"] = "ACME-390"
    (plant / "panels" / "acme.json").write_text(json.dumps(layout))
    os.chdir(plant / "panels")
    assert codes("acme.json") == {"acme.json": set()}
    listing = CliRunner().invoke(main, ["catalog", "ACME-390"]).output
    assert "defined in: " in listing and "acme.toml" in listing


def test_catalog_option_replaces_a_shipped_part_with_a_notice(plant: Path) -> None:
    (plant / "ours").mkdir()
    (plant / "ours" / "stops.toml").write_text(
        '["249-116"]\nkind = "end_stop"\ndescription = "our 8 mm stop"\n'
        '["249-116".width]\nvalue = "8 mm"\nsource = "our drawing 4711, sheet 2"\n'
    )
    out = CliRunner().invoke(main, ["catalog", "--catalog", "ours"]).output
    assert (
        "note: 249-116 from ours/stops.toml replaces the part of the same number in "
        "rules/parts/accessories.toml" in out
    )
    detail = CliRunner().invoke(main, ["catalog", "--catalog", "ours", "249-116"]).output
    assert "8 mm" in detail and "our drawing 4711" in detail


def test_a_broken_user_catalog_is_exit_2_with_file_and_line(plant: Path) -> None:
    (plant / "ours").mkdir()
    (plant / "ours" / "bad.toml").write_text('["X-1"]\nkind = "end_stop"\ndescription = 5\n')
    code, out = status("--catalog", "ours", "panels/gold.json")
    assert code == 2
    assert "broken catalog: ours/bad.toml:3: part 'X-1': end_stop.description" in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('selct = ["GLD"]\n', ".panelcheck.toml:1: selct: unknown key"),
        ('select = ["GLX"]\n', ".panelcheck.toml:1: select: no rule matches GLX"),
        ('select = "GLD"\n', "expected a list of strings"),
        ('fail-on = "fatal"\n', "fail-on: 'fatal' is not one of error, warning, info"),
        ('\n[severity]\nGLD001 = "bad"\n', ":3: severity.GLD001"),
        ("[params.WIR002]\ntolerence = 0.1\n", "WIR002 has no parameter 'tolerence'"),
        ('[params.WIR002]\ntolerance = "10 %"\n', "expected a number"),
        ("select = [\n", "not valid TOML"),
        # the line of a key: a quoted key, a table header, a key in a later table
        ('select = ["GLD"]\n"selct" = 1\n', ".panelcheck.toml:2: selct: unknown key"),
        ("[params.WIR999]\nx = 1\n", ".panelcheck.toml:1: params.WIR999: there is no rule"),
        ("# severity = 1\nseverity = 1\n", ".panelcheck.toml:2: severity: expected a table"),
        (
            '[tool.panelcheck]\nselect = ["GLD"]\n\n[tool.panelcheck.severity]\nGLD001 = "x"\n',
            ".panelcheck.toml:5: severity.GLD001: 'x' is not one of",
        ),
    ],
)
def test_configuration_errors_are_exit_2_with_file_and_line(
    plant: Path, text: str, message: str
) -> None:
    (plant / ".panelcheck.toml").write_text(text)
    code, out = status("panels/gold.json")
    assert code == 2 and "configuration error" in out and message in out, out


def test_config_option_names_the_file(plant: Path) -> None:
    (plant / "ci.toml").write_text('[tool.panelcheck]\nselect = ["GLD002"]\n')
    assert codes("--config", "ci.toml", "panels/gold.json") == {"gold.json": {"GLD002"}}
    code, out = status("--config", "missing.toml", "panels/gold.json")
    assert code == 2 and "no such configuration file" in out


def test_load_config_refuses_a_severity_for_lay000(tmp_path: Path) -> None:
    path = tmp_path / ".panelcheck.toml"
    path.write_text('[severity]\nLAY000 = "warning"\n')
    with pytest.raises(ConfigError, match="LAY000 is always an error"):
        load_config(path, load_rules())


def _readme_block(language: str, after: str) -> str:
    import re

    readme = (SAMPLES.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index(after) :]
    match = re.search(rf"```{language}\n(.*?)```", section, re.S)
    assert match is not None
    return match.group(1)


def test_the_readme_configuration_example_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(_readme_block("toml", "## Configuration"), encoding="utf-8")
    config = load_config(path, load_rules())
    assert config.extend_select == ("JMP005",) and config.fail_on == "warning"
    assert config.params["WIR002"] == {"tolerance": 0.15}
    assert config.catalogs == (tmp_path / "parts",)


def test_the_readme_workflow_runs_panelcheck_and_uploads_sarif() -> None:
    import yaml

    workflow = yaml.safe_load(_readme_block("yaml", "## In CI"))
    steps = workflow["jobs"]["panelcheck"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert any("--format sarif --output panelcheck.sarif" in r for r in runs)
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/"))
    assert upload["with"]["sarif_file"] == "panelcheck.sarif"
